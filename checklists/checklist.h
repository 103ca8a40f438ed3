/*
 * checklist.h: the checklist model: categories, items, texts in Japanese and
 * English, the automatic checks bound to items, and conditions.
 *
 * checklist_load() reads a YAML file (docs/checklist-format.md) and validates
 * it completely, collecting every problem as FILE:LINE:COLUMN in a diags
 * list. A loaded checklist is immutable; everything in it lives until
 * checklist_free().
 */
#ifndef REENTRY_CHECKLIST_H
#define REENTRY_CHECKLIST_H

#include <stddef.h>

#include "../checks/check.h"
#include "../util/diag.h"
#include "../util/json.h"

enum lang {
	LANG_EN,
	LANG_JA,
};
#define LANG_COUNT 2

/* "en" / "ja". */
const char *lang_code(enum lang l);
/* 0 and *out for "en"/"ja" (also "english"/"japanese"), else -1. */
int lang_parse(const char *s, enum lang *out);
/* From LC_ALL, LC_MESSAGES, LANG (first set and non-empty): ja* is Japanese. */
enum lang lang_from_env(void);

/* A text in both languages. */
struct ltext {
	char *t[LANG_COUNT];
};
/* The text in l; never NULL ("" when absent). */
const char *ltext_get(const struct ltext *t, enum lang l);
/* {"ja": ..., "en": ...}; caller frees. */
struct json *ltext_to_json(const struct ltext *t);

enum role {
	ROLE_STAFF = 1 << 0,
	ROLE_IT = 1 << 1,
	ROLE_MANAGEMENT = 1 << 2,
};
#define ROLE_ALL (ROLE_STAFF | ROLE_IT | ROLE_MANAGEMENT)
/* "staff", "it", "management". */
const char *role_name(enum role r);
int role_parse(const char *s, enum role *out);

enum item_kind {
	KIND_MANUAL,          /* a person answers */
	KIND_AUTO,            /* the bound checks decide */
	KIND_MANUAL_EVIDENCE, /* a person answers, seeing the checks' findings */
};
/* "manual", "auto", "manual+evidence". */
const char *item_kind_name(enum item_kind k);

enum answer {
	ANSWER_NONE,
	ANSWER_YES,
	ANSWER_NO,
	ANSWER_NA,
};
/* "", "yes", "no", "n/a". */
const char *answer_name(enum answer a);
/* Accepts yes/no/n/a (also "na", "n.a."); -1 for anything else. */
int answer_parse(const char *s, enum answer *out);

/* An automatic check bound to an item, with its validated parameters. */
struct binding {
	const struct check *check;
	struct json *params; /* object */
	char *provenance; /* how the binding was derived (a wording value), NULL: as the item's */
};

/*
 * when: {item: ID, answer: [yes, ...]} or {item: ID, status: [pass, ...]}:
 * the item applies only when the earlier item's answer (or the combined
 * status of its checks) is one of the listed values.
 */
struct condition {
	char *item_id;
	size_t item_index; /* index of that item in checklist->items */
	int on_status;     /* 0: answers, 1: check statuses */
	unsigned mask;     /* bit (1 << answer) or (1 << status) */
	int line, col;     /* where the condition names the item */
};

struct category;

struct item {
	char *id;
	size_t index; /* position in checklist->items */
	const struct category *category;
	struct ltext title;
	struct ltext description;
	struct ltext guidance;
	unsigned roles; /* enum role bits */
	enum item_kind kind;
	struct binding *checks;
	size_t nchecks;
	struct condition *when; /* NULL: always applies */
	char *jnsa_ref;         /* reference in the JNSA document, e.g. "2-3" */
	char *wording;          /* confirmed, partly-confirmed, near-confirmed, reconstructed */
	int line, col;          /* position of its id in the file */
};

struct category {
	char *id;
	struct ltext title;
	struct item **items;
	size_t nitems;
};

struct checklist {
	char *file;
	char sha256[65]; /* of the file's bytes */
	char *id;
	char *version;
	struct ltext title;
	struct ltext source_note; /* provenance of the texts */
	char *source_publisher;
	char *source_title;
	char *source_published;
	char *source_url;
	struct category *categories;
	size_t ncategories;
	struct item **items; /* every item in file order */
	size_t nitems;
};

/* Loads and validates path. Returns NULL after adding diagnostics. */
struct checklist *checklist_load(const char *path, struct diags *d);
/* Same from a buffer; name is used in messages and as the file name. */
struct checklist *checklist_load_buf(const char *name, const char *buf, size_t len, struct diags *d);
void checklist_free(struct checklist *cl);

const struct item *checklist_find(const struct checklist *cl, const char *id);

/* What is known of an item while a session runs, indexed like cl->items. */
struct item_state {
	enum answer answer;
	int has_status;
	enum check_status status; /* combined status of its checks */
};

/*
 * Whether it applies given the states so far: 1 applies, 0 does not (its
 * condition is false), -1 not yet known (the earlier item is undecided; treat
 * as applying and ask again later).
 */
int item_applies(const struct item *it, const struct item_state *states);

/* The JSON form used by `reentry list --json` for one category. */
struct json *category_to_json(const struct category *c);

#endif
