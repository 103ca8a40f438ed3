/*
 * windows/media_scan.c: the probe of endpoint-scan for a Windows volume
 * read offline under --root.
 *
 * The places malware lives come first, each found ignoring case (the
 * volume mounted on Linux is case-sensitive, Windows is not): for each
 * profile under Users, in name order, its Downloads, Desktop and AppData
 * (which holds the per-user Startup folder, AppData/Roaming/Microsoft/
 * Windows/Start Menu/Programs/Startup); Public's Downloads and Desktop; then
 * ProgramData (with the all-users StartUp folder) and Windows/Temp; then
 * the rest of the volume, which leaves out every place already scanned, so
 * no file is scanned twice. Profiles that are links ("All Users", "Default
 * User") and the Default template profile have no places of their own: they
 * are in the rest. A place that is a link is resolved beneath the root; one
 * that leads to the volume's root itself is left to the last pass, and one
 * that leads nowhere counts as a place that could not be scanned. The
 * "paths" parameter replaces the whole set (Windows paths from the volume's
 * root, "\" or "/", an optional drive letter, found ignoring case).
 *
 * With "time_budget_s" the scan stops when the budget is spent, and the
 * facts say per place how many files were scanned and whether it was
 * complete. pagefile.sys, swapfile.sys and hiberfil.sys at the root are
 * left to the scanner (usually over its size limit: unscannable, so
 * unknown) unless "skip_memory_images" is set; then they are not scanned
 * and the facts name them (docs/windows.md says why).
 *
 * Nothing is written to the volume: the scanner opens files read-only,
 * without following links.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../check.h"
#include "../media_scan.h"
#include "../scanset.h"
#include "../../sys/target.h"
#include "../../sys/winreg.h"
#include "../../util/xalloc.h"

/* Profiles under Users looked at, at most. */
#define MAX_PROFILES 10000

static const char *const memory_images[] = { "pagefile.sys", "swapfile.sys", "hiberfil.sys", NULL };

/* The label of a found path: without its leading "/", or "/" for the root. */
static const char *
label_of(const char *found)
{
	return found[0] == '/' && found[1] != '\0' ? found + 1 : found;
}

/*
 * Adds the place at path (found ignoring case); 0 when it is absent. A
 * place that resolves to the volume's root is left to the last pass
 * instead of taking the whole volume under its name.
 */
static int
place_add(struct scanset *s, const struct target *t, const char *path)
{
	char *found = winreg_find_path(t, path), *real;

	if (found == NULL)
		return 0;
	if ((real = target_realpath(t, found)) != NULL) {
		int whole = strcmp(real, "/") == 0;

		free(real);
		if (whole) {
			free(found);
			return 1;
		}
	}
	scanset_add_target(s, t, found, NULL, label_of(found));
	free(found);
	return 1;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the real directories in Users (links left out), sorted; NULL when none. */
static char **
profiles(const struct target *t, const char *users, size_t *n)
{
	char err[256], **names = NULL;
	struct dirent *e;
	DIR *d;

	*n = 0;
	if ((d = target_opendir(t, users, err, sizeof err)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL && *n < MAX_PROFILES) {
		char *p;
		struct stat st;
		int dir;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", users, e->d_name);
		dir = target_lstat(t, p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
		if (!dir)
			continue;
		names = xreallocarray(names, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, str_cmp);
	return names;
}

/* Each profile's Downloads, Desktop and AppData; Public's Downloads and Desktop. */
static void
profile_places(struct scanset *s, const struct target *t)
{
	static const char *const own[] = { "Downloads", "Desktop", "AppData", NULL };
	static const char *const pub[] = { "Downloads", "Desktop", NULL };
	char *users = winreg_find_path(t, "/Users"), **names;
	size_t n, i, j;

	if (users == NULL)
		return;
	names = profiles(t, users, &n);
	for (i = 0; i < n; i++) {
		const char *const *which = strcasecmp(names[i], "Public") == 0 ? pub : own;

		/* the template profile is in the rest of the volume */
		for (j = 0; strcasecmp(names[i], "Default") != 0 && which[j] != NULL; j++) {
			char *p = xasprintf("%s/%s/%s", users, names[i], which[j]);

			place_add(s, t, p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
	free(users);
}

/* The default set: the places malware lives, then the whole volume around them. */
static void
default_places(struct scanset *s, struct media_scan_facts *f, const struct target *t)
{
	static const char *const machine[] = { "/ProgramData", "/Windows/Temp", NULL };
	size_t i;

	profile_places(s, t);
	for (i = 0; machine[i] != NULL; i++)
		if (!place_add(s, t, machine[i]))
			json_arr_push(f->missing, json_str(machine[i]));
	scanset_add_target(s, t, "/", NULL, "/");
}

/* A Windows path from the "paths" parameter as a path from the volume's root; caller frees. */
static char *
volume_path(const char *p)
{
	char *v, *c;

	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
		p += 2;
	v = xasprintf("/%s", p);
	for (c = v; *c != '\0'; c++)
		if (*c == '\\')
			*c = '/';
	return v;
}

/* The "paths" parameter's places, in its order; those not found go to f->missing. */
static void
param_places(struct scanset *s, struct media_scan_facts *f, const struct target *t, const struct json *list)
{
	size_t i;

	for (i = 0; i < json_len(list); i++) {
		const char *p = json_get_str(json_at(list, i));
		char *v, *found;

		if (p == NULL)
			continue;
		v = volume_path(p);
		if ((found = winreg_find_path(t, v)) == NULL)
			json_arr_push(f->missing, json_str(p));
		else
			scanset_add_target(s, t, found, NULL, label_of(found));
		free(found);
		free(v);
	}
}

/* With skip_memory_images: the memory images at the root are excluded and named in f. */
static void
skip_memory_images(struct scanset *s, struct media_scan_facts *f, const struct target *t)
{
	size_t i;

	f->not_scanned = json_array();
	for (i = 0; memory_images[i] != NULL; i++) {
		char *want = xasprintf("/%s", memory_images[i]);
		char *found = winreg_find_path(t, want);

		if (found != NULL) {
			struct json *o = json_arr_push(f->not_scanned, json_object());

			scanset_exclude(s, t, found);
			json_obj_set(o, "path", json_str(label_of(found)));
			json_obj_set(o, "reason", json_str("memory image (skip_memory_images)"));
		}
		free(found);
		free(want);
	}
}

int
endpoint_scan_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	const struct json *list = check_param_list(ctx, "paths");
	struct media_scan_facts *f = facts;
	struct scanset s = { 0 };

	if (scanset_explicit(ctx, &s)) {
		f->explicit_paths = 1;
		scanset_run(ctx, f, res, &s);
		scanset_free(&s);
		return 0;
	}
	s.coverage = 1;
	s.no_nested = 1;
	s.budget_s = (long)check_param_int(ctx, "time_budget_s", 0);
	f->missing = json_array();
	if (list != NULL)
		param_places(&s, f, ctx->target, list);
	else
		default_places(&s, f, ctx->target);
	if (check_param_bool(ctx, "skip_memory_images", 0))
		skip_memory_images(&s, f, ctx->target);
	if (s.n + s.nunresolved > 0)
		scanset_run(ctx, f, res, &s);
	scanset_free(&s);
	return 0;
}
