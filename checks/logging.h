/*
 * logging.h: the logging check's facts.
 *
 * The check decides whether system logs survive a reboot (journald's
 * Storage= setting and /var/log/journal, or a syslog daemon) and whether an
 * audit daemon records security events, from what the probe read: the
 * journald configuration and its drop-ins, the syslog and auditd
 * configuration files, and on the running system the daemons that run.
 *
 * Ownership: the facts own their strings and the errors array;
 * logging_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_LOGGING_H
#define REENTRY_LOGGING_H

#include <stddef.h>

#include "check.h"
#include "../util/json.h"

struct logging_facts {
	char *storage;         /* the Storage= that wins, or NULL (journald's default, auto) */
	char *storage_file;    /* where it was set, or NULL */
	int unreadable;        /* a journald configuration file exists but could not be read */
	struct json *errors;   /* array of "PATH: reason" for those files */
	int journal_dir;       /* /var/log/journal is a directory */
	char **syslog_configs; /* syslog daemon configuration files present */
	size_t nsyslog_configs;
	int audit_configured; /* /etc/audit/auditd.conf exists */
	int live;             /* the running system: the two below were read */
	int audit_running;    /* auditd runs */
	char *syslog_running; /* the syslog daemon that runs, or NULL */
};

void logging_facts_free(void *facts);

/* The Debian-like probe (checks/linux/logging.c). */
int logging_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
