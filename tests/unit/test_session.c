/*
 * test_session.c: sessions: saving on every change, resuming, outcomes and
 * the verdict, waivers, listing, corrupt files, and resuming after SIGKILL.
 */
#include "testutil.h"
#include "testcheck.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../session/session.h"
#include "../../util/fileio.h"
#include "../../util/xalloc.h"

/* A check the tests control: its status comes from a global. */
static enum check_status fake_status = CHECK_PASS;
static int fake_runs;

static void
fake_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	(void)facts;
	(void)ctx;
	fake_runs++;
	check_result_set(res, fake_status, "fake check", "偽のチェック");
	check_evidence_value(res, "fake", "1");
}

static const struct check fake_check = {
	.id = "fake",
	.title_en = "Fake",
	.title_ja = "偽",
	.reads = "nothing",
	.params = NULL,
	TEST_CHECK_JUDGE(fake_run),
};

struct fx {
	struct checklist *cl;
	struct config *cfg;
	char dir[64];
	struct binding bind;
};

/* Runs the session's plan on this machine ("/"), as `reentry run` does. */
static int
run_checks(struct session *s, const struct fx *f, int rerun, char *err, size_t errlen)
{
	struct runner_opts ro;
	struct target *t = target_open("/", err, errlen);
	int rc;

	if (t == NULL)
		return -1;
	memset(&ro, 0, sizeof ro);
	ro.target = t;
	ro.cfg = f->cfg;
	rc = session_run_checks(s, &ro, rerun, NULL, NULL, err, errlen);
	target_free(t);
	return rc;
}

/* Loads the mini checklist and binds the fake check to item 1-2. */
static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct diags d = DIAGS_INIT;
	struct item *it;
	char *path;

	path = test_path("tests/data/checklists/mini-when.yaml");
	f->cl = checklist_load(path, &d);
	free(path);
	if (f->cl == NULL) {
		diags_print(&d, stderr);
		return -1;
	}
	it = (struct item *)checklist_find(f->cl, "1-2");
	f->bind.check = &fake_check;
	f->bind.params = json_object();
	it->checks = &f->bind;
	it->nchecks = 1;
	it->kind = KIND_AUTO;
	f->cfg = config_defaults();
	strcpy(f->dir, "/tmp/test_session.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	fake_status = CHECK_PASS;
	fake_runs = 0;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	struct item *it = (struct item *)checklist_find(f->cl, "1-2");
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	it->checks = NULL;
	it->nchecks = 0;
	json_free(f->bind.params);
	checklist_free(f->cl);
	config_free(f->cfg);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(cmd);
	free(f);
	return 0;
}

/* A waiver from literals. */
#define WAIVER(a, r, u, t)                                                                         \
	{                                                                                          \
		(char *)(a), (char *)(r), (char *)(u), (char *)(t)                                 \
	}

static const struct item *
item(struct fx *f, const char *id)
{
	const struct item *it = checklist_find(f->cl, id);

	assert_non_null(it);
	return it;
}

