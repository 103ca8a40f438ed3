/*
 * linux/suspicious_domains.c: the suspicious-domains probe for Debian-like
 * systems: the host names in /etc/hosts and in each user's browser
 * histories, read through the target only.
 *
 * Users are those of /etc/passwd with uid 1000..65533, plus root. Histories
 * are Firefox places.sqlite (also the snap and flatpak locations) and the
 * Chromium family's History (chromium, google-chrome, Brave, Edge), one
 * level of profile directories deep.
 *
 * Reading the hosts file and the histories, hardened against crafted
 * databases, is shared with the Windows probe: checks/sd_probe.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../check.h"
#include "../sd_probe.h"
#include "../suspicious_domains.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* qsort comparison of two strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a copy of s to the list. */
static void
push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Profile directories a dir holds at most; more is reported, not listed. */
#define SD_MAX_PROFILES 10000

/*
 * Firefox's profiles.ini in base: the Path= of each profile, relative to
 * base unless IsRelative=0 (then absolute on the target), appended to dirs.
 */
static void
firefox_ini_profiles(const struct target *t, const char *base, char ***dirs, size_t *n)
{
	char *ini = xasprintf("%s/profiles.ini", base), *data, err[256], *line, *save = NULL;
	char *path = NULL;
	int relative = 1;

	if (target_read(t, ini, 1 << 20, &data, NULL, err, sizeof err) < 0) {
		free(ini);
		return;
	}
	free(ini);
	/* a section ends at the next one or the end: the trailing "[" flushes the last */
	for (line = strtok_r(data, "\r\n", &save);; line = strtok_r(NULL, "\r\n", &save)) {
		if (line == NULL || line[0] == '[') {
			if (path != NULL && path[0] != '\0' && strstr(path, "..") == NULL) {
				char *full = relative || path[0] != '/' ?
				    xasprintf("%s/%s", base, path) :
				    xstrdup(path);

				if (*n < SD_MAX_PROFILES)
					push(dirs, n, full);
				free(full);
			}
			path = NULL;
			relative = 1;
			if (line == NULL)
				break;
			continue;
		}
		if (strncmp(line, "Path=", 5) == 0)
			path = line + 5;
		else if (strncmp(line, "IsRelative=", 11) == 0)
			relative = line[11] != '0';
	}
	free(data);
}

