/*
 * logging.c: the logging check: are system logs kept across a reboot, and
 * does an audit daemon record security events?
 *
 * The journal persists when Storage=persistent, or Storage=auto (the
 * default) and /var/log/journal exists; the last Storage= in
 * /etc/systemd/journald.conf and its drop-ins (journald.conf.d in /usr/lib,
 * /run and /etc, in file-name order) wins. A classic syslog daemon (rsyslog,
 * syslog-ng, sysklogd) keeps logs when its configuration has a rule that
 * writes a local file; a configuration file without such a rule (a bare
 * rsyslog.conf) does not count, and forwarding rules are reported but do
 * not keep anything on the device.
 *
 * On the running system ("/") a daemon counts only when it runs (process
 * name and executable, checks/linux/sysstate.h): journald with persistent
 * storage, or a syslog daemon with file rules; the same goes for auditd.
 * Under the root of an image only the configuration is judged, and the
 * result says so: journald installed with persistent storage, or a syslog
 * daemon enabled with file rules; auditd configured and enabled.
 *
 * pass:    logs persist and (with require_audit, the default) auditd runs
 *          (is enabled, in an image).
 * warn:    logs persist but no audit daemon runs (or is set up).
 * fail:    nothing keeps logs: no log daemon runs, journald is volatile and
 *          no syslog daemon writes files.
 * unknown: the process list could not be read, or a configuration file
 *          could not be read or resolved inside the root and nothing else
 *          keeps logs.
 *
 * On Windows, read from its disk (configuration only): fail when the event
 * log service is disabled; unknown when the Application, Security or System
 * log's file is not an event log where Windows keeps it, a setting or (with
 * require_audit) the audit policy cannot be read; warn when a log is set
 * below Windows' default 20 MiB, keeps old events and stops when full, or
 * logons are not audited; pass otherwise.
 *
 * The probes (checks/linux/logging.c, checks/windows/logging.c) gather the facts (logging.h); this
 * file judges them.
 */
#include "logging.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

const char *const logging_syslog_names[LOGGING_NSYSLOG] = {
	[LS_RSYSLOG] = "rsyslog",
	[LS_SYSLOG_NG] = "syslog-ng",
	[LS_SYSKLOGD] = "sysklogd",
};

static const struct check_param logging_params[] = {
	{ "require_audit", CHECK_PARAM_BOOL, 0, 0,
	    "whether a missing audit daemon makes the check warn (default true)" },
	{ NULL, 0, 0, 0, NULL },
};

void
logging_facts_free(void *facts)
{
	struct logging_facts *f = facts;

	if (f == NULL)
		return;
	free(f->storage);
	free(f->storage_file);
	json_free(f->errors);
	json_free(f->daemons);
	if (f->win != NULL) {
		free(f->win->audit_note);
		free(f->win->audit_note_ja);
		json_free(f->win->problems);
		json_free(f->win->problems_ja);
		free(f->win);
	}
}

/* A unit value of the facts as a word. */
static const char *
unit_word(int v)
{
	return v == 1 ? "enabled" : v == 2 ? "masked" : v == -1 ? "unresolved" : "absent";
}

/* Sets res from a formatted pair and frees both. */
static void
set_free(struct check_result *res, enum check_status st, char *en, char *ja)
{
	check_result_set(res, st, en, ja);
	free(en);
	free(ja);
}

const char *const logging_win_log_names[LOGGING_WIN_NLOGS] = { "Application", "Security", "System" };

/* Windows' own default size of each of the three logs: 20 MiB. */
#define LOGGING_WIN_DEFAULT_BYTES (20LL << 20)

/* Adds a reason at a status: the worst status wins, reasons are joined. */
static void
win_reason(enum check_status *worst, struct strbuf *en, struct strbuf *ja, enum check_status st,
    const char *why_en, const char *why_ja)
{
	*worst = check_status_worse(*worst, st);
	sb_addf(en, "%s%s", en->len ? "; " : "", why_en);
	sb_addf(ja, "%s%s", ja->len ? "、" : "", why_ja);
}

/* "none", "success", "failure", "success and failure". */
static const char *
audit_word(int v)
{
	return v == 3 ? "success and failure" : v == 2 ? "failure" : v == 1 ? "success" : "none";
}

