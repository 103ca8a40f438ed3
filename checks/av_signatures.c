/*
 * av_signatures.c: the av-signatures check (av_signatures.h). Judges the
 * daily ClamAV database's build time against the allowed age, and whether
 * the main database is there, from the database headers its probe
 * (checks/linux/av_signatures.c) read on the inspected system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"
#include "av_signatures.h"
#include "check.h"

static const struct check_param av_params[] = {
	{ "max_signature_age_days", CHECK_PARAM_INT, 0, 3650,
	    "the daily database may be this old (default: the site's clamav.max_signature_age_days, 3)" },
	{ "database", CHECK_PARAM_STRING, 0, 0,
	    "database directory (default: the site's clamav.database, else libclamav's)" },
	{ NULL, 0, 0, 0, NULL },
};

void
av_signatures_facts_free(void *facts)
{
	struct av_signatures_facts *f = facts;

	if (f == NULL)
		return;
	free(f->dir);
	free(f->daily.file);
	free(f->daily.builder);
	free(f->main.file);
	free(f->main.builder);
	free(f->bytecode.file);
	free(f->bytecode.builder);
	if (f->defender != NULL) {
		free(f->defender->hive);
		free(f->defender->av_version);
		free(f->defender->engine_version);
		free(f->defender->disabled_by);
		free(f->defender->realtime_off_by);
		json_free(f->defender->exclusions);
		json_free(f->defender->third_party);
		free(f->defender);
	}
}

/* Microsoft Defender: disabled, real-time protection off, or its last update against the limit. */
static void
defender_judge(const struct check_ctx *ctx, const struct av_defender *d, long long max_days,
    struct check_result *res)
{
	struct json *o = json_obj_set(res->details, "defender", json_object());
	size_t nthird = json_len(d->third_party);
	const char *third = nthird > 0 ? json_get_str(json_at(d->third_party, 0)) : NULL;
	char t[TIME_ISO_LEN] = "", *en, *ja;
	double age = 0;

	json_obj_set(res->details, "max_signature_age_days", json_int(max_days));
	json_obj_set(o, "hive", json_str(d->hive));
	json_obj_set(o, "present", json_bool(d->present));
	json_obj_set(o, "signature_version", json_str(d->av_version));
	json_obj_set(o, "engine_version", json_str(d->engine_version));
	if (d->updated > 0) {
		time_iso_utc(d->updated, t);
		age = difftime(ctx->now, d->updated) / 86400.0;
		json_obj_set(o, "signatures_updated", json_str(t));
		json_obj_set(o, "age_days", json_real((double)(long long)(age * 10) / 10));
	}
	json_obj_set(o, "disabled_by", json_str(d->disabled_by));
	json_obj_set(o, "realtime_off_by", json_str(d->realtime_off_by));
	json_obj_set(o, "exclusions", d->exclusions ? json_copy(d->exclusions) : json_array());
	json_obj_set(res->details, "third_party_antivirus",
	    d->third_party ? json_copy(d->third_party) : json_array());
	if (!d->present || d->disabled_by != NULL || d->realtime_off_by != NULL) {
		const char *why_en = !d->present ? "Microsoft Defender's signature records are absent" :
		    d->disabled_by != NULL       ? "Microsoft Defender is disabled" :
		                                   "Microsoft Defender's real-time protection is off";
		const char *why_ja = !d->present ?
		    "Microsoft Defender の定義ファイルの記録がありません" :
		    d->disabled_by != NULL ? "Microsoft Defender が無効です" :
		                             "Microsoft Defender のリアルタイム保護が無効です";
		const char *by = d->disabled_by != NULL ? d->disabled_by : d->realtime_off_by;

		if (third != NULL) {
			en = xasprintf("%s%s%s%s, and %s is installed: its signature age is not read; check it "
			               "by hand",
			    why_en, by ? " (" : "", by ? by : "", by ? ")" : "", third);
			ja = xasprintf("%s%s%s%s。%s がインストールされていますが、その定義ファイルの鮮度は"
			               "読み取れません。手作業で確認してください",
			    why_ja, by ? "（" : "", by ? by : "", by ? "）" : "", third);
			check_result_set(res, CHECK_UNKNOWN, en, ja);
		} else {
			en = xasprintf("%s%s%s%s and no other antivirus product is installed",
			    why_en, by ? " (" : "", by ? by : "", by ? ")" : "");
			ja = xasprintf("%s%s%s%s。ほかのウイルス対策製品もインストールされていません",
			    why_ja, by ? "（" : "", by ? by : "", by ? "）" : "");
			check_result_set(res, CHECK_FAIL, en, ja);
		}
	} else if (d->updated <= 0) {
		en = xasprintf("Microsoft Defender's last signature update time cannot be read (%s, "
		               "Signature Updates\\SignaturesLastUpdated)",
		    d->hive);
		ja = xasprintf("Microsoft Defender の定義ファイル更新時刻を読み取れません（%s、Signature "
		               "Updates\\SignaturesLastUpdated）",
		    d->hive);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
	} else if (age > (double)max_days) {
		en = xasprintf("Microsoft Defender's signatures are %.1f days old (%s, updated %s, limit "
		               "%lld days): update them",
		    age, d->av_version ? d->av_version : "version unknown", t, max_days);
		ja = xasprintf("Microsoft Defender の定義ファイルが%.1f日前のもので古い（%s、%s更新、上限%lld日）"
		               "。更新してください",
		    age, d->av_version ? d->av_version : "バージョン不明", t, max_days);
		check_result_set(res, CHECK_FAIL, en, ja);
	} else if (age < -1.0) {
		en = xasprintf(
		    "Microsoft Defender's last update is in the future (%s): check the clock", t);
		ja = xasprintf("Microsoft Defender の更新時刻 (%s) が未来です。時計を確認してください", t);
		check_result_set(res, CHECK_WARN, en, ja);
	} else {
		en = xasprintf("Microsoft Defender's signatures are current: %s updated %s (%.1f days old, "
		               "limit %lld)",
		    d->av_version ? d->av_version : "version unknown", t, age, max_days);
		ja = xasprintf("Microsoft Defender の定義ファイルは最新: %s、%s更新（%.1f日前、上限%lld日）",
		    d->av_version ? d->av_version : "バージョン不明", t, age, max_days);
		check_result_set(res, CHECK_PASS, en, ja);
	}
	free(en);
	free(ja);
}

