/*
 * new_software.c: the new-software check: was software added during the
 * telework period, and is any of it unauthorised?
 *
 * The facts (new_software.h) come from the probe for the kind of system
 * (checks/linux/new_software.c): dpkg events in the period, the apt runs
 * behind them, and software outside the package manager. This file judges
 * each against the site's deny and allow lists (fnmatch globs) and the
 * built-in table of remote-access, remote-desktop, P2P and file-sharing
 * tools, and words the result once, in both languages.
 *
 * fail:    on the deny list, or a remote-access or P2P tool added in the
 *          period (openssh-server included) and still present.
 * unknown: no period; a dpkg log missing, unreadable or malformed, or
 *          rotated away past the period start; a file, directory or link
 *          that could not be read inside the root; the home walk stopped at
 *          a limit. A failure found in what was read still fails.
 * warn:    remote-desktop and cloud-sync clients; new software on no list
 *          (each package asked for, with the dependencies apt pulled in for
 *          it listed under it, not one warning each); flagged software
 *          removed again; a known tool in a home since before the period.
 * pass:    nothing flagged, nothing unlisted added, everything read.
 */
#include "new_software.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"
#include "check.h"

#define LIST_MAX 200 /* entries listed in the details, beyond the flagged ones */

static const struct check_param ns_params[] = {
	{ "since", CHECK_PARAM_STRING, 0, 0,
	    "start of the period, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: the site's telework_start)" },
	{ "scan_paths", CHECK_PARAM_BOOL, 0, 0,
	    "also look for software outside the package manager (default yes)" },
	{ "use_ctime", CHECK_PARAM_BOOL, 0, 0,
	    "count a file as added when its ctime, not only its mtime, falls in the period (default yes)" },
	{ "fail_on_unlisted", CHECK_PARAM_BOOL, 0, 0,
	    "new software on no list fails instead of warning (default no)" },
	{ "home_max_entries", CHECK_PARAM_INT, 1, 100000000,
	    "directory entries the walk of the home directories looks at (default 500000)" },
	{ "home_max_depth", CHECK_PARAM_INT, 1, 1000,
	    "directory levels below a home the walk enters (default 32)" },
	{ "home_max_seconds", CHECK_PARAM_INT, 1, 3600,
	    "seconds the walk of the home directories may take (default 60)" },
	{ NULL, 0, 0, 0, NULL },
};

/*
 * Known tools. Remote-access agents, servers and tunnels (they let someone
 * else in) and P2P clients (they upload to strangers by design) fail;
 * remote-desktop viewers and cloud-sync clients (they reach out, and may be
 * sanctioned: item 3-7) warn. A site's allow list overrides this table.
 *
 * Source: the Debian package names (packages.debian.org) and, for files,
 * the names the projects give the binaries, AppImages and archives on their
 * own download pages (anydesk.com, teamviewer.com, rustdesk.com, ngrok.com,
 * github.com/jpillora/chisel, github.com/fatedier/frp, cloudflare's
 * cloudflared, qbittorrent.org, transmissionbt.com, ...). A file matches
 * when its lower-case name starts with the file name and goes on with no
 * further letter; a Flatpak app by the last part of its id.
 */
struct known {
	const char *pattern; /* package-name glob, or NULL */
	const char *file;    /* lower-case file name prefix, or NULL */
	const char *kind;
	enum check_status level;
	int install_only; /* flagged only when installed in the period (not for an upgrade) */
};

/* Japanese names of the kinds, for the Japanese summary. */
static const struct {
	const char *en, *ja;
} kind_ja[] = {
	{ "remote access", "遠隔操作" },
	{ "remote access (SSH server)", "遠隔ログイン（SSHサーバー）" },
	{ "remote access (tunnel)", "遠隔接続（トンネル）" },
	{ "remote access (mesh VPN)", "遠隔接続（メッシュVPN）" },
	{ "remote desktop client", "リモートデスクトップ接続" },
	{ "P2P file sharing", "P2Pファイル共有" },
	{ "cloud file sharing", "クラウドファイル共有" },
	{ NULL, NULL },
};

