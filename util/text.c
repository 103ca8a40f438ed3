/*
 * text.c: UTF-8 decoding, sanitising and column measurement.
 */
#include "text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "xalloc.h"

void
text_locale_init(void)
{
	const char *cs;

	if (setlocale(LC_ALL, "") == NULL)
		setlocale(LC_ALL, "C");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "C.utf8");
	}
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp, int *valid)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	*valid = 0;
	*cp = 0xFFFD;
	if (u[0] < 0x80) {
		*cp = u[0];
		*valid = 1;
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2;
		c = u[0] & 0x1F;
		min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		c = u[0] & 0x0F;
		min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		return 1;
	if (len < n)
		return 1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	*valid = 1;
	return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int
utf8_valid(const char *s, size_t len)
{
	size_t off = 0;

	while (off < len) {
		uint32_t cp;
		int ok;

		off += utf8_decode(s + off, len - off, &cp, &ok);
		if (!ok || cp == 0)
			return 0;
	}
	return 1;
}

/* Whether cp must be shown as an escape rather than itself. */
static int
needs_escape(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return 1;
	/* bidirectional embeddings, overrides and isolates */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
		return 1;
	return 0;
}

/* Appends the escape for cp (\n, \t, \xHH, \u{HHHH}). */
static void
add_escape(struct strbuf *sb, uint32_t cp)
{
	if (cp == '\n')
		sb_adds(sb, "\\n");
	else if (cp == '\t')
		sb_adds(sb, "\\t");
	else if (cp == '\r')
		sb_adds(sb, "\\r");
	else if (cp < 0x100)
		sb_addf(sb, "\\x%02x", (unsigned)cp);
	else
		sb_addf(sb, "\\u{%04x}", (unsigned)cp);
}

/* Appends the display form of one decoded code point; returns its columns. */
static int
add_display(struct strbuf *sb, uint32_t cp, int valid)
{
	char enc[4];
	size_t before = sb->len;
	int w;

	if (!valid)
		cp = 0xFFFD;
	if (needs_escape(cp)) {
		add_escape(sb, cp);
		return (int)(sb->len - before);
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0) {
		cp = 0xFFFD;
		w = 1;
	}
	sb_add(sb, enc, utf8_encode(cp, enc));
	return w;
}

int
text_cp_width(uint32_t cp)
{
	struct strbuf sb = STRBUF_INIT;
	int w = add_display(&sb, cp, 1);

	sb_free(&sb);
	return w;
}

char *
text_sanitize_n(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t off = 0;

	while (off < len) {
		uint32_t cp;
		int ok;

		off += utf8_decode(s + off, len - off, &cp, &ok);
		add_display(&sb, cp, ok);
	}
	return sb_detach(&sb);
}

char *
text_sanitize(const char *s)
{
	return text_sanitize_n(s, strlen(s));
}

int
text_width(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t off = 0, len = strlen(s);
	int w = 0;

	while (off < len) {
		uint32_t cp;
		int ok;

		off += utf8_decode(s + off, len - off, &cp, &ok);
		w += add_display(&sb, cp, ok);
		sb_truncate(&sb, 0);
	}
	sb_free(&sb);
	return w;
}

char *
text_fit(const char *s, int cols, int pad)
{
	struct strbuf out = STRBUF_INIT, one = STRBUF_INIT;
	size_t off = 0, len = strlen(s);
	int used = 0, total = text_width(s);

	if (cols < 0)
		cols = 0;
	while (off < len) {
		uint32_t cp;
		int ok, w;

		off += utf8_decode(s + off, len - off, &cp, &ok);
		sb_truncate(&one, 0);
		w = add_display(&one, cp, ok);
		if (total > cols) {
			/* keep one column for the ellipsis */
			if (used + w > cols - 1)
				break;
		}
		sb_add(&out, one.buf, one.len);
		used += w;
	}
	if (total > cols && cols > 0) {
		sb_adds(&out, "\xe2\x80\xa6");
		used++;
	}
	while (pad && used < cols) {
		sb_addc(&out, ' ');
		used++;
	}
	sb_free(&one);
	return sb_detach(&out);
}

/* Adds one finished line to the array. */
static void
push_line(char ***lines, size_t *n, size_t *cap, struct strbuf *line)
{
	if (*n + 2 > *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*lines = xreallocarray(*lines, *cap, sizeof **lines);
	}
	(*lines)[(*n)++] = sb_detach(line);
	(*lines)[*n] = NULL;
}

/*
 * Japanese line breaking (kinsoku shori, after JIS X 4051): characters that
 * may not start a line (closing brackets, the small kana, the prolonged
 * sound mark, punctuation) and those that may not end one (opening
 * brackets).
 */
static int
no_line_start(uint32_t cp)
{
	static const char *const set = "、。，．・：；？！゛゜ーヽヾゝゞ々〻‐–〜～…‥"
	                               "）〕］｝〉》」』】〙〗’”"
	                               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
	                               "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
	                               "｡｣､･ｰｧｨｩｪｫｬｭｮｯ";
	size_t off = 0, len = strlen(set);

	if (cp == ')' || cp == ']' || cp == '}' || cp == ',' || cp == '.' || cp == '!' ||
	    cp == '?' || cp == ':' || cp == ';')
		return 1;
	while (off < len) {
		uint32_t c;
		int ok;

		off += utf8_decode(set + off, len - off, &c, &ok);
		if (c == cp)
			return 1;
	}
	return 0;
}

static int
no_line_end(uint32_t cp)
{
	static const uint32_t set[] = { 0xff08, 0x3014, 0xff3b, 0xff5b, 0x3008, 0x300a, 0x300c,
		0x300e, 0x3010, 0x3018, 0x3016, 0x2018, 0x201c, 0xff62 };
	size_t i;

	for (i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* One character of the line being built: where it starts, its columns. */
struct wrap_char {
	size_t off;
	int w;
	uint32_t cp;
};

char **
text_wrap(const char *s, int cols, size_t *nlines)
{
	char **lines = NULL;
	size_t n = 0, cap = 0, off = 0, len = strlen(s);
	struct strbuf line = STRBUF_INIT, one = STRBUF_INIT;
	struct wrap_char *chars = NULL;
	size_t nch = 0, chcap = 0;
	size_t brk = 0; /* characters in line before the one just after the last space */
	int used = 0;

	if (cols < 1)
		cols = 1;
	while (off < len) {
		uint32_t cp;
		int ok, w;

		off += utf8_decode(s + off, len - off, &cp, &ok);
		if (ok && cp == '\n') {
			push_line(&lines, &n, &cap, &line);
			used = 0;
			nch = brk = 0;
			continue;
		}
		sb_truncate(&one, 0);
		w = add_display(&one, cp, ok);
		if (used + w > cols && used > 0) {
			size_t cut = nch, keep, i;
			char *rest;

			if (brk > 0) {
				/* move the word after the last space to a new line */
				cut = brk;
			} else {
				/* between characters: not before one that may not start a line,
				 * nor after one that may not end it (kinsoku) */
				while (cut > 0 &&
				    (no_line_start(cut == nch ? cp : chars[cut].cp) ||
				        no_line_end(chars[cut - 1].cp)))
					cut--;
				if (cut == 0)
					cut = nch; /* a whole line of such characters: break anyway */
			}
			rest = xstrdup(cut < nch ? line.buf + chars[cut].off : "");
			keep = cut < nch ? chars[cut].off : line.len;
			sb_truncate(&line, keep);
			while (line.len > 0 && line.buf[line.len - 1] == ' ')
				sb_truncate(&line, line.len - 1);
			push_line(&lines, &n, &cap, &line);
			sb_adds(&line, rest);
			free(rest);
			for (i = cut, used = 0; i < nch; i++) {
				chars[i - cut] = chars[i];
				chars[i - cut].off -= keep;
				used += chars[i].w;
			}
			nch -= cut;
			brk = 0;
			if (ok && cp == ' ' && used == 0)
				continue;
		}
		if (nch + 1 > chcap) {
			chcap = chcap ? chcap * 2 : 64;
			chars = xreallocarray(chars, chcap, sizeof *chars);
		}
		chars[nch].off = line.len;
		chars[nch].w = w;
		chars[nch].cp = ok ? cp : 0xfffd;
		nch++;
		sb_add(&line, one.buf, one.len);
		used += w;
		if (ok && cp == ' ')
			brk = nch;
	}
	if (line.len > 0 || n == 0)
		push_line(&lines, &n, &cap, &line);
	sb_free(&line);
	sb_free(&one);
	free(chars);
	if (nlines != NULL)
		*nlines = n;
	return lines;
}

void
text_lines_free(char **lines)
{
	size_t i;

	if (lines == NULL)
		return;
	for (i = 0; lines[i] != NULL; i++)
		free(lines[i]);
	free(lines);
}
