/*
 * winbuilds.c: the table of Windows builds, updates and end-of-support
 * dates (see winbuilds.h).
 */
#include "winbuilds.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../util/timefmt.h"
#include "../util/xalloc.h"
#include "../util/ydoc.h"

#ifndef REENTRY_DATADIR
#define REENTRY_DATADIR "/usr/local/share/reentry"
#endif

#define WINBUILDS_MAX_BYTES ((size_t)1 << 20)

static const char *const class_names[WINBUILD_CLASS_COUNT] = { "home_pro", "enterprise", "ltsc" };

const char *
winbuilds_class_name(enum winbuild_class c)
{
	return class_names[c];
}

enum winbuild_class
winbuilds_class(const char *e)
{
	size_t n = e != NULL ? strlen(e) : 0;

	if (n == 0)
		return WINBUILD_HOME_PRO;
	if ((strncasecmp(e, "Enterprise", 10) == 0 || strncasecmp(e, "IoTEnterprise", 13) == 0) &&
	    (e[n - 1] == 'S' || strcasecmp(e + n - 2, "SN") == 0))
		return WINBUILD_LTSC;
	if (strncasecmp(e, "Enterprise", 10) == 0 || strncasecmp(e, "Education", 9) == 0 ||
	    strncasecmp(e, "IoTEnterprise", 13) == 0 || strncasecmp(e, "ServerRdsh", 10) == 0)
		return WINBUILD_ENTERPRISE;
	return WINBUILD_HOME_PRO;
}

/* A YYYY-MM-DD scalar as midnight UTC; -1 after a diagnostic. */
static int
get_date(const struct ynode *n, const char *file, const char *what, time_t *out, struct diags *d)
{
	if (yexpect(n, YNODE_SCALAR, file, what, d) < 0)
		return -1;
	if (time_parse_date(n->str, out) < 0) {
		diag_add(d, file, n->line, n->col, "%s '%s' is not a date (YYYY-MM-DD)", what, n->str);
		return -1;
	}
	return 0;
}

static int
get_updates(struct winbuild *b, const struct ynode *n, const char *file, struct diags *d)
{
	static const char *const req[] = { "ubr", "kb", "date", NULL };
	static const char *const opt[] = { "esu", NULL };
	size_t i;

	if (yexpect(n, YNODE_SEQ, file, "updates", d) < 0)
		return -1;
	b->u = xcalloc(n->n ? n->n : 1, sizeof *b->u);
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i], *v;
		struct winbuild_update *u = &b->u[b->nu];
		char *end;

		if (yexpect(e, YNODE_MAP, file, "an update", d) < 0 ||
		    ycheck_keys(e, opt, req, file, "an update", d) > 0)
			return -1;
		v = ymap_get(e, "ubr");
		if (yexpect(v, YNODE_SCALAR, file, "ubr", d) < 0)
			return -1;
		u->ubr = strtol(v->str, &end, 10);
		if (*v->str == '\0' || *end != '\0' || u->ubr < 0 || u->ubr > 1000000) {
			diag_add(d, file, v->line, v->col, "ubr '%s' is not a number", v->str);
			return -1;
		}
		v = ymap_get(e, "kb");
		if (yexpect(v, YNODE_SCALAR, file, "kb", d) < 0)
			return -1;
		u->kb = xstrdup(v->str);
		b->nu++;
		if (get_date(ymap_get(e, "date"), file, "date", &u->date, d) < 0)
			return -1;
		if ((v = ymap_get(e, "esu")) != NULL) {
			if (yexpect(v, YNODE_SCALAR, file, "esu", d) < 0 ||
			    (strcmp(v->str, "true") != 0 && strcmp(v->str, "false") != 0)) {
				if (v->type == YNODE_SCALAR)
					diag_add(d, file, v->line, v->col, "esu must be true or false");
				return -1;
			}
			u->esu = strcmp(v->str, "true") == 0;
		}
		if (b->nu > 1 && (u->ubr >= b->u[b->nu - 2].ubr || u->date > b->u[b->nu - 2].date)) {
			diag_add(d, file, e->line, e->col,
			    "updates must be listed newest first (UBR %ld after %ld)", u->ubr,
			    b->u[b->nu - 2].ubr);
			return -1;
		}
	}
	return 0;
}

