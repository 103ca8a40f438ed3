/*
 * scanset.c: the scan shared by the probes of media-scan and endpoint-scan
 * (checks/linux/media_scan.c, checks/windows/media_scan.c): the set of
 * places, each resolved beneath the target's root, the engine as evidence,
 * scan_run() into the facts, and for Windows the per-place coverage and a
 * time budget that stops the scan through the progress callback. See
 * scanset.h for the contract.
 */
#include "scanset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../scan/scan.h"
#include "../sys/target.h"
#include "../util/xalloc.h"

void
scanset_add(struct scanset *s, const char *path, const struct medium *m)
{
	s->roots = xreallocarray(s->roots, s->n + 1, sizeof *s->roots);
	s->labels = xreallocarray(s->labels, s->n + 1, sizeof *s->labels);
	memset(&s->roots[s->n], 0, sizeof s->roots[s->n]);
	s->roots[s->n].path = path;
	s->roots[s->n].medium = m;
	s->labels[s->n] = NULL;
	s->n++;
}

/* Records path (shown as its host path) as not resolved, with errno's reason. */
static void
add_unresolved(struct scanset *s, const struct target *t, const char *path, const char *label)
{
	int e = errno;
	char *shown = target_host_path(t, path);

	s->unresolved = xreallocarray(s->unresolved, s->nunresolved + 1, sizeof *s->unresolved);
	s->ulabels = xreallocarray(s->ulabels, s->nunresolved + 1, sizeof *s->ulabels);
	s->unresolved[s->nunresolved] = xasprintf("%s: %s", shown, strerror(e));
	s->ulabels[s->nunresolved++] = label != NULL ? xstrdup(label) : NULL;
	free(shown);
}

int
scanset_add_target(struct scanset *s, const struct target *t, const char *path,
    const struct medium *m, const char *label)
{
	char *host, *real;
	size_t i;

	if (target_live(t))
		host = target_host_path(t, path);
	else if ((real = target_realpath(t, path)) != NULL) {
		host = target_host_path(t, real);
		free(real);
	} else {
		add_unresolved(s, t, path, label);
		return -1;
	}
	for (i = 0; s->no_nested && i < s->n; i++)
		if (strcmp(s->roots[i].path, host) == 0) {
			free(host);
			return 1;
		}
	s->owned = xreallocarray(s->owned, s->nowned + 1, sizeof *s->owned);
	s->owned[s->nowned++] = host;
	scanset_add(s, host, m);
	s->labels[s->n - 1] = label != NULL ? xstrdup(label) : NULL;
	return 0;
}

void
scanset_exclude(struct scanset *s, const struct target *t, const char *path)
{
	s->exclude = xreallocarray(s->exclude, s->nexclude + 1, sizeof *s->exclude);
	s->exclude[s->nexclude++] = target_host_path(t, path);
}

int
scanset_explicit(const struct check_ctx *ctx, struct scanset *s)
{
	size_t i;

	for (i = 0; ctx->paths != NULL && ctx->paths[i] != NULL; i++)
		scanset_add(s, ctx->paths[i], NULL);
	return s->n > 0;
}

