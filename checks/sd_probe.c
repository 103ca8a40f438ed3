/*
 * sd_probe.c: what the suspicious-domains probes of both kinds of system
 * share: the hosts file reader and the hardened reader of browser history
 * databases (see sd_probe.h). The probes (checks/linux/suspicious_domains.c,
 * checks/windows/suspicious_domains.c) only say where to look.
 */
#include "sd_probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "domains.h"
#include "../sys/target.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* Microseconds between 1601-01-01 and 1970-01-01 (Chromium's epoch). */
#define WEBKIT_EPOCH_US 11644473600000000LL

/* FNV-1a over the parts of a seen key. */
static uint64_t
seen_hash(const char *host, const char *shown, size_t source)
{
	uint64_t h = 1469598103934665603ULL ^ source;
	const char *s;

	for (s = host; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (s = shown != NULL ? shown : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Whether seen entry e has this key. */
static int
seen_is(const struct sd_seen *e, const char *host, const char *shown, size_t source)
{
	return e->source == source && strcmp(e->host, host) == 0 &&
	    ((e->shown == NULL && shown == NULL) ||
	        (e->shown != NULL && shown != NULL && strcmp(e->shown, shown) == 0));
}

/* Records host (with the user-info shown and, for hosts, the address) seen in source at t; 1 when new. */
static int
note_seen(struct sd_probe *p, size_t source, const char *host, const char *shown,
    const char *address, time_t t)
{
	struct suspicious_domains_facts *f = p->f;
	size_t i;
	struct sd_seen *e;

	if (2 * (f->nseen + 1) > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 1024, j;
		size_t *ns = xcalloc(ncap, sizeof *ns);

		for (j = 0; j < f->nseen; j++) {
			const struct sd_seen *s = &f->seen[j];

			for (i = seen_hash(s->host, s->shown, s->source) & (ncap - 1); ns[i] != 0;
			     i = (i + 1) & (ncap - 1))
				;
			ns[i] = j + 1;
		}
		free(p->slot);
		p->slot = ns;
		p->cap = ncap;
	}
	for (i = seen_hash(host, shown, source) & (p->cap - 1); p->slot[i] != 0;
	     i = (i + 1) & (p->cap - 1)) {
		e = &f->seen[p->slot[i] - 1];
		if (seen_is(e, host, shown, source)) {
			e->count++;
			if (t > e->last)
				e->last = t;
			return 0;
		}
	}
	f->seen = xreallocarray(f->seen, f->nseen + 1, sizeof *f->seen);
	e = &f->seen[f->nseen];
	memset(e, 0, sizeof *e);
	e->host = xstrdup(host);
	e->shown = shown != NULL ? xstrdup(shown) : NULL;
	e->address = address != NULL ? xstrdup(address) : NULL;
	e->source = source;
	e->last = t;
	e->count = 1;
	p->slot[i] = ++f->nseen;
	return 1;
}

/* Adds a source; returns its index. */
size_t
sd_add_source(struct sd_probe *p, const char *kind, const char *path, const char *user)
{
	struct suspicious_domains_facts *f = p->f;
	struct sd_source *s;

	f->sources = xreallocarray(f->sources, f->nsources + 1, sizeof *f->sources);
	s = &f->sources[f->nsources];
	memset(s, 0, sizeof *s);
	s->kind = xstrdup(kind);
	s->path = xstrdup(path);
	s->user = user != NULL ? xstrdup(user) : NULL;
	check_evidence_file(p->res, p->ctx, path);
	return f->nsources++;
}

void
sd_unreadable(struct sd_probe *p, size_t i, int hostile, const char *fmt, ...)
{
	struct sd_source *s = &p->f->sources[i];
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(s->unreadable);
	s->unreadable = sb_detach(&sb);
	s->hostile = hostile;
}

/*
 * When path (or a directory on the way) is a symbolic link that does not
 * resolve inside the root (an absolute or ".." link to a file the image
 * does not have), writes that into why and returns 1.
 */
int
sd_unresolved_link(const struct target *t, const char *path, char *why, size_t whylen)
{
	char *prefix = xstrdup(path), *slash;
	size_t end = 0, len = strlen(path);
	int found = 0;

	while (end < len && !found) {
		struct stat st;

		slash = strchr(path + end + 1, '/');
		end = slash != NULL ? (size_t)(slash - path) : len;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		if (target_lstat(t, prefix, &st) != 0)
			break;
		if (S_ISLNK(st.st_mode) && target_stat(t, prefix, &st) != 0) {
			char *to = target_readlink(t, prefix),
			     *safe_to = text_sanitize(to != NULL ? to : "?");
			char *safe_prefix = text_sanitize(prefix);

			/* the link's text is the image's, untrusted: sanitised */
			(void)xsnprintf(why, whylen,
			    "%s is a link to %s, which cannot be resolved inside %s", safe_prefix,
			    safe_to, target_root(t));
			free(safe_prefix);
			free(safe_to);
			free(to);
			found = 1;
		}
	}
	free(prefix);
	return found;
}

/* Whether addr (a hosts-file address) blocks the name: 0.0.0.0, 127/8, ::, ::1 or their mapped forms. */
static int
blocking_address(const char *addr, int *valid)
{
	unsigned char b[16];

	*valid = 1;
	if (inet_pton(AF_INET, addr, b) == 1)
		return (b[0] | b[1] | b[2] | b[3]) == 0 || b[0] == 127;
	if (inet_pton(AF_INET6, addr, b) == 1) {
		static const unsigned char zero[16],
		    mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
			return 1;
		if (memcmp(b, mapped, 12) == 0)
			return (b[12] | b[13] | b[14] | b[15]) == 0 || b[12] == 127;
		return 0;
	}
	*valid = 0;
	return 0;
}

void
sd_probe_hosts(struct sd_probe *p, const char *path)
{
	const struct target *t = p->ctx->target;
	char *data, err[512], why[512], *line, *save = NULL;
	struct stat st;
	time_t mtime;
	size_t src, lineno = 0;
	struct sd_source *s;

	if (target_read(t, path, 16 << 20, &data, NULL, err, sizeof err) < 0) {
		int e = errno;

		if (sd_unresolved_link(t, path, why, sizeof why)) {
			src = sd_add_source(p, "hosts", path, NULL);
			sd_unreadable(p, src, 0, "%s", why);
		} else if (e != ENOENT || target_exists(t, path)) {
			src = sd_add_source(p, "hosts", path, NULL);
			sd_unreadable(p, src, 0, "%s", err);
		}
		return;
	}
	mtime = target_stat(t, path, &st) == 0 ? st.st_mtime : 0;
	src = sd_add_source(p, "hosts", path, NULL);
	/* line by line, keeping empty lines so the numbers are right */
	for (line = data; line != NULL; line = save) {
		char *hash, *tok, *ts = NULL, *addr = NULL;
		int block = 0, valid = 1;

		save = strchr(line, '\n');
		if (save != NULL)
			*save++ = '\0';
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		for (tok = strtok_r(line, " \t\r", &ts); tok != NULL; tok = strtok_r(NULL, " \t\r", &ts)) {
			char *url, *host;

			if (addr == NULL) {
				addr = tok;
				block = blocking_address(addr, &valid);
				if (!valid) {
					/* glibc skips such a line; say where it is */
					s = &p->f->sources[src];
					if (s->malformed++ == 0) {
						char *safe = text_sanitize_n(addr, strnlen(addr, 40));

						s->note = xasprintf(
						    "line %zu: \"%s\" is not an address: the line is ignored",
						    lineno, safe);
						free(safe);
					}
					break;
				}
				continue;
			}
			s = &p->f->sources[src];
			if (block) {
				s->blocked++;
				continue;
			}
			url = xasprintf("http://%s/", tok);
			if ((host = domain_from_url(url, NULL)) != NULL) {
				note_seen(p, src, host, NULL, addr, mtime);
				free(host);
			}
			free(url);
			s->entries++;
		}
	}
	free(data);
}

/*
 * Copies the regular file fd (at most max bytes, as fstat gave them) to a
 * new private file dst. 0, or -1 with why.
 */
static int
copy_fd(int fd, const char *dst, long long max, char *why, size_t whylen)
{
	char buf[65536];
	struct stat st;
	off_t left;
	ssize_t n;
	int out;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)xsnprintf(why, whylen, "not a regular file");
		return -1;
	}
	if ((long long)st.st_size > max) {
		(void)xsnprintf(why, whylen, "larger than %lld MiB: not read", max >> 20);
		return -1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		(void)xsnprintf(why, whylen, "cannot create a temporary copy: %s", strerror(errno));
		return -1;
	}
	/* no more than the size it had: a file that keeps growing is cut there */
	for (left = st.st_size; left > 0; left -= n) {
		n = read(fd, buf, (size_t)(left < (off_t)sizeof buf ? left : (off_t)sizeof buf));
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			(void)xsnprintf(why, whylen, "cannot read: %s",
			    n < 0 ? strerror(errno) : "file shrank");
			goto err;
		}
		if (write(out, buf, (size_t)n) != n) {
			(void)xsnprintf(why, whylen, "cannot write the temporary copy: %s",
			    strerror(errno));
			goto err;
		}
	}
	if (close(out) != 0) {
		(void)xsnprintf(why, whylen, "cannot write the temporary copy");
		return -1;
	}
	return 0;
err:
	close(out);
	return -1;
}

