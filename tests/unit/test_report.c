/*
 * test_report.c: the report of record: built from a session with a check
 * result and evidence, schema validation (and what it rejects), writing and
 * verifying, the chain between two reports, HTML escaping, the text copy's
 * sanitising, and CSV quoting.
 */
#include "testutil.h"
#include "testcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../report/report.h"
#include "../../util/fileio.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"

static void
fake_scan_run(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	(void)facts;
	(void)ctx;
	check_result_set(res, CHECK_FAIL, "1 infected file", "感染ファイル1件");
	check_evidence_value(res, "engine", "ClamAV 1.0.7");
	check_evidence_value(res, "database", "daily 27000");
	json_obj_set(res->details, "infected", json_int(1));
}

static const struct check scan_check = {
	.id = "media-scan",
	.title_en = "Scan",
	.title_ja = "スキャン",
	.reads = "media",
	.params = NULL,
	.flags = CHECK_USES_ENGINE | CHECK_SCANS_PATHS,
	TEST_CHECK_JUDGE(fake_scan_run),
};

struct fx {
	struct checklist *cl;
	struct config *cfg;
	struct binding bind;
	char dir[64];
	char *keypath;
	struct sshkey *key;
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

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct diags d = DIAGS_INIT;
	struct item *it;
	char err[256], *text, *path;

	path = test_path("tests/data/checklists/mini.yaml");
	f->cl = checklist_load(path, &d);
	free(path);
	if (f->cl == NULL)
		return -1;
	it = (struct item *)checklist_find(f->cl, "1-2");
	f->bind.check = &scan_check;
	f->bind.params = json_object();
	it->checks = &f->bind;
	it->nchecks = 1;
	it->kind = KIND_AUTO;
	f->cfg = config_defaults();
	strcpy(f->dir, "/tmp/test_report.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->key = sshkey_generate(err, sizeof err);
	text = sshkey_private_file(f->key, "test");
	f->keypath = xasprintf("%s/key", f->dir);
	if (file_write_new(f->keypath, text, strlen(text), 0600, err, sizeof err) < 0)
		return -1;
	free(text);
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
	sshkey_free(f->key);
	free(f->keypath);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(f);
	return 0;
}

/* A session with an answer and a failed check. */
static struct session *
make_session(struct fx *f, const char *note)
{
	char err[512], *state = xasprintf("%s/state", f->dir);
	struct session *s = session_create(f->cl, f->cfg, NULL, state, "佐藤 <b>&", ROLE_IT, err,
	    sizeof err);

	free(state);
	assert_non_null(s);
	assert_int_equal(
	    session_set_answer(s, checklist_find(f->cl, "1-1"), ANSWER_YES, note, err, sizeof err), 0);
	assert_int_equal(run_checks(s, f, 0, err, sizeof err), 0);
	return s;
}

static void
test_build_and_validate(void **state)
{
	struct fx *f = *state;
	struct session *s = make_session(f, "ok");
	struct report_chain c = { 1, NULL, "", "", -1 };
	struct json *r = report_build(s, &c, "RID", "SHA256:x", time(NULL)), *items, *e;
	char err[256];

	assert_int_equal(report_validate(r, err, sizeof err), 0);
	assert_string_equal(json_get_str(json_get(json_get(r, "verdict"), "result")), "fail");
	items = json_get(r, "items");
	assert_int_equal(json_len(items), 2);
	e = json_at(items, 1);
	assert_string_equal(json_get_str(json_get(e, "outcome")), "failed");
	/* the check's evidence travels into the report */
	assert_string_equal(
	    json_get_str(
	        json_get(json_at(json_get(json_at(json_get(r, "checks"), 0), "evidence"), 0), "value")),
	    "ClamAV 1.0.7");
	/* version 3: the manifest member is required (null without a scan), and checked */
	assert_true(json_is(json_get(r, "manifest"), JSON_NULL));
	{
		struct json *m = json_obj_take(r, "manifest"), *o;

		assert_int_equal(report_validate(r, err, sizeof err), -1);
		assert_non_null(strstr(err, "manifest"));
		json_free(m);
		o = json_obj_set(r, "manifest", json_object());
		json_obj_set(o, "file", json_str("../RID.manifest.jsonl"));
		json_obj_set(o, "sha256",
		    json_str("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
		json_obj_set(o, "files", json_int(0));
		json_obj_set(o, "bytes", json_int(0));
		assert_int_equal(report_validate(r, err, sizeof err), -1);
		assert_non_null(strstr(err, "manifest.file"));
		json_obj_set(o, "file", json_str("RID.manifest.jsonl"));
		assert_int_equal(report_validate(r, err, sizeof err), 0);
		json_obj_set(o, "sha256", json_str("xyz"));
		assert_int_equal(report_validate(r, err, sizeof err), -1);
		json_obj_set(r, "manifest", json_null());
	}
	/* tampering with the verdict is caught by the schema check */
	json_obj_set(json_get(r, "verdict"), "result", json_str("pass"));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "verdict"));
	json_obj_set(json_get(r, "verdict"), "result", json_str("fail"));
	json_obj_set(e, "outcome", json_str("passed"));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	json_obj_set(e, "outcome", json_str("failed"));
	json_obj_set(e, "answer", json_str("maybe"));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "items[1].answer"));
	json_obj_set(e, "answer", json_null());
	assert_int_equal(report_validate(r, err, sizeof err), 0);
	json_obj_set(json_get(r, "chain"), "sequence", json_int(2));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "chain.previous"));
	json_free(json_obj_take(r, "chain"));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	json_free(r);
	session_free(s);
}

