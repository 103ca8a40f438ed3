/*
 * publish.c: publishing on write and its retry queue (publish.h).
 *
 * The queue is a directory of small files, STATE_DIR/fleet-pending/HASH,
 * each holding the absolute path of one report not yet filed; HASH is the
 * SHA-256 of that path, so queueing a report twice keeps one entry.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleet.h"
#include "publish.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

#define PENDING_DIR "fleet-pending"
#define PUBLISH_CONNECT_TIMEOUT "5" /* seconds a desk or kiosk waits for PostgreSQL */

/*
 * The URL to publish to: a postgresql:// URL without its own connect_timeout
 * gets one, so a server that does not answer holds the desk or the kiosk a
 * few seconds, not the minutes of a TCP timeout. Caller frees.
 */
static char *
publish_url(const char *url)
{
	if ((strncmp(url, "postgresql://", 13) != 0 && strncmp(url, "postgres://", 11) != 0) ||
	    strstr(url, "connect_timeout=") != NULL)
		return xstrdup(url);
	return xasprintf("%s%cconnect_timeout=" PUBLISH_CONNECT_TIMEOUT, url,
	    strchr(url, '?') != NULL ? '&' : '?');
}

void
fleet_pub_clear(struct fleet_pub *p)
{
	free(p->en);
	free(p->ja);
	memset(p, 0, sizeof *p);
}

/* The queue entry of the report at path (state_dir/fleet-pending/HASH); caller frees. */
static char *
pending_entry(const char *state_dir, const char *path)
{
	char h[65];

	sha256_hex(path, strlen(path), h);
	return xasprintf("%s/%s/%s", state_dir, PENDING_DIR, h);
}

/* Queues path; 0, or -1 with err. */
static int
pending_add(const char *state_dir, const char *path, char *err, size_t errlen)
{
	char *dir, *entry, *abs = NULL;
	int rc;

	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (cwd == NULL) {
			snprintf(err, errlen, "getcwd: %s", strerror(errno));
			return -1;
		}
		abs = xasprintf("%s/%s", cwd, path);
		free(cwd);
		path = abs;
	}
	dir = xasprintf("%s/%s", state_dir, PENDING_DIR);
	rc = file_mkdirs(dir, 0700, err, errlen);
	free(dir);
	if (rc == 0) {
		entry = pending_entry(state_dir, path);
		rc = file_write_atomic(entry, path, strlen(path), 0600, err, errlen);
		free(entry);
	}
	free(abs);
	return rc;
}

/* Files the report at path in the open database f; fills out (not PENDING). -1: database failed. */
static int
publish_one(struct fleet *f, const char *allowed_signers, const char *path, struct fleet_pub *out,
    char *err, size_t errlen)
{
	struct report_verification v;
	struct fleet_import res;
	int rc;

	memset(&res, 0, sizeof res);
	report_verify_file(path, allowed_signers, NULL, &v);
	rc = fleet_import(f, path, &v, &res, err, errlen);
	report_verification_clear(&v);
	if (rc < 0)
		return -1;
	if (res.outcome == FLEET_IMPORTED || res.outcome == FLEET_DUPLICATE) {
		out->status = FLEET_PUB_DONE;
		out->en = xasprintf("Filed in the fleet database %s.", f->shown_url);
		out->ja = xasprintf("fleet データベース %s に登録しました。", f->shown_url);
	} else {
		const char *why = res.reason != NULL ? res.reason : "?";

		out->status = FLEET_PUB_REFUSED;
		out->en = xasprintf("The fleet database %s recorded this report as %s: %s",
		    f->shown_url, res.outcome == FLEET_CONFLICT ? "in conflict" : "rejected", why);
		out->ja = xasprintf("fleet データベース %s はこの報告書を%sとして記録しました: %s",
		    f->shown_url, res.outcome == FLEET_CONFLICT ? "競合" : "拒否", why);
	}
	fleet_import_clear(&res);
	return 0;
}

/* Fills out as PENDING for reason (English), queueing path. */
static void
publish_pending(const char *state_dir, const char *path, const char *reason, struct fleet_pub *out)
{
	char err[1024];
	int queued = state_dir != NULL && pending_add(state_dir, path, err, sizeof err) == 0;

	out->status = FLEET_PUB_PENDING;
	if (queued) {
		out->en = xasprintf("Not filed in the fleet database (%s): the report stays on disk "
		                    "and is filed at the next start or `reentry collect`.",
		    reason);
		out->ja = xasprintf("fleet データベースに登録できません（%s）。報告書はディスクに"
		                    "残り、次の起動時または collect で登録されます。",
		    reason);
	} else {
		out->en = xasprintf("Not filed in the fleet database (%s), and not queued: the report "
		                    "stays on disk for `reentry collect`.",
		    reason);
		out->ja = xasprintf("fleet データベースに登録できません（%s）。報告書はディスクに"
		                    "残ります。collect で登録してください。",
		    reason);
	}
}

void
fleet_publish(const char *url, const char *allowed_signers, const char *state_dir, const char *path,
    struct fleet_pub *out)
{
	struct fleet *f;
	char err[2048], *u;

	memset(out, 0, sizeof *out);
	if (url == NULL)
		return;
	if (allowed_signers == NULL) {
		publish_pending(state_dir, path,
		    "fleet.database needs allowed_signers in the configuration", out);
		return;
	}
	u = publish_url(url);
	f = fleet_open(u, err, sizeof err);
	free(u);
	if (f == NULL) {
		publish_pending(state_dir, path, err, out);
		return;
	}
	if (publish_one(f, allowed_signers, path, out, err, sizeof err) != 0)
		publish_pending(state_dir, path, err, out);
	fleet_close(f);
}

int
fleet_publish_retry(const char *url, const char *allowed_signers, const char *state_dir,
    size_t *filed, size_t *left, char *err, size_t errlen)
{
	struct fleet *f = NULL;
	DIR *d;
	struct dirent *de;
	char *dir;
	int rc = 0;

	*filed = *left = 0;
	if (url == NULL || state_dir == NULL)
		return 0;
	dir = xasprintf("%s/%s", state_dir, PENDING_DIR);
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return 0; /* nothing queued */
	}
	while ((de = readdir(d)) != NULL) {
		char *entry, *path = NULL, e2[1024];
		size_t len;
		struct fleet_pub p;

		if (strlen(de->d_name) != 64 || strspn(de->d_name, "0123456789abcdef") != 64)
			continue;
		if (allowed_signers == NULL) {
			(*left)++;
			continue;
		}
		if (f == NULL && rc == 0) {
			char *u = publish_url(url);

			if ((f = fleet_open(u, err, errlen)) == NULL)
				rc = -1;
			free(u);
		}
		if (f == NULL) {
			(*left)++;
			continue;
		}
		entry = xasprintf("%s/%s", dir, de->d_name);
		if (file_read_all(entry, 8192, &path, &len, e2, sizeof e2) != 0) {
			free(entry);
			(*left)++;
			continue;
		}
		memset(&p, 0, sizeof p);
		if (access(path, F_OK) != 0 && errno == ENOENT) {
			(void)unlink(entry); /* the report is gone: nothing to file */
		} else if (publish_one(f, allowed_signers, path, &p, e2, sizeof e2) == 0) {
			(void)unlink(entry);
			(*filed)++;
		} else
			(*left)++;
		fleet_pub_clear(&p);
		free(path);
		free(entry);
	}
	closedir(d);
	free(dir);
	fleet_close(f);
	return rc;
}
