/*
 * domains.c: free-TLD, look-alike and user-info tests on domain names (see
 * domains.h).
 *
 * Every comparison is made on registrable domains as the Public Suffix
 * List (libpsl) draws them, and on "skeletons": a label case-folded, mapped
 * through ICU's spoof checker (the confusables of Unicode TR 39, so "0" and
 * "o", "rn" and "m", Cyrillic "а" and Latin "a" meet) and folded again,
 * with hyphens dropped. A host resembles a reference domain (the
 * organisation's, or a well-known one) when:
 * - it embeds the reference in a longer host ("example.co.jp.evil.tk"), or
 *   writes it with other separators ("example-co-jp.com", any length), in
 *   the same letters or in look-alike ones (each part by its skeleton);
 * - its registrable label has the reference's skeleton but other letters:
 *   a same-script, mixed-script or whole-script look-alike;
 * - (organisation only) it is the same label under another suffix;
 * - (organisation only) its skeleton is within edit distance 1 (labels of
 *   5 to 8 characters) or 2 (9 and more) of the reference's; shorter names
 *   have too many real neighbours. Other registrable domains under the
 *   reference's own public suffix, where that suffix has more than one
 *   label (go.jp, co.jp, ac.uk), belong to other registrants and are kept
 *   out of this rule: mof.go.jp does not flag mofa.go.jp;
 * - (organisation only) it has the name as a hyphenated part
 *   ("example-login.com", names of 4 characters or more).
 * Without any reference, a label that mixes scripts beyond what ICU's
 * "moderately restrictive" level allows (Latin with Cyrillic or Greek), or
 * that is written entirely in non-Latin letters whose skeleton is Latin
 * under an ASCII top-level domain, is a look-alike too (what browsers show
 * as punycode for the same reason).
 */
#include "domains.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>
#include <unicode/ucasemap.h>
#include <unicode/uidna.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include "icu_dl.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* The publicsuffix package's list. */
#define PSL_SYSTEM_FILE "/usr/share/publicsuffix/public_suffix_list.dat"

const char *const domain_well_known[] = {
	"google.com",
	"gmail.com",
	"youtube.com",
	"microsoft.com",
	"microsoftonline.com",
	"office.com",
	"outlook.com",
	"live.com",
	"apple.com",
	"icloud.com",
	"amazon.com",
	"amazon.co.jp",
	"facebook.com",
	"instagram.com",
	"twitter.com",
	"linkedin.com",
	"paypal.com",
	"dropbox.com",
	"github.com",
	"slack.com",
	"zoom.us",
	"netflix.com",
	"adobe.com",
	"salesforce.com",
	"cloudflare.com",
	"yahoo.co.jp",
	"yahoo.com",
	"rakuten.co.jp",
	"mercari.com",
	"line.me",
	"docomo.ne.jp",
	"softbank.jp",
	"mufg.jp",
	"smbc.co.jp",
	"mizuhobank.co.jp",
	"resonabank.co.jp",
	"japanpost.jp",
	"jcb.co.jp",
	"aeon.co.jp",
	"saisoncard.co.jp",
	"kuronekoyamato.co.jp",
	"sagawa-exp.co.jp",
	"nta.go.jp",
	NULL,
};

/* A domain to compare against: the organisation's or a well-known one. */
struct ref {
	char *domain; /* lowercase ASCII, as given */
	char *reg;    /* its registrable domain */
	char *label;  /* reg without its public suffix (ASCII) */
	char *suffix; /* the public suffix */
	char *skel;   /* skeleton of label (Unicode form) */
	char *shape;  /* skeleton of each part of domain, separators kept */
	int org;
};

struct domain_rules {
	psl_ctx_t *psl;
	char *psl_file;
	USpoofChecker *spoof;
	UCaseMap *fold;
	UIDNA *idna;
	struct ref *refs;
	size_t nrefs;
	char **tlds;
};

/*
 * ICU's functions, for code that holds an ICU object (a converter, the
 * spoof checker), which only exists once ICU was loaded (icu_dl.h).
 */
