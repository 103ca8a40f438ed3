/*
 * domains.h: judging domain names: free top-level domains, look-alikes of
 * the organisation's own domains, and punycode (IDN) labels. Used by the
 * suspicious-domains check; pure functions on strings, so they are tested
 * directly.
 */
#ifndef REENTRY_DOMAINS_H
#define REENTRY_DOMAINS_H

#include <stddef.h>

/*
 * The host of a URL ("https://user@Mail.Example.co.jp:8443/x" gives
 * "mail.example.co.jp"), lowercased and without a trailing dot; NULL for a
 * URL without "scheme://host", or whose host is an IP address. Caller frees.
 */
char *domain_from_url(const char *url);

/* Whether host ends in one of tlds (NULL-terminated, without dots). */
int domain_free_tld(const char *host, const char *const *tlds);

/*
 * The registrable part of host: the label before the public suffix and the
 * suffix ("www.example.co.jp" gives label "example", suffix "co.jp"). The
 * suffix list is a short built-in one (common two-level suffixes), not the
 * full Public Suffix List. Returns -1 for a host with a single label.
 */
int domain_split(const char *host, char *label, size_t llen, char *suffix, size_t slen);

/* Decodes one punycode label ("xn--..."); UTF-8 into out, or -1 when invalid. */
int domain_punycode_decode(const char *label, char *out, size_t outlen);
/* host with every xn-- label decoded (UTF-8); NULL when none is or one is invalid. Caller frees. */
char *domain_to_unicode(const char *host);

/* Optimal string alignment distance (insertions, deletions, substitutions, swaps). */
int domain_edit_distance(const char *a, const char *b);

/*
 * Whether host looks like org (a domain such as "example.co.jp") without
 * being org or under it. Returns 0 when it does not, else 1 and a reason in
 * why ("edit distance 1", "homoglyphs", "same name under another suffix",
 * "contains the name", "embeds the domain").
 */
int domain_lookalike(const char *host, const char *org, char *why, size_t whylen);

#endif
