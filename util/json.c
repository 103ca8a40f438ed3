/*
 * json.c: the JSON tree, its writer and a strict parser.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

#define JSON_MAX_DEPTH 200

struct json {
	enum json_type type;
	union {
		int b;
		int64_t i;
		double d;
		struct {
			char *s;
			size_t len;
		} str;
		struct {
			struct json **v;
			char **k; /* object keys, NULL for arrays */
			size_t n;
			size_t cap;
		} c;
	} u;
};

static struct json *
json_new(enum json_type t)
{
	struct json *v = xcalloc(1, sizeof *v);

	v->type = t;
	return v;
}

struct json *
json_null(void)
{
	return json_new(JSON_NULL);
}

struct json *
json_bool(int b)
{
	struct json *v = json_new(JSON_BOOL);

	v->u.b = b != 0;
	return v;
}

struct json *
json_int(int64_t i)
{
	struct json *v = json_new(JSON_INT);

	v->u.i = i;
	return v;
}

struct json *
json_real(double d)
{
	struct json *v = json_new(JSON_REAL);

	v->u.d = isfinite(d) ? d : 0.0;
	return v;
}

struct json *
json_str_n(const char *s, size_t len)
{
	struct json *v;
	struct strbuf sb = STRBUF_INIT;
	size_t off = 0;

	if (s == NULL)
		return json_null();
	v = json_new(JSON_STRING);
	/* valid text (the usual case) is copied whole; only a string needing U+FFFD is rebuilt */
	while (off < len) {
		uint32_t cp;
		int ok;
		size_t n;

		if ((unsigned char)s[off] - 1u < 0x7Fu) {
			off++;
			continue;
		}
		n = utf8_decode(s + off, len - off, &cp, &ok);
		if (!ok || cp == 0 || cp == 0xFFFD)
			break;
		off += n;
	}
	if (off >= len) {
		v->u.str.s = xmalloc(len + 1);
		memcpy(v->u.str.s, s, len);
		v->u.str.s[len] = '\0';
		v->u.str.len = len;
		return v;
	}
	off = 0;
	while (off < len) {
		uint32_t cp;
		int ok;
		char enc[4];
		size_t n = utf8_decode(s + off, len - off, &cp, &ok);

		if (!ok || cp == 0)
			cp = 0xFFFD;
		if (ok && cp != 0xFFFD)
			sb_add(&sb, s + off, n);
		else
			sb_add(&sb, enc, utf8_encode(cp, enc));
		off += n;
	}
	v->u.str.len = sb.len;
	v->u.str.s = sb_detach(&sb);
	return v;
}

struct json *
json_str(const char *s)
{
	return s == NULL ? json_null() : json_str_n(s, strlen(s));
}

struct json *
json_strf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	struct json *v;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	v = json_str(s);
	free(s);
	return v;
}

struct json *
json_array(void)
{
	return json_new(JSON_ARRAY);
}

struct json *
json_object(void)
{
	return json_new(JSON_OBJECT);
}

void
json_free(struct json *v)
{
	size_t i;

	if (v == NULL)
		return;
	if (v->type == JSON_STRING)
		free(v->u.str.s);
	else if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
		for (i = 0; i < v->u.c.n; i++) {
			json_free(v->u.c.v[i]);
			if (v->u.c.k != NULL)
				free(v->u.c.k[i]);
		}
		free(v->u.c.v);
		free(v->u.c.k);
	}
	free(v);
}

struct json *
json_copy(const struct json *v)
{
	struct json *c;
	size_t i;

	if (v == NULL)
		return NULL;
	switch (v->type) {
	case JSON_STRING:
		/* already valid UTF-8 without NUL (every string in a tree is): copied as it is */
		c = json_new(JSON_STRING);
		c->u.str.s = xmalloc(v->u.str.len + 1);
		memcpy(c->u.str.s, v->u.str.s, v->u.str.len + 1);
		c->u.str.len = v->u.str.len;
		return c;
	case JSON_ARRAY:
		c = json_array();
		for (i = 0; i < v->u.c.n; i++)
			json_arr_push(c, json_copy(v->u.c.v[i]));
		return c;
	case JSON_OBJECT:
		c = json_object();
		for (i = 0; i < v->u.c.n; i++)
			json_obj_set(c, v->u.c.k[i], json_copy(v->u.c.v[i]));
		return c;
	default:
		c = json_new(v->type);
		c->u = v->u;
		return c;
	}
}

