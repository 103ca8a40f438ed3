/*
 * suspicious_domains.c: the suspicious-domains check: domains under free
 * top-level domains (.tk .ml .ga .cf .gq by default, where many fake copies
 * of real sites were hosted) and look-alikes of the organisation's own
 * domains, found in users' browser histories and in /etc/hosts.
 *
 * Users are those of /etc/passwd with uid 1000..65533, plus root. Histories:
 * Firefox places.sqlite (also the snap and flatpak locations; moz_places
 * url, last_visit_date in microseconds since 1970) and the Chromium family's
 * History (chromium, google-chrome, Brave, Edge; urls url, last_visit_time in
 * microseconds since 1601). A running browser may hold a lock, so each
 * database is copied (with its -wal file, where the newest visits wait) to a
 * private temporary directory and the copy is opened read-only. Only the domain of a URL is reported, never the URL.
 * Organisation domains come from the site configuration (org_domains) and
 * the org_domains parameter; see checks/domains.h for the look-alike rules.
 *
 * warn (or finding_status):  a suspicious domain was seen.
 * pass:    every source was read and none holds one.
 * warn:    no finding, but some sources could not be read (they are listed).
 * unknown: no source at all could be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "compat_root.h"
#include "domains.h"
#include "../sys/sysprobe.h"
#include "../config/config.h"
#include "../util/timefmt.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

static const struct check_param suspicious_params[] = {
	{ "org_domains", CHECK_PARAM_STRLIST, 0, 0,
	    "the organisation's domains, added to the site configuration's org_domains" },
	{ "free_tlds", CHECK_PARAM_STRLIST, 0, 0, "top-level domains to flag (default tk, ml, ga, cf, gq)" },
	{ "finding_status", CHECK_PARAM_STRING, 0, 0,
	    "status when a suspicious domain is found: \"warn\" (default) or \"fail\"" },
	{ NULL, 0, 0, 0, NULL },
};

static const char *const default_tlds[] = { "tk", "ml", "ga", "cf", "gq", NULL };

/* Microseconds between 1601-01-01 and 1970-01-01 (Chromium's epoch). */
#define WEBKIT_EPOCH_US 11644473600000000LL

/* A set of host names already judged harmless, so a long history costs one lookup per visit. */
struct hostset {
	char **slot;
	size_t cap, n;
};

/* FNV-1a hash of s. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Whether s is in the set. */
static int
hostset_has(const struct hostset *hs, const char *s)
{
	size_t i;

	if (hs->cap == 0)
		return 0;
	for (i = hash_str(s) & (hs->cap - 1); hs->slot[i] != NULL; i = (i + 1) & (hs->cap - 1))
		if (strcmp(hs->slot[i], s) == 0)
			return 1;
	return 0;
}

/* Adds s (copied); the table doubles at half full. */
static void
hostset_add(struct hostset *hs, const char *s)
{
	size_t i;

	if (2 * (hs->n + 1) > hs->cap) {
		struct hostset big = { xcalloc(hs->cap ? hs->cap * 2 : 1024, sizeof(char *)),
			hs->cap ? hs->cap * 2 : 1024, hs->n };

		for (i = 0; i < hs->cap; i++) {
			size_t j;

			if (hs->slot[i] == NULL)
				continue;
			for (j = hash_str(hs->slot[i]) & (big.cap - 1); big.slot[j] != NULL;
			     j = (j + 1) & (big.cap - 1))
				;
			big.slot[j] = hs->slot[i];
		}
		free(hs->slot);
		*hs = big;
	}
	for (i = hash_str(s) & (hs->cap - 1); hs->slot[i] != NULL; i = (i + 1) & (hs->cap - 1))
		;
	hs->slot[i] = xstrdup(s);
	hs->n++;
}

/* Frees the names and the table; the set is empty afterwards. */
static void
hostset_free(struct hostset *hs)
{
	size_t i;

	for (i = 0; i < hs->cap; i++)
		free(hs->slot[i]);
	free(hs->slot);
	memset(hs, 0, sizeof *hs);
}

