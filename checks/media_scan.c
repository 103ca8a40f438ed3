/*
 * media_scan.c: the malware checks built on scan/:
 *
 *   media-scan     every mounted removable medium (or ctx->paths when given)
 *   endpoint-scan  the laptop itself: /home /tmp /var/tmp /opt /usr/local
 *                  of the target; on a Windows volume each profile's
 *                  Downloads, Desktop and AppData, ProgramData,
 *                  Windows/Temp, then the rest of the volume; or the
 *                  "paths" parameter
 *
 * The probes (checks/linux/media_scan.c, checks/windows/media_scan.c, both
 * through checks/scanset.c) find what to scan and scan it;
 * the judges here decide from the report. fail when anything is infected;
 * unknown when something could not be scanned, a path could not be opened,
 * the scan was cancelled or there is no usable signature database, or the
 * database is older than clamav.max_signature_age_days or of unknown age;
 * pass only when every file was scanned with current signatures and
 * nothing was found. media-scan is skip when no removable medium is
 * attached. When endpoint-scan's time budget runs out the result is
 * unknown (fail when something was found) and says which places were
 * scanned fully, partly or not at all; memory images left out on purpose
 * (skip_memory_images) are named in the summary. The details carry the engine
 * and database versions, the findings, and each root's identity and
 * manifest (path, size, SHA-256).
 */
#include "media_scan.h"