/* The histories of one home directory. */
static void
probe_home(struct sd_probe *p, const struct sysprobe_home *h)
{
	static const struct {
		const char *dir, *file;
		int chromium;
		int direct; /* the history sits in dir itself, not in a profile below it */
	} where[] = {
		{ ".mozilla/firefox", "places.sqlite", 0, 0 },
		{ "snap/firefox/common/.mozilla/firefox", "places.sqlite", 0, 0 },
		{ ".var/app/org.mozilla.firefox/.mozilla/firefox", "places.sqlite", 0, 0 },
		{ ".config/chromium", "History", 1, 0 },
		{ "snap/chromium/common/chromium", "History", 1, 0 },
		{ ".var/app/org.chromium.Chromium/config/chromium", "History", 1, 0 },
		{ ".config/google-chrome", "History", 1, 0 },
		{ ".config/google-chrome-beta", "History", 1, 0 },
		{ ".config/google-chrome-unstable", "History", 1, 0 },
		{ ".var/app/com.google.Chrome/config/google-chrome", "History", 1, 0 },
		{ ".config/BraveSoftware/Brave-Browser", "History", 1, 0 },
		{ ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser", "History", 1, 0 },
		{ ".config/microsoft-edge", "History", 1, 0 },
		{ ".config/microsoft-edge-beta", "History", 1, 0 },
		{ ".config/microsoft-edge-dev", "History", 1, 0 },
		{ ".config/vivaldi", "History", 1, 0 },
		{ ".config/opera", "History", 1, 1 },
		{ NULL, NULL, 0, 0 },
	};
	const struct target *t = p->ctx->target;
	char err[512], buf[512];
	const char *why;
	size_t i;
	DIR *d;

	/* a home we may not enter hides its histories: say so instead of passing */
	if ((d = target_opendir(t, h->dir, err, sizeof err)) == NULL) {
		int e = errno;

		if ((why = sd_dir_problem(t, h->dir, e, buf, sizeof buf)) != NULL)
			sd_unreadable(p, sd_add_source(p, "home", h->dir, h->user), 0, "%s",
			    e == EACCES ? "home directory not readable (run as root)" : why);
		return;
	}
	closedir(d);
	for (i = 0; where[i].dir != NULL; i++) {
		char *dir = xasprintf("%s/%s", strcmp(h->dir, "/") == 0 ? "" : h->dir, where[i].dir);
		struct dirent *e;
		char **dirs = NULL;
		size_t n = 0, j;
		int many = 0;

		if ((d = target_opendir(t, dir, err, sizeof err)) == NULL) {
			int en = errno;

			if ((why = sd_dir_problem(t, dir, en, buf, sizeof buf)) != NULL)
				sd_unreadable(p, sd_add_source(p, "browser-profiles", dir, h->user),
				    0, "%s", why);
			free(dir);
			continue;
		}
		if (where[i].direct)
			push(&dirs, &n, dir);
		else
			while ((e = readdir(d)) != NULL) {
				char *entry;

				if (e->d_name[0] == '.' &&
				    (e->d_name[1] == '\0' || strcmp(e->d_name, "..") == 0))
					continue;
				/* Chromium's Singleton* links name a host and a process, never a profile */
				if (strncmp(e->d_name, "Singleton", 9) == 0)
					continue;
				if (n >= SD_MAX_PROFILES) {
					many = 1;
					break;
				}
				entry = xasprintf("%s/%s", dir, e->d_name);
				push(&dirs, &n, entry);
				free(entry);
			}
		closedir(d);
		if (many)
			sd_unreadable(p, sd_add_source(p, "browser-profiles", dir, h->user), 1,
			    "more than %d entries: only the first were read (a crafted folder)",
			    SD_MAX_PROFILES);
		if (!where[i].chromium)
			firefox_ini_profiles(t, dir, &dirs, &n);
		/* the order readdir gave is the file system's: sort for stable reports, once each */
		qsort(dirs, n, sizeof *dirs, cmp_str);
		for (j = 0; j < n; j++) {
			char *path = xasprintf("%s/%s", dirs[j], where[i].file);
			struct stat st;

			/*
			 * A profile's history, or a profile directory that is a link
			 * leading out of the root (said so).
			 */
			if ((j == 0 || strcmp(dirs[j], dirs[j - 1]) != 0) &&
			    (target_lstat(t, path, &st) == 0 ||
			        sd_unresolved_link(t, dirs[j], buf, sizeof buf)))
				sd_read_history(p, path, h->user, where[i].chromium);
			free(path);
		}
		for (j = 0; j < n; j++)
			free(dirs[j]);
		free(dirs);
		free(dir);
	}
}

void
suspicious_domains_facts_free(void *facts)
{
	struct suspicious_domains_facts *f = facts;
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nsources; i++) {
		free(f->sources[i].kind);
		free(f->sources[i].path);
		free(f->sources[i].user);
		free(f->sources[i].unreadable);
		free(f->sources[i].note);
	}
	free(f->sources);
	for (i = 0; i < f->nseen; i++) {
		free(f->seen[i].host);
		free(f->seen[i].shown);
		free(f->seen[i].address);
	}
	free(f->seen);
}

int
suspicious_domains_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct sd_probe p;
	struct sysprobe_home *h = NULL;
	char err[512];
	size_t n = 0, i;

	if (sd_probe_start(&p, ctx, facts, res) < 0)
		return -1;
	sd_probe_hosts(&p, "/etc/hosts");
	if (sysprobe_homes(ctx->target, &h, &n, err, sizeof err) < 0) {
		char why[512];

		sd_unreadable(&p, sd_add_source(&p, "passwd", "/etc/passwd", NULL), 0, "%s",
		    sd_unresolved_link(ctx->target, "/etc/passwd", why, sizeof why) ? why : err);
	}
	for (i = 0; i < n; i++)
		probe_home(&p, &h[i]);
	sysprobe_homes_free(h, n);
	sd_probe_end(&p);
	return 0;
}
