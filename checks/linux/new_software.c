/*
 * linux/new_software.c: the new-software check's probe for Debian-like
 * systems. Everything is read through the target (sys/target.h), beneath
 * its root.
 *
 * 1. dpkg's log, /var/log/dpkg.log and its rotated copies dpkg.log.N and
 *    dpkg.log.N.gz, oldest first: every install, upgrade, remove and purge
 *    at or after the period start, per name:arch.
 * 2. apt's history, /var/log/apt/history.log and history.log.N.gz: each apt
 *    run's Commandline, Requested-By and Install line, whose ", automatic"
 *    marks a dependency apt pulled in; /var/lib/apt/extended_states
 *    (Auto-Installed: 1) where the history says nothing.
 * 3. Software outside dpkg: the entries of /opt, /usr/local/bin,
 *    /usr/local/sbin and each home's .local/bin; Flatpak app deployments
 *    system-wide (/var/lib/flatpak/app) and per user
 *    (~/.local/share/flatpak/app); snaps (/var/lib/snapd/snaps/NAME_REV.snap,
 *    their type from /snap/NAME/current/meta/snap.yaml where mounted); and
 *    a bounded walk of every home directory (entries, depth and time, each
 *    limit reported when hit) for executables with the names of known tools
 *    and for AppImages.
 *
 * A file that cannot be read, or a symbolic link that does not resolve
 * inside the root, is recorded as a problem naming it; the judge then says
 * unknown rather than pass.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "../new_software.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../sys/zfile.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

#define LOG_DIR "/var/log"
#define APT_LOG_DIR "/var/log/apt"
#define EXT_STATES "/var/lib/apt/extended_states"
#define FLATPAK_SYSTEM "/var/lib/flatpak/app"
#define SNAP_DIR "/var/lib/snapd/snaps"
#define LOG_MAX ((size_t)256 << 20)
#define EXT_MAX ((size_t)64 << 20)
#define DIR_MAX 100000 /* entries read from /opt, /usr/local/bin, /usr/local/sbin, ~/.local/bin */
#define LOGS_MAX 10000 /* rotated logs of one kind */
#define APPS_MAX 10000 /* entries read from a Flatpak or snap directory, and from /home */

/* --- small helpers -------------------------------------------------------- */