/* Version 2 records each item's basis; a version 1 document still validates, needs-attention included. */
static void
test_versions(void **state)
{
	struct fx *f = *state;
	struct session *s = make_session(f, "ok");
	struct report_chain c = { 1, NULL, "", "", -1 };
	struct json *r = report_build(s, &c, "RID", "SHA256:x", time(NULL)), *e, *v;
	struct report_item_decision d;
	size_t i, attention, stood_in;
	char err[256];

	e = json_at(json_get(r, "items"), 1);
	assert_string_equal(json_get_str(json_get(e, "basis")), "checks");
	assert_string_equal(json_get_str(json_get(e, "check_status")), "fail");
	assert_true(json_get_bool(json_get(e, "checks_ran"), 0));
	assert_string_equal(json_get_str(json_get(json_at(json_get(r, "items"), 0), "basis")), "person");
	v = json_get(r, "verdict");
	assert_int_equal(json_get_int(json_get(v, "attention"), -1), 0);
	/* a basis that contradicts the outcome is refused */
	json_obj_set(e, "basis", json_null());
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "items[1].basis: missing"));
	json_obj_set(e, "basis", json_str("checks"));
	/* the version 1 shape: no basis, no attention counts */
	json_obj_set(r, "schema_version", json_int(1));
	for (i = 0; i < json_len(json_get(r, "items")); i++) {
		struct json *it = json_at(json_get(r, "items"), i);

		json_free(json_obj_take(it, "basis"));
		json_free(json_obj_take(it, "check_status"));
		json_free(json_obj_take(it, "checks_ran"));
	}
	json_free(json_obj_take(v, "attention"));
	json_free(json_obj_take(v, "stood_in"));
	assert_int_equal(report_validate(r, err, sizeof err), 0);
	/* its basis is worked out for display: the failed check decided 1-2 */
	report_item_decision(r, e, &d);
	assert_string_equal(d.basis, "checks");
	assert_string_equal(d.check_status, "fail");
	/* needs-attention in version 1: accepted, and the verdict is then incomplete */
	json_obj_set(e, "outcome", json_str("needs-attention"));
	json_obj_set(v, "failed", json_int(0));
	json_obj_set(v, "automatic", json_int(0));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "verdict.result: is fail but the items say incomplete"));
	json_obj_set(v, "result", json_str("incomplete"));
	assert_int_equal(report_validate(r, err, sizeof err), 0);
	report_attention_counts(r, &attention, &stood_in);
	assert_int_equal(attention, 1);
	assert_int_equal(stood_in, 0);
	/* a version 2 document without the new members, or a later version, is refused */
	json_obj_set(r, "schema_version", json_int(2));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	json_obj_set(r, "schema_version", json_int(3));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	json_obj_set(r, "schema_version", json_int(4));
	assert_int_equal(report_validate(r, err, sizeof err), -1);
	assert_non_null(strstr(err, "unsupported version"));
	json_free(r);
	session_free(s);
}

