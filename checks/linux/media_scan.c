/*
 * linux/media_scan.c: the probe of media-scan and endpoint-scan for
 * Debian-like systems: what to scan, and the scan itself.
 *
 * media-scan scans ctx->paths when given (host paths: the kiosk's medium),
 * else every mount point of the removable media media_list() finds on the
 * target. endpoint-scan scans ctx->paths when given, else the "paths"
 * parameter or /home /tmp /var/tmp /opt /usr/local: paths on the target.
 *
 * The scanner (scan/) walks host paths, so a path on the target is first
 * resolved beneath the root (target_realpath()) and handed over as the host
 * path of the resolved path: a symlinked /home inside an image then leads
 * to the image's own directory, never to the host's. On the running system
 * the root is "/" and the path is handed over as it is, as before. A path
 * that cannot be resolved is not scanned and counts as a root that could
 * not be scanned, in the report's "errors" like the scanner's own.
 *
 * ctx->engine may point to a resident struct scan_engine (the kiosk keeps
 * one loaded); without it the checks share the process-wide engine of
 * scan_engine_shared(), so the database is loaded once per process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../check.h"
#include "../media_scan.h"
#include "../../scan/scan.h"
#include "../../sys/media.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* What to scan: host paths for the scanner, and the target paths that could not be resolved. */
struct scan_set {
	struct scan_root *roots;
	char **owned; /* the host paths made here, freed with the set */
	size_t n, nowned;
	char **unresolved; /* "HOSTPATH: reason" */
	size_t nunresolved;
};

static void
set_add(struct scan_set *s, const char *path, const struct medium *m)
{
	s->roots = xreallocarray(s->roots, s->n + 1, sizeof *s->roots);
	s->roots[s->n].path = path;
	s->roots[s->n].medium = m;
	s->n++;
}

/* Adds path on the target, resolved beneath the root (see the top of the file). */
static void
set_add_target(struct scan_set *s, const struct target *t, const char *path, const struct medium *m)
{
	char *host, *real;

	if (target_live(t))
		host = target_host_path(t, path);
	else if ((real = target_realpath(t, path)) != NULL) {
		host = target_host_path(t, real);
		free(real);
	} else {
		char *shown = target_host_path(t, path);

		s->unresolved = xreallocarray(s->unresolved, s->nunresolved + 1, sizeof *s->unresolved);
		s->unresolved[s->nunresolved++] = xasprintf("%s: %s", shown, strerror(errno));
		free(shown);
		return;
	}
	s->owned = xreallocarray(s->owned, s->nowned + 1, sizeof *s->owned);
	s->owned[s->nowned++] = host;
	set_add(s, host, m);
}

