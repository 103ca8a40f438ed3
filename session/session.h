/*
 * session.h: one person working through the checklist on one device.
 *
 * A session holds the checklist (and its SHA-256), the operator, the role,
 * the device under check, the answer and note for each item, every automatic
 * check result with its evidence, waivers, and times (UTC). Every change is
 * saved at once, atomically, to a session file in the state directory, so a
 * crash or a killed terminal loses nothing: session_list_open() finds the
 * unfinished sessions and session_open() resumes one exactly where it
 * stopped. A truncated or corrupt session file is reported and moved aside
 * (renamed *.corrupt), never silently dropped. Large check results (a
 * scan's manifest) live in side files, STATE/side/ID/, referenced by hash;
 * a finished session moves to STATE/finished/, which nothing reads at start.
 *
 * The TUI and `reentry run` drive the same functions; finishing (the
 * report) is report_finish() in report/. Nothing here prints,
 * draws or exits. Functions that can fail return 0 or -1 with a message in
 * err ("FILE: reason").
 *
 * Ownership: a session borrows the checklist and configuration, which must
 * outlive it; strings returned by getters are valid until the next change to
 * the session or session_free().
 */
#ifndef REENTRY_SESSION_H
#define REENTRY_SESSION_H

#include <stddef.h>
#include <time.h>

#include "../checklists/checklist.h"
#include "../checklists/plan.h"
#include "../checks/check.h"
#include "../config/config.h"
#include "../util/json.h"
#include "runner.h"

struct session;

/* What session_list_open() reports of an unfinished session. */
struct session_info {
	char *path;
	char *operator_name;
	enum role role;
	time_t started;
	time_t updated;
	size_t answered; /* items with an answer or a decision */
	size_t total;
	int corrupt; /* the file could not be read; error holds why */
	char *error;
	/* the device record (devrec.c), each "" when not given */
	char *asset_tag;
	char *serial;
	char *model;
	char *owner;
	time_t finished; /* 0 while open */
	char *verdict;   /* "pass", "fail", "incomplete" as last saved, or "" */
	char *report;    /* the report once finished, else NULL */
};

/*
 * The unfinished sessions in state_dir, newest first. Corrupt files are
 * listed with corrupt set (and moved aside). Caller frees with
 * session_info_free().
 */
int session_list_open(const char *state_dir, struct session_info **out, size_t *n, char *err,
    size_t errlen);
void session_info_free(struct session_info *v, size_t n);
/*
 * The sessions of state_dir, open or finished, that changed in [from, to)
 * (a local day, time_local_day()), newest first; corrupt files are left
 * out. Reads only the state files whose modification time falls in the
 * range, and of each only its header. Caller frees with session_info_free().
 */
int session_list_day(const char *state_dir, time_t from, time_t to, struct session_info **out,
    size_t *n, char *err, size_t errlen);

/*
 * Starts a new session on the inspected system target (recorded in the
 * session and its report; NULL records none) and writes its first state
 * file.
 */
struct session *session_create(const struct checklist *cl, const struct config *cfg,
    const struct target *target, const char *state_dir, const char *operator_name, enum role role,
    char *err, size_t errlen);
/*
 * Resumes the session saved at path. Fails (and says so) when the file is
 * corrupt or was written for a different checklist (SHA-256 mismatch).
 */
struct session *session_open(const struct checklist *cl, const struct config *cfg, const char *path,
    char *err, size_t errlen);
void session_free(struct session *s);

const char *session_path(const struct session *s);
const char *session_id(const struct session *s);
const char *session_operator(const struct session *s);
enum role session_role(const struct session *s);
/* The checklist and configuration the session was opened with. */
const struct checklist *session_checklist(const struct session *s);
const struct config *session_config(const struct session *s);
/* When the session started, was last saved, and finished (0 while open); UTC seconds. */
time_t session_started(const struct session *s);
time_t session_updated(const struct session *s);
time_t session_finished(const struct session *s);
/*
 * Builds a session from the text of a state file without touching the disk
 * (name is used as its path and in messages). session_open() uses it; so do
 * the fuzzers.
 */
struct session *session_parse(const struct checklist *cl, const struct config *cfg,
    const char *name, const char *text, size_t len, char *err, size_t errlen);
/* Whether item applies to the session's role (IT sees every item). */
int session_item_visible(const struct session *s, const struct item *it);

/*
 * Where the session's checks put large results as files of their own (a
 * scan's manifest, referenced from the result by its SHA-256): STATE/side/ID.
 * With make, the directory is created, and NULL returned when it cannot be
 * (then results stay inline). Caller frees. Set it as runner_opts.sidedir.
 */
char *session_sidedir(const struct session *s, int make);

/* The device under check (from a CHECK_IDENTIFIES_DEVICE check), or NULL. */
const struct json *session_device(const struct session *s);
/* The inspected system as recorded at creation (target_to_json()), or NULL in older sessions. */
const struct json *session_target(const struct session *s);
/* 0 when t is the system the session inspects (or it recorded none); else -1 and why. */
int session_check_target(const struct session *s, const struct target *t, char *err, size_t errlen);
/* Sets the device record (copied) and saves. */
int session_set_device(struct session *s, const struct json *device, char *err, size_t errlen);

