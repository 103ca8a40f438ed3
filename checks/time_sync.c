/*
 * time_sync.c: the time-sync check: is the system clock synchronised? A
 * laptop idle for weeks drifts, and every report time depends on the clock.
 *
 * On the running system ("/") the kernel's own flag decides: adjtimex(2)
 * without changes returns the NTP state, and STA_UNSYNC set means no
 * synchronisation daemon has disciplined the clock recently. Under any root,
 * systemd-timesyncd's flag file /run/systemd/timesync/synchronized says it
 * synchronised since boot. The configuration of chrony, ntpd/ntpsec and
 * timesyncd (and, at "/", their running processes) is reported as evidence.
 *
 * pass:    the kernel (at "/") or timesyncd's flag says synchronised.
 * warn:    not synchronised, but a synchronisation service is running or set up
 *          (it may still be converging, or cannot reach its servers).
 * fail:    not synchronised and no synchronisation service is set up.
 * unknown: not at "/", no flag file, and a service is set up: its state cannot be seen.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/sysprobe.h"
#include "../util/xalloc.h"

/* Configuration files that show a synchronisation service is set up. */
static const char *const sync_configs[] = {
	"/etc/chrony/chrony.conf",
	"/etc/chrony.conf",
	"/etc/ntp.conf",
	"/etc/ntpsec/ntp.conf",
	"/etc/openntpd/ntpd.conf",
	"/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service",
	"/etc/systemd/system/multi-user.target.wants/chrony.service",
	"/etc/systemd/system/multi-user.target.wants/ntpsec.service",
	"/etc/systemd/system/multi-user.target.wants/ntp.service",
	NULL,
};

/* Process names (comm, at most 15 bytes) of synchronisation daemons. */
static const char *const sync_daemons[] = {
	"chronyd", "ntpd", "systemd-timesyn", "openntpd", NULL,
};

static void
time_sync_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct json *cfgs = json_obj_set(res->details, "configured", json_array());
	int kernel = -1, flag, daemon = -1;
	size_t i;

	if (compat_live(ctx->root)) {
		struct timex tx;
		int st;

		memset(&tx, 0, sizeof tx);
		st = adjtimex(&tx);
		if (st >= 0) {
			kernel = !(tx.status & STA_UNSYNC) && st != TIME_ERROR;
			json_obj_set(res->details, "kernel_synchronised", json_bool(kernel));
			json_obj_set(res->details, "kernel_max_error_us", json_int(tx.maxerror));
			json_obj_set(res->details, "kernel_est_error_us", json_int(tx.esterror));
			check_evidence_value(res, "adjtimex.status", kernel ? "synchronised" : "STA_UNSYNC");
		}
		daemon = compat_running(ctx->root, sync_daemons);
		if (daemon >= 0)
			json_obj_set(res->details, "daemon_running", json_str(sync_daemons[daemon]));
	}
	flag = compat_exists(ctx->root, "/run/systemd/timesync/synchronized");
	check_evidence_file(res, ctx, "/run/systemd/timesync/synchronized");
	json_obj_set(res->details, "timesyncd_synchronized_flag", json_bool(flag));
	for (i = 0; sync_configs[i] != NULL; i++)
		if (compat_exists(ctx->root, sync_configs[i])) {
			json_arr_push(cfgs, json_str(sync_configs[i]));
			check_evidence_file(res, ctx, sync_configs[i]);
		}
	if (kernel == 1 || (kernel == -1 && flag)) {
		check_result_set(res, CHECK_PASS, kernel == 1 ?
		    "the kernel reports the clock synchronised" :
		    "systemd-timesyncd reports the clock synchronised",
		    kernel == 1 ? "カーネルは時刻が同期済みと報告しています" :
		    "systemd-timesyncd は時刻が同期済みと報告しています");
	} else if (daemon >= 0 || (kernel == 0 && json_len(cfgs) > 0)) {
		check_result_set(res, CHECK_WARN,
		    "the clock is not synchronised although a time service is set up: check that it reaches its servers",
		    "時刻同期サービスは設定されていますが、時刻が同期していません。サーバーに到達できるか確認してください");
	} else if (json_len(cfgs) == 0) {
		check_result_set(res, CHECK_FAIL,
		    "the clock is not synchronised and no time service (chrony, ntpd, systemd-timesyncd) is set up",
		    "時刻が同期しておらず、時刻同期サービス（chrony、ntpd、systemd-timesyncd）も設定されていません");
	} else {
		check_result_set(res, CHECK_UNKNOWN,
		    "a time service is set up but its state cannot be seen under this root (run on the machine itself)",
		    "時刻同期サービスは設定されていますが、このルートでは同期状態を確認できません（対象機器上で実行してください）");
	}
}

const struct check check_time_sync = {
	.id = "time-sync",
	.title_en = "System clock synchronised",
	.title_ja = "システム時刻の同期",
	.reads = "adjtimex(2) at /, /run/systemd/timesync/synchronized, chrony/ntp/timesyncd configuration, /proc/*/comm",
	.params = NULL,
	.run = time_sync_run,
};
