/*
 * check.h: the automatic check framework.
 *
 * A check is a judge over facts. Its const table (struct check), in
 * checks/<check>.c, holds the id, titles, parameter schema, flags, the size
 * of its facts struct, and the judge that decides a status from the facts
 * and words it in both languages, once. The facts are filled by a probe per
 * kind of system: checks/linux/<check>.c for Debian-like systems,
 * checks/windows/<check>.c for Windows. The probe is chosen at run time from
 * the target's kind (sys/target.h); a kind without a probe gives skip with
 * the reason the table states. Every check is listed once in
 * checks/check_table.c.
 *
 * Calling order: the checklist loader validates each binding's parameters
 * with check_params_from_yaml() when the checklist is loaded; at run time the
 * caller fills a struct check_ctx, calls check_run(), and owns the result
 * until check_result_free(). check_run() allocates the facts, calls the
 * probe, then the judge (unless the probe already decided, for instance
 * that the facts cannot be had), and frees the facts. Probes and judges
 * never print and never exit; probes read the inspected system only through
 * ctx->target, so tests point them at fixture trees and nothing escapes the
 * root.
 *
 * The rule every check follows: never CHECK_PASS when the truth is unknown.
 * Stale data, a missing database or a file it may not read is CHECK_UNKNOWN
 * with the reason and the fix in the summary.
 */
#ifndef REENTRY_CHECK_H
#define REENTRY_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../sys/target.h"
#include "../util/diag.h"
#include "../util/json.h"
#include "../util/progress.h"
#include "../util/ydoc.h"

struct config;

enum check_status {
	CHECK_PASS,
	CHECK_WARN,
	CHECK_FAIL,
	CHECK_UNKNOWN, /* could not be determined: the summary says why */
	CHECK_ERROR,   /* the check itself broke */
	CHECK_SKIP,    /* not applicable: the summary says why */
};
#define CHECK_STATUS_COUNT 6

/* "pass", "warn", "fail", "unknown", "error", "skip". */
const char *check_status_name(enum check_status s);
/* 0 and *out set when name is a status name, else -1. */
int check_status_parse(const char *name, enum check_status *out);
/* The more severe of two statuses: fail > error > unknown > warn > pass > skip. */
enum check_status check_status_worse(enum check_status a, enum check_status b);

enum check_param_type {
	CHECK_PARAM_STRING,
	CHECK_PARAM_INT,
	CHECK_PARAM_BOOL,
	CHECK_PARAM_STRLIST, /* a string or a sequence of strings */
};

struct check_param {
	const char *name;
	enum check_param_type type;
	long long min, max; /* for CHECK_PARAM_INT */
	const char *help;
};

struct check_ctx {
	const struct target *target; /* the inspected system; never NULL in check_run() */
	const struct config *cfg;    /* never NULL */
	const struct json *params;   /* object: validated parameters, may be NULL */
	time_t now;                  /* the time the check should consider "now" */
	progress_fn progress;        /* may be NULL */
	void *progress_arg;
	void *engine;             /* CHECK_USES_ENGINE: a loaded struct scan_engine, or NULL */
	const char *const *paths; /* CHECK_SCANS_PATHS: explicit paths, NULL-terminated, may be NULL */
	const char *sidedir; /* where large results go as files of their own (a scan's manifest); NULL: inline */
};

struct check_result {
	enum check_status status;
	char *summary_en;      /* one line */
	char *summary_ja;      /* one line */
	struct json *details;  /* object with the check's structured findings */
	struct json *evidence; /* array of {kind, ...}: files read, versions, times */
};

/* What sets a check apart where it is run; the one run path reads these, never the id. */
enum check_flag {
	CHECK_USES_ENGINE = 1 << 0,       /* scans with the signature database (ctx->engine) */
	CHECK_IDENTIFIES_DEVICE = 1 << 1, /* its details name the device under check */
	CHECK_SCANS_PATHS = 1 << 2, /* takes explicit paths (ctx->paths), e.g. a kiosk medium */
};