/* Makes room for one more child. */
static void
json_grow(struct json *c)
{
	if (c->u.c.n < c->u.c.cap)
		return;
	c->u.c.cap = c->u.c.cap ? c->u.c.cap * 2 : 4;
	c->u.c.v = xreallocarray(c->u.c.v, c->u.c.cap, sizeof *c->u.c.v);
	if (c->type == JSON_OBJECT)
		c->u.c.k = xreallocarray(c->u.c.k, c->u.c.cap, sizeof *c->u.c.k);
}

struct json *
json_arr_push(struct json *a, struct json *v)
{
	if (a == NULL || a->type != JSON_ARRAY)
		fatal("json_arr_push: not an array");
	json_grow(a);
	a->u.c.v[a->u.c.n++] = v;
	return v;
}

/* Index of key in o, or -1. */
static long
json_find(const struct json *o, const char *key)
{
	size_t i;

	for (i = 0; i < o->u.c.n; i++)
		if (strcmp(o->u.c.k[i], key) == 0)
			return (long)i;
	return -1;
}

struct json *
json_obj_set(struct json *o, const char *key, struct json *v)
{
	long at;

	if (o == NULL || o->type != JSON_OBJECT)
		fatal("json_obj_set: not an object");
	at = json_find(o, key);
	if (at >= 0) {
		json_free(o->u.c.v[at]);
		o->u.c.v[at] = v;
		return v;
	}
	json_grow(o);
	o->u.c.k[o->u.c.n] = xstrdup(key);
	o->u.c.v[o->u.c.n++] = v;
	return v;
}

struct json *
json_obj_take(struct json *o, const char *key)
{
	long at;
	struct json *v;

	if (o == NULL || o->type != JSON_OBJECT || (at = json_find(o, key)) < 0)
		return NULL;
	v = o->u.c.v[at];
	free(o->u.c.k[at]);
	memmove(&o->u.c.v[at], &o->u.c.v[at + 1], (o->u.c.n - (size_t)at - 1) * sizeof *o->u.c.v);
	memmove(&o->u.c.k[at], &o->u.c.k[at + 1], (o->u.c.n - (size_t)at - 1) * sizeof *o->u.c.k);
	o->u.c.n--;
	return v;
}

enum json_type
json_type(const struct json *v)
{
	return v == NULL ? JSON_NULL : v->type;
}

int
json_is(const struct json *v, enum json_type t)
{
	return v != NULL && v->type == t;
}

int
json_get_bool(const struct json *v, int fallback)
{
	return json_is(v, JSON_BOOL) ? v->u.b : fallback;
}

int64_t
json_get_int(const struct json *v, int64_t fallback)
{
	return json_is(v, JSON_INT) ? v->u.i : fallback;
}

double
json_get_real(const struct json *v, double fallback)
{
	if (json_is(v, JSON_REAL))
		return v->u.d;
	if (json_is(v, JSON_INT))
		return (double)v->u.i;
	return fallback;
}

const char *
json_get_str(const struct json *v)
{
	return json_is(v, JSON_STRING) ? v->u.str.s : NULL;
}

size_t
json_len(const struct json *v)
{
	if (json_is(v, JSON_ARRAY) || json_is(v, JSON_OBJECT))
		return v->u.c.n;
	return 0;
}

struct json *
json_at(const struct json *v, size_t i)
{
	return i < json_len(v) ? v->u.c.v[i] : NULL;
}

