/*
 * aptsrc.c: sources.list, deb822 .sources and apt.conf parsing, and apt's
 * list file names (see aptsrc.h).
 */
#include "aptsrc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

/* Appends a string to a NULL-terminated vector (NULL counts as empty). */
static char **
vec_push(char **v, char *s)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	v = xreallocarray(v, n + 2, sizeof *v);
	v[n] = s;
	v[n + 1] = NULL;
	return v;
}

/* Splits [p, p+n) on the characters in seps into a new vector (never NULL). */
static char **
split(const char *p, size_t n, const char *seps)
{
	char **v = xcalloc(1, sizeof *v);
	const char *e = p + n;

	while (p < e) {
		const char *w;

		while (p < e && strchr(seps, *p) != NULL)
			p++;
		w = p;
		while (p < e && strchr(seps, *p) == NULL)
			p++;
		if (p > w)
			v = vec_push(v, xstrndup(w, (size_t)(p - w)));
	}
	return v;
}

static void
note(struct aptsrc *s, const char *file, size_t line, const char *what)
{
	s->notes = vec_push(s->notes, xasprintf("%s:%zu: %s", file, line, what));
}

/* Adds one entry; takes ownership of comps and the arch vectors. */
static void
add_entry(struct aptsrc *s, const char *file, size_t line, const char *uri, size_t urilen,
    const char *suite, size_t suitelen, char **comps, char **arches, char **add, char **rm)
{
	struct aptsrc_entry *e;

	s->e = xreallocarray(s->e, s->n + 1, sizeof *s->e);
	e = &s->e[s->n++];
	e->where = xasprintf("%s:%zu", file, line);
	e->uri = xasprintf("%.*s%s", (int)urilen, uri, urilen > 0 && uri[urilen - 1] == '/' ? "" : "/");
	e->suite = xstrndup(suite, suitelen);
	e->comps = comps;
	e->arches = arches;
	e->arches_add = add;
	e->arches_rm = rm;
}

/* Splits a one-line entry into words as apt's ParseQuoteWord does: "..." and [...] hold spaces. */
static char **
split_words(const char *p, size_t n)
{
	char **v = xcalloc(1, sizeof *v);
	const char *e = p + n;

	while (p < e) {
		const char *w;

		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		w = p;
		while (p < e && *p != ' ' && *p != '\t' && *p != '\r') {
			char close = *p == '"' ? '"' : *p == '[' ? ']' : '\0';

			if (close != '\0') {
				const char *c = memchr(p + 1, close, (size_t)(e - p - 1));

				p = c != NULL ? c + 1 : e;
			} else
				p++;
		}
		if (p > w)
			v = vec_push(v, xstrndup(w, (size_t)(p - w)));
	}
	return v;
}

/* apt's ParseQuoteWord on one word of a one-line entry: %xx escapes and double quotes undone. */
static void
dequote(char *w)
{
	char *r = w, *o = w;

	for (; *r; r++) {
		if (*r == '"')
			continue;
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
			char hex[3] = { r[1], r[2], '\0' };

			*o++ = (char)strtol(hex, NULL, 16);
			r += 2;
			continue;
		}
		*o++ = *r;
	}
	*o = '\0';
}

/* The options of a one-line entry: arch=, arch+=, arch-= (others are not needed). */
static void
line_options(const char *p, size_t n, char ***arches, char ***add, char ***rm)
{
	char **opts = split(p, n, " \t"), **o;

	for (o = opts; *o != NULL; o++) {
		char *eq = strchr(*o, '=');
		char ***dst = NULL;

		if (eq == NULL)
			continue;
		if (eq - *o == 4 && strncmp(*o, "arch", 4) == 0)
			dst = arches;
		else if (eq - *o == 5 && strncmp(*o, "arch+", 5) == 0)
			dst = add;
		else if (eq - *o == 5 && strncmp(*o, "arch-", 5) == 0)
			dst = rm;
		if (dst != NULL) {
			strv_free(*dst);
			*dst = split(eq + 1, strlen(eq + 1), ",");
		}
	}
	strv_free(opts);
}

