/*
 * tui_edit.c: a text editor for the UI: operator names, the kiosk
 * passphrase, waiver fields on one line; notes in any language on several
 * (Ctrl-J starts a new line). It holds wide characters (from get_wch, so an
 * input method's Japanese arrives whole), measures them in columns with
 * text_cp_width(), scrolls (sideways on one line, by rows in a box) to keep
 * the cursor in view, and never splits a wide character at the edge. At the
 * length limit a further character is refused and e->refused says so, for
 * the screen to tell the person; text given at the start is never cut.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/text.h"
#include "../util/xalloc.h"

void
tui_edit_init(struct tui_edit *e, const char *utf8, size_t max, int secret)
{
	size_t len, off = 0;

	memset(e, 0, sizeof *e);
	e->max = max;
	e->secret = secret;
	e->cap = 16;
	e->buf = xreallocarray(NULL, e->cap, sizeof *e->buf);
	len = utf8 != NULL ? strlen(utf8) : 0;
	while (off < len) {
		uint32_t cp;
		int valid;

		off += utf8_decode(utf8 + off, len - off, &cp, &valid);
		if (e->len + 1 >= e->cap) {
			e->cap *= 2;
			e->buf = xreallocarray(e->buf, e->cap, sizeof *e->buf);
		}
		e->buf[e->len++] = (wchar_t)cp;
	}
	e->cur = e->len;
}

void
tui_edit_free(struct tui_edit *e)
{
	if (e->buf != NULL)
		xwipe(e->buf, e->cap * sizeof *e->buf);
	free(e->buf);
	memset(e, 0, sizeof *e);
}

/* Whether c may be typed into a field (no controls, no lone surrogates). */
static int
edit_acceptable(wint_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	if (c > 0x10ffff)
		return 0;
	return 1;
}

int
tui_edit_key(struct tui_edit *e, const struct tui_key *k)
{
	if (k->fn != 0) {
		switch (k->fn) {
		case KEY_LEFT:
			if (e->cur > 0)
				e->cur--;
			return 1;
		case KEY_RIGHT:
			if (e->cur < e->len)
				e->cur++;
			return 1;
		case KEY_HOME: e->cur = 0; return 1;
		case KEY_END: e->cur = e->len; return 1;
		case KEY_BACKSPACE: goto backspace;
		case KEY_DC:
			if (e->cur < e->len) {
				memmove(e->buf + e->cur, e->buf + e->cur + 1,
				    (e->len - e->cur - 1) * sizeof *e->buf);
				e->len--;
			}
			return 1;
		default: return 0;
		}
	}
	switch (k->ch) {
	case 0x7f:
	case 0x08:
	backspace:
		if (e->cur > 0) {
			memmove(e->buf + e->cur - 1, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
			e->cur--;
			e->len--;
		}
		return 1;
	case 0x01: /* ^A */ e->cur = 0; return 1;
	case 0x05: /* ^E */ e->cur = e->len; return 1;
	case 0x0a: /* ^J: a new line in a multiline editor */
		if (!e->multiline)
			return 0;
		if (e->len >= e->max) {
			e->refused = 1;
			return 1;
		}
		goto insert;
	case 0x15: /* ^U */
		memmove(e->buf, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
		e->len -= e->cur;
		e->cur = 0;
		return 1;
	default: break;
	}
	if (!edit_acceptable(k->ch))
		return 0;
	if (e->len >= e->max) {
		e->refused = 1;
		return 1;
	}
insert:
	if (e->len + 1 >= e->cap) {
		e->cap *= 2;
		e->buf = xreallocarray(e->buf, e->cap, sizeof *e->buf);
	}
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
	e->buf[e->cur++] = (wchar_t)k->ch;
	e->len++;
	return 1;
}

char *
tui_edit_text(const struct tui_edit *e)
{
	char *out = xmalloc(e->len * 4 + 1);
	size_t i, o = 0;

	for (i = 0; i < e->len; i++)
		o += utf8_encode((uint32_t)e->buf[i], out + o);
	out[o] = '\0';
	return out;
}

/* Columns character i takes on screen. */
static int
edit_width(const struct tui_edit *e, size_t i)
{
	return e->secret ? 1 : text_cp_width((uint32_t)e->buf[i]);
}

void
tui_edit_draw(struct tui_edit *e, int y, int x, int cols)
{
	size_t i;
	int w, cx = x;
	char *s;

	if (cols < 2)
		return;
	e->refused = 0;
	/* keep the cursor within the field, one column left for it at the end */
	if (e->cur < e->left)
		e->left = e->cur;
	for (;;) {
		for (w = 0, i = e->left; i < e->cur; i++)
			w += edit_width(e, i);
		if (w <= cols - 1 || e->left >= e->cur)
			break;
		e->left++;
	}
	attron(A_UNDERLINE);
	mvhline(y, x, ' ', cols);
	for (w = 0, i = e->left; i < e->len; i++) {
		int cw = edit_width(e, i);
		char tmp[8];
		size_t n;

		if (w + cw > cols - 1)
			break;
		if (i == e->cur)
			cx = x + w;
		if (e->secret) {
			mvaddch(y, x + w, '*');
		} else {
			n = utf8_encode((uint32_t)e->buf[i], tmp);
			tmp[n] = '\0';
			s = text_sanitize(tmp);
			mvaddstr(y, x + w, s);
			free(s);
		}
		w += cw;
	}
	if (e->cur >= i)
		cx = x + w;
	attroff(A_UNDERLINE);
	move(y, cx);
	curs_set(1);
}

void
tui_edit_draw_box(struct tui_edit *e, int y, int x, int cols, int rows)
{
	size_t i;
	int row = 0, col = 0, crow = 0, ccol = 0, r;

	if (cols < 2 || rows < 1)
		return;
	e->refused = 0;
	/* where the cursor falls once the text is laid out (one column kept at each row's end) */
	for (i = 0; i <= e->len; i++) {
		int cw = i < e->len && e->buf[i] != L'\n' ? edit_width(e, i) : 0;

		if (col + cw > cols - 1) {
			row++;
			col = 0;
		}
		if (i == e->cur) {
			crow = row;
			ccol = col;
		}
		if (i == e->len)
			break;
		if (e->buf[i] == L'\n') {
			row++;
			col = 0;
		} else
			col += cw;
	}
	if ((size_t)crow < e->left)
		e->left = (size_t)crow;
	if ((size_t)crow >= e->left + (size_t)rows)
		e->left = (size_t)crow - (size_t)rows + 1;
	attron(A_UNDERLINE);
	for (r = 0; r < rows; r++)
		mvhline(y + r, x, ' ', cols);
	for (i = 0, row = 0, col = 0; i < e->len; i++) {
		int cw = e->buf[i] != L'\n' ? edit_width(e, i) : 0;
		char tmp[8], *s;
		size_t n;

		if (col + cw > cols - 1) {
			row++;
			col = 0;
		}
		if (e->buf[i] == L'\n') {
			row++;
			col = 0;
			continue;
		}
		if (row >= (int)e->left && row < (int)e->left + rows) {
			n = utf8_encode((uint32_t)e->buf[i], tmp);
			tmp[n] = '\0';
			s = text_sanitize(tmp);
			mvaddstr(y + row - (int)e->left, x + col, s);
			free(s);
		}
		col += cw;
	}
	attroff(A_UNDERLINE);
	move(y + crow - (int)e->left, x + ccol);
	curs_set(1);
}