const char *
json_key_at(const struct json *v, size_t i)
{
	return json_is(v, JSON_OBJECT) && i < v->u.c.n ? v->u.c.k[i] : NULL;
}

struct json *
json_get(const struct json *o, const char *key)
{
	long at;

	if (!json_is(o, JSON_OBJECT) || (at = json_find(o, key)) < 0)
		return NULL;
	return o->u.c.v[at];
}

/* ---- writer ---- */

/*
 * Whether the UTF-8 sequence at s is a C1 control (U+0080..U+009F) or a
 * bidirectional control (embeddings, overrides, isolates, marks): such
 * characters are valid JSON, but a terminal or viewer showing the file raw
 * would obey them, so they are written as \u escapes. Returns the bytes of
 * the sequence (cp set), or 0.
 */
static size_t
json_hidden(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len >= 2 && u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) {
		*cp = u[1];
		return 2;
	}
	if (len >= 2 && u[0] == 0xD8 && u[1] == 0x9C) {
		*cp = 0x061C;
		return 2;
	}
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x8E || u[2] == 0x8F || (u[2] >= 0xAA && u[2] <= 0xAE))) {
		*cp = 0x2000 + (u[2] - 0x80);
		return 3;
	}
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9) {
		*cp = 0x2040 + (u[2] - 0x80);
		return 3;
	}
	return 0;
}

void
json_write_string(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, n;
	uint32_t cp;

	sb_addc(sb, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		case '\b': sb_adds(sb, "\\b"); break;
		case '\f': sb_adds(sb, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7F)
				sb_addf(sb, "\\u%04x", c);
			else if (c >= 0x80 && (n = json_hidden(s + i, len - i, &cp)) > 0) {
				sb_addf(sb, "\\u%04x", (unsigned)cp);
				i += n - 1;
			} else
				sb_addc(sb, (char)c);
		}
	}
	sb_addc(sb, '"');
}

static void
indent(struct strbuf *sb, int flags, int depth)
{
	int i;

	if (!(flags & JSON_PRETTY))
		return;
	sb_addc(sb, '\n');
	for (i = 0; i < depth; i++)
		sb_adds(sb, "  ");
}

static void
json_write_at(const struct json *v, struct strbuf *sb, int flags, int depth)
{
	size_t i;

	switch (json_type(v)) {
	case JSON_NULL: sb_adds(sb, "null"); break;
	case JSON_BOOL: sb_adds(sb, v->u.b ? "true" : "false"); break;
	case JSON_INT: sb_addf(sb, "%lld", (long long)v->u.i); break;
	case JSON_REAL: {
		char buf[64];

		snprintf(buf, sizeof buf, "%.17g", v->u.d);
		if (strspn(buf, "-0123456789") == strlen(buf))
			strcat(buf, ".0");
		sb_adds(sb, buf);
		break;
	}
	case JSON_STRING: json_write_string(sb, v->u.str.s, v->u.str.len); break;
	case JSON_ARRAY:
	case JSON_OBJECT: {
		int obj = v->type == JSON_OBJECT;

		sb_addc(sb, obj ? '{' : '[');
		for (i = 0; i < v->u.c.n; i++) {
			if (i > 0)
				sb_addc(sb, ',');
			indent(sb, flags, depth + 1);
			if (obj) {
				json_write_string(sb, v->u.c.k[i], strlen(v->u.c.k[i]));
				sb_adds(sb, (flags & JSON_PRETTY) ? ": " : ":");
			}
			json_write_at(v->u.c.v[i], sb, flags, depth + 1);
		}
		if (v->u.c.n > 0)
			indent(sb, flags, depth);
		sb_addc(sb, obj ? '}' : ']');
		break;
	}
	}
}

void
json_write(const struct json *v, struct strbuf *sb, int flags)
{
	json_write_at(v, sb, flags, 0);
}

/* ---- parser ---- */

/* A member of a container being parsed: its value, its key (objects) and where the key stood. */
struct jmember {
	struct json *v;
	char *key;
	size_t klen;
	const char *at;
};

