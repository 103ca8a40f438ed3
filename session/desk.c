/*
 * desk.c: what a check desk remembers between sessions: the name of the
 * last operator, offered at the next start so a person processing a queue
 * of devices types it once a day. Kept in the state directory
 * ("last-operator", one line, written atomically).
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fileio.h"
#include "../util/text.h"
#include "../util/xalloc.h"

#define LAST_OPERATOR "last-operator"

char *
session_last_operator(const char *state_dir)
{
	char *path = xasprintf("%s/" LAST_OPERATOR, state_dir), *data = NULL, err[256];
	size_t len;

	if (file_read_all(path, 4096, &data, &len, err, sizeof err) < 0) {
		free(path);
		return NULL;
	}
	free(path);
	if (len > 0 && data[len - 1] == '\n')
		data[--len] = '\0';
	/* one line of text, as written; anything else is not offered */
	if (len == 0 || memchr(data, '\0', len) != NULL || strchr(data, '\n') != NULL ||
	    !utf8_valid(data, len)) {
		free(data);
		return NULL;
	}
	return data;
}

int
session_remember_operator(const char *state_dir, const char *name, char *err, size_t errlen)
{
	char *path, *line;
	int rc;

	if (name == NULL || name[0] == '\0' || strchr(name, '\n') != NULL)
		return 0;
	if (file_mkdirs(state_dir, 0700, err, errlen) < 0)
		return -1;
	path = xasprintf("%s/" LAST_OPERATOR, state_dir);
	line = xasprintf("%s\n", name);
	rc = file_write_atomic(path, line, strlen(line), 0600, err, errlen);
	free(line);
	free(path);
	return rc;
}
