/*
 * scr_items.c: the item list of one category (or all) and the item detail.
 *
 * The list shows each visible item's outcome as a word tag ([PASS] [FAIL]
 * [ ?? ] ...) so colour is never the only signal. The detail shows the
 * item's text and guidance in the current language, its JNSA reference and
 * whether that wording is confirmed, the automatic evidence, the answer and
 * the note; y / n / a answer, e edits the note (any language), c runs the
 * item's checks. Every answer goes straight to the session, which saves it.
 * At the moment of answering the status line says what the answer does when
 * that is not simply what it says (session_answer_advice(): a check failed,
 * warned, could not decide or has not run); where a note from IT would let
 * a "yes" stand in, the note editor opens at once and asks for it.
 *
 * Both screens share one state, t->data[SCR_ITEMS]: the category shown
 * (also the overview's cursor), the selection, the item open in the
 * detail, and the detail's note editor and waiver form.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

/* The state of the list and the detail. */
/* Which items the list shows, by outcome (f cycles through them). */
enum items_filter {
	FILTER_ALL,
	FILTER_FAILED,    /* failed */
	FILTER_OPEN,      /* not decided yet: open, undetermined, needs attention */
	FILTER_ATTENTION, /* needs a person: a warning not accepted, or undetermined */
	FILTER_COUNT,
};

struct items_state {
	size_t cat;              /* the category shown; ncategories means all */
	int filter;              /* enum items_filter */
	char *query;             /* what / searches for ("" or NULL: nothing); owned */
	int searching;           /* the search field has the keys */
	struct tui_edit search;  /* the search field */
	enum tui_scr back;       /* detail: where Esc goes (the list, or the summary) */
	size_t sel, top;         /* list: selected and first shown */
	const struct item *item; /* detail: the item shown */
	int scroll;              /* detail: first body row shown */
	int editing;             /* detail: editing the note (or a waiver field) */
	int waiving;             /* detail: waiver field being typed (1..4), 0 none */
	int note_asked;          /* detail: the note was asked for by an answer that needs one */
	char *waiver[4];         /* approved by, reason, until, ticket; owned */
	char *waiver_err;        /* what is wrong with the waiver field being typed; owned */
	struct tui_edit note;
};

/* The state, made on first use. */
static struct items_state *
items_state(struct tui *t)
{
	if (t->data[SCR_ITEMS] == NULL)
		t->data[SCR_ITEMS] = xcalloc(1, sizeof(struct items_state));
	return t->data[SCR_ITEMS];
}

size_t
tui_items_category(const struct tui *t)
{
	const struct items_state *st = t->data[SCR_ITEMS];

	return st != NULL ? st->cat : 0;
}

void
tui_items_set_category(struct tui *t, size_t c)
{
	items_state(t)->cat = c;
}

void
tui_items_open(struct tui *t, size_t c)
{
	struct items_state *st = items_state(t);

	st->cat = c;
	st->sel = st->top = 0;
	tui_goto(t, SCR_ITEMS);
}

/* Whether every word of q is in one of it's texts (id, reference, title, description; both languages). */
static int
items_match(const struct item *it, const char *q)
{
	char *copy, *w, *save = NULL;
	int ok = 1;

	if (q == NULL || q[0] == '\0')
		return 1;
	copy = xstrdup(q);
	for (w = copy; (w = strstr(w, "\xe3\x80\x80")) != NULL;)
		memcpy(w, "   ", 3); /* an ideographic space separates words too */
	for (w = strtok_r(copy, " \t", &save); w != NULL && ok; w = strtok_r(NULL, " \t", &save)) {
		const char *texts[] = { it->id, it->jnsa_ref, it->title.t[LANG_EN],
			it->title.t[LANG_JA], it->description.t[LANG_EN], it->description.t[LANG_JA] };
		size_t i;

		ok = 0;
		for (i = 0; i < sizeof texts / sizeof texts[0] && !ok; i++)
			ok = texts[i] != NULL && strcasestr(texts[i], w) != NULL;
	}
	free(copy);
	return ok;
}

/* Whether outcome o passes filter f. */
static int
items_filter_ok(int f, enum item_outcome o)
{
	switch (f) {
	case FILTER_FAILED: return o == OUTCOME_FAILED;
	case FILTER_OPEN:
		return o == OUTCOME_OPEN || o == OUTCOME_UNDETERMINED || o == OUTCOME_ATTENTION;
	case FILTER_ATTENTION: return o == OUTCOME_ATTENTION || o == OUTCOME_UNDETERMINED;
	default: return 1;
	}
}

/* The filter's name in the current language. */
static const char *
items_filter_name(const struct tui *t, int f)
{
	switch (f) {
	case FILTER_FAILED: return tr(t, "failed", "不合格");
	case FILTER_OPEN: return tr(t, "open", "未了");
	case FILTER_ATTENTION: return tr(t, "needs attention", "要確認");
	default: return tr(t, "all", "すべて");
	}
}

