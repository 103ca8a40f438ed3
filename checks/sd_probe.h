/*
 * sd_probe.h: the readers the suspicious-domains probes share, whatever
 * the kind of system: a hosts file, and browser history databases
 * (Firefox places.sqlite, the Chromium family's History).
 *
 * A history belongs to its user, so it is untrusted input. It is opened
 * through the target (beneath the root, a regular file of bounded size),
 * copied with its write-ahead log into a private temporary directory, the
 * log folded into the copy, and the copy opened read-only and immutable.
 * SQLite then runs with views, triggers and untrusted schema functions off,
 * small length, depth and column limits, a hard heap limit and a progress
 * handler that stops it after the time limit; the table read must be a real
 * table. A database that breaks one of these rules is reported as crafted,
 * never waited on. Only visited rows count. Names in a hosts file mapped to
 * 0.0.0.0, a loopback address or :: are a blocking list, counted, not judged.
 *
 * Calling order: sd_probe_start() (makes the temporary directory; -1 after
 * setting res), then any of the readers, then sd_probe_end().
 */
#ifndef REENTRY_SD_PROBE_H
#define REENTRY_SD_PROBE_H

#include <stddef.h>

#include "check.h"
#include "suspicious_domains.h"

struct sd_probe {
	const struct check_ctx *ctx;
	struct check_result *res;
	struct suspicious_domains_facts *f;
	/* (host, shown, source) -> index into f->seen */
	size_t *slot; /* index + 1, 0 empty */
	size_t cap;
	char tmpdir[128];
	int seconds;        /* time limit per history */
	long long max_rows; /* rows per history */
};

int sd_probe_start(struct sd_probe *p, const struct check_ctx *ctx, void *facts, struct check_result *res);
void sd_probe_end(struct sd_probe *p);

/* Adds a source (its file recorded as evidence); returns its index. */
size_t sd_add_source(struct sd_probe *p, const char *kind, const char *path, const char *user);
/* Marks source i unreadable with the reason (formatted); hostile when it looks crafted. */
void sd_unreadable(struct sd_probe *p, size_t i, int hostile, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * When path (or a directory on the way) is a symbolic link that does not
 * resolve inside the root, writes that into why and returns 1.
 */
int sd_unresolved_link(const struct target *t, const char *path, char *why, size_t whylen);
/* The names in the hosts file at path: blocking entries counted, the others recorded. */
void sd_probe_hosts(struct sd_probe *p, const char *path);
/* Reads the visited URLs of one history database (path on the target) into the facts. */
void sd_read_history(struct sd_probe *p, const char *path, const char *user, int chromium);
/* Why a directory could not be opened (errno e), or NULL when it simply is not there. */
const char *sd_dir_problem(const struct target *t, const char *dir, int e, char *buf, size_t buflen);

#endif
