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
 *   whose file was written in the period, with their Exec command;
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
#include "winprobe.h"

#define TASK_MAX_BYTES ((size_t)1 << 20) /* a task file larger than this is not read */
#define TASK_MAX_FILES 20000
#define TASK_MAX_DEPTH 16
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

/*
 * Whether a command line's program lies in a folder Windows or an installer
 * with administrator rights owns: System32, SysWOW64, Program Files (both),
 * or Defender's platform folder (which its own updates rewrite). Environment
 * variables and \SystemRoot are expanded to their usual values.
 */
static int
trusted_program(const char *cmd)
{
	static const struct {
		const char *from, *to;
	} vars[] = {
		{ "%systemroot%", "c:\\windows" },
		{ "%windir%", "c:\\windows" },
		{ "\\systemroot", "c:\\windows" },
		{ "%programfiles%", "c:\\program files" },
		{ "%programfiles(x86)%", "c:\\program files (x86)" },
		{ "%programw6432%", "c:\\program files" },
		{ "%programdata%", "c:\\programdata" },
		{ "system32\\", "c:\\windows\\system32\\" },
		{ NULL, NULL },
	};
	static const char *const dirs[] = {
		"c:\\windows\\system32\\",
		"c:\\windows\\syswow64\\",
		"c:\\program files\\",
		"c:\\program files (x86)\\",
		"c:\\programdata\\microsoft\\windows defender\\platform\\",
		NULL,
	};
	struct strbuf sb = STRBUF_INIT;
	const char *p = cmd;
	char *low, *c;
	size_t i;
	int ok = 0;

	while (*p == ' ' || *p == '"')
		p++;
	if (strncmp(p, "\\??\\", 4) == 0)
		p += 4;
	for (i = 0; vars[i].from != NULL; i++)
		if (strncasecmp(p, vars[i].from, strlen(vars[i].from)) == 0) {
			sb_adds(&sb, vars[i].to);
			p += strlen(vars[i].from);
			break;
		}
	sb_adds(&sb, p);
	low = sb_detach(&sb);
	for (c = low; *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
	/* any drive letter: Windows may live on another */
	if (isalpha((unsigned char)low[0]) && low[1] == ':')
		low[0] = 'c';
	/* a program path must not climb out of its folder */
	if (strstr(low, "\\..\\") == NULL)
		for (i = 0; dirs[i] != NULL && !ok; i++)
			ok = strncmp(low, dirs[i], strlen(dirs[i])) == 0;
	free(low);
	return ok;
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

/* The values of one Run key, each with the key's LastWrite time. */
static void
run_key(struct new_software_facts *f, struct check_result *res, const struct winreg_hive *h,
    const char *keypath, const char *user)
{
	winreg_key k;
	enum winreg_rc rc = winreg_lookup(h, 0, keypath, &k);
	char **names;
	time_t t;
	size_t i;

	if (rc == WINREG_ABSENT)
		return;
	if (rc != WINREG_OK) {
		problem(f, xasprintf("%s: %s: %s", winreg_file(h), keypath, winreg_rc_text(rc)));
		return;
	}
	winprobe_evidence(res, h, k, keypath, NULL, NULL);
	if ((names = winreg_value_names(h, k)) == NULL) {
		problem(f,
		    xasprintf("%s: %s: the values could not be read (damaged hive)", winreg_file(h),
		        keypath));
		return;
	}
	t = winreg_key_time(h, k);
	for (i = 0; names[i] != NULL; i++) {
		struct ns_win *e;
		char *data = NULL, *where;

		if (names[i][0] == '\0')
			continue; /* the default value runs nothing */
		e = add(f, NS_WIN_RUN);
		e->name = safe(names[i]);
		if ((rc = winreg_string(h, k, names[i], &data)) == WINREG_OK)
			e->command = safe(data);
		else
			e->command = xasprintf("(%s)", winreg_rc_text(rc));
		where = xasprintf("%s: %s", winreg_file(h), keypath);
		e->where = safe(where);
		free(where);
		e->user = safe(user);
		e->written = t != (time_t)-1 ? t : 0;
		e->when = e->written;
		e->when_from = "key LastWrite";
		free(data);
	}
	strv_free(names);
}

static const char *const run_machine[] = {
	"Microsoft\\Windows\\CurrentVersion\\Run",
	"Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
	"WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run",
	NULL,
};
static const char *const run_user[] = {
	"Software\\Microsoft\\Windows\\CurrentVersion\\Run",
	"Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run",
	NULL,
};

/* Run and RunOnce, machine-wide and each user's. */
static void
probe_run(struct new_software_facts *f, struct check_result *res, const struct winprobe *w,
    const struct check_ctx *ctx)
{
	struct winreg_user *users;
	size_t nu, i, j;
	char err[512];

	for (j = 0; run_machine[j] != NULL; j++)
		run_key(f, res, w->software, run_machine[j], NULL);
	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0) {
		problem(f, xstrdup(err));
		return;
	}
	for (i = 0; i < nu; i++) {
		struct winreg_hive *h = winreg_open(ctx->target, users[i].hive, err, sizeof err);

		if (h == NULL) {
			problem(f, xstrdup(err));
			continue;
		}
		for (j = 0; run_user[j] != NULL; j++)
			run_key(f, res, h, run_user[j], users[i].name);
		if (winreg_dirty(h)) {
			f->hive_notes = xreallocarray(f->hive_notes, f->nhive_notes + 1,
			    sizeof *f->hive_notes);
			f->hive_notes[f->nhive_notes++] = xasprintf(
			    "%s: not cleanly written back; changes in its .LOG1/.LOG2 are not replayed",
			    winreg_file(h));
		}
		winreg_close(h);
	}
	winreg_users_free(users, nu);
}

/* The services whose key was written at or after since. */
static void
probe_services(struct new_software_facts *f, struct check_result *res, const struct winprobe *w)
{
	char *path = winprobe_cs_path(w, "Services");
	winreg_key k = winreg_key_at(w->system, path), *kids;
	size_t n, i;

	winprobe_evidence(res, w->system, k, path, NULL, NULL);
	if (k == 0) {
		problem(f, xasprintf("%s: %s: absent", winreg_file(w->system), path));
		free(path);
		return;
	}
	if (winreg_subkeys(w->system, k, &kids, &n) != WINREG_OK) {
		problem(f,
		    xasprintf("%s: %s: the subkeys could not be read (damaged hive)",
		        winreg_file(w->system), path));
		free(path);
		return;
	}
	for (i = 0; i < n; i++) {
		time_t t = winreg_key_time(w->system, kids[i]);
		char *name, *image = NULL, *dll = NULL, *where;
		winreg_key pk;
		struct ns_win *e;
		struct strbuf cmd = STRBUF_INIT;

		if (t == (time_t)-1 || t < f->since)
			continue;
		name = winreg_key_name(w->system, kids[i]);
		(void)winreg_string(w->system, kids[i], "ImagePath", &image);
		if (winreg_lookup(w->system, kids[i], "Parameters", &pk) == WINREG_OK)
			(void)winreg_string(w->system, pk, "ServiceDll", &dll);
		e = add(f, NS_WIN_SERVICE);
		e->name = safe(name != NULL ? name : "?");
		if (image != NULL)
			sb_adds(&cmd, image);
		if (dll != NULL)
			sb_addf(&cmd, "%s(ServiceDll %s)", cmd.len ? " " : "", dll);
		e->command = cmd.len ? safe(sb_str(&cmd)) : NULL;
		/* a service with neither is configuration only (a driver's group, a disabled stub) */
		e->outside = (image != NULL && !trusted_program(image)) ||
		    (dll != NULL && !trusted_program(dll));
		where = xasprintf("%s: %s\\%s", winreg_file(w->system), path, name != NULL ? name : "?");
		e->where = safe(where);
		e->written = e->when = t;
		e->when_from = "key LastWrite";
		free(where);
		free(name);
		free(image);
		free(dll);
		sb_free(&cmd);
	}
	free(kids);
	free(path);
}

/* UTF-16LE (after its BOM) to UTF-8; unpaired surrogates become U+FFFD. Caller frees. */
static char *
utf16le_to_utf8(const unsigned char *p, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		uint32_t c = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;

		if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
			uint32_t lo = (uint32_t)p[i + 2] | (uint32_t)p[i + 3] << 8;

			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else
				c = 0xFFFD;
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		if (c == 0)
			c = 0xFFFD;
		if (c < 0x80) {
			sb_addc(&sb, (char)c);
		} else if (c < 0x800) {
			sb_addc(&sb, (char)(0xC0 | c >> 6));
			sb_addc(&sb, (char)(0x80 | (c & 0x3F)));
		} else if (c < 0x10000) {
			sb_addc(&sb, (char)(0xE0 | c >> 12));
			sb_addc(&sb, (char)(0x80 | (c >> 6 & 0x3F)));
			sb_addc(&sb, (char)(0x80 | (c & 0x3F)));
		} else {
			sb_addc(&sb, (char)(0xF0 | c >> 18));
			sb_addc(&sb, (char)(0x80 | (c >> 12 & 0x3F)));
			sb_addc(&sb, (char)(0x80 | (c >> 6 & 0x3F)));
			sb_addc(&sb, (char)(0x80 | (c & 0x3F)));
		}
	}
	if (sb.len == 0)
		sb_adds(&sb, "");
	return sb_detach(&sb);
}

