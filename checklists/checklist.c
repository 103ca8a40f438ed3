/*
 * checklist.c: loading and validating a checklist file into the model.
 */
#include "checklist.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"
#include "../util/ydoc.h"

static const char *const lang_codes[LANG_COUNT] = { [LANG_EN] = "en", [LANG_JA] = "ja" };

const char *
lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_codes[l] : "en";
}

int
lang_parse(const char *s, enum lang *out)
{
	if (strcmp(s, "en") == 0 || strcmp(s, "english") == 0)
		*out = LANG_EN;
	else if (strcmp(s, "ja") == 0 || strcmp(s, "japanese") == 0)
		*out = LANG_JA;
	else
		return -1;
	return 0;
}

enum lang
lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return strncmp(v, "ja", 2) == 0 ? LANG_JA : LANG_EN;
	}
	return LANG_EN;
}

const char *
ltext_get(const struct ltext *t, enum lang l)
{
	if ((unsigned)l < LANG_COUNT && t->t[l] != NULL)
		return t->t[l];
	return "";
}

static const struct {
	enum role r;
	const char *name;
} roles[] = {
	{ ROLE_STAFF, "staff" },
	{ ROLE_IT, "it" },
	{ ROLE_MANAGEMENT, "management" },
};

const char *
role_name(enum role r)
{
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].r == r)
			return roles[i].name;
	return "?";
}

int
role_parse(const char *s, enum role *out)
{
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (strcmp(s, roles[i].name) == 0) {
			*out = roles[i].r;
			return 0;
		}
	}
	return -1;
}

static const char *const kind_names[] = {
	[KIND_MANUAL] = "manual",
	[KIND_AUTO] = "auto",
	[KIND_MANUAL_EVIDENCE] = "manual+evidence",
};

const char *
item_kind_name(enum item_kind k)
{
	return (unsigned)k <= KIND_MANUAL_EVIDENCE ? kind_names[k] : "?";
}

const char *
answer_name(enum answer a)
{
	switch (a) {
	case ANSWER_YES: return "yes";
	case ANSWER_NO: return "no";
	case ANSWER_NA: return "n/a";
	case ANSWER_NONE: break;
	}
	return "";
}

int
answer_parse(const char *s, enum answer *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "y") == 0 || strcmp(s, "true") == 0)
		*out = ANSWER_YES;
	else if (strcmp(s, "no") == 0 || strcmp(s, "n") == 0 || strcmp(s, "false") == 0)
		*out = ANSWER_NO;
	else if (strcmp(s, "n/a") == 0 || strcmp(s, "na") == 0 || strcmp(s, "n.a.") == 0)
		*out = ANSWER_NA;
	else
		return -1;
	return 0;
}

/* ---- loading ---- */

struct loader {
	const char *file;
	struct diags *d;
	struct checklist *cl;
};

static void
ltext_free(struct ltext *t)
{
	int i;

	for (i = 0; i < LANG_COUNT; i++)
		free(t->t[i]);
}

/* Reads {ja: ..., en: ...}; both languages are required. */
static void
read_ltext(struct loader *L, const struct ynode *n, const char *what, struct ltext *out)
{
	size_t i;
	int l;

	if (yexpect(n, YNODE_MAP, L->file, what, L->d) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		enum lang lg;
		const char *s;

		if (lang_parse(n->keys[i]->str, &lg) < 0 || strlen(n->keys[i]->str) != 2) {
			diag_add(L->d, L->file, n->keys[i]->line, n->keys[i]->col,
			    "unknown language '%s' in %s (expected ja, en)", n->keys[i]->str, what);
			continue;
		}
		if (yget_str(n->items[i], &s, L->file, what, L->d) == 0)
			out->t[lg] = xstrdup(s);
	}
	for (l = 0; l < LANG_COUNT; l++) {
		if (ymap_get(n, lang_code((enum lang)l)) == NULL)
			diag_add(L->d, L->file, n->line, n->col, "%s is missing its '%s' text",
			    what, lang_code((enum lang)l));
	}
}

