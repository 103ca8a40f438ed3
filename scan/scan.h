/*
 * scan.h: malware scanning of directories and removable media.
 *
 * Two parts, used in this order:
 *
 *  1. An engine (struct scan_engine): either libclamav with a compiled
 *     signature database held in this process, or a connection description
 *     for a clamd daemon (INSTREAM over its unix socket) when the site
 *     configuration names one. Loading a full database takes seconds and a
 *     lot of memory, so a process loads it once; a kiosk keeps it resident
 *     and calls scan_engine_reload_if_changed() between scans.
 *
 *  2. A scan (scan_run()): walks the given roots without writing to them,
 *     scans files in parallel on the one shared engine while the calling
 *     thread counts files and bytes for progress and returns a struct scan_report: infected files,
 *     unscannable entries with the reason (files over a limit, encrypted or
 *     unreadable; mounts inside a root, which are not entered; entries that
 *     changed, were replaced or vanished during the scan), skipped entries
 *     (links, FIFOs, sockets, devices: recorded, never followed), and per
 *     root an identity and a manifest (path, size, SHA-256) of every
 *     regular file.
 *
 * A file is never reported clean when it was not fully examined: anything
 * over a limit, encrypted, unreadable or failing to parse is "unscannable"
 * with a reason. libclamav's own messages go to the sink set with
 * scan_log_set(), never to the terminal.
 *
 * Nothing here prints or exits. File names are untrusted bytes: they are
 * kept as they are (NUL-terminated C strings) and made valid UTF-8 only in
 * the JSON (with a lossless "path_hex" beside them when needed); callers
 * sanitise them (text_sanitize) before any terminal sees them.
 */
#ifndef REENTRY_SCAN_H
#define REENTRY_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../util/json.h"
#include "../util/progress.h"

struct config;
struct medium;
struct scan_engine;

/* What an engine reports about itself. Strings live as long as the engine. */
struct scan_engine_info {
	const char *backend;      /* "libclamav" or "clamd" */
	const char *version;      /* engine version, e.g. "1.4.6" */
	uint64_t signatures;      /* signatures loaded (libclamav only) */
	int have_signatures;      /* 0 for clamd, which does not say */
	unsigned db_version;      /* daily/main database version, 0 when none */
	time_t db_time;           /* database build time, 0 when unknown */
	const char *db_time_from; /* "cvd" (the database header), "mtime" (newest file), "clamd" */
	const char *db_path;      /* the database loaded (libclamav), or NULL */
	const char *socket;       /* clamd socket, or NULL */
};

/*
 * Creates an engine from the site configuration: clamd when
 * cfg->clamd_socket is set, else libclamav loading db (NULL: the
 * configured clamav.database, else libclamav's default directory) with the
 * configured scan limits. progress (may be NULL) sees the phases "loading"
 * and "compiling"; returning non-zero from it abandons the load.
 * Returns 0 and *out (caller frees with scan_engine_free()), or -1 with a
 * message in err saying what is wrong and how to fix it (a missing or empty
 * database is an error, never an engine that finds nothing).
 */
int scan_engine_new(const struct config *cfg, const char *db, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen);

/*
 * For a resident engine: when any database file changed (added, removed,
 * or a different mtime, size or inode), loads the database again and swaps
 * the new engine in. Returns 1 when it reloaded, 0 when nothing changed
 * (and always for clamd, which reloads itself), -1 with err when the new
 * load failed (the old engine stays in use). Never call it while a scan on
 * e is running.
 */
int scan_engine_reload_if_changed(struct scan_engine *e, progress_fn progress, void *arg, char *err,
    size_t errlen);
/*
 * The same two, with the error also in Japanese in ja (ja_len bytes; may be
 * NULL) for a UI that speaks it (the Japanese form names no English).
 */
int scan_engine_new_l(const struct config *cfg, const char *db, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen, char *ja, size_t ja_len);
int scan_engine_reload_if_changed_l(struct scan_engine *e, progress_fn progress, void *arg,
    char *err, size_t errlen, char *ja, size_t ja_len);

/*
 * A process-wide engine for callers that keep none of their own (the checks,
 * when ctx->shared is NULL): made from cfg on first use, reused while cfg
 * names the same database, socket and limits, reloaded when its files
 * changed. *out is borrowed: valid until the next call or
 * scan_engine_shared_free(); do not free it. 0, or -1 with err. Not for use
 * while another thread scans with the shared engine.
 */
