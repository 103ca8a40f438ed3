/*
 * logging.c: the logging check: do system logs survive a reboot, and does
 * an audit daemon record security events?
 *
 * Persistence: journald keeps its journal on disk when Storage=persistent,
 * or Storage=auto (the default) and /var/log/journal exists; the last
 * Storage= in /etc/systemd/journald.conf and its drop-ins (journald.conf.d
 * in /usr/lib, /run and /etc, in file-name order) wins. A classic syslog
 * daemon (rsyslog, syslog-ng) set up also writes logs to disk.
 * Audit: at "/" auditd must be running (/proc/PID/comm); under another root
 * its configuration (/etc/audit/auditd.conf) stands in for it.
 *
 * pass:    logs persist and (with require_audit, the default) an audit daemon runs.
 * warn:    logs persist but no audit daemon runs (or is only installed, not running).
 * fail:    no persistent logs: journald volatile or none and no syslog daemon.
 * unknown: a journald configuration file exists but cannot be read.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/sysprobe.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

static const struct check_param logging_params[] = {
	{ "require_audit", CHECK_PARAM_BOOL, 0, 0,
	  "whether a missing audit daemon makes the check warn (default true)" },
	{ NULL, 0, 0, 0, NULL },
};

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
 * section) to *storage. Returns 0, or -1 when the file exists but cannot be read.
 */
static int
journald_file(const struct check_ctx *ctx, struct check_result *res, const char *path,
    char **storage, char **storage_file, struct json *errors)
{
	char *data, err[512], *line, *save = NULL;
	int in_journal = 0;

	if (!compat_exists(ctx->root, path))
		return 0;
	check_evidence_file(res, ctx, path);
	if (compat_read(ctx->root, path, 1 << 20, &data, err, sizeof err) < 0) {
		json_arr_push(errors, json_str(err));
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
			free(*storage);
			free(*storage_file);
			*storage = xstrdup(sysprobe_trim(v));
			*storage_file = xstrdup(path);
		}
	}
	free(data);
	return 0;
}

/* Drop-in files of journald.conf.d from the three directories, by file name. */
static int
journald_dropins(const struct check_ctx *ctx, struct check_result *res, char **storage,
    char **storage_file, struct json *errors)
{
	static const char *const dirs[] = { "/usr/lib/systemd/journald.conf.d",
		"/run/systemd/journald.conf.d", "/etc/systemd/journald.conf.d", NULL };
	struct dropin *v = NULL;
	size_t n = 0, i, j;
	int rc = 0;

	for (i = 0; dirs[i] != NULL; i++) {
		char *full = path_join(ctx->root, dirs[i]);
		DIR *d = opendir(full);
		struct dirent *e;

		free(full);
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

		if (journald_file(ctx, res, path, storage, storage_file, errors) < 0)
			rc = -1;
		free(path);
		free(v[i].name);
	}
	free(v);
	return rc;
}

