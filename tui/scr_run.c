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
 * The checks run in the background: the event loop calls tui_run_poll()
 * on every turn, whatever screen is current, and that alone takes finished
 * results from the worker (runner_take(), a mutex-protected queue) and
 * stores them in the session, so the session is only ever written from the
 * UI thread. At the desk the person may leave this screen while the checks
 * run (Left or b) and go on answering; the status line and the overview
 * show the progress (tui_run_status()), and an item whose check is still
 * running shows it (tui_run_item_tag()). Quitting stops the checks: the
 * worker is cancelled and joined, and a large file's scan is a child process
 * that is killed (scan/engine.c), so that takes well under a second.
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
	char *done_summary[64];     /* "english\njapanese" */
	char *done_findings[64];    /* tui_result_findings(), or NULL */
	int abandoned;              /* what the checks read went away (tui_run_abandon) */
	struct session *owner;      /* the session the results go to */
	struct strbuf rj_en, rj_ja; /* answered items whose outcome a result changed */
	char *rejudged[2];          /* the same once the run ended: en, ja; or NULL */
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
	sb_free(&st->rj_en);
	sb_free(&st->rj_ja);
	free(st->rejudged[0]);
	free(st->rejudged[1]);
	st->rejudged[0] = st->rejudged[1] = NULL;
}

/* The outcome words in Japanese, for the rejudged list. */
static const char *const run_ja_words[] = {
	[OUTCOME_OPEN] = "未判定",
	[OUTCOME_PASSED] = "合格",
	[OUTCOME_FAILED] = "不合格",
	[OUTCOME_WAIVED] = "免除",
	[OUTCOME_NA] = "対象外",
	[OUTCOME_UNDETERMINED] = "判定不能",
	[OUTCOME_ATTENTION] = "要確認",
};

/*
 * Notes each answered item whose outcome the result just stored changed
 * ("2-2: open -> needs attention"), from before (the outcomes just before
 * it was stored; freed here). Answers given while the checks run change
 * outcomes too, but those are not the checks' doing and are not listed.
 */
static void
run_note_changes(struct tui *t, struct run_state *st, enum item_outcome *before)
{
	size_t i;

	for (i = 0; i < t->cl->nitems && before != NULL; i++) {
		const struct item *it = t->cl->items[i];
		enum item_outcome now;

		if (!session_item_visible(t->s, it) || session_answer(t->s, it) == ANSWER_NONE)
			continue;
		now = session_item_outcome(t->s, it);
		if (now == before[i])
			continue;
		sb_addf(&st->rj_en, "%s%s: %s -> %s", st->rj_en.len ? "; " : "", it->jnsa_ref,
		    item_outcome_name(before[i]), item_outcome_name(now));
		sb_addf(&st->rj_ja, "%s%s: %s → %s", st->rj_ja.len ? "、" : "", it->jnsa_ref,
		    run_ja_words[before[i]], run_ja_words[now]);
	}
	free(before);
}

/* The answers judged again now that the checks ran: kept for the screen and said on the status line. */
static void
run_rejudge(struct tui *t, struct run_state *st)
{
	if (st->rj_en.len == 0)
		return;
	st->rejudged[0] = xasprintf("Answers judged again now the checks ran: %s", sb_str(&st->rj_en));
	st->rejudged[1] = xasprintf("チェック実行後に回答を再判定しました: %s", sb_str(&st->rj_ja));
	sb_free(&st->rj_en);
	sb_free(&st->rj_ja);
	tui_message(t, "%s", tr(t, st->rejudged[0], st->rejudged[1]));
}

static void
run_init(struct tui *t)
{
	(void)run_state(t);
}

static void
run_free(struct tui *t)
{
	struct run_state *st = t->data[SCR_RUN];

	if (st == NULL)
		return;
	runner_free(st->job);
	run_forget(st);
	free(st);
	t->data[SCR_RUN] = NULL;
}