#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static const struct check_param media_scan_params[] = {
	{ "jobs", CHECK_PARAM_INT, 0, 256, "files scanned in parallel (0: one per core)" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct check_param endpoint_scan_params[] = {
	{ "paths", CHECK_PARAM_STRLIST, 0, 0,
	    "directories to scan (default /home /tmp /var/tmp /opt /usr/local; on Windows each "
	    "profile's Downloads, Desktop and AppData, ProgramData, Windows/Temp, then the rest "
	    "of the volume)" },
	{ "jobs", CHECK_PARAM_INT, 0, 256, "files scanned in parallel (0: one per core)" },
	{ "time_budget_s", CHECK_PARAM_INT, 0, 7 * 86400,
	    "stop the scan after this many seconds, as unknown with what was covered (0: no budget)" },
	{ "skip_memory_images", CHECK_PARAM_BOOL, 0, 0,
	    "Windows: leave pagefile.sys, swapfile.sys and hiberfil.sys out (named as not scanned)" },
	{ NULL, 0, 0, 0, NULL },
};

void
media_scan_facts_free(void *facts)
{
	struct media_scan_facts *f = facts;

	json_free(f->missing);
	free(f->engine_error);
	json_free(f->report);
	json_free(f->coverage);
	json_free(f->not_scanned);
}

/*
 * A clean scan is only as good as its signatures: with a database older than
 * the site's limit, or of unknown age, "nothing found" becomes unknown.
 */
static void
signatures_current(const struct check_ctx *ctx, const struct media_scan_facts *f, struct check_result *res)
{
	long long max_days = ctx->cfg->max_signature_age_days;
	double age;
	char *en, *ja;

	json_obj_set(res->details, "max_signature_age_days", json_int(max_days));
	if (f->db_time == 0) {
		json_obj_set(res->details, "signature_age_days", json_null());
		if (res->status != CHECK_PASS)
			return;
		en = xasprintf("%s, but the age of the signature database is unknown: a clean scan "
		               "proves nothing without current signatures",
		    res->summary_en);
		ja = xasprintf("%s。ただし定義ファイルの作成日時が不明なため、検出なしとは判断できません",
		    res->summary_ja);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		return;
	}
	age = difftime(ctx->now, f->db_time) / 86400.0;
	json_obj_set(res->details, "signature_age_days", json_real((double)(long long)(age * 10) / 10));
	if (res->status != CHECK_PASS || age <= (double)max_days)
		return;
	en = xasprintf("%s, but with signatures %.1f days old (limit %lld): update them (freshclam) "
	               "and scan again",
	    res->summary_en, age, max_days);
	ja = xasprintf("%s。ただし定義ファイルが%.1f日前のもので古い（上限%lld日）ため判断できません。"
	               "更新（freshclam）して再スキャンしてください",
	    res->summary_ja, age, max_days);
	check_result_set(res, CHECK_UNKNOWN, en, ja);
	free(en);
	free(ja);
}

/* Decides from the scan report; what names what was scanned ("removable media", ...). */
static void
scan_judge(const struct check_ctx *ctx, const struct media_scan_facts *f, struct check_result *res,
    const char *what_en, const char *what_ja)
{
	size_t i;

	if (f->engine_error != NULL) {
		char *en = xasprintf("cannot scan: %s", f->engine_error);
		char *ja = xasprintf("スキャンできません: %s", f->engine_error);

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		json_obj_set(res->details, "error", json_str(f->engine_error));
		free(en);
		free(ja);
		return;
	}
	for (i = 0; i < json_len(f->report); i++)
		json_obj_set(res->details, json_key_at(f->report, i), json_copy(json_at(f->report, i)));
	/* infected wins over a root not scanned, that over a file not scanned */
	if (f->ninfected > 0) {
		char *en = xasprintf("%zu infected file%s found on %s (%llu files scanned)", f->ninfected,
		    f->ninfected == 1 ? "" : "s", what_en, (unsigned long long)f->files_scanned);
		char *ja = xasprintf("%sで感染ファイルが%zu件見つかりました（%llu件をスキャン）",
		    what_ja, f->ninfected, (unsigned long long)f->files_scanned);

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (f->nerrors > 0 || f->cancelled) {
		char *en = xasprintf("the scan of %s is incomplete: %s", what_en,
		    f->cancelled ? "cancelled" : "a path could not be scanned");
		char *ja = xasprintf("%sのスキャンが完了していません（%s）", what_ja,
		    f->cancelled ? "中止されました" : "スキャンできないパスがあります");

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else if (f->nunscannable > 0) {
		char *en = xasprintf("nothing found, but %zu item%s on %s could not be scanned "
		                     "(encrypted, over a limit, unreadable, another filesystem "
		                     "mounted inside, or changed during the scan); look at them",
		    f->nunscannable, f->nunscannable == 1 ? "" : "s", what_en);
		char *ja = xasprintf("検出はありませんが、%sの%zu件がスキャンできませんでした（暗号化・"
		                     "制限超過・読み取り不可・内部にマウントされた別のファイルシステム・"
		                     "スキャン中の変更）。確認してください",
		    what_ja, f->nunscannable);

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else {
		char *en = xasprintf("%llu files on %s scanned, nothing found",
		    (unsigned long long)f->files_scanned, what_en);
		char *ja = xasprintf("%sの%llu件のファイルをスキャンし、検出はありませんでした",
		    what_ja, (unsigned long long)f->files_scanned);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
	signatures_current(ctx, f, res);
}

static void
media_scan_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct media_scan_facts *f = facts;

	if (f->explicit_paths) {
		scan_judge(ctx, f, res, "the given paths", "指定されたパス");
		return;
	}
	if (f->nroots == 0 && f->unmounted == 0) {
		check_result_set(res, CHECK_SKIP, "no removable medium is attached",
		    "リムーバブルメディアは接続されていません");
	} else if (f->nroots == 0) {
		check_result_set(res, CHECK_UNKNOWN,
		    "a removable medium is attached but not mounted, so it cannot be scanned; mount it",
		    "リムーバブルメディアが接続されていますがマウントされていないため、スキャンできません。"
		    "マウントしてください");
	} else {
		scan_judge(ctx, f, res, "removable media", "リムーバブルメディア");
		if (f->unmounted > 0 && res->status == CHECK_PASS)
			check_result_set(res, CHECK_UNKNOWN,
			    "the mounted media are clean, but an attached medium is not mounted and was not "
			    "scanned",
			    "マウントされたメディアに検出はありませんが、マウントされていないメディアは"
			    "スキャンされていません");
	}
	json_obj_set(res->details, "unmounted_media", json_int((int64_t)f->unmounted));
}

/* Places listed in a summary at most; the rest are counted. */
#define PLACES_SHOWN 6

/* The places of the coverage in state, sanitised, for a summary in English or Japanese; caller frees. */
static char *
places_in(const struct json *cov, const char *state, int ja)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < json_len(cov); i++) {
		const struct json *o = json_at(cov, i);
		const char *st = json_get_str(json_get(o, "state"));
		const char *place = json_get_str(json_get(o, "place"));
		char *safe;

		if (st == NULL || place == NULL || strcmp(st, state) != 0)
			continue;
		if (n++ >= PLACES_SHOWN)
			continue;
		if (n > 1)
			sb_adds(&sb, ja ? "、" : ", ");
		if (strcmp(place, "/") == 0)
			sb_adds(&sb, ja ? "ボリュームのその他の場所" : "the rest of the volume");
		else {
			safe = text_sanitize(place);
			sb_adds(&sb, safe);
			free(safe);
		}
	}
	if (n > PLACES_SHOWN)
		sb_addf(&sb, ja ? " ほか%zu件" : " and %zu more", n - PLACES_SHOWN);
	if (n == 0)
		sb_adds(&sb, ja ? "なし" : "none");
	return sb_detach(&sb);
}

/* The time budget ran out: unknown with what was covered, or a failure that says so. */
static void
budget_judge(const struct media_scan_facts *f, struct check_result *res)
{
	char *done = places_in(f->coverage, "complete", 0), *part = places_in(f->coverage, "partial", 0);
	char *none = places_in(f->coverage, "not scanned", 0);
	char *jdone = places_in(f->coverage, "complete", 1),
	     *jpart = places_in(f->coverage, "partial", 1);
	char *jnone = places_in(f->coverage, "not scanned", 1);
	unsigned long long files = 0;
	char *en, *ja;
	size_t i;

	/* files whose scan ended: those the cancel stopped mid-read are not counted */
	for (i = 0; i < json_len(f->coverage); i++)
		files += (unsigned long long)json_get_int(
		    json_get(json_at(f->coverage, i), "files_scanned"), 0);
	if (res->status == CHECK_FAIL) {
		en = xasprintf("%s; the time budget of %ld s ran out before the scan finished",
		    res->summary_en, f->budget_s);
		ja = xasprintf("%s。時間制限（%ld秒）に達したため、スキャンは完了していません",
		    res->summary_ja, f->budget_s);
		check_result_set(res, CHECK_FAIL, en, ja);
	} else {
		en = xasprintf("the time budget of %ld s ran out before the scan finished (%llu files "
		               "scanned, nothing found so far): fully scanned: %s; partly: %s; not "
		               "scanned: %s; scan again with a larger time_budget_s",
		    f->budget_s, files, done, part, none);
		ja = xasprintf("時間制限（%ld秒）に達したため、スキャンが完了していません（%llu件を"
		               "スキャン、これまで検出なし）。完了: %s／一部のみ: %s／未スキャン: %s。"
		               "time_budget_s を増やして再スキャンしてください",
		    f->budget_s, files, jdone, jpart, jnone);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
	}
	free(en);
	free(ja);
	free(done);
	free(part);
	free(none);
	free(jdone);
	free(jpart);
	free(jnone);
}

/* Memory images left out on purpose: named in the summary whatever the status. */
static void
not_scanned_note(const struct media_scan_facts *f, struct check_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	char *en, *ja;
	size_t i;

	for (i = 0; i < json_len(f->not_scanned); i++)
		sb_addf(&sb, "%s%s", i > 0 ? ", " : "",
		    json_get_str(json_get(json_at(f->not_scanned, i), "path")));
	if (i == 0 || res->status == CHECK_SKIP) {
		sb_free(&sb);
		return;
	}
	en = xasprintf("%s; memory images not scanned (skip_memory_images): %s", res->summary_en,
	    sb_str(&sb));
	ja = xasprintf("%s。メモリイメージはスキャンしていません（skip_memory_images）: %s",
	    res->summary_ja, sb_str(&sb));
	check_result_set(res, res->status, en, ja);
	free(en);
	free(ja);
	sb_free(&sb);
}

/* The Windows scan's extras: per-place coverage, the budget, what was left out. */
static void
coverage_judge(const struct media_scan_facts *f, struct check_result *res)
{
	if (f->coverage != NULL)
		json_obj_set(res->details, "coverage", json_copy(f->coverage));
	json_obj_set(res->details, "time_budget_s", json_int(f->budget_s));
	json_obj_set(res->details, "budget_ran_out", json_bool(f->budget_ran_out));
	if (f->not_scanned != NULL)
		json_obj_set(res->details, "not_scanned", json_copy(f->not_scanned));
	if (f->budget_ran_out && f->engine_error == NULL)
		budget_judge(f, res);
	if (f->not_scanned != NULL)
		not_scanned_note(f, res);
}

static void
endpoint_scan_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct media_scan_facts *f = facts;

	if (f->explicit_paths) {
		scan_judge(ctx, f, res, "the given paths", "指定されたパス");
		return;
	}
	if (f->nroots == 0)
		check_result_set(res, CHECK_UNKNOWN, "none of the paths to scan exists",
		    "スキャン対象のパスがひとつも存在しません");
	else
		scan_judge(ctx, f, res, "this computer", "この端末");
	json_obj_set(res->details, "missing_paths",
	    f->missing != NULL ? json_copy(f->missing) : json_array());
	if (f->coverage != NULL || f->budget_s > 0)
		coverage_judge(f, res);
}

const struct check check_media_scan = {
	.id = "media-scan",
	.title_en = "Malware scan of removable media",
	.title_ja = "リムーバブルメディアのマルウェアスキャン",
	.reads = "every file on mounted removable media (read-only), the ClamAV signature database",
	.params = media_scan_params,
	.flags = CHECK_USES_ENGINE | CHECK_SCANS_PATHS,
	.facts_size = sizeof(struct media_scan_facts),
	.facts_free = media_scan_facts_free,
	.probes = {
		[TARGET_LINUX] = { media_scan_probe_linux, NULL, NULL },
		/* removable media are found through a running Linux system's /sys, which a Windows volume has none of */
		[TARGET_WINDOWS] = { NULL,
		    "removable media are attached to the desk, not to the Windows volume under --root: scan them "
		    "with reentry check media-scan (without --root) or at the kiosk",
		    "USB メモリなどの媒体は --root の Windows ボリュームではなくデスクに接続します。--root を付けずに "
		    "reentry check media-scan を実行するか、キオスクでスキャンしてください" },
	},
	.judge = media_scan_judge,
};

const struct check check_endpoint_scan = {
	.id = "endpoint-scan",
	.title_en = "Malware scan of this computer",
	.title_ja = "この端末のマルウェアスキャン",
	.reads = "/home /tmp /var/tmp /opt /usr/local (read-only); on Windows each profile's Downloads, "
	         "Desktop and AppData, ProgramData, Windows/Temp, then the rest of the volume; the ClamAV "
	         "signature database",
	.params = endpoint_scan_params,
	.flags = CHECK_USES_ENGINE,
	.facts_size = sizeof(struct media_scan_facts),
	.facts_free = media_scan_facts_free,
	.probes = {
		[TARGET_LINUX] = { endpoint_scan_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { endpoint_scan_probe_windows, NULL, NULL },
	},
	.judge = endpoint_scan_judge,
};
