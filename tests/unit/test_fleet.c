/*
 * test_fleet.c: the fleet database on SQLite through the library: a trusted
 * report's media, infected and unscannable files reach their view with the
 * manifest's SHA-256; a second report at one sequence is a fork; a newer
 * schema is refused; URLs are shown without their password.
 * (tests/cli/fleet.sh runs the commands against PostgreSQL and SQLite.)
 */
#include "testutil.h"

#include "../../fleet/fleet.h"
#include "../../util/json.h"

static const char sample_report[] =
    "{\"report_id\": \"R1\", \"started\": \"2026-12-01T09:00:00Z\","
    " \"ended\": \"2026-12-01T09:30:00Z\", \"operator\": \"op\", \"role\": \"it\","
    " \"checklist\": {\"id\": \"jnsa\", \"version\": \"1\", \"sha256\": \"00\"},"
    " \"device\": {\"hostname\": \"pc-1\", \"machine_id\": \"m1\", \"serial\": \"SN-77\","
    "  \"serial_usable\": true},"
    " \"verdict\": {\"result\": \"fail\"},"
    " \"chain\": {\"sequence\": SEQ, \"previous\": null},"
    " \"items\": [{\"id\": \"2-7\", \"shown\": true, \"answer\": null, \"note\": \"\","
    "  \"outcome\": \"failed\", \"title\": {\"en\": \"no personal media\", \"ja\": \"私物なし\"}}],"
    " \"checks\": [{\"id\": \"media-scan\", \"status\": \"fail\","
    "  \"summary\": {\"en\": \"infected\", \"ja\": \"感染\"},"
    "  \"details\": {\"infected\": [{\"path\": \"/media/s/a.exe\", \"signature\": \"Eicar-Sig\"}],"
    "   \"unscannable\": [{\"path\": \"/media/s/x.zip\", \"reason\": \"encrypted\"}],"
    "   \"media\": [{\"path\": \"/media/s\", \"identity\": {\"serial\": \"4C530001\","
    "    \"vendor\": \"SanDisk\", \"model\": \"Ultra\"},"
    "    \"manifest\": [{\"path\": \"a.exe\", \"sha256\": \"abcd\"}]}]}}]}";

/* A verification as report_verify_file() gives for a good report. */
static void
good(struct report_verification *v, int seq, char shachar)
{
	char *text = xstrdup(sample_report), *p = strstr(text, "SEQ"), err[256];
	char *full;

	p[0] = (char)('0' + seq);
	p[1] = ' ';
	p[2] = ' ';
	memset(v, 0, sizeof *v);
	full = text;
	v->report = json_parse(full, strlen(full), err, sizeof err);
	assert_non_null(v->report);
	free(text);
	v->status = REPORT_GOOD;
	v->fingerprint = xstrdup("SHA256:testkey");
	v->principals = xstrdup("desk@example.jp");
	v->signers_checked = 1;
	memset(v->sha256, shachar, 64);
	memset(v->sig_sha256, 'f', 64);
}

static void
test_media_and_files(void **state)
{
	char *dir = test_tmpdir(), *db = xasprintf("%s/f.sqlite", dir), err[512];
	struct fleet *f = fleet_open(db, err, sizeof err);
	struct report_verification v;
	struct fleet_import res;
	struct fleet_rows rows;

	(void)state;
	assert_non_null(f);
	good(&v, 1, 'a');
	assert_int_equal(fleet_import(f, "d/R1.json", &v, &res, err, sizeof err), 0);
	assert_int_equal(res.outcome, FLEET_IMPORTED);
	fleet_import_clear(&res);
	assert_int_equal(fleet_import(f, "d/R1.json", &v, &res, err, sizeof err), 0);
	assert_int_equal(res.outcome, FLEET_DUPLICATE);
	fleet_import_clear(&res);
	assert_int_equal(fleet_known_trusted(f, v.sha256, v.sig_sha256, err, sizeof err), 1);
	report_verification_clear(&v);

	assert_int_equal(fleet_ask(f, FLEET_Q_INFECTED, NULL, &rows, err, sizeof err), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 2), "medium-serial:4C530001");
	assert_string_equal(fleet_rows_get(&rows, 0, 3), "SanDisk");
	assert_string_equal(fleet_rows_get(&rows, 0, 6), "/media/s/a.exe");
	assert_string_equal(fleet_rows_get(&rows, 0, 7), "Eicar-Sig");
	assert_string_equal(fleet_rows_get(&rows, 0, 8), "abcd");
	fleet_rows_clear(&rows);
	/* the medium's history shows the report that scanned it; the computer by its serial */
	assert_int_equal(fleet_ask(f, FLEET_Q_DEVICE, "4C530001", &rows, err, sizeof err), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 2), "medium");
	fleet_rows_clear(&rows);
	assert_int_equal(fleet_ask(f, FLEET_Q_DEVICE, "SN-77", &rows, err, sizeof err), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 1), "serial:SN-77");
	fleet_rows_clear(&rows);
	assert_int_equal(fleet_ask(f, FLEET_Q_FAILURES, NULL, &rows, err, sizeof err), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 5), "2-7");
	fleet_rows_clear(&rows);
	/* the unscannable file is in the view too, by kind */
	assert_int_equal(
	    fleet_db_query(f->db, "SELECT reason FROM fleet_media_files WHERE kind = 'unscannable'",
	        0, NULL, &rows, err, sizeof err),
	    0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 0), "encrypted");
	fleet_rows_clear(&rows);

	/* another report at sequence 1 that does not follow anything: a fork, not trusted */
	good(&v, 1, 'b');
	assert_int_equal(fleet_import(f, "d/R1b.json", &v, &res, err, sizeof err), 0);
	assert_int_equal(res.outcome, FLEET_CONFLICT);
	assert_non_null(strstr(res.reason, "forked"));
	fleet_import_clear(&res);
	report_verification_clear(&v);
	assert_int_equal(fleet_ask(f, FLEET_Q_CHAIN, NULL, &rows, err, sizeof err), 0);
	assert_int_equal(rows.nrows, 1);
	assert_string_equal(fleet_rows_get(&rows, 0, 2), "fork");
	fleet_rows_clear(&rows);

	/* a schema newer than this program is refused with a message */
	assert_int_equal(fleet_db_exec(f->db, "INSERT INTO fleet_schema VALUES (99)", err, sizeof err), 0);
	fleet_close(f);
	assert_null(fleet_open(db, err, sizeof err));
	assert_non_null(strstr(err, "schema version 99"));
	test_rmtree(dir);
	free(db);
	free(dir);
}

static void
test_redact(void **state)
{
	char *s;

	(void)state;
	s = fleet_db_redact("postgresql://fleet:S3cr%40t@db.example.jp:5432/fleet?sslmode=require");
	assert_string_equal(s, "postgresql://fleet:***@db.example.jp:5432/fleet?sslmode=require");
	free(s);
	s = fleet_db_redact("postgres://db/fleet?user=u&password=pw&host=/run");
	assert_string_equal(s, "postgres://db/fleet?user=u&password=***&host=/run");
	free(s);
	s = fleet_db_redact("postgresql://fleet@db/fleet");
	assert_string_equal(s, "postgresql://fleet@db/fleet");
	free(s);
	s = fleet_db_redact("/var/lib/reentry/fleet.sqlite");
	assert_string_equal(s, "/var/lib/reentry/fleet.sqlite");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media_and_files),
		cmocka_unit_test(test_redact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
