/*
 * linux/logging.c: the logging check's probe for Debian-like systems.
 *
 * Reads, through the target, /etc/systemd/journald.conf and the drop-ins of
 * journald.conf.d in /usr/lib, /run and /etc (a later directory overrides a
 * file of the same name; applied in file-name order, the last Storage= in a
 * [Journal] section wins), /var/log/journal, the configuration of rsyslog
 * (rsyslog.conf and, when it includes them, the .conf files of rsyslog.d), syslog-ng
 * (syslog-ng.conf and the .conf files of conf.d) and sysklogd (syslog.conf), counting
 * the rules that write local log files and those that forward, their units
 * and auditd's, and /etc/audit/auditd.conf. On the running system it looks
 * for the daemons among the processes (sysstate.h: name and executable).
 * Files that are links out of the root are reported, never followed.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "sysstate.h"
#include "../check.h"
#include "../logging.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* A drop-in file: its name and the directory that provides it. */
struct dropin {
	char *name;
	const char *dir;
};

/* Sorts drop-ins by file name. */
static int
cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

/*
 * Applies the Storage= setting of one journald.conf file (in its [Journal]
 * section) to the facts. Returns 0, or -1 when the file exists but cannot be
 * read or does not resolve inside the root.
 */
static int
journald_file(const struct check_ctx *ctx, struct check_result *res, const char *path,
    struct logging_facts *f)
{
	char *data, *line, *save = NULL;
	int in_journal = 0, rc;

	if ((rc = sysstate_read(ctx, res, path, 1 << 20, &data, f->errors)) <= 0)
		return rc;
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		sysprobe_trim(line);
		if (line[0] == '[')
			in_journal = strcmp(line, "[Journal]") == 0;
		else if (in_journal && strncmp(line, "Storage", 7) == 0) {
			char *v = line + 7;

			while (*v == ' ' || *v == '\t')
				v++;
			if (*v++ != '=')
				continue;
			free(f->storage);
			free(f->storage_file);
			f->storage = xstrdup(sysprobe_trim(v));
			f->storage_file = xstrdup(path);
		}
	}
	free(data);
	return 0;
}

/* The *.conf names of dir (beneath the root), appended to *v; a later call overrides a name. */
static void
conf_names(const struct check_ctx *ctx, const char *dir, struct dropin **v, size_t *n)
{
	char err[512];
	DIR *d = target_opendir(ctx->target, dir, err, sizeof err);
	struct dirent *e;
	size_t j;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		for (j = 0; j < *n; j++)
			if (strcmp((*v)[j].name, e->d_name) == 0)
				break;
		if (j == *n) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++].name = xstrdup(e->d_name);
		}
		(*v)[j].dir = dir;
	}
	closedir(d);
	if (*n > 1)
		qsort(*v, *n, sizeof **v, cmp_dropin);
}

/* Drop-in files of journald.conf.d from the three directories, by file name. */
static int
journald_dropins(const struct check_ctx *ctx, struct check_result *res, struct logging_facts *f)
{
	static const char *const dirs[] = { "/usr/lib/systemd/journald.conf.d",
		"/run/systemd/journald.conf.d", "/etc/systemd/journald.conf.d", NULL };
	struct dropin *v = NULL;
	size_t n = 0, i;
	int rc = 0;

	for (i = 0; dirs[i] != NULL; i++)
		conf_names(ctx, dirs[i], &v, &n);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", v[i].dir, v[i].name);

		if (journald_file(ctx, res, path, f) < 0)
			rc = -1;
		free(path);
		free(v[i].name);
	}
	free(v);
	return rc;
}

/* Whether s (a legacy selector such as "*.*;auth,authpriv.none") looks like one. */
static int
is_selector(const char *s, size_t n)
{
	size_t i;
	int dot = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.')
			dot = 1;
		else if (!(islower(c) || isdigit(c) || strchr("*,;=!<>", c) != NULL))
			return 0;
	}
	return dot;
}

