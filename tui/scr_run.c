/*
 * scr_run.c: the live view of automatic checks running in the worker
 * thread: which check of how many, its phase, a bar with files and bytes
 * done of the total, throughput, time left and the current file (untrusted:
 * sanitised and cut to fit by tui_put). The tick takes finished results and
 * stores them in the session; when the run ends, the answered items whose
 * outcome it changed (an answer given before the checks ran, judged again)
 * are listed on the screen and the status line. Esc cancels through the progress callback
 * (not at the kiosk, where only a pulled medium or the administrator stop a scan);
 * a cancelled check is stored as unknown, never as clean.
 *
 * The screen owns the running job and the results shown (t->data[SCR_RUN]);
 * tui_run_checks() and tui_run_start() are how other screens start checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/strbuf.h"
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

/* The run screen's state. */
struct run_state {
	struct runner *job;
	struct tui_run_end end;
	size_t nresults;
	size_t top; /* first result shown */
	const struct check *done_checks[64];
	enum check_status done_status[64];
	char *done_summary[64];    /* "english\njapanese" */
	char *done_findings[64];   /* tui_result_findings(), or NULL */
	int abandoned;             /* what the checks read went away (tui_run_abandon) */
	enum item_outcome *before; /* the items' outcomes when the run started, or NULL */
	char *rejudged[2]; /* answered items whose outcome the run changed: en, ja; or NULL */
};

/* The state, made on first use. */
static struct run_state *
run_state(struct tui *t)
{
	if (t->data[SCR_RUN] == NULL)
		t->data[SCR_RUN] = xcalloc(1, sizeof(struct run_state));
	return t->data[SCR_RUN];
}

/* Drops the results shown. */
static void
run_forget(struct run_state *st)
{
	size_t i;

	for (i = 0; i < st->nresults; i++) {
		free(st->done_summary[i]);
		free(st->done_findings[i]);
	}
	st->nresults = 0;
	free(st->rejudged[0]);
	free(st->rejudged[1]);
	st->rejudged[0] = st->rejudged[1] = NULL;
}

/*
 * The answers judged again now that the checks ran: each answered item whose
 * outcome changed since the run started, in both languages ("2-2: open ->
 * needs attention"), kept for the screen and said on the status line.
 */
