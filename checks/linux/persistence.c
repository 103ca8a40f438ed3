/*
 * linux/persistence.c: the persistence probe for Debian-like systems. It
 * looks at every place that starts a program by itself and lists, for the
 * judge (persistence.c), the entries whose file was written at or after
 * the start of the period, with the command lines they run:
 *
 * - systemd units, their drop-ins and the enabling links in .wants and
 *   .requires folders: /etc/systemd/{system,user},
 *   /usr/local/lib/systemd/{system,user}, and each home's
 *   ~/.config/systemd/user and ~/.local/share/systemd/user; a timer
 *   (.timer) is listed with its schedule and the Exec lines of the unit it
 *   starts;
 * - cron: /etc/crontab, /etc/cron.d, the scripts of /etc/cron.hourly,
 *   daily, weekly and monthly, users' crontabs under
 *   /var/spool/cron/crontabs, and /etc/anacrontab;
 * - XDG autostart: /etc/xdg/autostart and each home's ~/.config/autostart;
 * - /etc/rc.local.
 *
 * A program whose path lies outside /usr, /bin, /sbin, /lib and /etc, or a
 * command that names /tmp, /var/tmp, /dev/shm, /run/user or a home, is
 * marked as outside the system's folders, and so is one that pipes into a
 * shell. Every read goes through the
 * target; a folder or file that exists and cannot be read is a problem,
 * which makes the verdict unknown; a folder that does not exist is simply
 * empty.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../new_software.h"
#include "../persistence.h"
#include "../../sys/sysprobe.h"
#include "../../util/fileio.h"
#include "../../util/strbuf.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "tglob.h"

#define FILE_MAX_BYTES ((size_t)1 << 20) /* a startup file larger than this is not read */
#define DIR_MAX_ENTRIES 20000            /* entries of one folder looked at */
#define COMMAND_MAX 2000                 /* bytes of command lines kept per entry */

struct lp {
	const struct check_ctx *ctx;
	struct persistence_facts *f;
	struct check_result *res;
};

/* What a file in a folder is. */
enum place {
	PLACE_SYSTEMD,     /* a unit folder */
	PLACE_CRONTAB_SYS, /* /etc/crontab, cron.d: with a user field */
	PLACE_CRONTAB_USR, /* a user's crontab: without */
	PLACE_CRON_SCRIPT, /* a script run by run-parts */
	PLACE_ANACRONTAB,
	PLACE_AUTOSTART,
	PLACE_RC_LOCAL,
};

/* Whether s names a place users can write: /tmp, /var/tmp, /dev/shm, /run/user, a home. */
static int
names_writable(const char *s)
{
	static const char *const writable[] = { "/tmp/", "/var/tmp/", "/dev/shm/", "/run/user/",
		"/home/", "/root/", "~/", "$HOME", NULL };
	size_t i;

	for (i = 0; writable[i] != NULL; i++)
		if (strstr(s, writable[i]) != NULL)
			return 1;
	return 0;
}

/* Whether the command's program, or anything it names, lies outside the system's folders. */
static int
outside(const char *cmd)
{
	static const char *const system[] = { "/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/",
		"/etc/", NULL };
	static const char *const pipes[] = { "| sh", "|sh", "| bash", "|bash", "| /bin/sh",
		"| /bin/bash", NULL };
	const char *p = cmd;
	size_t i, n;

	if (names_writable(cmd))
		return 1;
	/* what a pipe hands to a shell comes from elsewhere, typically the network */
	for (i = 0; pipes[i] != NULL; i++)
		if (strstr(cmd, pipes[i]) != NULL)
			return 1;
	for (;;) {
		/* systemd's Exec prefixes, and environment assignments before the program */
		while (*p == ' ' || *p == '\t' || *p == '-' || *p == '@' || *p == '+' ||
		    *p == '!' || *p == ':')
			p++;
		n = strcspn(p, " \t");
		if (n > 0 && memchr(p, '=', n) != NULL && *p != '/') {
			p += n;
			continue;
		}
		break;
	}
	if (*p != '/')
		return 0; /* found through PATH, or no program at all */
	for (i = 0; system[i] != NULL; i++)
		if (strncmp(p, system[i], strlen(system[i])) == 0) {
			/* a program path must not climb out of its folder */
			char *prog = xstrndup(p, n);
			int climbs = strstr(prog, "/../") != NULL;

			free(prog);
			return climbs;
		}
	return 1;
}

