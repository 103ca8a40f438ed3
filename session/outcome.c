/*
 * outcome.c: the rules that turn answers, check results and waivers into
 * an item's outcome and a session's verdict (session.h; the rules are
 * written out in docs/sessions.md). They read the session only through
 * its public getters.
 */
#include "session.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/xalloc.h"

/*
 * The combined status of it's checks: 1 and *st when every bound check has
 * a result, 0 when some have not run (then *st is the worst so far).
 */
static int
item_check_status(const struct session *s, const struct item *it, enum check_status *st)
{
	size_t j;
	int have = 0, complete = 1;

	*st = CHECK_SKIP;
	for (j = 0; j < it->nchecks; j++) {
		const struct check_result *r = session_result(s, it->checks[j].check->id);

		if (r == NULL) {
			complete = 0;
			continue;
		}
		*st = have ? check_status_worse(*st, r->status) : r->status;
		have = 1;
	}
	return complete && have;
}

/*
 * Whether the session's person may stand in for checks that did not decide
 * the item: only the IT role, and only with a note saying what was checked
 * instead. Staff (the kiosk included) never can.
 */
static int
may_stand_in(const struct session *s, const struct item *it)
{
	return session_role(s) == ROLE_IT && session_note(s, it)[0] != '\0';
}

/* The decision before waivers. */
static void
raw_decision(const struct session *s, const struct item *it, struct item_decision *d)
{
	struct item_state *states;
	enum answer a = session_answer(s, it);
	const struct checklist *cl = session_checklist(s);
	enum check_status st;
	int complete, applies;
	size_t i;

	memset(d, 0, sizeof *d);
	d->outcome = OUTCOME_OPEN;
	d->basis = BASIS_NONE;
	if (it->when != NULL) {
		states = xcalloc(cl->nitems, sizeof *states);
		for (i = 0; i < cl->nitems; i++) {
			states[i].answer = session_answer(s, cl->items[i]);
			states[i].has_status = item_check_status(s, cl->items[i], &states[i].status);
		}
		applies = item_applies(it, states);
		free(states);
		if (applies == 0) {
			d->outcome = OUTCOME_NA;
			d->basis = BASIS_CHECKS;
			return;
		}
	}
	if (it->kind != KIND_AUTO || it->nchecks == 0) {
		switch (a) {
		case ANSWER_YES: d->outcome = OUTCOME_PASSED; break;
		case ANSWER_NO: d->outcome = OUTCOME_FAILED; break;
		case ANSWER_NA: d->outcome = OUTCOME_NA; break;
		case ANSWER_NONE: return;
		}
		d->basis = BASIS_PERSON;
		return;
	}
	/* automatic: a failed check fails the item whatever a person said */
	complete = item_check_status(s, it, &st);
	d->checks_ran = complete;
	d->status = st;
	if (st == CHECK_FAIL) {
		d->outcome = OUTCOME_FAILED;
		d->basis = BASIS_CHECKS;
		return;
	}
	if (a == ANSWER_NO) {
		d->outcome = OUTCOME_FAILED;
		d->basis = BASIS_PERSON;
		return;
	}
	if (complete && st == CHECK_PASS) {
		d->outcome = OUTCOME_PASSED;
		d->basis = BASIS_CHECKS;
		return;
	}
	if (complete && st == CHECK_SKIP) {
		d->outcome = OUTCOME_NA;
		d->basis = BASIS_CHECKS;
		return;
	}
	/* a warning passes only when IT accepts it with a note */
	if (complete && st == CHECK_WARN) {
		if ((a == ANSWER_YES || a == ANSWER_NA) && may_stand_in(s, it)) {
			d->outcome = a == ANSWER_YES ? OUTCOME_PASSED : OUTCOME_NA;
			d->basis = BASIS_PERSON_OVER_WARNING;
		} else
			d->outcome = OUTCOME_ATTENTION;
		return;
	}
	/* unknown, error or not run: a person's word alone does not decide */
	if ((a == ANSWER_YES || a == ANSWER_NA) && may_stand_in(s, it)) {
		d->outcome = a == ANSWER_YES ? OUTCOME_PASSED : OUTCOME_NA;
		d->basis = BASIS_PERSON_OVER_UNDETERMINED;
		return;
	}
	d->outcome = complete ? OUTCOME_UNDETERMINED : OUTCOME_OPEN;
}

void
session_item_decision(const struct session *s, const struct item *it, struct item_decision *d)
{
	time_t now = session_finished(s) != 0 ? session_finished(s) : time(NULL);

	raw_decision(s, it, d);
	if (d->outcome == OUTCOME_FAILED && waiver_active(session_waiver(s, it), now))
		d->outcome = OUTCOME_WAIVED;
}

enum item_outcome
session_item_outcome(const struct session *s, const struct item *it)
{
	struct item_decision d;

	session_item_decision(s, it, &d);
	return d.outcome;
}

const char *
outcome_basis_name(enum outcome_basis b)
{
	switch (b) {
	case BASIS_NONE: return NULL;
	case BASIS_CHECKS: return "checks";
	case BASIS_PERSON: return "person";
	case BASIS_PERSON_OVER_UNDETERMINED: return "person-over-undetermined-check";
	case BASIS_PERSON_OVER_WARNING: return "person-accepted-warning";
	}
	return NULL;
}

const char *
item_outcome_name(enum item_outcome o)
{
	switch (o) {
	case OUTCOME_OPEN: return "open";
	case OUTCOME_PASSED: return "passed";
	case OUTCOME_FAILED: return "failed";
	case OUTCOME_WAIVED: return "waived";
	case OUTCOME_NA: return "n/a";
	case OUTCOME_UNDETERMINED: return "undetermined";
	case OUTCOME_ATTENTION: return "needs-attention";
	}
	return "open";
}

const char *
verdict_name(enum verdict_kind v)
{
	switch (v) {
	case VERDICT_PASS: return "pass";
	case VERDICT_FAIL: return "fail";
	case VERDICT_INCOMPLETE: return "incomplete";
	}
	return "incomplete";
}

void
session_verdict(const struct session *s, struct verdict *v)
{
	const struct checklist *cl = session_checklist(s);
	size_t i;

	memset(v, 0, sizeof *v);
	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];
		struct item_decision d;

		if (!session_item_visible(s, it))
			continue;
		v->total++;
		session_item_decision(s, it, &d);
		switch (d.outcome) {
		case OUTCOME_OPEN:
		case OUTCOME_UNDETERMINED: v->undetermined++; continue;
		case OUTCOME_ATTENTION: v->attention++; continue;
		case OUTCOME_FAILED: v->failed++; break;
		case OUTCOME_WAIVED: v->waived++; break;
		case OUTCOME_NA: v->not_applicable++; break;
		case OUTCOME_PASSED: break;
		}
		if (d.basis == BASIS_CHECKS)
			v->automatic++;
		else
			v->answered++;
		if (d.basis == BASIS_PERSON_OVER_UNDETERMINED || d.basis == BASIS_PERSON_OVER_WARNING)
			v->stood_in++;
	}
	if (v->failed > 0)
		v->kind = VERDICT_FAIL;
	else if (v->undetermined > 0 || v->attention > 0)
		v->kind = VERDICT_INCOMPLETE;
	else
		v->kind = VERDICT_PASS;
}