/* A Windows installation read from its disk: the event logs' settings and files, the audit policy. */
static void
logging_judge_windows(const struct check_ctx *ctx, const struct logging_facts *f, struct check_result *res)
{
	const struct logging_windows *w = f->win;
	int require_audit = check_param_bool(ctx, "require_audit", 1);
	struct json *logs = json_object(), *lim;
	struct strbuf en = STRBUF_INIT, ja = STRBUF_INIT;
	enum check_status worst = CHECK_PASS;
	char t[TIME_ISO_LEN], *m, *mj;
	size_t i;

	json_obj_set(res->details, "judged", json_str("configuration"));
	json_obj_set(res->details, "eventlog_start",
	    w->service_start >= 0 ? json_int(w->service_start) : json_null());
	json_obj_set(res->details, "logs_folder", json_bool(w->logs_dir));
	json_obj_set(res->details, "logs", logs);
	json_obj_set(res->details, "problems", json_copy(w->problems));
	if (w->service_start == 4)
		win_reason(&worst, &en, &ja, CHECK_FAIL,
		    "the Windows Event Log service is disabled (Start 4): nothing is logged",
		    "Windows Event Log サービスが無効です (Start 4)。何も記録されません");
	if (!w->logs_dir)
		win_reason(&worst, &en, &ja, CHECK_UNKNOWN,
		    "Windows/System32/winevt/Logs was not found, so whether logs are kept is not seen",
		    "Windows/System32/winevt/Logs が見つからず、ログの保存を確認できません");
	for (i = 0; i < LOGGING_WIN_NLOGS; i++) {
		const struct logging_win_log *l = &w->logs[i];
		const char *name = logging_win_log_names[i];
		struct json *o = json_obj_set(logs, name, json_object());

		json_obj_set(o, "key", json_bool(l->key));
		json_obj_set(o, "max_size", l->max_size >= 0 ? json_int(l->max_size) : json_null());
		json_obj_set(o, "max_size_from",
		    json_str(l->size_from != NULL ? l->size_from : "default (20 MiB)"));
		json_obj_set(o, "retention",
		    json_str(l->retention == 1 ? "keep (stop logging when full)" :
		            l->retention == 0  ? "overwrite as needed" :
		                                 "not set (overwrite as needed)"));
		json_obj_set(o, "auto_backup",
		    l->autobackup >= 0 ? json_bool(l->autobackup) : json_null());
		json_obj_set(o, "file",
		    json_str(l->file == 1 ? "present" :
		            l->file == 2  ? "not an event log" :
		            l->file == -1 ? "unreadable" :
		                            "absent"));
		if (l->file == 1 || l->file == 2) {
			json_obj_set(o, "file_size", json_int(l->file_size));
			time_iso_utc(l->file_mtime, t);
			json_obj_set(o, "file_written", json_str(t));
		}
		if (w->logs_dir && l->file != 1) {
			m = xasprintf("the %s log's file %s.evtx is %s", name, name,
			    l->file == 2 ?
			        "not an event log (no ElfFile header)" :
			        l->file == -1 ?
			        "not a readable file" :
			        "not where Windows keeps it (a File value moving it is not followed)");
			mj = xasprintf("%s ログのファイル %s.evtx が%s", name, name,
			    l->file == 2      ? "イベントログではありません" :
			        l->file == -1 ? "読み取れません" :
			                        "既定の場所にありません");
			win_reason(&worst, &en, &ja, CHECK_UNKNOWN, m, mj);
			free(m);
			free(mj);
		}
		if (l->max_size >= 0 && l->max_size < LOGGING_WIN_DEFAULT_BYTES) {
			m = xasprintf("the %s log may hold only %lld KB (%s), below Windows' default of 20 MiB",
			    name, l->max_size / 1024, l->size_from);
			mj = xasprintf("%s ログの上限が %lld KB で、Windows の既定 20 MiB より小さい設定です",
			    name, l->max_size / 1024);
			win_reason(&worst, &en, &ja, CHECK_WARN, m, mj);
			free(m);
			free(mj);
		}
		if (l->retention == 1 && l->autobackup != 1) {
			m = xasprintf("the %s log keeps old events and stops logging when full (no automatic backup)",
			    name);
			mj = xasprintf("%s ログは満杯になると新しいイベントを記録しない設定です（自動バックアップなし）",
			    name);
			win_reason(&worst, &en, &ja, CHECK_WARN, m, mj);
			free(m);
			free(mj);
		}
	}
	{
		struct json *a = json_obj_set(res->details, "audit_policy", json_object());

		json_obj_set(a, "read",
		    json_str(w->audit == 1 ? "decoded" :
		            w->audit == 0  ? "absent (Windows' defaults apply)" :
		            w->audit == 2  ? "layout not known" :
		                             "unreadable"));
		if (w->audit_note != NULL)
			json_obj_set(a, "note", json_str(w->audit_note));
		if (w->audit == 1) {
			json_obj_set(a, "logon", json_str(audit_word(w->audit_logon)));
			json_obj_set(a, "logoff", json_str(audit_word(w->audit_logoff)));
			json_obj_set(a, "account_lockout", json_str(audit_word(w->audit_lockout)));
		}
	}
	if (w->audit == 1 && w->audit_logon == 0 && require_audit)
		win_reason(&worst, &en, &ja, CHECK_WARN,
		    "logons are not audited (audit policy Logon: none)",
		    "ログオンが監査されていません（監査ポリシー Logon: なし）");
	else if ((w->audit == -1 || w->audit == 2) && require_audit) {
		m = xasprintf("the audit policy could not be read (%s)", w->audit_note);
		mj = xasprintf("監査ポリシーを読み取れません（%s）", w->audit_note_ja);
		win_reason(&worst, &en, &ja, CHECK_UNKNOWN, m, mj);
		free(m);
		free(mj);
	}
	if (json_len(w->problems) > 0) {
		m = xasprintf("a setting could not be read (%s)", json_get_str(json_at(w->problems, 0)));
		mj = xasprintf("設定を読み取れません（%s）", json_get_str(json_at(w->problems_ja, 0)));
		win_reason(&worst, &en, &ja, CHECK_UNKNOWN, m, mj);
		free(m);
		free(mj);
	}
	lim = json_obj_set(res->details, "limits", json_object());
	json_obj_set(lim, "en",
	    json_str("configuration only: whether events were written and kept while the laptop ran "
	             "is not proven by settings; the logs' events are not read; only the Logon, "
	             "Logoff and Account Lockout audit subcategories are decoded"));
	json_obj_set(lim, "ja",
	    json_str("設定のみ: 稼働中にイベントが記録・保存されたことは設定からは証明できません。"
	             "ログの中身は読みません。監査ポリシーは Logon・Logoff・Account Lockout のみ解読します"));
	if (worst == CHECK_PASS) {
		m = xasprintf("configuration only (not the running system): the Application, Security and "
		              "System logs are kept in winevt/Logs%s",
		    w->audit == 1 ? (w->audit_logon != 0 ? ", and logons are audited" : "") :
		                    ", audit policy at Windows' defaults");
		check_result_set(res, CHECK_PASS, m,
		    "設定のみを確認（稼働中のシステムではありません）: Application・Security・System "
		    "ログが winevt/Logs に保存される設定です");
		free(m);
	} else {
		m = xasprintf("configuration only: %s", sb_str(&en));
		mj = xasprintf("設定のみを確認: %s", sb_str(&ja));
		check_result_set(res, worst, m, mj);
		free(m);
		free(mj);
	}
	sb_free(&en);
	sb_free(&ja);
}

