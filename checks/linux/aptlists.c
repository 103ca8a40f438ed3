/*
 * aptlists.c: the dpkg status file, apt's lists, Release files and pins, and
 * apt's choice of candidate versions (see aptlists.h for the rules).
 */
#include "aptlists.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../../sys/target.h"
#include "../../sys/zfile.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"
#include "aptsrc.h"
#include "debver.h"

#define STATUS_PATH "/var/lib/dpkg/status"
#define ARCH_PATH "/var/lib/dpkg/arch"
#define LISTS_DIR "/var/lib/apt/lists"
#define PREFS_FILE "/etc/apt/preferences"
#define PREFS_DIR "/etc/apt/preferences.d"
#define STAMP_PATH "/var/lib/apt/periodic/update-success-stamp"
#define PARTIAL_DIR "/var/lib/apt/lists/partial"
#define CONF_FILE "/etc/apt/apt.conf"
#define CONF_DIR "/etc/apt/apt.conf.d"
#define SOURCES_FILE "/etc/apt/sources.list"
#define SOURCES_DIR "/etc/apt/sources.list.d"
#define MACHINE_ID "/etc/machine-id"
#define CONF_MAX ((size_t)4 << 20)

#define STATUS_MAX ((size_t)256 << 20)
#define LIST_MAX ((size_t)1 << 30)
#define PREFS_MAX ((size_t)4 << 20)
#define NO_PIN INT_MIN

enum pin_type { PIN_VERSION, PIN_RELEASE, PIN_ORIGIN };

/* One stanza of a preferences file. */
struct pin {
	char **names; /* package patterns ("src:" ones match source names); NULL for "Package: *" */
	enum pin_type type;
	char *data; /* what follows the type word */
	int priority;
};

/* A version of an installed package offered somewhere. */
struct cver {
	const char *ver; /* points into a list buffer or the state */
	size_t verlen;
	const char *arch;
	size_t archlen;
	char *own;     /* ver and arch copied from a list (NUL-separated), or NULL */
	int fileprio;  /* highest priority of the files offering it */
	int pinprio;   /* NO_PIN, or the priority of the first pin matching it */
	size_t pinidx; /* which of the package's pins that is */
	int installed;
	int security;
	size_t *srcs; /* indices into st->src; (size_t)-1 for the status file */
	size_t nsrcs;
	char *source;  /* source package name, or NULL for the binary's own name */
	char *srcver;  /* source version when the Source field gives one, else NULL */
	char *depends; /* Depends and Pre-Depends of this version, ", "-joined, or NULL */
	char *breaks;  /* Breaks and Conflicts of this version, ", "-joined, or NULL */
	int phased;    /* Phased-Update-Percentage, 100 when none */
};

/* Installed package in the hash, with the versions seen for it. */
struct inst {
	struct apt_pkg *pkg;
	char *rarch;             /* resolved architecture: "all" is the native one */
	const struct pin **pins; /* pins naming the package, in file order */
	size_t npins;
	struct cver *v;
	size_t nv, capv;
	struct inst *next_same_name;
};

struct loader {
	const struct target *t;
	struct apt_state *st;
	struct pin *pins;
	size_t npins;
	struct inst **tab; /* by name */
	size_t tabsize;
	struct inst *insts;
	struct aptconf conf;
	struct aptsrc sources;
	int defrel; /* L->pins[0] is APT::Default-Release */
	char *err;
	size_t errlen;
};

/* FNV-1a of a counted string. */
static size_t
hash_n(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct inst *
inst_find(const struct loader *L, const char *name, size_t n)
{
	struct inst *i = L->tab[hash_n(name, n) & (L->tabsize - 1)];

	for (; i != NULL; i = i->next_same_name)
		if (strlen(i->pkg->name) == n && memcmp(i->pkg->name, name, n) == 0)
			return i;
	return NULL;
}

/* Line number of position p in buf (1-based). */
static size_t
line_of(const char *buf, const char *p)
{
	size_t line = 1;

	for (; buf < p; buf++)
		if (*buf == '\n')
			line++;
	return line;
}

/*
 * Finds field name in the stanza [s, e) and returns its first-line value
 * (trimmed) through val/vlen; 0 when found. Names compare without case.
 */
static int
field(const char *s, const char *e, const char *name, const char **val, size_t *vlen)
{
	size_t nl = strlen(name);
	const char *p = s;

	while (p < e) {
		const char *eol = memchr(p, '\n', (size_t)(e - p));

		if (eol == NULL)
			eol = e;
		if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
			const char *v = p + nl + 1, *ve = eol;

			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			*val = v;
			*vlen = (size_t)(ve - v);
			return 0;
		}
		p = eol + 1;
	}
	return -1;
}

/* The field's value as a new string, or NULL. */
static char *
field_dup(const char *s, const char *e, const char *name)
{
	const char *v;
	size_t n;

	return field(s, e, name, &v, &n) == 0 ? xstrndup(v, n) : NULL;
}

/* Checks the lines of a stanza: "Name: value" or continuation lines. */
static int
stanza_lines_ok(const char *s, const char *e, const char **bad)
{
	const char *p = s;

	while (p < e) {
		const char *eol = memchr(p, '\n', (size_t)(e - p)), *c;

		if (eol == NULL)
			eol = e;
		if (*p != ' ' && *p != '\t' && *p != '#') {
			for (c = p; c < eol && *c != ':' && *c != ' ' && *c != '\t'; c++)
				;
			if (c == p || c == eol || *c != ':') {
				*bad = p;
				return -1;
			}
		}
		if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
			*bad = p;
			return -1;
		}
		p = eol + 1;
	}
	return 0;
}

/* The first "\n\n" in [p, end), or NULL; faster than memmem for this needle. */
static const char *
find_blank(const char *p, const char *end)
{
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));

		if (q == NULL || q + 1 >= end)
			return NULL;
		if (q[1] == '\n')
			return q;
		p = q + 2;
	}
	return NULL;
}

