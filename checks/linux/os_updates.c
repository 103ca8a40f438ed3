/*
 * linux/os_updates.c: the os-updates probe for Debian-like systems. Reads
 * dpkg's status, apt's lists, Release files and pins (aptlists.h) through
 * the target, the reboot-required flag and its package list under /run, the
 * running kernel's release from /proc, and finds the newest installed
 * linux-image package. Records what it read as evidence; the judge is in
 * checks/os_updates.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../sys/target.h"
#include "../../util/errtext.h"
#include "../../util/json.h"
#include "../../util/strbuf.h"
#include "../../util/timefmt.h"
#include "../../util/xalloc.h"
#include "../check.h"
#include "../os_updates.h"
#include "aptlists.h"
#include "debver.h"

#define REBOOT_PKGS "/run/reboot-required.pkgs"

/* Appends a copy of s to a NULL-terminated vector. */
static char **
strv_push_dup(char **v, const char *s)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	v = xreallocarray(v, n + 2, sizeof *v);
	v[n] = xstrdup(s);
	v[n + 1] = NULL;
	return v;
}

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

/* The reboot flag, the running kernel and the newest installed kernel package. */
static void
probe_reboot(const struct check_ctx *ctx, struct check_result *res, const struct apt_state *st,
    struct os_updates_facts *f)
{
	char *buf = NULL, err[512];
	const char *newest_pkg = NULL, *newest_ver = NULL;
	size_t len, i;

	f->reboot_file = target_exists(ctx->target, OS_UPDATES_REBOOT_FILE);
	{
		/* a flag, its list or the kernel release planted as a link out of the root */
		static const char *const mine[] = { OS_UPDATES_REBOOT_FILE, REBOOT_PKGS,
			OS_UPDATES_OSRELEASE, NULL };
		size_t k;

		for (k = 0; mine[k] != NULL; k++) {
			char *u = apt_unresolved_link(ctx->target, mine[k]);

			if (u != NULL) {
				f->unresolved = strv_push_dup(f->unresolved, u);
				/* a flag that leaves the root says nothing about this system */
				if (k == 0)
					f->reboot_file = 0;
			}
			free(u);
		}
	}
	check_evidence_file(res, ctx, OS_UPDATES_REBOOT_FILE);
	if (f->reboot_file &&
	    target_read(ctx->target, REBOOT_PKGS, 65536, &buf, &len, err, sizeof err) == 0) {
		for (i = 0; i < len; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		while (len > 0 && buf[len - 1] == ' ')
			buf[--len] = '\0';
		f->reboot_pkgs = buf;
	}
	if (target_read(ctx->target, OS_UPDATES_OSRELEASE, 4096, &buf, &len, err, sizeof err) == 0) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			buf[--len] = '\0';
		if (len > 0)
			f->running_kernel = buf;
		else
			free(buf);
	}
	check_evidence_file(res, ctx, OS_UPDATES_OSRELEASE);
	for (i = 0; i < st->npkgs; i++) {
		char *rel = kernel_release(st->pkgs[i].name);
		int newer;

		if (rel == NULL)
			continue;
		newer = newest_ver == NULL || debver_cmp(st->pkgs[i].version, newest_ver) > 0 ||
		    (debver_cmp(st->pkgs[i].version, newest_ver) == 0 &&
		        debver_cmp(rel, f->newest_kernel_release) > 0);
		if (newer) {
			free(f->newest_kernel_release);
			f->newest_kernel_release = rel;
			newest_pkg = st->pkgs[i].name;
			newest_ver = st->pkgs[i].version;
		} else
			free(rel);
	}
	if (newest_pkg != NULL) {
		f->newest_kernel_package = xstrdup(newest_pkg);
		f->newest_kernel_version = xstrdup(newest_ver);
	}
}