/* Decides from journald's storage, the syslog daemons and the audit daemon. */
static void
logging_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	if (((const struct logging_facts *)facts)->win != NULL) {
		logging_judge_windows(ctx, facts, res);
		return;
	}
	const struct logging_facts *f = facts;
	struct json *sys = json_object();
	struct strbuf why_en = STRBUF_INIT, why_ja = STRBUF_INIT;
	int journal_cfg, journal_ok, syslog_ok = 0, persistent, audit_ok, require_audit;
	const char *storage_v, *pre_en, *pre_ja, *keeper = NULL;
	size_t i;

	require_audit = check_param_bool(ctx, "require_audit", 1);
	storage_v = f->storage != NULL ? f->storage : "auto";
	journal_cfg = strcmp(storage_v, "persistent") == 0 ||
	    (strcmp(storage_v, "auto") == 0 && f->journal_dir);
	journal_ok = journal_cfg && (f->live ? f->journald_running : f->journald_present);
	for (i = 0; i < LOGGING_NSYSLOG; i++) {
		struct json *o = json_obj_set(sys, logging_syslog_names[i], json_object());
		int on = f->live ? f->syslog_running[i] : f->syslog_enabled[i] == 1;

		json_obj_set(o, "config",
		    json_str(f->syslog_config[i] == 1 ? "present" :
		            f->syslog_config[i] == -1 ? "unresolved" :
		                                        "absent"));
		json_obj_set(o, "file_rules", json_int(f->syslog_files[i]));
		json_obj_set(o, "forward_rules", json_int(f->syslog_forward[i]));
		json_obj_set(o, "unit", json_str(unit_word(f->syslog_enabled[i])));
		if (f->live)
			json_obj_set(o, "running", json_bool(f->syslog_running[i]));
		if (on && f->syslog_files[i] > 0 && !syslog_ok) {
			syslog_ok = 1;
			keeper = logging_syslog_names[i];
		}
	}
	persistent = journal_ok || syslog_ok;
	audit_ok = f->live ? f->audit_running : f->audit_configured && f->audit_enabled == 1;

	json_obj_set(res->details, "judged", json_str(f->live ? "running-system" : "configuration"));
	json_obj_set(res->details, "journald_storage", json_str(storage_v));
	json_obj_set(res->details, "journald_storage_set_in", json_str(f->storage_file));
	json_obj_set(res->details, "var_log_journal", json_bool(f->journal_dir));
	json_obj_set(res->details, "journald_installed", json_bool(f->journald_present));
	if (f->live)
		json_obj_set(res->details, "journald_running", json_bool(f->journald_running));
	json_obj_set(res->details, "journal_persistent", json_bool(journal_ok));
	json_obj_set(res->details, "syslog", sys);
	json_obj_set(res->details, "auditd_configured", json_bool(f->audit_configured));
	json_obj_set(res->details, "auditd_unit", json_str(unit_word(f->audit_enabled)));
	if (f->live) {
		json_obj_set(res->details, "auditd_running", json_bool(f->audit_running));
		json_obj_set(res->details, "daemons", json_copy(f->daemons));
	}
	json_obj_set(res->details, "errors", f->errors != NULL ? json_copy(f->errors) : json_array());
	{
		struct json *lim = json_obj_set(res->details, "limits", json_object());

		json_obj_set(lim, "en",
		    json_str("syslog rules are recognised in their common forms (filters and conditions "
		             "are not evaluated); logs only forwarded to a collector do not count as kept; "
		             "a volatile /var/log mount is not detected"));
		json_obj_set(lim, "ja",
		    json_str("syslog のルールは一般的な書式のみ認識します（フィルターや条件は評価しません）。"
		             "収集サーバーへの転送のみのログは保存とみなしません。/var/log "
		             "の揮発性マウントは検出しません"));
	}

	pre_en = f->live ? "" : "configuration only (not the running system): ";
	pre_ja = f->live ? "" : "設定のみを確認（稼働中のシステムではありません）: ";
	if (f->live && f->procs_unseen) {
		check_result_set(res, CHECK_UNKNOWN,
		    "the process list could not be read, so whether a log daemon runs is unknown",
		    "プロセス一覧を読めないため、ログデーモンが動作しているか確認できません");
		goto out;
	}
	if (!persistent && f->unreadable) {
		set_free(res, CHECK_UNKNOWN,
		    xasprintf("%sa logging configuration file could not be read or does not resolve "
		              "inside the root (see errors)",
		        pre_en),
		    xasprintf("%sログ設定ファイルを読み取れないか、ルート内で解決できません（詳細は報告書に記載）",
		        pre_ja));
		goto out;
	}
	if (!persistent) {
		/* say what is missing: no daemon at all, a volatile journal, a syslog without file rules */
		if (f->live && !f->journald_running) {
			sb_adds(&why_en, "systemd-journald does not run");
			sb_adds(&why_ja, "systemd-journald が動作していません");
		} else if (!f->live && !f->journald_present) {
			sb_adds(&why_en, "systemd-journald is not installed");
			sb_adds(&why_ja, "systemd-journald がインストールされていません");
		} else {
			sb_addf(&why_en, "journald Storage=%s%s", storage_v,
			    f->journal_dir ? "" : " without /var/log/journal");
			sb_addf(&why_ja, "journald Storage=%s%s", storage_v,
			    f->journal_dir ? "" : "（/var/log/journal なし）");
		}
		for (i = 0; i < LOGGING_NSYSLOG; i++) {
			const char *n = logging_syslog_names[i];

			if (f->syslog_config[i] != 1)
				continue;
			if (f->live && !f->syslog_running[i]) {
				sb_addf(&why_en, "; %s is configured but does not run", n);
				sb_addf(&why_ja, "、%s は設定されていますが動作していません", n);
			} else if (!f->live && f->syslog_enabled[i] != 1) {
				sb_addf(&why_en, "; %s is configured but not enabled", n);
				sb_addf(&why_ja, "、%s は設定されていますが有効ではありません", n);
			} else if (f->syslog_files[i] == 0) {
				sb_addf(&why_en, "; %s's configuration writes no log file%s", n,
				    f->syslog_forward[i] > 0 ? " (it only forwards)" : "");
				sb_addf(&why_ja, "、%s の設定はログファイルに書き込みません%s", n,
				    f->syslog_forward[i] > 0 ? "（転送のみ）" : "");
			}
		}
		if (!(f->live && !f->journald_running)) {
			sb_adds(&why_en, "; set Storage=persistent or create /var/log/journal");
			sb_adds(&why_ja,
			    "。Storage=persistent にするか /var/log/journal を作成してください");
		}
		set_free(res, CHECK_FAIL,
		    xasprintf("%ssystem logs are not kept across a reboot: %s", pre_en, sb_str(&why_en)),
		    xasprintf("%sシステムログが再起動後に残りません: %s", pre_ja, sb_str(&why_ja)));
		goto out;
	}
	if (!audit_ok && require_audit) {
		set_free(res, CHECK_WARN,
		    xasprintf("%ssystem logs persist (%s), but %s", pre_en, journal_ok ? "journald" : keeper,
		        f->live ? (f->audit_configured ? "the audit daemon (auditd) is set up and not running" :
		                                         "no audit daemon (auditd) runs") :
		                  (f->audit_configured ? "the audit daemon (auditd) is not enabled" :
		                                         "no audit daemon (auditd) is set up")),
		    xasprintf("%sシステムログは保存されます（%s）が、%s", pre_ja,
		        journal_ok ? "journald" : keeper,
		        f->live ?
		            (f->audit_configured ? "監査デーモン（auditd）が動作していません" :
		                                   "監査デーモン（auditd）が動作していません（未設定）") :
		            (f->audit_configured ? "監査デーモン（auditd）が有効ではありません" :
		                                   "監査デーモン（auditd）が設定されていません")));
		goto out;
	}
	set_free(res, CHECK_PASS,
	    xasprintf("%ssystem logs persist across reboots (%s)%s", pre_en, journal_ok ? "journald" : keeper,
	        audit_ok ? (f->live ? " and the audit daemon runs" : " and auditd is enabled") :
	                   " (audit daemon not required)"),
	    xasprintf("%sシステムログは再起動後も保存されます（%s）%s", pre_ja,
	        journal_ok ? "journald" : keeper,
	        audit_ok ? (f->live ? "。監査デーモンが動作しています" : "。auditd が有効です") :
	                   "（監査デーモンは不要の設定）"));
out:
	sb_free(&why_en);
	sb_free(&why_ja);
}

const struct check check_logging = {
	.id = "logging",
	.title_en = "Persistent system logs and audit daemon",
	.title_ja = "システムログの保存と監査デーモン",
	.reads = "/etc/systemd/journald.conf and journald.conf.d, /var/log/journal, rsyslog, "
	         "syslog-ng and syslogd configuration, their units and auditd's in "
	         "/etc/systemd/system, /etc/audit/auditd.conf, /proc/*/comm and exe at /; Windows: "
	         "Services\\EventLog and its policy, winevt/Logs, SECURITY Policy\\PolAdtEv",
	.params = logging_params,
	.facts_size = sizeof(struct logging_facts),
	.facts_free = logging_facts_free,
	.probes = {
		[TARGET_LINUX] = { logging_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { logging_probe_windows, NULL, NULL },
	},
	.judge = logging_judge,
};