static void
add_str(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/*
 * The symbolic link on the way to path (path itself included) that does not
 * resolve inside the root, as "PATH: the symbolic link L -> T cannot be
 * resolved inside ROOT", or NULL when there is none. Caller frees.
 */
static char *
unresolved_link(const struct check_ctx *ctx, const char *path)
{
	char *copy = xstrdup(path), *p, *msg = NULL;

	for (p = copy + 1;; p++) {
		char c = *p;
		struct stat st;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (target_lstat(ctx->target, copy, &st) == 0 && S_ISLNK(st.st_mode) &&
		    target_stat(ctx->target, copy, &st) != 0) {
			char *to = target_readlink(ctx->target, copy);

			msg = xasprintf("%s: the symbolic link %s -> %s cannot be resolved inside %s",
			    path, copy, to != NULL ? to : "?", target_root(ctx->target));
			free(to);
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	return msg;
}

/* Why path could not be read: the link that does not resolve, else err. Caller frees. */
static char *
unresolved(const struct check_ctx *ctx, const char *path, const char *err)
{
	char *m = unresolved_link(ctx, path);

	return m != NULL ? m : xstrdup(err);
}

/*
 * Why path could not be read (errno e, err from the target), or NULL when
 * absent_ok and it is simply not there (or not a directory where one was
 * wanted) with no link on the way that fails to resolve. Caller frees.
 */
static char *
read_failure(const struct check_ctx *ctx, const char *path, int e, const char *err, int absent_ok)
{
	char *m = unresolved_link(ctx, path);

	if (m != NULL)
		return m;
	if (absent_ok && (e == ENOENT || e == ENOTDIR))
		return NULL;
	return xstrdup(err);
}

static void
problem(struct new_software_facts *f, char *msg)
{
	add_str(&f->problems, &f->nproblems, msg);
}

/*
 * Opens a directory on the target. NULL when it is simply absent (or not a
 * directory); NULL with a problem (a note for apt's records) when it
 * exists but cannot be read, or a link on the way does not resolve.
 */
static DIR *
open_dir(const struct check_ctx *ctx, struct new_software_facts *f, const char *path, int note_only)
{
	char err[512], *m;
	DIR *d = target_opendir(ctx->target, path, err, sizeof err);

	if (d != NULL || (m = read_failure(ctx, path, errno, err, 1)) == NULL)
		return d;
	if (note_only)
		add_str(&f->notes, &f->nnotes, m);
	else
		problem(f, m);
	return NULL;
}

/* Splits the next space-separated word of [*p, end). */
static int
word(const char **p, const char *end, const char **w, size_t *n)
{
	while (*p < end && **p == ' ')
		(*p)++;
	*w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	*n = (size_t)(*p - *w);
	return *n > 0 ? 0 : -1;
}

/* Parses "YYYY-MM-DD HH:MM:SS" (one or more blanks between) as local time; the end or NULL. */
static const char *
local_time(const char *p, const char *end, time_t *t)
{
	struct tm tm;
	char buf[40];
	size_t n = (size_t)(end - p) < sizeof buf - 1 ? (size_t)(end - p) : sizeof buf - 1;
	const char *q;

	memcpy(buf, p, n);
	buf[n] = '\0';
	memset(&tm, 0, sizeof tm);
	tm.tm_isdst = -1;
	if ((q = strptime(buf, "%Y-%m-%d %H:%M:%S", &tm)) == NULL)
		return NULL;
	/* dpkg and apt write local time */
	*t = mktime(&tm);
	if (*t == (time_t)-1)
		return NULL;
	return p + (q - buf);
}

/* --- dpkg.log ------------------------------------------------------------- */

/* FNV-1a of n bytes. */
static size_t
hash_bytes(const char *s, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Puts package i into f's name index (which has room). */
static void
hash_put(struct new_software_facts *f, size_t i)
{
	size_t h = hash_bytes(f->pkgs[i].name, strlen(f->pkgs[i].name)) & (f->pkg_hash_cap - 1);

	while (f->pkg_hash[h] != 0)
		h = (h + 1) & (f->pkg_hash_cap - 1);
	f->pkg_hash[h] = i + 1;
}

/* The package named name (n bytes) in f, added when new: constant time, whatever the log holds. */
static struct ns_pkg *
pkg_get(struct new_software_facts *f, const char *name, size_t n)
{
	size_t h, i;

	if (f->pkg_hash_cap > 0) {
		for (h = hash_bytes(name, n) & (f->pkg_hash_cap - 1); f->pkg_hash[h] != 0;
		     h = (h + 1) & (f->pkg_hash_cap - 1)) {
			struct ns_pkg *e = &f->pkgs[f->pkg_hash[h] - 1];

			if (strlen(e->name) == n && memcmp(e->name, name, n) == 0)
				return e;
		}
	}
	if (2 * (f->npkgs + 1) > f->pkg_hash_cap) {
		/* keep the index at most half full */
		free(f->pkg_hash);
		f->pkg_hash_cap = f->pkg_hash_cap ? f->pkg_hash_cap * 2 : 64;
		f->pkg_hash = xcalloc(f->pkg_hash_cap, sizeof *f->pkg_hash);
		for (i = 0; i < f->npkgs; i++)
			hash_put(f, i);
	}
	f->pkgs = xreallocarray(f->pkgs, f->npkgs + 1, sizeof *f->pkgs);
	memset(&f->pkgs[f->npkgs], 0, sizeof f->pkgs[f->npkgs]);
	f->pkgs[f->npkgs].name = xstrndup(name, n);
	f->pkgs[f->npkgs].automatic = -1;
	f->pkgs[f->npkgs].via_apt = -1;
	f->pkgs[f->npkgs].parent = -1;
	hash_put(f, f->npkgs);
	return &f->pkgs[f->npkgs++];
}

static void
dpkg_bad(struct new_software_facts *f, const char *file, size_t line, const char *why)
{
	if (f->bad == NULL)
		f->bad = xasprintf("%s:%zu: %s", file, line, why);
	f->nbad++;
}

void
new_software_parse_dpkg_log(struct new_software_facts *f, const char *file, const char *buf, size_t len)
{
	const char *p, *end;
	struct ns_log *lg;

	f->logs = xreallocarray(f->logs, f->nlogs + 1, sizeof *f->logs);
	lg = &f->logs[f->nlogs++];
	memset(lg, 0, sizeof *lg);
	lg->file = xstrdup(file);
	for (p = buf, end = buf + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *act, *name, *v1, *v2;
		size_t an, nn, n1, n2;
		time_t t;
		int install, upgrade, rm;

		if (eol == NULL)
			eol = end;
		lg->lines++;
		if (eol == p) { /* an empty line, as at the end of a file */
			p = eol + 1;
			continue;
		}
		if (memchr(p, '\0', (size_t)(eol - p)) != NULL ||
		    (q = local_time(p, eol, &t)) == NULL || word(&q, eol, &act, &an) < 0) {
			dpkg_bad(f, file, lg->lines, "not a dpkg log line");
			p = eol + 1;
			continue;
		}
		if (lg->first == 0)
			lg->first = t;
		lg->last = t;
		if (f->oldest == 0 || t < f->oldest)
			f->oldest = t;
		install = an == 7 && memcmp(act, "install", 7) == 0;
		upgrade = an == 7 && memcmp(act, "upgrade", 7) == 0;
		rm = (an == 6 && memcmp(act, "remove", 6) == 0) ||
		    (an == 5 && memcmp(act, "purge", 5) == 0);
		if (t >= f->since && (install || upgrade || rm)) {
			struct ns_pkg *e;

			if (word(&q, eol, &name, &nn) < 0 || word(&q, eol, &v1, &n1) < 0 ||
			    word(&q, eol, &v2, &n2) < 0) {
				char why[64];

				snprintf(why, sizeof why, "%.*s line without versions", (int)an, act);
				dpkg_bad(f, file, lg->lines, why);
				p = eol + 1;
				continue;
			}
			e = pkg_get(f, name, nn);
			if (e->from == NULL) {
				e->from = xstrndup(v1, n1);
				e->installed = install && n1 == 6 && memcmp(v1, "<none>", 6) == 0;
			}
			free(e->to);
			e->to = xstrndup(v2, n2);
			e->when = t;
			e->removed = rm;
			lg->events++;
		}
		p = eol + 1;
	}
}

/* --- apt history.log ------------------------------------------------------ */

static void
hist_bad(struct new_software_facts *f, const char *file, size_t line, const char *why)
{
	if (f->history_bad == NULL)
		f->history_bad = xasprintf("%s:%zu: %s", file, line, why);
	f->history_nbad++;
}

/* Parses an Install: value, "name:arch (version[, automatic]), ..." into t; -1 when malformed. */
static int
parse_installs(struct ns_txn *t, const char *p, const char *end)
{
	while (p < end) {
		const char *open, *close, *name;
		size_t nn;

		while (p < end && (*p == ' ' || *p == ','))
			p++;
		if (p == end)
			break;
		name = p;
		open = memchr(p, '(', (size_t)(end - p));
		if (open == NULL)
			return -1;
		close = memchr(open, ')', (size_t)(end - open));
		if (close == NULL)
			return -1;
		nn = (size_t)(open - name);
		while (nn > 0 && name[nn - 1] == ' ')
			nn--;
		if (nn == 0 || memchr(name, ' ', nn) != NULL)
			return -1;
		t->inst = xreallocarray(t->inst, t->ninst + 1, sizeof *t->inst);
		t->inst[t->ninst].name = xstrndup(name, nn);
		t->inst[t->ninst].automatic = (size_t)(close - open) >= 10 &&
		    memcmp(close - 9, "automatic", 9) == 0 &&
		    memchr(open, ',', (size_t)(close - open)) != NULL;
		t->ninst++;
		p = close + 1;
	}
	return 0;
}

static void
txn_free(struct ns_txn *t)
{
	size_t i;

	free(t->commandline);
	free(t->requested_by);
	for (i = 0; i < t->ninst; i++)
		free(t->inst[i].name);
	free(t->inst);
	memset(t, 0, sizeof *t);
}

void
new_software_parse_history(struct new_software_facts *f, const char *file, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t line = 0, start_line = 0;
	struct ns_txn cur;
	int have = 0, bad = 0;

	f->history_files++;
	memset(&cur, 0, sizeof cur);
	for (;;) {
		const char *eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL, *colon, *v;

		if (p < end && eol == NULL)
			eol = end;
		if (p >= end || eol == p) {
			/* the end of a stanza, which must have had its Start-Date */
			if (have && !bad && cur.start == 0) {
				hist_bad(f, file, start_line, "stanza without Start-Date");
				bad = 1;
			}
			if (have && !bad && cur.ninst > 0 && cur.start >= f->since) {
				f->txns = xreallocarray(f->txns, f->ntxns + 1, sizeof *f->txns);
				f->txns[f->ntxns++] = cur;
			} else
				txn_free(&cur);
			memset(&cur, 0, sizeof cur);
			have = bad = 0;
			if (p >= end)
				break;
			line++;
			p = eol + 1;
			continue;
		}
		line++;
		if (!have)
			start_line = line;
		have = 1;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (memchr(p, '\0', (size_t)(eol - p)) != NULL || colon == NULL || colon == p) {
			hist_bad(f, file, line, "not an apt history line");
			bad = 1;
			p = eol + 1;
			continue;
		}
		for (v = colon + 1; v < eol && *v == ' '; v++)
			;
#define KEY(k) ((size_t)(colon - p) == sizeof k - 1 && memcmp(p, k, sizeof k - 1) == 0)
		if (KEY("Start-Date")) {
			time_t t;

			if (local_time(v, eol, &t) == NULL) {
				hist_bad(f, file, line, "Start-Date is not a date");
				bad = 1;
			} else {
				cur.start = t;
				if (f->history_oldest == 0 || t < f->history_oldest)
					f->history_oldest = t;
			}
		} else if (KEY("Commandline")) {
			free(cur.commandline);
			cur.commandline = xstrndup(v, (size_t)(eol - v));
		} else if (KEY("Requested-By")) {
			free(cur.requested_by);
			cur.requested_by = xstrndup(v, (size_t)(eol - v));
		} else if (KEY("Install")) {
			if (parse_installs(&cur, v, eol) < 0) {
				hist_bad(f, file, line, "Install line not understood");
				bad = 1;
			}
		}
#undef KEY
		p = eol + 1;
	}
}

/* --- apt extended_states, and linking packages to apt runs --------------- */

/* Whether dpkg's name:arch a and apt's b name the same package ("all" packages show apt's native arch). */
static int
same_pkg(const char *a, const char *b, size_t bn)
{
	size_t an = strcspn(a, ":"), bbare = strcspn(b, ":");
	const char *aa = a[an] == ':' ? a + an + 1 : "", *ba;
	size_t ban;

	if (bbare > bn)
		bbare = bn;
	if (an != bbare || memcmp(a, b, an) != 0)
		return 0;
	ba = bbare < bn ? b + bbare + 1 : "";
	ban = bbare < bn ? bn - bbare - 1 : 0;
	if (*aa == '\0' || ban == 0 || strcmp(aa, "all") == 0 || (ban == 3 && memcmp(ba, "all", 3) == 0))
		return 1;
	return strlen(aa) == ban && memcmp(aa, ba, ban) == 0;
}

/* Package indices of f sorted by name without ":arch", for lookups by apt's names. */
struct by_bare {
	const struct new_software_facts *f;
	size_t *idx;
};

static size_t
bare_len(const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);

	return c != NULL ? (size_t)(c - s) : n;
}

static int
cmp_bare(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c != 0 ? c : an < bn ? -1 : an > bn ? 1 : 0;
}

static const struct new_software_facts *sort_f; /* qsort has no context argument */

static int
cmp_idx(const void *a, const void *b)
{
	const char *x = sort_f->pkgs[*(const size_t *)a].name, *y = sort_f->pkgs[*(const size_t *)b].name;

	return cmp_bare(x, bare_len(x, strlen(x)), y, bare_len(y, strlen(y)));
}

static void
by_bare_init(struct by_bare *b, const struct new_software_facts *f)
{
	size_t i;

	b->f = f;
	b->idx = xcalloc(f->npkgs + 1, sizeof *b->idx);
	for (i = 0; i < f->npkgs; i++)
		b->idx[i] = i;
	sort_f = f;
	qsort(b->idx, f->npkgs, sizeof *b->idx, cmp_idx);
	sort_f = NULL;
}

/* The first position in b whose package has the bare name of name (n bytes); *end past the last. */
static size_t
by_bare_find(const struct by_bare *b, const char *name, size_t n, size_t *end)
{
	size_t bl = bare_len(name, n), lo = 0, hi = b->f->npkgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = b->f->pkgs[b->idx[mid]].name;

		if (cmp_bare(p, bare_len(p, strlen(p)), name, bl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (*end = lo; *end < b->f->npkgs; (*end)++) {
		const char *p = b->f->pkgs[b->idx[*end]].name;

		if (cmp_bare(p, bare_len(p, strlen(p)), name, bl) != 0)
			break;
	}
	return lo;
}

void
new_software_parse_extended_states(struct new_software_facts *f, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	char *pkg = NULL, *arch = NULL;
	int autoinst = 0;
	struct by_bare b;

	by_bare_init(&b, f);
	for (;;) {
		const char *eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL, *colon, *v;

		if (p < end && eol == NULL)
			eol = end;
		if (p >= end || eol == p) {
			if (pkg != NULL && autoinst && strchr(pkg, ':') == NULL) {
				char *full = xasprintf("%s:%s", pkg, arch != NULL ? arch : "");
				size_t fn = arch != NULL ? strlen(full) : strlen(pkg), i, last;

				for (i = by_bare_find(&b, pkg, strlen(pkg), &last); i < last; i++) {
					struct ns_pkg *e = &f->pkgs[b.idx[i]];

					if (e->automatic == -1 && same_pkg(e->name, full, fn)) {
						e->automatic = 1;
						e->auto_source = "extended_states";
					}
				}
				free(full);
			}
			free(pkg);
			free(arch);
			pkg = arch = NULL;
			autoinst = 0;
			if (p >= end)
				break;
			p = eol + 1;
			continue;
		}
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon != NULL) {
			for (v = colon + 1; v < eol && *v == ' '; v++)
				;
			if ((size_t)(colon - p) == 7 && memcmp(p, "Package", 7) == 0) {
				free(pkg);
				pkg = xstrndup(v, (size_t)(eol - v));
			} else if ((size_t)(colon - p) == 12 && memcmp(p, "Architecture", 12) == 0) {
				free(arch);
				arch = xstrndup(v, (size_t)(eol - v));
			} else if ((size_t)(colon - p) == 14 && memcmp(p, "Auto-Installed", 14) == 0)
				autoinst = eol - v >= 1 && *v == '1';
		}
		p = eol + 1;
	}
	free(b.idx);
}

void
new_software_link_history(struct new_software_facts *f)
{
	size_t i, j, k, last;
	char *linked = xcalloc(f->npkgs + 1, 1);
	struct by_bare b;

	by_bare_init(&b, f);
	/* the latest apt run first: the first one to name a package installed it last */
	for (j = f->ntxns; j-- > 0;) {
		const struct ns_txn *t = &f->txns[j];
		char *asked = NULL; /* what the run asked for, made when first needed */
		long parent = -1;   /* the first of it installed in the period */
		int asked_made = 0;

		for (k = 0; k < t->ninst; k++) {
			const char *name = t->inst[k].name;
			size_t nl = strlen(name), x;

			for (x = by_bare_find(&b, name, nl, &last); x < last; x++) {
				struct ns_pkg *e = &f->pkgs[b.idx[x]];
				size_t m;

				if (!e->installed || linked[b.idx[x]] || !same_pkg(e->name, name, nl))
					continue;
				linked[b.idx[x]] = 1;
				e->via_apt = 1;
				e->automatic = t->inst[k].automatic;
				e->auto_source = "history.log";
				free(e->commandline);
				free(e->requested_by);
				e->commandline = t->commandline != NULL ? xstrdup(t->commandline) : NULL;
				e->requested_by = t->requested_by != NULL ? xstrdup(t->requested_by) : NULL;
				free(e->pulled_by);
				e->pulled_by = NULL;
				if (e->automatic && !asked_made) {
					struct strbuf sb = STRBUF_INIT;

					/* at most a line's worth */
					for (m = 0; m < t->ninst && sb.len < 512; m++)
						if (!t->inst[m].automatic)
							sb_addf(&sb, "%s%s", sb.len ? ", " : "",
							    t->inst[m].name);
					asked = sb.len ? sb_detach(&sb) : NULL;
					sb_free(&sb);
					asked_made = 1;
					for (m = 0; m < t->ninst && parent < 0; m++) {
						size_t y, yend, ml = strlen(t->inst[m].name);

						if (t->inst[m].automatic)
							continue;
						for (y = by_bare_find(&b, t->inst[m].name, ml, &yend);
						     y < yend; y++)
							if (f->pkgs[b.idx[y]].installed &&
							    same_pkg(f->pkgs[b.idx[y]].name,
							        t->inst[m].name, ml)) {
								parent = (long)b.idx[y];
								break;
							}
					}
				}
				if (e->automatic && asked != NULL)
					e->pulled_by = xstrdup(asked);
				if (e->automatic)
					e->parent = parent;
			}
		}
		free(asked);
	}
	for (i = 0; i < f->npkgs; i++)
		if (f->pkgs[i].installed && !linked[i] && f->history_oldest != 0 &&
		    f->history_oldest <= f->pkgs[i].when)
			f->pkgs[i].via_apt = 0;
	free(linked);
	free(b.idx);
}

/* --- reading the logs ----------------------------------------------------- */

/* Rotation number of NAME.log, NAME.log.N or NAME.log.N.gz: 0, N, or -1 for other names. */
static long
log_number(const char *name, const char *base)
{
	size_t bl = strlen(base);
	const char *p;
	char *end;
	long n;

	if (strcmp(name, base) == 0)
		return 0;
	if (strncmp(name, base, bl) != 0 || name[bl] != '.')
		return -1;
	p = name + bl + 1;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	n = strtol(p, &end, 10);
	if (errno != 0 || n <= 0 || (*end != '\0' && strcmp(end, ".gz") != 0))
		return -1;
	return n;
}

struct logname {
	char *name;
	long n;
};

static int
cmp_log_desc(const void *a, const void *b)
{
	long x = ((const struct logname *)a)->n, y = ((const struct logname *)b)->n;

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * Reads dir/base and its rotations, oldest first, into f (a dpkg log, or
 * apt's history when history is set). Returns
 * the number of files found; a file that cannot be read is recorded.
 */
static size_t
read_logs(const struct check_ctx *ctx, struct check_result *res, struct new_software_facts *f,
    const char *dir, const char *base, int history)
{
	DIR *d = open_dir(ctx, f, dir, history);
	struct dirent *de;
	struct logname *names = NULL;
	size_t n = 0, i;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		long num = log_number(de->d_name, base);

		if (num < 0)
			continue;
		if (n == LOGS_MAX) {
			problem(f,
			    xasprintf("%s: more than %d %s files, the rest not read", dir, LOGS_MAX, base));
			break;
		}
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n].name = xstrdup(de->d_name);
		names[n++].n = num;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_log_desc);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i].name), *buf = NULL, err[512];
		size_t len;

		if (!history && names[i].n > 0)
			f->rotated = 1;
		check_evidence_file(res, ctx, path);
		if (zfile_read_at(ctx->target, path, LOG_MAX, &buf, &len, err, sizeof err) < 0) {
			char *why = unresolved(ctx, path, err);

			if (history)
				add_str(&f->notes, &f->nnotes, why);
			else {
				struct ns_log *lg;

				f->logs = xreallocarray(f->logs, f->nlogs + 1, sizeof *f->logs);
				lg = &f->logs[f->nlogs++];
				memset(lg, 0, sizeof *lg);
				lg->file = xstrdup(path);
				lg->error = xstrdup(why);
				if (f->bad == NULL)
					f->bad = xstrdup(why);
				f->nbad++;
				free(why);
			}
		} else if (history)
			new_software_parse_history(f, path, buf, len);
		else
			new_software_parse_dpkg_log(f, path, buf, len);
		free(buf);
		free(path);
		free(names[i].name);
	}
	free(names);
	return n;
}

/* --- software outside dpkg ------------------------------------------------ */

static struct ns_item *
item_add(struct new_software_facts *f, enum ns_item_kind kind, const char *name, const char *path,
    const char *scope, const struct stat *st)
{
	struct ns_item *it;
	size_t i;

	/* the walk may meet what ~/.local/bin listed; the walk's finds are few */
	for (i = 0; (kind == NS_ITEM_TOOL || kind == NS_ITEM_APPIMAGE) && i < f->nitems; i++)
		if (strcmp(f->items[i].path, path) == 0)
			return NULL;
	f->items = xreallocarray(f->items, f->nitems + 1, sizeof *f->items);
	it = &f->items[f->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->name = xstrdup(name);
	it->path = xstrdup(path);
	it->scope = xstrdup(scope);
	it->mtime = st->st_mtime;
	it->ctime = st->st_ctime;
	return it;
}

/* Records that dir has more entries than the probe reads. */
static void
too_many(struct new_software_facts *f, const char *dir, size_t max)
{
	problem(f, xasprintf("%s: more than %zu entries, the rest not read", dir, max));
}

/* Every entry of dir (not recursive), as files outside the package manager. */
static void
list_dir(const struct check_ctx *ctx, struct new_software_facts *f, const char *dir, const char *scope)
{
	DIR *d = open_dir(ctx, f, dir, 0);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (n++ == DIR_MAX) {
			too_many(f, dir, DIR_MAX);
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, de->d_name);
		if (target_lstat(ctx->target, path, &st) == 0)
			item_add(f, NS_ITEM_FILE, de->d_name, path, scope, &st);
		free(path);
	}
	closedir(d);
}

/* Whether the regular file path is executable: a mode bit, or ELF or #! magic. */
static int
is_executable(const struct check_ctx *ctx, const char *path, const struct stat *st)
{
	char err[256];
	unsigned char m[4];
	int fd, ok = 0;
	ssize_t r;

	if (st->st_mode & 0111)
		return 1;
	fd = target_open_file(ctx->target, path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW, err, sizeof err);
	if (fd < 0)
		return 0;
	r = read(fd, m, sizeof m);
	if (r == 4 && memcmp(m, "\177ELF", 4) == 0)
		ok = 1;
	else if (r >= 2 && m[0] == '#' && m[1] == '!')
		ok = 1;
	close(fd);
	return ok;
}

struct walker {
	const struct check_ctx *ctx;
	struct new_software_facts *f;
	struct timespec start;
	size_t errors; /* directories that could not be read */
	int stop;
};

static void
walk_error(struct walker *w, char *msg)
{
	if (w->errors++ < 20)
		problem(w->f, msg);
	else
		free(msg);
}

/* Walks dir (depth levels below the home), recording known tools and AppImages. */
static void
walk_home(struct walker *w, const char *dir, long long depth, const char *user)
{
	struct ns_walk *wk = &w->f->walk;
	char err[512];
	DIR *d = target_opendir(w->ctx->target, dir, err, sizeof err);
	struct dirent *de;

	if (d == NULL) {
		/* a home that does not exist is fine; one behind a dangling link is not */
		char *m = read_failure(w->ctx, dir, errno, err, depth == 0);

		if (m != NULL)
			walk_error(w, m);
		return;
	}
	wk->dirs++;
	while (!w->stop && (de = readdir(d)) != NULL) {
		char low[256], *path;
		size_t n = strlen(de->d_name), i;
		int dirent_dir, tool, appimage;
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((long long)++wk->entries >= wk->max_entries) {
			wk->hit_entries = 1;
			w->stop = 1;
			break;
		}
		if ((wk->entries & 255) == 0) {
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - w->start.tv_sec >= wk->max_seconds) {
				wk->hit_time = 1;
				w->stop = 1;
				break;
			}
		}
		for (i = 0; i < n && i < sizeof low - 1; i++)
			low[i] = (char)tolower((unsigned char)de->d_name[i]);
		low[i] = '\0';
		tool = new_software_tool_of_file(low) != NULL;
		appimage = n > 9 && strcmp(low + n - 9, ".appimage") == 0;
		dirent_dir = de->d_type == DT_DIR;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN &&
		    !(de->d_type == DT_REG && (tool || appimage)))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (de->d_type == DT_UNKNOWN || tool || appimage) {
			if (target_lstat(w->ctx->target, path, &st) != 0) {
				free(path);
				continue;
			}
			dirent_dir = S_ISDIR(st.st_mode);
			if (S_ISREG(st.st_mode) &&
			    (appimage || (tool && is_executable(w->ctx, path, &st))))
				item_add(w->f, appimage && !tool ? NS_ITEM_APPIMAGE : NS_ITEM_TOOL,
				    de->d_name, path, user, &st);
		}
		if (dirent_dir) {
			if (depth + 1 > wk->max_depth) {
				if (wk->depth_skipped++ == 0)
					wk->depth_example = xstrdup(path);
			} else
				walk_home(w, path, depth + 1, user);
		}
		free(path);
	}
	closedir(d);
}