/* Counts, in one rsyslog or syslogd configuration text, the rules writing files and forwarding. */
static void
syslog_rules(char *data, int *files, int *forward)
{
	char *line, *save = NULL;

	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		const char *a;
		size_t sel;

		sysprobe_trim(line);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strstr(line, "omfile") != NULL) {
			(*files)++;
			continue;
		}
		if (strstr(line, "omfwd") != NULL) {
			(*forward)++;
			continue;
		}
		sel = strcspn(line, " \t");
		if (line[sel] == '\0' || !is_selector(line, sel))
			continue;
		for (a = line + sel; *a == ' ' || *a == '\t'; a++)
			;
		if (a[0] == '-')
			a++;
		if (a[0] == '/' || a[0] == '?')
			(*files)++;
		else if (a[0] == '@')
			(*forward)++;
	}
}

/* Counts, in a syslog-ng configuration text, file destinations used by a log path and network ones. */
static void
syslog_ng_rules(char *data, int *files, int *forward)
{
	char *p, *w;
	int dest_file = 0, dest_net = 0, log = 0;

	/* drop comments and blanks so "file (" and "log{" read alike */
	for (p = w = data; *p != '\0'; p++) {
		if (*p == '#') {
			while (*p != '\0' && *p != '\n')
				p++;
			if (*p == '\0')
				break;
		}
		if (!isspace((unsigned char)*p))
			*w++ = *p;
	}
	*w = '\0';
	for (p = strstr(data, "destination"); p != NULL; p = strstr(p + 1, "destination")) {
		char *end = strstr(p, "};");

		if (end != NULL)
			*end = '\0';
		if (strstr(p, "file(") != NULL)
			dest_file++;
		if (strstr(p, "network(") != NULL || strstr(p, "tcp(") != NULL ||
		    strstr(p, "udp(") != NULL || strstr(p, "syslog(") != NULL)
			dest_net++;
		if (end != NULL) {
			*end = '}';
			p = end;
		}
	}
	log = strstr(data, "log{") != NULL;
	if (log) {
		*files += dest_file;
		*forward += dest_net;
	}
}

/* Reads one syslog daemon's configuration (main file and included directory) into the facts. */
static void
syslog_config(const struct check_ctx *ctx, struct check_result *res, struct logging_facts *f,
    enum logging_syslog which, const char *main, const char *dir, const char *include_word)
{
	char *data = NULL;
	int rc = sysstate_read(ctx, res, main, 4 << 20, &data, f->errors), includes;

	f->syslog_config[which] = rc;
	if (rc < 0)
		f->unreadable = 1;
	if (rc <= 0)
		return;
	includes = dir != NULL && strstr(data, include_word) != NULL;
	if (which == LS_SYSLOG_NG)
		syslog_ng_rules(data, &f->syslog_files[which], &f->syslog_forward[which]);
	else
		syslog_rules(data, &f->syslog_files[which], &f->syslog_forward[which]);
	free(data);
	if (includes) {
		struct dropin *v = NULL;
		size_t n = 0, i;

		conf_names(ctx, dir, &v, &n);
		for (i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", v[i].dir, v[i].name);

			rc = sysstate_read(ctx, res, path, 4 << 20, &data, f->errors);
			if (rc < 0)
				f->unreadable = 1;
			if (rc > 0) {
				if (which == LS_SYSLOG_NG)
					syslog_ng_rules(data, &f->syslog_files[which],
					    &f->syslog_forward[which]);
				else
					syslog_rules(data, &f->syslog_files[which],
					    &f->syslog_forward[which]);
				free(data);
			}
			free(path);
			free(v[i].name);
		}
		free(v);
	}
}

/* An enum unit_state as the facts keep it. */
static int
unit_value(enum unit_state s)
{
	switch (s) {
	case UNIT_ENABLED: return 1;
	case UNIT_MASKED: return 2;
	case UNIT_UNRESOLVED: return -1;
	case UNIT_ABSENT: return 0;
	}
	return 0;
}

static const char *const exes_journald[] = { "/usr/lib/systemd/systemd-journald",
	"/lib/systemd/systemd-journald", NULL };
