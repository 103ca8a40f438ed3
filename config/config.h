/*
 * config.h: the site configuration, what differs between organisations.
 *
 * Loaded from /etc/reentry/config.yaml (or --config FILE) and validated as
 * strictly as a checklist: unknown keys, wrong types and bad values are
 * FILE:LINE:COLUMN errors. A missing default file means built-in defaults; a
 * missing file named with --config is an error. docs/configuration.md lists
 * every key.
 */
#ifndef REENTRY_CONFIG_H
#define REENTRY_CONFIG_H

#include <stddef.h>

#include "../util/diag.h"
#include "../util/json.h"

#define CONFIG_DEFAULT_PATH "/etc/reentry/config.yaml"

/* One site-defined field of the device record (device.fields). */
struct config_device_field {
	char *key;      /* [a-z][a-z0-9_]*, not one of the built-in fields */
	char *label_en; /* shown in English */
	char *label_ja; /* shown in Japanese */
	char *pattern;  /* POSIX extended regex a value must match (whole), or NULL */
	int required;   /* an empty value is refused */
};

struct config {
	char *file;               /* NULL when built-in defaults are used */
	long long telework_start; /* UTC seconds; 0 when not set */
	char *report_dir;         /* NULL: config_report_dir() picks the default */
	char *state_dir;          /* NULL: default (XDG_STATE_HOME or /var/lib/reentry) */
	char *signing_key;        /* OpenSSH Ed25519 private key, or NULL */
	char *allowed_signers;    /* for verify and audit, or NULL */
	char *fleet_database;  /* fleet.database: a postgresql:// URL or a SQLite path, or NULL */
	char *cms_certificate; /* optional X.509 signing certificate (PEM) */
	char *cms_key;         /* its private key (PEM) */
	char **software_allow; /* glob patterns, NULL-terminated */
	char **software_deny;
	char **persistence_allow;   /* persistence.allow: glob patterns, NULL-terminated */
	char **org_domains;         /* the organisation's own domains */
	char *clamav_database;      /* NULL: libclamav's default directory */
	char *clamd_socket;         /* NULL: embedded engine */
	int max_signature_age_days; /* default 3 */
	char *windows_builds_file;  /* windows.builds_file: replaces the shipped table, or NULL */
	int windows_builds_max_age_days; /* windows.builds_max_age_days: older is stale; default 60 */
	int max_list_age_days;           /* apt lists older than this are stale; default 7 */
	long long scan_max_filesize;     /* bytes, default 100 MiB */
	long long scan_max_scansize;     /* bytes, default 400 MiB */
	long long scan_max_files;        /* per archive, default 10000 */
	long long scan_max_recursion;    /* default 17 */
	long long scan_max_time_ms;      /* per file, default 120000 */
	int scan_jobs;                   /* 0: one per core */
	char *kiosk_passphrase_hash;     /* see docs/configuration.md */
	int kiosk_idle_timeout;          /* seconds, default 300 */
	int kiosk_max_signature_age;     /* days; older signatures: out of service; default 7 */
	char *kiosk_desk_en;             /* where infected media go ("the IT desk, room 3F-12") */
	char *kiosk_desk_ja;             /* the same in Japanese */
	char *kiosk_staff_id;            /* "required", "optional" or "off" (default) */
	char *kiosk_staff_id_pattern;    /* POSIX extended regex the identity must match, or NULL */
	int kiosk_ask_when_infected;     /* ask the staff questions after an infection; default 0 */
	char *kiosk_lang;          /* "ja" or "en": each visit starts in it; NULL: the --lang */
	char *kiosk_printer;       /* CUPS queue for the printed slip (lp -d), or NULL: none */
	struct json *check_params; /* object: check id -> object of parameters */
	struct config_device_field *device_fields; /* device.fields, in order */
	size_t ndevice_fields;
};

/* A configuration with every default; caller frees. */
struct config *config_defaults(void);
/*
 * Validates the checks.<id> block of the configuration: returns the
 * parameters as a JSON object (caller frees), or NULL after adding
 * diagnostics, an unknown id included. The checks layer provides one
 * (check_config_params() in checks/check.h); config never calls up into it.
 */
struct ynode;
typedef struct json *(*config_check_validator)(const char *id, const struct ynode *key,
    const struct ynode *n, const char *file, struct diags *d);
/*
 * Loads path, or the default path when path is NULL (missing default file:
 * defaults), validating checks.<id> blocks with validate (NULL: a checks
 * block is an error). Returns NULL after adding diagnostics.
 */
struct config *config_load(const char *path, config_check_validator validate, struct diags *d);
void config_free(struct config *cfg);

/* The parameters the site set for check id (an object), or NULL. */
const struct json *config_check_params(const struct config *cfg, const char *id);
/* Report directory: configured, else /var/lib/reentry/reports as root, else XDG data dir. Caller frees. */
char *config_report_dir(const struct config *cfg);
/* State directory for sessions: configured, else /var/lib/reentry/state for the kiosk or root, else XDG_STATE_HOME/reentry. Caller frees. */
char *config_state_dir(const struct config *cfg, int kiosk);

#endif
