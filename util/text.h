/*
 * text.h: UTF-8 in, terminal columns out.
 *
 * The one place that measures text for display. Widths are columns (wcwidth),
 * never bytes: a kanji is three bytes and two columns. Untrusted bytes (file
 * names from a medium, notes, YAML scalars) go through text_sanitize() or
 * text_fit() before they reach a terminal: control characters become visible
 * escapes, invalid UTF-8 becomes U+FFFD, and bidirectional overrides are
 * escaped so a name cannot disguise itself.
 *
 * Call text_locale_init() once at start-up: it applies the environment's
 * locale and falls back to C.UTF-8 for character handling when that locale is
 * missing or not UTF-8.
 */
#ifndef REENTRY_TEXT_H
#define REENTRY_TEXT_H

#include <stddef.h>
#include <stdint.h>

void text_locale_init(void);

/*
 * Decodes one code point from s (at most len bytes, len > 0). Returns the
 * bytes consumed (1..4). Invalid or overlong sequences, surrogates and
 * truncated input consume one byte and yield U+FFFD with *valid = 0.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp, int *valid);
/* Encodes cp into out (at least 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);
/* Whether the len bytes at s are valid UTF-8 with no NUL. */
int utf8_valid(const char *s, size_t len);

/* Columns one code point takes once sanitised (an escape takes its length). */
int text_cp_width(uint32_t cp);
/* Columns the sanitised form of s takes. */
int text_width(const char *s);

/* The display-safe form of s (see the file comment); caller frees. */
char *text_sanitize(const char *s);
/* Same, for len bytes that may hold NULs. */
char *text_sanitize_n(const char *s, size_t len);

/*
 * s sanitised and cut to at most cols columns, never splitting a wide
 * character; when cut, the last column is "…". With pad, spaces fill it to
 * exactly cols columns. Caller frees.
 */
char *text_fit(const char *s, int cols, int pad);

/*
 * Wraps sanitised s into lines of at most cols columns, breaking at spaces
 * where it can and between any two characters otherwise (Japanese has no
 * spaces). Between characters it follows the Japanese line-breaking rules
 * (kinsoku): no line starts with a closing bracket, 。、・ー, ！？ or a small
 * kana, and none ends with an opening bracket; the break moves back a
 * character or two for that, except where a whole line is made of such
 * characters. Explicit newlines start new lines. Returns a NULL-terminated
 * array of lines; free with text_lines_free().
 */
char **text_wrap(const char *s, int cols, size_t *nlines);
void text_lines_free(char **lines);

#endif
