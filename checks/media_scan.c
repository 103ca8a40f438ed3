/*
 * media_scan.c: the malware checks built on scan/:
 *
 *   media-scan     every mounted removable medium (or ctx->paths when given)
 *   endpoint-scan  the laptop itself: /home /tmp /var/tmp /opt /usr/local
 *                  under ctx->root, or the "paths" parameter
 *
 * fail when anything is infected; unknown when something could not be
 * scanned, a path could not be opened, the scan was cancelled or there is
 * no usable signature database; pass only when every file was scanned and
 * nothing was found. media-scan is skip when no removable medium is
 * attached. The details carry the engine and database versions, the
 * findings, and each root's identity and manifest (path, size, SHA-256).
 *
 * ctx->engine may point to a resident struct scan_engine (the kiosk keeps
 * one loaded); without it the checks share the process-wide engine of
 * scan_engine_shared(), so the database is loaded once per process.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/media.h"
#include "../config/config.h"
#include "../scan/scan.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

static const struct check_param media_scan_params[] = {
	{ "jobs", CHECK_PARAM_INT, 0, 256, "files scanned in parallel (0: one per core)" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct check_param endpoint_scan_params[] = {
	{ "paths", CHECK_PARAM_STRLIST, 0, 0, "directories to scan (default /home /tmp /var/tmp /opt /usr/local)" },
	{ "jobs", CHECK_PARAM_INT, 0, 256, "files scanned in parallel (0: one per core)" },
	{ NULL, 0, 0, 0, NULL },
};

/* Scans roots and turns the report into the result; what names the targets ("media", "paths"). */
static void
scan_and_judge(const struct check_ctx *ctx, struct check_result *res, const struct scan_root *roots,
    size_t n, const char *what_en, const char *what_ja)
{
	struct scan_engine *e = ctx->engine;
	struct scan_opts so = { 0 };
	struct scan_report *rep;
	struct json *j;
	char err[1024], buf[64];
	const struct scan_engine_info *in;
	size_t i;

	if (e == NULL) {
		/* one engine per process, shared by both checks */
		if (scan_engine_shared(ctx->cfg, ctx->progress, ctx->progress_arg, &e, err,
		    sizeof err) < 0) {
			char *en = xasprintf("cannot scan: %s", err);
			char *ja = xasprintf("スキャンできません: %s", err);

			check_result_set(res, CHECK_UNKNOWN, en, ja);
			json_obj_set(res->details, "error", json_str(err));
			free(en);
			free(ja);
			return;
		}
	}
	in = scan_engine_info(e);
	check_evidence_value(res, "engine", in->version);
	check_evidence_value(res, "engine_backend", in->backend);
	if (in->have_signatures) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)in->signatures);
		check_evidence_value(res, "signatures", buf);
	}
	snprintf(buf, sizeof buf, "%u", in->db_version);
	check_evidence_value(res, "db_version", in->db_version ? buf : "none");
	so.jobs = (int)check_param_int(ctx, "jobs", 0);
	so.progress = ctx->progress;
	so.progress_arg = ctx->progress_arg;
	rep = scan_run(e, ctx->cfg, roots, n, &so);
	j = scan_report_json(rep, e, 1);
	for (i = 0; i < json_len(j); i++)
		json_obj_set(res->details, json_key_at(j, i), json_copy(json_at(j, i)));
	json_free(j);
	switch (scan_report_verdict(rep)) {
	case SCAN_INFECTED: {
		char *en = xasprintf("%zu infected file%s found on %s (%llu files scanned)",
		    rep->ninfected, rep->ninfected == 1 ? "" : "s", what_en,
		    (unsigned long long)rep->files_scanned);
		char *ja = xasprintf("%sで感染ファイルが%zu件見つかりました（%llu件をスキャン）", what_ja,
		    rep->ninfected, (unsigned long long)rep->files_scanned);

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
		break;
	}
	case SCAN_ERROR: {
		char *en = xasprintf("the scan of %s is incomplete: %s", what_en,
		    rep->cancelled ? "cancelled" : "a path could not be scanned");
		char *ja = xasprintf("%sのスキャンが完了していません（%s）", what_ja,
		    rep->cancelled ? "中止されました" : "スキャンできないパスがあります");

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		break;
	}
	case SCAN_UNSCANNABLE: {
		char *en = xasprintf("nothing found, but %zu item%s on %s could not be scanned "
		    "(encrypted, over a limit or unreadable); look at them", rep->nunscannable,
		    rep->nunscannable == 1 ? "" : "s", what_en);
		char *ja = xasprintf("検出はありませんが、%sの%zu件がスキャンできませんでした（暗号化・"
		    "制限超過・読み取り不可）。確認してください", what_ja, rep->nunscannable);

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		break;
	}
	case SCAN_CLEAN: {
		char *en = xasprintf("%llu files on %s scanned, nothing found",
		    (unsigned long long)rep->files_scanned, what_en);
		char *ja = xasprintf("%sの%llu件のファイルをスキャンし、検出はありませんでした", what_ja,
		    (unsigned long long)rep->files_scanned);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
		break;
	}
	}
	scan_report_free(rep);
}

