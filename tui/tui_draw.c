/*
 * tui_draw.c: the only way screens put text on the terminal. Every string
 * goes through text_fit()/text_wrap() (util/text.h), so it is sanitised and
 * measured in columns: a kanji takes two columns and is never split, and a
 * control byte in a file name shows as an escape, never raw.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

void
tui_put(const struct tui *t, int y, int x, int cols, const char *s, enum tui_role r, int pad)
{
	char *f;

	if (cols <= 0 || y < 0 || y >= t->rows || x >= t->cols)
		return;
	if (x + cols > t->cols)
		cols = t->cols - x;
	f = text_fit(s != NULL ? s : "", cols, pad);
	attrset(tui_attr(t, r));
	mvaddstr(y, x, f);
	attrset(A_NORMAL);
	free(f);
}

void
tui_putf(const struct tui *t, int y, int x, int cols, enum tui_role r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	tui_put(t, y, x, cols, s, r, 0);
	free(s);
}

int
tui_wrap(const struct tui *t, int y, int x, int cols, int skip, int maxrows, const char *s, enum tui_role r)
{
	size_t n, i;
	char **lines;
	int drawn = 0;

	if (cols <= 0)
		return 0;
	lines = text_wrap(s != NULL ? s : "", cols, &n);
	for (i = (size_t)(skip > 0 ? skip : 0); i < n && drawn < maxrows; i++, drawn++)
		tui_put(t, y + drawn, x, cols, lines[i], r, 0);
	text_lines_free(lines);
	return (int)n;
}

void
tui_title(const struct tui *t, const char *title)
{
	char *right;

	attrset(tui_attr(t, TA_TITLE));
	mvhline(0, 0, ' ', t->cols);
	attrset(A_NORMAL);
	tui_putf(t, 0, 1, t->cols - 2, TA_TITLE, "reentry │ %s", title);
	if (t->s != NULL && t->cols >= 60) {
		enum role role = session_role(t->s);
		const char *rn = tui_role_word(t, role);

		right = xasprintf("%s · %s · %s", session_operator(t->s), rn,
		    t->lang == LANG_JA ? "日本語" : "English");
		int w = text_width(right);
		if (w > t->cols / 2 - 2)
			w = t->cols / 2 - 2;
		tui_put(t, 0, t->cols - w - 1, w, right, TA_TITLE, 0);
		free(right);
	}
}

void
tui_hints(const struct tui *t, const struct tui_hint *h)
{
	int x = 0, y = t->rows - 1;

	if (t->message != NULL) {
		/*
		 * Wrapped upwards over the screen's last rows, never cut: a long path
		 * in an error must not hide the reason after it (at the kiosk nobody
		 * can scroll or ask). The message goes with the next key.
		 */
		size_t n, i;
		char **lines = text_wrap(t->message, t->cols, &n);
		int max = t->kiosk ? 4 : 3, rows = n < (size_t)max ? (int)n : max;

		for (i = 0; i < (size_t)rows; i++)
			tui_put(t, y - rows + (int)i, 0, t->cols, lines[i], TA_WARN, 1);
		text_lines_free(lines);
	}
	attrset(tui_attr(t, TA_BAR));
	mvhline(y, 0, ' ', t->cols);
	attrset(A_NORMAL);
	for (; h != NULL && h->key != NULL && x < t->cols; h++) {
		const char *label = tr(t, h->en, h->ja);
		int kw = text_width(h->key), lw = text_width(label);

		if (x + kw + 1 + lw > t->cols)
			break;
		tui_put(t, y, x, kw, h->key, TA_KEY, 0);
		tui_put(t, y, x + kw + 1, lw, label, TA_BAR, 0);
		x += kw + 1 + lw + 2;
	}
}

const char *
tui_outcome_tag(enum item_outcome o, enum tui_role *r)
{
	switch (o) {
	case OUTCOME_PASSED: *r = TA_PASS; return "[PASS]";
	case OUTCOME_FAILED: *r = TA_FAIL; return "[FAIL]";
	case OUTCOME_WAIVED: *r = TA_WARN; return "[WAIV]";
	case OUTCOME_NA: *r = TA_DIM; return "[N/A ]";
	case OUTCOME_UNDETERMINED: *r = TA_WARN; return "[ ?? ]";
	case OUTCOME_ATTENTION: *r = TA_WARN; return "[ !! ]";
	case OUTCOME_OPEN:
	default: *r = TA_NORMAL; return "[    ]";
	}
}

const char *
tui_status_tag(enum check_status s, enum tui_role *r)
{
	switch (s) {
	case CHECK_PASS: *r = TA_PASS; return "[PASS]";
	case CHECK_WARN: *r = TA_WARN; return "[WARN]";
	case CHECK_FAIL: *r = TA_FAIL; return "[FAIL]";
	case CHECK_ERROR: *r = TA_FAIL; return "[ERR ]";
	case CHECK_SKIP: *r = TA_DIM; return "[SKIP]";
	case CHECK_UNKNOWN:
	default: *r = TA_WARN; return "[ ?? ]";
	}
}

const char *
tui_verdict_word(const struct tui *t, enum verdict_kind v, enum tui_role *r)
{
	switch (v) {
	case VERDICT_PASS: *r = TA_PASS; return tr(t, "PASS", "合格 PASS");
	case VERDICT_FAIL: *r = TA_FAIL; return tr(t, "FAIL", "不合格 FAIL");
	case VERDICT_INCOMPLETE:
	default: *r = TA_WARN; return tr(t, "INCOMPLETE", "未完了 INCOMPLETE");
	}
}

