/*
 * new_software.c: the new-software check. Packages installed or upgraded
 * since the telework start (dpkg.log and its rotated, gzip-compressed
 * copies), and software added outside the package manager in that period
 * (/opt, /usr/local/bin and sbin, ~/.local/bin, AppImages in home
 * directories), judged against the site's deny and allow lists (fnmatch
 * globs) and a built-in table of remote-access, remote-desktop, P2P and
 * file-sharing tools.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../config/config.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"
#include "check.h"
#include "../sys/zfile.h"

#define LOG_DIR "/var/log"
#define LOG_MAX ((size_t)256 << 20)
#define WALK_MAX 50000 /* directory entries looked at in home directories */
#define LIST_MAX 200   /* entries listed in the details */

static const struct check_param ns_params[] = {
	{ "since", CHECK_PARAM_STRING, 0, 0,
	    "start of the period, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: the site's telework_start)" },
	{ "scan_paths", CHECK_PARAM_BOOL, 0, 0,
	    "also look for software outside the package manager (default yes)" },
	{ "use_ctime", CHECK_PARAM_BOOL, 0, 0,
	    "count a file as added when its ctime, not only its mtime, falls in the period (default yes)" },
	{ "fail_on_unlisted", CHECK_PARAM_BOOL, 0, 0,
	    "new software on no list fails instead of warning (default no)" },
	{ NULL, 0, 0, 0, NULL },
};

/*
 * Known tools. Remote-access agents and servers (they let someone else in)
 * and P2P clients (they upload to strangers by design) fail; remote-desktop
 * viewers and cloud-sync clients (they reach out, and may be sanctioned:
 * item 3-7) warn. A site's allow list overrides this table.
 */
struct known {
	const char *pattern; /* package-name glob */
	const char *file;    /* substring of a file name (lowercase), or NULL */
	const char *kind;
	enum check_status level;
};

/* Japanese names of the kinds, for the Japanese summary. */
static const struct {
	const char *en, *ja;
} kind_ja[] = {
	{ "remote access", "遠隔操作" },
	{ "remote access (mesh VPN)", "遠隔接続（メッシュVPN）" },
	{ "remote desktop client", "リモートデスクトップ接続" },
	{ "P2P file sharing", "P2Pファイル共有" },
	{ "cloud file sharing", "クラウドファイル共有" },
	{ NULL, NULL },
};

