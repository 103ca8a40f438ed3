/*
 * linux/av_signatures.c: the av-signatures probe. Finds the ClamAV
 * databases (daily, main, bytecode as .cld, .cvd or .cud) in the configured
 * directory, or libclamav's default one, on the inspected system (beneath
 * the target's root), and reads each header with libclamav's cl_cvdparse().
 * The judge is in checks/av_signatures.c.
 */
#include <clamav.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../config/config.h"
#include "../../scan/clamav_dl.h"
#include "../../sys/target.h"
#include "../../util/errtext.h"
#include "../../util/timefmt.h"
#include "../../util/xalloc.h"
#include "../av_signatures.h"
#include "../check.h"

#define CVD_HEADER 512

/*
 * Reads the 512-byte header of path (on the target) and parses it with
 * libclamav, from a buffer. Our own checks come first so that libclamav
 * never logs about a file that is not a database.
 */
static void
read_header(const struct clamav_dl *lc, const struct target *t, const char *path,
    struct av_signatures_db *db)
{
	char head[CVD_HEADER + 1], err[256], ebuf[ERRTEXT_LEN];
	ssize_t n;
	int fd, colons = 0, i;
	struct cl_cvd *cvd;

	/* O_NONBLOCK: a FIFO in an image is never waited on */
	if ((fd = target_open_file(t, path, O_RDONLY | O_NONBLOCK, err, sizeof err)) < 0) {
		int e = errno;

		snprintf(db->why, sizeof db->why, "%s", strerror(e));
		snprintf(db->why_ja, sizeof db->why_ja, "%s", errtext_ja(e, ebuf));
		return;
	}
	n = read(fd, head, CVD_HEADER);
	close(fd);
	if (n != CVD_HEADER) {
		snprintf(db->why, sizeof db->why, "shorter than a database header (%zd bytes)", n);
		snprintf(db->why_ja, sizeof db->why_ja,
		    "データベースのヘッダーより短いファイルです（%zd バイト）", n);
		return;
	}
	head[CVD_HEADER] = '\0';
	if (strncmp(head, "ClamAV-VDB:", 11) != 0) {
		snprintf(db->why, sizeof db->why, "not a ClamAV database (no ClamAV-VDB header)");
		snprintf(db->why_ja, sizeof db->why_ja,
		    "ClamAV のデータベースではありません（ClamAV-VDB ヘッダーがありません）");
		return;
	}
	for (i = 0; i < CVD_HEADER; i++) {
		if (head[i] == ':')
			colons++;
		if (head[i] == '\0' || ((unsigned char)head[i] < 0x20 && head[i] != '\n')) {
			snprintf(db->why, sizeof db->why,
			    "corrupt header (control byte at offset %d)", i);
			snprintf(db->why_ja, sizeof db->why_ja,
			    "ヘッダーが壊れています（%d バイト目に制御文字）", i);
			return;
		}
	}
	if (colons < 8) {
		snprintf(db->why, sizeof db->why, "corrupt header (%d fields)", colons + 1);
		snprintf(db->why_ja, sizeof db->why_ja, "ヘッダーが壊れています（項目数 %d）",
		    colons + 1);
		return;
	}
	if ((cvd = lc->cl_cvdparse(head)) == NULL) {
		snprintf(db->why, sizeof db->why, "libclamav could not parse the header");
		snprintf(db->why_ja, sizeof db->why_ja, "libclamav がヘッダーを解析できませんでした");
		return;
	}
	db->version = cvd->version;
	db->sigs = cvd->sigs;
	db->built = (time_t)cvd->stime;
	db->builder = xstrdup(cvd->builder != NULL ? cvd->builder : "");
	lc->cl_cvdfree(cvd);
	if (db->built == 0) {
		snprintf(db->why, sizeof db->why, "header without a build time");
		snprintf(db->why_ja, sizeof db->why_ja, "ヘッダーに作成時刻がありません");
		return;
	}
	db->ok = 1;
}

/*
 * Finds name.{cld,cvd,cud} in dir and reads the newest by version into db
 * (present set when one exists, maybe not ok), recording each file found.
 */
static void
find_db(const struct clamav_dl *lc, const struct check_ctx *ctx, struct check_result *res,
    const char *dir, const char *name, struct av_signatures_db *db)
{
	static const char *const ext[] = { "cld", "cvd", "cud" };
	size_t i;

	memset(db, 0, sizeof *db);
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char *path = xasprintf("%s/%s.%s", dir, name, ext[i]);
		struct stat st;
		struct av_signatures_db d;

		if (target_stat(ctx->target, path, &st) != 0) {
			free(path);
			continue;
		}
		check_evidence_file(res, ctx, path);
		memset(&d, 0, sizeof d);
		d.present = 1;
		d.file = path;
		read_header(lc, ctx->target, path, &d);
		if (!db->present || (d.ok && (!db->ok || d.version > db->version))) {
			free(db->file);
			free(db->builder);
			*db = d;
		} else {
			free(d.file);
			free(d.builder);
		}
	}
}

int
av_signatures_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct av_signatures_facts *f = facts;
	const struct clamav_dl *lc;
	char err[768], ja[768];
	struct stat st;

	/* libclamav reads the headers; it is opened here, on first use (scan/clamav_dl.h) */
	if ((lc = clamav_dl(err, sizeof err, ja, sizeof ja)) == NULL) {
		char *en = xasprintf("the signature databases cannot be read: %s", err);
		char *jm = xasprintf("シグネチャデータベースを読めません: %s", ja);

		check_result_set(res, CHECK_UNKNOWN, en, jm);
		free(en);
		free(jm);
		return -1;
	}
	f->dir = xstrdup(check_param_str(ctx, "database",
	    ctx->cfg->clamav_database != NULL ? ctx->cfg->clamav_database : lc->cl_retdbdir()));
	if (target_stat(ctx->target, f->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		check_evidence_file(res, ctx, f->dir);
		f->dir_missing = 1;
		return 0;
	}
	find_db(lc, ctx, res, f->dir, "daily", &f->daily);
	find_db(lc, ctx, res, f->dir, "main", &f->main);
	find_db(lc, ctx, res, f->dir, "bytecode", &f->bytecode);
	if (f->daily.present && f->daily.ok) {
		char v[32], t[TIME_ISO_LEN];

		snprintf(v, sizeof v, "%u", f->daily.version);
		time_iso_utc(f->daily.built, t);
		check_evidence_value(res, "daily database version", v);
		check_evidence_value(res, "daily database build time", t);
	}
	return 0;
}
