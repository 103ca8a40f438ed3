/*
 * report.h: the report of record and the tools around it.
 *
 * A finished session becomes one JSON document (docs/report-format.md,
 * schema "reentry-report" version 3, reading 1 and 2 too) written into a report directory with a
 * name that sorts by time, never over an earlier file. Each report carries a
 * sequence number and the SHA-256 of the previous report in the same
 * directory and of that report's signature, so the reports form a hash
 * chain. Beside REPORT.json go REPORT.json.sig (SSHSIG, sign/sshsig.h),
 * optionally REPORT.json.p7s (CMS), REPORT.html, REPORT.txt, and when a scan
 * ran REPORT.manifest.jsonl (every file scanned; its SHA-256, line count and
 * size are in the signed report).
 *
 * Calling order for writing: report_finish() loads the key, calls
 * report_write() and marks the session finished. For reading: report_verify_file() checks
 * one report; report_audit() checks a directory and its chain.
 *
 * Nothing here prints or exits; errors come back as messages.
 */
#ifndef REENTRY_REPORT_H
#define REENTRY_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../session/session.h"
#include "../util/json.h"
#include "../sign/allowed_signers.h"
#include "../sign/sshkey.h"
#include "../sign/sshsig.h"

#define REPORT_SCHEMA "reentry-report"
/* The SSHSIG namespace reports are signed in (ssh-keygen -Y ... -n). */
#define REPORT_SIG_NAMESPACE "reentry-report"
/* The version written; report_validate() also reads every older one (docs/report-format.md). */
#define REPORT_SCHEMA_VERSION 3
/* Largest report file read back. */
#define REPORT_MAX_BYTES (64u << 20)
/* The largest signature file read. */
#define REPORT_SIG_MAX_BYTES (1u << 20)

/* Where a new report goes in its directory's chain. */
struct report_chain {
	int64_t sequence;         /* 1 for the first report in a directory */
	char *prev_name;          /* file name of the previous report, NULL for the first */
	char prev_sha256[65];     /* of its bytes; "" for the first */
	char prev_sig_sha256[65]; /* of its .sig file; "" when it has none */
	long nreports; /* report files in the directory when read (the head file), -1 unknown */
};
void report_chain_clear(struct report_chain *c);
/*
 * Finds the latest report in dir signed by key, or by a key the
 * allowed-signers file (may be NULL) allows for reports, its signature
 * verified before anything in it is believed, and fills c for the next one.
 * Other files (unsigned, signed by a stranger, FIFOs) never set the
 * sequence.
 */
int report_chain_next(const char *dir, const struct sshkey *key, const char *allowed_signers,
    struct report_chain *c, char *err, size_t errlen);

/*
 * The report document for s, finished at time end, signed by the key with
 * fingerprint fp, at chain position c. report_id names it. Caller frees.
 */
struct json *report_build(const struct session *s, const struct report_chain *c,
    const char *report_id, const char *fp, time_t end);

/*
 * (schema.c) Checks a parsed report against the schema: every required member with the
 * right type and value set. Returns 0 or -1 with the first problem in err
 * ("items[3].answer: ...").
 */
int report_validate(const struct json *r, char *err, size_t errlen);
/* Parses and validates report text. NULL with err on failure. */
struct json *report_parse(const char *text, size_t len, char *err, size_t errlen);

/*
 * How one item was decided (decision.c): read from a version 2 or 3 report, or
 * worked out for a version 1 one by the rules of docs/sessions.md. The
 * strings point into r and are valid while it lives.
 */
struct report_item_decision {
	const char *outcome;      /* NULL when the item was not shown */
	const char *basis;        /* "checks", "person", "person-over-undetermined-check",
	                             "person-accepted-warning", or NULL when not decided */
	const char *check_status; /* worst status of its bound checks that ran; NULL when none */
	int checks_ran;           /* every bound check has a result */
};
void report_item_decision(const struct json *r, const struct json *item, struct report_item_decision *d);
/* The result of check id in r's checks, or NULL; valid while r lives. */
const struct json *report_check_result(const struct json *r, const char *id);
/* Whether basis means a person stood in for a check (warning accepted, or over an undetermined check). */
int report_basis_stood_in(const char *basis);
/* The words for a basis where a person stood in for a check, in Japanese (ja) or English; else NULL. */
const char *report_basis_words(const char *basis, int ja);
/* Shown items that need attention, and that a person stood in for (any version). */
void report_attention_counts(const struct json *r, size_t *attention, size_t *stood_in);

/*
 * (device.c) A name for the report's device: its host name, else its machine
 * id; for a medium (a kiosk report) its serial, else its filesystem UUID, else
 * its device node; else "unknown". Valid while r lives; untrusted text.
 */
const char *report_device_name(const struct json *r);
/* Whether the report's device is a removable medium (a kiosk visit). */
int report_device_is_medium(const struct json *r);
/*
 * The device described in full: for a medium its serial, vendor, model,
 * size, filesystem, UUID, label and device node; else report_device_name().
 * Untrusted text; caller frees.
 */
