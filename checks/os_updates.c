/*
 * os_updates.c: the os-updates check. Pending upgrades (apt's candidates
 * against dpkg's installed versions, see aptlists.h), the security ones
 * counted apart, the age of the last package-list refresh, and whether a
 * reboot is pending (/run/reboot-required, running kernel against the newest
 * installed linux-image package).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../config/config.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../util/timefmt.h"
#include "aptlists.h"
#include "check.h"
#include "debver.h"

#define REBOOT_FILE "/run/reboot-required"
#define REBOOT_PKGS "/run/reboot-required.pkgs"
#define OSRELEASE "/proc/sys/kernel/osrelease"

static const struct check_param os_updates_params[] = {
	{ "max_list_age_days", CHECK_PARAM_INT, 0, 3650,
	    "package lists older than this are stale (default: the site's max_list_age_days)" },
	{ "fail_on_security", CHECK_PARAM_BOOL, 0, 0, "a pending security update fails (default yes)" },
	{ "fail_on_reboot", CHECK_PARAM_BOOL, 0, 0, "a pending reboot fails (default yes)" },
	{ "fail_on_pending", CHECK_PARAM_BOOL, 0, 0,
	    "any pending upgrade fails, not only security ones (default no: warn)" },
	{ NULL, 0, 0, 0, NULL },
};

/* What we learnt about a pending reboot. */
struct reboot {
	int required_file;    /* /run/reboot-required exists */
	char *pkgs;           /* its .pkgs list, one line, or NULL */
	char *running;        /* running kernel release, or NULL */
	const char *newest_pkg, *newest_ver; /* newest installed linux-image package */
	char *newest_rel;     /* its kernel release */
	int kernel_pending;   /* running != newest */
	int kernel_unknown;   /* kernel packages but the running kernel is unknown */
};

/* Kernel release of a linux-image package name, or NULL for meta and debug packages. */
static char *
kernel_release(const char *name)
{
	size_t n;
	char *rel;

	if (strncmp(name, "linux-image-", 12) != 0 || name[12] < '0' || name[12] > '9')
		return NULL;
	rel = xstrdup(name + 12);
	n = strlen(rel);
	if (n > 4 && strcmp(rel + n - 4, "-dbg") == 0) {
		free(rel);
		return NULL;
	}
	if (n > 9 && strcmp(rel + n - 9, "-unsigned") == 0)
		rel[n - 9] = '\0';
	return rel;
}

/* Fills r from the root's /run, /proc and the installed packages. */
static void
probe_reboot(const struct check_ctx *ctx, struct check_result *res, const struct apt_state *st,
    struct reboot *r)
{
	char *path, *buf = NULL, err[512];
	size_t len, i;
	struct stat sb;

	memset(r, 0, sizeof *r);
	path = path_join(ctx->root, REBOOT_FILE);
	r->required_file = lstat(path, &sb) == 0;
	free(path);
	check_evidence_file(res, ctx, REBOOT_FILE);
	if (r->required_file) {
		path = path_join(ctx->root, REBOOT_PKGS);
		if (file_read_all(path, 65536, &buf, &len, err, sizeof err) == 0) {
			for (i = 0; i < len; i++)
				if (buf[i] == '\n')
					buf[i] = ' ';
			while (len > 0 && buf[len - 1] == ' ')
				buf[--len] = '\0';
			r->pkgs = buf;
		}
		free(path);
	}
	path = path_join(ctx->root, OSRELEASE);
	if (file_read_all(path, 4096, &buf, &len, err, sizeof err) == 0) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = '\0';
		if (len > 0)
			r->running = buf;
		else
			free(buf);
	}
	free(path);
	check_evidence_file(res, ctx, OSRELEASE);
	for (i = 0; i < st->npkgs; i++) {
		char *rel = kernel_release(st->pkgs[i].name);
		int newer;

		if (rel == NULL)
			continue;
		newer = r->newest_ver == NULL || debver_cmp(st->pkgs[i].version, r->newest_ver) > 0 ||
		    (debver_cmp(st->pkgs[i].version, r->newest_ver) == 0 &&
		    debver_cmp(rel, r->newest_rel) > 0);
		if (newer) {
			free(r->newest_rel);
			r->newest_rel = rel;
			r->newest_pkg = st->pkgs[i].name;
			r->newest_ver = st->pkgs[i].version;
		} else
			free(rel);
	}
	if (r->newest_rel != NULL) {
		if (r->running == NULL)
			r->kernel_unknown = 1;
		else
			r->kernel_pending = strcmp(r->running, r->newest_rel) != 0;
	}
}

static void
reboot_free(struct reboot *r)
{
	free(r->pkgs);
	free(r->running);
	free(r->newest_rel);
}