/* The text of the first <tag>...</tag> in xml with entities decoded, or NULL. Caller frees. */
static char *
xml_text(const char *xml, const char *tag)
{
	char *open = xasprintf("<%s>", tag), *close = xasprintf("</%s>", tag);
	const char *a = strstr(xml, open), *b;
	struct strbuf sb = STRBUF_INIT;

	if (a == NULL || (b = strstr(a + strlen(open), close)) == NULL) {
		free(open);
		free(close);
		return NULL;
	}
	for (a += strlen(open); a < b; a++) {
		static const struct {
			const char *ent;
			char c;
		} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
			{ "&apos;", '\'' }, { NULL, 0 } };
		size_t i;

		for (i = 0; *a == '&' && ents[i].ent != NULL; i++)
			if (strncmp(a, ents[i].ent, strlen(ents[i].ent)) == 0)
				break;
		if (*a == '&' && ents[i].ent != NULL) {
			sb_addc(&sb, ents[i].c);
			a += strlen(ents[i].ent) - 1;
		} else {
			sb_addc(&sb, *a);
		}
	}
	free(open);
	free(close);
	if (sb.len == 0)
		sb_adds(&sb, "");
	return sb_detach(&sb);
}

int
new_software_task_command(const char *data, size_t len, char **command, int *outside)
{
	char *xml, *cmd, *args;
	int is_task;

	if (len >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)
		xml = utf16le_to_utf8((const unsigned char *)data + 2, len - 2);
	else if (len >= 2 && data[0] != '\0' && data[1] == '\0')
		xml = utf16le_to_utf8((const unsigned char *)data, len);
	else
		xml = xstrndup(data, len); /* UTF-8, and a NUL ends it */
	*command = NULL;
	*outside = 0;
	cmd = xml_text(xml, "Command");
	args = xml_text(xml, "Arguments");
	if (cmd != NULL) {
		char *full = args != NULL ? xasprintf("%s %s", cmd, args) : xstrdup(cmd);

		*command = safe(full);
		*outside = !trusted_program(cmd);
		free(full);
	}
	is_task = strstr(xml, "<Task") != NULL;
	free(cmd);
	free(args);
	free(xml);
	return is_task;
}