/* The birth time of the directory path (statx), or 0 where the filesystem does not keep one. */
static time_t
born(const struct check_ctx *ctx, const char *path)
{
	char err[256];
	struct statx stx;
	int fd = target_open_file(ctx->target, path, O_PATH | O_DIRECTORY, err, sizeof err);
	time_t t = 0;

	if (fd < 0)
		return 0;
	if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &stx) == 0 && (stx.stx_mask & STATX_BTIME))
		t = (time_t)stx.stx_btime.tv_sec;
	close(fd);
	return t;
}

/* Flatpak app deployments under base (an app/ directory). */
static void
flatpak_apps(const struct check_ctx *ctx, struct new_software_facts *f, const char *base, const char *scope)
{
	DIR *d = open_dir(ctx, f, base, 0);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *app, *cur, *link, *active = NULL;
		struct stat st;
		struct ns_item *it;

		if (n++ == APPS_MAX) {
			too_many(f, base, APPS_MAX);
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		app = xasprintf("%s/%s", base, de->d_name);
		if (!target_isdir(ctx->target, app)) {
			free(app);
			continue;
		}
		/* current -> ARCH/BRANCH, whose active -> the deployed commit */
		cur = xasprintf("%s/current", app);
		link = target_readlink(ctx->target, cur);
		if (link != NULL && link[0] != '/' && strstr(link, "..") == NULL)
			active = xasprintf("%s/%s/active", app, link);
		if (active == NULL || target_stat(ctx->target, active, &st) != 0) {
			free(active);
			active = NULL;
			if (target_stat(ctx->target, app, &st) != 0) {
				free(app);
				free(cur);
				free(link);
				continue;
			}
		}
		it = item_add(f, NS_ITEM_FLATPAK, de->d_name, active != NULL ? active : app, scope, &st);
		if (it != NULL && link != NULL && active != NULL)
			it->version = xstrdup(link);
		if (it != NULL)
			it->born = born(ctx, app); /* app/ID is made at the first install */
		free(active);
		free(app);
		free(cur);
		free(link);
	}
	closedir(d);
}

