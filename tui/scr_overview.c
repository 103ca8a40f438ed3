/*
 * scr_overview.c: the four categories with their progress (answered,
 * passed, failed, open) and the verdict so far. Enter opens a category's
 * items, r runs the automatic checks (or, while they run in the background,
 * shows their progress, which a line here also follows), s goes to the
 * summary and export.
 * The cursor is the item list's category (scr_items.c), so the list and
 * the overview always agree on which category is current. / searches every
 * item. A "!" marks a category with a failed item (the legend says so);
 * staff do not see the categories that hold nothing for them.
 */
#include <stdlib.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* Progress counts of the visible items of category c. */
struct ov_count {
	size_t total, decided, passed, failed, open;
};

static void
ov_count(const struct tui *t, size_t c, struct ov_count *o)
{
	size_t n, i;
	const struct item **v = tui_visible(t, c, &n);

	o->total = n;
	o->decided = o->passed = o->failed = o->open = 0;
	for (i = 0; i < n; i++) {
		switch (session_item_outcome(t->s, v[i])) {
		case OUTCOME_PASSED:
			o->passed++;
			o->decided++;
			break;
		case OUTCOME_FAILED:
			o->failed++;
			o->decided++;
			break;
		case OUTCOME_WAIVED:
		case OUTCOME_NA: o->decided++; break;
		case OUTCOME_OPEN:
		case OUTCOME_UNDETERMINED:
		default: o->open++; break;
		}
	}
	free(v);
}

/* Whether category c (ncategories: all items) is listed: staff see only those with items. */
static int
ov_shown(const struct tui *t, size_t c)
{
	struct ov_count o;

	if (c >= t->cl->ncategories || t->s == NULL || session_role(t->s) != ROLE_STAFF)
		return 1;
	ov_count(t, c, &o);
	return o.total > 0;
}

/* The next listed category from cat in direction dir (1 or -1). */
static size_t
ov_step(const struct tui *t, size_t cat, int dir)
{
	size_t n = t->cl->ncategories + 1, i;

	for (i = 0; i < n; i++) {
		cat = (cat + n + (size_t)dir) % n;
		if (ov_shown(t, cat))
			break;
	}
	return cat;
}

static void
ov_init(struct tui *t)
{
	struct ov_count o;
	size_t c;

	if (tui_items_category(t) > t->cl->ncategories)
		tui_items_set_category(t, 0);
	/* start on a category that has items for this role */
	ov_count(t, tui_items_category(t), &o);
	for (c = 0; o.total == 0 && c < t->cl->ncategories; c++) {
		tui_items_set_category(t, c);
		ov_count(t, c, &o);
	}
}

