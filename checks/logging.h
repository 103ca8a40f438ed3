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
	int audit_enabled;           /* auditd.service: 1 enabled, 0 not, 2 masked, -1 unresolved */
	int audit_running;           /* live: auditd runs */
	struct json *daemons;        /* live: what was seen of each daemon */
	struct logging_windows *win; /* a Windows target (configuration only); NULL otherwise */
};

/* The three classic event logs of Windows, in this order in logging_windows.logs. */
#define LOGGING_WIN_NLOGS 3
extern const char *const logging_win_log_names[LOGGING_WIN_NLOGS]; /* Application, Security, System */

/* One event log's settings (policy winning) and its file under winevt/Logs. */
struct logging_win_log {
	int key;               /* Services\EventLog\<name>: 1 present, 0 absent */
	long long max_size;    /* bytes; -1 not set */
	const char *size_from; /* "policy", "setting" (static) or NULL */
	long long retention;   /* -1 not set, 0 overwrite as needed, 1 keep (stop when full) */
	int autobackup;        /* AutoBackupLogFiles: 1, 0, -1 not set */
	int file; /* <name>.evtx: 1 an event log, 0 absent, 2 not an event log, -1 unreadable */
	long long file_size;
	time_t file_mtime;
};

/* A Windows installation read from its disk: the event log service and audit policy. */
struct logging_windows {
	long service_start; /* Services\EventLog Start, -1 not set */
	int logs_dir;       /* Windows/System32/winevt/Logs found */
	struct logging_win_log logs[LOGGING_WIN_NLOGS];
	/* SECURITY Policy\PolAdtEv: 1 decoded, 0 absent, -1 unreadable, 2 a layout not known */
	int audit;
	int audit_logon, audit_logoff, audit_lockout; /* 0 none, 1 success, 2 failure, 3 both */
	char *audit_note;                             /* why it could not be decoded, or NULL */
	char *audit_note_ja;                          /* the same in Japanese */
	struct json *problems;                        /* values of another type, damaged keys */
	struct json *problems_ja;                     /* the same in Japanese, one for one */
};

/* "rsyslog", "syslog-ng", "sysklogd". */
extern const char *const logging_syslog_names[LOGGING_NSYSLOG];

void logging_facts_free(void *facts);

/* The Debian-like probe (checks/linux/logging.c). */
int logging_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: event log settings, files and audit policy (checks/windows/logging.c). */
int logging_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