static const char *const exes_rsyslogd[] = { "/usr/sbin/rsyslogd", "/sbin/rsyslogd", NULL };
static const char *const exes_syslog_ng[] = { "/usr/sbin/syslog-ng", "/sbin/syslog-ng", NULL };
static const char *const exes_syslogd[] = { "/usr/sbin/syslogd", "/sbin/syslogd", NULL };
static const char *const exes_auditd[] = { "/usr/sbin/auditd", "/sbin/auditd", NULL };

/* Looked for at "/", in this order: the syslog daemons (enum logging_syslog), journald, auditd. */
static const struct daemon_spec daemons[] = {
	[LS_RSYSLOG] = { "rsyslogd", "rsyslogd", exes_rsyslogd },
	[LS_SYSLOG_NG] = { "syslog-ng", "syslog-ng", exes_syslog_ng },
	[LS_SYSKLOGD] = { "syslogd", "syslogd", exes_syslogd },
	{ "systemd-journald", "systemd-journal", exes_journald },
	{ "auditd", "auditd", exes_auditd },
};
#define D_JOURNALD LOGGING_NSYSLOG
#define D_AUDITD (LOGGING_NSYSLOG + 1)
#define D_COUNT (LOGGING_NSYSLOG + 2)

int
logging_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char *const wants[] = { "/etc/systemd/system/multi-user.target.wants", NULL };
	static const char *const units[LOGGING_NSYSLOG] = { "rsyslog.service", "syslog-ng.service",
		"sysklogd.service" };
	struct logging_facts *f = facts;
	size_t i;

	f->errors = json_array();
	f->daemons = json_array();
	if (journald_file(ctx, res, "/etc/systemd/journald.conf", f) < 0)
		f->unreadable = 1;
	if (journald_dropins(ctx, res, f) < 0)
		f->unreadable = 1;
	f->journal_dir = sysstate_present(ctx->target, "/var/log/journal", f->errors) == 1 &&
	    target_isdir(ctx->target, "/var/log/journal");
	check_evidence_file(res, ctx, "/var/log/journal");
	for (i = 0; exes_journald[i] != NULL && !f->journald_present; i++)
		f->journald_present = sysstate_present(ctx->target, exes_journald[i], f->errors) == 1;
	syslog_config(ctx, res, f, LS_RSYSLOG, "/etc/rsyslog.conf", "/etc/rsyslog.d", "rsyslog.d");
	syslog_config(ctx, res, f, LS_SYSLOG_NG, "/etc/syslog-ng/syslog-ng.conf",
	    "/etc/syslog-ng/conf.d", "conf.d");
	syslog_config(ctx, res, f, LS_SYSKLOGD, "/etc/syslog.conf", NULL, NULL);
	for (i = 0; i < LOGGING_NSYSLOG; i++)
		f->syslog_enabled[i] = unit_value(sysstate_unit(ctx, res, units[i], wants, f->errors));
	f->audit_configured = sysstate_present(ctx->target, "/etc/audit/auditd.conf", f->errors) == 1;
	check_evidence_file(res, ctx, "/etc/audit/auditd.conf");
	f->audit_enabled = unit_value(sysstate_unit(ctx, res, "auditd.service", wants, f->errors));
	f->live = target_live(ctx->target);
	if (f->live) {
		struct daemon_seen seen[D_COUNT];

		if (sysstate_daemons(ctx->target, daemons, D_COUNT, seen) < 0)
			f->procs_unseen = 1;
		for (i = 0; i < LOGGING_NSYSLOG; i++)
			f->syslog_running[i] = seen[i].state == DAEMON_RUNNING;
		f->journald_running = seen[D_JOURNALD].state == DAEMON_RUNNING;
		f->audit_running = seen[D_AUDITD].state == DAEMON_RUNNING;
		for (i = 0; i < D_COUNT; i++)
			json_arr_push(f->daemons, sysstate_daemon_json(&daemons[i], &seen[i]));
		sysstate_daemons_free(seen, D_COUNT);
	}
	return 0;
}
