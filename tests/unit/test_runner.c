/*
 * test_runner.c: the one path that runs checks (session/runner.h) with
 * checks the test controls: parameters and paths reach the check, progress
 * reaches the caller, a stop turns a pass into unknown; a plan runs in the
 * worker thread and its results are taken in order, or cancelled; and a
 * session's plan applies a device-identifying result as the session's device.
 */
#include "testutil.h"
#include "testcheck.h"

#include <time.h>

#include "../../checklists/checklist.h"
#include "../../checklists/plan.h"
#include "../../config/config.h"
#include "../../session/runner.h"
#include "../../session/session.h"
#include "../../sys/target.h"
#include "../../util/json.h"

static const struct check_param echo_params[] = {
	{ "level", CHECK_PARAM_INT, 0, 100, "a number to echo" },
	{ NULL, 0, 0, 0, NULL },
};

/* Echoes its parameter and the paths it got; reports two progress steps. */
static void
echo_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	struct progress p = { .phase = "echo", .items_done = 1, .items_total = 2, .eta = -1 };
	size_t n = 0;

	(void)facts;
	while (ctx->paths != NULL && ctx->paths[n] != NULL)
		n++;
	json_obj_set(res->details, "level", json_int(check_param_int(ctx, "level", -1)));
	json_obj_set(res->details, "npaths", json_int((int64_t)n));
	if (ctx->progress != NULL) {
		ctx->progress(ctx->progress_arg, &p);
		p.items_done = 2;
		p.current = "/media/u/STICK/report.txt";
		ctx->progress(ctx->progress_arg, &p);
	}
	check_result_set(res, CHECK_PASS, "echo", "エコー");
}

static const struct check echo_check = {
	.id = "echo",
	.title_en = "Echo",
	.title_ja = "エコー",
	.reads = "nothing",
	.params = echo_params,
	TEST_CHECK_JUDGE(echo_run),
};

/* The same, but it takes explicit paths. */
static const struct check echo_paths_check = {
	.id = "echo-paths",
	.title_en = "Echo paths",
	.title_ja = "パスのエコー",
	.reads = "nothing",
	.params = echo_params,
	.flags = CHECK_SCANS_PATHS,
	TEST_CHECK_JUDGE(echo_run),
};

/* Fails at once. */
static void
failing_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	(void)facts;
	(void)ctx;
	check_result_set(res, CHECK_FAIL, "failed", "不合格");
}

static const struct check failing_check = {
	.id = "failing",
	.title_en = "Failing",
	.title_ja = "不合格",
	.reads = "nothing",
	TEST_CHECK_JUDGE(failing_run),
};

/* Works until its progress callback asks it to stop (at most about five seconds), then passes. */
static void
slow_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	struct progress p = { .phase = "waiting", .eta = -1 };
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int i;

	(void)facts;
	for (i = 0; i < 1000; i++) {
		if (ctx->progress != NULL && ctx->progress(ctx->progress_arg, &p) != 0)
			break;
		nanosleep(&ts, NULL);
	}
	check_result_set(res, CHECK_PASS, "slow", "遅い");
}

static const struct check slow_check = {
	.id = "slow",
	.title_en = "Slow",
	.title_ja = "遅い",
	.reads = "nothing",
	TEST_CHECK_JUDGE(slow_run),
};

/* Names the device under check. */
static void
device_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	(void)facts;
	(void)ctx;
	json_obj_set(res->details, "hostname", json_str("fixturehost"));
	json_obj_set(res->details, "serial", json_str("SN-0001"));
	check_result_set(res, CHECK_PASS, "device", "機器");
}

static const struct check device_check = {
	.id = "device",
	.title_en = "Device",
	.title_ja = "機器",
	.reads = "nothing",
	.flags = CHECK_IDENTIFIES_DEVICE,
	TEST_CHECK_JUDGE(device_run),
};

struct fx {
	struct target *target;
	struct config *cfg;
	struct runner_opts ro;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char err[256];

	if ((f->target = target_open("/", err, sizeof err)) == NULL) {
		fprintf(stderr, "# %s\n", err);
		return -1;
	}
	f->cfg = config_defaults();
	f->ro.target = f->target;
	f->ro.cfg = f->cfg;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	target_free(f->target);
	config_free(f->cfg);
	free(f);
	return 0;
}

/* What a progress callback saw. */
struct seen {
	int calls;
	int stop_at; /* ask to stop on this call (0: never) */
	char phase[32];
	char current[256];
	uint64_t items_done;
};

static int
seen_progress(void *arg, const struct progress *p)
{
	struct seen *s = arg;

	s->calls++;
	snprintf(s->phase, sizeof s->phase, "%s", p->phase != NULL ? p->phase : "");
	snprintf(s->current, sizeof s->current, "%s", p->current != NULL ? p->current : "");
	s->items_done = p->items_done;
	return s->stop_at != 0 && s->calls >= s->stop_at;
}

/* The int member name of a result's details, or -2. */
static long long
detail_int(const struct check_result *r, const char *name)
{
	const struct json *v = json_get(r->details, name);

	return v != NULL ? json_get_int(v, -2) : -2;
}

