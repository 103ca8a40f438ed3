/*
 * decision.c: how one item of a report was decided, as the human copies,
 * verify and audit show it (report.h). A version 2 report says so in each
 * item; for a version 1 report the same facts are worked out from what it
 * kept, by the rules of docs/sessions.md.
 */
#include "report.h"

#include <string.h>

#include "../checks/check.h"

const struct json *
report_check_result(const struct json *r, const char *id)
{
	const struct json *checks = json_get(r, "checks");
	size_t i;

	for (i = 0; id != NULL && i < json_len(checks); i++) {
		const char *cid = json_get_str(json_get(json_at(checks, i), "id"));

		if (cid != NULL && strcmp(cid, id) == 0)
			return json_at(checks, i);
	}
	return NULL;
}

/* The worst status of the item's bound checks in the report, and whether all of them ran. */
static const char *
worst_status(const struct json *r, const struct json *item, int *ran)
{
	const struct json *ids = json_get(item, "checks");
	enum check_status worst = CHECK_SKIP, st;
	size_t i, n = 0;

	for (i = 0; i < json_len(ids); i++) {
		const struct json *res = report_check_result(r, json_get_str(json_at(ids, i)));

		if (res == NULL || check_status_parse(json_get_str(json_get(res, "status")), &st) < 0)
			continue;
		worst = n++ == 0 ? st : check_status_worse(worst, st);
	}
	*ran = json_len(ids) > 0 && n == json_len(ids);
	return n > 0 ? check_status_name(worst) : NULL;
}

/* The basis of a version 1 item, by the rules the session applied. */
static const char *
v1_basis(const struct json *r, const struct json *item, const char *out, const char *st, int ran)
{
	const char *ans = json_get_str(json_get(item, "answer"));
	const char *kind = json_get_str(json_get(item, "kind"));
	const char *note = json_get_str(json_get(item, "note"));
	const char *role = json_get_str(json_get(r, "role"));
	int automatic = kind != NULL && strcmp(kind, "auto") == 0 &&
	    json_len(json_get(item, "checks")) > 0;

	if (out == NULL || strcmp(out, "open") == 0 || strcmp(out, "undetermined") == 0 ||
	    strcmp(out, "needs-attention") == 0)
		return NULL;
	if (ans == NULL)
		return "checks"; /* decided with no answer: by the checks or a condition */
	if (!automatic)
		return "person";
	if (strcmp(out, "failed") == 0 || strcmp(out, "waived") == 0)
		return st != NULL && strcmp(st, "fail") == 0 ? "checks" : "person";
	if (ran && st != NULL && (strcmp(st, "pass") == 0 || strcmp(st, "skip") == 0))
		return "checks";
	if (note != NULL && note[0] != '\0' && role != NULL && strcmp(role, "it") == 0)
		return ran && st != NULL && strcmp(st, "warn") == 0 ?
		    "person-accepted-warning" :
		    "person-over-undetermined-check";
	return "person";
}

void
report_item_decision(const struct json *r, const struct json *item, struct report_item_decision *d)
{
	memset(d, 0, sizeof *d);
	d->outcome = json_get_bool(json_get(item, "shown"), 0) ?
	    json_get_str(json_get(item, "outcome")) :
	    NULL;
	if (json_get(item, "basis") != NULL) {
		d->basis = d->outcome != NULL ? json_get_str(json_get(item, "basis")) : NULL;
		d->check_status = json_get_str(json_get(item, "check_status"));
		d->checks_ran = json_get_bool(json_get(item, "checks_ran"), 0);
		return;
	}
	d->check_status = worst_status(r, item, &d->checks_ran);
	d->basis = v1_basis(r, item, d->outcome, d->check_status, d->checks_ran);
}

int
report_basis_stood_in(const char *basis)
{
	return basis != NULL &&
	    (strcmp(basis, "person-over-undetermined-check") == 0 ||
	        strcmp(basis, "person-accepted-warning") == 0);
}

const char *
report_basis_words(const char *basis, int ja)
{
	if (basis == NULL)
		return NULL;
	if (strcmp(basis, "person-over-undetermined-check") == 0)
		return ja ? "検査では判定できなかったが、担当者が確認して判定" :
		            "confirmed by a person despite an undetermined check";
	if (strcmp(basis, "person-accepted-warning") == 0)
		return ja ? "検査の警告を担当者が受け入れた" : "warning accepted by a person";
	return NULL;
}

void
report_attention_counts(const struct json *r, size_t *attention, size_t *stood_in)
{
	const struct json *items = json_get(r, "items");
	struct report_item_decision d;
	size_t i;

	*attention = *stood_in = 0;
	for (i = 0; i < json_len(items); i++) {
		report_item_decision(r, json_at(items, i), &d);
		if (d.outcome != NULL && strcmp(d.outcome, "needs-attention") == 0)
			(*attention)++;
		if (d.outcome != NULL && report_basis_stood_in(d.basis))
			(*stood_in)++;
	}
}
