/*
 * linux/time_sync.c: the time-sync check's probe for Debian-like systems.
 *
 * On the running system the kernel's NTP state comes from adjtimex(2)
 * without changes, and the synchronisation daemons from /proc/PID/comm.
 * Under any root, systemd-timesyncd's flag file and the configuration of
 * chrony, ntpd/ntpsec, openntpd and timesyncd are read through the target.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

#include "../check.h"
#include "../time_sync.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

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
	"chronyd",
	"ntpd",
	"systemd-timesyn",
	"openntpd",
	NULL,
};

int
time_sync_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct time_sync_facts *f = facts;
	size_t i;

	f->kernel = -1;
	if (target_live(ctx->target)) {
		struct timex tx;
		int st, daemon;

		memset(&tx, 0, sizeof tx);
		st = adjtimex(&tx);
		if (st >= 0) {
			f->kernel = !(tx.status & STA_UNSYNC) && st != TIME_ERROR;
			f->kernel_max_error_us = tx.maxerror;
			f->kernel_est_error_us = tx.esterror;
			check_evidence_value(res, "adjtimex.status",
			    f->kernel ? "synchronised" : "STA_UNSYNC");
		}
		daemon = sysprobe_running(ctx->target, sync_daemons);
		if (daemon >= 0)
			f->daemon = xstrdup(sync_daemons[daemon]);
	}
	f->timesyncd_flag = target_exists(ctx->target, "/run/systemd/timesync/synchronized");
	check_evidence_file(res, ctx, "/run/systemd/timesync/synchronized");
	for (i = 0; sync_configs[i] != NULL; i++)
		if (target_exists(ctx->target, sync_configs[i])) {
			f->configured = xreallocarray(f->configured, f->nconfigured + 1,
			    sizeof *f->configured);
			f->configured[f->nconfigured++] = xstrdup(sync_configs[i]);
			check_evidence_file(res, ctx, sync_configs[i]);
		}
	return 0;
}