/* Next stanza in [*pos, end): sets s and e (e at the '\n' ending the last line); 0, or -1 at the end. */
static int
next_stanza(const char **pos, const char *end, const char **s, const char **e)
{
	const char *p = *pos, *q;

	while (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')))
		p++;
	if (p >= end)
		return -1;
	q = find_blank(p, end);
	*s = p;
	*e = q != NULL ? q + 1 : end;
	*pos = q != NULL ? q + 2 : end;
	return 0;
}

/* Status values that mean a version is present on the system. */
static int
status_has_version(const char *st, size_t n)
{
	const char *word = st + n;

	while (word > st && word[-1] != ' ')
		word--;
	n -= (size_t)(word - st);
	return !((n == 13 && memcmp(word, "not-installed", 13) == 0) ||
	    (n == 12 && memcmp(word, "config-files", 12) == 0));
}

static int set_err(struct loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int check_unresolved(struct loader *L, const char *path);

static int
set_err(struct loader *L, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(L->err, L->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads the dpkg status file into st->pkgs. */
static int
load_status(struct loader *L)
{
	char *buf = NULL;
	const char *pos, *end, *s, *e, *bad;
	size_t len, cap = 0;
	struct apt_state *st = L->st;
	int rc = -1;

	if (target_read(L->t, STATUS_PATH, STATUS_MAX, &buf, &len, L->err, L->errlen) < 0) {
		check_unresolved(L, STATUS_PATH);
		goto out;
	}
	if (len == 0) {
		set_err(L, "%s: empty file", STATUS_PATH);
		goto out;
	}
	if (memchr(buf, '\0', len) != NULL) {
		set_err(L, "%s:%zu: NUL byte (the file is corrupt)", STATUS_PATH,
		    line_of(buf, memchr(buf, '\0', len)));
		goto out;
	}
	pos = buf;
	end = buf + len;
	while (next_stanza(&pos, end, &s, &e) == 0) {
		const char *v;
		size_t vn;
		char *name, *arch, *ver, *status;

		if (stanza_lines_ok(s, e, &bad) < 0) {
			set_err(L, "%s:%zu: not a \"Field: value\" line", STATUS_PATH, line_of(buf, bad));
			goto out;
		}
		if (field(s, e, "Package", &v, &vn) < 0 || vn == 0) {
			set_err(L, "%s:%zu: entry without a Package field", STATUS_PATH, line_of(buf, s));
			goto out;
		}
		name = xstrndup(v, vn);
		status = field_dup(s, e, "Status");
		if (status == NULL) {
			set_err(L, "%s:%zu: package %s has no Status field", STATUS_PATH,
			    line_of(buf, s), name);
			free(name);
			goto out;
		}
		if (!status_has_version(status, strlen(status))) {
			free(name);
			free(status);
			continue;
		}
		ver = field_dup(s, e, "Version");
		arch = field_dup(s, e, "Architecture");
		if (ver == NULL || arch == NULL || *ver == '\0' || *arch == '\0') {
			set_err(L, "%s:%zu: installed package %s has no %s field", STATUS_PATH,
			    line_of(buf, s), name,
			    ver == NULL || *ver == '\0' ? "Version" : "Architecture");
			free(name);
			free(status);
			free(ver);
			free(arch);
			goto out;
		}
		if (st->npkgs == cap) {
			cap = cap ? cap * 2 : 1024;
			st->pkgs = xreallocarray(st->pkgs, cap, sizeof *st->pkgs);
		}
		st->pkgs[st->npkgs].name = name;
		st->pkgs[st->npkgs].arch = arch;
		st->pkgs[st->npkgs].version = ver;
		st->pkgs[st->npkgs].status = status;
		{
			char *src = field_dup(s, e, "Source"), *sp;

			/* "Source: name (version)" */
			if (src != NULL && (sp = strchr(src, ' ')) != NULL)
				*sp = '\0';
			st->pkgs[st->npkgs].source = src != NULL && *src ? src : xstrdup(name);
			if (src != NULL && *src == '\0')
				free(src);
		}
		st->pkgs[st->npkgs].provides = field_dup(s, e, "Provides");
		st->pkgs[st->npkgs].ma_allowed = field(s, e, "Multi-Arch", &v, &vn) == 0 &&
		    vn == 7 && memcmp(v, "allowed", 7) == 0;
		st->npkgs++;
	}
	if (len > 0 && buf[len - 1] != '\n') {
		set_err(L, "%s:%zu: file ends in the middle of a line (truncated)", STATUS_PATH,
		    line_of(buf, buf + len));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* Native architecture (dpkg's own) and foreign ones from /var/lib/dpkg/arch. */
static int
load_arches(struct loader *L)
{
	struct apt_state *st = L->st;
	char *buf = NULL, *line, *save = NULL;
	char err[512];
	size_t i, len, n = 0;

	for (i = 0; i < st->npkgs; i++)
		if (strcmp(st->pkgs[i].name, "dpkg") == 0 && strcmp(st->pkgs[i].arch, "all") != 0) {
			st->native = xstrdup(st->pkgs[i].arch);
			break;
		}
	st->foreign = xcalloc(1, sizeof *st->foreign);
	if (target_read(L->t, ARCH_PATH, 65536, &buf, &len, err, sizeof err) < 0 &&
	    check_unresolved(L, ARCH_PATH)) {
		/* dpkg's foreign architectures are unknown: so are their lists */
		return -1;
	} else if (buf != NULL) {
		for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
			while (*line == ' ')
				line++;
			if (*line == '\0')
				continue;
			if (st->native == NULL) {
				st->native = xstrdup(line);
				continue;
			}
			if (strcmp(line, st->native) == 0)
				continue;
			st->foreign = xreallocarray(st->foreign, n + 2, sizeof *st->foreign);
			st->foreign[n++] = xstrdup(line);
			st->foreign[n] = NULL;
		}
	}
	free(buf);
	if (st->native == NULL)
		return set_err(L,
		    "%s: the native architecture is unknown (no dpkg package installed "
		    "and no %s)",
		    STATUS_PATH, ARCH_PATH);
	return 0;
}

static int
arch_configured(const struct apt_state *st, const char *a, size_t n)
{
	size_t i;

	if ((strlen(st->native) == n && memcmp(st->native, a, n) == 0) ||
	    (n == 3 && memcmp(a, "all", 3) == 0))
		return 1;
	for (i = 0; st->foreign[i] != NULL; i++)
		if (strlen(st->foreign[i]) == n && memcmp(st->foreign[i], a, n) == 0)
			return 1;
	return 0;
}

static void
pin_free_all(struct pin *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; p[i].names != NULL && p[i].names[j] != NULL; j++)
			free(p[i].names[j]);
		free(p[i].names);
		free(p[i].data);
	}
	free(p);
}

static int cmp_str(const void *a, const void *b);

static void
add_note(struct apt_state *st, char *note)
{
	size_t n = 0;

	while (st->notes[n] != NULL)
		n++;
	st->notes = xreallocarray(st->notes, n + 2, sizeof *st->notes);
	st->notes[n] = note;
	st->notes[n + 1] = NULL;
}

char *
apt_unresolved_link(const struct target *t, const char *path)
{
	char *copy = xstrdup(path), *p;
	struct stat sb;

	/* each prefix in turn: /etc, /etc/apt, /etc/apt/preferences */
	for (p = copy + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (target_lstat(t, copy, &sb) == 0 && S_ISLNK(sb.st_mode) &&
		    target_stat(t, copy, &sb) < 0) {
			char *to = target_readlink(t, copy);
			char *r = xasprintf("%s -> %s", copy, to != NULL ? to : "?");

			free(to);
			free(copy);
			return r;
		}
		if (c == '\0')
			break;
		*p = c;
	}
	free(copy);
	return NULL;
}

static char **
strv_push(char **v, char *s)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	v = xreallocarray(v, n + 2, sizeof *v);
	v[n] = s;
	v[n + 1] = NULL;
	return v;
}

/*
 * Records path as unresolved when it is a link that leaves the root; 1 when
 * it was one (and err says so), else 0.
 */
static int
check_unresolved(struct loader *L, const char *path)
{
	char *u = apt_unresolved_link(L->t, path);

	if (u == NULL)
		return 0;
	snprintf(L->err, L->errlen,
	    "%s: a symbolic link that cannot be resolved inside the root (%s)", path, u);
	L->st->unresolved = strv_push(L->st->unresolved, u);
	return 1;
}

/*
 * Reads an optional file: 1 with *buf, 0 when it does not exist (a link out
 * of the root is recorded in st->unresolved and counts as not there), -1
 * with the error in L->err.
 */
static int
read_optional(struct loader *L, const char *path, size_t max, char **buf, size_t *len)
{
	char err[512];

	if (target_read(L->t, path, max, buf, len, err, sizeof err) == 0)
		return 1;
	if (check_unresolved(L, path) || errno == ENOENT || errno == ENOTDIR)
		return 0;
	set_err(L, "%s", err);
	return -1;
}

/*
 * The files apt reads from a ".d" directory, sorted, as paths under the root:
 * names of [A-Za-z0-9_:.-] not ending in '.', with one of the extensions
 * in exts (an empty one allows none). A missing directory gives none.
 */
static char **
conf_dir(struct loader *L, const char *dir, const char *const *exts)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, err[512];
	size_t n = 0;

	if ((d = target_opendir(L->t, dir, err, sizeof err)) == NULL) {
		int e = errno;

		if (!check_unresolved(L, dir) && e != ENOENT && e != ENOTDIR)
			add_note(L->st, xasprintf("%s", err));
		return xcalloc(1, sizeof *names);
	}
	while ((de = readdir(d)) != NULL) {
		const char *nm = de->d_name, *c, *dot = strrchr(nm, '.');
		size_t i;
		int ok = nm[0] != '\0' && nm[0] != '.' && nm[strlen(nm) - 1] != '.', extok = 0;

		for (c = nm; *c && ok; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			        (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == ':' ||
			        *c == '.'))
				ok = 0;
		for (i = 0; ok && exts[i] != NULL; i++)
			if ((exts[i][0] == '\0' && dot == NULL) ||
			    (dot != NULL && strcmp(dot + 1, exts[i]) == 0))
				extok = 1;
		if (!ok || !extok)
			continue;
		names = xreallocarray(names, n + 2, sizeof *names);
		names[n++] = xasprintf("%s/%s", dir, nm);
		names[n] = NULL;
	}
	closedir(d);
	if (names == NULL)
		return xcalloc(1, sizeof *names);
	qsort(names, n, sizeof *names, cmp_str);
	return names;
}

/* Reads one preferences file (path under root); a missing file is fine. */
static int
load_prefs_file(struct loader *L, const char *rel)
{
	char *buf = NULL;
	const char *pos, *end, *s, *e;
	size_t len, n;
	struct apt_state *st = L->st;
	int rc = -1;

	if ((rc = read_optional(L, rel, PREFS_MAX, &buf, &len)) <= 0)
		goto out;
	rc = -1;
	for (n = 0; st->prefs[n] != NULL; n++)
		;
	st->prefs = xreallocarray(st->prefs, n + 2, sizeof *st->prefs);
	st->prefs[n] = xstrdup(rel);
	st->prefs[n + 1] = NULL;
	/* comments are whole lines starting with '#': blank them out */
	for (pos = buf; pos < buf + len;) {
		char *eol = memchr(pos, '\n', (size_t)(buf + len - pos));

		if (*pos == '#')
			memset((char *)pos, ' ', (size_t)((eol != NULL ? eol : buf + len) - pos));
		pos = eol != NULL ? eol + 1 : buf + len;
	}
	pos = buf;
	end = buf + len;
	while (next_stanza(&pos, end, &s, &e) == 0) {
		const char *v, *bad;
		size_t vn;
		char *pkgs, *pin, *prio, *word, *save = NULL, *endp;
		struct pin p;
		long pr;

		/* a stanza of only blanked comments */
		for (v = s; v < e && (*v == ' ' || *v == '\n' || *v == '\t' || *v == '\r'); v++)
			;
		if (v == e)
			continue;
		if (stanza_lines_ok(v, e, &bad) < 0) {
			set_err(L, "%s:%zu: not a \"Field: value\" line", rel, line_of(buf, bad));
			goto out;
		}
		if (field(v, e, "Package", &v, &vn) < 0) {
			set_err(L, "%s:%zu: entry without a Package field", rel, line_of(buf, s));
			goto out;
		}
		pkgs = xstrndup(v, vn);
		pin = field_dup(s, e, "Pin");
		prio = field_dup(s, e, "Pin-Priority");
		memset(&p, 0, sizeof p);
		if (pin == NULL || prio == NULL) {
			add_note(st,
			    xasprintf("%s:%zu: entry without Pin or Pin-Priority ignored", rel,
			        line_of(buf, s)));
			goto next;
		}
		errno = 0;
		pr = strtol(prio, &endp, 10);
		if (errno != 0 || *endp != '\0' || endp == prio || pr == 0 || pr < -32768 || pr > 32767) {
			add_note(st,
			    xasprintf("%s:%zu: Pin-Priority '%s' ignored (apt ignores it too)", rel,
			        line_of(buf, s), prio));
			goto next;
		}
		p.priority = (int)pr;
		for (word = pin; *word && *word != ' ' && *word != '\t'; word++)
			;
		if (strncasecmp(pin, "version", (size_t)(word - pin)) == 0 && word - pin == 7)
			p.type = PIN_VERSION;
		else if (strncasecmp(pin, "release", (size_t)(word - pin)) == 0 && word - pin == 7)
			p.type = PIN_RELEASE;
		else if (strncasecmp(pin, "origin", (size_t)(word - pin)) == 0 && word - pin == 6)
			p.type = PIN_ORIGIN;
		else {
			add_note(st,
			    xasprintf("%s:%zu: pin type not understood, ignored", rel, line_of(buf, s)));
			goto next;
		}
		while (*word == ' ' || *word == '\t')
			word++;
		p.data = xstrdup(word);
		if (strcmp(pkgs, "*") != 0) {
			size_t k = 0;
			char *w;

			for (w = strtok_r(pkgs, " \t", &save); w != NULL;
			     w = strtok_r(NULL, " \t", &save)) {
				p.names = xreallocarray(p.names, k + 2, sizeof *p.names);
				p.names[k++] = xstrdup(w);
				p.names[k] = NULL;
			}
		} else if (p.type == PIN_VERSION) {
			add_note(st,
			    xasprintf("%s:%zu: a version pin needs package names, ignored", rel,
			        line_of(buf, s)));
			free(p.data);
			goto next;
		}
		L->pins = xreallocarray(L->pins, L->npins + 1, sizeof *L->pins);
		L->pins[L->npins++] = p;
		st->npins++;
	next:
		free(pkgs);
		free(pin);
		free(prio);
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* /etc/apt/preferences, then preferences.d in name order (names apt accepts). */
static int
load_prefs(struct loader *L)
{
	static const char *const exts[] = { "pref", "", NULL };
	char **names;
	size_t i;
	int rc = 0;

	L->st->prefs = xcalloc(1, sizeof *L->st->prefs);
	if (load_prefs_file(L, PREFS_FILE) < 0)
		return -1;
	names = conf_dir(L, PREFS_DIR, exts);
	for (i = 0; names[i] != NULL; i++)
		if (rc == 0 && load_prefs_file(L, names[i]) < 0)
			rc = -1;
	strv_free(names);
	return rc;
}

/* apt.conf.d in name order, then apt.conf, as apt reads them; a syntax error is an error. */
static int
load_conf(struct loader *L)
{
	static const char *const exts[] = { "conf", "", NULL };
	char **names = conf_dir(L, CONF_DIR, exts), *buf;
	size_t i, len;
	int rc = 0;

	names = strv_push(names, xstrdup(CONF_FILE));
	L->st->conf = xcalloc(1, sizeof *L->st->conf);
	for (i = 0; names[i] != NULL && rc == 0; i++) {
		int r = read_optional(L, names[i], CONF_MAX, &buf, &len);

		if (r < 0)
			rc = -1;
		if (r <= 0)
			continue;
		L->st->conf = strv_push(L->st->conf, xstrdup(names[i]));
		if (aptconf_parse(&L->conf, names[i], buf, len, L->err, L->errlen) < 0)
			rc = -1;
		free(buf);
	}
	strv_free(names);
	if (L->conf.notes != NULL)
		for (i = 0; L->conf.notes[i] != NULL; i++)
			add_note(L->st, xstrdup(L->conf.notes[i]));
	if (rc == 0 && aptconf_get(&L->conf, "APT::Default-Release") != NULL &&
	    *aptconf_get(&L->conf, "APT::Default-Release") != '\0')
		L->st->default_release = xstrdup(aptconf_get(&L->conf, "APT::Default-Release"));
	return rc;
}

/* sources.list, then sources.list.d's *.list and *.sources in name order. */
static int
load_sources(struct loader *L)
{
	static const char *const exts[] = { "list", "sources", NULL };
	char **names = conf_dir(L, SOURCES_DIR, exts), *buf;
	size_t i, len;
	int rc = 0;

	{
		char **all = strv_push(NULL, xstrdup(SOURCES_FILE));

		for (i = 0; names[i] != NULL; i++)
			all = strv_push(all, names[i]);
		free(names);
		names = all;
	}
	L->st->sources = xcalloc(1, sizeof *L->st->sources);
	for (i = 0; names[i] != NULL && rc == 0; i++) {
		size_t nl = strlen(names[i]);
		int r = read_optional(L, names[i], CONF_MAX, &buf, &len);

		if (r < 0)
			rc = -1;
		if (r <= 0)
			continue;
		L->st->sources = strv_push(L->st->sources, xstrdup(names[i]));
		if (nl > 8 && strcmp(names[i] + nl - 8, ".sources") == 0)
			aptsrc_parse_deb822(&L->sources, names[i], buf, len);
		else
			aptsrc_parse_list(&L->sources, names[i], buf, len);
		free(buf);
	}
	strv_free(names);
	if (L->sources.notes != NULL)
		for (i = 0; L->sources.notes[i] != NULL; i++)
			add_note(L->st, xstrdup(L->sources.notes[i]));
	L->st->nentries = L->sources.n;
	return rc;
}

/* A pin pattern: /regex/ or a glob, against a counted string. */
static int
pattern_match(const char *pat, const char *s, size_t n)
{
	char *str = xstrndup(s, n);
	size_t pl = strlen(pat);
	int m;

	if (pl >= 2 && pat[0] == '/' && pat[pl - 1] == '/') {
		char *re = xstrndup(pat + 1, pl - 2);
		regex_t rx;

		m = 0;
		if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) == 0) {
			m = regexec(&rx, str, 0, NULL, 0) == 0;
			regfree(&rx);
		}
		free(re);
	} else
		m = fnmatch(pat, str, 0) == 0;
	free(str);
	return m;
}

/* The status file as a source: archive "now", no origin. */
static const struct apt_source status_source = {
	.suite = (char *)"now",
};

/* Does a release or origin pin match source s? */
static int
pin_matches_source(const struct pin *p, const struct apt_source *s)
{
	char *data, *tok, *save = NULL;
	int m = 1;

	if (p->type == PIN_ORIGIN) {
		const char *want = p->data;
		size_t wl = strlen(want);
		const char *site = s->site != NULL ? s->site : "";

		if (wl >= 2 && want[0] == '"' && want[wl - 1] == '"') {
			char *w = xstrndup(want + 1, wl - 2);

			m = pattern_match(w, site, strlen(site));
			free(w);
			return m;
		}
		return pattern_match(want, site, strlen(site));
	}
	if (p->type != PIN_RELEASE)
		return 0;
	if (strchr(p->data, '=') == NULL) {
		/* a simple specification, as apt reads it: "*", a version, or an archive or codename */
		const char *v = p->data;

		if (strcmp(v, "*") == 0)
			return 1;
		if (*v >= '0' && *v <= '9')
			return s->version != NULL && pattern_match(v, s->version, strlen(s->version));
		return (s->suite != NULL && pattern_match(v, s->suite, strlen(s->suite))) ||
		    (s->codename != NULL && pattern_match(v, s->codename, strlen(s->codename)));
	}
	data = xstrdup(p->data);
	for (tok = strtok_r(data, ",", &save); tok != NULL && m; tok = strtok_r(NULL, ",", &save)) {
		char *eq, *key, *val;
		const char *have;

		while (*tok == ' ')
			tok++;
		eq = strchr(tok, '=');
		if (eq == NULL) {
			/* a bare value is the release version */
			key = (char *)"v";
			val = tok;
		} else {
			*eq = '\0';
			key = tok;
			val = eq + 1;
		}
		while (*val == ' ')
			val++;
		{
			size_t vl = strlen(val);

			while (vl > 0 && val[vl - 1] == ' ')
				val[--vl] = '\0';
		}
		if (strcmp(key, "a") == 0 || strcmp(key, "archive") == 0)
			have = s->suite;
		else if (strcmp(key, "n") == 0 || strcmp(key, "codename") == 0)
			have = s->codename;
		else if (strcmp(key, "v") == 0 || strcmp(key, "version") == 0)
			have = s->version;
		else if (strcmp(key, "o") == 0 || strcmp(key, "origin") == 0)
			have = s->origin;
		else if (strcmp(key, "l") == 0 || strcmp(key, "label") == 0)
			have = s->label;
		else if (strcmp(key, "c") == 0 || strcmp(key, "component") == 0)
			have = s->component;
		else if (strcmp(key, "b") == 0 || strcmp(key, "architecture") == 0)
			have = s->arch;
		else {
			m = 0;
			break;
		}
		if (have == NULL)
			have = "";
		m = pattern_match(val, have, strlen(have));
	}
	free(data);
	return m;
}

/*
 * Does a package pattern name this installed package? As in apt, a pattern
 * without ":arch" names the native-architecture package only; ":any" names
 * every architecture. "src:PATTERN" names the binaries built from a source
 * package matching PATTERN: source is the version's source name, or NULL
 * when it is not known yet (then any src: pattern of the right
 * architecture counts).
 */
static int
pin_names_pkg(const struct pin *p, const struct inst *in, const char *native, const char *source)
{
	size_t i;

	for (i = 0; p->names[i] != NULL; i++) {
		const char *pat = p->names[i], *colon;
		const char *name = in->pkg->name;
		size_t pl;
		int m;

		if (strncmp(pat, "src:", 4) == 0) {
			pat += 4;
			name = source;
		}
		colon = strrchr(pat, ':');
		pl = strlen(pat);
		if (pl == 0)
			continue;
		if (name == NULL) {
			/* a src: pattern before the version's source is known: only the architecture */
			if (colon != NULL && !(pat[0] == '/' && pat[pl - 1] == '/'))
				m = strcmp(colon + 1, "any") == 0 || strcmp(colon + 1, in->rarch) == 0;
			else
				m = strcmp(in->rarch, native) == 0;
			if (m)
				return 1;
			continue;
		}

		if (colon != NULL && !(pat[0] == '/' && pat[pl - 1] == '/' && colon < pat + pl - 1)) {
			char *np = xstrndup(pat, (size_t)(colon - pat));

			m = pattern_match(np, name, strlen(name)) &&
			    (strcmp(colon + 1, "any") == 0 || strcmp(colon + 1, in->rarch) == 0);
			free(np);
		} else
			m = strcmp(in->rarch, native) == 0 && pattern_match(pat, name, strlen(name));
		if (m)
			return 1;
	}
	return 0;
}

/*
 * Adds (or merges) a version of installed package in, offered by source idx;
 * source is its source package name (NULL: the package's own). Returns it.
 */
static struct cver *
add_version(struct loader *L, struct inst *in, const char *ver, size_t verlen, const char *arch,
    size_t archlen, size_t idx, int installed, const char *source, size_t srclen)
{
	const struct apt_source *src = idx == (size_t)-1 ? &status_source : &L->st->src[idx];
	int fileprio = idx == (size_t)-1 ? 100 : src->priority;
	struct cver *cv = NULL;
	size_t i;

	for (i = 0; i < in->nv; i++)
		if (debver_cmp_n(in->v[i].ver, in->v[i].verlen, ver, verlen) == 0) {
			cv = &in->v[i];
			break;
		}
	if (cv == NULL) {
		if (in->nv == in->capv) {
			in->capv = in->capv ? in->capv * 2 : 4;
			in->v = xreallocarray(in->v, in->capv, sizeof *in->v);
		}
		cv = &in->v[in->nv++];
		memset(cv, 0, sizeof *cv);
		if (idx != (size_t)-1) {
			/* list text does not outlive its window: keep a copy */
			cv->own = xmalloc(verlen + archlen + 2);
			memcpy(cv->own, ver, verlen);
			cv->own[verlen] = '\0';
			memcpy(cv->own + verlen + 1, arch, archlen);
			cv->own[verlen + 1 + archlen] = '\0';
			ver = cv->own;
			arch = cv->own + verlen + 1;
		}
		cv->ver = ver;
		cv->verlen = verlen;
		cv->arch = arch;
		cv->archlen = archlen;
		cv->fileprio = INT_MIN;
		cv->pinprio = NO_PIN;
		cv->phased = 100;
		if (source != NULL && srclen > 0 &&
		    !(srclen == strlen(in->pkg->name) && memcmp(source, in->pkg->name, srclen) == 0))
			cv->source = xstrndup(source, srclen);
	}
	if (installed)
		cv->installed = 1;
	if (fileprio > cv->fileprio)
		cv->fileprio = fileprio;
	if (idx != (size_t)-1 && src->security)
		cv->security = 1;
	/* per version, the first pin (in file order) that matches it through any of its files */
	for (i = 0; i < in->npins && (cv->pinprio == NO_PIN || i < cv->pinidx); i++) {
		const struct pin *pn = in->pins[i];
		int m;

		if (!pin_names_pkg(pn, in, L->st->native, cv->source != NULL ? cv->source : in->pkg->name))
			continue;
		if (pn->type == PIN_VERSION)
			m = pattern_match(pn->data, ver, verlen);
		else
			m = pin_matches_source(pn, src);
		if (m) {
			cv->pinprio = pn->priority;
			cv->pinidx = i;
			break;
		}
	}
	cv->srcs = xreallocarray(cv->srcs, cv->nsrcs + 1, sizeof *cv->srcs);
	cv->srcs[cv->nsrcs++] = idx;
	return cv;
}

/* Builds the hash of installed packages and gives each its package pin. */
static void
index_installed(struct loader *L)
{
	struct apt_state *st = L->st;
	size_t i, j;

	L->tabsize = 1;
	while (L->tabsize < st->npkgs * 2 + 16)
		L->tabsize <<= 1;
	L->tab = xcalloc(L->tabsize, sizeof *L->tab);
	L->insts = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *L->insts);
	for (i = 0; i < st->npkgs; i++) {
		struct inst *in = &L->insts[i];
		size_t h = hash_n(st->pkgs[i].name, strlen(st->pkgs[i].name)) & (L->tabsize - 1);
		struct inst *head = L->tab[h];

		in->pkg = &st->pkgs[i];
		in->rarch = xstrdup(strcmp(in->pkg->arch, "all") == 0 ? st->native : in->pkg->arch);
		/* all instances of one name share a chain: insert after the first */
		for (; head != NULL; head = head->next_same_name)
			if (strcmp(head->pkg->name, in->pkg->name) == 0)
				break;
		if (head != NULL) {
			in->next_same_name = head->next_same_name;
			head->next_same_name = in;
		} else {
			in->next_same_name = L->tab[h];
			L->tab[h] = in;
		}
		for (j = 0; j < L->npins; j++)
			if (L->pins[j].names != NULL && pin_names_pkg(&L->pins[j], in, st->native, NULL)) {
				in->pins = xreallocarray(in->pins, in->npins + 1, sizeof *in->pins);
				in->pins[in->npins++] = &L->pins[j];
			}
		add_version(L, in, in->pkg->version, strlen(in->pkg->version), in->pkg->arch,
		    strlen(in->pkg->arch), (size_t)-1, 1, in->pkg->source, strlen(in->pkg->source));
	}
}

/* Length of the list-name prefix a Release or InRelease file name stands for. */
static size_t
release_prefix_len(const char *name)
{
	size_t n = strlen(name);

	return n >= 9 && strcmp(name + n - 9, "InRelease") == 0 ? n - 9 : n - 7;
}

/* Reads the fields of a Release or InRelease file into s. */
static int
load_release(struct loader *L, struct apt_source *s, const char *rel)
{
	char *buf = NULL;
	const char *p, *e, *end, *v;
	size_t len, vn;
	int rc = -1;

	if (target_read(L->t, rel, 64 << 20, &buf, &len, L->err, L->errlen) < 0) {
		check_unresolved(L, rel);
		goto out;
	}
	p = buf;
	end = buf + len;
	if (len > 34 && strncmp(buf, "-----BEGIN PGP SIGNED MESSAGE-----", 34) == 0) {
		p = memmem(buf, len, "\n\n", 2);
		if (p == NULL) {
			set_err(L, "%s: signed message without a body", rel);
			goto out;
		}
		p += 2;
		if ((e = memmem(p, (size_t)(end - p), "\n-----BEGIN PGP SIGNATURE-----", 30)) != NULL)
			end = e + 1;
	}
	e = memmem(p, (size_t)(end - p), "\n\n", 2);
	if (e != NULL)
		end = e + 1;
	{
		const char *bad;

		/* flat repositories may leave out Suite and Codename; garbage is an error */
		if (p >= end || stanza_lines_ok(p, end, &bad) < 0) {
			set_err(L, "%s: not a Release file (%s)", rel,
			    p >= end ? "empty" : "a line that is not \"Field: value\"");
			goto out;
		}
	}
	s->origin = field_dup(p, end, "Origin");
	s->label = field_dup(p, end, "Label");
	s->suite = field_dup(p, end, "Suite");
	s->codename = field_dup(p, end, "Codename");
	s->version = field_dup(p, end, "Version");
	if (field(p, end, "NotAutomatic", &v, &vn) == 0 && vn == 3 && strncasecmp(v, "yes", 3) == 0)
		s->not_automatic = 1;
	if (field(p, end, "ButAutomaticUpgrades", &v, &vn) == 0 && vn == 3 &&
	    strncasecmp(v, "yes", 3) == 0)
		s->but_automatic_upgrades = 1;
	/* the size the Release file gives the uncompressed list, when it lists it */
	{
		const char *base = strrchr(s->list, '/') + 1;
		size_t pl = release_prefix_len(strrchr(rel, '/') + 1);
		char *name = xstrdup(base + pl), *c;
		size_t nl;
		const char *hit;

		/* strip the compression suffix and turn '_' into '/' */
		c = strstr(name, "_Packages");
		if (c != NULL)
			c[9] = '\0';
		for (c = name; *c; c++)
			if (*c == '_')
				*c = '/';
		nl = strlen(name);
		s->size = 0;
		for (hit = memmem(p, (size_t)(end - p), name, nl); hit != NULL;
		     hit = memmem(hit + 1, (size_t)(end - hit - 1), name, nl)) {
			const char *ls = hit, *num;

			if (hit[-1] != ' ' || (hit + nl < end && hit[nl] != '\n'))
				continue;
			while (ls > p && ls[-1] != '\n')
				ls--;
			/* " HASH SIZE NAME": the size is the word before the name */
			num = hit - 1;
			while (num > ls && num[-1] == ' ')
				num--;
			while (num > ls && num[-1] >= '0' && num[-1] <= '9')
				num--;
			s->size = (size_t)strtoull(num, NULL, 10);
			break;
		}
		free(name);
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/*
 * Adds the version in the list stanza [s, e) to installed package in, with
 * what the upgrade decision needs from it: source, dependencies, phasing.
 */
static void
version_from_list(struct loader *L, struct inst *in, const char *s, const char *e, const char *ver,
    size_t vn, const char *arch, size_t an, size_t idx)
{
	const char *src = NULL, *v;
	size_t sn = 0, n;
	struct cver *cv;

	if (field(s, e, "Source", &src, &sn) == 0) {
		const char *sp = memchr(src, ' ', sn);

		if (sp != NULL)
			sn = (size_t)(sp - src);
	}
	cv = add_version(L, in, ver, vn, arch, an, idx, 0, src, sn);
	if (cv->depends != NULL || cv->nsrcs > 1)
		return; /* the first list offering a version describes it */
	if (src != NULL && field(s, e, "Source", &v, &n) == 0) {
		const char *open = memchr(v, '(', n), *close = memchr(v, ')', n);

		if (open != NULL && close != NULL && close > open)
			cv->srcver = xstrndup(open + 1, (size_t)(close - open - 1));
	}
	{
		struct strbuf sb = STRBUF_INIT;

		if (field(s, e, "Pre-Depends", &v, &n) == 0)
			sb_add(&sb, v, n);
		if (field(s, e, "Depends", &v, &n) == 0) {
			if (sb.len)
				sb_adds(&sb, ", ");
			sb_add(&sb, v, n);
		}
		cv->depends = sb.len ? sb_detach(&sb) : (sb_free(&sb), NULL);
		if (field(s, e, "Breaks", &v, &n) == 0)
			sb_add(&sb, v, n);
		if (field(s, e, "Conflicts", &v, &n) == 0) {
			if (sb.len)
				sb_adds(&sb, ", ");
			sb_add(&sb, v, n);
		}
		cv->breaks = sb.len ? sb_detach(&sb) : (sb_free(&sb), NULL);
	}
	if (field(s, e, "Phased-Update-Percentage", &v, &n) == 0) {
		char *t = xstrndup(v, n), *end;
		long pct = strtol(t, &end, 10);

		if (end != t && *end == '\0' && pct >= 0 && pct <= 100)
			cv->phased = (int)pct;
		free(t);
	}
}

/* Parses the whole stanzas in [buf, cut) of list idx; *entry counts them. */
static int
parse_stanzas(struct loader *L, size_t idx, const char *buf, const char *cut, size_t *entry)
{
	struct apt_source *s = &L->st->src[idx];
	const char *pos = buf, *st0, *e;

	while (next_stanza(&pos, cut, &st0, &e) == 0) {
		const char *name, *ver, *arch, *bad;
		size_t nn, vn, an;
		struct inst *in;

		(*entry)++;
		if ((size_t)(e - st0) > 9 && memcmp(st0, "Package: ", 9) == 0) {
			const char *eol = memchr(st0 + 9, '\n', (size_t)(e - st0 - 9));

			name = st0 + 9;
			nn = (size_t)((eol != NULL ? eol : e) - name);
		} else if (field(st0, e, "Package", &name, &nn) < 0) {
			if (stanza_lines_ok(st0, e, &bad) < 0)
				return set_err(L,
				    "%s: entry %zu: not a \"Field: value\" line (corrupt list)",
				    s->list, *entry);
			return set_err(L, "%s: entry %zu has no Package field (corrupt list)",
			    s->list, *entry);
		}
		if ((in = inst_find(L, name, nn)) == NULL)
			continue;
		if (field(st0, e, "Version", &ver, &vn) < 0 ||
		    field(st0, e, "Architecture", &arch, &an) < 0)
			return set_err(L, "%s: entry %zu: package %.*s has no Version or Architecture",
			    s->list, *entry, (int)(nn < 200 ? nn : 200), name);
		if (!arch_configured(L->st, arch, an))
			continue;
		{
			int is_all = an == 3 && memcmp(arch, "all", 3) == 0;
			const char *ra = is_all ? L->st->native : arch;
			size_t ral = is_all ? strlen(L->st->native) : an;

			for (; in != NULL; in = in->next_same_name) {
				if (strlen(in->pkg->name) != nn || memcmp(in->pkg->name, name, nn) != 0)
					break;
				if (strlen(in->rarch) == ral && memcmp(in->rarch, ra, ral) == 0) {
					version_from_list(L, in, st0, e, ver, vn, arch, an, idx);
					break;
				}
			}
		}
	}
	return 0;
}

/*
 * Reads one Packages list into the versions of installed packages, streaming
 * it through a window of whole stanzas so that a 50 MB list never sits in
 * memory at once.
 */
static int
load_list(struct loader *L, size_t idx)
{
	struct apt_source *s = &L->st->src[idx];
	char *buf = NULL;
	size_t cap = (size_t)1 << 21, have = 0, entry = 0, want = s->size;
	struct zreader *z;
	int eof = 0, rc = -1;

	/* errors from the reader name the list as given: its path under the root */
	if ((z = zreader_open_at(L->t, s->list, L->err, L->errlen)) == NULL) {
		check_unresolved(L, s->list);
		goto out;
	}
	buf = xmalloc(cap + 1);
	for (;;) {
		const char *cut = NULL;

		if (!eof) {
			long long n = zreader_read(z, buf + have, cap - have, L->err, L->errlen);

			if (n < 0)
				goto out;
			if ((size_t)n < cap - have)
				eof = 1;
			have += (size_t)n;
		}
		if (eof) {
			cut = buf + have;
		} else {
			/* up to the last blank line */
			const char *p;

			for (p = buf + have - 1; p > buf; p--)
				if (p[0] == '\n' && p[-1] == '\n') {
					cut = p + 1;
					break;
				}
			if (cut == NULL) {
				/* one stanza larger than the window */
				if (cap >= LIST_MAX) {
					set_err(L, "%s: entry %zu is larger than %zu bytes",
					    s->list, entry + 1, cap);
					goto out;
				}
				cap *= 2;
				buf = xreallocarray(buf, cap + 1, 1);
				continue;
			}
		}
		if (eof && have > 0 && buf[have - 1] != '\n') {
			set_err(L, "%s: ends in the middle of a line at byte %llu (truncated)",
			    s->list, zreader_total(z));
			goto out;
		}
		if (memchr(buf, '\0', (size_t)(cut - buf)) != NULL) {
			set_err(L, "%s: NUL byte after entry %zu (corrupt list)", s->list, entry);
			goto out;
		}
		if (parse_stanzas(L, idx, buf, cut, &entry) < 0)
			goto out;
		if (eof)
			break;
		have -= (size_t)(cut - buf);
		memmove(buf, cut, have);
	}
	s->entries = entry;
	s->size = (size_t)zreader_total(z);
	if (want > 0 && want != s->size) {
		set_err(L, "%s: %zu bytes, but its Release file says %zu (truncated or corrupt)",
		    s->list, s->size, want);
		goto out;
	}
	rc = 0;
out:
	zreader_close(z);
	free(buf);
	return rc;
}

/* Is name a Packages list (maybe compressed)? */
static int
is_packages_list(const char *name)
{
	const char *p = strstr(name, "_Packages");

	if (p == NULL)
		return 0;
	p += 9;
	return *p == '\0' || strcmp(p, ".gz") == 0 || strcmp(p, ".xz") == 0 ||
	    strcmp(p, ".lz4") == 0 || strcmp(p, ".zst") == 0;
}

/*
 * Security archives, by their Release file: Debian's security archive says
 * Label Debian-Security in every release (buster/updates as well as
 * bookworm-security); Ubuntu's and Ubuntu Pro's (ESM) are the Ubuntu origin
 * with a -security suite. A suite named -security with another origin is a
 * third party's and is not trusted as one.
 */
static const struct {
	const char *origin, *label; /* NULL: any */
	int suffix;                 /* suite or codename must end in -security */
} security_archives[] = {
	{ "Debian", "Debian-Security", 0 },
	{ "Ubuntu", NULL, 1 },
	{ "UbuntuESM", NULL, 1 },
	{ "UbuntuESMApps", NULL, 1 },
};

static int
ends_security(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	return n > 9 && strcmp(s + n - 9, "-security") == 0;
}

static int
security_archive(const struct apt_source *s)
{
	size_t i;
	int sfx = ends_security(s->suite) || ends_security(s->codename);

	for (i = 0; i < sizeof security_archives / sizeof security_archives[0]; i++)
		if (s->origin != NULL && strcmp(s->origin, security_archives[i].origin) == 0 &&
		    (security_archives[i].label == NULL ||
		        (s->label != NULL && strcmp(s->label, security_archives[i].label) == 0)) &&
		    (!security_archives[i].suffix || sfx))
			return 1;
	return 0;
}

/* A list file name a source entry asks for. */
struct want {
	char *base; /* without the compression suffix */
	size_t entry;
	char *comp, *arch; /* NULL for a flat repository */
};

/* The architectures of entry e: arch= or the configured ones, with arch+= and arch-=. */
static char **
entry_arches(const struct apt_state *st, const struct aptsrc_entry *e)
{
	char **v = NULL, **out = NULL;
	size_t i, j;

	if (e->arches != NULL)
		for (i = 0; e->arches[i] != NULL; i++)
			v = strv_push(v, xstrdup(e->arches[i]));
	else {
		v = strv_push(v, xstrdup(st->native));
		for (i = 0; st->foreign[i] != NULL; i++)
			v = strv_push(v, xstrdup(st->foreign[i]));
	}
	if (e->arches_add != NULL)
		for (i = 0; e->arches_add[i] != NULL; i++)
			v = strv_push(v, xstrdup(e->arches_add[i]));
	v = strv_push(v, xstrdup("all"));
	for (i = 0; v[i] != NULL; i++) {
		int drop = 0;

		for (j = 0; e->arches_rm != NULL && e->arches_rm[j] != NULL; j++)
			if (strcmp(v[i], e->arches_rm[j]) == 0)
				drop = 1;
		for (j = 0; out != NULL && out[j] != NULL; j++)
			if (strcmp(v[i], out[j]) == 0)
				drop = 1;
		if (!drop)
			out = strv_push(out, xstrdup(v[i]));
	}
	strv_free(v);
	return out;
}

static int
has_name(char **v, size_t n, const char *name)
{
	return n > 0 && bsearch(&name, v, n, sizeof *v, cmp_str) != NULL;
}

/*
 * Finds the lists the sources name and their Release files, and reads them.
 * List files no source names are stale (a removed source): apt ignores
 * them, and so does this, naming them in st->ignored.
 */
static int
load_lists(struct loader *L)
{
	struct apt_state *st = L->st;
	DIR *d;
	struct dirent *de;
	char **files = NULL, **relbase, err[512];
	struct want *w = NULL;
	size_t nf = 0, nw = 0, i, j, k;
	int *seen_release;
	int rc = -1;

	/* the file names the sources ask for */
	relbase = xcalloc(L->sources.n + 1, sizeof *relbase);
	seen_release = xcalloc(L->sources.n + 1, sizeof *seen_release);
	for (i = 0; i < L->sources.n; i++) {
		const struct aptsrc_entry *e = &L->sources.e[i];
		size_t sl = strlen(e->suite);

		if (sl > 0 && e->suite[sl - 1] == '/') {
			const char *path = strcmp(e->suite, "/") == 0 ? "" : e->suite;
			char *pk = xasprintf("%sPackages", path);

			relbase[i] = aptsrc_filename(e->uri, path);
			w = xreallocarray(w, nw + 1, sizeof *w);
			w[nw++] = (struct want){ aptsrc_filename(e->uri, pk), i, NULL, NULL };
			free(pk);
			continue;
		}
		{
			char *dist = xasprintf("dists/%s/", e->suite);
			char **arches = entry_arches(st, e);

			relbase[i] = aptsrc_filename(e->uri, dist);
			for (j = 0; e->comps[j] != NULL; j++)
				for (k = 0; arches[k] != NULL; k++) {
					char *path = xasprintf("%s%s/binary-%s/Packages", dist,
					    e->comps[j], arches[k]);

					w = xreallocarray(w, nw + 1, sizeof *w);
					w[nw++] = (struct want){ aptsrc_filename(e->uri, path), i,
						xstrdup(e->comps[j]), xstrdup(arches[k]) };
					free(path);
				}
			strv_free(arches);
			free(dist);
		}
	}

	if ((d = target_opendir(L->t, LISTS_DIR, err, sizeof err)) == NULL) {
		int e = errno;

		if (!check_unresolved(L, LISTS_DIR) && e != ENOENT && e != ENOTDIR) {
			set_err(L, "%s", err);
			goto out;
		}
	} else {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			files = xreallocarray(files, nf + 1, sizeof *files);
			files[nf++] = xstrdup(de->d_name);
		}
		closedir(d);
	}
	if (nf > 0)
		qsort(files, nf, sizeof *files, cmp_str);
	st->src = xcalloc(nf ? nf : 1, sizeof *st->src);
	for (i = 0; i < nf; i++) {
		struct apt_source *s;
		const struct want *hit = NULL;
		size_t bl;
		struct stat sb;

		if (!is_packages_list(files[i]))
			continue;
		bl = (size_t)(strstr(files[i], "_Packages") - files[i]) + 9;
		for (j = 0; j < nw && hit == NULL; j++)
			if (strlen(w[j].base) == bl && strncmp(w[j].base, files[i], bl) == 0)
				hit = &w[j];
		if (hit == NULL) {
			st->ignored = strv_push(st->ignored, xasprintf("%s/%s", LISTS_DIR, files[i]));
			continue;
		}
		/* a second copy of the same list in another compression */
		for (k = 0; k < st->nsrc; k++)
			if (strncmp(strrchr(st->src[k].list, '/') + 1, files[i], bl) == 0)
				break;
		if (k < st->nsrc)
			continue;
		s = &st->src[st->nsrc++];
		s->list = xasprintf("%s/%s", LISTS_DIR, files[i]);
		s->arch = hit->arch != NULL ? xstrdup(hit->arch) : NULL;
		s->component = hit->comp != NULL ? xstrdup(hit->comp) : NULL;
		s->site = xstrndup(files[i], strcspn(files[i], "_"));
		s->named_by = xstrdup(L->sources.e[hit->entry].where);
		if (target_stat(L->t, s->list, &sb) == 0 && sb.st_mtime > st->newest_release) {
			s->mtime = sb.st_mtime;
			st->newest_release = s->mtime;
		} else if (target_stat(L->t, s->list, &sb) == 0)
			s->mtime = sb.st_mtime;
		{
			char *in = xasprintf("%sInRelease", relbase[hit->entry]);
			char *rel = xasprintf("%sRelease", relbase[hit->entry]);

			if (has_name(files, nf, in))
				s->release = xasprintf("%s/%s", LISTS_DIR, in);
			else if (has_name(files, nf, rel))
				s->release = xasprintf("%s/%s", LISTS_DIR, rel);
			free(in);
			free(rel);
		}
		if (s->release != NULL) {
			seen_release[hit->entry] = 1;
			if (load_release(L, s, s->release) < 0)
				goto out;
			if (target_stat(L->t, s->release, &sb) == 0 && sb.st_mtime > st->newest_release)
				st->newest_release = sb.st_mtime;
		}
		s->priority = 500;
		if (s->not_automatic)
			s->priority = s->but_automatic_upgrades ? 100 : 1;
		for (k = 0; k < L->npins; k++)
			if (L->pins[k].names == NULL && pin_matches_source(&L->pins[k], s)) {
				s->priority = L->pins[k].priority;
				break;
			}
		s->security = security_archive(s);
		if (!s->security && (ends_security(s->suite) || ends_security(s->codename)))
			add_note(st,
			    xasprintf("%s: suite %s ends in -security, but its Release file says Origin "
			              "\"%s\", Label \"%s\", which is not a security archive reentry "
			              "knows: its updates are not counted as security updates",
			        s->release, ends_security(s->suite) ? s->suite : s->codename,
			        s->origin != NULL ? s->origin : "", s->label != NULL ? s->label : ""));
	}
	/* sources whose Release file is not there: never downloaded, or removed */
	for (i = 0; i < L->sources.n; i++) {
		char *in = xasprintf("%sInRelease", relbase[i]),
		     *rel = xasprintf("%sRelease", relbase[i]);

		if (!seen_release[i] && !has_name(files, nf, in) && !has_name(files, nf, rel)) {
			char *p = xasprintf("%s/%s", LISTS_DIR, in);

			if (!check_unresolved(L, p))
				st->missing = strv_push(st->missing,
				    xasprintf("%s: %s %s", L->sources.e[i].where,
				        L->sources.e[i].uri, L->sources.e[i].suite));
			free(p);
		}
		free(in);
		free(rel);
	}
	/* APT::Default-Release must name a release apt has, or apt refuses to run */
	if (L->defrel) {
		const char *dr = st->default_release;
		int found = strcmp(dr, "now") == 0 || (strlen(dr) > 2 && dr[1] == '=');

		for (i = 0; i < st->nsrc && !found; i++) {
			const struct apt_source *s = &st->src[i];

			found = (s->suite != NULL && pattern_match(dr, s->suite, strlen(s->suite))) ||
			    (s->codename != NULL && pattern_match(dr, s->codename, strlen(s->codename))) ||
			    (s->version != NULL && pattern_match(dr, s->version, strlen(s->version)));
		}
		if (!found) {
			add_note(st,
			    xasprintf("APT::Default-Release \"%s\" names no release in the sources: apt "
			              "refuses to run with it",
			        dr));
			L->pins[0].type = PIN_VERSION; /* matches no list: no effect */
		}
	}
	{
		struct stat sb;

		if (target_stat(L->t, STAMP_PATH, &sb) == 0) {
			st->stamp = sb.st_mtime;
			if (sb.st_mtime > st->newest_release)
				st->newest_release = sb.st_mtime;
		} else
			check_unresolved(L, STAMP_PATH);
		if (target_stat(L->t, PARTIAL_DIR, &sb) == 0)
			st->attempt = sb.st_mtime;
	}
	for (i = 0; i < st->nsrc; i++)
		if (load_list(L, i) < 0)
			goto out;
	rc = 0;
out:
	for (i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	for (i = 0; i < nw; i++) {
		free(w[i].base);
		free(w[i].comp);
		free(w[i].arch);
	}
	free(w);
	for (i = 0; i < L->sources.n; i++)
		free(relbase[i]);
	free(relbase);
	free(seen_release);
	return rc;
}

/* Effective priority of a version (apt's GetPriority with files considered). */
static int
ver_priority(const struct cver *v)
{
	return v->pinprio != NO_PIN ? v->pinprio : v->fileprio;
}

static int
cver_cmp_desc(const void *a, const void *b)
{
	const struct cver *x = a, *y = b;

	return debver_cmp_n(y->ver, y->verlen, x->ver, x->verlen);
}

/* apt's candidate among in's versions, or NULL. */
static const struct cver *
candidate(struct inst *in)
{
	const struct cver *pref = NULL, *alt = NULL;
	int max = 0, maxalt = 0, override = 0;
	size_t i;

	qsort(in->v, in->nv, sizeof *in->v, cver_cmp_desc);
	for (i = 0; i < in->nv; i++)
		if (ver_priority(&in->v[i]) >= 1000)
			override = 1;
	for (i = 0; i < in->nv; i++) {
		const struct cver *v = &in->v[i];
		int prio = ver_priority(v);

		if (prio == 0)
			continue;
		if (prio > max) {
			pref = v;
			max = prio;
		}
		if (prio > maxalt) {
			alt = v;
			maxalt = prio;
		}
		if (v->installed && max < 1000) {
			max = 999;
			if (!override)
				break;
		}
	}
	if (pref == NULL && maxalt > 0)
		pref = alt;
	return pref;
}

static int
upgrade_cmp(const void *a, const void *b)
{
	const struct apt_upgrade *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r != 0 ? r : strcmp(x->arch, y->arch);
}

/*
 * apt's phasing draw (apt-pkg/depcache.cc, IsIgnoredPhasedUpdate): the
 * string "SOURCE-SOURCEVERSION-MACHINEID" seeds a std::seed_seq, which seeds
 * a std::minstd_rand, from which a std::uniform_int_distribution over
 * 0..100 (libstdc++'s, by rejection and division) draws one number; the
 * update is deferred when it exceeds the percentage. The seed_seq and
 * minstd_rand steps are fixed by the C++ standard; the distribution is
 * libstdc++'s, which Debian's and Ubuntu's apt are built with.
 */
static int
phasing_draw(const char *seed)
{
	uint32_t v[4] = { 0x8b8b8b8bu, 0x8b8b8b8bu, 0x8b8b8b8bu, 0x8b8b8b8bu };
	size_t s = strlen(seed), n = 4, t = 1, p = 1, q = 2, m = s + 1 > n ? s + 1 : n, k;
	uint32_t state;
	const uint32_t mod = 2147483647u;

#define SEEDSEQ_T(x) ((x) ^ ((x) >> 27))
	for (k = 0; k < m; k++) {
		uint32_t r1 = 1664525u * SEEDSEQ_T(v[k % n] ^ v[(k + p) % n] ^ v[(k + n - 1) % n]);
		uint32_t r2 = r1;

		if (k == 0)
			r2 += (uint32_t)s;
		else if (k <= s)
			r2 += (uint32_t)(k % n) + (uint32_t)(int32_t)(signed char)seed[k - 1];
		else
			r2 += (uint32_t)(k % n);
		v[(k + p) % n] += r1;
		v[(k + q) % n] += r2;
		v[k % n] = r2;
	}
	for (k = m; k < m + n; k++) {
		uint32_t r3 = 1566083941u * SEEDSEQ_T(v[k % n] + v[(k + p) % n] + v[(k + n - 1) % n]);
		uint32_t r4 = r3 - (uint32_t)(k % n);

		v[(k + p) % n] ^= r3;
		v[(k + q) % n] ^= r4;
		v[k % n] = r4;
	}
#undef SEEDSEQ_T
	(void)t;
	state = v[3] % mod;
	if (state == 0)
		state = 1;
	for (;;) {
		/* minstd_rand: 48271 * x mod (2^31 - 1), values 1 .. 2^31 - 2 */
		uint32_t ret;
		const uint32_t range = 2147483645u, scaling = range / 101u, past = 101u * scaling;

		state = (uint32_t)(((uint64_t)state * 48271u) % mod);
		ret = state - 1u;
		if (ret < past)
			return (int)(ret / scaling);
	}
}

/* Decides once how phasing applies, as apt's config would (st->phasing). */
static const char *
phasing_mode(struct loader *L, char **machine_id)
{
	const char *id = aptconf_get(&L->conf, "APT::Machine-ID");

	*machine_id = NULL;
	if (aptconf_bool(&L->conf, "APT::Get::Always-Include-Phased-Updates",
	        aptconf_bool(&L->conf, "Update-Manager::Always-Include-Phased-Updates", 0)))
		return "always-include (apt.conf)";
	if (aptconf_bool(&L->conf, "APT::Get::Never-Include-Phased-Updates",
	        aptconf_bool(&L->conf, "Update-Manager::Never-Include-Phased-Updates", 0)))
		return "never-include (apt.conf)";
	if (id != NULL && *id != '\0') {
		*machine_id = xstrdup(id);
		return "APT::Machine-ID";
	}
	{
		char *buf = NULL, *nl;
		size_t len;

		if (read_optional(L, MACHINE_ID, 4096, &buf, &len) <= 0 || len == 0) {
			free(buf);
			return "no machine-id: apt includes every phased update";
		}
		if ((nl = strchr(buf, '\n')) != NULL)
			*nl = '\0';
		*machine_id = buf;
		return MACHINE_ID;
	}
}

/* A dependency relation "name[:arch] (op version)" satisfied by version have? */
static int
relation_ok(const char *op, const char *want, const char *have)
{
	int c;

	if (op == NULL || have == NULL)
		return have != NULL || op == NULL;
	c = debver_cmp(have, want);
	if (strcmp(op, "<<") == 0)
		return c < 0;
	if (strcmp(op, "<=") == 0 || strcmp(op, "<") == 0)
		return c <= 0;
	if (strcmp(op, "=") == 0)
		return c == 0;
	if (strcmp(op, ">=") == 0 || strcmp(op, ">") == 0)
		return c >= 0;
	if (strcmp(op, ">>") == 0)
		return c > 0;
	return 0;
}

/*
 * Splits "name[:arch] [(op ver)]" into name, op and version (new strings;
 * op and ver may be NULL); *any is set when the arch qualifier is ":any".
 */
static void
parse_relation(const char *a, size_t n, char **name, char **op, char **ver, int *any)
{
	const char *e = a + n, *p, *open;

	while (a < e && (*a == ' ' || *a == '\t' || *a == '\n'))
		a++;
	for (p = a; p < e && *p != ' ' && *p != '(' && *p != ':' && *p != '[' && *p != '<'; p++)
		;
	*name = xstrndup(a, (size_t)(p - a));
	*any = (size_t)(e - p) >= 4 && memcmp(p, ":any", 4) == 0;
	*op = *ver = NULL;
	open = memchr(p, '(', (size_t)(e - p));
	if (open != NULL) {
		const char *close = memchr(open, ')', (size_t)(e - open)), *o = open + 1, *oe;

		if (close == NULL)
			return;
		while (o < close && *o == ' ')
			o++;
		for (oe = o; oe < close && strchr("<>=", *oe) != NULL; oe++)
			;
		*op = xstrndup(o, (size_t)(oe - o));
		while (oe < close && *oe == ' ')
			oe++;
		p = close;
		while (p > oe && p[-1] == ' ')
			p--;
		*ver = xstrndup(oe, (size_t)(p - oe));
	}
}

/* Is name (op ver) given by an installed package's Provides? */
static int
provided(const struct apt_state *st, const char *name, const char *op, const char *ver)
{
	size_t i;

	for (i = 0; i < st->npkgs; i++) {
		const char *p = st->pkgs[i].provides;

		/* most Provides do not mention the name at all: no parsing for those */
		if (p == NULL || strstr(p, name) == NULL)
			continue;
		while (*p) {
			const char *comma = strchr(p, ',');
			size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
			char *pn, *po, *pv;
			int ok, any;

			parse_relation(p, n, &pn, &po, &pv, &any);
			ok = strcmp(pn, name) == 0 &&
			    (op == NULL ||
			        (po != NULL && strcmp(po, "=") == 0 && relation_ok(op, ver, pv)));
			free(pn);
			free(po);
			free(pv);
			if (ok)
				return 1;
			p = comma != NULL ? comma + 1 : p + n;
		}
	}
	return 0;
}

/*
 * Why apt-get upgrade keeps a candidate back, from its Depends and
 * Pre-Depends: a relation no installed package (at its installed or
 * candidate version) or installed Provides satisfies. NULL when none.
 */
static char *
kept_back(struct loader *L, const char *deps, const struct cver **cands)
{
	const char *p = deps;

	while (p != NULL && *p) {
		const char *comma = strchr(p, ','), *end = comma != NULL ? comma : p + strlen(p), *a;
		char *first = NULL, *why = NULL;
		int sat = 0;

		for (a = p; a < end && !sat;) {
			const char *bar = memchr(a, '|', (size_t)(end - a)), *ae = bar != NULL ? bar : end;
			char *name, *op, *ver;
			struct inst *in;
			int any;

			parse_relation(a, (size_t)(ae - a), &name, &op, &ver, &any);
			for (in = inst_find(L, name, strlen(name)); in != NULL && !sat;
			     in = in->next_same_name) {
				const struct cver *c = cands[in - L->insts];

				if (strcmp(in->pkg->name, name) != 0)
					break;
				/* "name:any" only takes a Multi-Arch: allowed package */
				if (any && !in->pkg->ma_allowed)
					continue;
				sat = relation_ok(op, ver, in->pkg->version) ||
				    (c != NULL && op != NULL && relation_ok(op, ver, c->ver));
			}
			if (!sat && !any)
				sat = provided(L->st, name, op, ver);
			if (!sat && first == NULL) {
				if (inst_find(L, name, strlen(name)) == NULL &&
				    !provided(L->st, name, NULL, NULL))
					why = xasprintf("needs %s, which is not installed", name);
				else if (any && op == NULL)
					why = xasprintf("needs %s:any, but the installed %s is not Multi-Arch: "
					                "allowed",
					    name, name);
				else
					why = xasprintf("needs %s (%s %s), which no installed or candidate version "
					                "gives",
					    name, op != NULL ? op : "", ver != NULL ? ver : "");
				first = name;
			} else
				free(name);
			free(op);
			free(ver);
			a = bar != NULL ? bar + 1 : end;
		}
		free(first);
		if (!sat)
			return why;
		free(why);
		p = comma != NULL ? comma + 1 : NULL;
	}
	return NULL;
}

/*
 * Why apt-get upgrade keeps back self's candidate for its Breaks and
 * Conflicts: an installed package the relation hits that stays hit after
 * the upgrade (held, or no candidate outside the relation), since
 * apt-get upgrade removes nothing. NULL when none.
 */
static char *
kept_back_breaks(struct loader *L, const struct inst *self, const char *rels, const struct cver **cands)
{
	const char *p = rels;

	while (p != NULL && *p) {
		const char *comma = strchr(p, ','), *end = comma != NULL ? comma : p + strlen(p);
		char *name, *op, *ver, *why = NULL;
		struct inst *in;
		int any;

		parse_relation(p, (size_t)(end - p), &name, &op, &ver, &any);
		for (in = inst_find(L, name, strlen(name)); in != NULL && why == NULL;
		     in = in->next_same_name) {
			const struct cver *c = cands[in - L->insts];
			int held = strncmp(in->pkg->status, "hold ", 5) == 0, moves;

			if (strcmp(in->pkg->name, name) != 0)
				break;
			if (strcmp(in->pkg->name, self->pkg->name) == 0 ||
			    !relation_ok(op, ver, in->pkg->version))
				continue;
			/* an upgrade of the other package out of the relation resolves it */
			moves = !held && c != NULL && !c->installed &&
			    debver_cmp_n(c->ver, c->verlen, in->pkg->version,
			        strlen(in->pkg->version)) > 0 &&
			    op != NULL && !relation_ok(op, ver, c->ver);
			if (!moves)
				why = xasprintf("breaks or conflicts with the installed %s %s, which an upgrade "
				                "cannot remove",
				    name, in->pkg->version);
		}
		free(name);
		free(op);
		free(ver);
		if (why != NULL)
			return why;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return NULL;
}

/* Works out the upgrades from the versions collected. */
static void
compute_upgrades(struct loader *L)
{
	struct apt_state *st = L->st;
	size_t i, j, k;
	const struct cver **cands = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *cands);
	const struct cver **stay; /* the candidates apt-get upgrade installs; NULL where it does not */
	size_t *upidx = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *upidx);
	char *machine_id = NULL;
	int changed;

	st->phasing = phasing_mode(L, &machine_id);
	if (aptconf_bool(&L->conf, "APT::Get::Phase-Policy", 0))
		add_note(st,
		    xstrdup("APT::Get::Phase-Policy is set: apt then applies phasing in its "
		            "candidate policy, which reentry does not model (it marks "
		            "deferred updates instead)"));
	for (i = 0; i < st->npkgs; i++)
		cands[i] = candidate(&L->insts[i]);
	st->up = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *st->up);
	for (i = 0; i < st->npkgs; i++) {
		struct inst *in = &L->insts[i];
		const struct cver *c = cands[i], *sec = NULL;
		struct apt_upgrade *u;
		struct strbuf sb = STRBUF_INIT;
		const char *iv = in->pkg->version;

		/* the newest version from a security archive newer than the installed one */
		for (j = 0; j < in->nv && sec == NULL; j++)
			if (in->v[j].security &&
			    debver_cmp_n(in->v[j].ver, in->v[j].verlen, iv, strlen(iv)) > 0)
				sec = &in->v[j];
		if (c == NULL || c->installed || debver_cmp_n(c->ver, c->verlen, iv, strlen(iv)) <= 0) {
			if (sec != NULL)
				st->blocked = strv_push(st->blocked,
				    xasprintf("%s:%s %s: security version %.*s is not apt's candidate "
				              "(pinned or held back by the preferences)",
				        in->pkg->name, in->rarch, iv, (int)sec->verlen, sec->ver));
			continue;
		}
		u = &st->up[st->nup++];
		u->name = xstrdup(in->pkg->name);
		u->arch = xstrndup(c->arch, c->archlen);
		u->installed = xstrdup(iv);
		u->candidate = xstrndup(c->ver, c->verlen);
		u->priority = ver_priority(c);
		u->security = sec != NULL;
		if (sec != NULL) {
			u->security_version = xstrndup(sec->ver, sec->verlen);
			for (j = 0; j < sec->nsrcs; j++)
				if (sec->srcs[j] != (size_t)-1 && st->src[sec->srcs[j]].security) {
					const struct apt_source *so = &st->src[sec->srcs[j]];

					u->security_suite = xstrdup(so->suite != NULL ?
					        so->suite :
					        (so->codename != NULL ? so->codename : ""));
					break;
				}
		}
		u->held = strncmp(in->pkg->status, "hold ", 5) == 0;
		upidx[st->nup - 1] = i;
		u->phased = c->phased;
		if (c->phased < 100 && !u->security) {
			if (strncmp(st->phasing, "never", 5) == 0)
				u->deferred = 1;
			else if (machine_id != NULL) {
				char *seed = xasprintf("%s-%s-%s",
				    c->source != NULL ? c->source : in->pkg->name,
				    c->srcver != NULL ? c->srcver : u->candidate, machine_id);

				u->deferred = phasing_draw(seed) > c->phased;
				free(seed);
			}
		}
		for (j = 0; j < c->nsrcs; j++) {
			const char *suite;

			if (c->srcs[j] == (size_t)-1)
				continue;
			suite = st->src[c->srcs[j]].suite;
			if (suite == NULL)
				suite = st->src[c->srcs[j]].codename;
			if (suite == NULL)
				suite = "";
			/* once each */
			for (k = 0; k < j; k++)
				if (c->srcs[k] != (size_t)-1) {
					const char *o = st->src[c->srcs[k]].suite;

					if (o == NULL)
						o = st->src[c->srcs[k]].codename;
					if (o != NULL && strcmp(o, suite) == 0)
						break;
				}
			if (k < j)
				continue;
			sb_addf(&sb, "%s%s", sb.len ? "," : "", suite);
		}
		u->suites = sb_detach(&sb);
	}
	/*
	 * Kept back, to a fixed point: a package apt-get upgrade does not move
	 * (held, kept back) cannot meet a relation with its candidate.
	 */
	stay = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *stay);
	memcpy(stay, cands, st->npkgs * sizeof *stay);
	for (i = 0; i < st->nup; i++)
		if (st->up[i].held || st->up[i].deferred)
			stay[upidx[i]] = NULL;
	do {
		changed = 0;
		for (i = 0; i < st->nup; i++) {
			struct apt_upgrade *u = &st->up[i];
			const struct cver *c = cands[upidx[i]];
			char *why;

			if (u->held || u->kept_back != NULL)
				continue;
			why = c->depends != NULL ? kept_back(L, c->depends, stay) : NULL;
			if (why == NULL && c->breaks != NULL)
				why = kept_back_breaks(L, &L->insts[upidx[i]], c->breaks, stay);
			if (why != NULL) {
				u->kept_back = why;
				stay[upidx[i]] = NULL;
				changed = 1;
			}
		}
	} while (changed);
	for (i = 0; i < st->nup; i++) {
		const struct apt_upgrade *u = &st->up[i];

		if (u->security)
			st->nsecurity++;
		if (u->held)
			st->nheld++;
		else if (u->kept_back != NULL)
			st->nkept++;
		else if (u->deferred)
			st->ndeferred++;
	}
	qsort(st->up, st->nup, sizeof *st->up, upgrade_cmp);
	free(stay);
	free(upidx);
	free(cands);
	free(machine_id);
}