static const struct known known_tools[] = {
	{ "anydesk", "anydesk", "remote access", CHECK_FAIL },
	{ "teamviewer*", "teamviewer", "remote access", CHECK_FAIL },
	{ "rustdesk", "rustdesk", "remote access", CHECK_FAIL },
	{ "chrome-remote-desktop", "chrome-remote-desktop", "remote access", CHECK_FAIL },
	{ "xrdp", NULL, "remote access", CHECK_FAIL },
	{ "x2goserver*", NULL, "remote access", CHECK_FAIL },
	{ "tigervnc-standalone-server", NULL, "remote access", CHECK_FAIL },
	{ "tigervnc-scraping-server", NULL, "remote access", CHECK_FAIL },
	{ "tightvncserver", NULL, "remote access", CHECK_FAIL },
	{ "x11vnc", "x11vnc", "remote access", CHECK_FAIL },
	{ "realvnc-vnc-server", NULL, "remote access", CHECK_FAIL },
	{ "vino", NULL, "remote access", CHECK_FAIL },
	{ "krfb", NULL, "remote access", CHECK_FAIL },
	{ "nomachine", "nomachine", "remote access", CHECK_FAIL },
	{ "ngrok", "ngrok", "remote access", CHECK_FAIL },
	{ "dwagent", "dwagent", "remote access", CHECK_FAIL },
	{ "tailscale", "tailscale", "remote access (mesh VPN)", CHECK_FAIL },
	{ "zerotier-one", "zerotier", "remote access (mesh VPN)", CHECK_FAIL },
	{ "remmina*", "remmina", "remote desktop client", CHECK_WARN },
	{ "x2goclient", "x2goclient", "remote desktop client", CHECK_WARN },
	{ "tigervnc-viewer", NULL, "remote desktop client", CHECK_WARN },
	{ "xtightvncviewer", NULL, "remote desktop client", CHECK_WARN },
	{ "realvnc-vnc-viewer", "vnc-viewer", "remote desktop client", CHECK_WARN },
	{ "freerdp2-x11", NULL, "remote desktop client", CHECK_WARN },
	{ "freerdp3-*", NULL, "remote desktop client", CHECK_WARN },
	{ "rdesktop", NULL, "remote desktop client", CHECK_WARN },
	{ "vinagre", NULL, "remote desktop client", CHECK_WARN },
	{ "krdc", NULL, "remote desktop client", CHECK_WARN },
	{ "transmission*", "transmission", "P2P file sharing", CHECK_FAIL },
	{ "qbittorrent*", "qbittorrent", "P2P file sharing", CHECK_FAIL },
	{ "deluge*", "deluge", "P2P file sharing", CHECK_FAIL },
	{ "ktorrent", "ktorrent", "P2P file sharing", CHECK_FAIL },
	{ "rtorrent", "rtorrent", "P2P file sharing", CHECK_FAIL },
	{ "amule*", "amule", "P2P file sharing", CHECK_FAIL },
	{ "frostwire", "frostwire", "P2P file sharing", CHECK_FAIL },
	{ "tixati", "tixati", "P2P file sharing", CHECK_FAIL },
	{ "vuze", "vuze", "P2P file sharing", CHECK_FAIL },
	{ "fragments", NULL, "P2P file sharing", CHECK_FAIL },
	{ "dropbox", "dropbox", "cloud file sharing", CHECK_WARN },
	{ "nautilus-dropbox", NULL, "cloud file sharing", CHECK_WARN },
	{ "megasync", "megasync", "cloud file sharing", CHECK_WARN },
	{ "nextcloud-desktop", "nextcloud", "cloud file sharing", CHECK_WARN },
	{ "owncloud-client", "owncloud", "cloud file sharing", CHECK_WARN },
	{ "insync", "insync", "cloud file sharing", CHECK_WARN },
	{ "syncthing*", "syncthing", "cloud file sharing", CHECK_WARN },
	{ "resilio-sync", "resilio", "cloud file sharing", CHECK_WARN },
	{ "onedrive", "onedrive", "cloud file sharing", CHECK_WARN },
	{ "rclone", "rclone", "cloud file sharing", CHECK_WARN },
	{ NULL, NULL, NULL, CHECK_PASS },
};

/* What we decided about one package or file. */
struct verdict {
	enum check_status level; /* PASS when nothing to say */
	char *why;               /* "on the deny list (pattern)", "remote access", ... */
	char *why_ja;            /* the same in Japanese, for the summary */
};

/* One package with events in the period. */
struct pkgev {
	char *name;    /* name:arch as dpkg logs it */
	char *from;    /* version before the first event ("<none>" for a new install) */
	char *to;      /* version after the last event */
	time_t when;   /* last event */
	int installed; /* the first event was an install */
	int removed;   /* the last event was a remove or purge */
};

struct nsstate {
	time_t since;
	struct pkgev *p;
	size_t np, cap;
	time_t oldest; /* first log entry seen, 0 when none */
	int rotated;   /* rotated logs exist */
	char bad[512]; /* first malformed line, "" when none */
	size_t nbad;
	struct json *logs;
};

/* Matches a site pattern against a package name (with or without :arch) or a path. */
static int
site_match(char *const *pats, const char *name, const char *path, const char **hit)
{
	size_t i;

	for (i = 0; pats != NULL && pats[i] != NULL; i++) {
		const char *base = path != NULL ? strrchr(path, '/') : NULL;
		char *bare = xstrndup(name, strcspn(name, ":"));
		int m = fnmatch(pats[i], name, 0) == 0 || fnmatch(pats[i], bare, 0) == 0 ||
		    (path != NULL && fnmatch(pats[i], path, 0) == 0) ||
		    (base != NULL && fnmatch(pats[i], base + 1, 0) == 0);

		free(bare);
		if (m) {
			*hit = pats[i];
			return 1;
		}
	}
	return 0;
}