/* The deadline a progress handler enforces. */
struct budget {
	struct timespec deadline;
	int expired;
};

/* SQLite progress handler: non-zero (interrupt) once the deadline has passed. */
static int
budget_check(void *arg)
{
	struct budget *b = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > b->deadline.tv_sec ||
	    (now.tv_sec == b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec))
		b->expired = 1;
	return b->expired;
}

/* Limits a connection to an untrusted database: small limits, no views or triggers, the deadline. */
static void
harden(sqlite3 *db, struct budget *b)
{
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1000000);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
	sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
	sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 4);
	sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 25000);
	sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 8);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
	sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
	sqlite3_limit(db, SQLITE_LIMIT_WORKER_THREADS, 0);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_progress_handler(db, 1000, budget_check, b);
}

/* Why a SQLite call failed, naming a limit it hit; hostile set when one was. */
static const char *
sqlite_why(sqlite3 *db, int rc, const struct budget *b, int seconds, char *buf, size_t buflen, int *hostile)
{
	*hostile = 1;
	if (b->expired || rc == SQLITE_INTERRUPT)
		(void)xsnprintf(buf, buflen,
		    "still reading after %d s: stopped (a crafted or oversized database)", seconds);
	else if (rc == SQLITE_NOMEM)
		(void)xsnprintf(buf, buflen,
		    "needed more than %lld MiB of memory: stopped (a crafted database)",
		    SD_HEAP_LIMIT >> 20);
	else if (rc == SQLITE_TOOBIG)
		(void)xsnprintf(buf, buflen,
		    "a value or statement over the limits: stopped (a crafted database)");
	else {
		*hostile = 0;
		(void)xsnprintf(buf, buflen, "%s", db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	}
	return buf;
}

/* "file:" URI of path with every byte outside the unreserved set escaped, and query. Caller frees. */
static char *
file_uri(const char *path, const char *query)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *c;

	sb_adds(&sb, "file:");
	for (c = (const unsigned char *)path; *c; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/-._~", *c) != NULL)
			sb_addc(&sb, (char)*c);
		else
			sb_addf(&sb, "%%%02X", *c);
	sb_addf(&sb, "?%s", query);
	return sb_detach(&sb);
}

/*
 * Checks that table is a real table of db: in sqlite_master with type
 * 'table', not virtual, without computed columns. 0, or -1 with why.
 */
static int
real_table(sqlite3 *db, const char *table, struct budget *b, int seconds, char *why, size_t whylen,
    int *hostile)
{
	sqlite3_stmt *st = NULL;
	int rc, found = 0, ok = 1;

	*hostile = 0;
	rc = sqlite3_prepare_v2(db,
	    "SELECT type, coalesce(sql, '') LIKE 'create virtual%' FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
	    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		rc = SQLITE_ROW;
	}
	while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);

		found++;
		if (type == NULL || strcmp(type, "table") != 0) {
			(void)xsnprintf(why, whylen, "%s is a %s, not a table: a crafted database", table,
			    type != NULL && strcmp(type, "view") == 0 ? "view" : "schema entry of another kind");
			*hostile = 1;
			ok = 0;
		} else if (sqlite3_column_int(st, 1)) {
			(void)xsnprintf(why, whylen, "%s is a virtual table: a crafted database", table);
			*hostile = 1;
			ok = 0;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		sqlite_why(db, rc, b, seconds, why, whylen, hostile);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (!ok)
		return -1;
	if (found == 0) {
		(void)xsnprintf(why, whylen, "no table %s: not a history of this browser", table);
		return -1;
	}
	rc = sqlite3_prepare_v2(db,
	    "SELECT count(*) FROM pragma_table_xinfo(?1) WHERE hidden IN (2, 3)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		sqlite_why(db, rc, b, seconds, why, whylen, hostile);
		sqlite3_finalize(st);
		return -1;
	}
	if (sqlite3_column_int(st, 0) > 0) {
		(void)xsnprintf(why, whylen, "%s has computed columns: a crafted database", table);
		*hostile = 1;
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Starts a budget of seconds from now. */
static void
budget_start(struct budget *b, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, &b->deadline);
	b->deadline.tv_sec += seconds;
	b->expired = 0;
}

/*
 * Folds the write-ahead log copied beside copy into it, with the same
 * limits, so the copy can then be opened immutable. 0, or -1 with why.
 */
static int
fold_wal(const char *copy, struct budget *b, int seconds, char *why, size_t whylen, int *hostile)
{
	sqlite3 *db = NULL;
	int rc, logn = 0, done = 0;

	rc = sqlite3_open_v2(copy, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		harden(db, b);
		/* a read first: only then does the connection see the database is in WAL mode */
		rc = sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &logn, &done);
	if (rc != SQLITE_OK) {
		sqlite_why(db, rc, b, seconds, why, whylen, hostile);
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		(void)xsnprintf(why, whylen, "cannot fold the write-ahead log into the copy");
		return -1;
	}
	return 0;
}

/* Removes the copy and its side files. */
static void
remove_copy(const char *copy)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal", NULL };
	size_t i;

	for (i = 0; side[i] != NULL; i++) {
		char *f = xasprintf("%s%s", copy, side[i]);

		unlink(f);
		free(f);
	}
}

/* Reads the visited URLs of one history database (path on the target) into the facts. */
void
sd_read_history(struct sd_probe *p, const char *path, const char *user, int chromium)
{
	const struct target *t = p->ctx->target;
	const char *table = chromium ? "urls" : "moz_places";
	const char *sql = chromium ? "SELECT url, last_visit_time, visit_count FROM urls" :
	                             "SELECT url, last_visit_date, visit_count FROM moz_places";
	char err[512],
	    why[512] = "", *copy = xasprintf("%s/history.sqlite", p->tmpdir), *walpath, *uri = NULL;
	struct budget b;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 old_limit = sqlite3_hard_heap_limit64(-1);
	size_t src;
	int fd, rc, hostile = 0;
	long long nhosts = 0;
	struct sd_source *s;

	fd = target_open_file(t, path, O_RDONLY | O_NONBLOCK, err, sizeof err);
	if (fd < 0) {
		int e = errno;

		if (sd_unresolved_link(t, path, why, sizeof why)) {
			src = sd_add_source(p, chromium ? "chromium-history" : "firefox-history",
			    path, user);
			sd_unreadable(p, src, 0, "%s", why);
		} else if (e != ENOENT) {
			src = sd_add_source(p, chromium ? "chromium-history" : "firefox-history",
			    path, user);
			sd_unreadable(p, src, 0, "%s", strerror(e));
		}
		free(copy);
		return;
	}
	src = sd_add_source(p, chromium ? "chromium-history" : "firefox-history", path, user);
	rc = copy_fd(fd, copy, SD_HISTORY_MAX_BYTES, why, sizeof why);
	close(fd);
	if (rc < 0)
		goto out;
	/* a running browser keeps its newest visits in the write-ahead log: it is read too */
	walpath = xasprintf("%s-wal", path);
	fd = target_open_file(t, walpath, O_RDONLY | O_NONBLOCK, err, sizeof err);
	if (fd < 0 && errno != ENOENT) {
		(void)xsnprintf(why, sizeof why, "its write-ahead log: %s", err);
	} else if (fd < 0 && sd_unresolved_link(t, walpath, err, sizeof err)) {
		(void)xsnprintf(why, sizeof why, "its write-ahead log: %s", err);
	} else if (fd >= 0) {
		char *cwal = xasprintf("%s-wal", copy);

		if (copy_fd(fd, cwal, SD_WAL_MAX_BYTES, err, sizeof err) < 0)
			(void)xsnprintf(why, sizeof why, "its write-ahead log: %s", err);
		else
			p->f->sources[src].wal = 1;
		close(fd);
		free(cwal);
	}
	free(walpath);
	if (why[0] != '\0')
		goto out;
	sqlite3_hard_heap_limit64(SD_HEAP_LIMIT);
	budget_start(&b, p->seconds);
	if (p->f->sources[src].wal && fold_wal(copy, &b, p->seconds, why, sizeof why, &hostile) < 0)
		goto out;
	uri = file_uri(copy, "immutable=1");
	rc = sqlite3_open_v2(uri, &db,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		sqlite_why(db, rc, &b, p->seconds, why, sizeof why, &hostile);
		goto out;
	}
	harden(db, &b);
	if (real_table(db, table, &b, p->seconds, why, sizeof why, &hostile) < 0)
		goto out;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK) {
		sqlite_why(db, rc, &b, p->seconds, why, sizeof why, &hostile);
		goto out;
	}
	s = &p->f->sources[src];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *url = sqlite3_column_text(st, 0);
		long long us = sqlite3_column_int64(st, 1), visits = sqlite3_column_int64(st, 2);
		char *host, *shown;

		s = &p->f->sources[src];
		if (s->entries + s->unvisited >= p->max_rows || nhosts >= SD_HISTORY_MAX_HOSTS) {
			if (nhosts >= SD_HISTORY_MAX_HOSTS)
				(void)xsnprintf(why, sizeof why,
				    "more than %lld different host names: stopped (a crafted or oversized database)",
				    SD_HISTORY_MAX_HOSTS);
			else
				(void)xsnprintf(why, sizeof why,
				    "more than %lld rows: stopped (a crafted or oversized database)",
				    p->max_rows);
			hostile = 1;
			goto out;
		}
		/* a bookmark or an address typed but never loaded is not a visit */
		if (us <= 0 && visits <= 0) {
			s->unvisited++;
			continue;
		}
		s->entries++;
		if (url == NULL || (host = domain_from_url((const char *)url, &shown)) == NULL)
			continue;
		if (chromium)
			us = us > WEBKIT_EPOCH_US ? us - WEBKIT_EPOCH_US : 0;
		nhosts += note_seen(p, src, host, shown, NULL, us > 0 ? (time_t)(us / 1000000) : 0);
		free(host);
		free(shown);
	}
	if (rc != SQLITE_DONE)
		sqlite_why(db, rc, &b, p->seconds, why, sizeof why, &hostile);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	sqlite3_hard_heap_limit64(old_limit);
	remove_copy(copy);
	free(copy);
	free(uri);
	if (why[0] != '\0') {
		s = &p->f->sources[src];
		s->entries = 0;
		s->unvisited = 0;
		sd_unreadable(p, src, hostile, "%s", why);
		/* names already noted from a database stopped half-way are still evidence: keep them */
	}
}

