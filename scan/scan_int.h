/*
 * scan_int.h: what the files of the scan module share (engine.c, walk.c,
 * clamd.c). Not for use outside scan/.
 */
#ifndef REENTRY_SCAN_INT_H
#define REENTRY_SCAN_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "scan.h"

struct cl_engine;

/* One database file as last seen, to notice changes. */
struct scan_dbfile {
	char *name;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct scan_engine {
	int is_clamd;
	struct cl_engine *cl; /* libclamav: the compiled engine */
	struct scan_engine_info info;
	char *version;
	char *db_path;
	char *socket;
	struct scan_dbfile *dbfiles; /* sorted by name */
	size_t ndbfiles;
	/* limits, from the configuration */
	long long max_filesize, max_scansize, max_files, max_recursion, max_time_ms;
};

/* What became of one file. */
enum scan_outcome {
	SCAN_OUT_CLEAN,
	SCAN_OUT_INFECTED,    /* what: the signature */
	SCAN_OUT_UNSCANNABLE, /* what: the reason */
	SCAN_OUT_CANCELLED,
};

/* Per-file context handed to libclamav callbacks. */
struct scan_fctx {
	const char *path;   /* the file, for log messages */
	atomic_int *cancel; /* non-zero: stop */
	char *virname; /* last name libclamav reported through its callback; freed by the scanner */
	char *limit_note; /* set when a limit cut something short without an alert; freed likewise */
	long long max_filesize;
};

/*
 * libclamav: scans the open regular file fd (positioned anywhere) and sets
 * *what (caller frees) for infected and unscannable outcomes.
 */
enum scan_outcome scan_engine_scan_fd(const struct scan_engine *e, int fd, struct scan_fctx *fc,
    char **what);
/*
 * libclamav: scans the whole file already read into [data, data + len) (the
 * bytes that were hashed), without reading it again; fd is the open file,
 * used when the data cannot be mapped (an empty file). *what as above.
 */
enum scan_outcome scan_engine_scan_mem(const struct scan_engine *e, int fd, const void *data,
    size_t len, struct scan_fctx *fc, char **what);
/* Turns a libclamav or clamd detection name into an outcome: limits and encryption are unscannable. */
enum scan_outcome scan_classify_name(const char *virname, char **what);

/*
 * clamd: streams fd to the daemon at sock with INSTREAM, feeding every byte
 * read to sha (an EVP_MD_CTX *) and adding the count to *bytes (atomically,
 * for progress). Reads to the end of the file even when clamd stops early.
 * read_err is set to errno when reading the file failed.
 */
enum scan_outcome scan_clamd_stream(const char *sock, int fd, void *sha, unsigned char *buf, size_t buflen,
    _Atomic uint64_t *bytes, uint64_t *nread, int *read_err, atomic_int *cancel, char **what);
/* Asks clamd at sock for its version line; fills version, db version and time. */
int scan_clamd_version(const char *sock, char **version, unsigned *dbver, time_t *dbtime, char *err,
    size_t errlen);

#endif
