/*
 * test_check.c: the check framework: parameter schemas, check_run() with
 * site overrides, results and their JSON form.
 */
#include "testutil.h"
#include "testcheck.h"

#include <sys/stat.h>

#include "../../checks/check.h"
#include "../../config/config.h"
#include "../../util/ydoc.h"

static const struct check_param demo_params[] = {
	{ "max_age_days", CHECK_PARAM_INT, 0, 30, "age limit" },
	{ "strict", CHECK_PARAM_BOOL, 0, 0, "fail instead of warn" },
	{ "name", CHECK_PARAM_STRING, 0, 0, "a name" },
	{ "paths", CHECK_PARAM_STRLIST, 0, 0, "paths" },
	{ NULL, 0, 0, 0, NULL },
};

/* Echoes its parameters into the result, so the test sees what it got. */
static void
demo_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct json *paths = check_param_list(ctx, "paths");
	long long age = check_param_int(ctx, "max_age_days", 7);

	(void)facts;
	json_obj_set(res->details, "age", json_int(age));
	json_obj_set(res->details, "strict", json_bool(check_param_bool(ctx, "strict", 0)));
	json_obj_set(res->details, "name", json_str(check_param_str(ctx, "name", "none")));
	json_obj_set(res->details, "npaths", json_int((int64_t)json_len(paths)));
	check_evidence_file(res, ctx, "/etc/hostname");
	check_evidence_value(res, "root", target_root(ctx->target));
	check_result_set(res, age > 10 ? CHECK_FAIL : CHECK_PASS, "demo", "デモ");
}

static const struct check demo = {
	.id = "demo",
	.title_en = "Demo",
	.title_ja = "デモ",
	.reads = "nothing",
	.params = demo_params,
	TEST_CHECK_JUDGE(demo_run),
};

static struct json *
params_of(const char *yaml, struct diags *d)
{
	struct ydoc *doc = ydoc_load_buf("t.yaml", yaml, strlen(yaml), NULL, d);
	struct json *p;

	assert_non_null(doc);
	p = check_params_from_yaml(&demo, doc->root, "t.yaml", d);
	ydoc_free(doc);
	return p;
}

static void
test_params(void **state)
{
	struct diags d = DIAGS_INIT;
	struct json *p;

	(void)state;
	p = params_of("{max_age_days: 5, strict: yes, name: x, paths: [a, b]}", &d);
	assert_non_null(p);
	assert_int_equal(json_get_int(json_get(p, "max_age_days"), -1), 5);
	assert_true(json_get_bool(json_get(p, "strict"), 0));
	assert_int_equal(json_len(json_get(p, "paths")), 2);
	json_free(p);
	p = params_of("{paths: single}", &d);
	assert_int_equal(json_len(json_get(p, "paths")), 1);
	json_free(p);

	assert_null(params_of("{max_age_days: 99}", &d));
	assert_non_null(strstr(d.v[0].msg, "between 0 and 30"));
	diags_clear(&d);
	assert_null(params_of("{colour: red}", &d));
	assert_non_null(strstr(d.v[0].msg, "has no parameter 'colour' (it takes: max_age_days, strict"));
	assert_int_equal(d.v[0].col, 2);
	diags_clear(&d);
	assert_null(params_of("{strict: maybe}", &d));
	assert_non_null(strstr(d.v[0].msg, "true or false"));
	diags_clear(&d);
	assert_null(params_of("[1]", &d));
	assert_non_null(strstr(d.v[0].msg, "params must be a mapping"));
	diags_clear(&d);
}

static void
test_run_and_override(void **state)
{
	struct diags d = DIAGS_INIT;
	struct json *p = params_of("{max_age_days: 5, name: from-checklist}", &d);
	struct config *cfg = config_defaults();
	struct check_ctx ctx = { 0 };
	struct check_result res, back;
	struct json *j, *site;
	char err[256];
	struct target *t = target_open("/", err, sizeof err);

	(void)state;
	assert_non_null(t);
	ctx.target = t;
	ctx.cfg = cfg;
	ctx.params = p;
	check_run(&demo, &ctx, &res);
	assert_int_equal(res.status, CHECK_PASS);
	assert_int_equal(json_get_int(json_get(res.details, "age"), 0), 5);
	assert_string_equal(json_get_str(json_get(res.details, "name")), "from-checklist");
	assert_non_null(json_get(res.details, "duration_ms"));
	assert_int_equal(json_len(res.evidence), 2);
	assert_string_equal(json_get_str(json_get(json_at(res.evidence, 1), "value")), "/");
	check_result_free(&res);

	/* the site's checks.demo block overrides the checklist's parameters */
	site = json_obj_set(cfg->check_params, "demo", json_object());
	json_obj_set(site, "max_age_days", json_int(20));
	check_run(&demo, &ctx, &res);
	assert_int_equal(res.status, CHECK_FAIL);
	assert_int_equal(json_get_int(json_get(res.details, "age"), 0), 20);
	assert_string_equal(json_get_str(json_get(res.details, "name")), "from-checklist");

	j = check_result_to_json("demo", &res);
	assert_string_equal(json_get_str(json_get(j, "status")), "fail");
	assert_string_equal(json_get_str(json_get(json_get(j, "summary"), "ja")), "デモ");
	assert_int_equal(check_result_from_json(j, &back), 0);
	assert_int_equal(back.status, CHECK_FAIL);
	assert_string_equal(back.summary_en, "demo");
	check_result_free(&back);
	json_obj_set(j, "status", json_str("great"));
	assert_int_equal(check_result_from_json(j, &back), -1);
	check_result_free(&back);
	json_free(j);
	check_result_free(&res);
	target_free(t);
	json_free(p);
	config_free(cfg);
}

