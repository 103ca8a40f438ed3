/*
 * strbuf.h: a growable byte string, always NUL-terminated.
 *
 * A zeroed struct (STRBUF_INIT) is an empty buffer. sb_add* may reallocate
 * buf; pointers into it are valid only until the next sb_add*.
 */
#ifndef REENTRY_STRBUF_H
#define REENTRY_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sb_truncate(struct strbuf *sb, size_t len);
/* Returns the string (never NULL, "" when empty) and leaves sb empty; caller frees. */
char *sb_detach(struct strbuf *sb);
/* The string, "" when empty; valid until the next change. */
const char *sb_str(const struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
