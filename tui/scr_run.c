/*
 * scr_run.c: the live view of automatic checks running in the worker
 * thread: which check of how many, its phase, a bar with files and bytes
 * done of the total, throughput, time left and the current file (untrusted:
 * sanitised and cut to fit by tui_put). The tick takes finished results and
 * stores them in the session. Esc cancels through the progress callback;
 * a cancelled check is stored as unknown, never as clean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* Human-readable bytes. */
static void
run_bytes(uint64_t b, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)b;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		xsnprintf(buf, len, "%llu B", (unsigned long long)b);
	else
		xsnprintf(buf, len, "%.1f %s", v, unit[u]);
}

static void
run_init(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->run.nresults; i++) {
		free(t->run.done_summary[i]);
		free(t->run.done_findings[i]);
	}
	t->run.nresults = 0;
	t->run.top = 0;
	t->run.finished = 0;
	t->run.medium_gone = 0;
}

/* Stores finished results; returns TUI_REDRAW when anything changed. */
static int
run_tick(struct tui *t)
{
	struct runner_view v;
	const struct check *c;
	struct check_result r;
	char err[512];
	int flags = TUI_REDRAW;

	if (t->run.job == NULL)
		return 0;
	while (runner_take(t->run.job, &c, &r)) {
		if (t->run.medium_gone && r.status != CHECK_FAIL)
			check_result_set(&r, CHECK_UNKNOWN,
			    "the medium was removed during the scan: incomplete",
			    "スキャン中にメディアが取り外されました（未完了）");
		if (t->s != NULL && session_set_result(t->s, c, &r, err, sizeof err) != 0)
			tui_message(t, "%s", err);
		if (t->run.nresults < sizeof t->run.done_checks / sizeof t->run.done_checks[0]) {
			t->run.done_checks[t->run.nresults] = c;
			t->run.done_status[t->run.nresults] = r.status;
			t->run.done_summary[t->run.nresults] = xasprintf("%s\n%s",
			    r.summary_en != NULL ? r.summary_en : "", r.summary_ja != NULL ? r.summary_ja : "");
			t->run.done_findings[t->run.nresults] = tui_result_findings(t, &r, 8);
			t->run.nresults++;
		}
		check_result_free(&r);
	}
	runner_peek(t->run.job, &v);
	if (v.done) {
		if (t->run.medium_gone)
			tui_message(t, "%s", tr(t, "The medium was removed: the scan is incomplete.",
			    "メディアが取り外されました。スキャンは未完了です。"));
		else if (v.cancelled)
			tui_message(t, "%s", tr(t, "Cancelled: what did not finish counts as undetermined.",
			    "中止しました。完了しなかったものは判定不能として扱います。"));
		runner_free(t->run.job);
		t->run.job = NULL;
		t->run.finished = 1;
		if (t->kiosk) {
			/* the kiosk moves on by itself: questions next */
			tui_goto(t, t->run.medium_gone ? SCR_KRECEIPT : SCR_KASK);
		}
	}
	return flags;
}

