/*
 * aptlists.h: what apt would upgrade, worked out from the files apt and dpkg
 * keep, without libapt: the dpkg status file, the sources apt is configured
 * with (sources.list, sources.list.d/ *.list and *.sources), the Packages
 * lists they name and their Release files under /var/lib/apt/lists (list
 * files no source names any more are ignored, as apt ignores them), apt.conf
 * (apt.conf.d, then apt.conf) and the pins in /etc/apt/preferences and
 * /etc/apt/preferences.d.
 *
 * The candidate of each installed package follows apt's policy: every list
 * has a priority (500; 1 for a NotAutomatic suite; 100 when it is also
 * ButAutomaticUpgrades; the first matching "Package: *" pin replaces it), the
 * installed version has 100, each version takes the priority of the first
 * pin (in file order) that names its package (without ":arch" only the
 * native-architecture package; "src:NAME" the binaries of source NAME) and
 * matches it, APT::Default-Release being a "Package: *" pin of 990 ahead of
 * the preferences files, and the candidate is the version
 * of highest priority, the newest among equals, where nothing older than the
 * installed version wins unless its priority is 1000 or more. Versions are
 * ordered by debver_cmp(). Architectures follow dpkg: the native one (of the
 * installed dpkg package) and the foreign ones in /var/lib/dpkg/arch;
 * "all" packages belong to the native architecture.
 *
 * An upgrade is a security one when a version newer than the installed one
 * comes from a security archive, told by its Release file's Origin and Label
 * (see aptlists.c: Debian-Security; Ubuntu and Ubuntu ESM with a -security
 * suite), even when the candidate itself comes from elsewhere (a point
 * release superseding the fix), as unattended-upgrades and debsecan judge.
 * Held packages (dpkg selection hold), upgrades whose candidate depends on a
 * package that is not installed (apt-get upgrade keeps them back) and
 * phased updates apt defers on this machine (its machine-id, as apt's
 * depcache computes it) are marked.
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
	char *status;   /* the Status field, e.g. "install ok installed" */
	char *source;   /* source package name (the Source field, else the name) */
	char *provides; /* the Provides field, or NULL */
	int ma_allowed; /* Multi-Arch: allowed (satisfies "name:any") */
};

/* One Packages list and the Release file it belongs to. */
struct apt_source {
	char *list;    /* path under the root */
	char *release; /* its InRelease or Release under the root, NULL when none */
	char *origin, *label, *suite, *codename, *version; /* from the Release file */
	char *component, *site, *arch;                     /* from the list's file name */
	int not_automatic, but_automatic_upgrades;
	int priority;   /* after "Package: *" pins */
	int security;   /* a security archive, by Origin and Label (see aptlists.c) */
	char *named_by; /* the sources entry naming it, "FILE:LINE" */
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
	int security; /* a version newer than the installed one comes from a security archive */
	char *security_version; /* the newest such version, or NULL */
	char *security_suite;   /* its suite */
	int held;               /* dpkg selection "hold" (apt-mark hold) */
	char *kept_back; /* why apt-get upgrade keeps it back ("needs new package X"), or NULL */
	int phased;      /* Phased-Update-Percentage of the candidate, 100 when none */
	int deferred;    /* apt defers it on this machine because of phasing */
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
	time_t newest_release; /* newest mtime of a Release/InRelease file or list, or the stamp; 0 when none */
	time_t stamp;    /* mtime of update-success-stamp, 0 when none */
	time_t attempt;  /* mtime of lists/partial: apt-get update last ran (even when it failed) */
	char **sources;  /* sources files read, NULL-terminated */
	size_t nentries; /* deb entries in them */
	char **ignored;  /* list files no source names (stale), NULL-terminated */
	char **missing;  /* sources whose Release file was never downloaded, NULL-terminated */
	char **unresolved;     /* "PATH -> TARGET": links that do not resolve inside the root */
	char **conf;           /* apt.conf files read, NULL-terminated */
	char *default_release; /* APT::Default-Release, or NULL */
	const char *phasing;   /* how phasing was decided: "machine-id", "always", "never", ... */
	size_t nheld, nkept, ndeferred; /* upgrades held, kept back, deferred by phasing */
	char **blocked; /* security versions newer than the installed one that are not the candidate */
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

/*
 * When path (or a directory on the way to it) is a symbolic link on t that
 * does not resolve inside the root (an absolute or ".." link to a file the
 * image does not hold), "PATH -> TARGET"; else NULL. Caller frees.
 */
char *apt_unresolved_link(const struct target *t, const char *path);

#endif