/* An optional plain string key; returns a copy or NULL. */
static char *
read_opt_str(struct loader *L, const struct ynode *map, const char *key, const char *what)
{
	const struct ynode *n = ymap_get(map, key);
	const char *s;
	char *w;

	if (n == NULL)
		return NULL;
	w = xasprintf("%s.%s", what, key);
	if (yget_str(n, &s, L->file, w, L->d) < 0) {
		free(w);
		return NULL;
	}
	free(w);
	return xstrdup(s);
}

/* Item ids: letters, digits, '-', '_', '.'. */
static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

static void
read_header(struct loader *L, const struct ynode *n)
{
	static const char *const req[] = { "id", "version", "title", NULL };
	static const char *const opt[] = { "source", NULL };
	const struct ynode *src;

	if (yexpect(n, YNODE_MAP, L->file, "checklist", L->d) < 0)
		return;
	ycheck_keys(n, opt, req, L->file, "checklist", L->d);
	L->cl->id = read_opt_str(L, n, "id", "checklist");
	L->cl->version = read_opt_str(L, n, "version", "checklist");
	if (ymap_get(n, "title") != NULL)
		read_ltext(L, ymap_get(n, "title"), "checklist.title", &L->cl->title);
	if ((src = ymap_get(n, "source")) != NULL &&
	    yexpect(src, YNODE_MAP, L->file, "checklist.source", L->d) == 0) {
		static const char *const sk[] = { "publisher", "title", "published", "url", "note", NULL };

		ycheck_keys(src, sk, NULL, L->file, "checklist.source", L->d);
		L->cl->source_publisher = read_opt_str(L, src, "publisher", "checklist.source");
		L->cl->source_title = read_opt_str(L, src, "title", "checklist.source");
		L->cl->source_published = read_opt_str(L, src, "published", "checklist.source");
		L->cl->source_url = read_opt_str(L, src, "url", "checklist.source");
		if (ymap_get(src, "note") != NULL)
			read_ltext(L, ymap_get(src, "note"), "checklist.source.note", &L->cl->source_note);
	}
}

static void
read_roles(struct loader *L, const struct ynode *n, struct item *it, const char *what)
{
	const char **v;
	size_t cnt, i;

	if (yget_strlist(n, &v, &cnt, L->file, what, L->d) < 0)
		return;
	for (i = 0; i < cnt; i++) {
		enum role r;
		const struct ynode *at = n->type == YNODE_SEQ ? n->items[i] : n;

		if (role_parse(v[i], &r) < 0)
			diag_add(L->d, L->file, at->line, at->col,
			    "unknown role '%s' in %s (expected staff, it, management)", v[i], what);
		else
			it->roles |= (unsigned)r;
	}
	if (cnt == 0)
		diag_add(L->d, L->file, n->line, n->col, "%s must name at least one role", what);
	free(v);
}

/* Whether w is a provenance value: confirmed, partly-confirmed, near-confirmed, reconstructed. */
static int
wording_ok(const char *w)
{
	static const char *const ok[] = { "confirmed", "partly-confirmed", "near-confirmed",
		"reconstructed", NULL };
	const char *const *o;

	for (o = ok; *o != NULL; o++)
		if (strcmp(*o, w) == 0)
			return 1;
	return 0;
}

static void
read_checks(struct loader *L, const struct ynode *n, struct item *it, const char *what)
{
	size_t i;

	if (yexpect(n, YNODE_SEQ, L->file, what, L->d) < 0)
		return;
	it->checks = xcalloc(n->n ? n->n : 1, sizeof *it->checks);
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i], *idn = e, *params = NULL, *prov = NULL;
		const struct check *c;
		size_t j;

		if (e->type == YNODE_MAP) {
			static const char *const req[] = { "id", NULL };
			static const char *const opt[] = { "params", "provenance", NULL };

			if (ycheck_keys(e, opt, req, L->file, "a check binding", L->d) > 0)
				continue;
			idn = ymap_get(e, "id");
			params = ymap_get(e, "params");
			prov = ymap_get(e, "provenance");
			if (prov != NULL &&
			    (yexpect(prov, YNODE_SCALAR, L->file, "provenance", L->d) < 0 ||
			        !wording_ok(prov->str))) {
				if (prov->type == YNODE_SCALAR)
					diag_add(L->d, L->file, prov->line, prov->col,
					    "unknown provenance '%s' (expected confirmed, partly-confirmed, "
					    "near-confirmed, reconstructed)",
					    prov->str);
				continue;
			}
		}
		if (idn->type != YNODE_SCALAR) {
			diag_add(L->d, L->file, idn->line, idn->col,
			    "a check binding must be a check id or a mapping with 'id' and 'params'");
			continue;
		}
		if ((c = check_find(idn->str)) == NULL) {
			diag_add(L->d, L->file, idn->line, idn->col, "unknown check '%s' in %s",
			    idn->str, what);
			continue;
		}
		for (j = 0; j < it->nchecks; j++)
			if (it->checks[j].check == c)
				break;
		if (j < it->nchecks) {
			diag_add(L->d, L->file, idn->line, idn->col,
			    "check '%s' is bound twice in %s", c->id, what);
			continue;
		}
		it->checks[it->nchecks].params = check_params_from_yaml(c, params, L->file, L->d);
		if (it->checks[it->nchecks].params == NULL)
			continue;
		it->checks[it->nchecks].provenance = prov != NULL ? xstrdup(prov->str) : NULL;
		it->checks[it->nchecks++].check = c;
	}
}

