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
 *
 * The probe (checks/linux/time_sync.c) gathers the facts (time_sync.h); this
 * file judges them.
 */
#include "time_sync.h"

#include <stdlib.h>

#include "check.h"

void
time_sync_facts_free(void *facts)
{
	struct time_sync_facts *f = facts;
	size_t i;

	if (f == NULL)
		return;
	free(f->daemon);
	for (i = 0; i < f->nconfigured; i++)
		free(f->configured[i]);
	free(f->configured);
}

/* Decides from the kernel's flag (at "/"), timesyncd's flag and the services set up. */
static void
time_sync_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct time_sync_facts *f = facts;
	struct json *cfgs = json_obj_set(res->details, "configured", json_array());
	size_t i;

	(void)ctx;
	for (i = 0; i < f->nconfigured; i++)
		json_arr_push(cfgs, json_str(f->configured[i]));
	if (f->kernel != -1) {
		json_obj_set(res->details, "kernel_synchronised", json_bool(f->kernel));
		json_obj_set(res->details, "kernel_max_error_us", json_int(f->kernel_max_error_us));
		json_obj_set(res->details, "kernel_est_error_us", json_int(f->kernel_est_error_us));
	}
	if (f->daemon != NULL)
		json_obj_set(res->details, "daemon_running", json_str(f->daemon));
	json_obj_set(res->details, "timesyncd_synchronized_flag", json_bool(f->timesyncd_flag));
	if (f->kernel == 1 || (f->kernel == -1 && f->timesyncd_flag)) {
		check_result_set(res, CHECK_PASS,
		    f->kernel == 1 ? "the kernel reports the clock synchronised" :
		                     "systemd-timesyncd reports the clock synchronised",
		    f->kernel == 1 ? "カーネルは時刻が同期済みと報告しています" :
		                     "systemd-timesyncd は時刻が同期済みと報告しています");
	} else if (f->daemon != NULL || (f->kernel == 0 && f->nconfigured > 0)) {
		check_result_set(res, CHECK_WARN,
		    "the clock is not synchronised although a time service is set up: check that it reaches its servers",
		    "時刻同期サービスは設定されていますが、時刻が同期していません。サーバーに到達できるか確認してください");
	} else if (f->nconfigured == 0) {
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
	.facts_size = sizeof(struct time_sync_facts),
	.facts_free = time_sync_facts_free,
	.probes = {
		[TARGET_LINUX] = { time_sync_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = CHECK_NO_WINDOWS_PROBE,
	},
	.judge = time_sync_judge,
};