/* The items the list shows: visible in the category, through the filter and the search; caller frees. */
static const struct item **
items_list(const struct tui *t, size_t *n)
{
	const struct items_state *st = t->data[SCR_ITEMS];
	const struct item **v = tui_visible(t, st != NULL ? st->cat : t->cl->ncategories, n);
	size_t i, k = 0;

	if (st == NULL)
		return v;
	for (i = 0; i < *n; i++)
		if (items_filter_ok(st->filter, session_item_outcome(t->s, v[i])) &&
		    items_match(v[i], st->query))
			v[k++] = v[i];
	v[k] = NULL;
	*n = k;
	return v;
}

void
tui_items_show(struct tui *t, const struct item *it, enum tui_scr back)
{
	struct items_state *st = items_state(t);
	size_t n, i;
	const struct item **v;

	st->cat = t->cl->ncategories;
	st->filter = FILTER_ALL;
	free(st->query);
	st->query = NULL;
	v = items_list(t, &n);
	for (i = 0; i < n; i++)
		if (v[i] == it)
			st->sel = i;
	free(v);
	st->item = it;
	tui_goto(t, SCR_DETAIL);
	st->back = back;
}

void
tui_items_search(struct tui *t)
{
	struct items_state *st = items_state(t);

	tui_items_open(t, t->cl->ncategories);
	st->searching = 1;
	tui_edit_init(&st->search, st->query, 100, 0);
}

/*
 * What it's answer does now when that is not simply what it says
 * (session_answer_advice(): a check failed, warned, could not decide or has
 * not run), in the current language; NULL when nothing needs saying.
 * *wants_note is set when a note from this person (IT) would let the answer
 * stand in. Caller frees.
 */
static char *
items_advice(const struct tui *t, const struct item *it, int *wants_note)
{
	char *en, *ja;
	int wants = 0;

	if (!session_answer_advice(t->s, it, &en, &ja, &wants)) {
		if (wants_note != NULL)
			*wants_note = 0;
		return NULL;
	}
	if (wants_note != NULL)
		*wants_note = wants;
	if (t->lang == LANG_JA) {
		free(en);
		return ja;
	}
	free(ja);
	return en;
}

/*
 * Records answer a for it and says so, or shows the session's error.
 * Returns 0 when nothing more needs saying, 1 when the answer does not
 * simply decide the item (the detail shows why), 2 when it needs a note
 * from this person to count.
 */
static int
items_answer(struct tui *t, const struct item *it, enum answer a)
{
	char err[512], *adv;
	int wants;

	if (session_set_answer(t->s, it, a, NULL, err, sizeof err) != 0) {
		tui_failed(t, "The answer was not saved", "回答を保存できませんでした", err);
		return 0;
	}
	adv = items_advice(t, it, &wants);
	if (a == ANSWER_NONE)
		tui_message(t,
		    tr(t, "%s: answer cleared (saved)%s", "%s: 回答を取り消しました（保存済み）%s"),
		    it->jnsa_ref, "");
	else
		tui_message(t, tr(t, "%s: answered %s (saved)%s", "%s: 回答「%s」を保存しました%s"),
		    it->jnsa_ref,
		    a == ANSWER_YES    ? tr(t, "yes", "はい") :
		        a == ANSWER_NO ? tr(t, "no", "いいえ") :
		                         tr(t, "n/a", "対象外"),
		    adv == NULL ? "" :
		        wants ? tr(t, ": it needs a note to count", "。有効にするにはメモが必要です") :
		                tr(t, ": it does not decide the item by itself",
		                    "。回答だけでは判定されません"));
	free(adv);
	return adv == NULL ? 0 : wants ? 2 : 1;
}

/* The longest note, in characters (the editor shows the count as it nears it). */
#define NOTE_MAX 500
/* Rows of the note editor's box. */
#define NOTE_ROWS 5

/* Opens the multiline note editor on note. */
static void
note_edit_start(struct items_state *st, const char *note)
{
	tui_edit_init(&st->note, note, NOTE_MAX, 0);
	st->note.multiline = 1;
}

/*
 * After an answer that does not simply decide the item (how, from
 * items_answer()): shows the item's detail, which says why, and with 2 opens
 * its note editor to ask for the note the answer needs.
 */
static void
items_follow_up(struct tui *t, const struct item *it, int how)
{
	struct items_state *st = items_state(t);

	st->item = it;
	if (how == 2) {
		st->editing = 1;
		st->note_asked = 1;
		note_edit_start(st, session_note(t->s, it));
	}
	if (t->cur != SCR_DETAIL) {
		tui_goto(t, SCR_DETAIL);
		st->back = SCR_ITEMS;
	}
}

/* y / n / a / x (clear): the answer a key stands for, or -1. */
static int
items_answer_key(const struct tui_key *k)
{
	if (k->fn != 0)
		return -1;
	switch (k->ch) {
	case 'y': return ANSWER_YES;
	case 'n': return ANSWER_NO;
	case 'a': return ANSWER_NA;
	case 'x': return ANSWER_NONE;
	default: return -1;
	}
}

