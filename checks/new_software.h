/*
 * new_software.h: the new-software check's facts, and the log parsers its
 * Debian-like probe uses (exported for the fuzzer).
 *
 * The check decides whether software was added during the telework period:
 * packages installed or upgraded (dpkg.log and its rotated copies), who
 * asked for them and what pulled them in (apt's history.log and
 * extended_states), Flatpak apps and snaps, files added to /opt,
 * /usr/local/bin, /usr/local/sbin and ~/.local/bin, and executables with the
 * names of known remote-access and P2P tools (and AppImages) anywhere under
 * a home directory. On Windows: the programs in the Uninstall keys, and
 * persistence (Run and RunOnce values, services, scheduled tasks) added or
 * changed in the period (struct ns_win). The judge (checks/new_software.c) weighs each against
 * the site's deny and allow lists and the table of known tools.
 *
 * Ownership: the facts own every string and array; new_software_facts_free()
 * frees them (not the struct itself).
 */
#ifndef REENTRY_NEW_SOFTWARE_H
#define REENTRY_NEW_SOFTWARE_H

#include <stddef.h>
#include <time.h>

#include "check.h"

/* A package with dpkg events in the period. */
struct ns_pkg {
	char *name;              /* name:arch as dpkg logs it */
	char *from;              /* version before the first event ("<none>" for a new install) */
	char *to;                /* version after the last event */
	time_t when;             /* last event */
	int installed;           /* the first event in the period installed it from <none> */
	int removed;             /* the last event was a remove or purge */
	int automatic;           /* 1 pulled in as a dependency, 0 asked for, -1 unknown */
	const char *auto_source; /* "history.log" or "extended_states" (static), NULL when unknown */
	char *pulled_by; /* what apt was asked for in the same run ("a:amd64, b:amd64"), or NULL */
	long parent;     /* index in pkgs of the first of those installed in the period, or -1 */
	char *commandline;  /* history.log Commandline of that run, or NULL */
	char *requested_by; /* history.log Requested-By of that run, or NULL */
	int via_apt; /* 1 an apt run installed it, 0 apt's history covers the time and does not, -1 unknown */
};

/* One dpkg log read. */
struct ns_log {
	char *file;
	size_t lines, events; /* lines read; events in the period */
	time_t first, last;   /* first and last entry, 0 when none */
	char *error;          /* why it could not be read, or NULL */
};

/* One Install: entry of an apt run in history.log. */
struct ns_txn_pkg {
	char *name; /* name:arch */
	int automatic;
};

/* One apt run (history.log stanza) in the period that installed something. */
struct ns_txn {
	time_t start;
	char *commandline;  /* or NULL */
	char *requested_by; /* or NULL */
	struct ns_txn_pkg *inst;
	size_t ninst;
};

/* Where a piece of software outside dpkg was found. */
enum ns_item_kind {
	NS_ITEM_FILE,     /* an entry of /opt, /usr/local/bin, /usr/local/sbin, ~/.local/bin */
	NS_ITEM_TOOL,     /* an executable with a known tool's name under a home */
	NS_ITEM_APPIMAGE, /* an AppImage under a home */
	NS_ITEM_FLATPAK,  /* a Flatpak app deployment */
	NS_ITEM_SNAP,     /* a snap */
};

struct ns_item {
	enum ns_item_kind kind;
	char *name;          /* file name, Flatpak app id or snap name */
	char *path;          /* on the target */
	char *scope;         /* "system" or the user whose home it is in */
	char *version;       /* Flatpak arch/branch, snap revision, or NULL */
	time_t mtime, ctime; /* of the file, or of a Flatpak's or snap's newest deployment */
	time_t born; /* Flatpak app or snap: birth time of its directory (its first install), 0 when the filesystem does not keep it */
	int runtime; /* a snap of type base, os, snapd, kernel or gadget: pulled in by snapd */
};

/* The bounded walk of the home directories. */
struct ns_walk {
	long long max_entries, max_depth, max_seconds; /* the bounds it ran with */
	size_t homes, dirs, entries;                   /* what it looked at */
	int hit_entries, hit_time;                     /* stopped early */
	size_t depth_skipped;                          /* directories not entered: too deep */
	char *depth_example;                           /* the first of them */
};

