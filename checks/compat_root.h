/*
 * compat_root.h: TRANSITIONAL. The readers checks used before the target
 * object (sys/target.h): paths joined to a root prefix, symlinks resolved
 * against the host. Each check moves to target reads in its probe; this
 * file goes when the last caller has.
 */
#ifndef REENTRY_COMPAT_ROOT_H
#define REENTRY_COMPAT_ROOT_H

#include <stddef.h>

#include "../sys/media.h"
#include "../sys/sysprobe.h"

int compat_read(const char *root, const char *path, size_t max, char **out, char *err, size_t errlen);
char *compat_line(const char *root, const char *path);
int compat_exists(const char *root, const char *path);
int compat_isdir(const char *root, const char *path);
int compat_live(const char *root);
int compat_mounts(const char *root, struct sysprobe_mount **out, size_t *n, char *err, size_t errlen);
int compat_running(const char *root, const char *const *names);
int compat_homes(const char *root, struct sysprobe_home **out, size_t *n, char *err, size_t errlen);
int compat_media_list(const char *root, struct medium **out, size_t *n, char *err, size_t errlen);

#endif