/* Reads when: {item: ID, answer|status: value or list}; resolved later. */
static void
read_when(struct loader *L, const struct ynode *n, struct item *it, const char *what)
{
	static const char *const req[] = { "item", NULL };
	static const char *const opt[] = { "answer", "status", NULL };
	const struct ynode *ans, *st, *vals, *idn;
	const char **v;
	size_t cnt, i;
	struct condition *c;

	if (yexpect(n, YNODE_MAP, L->file, what, L->d) < 0)
		return;
	if (ycheck_keys(n, opt, req, L->file, what, L->d) > 0)
		return;
	ans = ymap_get(n, "answer");
	st = ymap_get(n, "status");
	if ((ans == NULL) == (st == NULL)) {
		diag_add(L->d, L->file, n->line, n->col,
		    "%s needs exactly one of 'answer' or 'status'", what);
		return;
	}
	idn = ymap_get(n, "item");
	if (idn->type != YNODE_SCALAR) {
		yexpect(idn, YNODE_SCALAR, L->file, "when.item", L->d);
		return;
	}
	vals = ans != NULL ? ans : st;
	if (yget_strlist(vals, &v, &cnt, L->file, ans ? "when.answer" : "when.status", L->d) < 0)
		return;
	c = xcalloc(1, sizeof *c);
	c->item_id = xstrdup(idn->str);
	c->on_status = st != NULL;
	for (i = 0; i < cnt; i++) {
		const struct ynode *at = vals->type == YNODE_SEQ ? vals->items[i] : vals;
		enum answer a;
		enum check_status s;

		if (!c->on_status && answer_parse(v[i], &a) == 0)
			c->mask |= 1u << a;
		else if (c->on_status && check_status_parse(v[i], &s) == 0)
			c->mask |= 1u << s;
		else
			diag_add(L->d, L->file, at->line, at->col, "unknown %s '%s' in %s (expected %s)",
			    c->on_status ? "status" : "answer", v[i], what,
			    c->on_status ? "pass, warn, fail, unknown, error, skip" : "yes, no, n/a");
	}
	free(v);
	c->line = idn->line;
	c->col = idn->col;
	it->when = c;
}

