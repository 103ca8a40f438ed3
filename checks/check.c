/*
 * check.c: running checks, their parameters and their results.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../config/config.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"

static const char *const status_names[CHECK_STATUS_COUNT] = {
	[CHECK_PASS] = "pass",
	[CHECK_WARN] = "warn",
	[CHECK_FAIL] = "fail",
	[CHECK_UNKNOWN] = "unknown",
	[CHECK_ERROR] = "error",
	[CHECK_SKIP] = "skip",
};

const char *
check_status_name(enum check_status s)
{
	if ((unsigned)s >= CHECK_STATUS_COUNT)
		return "error";
	return status_names[s];
}

int
check_status_parse(const char *name, enum check_status *out)
{
	int i;

	for (i = 0; i < CHECK_STATUS_COUNT; i++) {
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum check_status)i;
			return 0;
		}
	}
	return -1;
}

/* Severity rank used to combine statuses. */
static int
severity(enum check_status s)
{
	switch (s) {
	case CHECK_SKIP: return 0;
	case CHECK_PASS: return 1;
	case CHECK_WARN: return 2;
	case CHECK_UNKNOWN: return 3;
	case CHECK_ERROR: return 4;
	case CHECK_FAIL: return 5;
	}
	return 4;
}

enum check_status
check_status_worse(enum check_status a, enum check_status b)
{
	return severity(a) >= severity(b) ? a : b;
}

struct json *
check_config_params(const char *id, const struct ynode *key, const struct ynode *n,
    const char *file, struct diags *d)
{
	const struct check *c = check_find(id);

	if (c == NULL) {
		diag_add(d, file, key->line, key->col, "unknown check '%s'", id);
		return NULL;
	}
	return check_params_from_yaml(c, n, file, d);
}

const struct check *
check_find(const char *id)
{
	const struct check *const *c;

	for (c = check_table; *c != NULL; c++)
		if (strcmp((*c)->id, id) == 0)
			return *c;
	return NULL;
}

struct json *
check_params_from_yaml(const struct check *c, const struct ynode *n, const char *file, struct diags *d)
{
	struct json *out = json_object();
	size_t i, before = d->n;

	if (n == NULL)
		return out;
	if (yexpect(n, YNODE_MAP, file, "params", d) < 0) {
		json_free(out);
		return NULL;
	}
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->keys[i], *v = n->items[i];
		const struct check_param *p;
		char *what;

		for (p = c->params; p != NULL && p->name != NULL; p++)
			if (strcmp(p->name, k->str) == 0)
				break;
		if (p == NULL || p->name == NULL) {
			struct strbuf sb = STRBUF_INIT;

			for (p = c->params; p != NULL && p->name != NULL; p++)
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", p->name);
			diag_add(d, file, k->line, k->col,
			    "check '%s' has no parameter '%s' (it takes: %s)", c->id, k->str,
			    sb.len ? sb_str(&sb) : "none");
			sb_free(&sb);
			continue;
		}
		what = xasprintf("parameter '%s' of check '%s'", p->name, c->id);
		switch (p->type) {
		case CHECK_PARAM_STRING: {
			const char *s;

			if (yget_str(v, &s, file, what, d) == 0)
				json_obj_set(out, p->name, json_str(s));
			break;
		}
		case CHECK_PARAM_INT: {
			long long x;

			if (yget_int(v, p->min, p->max, &x, file, what, d) == 0)
				json_obj_set(out, p->name, json_int(x));
			break;
		}
		case CHECK_PARAM_BOOL: {
			int b;

			if (yget_bool(v, &b, file, what, d) == 0)
				json_obj_set(out, p->name, json_bool(b));
			break;
		}
		case CHECK_PARAM_STRLIST: {
			const char **list;
			size_t cnt, j;

			if (yget_strlist(v, &list, &cnt, file, what, d) == 0) {
				struct json *a = json_obj_set(out, p->name, json_array());

				for (j = 0; j < cnt; j++)
					json_arr_push(a, json_str(list[j]));
				free(list);
			}
			break;
		}
		}
		free(what);
	}
	if (d->n > before) {
		json_free(out);
		return NULL;
	}
	return out;
}

/* The value of a parameter: the site's checks.<id> block first, then the binding. */
static const struct json *
param_get(const struct check_ctx *ctx, const char *name)
{
	return json_get(ctx->params, name);
}

long long
check_param_int(const struct check_ctx *ctx, const char *name, long long fallback)
{
	return json_get_int(param_get(ctx, name), fallback);
}

int
check_param_bool(const struct check_ctx *ctx, const char *name, int fallback)
{
	return json_get_bool(param_get(ctx, name), fallback);
}

const char *
check_param_str(const struct check_ctx *ctx, const char *name, const char *fallback)
{
	const char *s = json_get_str(param_get(ctx, name));

	return s != NULL ? s : fallback;
}

const struct json *
check_param_list(const struct check_ctx *ctx, const char *name)
{
	const struct json *v = param_get(ctx, name);

	return json_is(v, JSON_ARRAY) ? v : NULL;
}

void
check_result_init(struct check_result *r)
{
	memset(r, 0, sizeof *r);
	r->status = CHECK_ERROR;
	r->details = json_object();
	r->evidence = json_array();
}

void
check_result_free(struct check_result *r)
{
	if (r == NULL)
		return;
	free(r->summary_en);
	free(r->summary_ja);
	json_free(r->details);
	json_free(r->evidence);
	memset(r, 0, sizeof *r);
}