/* The verdict for a package (path NULL) or a file outside the package manager. */
static void
judge(const struct check_ctx *ctx, const char *name, const char *path, struct verdict *v)
{
	const char *hit;
	const struct known *k;

	v->level = CHECK_PASS;
	v->why = NULL;
	v->why_ja = NULL;
	if (site_match(ctx->cfg->software_deny, name, path, &hit)) {
		v->level = CHECK_FAIL;
		v->why = xasprintf("on the site's deny list (%s)", hit);
		v->why_ja = xasprintf("サイトの禁止リスト (%s)", hit);
		return;
	}
	if (site_match(ctx->cfg->software_allow, name, path, &hit)) {
		v->why = xasprintf("on the site's allow list (%s)", hit);
		v->why_ja = xasprintf("サイトの許可リスト (%s)", hit);
		return;
	}
	for (k = known_tools; k->pattern != NULL; k++) {
		int m;

		if (path == NULL) {
			char *bare = xstrndup(name, strcspn(name, ":"));

			m = fnmatch(k->pattern, bare, 0) == 0;
			free(bare);
		} else {
			char *low = xstrdup(strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path),
			     *c;

			for (c = low; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			m = k->file != NULL && strstr(low, k->file) != NULL;
			free(low);
		}
		if (m) {
			v->level = k->level;
			size_t j;

			v->why = xstrdup(k->kind);
			for (j = 0; kind_ja[j].en != NULL; j++)
				if (strcmp(kind_ja[j].en, k->kind) == 0)
					v->why_ja = xstrdup(kind_ja[j].ja);
			return;
		}
	}
}

/* Finds or adds the package name in ns. */
static struct pkgev *
pkg_get(struct nsstate *ns, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < ns->np; i++)
		if (strlen(ns->p[i].name) == n && memcmp(ns->p[i].name, name, n) == 0)
			return &ns->p[i];
	if (ns->np == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		ns->p = xreallocarray(ns->p, ns->cap, sizeof *ns->p);
	}
	memset(&ns->p[ns->np], 0, sizeof ns->p[ns->np]);
	ns->p[ns->np].name = xstrndup(name, n);
	return &ns->p[ns->np++];
}

/* Splits the next space-separated word of [*p, end). */
static int
word(const char **p, const char *end, const char **w, size_t *n)
{
	while (*p < end && **p == ' ')
		(*p)++;
	*w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	*n = (size_t)(*p - *w);
	return *n > 0 ? 0 : -1;
}

/* Reads one dpkg log (maybe gzip-compressed) into ns. */
static void
read_log(const struct check_ctx *ctx, struct check_result *res, struct nsstate *ns, const char *rel)
{
	char *full = path_join(ctx->root, rel), *buf = NULL, err[512];
	const char *p, *end;
	size_t len, line = 0, events = 0;
	struct json *o = json_arr_push(ns->logs, json_object());
	time_t first = 0, last = 0;

	json_obj_set(o, "file", json_str(rel));
	check_evidence_file(res, ctx, rel);
	if (zfile_read(full, LOG_MAX, &buf, &len, err, sizeof err) < 0) {
		if (ns->bad[0] == '\0')
			snprintf(ns->bad, sizeof ns->bad, "%s%s", rel, err + strlen(full));
		ns->nbad++;
		json_obj_set(o, "error", json_str(err + strlen(full) + 2));
		free(full);
		return;
	}
	free(full);
	for (p = buf, end = buf + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *act, *name, *v1, *v2;
		size_t an, nn, n1, n2;
		struct tm tm;
		time_t t;

		if (eol == NULL)
			eol = end;
		line++;
		q = p;
		memset(&tm, 0, sizeof tm);
		tm.tm_isdst = -1;
		if (eol - p < 20 || memchr(p, '\0', (size_t)(eol - p)) != NULL ||
		    (q = strptime(p, "%Y-%m-%d %H:%M:%S ", &tm)) == NULL || q > eol ||
		    word(&q, eol, &act, &an) < 0) {
			if (ns->bad[0] == '\0')
				snprintf(ns->bad, sizeof ns->bad, "%s:%zu: not a dpkg log line",
				    rel, line);
			ns->nbad++;
			p = eol + 1;
			continue;
		}
		/* dpkg writes local time */
		t = mktime(&tm);
		if (first == 0)
			first = t;
		last = t;
		if (ns->oldest == 0 || t < ns->oldest)
			ns->oldest = t;
		if (t >= ns->since &&
		    ((an == 7 && memcmp(act, "install", 7) == 0) ||
		        (an == 7 && memcmp(act, "upgrade", 7) == 0) ||
		        (an == 6 && memcmp(act, "remove", 6) == 0) ||
		        (an == 5 && memcmp(act, "purge", 5) == 0))) {
			struct pkgev *e;

			if (word(&q, eol, &name, &nn) < 0 || word(&q, eol, &v1, &n1) < 0 ||
			    word(&q, eol, &v2, &n2) < 0) {
				if (ns->bad[0] == '\0')
					snprintf(ns->bad, sizeof ns->bad,
					    "%s:%zu: %.*s line without versions", rel, line,
					    (int)an, act);
				ns->nbad++;
				p = eol + 1;
				continue;
			}
			e = pkg_get(ns, name, nn);
			if (e->from == NULL) {
				e->from = xstrndup(v1, n1);
				e->installed = an == 7 && memcmp(act, "install", 7) == 0 &&
				    n1 == 6 && memcmp(v1, "<none>", 6) == 0;
			}
			free(e->to);
			e->to = xstrndup(v2, n2);
			e->when = t;
			e->removed = act[0] == 'r' || act[0] == 'p';
			events++;
		}
		p = eol + 1;
	}
	json_obj_set(o, "lines", json_int((int64_t)line));
	json_obj_set(o, "events_in_period", json_int((int64_t)events));
	if (first != 0) {
		char t[32];

		time_iso_utc(first, t);
		json_obj_set(o, "first", json_str(t));
		time_iso_utc(last, t);
		json_obj_set(o, "last", json_str(t));
	}
	free(buf);
}

