/*
 * aptsrc.h: apt's own configuration read as text, without libapt: the
 * sources (one-line sources.list entries and deb822 .sources stanzas), the
 * apt.conf settings, and the names apt gives the list files it downloads
 * for each source (URItoFileName: the URI without its scheme and user
 * information, unsafe characters quoted as %xx, '/' turned into '_').
 *
 * These parsers work on a buffer already read (through the target, by
 * aptlists.c); they never touch a file. Lines they do not understand are
 * kept as notes, "FILE:LINE: reason"; an apt.conf syntax error, which makes
 * apt itself refuse to run, is an error.
 *
 * Ownership: every string in the structs is owned by them; free with
 * aptsrc_free() / aptconf_free(), which accept NULL-filled structs.
 */
#ifndef REENTRY_APTSRC_H
#define REENTRY_APTSRC_H

#include <stddef.h>

/* One "deb" source: a URI and a suite, with its components. */
struct aptsrc_entry {
	char *where;   /* "FILE:LINE" */
	char *uri;     /* as written, ending in '/' */
	char *suite;   /* "bookworm", "buster/updates", or a flat path ending in '/' */
	char **comps;  /* NULL-terminated; empty for a flat repository */
	char **arches; /* arch= / Architectures:, NULL-terminated; NULL: the configured ones */
	char **arches_add, **arches_rm; /* arch+= / arch-=, NULL-terminated or NULL */
};

struct aptsrc {
	struct aptsrc_entry *e;
	size_t n;
	char **notes; /* NULL-terminated (NULL until the first note) */
};

/* Appends the "deb" entries of a one-line sources.list buffer (deb-src is skipped). */
void aptsrc_parse_list(struct aptsrc *s, const char *file, const char *buf, size_t len);
/* Appends the "deb" entries of a deb822 .sources buffer (Enabled: no is skipped). */
void aptsrc_parse_deb822(struct aptsrc *s, const char *file, const char *buf, size_t len);
void aptsrc_free(struct aptsrc *s);

/*
 * apt's file name under /var/lib/apt/lists for uri followed by path
 * ("dists/bookworm/main/binary-amd64/Packages"). Caller frees.
 */
char *aptsrc_filename(const char *uri, const char *path);

/* apt.conf settings, flattened: "apt::default-release" = "stable". */
struct aptconf {
	char **keys; /* lower case, "::"-joined; list items end in "::" */
	char **vals;
	size_t n;
	char **notes; /* NULL-terminated, or NULL */
};

/*
 * Parses one apt.conf file into c, later settings overriding earlier ones
 * (apt reads apt.conf.d in name order, then apt.conf). -1 with
 * "FILE:LINE: reason" in err on a syntax error (apt refuses such a file).
 */
int aptconf_parse(struct aptconf *c, const char *file, const char *buf, size_t len, char *err,
    size_t errlen);
/* The value of key (case-insensitive, "A::B"), or NULL. Valid until aptconf_free(). */
const char *aptconf_get(const struct aptconf *c, const char *key);
/* key as apt's FindB: yes/true/with/on/enable or a non-zero number; else def. */
int aptconf_bool(const struct aptconf *c, const char *key, int def);
void aptconf_free(struct aptconf *c);

#endif