static void
loader_free(struct loader *L)
{
	size_t i;

	for (i = 0; L->insts != NULL && i < L->st->npkgs; i++) {
		size_t j;

		for (j = 0; j < L->insts[i].nv; j++) {
			free(L->insts[i].v[j].srcs);
			free(L->insts[i].v[j].own);
			free(L->insts[i].v[j].source);
			free(L->insts[i].v[j].srcver);
			free(L->insts[i].v[j].depends);
			free(L->insts[i].v[j].breaks);
		}
		free(L->insts[i].v);
		free(L->insts[i].pins);
		free(L->insts[i].rarch);
	}
	free(L->insts);
	free(L->tab);
	pin_free_all(L->pins, L->npins);
	aptconf_free(&L->conf);
	aptsrc_free(&L->sources);
}

int
apt_state_load(const struct target *t, struct apt_state **out, char *err, size_t errlen)
{
	struct loader L;
	struct apt_state *st = xcalloc(1, sizeof *st);
	int rc = -1;

	memset(&L, 0, sizeof L);
	L.t = t;
	L.st = st;
	L.err = err;
	L.errlen = errlen;
	st->notes = xcalloc(1, sizeof *st->notes);
	*out = NULL;
	if (load_status(&L) < 0 || load_arches(&L) < 0 || load_conf(&L) < 0 || load_prefs(&L) < 0 ||
	    load_sources(&L) < 0)
		goto out;
	if (st->default_release != NULL) {
		/* apt's policy creates this pin before reading the preferences: it comes first */
		L.pins = xreallocarray(L.pins, L.npins + 1, sizeof *L.pins);
		memmove(L.pins + 1, L.pins, L.npins * sizeof *L.pins);
		memset(&L.pins[0], 0, sizeof L.pins[0]);
		L.pins[0].type = PIN_RELEASE;
		L.pins[0].data = xstrdup(st->default_release);
		L.pins[0].priority = 990;
		L.npins++;
		L.defrel = 1;
	}
	index_installed(&L);
	if (load_lists(&L) < 0)
		goto out;
	compute_upgrades(&L);
	rc = 0;
out:
	loader_free(&L);
	if (rc < 0)
		apt_state_free(st);
	else
		*out = st;
	return rc;
}

