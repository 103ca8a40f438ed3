/*
 * av_signatures.c: the av-signatures check. Reads the headers of the ClamAV
 * databases (daily, main, bytecode as .cld, .cvd or .cud) in the configured
 * directory, or libclamav's default one, with libclamav's cl_cvdparse(), and
 * judges the daily database's build time against the allowed age.
 */
#include <clamav.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"
#include "check.h"

#define CVD_HEADER 512

static const struct check_param av_params[] = {
	{ "max_signature_age_days", CHECK_PARAM_INT, 0, 3650,
	    "the daily database may be this old (default: the site's clamav.max_signature_age_days, 3)" },
	{ "database", CHECK_PARAM_STRING, 0, 0,
	    "database directory (default: the site's clamav.database, else libclamav's)" },
	{ NULL, 0, 0, 0, NULL },
};

/* A database file's header, as libclamav reads it. */
struct dbinfo {
	char *file;          /* path under the root */
	unsigned version, sigs;
	time_t built;
	char *builder;
	int ok;              /* header read */
	char why[256];       /* when not */
};

/*
 * Reads the 512-byte header of path (full) and parses it with libclamav.
 * Our own checks come first so that libclamav never logs about a file that
 * is not a database.
 */
static void
read_header(const char *full, struct dbinfo *db)
{
	char head[CVD_HEADER + 1];
	ssize_t n;
	int fd, colons = 0, i;
	struct cl_cvd *cvd;

	if ((fd = open(full, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(db->why, sizeof db->why, "%s", strerror(errno));
		return;
	}
	n = read(fd, head, CVD_HEADER);
	close(fd);
	if (n != CVD_HEADER) {
		snprintf(db->why, sizeof db->why, "shorter than a database header (%zd bytes)", n);
		return;
	}
	head[CVD_HEADER] = '\0';
	if (strncmp(head, "ClamAV-VDB:", 11) != 0) {
		snprintf(db->why, sizeof db->why, "not a ClamAV database (no ClamAV-VDB header)");
		return;
	}
	for (i = 0; i < CVD_HEADER; i++) {
		if (head[i] == ':')
			colons++;
		if (head[i] == '\0' || ((unsigned char)head[i] < 0x20 && head[i] != '\n')) {
			snprintf(db->why, sizeof db->why, "corrupt header (control byte at offset %d)", i);
			return;
		}
	}
	if (colons < 8) {
		snprintf(db->why, sizeof db->why, "corrupt header (%d fields)", colons + 1);
		return;
	}
	if ((cvd = cl_cvdparse(head)) == NULL) {
		snprintf(db->why, sizeof db->why, "libclamav could not parse the header");
		return;
	}
	db->version = cvd->version;
	db->sigs = cvd->sigs;
	db->built = (time_t)cvd->stime;
	db->builder = xstrdup(cvd->builder != NULL ? cvd->builder : "");
	cl_cvdfree(cvd);
	if (db->built == 0) {
		snprintf(db->why, sizeof db->why, "header without a build time");
		return;
	}
	db->ok = 1;
}

/*
 * Finds name.{cld,cvd,cud} in dir and reads the newest by version; 0 when
 * one exists (db filled, maybe not ok), -1 when none does.
 */
static int
find_db(const struct check_ctx *ctx, struct check_result *res, const char *dir, const char *name,
    struct dbinfo *db)
{
	static const char *const ext[] = { "cld", "cvd", "cud" };
	size_t i;
	int found = 0;

	memset(db, 0, sizeof *db);
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char *rel = xasprintf("%s/%s.%s", dir, name, ext[i]);
		char *full = path_join(ctx->root, rel);
		struct stat st;
		struct dbinfo d;

		if (stat(full, &st) != 0) {
			free(rel);
			free(full);
			continue;
		}
		check_evidence_file(res, ctx, rel);
		memset(&d, 0, sizeof d);
		d.file = rel;
		read_header(full, &d);
		free(full);
		if (!found || (d.ok && (!db->ok || d.version > db->version))) {
			free(db->file);
			free(db->builder);
			*db = d;
			found = 1;
		} else {
			free(d.file);
			free(d.builder);
		}
	}
	return found ? 0 : -1;
}

static void
dbinfo_free(struct dbinfo *db)
{
	free(db->file);
	free(db->builder);
}

/* The details entry for one database. */
static void
describe(struct json *arr, const char *name, const struct dbinfo *db, int present, time_t now)
{
	struct json *o = json_arr_push(arr, json_object());
	char t[32];

	json_obj_set(o, "name", json_str(name));
	json_obj_set(o, "present", json_bool(present));
	if (!present)
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
	json_obj_set(o, "age_days", json_real((double)(long long)(difftime(now, db->built) / 8640.0) / 10));
}

static void
av_run(const struct check_ctx *ctx, struct check_result *res)
{
	const char *dir = check_param_str(ctx, "database",
	    ctx->cfg->clamav_database != NULL ? ctx->cfg->clamav_database : cl_retdbdir());
	long long max_days = check_param_int(ctx, "max_signature_age_days",
	    ctx->cfg->max_signature_age_days);
	struct dbinfo daily, mainv, bc;
	int have_daily, have_main, have_bc;
	struct json *arr;
	char *full, t[32], *en, *ja;
	struct stat st;
	double age;

	json_obj_set(res->details, "database_dir", json_str(dir));
	json_obj_set(res->details, "max_signature_age_days", json_int(max_days));
	full = path_join(ctx->root, dir);
	if (stat(full, &st) != 0 || !S_ISDIR(st.st_mode)) {
		en = xasprintf("no ClamAV database directory %s: run freshclam, or on an offline machine "
		    "copy main, daily and bytecode (.cvd/.cld) from an updated machine into it", dir);
		ja = xasprintf("ClamAVのデータベースディレクトリ %s がありません。freshclam を実行するか、"
		    "オフライン端末では更新済みの端末から main・daily・bytecode (.cvd/.cld) をコピーしてください", dir);
		check_evidence_file(res, ctx, dir);
		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
		free(full);
		return;
	}
	free(full);
	have_daily = find_db(ctx, res, dir, "daily", &daily) == 0;
	have_main = find_db(ctx, res, dir, "main", &mainv) == 0;
	have_bc = find_db(ctx, res, dir, "bytecode", &bc) == 0;
	arr = json_obj_set(res->details, "databases", json_array());
	describe(arr, "daily", &daily, have_daily, ctx->now);
	describe(arr, "main", &mainv, have_main, ctx->now);
	describe(arr, "bytecode", &bc, have_bc, ctx->now);

	if (!have_daily) {
		en = xasprintf("no daily signature database (daily.cvd/.cld/.cud) in %s: run freshclam, or "
		    "on an offline machine copy the database files from an updated machine", dir);
		ja = xasprintf("%s に daily 定義ファイル (daily.cvd/.cld/.cud) がありません。freshclam を実行"
		    "するか、オフライン端末では更新済みの端末から定義ファイルをコピーしてください", dir);
		check_result_set(res, CHECK_FAIL, en, ja);
		goto out;
	}
	if (!daily.ok) {
		en = xasprintf("cannot read %s: %s; replace it (freshclam, or copy it from an updated "
		    "machine)", daily.file, daily.why);
		ja = xasprintf("%s を読めません: %s。freshclam か更新済み端末からのコピーで置き換えてください",
		    daily.file, daily.why);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		goto out;
	}
	time_iso_utc(daily.built, t);
	age = difftime(ctx->now, daily.built) / 86400.0;
	json_obj_set(res->details, "daily_version", json_int(daily.version));
	json_obj_set(res->details, "daily_build_time", json_str(t));
	json_obj_set(res->details, "age_days", json_real((double)(long long)(age * 10) / 10));
	{
		char v[32];

		snprintf(v, sizeof v, "%u", daily.version);
		check_evidence_value(res, "daily database version", v);
		check_evidence_value(res, "daily database build time", t);
	}
	if (age > (double)max_days) {
		en = xasprintf("signatures are %.1f days old (daily %u built %s, limit %lld days): run "
		    "freshclam, or copy current database files from an updated machine", age, daily.version,
		    t, max_days);
		ja = xasprintf("定義ファイルが%.1f日前のもので古い（daily %u、%s作成、上限%lld日）。freshclam "
		    "を実行するか、更新済みの端末から定義ファイルをコピーしてください", age, daily.version, t,
		    max_days);
		check_result_set(res, CHECK_FAIL, en, ja);
	} else if (age < -1.0) {
		en = xasprintf("daily %u claims a build time in the future (%s): check the system clock",
		    daily.version, t);
		ja = xasprintf("daily %u の作成時刻 (%s) が未来です。システム時計を確認してください",
		    daily.version, t);
		check_result_set(res, CHECK_WARN, en, ja);
	} else if (!have_main || !mainv.ok) {
		en = xasprintf("daily %u is current (%.1f days old) but the main database is %s: run "
		    "freshclam or copy main.cvd", daily.version, age, have_main ? "unreadable" : "missing");
		ja = xasprintf("daily %u は新しい（%.1f日前）が main 定義ファイルが%s。freshclam を実行するか "
		    "main.cvd をコピーしてください", daily.version, age, have_main ? "読めません" : "ありません");
		check_result_set(res, CHECK_WARN, en, ja);
	} else {
		en = xasprintf("signatures current: daily %u built %s (%.1f days old, limit %lld)",
		    daily.version, t, age, max_days);
		ja = xasprintf("定義ファイルは最新: daily %u、%s作成（%.1f日前、上限%lld日）", daily.version, t,
		    age, max_days);
		check_result_set(res, CHECK_PASS, en, ja);
	}
out:
	free(en);
	free(ja);
	dbinfo_free(&daily);
	dbinfo_free(&mainv);
	dbinfo_free(&bc);
}

const struct check check_av_signatures = {
	.id = "av-signatures",
	.title_en = "Antivirus signature age",
	.title_ja = "ウイルス定義ファイルの鮮度",
	.reads = "the ClamAV database directory (clamav.database, else libclamav's default): "
	    "daily/main/bytecode .cvd .cld .cud headers",
	.params = av_params,
	.run = av_run,
};