/* Adds one command line to sb ("; " between), sanitised, within COMMAND_MAX. */
static void
add_command(struct strbuf *sb, const char *s, size_t len, int *out)
{
	char *raw = xstrndup(s, len), *safe;

	while (len > 0 && (raw[len - 1] == ' ' || raw[len - 1] == '\t' || raw[len - 1] == '\r'))
		raw[--len] = '\0';
	if (raw[0] == '\0') {
		free(raw);
		return;
	}
	if (outside(raw))
		*out = 1;
	safe = text_sanitize(raw);
	if (sb->len < COMMAND_MAX)
		sb_addf(sb, "%s%s", sb->len ? "; " : "", safe);
	free(safe);
	free(raw);
}

/* Skips n blank-separated fields of a line; NULL when it has fewer. */
static const char *
skip_fields(const char *p, const char *end, int n)
{
	while (n-- > 0) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return NULL;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p < end ? p : NULL;
}

/*
 * The command lines in a file's text, by place: Exec lines of a unit or a
 * desktop entry, the command fields of a crontab, the lines of rc.local.
 * Timers: their schedule into *detail.
 */
static void
commands(enum place pl, const char *text, struct strbuf *cmd, struct strbuf *detail, int *out)
{
	const char *p = text;

	while (*p != '\0') {
		const char *end = strchr(p, '\n'), *s = p, *c;

		if (end == NULL)
			end = p + strlen(p);
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end || *s == '#' || *s == ';') {
			p = *end ? end + 1 : end;
			continue;
		}
		switch (pl) {
		case PLACE_SYSTEMD:
		case PLACE_AUTOSTART:
			if (strncmp(s, "Exec", 4) == 0 && (c = memchr(s, '=', (size_t)(end - s))) != NULL &&
			    memchr(s, ' ', (size_t)(c - s)) == NULL &&
			    strncmp(s, "ExecCondition", 13) != 0)
				add_command(cmd, c + 1, (size_t)(end - c - 1), out);
			else if (pl == PLACE_SYSTEMD &&
			    (strncmp(s, "OnCalendar=", 11) == 0 || strncmp(s, "OnBootSec=", 10) == 0 ||
			        strncmp(s, "OnUnitActiveSec=", 16) == 0 ||
			        strncmp(s, "OnStartupSec=", 13) == 0 || strncmp(s, "Unit=", 5) == 0)) {
				char *d = xstrndup(s, (size_t)(end - s)), *safe = text_sanitize(d);

				if (detail->len < COMMAND_MAX)
					sb_addf(detail, "%s%s", detail->len ? "; " : "", safe);
				free(safe);
				free(d);
			}
			break;
		case PLACE_CRONTAB_SYS:
		case PLACE_CRONTAB_USR:
		case PLACE_ANACRONTAB: {
			size_t w = strcspn(s, " \t=");

			if (s + w < end && s[w] == '=')
				break; /* NAME=value */
			if (pl == PLACE_ANACRONTAB)
				c = skip_fields(s, end, 3);
			else
				c = skip_fields(s, end,
				    (*s == '@' ? 1 : 5) + (pl == PLACE_CRONTAB_SYS ? 1 : 0));
			if (c != NULL)
				add_command(cmd, c, (size_t)(end - c), out);
			break;
		}
		case PLACE_RC_LOCAL:
			if (strncmp(s, "exit 0", 6) != 0)
				add_command(cmd, s, (size_t)(end - s), out);
			break;
		case PLACE_CRON_SCRIPT:
			/* the script's own lines only mark it as outside; its command is its path */
			{
				char *l = xstrndup(s, (size_t)(end - s));

				if (names_writable(l))
					*out = 1;
				free(l);
			}
			break;
		}
		p = *end ? end + 1 : end;
	}
}