/* Roots from ctx->paths; returns their count (0 when none were given). */
static size_t
explicit_roots(const struct check_ctx *ctx, struct scan_root **roots)
{
	size_t n = 0;

	*roots = NULL;
	while (ctx->paths != NULL && ctx->paths[n] != NULL)
		n++;
	if (n == 0)
		return 0;
	*roots = xcalloc(n, sizeof **roots);
	for (n = 0; ctx->paths[n] != NULL; n++)
		(*roots)[n].path = ctx->paths[n];
	return n;
}

static void
media_scan_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct scan_root *roots = NULL;
	struct medium *media = NULL;
	char **paths = NULL;
	size_t n, nmedia = 0, i, k, unmounted = 0;
	char err[512];

	if ((n = explicit_roots(ctx, &roots)) > 0) {
		scan_and_judge(ctx, res, roots, n, "the given paths", "指定されたパス");
		free(roots);
		return;
	}
	if (compat_media_list(ctx->root, &media, &nmedia, err, sizeof err) < 0) {
		char *ja = xasprintf("リムーバブルメディアを一覧できません: %s", err);

		check_result_set(res, CHECK_UNKNOWN, err, ja);
		free(ja);
		return;
	}
	n = 0;
	for (i = 0; i < nmedia; i++) {
		if (media[i].mountpoints == NULL || media[i].mountpoints[0] == NULL) {
			/* a whole disk with mounted partitions is covered by them */
			int has_part = 0;

			for (k = 0; k < nmedia; k++)
				if (media[k].parent != NULL && strcmp(media[k].parent, media[i].name) == 0)
					has_part = 1;
			if (!has_part && media[i].size > 0)
				unmounted++;
			continue;
		}
		for (k = 0; media[i].mountpoints[k] != NULL; k++) {
			roots = xreallocarray(roots, n + 1, sizeof *roots);
			paths = xreallocarray(paths, n + 1, sizeof *paths);
			paths[n] = path_join(ctx->root, media[i].mountpoints[k]);
			roots[n].path = paths[n];
			roots[n].medium = &media[i];
			n++;
		}
	}
	if (n == 0 && unmounted == 0) {
		check_result_set(res, CHECK_SKIP, "no removable medium is attached",
		    "リムーバブルメディアは接続されていません");
	} else if (n == 0) {
		check_result_set(res, CHECK_UNKNOWN,
		    "a removable medium is attached but not mounted, so it cannot be scanned; mount it",
		    "リムーバブルメディアが接続されていますがマウントされていないため、スキャンできません。"
		    "マウントしてください");
	} else {
		scan_and_judge(ctx, res, roots, n, "removable media", "リムーバブルメディア");
		if (unmounted > 0 && res->status == CHECK_PASS)
			check_result_set(res, CHECK_UNKNOWN,
			    "the mounted media are clean, but an attached medium is not mounted and was not "
			    "scanned",
			    "マウントされたメディアに検出はありませんが、マウントされていないメディアは"
			    "スキャンされていません");
	}
	json_obj_set(res->details, "unmounted_media", json_int((int64_t)unmounted));
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(roots);
	media_free(media, nmedia);
}

static void
endpoint_scan_run(const struct check_ctx *ctx, struct check_result *res)
{
	static const char *const defaults[] = { "/home", "/tmp", "/var/tmp", "/opt", "/usr/local", NULL };
	const struct json *list = check_param_list(ctx, "paths");
	struct scan_root *roots = NULL;
	char **paths = NULL;
	struct json *missing = json_array();
	size_t n = 0, cnt, i;

	if ((cnt = explicit_roots(ctx, &roots)) > 0) {
		scan_and_judge(ctx, res, roots, cnt, "the given paths", "指定されたパス");
		free(roots);
		json_free(missing);
		return;
	}
	cnt = list != NULL ? json_len(list) : 5;
	paths = xcalloc(cnt ? cnt : 1, sizeof *paths);
	roots = xcalloc(cnt ? cnt : 1, sizeof *roots);
	for (i = 0; i < cnt; i++) {
		const char *p = list != NULL ? json_get_str(json_at(list, i)) : defaults[i];
		char *full;
		struct stat st;

		if (p == NULL)
			continue;
		full = path_join(ctx->root, p);
		if (lstat(full, &st) < 0 && errno == ENOENT) {
			json_arr_push(missing, json_str(p));
			free(full);
			continue;
		}
		paths[n] = full;
		roots[n].path = full;
		n++;
	}
	if (n == 0)
		check_result_set(res, CHECK_UNKNOWN, "none of the paths to scan exists",
		    "スキャン対象のパスがひとつも存在しません");
	else
		scan_and_judge(ctx, res, roots, n, "this computer", "この端末");
	json_obj_set(res->details, "missing_paths", missing);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(roots);
}

const struct check check_media_scan = {
	.id = "media-scan",
	.title_en = "Malware scan of removable media",
	.title_ja = "リムーバブルメディアのマルウェアスキャン",
	.reads = "every file on mounted removable media (read-only), the ClamAV signature database",
	.params = media_scan_params,
	.flags = CHECK_USES_ENGINE | CHECK_SCANS_PATHS,
	.run = media_scan_run,
};

const struct check check_endpoint_scan = {
	.id = "endpoint-scan",
	.title_en = "Malware scan of this computer",
	.title_ja = "この端末のマルウェアスキャン",
	.reads = "/home /tmp /var/tmp /opt /usr/local (read-only), the ClamAV signature database",
	.params = endpoint_scan_params,
	.flags = CHECK_USES_ENGINE,
	.run = endpoint_scan_run,
};