/* Snap types that snapd installs for itself, by name, where meta/snap.yaml cannot be read. */
static int
snap_runtime_name(const char *name)
{
	static const char *const names[] = { "core", "core16", "core18", "core20", "core22",
		"core24", "core26", "snapd", "bare", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The type: of a mounted snap's meta/snap.yaml, or NULL (a problem when it is there but unreadable). Caller frees. */
static char *
snap_type(const struct check_ctx *ctx, struct new_software_facts *f, const char *name)
{
	char *path = xasprintf("/snap/%s/current/meta/snap.yaml", name), *data, err[256], *line,
	     *save = NULL, *type = NULL;

	if (target_read(ctx->target, path, 1 << 20, &data, NULL, err, sizeof err) == 0) {
		for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "type:", 5) == 0) {
				char *v = sysprobe_trim(line + 5);

				type = xstrndup(v, strcspn(v, " #\"'"));
				break;
			}
		free(data);
	} else {
		/* not mounted (an image) is usual; a link out of the root is not */
		char *m = read_failure(ctx, path, errno, err, 1);

		if (m != NULL)
			problem(f, m);
	}
	free(path);
	return type;
}

/* Snaps from snapd's downloaded .snap files, one per name (its newest revision). */
static void
snaps(const struct check_ctx *ctx, struct new_software_facts *f)
{
	DIR *d = open_dir(ctx, f, SNAP_DIR, 0);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name), i;
		const char *us;
		char *name, *path, *type;
		struct stat st;
		struct ns_item *it = NULL;

		if (n++ == APPS_MAX) {
			too_many(f, SNAP_DIR, APPS_MAX);
			break;
		}
		if (len < 6 || strcmp(de->d_name + len - 5, ".snap") != 0 ||
		    (us = strrchr(de->d_name, '_')) == NULL || us == de->d_name)
			continue;
		name = xstrndup(de->d_name, (size_t)(us - de->d_name));
		path = xasprintf("%s/%s", SNAP_DIR, de->d_name);
		/* a link is followed inside the root; one that does not resolve is said */
		if (target_stat(ctx->target, path, &st) != 0 || !S_ISREG(st.st_mode)) {
			char *m = unresolved_link(ctx, path);

			if (m != NULL)
				problem(f, m);
			free(name);
			free(path);
			continue;
		}
		for (i = 0; i < f->nitems; i++)
			if (f->items[i].kind == NS_ITEM_SNAP && strcmp(f->items[i].name, name) == 0)
				it = &f->items[i];
		if (it != NULL && it->mtime >= st.st_mtime) {
			free(name);
			free(path);
			continue;
		}
		if (it != NULL) {
			free(it->path);
			free(it->version);
			it->path = xstrdup(path);
			it->mtime = st.st_mtime;
			it->ctime = st.st_ctime;
		} else
			it = item_add(f, NS_ITEM_SNAP, name, path, "system", &st);
		it->version = xstrndup(us + 1, len - 5 - (size_t)(us + 1 - de->d_name));
		{
			/* /snap/NAME is made at the first install and kept across refreshes */
			char *dir = xasprintf("/snap/%s", name);

			it->born = born(ctx, dir);
			free(dir);
		}
		type = snap_type(ctx, f, name);
		it->runtime = type != NULL ? strcmp(type, "app") != 0 : snap_runtime_name(name);
		free(type);
		free(name);
		free(path);
	}
	closedir(d);
}