/* One task file written at or after since. */
static void
task_file(struct new_software_facts *f, const struct check_ctx *ctx, const char *path,
    const char *root, time_t mtime)
{
	char err[512], *data = NULL;
	size_t len;
	struct ns_win *e;

	if (target_read(ctx->target, path, TASK_MAX_BYTES, &data, &len, err, sizeof err) < 0) {
		problem(f, xstrdup(err));
		return;
	}
	e = add(f, NS_WIN_TASK);
	e->name = safe(path + strlen(root));
	e->where = safe(path);
	e->written = e->when = mtime;
	e->when_from = "file mtime";
	if (!new_software_task_command(data, len, &e->command, &e->outside))
		problem(f, xasprintf("%s: not a scheduled task's XML", path));
	free(data);
}

/* Walks the task folder; *count bounds the files looked at. */
static void
task_dir(struct new_software_facts *f, const struct check_ctx *ctx, const char *dir,
    const char *root, int depth, size_t *count)
{
	char err[512];
	struct dirent *d;
	DIR *dp;

	if (depth > TASK_MAX_DEPTH) {
		problem(f, xasprintf("%s: deeper than %d levels, not read", dir, TASK_MAX_DEPTH));
		return;
	}
	if ((dp = target_opendir(ctx->target, dir, err, sizeof err)) == NULL) {
		problem(f, xstrdup(err));
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		struct stat st;
		char *p;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (++*count > TASK_MAX_FILES) {
			problem(f,
			    xasprintf("%s: more than %d entries, the rest not read", root, TASK_MAX_FILES));
			break;
		}
		p = path_join(dir, d->d_name);
		if (target_lstat(ctx->target, p, &st) < 0) {
			problem(f, xasprintf("%s: cannot be examined", p));
		} else if (S_ISDIR(st.st_mode)) {
			task_dir(f, ctx, p, root, depth + 1, count);
		} else if (S_ISREG(st.st_mode)) {
			if (st.st_mtime >= f->since)
				task_file(f, ctx, p, root, st.st_mtime);
		} else if (S_ISLNK(st.st_mode)) {
			problem(f, xasprintf("%s: a link in the task folder, not followed", p));
		} else {
			problem(f, xasprintf("%s: not a regular file, not read", p));
		}
		free(p);
	}
	closedir(dp);
}

static void
probe_tasks(struct new_software_facts *f, struct check_result *res, const struct check_ctx *ctx)
{
	char *root = winreg_find_path(ctx->target, "/Windows/System32/Tasks");
	size_t count = 0;

	if (root == NULL) {
		problem(f,
		    xstrdup("/Windows/System32/Tasks: not found (in any letter case), so "
		            "scheduled tasks are not seen"));
		return;
	}
	check_evidence_file(res, ctx, root);
	f->tasks_read = 1;
	task_dir(f, ctx, root, root, 0, &count);
	free(root);
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
		return; /* probe_run has named the missing Users folder */
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
	probe_run(f, res, &w, ctx);
	probe_services(f, res, &w);
	probe_tasks(f, res, ctx);
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
