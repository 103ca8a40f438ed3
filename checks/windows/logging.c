/*
 * windows/logging.c: the logging probe for a Windows installation read
 * from its disk (configuration only, as in a Linux image):
 *
 * - the event log service (Services\EventLog Start) in the live control
 *   set, and for the Application, Security and System logs their MaxSize
 *   (bytes), Retention (0 overwrite as needed, else keep) and
 *   AutoBackupLogFiles, with the policy
 *   (SOFTWARE\Policies\Microsoft\Windows\EventLog\<log>: MaxSize in KB,
 *   Retention and AutoBackupLogFiles as "0"/"1" strings) winning;
 * - the logs' files, Windows/System32/winevt/Logs/<log>.evtx, whose header
 *   must start with "ElfFile";
 * - the audit policy in the SECURITY hive (Policy\PolAdtEv, default value):
 *   the Logon, Logoff and Account Lockout subcategories, whose places are
 *   the same in the layouts of Windows 10 and 11 (0x82 and 0x84); another
 *   layout is reported as not decoded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check.h"
#include "../logging.h"
#include "../../sys/winreg.h"
#include "../../util/fileio.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define EL_POLICY "Policies\\Microsoft\\Windows\\EventLog"

/* Notes a value there but unreadable as its type. */
static void
problem(struct logging_windows *w, const struct winreg_hive *h, const char *key, const char *value,
    enum winreg_rc rc)
{
	json_arr_push(w->problems,
	    json_strf("%s: %s\\%s %s", winreg_file(h), key, value, winreg_rc_text(rc)));
	json_arr_push(w->problems_ja,
	    json_strf("%s: %s\\%s %s", winreg_file(h), key, value, winreg_rc_text_ja(rc)));
}

/* A DWORD setting: 1 with *out, 0 absent (a problem noted when unreadable). */
static int
setting_dword(struct logging_windows *w, struct check_result *res, const struct winreg_hive *h,
    winreg_key k, const char *keypath, const char *name, uint32_t *out)
{
	enum winreg_rc rc;

	if (k != 0 && (rc = winreg_dword(h, k, name, out)) != WINREG_OK && rc != WINREG_ABSENT)
		problem(w, h, keypath, name, rc);
	return winprobe_dword(res, h, k, keypath, name, out);
}

/* A policy value given as the string "0" or "1" (as the event log policy writes them): 1/0, -1 absent. */
static int
policy_flag(struct logging_windows *w, struct check_result *res, const struct winreg_hive *h,
    winreg_key k, const char *keypath, const char *name)
{
	char *s;
	uint32_t d;
	int v = -1;

	if (k == 0)
		return -1;
	if (winreg_dword(h, k, name, &d) == WINREG_OK) {
		(void)winprobe_dword(res, h, k, keypath, name, &d);
		return d != 0;
	}
	if ((s = winprobe_string(res, h, k, keypath, name)) != NULL) {
		if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)
			v = s[0] == '1';
		else
			problem(w, h, keypath, name, WINREG_WRONG_TYPE);
		free(s);
	}
	return v;
}

/* The file of one log: its header says whether it is an event log. */
static void
log_file(struct logging_win_log *l, struct check_result *res, const struct check_ctx *ctx,
    const char *dir, const char *name)
{
	char *want = xasprintf("%s/%s.evtx", dir, name), *path = winreg_find_path(ctx->target, want);
	char err[256], hdr[8];
	struct stat st;
	int fd;

	free(want);
	if (path == NULL) {
		l->file = 0;
		return;
	}
	check_evidence_file(res, ctx, path);
	l->file = -1;
	if ((fd = target_open_file(ctx->target, path, O_RDONLY | O_NONBLOCK, err, sizeof err)) >= 0) {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			l->file_size = (long long)st.st_size;
			l->file_mtime = st.st_mtime;
			l->file = pread(fd, hdr, sizeof hdr, 0) == (ssize_t)sizeof hdr &&
			        memcmp(hdr, "ElfFile", 8) == 0 ?
			    1 :
			    2;
		}
		close(fd);
	}
	free(path);
}