/* The package state for the details, with the lists and pins read as evidence. */
static struct json *
describe_state(const struct check_ctx *ctx, struct check_result *res, const struct apt_state *st)
{
	struct json *d = json_object(), *a;
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
		json_obj_set(o, "label", json_str(s->label));
		json_obj_set(o, "security", json_bool(s->security));
		json_obj_set(o, "named_by", json_str(s->named_by));
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
	json_obj_set(d, "default_release", json_str(st->default_release));
	json_obj_set(d, "phasing", json_str(st->phasing));
	a = json_obj_set(d, "sources", json_array());
	for (i = 0; st->sources[i] != NULL; i++) {
		json_arr_push(a, json_str(st->sources[i]));
		check_evidence_file(res, ctx, st->sources[i]);
	}
	json_obj_set(d, "source_entries", json_int((int64_t)st->nentries));
	a = json_obj_set(d, "apt_conf", json_array());
	for (i = 0; st->conf[i] != NULL; i++) {
		json_arr_push(a, json_str(st->conf[i]));
		check_evidence_file(res, ctx, st->conf[i]);
	}
	a = json_obj_set(d, "stale_lists_ignored", json_array());
	for (i = 0; st->ignored != NULL && st->ignored[i] != NULL; i++)
		json_arr_push(a, json_str(st->ignored[i]));
	a = json_obj_set(d, "sources_never_downloaded", json_array());
	for (i = 0; st->missing != NULL && st->missing[i] != NULL; i++)
		json_arr_push(a, json_str(st->missing[i]));
	a = json_obj_set(d, "security_not_candidate", json_array());
	for (i = 0; st->blocked != NULL && st->blocked[i] != NULL; i++)
		json_arr_push(a, json_str(st->blocked[i]));
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
		json_obj_set(o, "security_version", json_str(u->security_version));
		json_obj_set(o, "security_suite", json_str(u->security_suite));
		json_obj_set(o, "held", json_bool(u->held));
		json_obj_set(o, "kept_back", json_str(u->kept_back));
		json_obj_set(o, "phased_percentage", json_int(u->phased));
		json_obj_set(o, "deferred_by_phasing", json_bool(u->deferred));
	}
	json_obj_set(d, "pending_count", json_int((int64_t)st->nup));
	json_obj_set(d, "security_count", json_int((int64_t)st->nsecurity));
	return d;
}

int
os_updates_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct os_updates_facts *f = facts;
	struct apt_state *st = NULL;
	char err[1024];

	check_evidence_file(res, ctx, "/var/lib/dpkg/status");
	if (apt_state_load(ctx->target, &st, err, sizeof err) < 0) {
		/* without the package state there is nothing to judge */
		char *en_s = xasprintf("could not read the package state: %s; repair it (dpkg --audit, "
		                       "apt-get update) and run the check again",
		    err);
		char *ja_err = errtext_problem_ja(err);
		char *ja_s = xasprintf("パッケージ情報を読めませんでした: %s。dpkg --audit や apt-get update "
		                       "で修復してから再確認してください",
		    ja_err);

		free(ja_err);

		json_obj_set(res->details, "error", json_str(err));
		check_result_set(res, CHECK_UNKNOWN, en_s, ja_s);
		free(en_s);
		free(ja_s);
		return -1;
	}
	f->state = describe_state(ctx, res, st);
	f->installed = st->npkgs;
	f->lists = st->nsrc;
	f->pending = st->nup;
	f->security = st->nsecurity;
	f->held = st->nheld;
	f->kept = st->nkept;
	f->deferred = st->ndeferred;
	{
		size_t i;

		for (i = 0; i < st->nup; i++)
			if (st->up[i].security && !st->up[i].held && st->up[i].kept_back == NULL &&
			    !st->up[i].deferred)
				f->security_ready++;
		for (i = 0; i < st->nup; i++)
			if (!st->up[i].security && !st->up[i].deferred) {
				f->others++;
				if (!st->up[i].held && st->up[i].kept_back == NULL)
					f->others_ready++;
			}
		for (i = 0; st->blocked != NULL && st->blocked[i] != NULL; i++)
			f->blocked++;
		{
			/* the first few names, for the summary: upgrades, then pinned-away fixes */
			struct strbuf nb = STRBUF_INIT;
			size_t shown = 0;

			for (i = 0; i < st->nup && shown < 5; i++)
				if (st->up[i].security) {
					sb_addf(&nb, "%s%s", shown ? ", " : "", st->up[i].name);
					shown++;
				}
			for (i = 0; st->blocked != NULL && st->blocked[i] != NULL && shown < 5; i++) {
				sb_addf(&nb, "%s%.*s", shown ? ", " : "",
				    (int)strcspn(st->blocked[i], ":"), st->blocked[i]);
				shown++;
			}
			f->security_shown = shown;
			f->security_names = shown ? sb_detach(&nb) : NULL;
			sb_free(&nb);
		}
		for (i = 0; st->missing != NULL && st->missing[i] != NULL; i++)
			f->missing++;
		for (i = 0; st->ignored != NULL && st->ignored[i] != NULL; i++)
			f->ignored++;
		for (i = 0; st->notes[i] != NULL; i++)
			f->notes++;
		for (i = 0; st->unresolved != NULL && st->unresolved[i] != NULL; i++)
			f->unresolved = strv_push_dup(f->unresolved, st->unresolved[i]);
	}
	f->sources = st->nentries;
	f->last_refresh = st->newest_release;
	f->attempt = st->attempt;
	if (st->stamp > 0) {
		char when[TIME_ISO_LEN];

		time_iso_utc(st->stamp, when);
		check_evidence_value(res, "update-success-stamp", when);
	}
	probe_reboot(ctx, res, st, f);
	if (f->last_refresh > 0) {
		char when[TIME_ISO_LEN];

		time_iso_utc(f->last_refresh, when);
		check_evidence_value(res, "last package-list refresh", when);
	}
	if (f->running_kernel != NULL)
		check_evidence_value(res, "running kernel", f->running_kernel);
	apt_state_free(st);
	return 0;
}
