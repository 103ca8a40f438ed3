/*
 * plan.c: the checks a checklist binds, each once, with its parameters
 * (see plan.h).
 */
#include "plan.h"

#include <stdlib.h>

#include "../util/xalloc.h"

int
plan_has(const struct plan *p, const struct check *c)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].check == c)
			return 1;
	return 0;
}

/* Appends c with params. */
static void
push(struct plan *p, const struct check *c, const struct json *params)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n].check = c;
	p->v[p->n].params = params;
	p->n++;
}

void
plan_add_item(struct plan *p, const struct item *it)
{
	size_t j;

	for (j = 0; j < it->nchecks; j++)
		if (!plan_has(p, it->checks[j].check))
			push(p, it->checks[j].check, it->checks[j].params);
}

void
plan_add_check(struct plan *p, const struct checklist *cl, const struct check *c)
{
	size_t i, j;

	if (plan_has(p, c))
		return;
	for (i = 0; cl != NULL && i < cl->nitems; i++)
		for (j = 0; j < cl->items[i]->nchecks; j++)
			if (cl->items[i]->checks[j].check == c) {
				push(p, c, cl->items[i]->checks[j].params);
				return;
			}
	push(p, c, NULL);
}

void
plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