/* Details and evidence for the lists, pins and installed packages. */
static void
describe_state(const struct check_ctx *ctx, struct check_result *res, const struct apt_state *st)
{
	struct json *d = res->details, *a;
	size_t i;

	json_obj_set(d, "native_arch", json_str(st->native));
	a = json_obj_set(d, "foreign_arches", json_array());
	for (i = 0; st->foreign[i] != NULL; i++)
		json_arr_push(a, json_str(st->foreign[i]));
	json_obj_set(d, "installed", json_int((int64_t)st->npkgs));
	a = json_obj_set(d, "lists", json_array());
	for (i = 0; i < st->nsrc; i++) {
		const struct apt_source *s = &st->src[i];
		struct json *o = json_arr_push(a, json_object());

		json_obj_set(o, "list", json_str(s->list));
		json_obj_set(o, "release", json_str(s->release));
		json_obj_set(o, "suite", json_str(s->suite));
		json_obj_set(o, "codename", json_str(s->codename));
		json_obj_set(o, "origin", json_str(s->origin));
		json_obj_set(o, "priority", json_int(s->priority));
		json_obj_set(o, "security", json_bool(s->security));
		json_obj_set(o, "entries", json_int((int64_t)s->entries));
		check_evidence_file(res, ctx, s->list);
		if (s->release != NULL)
			check_evidence_file(res, ctx, s->release);
	}
	a = json_obj_set(d, "preferences", json_array());
	for (i = 0; st->prefs[i] != NULL; i++) {
		json_arr_push(a, json_str(st->prefs[i]));
		check_evidence_file(res, ctx, st->prefs[i]);
	}
	json_obj_set(d, "pins", json_int((int64_t)st->npins));
	if (st->notes[0] != NULL) {
		a = json_obj_set(d, "notes", json_array());
		for (i = 0; st->notes[i] != NULL; i++)
			json_arr_push(a, json_str(st->notes[i]));
	}
	a = json_obj_set(d, "pending", json_array());
	for (i = 0; i < st->nup; i++) {
		const struct apt_upgrade *u = &st->up[i];
		struct json *o = json_arr_push(a, json_object());

		json_obj_set(o, "package", json_str(u->name));
		json_obj_set(o, "arch", json_str(u->arch));
		json_obj_set(o, "installed", json_str(u->installed));
		json_obj_set(o, "candidate", json_str(u->candidate));
		json_obj_set(o, "suites", json_str(u->suites));
		json_obj_set(o, "priority", json_int(u->priority));
		json_obj_set(o, "security", json_bool(u->security));
	}
	json_obj_set(d, "pending_count", json_int((int64_t)st->nup));
	json_obj_set(d, "security_count", json_int((int64_t)st->nsecurity));
}

