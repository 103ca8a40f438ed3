/*
 * autoruns.h: what starts by itself on a Windows installation read from its
 * disk: the values of the Run and RunOnce keys (machine-wide, the 32-bit
 * view, the Explorer Run policy, and each user's NTUSER.DAT), the services
 * of the live control set, and the scheduled tasks under
 * Windows/System32/Tasks. Shared by the new-software and persistence probes,
 * so both read the same entries the same way.
 *
 * The registry keeps no time per value: a Run value is timed by its key's
 * LastWrite; a service by its key's LastWrite; a task by its file's mtime.
 * Every string is sanitised for display. What could not be read is added to
 * the notes (an array of "WHERE: reason"), and the caller makes its verdict
 * unknown.
 *
 * Ownership: autoruns_read() fills a new array the caller frees with
 * autoruns_free(). Nothing here prints or exits.
 */
#ifndef REENTRY_AUTORUNS_H
#define REENTRY_AUTORUNS_H

#include <stddef.h>
#include <time.h>

#include "../check.h"
#include "winprobe.h"

enum autorun_kind {
	AUTORUN_RUN,     /* a value of a Run or RunOnce key */
	AUTORUN_SERVICE, /* a key under the live control set's Services */
	AUTORUN_TASK,    /* a scheduled task's XML file */
};

struct autorun {
	enum autorun_kind kind;
	char *name;     /* Run value name, service name, or task path under Tasks */
	char *command;  /* Run data, ImagePath (and ServiceDll), task's Exec command; or NULL */
	char *where;    /* "HIVE-FILE: KEY\\PATH" or the task's file */
	char *user;     /* the profile of a per-user Run value; NULL machine-wide */
	char *start;    /* a service's Start ("automatic", "manual", ...), else NULL */
	time_t written; /* the key's LastWrite or the file's mtime; 0 unknown */
	const char *written_from; /* "key LastWrite" or "file mtime" (static) */
	int outside; /* a program outside System32, SysWOW64, Program Files and Defender's folder */
};

struct autoruns {
	struct autorun *v;
	size_t n;
	int tasks_read;     /* the Tasks folder was found */
	size_t services;    /* services looked at (all, before the since filter) */
	size_t tasks;       /* task files looked at */
	struct json *notes; /* what could not be read: array of strings */
	struct json *dirty; /* user hives not cleanly written back: array of strings */
};

/*
 * Reads every Run value, and the services and tasks written at or after
 * since (0: all), into a (zeroed first). w must have SOFTWARE and SYSTEM
 * open. Evidence of the keys and folders read goes to res.
 */
void autoruns_read(struct autoruns *a, const struct winprobe *w, const struct check_ctx *ctx,
    struct check_result *res, time_t since);
void autoruns_free(struct autoruns *a);

/*
 * Whether a command line's program lies in a folder Windows or an installer
 * with administrator rights owns (System32, SysWOW64, Program Files, or
 * Defender's platform folder); environment variables and \SystemRoot are
 * expanded to their usual values.
 */
int autoruns_trusted_program(const char *cmd);

/*
 * A scheduled task's XML file (UTF-16LE with or without its BOM, or UTF-8;
 * len bytes): its Exec command line with arguments, sanitised, into
 * *command (NULL when it has none; caller frees), and whether that program
 * lies outside the trusted folders. Returns whether the text is a task at
 * all (has a <Task element). Exported for the fuzzer.
 */
int autoruns_task_command(const char *data, size_t len, char **command, int *outside);

#endif