static void
run_draw(struct tui *t)
{
	static const struct tui_hint busy_hints[] = {
		{ "Esc", "Cancel", "中止" }, { "F2/L", "日本語", "English" }, { NULL, NULL, NULL },
	};
	static const struct tui_hint done_hints[] = {
		{ "Enter", "Continue", "続ける" }, { "↑↓", "Scroll", "移動" }, { "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	int y = 2, w = t->cols - 4;
	size_t i;

	tui_title(t, tr(t, "Automatic checks", "自動チェック"));
	if (t->run.job != NULL) {
		struct runner_view v;
		struct timespec ts;
		double now, el;
		char a[32], b[32];

		runner_peek(t->run.job, &v);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
		el = now - v.started;
		if (v.check != NULL)
			tui_putf(t, y++, 2, w, TA_NORMAL, "%zu/%zu  %s", v.index + 1, v.n,
			    t->lang == LANG_JA ? v.check->title_ja : v.check->title_en);
		y++;
		tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s   %s %.0f s", tr(t, "Phase:", "段階:"),
		    v.have_progress && v.phase[0] != '\0' ? v.phase : tr(t, "working", "処理中"),
		    tr(t, "elapsed", "経過"), el);
		if (v.have_progress && (v.p.items_total > 0 || v.p.bytes_total > 0)) {
			double frac = v.p.bytes_total > 0 ? (double)v.p.bytes_done / (double)v.p.bytes_total :
			    (double)v.p.items_done / (double)v.p.items_total;

			tui_bar(t, y, 2, w - 7, frac);
			tui_putf(t, y++, w - 3, 6, TA_NORMAL, "%3.0f%%", frac * 100);
		} else
			tui_bar(t, y++, 2, w - 7, 0);
		if (v.have_progress) {
			tui_putf(t, y++, 2, w, TA_NORMAL, "%s %llu / %llu", tr(t, "Files:", "ファイル:"),
			    (unsigned long long)v.p.items_done, (unsigned long long)v.p.items_total);
			run_bytes(v.p.bytes_done, a, sizeof a);
			run_bytes(v.p.bytes_total, b, sizeof b);
			tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s / %s", tr(t, "Bytes:", "容量:"), a, b);
			run_bytes((uint64_t)(v.p.rate > 0 ? v.p.rate : 0), a, sizeof a);
			if (v.p.eta >= 0)
				tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s/s   %s %d:%02d", tr(t, "Speed:", "速度:"), a,
				    tr(t, "time left", "残り時間"), (int)v.p.eta / 60, (int)v.p.eta % 60);
			else
				tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s/s", tr(t, "Speed:", "速度:"), a);
			tui_put(t, y, 2, 10, tr(t, "Current:", "対象:"), TA_NORMAL, 0);
			tui_put(t, y++, 12, w - 10, v.p.current != NULL ? v.p.current : "", TA_DIM, 0);
		}
		y++;
	} else {
		tui_put(t, y++, 2, w, tr(t, "Finished.", "完了しました。"), TA_NORMAL, 0);
		y++;
	}
	if (t->run.top >= t->run.nresults)
		t->run.top = t->run.nresults > 0 ? t->run.nresults - 1 : 0;
	for (i = t->run.top; i < t->run.nresults; i++) {
		enum tui_role r;
		const char *tag = tui_status_tag(t->run.done_status[i], &r);
		const char *s = t->run.done_summary[i];
		const char *nl = strchr(s, '\n');
		char *one, *line;
		int avail = t->rows - 4 - y, used;

		if (avail <= 0) {
			tui_putf(t, t->rows - 4, w - 20, 22, TA_DIM, "%s", tr(t, "↓ more (↑↓)", "↓ 続き（↑↓）"));
			break;
		}
		one = t->lang == LANG_JA ? xstrdup(nl + 1) : xstrndup(s, (size_t)(nl - s));
		line = xasprintf("%s: %s", t->lang == LANG_JA ? t->run.done_checks[i]->title_ja :
		    t->run.done_checks[i]->title_en, one);
		tui_put(t, y, 2, 6, tag, r, 0);
		used = tui_wrap(t, y, 9, w - 7, 0, avail < 3 ? avail : 3, line, TA_NORMAL);
		y += used < 3 ? (used < avail ? used : avail) : (avail < 3 ? avail : 3);
		free(line);
		free(one);
		avail = t->rows - 4 - y;
		if (t->run.done_findings[i] != NULL && avail > 0) {
			used = tui_wrap(t, y, 4, w - 2, 0, avail, t->run.done_findings[i], TA_FAIL);
			y += used < avail ? used : avail;
		}
	}
	tui_engine_line(t, t->rows - 3);
	tui_hints(t, t->run.job != NULL ? busy_hints : done_hints);
}

static int
run_key(struct tui *t, const struct tui_key *k)
{
	if (t->run.job != NULL) {
		if (k->fn == 0 && k->ch == 27) {
			runner_cancel(t->run.job);
			tui_message(t, "%s", tr(t, "Cancelling…", "中止しています…"));
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (k->fn == KEY_F(2) || (k->fn == 0 && k->ch == 'L'))
			return TUI_UNHANDLED;
		return TUI_HANDLED; /* nothing else while checks run */
	}
	if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (t->run.top + 1 < t->run.nresults)
			t->run.top++;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (t->run.top > 0)
			t->run.top--;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n' || k->ch == 27)) {
		if (t->kiosk)
			tui_goto(t, SCR_KASK);
		else
			tui_goto(t, t->run.back == SCR_RUN ? SCR_OVERVIEW : t->run.back);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

const struct tui_screen tui_scr_run = {
	.name = "run",
	.init = run_init,
	.draw = run_draw,
	.key = run_key,
	.tick = run_tick,
};