void
scanset_free(struct scanset *s)
{
	size_t i;

	for (i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	for (i = 0; i < s->n; i++)
		free(s->labels[i]);
	free(s->labels);
	for (i = 0; i < s->nunresolved; i++) {
		free(s->unresolved[i]);
		free(s->ulabels[i]);
	}
	free(s->unresolved);
	free(s->ulabels);
	for (i = 0; i < s->nexclude; i++)
		free(s->exclude[i]);
	free(s->exclude);
	free(s->roots);
}

/* The caller's progress callback, and the end of the time budget. */
struct budget {
	progress_fn fn;
	void *arg;
	struct timespec until;
	int ran_out;
};

/* Passes progress on; asks the scan to stop when the caller does or the budget is spent. */
static int
budget_progress(void *arg, const struct progress *p)
{
	struct budget *b = arg;
	struct timespec now;

	if (b->fn != NULL && b->fn(b->arg, p) != 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > b->until.tv_sec ||
	    (now.tv_sec == b->until.tv_sec && now.tv_nsec >= b->until.tv_nsec)) {
		b->ran_out = 1;
		return 1;
	}
	return 0;
}

/*
 * What scan_run() must not walk: with no_nested every place (each root then
 * leaves out the places beneath it, which are scanned as roots of their
 * own), and the exclusions. NULL-terminated; the strings are borrowed.
 */
static const char **
exclusions(const struct scanset *s)
{
	const char **x = xcalloc(s->n + s->nexclude + 1, sizeof *x);
	size_t i, k = 0;

	for (i = 0; s->no_nested && i < s->n; i++)
		x[k++] = s->roots[i].path;
	for (i = 0; i < s->nexclude; i++)
		x[k++] = s->exclude[i];
	return x;
}

/* One place's coverage: its label, files scanned, and complete / partial / not scanned. */
static struct json *
coverage_entry(const char *label, const char *path, uint64_t files, int complete)
{
	struct json *o = json_object();

	scan_json_set_path(o, "place", label != NULL ? label : path);
	scan_json_set_path(o, "path", path);
	json_obj_set(o, "files_scanned", json_int((int64_t)files));
	json_obj_set(o, "complete", json_bool(complete));
	json_obj_set(o, "state",
	    json_str(complete ? "complete" :
	            files > 0 ? "partial" :
	                        "not scanned"));
	return o;
}

/* facts->coverage from the report's roots and the places that could not be resolved. */
static void
coverage_fill(struct media_scan_facts *f, const struct scanset *s, const struct scan_report *rep)
{
	size_t i, m;

	f->coverage = json_array();
	for (i = 0; i < s->n; i++) {
		const struct scan_medium *med = NULL;

		for (m = 0; rep != NULL && m < rep->nmedia; m++)
			if (strcmp(rep->media[m].path, s->roots[i].path) == 0)
				med = &rep->media[m];
		json_arr_push(f->coverage,
		    coverage_entry(s->labels[i], s->roots[i].path, med != NULL ? med->scanned : 0,
		        med != NULL && med->complete));
	}
	for (i = 0; i < s->nunresolved; i++) {
		struct json *o = json_arr_push(f->coverage,
		    coverage_entry(s->ulabels[i], s->unresolved[i], 0, 0));

		json_obj_set(o, "error", json_str(s->unresolved[i]));
	}
}

/* Records the engine's version, backend, signatures and database version as evidence. */
static void
engine_evidence(struct check_result *res, struct media_scan_facts *f, const struct scan_engine *e)
{
	const struct scan_engine_info *in = scan_engine_info(e);
	char buf[64];

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
}

/* Runs scan_run() over the set's roots into f (with the budget when there is one). */
static void
scan_roots(const struct check_ctx *ctx, struct media_scan_facts *f, const struct scanset *s,
    struct scan_engine *e)
{
	struct scan_opts so = { 0 };
	struct budget b = { ctx->progress, ctx->progress_arg, { 0, 0 }, 0 };
	const char **excl = exclusions(s);
	struct scan_report *rep;

	so.jobs = (int)check_param_int(ctx, "jobs", 0);
	so.progress = ctx->progress;
	so.progress_arg = ctx->progress_arg;
	so.manifest_dir = ctx->sidedir;
	so.exclude = excl;
	if (s->budget_s > 0) {
		/* the budget counts from the start of the walk: loading the database is not in it */
		clock_gettime(CLOCK_MONOTONIC, &b.until);
		b.until.tv_sec += s->budget_s;
		so.progress = budget_progress;
		so.progress_arg = &b;
	}
	rep = scan_run(e, ctx->cfg, s->roots, s->n, &so);
	f->report = scan_report_json(rep, e, 1);
	f->files_scanned = rep->files_scanned;
	f->ninfected = rep->ninfected;
	f->nunscannable = rep->nunscannable;
	f->nerrors = rep->nerrors;
	f->cancelled = rep->cancelled;
	f->budget_s = s->budget_s;
	f->budget_ran_out = b.ran_out;
	if (s->coverage)
		coverage_fill(f, s, rep);
	scan_report_free(rep);
	free(excl);
}

void
scanset_run(const struct check_ctx *ctx, struct media_scan_facts *f, struct check_result *res,
    const struct scanset *s)
{
	struct scan_engine *e = ctx->engine;
	char err[1024];
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
	engine_evidence(res, f, e);
	if (s->n > 0)
		scan_roots(ctx, f, s, e);
	else {
		/* nothing could be resolved: a report of the roots that could not be scanned */
		f->report = json_object();
		json_obj_set(f->report, "engine", scan_engine_json(e));
		json_obj_set(f->report, "verdict", json_str("error"));
		json_obj_set(f->report, "errors", json_array());
		if (s->coverage)
			coverage_fill(f, s, NULL);
	}
	for (i = 0; i < s->nunresolved; i++) {
		const char *v = json_get_str(json_get(f->report, "verdict"));

		json_arr_push(json_get(f->report, "errors"), json_str(s->unresolved[i]));
		f->nerrors++;
		if (v == NULL || strcmp(v, "infected") != 0)
			json_obj_set(f->report, "verdict", json_str("error"));
	}
}
