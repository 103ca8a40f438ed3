/*
 * auditcache.c: the audit's cache of reports whose bytes verified
 * (auditcache.h says what is kept and why it is safe to use).
 *
 * Loading reads the file once and indexes its lines by the two SHA-256s
 * without parsing them; a line is parsed only when its report is in the
 * directory, by the thread verifying that report.
 */
#include "auditcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#define HEADER "reentry-audit-cache 1 " REENTRY_VERSION "\n"
#define HEX 64
#define KEEP_FILES 8
#define MAX_CACHE_BYTES (1ull << 32)

struct centry {
	const char *sha256, *sig_sha256, *line_sha256; /* HEX characters each, in buf */
	const char *json;
	size_t jlen;
	atomic_int taken;
};

struct auditcache {
	char *buf;
	struct centry *e;
	size_t n;
	atomic_int stale;
	atomic_size_t taken;
};

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int
centry_cmp(const void *x, const void *y)
{
	const struct centry *a = x, *b = y;
	int c = memcmp(a->sha256, b->sha256, HEX);

	return c != 0 ? c : memcmp(a->sig_sha256, b->sig_sha256, HEX);
}

/* Reads the whole file at fd (size bytes as fstat said) into a new buffer; NULL on error. */
static char *
read_fd(int fd, size_t size, size_t *len)
{
	char *buf = xmalloc(size + 1);
	size_t got = 0;

	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

struct auditcache *
auditcache_load(const char *path)
{
	struct auditcache *c = xcalloc(1, sizeof *c);
	struct stat st;
	size_t len = 0, cap = 0;
	char *p, *end;
	int fd;

	atomic_init(&c->stale, 1);
	atomic_init(&c->taken, 0);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return c;
	/* only a file we wrote: ours, and nobody else may have changed it */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (unsigned long long)st.st_size > MAX_CACHE_BYTES ||
	    (c->buf = read_fd(fd, (size_t)st.st_size, &len)) == NULL) {
		close(fd);
		return c;
	}
	close(fd);
	if (len < sizeof HEADER - 1 || memcmp(c->buf, HEADER, sizeof HEADER - 1) != 0)
		return c;
	atomic_store(&c->stale, 0);
	end = c->buf + len;
	for (p = c->buf + sizeof HEADER - 1; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		struct centry *e;

		/* SHA256 SIG_SHA256 LINE_SHA256 JSON, and a newline */
		if (nl == NULL || ll < 3 * (HEX + 1) + 2 || !is_hex(p, HEX) || p[HEX] != ' ' ||
		    !is_hex(p + HEX + 1, HEX) || p[2 * HEX + 1] != ' ' ||
		    !is_hex(p + 2 * HEX + 2, HEX) || p[3 * HEX + 2] != ' ') {
			atomic_store(&c->stale, 1);
			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		if (c->n == cap) {
			cap = cap ? cap * 2 : 1024;
			c->e = xreallocarray(c->e, cap, sizeof *c->e);
		}
		e = &c->e[c->n++];
		e->sha256 = p;
		e->sig_sha256 = p + HEX + 1;
		e->line_sha256 = p + 2 * HEX + 2;
		e->json = p + 3 * HEX + 3;
		e->jlen = ll - (3 * HEX + 3);
		atomic_init(&e->taken, 0);
		p = nl + 1;
	}
	if (c->n > 1)
		qsort(c->e, c->n, sizeof *c->e, centry_cmp);
	return c;
}

void
auditcache_free(struct auditcache *c)
{
	if (c == NULL)
		return;
	free(c->e);
	free(c->buf);
	free(c);
}

int
auditcache_take(struct auditcache *c, const char *sha256, const char *sig_sha256,
    struct json **report, struct sshkey **signer)
{
	struct centry want, *e;
	struct json *doc = NULL;
	struct sshkey *k = NULL;
	char hex[65], err[256], *fp = NULL;
	const char *claimed;

	*report = NULL;
	*signer = NULL;
	if (c == NULL || c->n == 0 || strlen(sha256) != HEX || strlen(sig_sha256) != HEX)
		return -1;
	want.sha256 = sha256;
	want.sig_sha256 = sig_sha256;
	if ((e = bsearch(&want, c->e, c->n, sizeof *c->e, centry_cmp)) == NULL)
		return -1;
	/* a report copied under two names has one entry: the second is verified in full */
	if (atomic_exchange(&e->taken, 1) != 0)
		return -1;
	atomic_fetch_add(&c->taken, 1);
	sha256_hex(e->json, e->jlen, hex);
	if (memcmp(hex, e->line_sha256, HEX) != 0 ||
	    (doc = json_parse(e->json, e->jlen, err, sizeof err)) == NULL ||
	    !json_is(json_get(doc, "report"), JSON_OBJECT) || json_get_str(json_get(doc, "key")) == NULL ||
	    (k = sshkey_parse_public(json_get_str(json_get(doc, "key")), err, sizeof err)) == NULL)
		goto bad;
	fp = sshkey_fingerprint(k);
	claimed = json_get_str(
	    json_get(json_get(json_get(doc, "report"), "signature"), "key_fingerprint"));
	if (claimed == NULL || strcmp(claimed, fp) != 0)
		goto bad;
	*report = json_obj_take(doc, "report");
	*signer = k;
	json_free(doc);
	free(fp);
	return 0;
bad:
	atomic_store(&c->stale, 1);
	free(fp);
	sshkey_free(k);
	json_free(doc);
	return -1;
}

int
auditcache_stale(const struct auditcache *c)
{
	return c == NULL || atomic_load(&c->stale) != 0 || atomic_load(&c->taken) != c->n;
}

/* A cache file in the directory of caches. */
struct cfile {
	char *name;
	struct timespec mtime;
};

/* Newest first. */
static int
cfile_cmp(const void *x, const void *y)
{
	const struct cfile *a = x, *b = y;

	if (a->mtime.tv_sec != b->mtime.tv_sec)
		return a->mtime.tv_sec > b->mtime.tv_sec ? -1 : 1;
	if (a->mtime.tv_nsec != b->mtime.tv_nsec)
		return a->mtime.tv_nsec > b->mtime.tv_nsec ? -1 : 1;
	return strcmp(a->name, b->name);
}

/*
 * Removes the caches in dir past the KEEP_FILES most recently written, and
 * temporary files a killed audit left (older than a day: never one being
 * written now).
 */
static void
prune(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct cfile *v = NULL;
	size_t n = 0, i;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		struct stat st;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (strstr(de->d_name, ".cache.tmp.") != NULL) {
			if (st.st_mtim.tv_sec < time(NULL) - 86400)
				unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		if (l < 7 || strcmp(de->d_name + l - 6, ".cache") != 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].name = xstrdup(de->d_name);
		v[n++].mtime = st.st_mtim;
	}
	if (n > KEEP_FILES) {
		qsort(v, n, sizeof *v, cfile_cmp);
		for (i = KEEP_FILES; i < n; i++)
			unlinkat(dirfd(d), v[i].name, 0);
	}
	closedir(d);
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int
auditcache_write(const char *path, const struct auditcache_entry *e, size_t n, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT, js = STRBUF_INIT;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), hex[65];
	size_t i;
	int rc = -1;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (file_mkdirs(dir, 0700, err, errlen) < 0)
			goto out;
	}
	sb_adds(&sb, HEADER);
	for (i = 0; i < n; i++) {
		sb_truncate(&js, 0);
		sb_adds(&js, "{\"key\":");
		json_write_string(&js, e[i].key, strlen(e[i].key));
		sb_adds(&js, ",\"report\":");
		json_write(e[i].report, &js, 0);
		sb_addc(&js, '}');
		sha256_hex(js.buf, js.len, hex);
		sb_addf(&sb, "%s %s %s ", e[i].sha256, e[i].sig_sha256, hex);
		sb_add(&sb, js.buf, js.len);
		sb_addc(&sb, '\n');
	}
	if (file_write_atomic(path, sb.buf, sb.len, 0600, err, errlen) < 0)
		goto out;
	if (slash != NULL && slash != dir)
		prune(dir);
	rc = 0;
out:
	sb_free(&sb);
	sb_free(&js);
	free(dir);
	return rc;
}

char *
auditcache_path(const char *state_dir, const char *dir)
{
	char *real = realpath(dir, NULL), hex[65];

	if (real == NULL)
		return NULL;
	sha256_hex(real, strlen(real), hex);
	free(real);
	return xasprintf("%s/audit-cache/%.32s.cache", state_dir, hex);
}
