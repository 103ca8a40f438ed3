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
 *
 * The probe (checks/linux/logging.c) gathers the facts (logging.h); this
 * file judges them.
 */
#include "logging.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../util/xalloc.h"

static const struct check_param logging_params[] = {
	{ "require_audit", CHECK_PARAM_BOOL, 0, 0,
	    "whether a missing audit daemon makes the check warn (default true)" },
	{ NULL, 0, 0, 0, NULL },
};

void
logging_facts_free(void *facts)
{
	struct logging_facts *f = facts;
	size_t i;

	if (f == NULL)
		return;
	free(f->storage);
	free(f->storage_file);
	json_free(f->errors);
	for (i = 0; i < f->nsyslog_configs; i++)
		free(f->syslog_configs[i]);
	free(f->syslog_configs);
	free(f->syslog_running);
}

/* Decides from journald's storage, the syslog daemons and the audit daemon. */
static void
logging_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct logging_facts *f = facts;
	struct json *syslog_cfg = json_array();
	int journal_persistent, persistent, audit_ok, require_audit;
	const char *storage_v;
	size_t i;

	require_audit = check_param_bool(ctx, "require_audit", 1);
	storage_v = f->storage != NULL ? f->storage : "auto";
	journal_persistent = strcmp(storage_v, "persistent") == 0 ||
	    (strcmp(storage_v, "auto") == 0 && f->journal_dir);
	json_obj_set(res->details, "journald_storage", json_str(storage_v));
	json_obj_set(res->details, "journald_storage_set_in", json_str(f->storage_file));
	json_obj_set(res->details, "var_log_journal", json_bool(f->journal_dir));
	json_obj_set(res->details, "journal_persistent", json_bool(journal_persistent));
	for (i = 0; i < f->nsyslog_configs; i++)
		json_arr_push(syslog_cfg, json_str(f->syslog_configs[i]));
	json_obj_set(res->details, "syslog_configs", syslog_cfg);
	json_obj_set(res->details, "auditd_configured", json_bool(f->audit_configured));
	if (f->live) {
		json_obj_set(res->details, "auditd_running", json_bool(f->audit_running));
		json_obj_set(res->details, "syslog_running",
		    f->syslog_running != NULL ? json_str(f->syslog_running) : json_null());
	}
	/* at "/" a syslog daemon counts when it runs; elsewhere its configuration stands in */
	persistent = journal_persistent ||
	    (f->live ? f->syslog_running != NULL : f->nsyslog_configs > 0);
	audit_ok = f->live ? f->audit_running : f->audit_configured;
	json_obj_set(res->details, "errors", f->errors != NULL ? json_copy(f->errors) : json_array());
	if (f->unreadable && !persistent) {
		check_result_set(res, CHECK_UNKNOWN,
		    "the journald configuration cannot be read (run as root)",
		    "journald の設定を読み取れません（root で実行してください）");
	} else if (!persistent) {
		char *en = xasprintf("system logs do not survive a reboot: journald Storage=%s%s and no "
		                     "syslog daemon; set Storage=persistent or create /var/log/journal",
		    storage_v, f->journal_dir ? "" : " without /var/log/journal");
		char *ja = xasprintf(
		    "システムログが再起動後に残りません（journald Storage=%s、syslog "
		    "デーモンなし）。Storage=persistent にするか /var/log/journal を作成してください",
		    storage_v);

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (!audit_ok && require_audit) {
		check_result_set(res, CHECK_WARN,
		    f->audit_configured ?
		        "system logs persist, but the audit daemon (auditd) is installed and not running" :
		        "system logs persist, but no audit daemon (auditd) is set up",
		    f->audit_configured ?
		        "システムログは保存されますが、監査デーモン（auditd）が動作していません" :
		        "システムログは保存されますが、監査デーモン（auditd）が設定されていません");
	} else {
		check_result_set(res, CHECK_PASS,
		    audit_ok ? "system logs persist across reboots and the audit daemon runs" :
		               "system logs persist across reboots (audit daemon not required)",
		    audit_ok ? "システムログは再起動後も保存され、監査デーモンが動作しています" :
		               "システムログは再起動後も保存されます（監査デーモンは不要の設定）");
	}
}

const struct check check_logging = {
	.id = "logging",
	.title_en = "Persistent system logs and audit daemon",
	.title_ja = "システムログの保存と監査デーモン",
	.reads = "/etc/systemd/journald.conf and journald.conf.d, /var/log/journal, rsyslog and "
	         "syslog-ng configuration, /etc/audit/auditd.conf, /proc/*/comm at /",
	.params = logging_params,
	.facts_size = sizeof(struct logging_facts),
	.facts_free = logging_facts_free,
	.probes = {
		[TARGET_LINUX] = { logging_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = CHECK_NO_WINDOWS_PROBE,
	},
	.judge = logging_judge,
};
