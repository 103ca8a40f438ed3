/*
 * ydoc.h: a YAML document as a small tree of nodes with positions.
 *
 * Every YAML input (checklists, the site configuration, answers files) is
 * loaded through here with libyaml, under limits that make hostile input
 * harmless: a size cap, a nesting cap, a node cap, and no aliases at all
 * (which rules out billion-laughs bombs). Mapping keys must be unique
 * scalars. Problems go to a diags list as FILE:LINE:COLUMN (1-based).
 *
 * Ownership: the document owns every node; nodes live until ydoc_free().
 */
#ifndef REENTRY_YDOC_H
#define REENTRY_YDOC_H

#include <stddef.h>

#include "diag.h"

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

struct ynode {
	enum ynode_type type;
	int line;
	int col;
	/* scalar */
	char *str;
	size_t len;
	int plain; /* unquoted, so "yes"/"42" may be read as bool/int */
	/* sequence: items[0..n); mapping: keys[i] -> items[i] */
	struct ynode **items;
	struct ynode **keys;
	size_t n;
};

struct ydoc {
	char *file;
	struct ynode *root; /* NULL for an empty document */
};

struct ydoc_limits {
	size_t max_bytes;
	int max_depth;
	size_t max_nodes;
};

/* The limits used when NULL is passed: 4 MiB, depth 64, 200000 nodes. */
extern const struct ydoc_limits ydoc_default_limits;

/*
 * Loads path (name is what messages call it, usually path). Returns NULL
 * after adding at least one diagnostic. An empty file loads with root NULL.
 */
struct ydoc *ydoc_load_file(const char *path, const struct ydoc_limits *lim, struct diags *d);
/* Same for a buffer; name is used in messages. */
struct ydoc *ydoc_load_buf(const char *name, const char *buf, size_t len,
    const struct ydoc_limits *lim, struct diags *d);
void ydoc_free(struct ydoc *doc);

/* Value of key in a mapping node, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* "a mapping", "a sequence", "a string". */
const char *ynode_type_name(enum ynode_type t);

/*
 * Adds an error unless n has type t ("FILE:L:C: WHAT must be a mapping").
 * Returns 0 when the type is right.
 */
int yexpect(const struct ynode *n, enum ynode_type t, const char *file, const char *what,
    struct diags *d);
/*
 * Checks a mapping's keys: each must be in allowed (NULL-terminated), each
 * of required must be present. Unknown keys are reported at the key, missing
 * ones at the mapping. Returns the number of errors added.
 */
int ycheck_keys(const struct ynode *map, const char *const *allowed, const char *const *required,
    const char *file, const char *what, struct diags *d);

/* Scalar readers: 0 on success; -1 and an error naming the node otherwise. */
int yget_bool(const struct ynode *n, int *out, const char *file, const char *what, struct diags *d);
int yget_int(const struct ynode *n, long long min, long long max, long long *out, const char *file,
    const char *what, struct diags *d);
/* A non-empty string scalar; *out points into the document. */
int yget_str(const struct ynode *n, const char **out, const char *file, const char *what,
    struct diags *d);
/* A date "YYYY-MM-DD" (UTC midnight) or "YYYY-MM-DDTHH:MM:SSZ". */
int yget_time(const struct ynode *n, long long *out, const char *file, const char *what, struct diags *d);

/*
 * A string or a sequence of strings, as a new NULL-terminated array of
 * pointers into the document (caller frees the array only).
 */
int yget_strlist(const struct ynode *n, const char ***out, size_t *count, const char *file,
    const char *what, struct diags *d);

#endif