/*
 * The members of the containers being parsed are pushed on one stack; a
 * container takes its own when it closes, in arrays of their exact size.
 */
struct jparser {
	const char *p, *end, *start;
	char *err;
	size_t errlen;
	int failed;
	struct jmember *stack;
	size_t sp, cap;
};

static void
jp_fail(struct jparser *jp, const char *msg)
{
	const char *q;
	int line = 1, col = 1;

	if (jp->failed)
		return;
	jp->failed = 1;
	for (q = jp->start; q < jp->p && q < jp->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if ((*q & 0xC0) != 0x80)
			col++;
	}
	snprintf(jp->err, jp->errlen, "%d:%d: %s", line, col, msg);
}

static void
jp_ws(struct jparser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
jp_hex4(struct jparser *jp, uint32_t *out)
{
	int i;

	*out = 0;
	if (jp->end - jp->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		int h = hexval(jp->p[i]);

		if (h < 0)
			return -1;
		*out = (*out << 4) | (uint32_t)h;
	}
	jp->p += 4;
	return 0;
}

/*
 * Parses a string at jp->p (which is at the opening quote). Plain bytes are
 * taken in runs; a string without escapes (nearly every one in a report) is
 * one allocation of its exact size.
 */
static char *
jp_string(struct jparser *jp, size_t *lenp)
{
	struct strbuf sb = STRBUF_INIT;
	const char *run;
	int escaped = 0;
	char *s;

	run = ++jp->p;
	while (jp->p < jp->end && *jp->p != '"') {
		unsigned char c = (unsigned char)*jp->p;

		if (c >= 0x20 && c < 0x80 && c != '\\') {
			jp->p++;
			continue;
		}
		if (c < 0x20) {
			jp_fail(jp, "control character in string");
			goto err;
		}
		if (c == '\\') {
			uint32_t cp;
			char enc[4];

			escaped = 1;
			sb_add(&sb, run, (size_t)(jp->p - run));
			if (++jp->p >= jp->end)
				break;
			switch (*jp->p++) {
			case '"': sb_addc(&sb, '"'); break;
			case '\\': sb_addc(&sb, '\\'); break;
			case '/': sb_addc(&sb, '/'); break;
			case 'b': sb_addc(&sb, '\b'); break;
			case 'f': sb_addc(&sb, '\f'); break;
			case 'n': sb_addc(&sb, '\n'); break;
			case 'r': sb_addc(&sb, '\r'); break;
			case 't': sb_addc(&sb, '\t'); break;
			case 'u':
				if (jp_hex4(jp, &cp) < 0) {
					jp_fail(jp, "bad \\u escape");
					goto err;
				}
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					uint32_t lo;

					if (jp->end - jp->p < 2 || jp->p[0] != '\\' || jp->p[1] != 'u') {
						jp_fail(jp, "unpaired surrogate");
						goto err;
					}
					jp->p += 2;
					if (jp_hex4(jp, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF) {
						jp_fail(jp, "unpaired surrogate");
						goto err;
					}
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					jp_fail(jp, "unpaired surrogate");
					goto err;
				}
				if (cp == 0) {
					jp_fail(jp, "NUL in string");
					goto err;
				}
				sb_add(&sb, enc, utf8_encode(cp, enc));
				break;
			default:
				jp->p--;
				jp_fail(jp, "bad escape");
				goto err;
			}
			run = jp->p;
			continue;
		}
		{
			uint32_t cp;
			int ok;
			size_t n = utf8_decode(jp->p, (size_t)(jp->end - jp->p), &cp, &ok);

			if (!ok) {
				jp_fail(jp, "invalid UTF-8");
				goto err;
			}
			jp->p += n;
		}
	}
	if (jp->p >= jp->end) {
		jp_fail(jp, "unterminated string");
		goto err;
	}
	if (!escaped) {
		*lenp = (size_t)(jp->p - run);
		s = xmalloc(*lenp + 1);
		memcpy(s, run, *lenp);
		s[*lenp] = '\0';
		jp->p++;
		return s;
	}
	sb_add(&sb, run, (size_t)(jp->p - run));
	jp->p++;
	*lenp = sb.len;
	return sb_detach(&sb);
err:
	sb_free(&sb);
	return NULL;
}

static struct json *jp_value(struct jparser *jp, int depth);

static struct json *
jp_number(struct jparser *jp)
{
	const char *s = jp->p;
	int real = 0;
	char small[64], *buf, *endp;
	size_t n;
	struct json *v;

	if (jp->p < jp->end && *jp->p == '-')
		jp->p++;
	if (jp->p < jp->end && *jp->p == '0')
		jp->p++;
	else if (jp->p < jp->end && *jp->p >= '1' && *jp->p <= '9')
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	else {
		jp_fail(jp, "bad number");
		return NULL;
	}
	if (jp->p < jp->end && *jp->p == '.') {
		real = 1;
		jp->p++;
		if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9') {
			jp_fail(jp, "bad number");
			return NULL;
		}
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	}
	if (jp->p < jp->end && (*jp->p == 'e' || *jp->p == 'E')) {
		real = 1;
		jp->p++;
		if (jp->p < jp->end && (*jp->p == '+' || *jp->p == '-'))
			jp->p++;
		if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9') {
			jp_fail(jp, "bad number");
			return NULL;
		}
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	}
	/* strtod and strtoll need a terminated copy: on the stack unless it is long */
	n = (size_t)(jp->p - s);
	if (n < sizeof small) {
		memcpy(small, s, n);
		small[n] = '\0';
		buf = small;
	} else
		buf = xstrndup(s, n);
	errno = 0;
	if (real)
		v = json_real(strtod(buf, &endp));
	else {
		long long ll = strtoll(buf, &endp, 10);

		v = errno == ERANGE ? json_real(strtod(buf, &endp)) : json_int(ll);
	}
	if (buf != small)
		free(buf);
	return v;
}