static void
test_write_verify_chain(void **state)
{
	struct fx *f = *state;
	struct session *s = make_session(f, "first"), *t;
	struct report_paths p1, p2;
	struct report_verification ver;
	char err[512], *rep = xasprintf("%s/reports", f->dir), *data;
	size_t len;
	struct json *j;
	char sha[65];
	struct stat st;
	struct session_info *v;
	size_t n;

	assert_int_equal(report_finish(s, rep, f->keypath, &p1, err, sizeof err), 0);
	assert_int_equal(report_finish(s, rep, f->keypath, &p2, err, sizeof err), -1);
	assert_int_equal(stat(p1.json, &st), 0);
	assert_int_equal(stat(p1.html, &st), 0);
	assert_int_equal(stat(p1.txt, &st), 0);
	report_verify_file(p1.json, NULL, NULL, &ver);
	assert_int_equal(ver.status, REPORT_GOOD);
	assert_string_equal(ver.fingerprint, p1.fingerprint);
	report_verification_clear(&ver);
	/* a finished session is not offered for resuming */
	{
		char *state_dir = xasprintf("%s/state", f->dir);

		assert_int_equal(session_list_open(state_dir, &v, &n, err, sizeof err), 0);
		assert_int_equal(n, 0);
		session_info_free(v, n);
		free(state_dir);
	}

	t = make_session(f, "second");
	assert_int_equal(report_finish(t, rep, f->keypath, &p2, err, sizeof err), 0);
	assert_string_not_equal(p1.json, p2.json);
	assert_int_equal(file_read_all(p2.json, 1 << 20, &data, &len, err, sizeof err), 0);
	j = json_parse(data, len, err, sizeof err);
	assert_non_null(j);
	assert_int_equal(json_get_int(json_get(json_get(j, "chain"), "sequence"), 0), 2);
	assert_int_equal(sha256_file_hex(p1.json, sha, err, sizeof err), 0);
	assert_string_equal(
	    json_get_str(json_get(json_get(json_get(j, "chain"), "previous"), "sha256")), sha);
	assert_int_equal(sha256_file_hex(p1.sig, sha, err, sizeof err), 0);
	assert_string_equal(
	    json_get_str(json_get(json_get(json_get(j, "chain"), "previous"), "signature_sha256")), sha);
	json_free(j);
	free(data);
	{
		struct audit a;

		assert_int_equal(report_audit(rep, NULL, &a, err, sizeof err), 0);
		assert_int_equal(a.nreports, 2);
		assert_int_equal(a.nproblems, 0);
		assert_int_equal(a.nrows, 2); /* both reports failed: a row each, never folded */
		assert_int_equal(a.rows[0].single, 1);
		assert_string_equal(a.rows[0].operator_name, "佐藤 <b>&");
		assert_int_equal(a.rows[0].open_failures, 1); /* 1-2's check failed */
		report_audit_clear(&a);
	}
	report_paths_free(&p1);
	report_paths_free(&p2);
	session_free(s);
	session_free(t);
	free(rep);
}

/* Copies file from to to; 0 or -1. */
static int
copy_file(const char *from, const char *to)
{
	char *data, err[256];
	size_t len;
	int rc;

	if (file_read_all(from, 1 << 20, &data, &len, err, sizeof err) < 0)
		return -1;
	rc = file_write_atomic(to, data, len, 0644, err, sizeof err);
	free(data);
	return rc;
}

/*
 * The audit's cache on enough reports for two threads: 40 copies of one
 * report (the same bytes under 40 names) share one key, so one entry at
 * most is taken from the cache, and the others are verified in full; the
 * results are those of an audit without the cache, and a report changed
 * since is bad.
 */
