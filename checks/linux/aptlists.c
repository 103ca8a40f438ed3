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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../../sys/target.h"
#include "../../sys/zfile.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"
#include "debver.h"

#define STATUS_PATH "/var/lib/dpkg/status"
#define ARCH_PATH "/var/lib/dpkg/arch"
#define LISTS_DIR "/var/lib/apt/lists"
#define PREFS_FILE "/etc/apt/preferences"
#define PREFS_DIR "/etc/apt/preferences.d"
#define STAMP_PATH "/var/lib/apt/periodic/update-success-stamp"

#define STATUS_MAX ((size_t)256 << 20)
#define LIST_MAX ((size_t)1 << 30)
#define PREFS_MAX ((size_t)4 << 20)
#define NO_PIN INT_MIN

enum pin_type { PIN_VERSION, PIN_RELEASE, PIN_ORIGIN };

/* One stanza of a preferences file. */
struct pin {
	char **names; /* package patterns; NULL for "Package: *" */
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

	if (target_read(L->t, STATUS_PATH, STATUS_MAX, &buf, &len, L->err, L->errlen) < 0)
		goto out;
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
	if (target_read(L->t, ARCH_PATH, 65536, &buf, &len, err, sizeof err) == 0) {
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

/* Reads one preferences file (path under root); a missing file is fine. */
static int
load_prefs_file(struct loader *L, const char *rel)
{
	char *buf = NULL, err[512];
	const char *pos, *end, *s, *e;
	size_t len, n;
	struct apt_state *st = L->st;
	int rc = -1;

	if (target_read(L->t, rel, PREFS_MAX, &buf, &len, err, sizeof err) < 0) {
		struct stat sb;

		if (target_stat(L->t, rel, &sb) < 0 && errno == ENOENT)
			rc = 0;
		else
			set_err(L, "%s", err);
		goto out;
	}
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
	DIR *d;
	struct dirent *de;
	char **names = NULL, err[512];
	size_t n = 0, i;
	int rc = 0;

	L->st->prefs = xcalloc(1, sizeof *L->st->prefs);
	if (load_prefs_file(L, PREFS_FILE) < 0)
		return -1;
	if ((d = target_opendir(L->t, PREFS_DIR, err, sizeof err)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			const char *nm = de->d_name, *c;
			size_t nl = strlen(nm);
			int okname = nl > 0;

			for (c = nm; *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				        (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
					okname = 0;
			if (!okname || nm[0] == '.')
				continue;
			/* apt reads files without an extension or ending in .pref */
			if (strchr(nm, '.') != NULL && !(nl > 5 && strcmp(nm + nl - 5, ".pref") == 0))
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", PREFS_DIR, nm);
		}
		closedir(d);
	}
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		if (rc == 0 && load_prefs_file(L, names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
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
 * every architecture.
 */
static int
pin_names_pkg(const struct pin *p, const struct inst *in, const char *native)
{
	size_t i;

	for (i = 0; p->names[i] != NULL; i++) {
		const char *pat = p->names[i], *colon = strrchr(pat, ':');
		size_t pl = strlen(pat);
		int m;

		if (colon != NULL && !(pat[0] == '/' && pat[pl - 1] == '/' && colon < pat + pl - 1)) {
			char *np = xstrndup(pat, (size_t)(colon - pat));

			m = pattern_match(np, in->pkg->name, strlen(in->pkg->name)) &&
			    (strcmp(colon + 1, "any") == 0 || strcmp(colon + 1, in->rarch) == 0);
			free(np);
		} else
			m = strcmp(in->rarch, native) == 0 &&
			    pattern_match(pat, in->pkg->name, strlen(in->pkg->name));
		if (m)
			return 1;
	}
	return 0;
}

/* Adds (or merges) a version of installed package in, offered by source idx. */
static void
add_version(struct loader *L, struct inst *in, const char *ver, size_t verlen, const char *arch,
    size_t archlen, size_t idx, int installed)
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
			if (L->pins[j].names != NULL && pin_names_pkg(&L->pins[j], in, st->native)) {
				in->pins = xreallocarray(in->pins, in->npins + 1, sizeof *in->pins);
				in->pins[in->npins++] = &L->pins[j];
			}
		add_version(L, in, in->pkg->version, strlen(in->pkg->version), in->pkg->arch,
		    strlen(in->pkg->arch), (size_t)-1, 1);
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

	if (target_read(L->t, rel, 64 << 20, &buf, &len, L->err, L->errlen) < 0)
		goto out;
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
					add_version(L, in, ver, vn, arch, an, idx, 0);
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
	if ((z = zreader_open_at(L->t, s->list, L->err, L->errlen)) == NULL)
		goto out;
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

/* The list's architecture from "..._binary-ARCH_Packages[.ext]", or NULL. */
static char *
list_arch(const char *name)
{
	const char *b = strstr(name, "binary-"), *e;

	if (b == NULL)
		return NULL;
	b += 7;
	e = strstr(b, "_Packages");
	if (e == NULL)
		return NULL;
	return xstrndup(b, (size_t)(e - b));
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

/* Finds the lists and their Release files, and reads them. */
static int
load_lists(struct loader *L)
{
	struct apt_state *st = L->st;
	DIR *d;
	struct dirent *de;
	char **lists = NULL, **rels = NULL, err[512];
	size_t nl = 0, nr = 0, i, j, k;
	int rc = -1;

	if ((d = target_opendir(L->t, LISTS_DIR, err, sizeof err)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return set_err(L, "%s: %s", LISTS_DIR, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (is_packages_list(de->d_name)) {
			lists = xreallocarray(lists, nl + 1, sizeof *lists);
			lists[nl++] = xstrdup(de->d_name);
		} else if ((n > 9 && strcmp(de->d_name + n - 9, "InRelease") == 0) ||
		    (n > 7 && strcmp(de->d_name + n - 8, "_Release") == 0)) {
			rels = xreallocarray(rels, nr + 1, sizeof *rels);
			rels[nr++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (nl > 0)
		qsort(lists, nl, sizeof *lists, cmp_str);
	st->src = xcalloc(nl ? nl : 1, sizeof *st->src);
	for (i = 0; i < nl; i++) {
		struct apt_source *s;
		char *arch = list_arch(lists[i]);
		size_t best = (size_t)-1, bestlen = 0;
		struct stat sb;

		if (arch == NULL || !arch_configured(st, arch, strlen(arch))) {
			free(arch);
			continue;
		}
		/* skip a second copy of the same list in another compression */
		for (k = 0; k < st->nsrc; k++) {
			const char *o = strrchr(st->src[k].list, '/') + 1;
			size_t ol = (size_t)(strstr(o, "_Packages") - o);

			if (strncmp(o, lists[i], ol + 9) == 0)
				break;
		}
		if (k < st->nsrc) {
			free(arch);
			continue;
		}
		s = &st->src[st->nsrc++];
		s->list = xasprintf("%s/%s", LISTS_DIR, lists[i]);
		s->arch = arch;
		s->site = xstrndup(lists[i], strcspn(lists[i], "_"));
		if (target_stat(L->t, s->list, &sb) == 0) {
			s->mtime = sb.st_mtime;
			if (s->mtime > st->newest_release)
				st->newest_release = s->mtime;
		}
		for (j = 0; j < nr; j++) {
			size_t plen = release_prefix_len(rels[j]);

			if (strncmp(rels[j], lists[i], plen) == 0 &&
			    (plen > bestlen ||
			        (plen == bestlen && best != (size_t)-1 &&
			            strstr(rels[j], "InRelease") != NULL))) {
				best = j;
				bestlen = plen;
			}
		}
		if (best != (size_t)-1) {
			const char *comp = lists[i] + bestlen, *b = strstr(comp, "_binary-");

			s->release = xasprintf("%s/%s", LISTS_DIR, rels[best]);
			if (b != NULL && b > comp)
				s->component = xstrndup(comp, (size_t)(b - comp));
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
		{
			size_t sl = s->suite ? strlen(s->suite) : 0,
			       cl = s->codename ? strlen(s->codename) : 0;

			s->security = (sl > 9 && strcmp(s->suite + sl - 9, "-security") == 0) ||
			    (cl > 9 && strcmp(s->codename + cl - 9, "-security") == 0);
		}
	}
	{
		struct stat sb;

		if (target_stat(L->t, STAMP_PATH, &sb) == 0 && sb.st_mtime > st->newest_release)
			st->newest_release = sb.st_mtime;
	}
	for (i = 0; i < st->nsrc; i++)
		if (load_list(L, i) < 0)
			goto out;
	rc = 0;
out:
	for (i = 0; i < nl; i++)
		free(lists[i]);
	for (i = 0; i < nr; i++)
		free(rels[i]);
	free(lists);
	free(rels);
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

/* Works out the upgrades from the versions collected. */
static void
compute_upgrades(struct loader *L)
{
	struct apt_state *st = L->st;
	size_t i, j, k;

	st->up = xcalloc(st->npkgs ? st->npkgs : 1, sizeof *st->up);
	for (i = 0; i < st->npkgs; i++) {
		struct inst *in = &L->insts[i];
		const struct cver *c = candidate(in);
		struct apt_upgrade *u;
		struct strbuf sb = STRBUF_INIT;

		if (c == NULL || c->installed ||
		    debver_cmp_n(c->ver, c->verlen, in->pkg->version, strlen(in->pkg->version)) <= 0)
			continue;
		u = &st->up[st->nup++];
		u->name = xstrdup(in->pkg->name);
		u->arch = xstrndup(c->arch, c->archlen);
		u->installed = xstrdup(in->pkg->version);
		u->candidate = xstrndup(c->ver, c->verlen);
		u->priority = ver_priority(c);
		u->security = c->security;
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
		if (u->security)
			st->nsecurity++;
	}
	qsort(st->up, st->nup, sizeof *st->up, upgrade_cmp);
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
		}
		free(L->insts[i].v);
		free(L->insts[i].pins);
		free(L->insts[i].rarch);
	}
	free(L->insts);
	free(L->tab);
	pin_free_all(L->pins, L->npins);
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
	if (load_status(&L) < 0 || load_arches(&L) < 0 || load_prefs(&L) < 0)
		goto out;
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
	}
	free(st->src);
	for (i = 0; i < st->nup; i++) {
		free(st->up[i].name);
		free(st->up[i].arch);
		free(st->up[i].installed);
		free(st->up[i].candidate);
		free(st->up[i].suites);
	}
	free(st->up);
	strv_free(st->prefs);
	strv_free(st->notes);
	strv_free(st->foreign);
	free(st->native);
	free(st);
}