/* The title of the list: the category, or "All items". */
static const char *
items_heading(const struct tui *t, size_t cat)
{
	if (cat < t->cl->ncategories)
		return ltext_get(&t->cl->categories[cat].title, t->lang);
	return tr(t, "All items", "全項目");
}

static void
items_draw(struct tui *t)
{
	struct items_state *st = items_state(t);
	static const struct tui_hint hints[] = {
		{ "Enter", "Open", "開く" },
		{ "y/n/a", "Answer", "回答" },
		{ "/", "Search", "検索" },
		{ "f", "Filter", "絞り込み" },
		{ "Tab", "Next cat.", "次の分類" },
		{ "Esc", "Back", "戻る" },
		{ "?", "Help", "ヘルプ" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint search_hints[] = {
		{ "Enter", "Keep", "確定" },
		{ "Esc", "Clear", "消去" },
		{ NULL, NULL, NULL },
	};
	const struct item **v;
	size_t n, i;
	int y = 3, rows = t->rows - 6;

	tui_title(t, tr(t, "Items", "項目"));
	tui_put(t, 1, 2, t->cols - 4, items_heading(t, st->cat), TA_NORMAL, 0);
	v = items_list(t, &n);
	if (st->searching) {
		tui_put(t, 2, 2, 10, tr(t, "Search:", "検索:"), TA_KEY, 0);
		tui_putf(t, 2, t->cols - 22, 20, TA_DIM, tr(t, "%zu found", "%zu 件"), n);
	} else if (st->filter != FILTER_ALL || (st->query != NULL && st->query[0] != '\0'))
		tui_putf(t, 2, 2, t->cols - 4, TA_WARN,
		    tr(t, "Filter: %s%s%s%s · %zu shown (f: filter, /: search, Esc: show all)",
		        "絞り込み: %s%s%s%s・%zu 件（f: 絞り込み、/: 検索、Esc: すべて表示）"),
		    items_filter_name(t, st->filter),
		    st->query != NULL && st->query[0] != '\0' ? tr(t, " · search \"", "・検索「") : "",
		    st->query != NULL ? st->query : "",
		    st->query != NULL && st->query[0] != '\0' ? tr(t, "\"", "」") : "", n);
	else
		tui_putf(t, 2, 2, t->cols - 4, TA_DIM, "%s %s", tr(t, "Filter:", "絞り込み:"),
		    items_filter_name(t, st->filter));
	if (n == 0)
		tui_put(t, y, 2, t->cols - 4,
		    st->filter != FILTER_ALL || (st->query != NULL && st->query[0] != '\0') ?
		        tr(t, "No item matches.", "該当する項目はありません。") :
		        tr(t, "No items in this category for your role.",
		            "この分類にはあなたの役割の項目がありません。"),
		    TA_DIM, 0);
	if (st->sel >= n)
		st->sel = n > 0 ? n - 1 : 0;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + (size_t)rows)
		st->top = st->sel - (size_t)rows + 1;
	for (i = st->top; i < n && y < 3 + rows; i++, y++) {
		enum tui_role r;
		const char *tag = tui_run_item_tag(t, v[i], &r);
		int sel = i == st->sel;
		char *line;

		tui_put(t, y, 2, 6, tag, r, 0);
		line = xasprintf("%s %-4s %s%s", sel ? ">" : " ", v[i]->jnsa_ref,
		    ltext_get(&v[i]->title, t->lang),
		    v[i]->kind == KIND_AUTO ? tr(t, " (auto)", "（自動）") : "");
		tui_put(t, y, 9, t->cols - 11, line, sel ? TA_SEL : TA_NORMAL, 1);
		free(line);
	}
	free(v);
	if (st->searching) {
		tui_hints(t, search_hints);
		tui_edit_draw(&st->search, 2, 12, t->cols - 36);
	} else
		tui_hints(t, hints);
}

/* Moves to the next (dir 1) or previous (-1) category that has visible items. */
static void
items_next_category(struct tui *t, int dir)
{
	struct items_state *st = items_state(t);
	size_t n = t->cl->ncategories + 1, i;

	for (i = 0; i < n; i++) {
		size_t cnt;
		const struct item **v;

		st->cat = (st->cat + n + (size_t)dir) % n;
		v = tui_visible(t, st->cat, &cnt);
		free(v);
		if (cnt > 0)
			break;
	}
	st->sel = st->top = 0;
}

static int items_key(struct tui *t, const struct tui_key *k);

/* Keys while the search field is open: typing narrows the list as it goes. */
static int
items_search_key(struct tui *t, const struct tui_key *k)
{
	struct items_state *st = items_state(t);

	if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
		st->searching = 0;
		tui_edit_free(&st->search);
	} else if (k->fn == 0 && k->ch == 27) {
		st->searching = 0;
		tui_edit_free(&st->search);
		free(st->query);
		st->query = NULL;
	} else if (k->fn == KEY_UP || k->fn == KEY_DOWN) {
		st->searching = 0;
		tui_edit_free(&st->search);
		return items_key(t, k);
	} else if (tui_edit_key(&st->search, k)) {
		free(st->query);
		st->query = tui_edit_text(&st->search);
		st->sel = st->top = 0;
	} else
		return TUI_HANDLED;
	return TUI_HANDLED | TUI_REDRAW;
}