static struct item *
read_item(struct loader *L, const struct ynode *n, const struct category *cat)
{
	static const char *const req[] = { "id", "title", "description", "roles", "kind", "jnsa", NULL };
	static const char *const opt[] = { "guidance", "checks", "when", NULL };
	struct item *it = xcalloc(1, sizeof *it);
	const struct ynode *v;
	char *what;

	it->category = cat;
	it->line = n->line;
	it->col = n->col;
	v = ymap_get(n, "id");
	if (v != NULL) {
		it->line = v->line;
		it->col = v->col;
	}
	if (v != NULL && v->type == YNODE_SCALAR && valid_id(v->str))
		it->id = xstrdup(v->str);
	else if (v != NULL)
		diag_add(L->d, L->file, v->line, v->col,
		    "item id must be letters, digits, '-', '_' or '.' (like 2-3)");
	what = xasprintf("item %s", it->id ? it->id : "?");
	ycheck_keys(n, opt, req, L->file, what, L->d);
	if ((v = ymap_get(n, "title")) != NULL)
		read_ltext(L, v, "title", &it->title);
	if ((v = ymap_get(n, "description")) != NULL)
		read_ltext(L, v, "description", &it->description);
	if ((v = ymap_get(n, "guidance")) != NULL)
		read_ltext(L, v, "guidance", &it->guidance);
	if ((v = ymap_get(n, "roles")) != NULL)
		read_roles(L, v, it, "roles");
	if ((v = ymap_get(n, "kind")) != NULL && v->type == YNODE_SCALAR) {
		if (strcmp(v->str, "manual") == 0)
			it->kind = KIND_MANUAL;
		else if (strcmp(v->str, "auto") == 0)
			it->kind = KIND_AUTO;
		else if (strcmp(v->str, "manual+evidence") == 0)
			it->kind = KIND_MANUAL_EVIDENCE;
		else
			diag_add(L->d, L->file, v->line, v->col,
			    "unknown kind '%s' (expected manual, auto, manual+evidence)", v->str);
	} else if (v != NULL)
		yexpect(v, YNODE_SCALAR, L->file, "kind", L->d);
	if ((v = ymap_get(n, "checks")) != NULL)
		read_checks(L, v, it, "checks");
	{
		const struct ynode *k = ymap_get(n, "kind");
		int bad_kind = k == NULL || k->type != YNODE_SCALAR;

		if (!bad_kind && it->kind != KIND_MANUAL && it->nchecks == 0 && v == NULL)
			diag_add(L->d, L->file, k->line, k->col,
			    "kind %s needs at least one check under 'checks'", item_kind_name(it->kind));
		if (!bad_kind && it->kind == KIND_MANUAL && v != NULL)
			diag_add(L->d, L->file, v->line, v->col,
			    "a manual item takes no checks (use kind manual+evidence or auto)");
	}
	if ((v = ymap_get(n, "when")) != NULL)
		read_when(L, v, it, "when");
	if ((v = ymap_get(n, "jnsa")) != NULL && yexpect(v, YNODE_MAP, L->file, "jnsa", L->d) == 0) {
		static const char *const jr[] = { "ref", "wording", NULL };
		const struct ynode *w;

		ycheck_keys(v, NULL, jr, L->file, "jnsa", L->d);
		it->jnsa_ref = read_opt_str(L, v, "ref", "jnsa");
		if ((w = ymap_get(v, "wording")) != NULL && w->type == YNODE_SCALAR) {
			if (!wording_ok(w->str))
				diag_add(L->d, L->file, w->line, w->col,
				    "unknown wording '%s' (expected confirmed, partly-confirmed, "
				    "near-confirmed, reconstructed)",
				    w->str);
			else
				it->wording = xstrdup(w->str);
		} else if (w != NULL)
			yexpect(w, YNODE_SCALAR, L->file, "jnsa.wording", L->d);
	}
	free(what);
	return it;
}

static void
item_free(struct item *it)
{
	size_t i;

	if (it == NULL)
		return;
	free(it->id);
	ltext_free(&it->title);
	ltext_free(&it->description);
	ltext_free(&it->guidance);
	for (i = 0; i < it->nchecks; i++) {
		json_free(it->checks[i].params);
		free(it->checks[i].provenance);
	}
	free(it->checks);
	if (it->when != NULL)
		free(it->when->item_id);
	free(it->when);
	free(it->jnsa_ref);
	free(it->wording);
	free(it);
}