void
aptsrc_parse_list(struct aptsrc *s, const char *file, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t line = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *hash, *q;
		char **w, **arches = NULL, **add = NULL, **rm = NULL;
		size_t nw, n;

		if (eol == NULL)
			eol = end;
		line++;
		n = (size_t)(eol - p);
		if ((hash = memchr(p, '#', n)) != NULL)
			n = (size_t)(hash - p);
		/* the [options] block right after the type word, which may hold spaces */
		for (q = p; q < p + n && (*q == ' ' || *q == '\t'); q++)
			;
		while (q < p + n && *q != ' ' && *q != '\t' && *q != '[')
			q++;
		while (q < p + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q < p + n && *q == '[') {
			const char *close = memchr(q, ']', n - (size_t)(q - p));

			if (close == NULL) {
				note(s, file, line, "'[' without ']': line ignored (apt refuses it)");
				p = eol + 1;
				continue;
			}
			line_options(q + 1, (size_t)(close - q - 1), &arches, &add, &rm);
			{
				struct strbuf sb = STRBUF_INIT;

				sb_add(&sb, p, (size_t)(q - p));
				sb_addc(&sb, ' ');
				sb_add(&sb, close + 1, n - (size_t)(close + 1 - p));
				w = split_words(sb_str(&sb), sb.len);
				sb_free(&sb);
			}
		} else
			w = split_words(p, n);
		for (nw = 0; w[nw] != NULL; nw++)
			dequote(w[nw]);
		if (nw == 0 || strcmp(w[0], "deb-src") == 0) {
			/* blank, comment or source packages */
		} else if (strcmp(w[0], "deb") != 0) {
			note(s, file, line, "not a deb or deb-src line: ignored");
		} else if (nw < 3) {
			note(s, file, line, "a deb line needs a URI and a suite: ignored");
		} else if (strchr(w[2], '$') != NULL) {
			note(s, file, line, "a suite with a $(VARIABLE) is not expanded: ignored");
		} else {
			size_t sl = strlen(w[2]), i;
			char **comps = xcalloc(1, sizeof *comps);

			for (i = 3; i < nw; i++)
				comps = vec_push(comps, xstrdup(w[i]));
			if (sl > 0 && w[2][sl - 1] == '/' && nw > 3)
				note(s, file, line,
				    "components after a flat suite are ignored (as apt does)");
			if (!(sl > 0 && w[2][sl - 1] == '/') && nw == 3) {
				note(s, file, line, "a suite without components: ignored");
				strv_free(comps);
			} else {
				if (sl > 0 && w[2][sl - 1] == '/') {
					strv_free(comps);
					comps = xcalloc(1, sizeof *comps);
				}
				add_entry(s, file, line, w[1], strlen(w[1]), w[2], sl, comps,
				    arches, add, rm);
				arches = add = rm = NULL;
			}
		}
		strv_free(w);
		strv_free(arches);
		strv_free(add);
		strv_free(rm);
		p = eol + 1;
	}
}

/* A deb822 field of the stanza [s, e), continuation lines joined by spaces; NULL if absent. */
static char *
deb822_field(const char *s, const char *e, const char *name)
{
	size_t nl = strlen(name);
	const char *p = s;

	while (p < e) {
		const char *eol = memchr(p, '\n', (size_t)(e - p));

		if (eol == NULL)
			eol = e;
		if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
			struct strbuf sb = STRBUF_INIT;

			sb_add(&sb, p + nl + 1, (size_t)(eol - p - nl - 1));
			for (p = eol + 1; p < e && (*p == ' ' || *p == '\t'); p = eol + 1) {
				eol = memchr(p, '\n', (size_t)(e - p));
				if (eol == NULL)
					eol = e;
				sb_addc(&sb, ' ');
				sb_add(&sb, p, (size_t)(eol - p));
			}
			return sb_detach(&sb);
		}
		p = eol + 1;
	}
	return NULL;
}