static int
items_key(struct tui *t, const struct tui_key *k)
{
	struct items_state *st = items_state(t);
	size_t n;
	const struct item **v;
	int a, rc = TUI_HANDLED | TUI_REDRAW;

	if (st->searching)
		return items_search_key(t, k);
	v = items_list(t, &n);
	if (k->fn == 0 && k->ch == '/') {
		st->searching = 1;
		tui_edit_init(&st->search, st->query, 100, 0);
	} else if (k->fn == 0 && k->ch == 'f') {
		st->filter = (st->filter + 1) % FILTER_COUNT;
		st->sel = st->top = 0;
	} else if (k->fn == 0 && k->ch == 27 &&
	    (st->filter != FILTER_ALL || (st->query != NULL && st->query[0] != '\0'))) {
		st->filter = FILTER_ALL;
		free(st->query);
		st->query = NULL;
	} else if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (st->sel > 0)
			st->sel--;
	} else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (st->sel + 1 < n)
			st->sel++;
	} else if (k->fn == KEY_PPAGE) {
		st->sel = st->sel > 10 ? st->sel - 10 : 0;
	} else if (k->fn == KEY_NPAGE) {
		st->sel = st->sel + 10 < n ? st->sel + 10 : (n > 0 ? n - 1 : 0);
	} else if (k->fn == KEY_HOME || (k->fn == 0 && k->ch == 'g')) {
		st->sel = 0;
	} else if (k->fn == KEY_END || (k->fn == 0 && k->ch == 'G')) {
		st->sel = n > 0 ? n - 1 : 0;
	} else if (k->fn == 0 && k->ch == '\t') {
		items_next_category(t, 1);
	} else if (k->fn == KEY_BTAB) {
		items_next_category(t, -1);
	} else if (k->fn == KEY_RIGHT || (k->fn == 0 && (k->ch == '\r' || k->ch == '\n'))) {
		if (n > 0) {
			st->item = v[st->sel];
			tui_goto(t, SCR_DETAIL);
			st->back = SCR_ITEMS;
		}
	} else if (k->fn == KEY_LEFT || (k->fn == 0 && (k->ch == 27 || k->ch == 'h'))) {
		tui_goto(t, SCR_OVERVIEW);
	} else if ((a = items_answer_key(k)) >= 0) {
		if (n > 0) {
			int how = items_answer(t, v[st->sel], (enum answer)a);

			if (how > 0)
				items_follow_up(t, v[st->sel], how);
			else if (a != ANSWER_NONE && st->sel + 1 < n)
				st->sel++;
		}
	} else if (k->fn == 0 && k->ch == 'c') {
		if (n > 0)
			tui_run_checks(t, v[st->sel], 1);
	} else if (k->fn == 0 && (k->ch == 'r' || k->ch == 'R')) {
		tui_run_checks(t, NULL, k->ch == 'R');
	} else if (k->fn == KEY_F(9) || (k->fn == 0 && k->ch == 's')) {
		tui_goto(t, SCR_SUMMARY);
	} else
		rc = TUI_UNHANDLED;
	free(v);
	return rc;
}

/* Detail: the outcome and answer line. */
static int
detail_status(struct tui *t, const struct item *it, int y)
{
	enum tui_role r;
	enum item_outcome o = session_item_outcome(t->s, it);
	const char *tag = tui_run_item_tag(t, it, &r);
	enum answer a = session_answer(t->s, it);
	const struct waiver *w = session_waiver(t->s, it);

	tui_put(t, y, 2, 6, tag, r, 0);
	tui_putf(t, y, 9, t->cols - 11, TA_NORMAL, "%s %s   %s %s", tr(t, "Outcome:", "結果:"),
	    tui_outcome_word(t, o), tr(t, "Answer:", "回答:"),
	    a == ANSWER_NONE    ? tr(t, "(none)", "（未回答）") :
	        a == ANSWER_YES ? tr(t, "yes", "はい") :
	        a == ANSWER_NO  ? tr(t, "no", "いいえ") :
	                          tr(t, "n/a", "対象外"));
	y++;
	if (w != NULL)
		tui_putf(t, y++, 9, t->cols - 11, TA_WARN,
		    tr(t, "Waived by %s until %s%s%s: %s", "免除: %s（%s まで%s%s）: %s"),
		    w->approved_by, w->until, w->ticket != NULL ? ", " : "",
		    w->ticket != NULL ? w->ticket : "", w->reason);
	return y;
}