void
apt_state_free(struct apt_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->npkgs; i++) {
		free(st->pkgs[i].name);
		free(st->pkgs[i].arch);
		free(st->pkgs[i].version);
		free(st->pkgs[i].status);
		free(st->pkgs[i].source);
		free(st->pkgs[i].provides);
	}
	free(st->pkgs);
	for (i = 0; i < st->nsrc; i++) {
		struct apt_source *s = &st->src[i];

		free(s->list);
		free(s->release);
		free(s->origin);
		free(s->label);
		free(s->suite);
		free(s->codename);
		free(s->version);
		free(s->component);
		free(s->site);
		free(s->arch);
		free(s->named_by);
	}
	free(st->src);
	for (i = 0; i < st->nup; i++) {
		free(st->up[i].name);
		free(st->up[i].arch);
		free(st->up[i].installed);
		free(st->up[i].candidate);
		free(st->up[i].suites);
		free(st->up[i].security_version);
		free(st->up[i].security_suite);
		free(st->up[i].kept_back);
	}
	free(st->up);
	strv_free(st->prefs);
	strv_free(st->notes);
	strv_free(st->sources);
	strv_free(st->ignored);
	strv_free(st->missing);
	strv_free(st->unresolved);
	strv_free(st->conf);
	strv_free(st->blocked);
	free(st->default_release);
	strv_free(st->foreign);
	free(st->native);
	free(st);
}