void
tui_run_start(struct tui *t, const struct plan *plan, const struct runner_opts *ro,
    const struct tui_run_end *end)
{
	struct run_state *st = run_state(t);

	run_forget(st);
	st->top = 0;
	st->abandoned = 0;
	st->end = *end;
	st->owner = t->s;
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
		/* one run at a time: show the one under way */
		if (t->cur != SCR_RUN)
			tui_goto(t, SCR_RUN);
		tui_message(t, "%s",
		    tr(t, "Checks are already running: their progress is shown here.",
		        "チェックは実行中です。進み具合をここに表示しています。"));
		return;
	}
	if (session_check_target(t->s, t->target, err, sizeof err) != 0) {
		tui_failed(t, "The checks cannot run", "チェックを実行できません", err);
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

int
tui_run_poll(struct tui *t)
{
	struct run_state *st = t->data[SCR_RUN];
	struct runner_view v;
	const struct check *c;
	struct check_result r;
	char err[512];

	if (st == NULL || st->job == NULL)
		return 0;
	if (t->s != st->owner) {
		/* the session was closed under the run: its results belong nowhere */
		tui_run_stop(t);
		return TUI_REDRAW;
	}
	while (runner_take(st->job, &c, &r)) {
		enum item_outcome *before = t->s != NULL ? session_outcomes(t->s) : NULL;

		if (st->abandoned && r.status != CHECK_FAIL)
			check_result_set(&r, CHECK_UNKNOWN,
			    "the medium was removed during the scan: incomplete",
			    "スキャン中にメディアが取り外されました（未完了）");
		/* the one run path's last step, on the UI thread: the only writer of the session */
		if (t->s != NULL && session_set_result(t->s, c, &r, err, sizeof err) != 0)
			tui_failed(t, "The result was not saved", "結果を保存できませんでした", err);
		if (t->s != NULL)
			run_note_changes(t, st, before);
		else
			free(before);
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
		if (!st->abandoned && !v.cancelled && t->cur != SCR_RUN && !t->kiosk &&
		    st->rejudged[0] == NULL)
			tui_message(t, "%s",
			    tr(t, "The automatic checks finished.", "自動チェックが終わりました。"));
		if (st->end.leave) /* the kiosk moves on by itself: questions next */
			tui_goto(t, st->abandoned ? st->end.when_abandoned : st->end.back);
	}
	return TUI_REDRAW;
}

void
tui_run_status(struct tui *t, char *buf, size_t len)
{
	struct run_state *st = t->data[SCR_RUN];
	struct runner_view v;
	char pct[16] = "";

	buf[0] = '\0';
	if (st == NULL || st->job == NULL)
		return;
	runner_peek(st->job, &v);
	if (v.done || v.check == NULL)
		return;
	if (v.have_progress && v.p.bytes_total > 0)
		xsnprintf(pct, sizeof pct, "  %3.0f%%",
		    100.0 * (double)v.p.bytes_done / (double)v.p.bytes_total);
	else if (v.have_progress && v.p.items_total > 0)
		xsnprintf(pct, sizeof pct, "  %3.0f%%",
		    100.0 * (double)v.p.items_done / (double)v.p.items_total);
	xsnprintf(buf, len, "%s %zu/%zu: %s%s  (%s)", tr(t, "Checks running", "チェック実行中"),
	    v.index + 1, v.n, t->lang == LANG_JA ? v.check->title_ja : v.check->title_en, pct,
	    tr(t, "r: progress, Esc there cancels", "r: 進捗表示、そこで Esc で中止"));
}

const char *
tui_run_item_tag(const struct tui *t, const struct item *it, enum tui_role *r)
{
	const struct run_state *st = t->data[SCR_RUN];
	size_t i;
	int pending = 0;

	for (i = 0; st != NULL && st->job != NULL && i < it->nchecks; i++) {
		int p = runner_pending(st->job, it->checks[i].check);

		if (p > pending)
			pending = p;
	}
	if (pending == 0)
		return tui_outcome_tag(session_item_outcome(t->s, it), r);
	*r = TA_DIM;
	return pending == 2 ? "[RUN ]" : "[WAIT]";
}

/* The run screen's tick: what the kiosk watches meanwhile (results come through tui_run_poll). */
static int
run_tick(struct tui *t)
{
	struct run_state *st = run_state(t);
	int flags = st->job != NULL ? TUI_REDRAW : 0;

	if (st->end.watch != NULL)
		flags |= st->end.watch(t);
	return flags;
}

static void
run_draw(struct tui *t)
{
	static const struct tui_hint busy_hints[] = {
		{ "Esc", "Cancel", "中止" },
		{ "←/b", "Answer meanwhile", "回答を続ける" },
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
		tui_putf(t, y++, 2, w, TA_NORMAL,
		    tr(t, "%s %s   elapsed %.0f s", "%s %s   経過 %.0f 秒"), tr(t, "Phase:", "段階:"),
		    !v.have_progress || v.phase[0] == '\0'         ? tr(t, "working", "処理中") :
		        t->lang == LANG_JA && v.p.phase_ja != NULL ? v.p.phase_ja :
		                                                     v.phase,
		    el);
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
		if (t->kiosk)
			return TUI_UNHANDLED; /* the kiosk's own keys (language, F12) */
		/* back to the answers: the checks keep running in the background */
		if (k->fn == KEY_LEFT || (k->fn == 0 && (k->ch == 'b' || k->ch == 'h'))) {
			tui_goto(t, st->end.back == SCR_RUN ? SCR_OVERVIEW : st->end.back);
			return TUI_HANDLED | TUI_REDRAW;
		}
		return TUI_UNHANDLED; /* language, help, quit */
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

/* The automatic checks' keys, for the help screen. */
static const struct tui_hint run_help[] = {
	{ "Esc", "while checks run: cancel them; after: back", "実行中: 中止、完了後: 戻る" },
	{ "←  b h", "while checks run: back to the answers (they go on)",
	    "実行中: 回答に戻る（チェックは継続）" },
	{ "↑ ↓  j k", "when done: scroll the results", "完了後: 結果のスクロール" },
	{ "Enter", "when done: back", "完了後: 戻る" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_run = {
	.name = "run",
	.init = run_init,
	.draw = run_draw,
	.key = run_key,
	.tick = run_tick,
	.free = run_free,
	.help = run_help,
};