struct new_software_facts {
	time_t since; /* start of the period */
	struct ns_log *logs;
	size_t nlogs;
	int rotated;   /* rotated dpkg logs exist */
	time_t oldest; /* oldest dpkg log entry, 0 when none */
	char *bad; /* first malformed dpkg log line or unreadable log ("FILE:LINE: reason"), or NULL */
	size_t nbad;
	struct ns_pkg *pkgs;
	size_t npkgs;
	size_t *pkg_hash; /* the parsers' index of pkgs by name (open addressing, index + 1), private */
	size_t pkg_hash_cap;

	struct ns_txn *txns; /* apt runs in the period */
	size_t ntxns;
	size_t history_files;  /* history logs read */
	time_t history_oldest; /* oldest apt run in them, 0 when none */
	char *history_bad;     /* first malformed history line, or NULL */
	size_t history_nbad;
	int extended_states; /* 1 read, 0 absent, -1 unreadable */

	int scanned_paths; /* scan_paths was on: items and walk are filled */
	struct ns_item *items;
	size_t nitems;
	struct ns_walk walk;

	/* Files and directories that could not be read, "PATH: reason"; each makes the verdict unknown. */
	char **problems;
	size_t nproblems;
	/* The same for apt's own records: without them dependencies are not grouped. */
	char **notes;
	size_t nnotes;

	int windows; /* filled by the Windows probe: win below, problems; no dpkg fields */
	struct ns_win *win;
	size_t nwin;
	int tasks_read;    /* Windows/System32/Tasks: 1 read, 0 absent */
	char **hive_notes; /* hives not cleanly written back (their .LOG1/.LOG2 not replayed) */
	size_t nhive_notes;
};

/* What a Windows entry is. */
enum ns_win_kind {
	NS_WIN_PROGRAM, /* an Uninstall key (machine-wide, WOW6432Node, or a user's) */
	NS_WIN_RUN,     /* a value of a Run or RunOnce key (HKLM or a user's) */
	NS_WIN_SERVICE, /* a key under the live control set's Services */
	NS_WIN_TASK,    /* a scheduled task's XML file under Windows/System32/Tasks */
	NS_WIN_PORTABLE, /* a file with a known tool's name under a user's Downloads, Desktop or AppData */
};

/* One entry read from a Windows installation; strings are sanitised for display. */
struct ns_win {
	enum ns_win_kind kind;
	char *name;      /* DisplayName, Run value name, service name, or task path */
	char *version;   /* DisplayVersion, or NULL */
	char *publisher; /* Publisher, or NULL */
	char *command; /* Run data, service ImagePath (and ServiceDll), task's Exec command, or NULL */
	char *where;           /* "HIVE-FILE: KEY\\PATH" or the task's file */
	char *user;            /* the profile of a per-user entry; NULL machine-wide */
	time_t when;           /* the time judged, 0 when none */
	const char *when_from; /* "InstallDate", "key LastWrite", "file mtime" (static) */
	time_t written;        /* the key's LastWrite or the file's mtime, 0 unknown */
	int date_only;         /* when is a date (InstallDate): it counts for the whole day */
	int outside; /* a service or task whose program is outside System32 and Program Files */
};

void new_software_facts_free(void *facts);

/*
 * The start of the period from the since parameter, else the site's
 * telework_start: 0, or -1 after setting res to unknown with the reason.
 */
int new_software_since(const struct check_ctx *ctx, time_t *since, struct check_result *res);

/*
 * The kind of known tool ("remote access", "P2P file sharing", ...) whose
 * file name low (lower case) is, or NULL: the name starts with one of the
 * table's file names and goes on with no further letter
 * ("rustdesk-1.2.3-x86_64.appimage", "chisel_1.9.1_linux_amd64", "frpc").
 */
const char *new_software_tool_of_file(const char *low);

/* The Debian-like probe (checks/linux/new_software.c). */
int new_software_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: programs, Run keys, services, scheduled tasks (checks/windows/new_software.c). */
int new_software_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

/*
 * Parsers over a whole file's text (len bytes, NUL bytes allowed), exported
 * for the fuzzer. file names it in messages. Each adds to f what falls at or
 * after f->since, and never fails: malformed lines are counted in f (nbad,
 * history_nbad) with the first one named.
 */
void new_software_parse_dpkg_log(struct new_software_facts *f, const char *file, const char *buf,
    size_t len);
void new_software_parse_history(struct new_software_facts *f, const char *file, const char *buf,
    size_t len);
/* apt's extended_states: marks f's packages with Auto-Installed where history left it unknown. */
void new_software_parse_extended_states(struct new_software_facts *f, const char *buf, size_t len);
/* Links f's installed packages to the apt runs that installed them (after every history log). */
void new_software_link_history(struct new_software_facts *f);

#endif
