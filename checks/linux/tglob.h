/*
 * tglob.h: glob(3) beneath a target's root.
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

#endif
