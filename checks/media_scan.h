/*
 * media_scan.h: the facts of the two malware-scan checks, media-scan and
 * endpoint-scan (checks/media_scan.c).
 *
 * The probe chooses what to scan (explicit ctx->paths, the mounted
 * removable media, or the endpoint's directories resolved beneath the
 * target's root), loads or borrows the engine and runs the scan; the facts
 * are the scan report as JSON (scan_report_json() with manifests inline, or
 * naming the streamed manifest file when ctx->sidedir is set), the
 * counts the verdict rests on, and what was or could not be scanned. The
 * judge decides: fail when anything is infected; unknown when something
 * could not be scanned, a path could not be opened, the scan was cancelled
 * or there is no usable signature database, or the database is older than
 * the site's clamav.max_signature_age_days or of unknown age (a clean scan
 * with old signatures proves nothing); pass only when every file was
 * scanned with current signatures and nothing was found; media-scan is skip
 * when no removable medium is attached.
 *
 * Ownership: the facts own every string and JSON value in them;
 * media_scan_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_MEDIA_SCAN_H
#define REENTRY_MEDIA_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

struct media_scan_facts {
	int explicit_paths; /* ctx->paths were scanned (a kiosk's medium) */
	size_t nroots;      /* things to scan found (resolved or not); 0: nothing to scan */
	size_t unmounted; /* media-scan: attached media neither mounted nor covered by a mounted partition */
	struct json *missing; /* endpoint-scan: array of the paths that do not exist on the target */
	char *engine_error;   /* no engine could be had: why (then nothing was scanned) */
	struct json *report; /* scan_report_json(), with any unresolved roots in its "errors"; NULL when not run */
	/* the counts of the report the verdict rests on */
	uint64_t files_scanned;
	size_t ninfected;
	size_t nunscannable;
	size_t nerrors; /* roots that could not be scanned, unresolved ones included */
	int cancelled;
	/* the signature database the engine loaded (when there was an engine) */
	time_t db_time;           /* its build time, 0 when unknown */
	const char *db_time_from; /* "cvd", "mtime", "clamd" or NULL; static string */
	/* endpoint-scan on Windows (checks/windows/media_scan.c) */
	struct json *coverage; /* [{place, path, files_scanned, complete, state[, error]}] in scan order; NULL elsewhere */
	struct json *not_scanned; /* [{path, reason}]: left out on purpose (memory images); NULL elsewhere */
	long budget_s;            /* the time budget in seconds, 0 for none */
	int budget_ran_out; /* the budget stopped the scan */
};

void media_scan_facts_free(void *facts);

/* Removable media (or ctx->paths) / this computer's directories (or ctx->paths). */
int media_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
int endpoint_scan_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* The Windows volume under --root: the places malware lives first, then the rest (or ctx->paths). */
int endpoint_scan_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
