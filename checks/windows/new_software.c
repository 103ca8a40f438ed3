/*
 * windows/new_software.c: the new-software probe for a Windows installation
 * read from its disk. It lists, for the judge (new_software.c):
 *
 * - every program in the Uninstall keys (SOFTWARE, its WOW6432Node view and
 *   each user's NTUSER.DAT), timed by InstallDate (a date) or, where that is
 *   absent, by the key's LastWrite time; the facts say which;
 * - every value of the Run and RunOnce keys (HKLM, its WOW6432Node view, the
 *   Explorer Run policy, and each user's), timed by its key's LastWrite:
 *   the registry keeps no time per value;
 * - the services under the live control set whose key was written in the
 *   period, with ImagePath and Parameters\ServiceDll;
 * - the scheduled tasks (Windows/System32/Tasks, XML, UTF-16 or UTF-8)
 *   whose file was written in the period, with their Exec command (these three
 *   read by autoruns.c, which the persistence probe shares);
 * - portable copies of known tools: files under each profile's Downloads,
 *   Desktop and AppData whose name is a known tool's
 *   (new_software_tool_of_file()), timed by the later of mtime and ctime.
 *
 * A service's or task's program outside System32, SysWOW64, Program Files
 * and Defender's platform folder is marked. Everything is read through the
 * target; what could not be read is a problem, and the judge makes it
 * unknown.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../check.h"
#include "../new_software.h"
#include "../../sys/winreg.h"
#include "../../util/fileio.h"
#include "../../util/strbuf.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "autoruns.h"
#include "winprobe.h"

#define PORTABLE_MAX_ENTRIES 300000 /* entries the search of the profiles looks at */
#define PORTABLE_MAX_DEPTH 12

static void
problem(struct new_software_facts *f, char *msg)
{
	f->problems = xreallocarray(f->problems, f->nproblems + 1, sizeof *f->problems);
	f->problems[f->nproblems++] = msg;
}