/* How a check reads one kind of system. */
struct check_probe {
	/*
	 * Fills facts (zeroed, facts_size bytes) from ctx->target and records
	 * the evidence it read in res. Returns 0 for the judge to decide, or
	 * -1 when it has set res itself (the facts could not be had).
	 */
	int (*probe)(const struct check_ctx *ctx, void *facts, struct check_result *res);
	/* Without a probe: why the check does not apply to this kind (skip). */
	const char *skip_en;
	const char *skip_ja;
};

/* The skip reason of a check whose Windows probe is still to come (issue: Windows laptops). */
#define CHECK_NO_WINDOWS_PROBE                                                                                                 \
	{                                                                                                                      \
		NULL, "not read from a Windows installation yet: check this item by hand",                                     \
		    "Windows のシステムはまだ自動では確認できません。手作業で確認してください" \
	}

struct check {
	const char *id;
	const char *title_en;
	const char *title_ja;
	const char *reads;                /* what it reads, for --help and the README */
	const struct check_param *params; /* terminated by an entry with name NULL */
	unsigned flags;                   /* enum check_flag */
	size_t facts_size;                /* sizeof the check's facts struct */
	void (*facts_free)(void *facts); /* frees what the facts own, not facts itself; may be NULL */
	struct check_probe probes[TARGET_KIND_COUNT]; /* indexed by enum target_kind */
	/* Decides res from the facts, in both languages; reads nothing but facts and ctx. */
	void (*judge)(const struct check_ctx *ctx, const void *facts, struct check_result *res);
};

/* The one list of checks (checks/check_table.c), NULL-terminated. */
extern const struct check *const check_table[];
const struct check *check_find(const char *id);

/*
 * Validates the site configuration's checks.<id> block (the signature of
 * config_check_validator in config.h): the parameters as an object, or NULL
 * after adding diagnostics (an unknown id included).
 */
struct json *check_config_params(const char *id, const struct ynode *key, const struct ynode *n,
    const char *file, struct diags *d);

/*
 * Validates a binding's "params" mapping (n may be NULL) against c's schema
 * and returns it as a JSON object (caller frees), or NULL after adding errors.
 */
struct json *check_params_from_yaml(const struct check *c, const struct ynode *n, const char *file,
    struct diags *d);

/* Parameter readers; a missing or mistyped parameter gives the fallback. */
long long check_param_int(const struct check_ctx *ctx, const char *name, long long fallback);
int check_param_bool(const struct check_ctx *ctx, const char *name, int fallback);
const char *check_param_str(const struct check_ctx *ctx, const char *name, const char *fallback);
/* Array of strings or NULL. */
const struct json *check_param_list(const struct check_ctx *ctx, const char *name);

/*
 * Runs c with ctx and fills res (res need not be initialised): the probe
 * for ctx->target's kind and the judge, or skip with the reason where the
 * kind has no probe. Parameters from the site configuration's checks.<id>
 * block override ctx->params. Adds "started", "duration_ms" and "target"
 * (the kind it ran on) to the details.
 */
void check_run(const struct check *c, const struct check_ctx *ctx, struct check_result *res);

void check_result_init(struct check_result *r);
void check_result_free(struct check_result *r);
/* Sets the status and both summaries (formatted strings copied). */
void check_result_set(struct check_result *r, enum check_status st, const char *en, const char *ja);
/* Records that path (on the target) was read, with its mtime and size when it exists. */
void check_evidence_file(struct check_result *r, const struct check_ctx *ctx, const char *path);
/* Records a named value (a version, a time, a count). */
void check_evidence_value(struct check_result *r, const char *name, const char *value);
/*
 * Adds an array of {"en","ja"} under key in obj (for example a check's
 * details.limits: what the evaluation does not see), from n pairs of
 * English and Japanese texts. Returns the array (owned by obj).
 */
struct json *check_limits_set(struct json *obj, const char *key, const char *const (*texts)[2], size_t n);
/* {"id","status","summary":{"en","ja"},"details","evidence"}; caller frees. */
struct json *check_result_to_json(const char *id, const struct check_result *r);
/* Rebuilds a result from check_result_to_json() output; -1 when malformed. */
int check_result_from_json(const struct json *j, struct check_result *r);

#endif