static const struct icu_dl *
icu(void)
{
	const struct icu_dl *t = icu_dl(NULL, 0, NULL, 0);

	if (t == NULL)
		fatal("ICU used before it was loaded");
	return t;
}

/* Whether s holds a byte outside ASCII. */
static int
non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

char *
domain_from_url(const char *url, char **shown)
{
	const char *p = strstr(url, "://"), *end, *at, *q;
	char *h;
	size_t n, i;
	int alldigits = 1;

	if (shown != NULL)
		*shown = NULL;
	if (p == NULL || p == url)
		return NULL;
	for (q = url; q < p; q++)
		if (!isalnum((unsigned char)*q) && *q != '+' && *q != '-' && *q != '.')
			return NULL;
	p += 3;
	/* browsers end the authority at '\' too */
	end = p + strcspn(p, "/?#\\");
	/* userinfo: up to the last '@' before the path */
	for (at = end; at > p; at--)
		if (at[-1] == '@')
			break;
	if (at > p && shown != NULL) {
		size_t ul = (size_t)(at - 1 - p);
		const char *colon = memchr(p, ':', ul);
		int dot = 0, ok;

		/* "host:443@": a fake port is shown too; any other password is never kept */
		if (colon != NULL && (size_t)(at - 1 - colon) >= 2 && (size_t)(at - 1 - colon) <= 6 &&
		    strspn(colon + 1, "0123456789") == (size_t)(at - 2 - colon))
			ul = (size_t)(colon - p);
		ok = ul > 0 && ul < 254;

		for (i = 0; ok && i < ul; i++) {
			unsigned char c = (unsigned char)p[i];

			if (c == '.')
				dot = 1;
			else if (!isalnum(c) && c != '-' && c < 0x80)
				ok = 0; /* ':' (a password), '%', blanks: not a host name */
		}
		if (ok && dot && utf8_valid(p, ul)) {
			*shown = xstrndup(p, ul);
			for (i = 0; i < ul; i++)
				(*shown)[i] = (char)tolower((unsigned char)(*shown)[i]);
		}
	}
	if (at > p)
		p = at;
	if (*p == '[')
		goto none; /* IPv6 literal */
	q = memchr(p, ':', (size_t)(end - p));
	n = (size_t)((q != NULL ? q : end) - p);
	while (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n > 253 || !utf8_valid(p, n))
		goto none;
	h = xstrndup(p, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c <= 0x20 || c == 0x7f) {
			free(h);
			goto none;
		}
		h[i] = (char)tolower(c);
		if (!isdigit(c) && c != '.')
			alldigits = 0;
	}
	if (alldigits || strchr(h, '.') == NULL) {
		free(h);
		goto none;
	}
	return h;
none:
	if (shown != NULL) {
		free(*shown);
		*shown = NULL;
	}
	return NULL;
}

int
domain_free_tld(const char *host, const char *const *tlds)
{
	const char *dot = strrchr(host, '.');
	size_t i;

	if (dot == NULL)
		return 0;
	for (i = 0; tlds != NULL && tlds[i] != NULL; i++)
		if (strcasecmp(dot + 1, tlds[i]) == 0)
			return 1;
	return 0;
}

int
domain_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int *d, r;

	if (la > 255 || lb > 255)
		return 999;
	d = xcalloc((la + 1) * (lb + 1), sizeof *d);
#define D(x, y) d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = (int)i;
	for (j = 0; j <= lb; j++)
		D(0, j) = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1], v = D(i - 1, j) + 1;

			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + cost < v)
				v = D(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	r = D(la, lb);
#undef D
	free(d);
	return r;
}

/* Whether host is dom or a subdomain of it. */
static int
under(const char *host, const char *dom)
{
	size_t hl = strlen(host), dl = strlen(dom);

	return strcmp(host, dom) == 0 ||
	    (hl > dl && host[hl - dl - 1] == '.' && strcmp(host + hl - dl, dom) == 0);
}