void
check_result_set(struct check_result *r, enum check_status st, const char *en, const char *ja)
{
	free(r->summary_en);
	free(r->summary_ja);
	r->status = st;
	r->summary_en = xstrdup(en);
	r->summary_ja = xstrdup(ja != NULL ? ja : en);
}

void
check_evidence_file(struct check_result *r, const struct check_ctx *ctx, const char *path)
{
	struct json *e = json_object();
	struct stat st;

	json_obj_set(e, "kind", json_str("file"));
	json_obj_set(e, "path", json_str(path));
	if (target_lstat(ctx->target, path, &st) == 0) {
		char t[32];

		time_iso_utc(st.st_mtime, t);
		json_obj_set(e, "size", json_int((int64_t)st.st_size));
		json_obj_set(e, "mtime", json_str(t));
	} else
		json_obj_set(e, "missing", json_bool(1));
	json_arr_push(r->evidence, e);
}

void
check_evidence_value(struct check_result *r, const char *name, const char *value)
{
	struct json *e = json_object();

	json_obj_set(e, "kind", json_str("value"));
	json_obj_set(e, "name", json_str(name));
	json_obj_set(e, "value", json_str(value));
	json_arr_push(r->evidence, e);
}

/* Runs the probe for the target's kind and the judge; skip where the kind has no probe. */
static void
probe_and_judge(const struct check *c, const struct check_ctx *ctx, struct check_result *res)
{
	enum target_kind k = target_kind(ctx->target);
	const struct check_probe *p = &c->probes[k];
	void *facts;

	if (p->probe == NULL) {
		check_result_set(res, CHECK_SKIP,
		    p->skip_en != NULL ? p->skip_en : "not available for this kind of system",
		    p->skip_ja != NULL ? p->skip_ja : "この種類のシステムには対応していません");
		return;
	}
	facts = xcalloc(1, c->facts_size > 0 ? c->facts_size : 1);
	if (p->probe(ctx, facts, res) == 0)
		c->judge(ctx, facts, res);
	if (c->facts_free != NULL)
		c->facts_free(facts);
	free(facts);
}

void
check_run(const struct check *c, const struct check_ctx *ctx, struct check_result *res)
{
	struct check_ctx local = *ctx;
	struct json *merged = NULL;
	const struct json *site = config_check_params(ctx->cfg, c->id);
	struct timespec t0, t1;
	char started[TIME_ISO_LEN];
	size_t i;

	if (site != NULL && json_len(site) > 0) {
		merged = ctx->params != NULL ? json_copy(ctx->params) : json_object();
		for (i = 0; i < json_len(site); i++)
			json_obj_set(merged, json_key_at(site, i), json_copy(json_at(site, i)));
		local.params = merged;
	}
	if (local.now == 0)
		local.now = time(NULL);
	check_result_init(res);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	probe_and_judge(c, &local, res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (res->summary_en == NULL)
		check_result_set(res, CHECK_ERROR, "the check returned no result",
		    "チェックが結果を返しませんでした");
	time_iso_utc(local.now, started);
	json_obj_set(res->details, "started", json_str(started));
	json_obj_set(res->details, "duration_ms",
	    json_int((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
	json_obj_set(res->details, "target", json_str(target_kind_name(target_kind(local.target))));
	json_free(merged);
}

struct json *
check_result_to_json(const char *id, const struct check_result *r)
{
	struct json *o = json_object(), *s;

	json_obj_set(o, "id", json_str(id));
	json_obj_set(o, "status", json_str(check_status_name(r->status)));
	s = json_obj_set(o, "summary", json_object());
	json_obj_set(s, "en", json_str(r->summary_en != NULL ? r->summary_en : ""));
	json_obj_set(s, "ja", json_str(r->summary_ja != NULL ? r->summary_ja : ""));
	json_obj_set(o, "details", r->details != NULL ? json_copy(r->details) : json_object());
	json_obj_set(o, "evidence", r->evidence != NULL ? json_copy(r->evidence) : json_array());
	return o;
}

int
check_result_from_json(const struct json *j, struct check_result *r)
{
	const char *st = json_get_str(json_get(j, "status"));
	const struct json *s = json_get(j, "summary");
	const char *en = json_get_str(json_get(s, "en")), *ja = json_get_str(json_get(s, "ja"));
	enum check_status status;

	check_result_init(r);
	if (st == NULL || check_status_parse(st, &status) < 0 || en == NULL || ja == NULL)
		return -1;
	check_result_set(r, status, en, ja);
	if (json_is(json_get(j, "details"), JSON_OBJECT)) {
		json_free(r->details);
		r->details = json_copy(json_get(j, "details"));
	}
	if (json_is(json_get(j, "evidence"), JSON_ARRAY)) {
		json_free(r->evidence);
		r->evidence = json_copy(json_get(j, "evidence"));
	}
	return 0;
}

struct json *
check_limits_set(struct json *obj, const char *key, const char *const (*texts)[2], size_t n)
{
	struct json *a = json_obj_set(obj, key, json_array());
	size_t i;

	for (i = 0; i < n; i++) {
		struct json *o = json_arr_push(a, json_object());

		json_obj_set(o, "en", json_str(texts[i][0]));
		json_obj_set(o, "ja", json_str(texts[i][1]));
	}
	return a;
}