static int
jp_lit(struct jparser *jp, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(jp->end - jp->p) >= n && memcmp(jp->p, lit, n) == 0) {
		jp->p += n;
		return 1;
	}
	return 0;
}

/* A key of the object being parsed and where it stood, for the duplicate check. */
struct jkey {
	const char *key;
	const char *at;
	size_t index;
};

static int
jkey_cmp(const void *a, const void *b)
{
	const struct jkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Fails on the second of any two equal keys of the n members m, pointing at
 * where it stood: sorting makes this O(n log n), where a lookup per key was
 * O(n^2) on a hostile 100,000-key object read before its signature is
 * checked. A small object (nearly all) is checked pairwise, without
 * allocating.
 */
static int
jp_no_duplicates(struct jparser *jp, const struct jmember *m, size_t n)
{
	struct jkey *v;
	size_t i, j;
	const char *dup = NULL;

	if (n < 2)
		return 0;
	if (n <= 32) {
		for (i = 1; i < n && dup == NULL; i++)
			for (j = 0; j < i && dup == NULL; j++)
				if (m[j].klen == m[i].klen && memcmp(m[j].key, m[i].key, m[i].klen) == 0)
					dup = m[i].at;
	} else {
		v = xreallocarray(NULL, n, sizeof *v);
		for (i = 0; i < n; i++) {
			v[i].key = m[i].key;
			v[i].at = m[i].at;
			v[i].index = i;
		}
		qsort(v, n, sizeof *v, jkey_cmp);
		for (i = 1; i < n; i++)
			if (strcmp(v[i - 1].key, v[i].key) == 0 && (dup == NULL || v[i].at < dup))
				dup = v[i].at;
		free(v);
	}
	if (dup == NULL)
		return 0;
	jp->p = dup;
	jp_fail(jp, "duplicate key");
	return -1;
}

static void
jp_push(struct jparser *jp, struct json *v, char *key, size_t klen, const char *at)
{
	if (jp->sp == jp->cap) {
		jp->cap = jp->cap ? jp->cap * 2 : 64;
		jp->stack = xreallocarray(jp->stack, jp->cap, sizeof *jp->stack);
	}
	jp->stack[jp->sp].v = v;
	jp->stack[jp->sp].key = key;
	jp->stack[jp->sp].klen = klen;
	jp->stack[jp->sp++].at = at;
}

/* Drops the members pushed since base, freeing them. */
static void
jp_pop_free(struct jparser *jp, size_t base)
{
	while (jp->sp > base) {
		jp->sp--;
		json_free(jp->stack[jp->sp].v);
		free(jp->stack[jp->sp].key);
	}
}

static struct json *
jp_container(struct jparser *jp, int depth, int obj)
{
	struct json *c;
	char close = obj ? '}' : ']';
	size_t base = jp->sp, n, i;

	jp->p++;
	jp_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return obj ? json_object() : json_array();
	}
	for (;;) {
		char *key = NULL;
		const char *kat = NULL;
		size_t klen = 0;
		struct json *v;

		jp_ws(jp);
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"') {
				jp_fail(jp, "expected a string key");
				goto err;
			}
			kat = jp->p;
			if ((key = jp_string(jp, &klen)) == NULL)
				goto err;
			jp_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				jp_fail(jp, "expected ':'");
				goto err;
			}
			jp->p++;
		}
		if ((v = jp_value(jp, depth + 1)) == NULL) {
			free(key);
			goto err;
		}
		/* kept as parsed; duplicates are refused once the object is complete */
		jp_push(jp, v, key, klen, kat);
		jp_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close)
			break;
		jp_fail(jp, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto err;
	}
	jp->p++;
	n = jp->sp - base;
	if (obj && jp_no_duplicates(jp, &jp->stack[base], n) < 0)
		goto err;
	c = obj ? json_object() : json_array();
	c->u.c.v = xreallocarray(NULL, n, sizeof *c->u.c.v);
	if (obj)
		c->u.c.k = xreallocarray(NULL, n, sizeof *c->u.c.k);
	for (i = 0; i < n; i++) {
		c->u.c.v[i] = jp->stack[base + i].v;
		if (obj)
			c->u.c.k[i] = jp->stack[base + i].key;
	}
	c->u.c.n = c->u.c.cap = n;
	jp->sp = base;
	return c;
