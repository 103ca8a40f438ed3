/*
 * linux/time_sync.c: the time-sync check's probe for Debian-like systems.
 *
 * On the running system the kernel's NTP state comes from adjtimex(2)
 * without changes, and the synchronisation daemons from /proc/PID/comm and
 * /proc/PID/exe (sysstate.h: a process with the name and another
 * executable does not count). Under any root, the services' units enabled
 * in /etc/systemd/system (a .wants link that resolves inside the root, not
 * masked), their configuration files, and timesyncd's flag file are read
 * through the target; a planted link is reported, never followed out.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

#include "sysstate.h"
#include "../check.h"
#include "../time_sync.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* Per service: its unit, its configuration file, its daemon. */
static const char *const exes_timesyncd[] = { "/usr/lib/systemd/systemd-timesyncd",
	"/lib/systemd/systemd-timesyncd", NULL };
static const char *const exes_chronyd[] = { "/usr/sbin/chronyd", "/sbin/chronyd", NULL };
static const char *const exes_ntpd[] = { "/usr/sbin/ntpd", "/sbin/ntpd", NULL };

static const struct {
	const char *unit;
	const char *config;
	struct daemon_spec daemon;
} services[TIME_SYNC_NSERVICES] = {
	[TS_TIMESYNCD] = { "systemd-timesyncd.service", "/etc/systemd/timesyncd.conf",
	    { "systemd-timesyncd", "systemd-timesyn", exes_timesyncd } },
	[TS_CHRONY] = { "chrony.service", "/etc/chrony/chrony.conf",
	    { "chronyd", "chronyd", exes_chronyd } },
	[TS_NTPSEC] = { "ntpsec.service", "/etc/ntpsec/ntp.conf", { "ntpd", "ntpd", exes_ntpd } },
	[TS_NTP] = { "ntp.service", "/etc/ntp.conf", { "ntpd", "ntpd", exes_ntpd } },
	[TS_OPENNTPD] = { "openntpd.service", "/etc/openntpd/ntpd.conf", { "openntpd", "ntpd", exes_ntpd } },
};

/* Where Debian's packages enable these units. */
static const char *const wants_dirs[] = {
	"/etc/systemd/system/sysinit.target.wants",
	"/etc/systemd/system/multi-user.target.wants",
	NULL,
};

int
time_sync_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct time_sync_facts *f = facts;
	size_t i;
	int p;

	f->kernel = -1;
	f->problems = json_array();
	f->daemons = json_array();
	f->live = target_live(ctx->target);
	if (f->live) {
		struct daemon_spec specs[TIME_SYNC_NSERVICES];
		struct daemon_seen seen[TIME_SYNC_NSERVICES];
		struct timex tx;
		int st;

		memset(&tx, 0, sizeof tx);
		st = adjtimex(&tx);
		if (st >= 0) {
			f->kernel = !(tx.status & STA_UNSYNC) && st != TIME_ERROR;
			f->kernel_max_error_us = tx.maxerror;
			f->kernel_est_error_us = tx.esterror;
			check_evidence_value(res, "adjtimex.status",
			    f->kernel ? "synchronised" : "STA_UNSYNC");
		}
		/* ntpsec, ntp and openntpd share the name ntpd: one look (as TS_NTPSEC) covers them */
		for (i = 0; i < TIME_SYNC_NSERVICES; i++)
			specs[i] = services[i].daemon;
		if (sysstate_daemons(ctx->target, specs, TS_NTP, seen) < 0)
			f->procs_unseen = 1;
		for (i = 0; i < TS_NTP; i++) {
			f->running[i] = seen[i].state == DAEMON_RUNNING;
			json_arr_push(f->daemons, sysstate_daemon_json(&specs[i], &seen[i]));
		}
		sysstate_daemons_free(seen, TS_NTP);
	}
	for (i = 0; i < TIME_SYNC_NSERVICES; i++) {
		switch (sysstate_unit(ctx, res, services[i].unit, wants_dirs, f->problems)) {
		case UNIT_ENABLED: f->enabled[i] = 1; break;
		case UNIT_MASKED: f->enabled[i] = 2; break;
		case UNIT_UNRESOLVED: f->enabled[i] = -1; break;
		case UNIT_ABSENT: f->enabled[i] = 0; break;
		}
		f->config[i] = sysstate_present(ctx->target, services[i].config, f->problems);
		if (f->config[i] == 1)
			check_evidence_file(res, ctx, services[i].config);
	}
	p = sysstate_present(ctx->target, "/run/systemd/timesync/synchronized", f->problems);
	f->timesyncd_flag = p;
	check_evidence_file(res, ctx, "/run/systemd/timesync/synchronized");
	return 0;
}
