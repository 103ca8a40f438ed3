/*
 * ydoc.c: libyaml events folded into a bounded node tree.
 */
#include "ydoc.h"
#include "timefmt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

#include "fileio.h"
#include "strbuf.h"
#include "xalloc.h"

const struct ydoc_limits ydoc_default_limits = {
	.max_bytes = 4u << 20,
	.max_depth = 64,
	.max_nodes = 200000,
};

struct builder {
	const char *buf; /* the input, for positions of reader errors */
	struct ydoc *doc;
	const struct ydoc_limits *lim;
	struct diags *d;
	size_t nodes;
	struct ynode **stack;
	size_t depth;
	size_t cap;
	char *have_key; /* per depth, for maps: a key waits for its value */
};

/* The 1-based line and column (in characters) of a byte offset in buf. */
static void
offset_position(const char *buf, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((buf[i] & 0xC0) != 0x80)
			(*col)++;
	}
}

static void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		ynode_free(n->items[i]);
		if (n->keys != NULL)
			ynode_free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->str);
	free(n);
}

void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	ynode_free(doc->root);
	free(doc->file);
	free(doc);
}

static struct ynode *
node_new(enum ynode_type t, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = t;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

/* Attaches a finished node to its parent (or as root). Returns -1 on a duplicate key. */
static int
attach(struct builder *b, struct ynode *n)
{
	struct ynode *parent;
	size_t i;

	if (b->depth == 0) {
		if (b->doc->root != NULL) {
			ynode_free(n);
			return -1;
		}
		b->doc->root = n;
		return 0;
	}
	parent = b->stack[b->depth - 1];
	if (parent->type == YNODE_SEQ) {
		parent->items = xreallocarray(parent->items, parent->n + 1, sizeof *parent->items);
		parent->items[parent->n++] = n;
		return 0;
	}
	/* mapping: alternate key and value */
	if (!b->have_key[b->depth]) {
		if (n->type != YNODE_SCALAR) {
			diag_add(b->d, b->doc->file, n->line, n->col,
			    "mapping keys must be plain strings");
			ynode_free(n);
			return -1;
		}
		for (i = 0; i < parent->n; i++) {
			if (strcmp(parent->keys[i]->str, n->str) == 0) {
				diag_add(b->d, b->doc->file, n->line, n->col,
				    "duplicate key '%s' (first at line %d)", n->str,
				    parent->keys[i]->line);
				ynode_free(n);
				return -1;
			}
		}
		parent->keys = xreallocarray(parent->keys, parent->n + 1, sizeof *parent->keys);
		parent->items = xreallocarray(parent->items, parent->n + 1, sizeof *parent->items);
		parent->keys[parent->n] = n;
		parent->items[parent->n++] = NULL;
		b->have_key[b->depth] = 1;
		return 0;
	}
	parent->items[parent->n - 1] = n;
	b->have_key[b->depth] = 0;
	return 0;
}

static int
count_node(struct builder *b, const yaml_mark_t *m)
{
	if (++b->nodes > b->lim->max_nodes) {
		diag_add(b->d, b->doc->file, (int)m->line + 1, (int)m->column + 1,
		    "too many nodes (limit %zu)", b->lim->max_nodes);
		return -1;
	}
	return 0;
}

/* Runs the libyaml event loop; 0 on success. */
static int
build(struct builder *b, yaml_parser_t *p)
{
	yaml_event_t ev;
	int docs = 0, done = 0, rc = -1;

	while (!done) {
		struct ynode *n;

		if (!yaml_parser_parse(p, &ev)) {
			int line, col;

			if (p->error == YAML_READER_ERROR) {
				/* the reader knows only a byte offset */
				offset_position(b->buf, p->problem_offset, &line, &col);
				diag_add(b->d, b->doc->file, line, col, "%s (byte 0x%02x)",
				    p->problem ? p->problem : "unreadable text",
				    (unsigned)p->problem_value & 0xFF);
				return -1;
			}
			line = (int)p->problem_mark.line + 1;
			col = (int)p->problem_mark.column + 1;
			if (p->problem_mark.line == 0 && p->problem_mark.column == 0 &&
			    p->problem_mark.index == 0) {
				line = (int)p->context_mark.line + 1;
				col = (int)p->context_mark.column + 1;
			}
			diag_add(b->d, b->doc->file, line, col, "YAML syntax: %s%s%s",
			    p->problem ? p->problem : "parse error", p->context ? " " : "",
			    p->context ? p->context : "");
			return -1;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = 1; break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1, "only one YAML document is allowed");
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1, "aliases (*name) are not supported");
			goto out;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor != NULL) {
				diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1, "anchors (&name) are not supported");
				goto out;
			}
			if (count_node(b, &ev.start_mark) < 0)
				goto out;
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length) != NULL) {
				diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1, "NUL character in a string");
				goto out;
			}
			n = node_new(YNODE_SCALAR, &ev.start_mark);
			n->str = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (attach(b, n) < 0)
				goto out;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int map = ev.type == YAML_MAPPING_START_EVENT;
			const yaml_char_t *anchor = map ?
			    ev.data.mapping_start.anchor :
			    ev.data.sequence_start.anchor;

			if (anchor != NULL) {
				diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1, "anchors (&name) are not supported");
				goto out;
			}
			if (count_node(b, &ev.start_mark) < 0)
				goto out;
			if ((int)b->depth >= b->lim->max_depth) {
				diag_add(b->d, b->doc->file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "nested too deeply (limit %d levels)", b->lim->max_depth);
				goto out;
			}
			n = node_new(map ? YNODE_MAP : YNODE_SEQ, &ev.start_mark);
			if (attach(b, n) < 0)
				goto out;
			if (b->depth == b->cap) {
				b->cap = b->cap ? b->cap * 2 : 16;
				b->stack = xreallocarray(b->stack, b->cap, sizeof *b->stack);
				b->have_key = xreallocarray(b->have_key, b->cap + 1, 1);
			}
			b->stack[b->depth++] = n;
			b->have_key[b->depth] = 0;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: b->depth--; break;
		default: break;
		}
		yaml_event_delete(&ev);
	}
	return 0;