/* Rotation number of a dpkg log name: 0 for dpkg.log, N for dpkg.log.N[.gz], -1 otherwise. */
static long
log_number(const char *name)
{
	const char *p;
	char *end;
	long n;

	if (strcmp(name, "dpkg.log") == 0)
		return 0;
	if (strncmp(name, "dpkg.log.", 9) != 0)
		return -1;
	p = name + 9;
	if (!isdigit((unsigned char)*p))
		return -1;
	n = strtol(p, &end, 10);
	if (*end != '\0' && strcmp(end, ".gz") != 0)
		return -1;
	return n;
}

static int
cmp_log_desc(const void *a, const void *b)
{
	long x = log_number(*(char *const *)a), y = log_number(*(char *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Reads the dpkg logs, oldest first. Returns the number of logs found. */
static size_t
read_logs(const struct check_ctx *ctx, struct check_result *res, struct nsstate *ns)
{
	char *dir = path_join(ctx->root, LOG_DIR), **names = NULL;
	DIR *d;
	struct dirent *de;
	size_t n = 0, i;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (log_number(de->d_name) < 0)
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
			if (log_number(de->d_name) > 0)
				ns->rotated = 1;
		}
		closedir(d);
	}
	free(dir);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_log_desc);
	for (i = 0; i < n; i++) {
		char *rel = xasprintf("%s/%s", LOG_DIR, names[i]);

		read_log(ctx, res, ns, rel);
		free(rel);
		free(names[i]);
	}
	free(names);
	return n;
}

/* Collects findings; the worst level and the flagged names for the summary. */
struct findings {
	enum check_status worst;
	struct strbuf flagged; /* "anydesk (remote access), ..." */
	struct strbuf flagged_ja;
	struct strbuf unlisted; /* names of new software on no list */
	size_t nflagged, nunlisted, nnew, nupgraded, nfiles;
};

static void
note_flag(struct findings *f, const char *what, const struct verdict *v, int present, int unlisted)
{
	enum check_status lvl = v->level;

	if (lvl == CHECK_PASS)
		return;
	if (unlisted) {
		f->worst = check_status_worse(f->worst, lvl);
		if (f->nunlisted <= 5)
			sb_addf(&f->unlisted, "%s%s", f->unlisted.len ? ", " : "", what);
		return;
	}
	f->worst = check_status_worse(f->worst, lvl);
	f->nflagged++;
	if (f->nflagged <= 8)
		sb_addf(&f->flagged_ja, "%s%s（%s%s）", f->flagged_ja.len ? "、" : "", what,
		    v->why_ja != NULL ? v->why_ja : v->why, present ? "" : "、その後削除");
	if (f->nflagged <= 8)
		sb_addf(&f->flagged, "%s%s (%s%s)", f->flagged.len ? ", " : "", what, v->why,
		    present ? "" : ", removed since");
}

