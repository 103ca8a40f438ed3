/*
 * diag.c: collected error messages with file positions.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "text.h"
#include "xalloc.h"

void
diag_add(struct diags *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	struct diag *g;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	g = &d->v[d->n++];
	g->file = xstrdup(file != NULL ? file : "-");
	g->line = line;
	g->col = col;
	va_start(ap, fmt);
	g->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

char *
diag_format(const struct diag *g)
{
	if (g->line > 0 && g->col > 0)
		return xasprintf("%s:%d:%d: %s", g->file, g->line, g->col, g->msg);
	if (g->line > 0)
		return xasprintf("%s:%d: %s", g->file, g->line, g->msg);
	return xasprintf("%s: %s", g->file, g->msg);
}

void
diags_print(const struct diags *d, FILE *fp)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		char *safe = text_sanitize(s);

		fprintf(fp, "%s\n", safe);
		free(safe);
		free(s);
	}
}

void
diags_clear(struct diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
