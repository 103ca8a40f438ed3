/*
 * scanset.h: what the probes of media-scan and endpoint-scan share, on
 * every kind of system: the set of things to scan, a path on the target
 * resolved beneath its root, and the scan itself into the facts
 * (checks/media_scan.h), with the engine recorded as evidence.
 *
 * The scanner (scan/) walks host paths, so a path on the target is first
 * resolved beneath the root (target_realpath()) and handed over as the host
 * path of the resolved path: a symlinked /home inside an image then leads
 * to the image's own directory, never to the host's. On the running system
 * the root is "/" and the path is handed over as it is. A path that cannot
 * be resolved is not scanned and counts as a root that could not be
 * scanned, in the report's "errors" like the scanner's own.
 *
 * Calling order: a zeroed struct scanset; scanset_add*() in the order the
 * places should be scanned; optionally the Windows options below;
 * scanset_run(); scanset_free(). ctx->engine may point to a resident engine
 * (the kiosk keeps one loaded); without it the checks share the
 * process-wide engine of scan_engine_shared(), loaded once per process.
 *
 * Ownership: the set owns the paths it made and the labels and exclusions
 * it copied; paths given to scanset_add() are borrowed and must outlive
 * scanset_run().
 */
#ifndef REENTRY_SCANSET_H
#define REENTRY_SCANSET_H

#include <stddef.h>

#include "check.h"
#include "media_scan.h"

struct medium;
struct scan_root;

struct scanset {
	struct scan_root *roots;
	char **labels; /* per root: the place's name for the coverage (owned, may be NULL) */
	size_t n;
	char **owned; /* the host paths made here, freed with the set */
	size_t nowned;
	char **unresolved; /* "HOSTPATH: reason" */
	char **ulabels;    /* per unresolved path: its label (owned, may be NULL) */
	size_t nunresolved;
	/* options the Windows probe sets; all off keeps the Linux scan as it always was */
	int coverage;   /* fill facts->coverage, one entry per place with its label */
	int no_nested;  /* a place beneath another is left out of the outer one (scanned once) */
	char **exclude; /* host paths not scanned at all (owned), e.g. memory images */
	size_t nexclude;
	long budget_s; /* > 0: the scan stops when this many seconds have passed */
};

/* Adds a host path as it is (borrowed), with the medium it is on or NULL. */
void scanset_add(struct scanset *s, const char *path, const struct medium *m);
/*
 * Adds path on the target, resolved beneath the root, with label (copied;
 * may be NULL). Returns 0 when added, 1 when it resolves to a place already
 * in the set (not added again), -1 when it could not be resolved (recorded
 * as unresolved).
 */
int scanset_add_target(struct scanset *s, const struct target *t, const char *path,
    const struct medium *m, const char *label);
/* Adds the host path of path on the target to the exclusions (not scanned). */
void scanset_exclude(struct scanset *s, const struct target *t, const char *path);
/* ctx->paths as they are (host paths); whether any were given. */
int scanset_explicit(const struct check_ctx *ctx, struct scanset *s);
/*
 * Gets the engine, records it as evidence and scans the set into f
 * (f->nroots, the report, the counts, the database's age; with
 * s->coverage, f->coverage; with s->budget_s, f->budget_ran_out). With
 * nothing resolved, the report holds only the unresolved paths as errors.
 */
void scanset_run(const struct check_ctx *ctx, struct media_scan_facts *f, struct check_result *res,
    const struct scanset *s);
void scanset_free(struct scanset *s);

#endif