/* One file outside the package manager: recorded when added in the period. */
static void
consider_file(const struct check_ctx *ctx, struct nsstate *ns, struct findings *f, struct json *arr,
    const char *rel, int use_ctime)
{
	char *full = path_join(ctx->root, rel);
	struct stat st;
	struct verdict v;
	struct json *o;
	char t[32];
	time_t when;
	int unlisted = 0;

	if (lstat(full, &st) != 0) {
		free(full);
		return;
	}
	free(full);
	when = st.st_mtime;
	if (use_ctime && st.st_ctime > when)
		when = st.st_ctime;
	if (when < ns->since)
		return;
	judge(ctx, strrchr(rel, '/') + 1, rel, &v);
	if (v.level == CHECK_PASS && v.why == NULL) {
		/* on no list: worth a look */
		v.level = check_param_bool(ctx, "fail_on_unlisted", 0) ? CHECK_FAIL : CHECK_WARN;
		v.why = xstrdup("added outside the package manager");
		f->nunlisted++;
		unlisted = 1;
	}
	note_flag(f, rel, &v, 1, unlisted);
	f->nfiles++;
	if (json_len(arr) < LIST_MAX) {
		o = json_arr_push(arr, json_object());
		json_obj_set(o, "path", json_str(rel));
		time_iso_utc(st.st_mtime, t);
		json_obj_set(o, "mtime", json_str(t));
		time_iso_utc(st.st_ctime, t);
		json_obj_set(o, "ctime", json_str(t));
		json_obj_set(o, "level", json_str(check_status_name(v.level)));
		json_obj_set(o, "why", json_str(v.why));
	}
	free(v.why);
	free(v.why_ja);
}

/* Every entry of a directory (not recursive). */
static void
scan_dir(const struct check_ctx *ctx, struct nsstate *ns, struct findings *f, struct json *arr,
    const char *reldir, int use_ctime)
{
	char *full = path_join(ctx->root, reldir);
	DIR *d = opendir(full);
	struct dirent *de;

	free(full);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *rel;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		rel = xasprintf("%s/%s", reldir, de->d_name);
		consider_file(ctx, ns, f, arr, rel, use_ctime);
		free(rel);
	}
	closedir(d);
}

/* AppImages under a home directory, at most depth levels down, skipping hidden directories. */
static void
scan_appimages(const struct check_ctx *ctx, struct nsstate *ns, struct findings *f,
    struct json *arr, const char *reldir, int depth, size_t *budget, int use_ctime)
{
	char *full = path_join(ctx->root, reldir);
	DIR *d = opendir(full);
	struct dirent *de;

	free(full);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && *budget > 0) {
		size_t n = strlen(de->d_name);
		char *rel;

		(*budget)--;
		if (de->d_name[0] == '.')
			continue;
		rel = xasprintf("%s/%s", reldir, de->d_name);
		if (n > 9 && strcasecmp(de->d_name + n - 9, ".AppImage") == 0)
			consider_file(ctx, ns, f, arr, rel, use_ctime);
		else if (depth > 0 && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN)) {
			char *sub = path_join(ctx->root, rel);
			struct stat st;

			if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
				scan_appimages(ctx, ns, f, arr, rel, depth - 1, budget, use_ctime);
			free(sub);
		}
		free(rel);
	}
	closedir(d);
}

/* Software outside the package manager in the usual places. */
static void
scan_paths(const struct check_ctx *ctx, struct check_result *res, struct nsstate *ns,
    struct findings *f, int use_ctime)
{
	struct json *arr = json_obj_set(res->details, "files", json_array());
	char *home = path_join(ctx->root, "/home");
	DIR *d;
	struct dirent *de;
	size_t budget = WALK_MAX;
	char **homes = NULL;
	size_t nh = 0, i;