static const struct known known_tools[] = {
	{ "anydesk", "anydesk", "remote access", CHECK_FAIL, 0 },
	{ "teamviewer*", "teamviewer", "remote access", CHECK_FAIL, 0 },
	{ NULL, "teamviewerd", "remote access", CHECK_FAIL, 0 },
	{ "rustdesk", "rustdesk", "remote access", CHECK_FAIL, 0 },
	{ "chrome-remote-desktop", "chrome-remote-desktop", "remote access", CHECK_FAIL, 0 },
	{ "xrdp", NULL, "remote access", CHECK_FAIL, 0 },
	{ "x2goserver*", NULL, "remote access", CHECK_FAIL, 0 },
	{ "tigervnc-standalone-server", NULL, "remote access", CHECK_FAIL, 0 },
	{ "tigervnc-scraping-server", NULL, "remote access", CHECK_FAIL, 0 },
	{ "tightvncserver", NULL, "remote access", CHECK_FAIL, 0 },
	{ "x11vnc", "x11vnc", "remote access", CHECK_FAIL, 0 },
	{ "realvnc-vnc-server", NULL, "remote access", CHECK_FAIL, 0 },
	{ "vino", NULL, "remote access", CHECK_FAIL, 0 },
	{ "krfb", NULL, "remote access", CHECK_FAIL, 0 },
	{ "nomachine", "nomachine", "remote access", CHECK_FAIL, 0 },
	{ "dwagent", "dwagent", "remote access", CHECK_FAIL, 0 },
	{ NULL, "meshagent", "remote access", CHECK_FAIL, 0 },
	{ "openssh-server", NULL, "remote access (SSH server)", CHECK_FAIL, 1 },
	{ "dropbear", NULL, "remote access (SSH server)", CHECK_FAIL, 1 },
	{ "dropbear-bin", NULL, "remote access (SSH server)", CHECK_FAIL, 1 },
	{ "tinysshd", NULL, "remote access (SSH server)", CHECK_FAIL, 1 },
	{ "ngrok", "ngrok", "remote access (tunnel)", CHECK_FAIL, 0 },
	{ "chisel", "chisel", "remote access (tunnel)", CHECK_FAIL, 0 },
	{ "frp", "frpc", "remote access (tunnel)", CHECK_FAIL, 0 },
	{ NULL, "frps", "remote access (tunnel)", CHECK_FAIL, 0 },
	{ "cloudflared", "cloudflared", "remote access (tunnel)", CHECK_FAIL, 0 },
	{ "tailscale", "tailscale", "remote access (mesh VPN)", CHECK_FAIL, 0 },
	{ "zerotier-one", "zerotier", "remote access (mesh VPN)", CHECK_FAIL, 0 },
	{ "remmina*", "remmina", "remote desktop client", CHECK_WARN, 0 },
	{ "x2goclient", "x2goclient", "remote desktop client", CHECK_WARN, 0 },
	{ "tigervnc-viewer", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "xtightvncviewer", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "realvnc-vnc-viewer", "vnc-viewer", "remote desktop client", CHECK_WARN, 0 },
	{ "freerdp2-x11", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "freerdp3-*", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "rdesktop", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "vinagre", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "krdc", NULL, "remote desktop client", CHECK_WARN, 0 },
	{ "transmission*", "transmission", "P2P file sharing", CHECK_FAIL, 0 },
	{ "qbittorrent*", "qbittorrent", "P2P file sharing", CHECK_FAIL, 0 },
	{ "deluge*", "deluge", "P2P file sharing", CHECK_FAIL, 0 },
	{ "ktorrent", "ktorrent", "P2P file sharing", CHECK_FAIL, 0 },
	{ "rtorrent", "rtorrent", "P2P file sharing", CHECK_FAIL, 0 },
	{ "amule*", "amule", "P2P file sharing", CHECK_FAIL, 0 },
	{ "frostwire", "frostwire", "P2P file sharing", CHECK_FAIL, 0 },
	{ "tixati", "tixati", "P2P file sharing", CHECK_FAIL, 0 },
	{ "vuze", "vuze", "P2P file sharing", CHECK_FAIL, 0 },
	{ "fragments", NULL, "P2P file sharing", CHECK_FAIL, 0 },
	{ "dropbox", "dropbox", "cloud file sharing", CHECK_WARN, 0 },
	{ "nautilus-dropbox", NULL, "cloud file sharing", CHECK_WARN, 0 },
	{ "megasync", "megasync", "cloud file sharing", CHECK_WARN, 0 },
	{ "nextcloud-desktop", "nextcloud", "cloud file sharing", CHECK_WARN, 0 },
	{ "owncloud-client", "owncloud", "cloud file sharing", CHECK_WARN, 0 },
	{ "insync", "insync", "cloud file sharing", CHECK_WARN, 0 },
	{ "syncthing*", "syncthing", "cloud file sharing", CHECK_WARN, 0 },
	{ "resilio-sync", "resilio", "cloud file sharing", CHECK_WARN, 0 },
	{ "onedrive", "onedrive", "cloud file sharing", CHECK_WARN, 0 },
	{ "rclone", "rclone", "cloud file sharing", CHECK_WARN, 0 },
	/*
	 * Windows programs, by the start of the DisplayName their installers
	 * write to the Uninstall keys (matched ignoring case, as file names are
	 * above; "AnyDesk", "TeamViewer 15", "qBittorrent 4.6.2" already match
	 * the rows above). Sources: the vendors' download pages and installers.
	 */
	{ NULL, "chrome remote desktop", "remote access", CHECK_FAIL, 0 },
	{ NULL, "ultravnc", "remote access", CHECK_FAIL, 0 },
	{ NULL, "tightvnc", "remote access", CHECK_FAIL, 0 },
	{ NULL, "realvnc server", "remote access", CHECK_FAIL, 0 },
	{ NULL, "vnc server", "remote access", CHECK_FAIL, 0 },
	{ NULL, "splashtop streamer", "remote access", CHECK_FAIL, 0 },
	{ NULL, "logmein", "remote access", CHECK_FAIL, 0 },
	{ NULL, "parsec", "remote access", CHECK_FAIL, 0 },
	{ NULL, "radmin server", "remote access", CHECK_FAIL, 0 },
	{ NULL, "ammyy", "remote access", CHECK_FAIL, 0 },
	{ NULL, "supremo", "remote access", CHECK_FAIL, 0 },
	{ NULL, "screenconnect", "remote access", CHECK_FAIL, 0 },
	{ NULL, "connectwise control", "remote access", CHECK_FAIL, 0 },
	{ NULL, "zoho assist", "remote access", CHECK_FAIL, 0 },
	{ NULL, "netsupport", "remote access", CHECK_FAIL, 0 },
	{ NULL, "remotepc", "remote access", CHECK_FAIL, 0 },
	{ NULL, "dwservice", "remote access", CHECK_FAIL, 0 },
	{ NULL, "openssh server", "remote access (SSH server)", CHECK_FAIL, 0 },
	{ NULL, "bittorrent", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "utorrent", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "\xc2\xb5torrent", "P2P file sharing", CHECK_FAIL, 0 }, /* µTorrent */
	{ NULL, "bitcomet", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "emule", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "shareaza", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "winny", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "perfect dark", "P2P file sharing", CHECK_FAIL, 0 },
	{ NULL, "vnc viewer", "remote desktop client", CHECK_WARN, 0 },
	{ NULL, "mremoteng", "remote desktop client", CHECK_WARN, 0 },
	{ NULL, "google drive", "cloud file sharing", CHECK_WARN, 0 },
	{ NULL, "box drive", "cloud file sharing", CHECK_WARN, 0 },
	{ NULL, NULL, NULL, CHECK_PASS, 0 },
};

/* The table entry whose file name low (lower case) starts with, followed by no letter, or NULL. */
static const struct known *
known_file(const char *low)
{
	const struct known *k;

	for (k = known_tools; k->kind != NULL; k++) {
		size_t n;

		if (k->file == NULL)
			continue;
		n = strlen(k->file);
		if (strncmp(low, k->file, n) == 0 && !islower((unsigned char)low[n]))
			return k;
	}
	return NULL;
}

const char *
new_software_tool_of_file(const char *low)
{
	const struct known *k = known_file(low);

	return k != NULL ? k->kind : NULL;
}