/* A new entry, zeroed, appended to f->win. */
static struct ns_win *
add(struct new_software_facts *f, enum ns_win_kind kind)
{
	struct ns_win *e;

	f->win = xreallocarray(f->win, f->nwin + 1, sizeof *f->win);
	e = &f->win[f->nwin++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

static char *
safe(const char *s)
{
	return s != NULL ? text_sanitize(s) : NULL;
}

/* The programs of the Uninstall keys. */
static void
probe_programs(struct new_software_facts *f, const struct winprobe *w, const struct check_ctx *ctx)
{
	struct winprobe_program *p;
	struct json *notes = json_array();
	size_t n, i;

	winprobe_programs(w, ctx, &p, &n, notes);
	for (i = 0; i < json_len(notes); i++)
		problem(f, xstrdup(json_get_str(json_at(notes, i))));
	json_free(notes);
	for (i = 0; i < n; i++) {
		struct ns_win *e = add(f, NS_WIN_PROGRAM);
		char *where = xasprintf("%s: %s", p[i].hive, p[i].key);

		e->name = safe(p[i].name);
		e->version = safe(p[i].version);
		e->publisher = safe(p[i].publisher);
		e->command = safe(p[i].location);
		e->where = safe(where);
		e->user = safe(p[i].user);
		e->written = p[i].key_written != (time_t)-1 ? p[i].key_written : 0;
		if (p[i].install_date > 0) {
			e->when = p[i].install_date;
			e->when_from = "InstallDate";
			e->date_only = 1;
		} else {
			e->when = e->written;
			e->when_from = "key LastWrite";
		}
		free(where);
	}
	winprobe_programs_free(p, n);
}

/* Run and RunOnce values, services and tasks written in the period (autoruns.h). */
static void
probe_autoruns(struct new_software_facts *f, struct check_result *res, const struct winprobe *w,
    const struct check_ctx *ctx)
{
	static const enum ns_win_kind kinds[] = {
		[AUTORUN_RUN] = NS_WIN_RUN,
		[AUTORUN_SERVICE] = NS_WIN_SERVICE,
		[AUTORUN_TASK] = NS_WIN_TASK,
	};
	struct autoruns a;
	size_t i;

	autoruns_read(&a, w, ctx, res, f->since);
	for (i = 0; i < json_len(a.notes); i++)
		problem(f, xstrdup(json_get_str(json_at(a.notes, i))));
	for (i = 0; i < json_len(a.dirty); i++) {
		f->hive_notes = xreallocarray(f->hive_notes, f->nhive_notes + 1, sizeof *f->hive_notes);
		f->hive_notes[f->nhive_notes++] = xstrdup(json_get_str(json_at(a.dirty, i)));
	}
	f->tasks_read = a.tasks_read;
	for (i = 0; i < a.n; i++) {
		struct autorun *r = &a.v[i];
		struct ns_win *e = add(f, kinds[r->kind]);

		/* the strings change hands: autoruns_free() then frees NULLs */
		e->name = r->name;
		e->command = r->command;
		e->where = r->where;
		e->user = r->user;
		r->name = r->command = r->where = r->user = NULL;
		e->written = e->when = r->written;
		e->when_from = r->written_from;
		e->outside = r->kind != AUTORUN_RUN && r->outside;
	}
	autoruns_free(&a);
}

/* Files named as known tools under dir (a profile's folder), bounded by *count. */
static void
portable_dir(struct new_software_facts *f, const struct check_ctx *ctx, const char *dir,
    const char *user, int depth, size_t *count)
{
	char err[512];
	struct dirent *d;
	DIR *dp;

	if (*count > PORTABLE_MAX_ENTRIES)
		return;
	if (depth > PORTABLE_MAX_DEPTH) {
		problem(f, xasprintf("%s: deeper than %d levels, not searched", dir, PORTABLE_MAX_DEPTH));
		return;
	}
	if ((dp = target_opendir(ctx->target, dir, err, sizeof err)) == NULL) {
		problem(f, xstrdup(err));
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		struct stat st;
		char *p, *low, *c;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (++*count > PORTABLE_MAX_ENTRIES) {
			problem(f,
			    xasprintf("%s: the search for portable tools stopped after %d entries",
			        dir, PORTABLE_MAX_ENTRIES));
			break;
		}
		p = path_join(dir, d->d_name);
		if (target_lstat(ctx->target, p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			portable_dir(f, ctx, p, user, depth + 1, count);
			free(p);
			continue;
		}
		low = xstrdup(d->d_name);
		for (c = low; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		if (S_ISREG(st.st_mode) && new_software_tool_of_file(low) != NULL) {
			struct ns_win *e = add(f, NS_WIN_PORTABLE);

			e->name = safe(d->d_name);
			e->command = safe(p);
			e->where = safe(p);
			e->user = safe(user);
			e->written = e->when = st.st_ctime > st.st_mtime ? st.st_ctime : st.st_mtime;
			e->when_from = "file mtime or ctime";
		}
		free(low);
		free(p);
	}
	closedir(dp);
}

/* Each profile's Downloads, Desktop and AppData. */
static void
probe_portable(struct new_software_facts *f, const struct check_ctx *ctx)
{
	static const char *const where[] = { "Downloads", "Desktop", "AppData", NULL };
	struct winreg_user *users;
	size_t nu, i, j, count = 0;
	char err[512];

	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0)
		return; /* probe_autoruns has named the missing Users folder */
	for (i = 0; i < nu; i++)
		for (j = 0; where[j] != NULL; j++) {
			char *want = path_join(users[i].dir, where[j]);
			char *dir = winreg_find_path(ctx->target, want);

			if (dir != NULL && target_isdir(ctx->target, dir))
				portable_dir(f, ctx, dir, users[i].name, 0, &count);
			free(dir);
			free(want);
		}
	winreg_users_free(users, nu);
}

int
new_software_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct new_software_facts *f = facts;
	struct winprobe w;
	size_t i;

	if (new_software_since(ctx, &f->since, res) < 0)
		return -1;
	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->windows = 1;
	probe_programs(f, &w, ctx);
	probe_autoruns(f, res, &w, ctx);
	probe_portable(f, ctx);
	{
		const struct winreg_hive *hs[2] = { w.software, w.system };

		for (i = 0; i < 2; i++)
			if (winreg_dirty(hs[i])) {
				f->hive_notes = xreallocarray(f->hive_notes, f->nhive_notes + 1,
				    sizeof *f->hive_notes);
				f->hive_notes[f->nhive_notes++] = xasprintf(
				    "%s: not cleanly written back; changes in its .LOG1/.LOG2 are not replayed",
				    winreg_file(hs[i]));
			}
	}
	winprobe_close(&w);
	return 0;
}