static void
read_categories(struct loader *L, const struct ynode *n)
{
	struct checklist *cl = L->cl;
	size_t i, j, total = 0;

	if (yexpect(n, YNODE_SEQ, L->file, "categories", L->d) < 0)
		return;
	if (n->n == 0)
		diag_add(L->d, L->file, n->line, n->col, "categories must not be empty");
	cl->categories = xcalloc(n->n ? n->n : 1, sizeof *cl->categories);
	for (i = 0; i < n->n; i++) {
		static const char *const req[] = { "id", "title", "items", NULL };
		const struct ynode *c = n->items[i], *items;
		struct category *cat = &cl->categories[cl->ncategories++];

		if (yexpect(c, YNODE_MAP, L->file, "a category", L->d) < 0)
			continue;
		ycheck_keys(c, NULL, req, L->file, "a category", L->d);
		cat->id = read_opt_str(L, c, "id", "category");
		for (j = 0; cat->id != NULL && j + 1 < cl->ncategories; j++) {
			if (cl->categories[j].id != NULL && strcmp(cl->categories[j].id, cat->id) == 0) {
				const struct ynode *idn = ymap_get(c, "id");

				diag_add(L->d, L->file, idn->line, idn->col,
				    "duplicate category id '%s'", cat->id);
			}
		}
		if (ymap_get(c, "title") != NULL)
			read_ltext(L, ymap_get(c, "title"), "category title", &cat->title);
		items = ymap_get(c, "items");
		if (items == NULL || yexpect(items, YNODE_SEQ, L->file, "items", L->d) < 0)
			continue;
		if (items->n == 0) {
			diag_add(L->d, L->file, items->line, items->col,
			    "category '%s' has no items", cat->id ? cat->id : "?");
			continue;
		}
		cat->items = xcalloc(items->n, sizeof *cat->items);
		for (j = 0; j < items->n; j++) {
			if (yexpect(items->items[j], YNODE_MAP, L->file, "an item", L->d) < 0)
				continue;
			cat->items[cat->nitems++] = read_item(L, items->items[j], cat);
		}
		total += cat->nitems;
	}
	cl->items = xcalloc(total ? total : 1, sizeof *cl->items);
	for (i = 0; i < cl->ncategories; i++)
		for (j = 0; j < cl->categories[i].nitems; j++) {
			struct item *it = cl->categories[i].items[j];

			it->index = cl->nitems;
			cl->items[cl->nitems++] = it;
		}
}

/* Checks ids are unique and resolves conditions to earlier items. */
static void
resolve(struct loader *L)
{
	struct checklist *cl = L->cl;
	size_t i, j;

	for (i = 0; i < cl->nitems; i++) {
		struct item *it = cl->items[i];
		struct condition *c = it->when;

		if (it->id == NULL)
			continue;
		for (j = 0; j < i; j++) {
			if (cl->items[j]->id != NULL && strcmp(cl->items[j]->id, it->id) == 0) {
				diag_add(L->d, L->file, it->line, it->col,
				    "duplicate item id '%s' (first at line %d)", it->id,
				    cl->items[j]->line);
				break;
			}
		}
		if (c == NULL)
			continue;
		{
			int line = c->line, col = c->col;

			for (j = 0; j < cl->nitems; j++)
				if (cl->items[j]->id != NULL && strcmp(cl->items[j]->id, c->item_id) == 0)
					break;
			if (j == cl->nitems)
				diag_add(L->d, L->file, line, col,
				    "condition refers to unknown item '%s'", c->item_id);
			else if (j >= i)
				diag_add(L->d, L->file, line, col,
				    "condition refers to item '%s', which does not come before item '%s'",
				    c->item_id, it->id);
			else if (c->on_status && cl->items[j]->nchecks == 0)
				diag_add(L->d, L->file, line, col,
				    "condition on the status of item '%s', which has no checks",
				    c->item_id);
			c->item_index = j;
		}
	}
}

struct checklist *
checklist_load_buf(const char *name, const char *buf, size_t len, struct diags *d)
{
	static const char *const req[] = { "checklist", "categories", NULL };
	struct loader L = { name, d, NULL };
	struct ydoc *doc;
	size_t before = d->n;

	if ((doc = ydoc_load_buf(name, buf, len, NULL, d)) == NULL)
		return NULL;
	if (doc->root == NULL) {
		diag_add(d, name, 0, 0, "the file is empty (expected a checklist)");
		ydoc_free(doc);
		return NULL;
	}
	L.cl = xcalloc(1, sizeof *L.cl);
	L.cl->file = xstrdup(name);
	sha256_hex(buf, len, L.cl->sha256);
	if (yexpect(doc->root, YNODE_MAP, name, "the checklist file", d) == 0) {
		ycheck_keys(doc->root, NULL, req, name, "the checklist file", d);
		if (ymap_get(doc->root, "checklist") != NULL)
			read_header(&L, ymap_get(doc->root, "checklist"));
		if (ymap_get(doc->root, "categories") != NULL)
			read_categories(&L, ymap_get(doc->root, "categories"));
		resolve(&L);
	}
	ydoc_free(doc);
	if (d->n > before) {
		checklist_free(L.cl);
		return NULL;
	}
	return L.cl;
}

