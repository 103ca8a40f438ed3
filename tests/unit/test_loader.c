/*
 * test_loader.c: the signature database loaded in the background
 * (scan_loader_*, scan/loader.c) through real libclamav, with a
 * one-signature database made here: start, acquire (waits for the load),
 * the status line in both languages, release, free; and a load that fails
 * on an empty directory gives no engine and a status saying why.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "../../config/config.h"
#include "../../scan/scan.h"

struct fx {
	char *dir;
	struct config *cfg;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *db, *empty, *sig;
	static const char line[] = "44d88612fea8a8f36de82e1278abb02f:68:Unit.Loader.EICAR\n";

	f->dir = test_tmpdir();
	db = xasprintf("%s/db", f->dir);
	empty = xasprintf("%s/empty", f->dir);
	sig = xasprintf("%s/db/unit.hdb", f->dir);
	if (mkdir(db, 0700) != 0 || mkdir(empty, 0700) != 0)
		return -1;
	test_write(sig, line, sizeof line - 1);
	free(db);
	free(empty);
	free(sig);
	f->cfg = config_defaults();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	config_free(f->cfg);
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Points the configuration's clamav.database at dir/sub. */
static void
use_db(struct fx *f, const char *sub)
{
	free(f->cfg->clamav_database);
	f->cfg->clamav_database = xasprintf("%s/%s", f->dir, sub);
}

static void
test_load_acquire_release(void **state)
{
	struct fx *f = *state;
	struct scan_loader *l;
	struct scan_engine *e;
	char en[256], ja[256];

	use_db(f, "db");
	l = scan_loader_start(f->cfg);
	assert_non_null(l);
	scan_loader_status(l, 0, en, sizeof en); /* loading or loaded: never empty */
	assert_true(strncmp(en, "Signatures: ", 12) == 0);
	e = scan_loader_acquire(l);
	assert_non_null(e);
	scan_loader_status(l, 0, en, sizeof en);
	scan_loader_status(l, 1, ja, sizeof ja);
	if (strstr(en, "Signatures: 1 loaded") != en)
		fail_msg("English status: %s", en);
	if (strstr(ja, "シグネチャ: 1 件") != ja)
		fail_msg("Japanese status: %s", ja);
	scan_loader_release(l);
	/* a second user gets the same resident engine */
	assert_ptr_equal(scan_loader_acquire(l), e);
	scan_loader_release(l);
	scan_loader_free(l);
	scan_loader_free(NULL);
}

static void
test_load_fails_on_empty_dir(void **state)
{
	struct fx *f = *state;
	struct scan_loader *l;
	char en[512], ja[512];

	use_db(f, "empty");
	l = scan_loader_start(f->cfg);
	assert_non_null(l);
	assert_null(scan_loader_acquire(l));
	scan_loader_release(l);
	scan_loader_status(l, 0, en, sizeof en);
	scan_loader_status(l, 1, ja, sizeof ja);
	if (strncmp(en, "Signatures unavailable: ", 24) != 0 || strstr(en, "is empty") == NULL)
		fail_msg("English status: %s", en);
	if (strstr(ja, "シグネチャなし:") != ja || strstr(ja, "が空です") == NULL)
		fail_msg("Japanese status: %s", ja);
	scan_loader_free(l);
}

/* A load still under way is stopped by free without waiting for it. */
static void
test_free_while_loading(void **state)
{
	struct fx *f = *state;

	use_db(f, "db");
	scan_loader_free(scan_loader_start(f->cfg));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_acquire_release),
		cmocka_unit_test(test_load_fails_on_empty_dir),
		cmocka_unit_test(test_free_while_loading),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