/* The scrollable body of the detail view, as one text; caller frees. */
static char *
detail_body(const struct tui *t, const struct item *it)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	sb_addf(&b, "%s\n\n", ltext_get(&it->description, t->lang));
	if (ltext_get(&it->guidance, t->lang)[0] != '\0')
		sb_addf(&b, "%s\n%s\n\n", tr(t, "Guidance:", "手引き:"),
		    ltext_get(&it->guidance, t->lang));
	if (it->nchecks > 0) {
		sb_addf(&b, "%s\n", tr(t, "Automatic evidence:", "自動チェックの結果:"));
		for (i = 0; i < it->nchecks; i++) {
			const struct check *c = it->checks[i].check;
			const struct check_result *r = session_result(t->s, c->id);
			const char *title = t->lang == LANG_JA ? c->title_ja : c->title_en;
			enum tui_role role;

			if (r == NULL)
				sb_addf(&b, "[    ] %s: %s\n", title,
				    tr(t, "not run yet (press c)", "未実行（c で実行）"));
			else {
				char *f = tui_result_findings(t, r, 20);

				sb_addf(&b, "%s %s: %s\n", tui_status_tag(r->status, &role), title,
				    tui_result_summary(t, r));
				if (f != NULL)
					sb_adds(&b, f);
				free(f);
			}
		}
	}
	if (b.buf == NULL)
		sb_adds(&b, "");
	return sb_detach(&b);
}

/* How sure the item's wording is, in the current language. */
static const char *
detail_wording(const struct tui *t, const char *w)
{
	static const struct {
		const char *key, *ja;
	} words[] = {
		{ "confirmed", "原文確認済み" },
		{ "partly-confirmed", "一部確認" },
		{ "near-confirmed", "ほぼ確認" },
		{ "reconstructed", "再構成" },
	};
	size_t i;

	if (w == NULL)
		return "?";
	if (t->lang == LANG_JA)
		for (i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(words[i].key, w) == 0)
				return words[i].ja;
	return w;
}

/* The waiver form's fields, in order. */
static const struct {
	const char *en, *ja;
} waiver_prompts[4] = {
	{ "Waiver approved by (name):", "免除の承認者（氏名）:" },
	{ "Reason for the waiver:", "免除の理由:" },
	{ "Waived until (YYYY-MM-DD):", "免除の期限（YYYY-MM-DD）:" },
	{ "Ticket reference (optional):", "チケット番号（任意）:" },
};

/* Drops a half-typed waiver. */
static void
waiver_clear(struct tui *t)
{
	struct items_state *st = items_state(t);
	int i;

	for (i = 0; i < 4; i++) {
		free(st->waiver[i]);
		st->waiver[i] = NULL;
	}
	free(st->waiver_err);
	st->waiver_err = NULL;
	st->waiving = 0;
}

/*
 * What is wrong with v as waiver field f (1..4) in the current language,
 * or NULL when it will do. Caller frees.
 */
static char *
waiver_check(const struct tui *t, int f, const char *v)
{
	time_t until;

	switch (f) {
	case 1:
		if (v[0] == '\0')
			return xstrdup(tr(t, "Who approved the waiver? A name is needed.",
			    "免除を承認した人の氏名が必要です。"));
		break;
	case 2:
		if (v[0] == '\0')
			return xstrdup(tr(t, "A reason is needed.", "免除の理由が必要です。"));
		break;
	case 3:
		if (time_parse_date(v, &until) != 0) {
			char *safe = text_sanitize(v);
			char *m = xasprintf(
			    tr(t, "\"%s\" is not a date: type it as YYYY-MM-DD, for example 2026-12-31.",
			        "「%s」は日付ではありません。YYYY-MM-DD の形で入力してください（例: 2026-12-31）。"),
			    safe);

			free(safe);
			return m;
		}
		/* a waiver holds through the whole day it names (waiver_active()) */
		if (until + 86400 <= time(NULL))
			return xasprintf(tr(t, "%s is in the past: a waiver must run until today or later.",
			                     "%s は過去の日付です。期限は今日以降にしてください。"),
			    v);
		break;
	default: break;
	}
	return NULL;
}

/* Starts typing waiver field f (1..4), holding what was typed there before. */
static void
waiver_field(struct tui *t, int f)
{
	struct items_state *st = items_state(t);

	tui_edit_free(&st->note);
	st->waiving = f;
	tui_edit_init(&st->note, st->waiver[f - 1] != NULL ? st->waiver[f - 1] : "", 200, 0);
}

/*
 * Leaving waiver field st->waiving (Enter, or dir -1 for back): the field is
 * checked as it is left forwards; when it is wrong the error shows under it
 * and the text stays as typed. After the last field the waiver is recorded.
 */
