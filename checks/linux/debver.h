/*
 * debver.h: Debian package version ordering, as dpkg --compare-versions.
 *
 * A version is [epoch:]upstream[-revision]. Epochs compare as numbers; the
 * upstream part and the revision compare by dpkg's rule: alternating runs of
 * non-digits (letters sort before other characters, '~' before everything,
 * even the end of the string) and runs of digits compared as numbers.
 * Nothing here allocates.
 */
#ifndef REENTRY_DEBVER_H
#define REENTRY_DEBVER_H

#include <stddef.h>

/* <0, 0 or >0 as a sorts before, equal to or after b (NUL-terminated). */
int debver_cmp(const char *a, const char *b);
/* The same for counted strings (no NUL needed). */
int debver_cmp_n(const char *a, size_t alen, const char *b, size_t blen);
/*
 * 1 when v is a well-formed version by dpkg's parser: optional numeric epoch,
 * an upstream part starting with a digit, only [A-Za-z0-9.+~-:] characters
 * ('-' only with a revision, ':' only with an epoch), non-empty revision.
 */
int debver_valid(const char *v);

#endif