static void
test_audit_cache(void **state)
{
	struct fx *f = *state;
	struct session *s = make_session(f, "cache");
	struct report_paths p;
	struct audit a, b, c;
	struct audit_opts o = { NULL, NULL };
	char err[512], *rep = xasprintf("%s/reports", f->dir), *many = xasprintf("%s/many", f->dir);
	char *cache = xasprintf("%s/state/audit-cache/x.cache", f->dir), *path, *sig;
	size_t i;

	assert_int_equal(report_finish(s, rep, f->keypath, &p, err, sizeof err), 0);
	assert_int_equal(file_mkdirs(many, 0755, err, sizeof err), 0);
	for (i = 0; i < 40; i++) {
		path = xasprintf("%s/r%02zu.json", many, i);
		sig = xasprintf("%s.sig", path);
		assert_int_equal(copy_file(p.json, path), 0);
		assert_int_equal(copy_file(p.sig, sig), 0);
		free(path);
		free(sig);
	}
	assert_int_equal(report_audit_run(many, NULL, &o, &a, err, sizeof err), 0);
	o.cache = cache;
	assert_int_equal(report_audit_run(many, NULL, &o, &b, err, sizeof err), 0);
	assert_int_equal(b.from_cache, 0);
	assert_null(b.cache_error);
	assert_int_equal(report_audit_run(many, NULL, &o, &c, err, sizeof err), 0);
	assert_int_equal(c.from_cache, 1);
	assert_int_equal(c.nreports, 40);
	assert_int_equal(c.nproblems, a.nproblems);
	for (i = 0; i < 40; i++) {
		assert_int_equal(c.reports[i].verification.status, REPORT_GOOD);
		assert_string_equal(c.reports[i].verification.fingerprint, p.fingerprint);
		assert_string_equal(c.reports[i].verification.sha256, a.reports[i].verification.sha256);
		assert_true(c.reports[i].sequence == a.reports[i].sequence);
	}
	for (i = 0; i < c.nproblems; i++)
		assert_string_equal(c.problems[i], a.problems[i]);
	report_audit_clear(&b);
	report_audit_clear(&c);
	/* one copy changed by a byte after it was cached: bad, the others still good */
	path = xasprintf("%s/r07.json", many);
	{
		char *data;
		size_t len;

		assert_int_equal(file_read_all(path, 1 << 20, &data, &len, err, sizeof err), 0);
		data[len - 2] = data[len - 2] == '}' ? ']' : '}';
		assert_int_equal(file_write_atomic(path, data, len, 0644, err, sizeof err), 0);
		free(data);
	}
	assert_int_equal(report_audit_run(many, NULL, &o, &c, err, sizeof err), 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(c.reports[i].verification.status, i == 7 ? REPORT_BAD : REPORT_GOOD);
	assert_non_null(strstr(c.reports[7].verification.error, "bad signature"));
	report_audit_clear(&c);
	report_audit_clear(&a);
	free(path);
	report_paths_free(&p);
	session_free(s);
	free(rep);
	free(many);
	free(cache);
}

static void
test_human_copies(void **state)
{
	struct fx *f = *state;
	struct session *s = make_session(f, "<img src=x onerror=alert(1)> \"q\" \x1b[31m,=SUM(A1)");
	struct report_chain c = { 1, NULL, "", "", -1 };
	struct json *r = report_build(s, &c, "RID", "SHA256:x", time(NULL));
	char *html = report_html(r), *txt = report_text(r), *row = report_csv_row(r, "f.json", "good");

	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt; &quot;q&quot;"));
	assert_non_null(strstr(html, "佐藤 &lt;b&gt;&amp;"));
	assert_null(strchr(html, '\x1b'));
	assert_non_null(strstr(html, "lang=\"ja\""));
	assert_null(strchr(txt, '\x1b'));
	assert_non_null(strstr(txt, "VERDICT: FAIL"));
	assert_non_null(strstr(txt, "1-2  failed"));
	/* CSV: the row ends in CRLF and names the failed item */
	assert_non_null(strstr(row, ",fail,"));
	/* then attention, stood_in, the device in full, infected, unscannable, infected files */
	assert_non_null(strstr(row, ",1-2,SHA256:x,0,0,"));
	/* then the device record: asset tag, serial, model, owner (none here) */
	assert_non_null(strstr(row, ",0,0,,,,,\r\n"));
	assert_non_null(strstr(row, ",佐藤 <b>&,"));
	free(row);
	/* control bytes in a cell are escaped as in the table output, never written raw */
	row = report_csv_row(r, "f\x1b]0;pwn\n.json", "good");
	assert_null(strchr(row, '\x1b'));
	assert_ptr_equal(strchr(row, '\n'), row + strlen(row) - 1); /* only the row's own CRLF */
	assert_non_null(strstr(row, "f\\x1b]0;pwn\\n.json,"));
	free(row);
	/* a cell a spreadsheet would run as a formula is defused, commas quoted */
	json_obj_set(r, "operator", json_str("=HYPERLINK(\"x\",1)"));
	row = report_csv_row(r, "f.json", "good");
	assert_non_null(strstr(row, ",\"'=HYPERLINK(\"\"x\"\",1)\","));
	free(row);
	free(html);
	free(txt);
	json_free(r);
	session_free(s);
}

/* The audit filters: times at their boundaries, verdicts, and devices by serial or host. */
static void
test_audit_match(void **state)
{
	static const char doc[] = "{\"ended\": \"2026-11-25T23:59:59Z\", \"verdict\": {\"result\": \"fail\"},"
	                          " \"device\": {\"hostname\": \"pc-042\", \"machine_id\": \"abc123\","
	                          " \"usb_storage\": [{\"vendor\": \"X\", \"serial\": \"4C530001\"}]}}";
	char err[128];
	struct json *r = json_parse(doc, sizeof doc - 1, err, sizeof err);
	struct audit_filter f;

	(void)state;
	assert_non_null(r);
	assert_true(report_audit_match(r, NULL));
#define F(s, u, v, d)                                                                              \
	(f.since = (s), f.until = (u), f.verdict = (v), f.device = (d), report_audit_match(r, &f))
	assert_true(F("2026-11-25", NULL, NULL, NULL));
	assert_false(F("2026-11-26", NULL, NULL, NULL));
	assert_true(F(NULL, "2026-11-25", NULL, NULL)); /* a date runs to its last second */
	assert_false(F(NULL, "2026-11-24", NULL, NULL));
	assert_true(F(NULL, "2026-11-25T23:59:59Z", NULL, NULL));
	assert_false(F(NULL, "2026-11-25T23:59:58Z", NULL, NULL));
	assert_true(F("2026-11-25T23:59:59Z", NULL, NULL, NULL));
	assert_false(F("2026-11-26T00:00:00Z", NULL, NULL, NULL));
	assert_true(F(NULL, NULL, "fail", NULL));
	assert_false(F(NULL, NULL, "pass", NULL));
	assert_true(F(NULL, NULL, NULL, "4C530001"));
	assert_true(F(NULL, NULL, NULL, "pc-042"));
	assert_true(F(NULL, NULL, NULL, "abc123"));
	assert_false(F(NULL, NULL, NULL, "X")); /* a vendor is not a serial */
	assert_false(F(NULL, NULL, NULL, "4C53"));
	assert_false(F("2026-11-01", "2026-11-30", "fail", "nobody"));
	assert_true(F("2026-11-01", "2026-11-30", "fail", "4C530001"));
#undef F
	assert_true(report_audit_time_ok("2026-11-25"));
	assert_true(report_audit_time_ok("2026-11-25T10:00:00Z"));
	assert_false(report_audit_time_ok("2026-11-25T10:00:00"));
	assert_false(report_audit_time_ok("yesterday"));
	assert_false(report_audit_time_ok("2026-1-25"));
	json_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_build_and_validate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_verify_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_human_copies, setup, teardown),
		cmocka_unit_test(test_audit_match),
	};

	text_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