static void
waiver_leave(struct tui *t, int dir)
{
	struct items_state *st = items_state(t);
	char err[512];
	char *v = tui_edit_text(&st->note);
	struct waiver w;
	int f = st->waiving;

	free(st->waiver[f - 1]);
	st->waiver[f - 1] = v;
	free(st->waiver_err);
	st->waiver_err = NULL;
	if (dir < 0) {
		if (f > 1)
			waiver_field(t, f - 1);
		return;
	}
	if ((st->waiver_err = waiver_check(t, f, v)) != NULL)
		return; /* stay, with the text as typed */
	if (f < 4) {
		waiver_field(t, f + 1);
		return;
	}
	for (f = 1; f <= 3; f++)
		if ((st->waiver_err = waiver_check(t, f,
		         st->waiver[f - 1] != NULL ? st->waiver[f - 1] : "")) != NULL) {
			waiver_field(t, f);
			return;
		}
	w.approved_by = st->waiver[0];
	w.reason = st->waiver[1];
	w.until = st->waiver[2];
	w.ticket = st->waiver[3][0] != '\0' ? st->waiver[3] : NULL;
	if (session_set_waiver(t->s, st->item, &w, err, sizeof err) != 0) {
		st->waiver_err = xstrdup(err);
		return;
	}
	tui_message(t, "%s", tr(t, "Waiver recorded.", "免除を記録しました。"));
	tui_edit_free(&st->note);
	waiver_clear(t);
}

static void
detail_init(struct tui *t)
{
	struct items_state *st = items_state(t);

	st->scroll = 0;
	if (st->editing && st->note_asked)
		return; /* opened to ask for the note an answer needs */
	st->editing = 0;
	waiver_clear(t);
}