void
tui_bar(const struct tui *t, int y, int x, int cols, double frac)
{
	int i, fill;

	if (cols < 3)
		return;
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	fill = (int)(frac * (cols - 2) + 0.5);
	mvaddch(y, x, '[');
	attrset(tui_attr(t, TA_PASS));
	for (i = 0; i < cols - 2; i++)
		mvaddch(y, x + 1 + i, i < fill ? '#' : '.');
	attrset(A_NORMAL);
	mvaddch(y, x + cols - 1, ']');
}

void
tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	free(t->message);
	va_start(ap, fmt);
	t->message = xvasprintf(fmt, ap);
	va_end(ap);
}

const char *
tui_result_summary(const struct tui *t, const struct check_result *r)
{
	const char *s = t->lang == LANG_JA ? r->summary_ja : r->summary_en;

	if (s == NULL || s[0] == '\0')
		s = t->lang == LANG_JA ? r->summary_en : r->summary_ja;
	return s != NULL ? s : "";
}

void
tui_failed(struct tui *t, const char *what_en, const char *what_ja, const char *err)
{
	char *ja;

	if (t->lang != LANG_JA) {
		tui_message(t, "%s: %s", what_en, err);
		return;
	}
	ja = errtext_failed_ja(what_ja, err);
	tui_message(t, "%s", ja);
	free(ja);
}

void
tui_message_clear(struct tui *t)
{
	free(t->message);
	t->message = NULL;
}

const char *
tui_outcome_word(const struct tui *t, enum item_outcome o)
{
	switch (o) {
	case OUTCOME_PASSED: return tr(t, "passed", "合格");
	case OUTCOME_FAILED: return tr(t, "failed", "不合格");
	case OUTCOME_WAIVED: return tr(t, "waived", "免除");
	case OUTCOME_NA: return tr(t, "n/a", "対象外");
	case OUTCOME_UNDETERMINED: return tr(t, "undetermined", "判定不能");
	case OUTCOME_ATTENTION: return tr(t, "needs attention", "要確認");
	case OUTCOME_OPEN:
	default: return tr(t, "open", "未判定");
	}
}

void
tui_engine_line(const struct tui *t, int y)
{
	tui_put(t, y, 2, t->cols - 4, t->engine_line, TA_DIM, 0);
}

void
tui_engine_lines(const struct tui *t, int y, int maxrows)
{
	size_t n;
	char **lines = text_wrap(t->engine_line, t->cols - 4, &n);

	/* a long error (what to run, where) wraps upwards from row y, never cut */
	if ((int)n > maxrows)
		n = (size_t)maxrows;
	tui_wrap(t, y - (int)n + 1, 2, t->cols - 4, 0, (int)n, t->engine_line, TA_DIM);
	text_lines_free(lines);
}

const char *
tui_role_word(const struct tui *t, enum role role)
{
	if (t->lang != LANG_JA)
		return role_name(role);
	return role == ROLE_STAFF   ? "職員" :
	    role == ROLE_IT         ? "IT 担当" :
	    role == ROLE_MANAGEMENT ? "管理者層" :
	                              role_name(role);
}

const char *
tui_hit_why(const struct tui *t, const struct json *hit, const char *what)
{
	char key[32];
	const char *ja;

	/* a reason carries its Japanese form beside it ("reason_ja"); a signature name has none */
	if (t->lang == LANG_JA && snprintf(key, sizeof key, "%s_ja", what) < (int)sizeof key &&
	    (ja = json_get_str(json_get(hit, key))) != NULL)
		return ja;
	return json_get_str(json_get(hit, what));
}

char *
tui_result_findings(const struct tui *t, const struct check_result *r, size_t max)
{
	static const struct {
		const char *list, *what, *mark;
	} kinds[] = {
		{ "infected", "signature", "!" },
		{ "unscannable", "reason", "?" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t k, i, shown = 0, total = 0;

	const char *root = target_root(t->target);

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		const struct json *a = json_get(r->details, kinds[k].list);

		for (i = 0; i < json_len(a); i++, total++) {
			const struct json *h = json_at(a, i);
			const char *p = json_get_str(json_get(h, "path"));
			const char *w = tui_hit_why(t, h, kinds[k].what);
			char *sp, *sw;

			if (shown >= max)
				continue;
			/* paths under the --root prefix are shown as the system sees them */
			if (p != NULL && strcmp(root, "/") != 0 &&
			    strncmp(p, root, strlen(root)) == 0 && p[strlen(root)] == '/')
				p += strlen(root);
			/* escaped here: a newline in a name must not start a line of its own */
			sp = text_sanitize(p != NULL ? p : "?");
			sw = text_sanitize(w != NULL ? w : "");
			sb_addf(&sb, "  %s %s: %s\n", kinds[k].mark, sp, sw);
			free(sp);
			free(sw);
			shown++;
		}
	}
	if (total > shown)
		sb_addf(&sb,
		    tr(t, "  … and %zu more (in the report)\n", "  …ほか %zu 件（報告書を参照）\n"),
		    total - shown);
	if (sb.buf == NULL)
		return NULL;
	return sb_detach(&sb);
}