/* Why a directory could not be opened, or NULL when it simply is not there. */
const char *
sd_dir_problem(const struct target *t, const char *dir, int e, char *buf, size_t buflen)
{
	if (sd_unresolved_link(t, dir, buf, buflen))
		return buf;
	if (e == ENOENT || e == ENOTDIR)
		return NULL;
	if (e == EACCES)
		return "directory not readable (run as root)";
	(void)xsnprintf(buf, buflen, "%s", strerror(e));
	return buf;
}

int
sd_probe_start(struct sd_probe *p, const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	const char *tmp = getenv("TMPDIR");

	memset(p, 0, sizeof *p);
	p->ctx = ctx;
	p->res = res;
	p->f = facts;
	p->seconds = (int)check_param_int(ctx, "history_seconds", 30);
	p->max_rows = check_param_int(ctx, "history_rows", SD_HISTORY_MAX_ROWS);
	if (xsnprintf(p->tmpdir, sizeof p->tmpdir, "%s/reentry-hist.XXXXXX",
	        tmp != NULL && tmp[0] == '/' && strlen(tmp) < 80 ? tmp : "/tmp") < 0 ||
	    mkdtemp(p->tmpdir) == NULL) {
		check_result_set(res, CHECK_ERROR,
		    "cannot create a private temporary directory for history copies",
		    "履歴のコピー用の一時ディレクトリを作成できません");
		return -1;
	}
	return 0;
}

void
sd_probe_end(struct sd_probe *p)
{
	rmdir(p->tmpdir);
	free(p->slot);
	p->slot = NULL;
}