/* UTS 46 conversion of name with idna (to ASCII or to Unicode); NULL on any error. Caller frees. */
static char *
idna_convert(UIDNA *idna, const char *name, int to_ascii)
{
	char buf[1024];
	UIDNAInfo info = UIDNA_INFO_INITIALIZER;
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;

	if (strlen(name) > 253 * 4)
		return NULL;
	n = to_ascii ? icu()->uidna_nameToASCII_UTF8(idna, name, -1, buf, sizeof buf, &info, &st) :
	               icu()->uidna_nameToUnicodeUTF8(idna, name, -1, buf, sizeof buf, &info, &st);
	if (U_FAILURE(st) || info.errors != 0 || n < 0 || (size_t)n >= sizeof buf)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* A UTS 46 converter (nontransitional, as browsers now are); NULL when ICU cannot be loaded or has no data. */
static UIDNA *
idna_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	const struct icu_dl *t = icu_dl(NULL, 0, NULL, 0);
	UIDNA *idna;

	if (t == NULL)
		return NULL;
	idna = t->uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE, &st);
	return U_FAILURE(st) ? NULL : idna;
}

char *
domain_to_unicode(const char *host)
{
	UIDNA *idna;
	char *u;

	if (strstr(host, "xn--") == NULL || (idna = idna_open()) == NULL)
		return NULL;
	u = idna_convert(idna, host, 0);
	icu()->uidna_close(idna);
	return u;
}

char *
domain_to_ascii(const char *host)
{
	UIDNA *idna = idna_open();
	char *a;

	if (idna == NULL)
		return NULL;
	a = idna_convert(idna, host, 1);
	icu()->uidna_close(idna);
	return a;
}

/* Case-folds UTF-8 s with ICU; caller frees. NULL on error. */
static char *
fold_case(const struct domain_rules *r, const char *s)
{
	int32_t cap = (int32_t)strlen(s) * 3 + 16, n;
	char *out = xmalloc((size_t)cap);
	UErrorCode st = U_ZERO_ERROR;

	n = icu()->ucasemap_utf8FoldCase(r->fold, out, cap, s, -1, &st);
	if (U_FAILURE(st) || n >= cap) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	return out;
}

/*
 * The skeleton of a label (UTF-8): folded, mapped through the confusables,
 * folded again (the prototype of "0" is "O"), hyphens dropped. Caller frees.
 */
static char *
skeleton(const struct domain_rules *r, const char *label)
{
	char *f = fold_case(r, label), *sk = NULL, *f2, *o;
	const char *i;
	UErrorCode st = U_ZERO_ERROR;
	int32_t cap, n;

	if (f == NULL)
		return xstrdup(label);
	cap = (int32_t)strlen(f) * 18 + 16;
	sk = xmalloc((size_t)cap);
	n = icu()->uspoof_getSkeletonUTF8(r->spoof, 0, f, -1, sk, cap, &st);
	free(f);
	if (U_FAILURE(st) || n >= cap) {
		free(sk);
		return xstrdup(label);
	}
	sk[n] = '\0';
	f2 = fold_case(r, sk);
	free(sk);
	if (f2 == NULL)
		return xstrdup(label);
	for (i = f2, o = f2; *i; i++)
		if (*i != '-')
			*o++ = *i;
	*o = '\0';
	return f2;
}

/*
 * The shape of an ASCII host: its Unicode form with every part between
 * dots and hyphens replaced by its skeleton, the separators kept
 * ("xn--pypal-4ve.com.evil.tk" gives "paypal.com.evil.tk"). Caller frees.
 */
static char *
shape(const struct domain_rules *r, const char *ascii)
{
	char *u = idna_convert(r->idna, ascii, 0), *p;
	struct strbuf sb = STRBUF_INIT;

	if (u == NULL)
		u = xstrdup(ascii);
	for (p = u; *p != '\0';) {
		size_t n = strcspn(p, ".-");

		if (n > 0) {
			char *part = xstrndup(p, n), *sk = skeleton(r, part);

			sb_adds(&sb, sk);
			free(sk);
			free(part);
		}
		p += n;
		if (*p != '\0')
			sb_addc(&sb, *p++);
	}
	free(u);
	return sb_detach(&sb);
}