/*
 * The device record (devrec.c): what a person entered about the device
 * (asset tag, serial, model, owner, site fields), or NULL before it was
 * entered. Valid until the next change to the session.
 */
const struct json *session_device_record(const struct session *s);
/* Validates rec (devrec_validate()) against the session's configuration, stores a copy and saves. */
int session_set_device_record(struct session *s, const struct json *rec, char *err, size_t errlen);
/*
 * The device's identity for the device form: session_device() when a
 * check already named it, else the findings of a check flagged
 * CHECK_IDENTIFIES_DEVICE run now on o->target (the inventory reads DMI
 * through the target) without storing its result, so no outcome changes
 * before the checks are run. A copy (caller frees), or NULL and why.
 */
struct json *session_probe_device(const struct session *s, const struct runner_opts *o, char *err,
    size_t errlen);

/*
 * (desk.c) The last operator's name on this desk (state_dir/last-operator),
 * or NULL when none was kept; caller frees. Untrusted text: sanitise to show.
 */
char *session_last_operator(const char *state_dir);
/* Keeps name as the last operator (atomically). 0, or -1 and why. */
int session_remember_operator(const char *state_dir, const char *name, char *err, size_t errlen);

/* Longest value of one field of the device record, in bytes. */
#define DEVREC_MAX_BYTES 200
/* The built-in fields and then cfg's device.fields, in order: how many, key and label. */
size_t devrec_nfields(const struct config *cfg);
const char *devrec_field_key(const struct config *cfg, size_t i);
const char *devrec_field_label(const struct config *cfg, size_t i, int ja);
/* Whether key is asset_tag, serial, model or owner. */
int devrec_is_builtin(const char *key);
/*
 * Checks one value for key: UTF-8 without control characters, at most
 * DEVREC_MAX_BYTES; a serial that is a firmware placeholder ("To be filled
 * by O.E.M.", "0123456789", "unreadable") is refused; a site field must be
 * declared, given when required and match its pattern as a whole. 0, or -1
 * with *en and *ja set (caller frees; the value in them is sanitised).
 */
int devrec_check_field(const struct config *cfg, const char *key, const char *value, char **en,
    char **ja);
/* Every field of rec as devrec_check_field(), required site fields, and an asset tag or serial. */
int devrec_validate(const struct config *cfg, const struct json *rec, char **en, char **ja);
/* An empty record (caller frees). */
struct json *devrec_new(void);
/* The value of key in rec ("" when unset); untrusted text. */
const char *devrec_get(const struct json *rec, const char *key);
void devrec_set(struct json *rec, const char *key, const char *value);
/* Fills an empty serial and model of rec from the inventory's findings (a usable DMI serial only). */
void devrec_suggest(const struct json *device, struct json *rec);
/* "ASSET SERIAL MODEL / OWNER" of what is set; untrusted text, caller frees. */
char *devrec_line(const struct json *rec);

enum answer session_answer(const struct session *s, const struct item *it);
/* The note ("" when none). */
const char *session_note(const struct session *s, const struct item *it);
/* When the current answer was given (0 when unanswered). */
time_t session_answer_time(const struct session *s, const struct item *it);
/* Records an answer (ANSWER_NONE clears it) and a note (NULL keeps the old one), then saves. */
int session_set_answer(struct session *s, const struct item *it, enum answer a, const char *note,
    char *err, size_t errlen);

/* The stored result of check id, or NULL when it has not run. */
const struct check_result *session_result(const struct session *s, const char *check_id);
/*
 * Applies a result of check c: stores a copy (replacing an earlier one),
 * applies its side effects (CHECK_IDENTIFIES_DEVICE: its details become the
 * session's device), then saves. Every caller that runs checks for a
 * session applies results through here.
 */
int session_set_result(struct session *s, const struct check *c, const struct check_result *r,
    char *err, size_t errlen);
/*
 * The session's plan: the checks bound to items its role sees, each once in
 * checklist order with its first visible binding's parameters; only those
 * bound to only when it is not NULL; only those without a result unless
 * rerun. Free with plan_free().
 */
void session_plan(const struct session *s, const struct item *only, int rerun, struct plan *out);
/*
 * Runs the session's plan (session_plan(s, NULL, rerun)) one check after
 * another through runner_run_one() on o->target, applying each result with
 * session_set_result() as it finishes. Refuses a target other than the one
 * the session inspects. progress may be NULL.
 */
int session_run_checks(struct session *s, const struct runner_opts *o, int rerun,
    progress_fn progress, void *progress_arg, char *err, size_t errlen);

