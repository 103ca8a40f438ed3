/*
 * persistence.h: the persistence check's facts: what starts by itself on
 * the inspected system and was created or changed during the telework
 * period, with its command line.
 *
 * On Windows (checks/windows/persistence.c): Run and RunOnce values
 * (machine-wide, WOW6432Node, the Explorer Run policy, each user's
 * NTUSER.DAT), services and scheduled tasks, read by
 * checks/windows/autoruns.c. On a Debian-like system
 * (checks/linux/persistence.c): systemd units and timers (system and per
 * user), cron (crontab, cron.d, the cron.hourly..monthly folders, users'
 * crontabs, anacrontab), XDG autostart (system and per user) and rc.local.
 *
 * Ownership: the facts own every string and array;
 * persistence_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_PERSISTENCE_H
#define REENTRY_PERSISTENCE_H

#include <stddef.h>
#include <time.h>

#include "check.h"

enum persist_kind {
	PERSIST_RUN,     /* a Run or RunOnce value */
	PERSIST_SERVICE, /* a Windows service */
	PERSIST_TASK,    /* a Windows scheduled task */
	PERSIST_SYSTEMD, /* a systemd unit file, or an enabling link in a .wants/.requires folder */
	PERSIST_TIMER,   /* a systemd timer */
	PERSIST_CRON,    /* a crontab, a cron.d file, a cron.* script, anacrontab */
	PERSIST_AUTOSTART, /* an XDG autostart .desktop file */
	PERSIST_RC_LOCAL,  /* /etc/rc.local */
};
#define PERSIST_KIND_COUNT 8

/* One entry written at or after the start of the period; strings sanitised for display. */
struct persist_entry {
	enum persist_kind kind;
	char *name;     /* value name, service name, task path, unit or file name */
	char *command;  /* the command line(s) it runs, "; "-separated; NULL when none was found */
	char *where;    /* the file on the target, or "HIVE-FILE: KEY\\PATH" */
	char *user;     /* the user of a per-user entry; NULL system-wide */
	char *detail;   /* a service's Start, a timer's schedule, a link's target; or NULL */
	time_t written; /* the file's mtime or the key's LastWrite */
	const char *written_from; /* "file mtime", "key LastWrite" (static) */
	int outside; /* its program lies outside the system's own folders (user-writable places) */
};

struct persistence_facts {
	time_t since; /* start of the period */
	int windows;  /* filled by the Windows probe */
	struct persist_entry *v;
	size_t n;
	size_t examined; /* entries looked at in all, in the period or not */
	/* What could not be read, "WHERE: reason": each makes a verdict without a failure unknown. */
	char **problems;
	size_t nproblems;
	/* Hives not cleanly written back (their .LOG1/.LOG2 not replayed). */
	char **notes;
	size_t nnotes;
};

void persistence_facts_free(void *facts);
/* Appends a new zeroed entry to f. */
struct persist_entry *persistence_add(struct persistence_facts *f, enum persist_kind kind);
/* Appends msg (taken over) to f's problems / notes. */
void persistence_problem(struct persistence_facts *f, char *msg);
void persistence_note(struct persistence_facts *f, char *msg);

int persistence_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
int persistence_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
