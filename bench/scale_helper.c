/*
 * scale_helper.c: the part of bench/scale.sh that needs the library itself.
 *
 *   scale_helper CONFIG CHECKLIST STATE_DIR REPORT_DIR KEY DIR
 *
 * Starts a session (IT role) as the UI does, runs the real media-scan check
 * on DIR with the session's side directory (the manifest streams there),
 * stores the result, then times 100 answers (session_set_answer(), which
 * saves the whole session atomically each time), and finally writes and
 * signs the report. Prints one "name value" line per figure:
 *
 *   files        files the scan saw
 *   rss_engine   peak RSS (KiB) once the signature database is loaded
 *   rss_scan     peak RSS (KiB) after the scan
 *   save_median  median time of one saved answer, microseconds
 *   save_max     the slowest of the 100
 *   session_bytes  the session file's size after the scan
 *   report_bytes   the signed report JSON's size
 *   manifest_bytes the manifest's size beside it
 *
 * Built by bench/scale.sh against build/libreentry.a; not part of reentry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "../checklists/checklist.h"
#include "../checks/check.h"
#include "../config/config.h"
#include "../report/report.h"
#include "../scan/scan.h"
#include "../session/runner.h"
#include "../session/session.h"
#include "../sys/target.h"
#include "../util/diag.h"

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static long long
file_size(const char *p)
{
	struct stat st;

	return p != NULL && stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

int
main(int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg;
	struct checklist *cl;
	struct target *t;
	struct session *s;
	struct scan_loader *ld;
	struct runner_opts ro;
	struct plan_entry e = { 0 };
	struct check_result res;
	struct report_paths rp;
	const char *paths[2];
	const struct item *it = NULL;
	char err[2048], *side;
	long times[100];
	size_t i;

	if (argc != 7) {
		fprintf(stderr, "usage: scale_helper CONFIG CHECKLIST STATE_DIR REPORT_DIR KEY DIR\n");
		return 2;
	}
	if ((cfg = config_load(argv[1], check_config_params, &d)) == NULL ||
	    (cl = checklist_load(argv[2], &d)) == NULL) {
		diags_print(&d, stderr);
		return 2;
	}
	if ((t = target_open("/", err, sizeof err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	s = session_create(cl, cfg, t, argv[3], "bench", ROLE_IT, err, sizeof err);
	if (s == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	ld = scan_loader_start(cfg);
	if (scan_loader_acquire(ld) == NULL) {
		fprintf(stderr, "the signature database did not load\n");
		return 2;
	}
	scan_loader_release(ld);
	printf("rss_engine %ld\n", peak_kib());
	memset(&ro, 0, sizeof ro);
	ro.target = t;
	ro.cfg = cfg;
	ro.engine = ld;
	paths[0] = argv[6];
	paths[1] = NULL;
	ro.paths = paths;
	ro.sidedir = side = session_sidedir(s, 1);
	e.check = check_find("media-scan");
	runner_run_one(&e, &ro, NULL, NULL, &res);
	printf("rss_scan %ld\n", peak_kib());
	printf("files %lld\n", (long long)json_get_int(json_get(res.details, "files_scanned"), -1));
	if (session_set_result(s, e.check, &res, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	check_result_free(&res);
	printf("session_bytes %lld\n", file_size(session_path(s)));
	for (i = 0; i < cl->nitems && it == NULL; i++)
		if (cl->items[i]->kind == KIND_MANUAL)
			it = cl->items[i];
	for (i = 0; i < 100; i++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (session_set_answer(s, it, i % 2 ? ANSWER_NO : ANSWER_YES, NULL, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		times[i] = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
	}
	qsort(times, 100, sizeof *times, cmp_long);
	printf("save_median %ld\nsave_max %ld\n", (times[49] + times[50]) / 2, times[99]);
	if (report_finish(s, argv[4], argv[5], &rp, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	printf("report_bytes %lld\nmanifest_bytes %lld\n", file_size(rp.json), file_size(rp.manifest));
	printf("report %s\n", rp.json);
	report_paths_free(&rp);
	free(side);
	session_free(s);
	scan_loader_free(ld);
	target_free(t);
	checklist_free(cl);
	config_free(cfg);
	return 0;
}