/* The name of a file under dir ("multi-user.target.wants/x.service"). */
static const char *
rel_name(const char *path, const char *base)
{
	size_t n = strlen(base);

	return strncmp(path, base, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* Looks at one file (or link) of a place; lists it when written in the period. */
static void
one_file(struct lp *L, enum place pl, const char *path, const char *base, const char *user)
{
	struct persistence_facts *f = L->f;
	struct strbuf cmd = STRBUF_INIT, detail = STRBUF_INIT;
	struct persist_entry *e;
	struct stat st;
	char err[512], *text = NULL;
	int out = 0;
	size_t n = strlen(path);

	if (target_lstat(L->ctx->target, path, &st) < 0) {
		persistence_problem(f, xasprintf("%s: cannot be examined: %s", path, strerror(errno)));
		return;
	}
	f->examined++;
	if (st.st_mtime < f->since)
		return;
	if (S_ISLNK(st.st_mode)) {
		/* an enabling link, or a unit masked or linked from elsewhere */
		char *to = target_readlink(L->ctx->target, path);

		if (to != NULL) {
			char *safe = text_sanitize(to);

			sb_addf(&detail, "link to %s", safe);
			out = outside(to);
			free(safe);
			free(to);
		}
	} else if (S_ISREG(st.st_mode)) {
		if (tread(L->ctx->target, path, FILE_MAX_BYTES, &text, err, sizeof err) < 0) {
			persistence_problem(f, xstrdup(err));
			return;
		}
		commands(pl, text, &cmd, &detail, &out);
		if (pl == PLACE_SYSTEMD && n > 6 && strcmp(path + n - 6, ".timer") == 0) {
			/* the unit it starts: Unit=, else the service of the same name beside it */
			char *svc = xasprintf("%.*s.service", (int)(n - 6), path), *stext = NULL;

			if (tread(L->ctx->target, svc, FILE_MAX_BYTES, &stext, err, sizeof err) == 0) {
				struct strbuf ignore = STRBUF_INIT;

				commands(PLACE_SYSTEMD, stext, &cmd, &ignore, &out);
				sb_free(&ignore);
			}
			free(stext);
			free(svc);
		}
		if (pl == PLACE_CRON_SCRIPT)
			add_command(&cmd, path, strlen(path), &out);
	} else {
		persistence_problem(f, xasprintf("%s: not a regular file, not read", path));
		return;
	}
	e = persistence_add(f,
	    pl == PLACE_SYSTEMD && n > 6 && strcmp(path + n - 6, ".timer") == 0 ? PERSIST_TIMER :
	        pl == PLACE_SYSTEMD                                             ? PERSIST_SYSTEMD :
	        pl == PLACE_AUTOSTART ? PERSIST_AUTOSTART :
	        pl == PLACE_RC_LOCAL  ? PERSIST_RC_LOCAL :
	                                PERSIST_CRON);
	e->name = text_sanitize(rel_name(path, base));
	e->where = text_sanitize(path);
	e->user = user != NULL ? text_sanitize(user) : NULL;
	e->command = cmd.len ? xstrdup(sb_str(&cmd)) : NULL;
	e->detail = detail.len ? xstrdup(sb_str(&detail)) : NULL;
	e->written = st.st_mtime;
	e->written_from = "file mtime";
	e->outside = out;
	check_evidence_file(L->res, L->ctx, path);
	sb_free(&cmd);
	sb_free(&detail);
	free(text);
}

/* Every file of dir (and, for unit folders, of its .wants, .requires and .d folders). */
static void
place_dir(struct lp *L, enum place pl, const char *dir, const char *base, const char *user, int depth)
{
	struct dirent *d;
	char err[512];
	size_t count = 0;
	DIR *dp;

	if ((dp = target_opendir(L->ctx->target, dir, err, sizeof err)) == NULL) {
		if (errno != ENOENT && errno != ENOTDIR)
			persistence_problem(L->f, xstrdup(err));
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		struct stat st;
		char *p;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (++count > DIR_MAX_ENTRIES) {
			persistence_problem(L->f,
			    xasprintf("%s: more than %d entries, the rest not read", dir, DIR_MAX_ENTRIES));
			break;
		}
		/* run-parts skips these names, and so does cron for cron.d */
		if ((pl == PLACE_CRON_SCRIPT || pl == PLACE_CRONTAB_SYS) &&
		    (d->d_name[0] == '.' || strchr(d->d_name, '~') != NULL ||
		        strstr(d->d_name, ".dpkg-") != NULL))
			continue;
		p = path_join(dir, d->d_name);
		if (target_lstat(L->ctx->target, p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (pl == PLACE_SYSTEMD && depth == 0)
				place_dir(L, pl, p, base, user, depth + 1);
			/* deeper folders are not read by systemd */
		} else {
			one_file(L, pl, p, base, user);
		}
		free(p);
	}
	closedir(dp);
}

/* One file that may be absent. */
static void
place_file(struct lp *L, enum place pl, const char *path)
{
	if (!target_exists(L->ctx->target, path))
		return;
	one_file(L, pl, path, "/etc", NULL);
}

/* The home directories: /etc/passwd's, and every folder of /home. */
static void
per_user(struct lp *L)
{
	static const struct {
		const char *sub;
		enum place pl;
	} places[] = {
		{ ".config/systemd/user", PLACE_SYSTEMD },
		{ ".local/share/systemd/user", PLACE_SYSTEMD },
		{ ".config/autostart", PLACE_AUTOSTART },
	};
	struct sysprobe_home *h = NULL;
	size_t nh = 0, i, j;
	char err[512];
	char **dirs = NULL, **users = NULL;
	size_t n = 0;
	DIR *dp;
	struct dirent *d;

	if (sysprobe_homes(L->ctx->target, &h, &nh, err, sizeof err) < 0 &&
	    target_exists(L->ctx->target, "/etc/passwd"))
		persistence_problem(L->f, xstrdup(err));
	for (i = 0; i < nh; i++) {
		dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
		users = xreallocarray(users, n + 1, sizeof *users);
		dirs[n] = xstrdup(h[i].dir);
		users[n++] = xstrdup(h[i].user);
	}
	sysprobe_homes_free(h, nh);
	if ((dp = target_opendir(L->ctx->target, "/home", err, sizeof err)) != NULL) {
		while ((d = readdir(dp)) != NULL && n < DIR_MAX_ENTRIES) {
			char *p;

			if (d->d_name[0] == '.')
				continue;
			p = xasprintf("/home/%s", d->d_name);
			for (j = 0; j < n; j++)
				if (strcmp(dirs[j], p) == 0)
					break;
			if (j < n || !target_isdir(L->ctx->target, p)) {
				free(p);
				continue;
			}
			dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
			users = xreallocarray(users, n + 1, sizeof *users);
			dirs[n] = p;
			users[n++] = xstrdup(d->d_name);
		}
		closedir(dp);
	} else if (errno != ENOENT) {
		persistence_problem(L->f, xstrdup(err));
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof places / sizeof places[0]; j++) {
			char *p = path_join(dirs[i], places[j].sub);

			place_dir(L, places[j].pl, p, p, users[i], 0);
			free(p);
		}
		free(dirs[i]);
		free(users[i]);
	}
	free(dirs);
	free(users);
}

int
persistence_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const struct {
		const char *dir;
		enum place pl;
	} dirs[] = {
		{ "/etc/systemd/system", PLACE_SYSTEMD },
		{ "/etc/systemd/user", PLACE_SYSTEMD },
		{ "/usr/local/lib/systemd/system", PLACE_SYSTEMD },
		{ "/usr/local/lib/systemd/user", PLACE_SYSTEMD },
		{ "/etc/cron.d", PLACE_CRONTAB_SYS },
		{ "/etc/cron.hourly", PLACE_CRON_SCRIPT },
		{ "/etc/cron.daily", PLACE_CRON_SCRIPT },
		{ "/etc/cron.weekly", PLACE_CRON_SCRIPT },
		{ "/etc/cron.monthly", PLACE_CRON_SCRIPT },
		{ "/etc/xdg/autostart", PLACE_AUTOSTART },
	};
	struct persistence_facts *f = facts;
	struct lp L = { ctx, f, res };
	size_t i;

	if (new_software_since(ctx, &f->since, res) < 0)
		return -1;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		place_dir(&L, dirs[i].pl, dirs[i].dir, dirs[i].dir, NULL, 0);
	place_file(&L, PLACE_CRONTAB_SYS, "/etc/crontab");
	place_file(&L, PLACE_ANACRONTAB, "/etc/anacrontab");
	place_file(&L, PLACE_RC_LOCAL, "/etc/rc.local");
	{
		/* a user's crontab: its file name is the user */
		static const char spool[] = "/var/spool/cron/crontabs";
		char err[512];
		struct dirent *d;
		DIR *dp = target_opendir(ctx->target, spool, err, sizeof err);

		if (dp == NULL && errno != ENOENT)
			persistence_problem(f, xstrdup(err));
		while (dp != NULL && (d = readdir(dp)) != NULL) {
			char *p;

			if (d->d_name[0] == '.')
				continue;
			p = path_join(spool, d->d_name);
			one_file(&L, PLACE_CRONTAB_USR, p, spool, d->d_name);
			free(p);
		}
		if (dp != NULL)
			closedir(dp);
	}
	per_user(&L);
	return 0;
}
