/*
 * linux/media_scan.c: the probe of media-scan and endpoint-scan for
 * Debian-like systems: what to scan, and the scan itself.
 *
 * media-scan scans ctx->paths when given (host paths: the kiosk's medium),
 * else every mount point of the removable media media_list() finds on the
 * target. endpoint-scan scans ctx->paths when given, else the "paths"
 * parameter or /home /tmp /var/tmp /opt /usr/local: paths on the target,
 * within the "time_budget_s" parameter when it is set.
 *
 * Resolving each path beneath the root, the engine and the scan itself are
 * shared with the Windows probe (checks/scanset.c): a path that cannot be
 * resolved is not scanned and counts as a root that could not be scanned.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../check.h"
#include "../media_scan.h"
#include "../scanset.h"
#include "../../scan/scan.h"
#include "../../sys/media.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

int
media_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct media_scan_facts *f = facts;
	struct scanset s = { 0 };
	struct medium *media = NULL;
	size_t nmedia = 0, i, k;
	char err[512];

	if (scanset_explicit(ctx, &s)) {
		f->explicit_paths = 1;
		scanset_run(ctx, f, res, &s);
		scanset_free(&s);
		return 0;
	}
	if (media_list(ctx->target, &media, &nmedia, err, sizeof err) < 0) {
		char *ja = xasprintf("リムーバブルメディアを一覧できません: %s", err);

		check_result_set(res, CHECK_UNKNOWN, err, ja);
		free(ja);
		return -1;
	}
	for (i = 0; i < nmedia; i++) {
		if (media[i].mountpoints == NULL || media[i].mountpoints[0] == NULL) {
			/* a whole disk with mounted partitions is covered by them */
			int has_part = 0;

			for (k = 0; k < nmedia; k++)
				if (media[k].parent != NULL && strcmp(media[k].parent, media[i].name) == 0)
					has_part = 1;
			if (!has_part && media[i].size > 0)
				f->unmounted++;
			continue;
		}
		for (k = 0; media[i].mountpoints[k] != NULL; k++)
			scanset_add_target(&s, ctx->target, media[i].mountpoints[k], &media[i], NULL);
	}
	if (s.n + s.nunresolved > 0)
		scanset_run(ctx, f, res, &s);
	scanset_free(&s);
	media_free(media, nmedia);
	return 0;
}

int
endpoint_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char *const defaults[] = { "/home", "/tmp", "/var/tmp", "/opt", "/usr/local", NULL };
	const struct json *list = check_param_list(ctx, "paths");
	struct media_scan_facts *f = facts;
	struct scanset s = { 0 };
	size_t cnt, i;

	if (scanset_explicit(ctx, &s)) {
		f->explicit_paths = 1;
		scanset_run(ctx, f, res, &s);
		scanset_free(&s);
		return 0;
	}
	/* a time budget stops the scan; the coverage then says per directory what was done */
	s.budget_s = (long)check_param_int(ctx, "time_budget_s", 0);
	s.coverage = s.budget_s > 0;
	f->missing = json_array();
	cnt = list != NULL ? json_len(list) : 5;
	for (i = 0; i < cnt; i++) {
		const char *p = list != NULL ? json_get_str(json_at(list, i)) : defaults[i];
		struct stat st;

		if (p == NULL)
			continue;
		if (target_lstat(ctx->target, p, &st) < 0 && errno == ENOENT) {
			json_arr_push(f->missing, json_str(p));
			continue;
		}
		scanset_add_target(&s, ctx->target, p, NULL, NULL);
	}
	if (s.n + s.nunresolved > 0)
		scanset_run(ctx, f, res, &s);
	scanset_free(&s);
	return 0;
}