static void
logging_run(const struct check_ctx *ctx, struct check_result *res)
{
	static const char *const syslogs[] = { "/etc/rsyslog.conf", "/etc/syslog-ng/syslog-ng.conf",
		"/etc/syslog.conf", NULL };
	static const char *const syslog_daemons[] = { "rsyslogd", "syslog-ng", "syslogd", NULL };
	static const char *const audit_daemons[] = { "auditd", NULL };
	struct json *errors = json_array(), *syslog_cfg = json_array();
	char *storage = NULL, *storage_file = NULL;
	int unreadable = 0, journal_dir, journal_persistent, audit_cfg, audit_run = -2,
	    syslog_run = -2, persistent, audit_ok, require_audit;
	const char *storage_v;
	size_t i;

	require_audit = check_param_bool(ctx, "require_audit", 1);
	if (journald_file(ctx, res, "/etc/systemd/journald.conf", &storage, &storage_file,
	        errors) < 0)
		unreadable = 1;
	if (journald_dropins(ctx, res, &storage, &storage_file, errors) < 0)
		unreadable = 1;
	storage_v = storage != NULL ? storage : "auto";
	journal_dir = compat_isdir(ctx->root, "/var/log/journal");
	check_evidence_file(res, ctx, "/var/log/journal");
	journal_persistent = strcmp(storage_v, "persistent") == 0 ||
	    (strcmp(storage_v, "auto") == 0 && journal_dir);
	json_obj_set(res->details, "journald_storage", json_str(storage_v));
	json_obj_set(res->details, "journald_storage_set_in", json_str(storage_file));
	json_obj_set(res->details, "var_log_journal", json_bool(journal_dir));
	json_obj_set(res->details, "journal_persistent", json_bool(journal_persistent));
	for (i = 0; syslogs[i] != NULL; i++)
		if (compat_exists(ctx->root, syslogs[i])) {
			json_arr_push(syslog_cfg, json_str(syslogs[i]));
			check_evidence_file(res, ctx, syslogs[i]);
		}
	json_obj_set(res->details, "syslog_configs", syslog_cfg);
	audit_cfg = compat_exists(ctx->root, "/etc/audit/auditd.conf");
	check_evidence_file(res, ctx, "/etc/audit/auditd.conf");
	json_obj_set(res->details, "auditd_configured", json_bool(audit_cfg));
	if (compat_live(ctx->root)) {
		audit_run = compat_running(ctx->root, audit_daemons);
		syslog_run = compat_running(ctx->root, syslog_daemons);
		json_obj_set(res->details, "auditd_running", json_bool(audit_run >= 0));
		json_obj_set(res->details, "syslog_running",
		    syslog_run >= 0 ? json_str(syslog_daemons[syslog_run]) : json_null());
	}
	/* at "/" a syslog daemon counts when it runs; elsewhere its configuration stands in */
	persistent = journal_persistent ||
	    (compat_live(ctx->root) ? syslog_run >= 0 : json_len(syslog_cfg) > 0);
	audit_ok = compat_live(ctx->root) ? audit_run >= 0 : audit_cfg;
	json_obj_set(res->details, "errors", errors);
	if (unreadable && !persistent) {
		check_result_set(res, CHECK_UNKNOWN,
		    "the journald configuration cannot be read (run as root)",
		    "journald の設定を読み取れません（root で実行してください）");
	} else if (!persistent) {
		char *en = xasprintf("system logs do not survive a reboot: journald Storage=%s%s and no "
		    "syslog daemon; set Storage=persistent or create /var/log/journal", storage_v,
		    journal_dir ? "" : " without /var/log/journal");
		char *ja = xasprintf("システムログが再起動後に残りません（journald Storage=%s、syslog "
		    "デーモンなし）。Storage=persistent にするか /var/log/journal を作成してください",
		    storage_v);

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (!audit_ok && require_audit) {
		check_result_set(res, CHECK_WARN, audit_cfg ?
		    "system logs persist, but the audit daemon (auditd) is installed and not running" :
		    "system logs persist, but no audit daemon (auditd) is set up",
		    audit_cfg ? "システムログは保存されますが、監査デーモン（auditd）が動作していません" :
		    "システムログは保存されますが、監査デーモン（auditd）が設定されていません");
	} else {
		check_result_set(res, CHECK_PASS, audit_ok ?
		    "system logs persist across reboots and the audit daemon runs" :
		    "system logs persist across reboots (audit daemon not required)",
		    audit_ok ? "システムログは再起動後も保存され、監査デーモンが動作しています" :
		    "システムログは再起動後も保存されます（監査デーモンは不要の設定）");
	}
	free(storage);
	free(storage_file);
}

const struct check check_logging = {
	.id = "logging",
	.title_en = "Persistent system logs and audit daemon",
	.title_ja = "システムログの保存と監査デーモン",
	.reads = "/etc/systemd/journald.conf and journald.conf.d, /var/log/journal, rsyslog and "
	         "syslog-ng configuration, /etc/audit/auditd.conf, /proc/*/comm at /",
	.params = logging_params,
	.run = logging_run,
};
