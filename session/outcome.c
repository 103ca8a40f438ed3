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

/* Outcome before waivers; *by_check says whether checks (not a person) decided it. */
static enum item_outcome
raw_outcome(const struct session *s, const struct item *it, int *by_check)
{
	struct item_state *states;
	enum answer a = session_answer(s, it);
	const struct checklist *cl = session_checklist(s);
	enum check_status st;
	int complete, applies;
	size_t i;

	*by_check = 0;
	if (it->when != NULL) {
		states = xcalloc(cl->nitems, sizeof *states);
		for (i = 0; i < cl->nitems; i++) {
			states[i].answer = session_answer(s, cl->items[i]);
			states[i].has_status = item_check_status(s, cl->items[i], &states[i].status);
		}
		applies = item_applies(it, states);
		free(states);
		if (applies == 0) {
			*by_check = 1;
			return OUTCOME_NA;
		}
	}
	if (it->kind != KIND_AUTO || it->nchecks == 0) {
		switch (a) {
		case ANSWER_YES: return OUTCOME_PASSED;
		case ANSWER_NO: return OUTCOME_FAILED;
		case ANSWER_NA: return OUTCOME_NA;
		case ANSWER_NONE: break;
		}
		return OUTCOME_OPEN;
	}
	/* automatic: a failed check fails the item whatever a person said */
	complete = item_check_status(s, it, &st);
	if (st == CHECK_FAIL) {
		*by_check = 1;
		return OUTCOME_FAILED;
	}
	if (a == ANSWER_NO)
		return OUTCOME_FAILED;
	if (complete && (st == CHECK_PASS || st == CHECK_WARN)) {
		*by_check = 1;
		return OUTCOME_PASSED;
	}
	if (complete && st == CHECK_SKIP) {
		*by_check = 1;
		return OUTCOME_NA;
	}
	/* the checks could not decide: a person's answer can */
	switch (a) {
	case ANSWER_YES: return OUTCOME_PASSED;
	case ANSWER_NA: return OUTCOME_NA;
	default: break;
	}
	return complete ? OUTCOME_UNDETERMINED : OUTCOME_OPEN;
}

/* The outcome, and whether checks decided it. */
static enum item_outcome
outcome_of(const struct session *s, const struct item *it, int *by_check)
{
	enum item_outcome o = raw_outcome(s, it, by_check);
	time_t now = session_finished(s) != 0 ? session_finished(s) : time(NULL);

	if (o == OUTCOME_FAILED && waiver_active(session_waiver(s, it), now))
		return OUTCOME_WAIVED;
	return o;
}

enum item_outcome
session_item_outcome(const struct session *s, const struct item *it)
{
	int by_check;

	return outcome_of(s, it, &by_check);
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
	size_t i;

	memset(v, 0, sizeof *v);
	for (i = 0; i < session_checklist(s)->nitems; i++) {
		const struct item *it = session_checklist(s)->items[i];
		enum item_outcome o;
		int by_check;

		if (!session_item_visible(s, it))
			continue;
		v->total++;
		o = outcome_of(s, it, &by_check);
		switch (o) {
		case OUTCOME_OPEN:
		case OUTCOME_UNDETERMINED: v->undetermined++; continue;
		case OUTCOME_FAILED: v->failed++; break;
		case OUTCOME_WAIVED: v->waived++; break;
		case OUTCOME_NA: v->not_applicable++; break;
		case OUTCOME_PASSED: break;
		}
		if (by_check)
			v->automatic++;
		else
			v->answered++;
	}
	if (v->failed > 0)
		v->kind = VERDICT_FAIL;
	else if (v->undetermined > 0)
		v->kind = VERDICT_INCOMPLETE;
	else
		v->kind = VERDICT_PASS;
}
