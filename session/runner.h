/*
 * runner.h: the one path that runs automatic checks.
 *
 * Every caller runs a plan (checklists/plan.h) through here: `reentry
 * check`, `reentry run` (session_run_checks()), the desk UI and the kiosk.
 * runner_run_one() builds the check's context from the target, lends the
 * resident signature database to a check flagged CHECK_USES_ENGINE, hands
 * explicit paths to one flagged CHECK_SCANS_PATHS, and turns a run that was
 * asked to stop into unknown, never clean. The result is then applied with
 * session_set_result(), which also applies its side effects (a check
 * flagged CHECK_IDENTIFIES_DEVICE names the session's device).
 *
 * A runner also runs a whole plan in a worker thread so a UI stays live:
 * the worker copies progress under a mutex and answers the cancel flag;
 * the UI thread polls with runner_peek() and takes finished results with
 * runner_take(), storing them in the session itself, so the session is only
 * touched by one thread. Nothing here prints, draws or exits.
 */
#ifndef REENTRY_RUNNER_H
#define REENTRY_RUNNER_H

#include <stddef.h>

#include "../checklists/plan.h"
#include "../checks/check.h"
#include "../scan/scan.h"

/* What every check of a run shares. Borrowed: all of it must outlive the run. */
struct runner_opts {
	const struct target *target;
	const struct config *cfg;
	struct scan_loader *engine; /* may be NULL: engine checks then load their own */
	const char *const *paths;   /* for CHECK_SCANS_PATHS checks, NULL-terminated; may be NULL */
	time_t now;                 /* 0: the time each check starts */
	const char *sidedir;        /* large results as files (session_sidedir()); NULL: inline */
};

/*
 * Runs one planned check and fills res (caller frees). progress may be
 * NULL; when it returns non-zero the check stops and counts as unknown.
 */
void runner_run_one(const struct plan_entry *e, const struct runner_opts *o, progress_fn progress,
    void *progress_arg, struct check_result *res);

struct runner;

/* What a UI shows of a running plan; strings are copies. */
struct runner_view {
	size_t index, n; /* the check running now, of n */
	const struct check *check;
	int have_progress;
	struct progress p; /* p.phase and p.current point into the view */
	char phase[32];
	char phase_ja[64];
	char current[1024];
	double started; /* monotonic seconds when this check started */
	int done, cancelled;
};

/* Starts running p (copied; o and its paths copied too) in a thread. */
struct runner *runner_start(const struct plan *p, const struct runner_opts *o);
void runner_peek(struct runner *r, struct runner_view *v);
/* Moves out the next finished result: 1 and *c, *res filled (caller frees res), else 0. */
int runner_take(struct runner *r, const struct check **c, struct check_result *res);
/*
 * Whether c is still to finish in this run: 2 it is running now, 1 it waits
 * its turn, 0 it finished (or is not in the run).
 */
int runner_pending(struct runner *r, const struct check *c);
/* Asks the running check to stop (through its progress callback). */
void runner_cancel(struct runner *r);
/* Stops, joins and frees; accepts NULL. */
void runner_free(struct runner *r);

#endif