static void
detail_draw(struct tui *t)
{
	struct items_state *st = items_state(t);
	static const struct tui_hint hints[] = {
		{ "y/n/a", "Answer", "回答" },
		{ "e", "Note", "メモ" },
		{ "c", "Check", "チェック" },
		{ "Tab", "Next", "次" },
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ "?", "Help", "ヘルプ" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint edit_hints[] = {
		{ "Enter", "Save note", "メモを保存" },
		{ "Ctrl-J", "New line", "改行" },
		{ "Esc", "Cancel", "取消" },
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint waiver_hints[] = {
		{ "Enter", "Next field", "次の項目" },
		{ "S-Tab", "Previous", "前の項目" },
		{ "Esc", "Cancel", "取消" },
		{ "F2", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	const struct item *it = st->item;
	char *body, *wording, *adv;
	int y, rows, total, note_full = 0, edit_rows;
	const char *note;

	tui_title(t, tr(t, "Item", "項目"));
	tui_putf(t, 1, 2, t->cols - 4, TA_NORMAL, "%s  %s", it->jnsa_ref, ltext_get(&it->title, t->lang));
	wording = xasprintf("%s %s · %s: %s · %s: %s", tr(t, "JNSA ref", "JNSA 番号"), it->jnsa_ref,
	    tr(t, "wording", "文言"), detail_wording(t, it->wording), tr(t, "kind", "種別"),
	    t->lang == LANG_JA ? (it->kind == KIND_AUTO          ? "自動" :
	                                 it->kind == KIND_MANUAL ? "手動" :
	                                                           "手動＋自動の証跡") :
	                         item_kind_name(it->kind));
	tui_put(t, 2, 2, t->cols - 4, wording, TA_DIM, 0);
	free(wording);
	y = detail_status(t, it, 3);
	note = session_note(t->s, it);
	{
		/* the note wrapped over up to three rows; a longer one is in full in the body */
		char *line = xasprintf("%s %s", tr(t, "Note:", "メモ:"),
		    note[0] != '\0' ? note : tr(t, "(none; press e)", "（なし。e で入力）"));
		int used = tui_wrap(t, y, 9, t->cols - 11, 0, 3, line, TA_NORMAL);

		if (used > 3) {
			tui_put(t, y + 2, t->cols - 24, 22,
			    tr(t, " … (in full below ↓)", " …（全文は下に ↓）"), TA_DIM, 1);
			note_full = 1;
		}
		y += used < 3 ? used : 3;
		free(line);
	}
	if ((adv = items_advice(t, it, NULL)) != NULL) {
		/* what the answer does now, at the moment of answering and after the checks ran */
		int used = tui_wrap(t, y, 9, t->cols - 11, 0, 3, adv, TA_WARN);

		y += used < 3 ? used : 3;
		free(adv);
	}
	y++;
	/* the editor: a prompt and one row for a waiver field; a prompt, a box and the count for the note */
	edit_rows = !st->editing ? 0 : st->waiving > 0 ? 4 : NOTE_ROWS + 2;
	rows = t->rows - 2 - y - edit_rows;
	body = detail_body(t, it);
	if (note_full) {
		char *b = xasprintf("%s\n%s\n\n%s", tr(t, "Note (in full):", "メモ（全文）:"), note, body);

		free(body);
		body = b;
	}
	total = tui_wrap(t, y, 2, t->cols - 4, st->scroll, rows, body, TA_NORMAL);
	free(body);
	if (st->scroll > 0 && st->scroll >= total)
		st->scroll = total > 0 ? total - 1 : 0;
	if (total - st->scroll > rows)
		tui_put(t, t->rows - 3 - edit_rows, t->cols - 12, 10, tr(t, "↓ more", "↓ 続き"),
		    TA_DIM, 0);
	if (st->editing && st->waiving == 0) {
		int top = t->rows - 2 - edit_rows, full = st->note.len >= st->note.max;
		char *count = full ?
		    xasprintf(tr(t, "%zu/%zu: the limit; nothing more is taken",
		                  "%zu/%zu 文字: 上限です。これ以上は入りません"),
		        st->note.len, st->note.max) :
		    xasprintf(tr(t, "%zu/%zu", "%zu/%zu 文字"), st->note.len, st->note.max);
		int cw = text_width(count);

		tui_put(t, top, 2, t->cols - 4,
		    st->note_asked ?
		        tr(t, "What did you check instead? (a note from IT lets the answer count):",
		            "代わりに何を確認しましたか（IT 担当のメモがあれば回答が有効になります）:") :
		        tr(t, "Note (any language):", "メモ（日本語可）:"),
		    TA_NORMAL, 0);
		tui_put(t, top + 1 + NOTE_ROWS, t->cols - 2 - cw, cw, count,
		    full || st->note.len + 50 >= st->note.max ? TA_WARN : TA_DIM, 0);
		free(count);
		tui_hints(t, edit_hints);
		tui_edit_draw_box(&st->note, top + 1, 2, t->cols - 4, NOTE_ROWS);
	} else if (st->editing) {
		/* the waiver form: field n of 4, its prompt, the field, and its error under it */
		tui_putf(t, t->rows - 6, 2, t->cols - 4, TA_NORMAL, "%s (%d/4) %s",
		    tr(t, "Waiver", "免除"), st->waiving,
		    tr(t, waiver_prompts[st->waiving - 1].en, waiver_prompts[st->waiving - 1].ja));
		if (st->waiver_err != NULL)
			tui_wrap(t, t->rows - 4, 2, t->cols - 4, 0, 2, st->waiver_err, TA_FAIL);
		tui_hints(t, waiver_hints);
		tui_edit_draw(&st->note, t->rows - 5, 2, t->cols - 4);
	} else
		tui_hints(t, hints);
}

/* Moves to the next or previous visible item. */
static void
detail_step(struct tui *t, int dir)
{
	struct items_state *st = items_state(t);
	size_t n, i;
	const struct item **v = items_list(t, &n);

	for (i = 0; i < n; i++)
		if (v[i] == st->item) {
			if (dir > 0 && i + 1 < n)
				st->item = v[i + 1], st->sel = i + 1;
			else if (dir < 0 && i > 0)
				st->item = v[i - 1], st->sel = i - 1;
			break;
		}
	free(v);
	st->scroll = 0;
}

static int
detail_key(struct tui *t, const struct tui_key *k)
{
	struct items_state *st = items_state(t);
	int a;

	if (st->editing && st->waiving > 0) {
		if ((k->fn == 0 && (k->ch == '\r' || k->ch == '\n' || k->ch == '\t')) ||
		    k->fn == KEY_DOWN) {
			waiver_leave(t, 1);
			if (st->waiving == 0)
				st->editing = 0;
		} else if (k->fn == KEY_BTAB || k->fn == KEY_UP) {
			waiver_leave(t, -1);
		} else if (k->fn == 0 && k->ch == 27) {
			tui_edit_free(&st->note);
			waiver_clear(t);
			st->editing = 0;
		} else if (!tui_edit_key(&st->note, k))
			return TUI_UNHANDLED;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (st->editing) {
		/* Enter (\r: the terminal runs without nl()) saves; Ctrl-J (\n) is a new line */
		if (k->fn == 0 && k->ch == '\r') {
			char err[512];
			char *note = tui_edit_text(&st->note);

			if (session_set_answer(t->s, st->item, session_answer(t->s, st->item), note,
			        err, sizeof err) != 0)
				tui_failed(t, "The note was not saved", "メモを保存できませんでした", err);
			else
				tui_message(t, "%s", tr(t, "Note saved.", "メモを保存しました。"));
			free(note);
			st->editing = 0;
			st->note_asked = 0;
			tui_edit_free(&st->note);
		} else if (k->fn == 0 && k->ch == 27) {
			st->editing = 0;
			st->note_asked = 0;
			tui_edit_free(&st->note);
		} else if (!tui_edit_key(&st->note, k))
			return TUI_UNHANDLED;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if ((a = items_answer_key(k)) >= 0) {
		int how = items_answer(t, st->item, (enum answer)a);

		if (how == 2)
			items_follow_up(t, st->item, how);
	} else if (k->fn == 0 && (k->ch == 'e' || k->ch == '\r' || k->ch == '\n')) {
		st->editing = 1;
		note_edit_start(st, session_note(t->s, st->item));
	} else if (k->fn == 0 && k->ch == 'c')
		tui_run_checks(t, st->item, 1);
	else if (k->fn == 0 && (k->ch == 'r' || k->ch == 'R'))
		tui_run_checks(t, NULL, k->ch == 'R');
	else if (k->fn == 0 && k->ch == 'W') {
		enum item_outcome o = session_item_outcome(t->s, st->item);

		if (session_role(t->s) != ROLE_IT)
			tui_message(t, "%s",
			    tr(t, "Only the IT role records waivers.",
			        "免除を記録できるのは IT 担当だけです。"));
		else if (o != OUTCOME_FAILED && o != OUTCOME_WAIVED)
			tui_message(t, "%s",
			    tr(t, "Only a failed item can be waived.",
			        "免除できるのは不合格の項目だけです。"));
		else {
			waiver_clear(t);
			st->editing = 1;
			waiver_field(t, 1);
		}
	} else if (k->fn == 0 && k->ch == '\t')
		detail_step(t, 1);
	else if (k->fn == KEY_BTAB)
		detail_step(t, -1);
	else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j'))
		st->scroll++;
	else if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (st->scroll > 0)
			st->scroll--;
	} else if (k->fn == KEY_NPAGE || (k->fn == 0 && k->ch == ' '))
		st->scroll += 10;
	else if (k->fn == KEY_PPAGE)
		st->scroll = st->scroll > 10 ? st->scroll - 10 : 0;
	else if (k->fn == KEY_LEFT || (k->fn == 0 && (k->ch == 27 || k->ch == 'h')))
		tui_goto(t, st->back == SCR_SUMMARY ? SCR_SUMMARY : SCR_ITEMS);
	else if (k->fn == KEY_F(9) || (k->fn == 0 && k->ch == 's'))
		tui_goto(t, SCR_SUMMARY);
	else
		return TUI_UNHANDLED;
	return TUI_HANDLED | TUI_REDRAW;
}

/* Frees the state of both screens. */
static void
items_free(struct tui *t)
{
	struct items_state *st = t->data[SCR_ITEMS];
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < 4; i++)
		free(st->waiver[i]);
	free(st->waiver_err);
	tui_edit_free(&st->note);
	tui_edit_free(&st->search);
	free(st->query);
	free(st);
	t->data[SCR_ITEMS] = NULL;
}

/* The item list's keys, for the help screen. */
static const struct tui_hint items_help[] = {
	{ "↑ ↓  j k", "move", "移動" },
	{ "PgUp PgDn  g G", "page up / down, first / last", "前後のページ・先頭／末尾" },
	{ "Enter →  Esc ←", "open the item / back to the overview", "項目を開く／概要画面に戻る" },
	{ "Tab / S-Tab", "next / previous category", "次・前の分類" },
	{ "y n a  x", "answer yes / no / n.a.; x clears the answer", "回答: はい／いいえ／対象外、x で取消" },
	{ "e", "edit the note (any language)", "メモを編集（日本語可）" },
	{ "c", "run the item's automatic checks", "項目の自動チェックを実行" },
	{ "W", "waive a failed item (IT role: who, why, until)",
	    "不合格の項目を免除（IT: 承認者・理由・期限）" },
	{ "r  R", "run missing / all automatic checks", "未実行／全部の自動チェックを実行" },
	{ "/", "search items by id or words (either language)", "番号・語句で項目を検索（日英どちらでも）" },
	{ "f", "filter: failed, open, needs attention, all", "絞り込み: 不合格・未了・要確認・すべて" },
	{ "d", "the device record", "機器の記録" },
	{ "s  F9", "summary, verdict and report", "まとめ・判定・報告書" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_items = {
	.name = "items",
	.draw = items_draw,
	.key = items_key,
	.free = items_free,
	.help = items_help,
};

/* The item's keys, for the help screen. */
static const struct tui_hint detail_help[] = {
	{ "↑ ↓  j k", "scroll the item text", "本文のスクロール" },
	{ "Esc  ←", "back to the list", "一覧に戻る" },
	{ "Tab / S-Tab", "next / previous item", "次・前の項目" },
	{ "y n a  x", "answer yes / no / n.a.; x clears the answer", "回答: はい／いいえ／対象外、x で取消" },
	{ "e", "edit the note (any language)", "メモを編集（日本語可）" },
	{ "c", "run this item's automatic checks", "この項目の自動チェックを実行" },
	{ "W", "waive a failed item (IT role: who, why, until)",
	    "不合格の項目を免除（IT: 承認者・理由・期限）" },
	{ "d", "the device record", "機器の記録" },
	{ "s  F9", "summary, verdict and report", "まとめ・判定・報告書" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_detail = {
	.name = "detail",
	.init = detail_init,
	.draw = detail_draw,
	.key = detail_key,
	.help = detail_help,
};
