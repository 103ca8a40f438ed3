/*
 * logging.h: the logging check's facts.
 *
 * The check decides whether system logs are kept across a reboot and
 * whether an audit daemon records security events. On the running system
 * ("/") a log daemon counts only when it runs (systemd-journald with
 * persistent storage, or rsyslogd / syslog-ng / syslogd whose configuration
 * writes local log files), seen by process name and executable. Under the
 * root of an image only the configuration is judged: the daemon installed
 * or enabled there, with the same storage and rules.
 *
 * Ownership: the facts own their strings and JSON values;
 * logging_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_LOGGING_H
#define REENTRY_LOGGING_H

#include <stddef.h>

#include "check.h"
#include "../util/json.h"

/* The classic syslog daemons the probe knows, in this order in the arrays below. */
enum logging_syslog {
	LS_RSYSLOG,
	LS_SYSLOG_NG,
	LS_SYSKLOGD,
};
#define LOGGING_NSYSLOG 3

struct logging_facts {
	int live;             /* the running system: the daemons below were looked for */
	int procs_unseen;     /* live: the process list could not be read */
	char *storage;        /* the Storage= that wins, or NULL (journald's default, auto) */
	char *storage_file;   /* where it was set, or NULL */
	int unreadable;       /* a configuration file exists but could not be read or resolved */
	struct json *errors;  /* array of "PATH: reason" for those files */
	int journal_dir;      /* /var/log/journal is a directory */
	int journald_present; /* systemd-journald's executable is installed */
	int journald_running; /* live: it runs */
	/* per syslog daemon (enum logging_syslog) */
	int syslog_config[LOGGING_NSYSLOG]; /* its main configuration: 1 present, 0 absent, -1 unresolved */
	int syslog_files[LOGGING_NSYSLOG]; /* rules writing local log files found in its configuration */
	int syslog_forward[LOGGING_NSYSLOG]; /* rules forwarding to another host */
	int syslog_enabled[LOGGING_NSYSLOG]; /* its unit: 1 enabled, 0 not, 2 masked, -1 unresolved */
	int syslog_running[LOGGING_NSYSLOG]; /* live: it runs */
	int audit_configured;                /* /etc/audit/auditd.conf exists */
	int audit_enabled;    /* auditd.service: 1 enabled, 0 not, 2 masked, -1 unresolved */
	int audit_running;    /* live: auditd runs */
	struct json *daemons; /* live: what was seen of each daemon */
};

/* "rsyslog", "syslog-ng", "sysklogd". */
extern const char *const logging_syslog_names[LOGGING_NSYSLOG];

void logging_facts_free(void *facts);

/* The Debian-like probe (checks/linux/logging.c). */
int logging_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
