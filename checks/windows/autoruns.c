/*
 * windows/autoruns.c: Run and RunOnce values, services and scheduled tasks
 * of a Windows installation read from its disk (see autoruns.h).
 */
#include "autoruns.h"

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../../sys/winreg.h"
#include "../../util/fileio.h"
#include "../../util/strbuf.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"

#define TASK_MAX_BYTES ((size_t)1 << 20) /* a task file larger than this is not read */
#define TASK_MAX_FILES 20000
#define TASK_MAX_DEPTH 16

static void
note(struct autoruns *a, char *msg)
{
	json_arr_push(a->notes, json_str(msg));
	free(msg);
}

/* A new entry, zeroed, appended to a. */
static struct autorun *
add(struct autoruns *a, enum autorun_kind kind)
{
	struct autorun *e;

	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	e = &a->v[a->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

static char *
safe(const char *s)
{
	return s != NULL ? text_sanitize(s) : NULL;
}

/* Whether a command line's program lies in a folder Windows or an installer
 * with administrator rights owns: System32, SysWOW64, Program Files (both),
 * or Defender's platform folder (which its own updates rewrite). Environment
 * variables and \SystemRoot are expanded to their usual values.
 */
int
autoruns_trusted_program(const char *cmd)
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

/* The values of one Run key, each with the key's LastWrite time. */
static void
run_key(struct autoruns *a, struct check_result *res, const struct winreg_hive *h,
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
		note(a, xasprintf("%s: %s: %s", winreg_file(h), keypath, winreg_rc_text(rc)));
		return;
	}
	winprobe_evidence(res, h, k, keypath, NULL, NULL);
	if ((names = winreg_value_names(h, k)) == NULL) {
		note(a,
		    xasprintf("%s: %s: the values could not be read (damaged hive)", winreg_file(h),
		        keypath));
		return;
	}
	t = winreg_key_time(h, k);
	for (i = 0; names[i] != NULL; i++) {
		struct autorun *e;
		char *data = NULL, *where;

		if (names[i][0] == '\0')
			continue; /* the default value runs nothing */
		e = add(a, AUTORUN_RUN);
		e->name = safe(names[i]);
		if ((rc = winreg_string(h, k, names[i], &data)) == WINREG_OK) {
			e->command = safe(data);
			e->outside = !autoruns_trusted_program(data);
		} else {
			e->command = xasprintf("(%s)", winreg_rc_text(rc));
		}
		where = xasprintf("%s: %s", winreg_file(h), keypath);
		e->where = safe(where);
		free(where);
		e->user = safe(user);
		e->written = t != (time_t)-1 ? t : 0;
		e->written_from = "key LastWrite";
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
read_run(struct autoruns *a, struct check_result *res, const struct winprobe *w,
    const struct check_ctx *ctx)
{
	struct winreg_user *users;
	size_t nu, i, j;
	char err[512];

	for (j = 0; run_machine[j] != NULL; j++)
		run_key(a, res, w->software, run_machine[j], NULL);
	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0) {
		note(a, xstrdup(err));
		return;
	}
	for (i = 0; i < nu; i++) {
		struct winreg_hive *h = winreg_open(ctx->target, users[i].hive, err, sizeof err);

		if (h == NULL) {
			note(a, xstrdup(err));
			continue;
		}
		for (j = 0; run_user[j] != NULL; j++)
			run_key(a, res, h, run_user[j], users[i].name);
		if (winreg_dirty(h))
			json_arr_push(a->dirty,
			    json_strf("%s: not cleanly written back; changes in its .LOG1/.LOG2 are not "
			              "replayed",
			        winreg_file(h)));
		winreg_close(h);
	}
	winreg_users_free(users, nu);
}

/* A service's Start value in words, or NULL when absent. */
static const char *
start_name(const struct winreg_hive *h, winreg_key k)
{
	static const char *const names[] = { "boot", "system", "automatic", "manual", "disabled" };
	uint32_t v;

	if (winreg_dword(h, k, "Start", &v) != WINREG_OK)
		return NULL;
	return v < 5 ? names[v] : "other";
}

/* The services whose key was written at or after since. */
static void
read_services(struct autoruns *a, struct check_result *res, const struct winprobe *w, time_t since)
{
	char *path = winprobe_cs_path(w, "Services");
	winreg_key k = winreg_key_at(w->system, path), *kids;
	size_t n, i;

	winprobe_evidence(res, w->system, k, path, NULL, NULL);
	if (k == 0) {
		note(a, xasprintf("%s: %s: absent", winreg_file(w->system), path));
		free(path);
		return;
	}
	if (winreg_subkeys(w->system, k, &kids, &n) != WINREG_OK) {
		note(a,
		    xasprintf("%s: %s: the subkeys could not be read (damaged hive)",
		        winreg_file(w->system), path));
		free(path);
		return;
	}
	a->services = n;
	for (i = 0; i < n; i++) {
		time_t t = winreg_key_time(w->system, kids[i]);
		char *name, *image = NULL, *dll = NULL, *where;
		const char *start;
		winreg_key pk;
		struct autorun *e;
		struct strbuf cmd = STRBUF_INIT;

		if (t == (time_t)-1 || t < since)
			continue;
		name = winreg_key_name(w->system, kids[i]);
		(void)winreg_string(w->system, kids[i], "ImagePath", &image);
		if (winreg_lookup(w->system, kids[i], "Parameters", &pk) == WINREG_OK)
			(void)winreg_string(w->system, pk, "ServiceDll", &dll);
		e = add(a, AUTORUN_SERVICE);
		e->name = safe(name != NULL ? name : "?");
		if (image != NULL)
			sb_adds(&cmd, image);
		if (dll != NULL)
			sb_addf(&cmd, "%s(ServiceDll %s)", cmd.len ? " " : "", dll);
		e->command = cmd.len ? safe(sb_str(&cmd)) : NULL;
		if ((start = start_name(w->system, kids[i])) != NULL)
			e->start = xstrdup(start);
		/* a service with neither is configuration only (a driver's group, a disabled stub) */
		e->outside = (image != NULL && !autoruns_trusted_program(image)) ||
		    (dll != NULL && !autoruns_trusted_program(dll));
		where = xasprintf("%s: %s\\%s", winreg_file(w->system), path, name != NULL ? name : "?");
		e->where = safe(where);
		e->written = t;
		e->written_from = "key LastWrite";
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
autoruns_task_command(const char *data, size_t len, char **command, int *outside)
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
		*outside = !autoruns_trusted_program(cmd);
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
task_file(struct autoruns *a, const struct check_ctx *ctx, const char *path, const char *root, time_t mtime)
{
	char err[512], *data = NULL;
	size_t len;
	struct autorun *e;

	if (target_read(ctx->target, path, TASK_MAX_BYTES, &data, &len, err, sizeof err) < 0) {
		note(a, xstrdup(err));
		return;
	}
	e = add(a, AUTORUN_TASK);
	e->name = safe(path + strlen(root));
	e->where = safe(path);
	e->written = mtime;
	e->written_from = "file mtime";
	if (!autoruns_task_command(data, len, &e->command, &e->outside))
		note(a, xasprintf("%s: not a scheduled task's XML", path));
	free(data);
}

/* Walks the task folder; *count bounds the files looked at. */
static void
task_dir(struct autoruns *a, const struct check_ctx *ctx, const char *dir, const char *root,
    int depth, size_t *count, time_t since)
{
	char err[512];
	struct dirent *d;
	DIR *dp;

	if (depth > TASK_MAX_DEPTH) {
		note(a, xasprintf("%s: deeper than %d levels, not read", dir, TASK_MAX_DEPTH));
		return;
	}
	if ((dp = target_opendir(ctx->target, dir, err, sizeof err)) == NULL) {
		note(a, xstrdup(err));
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		struct stat st;
		char *p;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (++*count > TASK_MAX_FILES) {
			note(a, xasprintf("%s: more than %d entries, the rest not read", root, TASK_MAX_FILES));
			break;
		}
		p = path_join(dir, d->d_name);
		if (target_lstat(ctx->target, p, &st) < 0) {
			note(a, xasprintf("%s: cannot be examined", p));
		} else if (S_ISDIR(st.st_mode)) {
			task_dir(a, ctx, p, root, depth + 1, count, since);
		} else if (S_ISREG(st.st_mode)) {
			a->tasks++;
			if (st.st_mtime >= since)
				task_file(a, ctx, p, root, st.st_mtime);
		} else if (S_ISLNK(st.st_mode)) {
			note(a, xasprintf("%s: a link in the task folder, not followed", p));
		} else {
			note(a, xasprintf("%s: not a regular file, not read", p));
		}
		free(p);
	}
	closedir(dp);
}

static void
read_tasks(struct autoruns *a, struct check_result *res, const struct check_ctx *ctx, time_t since)
{
	char *root = winreg_find_path(ctx->target, "/Windows/System32/Tasks");
	size_t count = 0;

	if (root == NULL) {
		note(a,
		    xstrdup("/Windows/System32/Tasks: not found (in any letter case), so "
		            "scheduled tasks are not seen"));
		return;
	}
	check_evidence_file(res, ctx, root);
	a->tasks_read = 1;
	task_dir(a, ctx, root, root, 0, &count, since);
	free(root);
}

void
autoruns_read(struct autoruns *a, const struct winprobe *w, const struct check_ctx *ctx,
    struct check_result *res, time_t since)
{
	memset(a, 0, sizeof *a);
	a->notes = json_array();
	a->dirty = json_array();
	read_run(a, res, w, ctx);
	read_services(a, res, w, since);
	read_tasks(a, res, ctx, since);
}

void
autoruns_free(struct autoruns *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].command);
		free(a->v[i].where);
		free(a->v[i].user);
		free(a->v[i].start);
	}
	free(a->v);
	json_free(a->notes);
	json_free(a->dirty);
	memset(a, 0, sizeof *a);
}