/* A plan entry's parameters reach the check; progress reaches the caller. */
static void
test_run_one_params_and_progress(void **state)
{
	struct fx *f = *state;
	struct json *params = json_object();
	struct plan_entry e = { &echo_check, params };
	struct seen seen = { 0 };
	struct check_result r;

	json_obj_set(params, "level", json_int(42));
	runner_run_one(&e, &f->ro, seen_progress, &seen, &r);
	assert_int_equal(r.status, CHECK_PASS);
	assert_int_equal(detail_int(&r, "level"), 42);
	assert_int_equal(seen.calls, 2);
	assert_string_equal(seen.phase, "echo");
	assert_string_equal(seen.current, "/media/u/STICK/report.txt");
	assert_int_equal(seen.items_done, 2);
	check_result_free(&r);

	/* unbound: the check's fallback; no callback at all is fine */
	e.params = NULL;
	runner_run_one(&e, &f->ro, NULL, NULL, &r);
	assert_int_equal(r.status, CHECK_PASS);
	assert_int_equal(detail_int(&r, "level"), -1);
	check_result_free(&r);
	json_free(params);
}

/* Explicit paths go only to a check flagged CHECK_SCANS_PATHS. */
static void
test_run_one_paths(void **state)
{
	struct fx *f = *state;
	static const char *const paths[] = { "/media/a", "/media/b", NULL };
	struct plan_entry plain = { &echo_check, NULL }, scans = { &echo_paths_check, NULL };
	struct runner_opts ro = f->ro;
	struct check_result r;

	ro.paths = paths;
	runner_run_one(&plain, &ro, NULL, NULL, &r);
	assert_int_equal(detail_int(&r, "npaths"), 0);
	check_result_free(&r);
	runner_run_one(&scans, &ro, NULL, NULL, &r);
	assert_int_equal(detail_int(&r, "npaths"), 2);
	check_result_free(&r);
}

/* A progress callback that asks to stop turns a pass into unknown, never clean; a fail stays. */
static void
test_run_one_stop(void **state)
{
	struct fx *f = *state;
	struct plan_entry e = { &echo_check, NULL }, fail = { &failing_check, NULL };
	struct seen seen = { .stop_at = 1 };
	struct check_result r;

	runner_run_one(&e, &f->ro, seen_progress, &seen, &r);
	assert_int_equal(r.status, CHECK_UNKNOWN);
	assert_non_null(strstr(r.summary_en, "stopped"));
	assert_non_null(r.summary_ja);
	check_result_free(&r);

	memset(&seen, 0, sizeof seen);
	seen.stop_at = 1;
	runner_run_one(&fail, &f->ro, seen_progress, &seen, &r);
	assert_int_equal(r.status, CHECK_FAIL);
	check_result_free(&r);
}

/* Waits until the runner is done (about five seconds at most). */
static void
wait_done(struct runner *r, struct runner_view *v)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int i;

	for (i = 0; i < 1000; i++) {
		runner_peek(r, v);
		if (v->done)
			return;
		nanosleep(&ts, NULL);
	}
	fail_msg("the runner never finished");
}

/* A plan runs in the worker; the results are taken once each, in plan order. */
static void
test_start_take(void **state)
{
	struct fx *f = *state;
	struct plan_entry v[] = { { &echo_check, NULL }, { &failing_check, NULL },
		{ &device_check, NULL } };
	struct plan p = { v, 3 };
	struct runner_view view;
	struct runner *r;
	const struct check *c;
	struct check_result res;

	r = runner_start(&p, &f->ro);
	v[0].check = &slow_check; /* the runner copied the plan */
	wait_done(r, &view);
	assert_int_equal(view.n, 3);
	assert_int_equal(view.cancelled, 0);
	assert_int_equal(runner_take(r, &c, &res), 1);
	assert_ptr_equal(c, &echo_check);
	assert_int_equal(res.status, CHECK_PASS);
	check_result_free(&res);
	assert_int_equal(runner_take(r, &c, &res), 1);
	assert_ptr_equal(c, &failing_check);
	assert_int_equal(res.status, CHECK_FAIL);
	check_result_free(&res);
	assert_int_equal(runner_take(r, &c, &res), 1);
	assert_ptr_equal(c, &device_check);
	check_result_free(&res);
	assert_int_equal(runner_take(r, &c, &res), 0);
	runner_free(r);

	/* results never taken are freed with the runner */
	v[0].check = &echo_check;
	r = runner_start(&p, &f->ro);
	wait_done(r, &view);
	runner_free(r);
	runner_free(NULL);
}