static void
add_home(char ***dirs, char ***users, size_t *n, char *dir, const char *user)
{
	*dirs = xreallocarray(*dirs, *n + 1, sizeof **dirs);
	*users = xreallocarray(*users, *n + 1, sizeof **users);
	(*dirs)[*n] = dir;
	(*users)[(*n)++] = xstrdup(user);
}

/* The home directories: /etc/passwd's (uid 1000 and up, and /root) and every directory in /home. */
static void
homes(const struct check_ctx *ctx, struct new_software_facts *f, char ***dirs, char ***users, size_t *n)
{
	struct sysprobe_home *h = NULL;
	size_t nh = 0, i, j;
	char err[512];
	DIR *d;
	struct dirent *de;

	if (sysprobe_homes(ctx->target, &h, &nh, err, sizeof err) < 0) {
		/* no passwd at all leaves /home; one that cannot be read hides homes elsewhere */
		char *m = read_failure(ctx, "/etc/passwd", errno, err, 1);

		if (m != NULL)
			problem(f, m);
	}
	for (i = 0; i < nh; i++)
		add_home(dirs, users, n, xstrdup(h[i].dir), h[i].user);
	sysprobe_homes_free(h, nh);
	if ((d = open_dir(ctx, f, "/home", 0)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *p;
			int keep;

			if (*n >= APPS_MAX) {
				too_many(f, "/home", APPS_MAX);
				break;
			}
			if (de->d_name[0] == '.')
				continue;
			p = xasprintf("/home/%s", de->d_name);
			for (j = 0; j < *n; j++)
				if (strcmp((*dirs)[j], p) == 0)
					break;
			keep = j == *n;
			if (keep && !target_isdir(ctx->target, p)) {
				/* a dangling link is kept: the walk says it does not resolve */
				char *bad = unresolved_link(ctx, p);

				keep = bad != NULL;
				free(bad);
			}
			if (!keep) {
				free(p);
				continue;
			}
			add_home(dirs, users, n, p, de->d_name);
		}
		closedir(d);
	}
}

