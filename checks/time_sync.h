/*
 * time_sync.h: the time-sync check's facts.
 *
 * The check decides whether the system clock is synchronised, from the
 * kernel's own flag (read on the running system only), systemd-timesyncd's
 * flag file, a running synchronisation daemon (running system only) and the
 * synchronisation services set up (their configuration files).
 *
 * Ownership: the facts own their strings and arrays; time_sync_facts_free()
 * frees them (not the struct itself).
 */
#ifndef REENTRY_TIME_SYNC_H
#define REENTRY_TIME_SYNC_H

#include <stddef.h>

#include "check.h"

struct time_sync_facts {
	int kernel;               /* adjtimex(2): 1 synchronised, 0 not, -1 not read */
	long kernel_max_error_us; /* when kernel != -1 */
	long kernel_est_error_us; /* when kernel != -1 */
	char *daemon;             /* a sync daemon seen running (live only), or NULL */
	int timesyncd_flag;       /* /run/systemd/timesync/synchronized exists */
	char **configured;        /* configuration files present, in table order */
	size_t nconfigured;
};

void time_sync_facts_free(void *facts);

/* The Debian-like probe (checks/linux/time_sync.c). */
int time_sync_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