static void
ov_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "Enter", "Items", "項目" },
		{ "r", "Run checks", "自動チェック" },
		{ "/", "Search", "検索" },
		{ "s", "Summary", "まとめ" },
		{ "F2/L", "日本語", "English" },
		{ "?", "Help", "ヘルプ" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	struct verdict v;
	struct ov_count o;
	enum tui_role vr;
	const char *vw;
	int y = 2, tw = t->cols - 4 - 26, failed_any = 0;
	size_t c;

	tui_title(t, tr(t, "Overview", "概要"));
	tui_put(t, y++, 2, t->cols - 4, ltext_get(&t->cl->title, t->lang), TA_NORMAL, 0);
	{
		/* the device under check, as recorded (d edits it) */
		char *line = session_device_record(t->s) != NULL ?
		    devrec_line(session_device_record(t->s)) :
		    xstrdup(tr(t, "not recorded", "未記録"));

		tui_putf(t, y++, 2, t->cols - 4, TA_DIM, "%s %s  (d)", tr(t, "Device:", "機器:"), line);
		free(line);
	}
	tui_put(t, y, 2, tw, tr(t, "Category", "カテゴリ"), TA_DIM, 1);
	tui_put(t, y++, 2 + tw, 26, tr(t, "  Done  Pass  Fail  Open", "  完了  合格  不可  未了"),
	    TA_DIM, 0);
	for (c = 0; c <= t->cl->ncategories; c++) {
		int sel = c == tui_items_category(t);
		char *title;

		if (!ov_shown(t, c))
			continue;
		ov_count(t, c, &o);
		if (c < t->cl->ncategories)
			title = xasprintf("%s%zu %s", sel ? "> " : "  ", c + 1,
			    ltext_get(&t->cl->categories[c].title, t->lang));
		else {
			y++;
			title = xasprintf("%s%s", sel ? "> " : "  ", tr(t, "All items", "全項目"));
		}
		tui_put(t, y, 2, tw, title, sel ? TA_SEL : TA_NORMAL, 1);
		free(title);
		tui_putf(t, y, 2 + tw, 26, TA_NORMAL, "%3zu/%-3zu %4zu  %4zu  %4zu", o.decided,
		    o.total, o.passed, o.failed, o.open);
		if (o.failed > 0) {
			tui_put(t, y, 2 + tw + 25, 1, "!", TA_FAIL, 0);
			failed_any = 1;
		}
		y++;
		if (o.total > 0 && c < t->cl->ncategories)
			tui_bar(t, y++, 6, tw - 4, (double)o.decided / (double)o.total);
	}
	if (failed_any)
		tui_put(t, y, 2 + tw, 26,
		    tr(t, "  ! = has a failed item", "  ! = 不合格の項目あり"), TA_DIM, 0);
	y++;
	session_verdict(t->s, &v);
	vw = tui_verdict_word(t, v.kind, &vr);
	tui_put(t, y, 2, 22, tr(t, "Verdict so far:", "現時点の判定:"), TA_NORMAL, 0);
	tui_putf(t, y++, 24, t->cols - 26, vr, "[%s]", vw);
	tui_putf(t, y++, 2, t->cols - 4, TA_NORMAL,
	    tr(t, "%zu items: %zu by checks, %zu answered, %zu failed, %zu n/a, %zu open",
	        "%zu 項目: 自動判定 %zu、回答 %zu、不合格 %zu、対象外 %zu、未了 %zu"),
	    v.total, v.automatic, v.answered, v.failed, v.not_applicable, v.undetermined);
	if (v.attention > 0) /* counted apart: a warning nobody in IT accepted is not a pass */
		tui_putf(t, y++, 2, t->cols - 4, TA_WARN,
		    tr(t, "%zu need attention (a check warned; IT has not accepted it)",
		        "要確認 %zu（チェックの警告を IT が承認していません）"),
		    v.attention);
	{
		char line[512];

		/* checks running in the background: their line just above the key bar */
		tui_run_status(t, line, sizeof line);
		/* the database's status wraps upwards into the rows left free above it */
		if (line[0] != '\0') {
			tui_engine_lines(t, t->rows - 4, t->rows - 3 - y > 2 ? t->rows - 3 - y : 2);
			tui_put(t, t->rows - 3, 2, t->cols - 4, line, TA_WARN, 0);
		} else
			tui_engine_lines(t, t->rows - 3, t->rows - 2 - y > 3 ? t->rows - 2 - y : 3);
	}
	tui_hints(t, hints);
}

static int
ov_key(struct tui *t, const struct tui_key *k)
{
	size_t cat = tui_items_category(t);

	if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k'))
		tui_items_set_category(t, ov_step(t, cat, -1));
	else if (k->fn == KEY_DOWN || (k->fn == 0 && (k->ch == 'j' || k->ch == '\t')))
		tui_items_set_category(t, ov_step(t, cat, 1));
	else if (k->fn == 0 && k->ch == '/')
		tui_items_search(t);
	else if (k->fn == KEY_RIGHT || (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')))
		tui_items_open(t, cat);
	else if (k->fn == 0 && k->ch >= '1' && k->ch < (wint_t)('1' + t->cl->ncategories) &&
	    ov_shown(t, k->ch - '1'))
		tui_items_open(t, k->ch - '1');
	else if (k->fn == KEY_END || (k->fn == 0 && k->ch == '0'))
		tui_items_open(t, t->cl->ncategories);
	else if (k->fn == 0 && (k->ch == 'r' || k->ch == 'R'))
		tui_run_checks(t, NULL, k->ch == 'R');
	else if (k->fn == KEY_F(9) || (k->fn == 0 && k->ch == 's'))
		tui_goto(t, SCR_SUMMARY);
	else
		return TUI_UNHANDLED;
	return TUI_HANDLED | TUI_REDRAW;
}

/* The overview's keys, for the help screen. */
static const struct tui_hint ov_help[] = {
	{ "↑ ↓  j k  Tab", "move between categories", "分類を移動" },
	{ "Enter  →", "open the category", "分類を開く" },
	{ "1-4  0", "open category 1-4, or all items", "分類 1〜4・全項目(0) を開く" },
	{ "/", "search items by id or words (either language)", "番号・語句で項目を検索（日英どちらでも）" },
	{ "r  R", "run missing / all automatic checks", "未実行／全部の自動チェックを実行" },
	{ "d", "the device record (asset tag, serial, owner)", "機器の記録（資産番号・製造番号・使用者）" },
	{ "s  F9", "summary, verdict and report", "まとめ・判定・報告書" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_overview = {
	.name = "overview",
	.init = ov_init,
	.draw = ov_draw,
	.key = ov_key,
	.help = ov_help,
};
