/*
 * aptlists.h: what apt would upgrade, worked out from the files apt and dpkg
 * keep, without libapt: the dpkg status file, the Packages lists and their
 * Release files under /var/lib/apt/lists, and the pins in
 * /etc/apt/preferences and /etc/apt/preferences.d.
 *
 * The candidate of each installed package follows apt's policy: every list
 * has a priority (500; 1 for a NotAutomatic suite; 100 when it is also
 * ButAutomaticUpgrades; the first matching "Package: *" pin replaces it), the
 * installed version has 100, each version takes the priority of the first
 * pin (in file order) that names its package (without ":arch" only the
 * native-architecture package) and matches it, and the candidate is the version
 * of highest priority, the newest among equals, where nothing older than the
 * installed version wins unless its priority is 1000 or more. Versions are
 * ordered by debver_cmp(). Architectures follow dpkg: the native one (of the
 * installed dpkg package) and the foreign ones in /var/lib/dpkg/arch;
 * "all" packages belong to the native architecture.
 *
 * Not modelled (and documented in docs/checks-updates.md): APT::Default-Release
 * from apt.conf, phased updates (Ubuntu only), source-package pins (src:).
 *
 * Call order: apt_state_load() once, read the fields, apt_state_free().
 */
#ifndef REENTRY_APTLISTS_H
#define REENTRY_APTLISTS_H

#include <stddef.h>
#include <time.h>

#include "../../sys/target.h"

/* An installed package (status other than not-installed / config-files). */
struct apt_pkg {
	char *name;
	char *arch; /* as in the status file: amd64, all, i386 ... */
	char *version;
	char *status; /* the Status field, e.g. "install ok installed" */
};

/* One Packages list and the Release file it belongs to. */
struct apt_source {
	char *list;    /* path under the root */
	char *release; /* its InRelease or Release under the root, NULL when none */
	char *origin, *label, *suite, *codename, *version; /* from the Release file */
	char *component, *site, *arch;                     /* from the list's file name */
	int not_automatic, but_automatic_upgrades;
	int priority;   /* after "Package: *" pins */
	int security;   /* suite or codename ends in -security */
	size_t entries; /* stanzas in the list */
	size_t size;    /* decompressed size */
	time_t mtime;
};

/* An installed package whose candidate is newer than the installed version. */
struct apt_upgrade {
	char *name;
	char *arch; /* the candidate's Architecture, as apt list prints it */
	char *installed;
	char *candidate;
	char *suites; /* suites offering the candidate, comma-separated */
	int priority; /* the candidate's priority */
	int security; /* offered by a -security suite */
};

struct apt_state {
	char *native;         /* native architecture */
	char **foreign;       /* NULL-terminated */
	struct apt_pkg *pkgs; /* installed packages, in status file order */
	size_t npkgs;
	struct apt_source *src; /* lists read */
	size_t nsrc;
	struct apt_upgrade *up; /* sorted by name, then arch */
	size_t nup;
	size_t nsecurity; /* upgrades with security set */
	char **prefs;     /* preference files read (paths under the root), NULL-terminated */
	size_t npins;
	char **notes; /* things not understood (an unknown pin type ...), NULL-terminated */
	time_t newest_release; /* newest mtime of a Release/InRelease file or list, 0 when none */
};

/*
 * Reads the status file, preferences and lists of the inspected system t,
 * every one beneath its root (sys/target.h). A missing status
 * file, a corrupt one, a truncated or corrupt list, or a malformed
 * preferences file is an error: -1 with "PATH[:LINE]: reason" in err. No
 * lists at all is not an error (nsrc is 0). *out is the caller's (free with
 * apt_state_free) when 0 is returned.
 */
int apt_state_load(const struct target *t, struct apt_state **out, char *err, size_t errlen);
void apt_state_free(struct apt_state *st);

#endif
