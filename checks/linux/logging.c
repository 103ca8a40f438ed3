/*
 * linux/logging.c: the logging check's probe for Debian-like systems.
 *
 * Reads, through the target, /etc/systemd/journald.conf and the drop-ins of
 * journald.conf.d in /usr/lib, /run and /etc (a later directory overrides a
 * file of the same name; applied in file-name order, the last Storage= in a
 * [Journal] section wins), /var/log/journal, the rsyslog and syslog-ng
 * configuration and /etc/audit/auditd.conf; on the running system, which
 * syslog and audit daemons run.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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
 * section) to the facts. Returns 0, or -1 when the file exists but cannot be read.
 */
static int
journald_file(const struct check_ctx *ctx, struct check_result *res, const char *path,
    struct logging_facts *f)
{
	char *data, err[512], *line, *save = NULL;
	int in_journal = 0;

	if (!target_exists(ctx->target, path))
		return 0;
	check_evidence_file(res, ctx, path);
	if (target_read(ctx->target, path, 1 << 20, &data, NULL, err, sizeof err) < 0) {
		json_arr_push(f->errors, json_str(err));
		return -1;
	}
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

/* Drop-in files of journald.conf.d from the three directories, by file name. */
static int
journald_dropins(const struct check_ctx *ctx, struct check_result *res, struct logging_facts *f)
{
	static const char *const dirs[] = { "/usr/lib/systemd/journald.conf.d",
		"/run/systemd/journald.conf.d", "/etc/systemd/journald.conf.d", NULL };
	struct dropin *v = NULL;
	size_t n = 0, i, j;
	int rc = 0;

	for (i = 0; dirs[i] != NULL; i++) {
		char err[512];
		DIR *d = target_opendir(ctx->target, dirs[i], err, sizeof err);
		struct dirent *e;

		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);

			if (len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
				continue;
			/* a later directory overrides a file of the same name */
			for (j = 0; j < n; j++)
				if (strcmp(v[j].name, e->d_name) == 0)
					break;
			if (j == n) {
				v = xreallocarray(v, n + 1, sizeof *v);
				v[n++].name = xstrdup(e->d_name);
			}
			v[j].dir = dirs[i];
		}
		closedir(d);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_dropin);
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

int
logging_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char *const syslogs[] = { "/etc/rsyslog.conf", "/etc/syslog-ng/syslog-ng.conf",
		"/etc/syslog.conf", NULL };
	static const char *const syslog_daemons[] = { "rsyslogd", "syslog-ng", "syslogd", NULL };
	static const char *const audit_daemons[] = { "auditd", NULL };
	struct logging_facts *f = facts;
	size_t i;

	f->errors = json_array();
	if (journald_file(ctx, res, "/etc/systemd/journald.conf", f) < 0)
		f->unreadable = 1;
	if (journald_dropins(ctx, res, f) < 0)
		f->unreadable = 1;
	f->journal_dir = target_isdir(ctx->target, "/var/log/journal");
	check_evidence_file(res, ctx, "/var/log/journal");
	for (i = 0; syslogs[i] != NULL; i++)
		if (target_exists(ctx->target, syslogs[i])) {
			f->syslog_configs = xreallocarray(f->syslog_configs, f->nsyslog_configs + 1,
			    sizeof *f->syslog_configs);
			f->syslog_configs[f->nsyslog_configs++] = xstrdup(syslogs[i]);
			check_evidence_file(res, ctx, syslogs[i]);
		}
	f->audit_configured = target_exists(ctx->target, "/etc/audit/auditd.conf");
	check_evidence_file(res, ctx, "/etc/audit/auditd.conf");
	f->live = target_live(ctx->target);
	if (f->live) {
		int syslog_run;

		f->audit_running = sysprobe_running(ctx->target, audit_daemons) >= 0;
		syslog_run = sysprobe_running(ctx->target, syslog_daemons);
		if (syslog_run >= 0)
			f->syslog_running = xstrdup(syslog_daemons[syslog_run]);
	}
	return 0;
}