static int
get_build(struct winbuilds *w, const struct ynode *e, const char *file, struct diags *d)
{
	static const char *const req[] = { "build", "name", "updates", NULL };
	static const char *const opt[] = { "end_of_support", NULL };
	struct winbuild *b;
	const struct ynode *v;
	size_t i;

	if (yexpect(e, YNODE_MAP, file, "a build", d) < 0 ||
	    ycheck_keys(e, opt, req, file, "a build", d) > 0)
		return -1;
	b = &w->b[w->nb++];
	v = ymap_get(e, "build");
	if (yexpect(v, YNODE_SCALAR, file, "build", d) < 0)
		return -1;
	if (v->str[0] == '\0' || strspn(v->str, "0123456789") != strlen(v->str)) {
		diag_add(d, file, v->line, v->col, "build '%s' is not a build number", v->str);
		return -1;
	}
	b->build = xstrdup(v->str);
	for (i = 0; i + 1 < w->nb; i++)
		if (strcmp(w->b[i].build, b->build) == 0) {
			diag_add(d, file, v->line, v->col, "build %s is listed twice", b->build);
			return -1;
		}
	v = ymap_get(e, "name");
	if (yexpect(v, YNODE_SCALAR, file, "name", d) < 0)
		return -1;
	b->name = xstrdup(v->str);
	if ((v = ymap_get(e, "end_of_support")) != NULL) {
		if (yexpect(v, YNODE_MAP, file, "end_of_support", d) < 0 ||
		    ycheck_keys(v, class_names, NULL, file, "end_of_support", d) > 0)
			return -1;
		for (i = 0; i < WINBUILD_CLASS_COUNT; i++) {
			const struct ynode *c = ymap_get(v, class_names[i]);

			if (c != NULL && get_date(c, file, class_names[i], &b->eos[i], d) < 0)
				return -1;
		}
	}
	return get_updates(b, ymap_get(e, "updates"), file, d);
}

struct winbuilds *
winbuilds_load(const char *path, struct diags *d)
{
	static const struct ydoc_limits lim = { WINBUILDS_MAX_BYTES, 16, 100000 };
	static const char *const top[] = { "windows_builds", NULL };
	static const char *const req[] = { "updated", "sources", "builds", NULL };
	struct ydoc *doc = ydoc_load_file(path, &lim, d);
	struct winbuilds *w;
	const struct ynode *t, *v;
	size_t i;

	if (doc == NULL)
		return NULL;
	w = xcalloc(1, sizeof *w);
	w->file = xstrdup(path);
	if (doc->root == NULL) {
		diag_add(d, path, 0, 0, "the file is empty");
		goto err;
	}
	if (yexpect(doc->root, YNODE_MAP, path, "the table", d) < 0 ||
	    ycheck_keys(doc->root, NULL, top, path, "the table", d) > 0)
		goto err;
	t = ymap_get(doc->root, "windows_builds");
	if (yexpect(t, YNODE_MAP, path, "windows_builds", d) < 0 ||
	    ycheck_keys(t, NULL, req, path, "windows_builds", d) > 0)
		goto err;
	if (get_date(ymap_get(t, "updated"), path, "updated", &w->updated, d) < 0)
		goto err;
	v = ymap_get(t, "sources");
	if (yexpect(v, YNODE_SEQ, path, "sources", d) < 0)
		goto err;
	if (v->n == 0) {
		diag_add(d, path, v->line, v->col, "sources must name at least one source");
		goto err;
	}
	w->sources = xcalloc(v->n + 1, sizeof *w->sources);
	for (i = 0; i < v->n; i++) {
		if (yexpect(v->items[i], YNODE_SCALAR, path, "a source", d) < 0)
			goto err;
		w->sources[i] = xstrdup(v->items[i]->str);
	}
	v = ymap_get(t, "builds");
	if (yexpect(v, YNODE_SEQ, path, "builds", d) < 0)
		goto err;
	w->b = xcalloc(v->n ? v->n : 1, sizeof *w->b);
	for (i = 0; i < v->n; i++)
		if (get_build(w, v->items[i], path, d) < 0)
			goto err;
	ydoc_free(doc);
	return w;
err:
	ydoc_free(doc);
	winbuilds_free(w);
	return NULL;
}

void
winbuilds_free(struct winbuilds *w)
{
	size_t i, j;

	if (w == NULL)
		return;
	for (i = 0; i < w->nb; i++) {
		free(w->b[i].build);
		free(w->b[i].name);
		for (j = 0; j < w->b[i].nu; j++)
			free(w->b[i].u[j].kb);
		free(w->b[i].u);
	}
	free(w->b);
	strv_free(w->sources);
	free(w->file);
	free(w);
}

const struct winbuild *
winbuilds_find(const struct winbuilds *w, const char *build)
{
	size_t i;

	for (i = 0; build != NULL && i < w->nb; i++)
		if (strcmp(w->b[i].build, build) == 0)
			return &w->b[i];
	return NULL;
}

char *
winbuilds_default_path(void)
{
	static const char *const beside[] = {
		"../checks/windows/windows-builds.yaml", /* build/reentry in the source tree */
		"../share/reentry/windows-builds.yaml",  /* installed under another prefix */
	};
	char exe[PATH_MAX], real[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t i;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
				char *cand = xasprintf("%s/%s", exe, beside[i]);

				if (access(cand, R_OK) == 0 && realpath(cand, real) != NULL) {
					free(cand);
					return xstrdup(real);
				}
				free(cand);
			}
		}
	}
	return xstrdup(REENTRY_DATADIR "/windows-builds.yaml");
}