static void
os_updates_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct apt_state *st = NULL;
	struct reboot rb;
	char err[1024], when[32];
	long long max_age = check_param_int(ctx, "max_list_age_days", ctx->cfg->max_list_age_days);
	int fail_sec = check_param_bool(ctx, "fail_on_security", 1);
	int fail_reboot = check_param_bool(ctx, "fail_on_reboot", 1);
	int fail_any = check_param_bool(ctx, "fail_on_pending", 0);
	enum check_status s = CHECK_PASS;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT, fix_en = STRBUF_INIT, fix_ja = STRBUF_INIT;
	struct json *rj;
	double age_days = -1;
	int stale = 0;

	check_evidence_file(res, ctx, "/var/lib/dpkg/status");
	if (apt_state_load(ctx->root, &st, err, sizeof err) < 0) {
		char *en_s = xasprintf("could not read the package state: %s; repair it (dpkg --audit, "
		    "apt-get update) and run the check again", err);
		char *ja_s = xasprintf("パッケージ情報を読めませんでした: %s。dpkg --audit や apt-get update "
		    "で修復してから再確認してください", err);

		json_obj_set(res->details, "error", json_str(err));
		check_result_set(res, CHECK_UNKNOWN, en_s, ja_s);
		free(en_s);
		free(ja_s);
		return;
	}
	describe_state(ctx, res, st);
	probe_reboot(ctx, res, st, &rb);

	/* list freshness */
	if (st->newest_release > 0) {
		age_days = difftime(ctx->now, st->newest_release) / 86400.0;
		time_iso_utc(st->newest_release, when);
		json_obj_set(res->details, "last_refresh", json_str(when));
		json_obj_set(res->details, "list_age_days", json_real((double)(long long)(age_days * 10) / 10));
		check_evidence_value(res, "last package-list refresh", when);
		stale = age_days > (double)max_age;
	}
	json_obj_set(res->details, "max_list_age_days", json_int(max_age));
	json_obj_set(res->details, "lists_stale", json_bool(stale || st->nsrc == 0));

	rj = json_obj_set(res->details, "reboot", json_object());
	json_obj_set(rj, "required_file", json_bool(rb.required_file));
	json_obj_set(rj, "required_pkgs", json_str(rb.pkgs));
	json_obj_set(rj, "running_kernel", json_str(rb.running));
	json_obj_set(rj, "newest_kernel_package", json_str(rb.newest_pkg));
	json_obj_set(rj, "newest_kernel_version", json_str(rb.newest_ver));
	json_obj_set(rj, "newest_kernel_release", json_str(rb.newest_rel));
	json_obj_set(rj, "pending", json_bool(rb.required_file || rb.kernel_pending));
	if (rb.running != NULL)
		check_evidence_value(res, "running kernel", rb.running);

	/* the summary, most important first */
	if (st->nsecurity > 0) {
		s = check_status_worse(s, fail_sec ? CHECK_FAIL : CHECK_WARN);
		sb_addf(&en, "%zu security update%s pending", st->nsecurity, st->nsecurity == 1 ? "" : "s");
		sb_addf(&ja, "セキュリティ更新%zu件が未適用", st->nsecurity);
		sb_adds(&fix_en, "apply them (apt-get upgrade)");
		sb_adds(&fix_ja, "apt-get upgrade で適用してください");
	}
	if (rb.required_file || rb.kernel_pending) {
		s = check_status_worse(s, fail_reboot ? CHECK_FAIL : CHECK_WARN);
		if (rb.kernel_pending)
			sb_addf(&en, "%sreboot pending (running kernel %s, newest installed %s)", en.len ? "; " : "",
			    rb.running, rb.newest_rel);
		else
			sb_addf(&en, "%sreboot pending (%s exists)", en.len ? "; " : "", REBOOT_FILE);
		sb_addf(&ja, "%s再起動が必要", ja.len ? "、" : "");
		sb_addf(&fix_en, "%sreboot", fix_en.len ? ", then " : "");
		sb_addf(&fix_ja, "%s再起動してください", fix_ja.len ? "。その後" : "");
	}
	if (st->nup > st->nsecurity) {
		size_t n = st->nup - st->nsecurity;

		s = check_status_worse(s, fail_any ? CHECK_FAIL : CHECK_WARN);
		sb_addf(&en, "%s%zu other upgrade%s pending", en.len ? "; " : "", n, n == 1 ? "" : "s");
		sb_addf(&ja, "%sその他の更新%zu件が未適用", ja.len ? "、" : "", n);
	}
	if (st->nsrc == 0) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en, "%sno package lists under /var/lib/apt/lists, so pending updates are unknown",
		    en.len ? "; " : "");
		sb_addf(&ja, "%s/var/lib/apt/lists にパッケージ一覧がなく未適用の更新が不明", ja.len ? "、" : "");
		sb_addf(&fix_en, "%srun apt-get update", fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%sapt-get update を実行してください", fix_ja.len ? "。" : "");
	} else if (stale) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en, "%spackage lists are %.0f days old (limit %lld), so newer updates may be missed",
		    en.len ? "; " : "", age_days, max_age);
		sb_addf(&ja, "%sパッケージ一覧が%.0f日前のもので古い（上限%lld日）", ja.len ? "、" : "",
		    age_days, max_age);
		sb_addf(&fix_en, "%srun apt-get update", fix_en.len ? "; " : "");
		sb_addf(&fix_ja, "%sapt-get update を実行してください", fix_ja.len ? "。" : "");
	}
	if (rb.kernel_unknown) {
		s = check_status_worse(s, CHECK_UNKNOWN);
		sb_addf(&en, "%scannot read the running kernel from %s", en.len ? "; " : "", OSRELEASE);
		sb_addf(&ja, "%s実行中のカーネルを %s から読めない", ja.len ? "、" : "", OSRELEASE);
	}
	if (s == CHECK_PASS) {
		sb_addf(&en, "up to date: %zu packages, lists %.0f days old, no reboot pending", st->npkgs,
		    age_days);
		sb_addf(&ja, "最新の状態: %zuパッケージ、一覧は%.0f日前に更新、再起動不要", st->npkgs, age_days);
	}
	if (fix_en.len) {
		sb_addf(&en, ": %s", sb_str(&fix_en));
		sb_addf(&ja, "。%s", sb_str(&fix_ja));
	}
	check_result_set(res, s, sb_str(&en), sb_str(&ja));
	sb_free(&en);
	sb_free(&ja);
	sb_free(&fix_en);
	sb_free(&fix_ja);
	reboot_free(&rb);
	apt_state_free(st);
}

const struct check check_os_updates = {
	.id = "os-updates",
	.title_en = "Operating system and software updates",
	.title_ja = "OSとソフトウェアの更新",
	.reads = "/var/lib/dpkg/status, /var/lib/apt/lists, /etc/apt/preferences*, "
	    "/run/reboot-required, /proc/sys/kernel/osrelease",
	.params = os_updates_params,
	.run = os_updates_run,
};