/* The scripts of s other than Common and Inherited, as "Latin+Cyrillic", into out; their count. */
static int
scripts(const char *s, char *out, size_t outlen)
{
	UScriptCode seen[8];
	int n = 0, i;
	int32_t k = 0, len = (int32_t)strlen(s);

	out[0] = '\0';
	while (k < len) {
		UChar32 c;
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc;

		U8_NEXT(s, k, len, c);
		if (c < 0)
			continue;
		sc = icu()->uscript_getScript(c, &st);
		if (U_FAILURE(st) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
			continue;
		for (i = 0; i < n; i++)
			if (seen[i] == sc)
				break;
		if (i < n || n == (int)(sizeof seen / sizeof seen[0]))
			continue;
		seen[n++] = sc;
	}
	/* by name, so the same label always reads the same */
	for (i = 1; i < n; i++) {
		UScriptCode x = seen[i];
		int j = i;

		for (; j > 0 && strcmp(icu()->uscript_getName(seen[j - 1]), icu()->uscript_getName(x)) > 0;
		     j--)
			seen[j] = seen[j - 1];
		seen[j] = x;
	}
	for (i = 0; i < n; i++)
		(void)xsnprintf(out + strlen(out), outlen - strlen(out), "%s%s", i > 0 ? "+" : "",
		    icu()->uscript_getName(seen[i]));
	return n;
}

/* Whether s is ASCII letters, digits and hyphens only (and not empty). */
static int
ldh(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

/*
 * Splits the registrable domain of ascii host into label and suffix (new
 * strings); -1 when host is a public suffix itself.
 */
static int
split_registrable(const struct domain_rules *r, const char *host, char **reg, char **label, char **suffix)
{
	const char *rd = psl_registrable_domain(r->psl, host), *dot;

	if (rd == NULL || (dot = strchr(rd, '.')) == NULL)
		return -1;
	*reg = xstrdup(rd);
	*label = xstrndup(rd, (size_t)(dot - rd));
	*suffix = xstrdup(dot + 1);
	return 0;
}

/* Lowercase ASCII form of a configured domain (IDNA for Unicode ones, dots trimmed); NULL if invalid. */
static char *
normalise(const struct domain_rules *r, const char *d)
{
	char *s, *a;
	size_t n, i;

	while (*d == '.')
		d++;
	s = xstrdup(d);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	if (n == 0 || strchr(s, '.') == NULL) {
		free(s);
		return NULL;
	}
	if (!non_ascii(s))
		return s;
	a = idna_convert(r->idna, s, 1);
	free(s);
	return a;
}

/* Adds a reference domain (skipped when it is invalid or a public suffix). */
static void
add_ref(struct domain_rules *r, const char *d, int org)
{
	struct ref f = { 0 };
	char *uni;
	size_t i;

	if ((f.domain = normalise(r, d)) == NULL)
		return;
	for (i = 0; i < r->nrefs; i++)
		if (strcmp(r->refs[i].domain, f.domain) == 0) {
			r->refs[i].org |= org;
			free(f.domain);
			return;
		}
	if (split_registrable(r, f.domain, &f.reg, &f.label, &f.suffix) < 0) {
		free(f.domain);
		return;
	}
	uni = idna_convert(r->idna, f.label, 0);
	f.skel = skeleton(r, uni != NULL ? uni : f.label);
	f.shape = shape(r, f.domain);
	free(uni);
	f.org = org;
	r->refs = xreallocarray(r->refs, r->nrefs + 1, sizeof *r->refs);
	r->refs[r->nrefs++] = f;
}

struct domain_rules *
domain_rules_new(const char *const *orgs, const char *const *known, const char *const *tlds,
    const char *psl_file, char *err, size_t errlen)
{
	struct domain_rules *r = xcalloc(1, sizeof *r);
	UErrorCode st = U_ZERO_ERROR;
	char why[768];
	size_t i, n;

	r->psl_file = xstrdup(psl_file != NULL ? psl_file : PSL_SYSTEM_FILE);
	if ((r->psl = psl_load_file(r->psl_file)) == NULL) {
		(void)xsnprintf(err, errlen,
		    "%s: cannot load the Public Suffix List (install the publicsuffix package)",
		    r->psl_file);
		goto fail;
	}
	/* a file of another kind loads as an empty list, and every name would then look registrable */
	if (psl_suffix_count(r->psl) < 1000) {
		(void)xsnprintf(err, errlen, "%s: holds %d suffixes, not a Public Suffix List",
		    r->psl_file, psl_suffix_count(r->psl));
		goto fail;
	}
	/* ICU is opened here, on first use (icu_dl.h), not at start */
	if (icu_dl(why, sizeof why, NULL, 0) == NULL) {
		(void)xsnprintf(err, errlen, "%s", why);
		goto fail;
	}
	r->spoof = icu()->uspoof_open(&st);
	if (U_SUCCESS(st))
		icu()->uspoof_setChecks(r->spoof, USPOOF_CONFUSABLE | USPOOF_RESTRICTION_LEVEL, &st);
	if (U_SUCCESS(st))
		icu()->uspoof_setRestrictionLevel(r->spoof, USPOOF_MODERATELY_RESTRICTIVE);
	if (U_SUCCESS(st))
		r->fold = icu()->ucasemap_open("", 0, &st);
	if (U_FAILURE(st) || (r->idna = idna_open()) == NULL) {
		(void)xsnprintf(err, errlen,
		    "ICU's spoof checker or IDNA data cannot be loaded: %s", icu()->u_errorName(st));
		goto fail;
	}
	for (i = 0; orgs != NULL && orgs[i] != NULL; i++)
		add_ref(r, orgs[i], 1);
	for (i = 0; known != NULL && known[i] != NULL; i++)
		add_ref(r, known[i], 0);
	for (n = 0; tlds != NULL && tlds[n] != NULL; n++)
		;
	r->tlds = xcalloc(n + 1, sizeof *r->tlds);
	for (i = 0; i < n; i++)
		r->tlds[i] = xstrdup(tlds[i][0] == '.' ? tlds[i] + 1 : tlds[i]);
	return r;
fail:
	domain_rules_free(r);
	return NULL;
}

void
domain_rules_free(struct domain_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->psl != NULL)
		psl_free(r->psl);
	if (r->spoof != NULL)
		icu()->uspoof_close(r->spoof);
	if (r->fold != NULL)
		icu()->ucasemap_close(r->fold);
	if (r->idna != NULL)
		icu()->uidna_close(r->idna);
	for (i = 0; i < r->nrefs; i++) {
		free(r->refs[i].domain);
		free(r->refs[i].reg);
		free(r->refs[i].label);
		free(r->refs[i].suffix);
		free(r->refs[i].skel);
		free(r->refs[i].shape);
	}
	free(r->refs);
	for (i = 0; r->tlds != NULL && r->tlds[i] != NULL; i++)
		free(r->tlds[i]);
	free(r->tlds);
	free(r->psl_file);
	free(r);
}

const char *
domain_rules_psl_file(const struct domain_rules *r)
{
	return r->psl_file;
}

int
domain_rules_psl_count(const struct domain_rules *r)
{
	return psl_suffix_count(r->psl);
}

char *
domain_rules_registrable(const struct domain_rules *r, const char *host)
{
	const char *rd = psl_registrable_domain(r->psl, host);

	return rd != NULL ? xstrdup(rd) : NULL;
}

const char *
domain_rules_known(const struct domain_rules *r, const char *host)
{
	size_t i;

	for (i = 0; i < r->nrefs; i++)
		if (!r->refs[i].org && under(host, r->refs[i].domain))
			return r->refs[i].domain;
	return NULL;
}

/*
 * Finds dom in host as a run of labels and hyphen-parts starting at a
 * separator. Returns 0 when absent, 1 when it is written with the same
 * separators but does not end host (embedded), 2 when with other
 * separators ("mof-go-jp").
 */
static int
separators_match(const char *host, const char *dom)
{
	size_t hl = strlen(host), dl = strlen(dom), i, j;

	if (dl == 0 || hl < dl || strchr(dom, '.') == NULL)
		return 0;
	for (i = 0; i + dl <= hl; i++) {
		int differ = 0;

		if (i > 0 && host[i - 1] != '.' && host[i - 1] != '-')
			continue;
		for (j = 0; j < dl; j++) {
			char h = host[i + j], d = dom[j];

			if (d == '.' || d == '-') {
				if (h != '.' && h != '-')
					break;
				differ |= h != d;
			} else if (h != d)
				break;
		}
		if (j < dl || (i + dl < hl && host[i + dl] != '.' && host[i + dl] != '-'))
			continue;
		if (differ)
			return 2;
		if (i + dl < hl)
			return 1;
	}
	return 0;
}

/* The host's registrable parts, computed once per judged host. */
struct hostparts {
	const char *ascii;
	char *reg, *label, *suffix;
	char *ulabel; /* label as Unicode */
	char *skel;
	char *shape; /* see shape() */
};

/* Whether the host resembles ref; fills v. */
static int
resembles(const struct ref *f, const struct hostparts *h, struct domain_verdict *v)
{
	int m = separators_match(h->ascii, f->domain);
	size_t olen;

	if (m == 0 && strcmp(f->domain, f->reg) != 0)
		m = separators_match(h->ascii, f->reg);
	if (m == 1) {
		(void)xsnprintf(v->how, sizeof v->how, "embeds the domain");
		return 1;
	}
	if (m == 2) {
		(void)xsnprintf(v->how, sizeof v->how, "the domain written with other separators");
		return 1;
	}
	/* the same, in look-alike letters: "pаypal.com.evil.tk", "paypa1-com.evil.tk" */
	m = h->shape != NULL ? separators_match(h->shape, f->shape) : 0;
	if (m == 1) {
		(void)xsnprintf(v->how, sizeof v->how, "embeds a look-alike of the domain");
		return 1;
	}
	if (m == 2) {
		(void)xsnprintf(v->how, sizeof v->how,
		    "a look-alike of the domain written with other separators");
		return 1;
	}
	if (h->reg == NULL || strcmp(h->reg, f->reg) == 0)
		return 0;
	if (strcmp(h->label, f->label) == 0) {
		if (f->org && strlen(f->label) >= 3) {
			(void)xsnprintf(v->how, sizeof v->how, "same name under another suffix");
			return 1;
		}
		return 0;
	}
	if (strcmp(h->skel, f->skel) == 0) {
		char sc[96];
		int n = scripts(h->ulabel, sc, sizeof sc);

		if (n > 1)
			(void)xsnprintf(v->how, sizeof v->how, "mixed-script look-alike (%s)", sc);
		else if (n == 1 && strcmp(sc, "Latin") != 0)
			(void)xsnprintf(v->how, sizeof v->how, "whole-script look-alike (%s)", sc);
		else
			(void)xsnprintf(v->how, sizeof v->how, "look-alike characters");
		return 1;
	}
	if (!f->org)
		return 0;
	olen = strlen(f->skel);
	/* other registrants under the same multi-label suffix: go.jp ministries, co.jp companies */
	if (olen >= 5 && !(strcmp(h->suffix, f->suffix) == 0 && strchr(f->suffix, '.') != NULL)) {
		int d = domain_edit_distance(h->skel, f->skel);

		if (d > 0 && d <= (olen >= 9 ? 2 : 1)) {
			(void)xsnprintf(v->how, sizeof v->how, "edit distance %d", d);
			return 1;
		}
	}
	if (strlen(f->label) >= 4 && strchr(h->label, '-') != NULL) {
		/* the name as one hyphenated part: "example-login", "secure-example" */
		char *pat = xasprintf("-%s-", f->label), *wrapped = xasprintf("-%s-", h->label);
		int hit = strstr(wrapped, pat) != NULL;

		free(pat);
		free(wrapped);
		if (hit) {
			(void)xsnprintf(v->how, sizeof v->how, "contains the name");
			return 1;
		}
	}
	return 0;
}

/* Look-alikes without a reference: mixed scripts, or non-Latin letters spelling a Latin name. */
static int
spoofy_label(const struct domain_rules *r, const struct hostparts *h, struct domain_verdict *v)
{
	const char *tld = strrchr(h->ascii, '.');
	UErrorCode st = U_ZERO_ERROR;
	char sc[96];
	int32_t bits;

	if (!non_ascii(h->ulabel))
		return 0;
	bits = icu()->uspoof_check2UTF8(r->spoof, h->ulabel, -1, NULL, &st);
	if (U_SUCCESS(st) && (bits & USPOOF_RESTRICTION_LEVEL) && scripts(h->ulabel, sc, sizeof sc) > 1) {
		(void)xsnprintf(v->how, sizeof v->how, "mixes scripts in one label (%s)", sc);
		return 1;
	}
	if (tld != NULL && strncmp(tld + 1, "xn--", 4) != 0 && ldh(h->skel) &&
	    scripts(h->ulabel, sc, sizeof sc) == 1 && strcmp(sc, "Latin") != 0) {
		(void)xsnprintf(v->how, sizeof v->how, "%s letters that look Latin", sc);
		return 1;
	}
	return 0;
}

int
domain_rules_judge(const struct domain_rules *r, const char *host, const char *shown,
    struct domain_verdict *v)
{
	struct hostparts h = { 0 };
	char *ascii = non_ascii(host) ? idna_convert(r->idna, host, 1) : xstrdup(host);
	size_t i;
	int hit = 0;

	memset(v, 0, sizeof *v);
	if (ascii == NULL)
		ascii = xstrdup(host);
	h.ascii = ascii;
	for (i = 0; i < r->nrefs; i++)
		if (r->refs[i].org && (under(ascii, r->refs[i].domain) || under(ascii, r->refs[i].reg)))
			goto out; /* the organisation's own */
	if (shown != NULL) {
		char *sa = non_ascii(shown) ? idna_convert(r->idna, shown, 1) : xstrdup(shown);

		v->reason = "user-info trick";
		for (i = 0; sa != NULL && i < r->nrefs; i++)
			if (under(sa, r->refs[i].domain) || under(sa, r->refs[i].reg)) {
				v->resembles = r->refs[i].domain;
				v->org = r->refs[i].org;
				break;
			}
		free(sa);
		(void)xsnprintf(v->how, sizeof v->how, "shows another host name before '@'");
		hit = 1;
		goto out;
	}
	if (split_registrable(r, ascii, &h.reg, &h.label, &h.suffix) == 0) {
		h.ulabel = idna_convert(r->idna, h.label, 0);
		if (h.ulabel == NULL)
			h.ulabel = xstrdup(h.label);
		h.skel = skeleton(r, h.ulabel);
	}
	h.shape = shape(r, ascii);
	for (i = 0; i < r->nrefs; i++) {
		if (under(ascii, r->refs[i].domain) ||
		    (h.reg != NULL && strcmp(h.reg, r->refs[i].reg) == 0))
			continue;
		if (resembles(&r->refs[i], &h, v)) {
			v->reason = "look-alike";
			v->resembles = r->refs[i].domain;
			v->org = r->refs[i].org;
			hit = 1;
			goto out;
		}
	}
	if (h.reg != NULL && domain_rules_known(r, ascii) == NULL && spoofy_label(r, &h, v)) {
		v->reason = "look-alike";
		hit = 1;
		goto out;
	}
	if (domain_free_tld(ascii, (const char *const *)r->tlds)) {
		v->reason = "free top-level domain";
		hit = 1;
	}
out:
	free(ascii);
	free(h.reg);
	free(h.label);
	free(h.suffix);
	free(h.ulabel);
	free(h.skel);
	free(h.shape);
	return hit;
}