struct waiver {
	char *approved_by;
	char *reason;
	char *until;  /* YYYY-MM-DD */
	char *ticket; /* may be NULL */
};
/* 0 when w has approved_by, reason and a valid until date; else -1 and why. */
int waiver_validate(const struct waiver *w, char *err, size_t errlen);
/* Whether w still holds at time now (through the whole day named by until, UTC). */
int waiver_active(const struct waiver *w, time_t now);
/* The item's waiver, or NULL. */
const struct waiver *session_waiver(const struct session *s, const struct item *it);
/*
 * Records a waiver for an item (copied; NULL removes it), then saves. It
 * turns the item's "failed" into "waived" while it is active.
 */
int session_set_waiver(struct session *s, const struct item *it, const struct waiver *w, char *err,
    size_t errlen);

/* How an item stands now. The rules are outcome.c's, written out in docs/sessions.md. */
enum item_outcome {
	OUTCOME_OPEN,         /* nothing decided yet (its checks have not all run) */
	OUTCOME_PASSED,       /* answered yes, or its checks passed */
	OUTCOME_FAILED,       /* answered no, or a check failed, and not waived */
	OUTCOME_WAIVED,       /* failed but waived */
	OUTCOME_NA,           /* n/a, or its condition is false, or skipped */
	OUTCOME_UNDETERMINED, /* its checks could not decide, and no IT note stands in */
	OUTCOME_ATTENTION,    /* a check warned and IT has not accepted it: not a pass */
};
enum item_outcome session_item_outcome(const struct session *s, const struct item *it);
/* "open", "passed", "failed", "waived", "n/a", "undetermined", "needs-attention". */
const char *item_outcome_name(enum item_outcome o);

/* What decided an item. */
enum outcome_basis {
	BASIS_NONE,   /* nothing: open, undetermined, needs attention */
	BASIS_CHECKS, /* its checks, or its when: condition */
	BASIS_PERSON, /* a person's answer (manual items; "no" on any item) */
	BASIS_PERSON_OVER_UNDETERMINED, /* IT confirmed with a note though a check was unknown, broke or did not run */
	BASIS_PERSON_OVER_WARNING, /* IT accepted a check's warning with a note */
};
/* "checks", "person", "person-over-undetermined-check", "person-accepted-warning"; NULL for none. */
const char *outcome_basis_name(enum outcome_basis b);

struct item_decision {
	enum item_outcome outcome;
	enum outcome_basis basis;
	int checks_ran;           /* automatic items: every bound check has a result */
	enum check_status status; /* automatic items: their combined status so far */
};
/*
 * How item it stands and why. For an automatic item: a failed check fails
 * it whatever a person said; passing checks pass it; a warning, or a check
 * that is unknown, broke or has not run, is not a pass by a person's yes
 * alone: only a person in the IT role with a note saying what was checked
 * instead stands in (recorded as such), else the item needs attention
 * (warning) or stays undetermined or open. Outcomes follow the results as
 * they come: an answer given before the checks ran is judged again then.
 */
void session_item_decision(const struct session *s, const struct item *it, struct item_decision *d);

/*
 * What a person's current answer to item it does now, in both languages, for
 * the UI to say at the moment of answering and again when checks finish.
 * Returns 0 when the answer decides the item as it says, or there is no
 * answer, or the item is not automatic; else 1 with *en and *ja set (caller
 * frees): a failed check fails the item whatever the answer; a check that
 * has not run, could not decide or warned leaves a "yes" without effect
 * until IT adds a note (*wants_note set when the session's person is IT and
 * no note is given), and never for staff; an IT note over such checks is
 * recorded as standing in for them. Each names the checks concerned and their
 * status.
 */
int session_answer_advice(const struct session *s, const struct item *it, char **en, char **ja,
    int *wants_note);

/*
 * The outcome of every item of the session's checklist (cl->nitems entries,
 * in checklist order), to compare before and after checks run so the UI can
 * show what a finished check changed. Caller frees.
 */
enum item_outcome *session_outcomes(const struct session *s);

enum verdict_kind {
	VERDICT_PASS,
	VERDICT_FAIL,
	VERDICT_INCOMPLETE,
};
/* "pass", "fail", "incomplete". */
const char *verdict_name(enum verdict_kind v);

struct verdict {
	enum verdict_kind kind;
	size_t total;     /* visible items */
	size_t automatic; /* decided by checks */
	size_t answered;  /* answered by a person */
	size_t waived;
	size_t failed;
	size_t not_applicable;
	size_t undetermined; /* open or undetermined */
	size_t attention;    /* a warning nobody in IT accepted */
	size_t stood_in; /* passed or n/a by IT's note over a check that warned or could not decide */
};
/*
 * fail: anything failed unwaived; pass: every visible item decided and none
 * needs attention; else incomplete.
 */
void session_verdict(const struct session *s, struct verdict *v);

/* The report written for a finished session, or NULL while it is open. */
const char *session_report(const struct session *s);
/*
 * Marks the session finished with its report at report_path, so it is no
 * longer offered for resuming, and saves. report_finish() (report.h) calls
 * it after writing the report.
 */
int session_mark_finished(struct session *s, const char *report_path, char *err, size_t errlen);

#endif
