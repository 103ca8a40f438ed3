/*
 * linux/tglob.c: what the probes that read configuration files share:
 * glob(3) beneath a target's root, for files that name others by pattern
 * (sshd_config's Include, nftables' include), and a read that names a link
 * which does not resolve inside the root.
 */
#include "tglob.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/xalloc.h"

/* Sorts paths as glob(3) does (strcoll). */
static int
cmp_coll(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* Expands pattern beneath the target's root (tglob.h). */
char **
tglob(const struct target *t, const char *pattern, size_t *n)
{
	char *copy = xstrdup(pattern), *save = NULL, *comp, **comps = NULL;
	char **cur = xcalloc(1, sizeof *cur);
	size_t ncomps = 0, ncur = 1, k, i;

	cur[0] = xstrdup("");
	for (comp = strtok_r(copy, "/", &save); comp != NULL; comp = strtok_r(NULL, "/", &save)) {
		comps = xreallocarray(comps, ncomps + 1, sizeof *comps);
		comps[ncomps++] = comp;
	}
	for (k = 0; k < ncomps; k++) {
		int last = k + 1 == ncomps, magic = strpbrk(comps[k], "*?[\\") != NULL;
		char **next = NULL;
		size_t nnext = 0;

		for (i = 0; i < ncur; i++) {
			char err[512];
			DIR *d;
			struct dirent *e;

			if (!magic) {
				char *q = xasprintf("%s/%s", cur[i], comps[k]);

				if (last && !target_exists(t, q)) {
					free(q);
					continue;
				}
				next = xreallocarray(next, nnext + 1, sizeof *next);
				next[nnext++] = q;
				continue;
			}
			if ((d = target_opendir(t, cur[i][0] ? cur[i] : "/", err, sizeof err)) == NULL)
				continue;
			while ((e = readdir(d)) != NULL) {
				char *q;

				if (fnmatch(comps[k], e->d_name, FNM_PERIOD) != 0)
					continue;
				q = xasprintf("%s/%s", cur[i], e->d_name);
				if (!last && !target_isdir(t, q)) {
					free(q);
					continue;
				}
				next = xreallocarray(next, nnext + 1, sizeof *next);
				next[nnext++] = q;
			}
			closedir(d);
		}
		for (i = 0; i < ncur; i++)
			free(cur[i]);
		free(cur);
		cur = next;
		ncur = nnext;
	}
	if (ncomps == 0) { /* the pattern "/" itself */
		free(cur[0]);
		cur[0] = xstrdup("/");
	}
	if (ncur > 1)
		qsort(cur, ncur, sizeof *cur, cmp_coll);
	free(comps);
	free(copy);
	*n = ncur;
	return cur;
}

/* Reads path as target_read() does, naming links that do not resolve inside the root (tglob.h). */
int
tread(const struct target *t, const char *path, size_t max, char **data, char *err, size_t errlen)
{
	struct stat st;
	int saved;

	if (target_read(t, path, max, data, NULL, err, errlen) == 0)
		return 0;
	saved = errno;
	if (target_lstat(t, path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (saved == ENOENT || saved == EXDEV || saved == ELOOP)) {
		char *to = target_readlink(t, path);

		snprintf(err, errlen, "%s: a symbolic link to %s, which cannot be resolved inside %s",
		    path, to != NULL ? to : "?", target_root(t));
		free(to);
	}
	errno = saved;
	return -1;
}
