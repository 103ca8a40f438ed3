/*
 * diag.h: a list of diagnostics, each "FILE:LINE:COLUMN: message".
 *
 * Loaders and validators collect every problem they find here instead of
 * stopping at the first; the caller prints them. line/col are 1-based, 0 when
 * the input has no position for the problem.
 */
#ifndef REENTRY_DIAG_H
#define REENTRY_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
	char *file;
	int line;
	int col;
	char *msg;
};

struct diags {
	struct diag *v;
	size_t n;
	size_t cap;
};

#define DIAGS_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void diag_add(struct diags *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Formats one diagnostic as "file:line:col: msg" (parts omitted when 0); caller frees. */
char *diag_format(const struct diag *g);
/* Prints every diagnostic, one per line, with control bytes escaped. */
void diags_print(const struct diags *d, FILE *fp);
void diags_clear(struct diags *d);

#endif