out:
	yaml_event_delete(&ev);
	return rc;
}

struct ydoc *
ydoc_load_buf(const char *name, const char *buf, size_t len, const struct ydoc_limits *lim,
    struct diags *d)
{
	struct builder b;
	yaml_parser_t p;
	struct ydoc *doc;
	size_t before = d->n;
	int rc;

	if (lim == NULL)
		lim = &ydoc_default_limits;
	if (len > lim->max_bytes) {
		diag_add(d, name, 0, 0, "file is larger than the %zu-byte limit", lim->max_bytes);
		return NULL;
	}
	if (memchr(buf, '\0', len) != NULL) {
		const char *z = memchr(buf, '\0', len);
		int line = 1;
		const char *q;

		for (q = buf; q < z; q++)
			line += *q == '\n';
		diag_add(d, name, line, 0, "NUL byte: this is not a text file");
		return NULL;
	}
	doc = xcalloc(1, sizeof *doc);
	doc->file = xstrdup(name);
	memset(&b, 0, sizeof b);
	b.buf = buf;
	b.doc = doc;
	b.lim = lim;
	b.d = d;
	if (!yaml_parser_initialize(&p))
		fatal("libyaml: out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	rc = build(&b, &p);
	yaml_parser_delete(&p);
	/* on error the stack holds nodes already attached to the tree */
	free(b.stack);
	free(b.have_key);
	if (rc < 0 || d->n > before) {
		ydoc_free(doc);
		return NULL;
	}
	return doc;
}

struct ydoc *
ydoc_load_file(const char *path, const struct ydoc_limits *lim, struct diags *d)
{
	char err[512], *data;
	size_t len;
	struct ydoc *doc;

	if (lim == NULL)
		lim = &ydoc_default_limits;
	if (file_read_all(path, lim->max_bytes, &data, &len, err, sizeof err) < 0) {
		/* err already starts with the path */
		const char *msg = strncmp(err, path, strlen(path)) == 0 ? err + strlen(path) + 2 : err;

		diag_add(d, path, 0, 0, "%s", msg);
		return NULL;
	}
	doc = ydoc_load_buf(path, data, len, lim, d);
	free(data);
	return doc;
}

const struct ynode *
ymap_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

const char *
ynode_type_name(enum ynode_type t)
{
	switch (t) {
	case YNODE_SCALAR: return "a string";
	case YNODE_SEQ: return "a sequence";
	case YNODE_MAP: return "a mapping";
	}
	return "?";
}

int
yexpect(const struct ynode *n, enum ynode_type t, const char *file, const char *what, struct diags *d)
{
	if (n != NULL && n->type == t)
		return 0;
	if (n == NULL)
		diag_add(d, file, 0, 0, "%s must be %s", what, ynode_type_name(t));
	else
		diag_add(d, file, n->line, n->col, "%s must be %s, not %s", what,
		    ynode_type_name(t), ynode_type_name(n->type));
	return -1;
}

static int
in_list(const char *s, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int
ycheck_keys(const struct ynode *map, const char *const *allowed, const char *const *required,
    const char *file, const char *what, struct diags *d)
{
	int errs = 0;
	size_t i;

	if (map == NULL || map->type != YNODE_MAP)
		return 0;
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];

		if (!in_list(k->str, allowed) && !in_list(k->str, required)) {
			struct strbuf sb = STRBUF_INIT;
			const char *const *a;

			for (a = required; a != NULL && *a != NULL; a++)
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", *a);
			for (a = allowed; a != NULL && *a != NULL; a++)
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", *a);
			diag_add(d, file, k->line, k->col,
			    "unknown key '%s' in %s (expected one of: %s)", k->str, what, sb_str(&sb));
			sb_free(&sb);
			errs++;
		}
	}
	for (; required != NULL && *required != NULL; required++) {
		if (ymap_get(map, *required) == NULL) {
			diag_add(d, file, map->line, map->col, "missing required key '%s' in %s",
			    *required, what);
			errs++;
		}
	}
	return errs;
}