void
new_software_facts_free(void *facts)
{
	struct new_software_facts *f = facts;
	size_t i, j;

	if (f == NULL)
		return;
	for (i = 0; i < f->nlogs; i++) {
		free(f->logs[i].file);
		free(f->logs[i].error);
	}
	free(f->logs);
	free(f->bad);
	for (i = 0; i < f->npkgs; i++) {
		free(f->pkgs[i].name);
		free(f->pkgs[i].from);
		free(f->pkgs[i].to);
		free(f->pkgs[i].pulled_by);
		free(f->pkgs[i].commandline);
		free(f->pkgs[i].requested_by);
	}
	free(f->pkgs);
	free(f->pkg_hash);
	for (i = 0; i < f->ntxns; i++) {
		free(f->txns[i].commandline);
		free(f->txns[i].requested_by);
		for (j = 0; j < f->txns[i].ninst; j++)
			free(f->txns[i].inst[j].name);
		free(f->txns[i].inst);
	}
	free(f->txns);
	free(f->history_bad);
	for (i = 0; i < f->nitems; i++) {
		free(f->items[i].name);
		free(f->items[i].path);
		free(f->items[i].scope);
		free(f->items[i].version);
	}
	free(f->items);
	free(f->walk.depth_example);
	for (i = 0; i < f->nproblems; i++)
		free(f->problems[i]);
	free(f->problems);
	for (i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	free(f->notes);
	for (i = 0; i < f->nwin; i++) {
		free(f->win[i].name);
		free(f->win[i].version);
		free(f->win[i].publisher);
		free(f->win[i].command);
		free(f->win[i].where);
		free(f->win[i].user);
	}
	free(f->win);
	for (i = 0; i < f->nhive_notes; i++)
		free(f->hive_notes[i]);
	free(f->hive_notes);
}

int
new_software_since(const struct check_ctx *ctx, time_t *since, struct check_result *res)
{
	const char *s = check_param_str(ctx, "since", NULL);

	if (s != NULL) {
		if (time_parse_date_or_iso(s, since) == 0)
			return 0;
		{
			char *e = xasprintf(
			    "parameter since '%s' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", s);
			char *j = xasprintf(
			    "パラメータ since '%s' が日付ではありません (YYYY-MM-DD または YYYY-MM-DDTHH:MM:SSZ)",
			    s);

			check_result_set(res, CHECK_UNKNOWN, e, j);
			free(e);
			free(j);
		}
		return -1;
	}
	if (ctx->cfg->telework_start > 0) {
		*since = (time_t)ctx->cfg->telework_start;
		return 0;
	}
	check_result_set(res, CHECK_UNKNOWN,
	    "no telework start date configured, so the period to examine is unknown: set "
	    "telework_start in the site configuration (or the check's since parameter)",
	    "テレワーク開始日が設定されていないため確認期間が不明です。サイト設定の telework_start "
	    "（またはチェックの since パラメータ）を設定してください");
	return -1;
}

/* What we decided about one package or piece of software. */
struct verdict {
	enum check_status level; /* PASS when nothing to say */
	char *why;               /* "on the deny list (pattern)", "remote access", ... */
	char *why_ja;
	int listed; /* on a site list or in the table */
};

static void
verdict_free(struct verdict *v)
{
	free(v->why);
	free(v->why_ja);
}

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

static void
set_kind(struct verdict *v, const struct known *k)
{
	size_t j;

	v->level = k->level;
	v->why = xstrdup(k->kind);
	v->listed = 1;
	for (j = 0; kind_ja[j].en != NULL; j++)
		if (strcmp(kind_ja[j].en, k->kind) == 0)
			v->why_ja = xstrdup(kind_ja[j].ja);
}

/*
 * The verdict for a package (file NULL; installed: new in the period) or for
 * software outside the package manager (file: the name to match the table
 * with, lower-cased here; path its location).
 */
static void
judge_name(const struct check_ctx *ctx, const char *name, const char *file, const char *path,
    int installed, struct verdict *v)
{
	const char *hit;
	const struct known *k;

	memset(v, 0, sizeof *v);
	v->level = CHECK_PASS;
	if (site_match(ctx->cfg->software_deny, name, path, &hit)) {
		v->level = CHECK_FAIL;
		v->why = xasprintf("on the site's deny list (%s)", hit);
		v->why_ja = xasprintf("サイトの禁止リスト (%s)", hit);
		v->listed = 1;
		return;
	}
	if (site_match(ctx->cfg->software_allow, name, path, &hit)) {
		v->why = xasprintf("on the site's allow list (%s)", hit);
		v->why_ja = xasprintf("サイトの許可リスト (%s)", hit);
		v->listed = 1;
		return;
	}
	if (file != NULL) {
		char *low = xstrdup(file), *c;

		for (c = low; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		k = known_file(low);
		free(low);
		if (k != NULL)
			set_kind(v, k);
		return;
	}
	for (k = known_tools; k->kind != NULL; k++) {
		char *bare;
		int m;

		if (k->pattern == NULL || (k->install_only && !installed))
			continue;
		bare = xstrndup(name, strcspn(name, ":"));
		m = fnmatch(k->pattern, bare, 0) == 0;
		free(bare);
		if (m) {
			set_kind(v, k);
			return;
		}
	}
}

/* Collects findings: the worst level and the names for the summary. */
struct findings {
	enum check_status worst;
	struct strbuf flagged, flagged_ja; /* "anydesk (remote access), ..." */
	struct strbuf unlisted;            /* names of new software on no list */
	size_t nflagged, nunlisted, nnew, nupgraded, ndeps, nfiles;
	size_t ndeps_unknown; /* dependencies no apt run accounts for (extended_states only) */
};

static void
note_flag(struct findings *f, const char *what, const struct verdict *v, int present, int unlisted)
{
	if (v->level == CHECK_PASS)
		return;
	f->worst = check_status_worse(f->worst, v->level);
	if (unlisted) {
		if (f->nunlisted++ < 5)
			sb_addf(&f->unlisted, "%s%s", f->unlisted.len ? ", " : "", what);
		return;
	}
	if (f->nflagged++ < 8) {
		sb_addf(&f->flagged_ja, "%s%s（%s%s）", f->flagged_ja.len ? "、" : "", what,
		    v->why_ja != NULL ? v->why_ja : v->why, present ? "" : "、その後削除");
		sb_addf(&f->flagged, "%s%s (%s%s)", f->flagged.len ? ", " : "", what, v->why,
		    present ? "" : ", removed since");
	}
}

/* Judges the packages; dependencies apt pulled in are listed under what pulled them in. */
static void
judge_packages(const struct check_ctx *ctx, const struct new_software_facts *f,
    struct check_result *res, struct findings *fi)
{
	int fail_unlisted = check_param_bool(ctx, "fail_on_unlisted", 0);
	int allow = ctx->cfg->software_allow != NULL && ctx->cfg->software_allow[0] != NULL;
	struct json *arr = json_obj_set(res->details, "packages", json_array());
	struct json **objs = xcalloc(f->npkgs + 1, sizeof *objs);
	struct json *orphans = NULL;
	int *dep = xcalloc(f->npkgs + 1, sizeof *dep);
	size_t i, listed = 0;

	for (i = 0; i < f->npkgs; i++) {
		const struct ns_pkg *e = &f->pkgs[i];
		struct verdict v;
		int unlisted = 0;
		char t[32];
		struct json *o;

		judge_name(ctx, e->name, NULL, NULL, e->installed, &v);
		/* a flagged package removed again in the period is worth a look, not a failure */
		if (e->removed && v.level == CHECK_FAIL)
			v.level = CHECK_WARN;
		if (!v.listed && e->installed && !e->removed) {
			if (e->automatic == 1) {
				dep[i] = 1;
				fi->ndeps++;
				v.why = xstrdup(e->pulled_by != NULL ?
				        "pulled in automatically as a dependency" :
				        "installed automatically as a dependency");
			} else {
				v.level = fail_unlisted ? CHECK_FAIL : CHECK_WARN;
				v.why = xstrdup(allow ? "new, not on the site's allow list" :
				                        "new, and no allow list is configured");
				unlisted = 1;
			}
		}
		if (e->requested_by != NULL) {
			/* who asked apt for it, "alice (1000)" as apt writes it: the name */
			char *label = xasprintf("%s [%.*s]", e->name,
			    (int)strcspn(e->requested_by, " ("), e->requested_by);

			note_flag(fi, label, &v, !e->removed, unlisted);
			free(label);
		} else
			note_flag(fi, e->name, &v, !e->removed, unlisted);
		if (e->installed)
			fi->nnew++;
		else
			fi->nupgraded++;
		if (listed < LIST_MAX || v.level != CHECK_PASS || dep[i]) {
			listed++;
			o = objs[i] = json_arr_push(arr, json_object());
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
			if (e->installed) {
				json_obj_set(o, "automatic",
				    e->automatic < 0 ? json_null() : json_bool(e->automatic));
				if (e->auto_source != NULL)
					json_obj_set(o, "automatic_from", json_str(e->auto_source));
				json_obj_set(o, "via",
				    json_str(e->via_apt == 1 ? "apt" :
				            e->via_apt == 0  ? "dpkg without apt" :
				                               "unknown"));
			}
			if (e->pulled_by != NULL)
				json_obj_set(o, "pulled_in_by", json_str(e->pulled_by));
			if (e->commandline != NULL)
				json_obj_set(o, "commandline", json_str(e->commandline));
			if (e->requested_by != NULL)
				json_obj_set(o, "requested_by", json_str(e->requested_by));
		}
		verdict_free(&v);
	}
	/* each dependency under the package it was pulled in for */
	for (i = 0; i < f->npkgs; i++) {
		const struct ns_pkg *e = &f->pkgs[i];
		long pi = e->parent;

		if (!dep[i])
			continue;
		if (pi >= 0 && (size_t)pi < f->npkgs && objs[pi] != NULL && !dep[pi]) {
			struct json *d = json_get(objs[pi], "dependencies");

			if (d == NULL)
				d = json_obj_set(objs[pi], "dependencies", json_array());
			json_arr_push(d, json_str(e->name));
		} else {
			/* pulled in by an upgrade, or by something installed before the period */
			struct json *o;

			if (orphans == NULL)
				orphans = json_obj_set(res->details, "dependencies_of_other_runs",
				    json_array());
			o = json_arr_push(orphans, json_object());
			json_obj_set(o, "package", json_str(e->name));
			json_obj_set(o, "by",
			    json_str(e->pulled_by != NULL  ? e->pulled_by :
			            e->commandline != NULL ? e->commandline :
			                                     "unknown (apt marks it automatic)"));
			if (e->auto_source != NULL && strcmp(e->auto_source, "extended_states") == 0)
				fi->ndeps_unknown++;
		}
	}
	json_obj_set(res->details, "installed_count", json_int((int64_t)fi->nnew));
	json_obj_set(res->details, "upgraded_count", json_int((int64_t)fi->nupgraded));
	json_obj_set(res->details, "dependency_count", json_int((int64_t)fi->ndeps));
	free(objs);
	free(dep);
}

static const char *const item_kind_name[] = {
	[NS_ITEM_FILE] = "file",
	[NS_ITEM_TOOL] = "tool in a home",
	[NS_ITEM_APPIMAGE] = "AppImage",
	[NS_ITEM_FLATPAK] = "Flatpak app",
	[NS_ITEM_SNAP] = "snap",
};

/* Judges software outside the package manager. */
static void
judge_items(const struct check_ctx *ctx, const struct new_software_facts *f,
    struct check_result *res, struct findings *fi)
{
	int use_ctime = check_param_bool(ctx, "use_ctime", 1);
	int fail_unlisted = check_param_bool(ctx, "fail_on_unlisted", 0);
	struct json *arr = json_obj_set(res->details, "files", json_array());
	struct json *apps = json_obj_set(res->details, "apps", json_array());
	size_t i;

	for (i = 0; i < f->nitems; i++) {
		const struct ns_item *it = &f->items[i];
		time_t when = it->mtime;
		struct verdict v;
		const char *match = it->name, *label = it->path;
		char t[32], *what = NULL;
		int in_period, unlisted = 0;
		struct json *o;

		if (use_ctime && it->ctime > when)
			when = it->ctime;
		in_period = when >= f->since;
		if (it->kind == NS_ITEM_FLATPAK && strrchr(it->name, '.') != NULL)
			match = strrchr(it->name, '.') + 1;
		if (it->kind == NS_ITEM_FLATPAK || it->kind == NS_ITEM_SNAP) {
			what = xasprintf("%s %s%s%s", it->kind == NS_ITEM_FLATPAK ? "Flatpak" : "snap",
			    it->name, strcmp(it->scope, "system") == 0 ? "" : " of ",
			    strcmp(it->scope, "system") == 0 ? "" : it->scope);
			label = what;
		}
		if (!in_period && it->kind != NS_ITEM_TOOL && it->kind != NS_ITEM_FLATPAK &&
		    it->kind != NS_ITEM_SNAP) {
			free(what);
			continue;
		}
		judge_name(ctx, it->name, match, it->path, 1, &v);
		if ((it->kind == NS_ITEM_FLATPAK || it->kind == NS_ITEM_SNAP) && !in_period)
			v.level = CHECK_PASS; /* there before the period, as a package would be */
		if (it->kind == NS_ITEM_TOOL && !in_period && v.level == CHECK_FAIL) {
			/* a tool unpacked before the period: still there, worth a look */
			v.level = CHECK_WARN;
			free(v.why);
			v.why = xstrdup(
			    "remote-access or P2P tool in a home directory since before the period");
			free(v.why_ja);
			v.why_ja = xstrdup("期間前からホームにある遠隔操作・P2Pツール");
		}
		if (!v.listed && in_period) {
			if (it->kind == NS_ITEM_SNAP && it->runtime)
				v.why = xstrdup(
				    "a base or runtime snap, installed by snapd for the snaps that need it");
			else if ((it->kind == NS_ITEM_FLATPAK || it->kind == NS_ITEM_SNAP) &&
			    it->born != 0 && it->born < f->since)
				/* first installed before the period: an update, as a package upgrade */
				v.why = xstrdup("updated in the period, installed before it");
			else {
				v.level = fail_unlisted ? CHECK_FAIL : CHECK_WARN;
				v.why = xstrdup(it->kind == NS_ITEM_FILE ?
				        "added outside the package manager" :
				        it->kind == NS_ITEM_APPIMAGE ?
				        "AppImage added in a home directory" :
				        it->kind == NS_ITEM_FLATPAK ?
				        "Flatpak app installed or updated in the period" :
				        "snap installed or refreshed in the period");
				unlisted = 1;
			}
		}
		note_flag(fi, label, &v, 1, unlisted);
		if (it->kind == NS_ITEM_FLATPAK || it->kind == NS_ITEM_SNAP) {
			o = json_arr_push(apps, json_object());
			json_obj_set(o, "kind",
			    json_str(it->kind == NS_ITEM_FLATPAK ? "flatpak" : "snap"));
			json_obj_set(o, "name", json_str(it->name));
			json_obj_set(o, "scope", json_str(it->scope));
			json_obj_set(o, "version",
			    it->version != NULL ? json_str(it->version) : json_null());
			json_obj_set(o, "path", json_str(it->path));
			if (it->kind == NS_ITEM_SNAP)
				json_obj_set(o, "runtime", json_bool(it->runtime));
			if (it->born != 0) {
				time_iso_utc(it->born, t);
				json_obj_set(o, "installed", json_str(t));
			} else
				json_obj_set(o, "installed", json_null());
		} else {
			fi->nfiles++;
			if (json_len(arr) >= LIST_MAX && v.level == CHECK_PASS) {
				verdict_free(&v);
				free(what);
				continue;
			}
			o = json_arr_push(arr, json_object());
			json_obj_set(o, "path", json_str(it->path));
			json_obj_set(o, "kind", json_str(item_kind_name[it->kind]));
			json_obj_set(o, "scope", json_str(it->scope));
		}
		time_iso_utc(it->mtime, t);
		json_obj_set(o, "mtime", json_str(t));
		time_iso_utc(it->ctime, t);
		json_obj_set(o, "ctime", json_str(t));
		json_obj_set(o, "in_period", json_bool(in_period));
		json_obj_set(o, "level", json_str(check_status_name(v.level)));
		json_obj_set(o, "why", json_str(v.why));
		verdict_free(&v);
		free(what);
	}
	json_obj_set(res->details, "file_count", json_int((int64_t)fi->nfiles));
}

/* The walk of the home directories, and its limits, in the details. */
static void
walk_details(const struct new_software_facts *f, struct check_result *res)
{
	struct json *w = json_obj_set(res->details, "home_walk", json_object());

	json_obj_set(w, "homes", json_int((int64_t)f->walk.homes));
	json_obj_set(w, "directories", json_int((int64_t)f->walk.dirs));
	json_obj_set(w, "entries", json_int((int64_t)f->walk.entries));
	json_obj_set(w, "max_entries", json_int(f->walk.max_entries));
	json_obj_set(w, "max_depth", json_int(f->walk.max_depth));
	json_obj_set(w, "max_seconds", json_int(f->walk.max_seconds));
	json_obj_set(w, "stopped_at_entries", json_bool(f->walk.hit_entries));
	json_obj_set(w, "stopped_at_time", json_bool(f->walk.hit_time));
	json_obj_set(w, "too_deep_skipped", json_int((int64_t)f->walk.depth_skipped));
	if (f->walk.depth_example != NULL)
		json_obj_set(w, "too_deep_example", json_str(f->walk.depth_example));
}

/*
 * A problem ("PATH: reason", in English from the probe and the system) for
 * the Japanese summary: the path, and the reason in Japanese where known.
 */
static void
problem_ja(struct strbuf *sb, const char *p)
{
	const char *colon = strstr(p, ": ");
	size_t n = colon != NULL ? (size_t)(colon - p) : strlen(p);

	if (strstr(p, "cannot be resolved inside") != NULL)
		sb_addf(sb, "%.*s: ルート内で解決できないシンボリックリンク", (int)n, p);
	else if (strstr(p, "more than") != NULL && strstr(p, "the rest not read") != NULL)
		sb_addf(sb, "%.*s: 項目が多すぎるため一部のみ確認", (int)n, p);
	else {
		char *ja = errtext_problem_ja(p);

		sb_adds(sb, ja);
		free(ja);
	}
}

/* What the check cannot see, stated in every result (docs/checks-updates.md lists the same). */
static const char *const ns_limits[][2] = {
	{ "a Flatpak app's or snap's time is that of its newest deployment; where the filesystem keeps no birth time, an update in the period looks like an install",
	    "Flatpak アプリと snap の時刻は最新の展開時刻です。ファイルシステムが作成時刻を持たない場合、期間中の更新も導入として扱われます" },
	{ "snaps are read from their .snap files, not from snapd's state.json",
	    "snap は .snap ファイルから読み取り、snapd の state.json は読みません" },
	{ "tools in home directories are found by file name: a renamed binary is not found",
	    "ホーム内のツールはファイル名で検出するため、名前を変えたものは検出できません" },
	{ "outside the homes only /opt, /usr/local/bin and /usr/local/sbin are looked at",
	    "ホーム以外では /opt、/usr/local/bin、/usr/local/sbin のみを確認します" },
	{ "with use_ctime, a file whose ctime changed (chmod, restore) counts as added",
	    "use_ctime 有効時は ctime が変わったファイル（chmod、復元など）も追加扱いになります" },
	{ "dependencies are grouped only where apt's history or extended_states marks them automatic",
	    "依存パッケージのまとめ表示は apt の履歴か extended_states が自動導入と記録している場合に限ります" },
};

/* Windows: what the check cannot see there, stated in every result (docs/checks-windows.md). */
static const char *const ns_win_limits[][2] = {
	{ "a program's time is its InstallDate (a day) or, without one, its key's LastWrite, which an update also moves",
	    "プログラムの時刻は InstallDate（日単位）、ない場合はキーの最終書き込み時刻で、更新でも変わります" },
	{ "Run and RunOnce keep no time per value: every value of a key written in the period is listed, not only the one added",
	    "Run と RunOnce は値ごとの時刻を持たないため、期間中に書き込まれたキーの値はすべて表示します" },
	{ "a service counts when its key was written in the period; Windows' own updates also write service keys",
	    "サービスはキーが期間中に書き込まれたものを対象とします。Windows 自身の更新でも書き込まれます" },
	{ "scheduled tasks are timed by their file's mtime; programs started otherwise (Startup folders, WMI, Winlogon, AppInit) are not looked at",
	    "タスクはファイルの更新時刻で判断します。スタートアップフォルダー、WMI、Winlogon、AppInit などは確認しません" },
	{ "portable programs are found by file name under each profile's Downloads, Desktop and AppData only: a renamed one is not found",
	    "単体実行のプログラムは各プロファイルの Downloads・Desktop・AppData でファイル名により検出するため、名前を変えたものは検出できません" },
};

/* A site pattern matching a Windows name, command or key, ignoring case as Windows does. */
static int
win_site_match(char *const *pats, const struct ns_win *e, const char **hit)
{
	const char *subj[3] = { e->name, e->command, e->where };
	size_t i, j;

	for (i = 0; pats != NULL && pats[i] != NULL; i++)
		for (j = 0; j < 3; j++)
			if (subj[j] != NULL && fnmatch(pats[i], subj[j], FNM_CASEFOLD) == 0) {
				*hit = pats[i];
				return 1;
			}
	return 0;
}

/* The known tool a Windows name, or the program a command starts, is; NULL when none. */
static const struct known *
win_known(const struct ns_win *e)
{
	const struct known *k;
	char *low = xstrdup(e->name), *c;

	for (c = low; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	k = known_file(low);
	free(low);
	if (k == NULL && e->kind != NS_WIN_PROGRAM && e->command != NULL) {
		/* the program's file name: the first word, or what the quotes hold */
		const char *p = e->command, *end, *base;

		if (*p == '"') {
			end = strchr(++p, '"');
		} else {
			end = strchr(p, ' ');
		}
		if (end == NULL)
			end = p + strlen(p);
		low = xstrndup(p, (size_t)(end - p));
		base = strrchr(low, '\\') != NULL ? strrchr(low, '\\') + 1 : low;
		for (c = low; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		k = known_file(base);
		free(low);
	}
	return k;
}

/* "AnyDesk 8.0.9", "Run value Updater of alice", "service evilsvc", "task \\Updater". */
static char *
win_label(const struct ns_win *e)
{
	const char *of = e->user != NULL ? " of " : "", *u = e->user != NULL ? e->user : "";

	switch (e->kind) {
	case NS_WIN_PROGRAM:
		return xasprintf("%s%s%s%s%s", e->name, e->version != NULL ? " " : "",
		    e->version != NULL ? e->version : "", of, u);
	case NS_WIN_RUN: return xasprintf("Run value %s%s%s", e->name, of, u);
	case NS_WIN_SERVICE: return xasprintf("service %s", e->name);
	case NS_WIN_PORTABLE: return xasprintf("%s", e->where);
	case NS_WIN_TASK: break;
	}
	return xasprintf("task %s", e->name);
}

static const char *const win_kind_name[] = {
	[NS_WIN_PROGRAM] = "program",
	[NS_WIN_RUN] = "run key value",
	[NS_WIN_SERVICE] = "service",
	[NS_WIN_TASK] = "scheduled task",
	[NS_WIN_PORTABLE] = "portable tool in a profile",
};

/* Judges a Windows installation's programs and persistence. */
static void
judge_windows(const struct check_ctx *ctx, const struct new_software_facts *f, struct check_result *res)
{
	int fail_unlisted = check_param_bool(ctx, "fail_on_unlisted", 0);
	int allow = ctx->cfg->software_allow != NULL && ctx->cfg->software_allow[0] != NULL;
	struct json *progs, *pers, *port, *a;
	struct findings fi;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	size_t i, nprog = 0, nnew = 0, nupd = 0, npers = 0, nlisted = 0;
	char when[32], t[32];

	memset(&fi, 0, sizeof fi);
	fi.worst = CHECK_PASS;
	time_iso_utc(f->since, when);
	json_obj_set(res->details, "since", json_str(when));
	progs = json_obj_set(res->details, "programs", json_array());
	pers = json_obj_set(res->details, "persistence", json_array());
	port = json_obj_set(res->details, "portable_tools", json_array());
	for (i = 0; i < f->nwin; i++) {
		const struct ns_win *e = &f->win[i];
		int in_period = e->when != 0 &&
		    (e->when >= f->since || (e->date_only && e->when + 86400 > f->since));
		int changed = e->written != 0 && e->written >= f->since;
		int unlisted = 0, present_before = 0;
		const struct known *k;
		const char *hit;
		struct verdict v;
		char *label;
		struct json *o;

		if (e->kind == NS_WIN_PROGRAM)
			nprog++;
		if (e->kind != NS_WIN_PROGRAM && e->kind != NS_WIN_PORTABLE && !in_period)
			continue;
		memset(&v, 0, sizeof v);
		v.level = CHECK_PASS;
		if (win_site_match(ctx->cfg->software_deny, e, &hit)) {
			v.level = CHECK_FAIL;
			v.why = xasprintf("on the site's deny list (%s)", hit);
			v.why_ja = xasprintf("サイトの禁止リスト (%s)", hit);
			v.listed = 1;
		} else if (win_site_match(ctx->cfg->software_allow, e, &hit)) {
			v.why = xasprintf("on the site's allow list (%s)", hit);
			v.why_ja = xasprintf("サイトの許可リスト (%s)", hit);
			v.listed = 1;
		} else if ((k = win_known(e)) != NULL) {
			set_kind(&v, k);
		}
		if (e->kind == NS_WIN_PORTABLE) {
			/* a portable copy from before the period: still there, worth a look */
			if (!in_period && v.level == CHECK_FAIL) {
				v.level = CHECK_WARN;
				free(v.why);
				v.why = xstrdup(
				    "remote-access or P2P tool in a profile since before the period");
				free(v.why_ja);
				v.why_ja = xstrdup("期間前からプロファイルにある遠隔操作・P2Pツール");
			} else if (!in_period) {
				verdict_free(&v);
				continue;
			}
		} else if (e->kind == NS_WIN_PROGRAM && !in_period && !changed) {
			/* there before the period: only a failing one (a tool that lets others in, a denied one) is worth a look */
			if (v.level != CHECK_FAIL) {
				verdict_free(&v);
				continue;
			}
			present_before = 1;
			v.level = CHECK_WARN;
			free(v.why);
			v.why = xstrdup(
			    "remote-access, P2P or denied software installed before the period");
			free(v.why_ja);
			v.why_ja = xstrdup("期間前からある遠隔操作・P2P・禁止ソフトウェア");
		} else if (e->kind == NS_WIN_PROGRAM && !v.listed && in_period) {
			v.level = fail_unlisted ? CHECK_FAIL : CHECK_WARN;
			v.why = xstrdup(allow ? "new, not on the site's allow list" :
			                        "new, and no allow list is configured");
			unlisted = 1;
		} else if (e->kind == NS_WIN_RUN && !v.listed) {
			v.level = CHECK_WARN;
			v.why = xstrdup("starts at logon; its Run key was written in the period");
			v.why_ja = xstrdup("ログオン時に起動（Run キーが期間中に書き込まれた）");
		} else if (e->kind != NS_WIN_PROGRAM && !v.listed && e->outside) {
			v.level = CHECK_WARN;
			v.why = xstrdup(e->kind == NS_WIN_SERVICE ?
			        "service added or changed in the period, its program outside System32 and Program Files" :
			        "scheduled task added or changed in the period, its program outside System32 and Program Files");
			v.why_ja = xstrdup(e->kind == NS_WIN_SERVICE ?
			        "期間中に追加・変更されたサービス（プログラムが System32・Program Files の外）" :
			        "期間中に追加・変更されたタスク（プログラムが System32・Program Files の外）");
		} else if (e->kind != NS_WIN_PROGRAM && !v.listed) {
			v.why = xstrdup(e->kind == NS_WIN_SERVICE ?
			        "service key written in the period, its program in System32 or Program Files" :
			        e->command == NULL ?
			        "scheduled task written in the period, with no program to start" :
			        "scheduled task written in the period, its program in System32 or Program Files");
		}
		label = win_label(e);
		note_flag(&fi, label, &v, 1, unlisted);
		if (e->kind == NS_WIN_PROGRAM) {
			if (in_period)
				nnew++;
			else if (changed && !present_before)
				nupd++;
		} else if (e->kind != NS_WIN_PORTABLE) {
			npers++;
		}
		if (nlisted++ < LIST_MAX || v.level != CHECK_PASS) {
			o = json_arr_push(e->kind == NS_WIN_PROGRAM ? progs :
			        e->kind == NS_WIN_PORTABLE          ? port :
			                                              pers,
			    json_object());
			json_obj_set(o, "kind", json_str(win_kind_name[e->kind]));
			json_obj_set(o, "name", json_str(e->name));
			if (e->version != NULL)
				json_obj_set(o, "version", json_str(e->version));
			if (e->publisher != NULL)
				json_obj_set(o, "publisher", json_str(e->publisher));
			if (e->command != NULL && e->kind != NS_WIN_PORTABLE)
				json_obj_set(o, e->kind == NS_WIN_PROGRAM ? "location" : "command",
				    json_str(e->command));
			json_obj_set(o, "where", json_str(e->where));
			json_obj_set(o, "user", json_str(e->user));
			if (e->kind == NS_WIN_PROGRAM)
				json_obj_set(o, "action",
				    json_str(present_before ? "present before the period" :
				            in_period       ? "installed" :
				                              "updated"));
			if (e->when != 0) {
				time_iso_utc(e->when, t);
				json_obj_set(o, "time",
				    e->date_only ? json_strf("%.10s", t) : json_str(t));
			}
			json_obj_set(o, "time_from", json_str(e->when_from));
			if (e->written != 0) {
				time_iso_utc(e->written, t);
				json_obj_set(o, "written", json_str(t));
			}
			if (e->kind == NS_WIN_SERVICE || e->kind == NS_WIN_TASK)
				json_obj_set(o, "outside_system_folders", json_bool(e->outside));
			json_obj_set(o, "level", json_str(check_status_name(v.level)));
			json_obj_set(o, "why", json_str(v.why));
		}
		free(label);
		verdict_free(&v);
	}
	json_obj_set(res->details, "program_count", json_int((int64_t)nprog));
	json_obj_set(res->details, "installed_count", json_int((int64_t)nnew));
	json_obj_set(res->details, "updated_count", json_int((int64_t)nupd));
	json_obj_set(res->details, "persistence_count", json_int((int64_t)npers));
	json_obj_set(res->details, "flagged_count", json_int((int64_t)fi.nflagged));
	json_obj_set(res->details, "tasks_read", json_bool(f->tasks_read));
	check_limits_set(res->details, "limits", ns_win_limits,
	    sizeof ns_win_limits / sizeof ns_win_limits[0]);
	a = json_obj_set(res->details, "problems", json_array());
	for (i = 0; i < f->nproblems; i++)
		json_arr_push(a, json_str(f->problems[i]));
	a = json_obj_set(res->details, "hive_notes", json_array());
	for (i = 0; i < f->nhive_notes; i++)
		json_arr_push(a, json_str(f->hive_notes[i]));

	if (fi.nflagged > 0) {
		sb_addf(&en, "flagged since %.10s: %s%s", when, sb_str(&fi.flagged),
		    fi.nflagged > 8 ? ", ..." : "");
		sb_addf(&ja, "%.10s以降に要注意のソフトウェア・自動起動%zu件: %s%s", when,
		    fi.nflagged, sb_str(&fi.flagged_ja), fi.nflagged > 8 ? "、…" : "");
	}
	if (fi.nunlisted > 0) {
		sb_addf(&en, "%s%zu program%s installed since %.10s %s (%s%s)", en.len ? "; " : "",
		    fi.nunlisted, fi.nunlisted == 1 ? "" : "s", when,
		    allow ? "not on the site's allow list" : "with no allow list configured to judge them",
		    sb_str(&fi.unlisted), fi.nunlisted > 5 ? ", ..." : "");
		sb_addf(&ja, "%s%.10s以降にインストールされた%zu件が%s（%s%s）", ja.len ? "、" : "",
		    when, fi.nunlisted, allow ? "許可リストにない" : "許可リスト未設定のため判断できない",
		    sb_str(&fi.unlisted), fi.nunlisted > 5 ? "、…" : "");
	}
	if (f->nproblems > 0) {
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		sb_addf(&en, "%s%zu place%s could not be read, so software there may be missed (%s)",
		    en.len ? "; " : "", f->nproblems, f->nproblems == 1 ? "" : "s", f->problems[0]);
		sb_addf(&ja, "%s読めない場所が%zu件あり見落としの可能性 (", ja.len ? "、" : "",
		    f->nproblems);
		problem_ja(&ja, f->problems[0]);
		sb_adds(&ja, ")");
	}
	if (en.len == 0) {
		sb_addf(&en,
		    "nothing unauthorised since %.10s: %zu of %zu programs updated, %zu startup entr%s "
		    "written in the period, none flagged",
		    when, nupd, nprog, npers, npers == 1 ? "y" : "ies");
		sb_addf(&ja,
		    "%.10s以降に未許可のソフトウェアなし（プログラム%zu件中%zu件更新、自動起動の変更%zu件、要注意なし）",
		    when, nprog, nupd, npers);
	}
	check_result_set(res, fi.worst, sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	sb_free(&fi.flagged);
	sb_free(&fi.flagged_ja);
	sb_free(&fi.unlisted);
}

static void
ns_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct new_software_facts *f = facts;
	struct findings fi;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	struct json *logs, *a;
	char when[32];
	size_t i;

	if (f->windows) {
		judge_windows(ctx, f, res);
		return;
	}
	memset(&fi, 0, sizeof fi);
	fi.worst = CHECK_PASS;
	time_iso_utc(f->since, when);
	json_obj_set(res->details, "since", json_str(when));
	logs = json_obj_set(res->details, "logs", json_array());
	for (i = 0; i < f->nlogs; i++) {
		struct json *o = json_arr_push(logs, json_object());
		char t[32];

		json_obj_set(o, "file", json_str(f->logs[i].file));
		if (f->logs[i].error != NULL) {
			json_obj_set(o, "error", json_str(f->logs[i].error));
			continue;
		}
		json_obj_set(o, "lines", json_int((int64_t)f->logs[i].lines));
		json_obj_set(o, "events_in_period", json_int((int64_t)f->logs[i].events));
		if (f->logs[i].first != 0) {
			time_iso_utc(f->logs[i].first, t);
			json_obj_set(o, "first", json_str(t));
			time_iso_utc(f->logs[i].last, t);
			json_obj_set(o, "last", json_str(t));
		}
	}
	json_obj_set(res->details, "apt_history_files", json_int((int64_t)f->history_files));
	json_obj_set(res->details, "apt_runs_in_period", json_int((int64_t)f->ntxns));
	json_obj_set(res->details, "extended_states",
	    json_str(f->extended_states == 1 ? "read" :
	            f->extended_states == 0  ? "absent" :
	                                       "unreadable"));
	judge_packages(ctx, f, res, &fi);
	if (f->scanned_paths) {
		judge_items(ctx, f, res, &fi);
		walk_details(f, res);
	}
	json_obj_set(res->details, "flagged_count", json_int((int64_t)fi.nflagged));
	check_limits_set(res->details, "limits", ns_limits, sizeof ns_limits / sizeof ns_limits[0]);
	a = json_obj_set(res->details, "problems", json_array());
	for (i = 0; i < f->nproblems; i++)
		json_arr_push(a, json_str(f->problems[i]));
	a = json_obj_set(res->details, "notes", json_array());
	for (i = 0; i < f->nnotes; i++)
		json_arr_push(a, json_str(f->notes[i]));
	if (f->history_bad != NULL)
		json_arr_push(a, json_str(f->history_bad));

	/* the verdict */
	if (fi.nflagged > 0) {
		sb_addf(&en, "flagged since %.10s: %s%s", when, sb_str(&fi.flagged),
		    fi.nflagged > 8 ? ", ..." : "");
		sb_addf(&ja, "%.10s以降に要注意のソフトウェア%zu件: %s%s", when, fi.nflagged,
		    sb_str(&fi.flagged_ja), fi.nflagged > 8 ? "、…" : "");
	}
	if (fi.nunlisted > 0) {
		int allow = ctx->cfg->software_allow != NULL && ctx->cfg->software_allow[0] != NULL;

		sb_addf(&en, "%s%zu added since %.10s %s (%s%s)", en.len ? "; " : "", fi.nunlisted, when,
		    allow ? "not on the site's allow list" : "with no allow list configured to judge them",
		    sb_str(&fi.unlisted), fi.nunlisted > 5 ? ", ..." : "");
		sb_addf(&ja, "%s%.10s以降に追加された%zu件が%s（%s%s）", ja.len ? "、" : "", when,
		    fi.nunlisted, allow ? "許可リストにない" : "許可リスト未設定のため判断できない",
		    sb_str(&fi.unlisted), fi.nunlisted > 5 ? "、…" : "");
	}
	if (fi.ndeps > 0) {
		sb_addf(&en,
		    "%s%zu more pulled in automatically as dependencies (listed under what pulled them in",
		    en.len ? "; " : "", fi.ndeps);
		sb_addf(&ja, "%sほかに依存関係として自動導入%zu件（導入元の下に記載",
		    ja.len ? "、" : "", fi.ndeps);
		if (fi.ndeps_unknown > 0) {
			sb_addf(&en,
			    "; %zu of them only marked automatic in extended_states, with no apt run in the history naming what pulled them in",
			    fi.ndeps_unknown);
			sb_addf(&ja,
			    "。うち%zu件は extended_states で自動導入とされるのみで、導入元の apt 実行記録なし",
			    fi.ndeps_unknown);
		}
		sb_adds(&en, ")");
		sb_adds(&ja, "）");
	}
	if (f->nbad > 0) {
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%sthe dpkg log could not be fully read (%s; %zu bad line%s or file%s), so packages may be missed",
		    en.len ? "; " : "", f->bad, f->nbad, f->nbad == 1 ? "" : "s",
		    f->nbad == 1 ? "" : "s");
		sb_addf(&ja, "%sdpkgログを完全には読めず見落としの可能性 (%s、不正な行・ファイル%zu)",
		    ja.len ? "、" : "", f->bad, f->nbad);
	} else if (f->nlogs == 0) {
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		sb_addf(&en, "%sno dpkg log in /var/log, so package installs are unknown",
		    en.len ? "; " : "");
		sb_addf(&ja, "%s/var/log にdpkgログがなくパッケージ導入履歴が不明", ja.len ? "、" : "");
	} else if (f->rotated && f->oldest > f->since) {
		char t[32];

		time_iso_utc(f->oldest, t);
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		sb_addf(&en,
		    "%sthe oldest dpkg log entry (%s) is after the period start: older logs were rotated away",
		    en.len ? "; " : "", t);
		sb_addf(&ja, "%s最古のdpkgログ (%s) が期間開始より後で、古いログは削除済み",
		    ja.len ? "、" : "", t);
	}
	if (f->nproblems > 0) {
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		sb_addf(&en, "%s%zu place%s could not be read, so software there may be missed (%s)",
		    en.len ? "; " : "", f->nproblems, f->nproblems == 1 ? "" : "s", f->problems[0]);
		sb_addf(&ja, "%s読めない場所が%zu件あり見落としの可能性 (", ja.len ? "、" : "",
		    f->nproblems);
		problem_ja(&ja, f->problems[0]);
		sb_adds(&ja, ")");
	}
	if (f->scanned_paths && (f->walk.hit_entries || f->walk.hit_time || f->walk.depth_skipped > 0)) {
		fi.worst = check_status_worse(fi.worst, CHECK_UNKNOWN);
		if (f->walk.hit_entries || f->walk.hit_time) {
			sb_addf(&en,
			    "%sthe walk of the home directories stopped at its limit of %lld %s after %zu entries: the rest was not searched",
			    en.len ? "; " : "",
			    f->walk.hit_entries ? f->walk.max_entries : f->walk.max_seconds,
			    f->walk.hit_entries ? "entries" : "seconds", f->walk.entries);
			sb_addf(&ja,
			    "%sホームディレクトリの探索が上限（%lld%s）で止まり、%zu件以降は未確認",
			    ja.len ? "、" : "",
			    f->walk.hit_entries ? f->walk.max_entries : f->walk.max_seconds,
			    f->walk.hit_entries ? "件" : "秒", f->walk.entries);
		}
		if (f->walk.depth_skipped > 0) {
			sb_addf(&en,
			    "%s%zu director%s deeper than %lld levels in the homes not searched (e.g. %s)",
			    en.len ? "; " : "", f->walk.depth_skipped,
			    f->walk.depth_skipped == 1 ? "y" : "ies", f->walk.max_depth,
			    f->walk.depth_example);
			sb_addf(&ja, "%sホーム内の%lld階層より深いディレクトリ%zu件は未確認（例: %s）",
			    ja.len ? "、" : "", f->walk.max_depth, f->walk.depth_skipped,
			    f->walk.depth_example);
		}
	}
	if (f->nnotes > 0 || f->history_nbad > 0) {
		const char *n = f->nnotes > 0 ? f->notes[0] : f->history_bad;

		sb_addf(&en,
		    "%sapt's records could not all be read (%s): dependencies may be reported as new software",
		    en.len ? "; " : "", n);
		sb_addf(&ja, "%saptの記録を一部読めず (", ja.len ? "、" : "");
		problem_ja(&ja, n);
		sb_adds(&ja, ")、依存パッケージが新規導入として報告される場合あり");
	}
	if (en.len == 0) {
		sb_addf(&en,
		    "nothing unauthorised since %.10s: %zu package%s upgraded, none added outside the allow list",
		    when, fi.nupgraded, fi.nupgraded == 1 ? "" : "s");
		sb_addf(&ja, "%.10s以降に未許可のソフトウェアなし（更新%zu件）", when, fi.nupgraded);
	}
	check_result_set(res, fi.worst, sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	sb_free(&fi.flagged);
	sb_free(&fi.flagged_ja);
	sb_free(&fi.unlisted);
}

const struct check check_new_software = {
	.id = "new-software",
	.title_en = "Software added during telework",
	.title_ja = "テレワーク中に追加されたソフトウェア",
	.reads = "/var/log/dpkg.log*, /var/log/apt/history.log*, /var/lib/apt/extended_states, /opt, "
	         "/usr/local/bin, /usr/local/sbin, Flatpak apps (system and per user), snaps, home directories; "
	         "Windows: Uninstall keys (machine, WOW6432Node, each user), Run and RunOnce keys, "
	         "services, Windows/System32/Tasks",
	.params = ns_params,
	.facts_size = sizeof(struct new_software_facts),
	.facts_free = new_software_facts_free,
	.probes = {
		[TARGET_LINUX] = { new_software_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { new_software_probe_windows, NULL, NULL },
	},
	.judge = ns_judge,
};
