/*
 * plan.h: which automatic checks to run, with which parameters.
 *
 * A plan is built from the checklist's bindings: each check once, in the
 * order items name them, with the parameters of its first binding among
 * the items considered. The session builds the plan for its role
 * (session_plan()); `reentry check` builds one for the checks named on its
 * command line. Everything that runs checks runs a plan, through the one
 * runner in session/runner.h.
 *
 * Ownership: a plan borrows the checks and the parameters from the
 * checklist, which must outlive it; plan_free() frees the array only.
 */
#ifndef REENTRY_PLAN_H
#define REENTRY_PLAN_H

#include <stddef.h>

#include "checklist.h"

struct plan_entry {
	const struct check *check;
	const struct json *params; /* the binding's parameters, or NULL when unbound */
};

struct plan {
	struct plan_entry *v;
	size_t n;
};
#define PLAN_INIT                                                                                  \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* Whether c is in the plan. */
int plan_has(const struct plan *p, const struct check *c);
/* Adds each check bound to it that is not in the plan yet, with this binding's parameters. */
void plan_add_item(struct plan *p, const struct item *it);
/* Adds c, unless present, with the parameters of its first binding in cl (NULL when unbound). */
void plan_add_check(struct plan *p, const struct checklist *cl, const struct check *c);
/* Frees the array; the plan is empty after. */
void plan_free(struct plan *p);

#endif
