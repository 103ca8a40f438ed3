/*
 * tglob.h: glob(3) beneath a target's root, and reads that say when a link
 * does not resolve inside it.
 *
 * tglob() expands the absolute pattern on the target as glob(3) with no
 * flags would, but beneath its root: each component with a wildcard (or an
 * escape) is matched with fnmatch(FNM_PERIOD) against its directory, read
 * with target_opendir; a middle component must be a directory; a pattern
 * without wildcards names a path that exists. Unreadable directories are
 * skipped, as glob does without GLOB_ERR. glob(3) itself would resolve the
 * pattern on the host, following symlinks out of the root. Returns the
 * paths sorted (strcoll, as glob); the caller frees each and the array.
 */
#ifndef REENTRY_TGLOB_H
#define REENTRY_TGLOB_H

#include <stddef.h>

#include "../../sys/target.h"

char **tglob(const struct target *t, const char *pattern, size_t *n);

/*
 * Reads path as target_read() does (at most max bytes; caller frees *data).
 * On failure err says why, and where path is a symbolic link whose target
 * does not resolve inside the root (an absolute or ".." link into the
 * host), says so: "PATH: a symbolic link to X, which cannot be resolved
 * inside ROOT". Returns 0, or -1 with errno as target_read() left it.
 */
int tread(const struct target *t, const char *path, size_t max, char **data, char *err, size_t errlen);

#endif