int scan_engine_shared(const struct config *cfg, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen);
void scan_engine_shared_free(void);

/* Frees e (NULL allowed). No scan may be running on it. */
void scan_engine_free(struct scan_engine *e);

/* The engine's description; valid until e is freed or reloaded. */
const struct scan_engine_info *scan_engine_info(const struct scan_engine *e);

/* {"backend","version","signatures","db_version","db_time","db_time_from","db_path","socket"}; caller frees. */
struct json *scan_engine_json(const struct scan_engine *e);

/*
 * Where libclamav's messages go (process-wide; default: counted and
 * dropped). level is "error", "warning" or "info"; file is the file being
 * scanned when the message came during a scan, else NULL. fn is called from
 * any thread, one call at a time.
 */
typedef void (*scan_log_fn)(void *arg, const char *level, const char *file, const char *msg);
void scan_log_set(scan_log_fn fn, void *arg);

/* One thing to scan: a directory or a file, with the medium it is on when known. */
struct scan_root {
	const char *path;            /* as given; followed if it is a symbolic link itself */
	const struct medium *medium; /* identity for the report, or NULL for a plain path */
};

struct scan_opts {
	int jobs;             /* worker threads; 0: cfg scan_jobs, else one per core */
	progress_fn progress; /* phases "counting", "scanning"; called from the
	                               calling thread about 10 times a second; non-zero cancels */
	void *progress_arg;
	/*
	 * When set, the manifest is not held in memory: each file's line (JSON
	 * Lines, see scan_report_json()) is written to a new file in this
	 * directory as its scan ends, and the report names the file
	 * (scan_report.manifest). Memory then grows with the findings only,
	 * never with the number of clean files. NULL: the manifest is kept in
	 * memory (struct scan_medium.files).
	 */
	const char *manifest_dir;
	/*
	 * Paths not to walk, NULL-terminated (may be NULL): an entry whose
	 * path (the root as given, "/", its path below the root) equals one of
	 * these, byte for byte and without resolving anything, is neither
	 * counted, scanned nor recorded, and the walk does not descend into it.
	 * For a caller that scans such a place as a root of its own (so no file
	 * is scanned twice) or leaves it out on purpose and says so; a root
	 * itself is never excluded. Give them in the form of the roots
	 * (absolute paths without "." or ".." components).
	 */
	const char *const *exclude;
};

/* An infected or unscannable file: path is the full path (untrusted bytes). */
struct scan_hit {
	char *path;
	char *what;      /* the signature name, or the reason it could not be scanned */
	char sha256[65]; /* of the bytes read, "" when not hashed (or not a file) */
};

/* An entry that was recorded but not scanned. */
struct scan_skip {
	char *path;
	const char *type; /* "symlink", "fifo", "socket", "char-device", "block-device", "other" */
	char *detail;     /* e.g. "-> ../x (dangling)"; untrusted bytes */
};

/* One regular file in a root's manifest. */
struct scan_file {
	char *path;      /* relative to the root ("" when the root is the file) */
	uint64_t size;   /* bytes read (the size at scan time; its size when not read) */
	char sha256[65]; /* lowercase hex, "" when the file could not be read or was not hashed */
	const char *nohash; /* why it was not hashed (static), or NULL */
};

/* One scanned root: its identity and manifest. */
struct scan_medium {
	char *path;            /* the root as given */
	struct json *identity; /* {"kind":"medium"|"directory"|"file", ...} */
	struct scan_file *files;
	size_t nfiles;
	uint64_t scanned; /* its files whose scan ended (not stopped by a cancel) */
	int complete; /* walked to the end and every file of it scanned: not cut short by a cancel */
};

struct scan_report {
	uint64_t files_scanned; /* regular files examined (clean, infected or unscannable) */
	uint64_t bytes_scanned;
	struct scan_hit *infected;
	size_t ninfected;
	struct scan_hit *unscannable;
	size_t nunscannable;
	struct scan_skip *skipped;
	size_t nskipped;
	struct scan_medium *media;
	size_t nmedia;
	char **errors; /* roots that could not be scanned at all: messages (untrusted bytes) */
	size_t nerrors;
	int cancelled; /* the progress callback asked to stop */
	int jobs;      /* worker threads used */
	double seconds;
	/*
	 * With scan_opts.manifest_dir: the manifest file, complete and synced,
	 * named manifest-SHA256.jsonl after its own SHA-256 (the file stays
	 * when the report is freed; the caller owns it). NULL when the
	 * manifest is in memory, or could not be written (then errors says so).
	 * Lines are in the order the files' scans ended, not sorted.
	 */
	char *manifest;
	char manifest_sha256[65];
	uint64_t manifest_files; /* lines */
	uint64_t manifest_bytes;
};