/* The progress a check reports shows through runner_peek(); cancel stops it as unknown and the rest never run. */
static void
test_peek_cancel(void **state)
{
	struct fx *f = *state;
	struct plan_entry v[] = { { &slow_check, NULL }, { &echo_check, NULL } };
	struct plan p = { v, 2 };
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	struct runner_view view;
	struct runner *r;
	const struct check *c;
	struct check_result res;
	int i;

	r = runner_start(&p, &f->ro);
	for (i = 0; i < 1000; i++) {
		runner_peek(r, &view);
		if (view.have_progress)
			break;
		nanosleep(&ts, NULL);
	}
	assert_int_equal(view.have_progress, 1);
	assert_ptr_equal(view.check, &slow_check);
	assert_int_equal(view.index, 0);
	assert_string_equal(view.p.phase, "waiting");
	assert_null(view.p.current);
	assert_int_equal(view.done, 0);
	runner_cancel(r);
	wait_done(r, &view);
	assert_int_equal(view.cancelled, 1);
	assert_int_equal(runner_take(r, &c, &res), 1);
	assert_ptr_equal(c, &slow_check);
	assert_int_equal(res.status, CHECK_UNKNOWN);
	check_result_free(&res);
	assert_int_equal(runner_take(r, &c, &res), 0); /* echo never ran */
	runner_free(r);
}

static const char mini[] =
    "checklist:\n"
    "  id: mini\n"
    "  version: \"1\"\n"
    "  title: {ja: ミニ, en: Mini}\n"
    "categories:\n"
    "  - id: \"1\"\n"
    "    title: {ja: 分類, en: Category}\n"
    "    items:\n"
    "      - id: \"1-1\"\n"
    "        title: {ja: 機器, en: Device}\n"
    "        description: {ja: 説明, en: Description}\n"
    "        roles: [it]\n"
    "        kind: manual\n"
    "        jnsa: {ref: \"1-1\", wording: confirmed}\n"
    "      - id: \"1-2\"\n"
    "        title: {ja: 項目, en: Item}\n"
    "        description: {ja: 説明, en: Description}\n"
    "        roles: [staff, it]\n"
    "        kind: manual\n"
    "        jnsa: {ref: \"1-2\", wording: confirmed}\n";

/* The session's plan holds what its role sees; a CHECK_IDENTIFIES_DEVICE result names its device. */
static void
test_session_plan_device(void **state)
{
	struct fx *f = *state;
	struct diags d = DIAGS_INIT;
	struct checklist *cl = checklist_load_buf("mini.yaml", mini, sizeof mini - 1, &d);
	struct binding bdev = { .check = &device_check }, becho = { .check = &echo_check };
	struct item *dev, *other;
	struct session *s;
	struct plan p;
	struct check_result r;
	const struct json *device;
	char err[512], *dir = test_tmpdir();

	assert_non_null(cl);
	dev = (struct item *)checklist_find(cl, "1-1");
	other = (struct item *)checklist_find(cl, "1-2");
	dev->checks = &bdev;
	dev->nchecks = 1;
	other->checks = &becho;
	other->nchecks = 1;

	/* staff do not see the device item */
	s = session_create(cl, f->cfg, f->target, dir, "staff", ROLE_STAFF, err, sizeof err);
	assert_non_null(s);
	session_plan(s, NULL, 0, &p);
	assert_int_equal(p.n, 1);
	assert_ptr_equal(p.v[0].check, &echo_check);
	plan_free(&p);
	session_free(s);

	s = session_create(cl, f->cfg, f->target, dir, "it", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	assert_null(session_device(s));
	session_plan(s, NULL, 0, &p);
	assert_int_equal(p.n, 2);
	assert_ptr_equal(p.v[0].check, &device_check);
	assert_true(plan_has(&p, &echo_check));

	/* a result that does not identify the device leaves it alone */
	runner_run_one(&p.v[1], &f->ro, NULL, NULL, &r);
	assert_int_equal(session_set_result(s, p.v[1].check, &r, err, sizeof err), 0);
	check_result_free(&r);
	assert_null(session_device(s));

	runner_run_one(&p.v[0], &f->ro, NULL, NULL, &r);
	assert_int_equal(session_set_result(s, p.v[0].check, &r, err, sizeof err), 0);
	check_result_free(&r);
	plan_free(&p);
	device = session_device(s);
	assert_non_null(device);
	assert_string_equal(json_get_str(json_get(device, "hostname")), "fixturehost");
	assert_string_equal(json_get_str(json_get(device, "serial")), "SN-0001");
	assert_non_null(session_result(s, "device"));

	/* with every result in, only a rerun plans them again */
	session_plan(s, NULL, 0, &p);
	assert_int_equal(p.n, 0);
	plan_free(&p);
	session_plan(s, other, 1, &p);
	assert_int_equal(p.n, 1);
	assert_ptr_equal(p.v[0].check, &echo_check);
	plan_free(&p);
	session_free(s);

	dev->checks = other->checks = NULL;
	dev->nchecks = other->nchecks = 0;
	checklist_free(cl);
	diags_clear(&d);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_one_params_and_progress),
		cmocka_unit_test(test_run_one_paths),
		cmocka_unit_test(test_run_one_stop),
		cmocka_unit_test(test_start_take),
		cmocka_unit_test(test_peek_cancel),
		cmocka_unit_test(test_session_plan_device),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