err:
	jp_pop_free(jp, base);
	return NULL;
}

static struct json *
jp_value(struct jparser *jp, int depth)
{
	size_t len;
	char *s;
	struct json *v;

	if (depth > JSON_MAX_DEPTH) {
		jp_fail(jp, "nested too deeply");
		return NULL;
	}
	jp_ws(jp);
	if (jp->p >= jp->end) {
		jp_fail(jp, "unexpected end of input");
		return NULL;
	}
	switch (*jp->p) {
	case '{': return jp_container(jp, depth, 1);
	case '[': return jp_container(jp, depth, 0);
	case '"':
		if ((s = jp_string(jp, &len)) == NULL)
			return NULL;
		v = json_new(JSON_STRING);
		v->u.str.s = s;
		v->u.str.len = len;
		return v;
	case 't':
		if (jp_lit(jp, "true"))
			return json_bool(1);
		break;
	case 'f':
		if (jp_lit(jp, "false"))
			return json_bool(0);
		break;
	case 'n':
		if (jp_lit(jp, "null"))
			return json_null();
		break;
	default:
		if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9'))
			return jp_number(jp);
	}
	jp_fail(jp, "unexpected character");
	return NULL;
}

struct json *
json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jparser jp = { text, text + len, text, err, errlen, 0, NULL, 0, 0 };
	struct json *v;

	if (errlen > 0)
		err[0] = '\0';
	v = jp_value(&jp, 0);
	free(jp.stack);
	if (v == NULL)
		return NULL;
	jp_ws(&jp);
	if (jp.p != jp.end) {
		jp_fail(&jp, "trailing data after the document");
		json_free(v);
		return NULL;
	}
	return v;
}