static int
scalar_or_err(const struct ynode *n, const char *file, const char *what, const char *expect,
    struct diags *d)
{
	if (n == NULL) {
		diag_add(d, file, 0, 0, "%s: expected %s", what, expect);
		return -1;
	}
	if (n->type != YNODE_SCALAR) {
		diag_add(d, file, n->line, n->col, "%s must be %s, not %s", what, expect,
		    ynode_type_name(n->type));
		return -1;
	}
	return 0;
}

int
yget_bool(const struct ynode *n, int *out, const char *file, const char *what, struct diags *d)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };

	if (scalar_or_err(n, file, what, "true or false", d) < 0)
		return -1;
	if (n->plain && in_list(n->str, yes)) {
		*out = 1;
		return 0;
	}
	if (n->plain && in_list(n->str, no)) {
		*out = 0;
		return 0;
	}
	diag_add(d, file, n->line, n->col, "%s must be true or false, not '%s'", what, n->str);
	return -1;
}

int
yget_int(const struct ynode *n, long long min, long long max, long long *out, const char *file,
    const char *what, struct diags *d)
{
	char *end;
	long long v;

	if (scalar_or_err(n, file, what, "a whole number", d) < 0)
		return -1;
	errno = 0;
	v = strtoll(n->str, &end, 10);
	if (!n->plain || n->str[0] == '\0' || *end != '\0' || errno == ERANGE) {
		diag_add(d, file, n->line, n->col, "%s must be a whole number, not '%s'", what, n->str);
		return -1;
	}
	if (v < min || v > max) {
		diag_add(d, file, n->line, n->col, "%s must be between %lld and %lld, not %lld",
		    what, min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int
yget_str(const struct ynode *n, const char **out, const char *file, const char *what, struct diags *d)
{
	if (scalar_or_err(n, file, what, "a string", d) < 0)
		return -1;
	if (n->str[0] == '\0') {
		diag_add(d, file, n->line, n->col, "%s must not be empty", what);
		return -1;
	}
	*out = n->str;
	return 0;
}

int
yget_time(const struct ynode *n, long long *out, const char *file, const char *what, struct diags *d)
{
	time_t t;

	if (scalar_or_err(n, file, what, "a date (YYYY-MM-DD)", d) < 0)
		return -1;
	if (time_parse_date_or_iso(n->str, &t) < 0) {
		diag_add(d, file, n->line, n->col,
		    "%s must be a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not '%s'", what, n->str);
		return -1;
	}
	*out = (long long)t;
	return 0;
}

int
yget_strlist(const struct ynode *n, const char ***out, size_t *count, const char *file,
    const char *what, struct diags *d)
{
	const char **v;
	size_t i;

	*out = NULL;
	*count = 0;
	if (n == NULL)
		return 0;
	if (n->type == YNODE_SCALAR) {
		const char *one;

		if (yget_str(n, &one, file, what, d) < 0)
			return -1;
		v = xcalloc(2, sizeof *v);
		v[0] = one;
		*out = v;
		*count = 1;
		return 0;
	}
	if (yexpect(n, YNODE_SEQ, file, what, d) < 0)
		return -1;
	v = xcalloc(n->n + 1, sizeof *v);
	for (i = 0; i < n->n; i++) {
		if (yget_str(n->items[i], &v[i], file, what, d) < 0) {
			free(v);
			return -1;
		}
	}
	*out = v;
	*count = n->n;
	return 0;
}