char *report_device_label(const struct json *r);
/* Infected and unscannable files over all the report's scans. */
void report_scan_counts(const struct json *r, size_t *infected, size_t *unscannable);
/* The human copies (html.c, text.c); caller frees. */
char *report_html(const struct json *r);
char *report_text(const struct json *r);
/* The CSV header line and one row for a report (file name, check status); both end in CRLF. */
const char *report_csv_header(void);
char *report_csv_row(const struct json *r, const char *file, const char *status);
/*
 * The same with one more column per site field of the device record
 * ("field:KEY", in the order of site), for `audit --csv` over reports that
 * carry them. Caller frees.
 */
char *report_csv_header_fields(const char *const *site, size_t nsite);
char *report_csv_row_fields(const struct json *r, const char *file, const char *status,
    const char *const *site, size_t nsite);
/* Appends one field sanitised and formula-neutralised as in report_csv_row(); last ends the row. */
struct strbuf;
void report_csv_field(struct strbuf *sb, const char *raw, int last);

/* Where a finished report went. */
struct report_paths {
	char *json; /* the report of record */
	char *sig;  /* its SSHSIG signature */
	char *html;
	char *txt;
	char *manifest;    /* REPORT.manifest.jsonl, or NULL when no scan made one */
	char *fingerprint; /* SHA256:... of the signing key */
	char *report_id;
};
void report_paths_free(struct report_paths *p);

/*
 * Ends the session: writes the report (JSON, HTML, text) into report_dir,
 * signs it with the key at key_path (NULL: the configured key; no key at all
 * is an error), extends the directory's hash chain, and marks the session
 * finished so it is no longer offered for resuming. report_dir NULL means
 * the configured one. On success out holds the paths (caller frees with
 * report_paths_free()). On failure out is empty, except when the report was
 * written but the session could not be marked finished: then out->json is
 * set. docs/report-format.md describes the files.
 */
int report_finish(struct session *s, const char *report_dir, const char *key_path,
    struct report_paths *out, char *err, size_t errlen);

/*
 * Writes the report of s into dir: JSON, signature with key, HTML and text,
 * and CMS when the configuration names a certificate and key. Holds a lock
 * on the directory so two writers cannot take the same sequence number.
 */
int report_write(const struct session *s, const char *dir, const struct sshkey *key,
    struct report_paths *out, char *err, size_t errlen);

/*
 * Detached CMS (PKCS#7) signature in DER over len bytes, with the PEM
 * certificate and key at the given paths (cms.c). The key file must not be
 * readable by group or others. *der is a new buffer (caller frees).
 */
int report_cms_sign(const char *cert_path, const char *key_path, const void *data, size_t len,
    unsigned char **der, size_t *derlen, char *err, size_t errlen);

/* What verifying one report found (report_verify_file()). */
enum report_status {
	REPORT_GOOD = 0,
	REPORT_BAD = 1,        /* bad or missing signature, tampered, not allowed, schema */
	REPORT_UNREADABLE = 2, /* the report itself could not be read */
};

struct report_verification {
	enum report_status status;
	char *error;           /* why, when not good */
	struct json *report;   /* parsed document when it parsed, else NULL */
	char *fingerprint;     /* of the signing key, when the signature parsed */
	char *principals;      /* allowed-signers principals, when checked and found */
	int signers_checked;   /* an allowed-signers file was consulted */
	char *signers_refused; /* its lines ssh-keygen would refuse, "FILE:LINE: why\n" each */
	char sha256[65];       /* of the report file ("" when unreadable) */
	char sig_sha256[65];   /* of the signature file ("" when missing) */
	int manifest;          /* enum report_manifest: what became of the manifest beside it */
	char *manifest_note;   /* what was found of it, one sentence (NULL for none) */
};

/* The manifest beside a report (report_manifest_check()). */
enum report_manifest {
	REPORT_MANIFEST_NONE = 0, /* the report names none (no scan, or schema 1 and 2) */
	REPORT_MANIFEST_GOOD,     /* present, SHA-256, lines and size as signed */
	REPORT_MANIFEST_ABSENT,   /* named but not there: not checked, never a pass */
	REPORT_MANIFEST_BAD,      /* altered or unreadable: the report is bad */
};
/*
 * (manifest.c) Checks the manifest r names, beside report_path. Returns an
 * enum report_manifest with one sentence in err saying what was found.
 */
int report_manifest_check(const char *report_path, const struct json *r, char *err, size_t errlen);
/*
 * Joins the streamed manifests r's checks name (in sidedir, the session's
 * side directory) into a new temporary file in dir, checking each against
 * the SHA-256, lines and size its check recorded. *tmp is the file (caller
 * links it to DIR/BASE.manifest.jsonl or unlinks it, and frees), *ref the
 * report's "manifest" member ({file, sha256, files, bytes}, or null when no
 * check had a manifest: then *tmp is NULL). 0, or -1 with err.
 */
int report_manifest_join(const struct json *r, const char *sidedir, const char *dir,
    const char *base, char **tmp, struct json **ref, char *err, size_t errlen);
