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

#include "../util/strbuf.h"
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

/* "os-updates: warn, av-signatures: not run" for the item's checks that did not pass. */
static char *
checks_not_passed(const struct session *s, const struct item *it, int ja)
{
	struct strbuf sb = STRBUF_INIT;
	size_t j;

	for (j = 0; j < it->nchecks; j++) {
		const char *id = it->checks[j].check->id;
		const struct check_result *r = session_result(s, id);

		if (r != NULL && (r->status == CHECK_PASS || r->status == CHECK_SKIP))
			continue;
		sb_addf(&sb, "%s%s: %s", sb.len ? (ja ? "、" : ", ") : "", id,
		    r == NULL ? (ja ? "未実行" : "not run") :
		        ja    ? (r->status == CHECK_WARN         ? "警告" :
		                        r->status == CHECK_FAIL  ? "不合格" :
		                        r->status == CHECK_ERROR ? "エラー" :
		                                                   "判定不能") :
		                check_status_name(r->status));
	}
	if (sb.len == 0)
		sb_adds(&sb, "");
	return sb_detach(&sb);
}

int
session_answer_advice(const struct session *s, const struct item *it, char **en, char **ja, int *wants_note)
{
	struct item_decision d;
	enum answer a = session_answer(s, it);
	int it_role = session_role(s) == ROLE_IT, noted = session_note(s, it)[0] != '\0';
	char *c_en, *c_ja;
	const char *ans_en, *ans_ja;

	*en = *ja = NULL;
	*wants_note = 0;
	if (it->kind != KIND_AUTO || it->nchecks == 0 || a == ANSWER_NONE || a == ANSWER_NO)
		return 0;
	session_item_decision(s, it, &d);
	if (d.basis == BASIS_CHECKS && d.outcome != OUTCOME_FAILED)
		return 0; /* the checks decided as the answer says, or the item does not apply */
	c_en = checks_not_passed(s, it, 0);
	c_ja = checks_not_passed(s, it, 1);
	ans_en = a == ANSWER_NA ? "n/a" : "yes";
	ans_ja = a == ANSWER_NA ? "対象外" : "はい";
	if (d.outcome == OUTCOME_FAILED || d.outcome == OUTCOME_WAIVED) {
		*en = xasprintf("%s: a check failed (%s): the item fails whatever the answer",
		    it->id, c_en);
		*ja = xasprintf("%s: チェックが不合格です（%s）。回答にかかわらず不合格になります",
		    it->id, c_ja);
	} else if (d.basis == BASIS_PERSON_OVER_WARNING) {
		*en = xasprintf("%s: recorded as a warning accepted by IT with a note (%s); the report "
		                "shows both",
		    it->id, c_en);
		*ja = xasprintf("%s: IT 担当がメモ付きで警告を承認したものとして記録しました（%s）。報告書には両方が載ります",
		    it->id, c_ja);
	} else if (d.basis == BASIS_PERSON_OVER_UNDETERMINED) {
		*en = xasprintf("%s: recorded as confirmed by IT despite checks that %s (%s); the report "
		                "shows both%s",
		    it->id, d.checks_ran ? "could not decide" : "have not run", c_en,
		    d.checks_ran ? "" : ", and the item is judged again when they run");
		*ja = xasprintf("%s: 判定できない%sチェックがありますが、IT 担当の確認として記録しました（%s）。報告書には両方が載ります%s",
		    it->id, d.checks_ran ? "" : "（未実行の）", c_ja,
		    d.checks_ran ? "" : "。チェック実行後に再判定します");
	} else if (d.outcome == OUTCOME_ATTENTION) {
		*wants_note = it_role && !noted;
		*en = it_role ?
		    xasprintf("%s: a check warned (%s): a \"%s\" accepts the warning only with a note "
		              "saying why; until then the item needs attention",
		        it->id, c_en, ans_en) :
		    xasprintf("%s: a check warned (%s): your \"%s\" does not pass this item; it needs "
		              "attention from IT",
		        it->id, c_en, ans_en);
		*ja = it_role ?
		    xasprintf("%s: チェックが警告を出しています（%s）。理由をメモに書いた場合にだけ「%s」で警告を承認できます。それまでは要対応のままです",
		        it->id, c_ja, ans_ja) :
		    xasprintf("%s: チェックが警告を出しています（%s）。「%s」だけでは合格になりません。IT 担当の対応が必要です",
		        it->id, c_ja, ans_ja);
	} else {
		/* open (checks not run) or undetermined */
		*wants_note = it_role && !noted;
		*en = it_role ?
		    xasprintf("%s: %s (%s): a \"%s\" counts only with a note saying what you checked "
		              "instead%s",
		        it->id, d.checks_ran ? "a check could not decide" : "checks have not run yet",
		        c_en, ans_en,
		        d.checks_ran ? "" : "; or run the checks and the item is judged by them") :
		    xasprintf("%s: %s (%s): your \"%s\" does not pass this item%s", it->id,
		        d.checks_ran ? "a check could not decide" : "checks have not run yet", c_en, ans_en,
		        d.checks_ran ? "; IT must confirm it with a note" : "; it is decided when they run");
		*ja = it_role ?
		    xasprintf("%s: %s（%s）。代わりに何を確認したかをメモに書いた場合にだけ「%s」が有効です%s",
		        it->id, d.checks_ran ? "判定できないチェックがあります" : "チェックがまだ実行されていません",
		        c_ja, ans_ja, d.checks_ran ? "" : "。チェックを実行すればその結果で判定します") :
		    xasprintf("%s: %s（%s）。「%s」だけでは合格になりません%s", it->id,
		        d.checks_ran ? "判定できないチェックがあります" : "チェックがまだ実行されていません",
		        c_ja, ans_ja,
		        d.checks_ran ? "。IT 担当がメモ付きで確認する必要があります" :
		                       "。チェック実行時に判定します");
	}
	free(c_en);
	free(c_ja);
	return 1;
}

enum item_outcome *
session_outcomes(const struct session *s)
{
	const struct checklist *cl = session_checklist(s);
	enum item_outcome *v = xcalloc(cl->nitems + 1, sizeof *v);
	size_t i;

	for (i = 0; i < cl->nitems; i++)
		v[i] = session_item_outcome(s, cl->items[i]);
	return v;
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
