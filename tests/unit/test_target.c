/*
 * test_target.c: the inspected system as an object: kind and identity
 * detection, and every read staying beneath the root whatever links the
 * tree holds (absolute, "..", into the host).
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "../../sys/target.h"
#include "../../sys/zfile.h"

/* Runs a shell command for the fixture; fails the test when it fails. */
static void
sh(const char *fmt, const char *dir)
{
	char *cmd = xasprintf(fmt, dir, dir, dir, dir, dir, dir, dir, dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_linux_identity(void **state)
{
	char *dir = test_tmpdir(), err[256];
	struct target *t;
	struct json *j;

	(void)state;
	sh("mkdir -p %s/etc && printf ' fixturehost \\n' >%s/etc/hostname && "
	   "printf 'abc123\\n' >%s/etc/machine-id && "
	   "printf 'NAME=Debian\\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\\n' >%s/etc/os-release",
	    dir);
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(target_kind(t), TARGET_LINUX);
	assert_false(target_live(t));
	assert_string_equal(target_hostname(t), "fixturehost");
	assert_string_equal(target_machine_id(t), "abc123");
	assert_string_equal(target_os(t), "Debian GNU/Linux 12 (bookworm)");
	j = target_to_json(t);
	assert_string_equal(json_get_str(json_get(j, "kind")), "linux");
	assert_string_equal(json_get_str(json_get(j, "root")), dir);
	json_free(j);
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

/* Windows is recognised by its hives, in whatever case the volume stores the names. */
static void
test_windows_kind(void **state)
{
	char *dir = test_tmpdir(), err[256];
	struct target *t;

	(void)state;
	sh("mkdir -p %s/WINDOWS/system32/Config && touch %s/WINDOWS/system32/Config/software", dir);
	t = target_open(dir, err, sizeof err);
	assert_int_equal(target_kind(t), TARGET_LINUX); /* SOFTWARE alone is not enough */
	target_free(t);
	sh("touch %s/WINDOWS/system32/Config/SYSTEM", dir);
	t = target_open(dir, err, sizeof err);
	assert_int_equal(target_kind(t), TARGET_WINDOWS);
	assert_null(target_hostname(t));
	target_free(t);
	/* decoys in other cases beside the real folders do not hide it, whatever readdir's order */
	sh("mkdir -p %s/windows %s/Windows/System32/config %s/WINDOWS/System32 %s/WINDOWS/SYSTEM32/cONFIG && "
	   "touch %s/Windows/System32/config/SYSTEM",
	    dir);
	t = target_open(dir, err, sizeof err);
	assert_int_equal(target_kind(t), TARGET_WINDOWS);
	target_free(t);
	sh("rm -r %s/WINDOWS && mkdir -p %s/WINDOWS", dir);
	t = target_open(dir, err, sizeof err);
	assert_int_equal(target_kind(t), TARGET_LINUX); /* no variant holds both hives any more */
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

/* Absolute and ".." links inside the tree resolve inside it, never on the host. */
static void
test_links_stay_inside(void **state)
{
	char *dir = test_tmpdir(), err[256], *data = NULL, *real;
	struct target *t;
	struct stat st;

	(void)state;
	sh("mkdir -p %s/etc %s/home/u && echo inside >%s/etc/hostname && "
	   "ln -s /etc/hostname %s/home/u/abs && ln -s ../../../../../../etc/hostname %s/home/u/up && "
	   "ln -s /etc/shadow %s/home/u/shadow && ln -s / %s/home/u/top",
	    dir);
	t = target_open(dir, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(target_read(t, "/home/u/abs", 4096, &data, NULL, err, sizeof err), 0);
	assert_string_equal(data, "inside\n");
	free(data);
	assert_int_equal(target_read(t, "/home/u/up", 4096, &data, NULL, err, sizeof err), 0);
	assert_string_equal(data, "inside\n");
	free(data);
	assert_int_equal(target_read(t, "/../../etc/hostname", 4096, &data, NULL, err, sizeof err), 0);
	assert_string_equal(data, "inside\n");
	free(data);
	/* the host's /etc/shadow is not reachable: the tree has none */
	assert_int_equal(target_read(t, "/home/u/shadow", 4096, &data, NULL, err, sizeof err), -1);
	assert_null(data);
	assert_non_null(strstr(err, "/home/u/shadow"));
	assert_int_equal(target_stat(t, "/home/u/shadow", &st), -1);
	assert_true(target_exists(t, "/home/u/shadow")); /* the link itself is there */
	real = target_realpath(t, "/home/u/top/etc/hostname");
	assert_string_equal(real, "/etc/hostname");
	free(real);
	real = target_readlink(t, "/home/u/abs");
	assert_string_equal(real, "/etc/hostname");
	free(real);
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

/* A FIFO or a directory is refused, never waited on; a limit is a clear error. */
static void
test_read_refuses(void **state)
{
	char *dir = test_tmpdir(), err[256], *data = NULL, *line;
	struct target *t;
	DIR *d;

	(void)state;
	sh("mkdir -p %s/etc && mkfifo %s/etc/fifo && printf 'x%%.0s' $(seq 1 100) >%s/etc/big", dir);
	t = target_open(dir, err, sizeof err);
	assert_int_equal(target_read(t, "/etc/fifo", 4096, &data, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(target_read(t, "/etc", 4096, &data, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "is a directory"));
	assert_int_equal(target_read(t, "/etc/big", 10, &data, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than 10 bytes"));
	assert_null(target_line(t, "/etc/missing"));
	line = target_line(t, "/etc/big");
	assert_int_equal(strlen(line), 100);
	free(line);
	d = target_opendir(t, "/etc", err, sizeof err);
	assert_non_null(d);
	closedir(d);
	assert_null(target_opendir(t, "/nope", err, sizeof err));
	assert_non_null(strstr(err, "/nope"));
	/* compressed readers go through the target too */
	assert_int_equal(zfile_read_at(t, "/etc/fifo", 4096, &data, &(size_t){ 0 }, err, sizeof err), -1);
	target_free(t);
	test_rmtree(dir);
	free(dir);
}

static void
test_open_errors(void **state)
{
	char err[256];

	(void)state;
	assert_null(target_open("/nonexistent/reentry-root", err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/reentry-root"));
	assert_null(target_open("/etc/hostname", err, sizeof err));
}

static void
test_live(void **state)
{
	char err[256];
	struct target *t = target_open("/", err, sizeof err);

	(void)state;
	assert_non_null(t);
	assert_true(target_live(t));
	assert_string_equal(target_root(t), "/");
	target_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_identity),
		cmocka_unit_test(test_windows_kind),
		cmocka_unit_test(test_links_stay_inside),
		cmocka_unit_test(test_read_refuses),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