void report_verification_clear(struct report_verification *c);
/*
 * Verifies path (REPORT.json) with REPORT.json.sig beside it: signature,
 * namespace, schema, and with allowed_signers (may be NULL) that the key is
 * allowed for reports, for principal when not NULL (as ssh-keygen -Y verify
 * -I principal), any principal otherwise.
 */
void report_verify_file(const char *path, const char *allowed_signers, const char *principal,
    struct report_verification *out);

/*
 * report_verify_file() in two parts, for a caller that verifies many reports
 * (the audit) and has read the files itself.
 *
 * report_verify_bytes() is the part that depends only on the bytes: the
 * report's data (len bytes) and its signature (sig, siglen; NULL when the
 * signature file could not be read, sigerr then says why). It fills out
 * (cleared by the caller) with the SHA-256s, the parsed document and the
 * signer's fingerprint, and returns 0 when the signature holds, the
 * document is valid JSON matching the schema and names its signer; then
 * *signer is the signing key (caller frees) and out->status is not yet
 * REPORT_GOOD. Else -1 with out->status and out->error set.
 *
 * report_verify_trust() is the part that depends on more than the bytes:
 * the allowed-signers file as (NULL or no path: not checked) at as->now,
 * and the manifest beside the report. out is what report_verify_bytes()
 * gave (or the same read from the audit's cache); it sets out->status.
 */
struct report_signers {
	const char *path; /* the allowed-signers file; NULL: none */
	const char *text; /* its text when the caller read it once, else NULL (read here) */
	size_t len;
	time_t now; /* the time keys must be valid at; 0: now */
};
int report_verify_bytes(const char *path, const char *data, size_t len, const char *sig,
    size_t siglen, const char *sigerr, struct report_verification *out, struct sshkey **signer);
void report_verify_trust(const char *path, const struct report_signers *as, const char *principal,
    const struct sshkey *signer, struct report_verification *out);

/* One report as the audit saw it. */
struct audit_report {
	char *name; /* file name in the directory */
	struct report_verification verification;
	int64_t sequence; /* -1 when unknown */
	int selected;     /* good and matching the audit's filter (all good ones without one) */
};

/* Which reports an audit lists (every report is still verified, and the whole chain). */
struct audit_filter {
	const char *since;   /* ended at or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; NULL: any */
	const char *until;   /* ended at or before (a date: through that whole day); NULL: any */
	const char *verdict; /* pass, fail or incomplete; NULL: any */
	const char *device; /* a serial, host name or machine id in the report's device; NULL: any */
};
/* Whether s is a date or UTC time as audit_filter.since and until take them. */
int report_audit_time_ok(const char *s);
/* Whether the report document r matches f (NULL matches everything). */
int report_audit_match(const struct json *r, const struct audit_filter *f);

/* One line of the summary: the latest report per device and operator. */
struct audit_row {
	char *device;
	char *operator_name;
	char *last_check; /* end time of the latest report */
	char *verdict;
	size_t open_failures;
	size_t attention; /* items that need attention (a check warned, nobody in IT accepted it) */
	size_t stood_in;  /* items a person decided over a check that warned or could not decide */
	char *report;     /* its file name */
	int single;       /* a kiosk visit or a failure: its own row, never folded */
	struct json *record; /* the latest report's device_record (a copy), or NULL */
};

struct audit {
	struct audit_report *reports; /* in name order */
	size_t nreports;
	char **problems; /* one sentence each, naming the file */
	size_t nproblems;
	struct audit_row *rows;
	size_t nrows;
	size_t from_cache; /* reports whose bytes an earlier audit verified (auditcache.h) */
	char *cache_error; /* why the cache could not be written, or NULL */
};
/* Verifies every report in dir and the hash chain between them. */
int report_audit(const char *dir, const char *allowed_signers, struct audit *out, char *err,
    size_t errlen);
/* The same, listing and summarising only the reports that match f (may be NULL). */
int report_audit_filtered(const char *dir, const char *allowed_signers,
    const struct audit_filter *f, struct audit *out, char *err, size_t errlen);
/* How report_audit_run() goes about it. */
struct audit_opts {
	const struct audit_filter *filter; /* which reports are listed; NULL: all */
	const char *cache; /* the cache file (report_audit_cache_path()), or NULL for none */
};
/*
 * The same with options: with a cache, a report whose bytes and signature's
 * bytes are those an earlier audit verified is not parsed and verified
 * again (its key is still checked against the allowed signers, and its
 * manifest is still checked), and the cache is then rewritten when it
 * changed. A cache that cannot be written is not an error (cache_error).
 */
int report_audit_run(const char *dir, const char *allowed_signers, const struct audit_opts *o,
    struct audit *out, char *err, size_t errlen);
/* The audit's cache file for dir in state_dir (caller frees), or NULL when dir does not resolve. */
char *report_audit_cache_path(const char *state_dir, const char *dir);
void report_audit_clear(struct audit *a);

#endif
