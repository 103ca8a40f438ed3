/*
 * allowed_signers.c: the allowed-signers file, parsed by the rules of
 * OpenSSH's sshsig.c and the helpers it uses (misc.c, match.c, authfile.c),
 * learned from its source and written anew here (allowed_signers.h).
 */
#include "allowed_signers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "sshbuf.h"

#define WHITESPACE " \t\r\n"
#define MAX_FILE (4u << 20)
/* OpenSSH gives up on (does not match) a single pattern this long or longer. */
#define MAX_PATTERN 1023

/* One parsed line. */
struct signer_line {
	char *principals;
	struct sshkey *key; /* NULL for a key of another type */
	int ca;
	char *namespaces;
	uint64_t valid_after, valid_before;
};

static void
line_clear(struct signer_line *l)
{
	free(l->principals);
	sshkey_free(l->key);
	free(l->namespaces);
	memset(l, 0, sizeof *l);
}

void
allowed_signers_match_clear(struct signer_match *m)
{
	if (m == NULL)
		return;
	free(m->principals);
	free(m->refused);
	free(m->not_allowed);
	memset(m, 0, sizeof *m);
}

/* ---- patterns ---- */

/* Whether s matches pattern, where '*' is any run and '?' any one byte. */
static int
match_pattern(const char *s, const char *p)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p != '\0' && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++resume;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

int
allowed_signers_match_list(const char *s, const char *patterns)
{
	char sub[MAX_PATTERN + 1];
	size_t i = 0, n = strlen(patterns), k;
	int negated, positive = 0;

	while (i < n) {
		negated = patterns[i] == '!';
		if (negated)
			i++;
		for (k = 0; i < n && k < sizeof sub - 1 && patterns[i] != ','; k++, i++)
			sub[k] = patterns[i];
		if (k >= sizeof sub - 1)
			return 0; /* a pattern too long matches nothing, and ends the list */
		if (i < n && patterns[i] == ',')
			i++;
		sub[k] = '\0';
		if (match_pattern(s, sub)) {
			if (negated)
				return -1;
			positive = 1;
		}
	}
	return positive;
}

/* ---- keys ---- */

/* Key type names OpenSSH knows, and the type string their blob carries. */
static const struct {
	const char *name, *blob;
} key_types[] = {
	{ "ssh-ed25519", "ssh-ed25519" },
	{ "ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519-cert-v01@openssh.com" },
	{ "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519@openssh.com" },
	{ "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com" },
	{ "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256" },
	{ "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384" },
	{ "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521" },
	{ "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com" },
	{ "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com" },
	{ "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com" },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com" },
	{ "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com" },
	{ "ssh-rsa", "ssh-rsa" },
	{ "rsa-sha2-256", "ssh-rsa" },
	{ "rsa-sha2-512", "ssh-rsa" },
	{ "ssh-rsa-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com" },
	{ "rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com" },
	{ "rsa-sha2-512-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com" },
	{ "ssh-dss", "ssh-dss" },
	{ "ssh-dss-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com" },
};

/*
 * Reads "TYPE BASE64" at *cpp as sshkey_read() does: the type must be
 * followed by a space or tab, the base64 runs to the next one. On success
 * *cpp moves past the key and its trailing blanks and *k is the key (NULL
 * for another type). -1 with why on failure, *cpp unchanged.
 */