/* Every change is on disk at once, and reopening gives the same state. */
static void
test_save_and_reopen(void **state)
{
	struct fx *f = *state;
	char err[512];
	struct session *s, *r;
	struct waiver w = WAIVER("Suzuki", "spare laptop", "2099-12-31", "T-1");
	struct json *dev = json_object();

	s = session_create(f->cl, f->cfg, NULL, f->dir, "佐藤 花子", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(
	    session_set_answer(s, item(f, "1-1"), ANSWER_YES, "起動を確認", err, sizeof err), 0);
	assert_int_equal(session_set_waiver(s, item(f, "1-2"), &w, err, sizeof err), 0);
	json_obj_set(dev, "hostname", json_str("pc-01"));
	assert_int_equal(session_set_device(s, dev, err, sizeof err), 0);
	json_free(dev);
	{
		struct plan p;

		session_plan(s, NULL, 0, &p);
		assert_int_equal(p.n, 1);
		assert_ptr_equal(p.v[0].check, &fake_check);
		plan_free(&p);
	}
	assert_int_equal(run_checks(s, f, 0, err, sizeof err), 0);
	assert_int_equal(fake_runs, 1);
	{
		struct plan p;

		session_plan(s, NULL, 0, &p);
		assert_int_equal(p.n, 0);
		plan_free(&p);
		session_plan(s, NULL, 1, &p);
		assert_int_equal(p.n, 1);
		plan_free(&p);
	}
	/* a second run without rerun does nothing */
	assert_int_equal(run_checks(s, f, 0, err, sizeof err), 0);
	assert_int_equal(fake_runs, 1);

	r = session_open(f->cl, f->cfg, session_path(s), err, sizeof err);
	assert_non_null(r);
	assert_string_equal(session_operator(r), "佐藤 花子");
	assert_int_equal(session_role(r), ROLE_IT);
	assert_string_equal(session_id(r), session_id(s));
	assert_int_equal(session_answer(r, item(f, "1-1")), ANSWER_YES);
	assert_string_equal(session_note(r, item(f, "1-1")), "起動を確認");
	assert_int_equal(session_answer(r, item(f, "1-2")), ANSWER_NONE);
	assert_non_null(session_waiver(r, item(f, "1-2")));
	assert_string_equal(session_waiver(r, item(f, "1-2"))->ticket, "T-1");
	assert_string_equal(json_get_str(json_get(session_device(r), "hostname")), "pc-01");
	assert_non_null(session_result(r, "fake"));
	assert_int_equal(session_result(r, "fake")->status, CHECK_PASS);
	assert_string_equal(session_result(r, "fake")->summary_ja, "偽のチェック");
	assert_int_equal(session_started(r), session_started(s));
	/* a note of NULL keeps the old note; clearing the answer keeps it too */
	assert_int_equal(session_set_answer(r, item(f, "1-1"), ANSWER_NONE, NULL, err, sizeof err), 0);
	assert_string_equal(session_note(r, item(f, "1-1")), "起動を確認");
	session_free(r);
	session_free(s);
}

/* Outcomes and the verdict follow answers, checks, conditions and waivers. */
static void
test_verdict(void **state)
{
	struct fx *f = *state;
	char err[512];
	struct session *s;
	struct verdict v;
	struct waiver w = WAIVER("Suzuki", "replacement ordered", "2099-01-01", NULL);
	struct waiver old = WAIVER("Suzuki", "expired", "2000-01-01", NULL);

	s = session_create(f->cl, f->cfg, NULL, f->dir, "tanaka", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	/* IT sees everything: 4 items, nothing decided */
	session_verdict(s, &v);
	assert_int_equal(v.total, 4);
	assert_int_equal(v.kind, VERDICT_INCOMPLETE);
	assert_int_equal(v.undetermined, 4);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_OPEN);

	/* 1-3 applies only when 1-1 is yes */
	assert_int_equal(session_set_answer(s, item(f, "1-1"), ANSWER_NO, "", err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-3")), OUTCOME_NA);
	assert_int_equal(session_item_outcome(s, item(f, "1-1")), OUTCOME_FAILED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_int_equal(v.failed, 1);

	assert_int_equal(session_set_answer(s, item(f, "1-1"), ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-3")), OUTCOME_OPEN);
	assert_int_equal(session_set_answer(s, item(f, "1-3"), ANSWER_NA, "", err, sizeof err), 0);
	assert_int_equal(session_set_answer(s, item(f, "1-4"), ANSWER_YES, "", err, sizeof err), 0);

	/* the automatic item: unknown is undetermined, a person's yes decides */
	fake_status = CHECK_UNKNOWN;
	assert_int_equal(run_checks(s, f, 0, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_UNDETERMINED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_INCOMPLETE);
	assert_int_equal(v.undetermined, 1);

	/* a failed check fails the item even when a person said yes */
	fake_status = CHECK_FAIL;
	assert_int_equal(session_set_answer(s, item(f, "1-2"), ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_FAILED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_int_equal(v.automatic, 1); /* 1-2, by its check */
	/* an expired waiver does not count, an active one does */
	assert_int_equal(session_set_waiver(s, item(f, "1-2"), &old, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_FAILED);
	assert_int_equal(session_set_waiver(s, item(f, "1-2"), &w, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_WAIVED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_int_equal(v.waived, 1);
	assert_int_equal(v.not_applicable, 1);

	/* passing checks decide the item by themselves */
	fake_status = CHECK_PASS;
	assert_int_equal(session_set_answer(s, item(f, "1-2"), ANSWER_NONE, "", err, sizeof err), 0);
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, item(f, "1-2")), OUTCOME_PASSED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_int_equal(v.total, 4);
	assert_int_equal(v.answered + v.automatic, 4);
	session_free(s);
}

/*
 * A person's yes never hides what the checks found: over a warning, an
 * unknown or a check not run yet it takes IT with a note; staff never can.
 */
static void
test_outcome_rules(void **state)
{
	struct fx *f = *state;
	char err[512];
	struct session *s, *staff;
	struct verdict v;
	struct item_decision d;
	const struct item *auto_it = item(f, "1-2");
	size_t i;

	s = session_create(f->cl, f->cfg, NULL, f->dir, "it-person", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	for (i = 0; i < f->cl->nitems; i++)
		if (f->cl->items[i] != auto_it)
			assert_int_equal(
			    session_set_answer(s, f->cl->items[i], ANSWER_YES, "", err, sizeof err), 0);
	/* answered before any check ran: not a pass by itself */
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_YES, "", err, sizeof err), 0);
	session_item_decision(s, auto_it, &d);
	assert_int_equal(d.outcome, OUTCOME_OPEN);
	assert_false(d.checks_ran);
	/* IT's note stands in, and says so */
	assert_int_equal(
	    session_set_answer(s, auto_it, ANSWER_YES, "checked by hand", err, sizeof err), 0);
	session_item_decision(s, auto_it, &d);
	assert_int_equal(d.outcome, OUTCOME_PASSED);
	assert_int_equal(d.basis, BASIS_PERSON_OVER_UNDETERMINED);
	assert_string_equal(outcome_basis_name(d.basis), "person-over-undetermined-check");
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_int_equal(v.stood_in, 1);
	/* the checks run later and fail: the answer is judged again */
	fake_status = CHECK_FAIL;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	session_item_decision(s, auto_it, &d);
	assert_int_equal(d.outcome, OUTCOME_FAILED);
	assert_int_equal(d.basis, BASIS_CHECKS);
	/* unknown: yes without a note stays undetermined */
	fake_status = CHECK_UNKNOWN;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, auto_it), OUTCOME_UNDETERMINED);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_INCOMPLETE);
	/* a warning is not a pass: it needs attention until IT accepts it with a note */
	fake_status = CHECK_WARN;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, auto_it), OUTCOME_ATTENTION);
	assert_string_equal(item_outcome_name(OUTCOME_ATTENTION), "needs-attention");
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_INCOMPLETE);
	assert_int_equal(v.attention, 1);
	assert_int_equal(v.undetermined, 0);
	assert_int_equal(
	    session_set_answer(s, auto_it, ANSWER_YES, "90 packages reviewed", err, sizeof err), 0);
	session_item_decision(s, auto_it, &d);
	assert_int_equal(d.outcome, OUTCOME_PASSED);
	assert_int_equal(d.basis, BASIS_PERSON_OVER_WARNING);
	session_verdict(s, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_int_equal(v.attention, 0);
	assert_int_equal(v.stood_in, 1);
	/* "no" fails whatever the checks said */
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_NO, "", err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, auto_it), OUTCOME_FAILED);
	session_free(s);

	/* staff (the kiosk's role) never stand in for a check, note or not */
	staff = session_create(f->cl, f->cfg, NULL, f->dir, "staff", ROLE_STAFF, err, sizeof err);
	assert_non_null(staff);
	assert_int_equal(session_set_answer(staff, auto_it, ANSWER_YES, "it is fine", err, sizeof err), 0);
	session_item_decision(staff, auto_it, &d);
	assert_int_equal(d.outcome, OUTCOME_OPEN);
	session_free(staff);
	fake_status = CHECK_PASS;
}

/* The advice of one answer: 1 with both languages, or 0; wants set. */
static int
advice(struct session *s, const struct item *it, char **en, char **ja, int *wants)
{
	free(*en);
	free(*ja);
	*en = *ja = NULL;
	return session_answer_advice(s, it, en, ja, wants);
}

/*
 * What an answer does is said at the moment of answering and again once the
 * checks ran, in both languages; outcome snapshots show what a run changed.
 */
static void
test_answer_advice(void **state)
{
	struct fx *f = *state;
	char err[512], *en = NULL, *ja = NULL;
	struct session *s, *staff;
	const struct item *auto_it = item(f, "1-2"), *manual = item(f, "1-1");
	enum item_outcome *before;
	size_t idx;
	int wants;

	for (idx = 0; f->cl->items[idx] != auto_it; idx++)
		;
	s = session_create(f->cl, f->cfg, NULL, f->dir, "it-person", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	/* nothing answered, a manual item, a "no": nothing to say */
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 0);
	assert_int_equal(session_set_answer(s, manual, ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(advice(s, manual, &en, &ja, &wants), 0);
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_NO, "", err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 0);
	/* yes before the checks ran: IT is asked for a note */
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 1);
	assert_true(wants);
	assert_non_null(strstr(en, "checks have not run yet (fake: not run)"));
	assert_non_null(strstr(en, "a \"yes\" counts only with a note"));
	assert_non_null(strstr(ja, "fake: 未実行"));
	/* with the note it stands in until the checks run */
	assert_int_equal(
	    session_set_answer(s, auto_it, ANSWER_YES, "patched by hand", err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 1);
	assert_false(wants);
	assert_non_null(strstr(en, "recorded as confirmed by IT despite checks that have not run"));
	assert_non_null(strstr(en, "judged again when they run"));
	/* the checks run and fail: the snapshot shows the change, the advice says why */
	before = session_outcomes(s);
	assert_int_equal(before[idx], OUTCOME_PASSED);
	fake_status = CHECK_FAIL;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_item_outcome(s, auto_it), OUTCOME_FAILED);
	assert_int_not_equal(before[idx], session_item_outcome(s, auto_it));
	free(before);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 1);
	assert_non_null(strstr(en, "a check failed (fake: fail): the item fails whatever the answer"));
	assert_non_null(strstr(ja, "不合格"));
	/* a warning: IT without a note is asked for one, with it the acceptance is recorded */
	fake_status = CHECK_WARN;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_YES, "", err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 1);
	assert_true(wants);
	assert_non_null(strstr(en, "a check warned (fake: warn)"));
	assert_int_equal(session_set_answer(s, auto_it, ANSWER_YES, "reviewed", err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 1);
	assert_false(wants);
	assert_non_null(strstr(en, "warning accepted by IT"));
	/* passing checks agree with the yes: nothing to say */
	fake_status = CHECK_PASS;
	assert_int_equal(run_checks(s, f, 1, err, sizeof err), 0);
	assert_int_equal(advice(s, auto_it, &en, &ja, &wants), 0);
	session_free(s);

	/* staff are told their yes does not decide, and never asked for a note */
	staff = session_create(f->cl, f->cfg, NULL, f->dir, "staff", ROLE_STAFF, err, sizeof err);
	assert_non_null(staff);
	assert_int_equal(session_set_answer(staff, auto_it, ANSWER_YES, "fine", err, sizeof err), 0);
	assert_int_equal(advice(staff, auto_it, &en, &ja, &wants), 1);
	assert_false(wants);
	assert_non_null(strstr(en, "your \"yes\" does not pass this item"));
	assert_non_null(strstr(ja, "「はい」だけでは合格になりません"));
	assert_non_null(strstr(en, "it is decided when they run"));
	assert_int_equal(session_item_outcome(staff, auto_it), OUTCOME_OPEN);
	session_free(staff);
	free(en);
	free(ja);
	fake_status = CHECK_PASS;
}

/* Staff see only their items; a bad waiver is refused. */
static void
test_roles_and_waiver_checks(void **state)
{
	struct fx *f = *state;
	char err[512];
	struct session *s;
	struct verdict v;
	struct waiver bad = WAIVER("Suzuki", "why", "2026-02-31", NULL);
	struct waiver noone = WAIVER("", "why", "2026-02-01", NULL);

	assert_null(session_create(f->cl, f->cfg, NULL, f->dir, "", ROLE_STAFF, err, sizeof err));
	s = session_create(f->cl, f->cfg, NULL, f->dir, "yamada", ROLE_STAFF, err, sizeof err);
	assert_non_null(s);
	assert_true(session_item_visible(s, item(f, "1-1")));
	assert_false(session_item_visible(s, item(f, "1-2")));
	assert_false(session_item_visible(s, item(f, "1-4")));
	session_verdict(s, &v);
	assert_int_equal(v.total, 2);
	/* the staff session does not run 1-2's check */
	assert_int_equal(run_checks(s, f, 0, err, sizeof err), 0);
	assert_int_equal(fake_runs, 0);
	assert_int_equal(session_set_waiver(s, item(f, "1-1"), &bad, err, sizeof err), -1);
	assert_non_null(strstr(err, "until"));
	assert_int_equal(session_set_waiver(s, item(f, "1-1"), &noone, err, sizeof err), -1);
	assert_non_null(strstr(err, "approved_by"));
	session_free(s);
}

/* Listing: unfinished sessions newest first; corrupt files reported and moved aside. */
static void
test_list_and_corrupt(void **state)
{
	struct fx *f = *state;
	char err[512], *bad, *trunc, *aside;
	struct session *a, *b;
	struct session_info *v;
	size_t n, i;
	char *data;
	size_t len;
	struct stat st;

	assert_int_equal(session_list_open(f->dir, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	session_info_free(v, n);

	a = session_create(f->cl, f->cfg, NULL, f->dir, "first", ROLE_STAFF, err, sizeof err);
	assert_non_null(a);
	assert_int_equal(session_set_answer(a, item(f, "1-1"), ANSWER_YES, "", err, sizeof err), 0);
	sleep(1);
	b = session_create(f->cl, f->cfg, NULL, f->dir, "second", ROLE_IT, err, sizeof err);
	assert_non_null(b);

	/* a truncated copy of a and a file of garbage */
	assert_int_equal(file_read_all(session_path(a), 1 << 20, &data, &len, err, sizeof err), 0);
	trunc = xasprintf("%s/session-20000101T000000Z-aaaaaaaa.json", f->dir);
	assert_int_equal(file_write_atomic(trunc, data, len / 2, 0600, err, sizeof err), 0);
	free(data);
	bad = xasprintf("%s/session-20000101T000001Z-bbbbbbbb.json", f->dir);
	assert_int_equal(file_write_atomic(bad, "{\"format\":\"x\"}", 14, 0600, err, sizeof err), 0);

	assert_int_equal(session_list_open(f->dir, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 4);
	assert_false(v[0].corrupt);
	assert_string_equal(v[0].operator_name, "second");
	assert_string_equal(v[1].operator_name, "first");
	assert_int_equal(v[1].answered, 1);
	assert_int_equal(v[1].total, 2);
	assert_int_equal(v[1].role, ROLE_STAFF);
	for (i = 2; i < 4; i++) {
		assert_true(v[i].corrupt);
		assert_non_null(strstr(v[i].error, "corrupt session file"));
		assert_non_null(strstr(v[i].path, ".corrupt"));
		assert_int_equal(stat(v[i].path, &st), 0); /* kept, not dropped */
	}
	session_info_free(v, n);
	assert_int_not_equal(stat(trunc, &st), 0);
	aside = xasprintf("%s.corrupt", trunc);
	assert_int_equal(stat(aside, &st), 0);
	assert_int_equal((int)st.st_size, (int)(len / 2));
	free(aside);

	/* session_open says which file and why */
	assert_int_equal(file_write_atomic(trunc, "{\"format\":", 10, 0600, err, sizeof err), 0);
	assert_null(session_open(f->cl, f->cfg, trunc, err, sizeof err));
	assert_non_null(strstr(err, trunc));
	assert_non_null(strstr(err, "corrupt"));
	/* moving aside again never replaces the first .corrupt copy */
	assert_int_equal(session_list_open(f->dir, &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 3);
	assert_non_null(strstr(v[2].path, ".1.corrupt"));
	session_info_free(v, n);

	free(trunc);
	free(bad);
	session_free(a);
	session_free(b);
}

/* A session written for another checklist is refused, not listed as corrupt. */
static void
test_other_checklist(void **state)
{
	struct fx *f = *state;
	char err[512];
	struct session *s;
	struct checklist other = *f->cl;

	s = session_create(f->cl, f->cfg, NULL, f->dir, "x", ROLE_IT, err, sizeof err);
	assert_non_null(s);
	memset(other.sha256, '0', 64);
	assert_null(session_open(&other, f->cfg, session_path(s), err, sizeof err));
	assert_non_null(strstr(err, "different checklist"));
	session_free(s);
}

/*
 * SIGKILL at random points while a child answers items: every answer the
 * child reported as saved is in the file, and the file always loads.
 */
static void
test_sigkill_resume(void **state)
{
	struct fx *f = *state;
	int round;

	for (round = 0; round < 12; round++) {
		char err[512], path[512];
		int fds[2], status, acked = 0;
		pid_t pid;
		struct session *r;
		static const enum answer seq[] = { ANSWER_YES, ANSWER_NO, ANSWER_NA };
		char line[600];
		FILE *in;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct session *s;
			FILE *out;
			int k;

			close(fds[0]);
			out = fdopen(fds[1], "w");
			s = session_create(f->cl, f->cfg, NULL, f->dir, "kill", ROLE_IT, err, sizeof err);
			if (s == NULL)
				_exit(1);
			fprintf(out, "%s\n", session_path(s));
			fflush(out);
			for (k = 0;; k++) {
				char note[32];

				snprintf(note, sizeof note, "step %d", k);
				if (session_set_answer(s, f->cl->items[k % 4], seq[k % 3], note,
				        err, sizeof err) < 0)
					_exit(1);
				fprintf(out, "%d\n", k);
				fflush(out);
			}
		}
		close(fds[1]);
		in = fdopen(fds[0], "r");
		assert_non_null(fgets(path, sizeof path, in));
		path[strcspn(path, "\n")] = '\0';
		/* let it run for a while, then kill it mid-write */
		usleep(2000 + (useconds_t)(rand() % 30000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		assert_true(WIFSIGNALED(status));
		while (fgets(line, sizeof line, in) != NULL)
			acked = atoi(line) + 1;
		fclose(in);

		r = session_open(f->cl, f->cfg, path, err, sizeof err);
		if (r == NULL)
			fail_msg("after SIGKILL: %s", err);
		if (acked > 0) {
			/* the last acknowledged step k is on disk (a later one may be too) */
			int k = acked - 1, i2, found = 0;

			for (i2 = 0; i2 < 4; i2++) {
				const char *note = session_note(r, f->cl->items[i2]);
				int step;

				if (sscanf(note, "step %d", &step) == 1 && step >= k) {
					found = 1;
					assert_true(step == k || step == k + 1);
					assert_int_equal(session_answer(r, f->cl->items[i2]),
					    seq[step % 3]);
				}
			}
			/* every item touched by an acknowledged step holds that step or later */
			for (i2 = 0; i2 < 4 && i2 < acked; i2++) {
				const char *note = session_note(r, f->cl->items[i2]);
				int step = -1, last = k - ((k - i2) % 4 + 4) % 4;

				assert_int_equal(sscanf(note, "step %d", &step), 1);
				assert_true(step >= last);
			}
			assert_true(found);
		}
		/* the resumed session carries on where it stopped */
		assert_int_equal(
		    session_set_answer(r, f->cl->items[3], ANSWER_YES, "resumed", err, sizeof err), 0);
		session_free(r);
		r = session_open(f->cl, f->cfg, path, err, sizeof err);
		assert_non_null(r);
		assert_string_equal(session_note(r, f->cl->items[3]), "resumed");
		session_free(r);
		r = NULL;
	}
	/* every killed session is offered for resuming, none is corrupt */
	{
		struct session_info *v;
		size_t n, i;
		char err[512];

		assert_int_equal(session_list_open(f->dir, &v, &n, err, sizeof err), 0);
		assert_int_equal(n, 12);
		for (i = 0; i < n; i++) {
			assert_false(v[i].corrupt);
			assert_string_equal(v[i].operator_name, "kill");
		}
		session_info_free(v, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_save_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_advice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles_and_waiver_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_and_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_checklist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigkill_resume, setup, teardown),
	};

	srand((unsigned)time(NULL));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
