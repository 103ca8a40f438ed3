/*
 * check.h: the automatic check framework.
 *
 * A check is a const table (struct check) with an id, titles, a parameter
 * schema and a run function, registered in checks/registry.c: adding a check
 * is one new file plus one line there.
 *
 * Calling order: the checklist loader validates each binding's parameters
 * with check_params_from_yaml() when the checklist is loaded; at run time the
 * caller fills a struct check_ctx, calls check_run(), and owns the result
 * until check_result_free(). run functions never print and never exit; they
 * read the system only through ctx->root (default "/"), so tests point them
 * at fixture trees.
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

#include "../util/diag.h"
#include "../util/json.h"
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

/* What a long-running check reports as it goes. */
struct check_progress {
	const char *phase;    /* "counting", "loading", "scanning", ... */
	uint64_t items_done;  /* files, packages, ... */
	uint64_t items_total; /* 0 while unknown */
	uint64_t bytes_done;
	uint64_t bytes_total;
	double rate;          /* bytes per second, 0 when unknown */
	double eta;           /* seconds left, negative when unknown */
	const char *current;  /* current file: untrusted bytes, sanitise before display */
};

/* Returns non-zero to ask the check to stop (it then ends as unknown). */
typedef int (*check_progress_fn)(void *arg, const struct check_progress *p);

struct check_ctx {
	const char *root;             /* prefix for every path read; "/" normally */
	const struct config *cfg;     /* never NULL */
	const struct json *params;    /* object: validated parameters, may be NULL */
	time_t now;                   /* the time the check should consider "now" */
	check_progress_fn progress;   /* may be NULL */
	void *progress_arg;
	void *shared;                 /* check-specific shared state (e.g. a resident scan engine) */
	const char *const *paths;     /* explicit targets (scan), NULL-terminated, may be NULL */
};

struct check_result {
	enum check_status status;
	char *summary_en;      /* one line */
	char *summary_ja;      /* one line */
	struct json *details;  /* object with the check's structured findings */
	struct json *evidence; /* array of {kind, ...}: files read, versions, times */
};

struct check {
	const char *id;
	const char *title_en;
	const char *title_ja;
	const char *reads;                 /* what it reads, for --help and the README */
	const struct check_param *params;  /* terminated by an entry with name NULL */
	void (*run)(const struct check_ctx *ctx, struct check_result *res);
};

/* The registry (checks/registry.c). */
extern const struct check *const check_registry[]; /* NULL-terminated */
const struct check *check_find(const char *id);

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
 * Runs c with ctx and fills res (res need not be initialised). Parameters
 * from the site configuration's checks.<id> block override ctx->params.
 * Adds "id", "started" and "duration_ms" to the details.
 */
void check_run(const struct check *c, const struct check_ctx *ctx, struct check_result *res);

void check_result_init(struct check_result *r);
void check_result_free(struct check_result *r);
/* Sets the status and both summaries (formatted strings copied). */
void check_result_set(struct check_result *r, enum check_status st, const char *en, const char *ja);
/* Records that path (under the root) was read, with its mtime and size when it exists. */
void check_evidence_file(struct check_result *r, const struct check_ctx *ctx, const char *path);
/* Records a named value (a version, a time, a count). */
void check_evidence_value(struct check_result *r, const char *name, const char *value);
/* {"id","status","summary":{"en","ja"},"details","evidence"}; caller frees. */
struct json *check_result_to_json(const char *id, const struct check_result *r);
/* Rebuilds a result from check_result_to_json() output; -1 when malformed. */
int check_result_from_json(const struct json *j, struct check_result *r);

#endif
