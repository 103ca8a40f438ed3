/*
 * walk.c: walking the roots and scanning their files in parallel.
 *
 * Order of work in scan_run():
 *  1. one walker thread that reads directories and queues regular files, and
 *     N worker threads that open, hash and scan them on the shared engine,
 *     start at once;
 *  2. meanwhile the calling thread counts files and bytes (a quick pass of
 *     its own, for progress), so counting is not serial time before the scan;
 *  3. the calling thread reports progress until both are done, then the
 *     results are sorted by path and turned into a struct scan_report.
 *
 * The walk never writes and never follows a symbolic link (links are
 * recorded with where they point); directories are opened relative to their
 * parent's descriptor with O_NOFOLLOW, so paths longer than PATH_MAX work
 * and a directory swapped for a link is not entered. Files are opened with
 * O_RDONLY | O_NOFOLLOW | O_NOATIME (without O_NOATIME when the kernel
 * refuses it because we do not own the file) and O_NONBLOCK, so a FIFO that
 * appears in a file's place cannot block us. The walk stays on each root's
 * mount, told by statx's mount id (btrfs subvolumes and overlayfs files have
 * their own st_dev on the same mount): a mount inside a root is not entered
 * and is unscannable. What the walk saw of each file travels with its job;
 * the worker compares the opened file with it, and after the scan the file
 * with itself and its name with the file, so anything that changed during
 * the scan is unscannable with what changed (scan_job). Entries named in
 * scan_opts.exclude are passed over before they are examined; per root the
 * walk counts the files it queued and the files whose scan ended, so the
 * report can say which roots a cancel cut short.
 */
#include "scan_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../sys/media.h"
#include "../config/config.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

/* Directory nesting we follow before calling a directory unscannable. */
#define WALK_MAX_DEPTH 1024
/* Read buffer per worker, and the size of one read. */
#define WORKER_BUF (1u << 20)
/*
 * A file up to this size is read once into the worker's buffer, hashed there,
 * and scanned from memory (libclamav would otherwise read it a second time
 * into its own map). Larger files are hashed as they stream past and then
 * scanned from the descriptor. A buffer that grew beyond WORKER_KEEP for one
 * big file is given back afterwards.
 */
#define WORKER_MEM_MAX (32u << 20)
#define WORKER_KEEP (8u << 20)
/* Nanoseconds between progress reports. */
#define PROGRESS_NS 100000000L

/*
 * What the walk saw of an entry (statx without following links): enough to
 * tell later whether the same thing is still there, unchanged.
 */
struct seen {
	mode_t mode;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	uint64_t mnt; /* mount id, 0 when the kernel does not give one */
};

/*
 * A directory descriptor shared by the walker and the jobs queued from it.
 * The walker's directories remember how they looked before they were read;
 * the last release compares, so entries added, removed or renamed during
 * the scan are noticed (the counting pass's directories check nothing).
 */
struct dnode {
	int fd;
	atomic_int ref;
	int check;
	size_t root;
	char *rel;
	struct seen before;
};

struct job {
	struct dnode *dir; /* NULL: name is the root path itself */
	char *name;
	char *rel;
	size_t root;
	struct seen seen; /* as the walk listed it */
};

struct rootinfo {
	const char *path;
	char **excl; /* scan_opts.exclude beneath this root, relative to it (walker's view only) */
	size_t nexcl;
	uint64_t queued, ended; /* files queued / whose scan ended uncancelled (under lock) */
	int walked;             /* the walker went through it to the end before any cancel */
	char *real;             /* realpath of a directory root, for classifying links */
	dev_t dev;
	uint64_t mnt; /* the root's mount id (0: unknown, st_dev decides) */
	int fd;       /* the root directory while it is walked, else -1 */
	int ok;       /* opened */
};

struct run {
	struct scan_engine *e;
	const struct scan_root *roots;
	size_t nroots;
	struct rootinfo *ri;
	struct rootinfo *cri; /* the counting pass's own view of the roots */

	pthread_mutex_t lock;
	pthread_cond_t notempty, notfull, changed;
	struct job *q;
	size_t qcap, qhead, qlen;
	int walk_done;
	int workers_left;

	struct scan_rec *recs;
	size_t nrecs, caprecs;
	char **errors;
	size_t nerrors;
	char *current;

	/* a streamed manifest (scan_opts.manifest_dir), under lock */
	int mfd; /* -1: the manifest is kept in memory */
	char *mtmp;
	EVP_MD_CTX *msha;
	struct strbuf mbuf;
	uint64_t mlines, mbytes, files, bytes, *root_files;
	int merr; /* errno of the first failed write */

	atomic_int cancel;
	atomic_int noatime_refused;
	_Atomic uint64_t bytes_done, files_done;

	/* counting pass */
	uint64_t files_total, bytes_total;
	progress_fn progress;
	void *progress_arg;
	struct timespec t0, last;
};

static void add_baddir(struct run *R, size_t root, const char *rel, char *reason);
static int seen_fd(int fd, struct seen *s);

/* Drops a reference; the last one checks the directory did not change, closes and frees it. */
static void
dnode_release(struct run *R, struct dnode *d)
{
	struct seen now;

	if (d == NULL || atomic_fetch_sub(&d->ref, 1) != 1)
		return;
	if (d->check && !atomic_load(&R->cancel)) {
		if (seen_fd(d->fd, &now) < 0)
			add_baddir(R, d->root, d->rel,
			    xasprintf("directory cannot be examined again after the scan: %s",
			        strerror(errno)));
		else if (now.mtime.tv_sec != d->before.mtime.tv_sec ||
		    now.mtime.tv_nsec != d->before.mtime.tv_nsec ||
		    now.ctime.tv_sec != d->before.ctime.tv_sec ||
		    now.ctime.tv_nsec != d->before.ctime.tv_nsec)
			add_baddir(R, d->root, d->rel,
			    xstrdup("directory changed during the scan (entries added, removed or "
			            "renamed): what it holds now was not all scanned"));
	}
	close(d->fd);
	free(d->rel);
	free(d);
}

/* A new directory node for fd (taken), with one reference. */
static struct dnode *
dnode_new(int fd, size_t root, const char *rel, int check)
{
	struct dnode *d = xcalloc(1, sizeof *d);

	d->fd = fd;
	atomic_init(&d->ref, 1);
	d->root = root;
	d->rel = xstrdup(rel);
	d->check = check;
	return d;
}

