/*
 * engine.c: the scanning engine: libclamav with a compiled signature
 * database, or a description of a clamd daemon to stream files to.
 *
 * libclamav is initialised once per process. Its messages are routed to the
 * sink set with scan_log_set(), never to the terminal. The database files
 * are remembered (name, inode, size, mtime) so a resident engine can be
 * reloaded when they change.
 *
 * Stopping a large file at once: libclamav looks at its cancel hooks only
 * between layers (the pre-scan callback) and when it reads through a
 * handle map, but a pass over pages it already holds, or over a temporary
 * file it extracted, runs to its end without asking (tens of seconds for a
 * 2 GB file). So a file of SCAN_CHILD_MIN bytes or more is scanned in a
 * child process: fork() without exec, so the child shares the compiled
 * engine and the bytes already read copy-on-write and loads nothing. The
 * child scans, writes its outcome to a pipe and leaves with _exit(); the
 * parent waits on the pipe 50 ms at a time and kills the child (SIGKILL)
 * as soon as the scan is cancelled or over its time limit. A child that
 * dies without an answer makes the file unscannable, never clean.
 */
#include "scan_int.h"

#include <clamav.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive_dl.h"
#include "clamav_dl.h"
#include "../config/config.h"
#include "../util/timefmt.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

static pthread_once_t cl_once = PTHREAD_ONCE_INIT;
static cl_error_t cl_init_rc;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static scan_log_fn log_fn;
static void *log_arg;

/*
 * libclamav's functions, for code that runs only once scan_engine_new() has
 * loaded the library (it made the engine, or it is the one-time setup).
 */
static const struct clamav_dl *
lc(void)
{
	const struct clamav_dl *t = clamav_dl(NULL, 0, NULL, 0);

	if (t == NULL)
		fatal("libclamav used before it was loaded");
	return t;
}

/* libclamav's message callback: to our sink, with the file being scanned. */
static void
clmsg(enum cl_msg severity, const char *fullmsg, const char *msg, void *context)
{
	const struct scan_fctx *fc = context;
	const char *level = severity >= CL_MSG_ERROR ? "error" :
	    severity >= CL_MSG_WARN                  ? "warning" :
	                                               "info";
	char *m;
	size_t len;

	(void)fullmsg;
	if (msg == NULL)
		return;
	m = xstrdup(msg);
	len = strlen(m);
	while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == '\r'))
		m[--len] = '\0';
	pthread_mutex_lock(&log_lock);
	if (log_fn != NULL)
		log_fn(log_arg, level, fc != NULL ? fc->path : NULL, m);
	pthread_mutex_unlock(&log_lock);
	free(m);
}

void
scan_log_set(scan_log_fn fn, void *arg)
{
	pthread_mutex_lock(&log_lock);
	log_fn = fn;
	log_arg = arg;
	pthread_mutex_unlock(&log_lock);
}

/* fork() while another thread holds the log lock would leave it held in the child: take it around fork. */
static void
log_lock_prepare(void)
{
	pthread_mutex_lock(&log_lock);
}

static void
log_lock_after(void)
{
	pthread_mutex_unlock(&log_lock);
}

static void
cl_init_once(void)
{
	pthread_atfork(log_lock_prepare, log_lock_after, log_lock_after);
	lc()->cl_set_clcb_msg(clmsg);
	cl_init_rc = lc()->cl_init(CL_INIT_DEFAULT);
}

/* Passes libclamav's load and compile progress to a progress_fn. */
struct load_progress {
	progress_fn fn;
	void *arg;
	const char *phase, *phase_ja;
	const char *db;
};

static cl_error_t
load_progress_cb(size_t total, size_t done, void *context)
{
	struct load_progress *lp = context;
	struct progress p = { 0 };

	if (lp == NULL || lp->fn == NULL)
		return CL_SUCCESS;
	p.phase = lp->phase;
	p.phase_ja = lp->phase_ja;
	p.items_done = done;
	p.items_total = total;
	p.eta = -1;
	p.current = lp->db;
	return lp->fn(lp->arg, &p) != 0 ? CL_BREAK : CL_SUCCESS;
}

static int
dbfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct scan_dbfile *)a)->name, ((const struct scan_dbfile *)b)->name);
}

static void
dbfiles_free(struct scan_dbfile *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * Snapshots the database files at path (a directory's visible entries, or
 * the file itself). Returns 0, or -1 with errno set when path is missing.
 */
static int
dbfiles_snap(const char *path, struct scan_dbfile **out, size_t *n)
{
	struct stat st;
	struct scan_dbfile *v = NULL;
	size_t cnt = 0, cap = 0;
	DIR *d;
	struct dirent *de;

	*out = NULL;
	*n = 0;
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		v = xcalloc(1, sizeof *v);
		v->name = xstrdup(path);
		v->dev = st.st_dev;
		v->ino = st.st_ino;
		v->size = st.st_size;
		v->mtime = st.st_mtim;
		*out = v;
		*n = 1;
		return 0;
	}
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char *full;

		if (de->d_name[0] == '.')
			continue;
		full = xasprintf("%s/%s", path, de->d_name);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (cnt == cap) {
				cap = cap ? cap * 2 : 16;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[cnt].name = full;
			v[cnt].dev = st.st_dev;
			v[cnt].ino = st.st_ino;
			v[cnt].size = st.st_size;
			v[cnt].mtime = st.st_mtim;
			cnt++;
		} else
			free(full);
	}
	closedir(d);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, dbfile_cmp);
	*out = v;
	*n = cnt;
	return 0;
}