static void
run_rejudge(struct tui *t, struct run_state *st)
{
	static const char *const ja_words[] = {
		[OUTCOME_OPEN] = "未判定",
		[OUTCOME_PASSED] = "合格",
		[OUTCOME_FAILED] = "不合格",
		[OUTCOME_WAIVED] = "免除",
		[OUTCOME_NA] = "対象外",
		[OUTCOME_UNDETERMINED] = "判定不能",
		[OUTCOME_ATTENTION] = "要確認",
	};
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	size_t i;

	if (t->s == NULL || st->before == NULL)
		return;
	for (i = 0; i < t->cl->nitems; i++) {
		const struct item *it = t->cl->items[i];
		enum item_outcome now;

		if (!session_item_visible(t->s, it) || session_answer(t->s, it) == ANSWER_NONE)
			continue;
		now = session_item_outcome(t->s, it);
		if (now == st->before[i])
			continue;
		sb_addf(&en, "%s%s: %s -> %s", en.len ? "; " : "", it->jnsa_ref,
		    item_outcome_name(st->before[i]), item_outcome_name(now));
		sb_addf(&ja, "%s%s: %s → %s", ja.len ? "、" : "", it->jnsa_ref,
		    ja_words[st->before[i]], ja_words[now]);
	}
	free(st->before);
	st->before = NULL;
	if (en.len == 0)
		return;
	st->rejudged[0] = xasprintf("Answers judged again now the checks ran: %s", sb_str(&en));
	st->rejudged[1] = xasprintf("チェック実行後に回答を再判定しました: %s", sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	tui_message(t, "%s", tr(t, st->rejudged[0], st->rejudged[1]));
}

static void
run_init(struct tui *t)
{
	struct run_state *st = run_state(t);

	run_forget(st);
	st->top = 0;
	st->abandoned = 0;
}

static void
run_free(struct tui *t)
{
	struct run_state *st = t->data[SCR_RUN];

	if (st == NULL)
		return;
	runner_free(st->job);
	run_forget(st);
	free(st->before);
	free(st);
	t->data[SCR_RUN] = NULL;
}

void
tui_run_start(struct tui *t, const struct plan *plan, const struct runner_opts *ro,
    const struct tui_run_end *end)
{
	struct run_state *st = run_state(t);

	st->end = *end;
	free(st->before);
	st->before = t->s != NULL ? session_outcomes(t->s) : NULL;
	st->job = runner_start(plan, ro);
	tui_goto(t, SCR_RUN);
}

void
tui_run_checks(struct tui *t, const struct item *only, int rerun)
{
	struct tui_run_end end = { .back = t->cur };
	struct runner_opts ro;
	struct plan plan;
	char err[512], *side;

	if (tui_run_busy(t)) {
		tui_message(t, "%s", tr(t, "Checks are already running.", "チェックは実行中です。"));
		return;
	}
	if (session_check_target(t->s, t->target, err, sizeof err) != 0) {
		tui_message(t, "%s", err);
		return;
	}
	/* checks of one item always run again */
	session_plan(t->s, only, rerun || only != NULL, &plan);
	if (plan.n == 0) {
		plan_free(&plan);
		tui_message(t, "%s",
		    only != NULL ?
		        tr(t, "This item has no automatic checks.", "この項目には自動チェックがありません。") :
		        tr(t, "Every automatic check has a result already (R runs them again).",
		            "自動チェックはすべて実行済みです（R で再実行）。"));
		return;
	}
	memset(&ro, 0, sizeof ro);
	ro.target = t->target;
	ro.cfg = t->cfg;
	ro.engine = t->engine;
	ro.sidedir = side = session_sidedir(t->s, 1);
	tui_run_start(t, &plan, &ro, &end);
	free(side);
	plan_free(&plan);
}

int
tui_run_busy(const struct tui *t)
{
	const struct run_state *st = t->data[SCR_RUN];

	return st != NULL && st->job != NULL;
}

int
tui_run_abandon(struct tui *t)
{
	struct run_state *st = t->data[SCR_RUN];

	if (st == NULL || st->job == NULL || st->abandoned)
		return 0;
	st->abandoned = 1;
	runner_cancel(st->job);
	return 1;
}

void
tui_run_stop(struct tui *t)
{
	struct run_state *st = t->data[SCR_RUN];

	if (st == NULL)
		return;
	runner_free(st->job);
	st->job = NULL;
}

/* Stores finished results; returns TUI_REDRAW when anything changed. */
static int
run_tick(struct tui *t)
{
	struct run_state *st = run_state(t);
	struct runner_view v;
	const struct check *c;
	struct check_result r;
	char err[512];
	int flags = TUI_REDRAW;

	if (st->job == NULL)
		return st->end.watch != NULL ? st->end.watch(t) : 0;
	while (runner_take(st->job, &c, &r)) {
		if (st->abandoned && r.status != CHECK_FAIL)
			check_result_set(&r, CHECK_UNKNOWN,
			    "the medium was removed during the scan: incomplete",
			    "スキャン中にメディアが取り外されました（未完了）");
		if (t->s != NULL && session_set_result(t->s, c, &r, err, sizeof err) != 0)
			tui_message(t, "%s", err);
		if (st->nresults < sizeof st->done_checks / sizeof st->done_checks[0]) {
			st->done_checks[st->nresults] = c;
			st->done_status[st->nresults] = r.status;
			st->done_summary[st->nresults] = xasprintf("%s\n%s",
			    r.summary_en != NULL ? r.summary_en : "",
			    r.summary_ja != NULL ? r.summary_ja : "");
			st->done_findings[st->nresults] = tui_result_findings(t, &r, 8);
			st->nresults++;
		}
		check_result_free(&r);
	}
	runner_peek(st->job, &v);
	if (v.done) {
		if (st->abandoned && t->kiosk)
			; /* the kiosk said so when it noticed the medium gone */
		else if (st->abandoned)
			tui_message(t, "%s",
			    tr(t, "The medium was removed: the scan is incomplete.",
			        "メディアが取り外されました。スキャンは未完了です。"));
		else if (v.cancelled)
			tui_message(t, "%s",
			    tr(t, "Cancelled: what did not finish counts as undetermined.",
			        "中止しました。完了しなかったものは判定不能として扱います。"));
		runner_free(st->job);
		st->job = NULL;
		run_rejudge(t, st);
		if (st->end.leave) /* the kiosk moves on by itself: questions next */
			tui_goto(t, st->abandoned ? st->end.when_abandoned : st->end.back);
	}
	if (st->end.watch != NULL)
		flags |= st->end.watch(t);
	return flags;
}

static void
run_draw(struct tui *t)
{
	static const struct tui_hint busy_hints[] = {
		{ "Esc", "Cancel", "中止" },
		{ "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint kiosk_hints[] = {
		{ "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint done_hints[] = {
		{ "Enter", "Continue", "続ける" },
		{ "↑↓", "Scroll", "移動" },
		{ "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	struct run_state *st = run_state(t);
	int y = 2, w = t->cols - 4;
	size_t i;

	tui_title(t, tr(t, "Automatic checks", "自動チェック"));
	if (st->job != NULL) {
		struct runner_view v;
		struct timespec ts;
		double now, el;
		char a[32], b[32];

		runner_peek(st->job, &v);
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
			double frac = v.p.bytes_total > 0 ?
			    (double)v.p.bytes_done / (double)v.p.bytes_total :
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
				tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s/s   %s %d:%02d",
				    tr(t, "Speed:", "速度:"), a, tr(t, "time left", "残り時間"),
				    (int)v.p.eta / 60, (int)v.p.eta % 60);
			else
				tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s/s", tr(t, "Speed:", "速度:"), a);
			tui_put(t, y, 2, 10, tr(t, "Current:", "対象:"), TA_NORMAL, 0);
			tui_put(t, y++, 12, w - 10, v.p.current != NULL ? v.p.current : "", TA_DIM, 0);
		}
		y++;
	} else {
		tui_put(t, y++, 2, w, tr(t, "Finished.", "完了しました。"), TA_NORMAL, 0);
		if (st->rejudged[0] != NULL) {
			int used = tui_wrap(t, y, 2, w, 0, 3,
			    tr(t, st->rejudged[0], st->rejudged[1]), TA_WARN);

			y += used < 3 ? used : 3;
		}
		y++;
	}
	if (st->top >= st->nresults)
		st->top = st->nresults > 0 ? st->nresults - 1 : 0;
	for (i = st->top; i < st->nresults; i++) {
		enum tui_role r;
		const char *tag = tui_status_tag(st->done_status[i], &r);
		const char *s = st->done_summary[i];
		const char *nl = strchr(s, '\n');
		char *one, *line;
		int avail = t->rows - 4 - y, used;

		if (avail <= 0) {
			tui_putf(t, t->rows - 4, w - 20, 22, TA_DIM, "%s",
			    tr(t, "↓ more (↑↓)", "↓ 続き（↑↓）"));
			break;
		}
		one = t->lang == LANG_JA ? xstrdup(nl + 1) : xstrndup(s, (size_t)(nl - s));
		line = xasprintf("%s: %s",
		    t->lang == LANG_JA ? st->done_checks[i]->title_ja : st->done_checks[i]->title_en,
		    one);
		tui_put(t, y, 2, 6, tag, r, 0);
		used = tui_wrap(t, y, 9, w - 7, 0, avail < 3 ? avail : 3, line, TA_NORMAL);
		y += used < 3 ? (used < avail ? used : avail) : (avail < 3 ? avail : 3);
		free(line);
		free(one);
		avail = t->rows - 4 - y;
		if (st->done_findings[i] != NULL && avail > 0) {
			used = tui_wrap(t, y, 4, w - 2, 0, avail, st->done_findings[i], TA_FAIL);
			y += used < avail ? used : avail;
		}
	}
	tui_engine_line(t, t->rows - 3);
	tui_hints(t, st->job == NULL ? done_hints : t->kiosk ? kiosk_hints : busy_hints);
}

static int
run_key(struct tui *t, const struct tui_key *k)
{
	struct run_state *st = run_state(t);

	if (st->job != NULL) {
		/* at the kiosk only a pulled medium or the administrator stop a scan */
		if (k->fn == 0 && k->ch == 27 && !t->kiosk) {
			runner_cancel(st->job);
			tui_message(t, "%s", tr(t, "Cancelling…", "中止しています…"));
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (k->fn == KEY_F(2) || (k->fn == 0 && k->ch == 'L'))
			return TUI_UNHANDLED;
		return TUI_HANDLED; /* nothing else while checks run */
	}
	if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (st->top + 1 < st->nresults)
			st->top++;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (st->top > 0)
			st->top--;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n' || k->ch == 27)) {
		tui_goto(t, st->end.back == SCR_RUN ? SCR_OVERVIEW : st->end.back);
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
	.free = run_free,
};
