/*
 * test_scan.c: the scan engine API through real libclamav: database errors,
 * load progress, reloading a resident engine when its files change, scan
 * progress totals, cancelling, exclusions and per-root coverage, and the log
 * sink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../config/config.h"
#include "../../scan/scan.h"
#include "../../util/fileio.h"
#include "../../util/xalloc.h"

static char tmpdir[] = "/tmp/reentry-scan-XXXXXX";

/* The EICAR test string, assembled at run time. */
static char *
eicar(void)
{
	return xasprintf("%s%s", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR",
	    "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
}

static void
put(const char *rel, const void *data, size_t len)
{
	char *p = xasprintf("%s/%s", tmpdir, rel);
	FILE *fp = fopen(p, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	free(p);
}

static char *
tpath(const char *rel)
{
	return xasprintf("%s/%s", tmpdir, rel);
}

static void
mkdir_t(const char *rel)
{
	char *p = tpath(rel);

	mkdir(p, 0755);
	free(p);
}

static int
setup(void **state)
{
	char *e = eicar(), *line;
	(void)state;

	if (mkdtemp(tmpdir) == NULL)
		return -1;
	line = xasprintf("44d88612fea8a8f36de82e1278abb02f:%zu:Unit.EICAR\n", strlen(e));
	assert_int_equal(strlen(e), 68);
	mkdir_t("db");
	mkdir_t("empty");
	mkdir_t("tree");
	put("db/e.hdb", line, strlen(line));
	put("tree/eicar.com", e, strlen(e));
	put("tree/clean.txt", "hello\n", 6);
	free(line);
	free(e);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	return 0;
}

static void
test_missing_db(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = (void *)1;
	char err[512], *db = tpath("nope");

	(void)state;
	assert_int_equal(scan_engine_new(cfg, db, NULL, NULL, &e, err, sizeof err), -1);
	assert_null(e);
	assert_non_null(strstr(err, "freshclam"));
	assert_non_null(strstr(err, "No such file"));
	free(db);
	db = tpath("empty");
	assert_int_equal(scan_engine_new(cfg, db, NULL, NULL, &e, err, sizeof err), -1);
	assert_non_null(strstr(err, "is empty"));
	free(db);
	config_free(cfg);
}

struct seen {
	int loading, compiling, counting, scanning, cancel_in;
	uint64_t last_done, last_total, last_bytes, last_bytes_total;
};

static int
record(void *arg, const struct progress *p)
{
	struct seen *s = arg;

	if (strcmp(p->phase, "loading") == 0)
		s->loading++;
	else if (strcmp(p->phase, "compiling") == 0)
		s->compiling++;
	else if (strcmp(p->phase, "counting") == 0)
		s->counting++;
	else if (strcmp(p->phase, "scanning") == 0) {
		s->scanning++;
		s->last_done = p->items_done;
		s->last_total = p->items_total;
		s->last_bytes = p->bytes_done;
		s->last_bytes_total = p->bytes_total;
		if (s->cancel_in > 0 && --s->cancel_in == 0)
			return 1;
	}
	return 0;
}

/* Counts the messages routed to our log. */
static void
count_log(void *arg, const char *level, const char *file, const char *msg)
{
	(void)level;
	(void)file;
	(void)msg;
	(*(int *)arg)++;
}

static void
test_load_scan_reload(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = NULL;
	struct scan_report *r;
	struct scan_root root;
	struct scan_opts so = { 0 };
	struct seen s = { 0 };
	char err[512], *db = tpath("db"), *tree = tpath("tree");
	const char *body = "Unit.Body:0:*:756e6974206d61726b6572\n"; /* "unit marker" */
	int logged = 0;

	(void)state;
	scan_log_set(count_log, &logged);
	assert_int_equal(scan_engine_new(cfg, db, record, &s, &e, err, sizeof err), 0);
	assert_true(s.loading > 0);
	assert_true(s.compiling > 0);
	assert_string_equal(scan_engine_info(e)->backend, "libclamav");
	assert_int_equal(scan_engine_info(e)->signatures, 1);
	assert_true(scan_engine_info(e)->db_time > 0);
	assert_string_equal(scan_engine_info(e)->db_time_from, "mtime");

	/* unchanged: nothing to do */
	assert_int_equal(scan_engine_reload_if_changed(e, NULL, NULL, err, sizeof err), 0);

	root.path = tree;
	root.medium = NULL;
	so.jobs = 2;
	so.progress = record;
	so.progress_arg = &s;
	r = scan_run(e, cfg, &root, 1, &so);
	assert_int_equal(r->files_scanned, 2);
	assert_int_equal(r->ninfected, 1);
	assert_string_equal(r->infected[0].what, "Unit.EICAR.UNOFFICIAL");
	assert_int_equal(scan_report_verdict(r), SCAN_INFECTED);
	/* the final progress report is complete */
	assert_true(s.counting > 0);
	assert_int_equal(s.last_done, 2);
	assert_int_equal(s.last_total, 2);
	assert_int_equal(s.last_bytes, 74);
	assert_int_equal(s.last_bytes_total, 74);
	scan_report_free(r);

	/* a new database file: reloaded, and the new signature works */
	put("db/b.ndb", body, strlen(body));
	put("tree/marked.txt", "a unit marker here", 18);
	assert_int_equal(scan_engine_reload_if_changed(e, NULL, NULL, err, sizeof err), 1);
	assert_int_equal(scan_engine_info(e)->signatures, 2);
	assert_int_equal(scan_engine_reload_if_changed(e, NULL, NULL, err, sizeof err), 0);
	r = scan_run(e, cfg, &root, 1, NULL);
	assert_int_equal(r->ninfected, 2);
	scan_report_free(r);

	/* a broken database: the reload fails, the old engine stays in use */
	put("db/b.ndb", "garbage line\n", 13);
	assert_int_equal(scan_engine_reload_if_changed(e, NULL, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot load"));
	assert_true(logged > 0); /* libclamav's complaint went to our log */
	assert_int_equal(scan_engine_info(e)->signatures, 2);
	r = scan_run(e, cfg, &root, 1, NULL);
	assert_int_equal(r->ninfected, 2);
	scan_report_free(r);
	{
		char *b = tpath("db/b.ndb"), *m = tpath("tree/marked.txt");

		unlink(b);
		unlink(m);
		free(b);
		free(m);
	}
	scan_log_set(NULL, NULL);
	scan_engine_free(e);
	config_free(cfg);
	free(db);
	free(tree);
}

static void
test_cancel(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = NULL;
	struct scan_report *r;
	struct scan_root root;
	struct scan_opts so = { 0 };
	struct seen s = { 0 };
	char err[512], *db = tpath("db"), *big = tpath("big");
	unsigned char *buf = xmalloc(1 << 20);
	int i, j;

	(void)state;
	mkdir(big, 0755);
	for (i = 0; i < (1 << 20); i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	for (i = 0; i < 40; i++) {
		char *rel = xasprintf("big/f%02d", i);
		char *p = tpath(rel);
		FILE *fp = fopen(p, "wb");

		assert_non_null(fp);
		for (j = 0; j < 4; j++) {
			buf[j] = (unsigned char)i;
			assert_int_equal(fwrite(buf, 1, 1 << 20, fp), 1 << 20);
		}
		fclose(fp);
		free(p);
		free(rel);
	}
	assert_int_equal(scan_engine_new(cfg, db, NULL, NULL, &e, err, sizeof err), 0);
	root.path = big;
	root.medium = NULL;
	so.jobs = 1;
	so.progress = record;
	so.progress_arg = &s;
	s.cancel_in = 1;
	r = scan_run(e, cfg, &root, 1, &so);
	assert_true(r->cancelled);
	assert_true(r->files_scanned < 40);
	assert_int_equal(scan_report_verdict(r), SCAN_ERROR);
	/* the root was cut short, and says so */
	assert_int_equal(r->nmedia, 1);
	assert_false(r->media[0].complete);
	assert_true(r->media[0].scanned < 40);
	scan_report_free(r);
	/* the same scan, not cancelled, sees everything */
	so.progress = NULL;
	r = scan_run(e, cfg, &root, 1, &so);
	assert_false(r->cancelled);
	assert_int_equal(r->files_scanned, 40);
	assert_int_equal(r->bytes_scanned, 40u << 22);
	assert_int_equal(scan_report_verdict(r), SCAN_CLEAN);
	assert_true(r->media[0].complete);
	assert_int_equal(r->media[0].scanned, 40);
	scan_report_free(r);
	scan_engine_free(e);
	config_free(cfg);
	free(buf);
	free(db);
	free(big);
}

/* Cancels once the scan has read at least at_bytes; notes when. */
struct late_cancel {
	uint64_t at_bytes;
	struct timespec when;
	int fired;
};

static int
cancel_at(void *arg, const struct progress *p)
{
	struct late_cancel *c = arg;

	if (strcmp(p->phase, "scanning") != 0 || p->bytes_done < c->at_bytes)
		return 0;
	if (!c->fired) {
		c->fired = 1;
		clock_gettime(CLOCK_MONOTONIC, &c->when);
	}
	return 1;
}

/*
 * Cancel stops the scan within about a second in the middle of one large
 * file: while it is read and hashed, and while libclamav scans it (through
 * the handle map, which takes libclamav seconds for this file). A 256 MB
 * sparse file under a 300 MB size limit; the figures are printed as TAP
 * comments and docs/scanning.md quotes them.
 */
static void
test_cancel_large(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = NULL;
	struct scan_root root;
	struct scan_opts so = { 0 };
	char err[512], *db = tpath("db"), *dir = tpath("sparse"), *f = tpath("sparse/big.img");
	uint64_t size = 256ull << 20;
	int phase;

	(void)state;
	mkdir(dir, 0755);
	assert_int_equal(truncate(f, 0), -1); /* not there yet */
	close(open(f, O_CREAT | O_WRONLY, 0644));
	assert_int_equal(truncate(f, (off_t)size), 0);
	cfg->scan_max_filesize = 300ll << 20;
	cfg->scan_max_scansize = 300ll << 20;
	assert_int_equal(scan_engine_new(cfg, db, NULL, NULL, &e, err, sizeof err), 0);
	root.path = dir;
	root.medium = NULL;
	so.jobs = 1;
	so.progress = cancel_at;
	for (phase = 0; phase < 2; phase++) {
		struct late_cancel c = { phase == 0 ? 1 : size, { 0, 0 }, 0 };
		struct scan_report *r;
		struct timespec end;
		long ms;

		so.progress_arg = &c;
		r = scan_run(e, cfg, &root, 1, &so);
		clock_gettime(CLOCK_MONOTONIC, &end);
		assert_true(c.fired);
		assert_true(r->cancelled);
		assert_int_equal(scan_report_verdict(r), SCAN_ERROR);
		ms = (end.tv_sec - c.when.tv_sec) * 1000 + (end.tv_nsec - c.when.tv_nsec) / 1000000;
		printf("# cancel %s a 256 MB file: stopped %ld ms after the request (target: about 1 s)\n",
		    phase == 0 ? "while reading" : "while libclamav scans", ms);
		assert_true(ms < 1500);
		/* the file stopped in the middle is recorded as not scanned, never clean */
		assert_int_equal(r->ninfected, 0);
		assert_int_equal(r->nunscannable, 1);
		assert_non_null(strstr(r->unscannable[0].what, "cancelled"));
		scan_report_free(r);
	}
	unlink(f);
	scan_engine_free(e);
	config_free(cfg);
	free(db);
	free(dir);
	free(f);
}

/*
 * Nested roots with each other as exclusions: every file is scanned once,
 * under the innermost root; an excluded file is neither scanned nor
 * recorded; a root is never excluded by itself; a trailing slash on a root
 * does not matter.
 */
static void
test_exclude(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *e = NULL;
	struct scan_root roots[3] = { { 0 } };
	struct scan_opts so = { 0 };
	char err[512], *db = tpath("db");
	char *inner = tpath("nest/a/b"), *mid = tpath("nest/a"), *outer = tpath("nest/");
	char *skip = tpath("nest/pagefile.sys");
	const char *excl[] = { inner, mid, outer, skip, NULL };
	struct scan_report *r;
	size_t i;

	(void)state;
	mkdir_t("nest");
	mkdir_t("nest/a");
	mkdir_t("nest/a/b");
	put("nest/a/b/y.txt", "y", 1);
	put("nest/a/x.txt", "x", 1);
	put("nest/c.txt", "c", 1);
	put("nest/pagefile.sys", "p", 1);
	assert_int_equal(scan_engine_new(cfg, db, NULL, NULL, &e, err, sizeof err), 0);
	roots[0].path = inner;
	roots[1].path = mid;
	roots[2].path = outer;
	so.exclude = excl;
	r = scan_run(e, cfg, roots, 3, &so);
	assert_int_equal(r->files_scanned, 3);
	assert_int_equal(r->nunscannable, 0);
	assert_int_equal(r->nskipped, 0);
	assert_int_equal(r->nmedia, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(r->media[i].nfiles, 1);
		assert_int_equal(r->media[i].scanned, 1);
		assert_true(r->media[i].complete);
	}
	assert_string_equal(r->media[2].files[0].path, "c.txt");
	scan_report_free(r);
	/* without exclusions the outer root sees everything again */
	r = scan_run(e, cfg, roots, 3, NULL);
	assert_int_equal(r->files_scanned, 1 + 2 + 4);
	scan_report_free(r);
	scan_engine_free(e);
	config_free(cfg);
	free(db);
	free(inner);
	free(mid);
	free(outer);
	free(skip);
}

static void
test_shared(void **state)
{
	struct config *cfg = config_defaults();
	struct scan_engine *a = NULL, *b = NULL;
	char err[512];

	(void)state;
	cfg->clamav_database = tpath("db");
	assert_int_equal(scan_engine_shared(cfg, NULL, NULL, &a, err, sizeof err), 0);
	assert_int_equal(scan_engine_shared(cfg, NULL, NULL, &b, err, sizeof err), 0);
	assert_ptr_equal(a, b); /* loaded once per process */
	free(cfg->clamav_database);
	cfg->clamav_database = tpath("empty");
	assert_int_equal(scan_engine_shared(cfg, NULL, NULL, &b, err, sizeof err), -1);
	assert_null(b);
	assert_non_null(strstr(err, "is empty"));
	scan_engine_shared_free();
	config_free(cfg);
}

/* No English word in a Japanese reason, but for the names it quotes. */
static void
assert_japanese(const char *ja, const char *const *allow)
{
	const char *p = ja;

	while (*p != '\0') {
		size_t n = 0, k;
		int ok = 0;

		if (*p == '/') { /* a path is a name */
			while (*p != '\0' && *p != ' ' && (unsigned char)*p < 0x80)
				p++;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			p++;
			continue;
		}
		while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
		    (p[n] >= '0' && p[n] <= '9') || p[n] == '.' || p[n] == '_')
			n++;
		for (k = 0; allow[k] != NULL; k++)
			if (strlen(allow[k]) == n && strncmp(p, allow[k], n) == 0)
				ok = 1;
		if (!ok)
			fail_msg("English in \"%s\": %.*s", ja, (int)n, p);
		p += n;
	}
}

/* Every reason the scan writes has a Japanese form in the catalogue. */
static void
test_reason_ja(void **state)
{
	static const char *const allow[] = { "libclamav", "clamd", "zip64", "libarchive",
		"StreamMaxLength", "inode", "ext4", "dev", "sdb1", "Heuristics.Encrypted.Zip",
		"Heuristics.Limits.Exceeded.MaxFileSize", "a.zip", "x.bin", "CL_EMEM", "ms", NULL };
	char *samples[] = {
		xasprintf("cannot be opened: %s", strerror(EACCES)),
		xasprintf("cannot be examined: %s", strerror(ELOOP)),
		xasprintf("read error: %s", strerror(EIO)),
		xasprintf("directory cannot be opened: %s", strerror(EACCES)),
		xasprintf("directory cannot be read: %s", strerror(ENOTDIR)),
		xasprintf("directory could not be read to the end: %s", strerror(EIO)),
		xasprintf("cannot be examined again after the scan: %s", strerror(ESTALE)),
		xasprintf("directory cannot be examined again after the scan: %s", strerror(EIO)),
		xasprintf("another filesystem (%s) is mounted here%s; not entered, so what it holds "
		          "was not scanned",
		    "ext4, source /dev/sdb1", ""),
		xasprintf("another filesystem (%s) is mounted here%s; not entered, so what it holds "
		          "was not scanned",
		    "ext4, source /dev/sdb1", " (mounted during the scan)"),
		xasprintf("replaced by a %s while it was scanned; not followed", "fifo"),
		xasprintf("changed while it was scanned: its size went from %lld to %lld bytes "
		          "(truncated or written to)",
		    10LL, 20LL),
		xasprintf("%s; and %s",
		    "changed while it was scanned: written to (its modification "
		    "time changed)",
		    "larger than the file size limit (Heuristics.Limits.Exceeded.MaxFileSize)"),
		xasprintf("encrypted, its contents cannot be scanned (%s)", "Heuristics.Encrypted.Zip"),
		xasprintf("libclamav could not scan it: %s", "CL_EMEM"),
		xasprintf("scanning took longer than the time limit (%lld ms)", 100LL),
		xasprintf("zip64 archive: member '%s': %s", "x.bin",
		    "encrypted, its contents cannot be scanned (Heuristics.Encrypted.Zip)"),
		xasprintf("zip64 archive: %s before member '%s'", "cancelled", "x.bin"),
		xasprintf("cannot connect to clamd at %s: %s", "/run/clamd.ctl", strerror(ECONNREFUSED)),
		xasprintf("%s: %s", "/media/usb/a.zip", strerror(ENOENT)),
		xasprintf("%s: %s", "/media/usb/a.zip", strerror(12345)),
		xasprintf("the scanning process died (signal %d) before it answered", 9),
		xasprintf("not scanned: the scan was cancelled while this file was read"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char *ja = scan_reason_ja(samples[i]);

		if (!scan_reason_known(samples[i]))
			fail_msg("not in the catalogue: %s", samples[i]);
		assert_japanese(ja, allow);
		free(ja);
		free(samples[i]);
	}
	/* captures keep their text, in the catalogue's order */
	{
		char *ja = scan_reason_ja("changed while it was scanned: 5 bytes were read of 9");

		assert_string_equal(ja, "検査中に変更されました: 9 バイトのうち 5 バイトを読みました");
		free(ja);
	}
	/*
	 * a long hostile member name (quotes, colons, "; and ") is bounded: said in
	 * Japanese, or at worst the fallback, quickly either way
	 */
	{
		size_t n = 60000, k;
		char *name = xmalloc(n + 1), *en, *ja;
		struct timespec a, b;

		for (k = 0; k < n; k++)
			name[k] = "'; and : x"[k % 10];
		name[n] = '\0';
		en = xasprintf(
		    "zip64 archive: member '%s' is encrypted, its contents cannot be scanned", name);
		clock_gettime(CLOCK_MONOTONIC, &a);
		ja = scan_reason_ja(en);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (strstr(ja, "暗号化されていて") == NULL && strstr(ja, "英語のみ") == NULL)
			fail_msg("neither translated nor the fallback: %.80s", ja);
		assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 2000);
		free(ja);
		free(en);
		free(name);
	}
	/* a reason missing from the catalogue says so and keeps the English */
	{
		char *ja = scan_reason_ja("a reason nobody wrote down");

		assert_false(scan_reason_known("a reason nobody wrote down"));
		assert_non_null(strstr(ja, "英語のみ"));
		assert_non_null(strstr(ja, "a reason nobody wrote down"));
		free(ja);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_db),
		cmocka_unit_test(test_load_scan_reload),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_cancel_large),
		cmocka_unit_test(test_exclude),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_reason_ja),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