struct sd {
	struct hostset clean;
	const struct check_ctx *ctx;
	struct check_result *res;
	const char **orgs; /* NULL-terminated */
	const char **tlds; /* NULL-terminated */
	struct json *findings, *sources;
	size_t nread, nunreadable;
	char tmpdir[64];
};

/* ISO 8601 UTC of t, or NULL for 0. Caller frees. */
static char *
iso(time_t t)
{
	char buf[TIME_ISO_LEN];

	if (t <= 0)
		return NULL;
	time_iso_utc(t, buf);
	return buf[0] != '\0' ? xstrdup(buf) : NULL;
}

/* Judges host seen in source at time t (0 unknown); adds or updates a finding. */
static void
judge(struct sd *s, const char *host, const char *source, const char *user, time_t t)
{
	char why[96] = "", *uni;
	const char *reason = NULL, *resembles = NULL;
	size_t i;

	if (hostset_has(&s->clean, host))
		return;
	if (domain_free_tld(host, s->tlds))
		reason = "free top-level domain";
	for (i = 0; reason == NULL && s->orgs[i] != NULL; i++)
		if (domain_lookalike(host, s->orgs[i], why, sizeof why)) {
			reason = "look-alike";
			resembles = s->orgs[i];
		}
	if (reason == NULL) {
		hostset_add(&s->clean, host);
		return;
	}
	for (i = 0; i < json_len(s->findings); i++) {
		struct json *f = json_at(s->findings, i);

		if (strcmp(json_get_str(json_get(f, "domain")), host) == 0 &&
		    strcmp(json_get_str(json_get(f, "source")), source) == 0) {
			char *when = iso(t);
			const char *old = json_get_str(json_get(f, "last_seen"));

			json_obj_set(f, "count", json_int(json_get_int(json_get(f, "count"), 1) + 1));
			if (when != NULL && (old == NULL || strcmp(when, old) > 0))
				json_obj_set(f, "last_seen", json_str(when));
			free(when);
			return;
		}
	}
	{
		struct json *f = json_arr_push(s->findings, json_object());
		char *when = iso(t);

		json_obj_set(f, "domain", json_str(host));
		uni = domain_to_unicode(host);
		json_obj_set(f, "unicode", json_str(uni));
		free(uni);
		json_obj_set(f, "reason", json_str(reason));
		json_obj_set(f, "resembles", json_str(resembles));
		json_obj_set(f, "how", json_str(why[0] ? why : NULL));
		json_obj_set(f, "source", json_str(source));
		json_obj_set(f, "user", json_str(user));
		json_obj_set(f, "last_seen", json_str(when));
		json_obj_set(f, "count", json_int(1));
		free(when);
	}
}

/* Records a source and whether it could be read. */
static void
source_done(struct sd *s, const char *kind, const char *path, const char *user, const char *err,
    long long urls)
{
	struct json *o = json_arr_push(s->sources, json_object());

	json_obj_set(o, "kind", json_str(kind));
	json_obj_set(o, "path", json_str(path));
	json_obj_set(o, "user", json_str(user));
	if (err != NULL) {
		json_obj_set(o, "unreadable", json_str(err));
		s->nunreadable++;
	} else {
		json_obj_set(o, "entries", json_int(urls));
		s->nread++;
	}
	check_evidence_file(s->res, s->ctx, path);
}

/* The largest history copied (a real one is tens of megabytes). */
#define HISTORY_MAX ((off_t)2 << 30)

/*
 * Copies src to dst (a new file); 0 or -1 with err. Users own their
 * histories, so src may be anything: only a regular file of sane size is
 * copied (a FIFO or a link to /dev/zero would otherwise hang the check).
 */