static void
set_free(struct scan_set *s)
{
	size_t i;

	for (i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	for (i = 0; i < s->nunresolved; i++)
		free(s->unresolved[i]);
	free(s->unresolved);
	free(s->roots);
}

/* ctx->paths as they are (host paths); whether any were given. */
static int
explicit_roots(const struct check_ctx *ctx, struct scan_set *s)
{
	size_t i;

	for (i = 0; ctx->paths != NULL && ctx->paths[i] != NULL; i++)
		set_add(s, ctx->paths[i], NULL);
	return s->n > 0;
}

/* Gets the engine, records it as evidence and scans the set into the facts. */
static void
scan_set(const struct check_ctx *ctx, struct media_scan_facts *f, struct check_result *res,
    const struct scan_set *s)
{
	struct scan_engine *e = ctx->engine;
	struct scan_opts so = { 0 };
	const struct scan_engine_info *in;
	char err[1024], buf[64];
	size_t i;

	f->nroots = s->n + s->nunresolved;
	if (e == NULL) {
		/* one engine per process, shared by both checks */
		if (scan_engine_shared(ctx->cfg, ctx->progress, ctx->progress_arg, &e, err,
		        sizeof err) < 0) {
			f->engine_error = xstrdup(err);
			return;
		}
	}
	in = scan_engine_info(e);
	f->db_time = in->db_time;
	f->db_time_from = in->db_time_from;
	check_evidence_value(res, "engine", in->version);
	check_evidence_value(res, "engine_backend", in->backend);
	if (in->have_signatures) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)in->signatures);
		check_evidence_value(res, "signatures", buf);
	}
	snprintf(buf, sizeof buf, "%u", in->db_version);
	check_evidence_value(res, "db_version", in->db_version ? buf : "none");
	if (s->n > 0) {
		struct scan_report *rep;

		so.jobs = (int)check_param_int(ctx, "jobs", 0);
		so.progress = ctx->progress;
		so.progress_arg = ctx->progress_arg;
		so.manifest_dir = ctx->sidedir;
		rep = scan_run(e, ctx->cfg, s->roots, s->n, &so);
		f->report = scan_report_json(rep, e, 1);
		f->files_scanned = rep->files_scanned;
		f->ninfected = rep->ninfected;
		f->nunscannable = rep->nunscannable;
		f->nerrors = rep->nerrors;
		f->cancelled = rep->cancelled;
		scan_report_free(rep);
	} else {
		/* nothing could be resolved: a report of the roots that could not be scanned */
		f->report = json_object();
		json_obj_set(f->report, "engine", scan_engine_json(e));
		json_obj_set(f->report, "verdict", json_str("error"));
		json_obj_set(f->report, "errors", json_array());
	}
	for (i = 0; i < s->nunresolved; i++) {
		const char *v = json_get_str(json_get(f->report, "verdict"));

		json_arr_push(json_get(f->report, "errors"), json_str(s->unresolved[i]));
		f->nerrors++;
		if (v == NULL || strcmp(v, "infected") != 0)
			json_obj_set(f->report, "verdict", json_str("error"));
	}
}

int
media_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct media_scan_facts *f = facts;
	struct scan_set s = { 0 };
	struct medium *media = NULL;
	size_t nmedia = 0, i, k;
	char err[512];

	if (explicit_roots(ctx, &s)) {
		f->explicit_paths = 1;
		scan_set(ctx, f, res, &s);
		set_free(&s);
		return 0;
	}
	if (media_list(ctx->target, &media, &nmedia, err, sizeof err) < 0) {
		char *ja = xasprintf("リムーバブルメディアを一覧できません: %s", err);

		check_result_set(res, CHECK_UNKNOWN, err, ja);
		free(ja);
		return -1;
	}
	for (i = 0; i < nmedia; i++) {
		if (media[i].mountpoints == NULL || media[i].mountpoints[0] == NULL) {
			/* a whole disk with mounted partitions is covered by them */
			int has_part = 0;

			for (k = 0; k < nmedia; k++)
				if (media[k].parent != NULL && strcmp(media[k].parent, media[i].name) == 0)
					has_part = 1;
			if (!has_part && media[i].size > 0)
				f->unmounted++;
			continue;
		}
		for (k = 0; media[i].mountpoints[k] != NULL; k++)
			set_add_target(&s, ctx->target, media[i].mountpoints[k], &media[i]);
	}
	if (s.n + s.nunresolved > 0)
		scan_set(ctx, f, res, &s);
	set_free(&s);
	media_free(media, nmedia);
	return 0;
}

int
endpoint_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char *const defaults[] = { "/home", "/tmp", "/var/tmp", "/opt", "/usr/local", NULL };
	const struct json *list = check_param_list(ctx, "paths");
	struct media_scan_facts *f = facts;
	struct scan_set s = { 0 };
	size_t cnt, i;

	if (explicit_roots(ctx, &s)) {
		f->explicit_paths = 1;
		scan_set(ctx, f, res, &s);
		set_free(&s);
		return 0;
	}
	f->missing = json_array();
	cnt = list != NULL ? json_len(list) : 5;
	for (i = 0; i < cnt; i++) {
		const char *p = list != NULL ? json_get_str(json_at(list, i)) : defaults[i];
		struct stat st;

		if (p == NULL)
			continue;
		if (target_lstat(ctx->target, p, &st) < 0 && errno == ENOENT) {
			json_arr_push(f->missing, json_str(p));
			continue;
		}
		set_add_target(&s, ctx->target, p, NULL);
	}
	if (s.n + s.nunresolved > 0)
		scan_set(ctx, f, res, &s);
	set_free(&s);
	return 0;
}
