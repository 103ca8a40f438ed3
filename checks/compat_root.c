/*
 * compat_root.c: TRANSITIONAL readers over a root prefix (compat_root.h).
 * Each opens a target for the root and reads through it, so even these
 * stay beneath the root.
 */
#include "compat_root.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fileio.h"

/* A target for root, or NULL with err. */
static struct target *
tgt(const char *root, char *err, size_t errlen)
{
	return target_open(root != NULL ? root : "/", err, errlen);
}

int
compat_read(const char *root, const char *path, size_t max, char **out, char *err, size_t errlen)
{
	struct target *t = tgt(root, err, errlen);
	int rc;

	*out = NULL;
	if (t == NULL)
		return -1;
	rc = target_read(t, path, max, out, NULL, err, errlen);
	target_free(t);
	return rc;
}

char *
compat_line(const char *root, const char *path)
{
	char err[256];
	struct target *t = tgt(root, err, sizeof err);
	char *s = t != NULL ? target_line(t, path) : NULL;

	target_free(t);
	return s;
}

int
compat_exists(const char *root, const char *path)
{
	char err[256];
	struct target *t = tgt(root, err, sizeof err);
	int rc = t != NULL && target_exists(t, path);

	target_free(t);
	return rc;
}

int
compat_isdir(const char *root, const char *path)
{
	char err[256];
	struct target *t = tgt(root, err, sizeof err);
	int rc = t != NULL && target_isdir(t, path);

	target_free(t);
	return rc;
}

int
compat_live(const char *root)
{
	return root == NULL || root[0] == '\0' || strcmp(root, "/") == 0;
}

int
compat_mounts(const char *root, struct sysprobe_mount **out, size_t *n, char *err, size_t errlen)
{
	struct target *t = tgt(root, err, errlen);
	int rc;

	*out = NULL;
	*n = 0;
	if (t == NULL)
		return -1;
	rc = sysprobe_mounts(t, out, n, err, errlen);
	target_free(t);
	return rc;
}

int
compat_running(const char *root, const char *const *names)
{
	char err[256];
	struct target *t = tgt(root, err, sizeof err);
	int rc = t != NULL ? sysprobe_running(t, names) : -2;

	target_free(t);
	return rc;
}

int
compat_homes(const char *root, struct sysprobe_home **out, size_t *n, char *err, size_t errlen)
{
	struct target *t = tgt(root, err, errlen);
	int rc;

	if (t == NULL) {
		*out = NULL;
		*n = 0;
		return -1;
	}
	rc = sysprobe_homes(t, out, n, err, errlen);
	target_free(t);
	return rc;
}

int
compat_media_list(const char *root, struct medium **out, size_t *n, char *err, size_t errlen)
{
	struct target *t = tgt(root, err, errlen);
	int rc;

	*out = NULL;
	*n = 0;
	if (t == NULL)
		return -1;
	rc = media_list(t, out, n, err, errlen);
	target_free(t);
	return rc;
}
