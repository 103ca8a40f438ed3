/*
 * allowed_signers.c: the allowed-signers file of ssh-keygen(1) (section
 * ALLOWED SIGNERS): which keys may sign for which principals and
 * namespaces, and when (allowed_signers.h).
 */
#include "allowed_signers.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

/*
 * Splits off the next field of an allowed-signers line: up to white space
 * outside double quotes. Returns a new string or NULL at the end of the line.
 */
static char *
next_field(const char **pp)
{
	const char *p = *pp, *start;
	int quoted = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	start = p;
	for (; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == ' ' || *p == '\t'))
			break;
	}
	*pp = p;
	return xstrndup(start, (size_t)(p - start));
}

/* Whether any comma-separated pattern in list (quotes removed) matches s; "!pat" negates. */
static int
match_list(const char *list, const char *s)
{
	char *copy = xstrdup(list), *tok, *save = NULL, *q, *w;
	int matched = 0;

	for (q = w = copy; *q; q++)
		if (*q != '"')
			*w++ = *q;
	*w = '\0';
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int neg = tok[0] == '!';

		if (fnmatch(neg ? tok + 1 : tok, s, 0) == 0) {
			if (neg) {
				matched = 0;
				break;
			}
			matched = 1;
		}
	}
	free(copy);
	return matched;
}

/* Parses an allowed-signers time (YYYYMMDD[HHMM[SS]][Z]); -1 when malformed. */
static int
parse_signer_time(const char *v, time_t *out)
{
	char buf[32];
	size_t n = strlen(v);
	int utc = 0;
	struct tm tm;
	const char *end;

	if (n > 0 && (v[n - 1] == 'Z' || v[n - 1] == 'z')) {
		utc = 1;
		n--;
	}
	if ((n != 8 && n != 12 && n != 14) || n >= sizeof buf)
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	while (strlen(buf) < 14)
		strcat(buf, "0");
	memset(&tm, 0, sizeof tm);
	end = strptime(buf, "%Y%m%d%H%M%S", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	if (utc)
		*out = timegm(&tm);
	else {
		tm.tm_isdst = -1;
		*out = mktime(&tm);
	}
	return 0;
}

/* The value of option name= in an options field (quotes removed), or NULL; caller frees. */
static char *
option_value(const char *opts, const char *name, int *present)
{
	const char *p = opts;
	size_t nl = strlen(name);

	*present = 0;
	while (*p != '\0') {
		const char *start = p;
		int quoted = 0;

		for (; *p != '\0'; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (!quoted && *p == ',')
				break;
		}
		if ((size_t)(p - start) >= nl && strncasecmp(start, name, nl) == 0 &&
		    (start + nl == p || start[nl] == '=')) {
			const char *v = start + nl;
			char *val;

			*present = 1;
			if (v == p)
				return NULL;
			v++;
			if (*v == '"' && p - v >= 2 && p[-1] == '"')
				val = xstrndup(v + 1, (size_t)(p - v - 2));
			else
				val = xstrndup(v, (size_t)(p - v));
			return val;
		}
		if (*p == ',')
			p++;
	}
	return NULL;
}

int
allowed_signers_find_buf(const char *name, const char *text, size_t len, const struct sshkey *key,
    const char *ns, time_t now, char **principals, char *err, size_t errlen)
{
	const char *p = text, *lim = text + len;

	/* malformed lines are skipped, as ssh-keygen does: nothing here fails */
	(void)name;
	(void)err;
	(void)errlen;
	*principals = NULL;
	while (p < lim) {
		const char *nl = memchr(p, '\n', (size_t)(lim - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(lim - p);
		char *line = xstrndup(p, ll), *f1 = NULL, *f2 = NULL, *opts = NULL, *keytext;
		const char *q = line;
		struct sshkey *k = NULL;
		char kerr[128];

		p += ll + (nl != NULL);
		line[strcspn(line, "\r")] = '\0';
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '\0' || *q == '#' || memchr(line, '\0', ll) != NULL)
			goto next;
		if ((f1 = next_field(&q)) == NULL || (f2 = next_field(&q)) == NULL)
			goto next;
		if (strcmp(f2, SSHKEY_ED25519) != 0 && strncmp(f2, "ssh-", 4) != 0 &&
		    strncmp(f2, "ecdsa-", 6) != 0 && strncmp(f2, "sk-", 3) != 0) {
			/* f2 is the options field; the key follows */
			opts = f2;
			f2 = next_field(&q);
			if (f2 == NULL)
				goto next;
		}
		keytext = xasprintf("%s%s", f2, q);
		k = sshkey_parse_public(keytext, kerr, sizeof kerr);
		free(keytext);
		if (k == NULL || !sshkey_equal(k, key))
			goto next;
		if (opts != NULL) {
			int present;
			char *v;
			time_t t;

			v = option_value(opts, "cert-authority", &present);
			free(v);
			if (present)
				goto next;
			v = option_value(opts, "namespaces", &present);
			if (present && (v == NULL || !match_list(v, ns))) {
				free(v);
				goto next;
			}
			free(v);
			v = option_value(opts, "valid-after", &present);
			if (present && (v == NULL || parse_signer_time(v, &t) < 0 || now < t)) {
				free(v);
				goto next;
			}
			free(v);
			v = option_value(opts, "valid-before", &present);
			if (present && (v == NULL || parse_signer_time(v, &t) < 0 || now > t)) {
				free(v);
				goto next;
			}
			free(v);
		}
		{
			char *c = f1, *w = f1;

			for (; *c; c++)
				if (*c != '"')
					*w++ = *c;
			*w = '\0';
		}
		*principals = f1;
		f1 = NULL;
		sshkey_free(k);
		free(f2);
		free(opts);
		free(line);
		return 1;
	next:
		sshkey_free(k);
		free(f1);
		free(f2);
		free(opts);
		free(line);
	}
	return 0;
}

int
allowed_signers_find(const char *path, const struct sshkey *key, const char *ns, time_t now,
    char **principals, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	*principals = NULL;
	if (file_read_all(path, 4u << 20, &text, &len, err, errlen) < 0)
		return -1;
	rc = allowed_signers_find_buf(path, text, len, key, ns, now, principals, err, errlen);
	free(text);
	return rc;
}