static int
copy_file(const char *src, const char *dst, char *err, size_t errlen)
{
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), out;
	char buf[65536];
	struct stat st;
	off_t left;
	ssize_t n;

	if (in < 0) {
		(void)xsnprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HISTORY_MAX) {
		(void)xsnprintf(err, errlen, "%s",
		    fstat(in, &st) == 0 && S_ISREG(st.st_mode) ? "larger than 2 GiB" : "not a regular file");
		close(in);
		return -1;
	}
	left = st.st_size;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		(void)xsnprintf(err, errlen, "cannot create a temporary copy: %s", strerror(errno));
		close(in);
		return -1;
	}
	/* no more than the size it had: a file that keeps growing is cut there */
	while (left > 0 &&
	    (n = read(in, buf, (size_t)(left < (off_t)sizeof buf ? left : (off_t)sizeof buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			(void)xsnprintf(err, errlen, "cannot read: %s", strerror(errno));
			goto err;
		}
		left -= n;
		if (write(out, buf, (size_t)n) != n) {
			(void)xsnprintf(err, errlen, "cannot write the temporary copy: %s",
			    strerror(errno));
			goto err;
		}
	}
	close(in);
	if (close(out) != 0) {
		(void)xsnprintf(err, errlen, "cannot write the temporary copy");
		return -1;
	}
	return 0;
err:
	close(in);
	close(out);
	return -1;
}

/* Reads one history database (path under the root) through a copy. */
static void
read_history(struct sd *s, const char *path, const char *user, int chromium)
{
	char *full = path_join(s->ctx->root, path), *copy, *wal = NULL, err[512] = "";
	const char *sql = chromium ? "SELECT url, last_visit_time FROM urls" :
	                             "SELECT url, last_visit_date FROM moz_places";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long n = 0;
	int rc;

	copy = xasprintf("%s/history.sqlite", s->tmpdir);
	if (copy_file(full, copy, err, sizeof err) < 0)
		goto out;
	/* a running browser keeps its latest visits in the write-ahead log: copy it too */
	wal = xasprintf("%s-wal", full);
	if (access(wal, F_OK) == 0) {
		char *cwal = xasprintf("%s-wal", copy), werr[256];

		if (copy_file(wal, cwal, werr, sizeof werr) < 0)
			unlink(cwal); /* the main file alone is still a consistent database */
		free(cwal);
	}
	if (sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		(void)xsnprintf(err, sizeof err, "%s", db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		(void)xsnprintf(err, sizeof err, "%s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *url = sqlite3_column_text(st, 0);
		long long us = sqlite3_column_int64(st, 1);
		char *host;
		time_t t;

		n++;
		if (url == NULL || (host = domain_from_url((const char *)url)) == NULL)
			continue;
		if (chromium)
			us = us > WEBKIT_EPOCH_US ? us - WEBKIT_EPOCH_US : 0;
		t = (time_t)(us / 1000000);
		judge(s, host, path, user, t);
		free(host);
	}
	if (rc != SQLITE_DONE)
		(void)xsnprintf(err, sizeof err, "%s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(copy);
	{
		char *side = xasprintf("%s-wal", copy);

		unlink(side);
		free(side);
		side = xasprintf("%s-shm", copy);
		unlink(side);
		free(side);
	}
	free(wal);
	source_done(s, chromium ? "chromium-history" : "firefox-history", path, user,
	    err[0] ? err : NULL, n);
	free(copy);
	free(full);
}

/* The histories of one home directory. */
static void
scan_home(struct sd *s, const struct sysprobe_home *h)
{
	static const struct {
		const char *pattern;
		int chromium;
	} where[] = {
		{ ".mozilla/firefox/*/places.sqlite", 0 },
		{ "snap/firefox/common/.mozilla/firefox/*/places.sqlite", 0 },
		{ ".var/app/org.mozilla.firefox/.mozilla/firefox/*/places.sqlite", 0 },
		{ ".config/chromium/*/History", 1 },
		{ ".config/google-chrome/*/History", 1 },
		{ ".config/BraveSoftware/Brave-Browser/*/History", 1 },
		{ ".config/microsoft-edge/*/History", 1 },
		{ NULL, 0 },
	};
	size_t i, j;
	char *home = path_join(s->ctx->root, h->dir);
	struct stat st;

	/* a directory we may not enter hides its histories: say so instead of passing */
	if (stat(home, &st) == 0 && access(home, R_OK | X_OK) != 0) {
		source_done(s, "home", h->dir, h->user, "home directory not readable (run as root)", 0);
		free(home);
		return;
	}
	free(home);
	for (i = 0; where[i].pattern != NULL; i++) {
		char *rel = xasprintf("%s/%s", h->dir, where[i].pattern);
		char *full = path_join(s->ctx->root, rel);
		size_t rl = strlen(full) - strlen(rel);
		char *star = strstr(full, "/*");
		glob_t g;

		if (star != NULL) {
			*star = '\0';
			if (stat(full, &st) == 0 && access(full, R_OK | X_OK) != 0)
				source_done(s, "browser-profiles", full + rl, h->user,
				    "directory not readable (run as root)", 0);
			*star = '/';
		}

		if (glob(full, 0, NULL, &g) == 0) {
			for (j = 0; j < g.gl_pathc; j++)
				read_history(s, g.gl_pathv[j] + rl, h->user, where[i].chromium);
			globfree(&g);
		}
		free(rel);
		free(full);
	}
}

/* The names in /etc/hosts. */
static void
scan_hosts(struct sd *s)
{
	char *data, err[512], *line, *save = NULL;
	struct stat st;
	char *full = path_join(s->ctx->root, "/etc/hosts");
	time_t mtime = stat(full, &st) == 0 ? st.st_mtime : 0;
	long long n = 0;

	free(full);
	if (!compat_exists(s->ctx->root, "/etc/hosts"))
		return;
	if (compat_read(s->ctx->root, "/etc/hosts", 16 << 20, &data, err, sizeof err) < 0) {
		source_done(s, "hosts", "/etc/hosts", NULL, err, 0);
		return;
	}
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *tok, *ts = NULL;
		int first = 1;

		if (hash != NULL)
			*hash = '\0';
		for (tok = strtok_r(line, " \t\r", &ts); tok != NULL; tok = strtok_r(NULL, " \t\r", &ts)) {
			char *url, *host;

			if (first) { /* the address */
				first = 0;
				continue;
			}
			url = xasprintf("http://%s/", tok);
			if ((host = domain_from_url(url)) != NULL) {
				judge(s, host, "/etc/hosts", NULL, mtime);
				free(host);
			}
			free(url);
			n++;
		}
	}
	free(data);
	source_done(s, "hosts", "/etc/hosts", NULL, NULL, n);
}

/* Builds a NULL-terminated list of org domains from the configuration and parameters. */
static const char **
org_list(const struct check_ctx *ctx)
{
	const struct json *p = check_param_list(ctx, "org_domains");
	size_t n = 0, i;
	const char **v = xcalloc(json_len(p) + 1 + 64, sizeof *v);

	for (i = 0; ctx->cfg->org_domains != NULL && ctx->cfg->org_domains[i] != NULL && n < 64; i++)
		v[n++] = ctx->cfg->org_domains[i];
	for (i = 0; i < json_len(p); i++)
		if (json_get_str(json_at(p, i)) != NULL)
			v[n++] = json_get_str(json_at(p, i));
	return v;
}

/* The free TLD list: the parameter, else the default. */
static const char **
tld_list(const struct check_ctx *ctx)
{
	const struct json *p = check_param_list(ctx, "free_tlds");
	const char **v;
	size_t i, n = 0;

	if (p == NULL) {
		v = xcalloc(sizeof default_tlds / sizeof default_tlds[0], sizeof *v);
		for (i = 0; default_tlds[i] != NULL; i++)
			v[i] = default_tlds[i];
		return v;
	}
	v = xcalloc(json_len(p) + 1, sizeof *v);
	for (i = 0; i < json_len(p); i++)
		if (json_get_str(json_at(p, i)) != NULL) {
			const char *t = json_get_str(json_at(p, i));

			v[n++] = t[0] == '.' ? t + 1 : t;
		}
	return v;
}

static void
suspicious_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct sd s = { 0 };
	struct sysprobe_home *h;
	size_t n, i;
	char err[256];
	const char *tmp = getenv("TMPDIR");

	s.ctx = ctx;
	s.res = res;
	s.orgs = org_list(ctx);
	s.tlds = tld_list(ctx);
	s.findings = json_obj_set(res->details, "findings", json_array());
	s.sources = json_obj_set(res->details, "sources", json_array());
	{
		struct json *o = json_obj_set(res->details, "org_domains", json_array());

		for (i = 0; s.orgs[i] != NULL; i++)
			json_arr_push(o, json_str(s.orgs[i]));
	}
	if (xsnprintf(s.tmpdir, sizeof s.tmpdir, "%s/reentry-hist.XXXXXX",
	        tmp != NULL && tmp[0] == '/' && strlen(tmp) < 40 ? tmp : "/tmp") < 0 ||
	    mkdtemp(s.tmpdir) == NULL) {
		check_result_set(res, CHECK_ERROR, "cannot create a temporary directory for history copies",
		    "履歴のコピー用の一時ディレクトリを作成できません");
		goto out;
	}
	scan_hosts(&s);
	if (compat_homes(ctx->root, &h, &n, err, sizeof err) < 0)
		source_done(&s, "passwd", "/etc/passwd", NULL, err, 0);
	for (i = 0; i < n; i++)
		scan_home(&s, &h[i]);
	sysprobe_homes_free(h, n);
	rmdir(s.tmpdir);
	if (json_len(s.findings) > 0) {
		struct strbuf sb = STRBUF_INIT;
		int fail = strcmp(check_param_str(ctx, "finding_status", "warn"), "fail") == 0;
		char *en, *ja;

		for (i = 0; i < json_len(s.findings) && i < 5; i++) {
			const struct json *f = json_at(s.findings, i);

			sb_addf(&sb, "%s%s (%s%s%s)", i ? ", " : "",
			    json_get_str(json_get(f, "domain")), json_get_str(json_get(f, "reason")),
			    json_get_str(json_get(f, "resembles")) ? " of " : "",
			    json_get_str(json_get(f, "resembles")) ?
			        json_get_str(json_get(f, "resembles")) :
			        "");
		}
		if (json_len(s.findings) > 5)
			sb_addf(&sb, ", ...");
		en = xasprintf("%zu suspicious domain%s seen: %s", json_len(s.findings),
		    json_len(s.findings) == 1 ? "" : "s", sb_str(&sb));
		ja = xasprintf("不審なドメインを %zu 件検出: %s", json_len(s.findings), sb_str(&sb));
		check_result_set(res, fail ? CHECK_FAIL : CHECK_WARN, en, ja);
		free(en);
		free(ja);
		sb_free(&sb);
	} else if (s.nread == 0) {
		check_result_set(res, CHECK_UNKNOWN,
		    s.nunreadable > 0 ?
		        "no browser history or hosts file could be read (see details.sources)" :
		        "no browser history or hosts file was found to read",
		    s.nunreadable > 0 ? "ブラウザ履歴も hosts ファイルも読み取れませんでした" :
		                        "読み取るブラウザ履歴も hosts ファイルも見つかりませんでした");
	} else if (s.nunreadable > 0) {
		char *en = xasprintf("no suspicious domain in %zu source%s, but %zu could not be read "
		                     "(see details.sources)",
		    s.nread, s.nread == 1 ? "" : "s", s.nunreadable);
		char *ja = xasprintf(
		    "%zu 件の情報源に不審なドメインはありませんが、%zu 件は読み取れませんでした",
		    s.nread, s.nunreadable);

		check_result_set(res, CHECK_WARN, en, ja);
		free(en);
		free(ja);
	} else {
		char *en = xasprintf("no suspicious domain in %zu source%s (browser histories, /etc/hosts)",
		    s.nread, s.nread == 1 ? "" : "s");
		char *ja = xasprintf(
		    "%zu 件の情報源（ブラウザ履歴、/etc/hosts）に不審なドメインはありません", s.nread);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
out:
	hostset_free(&s.clean);
	free(s.orgs);
	free(s.tlds);
}

const struct check check_suspicious_domains = {
	.id = "suspicious-domains",
	.title_en = "Suspicious domains in browser histories and hosts",
	.title_ja = "ブラウザ履歴と hosts の不審なドメイン",
	.reads = "/etc/passwd, Firefox places.sqlite and Chromium-family History of each user (copies), "
	         "/etc/hosts",
	.params = suspicious_params,
	.run = suspicious_run,
};