/* Policy\PolAdtEv of the SECURITY hive. */
static void
audit_policy(struct logging_windows *w, struct check_result *res, const struct check_ctx *ctx)
{
	struct winreg_hive *h;
	unsigned char *data = NULL;
	size_t len;
	uint32_t type;
	winreg_key k;
	enum winreg_rc rc;
	char err[512];

	if ((h = winreg_open_config(ctx->target, "SECURITY", err, sizeof err)) == NULL) {
		w->audit = -1;
		w->audit_note = xstrdup(err);
		w->audit_note_ja = xstrdup("SECURITY ハイブを開けません");
		return;
	}
	if ((rc = winreg_lookup(h, 0, "Policy\\PolAdtEv", &k)) != WINREG_OK) {
		w->audit = rc == WINREG_ABSENT ? 0 : -1;
		w->audit_note = xasprintf("%s: Policy\\PolAdtEv %s", winreg_file(h), winreg_rc_text(rc));
		w->audit_note_ja = xasprintf("%s: Policy\\PolAdtEv %s", winreg_file(h),
		    winreg_rc_text_ja(rc));
		winprobe_evidence(res, h, 0, "Policy\\PolAdtEv", "", NULL);
		winreg_close(h);
		return;
	}
	rc = winreg_binary(h, k, "", &data, &len, &type);
	winprobe_evidence(res, h, k, "Policy\\PolAdtEv", "",
	    rc == WINREG_OK ? "(binary)" : winreg_rc_text(rc));
	if (rc != WINREG_OK) {
		w->audit = -1;
		w->audit_note = xasprintf("%s: Policy\\PolAdtEv's value %s", winreg_file(h),
		    winreg_rc_text(rc));
		w->audit_note_ja = xasprintf("%s: Policy\\PolAdtEv の値%s", winreg_file(h),
		    winreg_rc_text_ja(rc));
	} else if (len < 0x1c || (data[8] | data[9] << 8) < 0x82 || (data[8] | data[9] << 8) > 0x84) {
		w->audit = 2;
		w->audit_note = xasprintf("%s: Policy\\PolAdtEv has a layout not known (%zu bytes, id 0x%x)",
		    winreg_file(h), len, len >= 10 ? (unsigned)(data[8] | data[9] << 8) : 0);
		w->audit_note_ja = xasprintf("%s: Policy\\PolAdtEv の形式が不明です（%zu バイト、ID 0x%x）",
		    winreg_file(h), len, len >= 10 ? (unsigned)(data[8] | data[9] << 8) : 0);
	} else {
		/* one little-endian 16-bit setting per subcategory; bit 0 success, bit 1 failure */
		w->audit = 1;
		w->audit_logon = (data[0x16] | data[0x17] << 8) & 3;
		w->audit_logoff = (data[0x18] | data[0x19] << 8) & 3;
		w->audit_lockout = (data[0x1a] | data[0x1b] << 8) & 3;
	}
	free(data);
	winreg_close(h);
}

int
logging_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct logging_facts *f = facts;
	struct logging_windows *w;
	struct winprobe wp;
	char *svc, *dir;
	winreg_key sk;
	uint32_t d;
	size_t i;

	if (winprobe_open(&wp, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->win = w = xcalloc(1, sizeof *w);
	w->problems = json_array();
	w->problems_ja = json_array();
	w->service_start = -1;
	svc = winprobe_cs_path(&wp, "Services\\EventLog");
	sk = winreg_key_at(wp.system, svc);
	if (setting_dword(w, res, wp.system, sk, svc, "Start", &d))
		w->service_start = (long)d;
	dir = winreg_find_path(ctx->target, "/Windows/System32/winevt/Logs");
	w->logs_dir = dir != NULL;
	for (i = 0; i < LOGGING_WIN_NLOGS; i++) {
		struct logging_win_log *l = &w->logs[i];
		const char *name = logging_win_log_names[i];
		char *kp = xasprintf("%s\\%s", svc, name), *pp = xasprintf("%s\\%s", EL_POLICY, name);
		winreg_key k = winreg_key_at(wp.system, kp), pk = winreg_key_at(wp.software, pp);
		int v;

		l->key = k != 0;
		l->max_size = l->retention = -1;
		l->autobackup = -1;
		if (pk != 0 && winreg_dword(wp.software, pk, "MaxSize", &d) == WINREG_OK) {
			(void)winprobe_dword(res, wp.software, pk, pp, "MaxSize", &d);
			l->max_size = (long long)d * 1024;
			l->size_from = "policy";
		} else if (setting_dword(w, res, wp.system, k, kp, "MaxSize", &d)) {
			l->max_size = (long long)d;
			l->size_from = "setting";
		}
		if ((v = policy_flag(w, res, wp.software, pk, pp, "Retention")) >= 0)
			l->retention = v;
		else if (setting_dword(w, res, wp.system, k, kp, "Retention", &d))
			l->retention = d != 0;
		if ((v = policy_flag(w, res, wp.software, pk, pp, "AutoBackupLogFiles")) >= 0)
			l->autobackup = v;
		else if (setting_dword(w, res, wp.system, k, kp, "AutoBackupLogFiles", &d))
			l->autobackup = d != 0;
		if (dir != NULL)
			log_file(l, res, ctx, dir, name);
		free(kp);
		free(pp);
	}
	audit_policy(w, res, ctx);
	free(dir);
	free(svc);
	winprobe_dirty_notes(&wp, res);
	winprobe_close(&wp);
	return 0;
}