	scan_dir(ctx, ns, f, arr, "/opt", use_ctime);
	scan_dir(ctx, ns, f, arr, "/usr/local/bin", use_ctime);
	scan_dir(ctx, ns, f, arr, "/usr/local/sbin", use_ctime);
	if ((d = opendir(home)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			homes = xreallocarray(homes, nh + 1, sizeof *homes);
			homes[nh++] = xasprintf("/home/%s", de->d_name);
		}
		closedir(d);
	}
	free(home);
	homes = xreallocarray(homes, nh + 1, sizeof *homes);
	homes[nh++] = xstrdup("/root");
	for (i = 0; i < nh; i++) {
		char *lb = xasprintf("%s/.local/bin", homes[i]);

		scan_dir(ctx, ns, f, arr, lb, use_ctime);
		scan_appimages(ctx, ns, f, arr, homes[i], 3, &budget, use_ctime);
		free(lb);
		free(homes[i]);
	}
	free(homes);
	json_obj_set(res->details, "file_count", json_int((int64_t)f->nfiles));
	if (budget == 0)
		json_obj_set(res->details, "home_walk_truncated", json_bool(1));
}

static void
ns_run(const struct check_ctx *ctx, struct check_result *res)
{
	const char *since_s = check_param_str(ctx, "since", NULL);
	int use_ctime = check_param_bool(ctx, "use_ctime", 1);
	int fail_unlisted = check_param_bool(ctx, "fail_on_unlisted", 0);
	struct nsstate ns;
	struct findings f;
	struct json *arr;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	char when[32];
	size_t nlogs, i;

	memset(&ns, 0, sizeof ns);
	memset(&f, 0, sizeof f);
	f.worst = CHECK_PASS;
	if (since_s != NULL) {
		if (time_parse_date_or_iso(since_s, &ns.since) < 0) {
			char *e = xasprintf("parameter since '%s' is not a date (YYYY-MM-DD or "
			                    "YYYY-MM-DDTHH:MM:SSZ)",
			    since_s);
			char *j = xasprintf("パラメータ since '%s' が日付ではありません (YYYY-MM-DD または "
			                    "YYYY-MM-DDTHH:MM:SSZ)",
			    since_s);

			check_result_set(res, CHECK_UNKNOWN, e, j);
			free(e);
			free(j);
			return;
		}
	} else if (ctx->cfg->telework_start > 0) {
		ns.since = (time_t)ctx->cfg->telework_start;
	} else {
		check_result_set(res, CHECK_UNKNOWN,
		    "no telework start date configured, so the period to examine is unknown: set "
		    "telework_start in the site configuration (or the check's since parameter)",
		    "テレワーク開始日が設定されていないため確認期間が不明です。サイト設定の telework_start "
		    "（またはチェックの since パラメータ）を設定してください");
		return;
	}
	time_iso_utc(ns.since, when);
	json_obj_set(res->details, "since", json_str(when));
	ns.logs = json_obj_set(res->details, "logs", json_array());
	nlogs = read_logs(ctx, res, &ns);

	arr = json_obj_set(res->details, "packages", json_array());
	for (i = 0; i < ns.np; i++) {
		struct pkgev *e = &ns.p[i];
		struct verdict v;
		struct json *o;
		char t[32];
		int unlisted = 0;

		judge(ctx, e->name, NULL, &v);
		/* a flagged package removed again in the period is worth a look, not a failure */
		if (e->removed && v.level == CHECK_FAIL)
			v.level = CHECK_WARN;
		if (v.level == CHECK_PASS && v.why == NULL && e->installed && !e->removed) {
			v.level = fail_unlisted ? CHECK_FAIL : CHECK_WARN;
			v.why = xstrdup(
			    ctx->cfg->software_allow != NULL && ctx->cfg->software_allow[0] != NULL ?
			        "new, not on the site's allow list" :
			        "new, and no allow list is configured");
			f.nunlisted++;
			unlisted = 1;
		}
		note_flag(&f, e->name, &v, !e->removed, unlisted);
		if (e->installed)
			f.nnew++;
		else
			f.nupgraded++;
		if (json_len(arr) < LIST_MAX || v.level != CHECK_PASS) {
			o = json_arr_push(arr, json_object());
			json_obj_set(o, "package", json_str(e->name));
			json_obj_set(o, "action",
			    json_str(e->removed  ? "removed" :
			            e->installed ? "installed" :
			                           "upgraded"));
			json_obj_set(o, "from", json_str(e->from));
			json_obj_set(o, "to", json_str(e->to));
			time_iso_utc(e->when, t);
			json_obj_set(o, "time", json_str(t));
			json_obj_set(o, "level", json_str(check_status_name(v.level)));
			json_obj_set(o, "why", json_str(v.why));
		}
		free(v.why);
		free(v.why_ja);
	}
	json_obj_set(res->details, "installed_count", json_int((int64_t)f.nnew));
	json_obj_set(res->details, "upgraded_count", json_int((int64_t)f.nupgraded));
	if (check_param_bool(ctx, "scan_paths", 1))
		scan_paths(ctx, res, &ns, &f, use_ctime);
	json_obj_set(res->details, "flagged_count", json_int((int64_t)f.nflagged));

	/* the verdict */
	if (f.nflagged > 0) {
		sb_addf(&en, "flagged since %.10s: %s%s", when, sb_str(&f.flagged),
		    f.nflagged > 8 ? ", ..." : "");
		sb_addf(&ja, "%.10s以降に要注意のソフトウェア%zu件: %s%s", when, f.nflagged,
		    sb_str(&f.flagged_ja), f.nflagged > 8 ? "、…" : "");
	}
	if (f.nunlisted > 0) {
		int allow = ctx->cfg->software_allow != NULL && ctx->cfg->software_allow[0] != NULL;

		sb_addf(&en, "%s%zu added since %.10s %s (%s%s)", en.len ? "; " : "", f.nunlisted, when,
		    allow ? "not on the site's allow list" : "with no allow list configured to judge them",
		    sb_str(&f.unlisted), f.nunlisted > 5 ? ", ..." : "");
		sb_addf(&ja, "%s%.10s以降に追加された%zu件が%s（%s%s）", ja.len ? "、" : "", when,
		    f.nunlisted, allow ? "許可リストにない" : "許可リスト未設定のため判断できない",
		    sb_str(&f.unlisted), f.nunlisted > 5 ? "、…" : "");
	}
	if (ns.nbad > 0) {
		f.worst = check_status_worse(f.worst, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%sthe dpkg log could not be fully read (%s; %zu bad line%s), so packages may be "
		    "missed",
		    en.len ? "; " : "", ns.bad, ns.nbad, ns.nbad == 1 ? "" : "s");
		sb_addf(&ja, "%sdpkgログを完全には読めず見落としの可能性 (%s、不正な行%zu)",
		    ja.len ? "、" : "", ns.bad, ns.nbad);
	} else if (nlogs == 0) {
		f.worst = check_status_worse(f.worst, CHECK_UNKNOWN);
		sb_addf(&en, "%sno dpkg log in %s, so package installs are unknown",
		    en.len ? "; " : "", LOG_DIR);
		sb_addf(&ja, "%s%s にdpkgログがなくパッケージ導入履歴が不明", ja.len ? "、" : "", LOG_DIR);
	} else if (ns.rotated && ns.oldest > ns.since) {
		char t[32];

		time_iso_utc(ns.oldest, t);
		f.worst = check_status_worse(f.worst, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%sthe oldest dpkg log entry (%s) is after the period start: older logs were "
		    "rotated away",
		    en.len ? "; " : "", t);
		sb_addf(&ja, "%s最古のdpkgログ (%s) が期間開始より後で、古いログは削除済み",
		    ja.len ? "、" : "", t);
	}
	if (en.len == 0) {
		sb_addf(&en,
		    "nothing unauthorised since %.10s: %zu package%s upgraded, none added outside "
		    "the allow list",
		    when, f.nupgraded, f.nupgraded == 1 ? "" : "s");
		sb_addf(&ja, "%.10s以降に未許可のソフトウェアなし（更新%zu件）", when, f.nupgraded);
	}
	check_result_set(res, f.worst, sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	sb_free(&f.flagged);
	sb_free(&f.flagged_ja);
	sb_free(&f.unlisted);
	for (i = 0; i < ns.np; i++) {
		free(ns.p[i].name);
		free(ns.p[i].from);
		free(ns.p[i].to);
	}
	free(ns.p);
}

const struct check check_new_software = {
	.id = "new-software",
	.title_en = "Software added during telework",
	.title_ja = "テレワーク中に追加されたソフトウェア",
	.reads = "/var/log/dpkg.log*, /opt, /usr/local/bin, /usr/local/sbin, ~/.local/bin, "
	         "AppImages in home directories",
	.params = ns_params,
	.run = ns_run,
};