/* Fills s from statx(dirfd, name, flags); 0 or -1 with errno. */
static int
seen_at(int dirfd, const char *name, int flags, struct seen *s)
{
	struct statx sx;

	if (statx(dirfd, name, flags | AT_NO_AUTOMOUNT, STATX_BASIC_STATS | STATX_MNT_ID, &sx) < 0)
		return -1;
	s->mode = sx.stx_mode;
	s->dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
	s->ino = (ino_t)sx.stx_ino;
	s->size = (off_t)sx.stx_size;
	s->mtime.tv_sec = sx.stx_mtime.tv_sec;
	s->mtime.tv_nsec = sx.stx_mtime.tv_nsec;
	s->ctime.tv_sec = sx.stx_ctime.tv_sec;
	s->ctime.tv_nsec = sx.stx_ctime.tv_nsec;
	s->mnt = (sx.stx_mask & STATX_MNT_ID) ? sx.stx_mnt_id : 0;
	return 0;
}

/* The same for an open descriptor. */
static int
seen_fd(int fd, struct seen *s)
{
	return seen_at(fd, "", AT_EMPTY_PATH, s);
}

/*
 * Whether an entry is on another mount than its root: by mount id where the
 * kernel gives one (btrfs subvolumes and overlayfs files have their own
 * st_dev on the same mount, and are part of the medium), else by st_dev.
 */
static int
other_mount(const struct rootinfo *ri, const struct seen *s)
{
	if (ri->mnt != 0 && s->mnt != 0)
		return s->mnt != ri->mnt;
	return s->dev != ri->dev;
}

/* Undoes the octal escapes (\040) of a mountinfo field in place. */
static void
mountinfo_unescape(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/*
 * What is mounted with mount id mnt, from /proc/self/mountinfo: "tmpfs
 * (source x)"; caller frees. Mount ids are what statx reports, so the table
 * and the walk agree even where st_dev does not.
 */
static char *
mount_describe(uint64_t mnt)
{
	FILE *fp = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, *out = NULL;
	size_t cap = 0;

	if (fp == NULL)
		return xasprintf("mount %llu", (unsigned long long)mnt);
	while (out == NULL && getline(&line, &cap, fp) > 0) {
		char *sep = strstr(line, " - "), *fstype, *source, *save = NULL;
		unsigned long long id;

		if (sep == NULL || sscanf(line, "%llu", &id) != 1 || id != mnt)
			continue;
		fstype = strtok_r(sep + 3, " \n", &save);
		source = strtok_r(NULL, " \n", &save);
		if (fstype == NULL)
			continue;
		mountinfo_unescape(fstype);
		if (source != NULL)
			mountinfo_unescape(source);
		out = xasprintf("%s, source %s", fstype, source != NULL ? source : "?");
	}
	free(line);
	fclose(fp);
	return out != NULL ? out :
	                     xasprintf("mount %llu, not in the mount table", (unsigned long long)mnt);
}

/* The full path of rel under root i; caller frees. */
static char *
full_path(const struct run *R, size_t root, const char *rel)
{
	return scan_full_path(R->roots[root].path, rel);
}

/* Adds a result (takes rel and what). Caller holds no lock. */
static struct scan_rec *
rec_add(struct run *R, const struct scan_rec *r)
{
	struct scan_rec *out;

	pthread_mutex_lock(&R->lock);
	if (R->nrecs == R->caprecs) {
		R->caprecs = R->caprecs ? R->caprecs * 2 : 256;
		R->recs = xreallocarray(R->recs, R->caprecs, sizeof *R->recs);
	}
	out = &R->recs[R->nrecs++];
	*out = *r;
	pthread_mutex_unlock(&R->lock);
	return out;
}

/* Writes out the manifest lines buffered so far. Caller holds the lock. */
static void
manifest_flush(struct run *R)
{
	size_t off = 0;

	if (R->mbuf.len == 0)
		return;
	if (EVP_DigestUpdate(R->msha, R->mbuf.buf, R->mbuf.len) != 1)
		fatal("cannot compute SHA-256");
	while (off < R->mbuf.len && R->merr == 0) {
		ssize_t w = write(R->mfd, R->mbuf.buf + off, R->mbuf.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			R->merr = w < 0 ? errno : EIO;
		else
			off += (size_t)w;
	}
	R->mbytes += R->mbuf.len;
	sb_truncate(&R->mbuf, 0);
}

/*
 * Streams one file's manifest line (scan.h) and counts it. Returns 1 when
 * the record is needed no further (a clean file), else 0. Caller holds no lock.
 */
static int
manifest_add(struct run *R, const struct scan_rec *r)
{
	static const char *const results[] = {
		[SCAN_OUT_CLEAN] = "clean",
		[SCAN_OUT_INFECTED] = "infected",
		[SCAN_OUT_UNSCANNABLE] = "unscannable",
		[SCAN_OUT_CANCELLED] = "unscannable",
	};
	struct json *o = json_object();
	const char *root = R->roots[r->root].path, *path = r->rel;

	if (path[0] == '\0') {
		/* the root is the file: its name */
		const char *slash = strrchr(root, '/');

		path = slash != NULL && slash[1] != '\0' ? slash + 1 : root;
	}
	scan_json_set_path(o, "root", root);
	scan_json_set_path(o, "path", path);
	json_obj_set(o, "size", json_int((int64_t)r->size));
	json_obj_set(o, "sha256", r->sha256[0] ? json_str(r->sha256) : json_null());
	json_obj_set(o, "result", json_str(results[r->out]));
	if (r->nohash != NULL)
		json_obj_set(o, "not_hashed", json_str(r->nohash));
	pthread_mutex_lock(&R->lock);
	json_write(o, &R->mbuf, 0);
	sb_addc(&R->mbuf, '\n');
	R->mlines++;
	R->files++;
	R->root_files[r->root]++;
	if (r->nohash == NULL)
		R->bytes += r->size;
	if (R->mbuf.len >= (64u << 10))
		manifest_flush(R);
	pthread_mutex_unlock(&R->lock);
	json_free(o);
	return r->out == SCAN_OUT_CLEAN;
}

/*
 * Ends a streamed manifest: writes the rest, syncs, and gives the file its
 * final name manifest-SHA256.jsonl in dir (a file of that name already has
 * the same bytes). Sets rep->manifest, or adds why it failed to the errors.
 */
static void
manifest_finish(struct run *R, const char *dir, struct scan_report *rep)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, k;
	char *final = NULL;
	int dfd;

	manifest_flush(R);
	if (R->merr == 0 && fsync(R->mfd) < 0)
		R->merr = errno;
	close(R->mfd);
	R->mfd = -1;
	EVP_DigestFinal_ex(R->msha, md, &mdlen);
	for (k = 0; k < mdlen && k < 32; k++)
		snprintf(rep->manifest_sha256 + 2 * k, 3, "%02x", md[k]);
	if (R->merr == 0) {
		final = xasprintf("%s/manifest-%s.jsonl", dir, rep->manifest_sha256);
		if (link(R->mtmp, final) < 0 && errno != EEXIST)
			R->merr = errno;
	}
	unlink(R->mtmp);
	if (R->merr == 0 && (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(dfd) < 0)
			R->merr = errno;
		close(dfd);
	}
	if (R->merr != 0) {
		R->errors = xreallocarray(R->errors, R->nerrors + 1, sizeof *R->errors);
		R->errors[R->nerrors++] = xasprintf("the manifest could not be written in %s: %s",
		    dir, strerror(R->merr));
		free(final);
		return;
	}
	rep->manifest = final;
	rep->manifest_files = R->mlines;
	rep->manifest_bytes = R->mbytes;
}

static void
add_skip(struct run *R, size_t root, const char *rel, const char *type, char *detail)
{
	struct scan_rec r = { 0 };

	r.root = root;
	r.rel = xstrdup(rel);
	r.kind = SCAN_REC_SKIP;
	r.type = type;
	r.what = detail;
	rec_add(R, &r);
}

static void
add_baddir(struct run *R, size_t root, const char *rel, char *reason)
{
	struct scan_rec r = { 0 };

	r.root = root;
	r.rel = xstrdup(rel);
	r.kind = SCAN_REC_BADDIR;
	r.what = reason;
	rec_add(R, &r);
}

static const char *
type_name(mode_t m)
{
	if (S_ISLNK(m))
		return "symlink";
	if (S_ISFIFO(m))
		return "fifo";
	if (S_ISSOCK(m))
		return "socket";
	if (S_ISCHR(m))
		return "char-device";
	if (S_ISBLK(m))
		return "block-device";
	if (S_ISDIR(m))
		return "directory";
	return "other";
}

/*
 * Where a symbolic link points, and whether that stays on the medium. The
 * target is resolved with openat2(O_PATH, RESOLVE_BENEATH | RESOLVE_NO_XDEV)
 * from the root's descriptor: the kernel refuses (EXDEV) any step out of the
 * medium, so nothing outside it is even looked up, and O_PATH reads nothing.
 */
static char *
link_detail(struct run *R, size_t root, int dirfd, const char *name, const char *rel)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(dirfd, name, target, sizeof target - 1);
	struct open_how how;
	const char *where;
	long fd;

	if (n < 0)
		return xasprintf("unreadable link: %s", strerror(errno));
	target[n] = '\0';
	memset(&how, 0, sizeof how);
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, R->ri[root].fd, rel, &how, sizeof how);
	if (fd >= 0) {
		close((int)fd);
		where = "inside the medium, not followed";
	} else if (errno == EXDEV)
		where = "points outside the medium, not followed";
	else if (errno == ENOENT || errno == ENOTDIR)
		where = "dangling";
	else if (errno == ELOOP)
		where = "loop";
	else
		where = errno == ENAMETOOLONG ? "unresolved: path too long" : "unresolved";
	return xasprintf("-> %s (%s)", target, where);
}