/* One deb822 stanza [s, e) starting at line. */
static void
deb822_stanza(struct aptsrc *s, const char *file, size_t line, const char *st, const char *e)
{
	char *types = deb822_field(st, e, "Types"), *uris = deb822_field(st, e, "URIs");
	char *suites = deb822_field(st, e, "Suites"), *comps = deb822_field(st, e, "Components");
	char *enabled = deb822_field(st, e, "Enabled"), *ar = deb822_field(st, e, "Architectures");
	char *ara = deb822_field(st, e, "Architectures-Add");
	char *arr = deb822_field(st, e, "Architectures-Remove");
	char **tv = NULL, **uv = NULL, **sv = NULL, **t, **u, **x;
	int deb = 0;

	if (types == NULL || uris == NULL || suites == NULL) {
		note(s, file, line, "a stanza without Types, URIs or Suites: ignored");
		goto out;
	}
	if (enabled != NULL) {
		char **ev = split(enabled, strlen(enabled), " \t\r");
		int off = ev[0] != NULL &&
		    (strcasecmp(ev[0], "no") == 0 || strcasecmp(ev[0], "false") == 0);

		strv_free(ev);
		if (off)
			goto out;
	}
	tv = split(types, strlen(types), " \t\r");
	for (t = tv; *t != NULL; t++)
		if (strcmp(*t, "deb") == 0)
			deb = 1;
	if (!deb)
		goto out;
	uv = split(uris, strlen(uris), " \t\r");
	sv = split(suites, strlen(suites), " \t\r");
	for (u = uv; *u != NULL; u++)
		for (x = sv; *x != NULL; x++) {
			size_t sl = strlen(*x);
			int flat = sl > 0 && (*x)[sl - 1] == '/';
			char **cv = comps != NULL && !flat ?
			    split(comps, strlen(comps), " \t\r") :
			    xcalloc(1, sizeof(char *));

			if (strchr(*x, '$') != NULL) {
				note(s, file, line, "a suite with a $(VARIABLE) is not expanded: ignored");
				strv_free(cv);
				continue;
			}
			if (!flat && cv[0] == NULL) {
				note(s, file, line, "a suite without Components: ignored");
				strv_free(cv);
				continue;
			}
			add_entry(s, file, line, *u, strlen(*u), *x, sl, cv,
			    ar != NULL ? split(ar, strlen(ar), " \t\r") : NULL,
			    ara != NULL ? split(ara, strlen(ara), " \t\r") : NULL,
			    arr != NULL ? split(arr, strlen(arr), " \t\r") : NULL);
		}
out:
	strv_free(tv);
	strv_free(uv);
	strv_free(sv);
	free(types);
	free(uris);
	free(suites);
	free(comps);
	free(enabled);
	free(ar);
	free(ara);
	free(arr);
}

void
aptsrc_parse_deb822(struct aptsrc *s, const char *file, const char *buf, size_t len)
{
	struct strbuf clean = STRBUF_INIT;
	const char *p = buf, *end = buf + len, *c, *ce, *st = NULL;
	size_t line = 0, stline = 0;

	/* drop comment lines, keeping the line count through blank placeholders */
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if (*p != '#')
			sb_add(&clean, p, (size_t)(eol - p));
		else
			sb_adds(&clean, "#");
		sb_addc(&clean, '\n');
		p = eol + 1;
	}
	c = sb_str(&clean);
	ce = c + clean.len;
	for (p = c; p < ce;) {
		const char *eol = memchr(p, '\n', (size_t)(ce - p));
		int blank = 1;
		const char *q;

		line++;
		for (q = p; q < eol; q++)
			if (*q != ' ' && *q != '\t' && *q != '\r')
				blank = 0;
		if (*p == '#') {
			/* a comment: neither ends nor starts a stanza */
		} else if (blank) {
			if (st != NULL)
				deb822_stanza(s, file, stline, st, p);
			st = NULL;
		} else if (st == NULL) {
			st = p;
			stline = line;
		}
		p = eol + 1;
	}
	if (st != NULL)
		deb822_stanza(s, file, stline, st, ce);
	sb_free(&clean);
}

void
aptsrc_free(struct aptsrc *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->e[i].where);
		free(s->e[i].uri);
		free(s->e[i].suite);
		strv_free(s->e[i].comps);
		strv_free(s->e[i].arches);
		strv_free(s->e[i].arches_add);
		strv_free(s->e[i].arches_rm);
	}
	free(s->e);
	strv_free(s->notes);
	memset(s, 0, sizeof *s);
}

char *
aptsrc_filename(const char *uri, const char *path)
{
	static const char bad[] = "\\|{}[]<>\"^~_=!@#$%^&*";
	struct strbuf sb = STRBUF_INIT;
	const char *p = uri, *colon = strchr(uri, ':'), *slash = strchr(uri, '/');
	char *full, *c;

	/* drop the scheme, and user information before the host */
	if (colon != NULL && (slash == NULL || colon < slash)) {
		p = colon + 1;
		if (p[0] == '/' && p[1] == '/') {
			const char *hostend, *at;

			p += 2;
			hostend = strchr(p, '/');
			if (hostend == NULL)
				hostend = p + strlen(p);
			at = memrchr(p, '@', (size_t)(hostend - p));
			if (at != NULL)
				p = at + 1;
		}
	}
	/* brackets around a host ([::1], cdrom:[Label]) are dropped, as apt's URI does */
	{
		struct strbuf h = STRBUF_INIT;
		const char *q = p;
		int in = 0;

		for (; *q && (in || *q != '/'); q++) {
			if (*q == '[' && !in)
				in = 1;
			else if (*q == ']' && in)
				in = 0;
			else
				sb_addc(&h, *q);
		}
		full = xasprintf("%s%s%s", sb_str(&h), q, path);
		sb_free(&h);
	}
	for (c = full; *c; c++) {
		unsigned char ch = (unsigned char)*c;

		if (ch == '/')
			sb_addc(&sb, '_');
		else if (ch <= 0x20 || ch >= 0x7f || strchr(bad, ch) != NULL)
			sb_addf(&sb, "%%%02x", ch);
		else
			sb_addc(&sb, (char)ch);
	}
	free(full);
	return sb_detach(&sb);
}