/* What the split demo's probe learnt. */
struct split_facts {
	char *hostname;
	int probed;
};

static int split_judged;

static int
split_probe(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct split_facts *f = facts;

	f->probed = 1;
	f->hostname = target_line(ctx->target, "/etc/hostname");
	check_evidence_file(res, ctx, "/etc/hostname");
	if (f->hostname == NULL) {
		check_result_set(res, CHECK_UNKNOWN, "no host name", "ホスト名なし");
		return -1;
	}
	return 0;
}

static void
split_facts_free(void *facts)
{
	free(((struct split_facts *)facts)->hostname);
}

static void
split_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct split_facts *f = facts;

	(void)ctx;
	split_judged++;
	check_result_set(res, strcmp(f->hostname, "good") == 0 ? CHECK_PASS : CHECK_FAIL,
	    f->hostname, f->hostname);
}

static const struct check split = {
	.id = "split",
	.title_en = "Split",
	.title_ja = "分割",
	.reads = "/etc/hostname",
	.facts_size = sizeof(struct split_facts),
	.facts_free = split_facts_free,
	.probes = {
		[TARGET_LINUX] = { split_probe, NULL, NULL },
		[TARGET_WINDOWS] = { NULL, "no Windows probe", "Windows 版なし" },
	},
	.judge = split_judge,
};

/* check_run() picks the probe by the target's kind, judges its facts, or skips with the reason. */
static void
test_probe_and_judge(void **state)
{
	char *dir = test_tmpdir(), *p, err[256];
	struct config *cfg = config_defaults();
	struct check_ctx ctx = { 0 };
	struct check_result res;
	struct target *t;

	(void)state;
	ctx.cfg = cfg;
	p = xasprintf("%s/etc", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	/* no facts: the probe decides, the judge never runs */
	ctx.target = t = target_open(dir, err, sizeof err);
	check_run(&split, &ctx, &res);
	assert_int_equal(res.status, CHECK_UNKNOWN);
	assert_int_equal(split_judged, 0);
	assert_string_equal(json_get_str(json_get(res.details, "target")), "linux");
	check_result_free(&res);
	target_free(t);
	p = xasprintf("%s/etc/hostname", dir);
	test_write(p, "good\n", 5);
	free(p);
	ctx.target = t = target_open(dir, err, sizeof err);
	check_run(&split, &ctx, &res);
	assert_int_equal(res.status, CHECK_PASS);
	assert_int_equal(split_judged, 1);
	assert_int_equal(json_len(res.evidence), 1);
	check_result_free(&res);
	target_free(t);
	/* the same check on a Windows tree: skip with the table's reason, in both languages */
	p = xasprintf("mkdir -p %s/Windows/System32/config && touch %s/Windows/System32/config/SOFTWARE "
	              "%s/Windows/System32/config/SYSTEM",
	    dir, dir, dir);
	assert_int_equal(system(p), 0);
	free(p);
	ctx.target = t = target_open(dir, err, sizeof err);
	assert_int_equal(target_kind(t), TARGET_WINDOWS);
	check_run(&split, &ctx, &res);
	assert_int_equal(res.status, CHECK_SKIP);
	assert_string_equal(res.summary_en, "no Windows probe");
	assert_string_equal(res.summary_ja, "Windows 版なし");
	assert_int_equal(split_judged, 1);
	check_result_free(&res);
	target_free(t);
	config_free(cfg);
	test_rmtree(dir);
	free(dir);
}

static void
test_status(void **state)
{
	enum check_status s;

	(void)state;
	assert_int_equal(check_status_worse(CHECK_PASS, CHECK_WARN), CHECK_WARN);
	assert_int_equal(check_status_worse(CHECK_FAIL, CHECK_UNKNOWN), CHECK_FAIL);
	assert_int_equal(check_status_worse(CHECK_SKIP, CHECK_PASS), CHECK_PASS);
	assert_int_equal(check_status_worse(CHECK_UNKNOWN, CHECK_WARN), CHECK_UNKNOWN);
	assert_int_equal(check_status_parse("unknown", &s), 0);
	assert_int_equal(s, CHECK_UNKNOWN);
	assert_int_equal(check_status_parse("ok", &s), -1);
	assert_string_equal(check_status_name(CHECK_SKIP), "skip");
}

/* Every check in the table has, for every kind of system, a probe and a judge or a skip reason in both languages. */
static void
test_table_covers_every_kind(void **state)
{
	size_t i, k, n = 0;

	(void)state;
	for (i = 0; check_table[i] != NULL; i++) {
		const struct check *c = check_table[i];

		n++;
		assert_ptr_equal(check_find(c->id), c);
		assert_non_null(c->title_en);
		assert_non_null(c->title_ja);
		assert_non_null(c->judge);
		assert_true(c->facts_size > 0);
		for (k = 0; k < TARGET_KIND_COUNT; k++) {
			const struct check_probe *p = &c->probes[k];

			if (p->probe != NULL)
				continue;
			if (p->skip_en == NULL || p->skip_ja == NULL || p->skip_en[0] == '\0' ||
			    p->skip_ja[0] == '\0')
				fail_msg("check %s has neither a probe nor a skip reason for target kind %zu",
				    c->id, k);
		}
	}
	assert_true(n >= 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_run_and_override),
		cmocka_unit_test(test_probe_and_judge),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_table_covers_every_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