/* Whether two snapshots differ. */
static int
dbfiles_differ(const struct scan_dbfile *a, size_t na, const struct scan_dbfile *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 1;
	for (i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name) != 0 || a[i].dev != b[i].dev ||
		    a[i].ino != b[i].ino || a[i].size != b[i].size ||
		    a[i].mtime.tv_sec != b[i].mtime.tv_sec || a[i].mtime.tv_nsec != b[i].mtime.tv_nsec)
			return 1;
	return 0;
}

/* Reads the header of the first of daily/main .cvd/.cld that exists (or of path itself). */
static int
cvd_head(const char *path, int isdir, unsigned *ver, time_t *t)
{
	static const char *const names[] = { "daily.cld", "daily.cvd", "main.cld", "main.cvd", NULL };
	struct cl_cvd *cvd = NULL;
	size_t i;

	if (!isdir) {
		size_t len = strlen(path);

		if (len > 4 &&
		    (strcmp(path + len - 4, ".cvd") == 0 || strcmp(path + len - 4, ".cld") == 0))
			cvd = lc()->cl_cvdhead(path);
	}
	for (i = 0; isdir && cvd == NULL && names[i] != NULL; i++) {
		char *f = xasprintf("%s/%s", path, names[i]);

		if (access(f, R_OK) == 0)
			cvd = lc()->cl_cvdhead(f);
		free(f);
	}
	if (cvd == NULL)
		return -1;
	*ver = cvd->version;
	*t = (time_t)cvd->stime;
	lc()->cl_cvdfree(cvd);
	return 0;
}

static cl_error_t pre_scan_cb(int fd, const char *type, void *context);
static void virus_found_cb(int fd, const char *virname, void *context);
static cl_error_t meta_cb(const char *container_type, unsigned long fsize_container, const char *filename,
    unsigned long fsize_real, int is_encrypted, unsigned int filepos_container, void *context);
static cl_error_t inspect_cb(int fd, const char *type, const char **ancestors,
    size_t parent_file_size, const char *file_name, size_t file_size, const char *file_buffer,
    uint32_t recursion_level, uint32_t layer_attributes, void *context);