static void
scan_paths(const struct check_ctx *ctx, struct check_result *res, struct new_software_facts *f)
{
	char **dirs = NULL, **users = NULL;
	size_t n = 0, i;
	struct walker w;

	f->scanned_paths = 1;
	list_dir(ctx, f, "/opt", "system");
	list_dir(ctx, f, "/usr/local/bin", "system");
	list_dir(ctx, f, "/usr/local/sbin", "system");
	flatpak_apps(ctx, f, FLATPAK_SYSTEM, "system");
	check_evidence_file(res, ctx, FLATPAK_SYSTEM);
	snaps(ctx, f);
	check_evidence_file(res, ctx, SNAP_DIR);
	homes(ctx, f, &dirs, &users, &n);
	memset(&w, 0, sizeof w);
	w.ctx = ctx;
	w.f = f;
	clock_gettime(CLOCK_MONOTONIC, &w.start);
	f->walk.homes = n;
	for (i = 0; i < n; i++) {
		char *lb, *fp, *bad = unresolved_link(ctx, dirs[i]);

		if (bad != NULL) {
			/* said once for the home, not for each place in it */
			problem(f, bad);
			continue;
		}
		lb = xasprintf("%s/.local/bin", dirs[i]);
		fp = xasprintf("%s/.local/share/flatpak/app", dirs[i]);

		list_dir(ctx, f, lb, users[i]);
		flatpak_apps(ctx, f, fp, users[i]);
		if (!w.stop)
			walk_home(&w, dirs[i], 0, users[i]);
		free(lb);
		free(fp);
	}
	if (w.errors > 20)
		problem(f,
		    xasprintf("... and %zu more directories under the homes that could not be read",
		        w.errors - 20));
	for (i = 0; i < n; i++) {
		free(dirs[i]);
		free(users[i]);
	}
	free(dirs);
	free(users);
}

