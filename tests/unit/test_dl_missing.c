/*
 * test_dl_missing.c: what the callers do when a library opened on first
 * use (util/dlib.h) cannot be loaded. Before anything asks for them, every
 * such library is renamed to one that does not exist; then the scan engine
 * cannot be made and says why in both languages, a zip64 archive is
 * unscannable (never clean), the av-signatures and suspicious-domains
 * checks give unknown with the reason in both languages (never pass), and
 * a PostgreSQL fleet database cannot be opened while a SQLite one still can.
 * A process of its own: the libraries stay missing for its whole life.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "../../checks/check.h"
#include "../../checks/icu_dl.h"
#include "../../config/config.h"
#include "../../fleet/db.h"
#include "../../fleet/pq_dl.h"
#include "../../scan/archive_dl.h"
#include "../../scan/clamav_dl.h"
#include "../../scan/scan.h"
#include "../../scan/scan_int.h"
#include "../../sys/target.h"
#include "../../util/json.h"

#define NO_CLAMAV "libreentry-missing-clamav.so.0"
#define NO_ARCHIVE "libreentry-missing-archive.so.0"
#define NO_ICUUC "libreentry-missing-icuuc.so.0"
#define NO_PQ "libreentry-missing-pq.so.0"

static char *tmp;

static int
setup(void **state)
{
	(void)state;
	clamav_dl_soname_set(NO_CLAMAV);
	archive_dl_soname_set(NO_ARCHIVE);
	icu_dl_soname_set(NO_ICUUC, REENTRY_SONAME_ICUI18N);
	pq_dl_soname_set(NO_PQ);
	tmp = test_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

/* s contains sub, or the test fails showing s. */
static void
has(const char *s, const char *sub)
{
	if (s == NULL || strstr(s, sub) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", s != NULL ? s : "(null)", sub);
}

static void
test_engine(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = (void *)1;
	char *db = xasprintf("%s/db", tmp), *hdb = xasprintf("%s/db/x.hdb", tmp);
	char err[1024] = "", ja[1024] = "";

	(void)state;
	assert_int_equal(mkdir(db, 0700), 0);
	test_write(hdb, "44d88612fea8a8f36de82e1278abb02f:68:Test.Sig\n", 45);
	free(cfg->clamav_database);
	cfg->clamav_database = xstrdup(db);
	assert_int_equal(scan_engine_new_l(cfg, NULL, NULL, NULL, &e, err, sizeof err, ja, sizeof ja),
	    -1);
	assert_null(e);
	has(err, NO_CLAMAV);
	has(err, "scanning for malware");
	has(ja, NO_CLAMAV);
	has(ja, "マルウェアのスキャンに必要な");
	/* the same reason again, without trying again */
	err[0] = '\0';
	assert_int_equal(scan_engine_new(cfg, NULL, NULL, NULL, &e, err, sizeof err), -1);
	has(err, NO_CLAMAV);
	free(hdb);
	free(db);
	config_free(cfg);
}

/* A zip64 archive cannot be opened without libarchive: unscannable with the reason. */
static void
test_unpack(void **state)
{
	struct scan_engine e;
	struct scan_fctx fc;
	char *what = NULL;

	(void)state;
	memset(&e, 0, sizeof e);
	memset(&fc, 0, sizeof fc);
	fc.path = "big.zip";
	scan_unpack_zip(&e, "PK\3\4", 4, &fc);
	has(fc.limit_note, NO_ARCHIVE);
	has(fc.limit_note, "zip64 archive: not opened");
	assert_int_equal(scan_engine_outcome(0 /* CL_CLEAN */, NULL, &fc, &what), SCAN_OUT_UNSCANNABLE);
	has(what, NO_ARCHIVE);
	free(what);
	free(fc.limit_note);
}

/* Runs check id on an empty Linux tree under tmp; res is the caller's to free. */
static void
run_check(const char *id, struct check_result *res)
{
	struct config *cfg = config_defaults();
	struct check_ctx ctx = { 0 };
	char err[256], *root = xasprintf("%s/root-%s", tmp, id), *etc = xasprintf("%s/etc", root);
	char *hosts = xasprintf("%s/hosts", etc);
	struct target *t;

	assert_int_equal(mkdir(root, 0700), 0);
	assert_int_equal(mkdir(etc, 0700), 0);
	test_write(hosts, "127.0.0.1 localhost\n", 20);
	t = target_open(root, err, sizeof err);
	if (t == NULL)
		fail_msg("%s", err);
	assert_non_null(check_find(id));
	ctx.target = t;
	ctx.cfg = cfg;
	check_run(check_find(id), &ctx, res);
	target_free(t);
	config_free(cfg);
	free(hosts);
	free(etc);
	free(root);
}

static void
test_av_signatures(void **state)
{
	struct check_result res;

	(void)state;
	run_check("av-signatures", &res);
	assert_int_equal(res.status, CHECK_UNKNOWN);
	has(res.summary_en, NO_CLAMAV);
	has(res.summary_ja, NO_CLAMAV);
	has(res.summary_ja, "読み込めません");
	check_result_free(&res);
}

static void
test_suspicious_domains(void **state)
{
	struct check_result res;

	(void)state;
	run_check("suspicious-domains", &res);
	assert_int_equal(res.status, CHECK_UNKNOWN);
	has(res.summary_en, "the names cannot be judged");
	has(res.summary_en, NO_ICUUC);
	has(res.summary_ja, "ドメイン名の判定に必要な");
	has(res.summary_ja, NO_ICUUC);
	check_result_free(&res);
}

static void
test_fleet(void **state)
{
	struct fleet_db *db;
	char err[2048] = "", *path = xasprintf("%s/fleet.sqlite", tmp);

	(void)state;
	assert_null(fleet_db_open("postgresql://reentry@localhost/fleet", err, sizeof err));
	has(err, NO_PQ);
	has(err, "PostgreSQL");
	has(err, "読み込めません");
	/* SQLite does not need libpq */
	db = fleet_db_open(path, err, sizeof err);
	if (db == NULL)
		fail_msg("%s", err);
	fleet_db_close(db);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine),
		cmocka_unit_test(test_unpack),
		cmocka_unit_test(test_av_signatures),
		cmocka_unit_test(test_suspicious_domains),
		cmocka_unit_test(test_fleet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