struct checklist *
checklist_load(const char *path, struct diags *d)
{
	char err[512], *data;
	size_t len;
	struct checklist *cl;

	if (file_read_all(path, ydoc_default_limits.max_bytes, &data, &len, err, sizeof err) < 0) {
		const char *msg = strncmp(err, path, strlen(path)) == 0 ? err + strlen(path) + 2 : err;

		diag_add(d, path, 0, 0, "%s", msg);
		return NULL;
	}
	cl = checklist_load_buf(path, data, len, d);
	free(data);
	return cl;
}

void
checklist_free(struct checklist *cl)
{
	size_t i;

	if (cl == NULL)
		return;
	for (i = 0; i < cl->ncategories; i++) {
		size_t j;

		for (j = 0; j < cl->categories[i].nitems; j++)
			item_free(cl->categories[i].items[j]);
		free(cl->categories[i].items);
		free(cl->categories[i].id);
		ltext_free(&cl->categories[i].title);
	}
	free(cl->categories);
	free(cl->items);
	free(cl->file);
	free(cl->id);
	free(cl->version);
	ltext_free(&cl->title);
	ltext_free(&cl->source_note);
	free(cl->source_publisher);
	free(cl->source_title);
	free(cl->source_published);
	free(cl->source_url);
	free(cl);
}

const struct item *
checklist_find(const struct checklist *cl, const char *id)
{
	size_t i;

	for (i = 0; i < cl->nitems; i++)
		if (strcmp(cl->items[i]->id, id) == 0)
			return cl->items[i];
	return NULL;
}

int
item_applies(const struct item *it, const struct item_state *states)
{
	const struct condition *c = it->when;
	const struct item_state *s;

	if (c == NULL)
		return 1;
	s = &states[c->item_index];
	if (c->on_status) {
		if (!s->has_status)
			return -1;
		return (c->mask & (1u << s->status)) != 0;
	}
	if (s->answer == ANSWER_NONE)
		return -1;
	return (c->mask & (1u << s->answer)) != 0;
}

struct json *
ltext_to_json(const struct ltext *t)
{
	struct json *o = json_object();

	json_obj_set(o, "ja", json_str(ltext_get(t, LANG_JA)));
	json_obj_set(o, "en", json_str(ltext_get(t, LANG_EN)));
	return o;
}

struct json *
category_to_json(const struct category *c)
{
	struct json *o = json_object(), *items;
	size_t i, j;

	json_obj_set(o, "id", json_str(c->id));
	json_obj_set(o, "title", ltext_to_json(&c->title));
	items = json_obj_set(o, "items", json_array());
	for (i = 0; i < c->nitems; i++) {
		const struct item *it = c->items[i];
		struct json *e = json_arr_push(items, json_object()), *r, *k;

		json_obj_set(e, "id", json_str(it->id));
		json_obj_set(e, "title", ltext_to_json(&it->title));
		r = json_obj_set(e, "roles", json_array());
		for (j = 0; j < 3; j++)
			if (it->roles & (1u << j))
				json_arr_push(r, json_str(role_name((enum role)(1u << j))));
		json_obj_set(e, "kind", json_str(item_kind_name(it->kind)));
		k = json_obj_set(e, "checks", json_array());
		for (j = 0; j < it->nchecks; j++) {
			json_arr_push(k, json_str(it->checks[j].check->id));
			if (it->checks[j].provenance != NULL) {
				struct json *pv = json_get(e, "check_provenance");

				if (pv == NULL)
					pv = json_obj_set(e, "check_provenance", json_object());
				json_obj_set(pv, it->checks[j].check->id,
				    json_str(it->checks[j].provenance));
			}
		}
		if (it->when != NULL) {
			struct json *w = json_obj_set(e, "when", json_object());

			json_obj_set(w, "item", json_str(it->when->item_id));
		}
		json_obj_set(e, "jnsa_ref", json_str(it->jnsa_ref));
		json_obj_set(e, "wording", json_str(it->wording));
	}
	return o;
}
