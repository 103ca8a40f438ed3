/*
 * windows/suspicious_domains.c: the suspicious-domains probe for a Windows
 * installation read from its disk: the host names in
 * Windows/System32/drivers/etc/hosts, and in each user's browser histories:
 * Edge and Chrome (AppData/Local/{Microsoft/Edge,Google/Chrome}/User Data,
 * every profile's History) and Firefox (AppData/Roaming/Mozilla/Firefox/
 * Profiles, every profile's places.sqlite). Paths are found ignoring case,
 * as Windows does. The files are read with the same hardened readers as on
 * a Debian-like system (checks/sd_probe.c), under the same rules.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "../sd_probe.h"
#include "../suspicious_domains.h"
#include "../../sys/winreg.h"
#include "../../util/xalloc.h"

#define WIN_MAX_PROFILES 10000 /* profile folders looked at in one browser's folder */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every profile folder's history file (found ignoring case) under base, in name order. */
static void
browser(struct sd_probe *p, const struct winreg_user *u, const char *sub, const char *file, int chromium)
{
	const struct target *t = p->ctx->target;
	char *want = xasprintf("%s/%s", u->dir, sub), *base = winreg_find_path(t, want);
	char err[512], buf[512], **dirs = NULL;
	const char *why;
	struct dirent *e;
	size_t n = 0, i;
	DIR *d;

	free(want);
	if (base == NULL)
		return; /* the browser is not installed for this user */
	if ((d = target_opendir(t, base, err, sizeof err)) == NULL) {
		if ((why = sd_dir_problem(t, base, errno, buf, sizeof buf)) != NULL)
			sd_unreadable(p, sd_add_source(p, "browser-profiles", base, u->name), 0,
			    "%s", why);
		free(base);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n >= WIN_MAX_PROFILES) {
			sd_unreadable(p, sd_add_source(p, "browser-profiles", base, u->name), 1,
			    "more than %d entries: only the first were read (a crafted folder)",
			    WIN_MAX_PROFILES);
			break;
		}
		dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
		dirs[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(dirs, n, sizeof *dirs, cmp_str);
	for (i = 0; i < n; i++) {
		char *hw = xasprintf("%s/%s/%s", base, dirs[i], file);
		char *h = winreg_find_path(t, hw);

		if (h != NULL)
			sd_read_history(p, h, u->name, chromium);
		else if (sd_unresolved_link(t, hw, buf, sizeof buf))
			sd_read_history(p, hw, u->name, chromium); /* says where the link leads */
		free(h);
		free(hw);
		free(dirs[i]);
	}
	free(dirs);
	free(base);
}

int
suspicious_domains_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct sd_probe p;
	struct winreg_user *users = NULL;
	size_t nu = 0, i;
	char err[512], *hosts;

	if (sd_probe_start(&p, ctx, facts, res) < 0)
		return -1;
	if ((hosts = winreg_find_path(ctx->target, "/Windows/System32/drivers/etc/hosts")) != NULL)
		sd_probe_hosts(&p, hosts);
	free(hosts);
	if (winreg_users(ctx->target, &users, &nu, err, sizeof err) < 0)
		sd_unreadable(&p, sd_add_source(&p, "home", "/Users", NULL), 0, "%s", err);
	for (i = 0; i < nu; i++) {
		browser(&p, &users[i], "AppData/Local/Microsoft/Edge/User Data", "History", 1);
		browser(&p, &users[i], "AppData/Local/Google/Chrome/User Data", "History", 1);
		browser(&p, &users[i], "AppData/Roaming/Mozilla/Firefox/Profiles", "places.sqlite", 0);
	}
	winreg_users_free(users, nu);
	sd_probe_end(&p);
	return 0;
}
