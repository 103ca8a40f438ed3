/*
 * fleet.h: the fleet database, where the signed reports of many desks and
 * kiosks are collected and asked questions of (docs/fleet.md).
 *
 * One schema in two dialects (SQLite and PostgreSQL, fleet/db.h), versioned:
 * fleet_open() runs the migrations a database lacks, under a lock, so two
 * collectors starting at once agree. fleet_import() files one report that
 * report_verify_file() has checked, in one transaction: a trusted report
 * with its device, items, check results and files, or a rejected one with
 * its reason. The report's SHA-256 is its key (importing it again changes
 * nothing), and the database's constraints, not this program, keep one
 * trusted report per signer and sequence number. The newest sequence number
 * and hash of each signer are kept in chain_heads; a report that goes back
 * behind the head, forks or skips numbers is recorded in chain_events.
 *
 * Nothing here prints or exits; errors come back in err.
 */
#ifndef REENTRY_FLEET_H
#define REENTRY_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "../report/report.h"

/* The schema version this program writes and reads. */
#define FLEET_SCHEMA_VERSION 2

struct fleet {
	struct fleet_db *db;
	char *shown_url; /* the URL with its password replaced by *** (fleet_db_redact()) */
};

/* Opens the database at url (see fleet_db_open()) and migrates it. NULL with err. */
struct fleet *fleet_open(const char *url, char *err, size_t errlen);
void fleet_close(struct fleet *f);

/* What became of one report. */
enum fleet_outcome {
	FLEET_IMPORTED,   /* new, trusted */
	FLEET_DUPLICATE,  /* already recorded as trusted: nothing changed */
	FLEET_REJECTED,   /* recorded as rejected, with the reason (or already was: known) */
	FLEET_CONFLICT,   /* authentic, but its sequence number is held by another report */
	FLEET_UNREADABLE, /* could not be read at all: not recorded */
};

struct fleet_import {
	enum fleet_outcome outcome;
	int known;       /* its SHA-256 was already recorded (REJECTED, CONFLICT or DUPLICATE) */
	char *reason;    /* why rejected or in conflict (English), else NULL */
	char **flags_en; /* chain events recorded for it, NULL-terminated (may be NULL) */
	char **flags_ja; /* the same in Japanese */
};
void fleet_import_clear(struct fleet_import *r);

/*
 * Files the report at path, verified as v (report_verify_file() with the
 * allowed-signers file): v->status other than REPORT_GOOD is recorded as
 * rejected with v->error. source says where it was collected from (the
 * file's path). Returns -1 with err only when the database failed.
 */
int fleet_import(struct fleet *f, const char *source, const struct report_verification *v,
    struct fleet_import *out, char *err, size_t errlen);

/*
 * Whether a trusted report with this SHA-256 and this signature SHA-256 is
 * recorded: 1 yes, 0 no, -1 with err when the database failed. Collecting it
 * again would change nothing, so its verification can be skipped.
 */
int fleet_known_trusted(struct fleet *f, const char *sha256, const char *sig_sha256, char *err,
    size_t errlen);

/* The questions `reentry fleet` answers, each a SELECT from one documented view. */
enum fleet_question {
	FLEET_Q_SUMMARY,  /* by day, desk and verdict, since a date */
	FLEET_Q_FAILURES, /* devices whose latest report failed, one row per failed item */
	FLEET_Q_INFECTED, /* infected files found on media, with the kiosk or desk */
	FLEET_Q_OPEN,     /* items left open in the latest report of each device */
	FLEET_Q_DEVICE,   /* the history of one device (serial, host name or medium serial) */
	FLEET_Q_REJECTED, /* reports not trusted, with the reason */
	FLEET_Q_CHAIN,    /* chain events: went back, forked, skipped numbers */
};
/*
 * Asks q; arg is the date (YYYY-MM-DD) for FLEET_Q_SUMMARY (NULL: all) and
 * the serial for FLEET_Q_DEVICE. out is filled (caller frees).
 */
int fleet_ask(struct fleet *f, enum fleet_question q, const char *arg, struct fleet_rows *out,
    char *err, size_t errlen);
/* The SQL fleet_ask() runs for q, for the documentation and --sql. */
const char *fleet_question_sql(enum fleet_question q);
/*
 * The terminal's title of one of the views' columns, in English or (ja)
 * Japanese; an unknown column's own name. CSV keeps the column names.
 */
const char *fleet_column_title(const char *col, int ja);

#endif