enum scan_verdict {
	SCAN_CLEAN,       /* every file scanned, nothing found */
	SCAN_INFECTED,    /* something was found */
	SCAN_UNSCANNABLE, /* nothing found, but something was not (fully) scanned */
	SCAN_ERROR,       /* a root could not be scanned, or the scan was cancelled */
};

/*
 * Scans n roots with e. Returns the report (caller frees with
 * scan_report_free()); lists are sorted by path so the result does not
 * depend on the number of jobs. Never fails as a whole: problems are in the
 * report (errors, unscannable).
 */
struct scan_report *scan_run(struct scan_engine *e, const struct config *cfg,
    const struct scan_root *roots, size_t n, const struct scan_opts *opts);
void scan_report_free(struct scan_report *r);

/* Infected wins over error, error over unscannable (see the enum). */
enum scan_verdict scan_report_verdict(const struct scan_report *r);

/*
 * The report as JSON: engine, files_scanned, bytes_scanned, infected
 * [{path, signature[, sha256]}], unscannable [{path, reason, reason_ja[, sha256]}] (reason_ja:
 * the reason in Japanese, scan_reason_ja()), skipped [{path, type,
 * detail}], errors, media [{path, identity, files, manifest [{path, size, sha256}]}].
 * Every "path" is valid UTF-8 (invalid bytes as U+FFFD) with a "path_hex"
 * of the exact bytes beside it when they were not. manifest 0 leaves the
 * manifests out. A streamed manifest (r->manifest) is named instead:
 * "manifest": {file (its base name), sha256, files, bytes}. Caller frees.
 *
 * A streamed manifest line is one compact JSON object: {root, path, size,
 * sha256 (null when not hashed), result ("clean", "infected",
 * "unscannable")[, not_hashed][, root_hex][, path_hex]}; root is the root
 * as given, path relative to it.
 */
struct json *scan_report_json(const struct scan_report *r, const struct scan_engine *e, int manifest);

/*
 * The Japanese form of a reason the scan gave in English (an unscannable
 * file's "reason", an entry of "errors"), from the catalogue in reason.c;
 * never NULL, caller frees. A reason missing from the catalogue comes back
 * saying so, with the English kept. scan_reason_known() says whether en is
 * in the catalogue (for the tests).
 */
char *scan_reason_ja(const char *en);
int scan_reason_known(const char *en);

/* Sets key (and key_hex when s is not valid UTF-8) in o. */
void scan_json_set_path(struct json *o, const char *key, const char *s);

/*
 * The signature database loaded in the background (loader.c), so a UI
 * never waits for it. Call order: start -> (status | acquire ... release |
 * reload)* -> free. cfg must outlive the loader.
 */
struct scan_loader;
/* Starts loading at once and returns. */
struct scan_loader *scan_loader_start(const struct config *cfg);
/* Waits for the load; the engine, or NULL when it failed. Pair with release. */
struct scan_engine *scan_loader_acquire(struct scan_loader *l);
void scan_loader_release(struct scan_loader *l);
/* Reloads in the background when the database changed (not while acquired). */
void scan_loader_reload(struct scan_loader *l);
/* One line describing the load or the loaded database, in Japanese when ja. */
void scan_loader_status(struct scan_loader *l, int ja, char *buf, size_t len);
/* What a loader holds now (scan_loader_peek()). */
enum scan_loader_state {
	SCAN_LOADER_LOADING, /* first load or a reload under way */
	SCAN_LOADER_READY,
	SCAN_LOADER_FAILED, /* error says why (missing or empty database, ...) */
};
struct scan_loader_view {
	enum scan_loader_state state;
	uint64_t signatures; /* when ready and have_signatures */
	int have_signatures;
	time_t db_time; /* database build time when ready, 0 when unknown */
	char error[512];
};
/* Fills v with the loader's state; safe while a load runs. */
void scan_loader_peek(struct scan_loader *l, struct scan_loader_view *v);
/* Stops a load, joins and frees; accepts NULL. */
void scan_loader_free(struct scan_loader *l);

#endif
