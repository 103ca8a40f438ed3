/*
 * domains.h: judging domain names for the suspicious-domains check: free
 * top-level domains, look-alikes of the organisation's own domains and of
 * well-known ones, URLs that show one name and go to another.
 *
 * The registrable domain comes from the Public Suffix List through libpsl
 * (the system's list, /usr/share/publicsuffix, as the publicsuffix package
 * installs it); confusable characters, scripts and IDNA come from ICU (the
 * spoof checker of Unicode TR 39, and UTS 46). Pure functions on strings
 * once the rules are built, so they are tested directly.
 *
 * Ownership: domain_rules_new() returns rules the caller frees with
 * domain_rules_free(); strings returned by domain_rules_* getters live as
 * long as the rules. The lists passed in are copied.
 */
#ifndef REENTRY_DOMAINS_H
#define REENTRY_DOMAINS_H

#include <stddef.h>

/*
 * The host of a URL ("https://user@Mail.Example.co.jp:8443/x" gives
 * "mail.example.co.jp"), lowercased and without a trailing dot; NULL for a
 * URL without "scheme://host", whose host is an IP address or a single
 * label, or holds control bytes or invalid UTF-8. Caller frees. When shown
 * is not NULL it gets the user-info before '@' when that looks like a host
 * name ("www.example.co.jp@evil.example" gives "www.example.co.jp"), the
 * trick that makes a link show one name and go to another; else NULL. A
 * user-info with ':' (a user and password) is never returned.
 */
char *domain_from_url(const char *url, char **shown);

/* Whether host ends in one of tlds (NULL-terminated, without dots). */
int domain_free_tld(const char *host, const char *const *tlds);

/* Optimal string alignment distance (insertions, deletions, substitutions, swaps). */
int domain_edit_distance(const char *a, const char *b);

struct domain_rules;

/*
 * Builds the rules from the organisation's domains, the well-known domains
 * and the free top-level domains (each NULL-terminated, may be NULL). psl_file
 * is the Public Suffix List to load (NULL: the system's). NULL with a reason
 * in err when the list or ICU's data cannot be loaded.
 */
struct domain_rules *domain_rules_new(const char *const *orgs, const char *const *known,
    const char *const *tlds, const char *psl_file, char *err, size_t errlen);
void domain_rules_free(struct domain_rules *r);
/* The Public Suffix List file in use, and how many suffixes it holds. */
const char *domain_rules_psl_file(const struct domain_rules *r);
int domain_rules_psl_count(const struct domain_rules *r);

/* What a domain was judged to be. Strings point into the rules or a static table. */
struct domain_verdict {
	const char *reason; /* "free top-level domain", "look-alike", "user-info trick", NULL: harmless */
	const char *resembles; /* the organisation or well-known domain it imitates, or NULL */
	int org;               /* resembles is one of the organisation's own domains */
	char how[160]; /* how it imitates ("edit distance 1", "whole-script look-alike (Cyrillic)") */
};

/*
 * Judges host (as from domain_from_url(), ASCII or UTF-8) seen with the
 * user-info shown (NULL when none). Returns 1 with v filled when it is
 * suspicious, 0 when not.
 */
int domain_rules_judge(const struct domain_rules *r, const char *host, const char *shown,
    struct domain_verdict *v);
/* Whether host is one of the well-known domains or under one (for hosts-file redirects). */
const char *domain_rules_known(const struct domain_rules *r, const char *host);

/* The registrable domain of host under the Public Suffix List ("www.mofa.go.jp" gives "mofa.go.jp"); NULL when host is a public suffix itself. Caller frees. */
char *domain_rules_registrable(const struct domain_rules *r, const char *host);

/* host as Unicode (UTS 46 ToUnicode), or NULL when it has no xn-- label or one is invalid. Caller frees. */
char *domain_to_unicode(const char *host);
/* host as ASCII (UTS 46 ToASCII: "日本語.jp" gives "xn--wgv71a119e.jp"), or NULL when invalid. Caller frees. */
char *domain_to_ascii(const char *host);

/* The built-in well-known domains (NULL-terminated): banks, mail, shops and services people log into. */
extern const char *const domain_well_known[];

#endif