int
new_software_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct new_software_facts *f = facts;
	char *buf = NULL, err[512];
	size_t len, i;

	if (new_software_since(ctx, &f->since, res) < 0)
		return -1;
	read_logs(ctx, res, f, LOG_DIR, "dpkg.log", 0);
	read_logs(ctx, res, f, APT_LOG_DIR, "history.log", 1);
	new_software_link_history(f);
	check_evidence_file(res, ctx, EXT_STATES);
	if (target_read(ctx->target, EXT_STATES, EXT_MAX, &buf, &len, err, sizeof err) == 0) {
		f->extended_states = 1;
		new_software_parse_extended_states(f, buf, len);
		/* what apt does not mark automatic, it counts as asked for */
		for (i = 0; i < f->npkgs; i++)
			if (f->pkgs[i].automatic == -1 && f->pkgs[i].installed) {
				f->pkgs[i].automatic = 0;
				f->pkgs[i].auto_source = "extended_states";
			}
	} else {
		char *m = read_failure(ctx, EXT_STATES, errno, err, 1);

		f->extended_states = m != NULL ? -1 : 0;
		if (m != NULL)
			add_str(&f->notes, &f->nnotes, m);
	}
	free(buf);
	f->walk.max_entries = check_param_int(ctx, "home_max_entries", 500000);
	f->walk.max_depth = check_param_int(ctx, "home_max_depth", 32);
	f->walk.max_seconds = check_param_int(ctx, "home_max_seconds", 60);
	if (check_param_bool(ctx, "scan_paths", 1))
		scan_paths(ctx, res, f);
	return 0;
}
