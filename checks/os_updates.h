/*
 * os_updates.h: the facts of the os-updates check.
 *
 * The check decides whether the inspected system is up to date: security
 * upgrades pending (a version from a security archive newer than the
 * installed one, held, kept back or pinned away included: fail, or warn
 * with fail_on_security off), a reboot pending (the reboot-required flag,
 * or a running kernel other than the newest installed one: fail, or warn
 * with fail_on_reboot off), other upgrades pending (warn, or fail with
 * fail_on_pending; phased updates apt defers on this machine do not count),
 * and whether it can know: no sources, no lists for them, lists older than
 * max_list_age_days, a file that is a link out of the root or a running
 * kernel it cannot read make it unknown. It judges from the counts, the
 * time of the last package-list refresh and the reboot facts below; the
 * package state the probe read is passed through to the details as JSON.
 * The summary says what to run only for what that command would do
 * (apt-get upgrade, apt full-upgrade for kept-back ones, apt-mark unhold).
 *
 * Ownership: the facts own every string and the JSON; os_updates_facts_free()
 * frees them (not the struct itself).
 */
#ifndef REENTRY_OS_UPDATES_H
#define REENTRY_OS_UPDATES_H

#include <stddef.h>
#include <time.h>

#include "check.h"

/* Where the running kernel is read from, and the reboot flag, for the summaries. */
#define OS_UPDATES_REBOOT_FILE "/run/reboot-required"
#define OS_UPDATES_OSRELEASE "/proc/sys/kernel/osrelease"

/*
 * A Windows installation (checks/windows/os_updates.c): its build and UBR,
 * the newest installed cumulative update (Component Based Servicing's
 * Package_for_RollupFix packages) with its install time, and the reasons a
 * restart is pending. What Microsoft has released comes from the dated
 * table of builds (checks/winbuilds.h): updates behind and end of support.
 * Where that table cannot decide, the judge counts the monthly release days
 * (second Tuesdays) since that install, and never passes on a guess.
 */
struct os_updates_windows {
	char *hive;           /* the SOFTWARE hive file */
	char *build;          /* CurrentBuildNumber */
	long ubr;             /* UBR; -1 unknown */
	char *edition;        /* EditionID ("Professional", "Enterprise"), or NULL */
	char *lcu_package;    /* newest installed Package_for_RollupFix~... */
	time_t lcu_installed; /* its install time; 0 unknown */
	size_t packages;      /* servicing packages read */
	struct json *reboot;  /* array of why a restart is pending */
};

struct os_updates_facts {
	/*
	 * The package state for the details, keys in order: native_arch,
	 * foreign_arches, installed, lists, preferences, pins,
	 * default_release, phasing, sources, source_entries, apt_conf,
	 * stale_lists_ignored, sources_never_downloaded,
	 * security_not_candidate, notes (when any), pending, pending_count,
	 * security_count.
	 */
	struct json *state;
	size_t installed; /* installed packages */
	size_t lists;     /* package lists read; 0 means pending updates are unknown */
	size_t pending;   /* upgrades pending, security ones included */
	size_t security; /* of which a security archive offers a newer version than the installed one */
	char *security_names;  /* the first few of them, "a, b, c", or NULL */
	size_t security_shown; /* how many names that is */
	size_t security_ready; /* of those, ones apt-get upgrade installs (not held, kept back or deferred) */
	size_t held;           /* pending but held (dpkg selection hold) */
	size_t kept;         /* pending but needing a new package or an unmet version (kept back) */
	size_t deferred;     /* pending but deferred by phasing on this machine (not counted) */
	size_t others;       /* pending, not security, not deferred by phasing */
	size_t others_ready; /* of those, ones apt-get upgrade installs (not held, not kept back) */
	size_t blocked;      /* security versions the preferences keep from being the candidate */
	size_t sources;      /* deb entries in the sources files */
	size_t missing;      /* of which never downloaded (no Release file) */
	size_t ignored;      /* list files no source names (stale, ignored) */
	size_t notes;        /* settings not understood (details: notes) */
	char **unresolved; /* files that are links out of the root, "PATH -> TARGET"; NULL-terminated or NULL */
	time_t last_refresh; /* newest package list, Release file or update stamp; 0 when none */
	time_t attempt; /* lists/partial's mtime: apt-get update last ran, even if it failed; 0 */

	int reboot_file;             /* the reboot-required flag exists */
	char *reboot_pkgs;           /* the packages that asked for it, one line, or NULL */
	char *running_kernel;        /* release of the running kernel, or NULL when unreadable */
	char *newest_kernel_package; /* newest installed kernel package, or NULL when none */
	char *newest_kernel_version; /* its package version */
	char *newest_kernel_release; /* its kernel release */

	struct os_updates_windows *windows; /* Windows only; NULL on Debian-like systems */
};

void os_updates_facts_free(void *facts);

/* Debian-like systems: dpkg's status, apt's sources, apt.conf, lists and pins, /run and /proc (checks/linux/os_updates.c). */
int os_updates_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: build, UBR, servicing packages and pending restarts (checks/windows/os_updates.c). */
int os_updates_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