/* Writes the Japanese form of an error into ja (ja_len bytes) when the caller asked for one. */
static void err_ja(char *ja, size_t ja_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
err_ja(char *ja, size_t ja_len, const char *fmt, ...)
{
	va_list ap;

	if (ja == NULL || ja_len == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(ja, ja_len, fmt, ap);
	va_end(ap);
}

/* Sets one engine limit; 0 or -1 with err. */
static int
set_limit(struct cl_engine *cl, enum cl_engine_field f, long long v, const char *name, char *err,
    size_t errlen)
{
	cl_error_t rc = lc()->cl_engine_set_num(cl, f, v);

	if (rc != CL_SUCCESS) {
		xsnprintf(err, errlen, "cannot set the scan limit %s to %lld: %s", name, v,
		    lc()->cl_strerror(rc));
		return -1;
	}
	return 0;
}

/*
 * Loads and compiles the database at e->db_path into a new cl_engine and
 * fills the database facts. On failure returns -1 with err and leaves e's
 * engine untouched.
 */
static int
engine_load(struct scan_engine *e, progress_fn progress, void *arg, struct cl_engine **out,
    struct scan_dbfile **files, size_t *nfiles, uint64_t *sigs_out, unsigned *dbver, time_t *dbtime,
    const char **dbfrom, char *err, size_t errlen, char *ja, size_t ja_len)
{
	struct load_progress lp = { .fn = progress,
		.arg = arg,
		.phase = "loading",
		.phase_ja = "シグネチャを読み込んでいます",
		.db = e->db_path };
	struct cl_engine *cl = NULL;
	unsigned int sigs = 0;
	struct stat st;
	cl_error_t rc;
	int errn;
	size_t i;

	*files = NULL;
	*nfiles = 0;
	if (dbfiles_snap(e->db_path, files, nfiles) < 0) {
		errn = errno;
		xsnprintf(err, errlen,
		    "signature database %s: %s; install the clamav-freshclam package and run "
		    "freshclam, or name a database with --db or clamav.database in the configuration",
		    e->db_path, strerror(errn));
		err_ja(ja, ja_len,
		    "シグネチャデータベース %s を読めません。clamav-freshclam パッケージを入れて "
		    "freshclam を実行するか、--db または設定の clamav.database でデータベースを指定してください",
		    e->db_path);
		return -1;
	}
	if (*nfiles == 0) {
		xsnprintf(err, errlen,
		    "signature database %s is empty; run freshclam (package clamav-freshclam) to "
		    "download the signatures, or name a database with --db or clamav.database",
		    e->db_path);
		err_ja(ja, ja_len,
		    "シグネチャデータベース %s が空です。freshclam（clamav-freshclam パッケージ）で"
		    "シグネチャを取得するか、--db または clamav.database で別のデータベースを指定してください",
		    e->db_path);
		goto err;
	}
	if ((cl = lc()->cl_engine_new()) == NULL) {
		xsnprintf(err, errlen, "cannot create a libclamav engine (out of memory?)");
		err_ja(ja, ja_len, "libclamav のエンジンを作れません（メモリ不足の可能性があります）");
		goto err;
	}
	if (set_limit(cl, CL_ENGINE_MAX_FILESIZE, e->max_filesize, "max file size", err, errlen) < 0 ||
	    set_limit(cl, CL_ENGINE_MAX_SCANSIZE, e->max_scansize, "max scan size", err, errlen) < 0 ||
	    set_limit(cl, CL_ENGINE_MAX_FILES, e->max_files, "max files", err, errlen) < 0 ||
	    set_limit(cl, CL_ENGINE_MAX_RECURSION, e->max_recursion, "max recursion", err, errlen) < 0 ||
	    set_limit(cl, CL_ENGINE_MAX_SCANTIME, e->max_time_ms, "max scan time", err, errlen) < 0) {
		err_ja(ja, ja_len, "スキャンの上限（設定の scan: の値）を libclamav に設定できません");
		goto err;
	}
	lc()->cl_engine_set_clcb_sigload_progress(cl, load_progress_cb, &lp);
	lc()->cl_engine_set_clcb_engine_compile_progress(cl, load_progress_cb, &lp);
	if ((rc = lc()->cl_load(e->db_path, cl, &sigs, CL_DB_STDOPT)) != CL_SUCCESS) {
		xsnprintf(err, errlen, "cannot load the signature database %s: %s%s", e->db_path,
		    lc()->cl_strerror(rc),
		    rc == CL_BREAK ?
		        " (cancelled)" :
		        "; run freshclam to repair it, or name another with --db or clamav.database");
		err_ja(ja, ja_len,
		    rc == CL_BREAK ?
		        "シグネチャデータベース %s の読み込みを中止しました" :
		        "シグネチャデータベース %s を読み込めません。freshclam で修復するか、"
		        "--db または clamav.database で別のデータベースを指定してください",
		    e->db_path);
		goto err;
	}
	if (sigs == 0) {
		xsnprintf(err, errlen,
		    "signature database %s holds no signatures; run freshclam (package "
		    "clamav-freshclam), or name a database with --db or clamav.database",
		    e->db_path);
		err_ja(ja, ja_len,
		    "シグネチャデータベース %s にシグネチャがありません。freshclam（clamav-freshclam "
		    "パッケージ）を実行するか、--db または clamav.database で別のデータベースを指定してください",
		    e->db_path);
		goto err;
	}
	lp.phase = "compiling";
	lp.phase_ja = "シグネチャを組み立てています";
	if ((rc = lc()->cl_engine_compile(cl)) != CL_SUCCESS) {
		xsnprintf(err, errlen, "cannot compile the signature database %s: %s", e->db_path,
		    lc()->cl_strerror(rc));
		err_ja(ja, ja_len, "シグネチャデータベース %s をコンパイルできません", e->db_path);
		goto err;
	}
	lc()->cl_engine_set_clcb_sigload_progress(cl, NULL, NULL);
	lc()->cl_engine_set_clcb_engine_compile_progress(cl, NULL, NULL);
	lc()->cl_engine_set_clcb_pre_scan(cl, pre_scan_cb);
	lc()->cl_engine_set_clcb_virus_found(cl, virus_found_cb);
	lc()->cl_engine_set_clcb_meta(cl, meta_cb);
	lc()->cl_engine_set_clcb_file_inspection(cl, inspect_cb);
	*sigs_out = sigs;
	*dbver = (unsigned)lc()->cl_engine_get_num(cl, CL_ENGINE_DB_VERSION, NULL);
	*dbtime = (time_t)lc()->cl_engine_get_num(cl, CL_ENGINE_DB_TIME, NULL);
	*dbfrom = "cvd";
	if ((*dbver == 0 || *dbtime == 0) && stat(e->db_path, &st) == 0 &&
	    cvd_head(e->db_path, S_ISDIR(st.st_mode), dbver, dbtime) == 0)
		*dbfrom = "cvd";
	if (*dbtime == 0) {
		/* hand-made databases have no header: the newest file is the best we know */
		for (i = 0; i < *nfiles; i++)
			if ((*files)[i].mtime.tv_sec > *dbtime)
				*dbtime = (*files)[i].mtime.tv_sec;
		*dbfrom = "mtime";
	}
	*out = cl;
	return 0;
err:
	if (cl != NULL)
		lc()->cl_engine_free(cl);
	dbfiles_free(*files, *nfiles);
	*files = NULL;
	*nfiles = 0;
	return -1;
}

/* Points the public info at the engine's current facts. */
static void
info_refresh(struct scan_engine *e)
{
	e->info.version = e->version;
	e->info.db_path = e->db_path;
	e->info.socket = e->socket;
}

int
scan_engine_new(const struct config *cfg, const char *db, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen)
{
	return scan_engine_new_l(cfg, db, progress, arg, out, err, errlen, NULL, 0);
}

int
scan_engine_new_l(const struct config *cfg, const char *db, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen, char *ja, size_t ja_len)
{
	struct scan_engine *e = xcalloc(1, sizeof *e);

	*out = NULL;
	e->max_filesize = cfg->scan_max_filesize;
	e->max_scansize = cfg->scan_max_scansize;
	e->max_files = cfg->scan_max_files;
	e->max_recursion = cfg->scan_max_recursion;
	e->max_time_ms = cfg->scan_max_time_ms;
	if (cfg->clamd_socket != NULL && db == NULL) {
		e->is_clamd = 1;
		e->socket = xstrdup(cfg->clamd_socket);
		e->info.backend = "clamd";
		e->info.db_time_from = "clamd";
		if (scan_clamd_version(e->socket, &e->version, &e->info.db_version,
		        &e->info.db_time, err, errlen) < 0) {
			err_ja(ja, ja_len, "clamd（%s）に問い合わせできません", e->socket);
			goto err;
		}
		info_refresh(e);
		*out = e;
		return 0;
	}
	/* the library is opened here, on first use (clamav_dl.h), not at start */
	if (clamav_dl(err, errlen, ja, ja_len) == NULL)
		goto err;
	/*
	 * libarchive too (zip64 archives, unpack.c), though only a zip64 archive
	 * needs it: a large file is scanned in a child made by fork() without
	 * exec, which should find its libraries loaded rather than dlopen() one
	 * itself. When it cannot be loaded, unpack.c says why for that archive.
	 */
	(void)archive_dl(NULL, 0, NULL, 0);
	pthread_once(&cl_once, cl_init_once);
	if (cl_init_rc != CL_SUCCESS) {
		xsnprintf(err, errlen, "cannot initialise libclamav: %s", lc()->cl_strerror(cl_init_rc));
		err_ja(ja, ja_len, "libclamav を初期化できません");
		goto err;
	}
	e->info.backend = "libclamav";
	e->version = xstrdup(lc()->cl_retver());
	e->db_path = xstrdup(db != NULL      ? db :
	        cfg->clamav_database != NULL ? cfg->clamav_database :
	                                       lc()->cl_retdbdir());
	if (engine_load(e, progress, arg, &e->cl, &e->dbfiles, &e->ndbfiles, &e->info.signatures,
	        &e->info.db_version, &e->info.db_time, &e->info.db_time_from, err, errlen, ja, ja_len) < 0)
		goto err;
	e->info.have_signatures = 1;
	info_refresh(e);
	*out = e;
	return 0;
err:
	scan_engine_free(e);
	return -1;
}

int
scan_engine_reload_if_changed(struct scan_engine *e, progress_fn progress, void *arg, char *err,
    size_t errlen)
{
	return scan_engine_reload_if_changed_l(e, progress, arg, err, errlen, NULL, 0);
}

int
scan_engine_reload_if_changed_l(struct scan_engine *e, progress_fn progress, void *arg, char *err,
    size_t errlen, char *ja, size_t ja_len)
{
	struct scan_dbfile *now, *files;
	size_t nnow, nfiles;
	struct cl_engine *cl;
	uint64_t sigs;
	unsigned ver;
	time_t t;
	const char *from;
	int changed;

	if (e->is_clamd)
		return 0;
	if (dbfiles_snap(e->db_path, &now, &nnow) < 0)
		changed = 1;
	else {
		changed = dbfiles_differ(now, nnow, e->dbfiles, e->ndbfiles);
		dbfiles_free(now, nnow);
	}
	if (!changed)
		return 0;
	if (engine_load(e, progress, arg, &cl, &files, &nfiles, &sigs, &ver, &t, &from, err, errlen,
	        ja, ja_len) < 0)
		return -1;
	lc()->cl_engine_free(e->cl);
	dbfiles_free(e->dbfiles, e->ndbfiles);
	e->cl = cl;
	e->dbfiles = files;
	e->ndbfiles = nfiles;
	e->info.signatures = sigs;
	e->info.db_version = ver;
	e->info.db_time = t;
	e->info.db_time_from = from;
	info_refresh(e);
	return 1;
}

void
scan_engine_free(struct scan_engine *e)
{
	if (e == NULL)
		return;
	if (e->cl != NULL)
		lc()->cl_engine_free(e->cl);
	dbfiles_free(e->dbfiles, e->ndbfiles);
	free(e->version);
	free(e->db_path);
	free(e->socket);
	free(e);
}

/* The process-wide engine of scan_engine_shared(), and what it was made from. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct scan_engine *shared_engine;

/* Whether e was made from cfg (same backend, database, socket and limits). */
static int
engine_matches(const struct scan_engine *e, const struct config *cfg)
{
	if (e->max_filesize != cfg->scan_max_filesize ||
	    e->max_scansize != cfg->scan_max_scansize || e->max_files != cfg->scan_max_files ||
	    e->max_recursion != cfg->scan_max_recursion || e->max_time_ms != cfg->scan_max_time_ms)
		return 0;
	if (cfg->clamd_socket != NULL)
		return e->is_clamd && strcmp(e->socket, cfg->clamd_socket) == 0;
	if (e->is_clamd)
		return 0;
	return strcmp(e->db_path,
	           cfg->clamav_database != NULL ? cfg->clamav_database : lc()->cl_retdbdir()) == 0;
}

int
scan_engine_shared(const struct config *cfg, progress_fn progress, void *arg,
    struct scan_engine **out, char *err, size_t errlen)
{
	int rc = 0;

	pthread_mutex_lock(&shared_lock);
	if (shared_engine != NULL && !engine_matches(shared_engine, cfg)) {
		scan_engine_free(shared_engine);
		shared_engine = NULL;
	}
	if (shared_engine == NULL) {
		static int registered;

		/* freed at exit, so leak checkers see libclamav's pools released */
		if (!registered && atexit(scan_engine_shared_free) == 0)
			registered = 1;
		rc = scan_engine_new(cfg, NULL, progress, arg, &shared_engine, err, errlen);
	} else if (scan_engine_reload_if_changed(shared_engine, progress, arg, err, errlen) < 0) {
		/* the database broke since it was loaded: do not go on with the old one silently */
		scan_engine_free(shared_engine);
		shared_engine = NULL;
		rc = -1;
	}
	*out = shared_engine;
	pthread_mutex_unlock(&shared_lock);
	return rc;
}

void
scan_engine_shared_free(void)
{
	pthread_mutex_lock(&shared_lock);
	scan_engine_free(shared_engine);
	shared_engine = NULL;
	pthread_mutex_unlock(&shared_lock);
}

const struct scan_engine_info *
scan_engine_info(const struct scan_engine *e)
{
	return &e->info;
}

struct json *
scan_engine_json(const struct scan_engine *e)
{
	struct json *o = json_object();
	char t[TIME_ISO_LEN];

	json_obj_set(o, "backend", json_str(e->info.backend));
	json_obj_set(o, "version", json_str(e->info.version));
	json_obj_set(o, "signatures",
	    e->info.have_signatures ? json_int((int64_t)e->info.signatures) : json_null());
	json_obj_set(o, "db_version", e->info.db_version ? json_int(e->info.db_version) : json_null());
	if (e->info.db_time != 0 && (time_iso_utc(e->info.db_time, t), t[0] != '\0'))
		json_obj_set(o, "db_time", json_str(t));
	else
		json_obj_set(o, "db_time", json_null());
	json_obj_set(o, "db_time_from", json_str(e->info.db_time_from));
	if (e->info.db_path != NULL)
		json_obj_set(o, "db_path", json_str(e->info.db_path));
	if (e->info.socket != NULL)
		json_obj_set(o, "socket", json_str(e->info.socket));
	return o;
}

/* Stops a scan early when the caller cancelled: called by libclamav before each layer. */
static cl_error_t
pre_scan_cb(int fd, const char *type, void *context)
{
	const struct scan_fctx *fc = context;

	(void)fd;
	(void)type;
	if (fc != NULL && fc->cancel != NULL && atomic_load(fc->cancel))
		return CL_BREAK;
	return CL_SUCCESS;
}

/* Keeps the name libclamav reports (some alerts come back without a name from the scan call). */
static void
virus_found_cb(int fd, const char *virname, void *context)
{
	struct scan_fctx *fc = context;

	(void)fd;
	if (fc == NULL || virname == NULL)
		return;
	free(fc->virname);
	fc->virname = xstrdup(virname);
}

/*
 * Archive members: libclamav cuts a zip member larger than the file size
 * limit to the limit and scans only that part, without an alert. We notice
 * from the member's declared size and make the file unscannable. The size
 * 0xFFFFFFFF is zip64's placeholder, not a size: libclamav did not read the
 * real one (inspect_cb names the archive zip64 with the real sizes).
 */
static cl_error_t
meta_cb(const char *container_type, unsigned long fsize_container, const char *filename,
    unsigned long fsize_real, int is_encrypted, unsigned int filepos_container, void *context)
{
	struct scan_fctx *fc = context;

	(void)container_type;
	(void)fsize_container;
	(void)is_encrypted;
	(void)filepos_container;
	if (fc == NULL || fc->limit_note != NULL)
		return CL_CLEAN;
	if (fsize_real == 0xFFFFFFFFul && fc->unpacked > 0)
		return CL_CLEAN; /* a member of a zip64 archive unpack.c opened and scanned */
	if (fsize_real == 0xFFFFFFFFul) {
		fc->limit_note = xasprintf("archive member '%s' carries zip64's size placeholder "
		                           "(4294967295): the engine (libclamav %s) does not read "
		                           "zip64 sizes, so the member was not scanned",
		    filename != NULL ? filename : "?", lc()->cl_retver());
		return CL_CLEAN;
	}
	if (fc->max_filesize <= 0 || (long long)fsize_real <= fc->max_filesize)
		return CL_CLEAN;
	fc->limit_note = xasprintf("archive member '%s' (%lu bytes) is larger than the file size "
	                           "limit; only its first part was scanned",
	    filename != NULL ? filename : "?", fsize_real);
	return CL_CLEAN;
}

/*
 * Called for every layer before it is scanned. A zip layer that uses zip64
 * is one libclamav cannot look inside: the file is unscannable, with the
 * members' real sizes from the zip64 fields. Embedded files extracted to
 * exactly the size limit were cut short: unscannable too.
 */
static cl_error_t
inspect_cb(int fd, const char *type, const char **ancestors, size_t parent_file_size,
    const char *file_name, size_t file_size, const char *file_buffer, uint32_t recursion_level,
    uint32_t layer_attributes, void *context)
{
	struct scan_fctx *fc = context;
	struct scan_zip64 z;

	(void)fd;
	(void)ancestors;
	(void)parent_file_size;
	(void)layer_attributes;
	if (fc == NULL || fc->limit_note != NULL)
		return CL_CLEAN;
	if (type != NULL && strncmp(type, "CL_TYPE_ZIP", 11) == 0 && file_buffer != NULL &&
	    scan_zip64_probe(file_buffer, file_size, &z)) {
		char size[32];

		if (fc->engine != NULL) {
			/* libarchive reads zip64: each member goes to libclamav (unpack.c) */
			scan_unpack_zip(fc->engine, file_buffer, file_size, fc);
			fc->unpacked++;
			return CL_CLEAN;
		}
		if (z.first_size == UINT64_MAX)
			xsnprintf(size, sizeof size, "size unknown");
		else
			xsnprintf(size, sizeof size, "%llu bytes", (unsigned long long)z.first_size);
		fc->limit_note = xasprintf("%s is a zip64 archive, which the engine (libclamav %s) "
		                           "cannot look inside: %llu of its %llu members were not "
		                           "scanned (the first: '%s', %s)",
		    recursion_level == 0 ? "it" : "a member inside it", lc()->cl_retver(),
		    (unsigned long long)(z.members64 ? z.members64 : z.members),
		    (unsigned long long)z.members, z.first[0] ? z.first : "?", size);
		return CL_CLEAN;
	}
	if (recursion_level == 0 || fc->max_filesize <= 0 || (long long)file_size < fc->max_filesize)
		return CL_CLEAN;
	fc->limit_note = xasprintf("embedded file '%s' reached the file size limit (%zu bytes) "
	                           "and was cut; the rest was not scanned",
	    file_name != NULL ? file_name : "?", file_size);
	return CL_CLEAN;
}

/* A readable reason for a limit that was exceeded, from the heuristic's name. */
static char *
limit_reason(const char *limit, const char *virname)
{
	static const struct {
		const char *name, *reason;
	} reasons[] = {
		{ "MaxFileSize", "larger than the file size limit" },
		{ "MaxScanSize", "more data inside than the scan size limit" },
		{ "MaxFiles", "more files inside than the file count limit" },
		{ "MaxRecursion", "archives nested deeper than the recursion limit" },
		{ "MaxScanTime", "scanning took longer than the time limit" },
	};
	size_t i;

	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (strncmp(limit, reasons[i].name, strlen(reasons[i].name)) == 0)
			return xasprintf("%s (%s)", reasons[i].reason, virname);
	return xasprintf("a scan limit was exceeded (%s)", virname);
}

enum scan_outcome
scan_classify_name(const char *virname, char **what)
{
	static const char limits[] = "Heuristics.Limits.Exceeded.";
	static const char enc[] = "Heuristics.Encrypted.";

	if (strncmp(virname, limits, sizeof limits - 1) == 0) {
		*what = limit_reason(virname + sizeof limits - 1, virname);
		return SCAN_OUT_UNSCANNABLE;
	}
	if (strncmp(virname, enc, sizeof enc - 1) == 0) {
		*what = xasprintf("encrypted, its contents cannot be scanned (%s)", virname);
		return SCAN_OUT_UNSCANNABLE;
	}
	*what = xstrdup(virname);
	return SCAN_OUT_INFECTED;
}

/* The scan options: every parser, the general heuristics clamscan uses by
 * default, plus alerts for what we could not look into: encrypted content and
 * exceeded limits (clamscan's --alert-encrypted and --alert-exceeds-max). */
void
scan_engine_options(struct cl_scan_options *so)
{
	memset(so, 0, sizeof *so);
	so->parse = ~0u;
	so->general = CL_SCAN_GENERAL_HEURISTICS;
	so->heuristic = CL_SCAN_HEURISTIC_ENCRYPTED_ARCHIVE | CL_SCAN_HEURISTIC_ENCRYPTED_DOC |
	    CL_SCAN_HEURISTIC_EXCEEDS_MAX;
}

/* Turns what libclamav returned for one file into an outcome. */
enum scan_outcome
scan_engine_outcome(int rc, const char *virname, struct scan_fctx *fc, char **what)
{
	switch ((cl_error_t)rc) {
	case CL_CLEAN:
		if (fc->cancel != NULL && atomic_load(fc->cancel))
			return SCAN_OUT_CANCELLED;
		if (fc->inner_virname != NULL) {
			/* found inside an archive reentry opened itself (unpack.c) */
			*what = xstrdup(fc->inner_virname);
			return SCAN_OUT_INFECTED;
		}
		if (fc->limit_note != NULL) {
			*what = xstrdup(fc->limit_note);
			return SCAN_OUT_UNSCANNABLE;
		}
		return SCAN_OUT_CLEAN;
	case CL_VIRUS:
		if (virname == NULL)
			virname = fc->virname;
		return scan_classify_name(virname != NULL ? virname : "unnamed", what);
	case CL_BREAK: return SCAN_OUT_CANCELLED;
	case CL_ETIMEOUT:
		*what = xstrdup("scanning took longer than the time limit");
		return SCAN_OUT_UNSCANNABLE;
	case CL_EMAXSIZE:
	case CL_EMAXFILES:
	case CL_EMAXREC:
		*what = xasprintf("a scan limit was exceeded (%s)", lc()->cl_strerror(rc));
		return SCAN_OUT_UNSCANNABLE;
	default:
		*what = xasprintf("libclamav could not scan it: %s", lc()->cl_strerror(rc));
		return SCAN_OUT_UNSCANNABLE;
	}
}

enum scan_outcome
scan_engine_scan_fd(const struct scan_engine *e, int fd, struct scan_fctx *fc, char **what)
{
	struct cl_scan_options so;
	const char *virname = NULL;
	unsigned long scanned = 0;
	cl_error_t rc;

	*what = NULL;
	scan_engine_options(&so);
	if (lseek(fd, 0, SEEK_SET) < 0) {
		*what = xasprintf("cannot rewind the file: %s", strerror(errno));
		return SCAN_OUT_UNSCANNABLE;
	}
	rc = lc()->cl_scandesc_callback(fd, fc->path, &virname, &scanned, e->cl, &so, fc);
	return scan_engine_outcome(rc, virname, fc, what);
}

/* Milliseconds since t0. */
static long long
ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The map's reads: pread, unless the scan was cancelled or is over its time. */
static off_t
handle_pread(void *handle, void *buf, size_t count, off_t offset)
{
	struct scan_fctx *fc = handle;
	ssize_t n;

	if (fc->cancel != NULL && atomic_load(fc->cancel)) {
		fc->stopped = ECANCELED;
		errno = ECANCELED;
		return -1;
	}
	if (fc->max_time_ms > 0 && ms_since(&fc->t0) > fc->max_time_ms) {
		fc->stopped = ETIMEDOUT;
		errno = ETIMEDOUT;
		return -1;
	}
	do
		n = pread(fc->fd, buf, count, offset);
	while (n < 0 && errno == EINTR);
	if (n < 0 && fc->stopped == 0)
		fc->stopped = errno; /* a pulled medium, an I/O error: never read as an end */
	return (off_t)n;
}

/* The scan of scan_engine_scan_handle() in this process. */
static enum scan_outcome
scan_handle_here(const struct scan_engine *e, int fd, uint64_t size, struct scan_fctx *fc, char **what)
{
	struct cl_scan_options so;
	const char *virname = NULL;
	unsigned long scanned = 0;
	cl_fmap_t *map;
	cl_error_t rc;

	*what = NULL;
	fc->fd = fd;
	fc->stopped = 0;
	if (size == 0 || (map = lc()->cl_fmap_open_handle(fc, 0, (size_t)size, handle_pread, 1)) == NULL)
		return scan_engine_scan_fd(e, fd, fc, what);
	scan_engine_options(&so);
	rc = lc()->cl_scanmap_callback(map, fc->path, &virname, &scanned, e->cl, &so, fc);
	lc()->cl_fmap_close(map);
	if (fc->stopped == ECANCELED)
		return SCAN_OUT_CANCELLED;
	if (fc->stopped == ETIMEDOUT && rc != CL_VIRUS) {
		*what = xasprintf("scanning took longer than the time limit (%lld ms)", fc->max_time_ms);
		return SCAN_OUT_UNSCANNABLE;
	}
	if (fc->stopped != 0 && rc != CL_VIRUS) {
		*what = xasprintf("read error: %s", strerror(fc->stopped));
		return SCAN_OUT_UNSCANNABLE;
	}
	return scan_engine_outcome(rc, virname, fc, what);
}

/* The scan of scan_engine_scan_mem() in this process. */
static enum scan_outcome
scan_mem_here(const struct scan_engine *e, int fd, const void *data, size_t len,
    struct scan_fctx *fc, char **what)
{
	struct cl_scan_options so;
	const char *virname = NULL;
	unsigned long scanned = 0;
	cl_fmap_t *map;
	cl_error_t rc;

	*what = NULL;
	/* an empty file has nothing to map; libclamav's descriptor path handles it */
	if (len == 0 || (map = lc()->cl_fmap_open_memory(data, len)) == NULL)
		return scan_engine_scan_fd(e, fd, fc, what);
	scan_engine_options(&so);
	rc = lc()->cl_scanmap_callback(map, fc->path, &virname, &scanned, e->cl, &so, fc);
	lc()->cl_fmap_close(map);
	return scan_engine_outcome(rc, virname, fc, what);
}

/* Writes all of buf to fd; 0 or -1. */
static int
child_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* What the child writes: the outcome, then the length and bytes of what (no NUL). */
struct child_answer {
	int32_t out;
	uint32_t len;
};

/* nftw() callback: removes one entry of a child's temporary directory. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT ? -1 : 0;
}

/*
 * A temporary directory of the child's own, where libclamav puts what it
 * extracts: a child killed on cancel cannot clean up after itself, so the
 * parent removes the directory once the child has ended. NULL when none
 * could be made (the child then uses libclamav's default). Caller frees.
 */
static char *
child_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/reentry-scan.XXXXXX", base != NULL && base[0] == '/' ? base : "/tmp");

	if (mkdtemp(dir) == NULL) {
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * Scans one file in a child process (see the top of this file): data/len
 * when the file is in memory, else fd/size through the handle map. Returns
 * the outcome; -1 when no child could be started (the caller scans here).
 */
static int
scan_in_child(const struct scan_engine *e, int fd, uint64_t size, const void *data, size_t len,
    struct scan_fctx *fc, char **what)
{
	struct child_answer a;
	char buf[4096];
	struct strbuf got = STRBUF_INIT;
	int p[2], status, stop = 0, ended = 0;
	pid_t pid, parent = getpid();
	char *tmp;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	tmp = child_tmpdir();
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		if (tmp != NULL)
			rmdir(tmp);
		free(tmp);
		return -1;
	}
	if (pid == 0) {
		/* the child: nothing but the scan; only a kill stops it early */
		enum scan_outcome o;
		char *w = NULL;

		/* a parent killed outright takes its scanning child with it */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		close(p[0]);
		fc->cancel = NULL;
		if (tmp != NULL)
			lc()->cl_engine_set_str(e->cl, CL_ENGINE_TMPDIR, tmp);
		/*
		 * The child's copy of the clean cache may have been caught in the
		 * middle of another thread's update (or with its lock held): the
		 * child does without it, which changes only its own copy.
		 */
		lc()->cl_engine_set_num(e->cl, CL_ENGINE_DISABLE_CACHE, 1);
		/*
		 * libclamav names its temporary files from rand(): children forked
		 * from the same state would pick the same names and overwrite each
		 * other's extracted files. Each child gets its own sequence.
		 */
		srand((unsigned)getpid() ^ (unsigned)time(NULL));
		o = data != NULL ? scan_mem_here(e, fd, data, len, fc, &w) :
		                   scan_handle_here(e, fd, size, fc, &w);
		a.out = (int32_t)o;
		a.len = w != NULL ? (uint32_t)strlen(w) : 0;
		if (child_write(p[1], &a, sizeof a) < 0 || (a.len > 0 && child_write(p[1], w, a.len) < 0))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		int r = poll(&pfd, 1, 50);

		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			ssize_t n = read(p[0], buf, sizeof buf);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ended = 1;
				break;
			}
			if (got.len < 65536)
				sb_add(&got, buf, (size_t)n);
			continue;
		}
		if (fc->cancel != NULL && atomic_load(fc->cancel)) {
			stop = ECANCELED;
			break;
		}
		/* the child keeps the time limit itself; this is for one that hangs */
		if (fc->max_time_ms > 0 && ms_since(&fc->t0) > fc->max_time_ms + 2000) {
			stop = ETIMEDOUT;
			break;
		}
	}
	close(p[0]);
	if (!ended)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (tmp != NULL) {
		nftw(tmp, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
		free(tmp);
	}
	*what = NULL;
	if (stop == ECANCELED) {
		sb_free(&got);
		return SCAN_OUT_CANCELLED;
	}
	if (stop == 0 && got.len >= sizeof a) {
		memcpy(&a, got.buf, sizeof a);
		if (a.out >= SCAN_OUT_CLEAN && a.out <= SCAN_OUT_CANCELLED &&
		    got.len == sizeof a + a.len) {
			if (a.len > 0)
				*what = xstrndup(got.buf + sizeof a, a.len);
			sb_free(&got);
			return a.out;
		}
	}
	sb_free(&got);
	if (stop == ETIMEDOUT)
		*what = xasprintf("scanning took longer than the time limit (%lld ms)", fc->max_time_ms);
	else if (WIFSIGNALED(status))
		*what = xasprintf("the scanning process died (signal %d) before it answered",
		    WTERMSIG(status));
	else
		*what = xstrdup("the scanning process ended without an answer");
	return SCAN_OUT_UNSCANNABLE;
}

enum scan_outcome
scan_engine_scan_handle(const struct scan_engine *e, int fd, uint64_t size, struct scan_fctx *fc,
    char **what)
{
	int o;

	if (size >= SCAN_CHILD_MIN && (o = scan_in_child(e, fd, size, NULL, 0, fc, what)) >= 0)
		return (enum scan_outcome)o;
	return scan_handle_here(e, fd, size, fc, what);
}

enum scan_outcome
scan_engine_scan_mem(const struct scan_engine *e, int fd, const void *data, size_t len,
    struct scan_fctx *fc, char **what)
{
	int o;

	if (len >= SCAN_CHILD_MIN && (o = scan_in_child(e, fd, 0, data, len, fc, what)) >= 0)
		return (enum scan_outcome)o;
	return scan_mem_here(e, fd, data, len, fc, what);
}
