/*
 * sysprobe.h: small readers the system checks and the media listing share:
 * the mount table, running processes, and the user home directories.
 *
 * Files are read through the target (target.h), beneath its root; plain
 * file reads are target_read() and its siblings. Nothing prints or exits.
 */
#ifndef REENTRY_SYSPROBE_H
#define REENTRY_SYSPROBE_H

#include <stddef.h>

#include "target.h"

/* Trims blanks at both ends in place; returns s. */
char *sysprobe_trim(char *s);

/* One line of /proc/self/mountinfo, unescaped. */
struct sysprobe_mount {
	unsigned major, minor;
	char *mountpoint;
	char *fstype;
	char *source;
};

/* Parses /proc/self/mountinfo of the target; 0, or -1 with err. Free with sysprobe_mounts_free(). */
int sysprobe_mounts(const struct target *t, struct sysprobe_mount **out, size_t *n, char *err,
    size_t errlen);
void sysprobe_mounts_free(struct sysprobe_mount *m, size_t n);
/* The mount whose mount point is mp (the last one mounted there), or NULL. */
const struct sysprobe_mount *sysprobe_mount_at(const struct sysprobe_mount *m, size_t n, const char *mp);
/* Decodes the octal escapes (\040 ...) of mountinfo fields in place. */
void sysprobe_unescape_octal(char *s);

/*
 * Scans /proc/<pid>/comm of the target for each of names (NULL-terminated). Returns the
 * index of the first name found running, -1 when none runs, -2 when /proc
 * could not be read.
 */
int sysprobe_running(const struct target *t, const char *const *names);

/*
 * Runs argv[0] (an absolute path) with argv, stdin and stderr on /dev/null,
 * collecting at most max bytes of its standard output into *out (caller
 * frees). Returns its exit status (0..255), or -1 when it could not run or
 * was killed by a signal.
 */
int sysprobe_run(const char *const *argv, size_t max, char **out, size_t *len);

/* A user's home directory from the target's /etc/passwd (uid >= 1000 and below 65534), plus /root. */
struct sysprobe_home {
	char *user;
	char *dir;
};
/* 0, or -1 with err when passwd cannot be read (then only /root is listed). */
int sysprobe_homes(const struct target *t, struct sysprobe_home **out, size_t *n, char *err,
    size_t errlen);
void sysprobe_homes_free(struct sysprobe_home *h, size_t n);

#endif