/* Calls the progress callback in the counting pass, at most 10 times a second. */
static void
count_progress(struct run *R, const char *rel)
{
	struct timespec now;
	struct progress p = { 0 };

	if (R->progress == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - R->last.tv_sec) * 1000000000L + (now.tv_nsec - R->last.tv_nsec) < PROGRESS_NS)
		return;
	R->last = now;
	p.phase = "counting";
	p.phase_ja = "ファイルを数えています";
	p.items_done = R->files_total;
	p.bytes_done = R->bytes_total;
	p.eta = -1;
	p.current = rel;
	if (R->progress(R->progress_arg, &p) != 0)
		atomic_store(&R->cancel, 1);
}

/* Queues a file for the workers; blocks while the queue is full. */
static void
enqueue(struct run *R, struct dnode *dir, const char *name, const char *rel, size_t root,
    const struct seen *seen)
{
	struct job *j;

	pthread_mutex_lock(&R->lock);
	while (R->qlen == R->qcap && !atomic_load(&R->cancel))
		pthread_cond_wait(&R->notfull, &R->lock);
	if (atomic_load(&R->cancel)) {
		pthread_mutex_unlock(&R->lock);
		return;
	}
	j = &R->q[(R->qhead + R->qlen) % R->qcap];
	j->dir = dir;
	if (dir != NULL)
		atomic_fetch_add(&dir->ref, 1);
	j->name = xstrdup(name);
	j->rel = xstrdup(rel);
	j->root = root;
	j->seen = *seen;
	R->qlen++;
	R->ri[root].queued++;
	pthread_cond_signal(&R->notempty);
	pthread_mutex_unlock(&R->lock);
}

/* Opens flags relative to dirfd, adding O_NOATIME unless the kernel refused it before. */
static int
open_noatime(struct run *R, int dirfd, const char *name, int flags)
{
	int fd;

	if (!atomic_load(&R->noatime_refused)) {
		fd = openat(dirfd, name, flags | O_NOATIME);
		if (fd >= 0 || errno != EPERM)
			return fd;
		atomic_store(&R->noatime_refused, 1);
	}
	return openat(dirfd, name, flags);
}