/* ---- apt.conf ---- */

struct tok {
	const char *file;
	const char *p, *end;
	size_t line;
};

enum { T_END, T_WORD, T_STR, T_OPEN, T_CLOSE, T_SEMI, T_HASH };

/* Next token of apt.conf; comments (//, # lines, block comments) are skipped. */
static int
next_tok(struct tok *t, const char **s, size_t *n, int *err)
{
	for (;;) {
		while (t->p < t->end && isspace((unsigned char)*t->p)) {
			if (*t->p == '\n')
				t->line++;
			t->p++;
		}
		if (t->p >= t->end)
			return T_END;
		if (t->p + 1 < t->end && t->p[0] == '/' && t->p[1] == '/') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		if (t->p + 1 < t->end && t->p[0] == '/' && t->p[1] == '*') {
			const char *q = t->p + 2;

			while (q + 1 < t->end && !(q[0] == '*' && q[1] == '/')) {
				if (*q == '\n')
					t->line++;
				q++;
			}
			if (q + 1 >= t->end) {
				*err = 1;
				return T_END;
			}
			t->p = q + 2;
			continue;
		}
		break;
	}
	*s = t->p;
	switch (*t->p) {
	case '{': t->p++; return T_OPEN;
	case '}': t->p++; return T_CLOSE;
	case ';': t->p++; return T_SEMI;
	case '#': {
		/* a directive (#include, #clear) or a comment to the end of the line */
		const char *q = t->p;

		while (q < t->end && *q != '\n')
			q++;
		*n = (size_t)(q - t->p);
		t->p = q;
		return T_HASH;
	}
	case '"': {
		const char *q = t->p + 1;

		while (q < t->end && *q != '"') {
			if (*q == '\n')
				t->line++;
			q++;
		}
		if (q >= t->end) {
			*err = 1;
			return T_END;
		}
		*s = t->p + 1;
		*n = (size_t)(q - t->p - 1);
		t->p = q + 1;
		return T_STR;
	}
	default: {
		const char *q = t->p;

		while (q < t->end && !isspace((unsigned char)*q) && *q != '{' && *q != '}' &&
		    *q != ';' && *q != '"')
			q++;
		*n = (size_t)(q - t->p);
		t->p = q;
		return T_WORD;
	}
	}
}

static void
conf_set(struct aptconf *c, const char *key, const char *val)
{
	size_t i;
	char *k = xstrdup(key), *p;

	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* list items accumulate; scalars are replaced */
	if (!(strlen(k) >= 2 && strcmp(k + strlen(k) - 2, "::") == 0))
		for (i = 0; i < c->n; i++)
			if (strcmp(c->keys[i], k) == 0) {
				free(c->vals[i]);
				c->vals[i] = xstrdup(val);
				free(k);
				return;
			}
	c->keys = xreallocarray(c->keys, c->n + 1, sizeof *c->keys);
	c->vals = xreallocarray(c->vals, c->n + 1, sizeof *c->vals);
	c->keys[c->n] = k;
	c->vals[c->n] = xstrdup(val);
	c->n++;
}

/* #clear Tag: removes Tag and everything below it. */
static void
conf_clear(struct aptconf *c, const char *tag)
{
	size_t i, j = 0, tl = strlen(tag);

	for (i = 0; i < c->n; i++) {
		if (strncasecmp(c->keys[i], tag, tl) == 0 &&
		    (c->keys[i][tl] == '\0' || strncmp(c->keys[i] + tl, "::", 2) == 0)) {
			free(c->keys[i]);
			free(c->vals[i]);
			continue;
		}
		c->keys[j] = c->keys[i];
		c->vals[j] = c->vals[i];
		j++;
	}
	c->n = j;
}