static int
read_key(char **cpp, struct sshkey **k, char *why, size_t whylen)
{
	char *cp = *cpp, *b64;
	size_t space = strcspn(cp, " \t"), i, blen, tlen;
	const char *blobtype = NULL;
	unsigned char *blob;
	struct sshbuf_reader r;
	const unsigned char *t;

	*k = NULL;
	if (space == strlen(cp)) {
		snprintf(why, whylen, "no key");
		return -1;
	}
	for (i = 0; i < sizeof key_types / sizeof key_types[0]; i++)
		if (strlen(key_types[i].name) == space && memcmp(cp, key_types[i].name, space) == 0)
			blobtype = key_types[i].blob;
	if (blobtype == NULL) {
		snprintf(why, whylen, "not a key type");
		return -1;
	}
	for (cp += space; *cp == ' ' || *cp == '\t'; cp++)
		;
	if (*cp == '\0') {
		snprintf(why, whylen, "no base64 after the key type");
		return -1;
	}
	space = strcspn(cp, " \t");
	b64 = xstrndup(cp, space);
	if (b64_decode(b64, space, &blob, &blen) < 0) {
		free(b64);
		snprintf(why, whylen, "the key is not valid base64");
		return -1;
	}
	free(b64);
	if (strcmp(blobtype, SSHKEY_ED25519) == 0) {
		*k = sshkey_from_public_blob(blob, blen, why, whylen);
		free(blob);
		if (*k == NULL)
			return -1;
	} else {
		r.p = blob;
		r.left = blen;
		if (sshbuf_get_string(&r, &t, &tlen) < 0 || tlen != strlen(blobtype) ||
		    memcmp(t, blobtype, tlen) != 0) {
			free(blob);
			snprintf(why, whylen, "the key does not match its type name");
			return -1;
		}
		free(blob);
	}
	for (cp += space; *cp == ' ' || *cp == '\t'; cp++)
		;
	*cpp = cp;
	return 0;
}

/* ---- options ---- */

/* Moves *cpp past the options: to the first space or tab outside quotes; -1 for an open quote. */
static int
skip_options(char **cpp)
{
	char *cp = *cpp;
	int quoted = 0;

	for (; *cp != '\0' && (quoted || (*cp != ' ' && *cp != '\t')); cp++) {
		if (*cp == '\\' && cp[1] == '"')
			cp++;
		else if (*cp == '"')
			quoted = !quoted;
	}
	*cpp = cp;
	return *cp == '\0' && quoted ? -1 : 0;
}

/* Whether *o starts with name= (any case); moves past the '='. */
static int
option_is(const char **o, const char *name)
{
	size_t n = strlen(name);

	if (strncasecmp(*o, name, n) == 0 && (*o)[n] == '=') {
		*o += n + 1;
		return 1;
	}
	return 0;
}

/* The double-quoted value at *o (\" is a quote); moves past it. NULL with why. */
static char *
option_value(const char **o, const char *name, char *why, size_t whylen)
{
	const char *s = *o;
	char *v;
	size_t i = 0;

	if (*s != '"') {
		snprintf(why, whylen, "the value of %s= must be in double quotes", name);
		return NULL;
	}
	s++;
	v = xmalloc(strlen(s) + 1);
	while (*s != '\0' && *s != '"') {
		if (s[0] == '\\' && s[1] == '"')
			s++;
		v[i++] = *s++;
	}
	if (*s == '\0') {
		free(v);
		snprintf(why, whylen, "the value of %s= has no closing quote", name);
		return NULL;
	}
	v[i] = '\0';
	*o = s + 1;
	return v;
}

/*
 * An allowed-signers time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in
 * local time, or in UTC with a Z or UTC suffix (any case); 0 when
 * malformed. The fields go through strptime as OpenSSH passes them.
 */
static uint64_t
parse_time(const char *s)
{
	char buf[32];
	const char *fmt, *end;
	size_t l = strlen(s);
	int utc = 0;
	struct tm tm;
	time_t t;

	if (l > 1 && strcasecmp(s + l - 1, "Z") == 0) {
		utc = 1;
		l--;
	} else if (l > 3 && strcasecmp(s + l - 3, "UTC") == 0) {
		utc = 1;
		l -= 3;
	}
	switch (l) {
	case 8:
		fmt = "%Y-%m-%d";
		snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
		break;
	case 12:
		fmt = "%Y-%m-%dT%H:%M";
		snprintf(buf, sizeof buf, "%.4s-%.2s-%.2sT%.2s:%.2s", s, s + 4, s + 6, s + 8, s + 10);
		break;
	case 14:
		fmt = "%Y-%m-%dT%H:%M:%S";
		snprintf(buf, sizeof buf, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", s, s + 4, s + 6, s + 8,
		    s + 10, s + 12);
		break;
	default: return 0;
	}
	memset(&tm, 0, sizeof tm);
	if ((end = strptime(buf, fmt, &tm)) == NULL || *end != '\0')
		return 0;
	tm.tm_wday = -1; /* stays -1 only when the conversion failed */
	t = utc ? timegm(&tm) : mktime(&tm);
	if (t == -1 && tm.tm_wday == -1)
		return 0;
	return (uint64_t)t;
}