/* Joins rel and name; caller frees. */
static char *
rel_join(const char *rel, const char *name)
{
	return rel[0] ? xasprintf("%s/%s", rel, name) : xstrdup(name);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether rel under root is one of scan_opts.exclude (sorted; both passes use the walker's list). */
static int
excluded(const struct run *R, size_t root, const char *rel)
{
	const struct rootinfo *ri = &R->ri[root];

	return ri->nexcl > 0 && bsearch(&rel, ri->excl, ri->nexcl, sizeof *ri->excl, name_cmp) != NULL;
}

/* The reason a mount point inside a root was not entered; caller frees. */
static char *
mount_reason(uint64_t mnt, const char *when)
{
	char *what = mount_describe(mnt), *r;

	r = xasprintf("another filesystem (%s) is mounted here%s; not entered, so what it holds "
	              "was not scanned",
	    what, when);
	free(what);
	return r;
}

static void walk_dir(struct run *R, size_t root, struct dnode *dir, const char *rel, int depth, int count);

/* Opens the subdirectory name of dir (listed as s) and walks it. */
static void
walk_subdir(struct run *R, size_t root, struct dnode *dir, const char *name, const char *crel,
    const struct seen *s, int depth, int count)
{
	const struct rootinfo *ri = count ? &R->cri[root] : &R->ri[root];
	struct dnode *sub;
	struct seen now;
	int fd;

	if (depth >= WALK_MAX_DEPTH) {
		if (!count)
			add_baddir(R, root, crel,
			    xasprintf("nested deeper than %d directories", WALK_MAX_DEPTH));
		return;
	}
	fd = open_noatime(R, dir->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (count)
			return;
		if (errno == ENOENT)
			add_baddir(R, root, crel,
			    xstrdup("directory vanished during the scan (renamed or deleted after it "
			            "was listed); not walked"));
		else if (errno == ELOOP || errno == ENOTDIR)
			add_baddir(R, root, crel,
			    xstrdup("directory replaced by something else during the scan; not "
			            "followed"));
		else
			add_baddir(R, root, crel,
			    xasprintf("directory cannot be opened: %s", strerror(errno)));
		return;
	}
	if (seen_fd(fd, &now) < 0 || now.dev != s->dev || now.ino != s->ino || other_mount(ri, &now)) {
		if (!count)
			add_baddir(R, root, crel,
			    other_mount(ri, &now) ?
			        mount_reason(now.mnt, " (mounted during the scan)") :
			        xstrdup("directory replaced by another during the scan; not walked"));
		close(fd);
		return;
	}
	sub = dnode_new(fd, root, crel, !count);
	sub->before = now;
	walk_dir(R, root, sub, crel, depth + 1, count);
	dnode_release(R, sub);
}

/*
 * Walks the directory dir (rel under root), counting (count) or queueing
 * files and recording everything else.
 */
static void
walk_dir(struct run *R, size_t root, struct dnode *dir, const char *rel, int depth, int count)
{
	const struct rootinfo *ri = count ? &R->cri[root] : &R->ri[root];
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int dfd;

	if ((dfd = dup(dir->fd)) < 0 || (d = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		if (!count)
			add_baddir(R, root, rel,
			    xasprintf("directory cannot be read: %s", strerror(errno)));
		return;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
		errno = 0;
	}
	if (errno != 0 && !count)
		add_baddir(R, root, rel,
		    xasprintf("directory could not be read to the end: %s", strerror(errno)));
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		char *crel = rel_join(rel, names[i]);
		struct seen s;

		if (atomic_load(&R->cancel) || excluded(R, root, crel))
			goto next;
		if (seen_at(dir->fd, names[i], AT_SYMLINK_NOFOLLOW, &s) < 0) {
			if (!count)
				add_baddir(R, root, crel,
				    errno == ENOENT ?
				        xstrdup("vanished during the scan (renamed or deleted after it "
				                "was listed); not scanned") :
				        xasprintf("cannot be examined: %s", strerror(errno)));
			goto next;
		}
		if ((S_ISREG(s.mode) || S_ISDIR(s.mode)) && other_mount(ri, &s)) {
			/* a real mount inside the medium: part of what was handed in, not scanned */
			if (!count)
				add_baddir(R, root, crel, mount_reason(s.mnt, ""));
		} else if (S_ISREG(s.mode)) {
			if (count) {
				R->files_total++;
				R->bytes_total += (uint64_t)s.size;
				count_progress(R, crel);
			} else
				enqueue(R, dir, names[i], crel, root, &s);
		} else if (S_ISDIR(s.mode))
			walk_subdir(R, root, dir, names[i], crel, &s, depth, count);
		else if (!count) {
			if (S_ISLNK(s.mode))
				add_skip(R, root, crel, "symlink",
				    link_detail(R, root, dir->fd, names[i], crel));
			else
				add_skip(R, root, crel, type_name(s.mode),
				    xasprintf("%s, not a regular file; not read", type_name(s.mode)));
		}
	next:
		free(crel);
		free(names[i]);
	}
	free(names);
}

/* Opens root i: a directory walked or a file queued (count: only counted, in R->cri). */
static void
walk_root(struct run *R, size_t i, int count)
{
	const char *path = R->roots[i].path;
	struct rootinfo *ri = count ? &R->cri[i] : &R->ri[i];
	struct seen s;

	/* the root itself is followed when it is a link (it was named on purpose) */
	if (seen_at(AT_FDCWD, path, 0, &s) < 0) {
		if (!count) {
			pthread_mutex_lock(&R->lock);
			R->errors = xreallocarray(R->errors, R->nerrors + 1, sizeof *R->errors);
			R->errors[R->nerrors++] = xasprintf("%s: %s", path, strerror(errno));
			pthread_mutex_unlock(&R->lock);
		}
		return;
	}
	ri->dev = s.dev;
	ri->mnt = s.mnt;
	if (S_ISREG(s.mode)) {
		ri->ok = 1;
		if (count) {
			R->files_total++;
			R->bytes_total += (uint64_t)s.size;
		} else
			enqueue(R, NULL, path, "", i, &s);
	} else if (S_ISDIR(s.mode)) {
		struct dnode *d;
		int fd = open_noatime(R, AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0) {
			if (!count)
				add_baddir(R, i, "",
				    xasprintf("directory cannot be opened: %s", strerror(errno)));
			return;
		}
		ri->ok = 1;
		if (!count && ri->real == NULL)
			ri->real = realpath(path, NULL);
		d = dnode_new(fd, i, "", !count);
		/* the directory opened is the one walked: its own mount and device */
		if (seen_fd(fd, &d->before) == 0) {
			ri->dev = d->before.dev;
			ri->mnt = d->before.mnt;
		} else
			d->check = 0;
		ri->fd = fd;
		walk_dir(R, i, d, "", 0, count);
		ri->fd = -1;
		dnode_release(R, d);
	} else if (!count) {
		/* a device or FIFO named as a root: nothing was scanned, so never "clean" */
		pthread_mutex_lock(&R->lock);
		R->errors = xreallocarray(R->errors, R->nerrors + 1, sizeof *R->errors);
		R->errors[R->nerrors++] = xasprintf("%s: a %s, not a directory or regular file; mount a "
		                                    "medium and scan its mount point",
		    path, type_name(s.mode));
		pthread_mutex_unlock(&R->lock);
	}
}

static void *
walker_main(void *arg)
{
	struct run *R = arg;
	size_t i;

	for (i = 0; i < R->nroots && !atomic_load(&R->cancel); i++) {
		walk_root(R, i, 0);
		if (!atomic_load(&R->cancel))
			R->ri[i].walked = 1;
	}
	pthread_mutex_lock(&R->lock);
	R->walk_done = 1;
	pthread_cond_broadcast(&R->notempty);
	pthread_cond_broadcast(&R->changed);
	pthread_mutex_unlock(&R->lock);
	return NULL;
}

/* What a worker keeps between files. */
struct worker {
	unsigned char *buf; /* file contents, or a window of a large file */
	size_t cap;         /* at least WORKER_BUF */
	EVP_MD_CTX *sha;
};

/* Milliseconds since t0. */
static long long
walk_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Reads fd to its end, hashing every byte once. While the file fits in
 * WORKER_MEM_MAX it is kept whole in w->buf (grown as needed) and *inmem is
 * set; a larger file streams through the buffer. Between reads (1 MB each)
 * it stops for a cancel (ECANCELED) and for the per-file time limit
 * (ETIMEDOUT), so neither waits for the end of a large file. Returns 0, or
 * errno of a failed read. *nread is the byte count either way.
 */
static int
read_hash(struct run *R, struct worker *w, int fd, off_t size, const struct timespec *t0,
    uint64_t *nread, int *inmem)
{
	size_t off = 0;

	*nread = 0;
	*inmem = size >= 0 && (uint64_t)size <= WORKER_MEM_MAX;
	if (*inmem && (size_t)size + 1 > w->cap) {
		/* +1: the read that sees the end of the file needs room */
		size_t cap = w->cap * 2 < WORKER_MEM_MAX ? w->cap * 2 : WORKER_MEM_MAX;

		free(w->buf);
		w->cap = (size_t)size + 1 > cap ? (size_t)size + 1 : cap;
		w->buf = xmalloc(w->cap);
	}
	for (;;) {
		size_t want;
		ssize_t n;

		if (atomic_load(&R->cancel))
			return ECANCELED;
		if (R->e->max_time_ms > 0 && walk_ms_since(t0) > R->e->max_time_ms)
			return ETIMEDOUT;
		if (*inmem && off == w->cap) {
			/* the file grew since fstat */
			if (w->cap >= WORKER_MEM_MAX)
				*inmem = 0;
			else {
				w->cap = w->cap * 2 < WORKER_MEM_MAX ? w->cap * 2 : WORKER_MEM_MAX;
				w->buf = xreallocarray(w->buf, w->cap, 1);
			}
		}
		if (!*inmem)
			off = 0;
		want = w->cap - off < WORKER_BUF ? w->cap - off : WORKER_BUF;
		n = read(fd, w->buf + off, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (n == 0)
			return 0;
		EVP_DigestUpdate(w->sha, w->buf + off, (size_t)n);
		off += (size_t)n;
		*nread += (uint64_t)n;
		atomic_fetch_add(&R->bytes_done, (uint64_t)n);
	}
}

/* Whether two timestamps differ. */
static int
ts_differ(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec || a->tv_nsec != b->tv_nsec;
}

/*
 * What changed in a file while it was scanned, or NULL (caller frees): the
 * open file against itself before the read (size, modification, inode
 * change), the bytes read against its size, and its name against the open
 * file (renamed, deleted, or replaced by a link or another file).
 */
static char *
changed_while_scanned(int dirfd, const char *name, int fd, const struct seen *before,
    uint64_t nread, int read_all)
{
	struct seen after, named;

	/* the name first: what now stands there says most */
	if (seen_at(dirfd, name, AT_SYMLINK_NOFOLLOW, &named) < 0)
		return errno == ENOENT ?
		    xstrdup("renamed or deleted while it was scanned: its name is gone") :
		    xasprintf("cannot be examined again after the scan: %s", strerror(errno));
	if (!S_ISREG(named.mode))
		return xasprintf("replaced by a %s while it was scanned; not followed",
		    type_name(named.mode));
	if (seen_fd(fd, &after) < 0)
		return xasprintf("cannot be examined again after the scan: %s", strerror(errno));
	if (named.dev != after.dev || named.ino != after.ino)
		return xstrdup("replaced by another file while it was scanned; the new one was not "
		               "scanned");
	if (after.size != before->size)
		return xasprintf("changed while it was scanned: its size went from %lld to %lld "
		                 "bytes (truncated or written to)",
		    (long long)before->size, (long long)after.size);
	if (read_all && nread != (uint64_t)before->size)
		return xasprintf("changed while it was scanned: %llu bytes were read of %lld",
		    (unsigned long long)nread, (long long)before->size);
	if (ts_differ(&after.mtime, &before->mtime))
		return xstrdup("changed while it was scanned: written to (its modification time "
		               "changed)");
	if (ts_differ(&after.ctime, &before->ctime))
		return xstrdup("changed while it was scanned: renamed, linked or its attributes "
		               "changed (its inode change time moved)");
	return NULL;
}

/*
 * The largest file the engine examines: the configured limit, and never
 * more than libclamav's own ceiling of 2 GiB - 1 (it says MaxFileSize for
 * anything larger whatever the limit; clamscan then says "OK").
 */
static long long
scan_size_limit(const struct scan_engine *e)
{
	const long long ceiling = 2147483647LL;

	return e->max_filesize > 0 && e->max_filesize < ceiling ? e->max_filesize : ceiling;
}

/* The manifest's note on a file a cancel stopped; also how scan_job tells such a file. */
static const char cancelled_nohash[] = "not hashed: the scan was cancelled";

/* Opens, hashes and scans one queued file, and records the result. */
static void
scan_job(struct run *R, struct job *j, struct worker *w)
{
	struct scan_rec r = { 0 };
	struct scan_fctx fc;
	struct seen st;
	struct timespec t0;
	const struct rootinfo *ri = &R->ri[j->root];
	char *full = full_path(R, j->root, j->rel), *change = NULL;
	int fd, read_err = 0, dirfd = j->dir != NULL ? j->dir->fd : AT_FDCWD, read_all = 0;
	uint64_t nread = 0;

	r.root = j->root;
	r.kind = SCAN_REC_FILE;
	r.rel = j->rel;
	j->rel = NULL;
	pthread_mutex_lock(&R->lock);
	free(R->current);
	R->current = xstrdup(full);
	pthread_mutex_unlock(&R->lock);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	fd = open_noatime(R, dirfd, j->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		r.out = SCAN_OUT_UNSCANNABLE;
		if (errno == ELOOP)
			r.what = xstrdup("replaced by a symbolic link during the scan (after it was "
			                 "listed); not followed");
		else if (errno == ENOENT)
			r.what = xstrdup("vanished during the scan (renamed or deleted after it was "
			                 "listed); not scanned");
		else
			r.what = xasprintf("cannot be opened: %s", strerror(errno));
		goto done;
	}
	if (seen_fd(fd, &st) < 0) {
		r.out = SCAN_OUT_UNSCANNABLE;
		r.what = xasprintf("cannot be examined: %s", strerror(errno));
		close(fd);
		goto done;
	}
	if (!S_ISREG(st.mode) || other_mount(ri, &st)) {
		r.out = SCAN_OUT_UNSCANNABLE;
		r.what = !S_ISREG(st.mode) ?
		    xasprintf("replaced by a %s during the scan (after it was listed); not read",
		        type_name(st.mode)) :
		    mount_reason(st.mnt, " (mounted during the scan)");
		close(fd);
		goto done;
	}
	if (st.dev != j->seen.dev || st.ino != j->seen.ino)
		change = xstrdup("replaced by another file during the scan (after it was listed)");
	memset(&fc, 0, sizeof fc);
	fc.engine = R->e->is_clamd ? NULL : R->e;
	fc.path = full;
	fc.cancel = &R->cancel;
	fc.max_filesize = R->e->max_filesize;
	fc.fd = fd;
	fc.t0 = t0;
	fc.max_time_ms = R->e->max_time_ms;
	fc.stopped = 0;
	if (EVP_DigestInit_ex(w->sha, EVP_sha256(), NULL) != 1)
		fatal("cannot initialise SHA-256");
	if (st.size > scan_size_limit(R->e)) {
		/*
		 * Over the size limit: unscannable without reading it. libclamav
		 * answers from the size at once, as clamscan does; the manifest
		 * says the file was not hashed rather than read gigabytes to hash.
		 */
		r.nohash = "not hashed: larger than the file size limit";
		atomic_fetch_add(&R->bytes_done, (uint64_t)st.size);
		if (R->e->is_clamd) {
			r.out = SCAN_OUT_UNSCANNABLE;
			r.what = xasprintf("larger than the file size limit (%lld bytes, limit %lld); "
			                   "not sent to clamd",
			    (long long)st.size, scan_size_limit(R->e));
		} else
			r.out = scan_engine_scan_fd(R->e, fd, &fc, &r.what);
		if (r.out == SCAN_OUT_CLEAN) {
			/* never clean unread */
			r.out = SCAN_OUT_UNSCANNABLE;
			r.what = xstrdup("larger than the file size limit");
		}
		nread = (uint64_t)st.size;
	} else if (R->e->is_clamd) {
		r.out = scan_clamd_stream(R->e->socket, fd, w->sha, w->buf, WORKER_BUF,
		    &R->bytes_done, &nread, &read_err, &R->cancel, &r.what);
		read_all = read_err == 0 && r.out != SCAN_OUT_CANCELLED;
	} else {
		int inmem;

		/* one read serves both the manifest hash and the scan, which so see the same bytes */
		read_err = read_hash(R, w, fd, st.size, &t0, &nread, &inmem);
		if (read_err == ECANCELED)
			r.out = SCAN_OUT_CANCELLED;
		else if (read_err == ETIMEDOUT) {
			r.out = SCAN_OUT_UNSCANNABLE;
			r.what = xasprintf("scanning took longer than the time limit (%lld ms) while "
			                   "reading it",
			    R->e->max_time_ms);
		} else if (read_err != 0) {
			r.out = SCAN_OUT_UNSCANNABLE;
			r.what = xasprintf("read error: %s", strerror(read_err));
		} else {
			read_all = 1;
			if (inmem)
				r.out = scan_engine_scan_mem(R->e, fd, w->buf, (size_t)nread, &fc,
				    &r.what);
			else
				r.out = scan_engine_scan_handle(R->e, fd, nread, &fc, &r.what);
		}
	}
	r.size = r.nohash != NULL ? (uint64_t)st.size : nread;
	if (read_err == 0 && r.nohash == NULL && r.out != SCAN_OUT_CANCELLED) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0, k;

		EVP_DigestFinal_ex(w->sha, md, &mdlen);
		for (k = 0; k < mdlen && k < 32; k++)
			snprintf(r.sha256 + 2 * k, 3, "%02x", md[k]);
	}
	if (r.out != SCAN_OUT_CANCELLED && change == NULL)
		change = changed_while_scanned(dirfd, j->name, fd, &st, nread, read_all);
	if (change != NULL && r.out != SCAN_OUT_CANCELLED && r.out != SCAN_OUT_INFECTED) {
		/* what was found in the bytes read stands; anything else is not known to be clean */
		if (r.out == SCAN_OUT_UNSCANNABLE && r.what != NULL) {
			char *both = xasprintf("%s; and %s", change, r.what);

			free(change);
			change = both;
		}
		free(r.what);
		r.what = change;
		change = NULL;
		r.out = SCAN_OUT_UNSCANNABLE;
	}
	free(change);
	if (w->cap > WORKER_KEEP) {
		free(w->buf);
		w->cap = WORKER_BUF;
		w->buf = xmalloc(w->cap);
	}
	free(fc.virname);
	free(fc.limit_note);
	free(fc.inner_virname);
	close(fd);
done:
	free(full);
	if (r.kind == SCAN_REC_FILE && r.out == SCAN_OUT_CANCELLED) {
		/* stopped in the middle: recorded as not scanned, never as clean */
		free(r.what);
		r.what = xstrdup("not scanned: the scan was cancelled while this file was read");
		r.out = SCAN_OUT_UNSCANNABLE;
		r.nohash = cancelled_nohash;
		r.sha256[0] = '\0';
	}
	if (r.kind == SCAN_REC_FILE)
		atomic_fetch_add(&R->files_done, 1);
	if (r.kind == SCAN_REC_FILE && r.nohash != cancelled_nohash) {
		pthread_mutex_lock(&R->lock);
		R->ri[r.root].ended++;
		pthread_mutex_unlock(&R->lock);
	}
	if (R->mfd >= 0 && manifest_add(R, &r)) {
		/* clean and in the manifest file: nothing of it stays in memory */
		free(r.rel);
		free(r.what);
		return;
	}
	rec_add(R, &r);
}

static void *
worker_main(void *arg)
{
	struct run *R = arg;
	struct worker w;

	w.cap = WORKER_BUF;
	w.buf = xmalloc(w.cap);
	if ((w.sha = EVP_MD_CTX_new()) == NULL)
		fatal("cannot initialise SHA-256");

	for (;;) {
		struct job j;

		pthread_mutex_lock(&R->lock);
		while (R->qlen == 0 && !R->walk_done)
			pthread_cond_wait(&R->notempty, &R->lock);
		if (R->qlen == 0) {
			R->workers_left--;
			pthread_cond_broadcast(&R->changed);
			pthread_mutex_unlock(&R->lock);
			break;
		}
		j = R->q[R->qhead];
		R->qhead = (R->qhead + 1) % R->qcap;
		R->qlen--;
		pthread_cond_signal(&R->notfull);
		pthread_mutex_unlock(&R->lock);
		if (!atomic_load(&R->cancel))
			scan_job(R, &j, &w);
		dnode_release(R, j.dir);
		free(j.name);
		free(j.rel);
	}
	EVP_MD_CTX_free(w.sha);
	free(w.buf);
	return NULL;
}

/* Sends one progress report for the scanning phase; returns the callback's answer. */
static int
scan_progress(struct run *R, int final)
{
	struct progress p = { 0 };
	struct timespec now;
	double secs;
	char *cur;
	int rc;

	if (R->progress == NULL)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - R->t0.tv_sec) + (double)(now.tv_nsec - R->t0.tv_nsec) / 1e9;
	p.phase = "scanning";
	p.phase_ja = "スキャン中";
	p.items_done = atomic_load(&R->files_done);
	p.items_total = R->files_total > p.items_done ? R->files_total : p.items_done;
	p.bytes_done = atomic_load(&R->bytes_done);
	p.bytes_total = R->bytes_total > p.bytes_done ? R->bytes_total : p.bytes_done;
	p.rate = secs > 0.05 ? (double)p.bytes_done / secs : 0;
	p.eta = final ? 0 : p.rate > 0 ? (double)(p.bytes_total - p.bytes_done) / p.rate : -1;
	pthread_mutex_lock(&R->lock);
	cur = R->current != NULL ? xstrdup(R->current) : NULL;
	pthread_mutex_unlock(&R->lock);
	p.current = cur;
	rc = R->progress(R->progress_arg, &p);
	free(cur);
	return rc;
}

/*
 * The exclusions beneath root path, relative to it: "/r/a/b" under "/r" is
 * "a/b"; every root below "/" is beneath "/". Trailing slashes do not count.
 */
static void
exclude_for_root(struct rootinfo *ri, const char *const *exclude)
{
	size_t plen = strlen(ri->path), i;

	while (plen > 0 && ri->path[plen - 1] == '/')
		plen--;
	for (i = 0; exclude != NULL && exclude[i] != NULL; i++) {
		const char *x = exclude[i];
		size_t xlen = strlen(x);

		if (strncmp(x, ri->path, plen) != 0 || x[plen] != '/')
			continue;
		x += plen + 1;
		xlen -= plen + 1;
		while (xlen > 0 && x[xlen - 1] == '/')
			xlen--;
		if (xlen == 0)
			continue;
		ri->excl = xreallocarray(ri->excl, ri->nexcl + 1, sizeof *ri->excl);
		ri->excl[ri->nexcl++] = xstrndup(x, xlen);
	}
	if (ri->nexcl > 1)
		qsort(ri->excl, ri->nexcl, sizeof *ri->excl, name_cmp);
}

/* Hands each root's coverage (files whose scan ended, complete) to the report build. */
static void
coverage_results(const struct run *R, struct scan_results *res)
{
	size_t k;

	res->root_scanned = xcalloc(R->nroots ? R->nroots : 1, sizeof *res->root_scanned);
	res->root_complete = xcalloc(R->nroots ? R->nroots : 1, sizeof *res->root_complete);
	for (k = 0; k < R->nroots; k++) {
		res->root_scanned[k] = R->ri[k].ended;
		res->root_complete[k] = R->ri[k].ok && R->ri[k].walked &&
		    R->ri[k].queued == R->ri[k].ended;
	}
}

/* The identity of root i for the chain of custody. */
static struct json *
identity_json(const struct run *R, size_t i)
{
	const struct medium *m = R->roots[i].medium;
	struct json *o = json_object();
	char dev[32];

	xsnprintf(dev, sizeof dev, "%u:%u", major(R->ri[i].dev), minor(R->ri[i].dev));
	if (m != NULL) {
		/* the medium as `reentry media` describes it, kind first */
		struct json *mj = medium_to_json(m);
		size_t k;

		json_obj_set(o, "kind", json_str("medium"));
		for (k = 0; k < json_len(mj); k++)
			json_obj_set(o, json_key_at(mj, k), json_copy(json_at(mj, k)));
		json_free(mj);
	} else {
		struct stat st;

		json_obj_set(o, "kind",
		    json_str(stat(R->roots[i].path, &st) == 0 && S_ISREG(st.st_mode) ? "file" : "directory"));
	}
	scan_json_set_path(o, "path", R->roots[i].path);
	if (R->ri[i].real != NULL)
		scan_json_set_path(o, "realpath", R->ri[i].real);
	json_obj_set(o, "st_dev", R->ri[i].ok ? json_str(dev) : json_null());
	return o;
}

struct scan_report *
scan_run(struct scan_engine *e, const struct config *cfg, const struct scan_root *roots, size_t n,
    const struct scan_opts *opts)
{
	struct scan_report *rep = xcalloc(1, sizeof *rep);
	struct scan_results results = { 0 };
	struct run R;
	pthread_t walker, *workers;
	struct timespec t1;
	int jobs = opts != NULL ? opts->jobs : 0, i, started = 0;
	size_t k;

	if (jobs <= 0)
		jobs = cfg != NULL ? cfg->scan_jobs : 0;
	if (jobs <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);

		jobs = c > 0 ? (int)c : 1;
	}
	if (jobs > 256)
		jobs = 256;
	memset(&R, 0, sizeof R);
	R.e = e;
	R.roots = roots;
	R.nroots = n;
	R.ri = xcalloc(n ? n : 1, sizeof *R.ri);
	for (k = 0; k < n; k++) {
		R.ri[k].path = roots[k].path;
		R.ri[k].fd = -1;
		exclude_for_root(&R.ri[k], opts != NULL ? opts->exclude : NULL);
	}
	pthread_mutex_init(&R.lock, NULL);
	pthread_cond_init(&R.notempty, NULL);
	pthread_cond_init(&R.notfull, NULL);
	pthread_cond_init(&R.changed, NULL);
	atomic_init(&R.cancel, 0);
	atomic_init(&R.noatime_refused, 0);
	atomic_init(&R.bytes_done, 0);
	atomic_init(&R.files_done, 0);
	R.qcap = (size_t)jobs * 64;
	R.q = xcalloc(R.qcap, sizeof *R.q);
	R.cri = xcalloc(n ? n : 1, sizeof *R.cri);
	R.progress = opts != NULL ? opts->progress : NULL;
	R.progress_arg = opts != NULL ? opts->progress_arg : NULL;
	R.mfd = -1;
	if (opts != NULL && opts->manifest_dir != NULL) {
		R.mtmp = xasprintf("%s/.manifest-XXXXXX", opts->manifest_dir);
		R.mfd = mkostemp(R.mtmp, O_CLOEXEC);
		if (R.mfd < 0) {
			R.errors = xcalloc(1, sizeof *R.errors);
			R.errors[R.nerrors++] = xasprintf("the manifest could not be created in %s: %s",
			    opts->manifest_dir, strerror(errno));
			/* nothing is scanned without a manifest to show for it */
			atomic_store(&R.cancel, 1);
		} else if ((R.msha = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(R.msha, EVP_sha256(), NULL) != 1)
			fatal("cannot initialise SHA-256");
		R.root_files = xcalloc(n ? n : 1, sizeof *R.root_files);
	}
	clock_gettime(CLOCK_MONOTONIC, &R.t0);

	/* 1. walk and scan */
	R.workers_left = jobs;
	workers = xcalloc((size_t)jobs, sizeof *workers);
	if (pthread_create(&walker, NULL, walker_main, &R) != 0)
		fatal("cannot start the walker thread");
	for (i = 0; i < jobs; i++) {
		if (pthread_create(&workers[i], NULL, worker_main, &R) != 0)
			fatal("cannot start a scanning thread");
		started++;
	}
	/* 2. count meanwhile, for progress */
	for (k = 0; k < n && !atomic_load(&R.cancel); k++)
		walk_root(&R, k, 1);
	if (atomic_load(&R.cancel)) {
		/* cancelled while counting: wake a walker waiting for room in the queue */
		pthread_mutex_lock(&R.lock);
		pthread_cond_broadcast(&R.notfull);
		pthread_cond_broadcast(&R.notempty);
		pthread_mutex_unlock(&R.lock);
	}
	/* 3. report progress until done */
	pthread_mutex_lock(&R.lock);
	while (!(R.walk_done && R.workers_left == 0)) {
		struct timespec until;
		int cancel;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += PROGRESS_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&R.changed, &R.lock, &until);
		if (R.walk_done && R.workers_left == 0)
			break;
		pthread_mutex_unlock(&R.lock);
		cancel = scan_progress(&R, 0);
		pthread_mutex_lock(&R.lock);
		if (cancel && !atomic_load(&R.cancel)) {
			atomic_store(&R.cancel, 1);
			pthread_cond_broadcast(&R.notfull);
			pthread_cond_broadcast(&R.notempty);
		}
	}
	pthread_mutex_unlock(&R.lock);
	pthread_join(walker, NULL);
	for (i = 0; i < started; i++)
		pthread_join(workers[i], NULL);
	if (!atomic_load(&R.cancel))
		scan_progress(&R, 1);
	free(workers);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep->seconds = (double)(t1.tv_sec - R.t0.tv_sec) + (double)(t1.tv_nsec - R.t0.tv_nsec) / 1e9;
	rep->cancelled = atomic_load(&R.cancel);
	rep->jobs = jobs;
	results.roots = roots;
	results.nroots = n;
	results.identity = xcalloc(n ? n : 1, sizeof *results.identity);
	for (k = 0; k < n; k++)
		if (R.ri[k].ok)
			results.identity[k] = identity_json(&R, k);
	if (R.mfd >= 0) {
		manifest_finish(&R, opts->manifest_dir, rep);
		results.streamed = 1;
		results.files = R.files;
		results.bytes = R.bytes;
		results.root_files = R.root_files;
	}
	coverage_results(&R, &results);
	results.recs = R.recs;
	results.nrecs = R.nrecs;
	results.errors = R.errors;
	results.nerrors = R.nerrors;
	R.recs = NULL;
	R.errors = NULL;
	scan_report_build(rep, &results);
	free(results.identity);
	free(results.root_scanned);
	free(results.root_complete);
	free(R.root_files);
	free(R.mtmp);
	EVP_MD_CTX_free(R.msha);
	sb_free(&R.mbuf);
	for (k = 0; k < n; k++) {
		size_t x;

		free(R.ri[k].real);
		for (x = 0; x < R.ri[k].nexcl; x++)
			free(R.ri[k].excl[x]);
		free(R.ri[k].excl);
	}
	free(R.ri);
	free(R.cri);
	free(R.q);
	free(R.current);
	pthread_mutex_destroy(&R.lock);
	pthread_cond_destroy(&R.notempty);
	pthread_cond_destroy(&R.notfull);
	pthread_cond_destroy(&R.changed);
	return rep;
}
