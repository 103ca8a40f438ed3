/*
 * time_sync.h: the time-sync check's facts.
 *
 * The check decides whether the system clock is kept synchronised. On the
 * running system ("/"): from the kernel's own flag (adjtimex(2)) and the
 * synchronisation daemons seen running (process name and executable).
 * Under the root of an image, which is not running: from its configuration
 * only, the synchronisation services enabled there; timesyncd's flag file
 * in an image is left over from its last boot and is reported, never
 * believed. On a Windows installation read from its disk, likewise only the
 * configuration of the Windows Time service (struct time_sync_windows).
 *
 * Ownership: the facts own their strings and JSON values;
 * time_sync_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_TIME_SYNC_H
#define REENTRY_TIME_SYNC_H

#include <stddef.h>

#include "check.h"

/* The synchronisation services the probe knows, in this order in the arrays below. */
enum time_sync_service {
	TS_TIMESYNCD,
	TS_CHRONY,
	TS_NTPSEC,
	TS_NTP,
	TS_OPENNTPD,
};
#define TIME_SYNC_NSERVICES 5

struct time_sync_facts {
	int live;                 /* the running system: kernel and daemons were read */
	int kernel;               /* adjtimex(2): 1 synchronised, 0 not, -1 not read */
	long kernel_max_error_us; /* when kernel != -1 */
	long kernel_est_error_us; /* when kernel != -1 */
	int procs_unseen;         /* live: the process list could not be read */
	/* per service (enum time_sync_service) */
	/* live: 1 seen running (name and executable); ntpd of ntpsec, ntp or openntpd counts as TS_NTPSEC */
	int running[TIME_SYNC_NSERVICES];
	int enabled[TIME_SYNC_NSERVICES]; /* its unit: 1 enabled, 0 not, 2 masked, -1 a link unresolved */
	int config[TIME_SYNC_NSERVICES]; /* its configuration file: 1 present, 0 absent, -1 unresolved */
	struct json *daemons;            /* array: what was seen of each daemon (live) */
	int timesyncd_flag;            /* /run/systemd/timesync/synchronized: 1, 0, -1 unresolved */
	struct json *problems;         /* array of "PATH: why" for files that could not be had */
	struct time_sync_windows *win; /* a Windows target: the Windows Time service; NULL otherwise */
};

/*
 * A Windows installation read from its disk (configuration only): the
 * Windows Time service (W32Time) in the live control set, with the policy
 * (SOFTWARE\Policies\Microsoft\W32Time) winning where it sets a value.
 * Strings are sanitised for display and owned.
 */
struct time_sync_windows {
	int service; /* Services\W32Time: 1 present, 0 absent */
	long start;  /* its Start: 2 automatic, 3 manual (trigger start), 4 disabled; -1 not set */
	char *type;  /* Parameters Type in effect: NTP, NT5DS, AllSync, NoSync; NULL not set */
	const char *type_from; /* "policy" or "setting" (static), NULL when not set */
	char *ntp_server;      /* NtpServer in effect, or NULL */
	const char *server_from;
	int ntp_client;          /* TimeProviders\NtpClient Enabled: 1, 0, -1 not set */
	const char *client_from; /* "policy" or "setting" */
	time_t secure_time;      /* SecureTimeLimits\SecureTimeEstimated, 0 when not set */
	time_t system_written;   /* the SYSTEM hive's last write, 0 unknown */
};

/* The services' names, for messages: "systemd-timesyncd", "chrony", ... */
extern const char *const time_sync_service_names[TIME_SYNC_NSERVICES];

void time_sync_facts_free(void *facts);

/* The Debian-like probe (checks/linux/time_sync.c). */
int time_sync_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: W32Time and its policy in the registry (checks/windows/time_sync.c). */
int time_sync_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
