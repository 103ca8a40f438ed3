/*
 * testutil.h: small helpers shared by the cmocka unit tests.
 */
#ifndef REENTRY_TESTUTIL_H
#define REENTRY_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "../../util/xalloc.h"

/* Path of a file under the source tree ($TOP, else the current directory); caller frees. */
static inline char *
test_path(const char *rel)
{
	const char *top = getenv("TOP");

	return xasprintf("%s/%s", top != NULL ? top : ".", rel);
}

/* A fresh temporary directory; caller frees the name. */
static inline char *
test_tmpdir(void)
{
	char *d = xstrdup("/tmp/reentry-unit.XXXXXX");

	if (mkdtemp(d) == NULL)
		fail_msg("mkdtemp failed");
	return d;
}

/* Writes len bytes to path. */
static inline void
test_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	if (len > 0)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Removes a directory tree made by a test. */
static inline void
test_rmtree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(cmd);
}

#endif
