/*
 * target.h: the inspected system, as one value passed down.
 *
 * A target is opened once, at start, from a root directory ("/" for the
 * running system, or --root DIR for an image, a mounted disk or a fixture
 * tree). It holds a directory descriptor of that root, the kind of system
 * found there (Debian-like Linux today, Windows next) and its identity (host
 * name, machine id, OS name), read once.
 *
 * Every read of the inspected system goes through a target: each path is
 * absolute as seen on that system ("/etc/hostname") and is resolved beneath
 * the root with openat2(RESOLVE_IN_ROOT), so an absolute or ".." symlink
 * inside an image stays inside the image and never reaches the host's own
 * files. Magic links (/proc/PID/fd/N and the like) are never followed.
 * Where the kernel has no openat2, symlinks are not followed at all and the
 * read fails with ELOOP, which a check reports as unknown: stricter, never
 * looser.
 *
 * Ownership: target_open() returns a target the caller frees with
 * target_free(); strings returned by getters live as long as the target.
 * Nothing here prints or exits; errors come back as "PATH: reason".
 */
#ifndef REENTRY_TARGET_H
#define REENTRY_TARGET_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>

#include "../util/json.h"

/* The kinds of system reentry inspects; each check has a probe or a skip reason for each. */
enum target_kind {
	TARGET_LINUX,   /* Debian-like: dpkg, apt, systemd */
	TARGET_WINDOWS, /* a Windows installation read offline from its disk */
};
#define TARGET_KIND_COUNT 2

/* "linux", "windows". */
const char *target_kind_name(enum target_kind k);
/* "Debian-like Linux" / "Windows" and their Japanese forms, for messages. */
const char *target_kind_title(enum target_kind k, int ja);

struct target;

/*
 * Opens root (a directory) as the inspected system and detects its kind and
 * identity. NULL with "ROOT: reason" in err when root is not a readable
 * directory.
 */
struct target *target_open(const char *root, char *err, size_t errlen);
void target_free(struct target *t);

/* The root as given ("/" for the running system). */
const char *target_root(const struct target *t);
/* Whether the target is the running system itself, where live probes (processes, sockets, tools) apply. */
int target_live(const struct target *t);
enum target_kind target_kind(const struct target *t);
/* Identity read at open time; NULL where it could not be read. */
const char *target_hostname(const struct target *t);
const char *target_machine_id(const struct target *t);
const char *target_os(const struct target *t);
/*
 * {"root","kind","hostname","machine_id","os"} (nulls where unknown), and on
 * Windows "windows": winreg_identity_to_json() plus "notes"; caller frees.
 * On Windows the host name is the computer name and os the product with
 * its display version, build and UBR.
 */
struct json *target_to_json(const struct target *t);

/*
 * Opens path beneath the root with open(2) flags (O_CLOEXEC and O_NOCTTY are
 * added). Returns a descriptor, or -1 with errno set and "PATH: reason" in err.
 */
int target_open_file(const struct target *t, const char *path, int flags, char *err, size_t errlen);
/*
 * Reads all of path (at most max bytes, else an error naming the limit) into
 * a new NUL-terminated buffer; caller frees *data. len may be NULL. Only
 * regular files are read: a FIFO or a device is refused, never waited on.
 */
int target_read(const struct target *t, const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen);
/* The first line of path with surrounding blanks trimmed, or NULL. Caller frees. */
char *target_line(const struct target *t, const char *path);
/* stat(2) of path beneath the root (links followed inside it) / lstat(2) (the last one not followed). 0 or -1 with errno. */
int target_stat(const struct target *t, const char *path, struct stat *st);
int target_lstat(const struct target *t, const char *path, struct stat *st);
/* Whether path exists (lstat) / is a directory (stat). */
int target_exists(const struct target *t, const char *path);
int target_isdir(const struct target *t, const char *path);
/* Opens the directory path beneath the root; NULL with errno and err. Close with closedir(). */
DIR *target_opendir(const struct target *t, const char *path, char *err, size_t errlen);
/* The target of the symlink path (not followed); caller frees; NULL with errno. */
char *target_readlink(const struct target *t, const char *path);
/*
 * path with every symlink resolved beneath the root, as an absolute path on
 * the inspected system ("/sys/devices/..."); caller frees; NULL with errno.
 */
char *target_realpath(const struct target *t, const char *path);
/*
 * The host path of path under the root (root + path, not resolved): for
 * messages and for the few readers that need a path; prefer the calls above.
 * Caller frees.
 */
char *target_host_path(const struct target *t, const char *path);

#endif
