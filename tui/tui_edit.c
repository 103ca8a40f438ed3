/*
 * tui_edit.c: a one-line text editor for the UI: operator names, notes in
 * any language, the kiosk passphrase. It holds wide characters (from
 * get_wch, so an input method's Japanese arrives whole), measures them in
 * columns with text_cp_width(), scrolls sideways to keep the cursor in view,
 * and never splits a wide character at the edge.
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
	while (off < len && e->len < max) {
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
	case 0x15: /* ^U */
		memmove(e->buf, e->buf + e->cur, (e->len - e->cur) * sizeof *e->buf);
		e->len -= e->cur;
		e->cur = 0;
		return 1;
	default: break;
	}
	if (!edit_acceptable(k->ch))
		return 0;
	if (e->len >= e->max)
		return 1;
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
