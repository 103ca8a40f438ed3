/*
 * sysstate.h: what the time-sync and logging probes share on Debian-like
 * systems: daemons seen running, systemd units enabled, and files that may
 * be planted links.
 *
 * A daemon counts as running on the live system only when a process has
 * its name (/proc/PID/comm) and runs one of the executables its Debian
 * package installs (/proc/PID/exe, " (deleted)" after an upgrade
 * allowed). comm alone can be set by any process (prctl PR_SET_NAME), so a
 * process with the name and another executable is recorded as such and
 * not counted; where exe cannot be read (another user's process when not
 * root) the name alone is accepted and marked unverified.
 *
 * A unit counts as enabled in an image when a link for it in a .wants
 * directory resolves to a unit file inside the root and the unit is not
 * masked (/etc/systemd/system/UNIT -> /dev/null).
 *
 * Files are read through the target. A path that exists as a symbolic link
 * whose target does not resolve inside the root (an absolute or ".." link
 * out of an image, or a dangling one) is never followed outside it: it is
 * reported as "PATH: a symbolic link to TARGET that does not resolve inside
 * the inspected root", and the probe treats the file as unseen.
 *
 * Nothing here prints or exits. Ownership: see each function.
 */
#ifndef REENTRY_SYSSTATE_H
#define REENTRY_SYSSTATE_H

#include <stddef.h>

#include "../check.h"
#include "../../sys/target.h"
#include "../../util/json.h"

/* A daemon looked for: a name for messages, its comm (at most 15 bytes) and its executables. */
struct daemon_spec {
	const char *name;
	const char *comm;
	const char *const *exes; /* NULL-terminated absolute paths */
};

enum daemon_state {
	DAEMON_NOT_RUNNING,
	DAEMON_RUNNING,
	DAEMON_UNSEEN, /* the process list could not be read */
};

/* What was seen of one daemon. */
struct daemon_seen {
	enum daemon_state state;
	long pid;       /* when running */
	char *exe;      /* its executable as read, or NULL when unreadable */
	int verified;   /* the executable is one of the spec's */
	char *impostor; /* "PID EXE" of a process with the name and another executable, or NULL */
};

/*
 * Looks for each of specs (n of them) among the processes of the live
 * target t and fills out[0..n-1] (free with sysstate_daemons_free()).
 * Returns 0, or -1 when /proc could not be read (every state DAEMON_UNSEEN).
 */
int sysstate_daemons(const struct target *t, const struct daemon_spec *specs, size_t n,
    struct daemon_seen *out);
void sysstate_daemons_free(struct daemon_seen *v, size_t n);
/* {"name","state","pid","exe","verified","impostor"}; caller frees. */
struct json *sysstate_daemon_json(const struct daemon_spec *spec, const struct daemon_seen *d);

/*
 * Whether path is a file (or directory) inside the root: 1 yes, 0 absent,
 * -1 present but it cannot be had (a link that does not resolve inside the
 * root, or a stat error); then "PATH: why" is pushed to problems.
 */
int sysstate_present(const struct target *t, const char *path, struct json *problems);

/*
 * Reads path (at most max bytes) into *data (caller frees): 1 read, 0
 * absent, -1 present but unreadable or unresolvable ("PATH: why" pushed to
 * problems). Records the file as evidence in res when it exists.
 */
int sysstate_read(const struct check_ctx *ctx, struct check_result *res, const char *path,
    size_t max, char **data, struct json *problems);

enum unit_state {
	UNIT_ABSENT,     /* no link in the wants directories given */
	UNIT_ENABLED,    /* a link resolves to a unit file inside the root */
	UNIT_MASKED,     /* /etc/systemd/system/UNIT -> /dev/null */
	UNIT_UNRESOLVED, /* a link exists but does not resolve inside the root */
};
/* "absent", "enabled", "masked", "unresolved". */
const char *sysstate_unit_name(enum unit_state s);

/*
 * Whether unit is enabled on the target: looks for UNIT in each of the
 * .wants directories of wants (NULL-terminated, e.g.
 * "/etc/systemd/system/multi-user.target.wants"), and for a mask. Records
 * the links as evidence in res; problems gets the unresolvable ones.
 */
enum unit_state sysstate_unit(const struct check_ctx *ctx, struct check_result *res,
    const char *unit, const char *const *wants, struct json *problems);

#endif
