/*
 * debver.c: Debian version comparison (the algorithm of dpkg's verrevcmp,
 * written from the Debian Policy manual, section 5.6.12).
 */
#include "debver.h"

#include <string.h>

/* A counted view of part of a version string. */
struct vpart {
	const char *s;
	size_t n;
};

/* Sort weight of one character of a non-digit run; end of string is 0. */
static int
order(int c)
{
	if (c >= '0' && c <= '9')
		return 0;
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* Compares two upstream parts or two revisions by dpkg's rule. */
static int
verrevcmp(struct vpart a, struct vpart b)
{
	size_t i = 0, j = 0;

	while (i < a.n || j < b.n) {
		int first_diff = 0;

		while ((i < a.n && !isdig(a.s[i])) || (j < b.n && !isdig(b.s[j]))) {
			int ac = i < a.n ? order((unsigned char)a.s[i]) : 0;
			int bc = j < b.n ? order((unsigned char)b.s[j]) : 0;

			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (i < a.n && a.s[i] == '0')
			i++;
		while (j < b.n && b.s[j] == '0')
			j++;
		while (i < a.n && isdig(a.s[i]) && j < b.n && isdig(b.s[j])) {
			if (!first_diff)
				first_diff = a.s[i] - b.s[j];
			i++;
			j++;
		}
		if (i < a.n && isdig(a.s[i]))
			return 1;
		if (j < b.n && isdig(b.s[j]))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* Splits v into epoch value, upstream and revision (empty when absent). */
static void
split(const char *v, size_t n, unsigned long long *epoch, struct vpart *up, struct vpart *rev)
{
	const char *colon, *hyphen = NULL;
	size_t i;

	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n'))
		n--;
	*epoch = 0;
	colon = memchr(v, ':', n);
	if (colon != NULL) {
		const char *p;

		for (p = v; p < colon; p++) {
			if (!isdig(*p)) {
				*epoch = 0;
				break;
			}
			if (*epoch < 1000000000ULL)
				*epoch = *epoch * 10 + (unsigned)(*p - '0');
		}
		n -= (size_t)(colon + 1 - v);
		v = colon + 1;
	}
	for (i = n; i > 0; i--)
		if (v[i - 1] == '-') {
			hyphen = v + i - 1;
			break;
		}
	up->s = v;
	if (hyphen != NULL) {
		up->n = (size_t)(hyphen - v);
		rev->s = hyphen + 1;
		rev->n = n - up->n - 1;
	} else {
		up->n = n;
		rev->s = v + n;
		rev->n = 0;
	}
}

int
debver_cmp_n(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned long long ea, eb;
	struct vpart ua, ra, ub, rb;
	int r;

	split(a, alen, &ea, &ua, &ra);
	split(b, blen, &eb, &ub, &rb);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	if ((r = verrevcmp(ua, ub)) != 0)
		return r;
	return verrevcmp(ra, rb);
}

int
debver_cmp(const char *a, const char *b)
{
	return debver_cmp_n(a, strlen(a), b, strlen(b));
}

int
debver_valid(const char *v)
{
	const char *colon = strchr(v, ':'), *hyphen = strrchr(v, '-'), *p, *up;

	if (*v == '\0')
		return 0;
	if (colon != NULL) {
		if (colon == v)
			return 0;
		for (p = v; p < colon; p++)
			if (!isdig(*p))
				return 0;
		up = colon + 1;
	} else
		up = v;
	if (!isdig(*up))
		return 0;
	if (hyphen != NULL && hyphen[1] == '\0')
		return 0;
	for (p = up; *p; p++) {
		if (hyphen != NULL && p > hyphen) {
			if (!(isdig(*p) || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			        *p == '.' || *p == '+' || *p == '~'))
				return 0;
		} else if (!(isdig(*p) || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		               *p == '.' || *p == '+' || *p == '~' || *p == '-' || *p == ':'))
			return 0;
		if (*p == ':' && colon == NULL)
			return 0;
	}
	return 1;
}
