/*
 * test_zfile.c: compressed-file reading (gzip, xz, lz4, zstd, plain) against
 * the stock command-line compressors, truncation and corruption, and random
 * damage to dpkg and apt files fed through apt_state_load() and the
 * new-software check (which must answer, never crash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../checks/linux/aptlists.h"
#include "../../checks/check.h"
#include "../../sys/zfile.h"
#include "../../config/config.h"
#include "../../util/fileio.h"
#include "../../util/xalloc.h"

static char dir[] = "/tmp/reentry-zfile.XXXXXX";
static char *text;
static size_t textlen;

static int
setup(void **state)
{
	size_t i;
	char *p, err[256];

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	text = xmalloc(300000);
	for (i = 0, p = text; i < 6000; i++)
		p += sprintf(p, "Package: pkg%zu\nVersion: 1.%zu-1\n\n", i, i * 7);
	textlen = (size_t)(p - text);
	p = xasprintf("%s/t", dir);
	if (file_write_atomic(p, text, textlen, 0644, err, sizeof err) < 0)
		return -1;
	free(p);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	free(text);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	return 0;
}

static int
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc;
}

static const struct {
	const char *ext, *cmd;
} formats[] = {
	{ "", "cp %s/t %s/t.plain" },
	{ ".gz", "gzip -nc %s/t > %s/t.gz" },
	{ ".xz", "xz -c %s/t > %s/t.xz" },
	{ ".lz4", "lz4 -qc %s/t > %s/t.lz4" },
	{ ".zst", "zstd -qc %s/t > %s/t.zst" },
};

/* The compressed file's path for format i. */
static char *
fpath(size_t i)
{
	return xasprintf("%s/t%s", dir, i == 0 ? ".plain" : formats[i].ext);
}

static void
test_roundtrip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char *path = fpath(i), *data, err[512], buf[7];
		size_t len, got = 0;
		struct zreader *z;
		long long n;

		assert_int_equal(sh(formats[i].cmd, dir, dir), 0);
		assert_int_equal(zfile_read(path, 1 << 24, &data, &len, err, sizeof err), 0);
		assert_int_equal(len, textlen);
		assert_memory_equal(data, text, len);
		free(data);
		/* tiny reads give the same bytes */
		z = zreader_open(path, err, sizeof err);
		assert_non_null(z);
		while ((n = zreader_read(z, buf, 1 + got % sizeof buf, err, sizeof err)) > 0) {
			assert_memory_equal(buf, text + got, (size_t)n);
			got += (size_t)n;
		}
		assert_int_equal(n, 0);
		assert_int_equal(got, textlen);
		assert_int_equal(zreader_total(z), textlen);
		zreader_close(z);
		/* a size limit below the content is an error */
		assert_int_equal(zfile_read(path, 1000, &data, &len, err, sizeof err), -1);
		assert_non_null(strstr(err, "larger than"));
		free(path);
	}
}

static void
test_truncated(void **state)
{
	size_t i;

	(void)state;
	for (i = 1; i < sizeof formats / sizeof formats[0]; i++) {
		char *path = fpath(i), *cut = xasprintf("%s.cut%s", path, formats[i].ext), *data,
		     *raw, err[512];
		size_t len, rawlen, at;

		assert_int_equal(sh(formats[i].cmd, dir, dir), 0);
		assert_int_equal(file_read_all(path, 1 << 24, &raw, &rawlen, err, sizeof err), 0);
		/* cut at several places: never success, always a message naming the file */
		for (at = 1; at < rawlen; at += rawlen / 7 + 1) {
			assert_int_equal(file_write_atomic(cut, raw, at, 0644, err, sizeof err), 0);
			if (zfile_read(cut, 1 << 24, &data, &len, err, sizeof err) == 0) {
				fail_msg("%s cut at %zu of %zu read as %zu bytes", formats[i].ext,
				    at, rawlen, len);
			}
			assert_non_null(strstr(err, cut));
		}
		free(raw);
		free(cut);
		free(path);
	}
}