/* Copies an option name (up to '=' or ',') for a message, unprintable bytes as '?'. */
static void
option_name(const char *start, char *out, size_t outlen)
{
	size_t i;

	for (i = 0;
	     i + 1 < outlen && i < 40 && start[i] != '\0' && start[i] != '=' && start[i] != ','; i++)
		out[i] = (unsigned char)start[i] < 32 || (unsigned char)start[i] > 126 ? '?' : start[i];
	out[i] = '\0';
}

/* Parses the options into l; -1 with why when ssh-keygen would refuse them. */
static int
parse_options(const char *o, struct signer_line *l, char *why, size_t whylen)
{
	char *v, name[48];

	if (o == NULL || *o == '\0')
		return 0;
	while (*o != '\0' && *o != ' ' && *o != '\t') {
		const char *start = o;

		if (strncasecmp(o, "cert-authority", 14) == 0) {
			l->ca = 1;
			o += 14;
		} else if (option_is(&o, "namespaces")) {
			if (l->namespaces != NULL) {
				snprintf(why, whylen, "more than one namespaces= option");
				return -1;
			}
			if ((l->namespaces = option_value(&o, "namespaces", why, whylen)) == NULL)
				return -1;
		} else if (option_is(&o, "valid-after") || option_is(&o, "valid-before")) {
			int after = start[6] == 'a' || start[6] == 'A';
			const char *oname = after ? "valid-after" : "valid-before";
			uint64_t *slot = after ? &l->valid_after : &l->valid_before;

			if (*slot != 0) {
				snprintf(why, whylen, "more than one %s= option", oname);
				return -1;
			}
			if ((v = option_value(&o, oname, why, whylen)) == NULL)
				return -1;
			*slot = parse_time(v);
			free(v);
			if (*slot == 0) {
				snprintf(why, whylen,
				    "%s= is not a time YYYYMMDD[HHMM[SS]] (local) with an optional Z "
				    "or UTC suffix",
				    oname);
				return -1;
			}
		}
		if (*o == '\0' || *o == ' ' || *o == '\t')
			break;
		if (*o != ',') {
			option_name(start, name, sizeof name);
			snprintf(why, whylen,
			    "unknown option \"%s\" (ssh-keygen knows cert-authority, namespaces=, "
			    "valid-after= and valid-before=)",
			    name);
			return -1;
		}
		o++;
		if (*o == '\0') {
			snprintf(why, whylen, "the options end with a comma");
			return -1;
		}
	}
	if (l->valid_after != 0 && l->valid_before != 0 && l->valid_before <= l->valid_after) {
		snprintf(why, whylen, "valid-before= is not later than valid-after=");
		return -1;
	}
	return 0;
}

/* ---- lines ---- */

/*
 * Parses one line (a NUL-terminated copy that this changes). 1 and l when
 * it is a signer line for principal (NULL: any), 0 for a blank line, a
 * comment or another principal's line (not parsed further, as ssh-keygen
 * -I does), -1 with why when ssh-keygen would refuse it.
 */
