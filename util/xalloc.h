/*
 * xalloc.h: allocation that cannot fail, and the one fatal() exit.
 *
 * Out-of-memory and impossible states are the only errors that do not travel
 * back to the caller. fatal() runs the hook the UI registered (to restore the
 * terminal) before it prints and exits, so a crash never leaves raw mode.
 */
#ifndef REENTRY_XALLOC_H
#define REENTRY_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Frees a NULL-terminated array of strings and the strings. */
void strv_free(char **v);
/* Formats into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Called by fatal() before it prints; the UI sets it to end curses. */
void fatal_set_hook(void (*hook)(void));
/* Restores the terminal (through the hook), prints "reentry: msg", exits 2. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * snprintf that reports truncation: returns 0 when the whole string fit,
 * -1 when it was cut (the buffer still holds a terminated prefix).
 */
int xsnprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Overwrites memory that held secrets in a way the compiler keeps. */
void xwipe(void *p, size_t n);

#endif
