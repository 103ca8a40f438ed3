/*
 * scan_int.h: what the files of the scan module share (engine.c, walk.c,
 * clamd.c, scanreport.c). Not for use outside scan/.
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

enum scan_rec_kind {
	SCAN_REC_FILE,   /* a regular file that was opened: out says what became of it */
	SCAN_REC_SKIP,   /* recorded, not read: type and what (the detail) */
	SCAN_REC_BADDIR, /* a directory (or entry) that could not be walked: what is the reason */
};

/* One result of the walk, before sorting. */
struct scan_rec {
	size_t root;
	char *rel; /* below the root, "" for the root itself */
	enum scan_rec_kind kind;
	enum scan_outcome out; /* SCAN_REC_FILE */
	uint64_t size;
	char sha256[65];
	char *what;         /* signature, reason, or skip detail */
	const char *type;   /* SCAN_REC_SKIP */
	const char *nohash; /* SCAN_REC_FILE not hashed: why (static), else NULL */
};

/*
 * What a walk hands to scan_report_build(). The build takes (and frees or
 * moves into the report) recs with their strings, identity and errors.
 */
struct scan_results {
	const struct scan_root *roots;
	size_t nroots;
	struct json **identity; /* per root: its identity, NULL when it could not be opened */
	struct scan_rec *recs;
	size_t nrecs;
	char **errors;
	size_t nerrors;
	/* a streamed manifest: recs hold no clean files; these count every file */
	int streamed;
	uint64_t files, bytes;
	uint64_t *root_files; /* per root */
	/* per root: files whose scan ended uncancelled, and whether nothing of it was cut short */
	uint64_t *root_scanned;
	int *root_complete;
};

/* Sorts the results by root and path and fills rep's lists and media from them. */
void scan_report_build(struct scan_report *rep, struct scan_results *res);

/* The full path of rel under the root path; caller frees. */
char *scan_full_path(const char *root, const char *rel);

/* Per-file context handed to libclamav callbacks. */
struct scan_fctx {
	const char *path;   /* the file, for log messages */
	atomic_int *cancel; /* non-zero: stop */
	char *virname; /* last name libclamav reported through its callback; freed by the scanner */
	char *limit_note; /* set when a limit cut something short without an alert; freed likewise */
	long long max_filesize;
	/* scan_engine_scan_handle(): the file, when its scan started, and why reading stopped */
	int fd;
	struct timespec t0;
	long long max_time_ms;
	int stopped; /* 0, ECANCELED (cancel), ETIMEDOUT (the time limit), or a read's errno */
	/* archives opened by reentry itself (unpack.c) */
	const struct scan_engine *engine; /* NULL: do not open them, say they were not scanned */
	char *inner_virname;              /* a detection inside one; freed by the scanner */
	int unpack_depth;                 /* such archives nested so far */
	int unpacked;                     /* such archives opened during this scan */
};

/* What scan_zip64_probe() found in a zip archive. */
struct scan_zip64 {
	int zip64;           /* the archive uses zip64 records or fields */
	uint64_t members;    /* central directory entries read */
	uint64_t members64;  /* of them, with zip64 sizes or offsets */
	char first[256];     /* the first zip64 member's name (cut to fit) */
	uint64_t first_size; /* its real uncompressed size, UINT64_MAX when unknown */
};

struct cl_scan_options;
/* The scan options every libclamav scan uses (engine.c). */
void scan_engine_options(struct cl_scan_options *so);
/* What a libclamav return code (a cl_error_t) and detection name mean for one file. */
enum scan_outcome scan_engine_outcome(int rc, const char *virname, struct scan_fctx *fc, char **what);

/*
 * Opens the zip archive in [buf, buf + len), which libclamav cannot look
 * inside (zip64), with libarchive and scans every member with libclamav
 * under the same limits (unpack.c). Sets fc->inner_virname when a member is
 * infected, fc->limit_note when any member could not be scanned, neither
 * when every member was scanned clean.
 */
void scan_unpack_zip(const struct scan_engine *e, const void *buf, size_t len, struct scan_fctx *fc);

/*
 * Looks for zip64 in the zip archive held in [buf, buf + len): 1 with out
 * filled when it uses zip64, else 0. Bounded and safe on any input (zip64.c).
 */
int scan_zip64_probe(const void *buf, size_t len, struct scan_zip64 *out);

/*
 * libclamav: scans the open regular file fd (positioned anywhere) and sets
 * *what (caller frees) for infected and unscannable outcomes.
 */
enum scan_outcome scan_engine_scan_fd(const struct scan_engine *e, int fd, struct scan_fctx *fc,
    char **what);
/*
 * Files of this many bytes or more are scanned in a child process that is
 * killed on cancel (engine.c): libclamav cannot be stopped mid-layer.
 */
#define SCAN_CHILD_MIN (4u << 20)

/*
 * libclamav: scans the open regular file fd of size bytes through a map
 * whose reads stop at once for a cancel or the per-file time limit
 * (fc->t0, fc->max_time_ms), so a large file does not hold a cancel up.
 */
enum scan_outcome scan_engine_scan_handle(const struct scan_engine *e, int fd, uint64_t size,
    struct scan_fctx *fc, char **what);
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
