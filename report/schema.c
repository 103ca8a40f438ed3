/*
 * schema.c: the report schema (docs/report-format.md): which members a
 * report must have, their types and value sets, and that the verdict agrees
 * with the items. report_validate() checks a parsed document;
 * report_parse() parses and checks text (report.h).
 */
#include "report.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/timefmt.h"

struct vctx {
	char *err;
	size_t errlen;
	int failed;
};

/* Records the first problem. */
static void vfail(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
vfail(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	if (v->failed++)
		return;
	va_start(ap, fmt);
	vsnprintf(v->err, v->errlen, fmt, ap);
	va_end(ap);
}

/* Member key of o must have type t (or be null when nullable); returns it. */
static const struct json *
vget(struct vctx *v, const struct json *o, const char *where, const char *key, enum json_type t, int nullable)
{
	const struct json *m = json_get(o, key);

	if (m == NULL) {
		vfail(v, "%s%s%s: missing", where, where[0] ? "." : "", key);
		return NULL;
	}
	if (nullable && json_is(m, JSON_NULL))
		return NULL;
	if (!json_is(m, t)) {
		vfail(v, "%s%s%s: wrong type", where, where[0] ? "." : "", key);
		return NULL;
	}
	return m;
}

/* A string member that must be one of the values in list. */
static void
venum(struct vctx *v, const struct json *o, const char *where, const char *key,
    const char *const *list, int nullable)
{
	const struct json *m = vget(v, o, where, key, JSON_STRING, nullable);
	const char *s;

	if (m == NULL)
		return;
	s = json_get_str(m);
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return;
	vfail(v, "%s.%s: unexpected value", where, key);
}

static int
is_hex64(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
vltext(struct vctx *v, const struct json *o, const char *where, const char *key)
{
	const struct json *t = vget(v, o, where, key, JSON_OBJECT, 0);

	if (t == NULL)
		return;
	vget(v, t, key, "ja", JSON_STRING, 0);
	vget(v, t, key, "en", JSON_STRING, 0);
}

static void
vtime(struct vctx *v, const struct json *o, const char *where, const char *key, int nullable)
{
	const struct json *m = vget(v, o, where, key, JSON_STRING, nullable);
	time_t when;

	if (m != NULL && time_parse_iso(json_get_str(m), &when) < 0)
		vfail(v, "%s.%s: not a UTC time YYYY-MM-DDTHH:MM:SSZ", where, key);
}

/* Whether s is one of the strings in list (NULL-terminated). */
static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/*
 * Version 2: a shown item's basis agrees with its outcome and the rules of
 * docs/sessions.md: decided items have a basis, undecided ones none; a
 * person stands in for a check only in the IT role, with a note, over a
 * check that warned (person-accepted-warning) or could not decide
 * (person-over-undetermined-check), and only to pass or n/a; needs-attention
 * means a bound check warned. Counts the decided items by basis.
 */
static void
vdecision(struct vctx *v, const struct json *r, const struct json *e, const char *where,
    const char *out, size_t *nauto, size_t *nanswered, size_t *nstood)
{
	static const char *const undecided[] = { "open", "undetermined", "needs-attention", NULL };
	static const char *const stand_in[] = { "person-over-undetermined-check",
		"person-accepted-warning", NULL };
	const char *basis = json_get_str(json_get(e, "basis"));
	const char *st = json_get_str(json_get(e, "check_status"));
	const char *ans = json_get_str(json_get(e, "answer"));
	int ran = json_get_bool(json_get(e, "checks_ran"), 0);

	if (one_of(out, undecided)) {
		if (basis != NULL)
			vfail(v, "%s.basis: must be null for outcome %s", where, out);
		if (strcmp(out, "needs-attention") == 0 && (st == NULL || strcmp(st, "warn") != 0))
			vfail(v, "%s: needs-attention without a check that warned", where);
		return;
	}
	if (basis == NULL) {
		vfail(v, "%s.basis: missing for outcome %s", where, out);
		return;
	}
	if (strcmp(basis, "checks") == 0) {
		(*nauto)++;
		return;
	}
	(*nanswered)++;
	if (!one_of(basis, stand_in))
		return;
	(*nstood)++;
	if (strcmp(out, "passed") != 0 && strcmp(out, "n/a") != 0)
		vfail(v, "%s: a person stood in for a check, but the outcome is %s", where, out);
	else if (ans == NULL || (strcmp(ans, "yes") != 0 && strcmp(ans, "n/a") != 0))
		vfail(v, "%s: a person stood in for a check without answering yes or n/a", where);
	else if (json_get_str(json_get(e, "note")) == NULL || json_get_str(json_get(e, "note"))[0] == '\0')
		vfail(v, "%s: a person stood in for a check without a note", where);
	else if (json_get_str(json_get(r, "role")) == NULL ||
	    strcmp(json_get_str(json_get(r, "role")), "it") != 0)
		vfail(v, "%s: only the IT role may stand in for a check", where);
	else if (strcmp(basis, "person-accepted-warning") == 0 &&
	    (!ran || st == NULL || strcmp(st, "warn") != 0))
		vfail(v, "%s: person-accepted-warning without a check that warned", where);
	else if (strcmp(basis, "person-over-undetermined-check") == 0 && ran && st != NULL &&
	    strcmp(st, "unknown") != 0 && strcmp(st, "error") != 0)
		vfail(v, "%s: person-over-undetermined-check, but the checks decided (%s)", where, st);
}

int
report_validate(const struct json *r, char *err, size_t errlen)
{
	static const char *const verdicts[] = { "pass", "fail", "incomplete", NULL };
	static const char *const roles[] = { "staff", "it", "management", NULL };
	static const char *const answers[] = { "yes", "no", "n/a", NULL };
	static const char *const outcomes[] = { "open", "passed", "failed", "waived", "n/a",
		"undetermined", "needs-attention", NULL };
	static const char *const bases[] = { "checks", "person", "person-over-undetermined-check",
		"person-accepted-warning", NULL };
	static const char *const kinds[] = { "manual", "auto", "manual+evidence", NULL };
	static const char *const statuses[] = { "pass", "warn", "fail", "unknown", "error", "skip", NULL };
	static const char *const counts[] = { "total", "automatic", "answered", "waived", "failed",
		"not_applicable", "undetermined", "attention", "stood_in", NULL };
	struct vctx v = { err, errlen, 0 };
	const struct json *o, *items, *m;
	const char *const *c;
	size_t i, nfailed = 0, nwaived = 0, nopen = 0, nshown = 0, nattention = 0, nna = 0;
	size_t nauto = 0, nanswered = 0, nstood = 0;
	int64_t version = 0;
	char where[64];

	if (!json_is(r, JSON_OBJECT)) {
		snprintf(err, errlen, "not a JSON object");
		return -1;
	}
	m = vget(&v, r, "", "schema", JSON_STRING, 0);
	if (m != NULL && strcmp(json_get_str(m), REPORT_SCHEMA) != 0)
		vfail(&v, "schema: not a reentry report");
	m = vget(&v, r, "", "schema_version", JSON_INT, 0);
	if (m != NULL)
		version = json_get_int(m, 0);
	if (m != NULL && (version < 1 || version > REPORT_SCHEMA_VERSION))
		vfail(&v, "schema_version: unsupported version");
	if (v.failed)
		return -1;
	vget(&v, r, "", "report_id", JSON_STRING, 0);
	o = vget(&v, r, "", "tool", JSON_OBJECT, 0);
	vget(&v, o, "tool", "name", JSON_STRING, 0);
	vget(&v, o, "tool", "version", JSON_STRING, 0);
	o = vget(&v, r, "", "checklist", JSON_OBJECT, 0);
	vget(&v, o, "checklist", "id", JSON_STRING, 0);
	vget(&v, o, "checklist", "version", JSON_STRING, 0);
	m = vget(&v, o, "checklist", "sha256", JSON_STRING, 0);
	if (m != NULL && !is_hex64(json_get_str(m)))
		vfail(&v, "checklist.sha256: not a SHA-256");
	if (o != NULL)
		vltext(&v, o, "checklist", "title");
	vget(&v, r, "", "session_id", JSON_STRING, 0);
	vget(&v, r, "", "device", JSON_OBJECT, 0);
	/* optional: what a person entered about the device (docs/report-format.md) */
	o = json_get(r, "device_record") != NULL ? vget(&v, r, "", "device_record", JSON_OBJECT, 0) : NULL;
	if (o != NULL) {
		const struct json *f = json_get(o, "fields");
		static const char *const rk[] = { "asset_tag", "serial", "model", "owner", NULL };

		for (c = rk; *c != NULL; c++)
			if (json_get(o, *c) != NULL)
				vget(&v, o, "device_record", *c, JSON_STRING, 0);
		if (f != NULL && !json_is(f, JSON_OBJECT))
			vfail(&v, "device_record.fields: not an object");
		for (i = 0; i < json_len(f); i++)
			if (!json_is(json_at(f, i), JSON_STRING))
				vfail(&v, "device_record.fields.%s: not a string", json_key_at(f, i));
	}
	m = vget(&v, r, "", "operator", JSON_STRING, 0);
	if (m != NULL && json_get_str(m)[0] == '\0')
		vfail(&v, "operator: empty");
	venum(&v, r, "", "role", roles, 0);
	vtime(&v, r, "", "started", 0);
	vtime(&v, r, "", "ended", 0);
	o = vget(&v, r, "", "verdict", JSON_OBJECT, 0);
	venum(&v, o, "verdict", "result", verdicts, 0);
	for (c = counts; *c != NULL; c++) {
		/* version 1 has no attention and stood_in counts */
		if (version < 2 && (strcmp(*c, "attention") == 0 || strcmp(*c, "stood_in") == 0))
			continue;
		m = vget(&v, o, "verdict", *c, JSON_INT, 0);
		if (m != NULL && json_get_int(m, -1) < 0)
			vfail(&v, "verdict.%s: negative", *c);
	}
	items = vget(&v, r, "", "items", JSON_ARRAY, 0);
	for (i = 0; i < json_len(items); i++) {
		const struct json *e = json_at(items, i), *cat, *ids, *w;
		const char *out;
		size_t j;

		snprintf(where, sizeof where, "items[%zu]", i);
		if (!json_is(e, JSON_OBJECT)) {
			vfail(&v, "%s: not an object", where);
			break;
		}
		vget(&v, e, where, "id", JSON_STRING, 0);
		cat = vget(&v, e, where, "category", JSON_OBJECT, 0);
		if (cat != NULL) {
			vget(&v, cat, "category", "id", JSON_STRING, 0);
			vltext(&v, cat, "category", "title");
		}
		vltext(&v, e, where, "title");
		vltext(&v, e, where, "description");
		m = vget(&v, e, where, "jnsa", JSON_OBJECT, 0);
		vget(&v, m, "jnsa", "ref", JSON_STRING, 0);
		vget(&v, m, "jnsa", "wording", JSON_STRING, 0);
		venum(&v, e, where, "kind", kinds, 0);
		m = vget(&v, e, where, "roles", JSON_ARRAY, 0);
		for (j = 0; j < json_len(m); j++)
			if (!json_is(json_at(m, j), JSON_STRING))
				vfail(&v, "%s.roles: not strings", where);
		m = vget(&v, e, where, "shown", JSON_BOOL, 0);
		venum(&v, e, where, "answer", answers, 1);
		vget(&v, e, where, "note", JSON_STRING, 0);
		vtime(&v, e, where, "answered_at", 1);
		ids = vget(&v, e, where, "checks", JSON_ARRAY, 0);
		for (j = 0; j < json_len(ids); j++)
			if (!json_is(json_at(ids, j), JSON_STRING))
				vfail(&v, "%s.checks: not strings", where);
		venum(&v, e, where, "outcome", outcomes, 1);
		if (version >= 2) {
			venum(&v, e, where, "basis", bases, 1);
			venum(&v, e, where, "check_status", statuses, 1);
			vget(&v, e, where, "checks_ran", JSON_BOOL, 0);
		}
		w = vget(&v, e, where, "waiver", JSON_OBJECT, 1);
		if (w != NULL) {
			vget(&v, w, "waiver", "approved_by", JSON_STRING, 0);
			vget(&v, w, "waiver", "reason", JSON_STRING, 0);
			vget(&v, w, "waiver", "until", JSON_STRING, 0);
			vget(&v, w, "waiver", "ticket", JSON_STRING, 1);
			vget(&v, w, "waiver", "active", JSON_BOOL, 0);
		}
		if (json_get_bool(m, 0)) {
			nshown++;
			if ((out = json_get_str(json_get(e, "outcome"))) == NULL)
				vfail(&v, "%s.outcome: a shown item needs an outcome", where);
			else if (strcmp(out, "failed") == 0)
				nfailed++;
			else if (strcmp(out, "waived") == 0)
				nwaived++;
			else if (strcmp(out, "n/a") == 0)
				nna++;
			else if (strcmp(out, "open") == 0 || strcmp(out, "undetermined") == 0)
				nopen++;
			else if (strcmp(out, "needs-attention") == 0)
				nattention++;
			if (out != NULL && version >= 2)
				vdecision(&v, r, e, where, out, &nauto, &nanswered, &nstood);
		}
	}
	m = vget(&v, r, "", "checks", JSON_ARRAY, 0);
	for (i = 0; i < json_len(m); i++) {
		const struct json *e = json_at(m, i), *s;

		snprintf(where, sizeof where, "checks[%zu]", i);
		if (!json_is(e, JSON_OBJECT)) {
			vfail(&v, "%s: not an object", where);
			break;
		}
		vget(&v, e, where, "id", JSON_STRING, 0);
		venum(&v, e, where, "status", statuses, 0);
		s = vget(&v, e, where, "summary", JSON_OBJECT, 0);
		vget(&v, s, "summary", "en", JSON_STRING, 0);
		vget(&v, s, "summary", "ja", JSON_STRING, 0);
		vget(&v, e, where, "details", JSON_OBJECT, 0);
		vget(&v, e, where, "evidence", JSON_ARRAY, 0);
	}
	m = vget(&v, r, "", "waivers", JSON_ARRAY, 0);
	for (i = 0; i < json_len(m); i++) {
		const struct json *e = json_at(m, i);

		snprintf(where, sizeof where, "waivers[%zu]", i);
		vget(&v, e, where, "item", JSON_STRING, 0);
		vget(&v, e, where, "approved_by", JSON_STRING, 0);
		vget(&v, e, where, "reason", JSON_STRING, 0);
		vget(&v, e, where, "until", JSON_STRING, 0);
		vget(&v, e, where, "ticket", JSON_STRING, 1);
		vget(&v, e, where, "active", JSON_BOOL, 0);
	}
	o = vget(&v, r, "", "chain", JSON_OBJECT, 0);
	m = vget(&v, o, "chain", "sequence", JSON_INT, 0);
	if (m != NULL && json_get_int(m, 0) < 1)
		vfail(&v, "chain.sequence: must be 1 or more");
	m = vget(&v, o, "chain", "previous", JSON_OBJECT, 1);
	if (m != NULL) {
		const struct json *sh;

		vget(&v, m, "chain.previous", "report", JSON_STRING, 0);
		sh = vget(&v, m, "chain.previous", "sha256", JSON_STRING, 0);
		if (sh != NULL && !is_hex64(json_get_str(sh)))
			vfail(&v, "chain.previous.sha256: not a SHA-256");
		sh = vget(&v, m, "chain.previous", "signature_sha256", JSON_STRING, 1);
		if (sh != NULL && !is_hex64(json_get_str(sh)))
			vfail(&v, "chain.previous.signature_sha256: not a SHA-256");
	} else if (o != NULL && json_get_int(json_get(o, "sequence"), 0) > 1)
		vfail(&v, "chain.previous: missing after the first report");
	o = vget(&v, r, "", "signature", JSON_OBJECT, 0);
	m = vget(&v, o, "signature", "namespace", JSON_STRING, 0);
	if (m != NULL && strcmp(json_get_str(m), REPORT_SIG_NAMESPACE) != 0)
		vfail(&v, "signature.namespace: not %s", REPORT_SIG_NAMESPACE);
	vget(&v, o, "signature", "format", JSON_STRING, 0);
	vget(&v, o, "signature", "key_fingerprint", JSON_STRING, 0);
	if (version >= 3) {
		/* the manifest beside the report: null when no scan made one */
		o = vget(&v, r, "", "manifest", JSON_OBJECT, 1);
		if (o != NULL) {
			const char *f;

			m = vget(&v, o, "manifest", "file", JSON_STRING, 0);
			f = m != NULL ? json_get_str(m) : NULL;
			if (f != NULL && (f[0] == '\0' || f[0] == '.' || strchr(f, '/') != NULL))
				vfail(&v, "manifest.file: not a plain file name");
			m = vget(&v, o, "manifest", "sha256", JSON_STRING, 0);
			if (m != NULL && !is_hex64(json_get_str(m)))
				vfail(&v, "manifest.sha256: not a SHA-256");
			m = vget(&v, o, "manifest", "files", JSON_INT, 0);
			if (m != NULL && json_get_int(m, -1) < 0)
				vfail(&v, "manifest.files: negative");
			m = vget(&v, o, "manifest", "bytes", JSON_INT, 0);
			if (m != NULL && json_get_int(m, -1) < 0)
				vfail(&v, "manifest.bytes: negative");
		}
	}
	if (v.failed)
		return -1;
	/* the verdict must agree with the items */
	o = json_get(r, "verdict");
	{
		const char *res = json_get_str(json_get(o, "result"));
		const char *want = nfailed > 0  ? "fail" :
		    nopen > 0 || nattention > 0 ? "incomplete" :
		                                  "pass";

		if ((size_t)json_get_int(json_get(o, "total"), -1) != nshown ||
		    (size_t)json_get_int(json_get(o, "failed"), -1) != nfailed ||
		    (size_t)json_get_int(json_get(o, "waived"), -1) != nwaived ||
		    (size_t)json_get_int(json_get(o, "undetermined"), -1) != nopen)
			vfail(&v, "verdict: the counts do not match the items");
		else if (version >= 2 &&
		    ((size_t)json_get_int(json_get(o, "attention"), -1) != nattention ||
		        (size_t)json_get_int(json_get(o, "stood_in"), -1) != nstood ||
		        (size_t)json_get_int(json_get(o, "not_applicable"), -1) != nna ||
		        (size_t)json_get_int(json_get(o, "automatic"), -1) != nauto ||
		        (size_t)json_get_int(json_get(o, "answered"), -1) != nanswered))
			vfail(&v, "verdict: the counts do not match the items' outcomes and bases");
		else if (strcmp(res, want) != 0)
			vfail(&v, "verdict.result: is %s but the items say %s", res, want);
	}
	return v.failed ? -1 : 0;
}

struct json *
report_parse(const char *text, size_t len, char *err, size_t errlen)
{
	char why[256];
	struct json *j = json_parse(text, len, why, sizeof why);

	if (j == NULL) {
		snprintf(err, errlen, "not valid JSON: %s", why);
		return NULL;
	}
	if (report_validate(j, why, sizeof why) < 0) {
		snprintf(err, errlen, "does not match the report schema: %s", why);
		json_free(j);
		return NULL;
	}
	return j;
}