/* The details entry for one database. */
static void
describe(struct json *arr, const char *name, const struct av_signatures_db *db, time_t now)
{
	struct json *o = json_arr_push(arr, json_object());
	char t[TIME_ISO_LEN];

	json_obj_set(o, "name", json_str(name));
	json_obj_set(o, "present", json_bool(db->present));
	if (!db->present)
		return;
	json_obj_set(o, "file", json_str(db->file));
	if (!db->ok) {
		json_obj_set(o, "error", json_str(db->why));
		return;
	}
	time_iso_utc(db->built, t);
	json_obj_set(o, "version", json_int(db->version));
	json_obj_set(o, "signatures", json_int(db->sigs));
	json_obj_set(o, "build_time", json_str(t));
	json_obj_set(o, "builder", json_str(db->builder));
	json_obj_set(o, "age_days",
	    json_real((double)(long long)(difftime(now, db->built) / 8640.0) / 10));
}

/* Decides the status from the database headers and the allowed age. */
static void
av_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct av_signatures_facts *f = facts;
	const struct av_signatures_db *daily = &f->daily, *mainv = &f->main;
	const char *dir = f->dir;
	long long max_days = check_param_int(ctx, "max_signature_age_days",
	    ctx->cfg->max_signature_age_days);
	struct json *arr;
	char t[TIME_ISO_LEN], *en, *ja;
	double age;

	if (f->defender != NULL) {
		defender_judge(ctx, f->defender, max_days, res);
		return;
	}
	json_obj_set(res->details, "database_dir", json_str(dir));
	json_obj_set(res->details, "max_signature_age_days", json_int(max_days));
	if (f->dir_missing) {
		en = xasprintf("no ClamAV database directory %s: run freshclam, or on an offline machine "
		               "copy main, daily and bytecode (.cvd/.cld) from an updated machine into it",
		    dir);
		ja = xasprintf(
		    "ClamAVのデータベースディレクトリ %s がありません。freshclam を実行するか、"
		    "オフライン端末では更新済みの端末から main・daily・bytecode (.cvd/.cld) をコピーしてください",
		    dir);
		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
		return;
	}
	arr = json_obj_set(res->details, "databases", json_array());
	describe(arr, "daily", daily, ctx->now);
	describe(arr, "main", mainv, ctx->now);
	describe(arr, "bytecode", &f->bytecode, ctx->now);

	if (!daily->present) {
		en = xasprintf("no daily signature database (daily.cvd/.cld/.cud) in %s: run freshclam, or "
		               "on an offline machine copy the database files from an updated machine",
		    dir);
		ja = xasprintf(
		    "%s に daily 定義ファイル (daily.cvd/.cld/.cud) がありません。freshclam を実行"
		    "するか、オフライン端末では更新済みの端末から定義ファイルをコピーしてください",
		    dir);
		check_result_set(res, CHECK_FAIL, en, ja);
		goto out;
	}
	if (!daily->ok) {
		en = xasprintf("cannot read %s: %s; replace it (freshclam, or copy it from an updated "
		               "machine)",
		    daily->file, daily->why);
		ja = xasprintf("%s を読めません: %s。freshclam か更新済み端末からのコピーで置き換えてください",
		    daily->file, daily->why_ja[0] != '\0' ? daily->why_ja : "読み取れません");
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		goto out;
	}
	time_iso_utc(daily->built, t);
	age = difftime(ctx->now, daily->built) / 86400.0;
	json_obj_set(res->details, "daily_version", json_int(daily->version));
	json_obj_set(res->details, "daily_build_time", json_str(t));
	json_obj_set(res->details, "age_days", json_real((double)(long long)(age * 10) / 10));
	if (age > (double)max_days) {
		en = xasprintf("signatures are %.1f days old (daily %u built %s, limit %lld days): run "
		               "freshclam, or copy current database files from an updated machine",
		    age, daily->version, t, max_days);
		ja = xasprintf("定義ファイルが%.1f日前のもので古い（daily %u、%s作成、上限%lld日）。freshclam "
		               "を実行するか、更新済みの端末から定義ファイルをコピーしてください",
		    age, daily->version, t, max_days);
		check_result_set(res, CHECK_FAIL, en, ja);
	} else if (age < -1.0) {
		en = xasprintf("daily %u claims a build time in the future (%s): check the system clock",
		    daily->version, t);
		ja = xasprintf("daily %u の作成時刻 (%s) が未来です。システム時計を確認してください",
		    daily->version, t);
		check_result_set(res, CHECK_WARN, en, ja);
	} else if (!mainv->present || !mainv->ok) {
		en = xasprintf("daily %u is current (%.1f days old) but the main database is %s: run "
		               "freshclam or copy main.cvd",
		    daily->version, age, mainv->present ? "unreadable" : "missing");
		ja = xasprintf("daily %u は新しい（%.1f日前）が main 定義ファイルが%s。freshclam を実行するか "
		               "main.cvd をコピーしてください",
		    daily->version, age, mainv->present ? "読めません" : "ありません");
		check_result_set(res, CHECK_WARN, en, ja);
	} else {
		en = xasprintf("signatures current: daily %u built %s (%.1f days old, limit %lld)",
		    daily->version, t, age, max_days);
		ja = xasprintf("定義ファイルは最新: daily %u、%s作成（%.1f日前、上限%lld日）",
		    daily->version, t, age, max_days);
		check_result_set(res, CHECK_PASS, en, ja);
	}
out:
	free(en);
	free(ja);
}

const struct check check_av_signatures = {
	.id = "av-signatures",
	.title_en = "Antivirus signature age",
	.title_ja = "ウイルス定義ファイルの鮮度",
	.reads = "the ClamAV database directory (clamav.database, else libclamav's default): "
	    "daily/main/bytecode .cvd .cld .cud headers; on Windows Microsoft Defender's keys and "
	    "policies in the SOFTWARE hive, and antivirus products among the installed software",
	.params = av_params,
	.facts_size = sizeof(struct av_signatures_facts),
	.facts_free = av_signatures_facts_free,
	.probes = {
		[TARGET_LINUX] = { av_signatures_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { av_signatures_probe_windows, NULL, NULL },
	},
	.judge = av_judge,
};
