/*
 * suspicious_domains.h: the facts of the suspicious-domains check: which
 * sources (browser histories, the hosts file, home and profile directories)
 * were read or not and why, and every host name seen in them, once per
 * source. The probe (checks/linux/suspicious_domains.c) fills them; the
 * judge (checks/suspicious_domains.c) decides which names are suspicious.
 */
#ifndef REENTRY_SUSPICIOUS_DOMAINS_H
#define REENTRY_SUSPICIOUS_DOMAINS_H

#include <stddef.h>
#include <time.h>

struct check_ctx;
struct check_result;

/* One place names were read from. */
struct sd_source {
	char *kind; /* "hosts", "firefox-history", "chromium-history", "home", "browser-profiles", "passwd" */
	char *path;        /* on the target */
	char *user;        /* the owner's name, or NULL */
	char *unreadable;  /* why it could not be read, or NULL */
	int hostile;       /* unreadable because it looks crafted (a view, a limit hit) */
	long long entries; /* rows (histories) or names (hosts) read */
	long long unvisited; /* histories: bookmarks and other rows never visited, not counted as visits */
	long long blocked;   /* hosts: names mapped to 0.0.0.0, loopback or ::, a blocking list */
	long long malformed; /* hosts: lines whose first field is not an address */
	char *note;          /* hosts: the first malformed line, or NULL */
	int wal;             /* histories: a write-ahead log was read with it */
};

/* A host name seen in one source. */
struct sd_seen {
	char *host;    /* lowercase, as in the URL or hosts line */
	char *shown;   /* the host name shown before '@' in the URL, or NULL */
	char *address; /* hosts: the address it is mapped to, else NULL */
	size_t source; /* index into sources */
	time_t last;   /* the last visit (hosts: the file's mtime), 0 unknown */
	long long count;
};

struct suspicious_domains_facts {
	struct sd_source *sources;
	size_t nsources;
	struct sd_seen *seen;
	size_t nseen;
};

void suspicious_domains_facts_free(void *facts);
/* The Debian-like probe (checks/linux/suspicious_domains.c). */
int suspicious_domains_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: the hosts file, Edge, Chrome and Firefox histories (checks/windows/suspicious_domains.c). */
int suspicious_domains_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

/* Limits of one history read; the probe reads them from the check's parameters. */
#define SD_HISTORY_MAX_BYTES ((long long)1 << 30) /* a history copied at most */
#define SD_WAL_MAX_BYTES ((long long)256 << 20)   /* its write-ahead log */
#define SD_HISTORY_MAX_ROWS 5000000LL             /* default of the history_rows parameter */
#define SD_HISTORY_MAX_HOSTS 200000LL             /* different host names in one history */
#define SD_HEAP_LIMIT ((long long)256 << 20)      /* SQLite's hard heap limit while reading */

#endif