static int
parse_line(char *line, const char *principal, struct signer_line *l, char *why, size_t whylen)
{
	char *cp = line + strspn(line, WHITESPACE), *s, *q, *opts = NULL, kwhy[128];

	memset(l, 0, sizeof *l);
	if (*cp == '#' || *cp == '\0')
		return 0;
	/* the principals: up to white space, or a double-quoted run with its quotes removed */
	if ((s = strpbrk(cp, WHITESPACE "\"")) == NULL) {
		snprintf(why, whylen, "no key after the principals");
		return -1;
	}
	if (*s == '"') {
		memmove(s, s + 1, strlen(s));
		if ((q = strchr(s, '"')) == NULL) {
			snprintf(why, whylen, "the principals have no closing quote");
			return -1;
		}
		s = q;
	}
	*s = '\0';
	l->principals = xstrdup(cp);
	cp = s + 1 + strspn(s + 1, WHITESPACE);
	if (principal != NULL && allowed_signers_match_list(principal, l->principals) != 1) {
		line_clear(l);
		return 0;
	}
	/* the key, or options and then the key */
	if (read_key(&cp, &l->key, kwhy, sizeof kwhy) < 0) {
		opts = cp;
		if (skip_options(&cp) < 0) {
			snprintf(why, whylen, "the options have no closing quote");
			goto bad;
		}
		if (*cp == '\0') {
			snprintf(why, whylen, "no key (a line is: principals [options] key)");
			goto bad;
		}
		*cp++ = '\0';
		while (*cp == ' ' || *cp == '\t')
			cp++;
		if (read_key(&cp, &l->key, kwhy, sizeof kwhy) < 0) {
			snprintf(why, whylen, "no valid public key after the options (%s)", kwhy);
			goto bad;
		}
	}
	if (parse_options(opts, l, why, whylen) < 0)
		goto bad;
	return 1;
bad:
	line_clear(l);
	return -1;
}

/* Formats an allowed-signers time for a message. */
static void
time_text(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "%llu", (unsigned long long)t);
}

int
allowed_signers_find_buf(const char *name, const char *text, size_t len,
    const struct signer_query *q, struct signer_match *m)
{
	const char *p = text, *lim = text + len;
	struct strbuf refused = STRBUF_INIT;
	unsigned long lineno = 0;
	int found = 0;

	memset(m, 0, sizeof *m);
	while (p < lim) {
		const char *nl = memchr(p, '\n', (size_t)(lim - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(lim - p);
		/* a line is read as a C string: a NUL byte ends it, as in ssh-keygen */
		char *line = xstrndup(p, ll), why[256], tv[32];
		struct signer_line l;
		int r;

		p += ll;
		lineno++;
		r = parse_line(line, q->principal, &l, why, sizeof why);
		free(line);
		if (r < 0) {
			sb_addf(&refused, "%s:%lu: line ignored: %s\n", name, lineno, why);
			continue;
		}
		if (r == 0 || found)
			goto next;
		if (l.ca || l.key == NULL || q->key == NULL || !sshkey_equal(l.key, q->key))
			goto next;
		free(m->not_allowed);
		m->not_allowed = NULL;
		if (l.namespaces != NULL && q->ns != NULL &&
		    allowed_signers_match_list(q->ns, l.namespaces) != 1)
			m->not_allowed = xasprintf("%s:%lu: the key is not allowed for namespace %s",
			    name, lineno, q->ns);
		else if (l.valid_after != 0 && (uint64_t)q->now < l.valid_after) {
			time_text(l.valid_after, tv, sizeof tv);
			m->not_allowed = xasprintf("%s:%lu: the key is not valid yet (valid-after %s)",
			    name, lineno, tv);
		} else if (l.valid_before != 0 && (uint64_t)q->now > l.valid_before) {
			time_text(l.valid_before, tv, sizeof tv);
			m->not_allowed = xasprintf("%s:%lu: the key has expired (valid-before %s)",
			    name, lineno, tv);
		} else {
			found = 1;
			m->principals = l.principals;
			l.principals = NULL;
			m->line = lineno;
		}
	next:
		line_clear(&l);
	}
	if (found) {
		free(m->not_allowed);
		m->not_allowed = NULL;
	}
	m->refused = refused.len > 0 ? sb_detach(&refused) : NULL;
	sb_free(&refused);
	return found;
}

int
allowed_signers_read(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
	return file_read_all(path, MAX_FILE, text, len, err, errlen);
}

int
allowed_signers_find(const char *path, const struct signer_query *q, struct signer_match *m,
    char *err, size_t errlen)
{
	char *text;
	size_t len;
	int rc;

	memset(m, 0, sizeof *m);
	if (allowed_signers_read(path, &text, &len, err, errlen) < 0)
		return -1;
	rc = allowed_signers_find_buf(path, text, len, q, m);
	free(text);
	return rc;
}