int
aptconf_parse(struct aptconf *c, const char *file, const char *buf, size_t len, char *err, size_t errlen)
{
	struct tok t = { file, buf, buf + len, 1 };
	struct strbuf scope = STRBUF_INIT, tag = STRBUF_INIT, val = STRBUF_INIT;
	size_t *depth = NULL, ndepth = 0;
	int have_tag = 0, have_val = 0, rc = -1, bad = 0;
	const char *what = NULL;

	if (memchr(buf, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: NUL byte (not a text file)", file);
		return -1;
	}
	for (;;) {
		const char *s = NULL;
		size_t n = 0;
		int k = next_tok(&t, &s, &n, &bad);

		if (bad) {
			what = "unterminated quote or comment";
			goto fail;
		}
		if (k == T_END)
			break;
		switch (k) {
		case T_HASH:
			if (have_tag || have_val) {
				what = "'#' inside a statement";
				goto fail;
			}
			if (n > 7 && strncmp(s, "#clear", 6) == 0 && (s[6] == ' ' || s[6] == '\t')) {
				char *w = xstrndup(s + 7, n - 7), *e = w + strlen(w);

				while (e > w && (e[-1] == ' ' || e[-1] == ';' || e[-1] == '\r'))
					*--e = '\0';
				conf_clear(c, w);
				free(w);
			} else if (n > 9 && strncmp(s, "#include", 8) == 0) {
				c->notes = vec_push(c->notes,
				    xasprintf("%s:%zu: #include not followed", file, t.line));
			}
			break;
		case T_WORD:
		case T_STR:
			if (!have_tag && k == T_WORD) {
				sb_add(&tag, s, n);
				have_tag = 1;
			} else if (!have_val) {
				sb_add(&val, s, n);
				have_val = 1;
			} else if (k == T_STR) {
				sb_add(&val, s, n); /* "a" "b" concatenate */
			} else {
				what = "more than one value";
				goto fail;
			}
			break;
		case T_SEMI:
		case T_OPEN: {
			struct strbuf key = STRBUF_INIT;

			sb_adds(&key, sb_str(&scope));
			if (have_tag) {
				if (key.len)
					sb_adds(&key, "::");
				sb_adds(&key, sb_str(&tag));
			} else
				sb_adds(&key, "::");
			if (k == T_SEMI) {
				if (have_tag || have_val)
					conf_set(c, sb_str(&key), have_val ? sb_str(&val) : "");
			} else {
				if (!have_tag) {
					sb_free(&key);
					what = "'{' without a name";
					goto fail;
				}
				if (have_val)
					conf_set(c, sb_str(&key), sb_str(&val));
				depth = xreallocarray(depth, ndepth + 1, sizeof *depth);
				depth[ndepth++] = scope.len;
				sb_truncate(&scope, 0);
				sb_adds(&scope, sb_str(&key));
			}
			sb_free(&key);
			sb_truncate(&tag, 0);
			sb_truncate(&val, 0);
			have_tag = have_val = 0;
			break;
		}
		case T_CLOSE:
			if (ndepth == 0) {
				what = "'}' without '{'";
				goto fail;
			}
			if (have_tag || have_val) {
				what = "a statement without ';' before '}'";
				goto fail;
			}
			sb_truncate(&scope, depth[--ndepth]);
			break;
		}
	}
	if (ndepth > 0 || have_tag || have_val) {
		what = ndepth > 0 ? "'{' not closed at the end of the file" : "the last statement has no ';'";
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s:%zu: syntax error: %s (apt refuses this file too)", file, t.line, what);
out:
	free(depth);
	sb_free(&scope);
	sb_free(&tag);
	sb_free(&val);
	return rc;
}

const char *
aptconf_get(const struct aptconf *c, const char *key)
{
	size_t i;

	for (i = c->n; i-- > 0;)
		if (strcasecmp(c->keys[i], key) == 0)
			return c->vals[i];
	return NULL;
}

int
aptconf_bool(const struct aptconf *c, const char *key, int def)
{
	const char *v = aptconf_get(c, key);
	static const char *const yes[] = { "yes", "true", "with", "on", "enable", NULL };
	static const char *const no[] = { "no", "false", "without", "off", "disable", NULL };
	size_t i;
	char *end;
	long n;

	if (v == NULL)
		return def;
	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	n = strtol(v, &end, 0);
	if (end != v && *end == '\0')
		return n != 0;
	return def;
}

void
aptconf_free(struct aptconf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->keys[i]);
		free(c->vals[i]);
	}
	free(c->keys);
	free(c->vals);
	strv_free(c->notes);
	memset(c, 0, sizeof *c);
}