static void
test_concatenated_and_magic(void **state)
{
	char *a = xasprintf("%s/cat.gz", dir), *bad = xasprintf("%s/bad.zst", dir), *data, err[512];
	size_t len;

	(void)state;
	assert_int_equal(
	    sh("gzip -nc %s/t > %s/cat.gz && gzip -nc %s/t >> %s/cat.gz", dir, dir, dir, dir), 0);
	assert_int_equal(zfile_read(a, 1 << 24, &data, &len, err, sizeof err), 0);
	assert_int_equal(len, 2 * textlen);
	assert_memory_equal(data + textlen, text, textlen);
	free(data);
	assert_int_equal(file_write_atomic(bad, "hello\n", 6, 0644, err, sizeof err), 0);
	assert_int_equal(zfile_read(bad, 1 << 24, &data, &len, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a zstd file"));
	assert_int_equal(zfile_read("/nonexistent/x.gz", 100, &data, &len, err, sizeof err), -1);
	free(a);
	free(bad);
}

/* Writes a test file quickly (no fsync: these are scratch files). */
static void
put(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Writes data with a few random flips, insertions of garbage, or a cut. */
static void
write_damaged(const char *path, const char *data, size_t len)
{
	char *d = xmalloc(len + 64);
	size_t n = len, k;

	memcpy(d, data, len);
	switch (rnd(4)) {
	case 0: n = rnd((unsigned)len + 1); break;
	case 1:
		for (k = 0; k < 1 + rnd(8); k++)
			d[rnd((unsigned)len)] = (char)rnd(256);
		break;
	case 2:
		for (k = 0; k < 1 + rnd(8); k++)
			d[rnd((unsigned)len)] = "\n:\0 #"[rnd(5)];
		break;
	default: {
		static const char junk[] = "\n\nGarbage without colon\n\x01\x02\xff\xfe Package:\n";

		k = rnd((unsigned)len);
		memmove(d + k + sizeof junk - 1, d + k, len - k);
		memcpy(d + k, junk, sizeof junk - 1);
		n = len + sizeof junk - 1;
		break;
	}
	}
	put(path, d, n);
	free(d);
}

static const char status_text[] =
    "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n"
    "Package: foo\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n"
    "Description: foo\n more\n\n"
    "Package: bar\nStatus: install ok installed\nArchitecture: all\nVersion: 2:3.0~rc1-1\n\n";
static const char list_text[] = "Package: foo\nVersion: 1.0-2\nArchitecture: amd64\n\n"
                                "Package: bar\nVersion: 2:3.0-1\nArchitecture: all\n\n"
                                "Package: other\nVersion: 1\nArchitecture: amd64\n\n";
static const char release_text[] = "Origin: T\nSuite: stable-security\nCodename: x\n";
static const char prefs_text[] = "Package: foo\nPin: version 1.0*\nPin-Priority: 600\n\n"
                                 "Package: *\nPin: release a=stable-security\nPin-Priority: 700\n";
static const char log_text[] = "2026-05-01 08:00:00 install anydesk:amd64 <none> 6.3.0\n"
                               "2026-05-01 08:00:01 upgrade foo:amd64 1.0-1 1.0-2\n"
                               "2026-05-01 08:00:02 status installed foo:amd64 1.0-2\n";

static void
test_damaged_inputs(void **state)
{
	char *root = xasprintf("%s/root", dir), *status, *list, *rel, *prefs, *log, err[1024];
	struct config *cfg = config_defaults();
	const struct check *ns = check_find("new-software");
	int i, ok = 0, bad = 0;

	(void)state;
	assert_int_equal(sh("mkdir -p %s/var/lib/dpkg %s/var/lib/apt/lists %s/etc/apt %s/var/log",
	                     root, root, root, root),
	    0);
	status = path_join(root, "/var/lib/dpkg/status");
	list = path_join(root, "/var/lib/apt/lists/h_d_dists_s_main_binary-amd64_Packages");
	rel = path_join(root, "/var/lib/apt/lists/h_d_dists_s_Release");
	prefs = path_join(root, "/etc/apt/preferences");
	log = path_join(root, "/var/log/dpkg.log");
	cfg->telework_start = 1767225600; /* 2026-01-01 */
	for (i = 0; i < 400; i++) {
		struct apt_state *st = NULL;
		struct check_ctx ctx;
		struct check_result res;
		unsigned which = rnd(5);
		int rc;

		if (which == 0)
			write_damaged(status, status_text, sizeof status_text - 1);
		else
			put(status, status_text, sizeof status_text - 1);
		if (which == 1)
			write_damaged(list, list_text, sizeof list_text - 1);
		else
			put(list, list_text, sizeof list_text - 1);
		if (which == 2)
			write_damaged(rel, release_text, sizeof release_text - 1);
		else
			put(rel, release_text, sizeof release_text - 1);
		if (which == 3)
			write_damaged(prefs, prefs_text, sizeof prefs_text - 1);
		else
			put(prefs, prefs_text, sizeof prefs_text - 1);
		err[0] = '\0';
		memset(&ctx, 0, sizeof ctx);
		ctx.target = target_open(root, err, sizeof err);
		assert_non_null(ctx.target);
		rc = apt_state_load(ctx.target, &st, err, sizeof err);
		target_free((struct target *)ctx.target);
		if (rc == 0) {
			ok++;
			apt_state_free(st);
		} else {
			bad++;
			assert_true(err[0] != '\0');
			assert_true(strstr(err, "/var/lib/") != NULL || strstr(err, "/etc/apt/") != NULL);
		}
		/* the new-software check on a damaged log answers with a status */
		write_damaged(log, log_text, sizeof log_text - 1);
		memset(&ctx, 0, sizeof ctx);
		ctx.target = target_open(root, err, sizeof err);
		assert_non_null(ctx.target);
		ctx.cfg = cfg;
		check_run(ns, &ctx, &res);
		target_free((struct target *)ctx.target);
		assert_true(res.status == CHECK_PASS || res.status == CHECK_WARN ||
		    res.status == CHECK_FAIL || res.status == CHECK_UNKNOWN);
		assert_non_null(res.summary_en);
		check_result_free(&res);
	}
	/* both outcomes happened: the damage was real and not always fatal */
	assert_true(ok > 0 && bad > 0);
	config_free(cfg);
	free(root);
	free(status);
	free(list);
	free(rel);
	free(prefs);
	free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_concatenated_and_magic),
		cmocka_unit_test(test_damaged_inputs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
