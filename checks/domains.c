/*
 * domains.c: free-TLD, look-alike and punycode tests on domain names (see
 * domains.h).
 *
 * A look-alike is judged on the registrable label (the name before the
 * public suffix): a small edit distance (at most 1 for names of 3 to 5
 * characters, at most 2 for longer ones), the same "skeleton" once
 * confusable characters are folded (0/o, 1/l/i, rn/m, vv/w, 5/s, 3/e,
 * hyphens dropped, Cyrillic and Greek letters that look Latin, accents),
 * the same name under another suffix, the name as a hyphenated part
 * ("example-login"), or the whole domain embedded in a longer host
 * ("example.co.jp.evil.tk").
 */
#include "domains.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

char *
domain_from_url(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at, *q;
	char *h;
	size_t n, i;
	int alldigits = 1;

	if (p == NULL)
		return NULL;
	for (q = url; q < p; q++)
		if (!isalnum((unsigned char)*q) && *q != '+' && *q != '-' && *q != '.')
			return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	/* userinfo: the last '@' before the path */
	for (at = end; at > p; at--)
		if (at[-1] == '@')
			break;
	if (at > p)
		p = at;
	if (*p == '[')
		return NULL; /* IPv6 literal */
	q = memchr(p, ':', (size_t)(end - p));
	n = (size_t)((q != NULL ? q : end) - p);
	while (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0)
		return NULL;
	h = xstrndup(p, n);
	for (i = 0; i < n; i++) {
		h[i] = (char)tolower((unsigned char)h[i]);
		if (!isdigit((unsigned char)h[i]) && h[i] != '.')
			alldigits = 0;
	}
	if (alldigits || strchr(h, '.') == NULL) {
		free(h);
		return NULL;
	}
	return h;
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

/* Common two-level public suffixes: the second label under these TLDs. */
static const char *const two_level[] = {
	"co.jp",
	"ne.jp",
	"or.jp",
	"ac.jp",
	"ad.jp",
	"ed.jp",
	"go.jp",
	"gr.jp",
	"lg.jp",
	"co.uk",
	"org.uk",
	"ac.uk",
	"gov.uk",
	"me.uk",
	"ltd.uk",
	"plc.uk",
	"com.au",
	"net.au",
	"org.au",
	"edu.au",
	"gov.au",
	"co.kr",
	"or.kr",
	"com.cn",
	"net.cn",
	"org.cn",
	"com.tw",
	"org.tw",
	"com.hk",
	"com.sg",
	"com.br",
	"co.in",
	"co.nz",
	"co.za",
	"com.mx",
	"co.id",
	"com.my",
	NULL,
};

int
domain_split(const char *host, char *label, size_t llen, char *suffix, size_t slen)
{
	const char *last = strrchr(host, '.'), *second = NULL, *p, *start, *sfx;
	size_t i;

	if (last == NULL || last == host)
		return -1;
	for (p = last - 1; p > host; p--)
		if (*p == '.') {
			second = p;
			break;
		}
	sfx = last + 1;
	if (second != NULL) {
		for (i = 0; two_level[i] != NULL; i++)
			if (strcmp(second + 1, two_level[i]) == 0)
				break;
		if (two_level[i] != NULL)
			sfx = second + 1;
	}
	/* the label before the suffix */
	if (sfx - 1 <= host)
		return -1;
	for (start = sfx - 2; start > host && start[-1] != '.'; start--)
		;
	if ((size_t)(sfx - 1 - start) >= llen || strlen(sfx) >= slen)
		return -1;
	memcpy(label, start, (size_t)(sfx - 1 - start));
	label[sfx - 1 - start] = '\0';
	strcpy(suffix, sfx);
	return 0;
}

/* RFC 3492 bias adaptation. */
static uint32_t
adapt(uint32_t delta, uint32_t numpoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / numpoints;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 * delta) / (delta + 38);
}

int
domain_punycode_decode(const char *label, char *out, size_t outlen)
{
	uint32_t cps[256], n = 128, i = 0, bias = 72;
	size_t ncp = 0, b = 0, in, len, o = 0, j;
	const char *s;

	if (strncasecmp(label, "xn--", 4) != 0)
		return -1;
	s = label + 4;
	len = strlen(s);
	for (j = 0; j < len; j++)
		if (s[j] == '-')
			b = j;
	if (b > 0 || (len > 0 && s[0] == '-')) {
		for (j = 0; j < b; j++) {
			if ((unsigned char)s[j] >= 0x80 || ncp >= 255)
				return -1;
			cps[ncp++] = (unsigned char)s[j];
		}
		in = b + 1;
	} else
		in = 0;
	while (in < len) {
		uint32_t oldi = i, w = 1, k;

		for (k = 36;; k += 36) {
			int c = (unsigned char)s[in++], digit;
			uint32_t t;

			digit = c >= '0' && c <= '9' ? c - '0' + 26 :
			    c >= 'a' && c <= 'z'     ? c - 'a' :
			    c >= 'A' && c <= 'Z'     ? c - 'A' :
			                               -1;
			if (digit < 0 || (uint32_t)digit > (UINT32_MAX - i) / w)
				return -1;
			i += (uint32_t)digit * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if ((uint32_t)digit < t)
				break;
			if (w > UINT32_MAX / (36 - t) || in >= len)
				return -1;
			w *= 36 - t;
		}
		if (ncp >= 255)
			return -1;
		bias = adapt(i - oldi, (uint32_t)ncp + 1, oldi == 0);
		if (i / ((uint32_t)ncp + 1) > 0x10FFFF - n)
			return -1;
		n += i / ((uint32_t)ncp + 1);
		i %= (uint32_t)ncp + 1;
		if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
			return -1;
		memmove(cps + i + 1, cps + i, (ncp - i) * sizeof *cps);
		cps[i++] = n;
		ncp++;
	}
	for (j = 0; j < ncp; j++) {
		char buf[4];
		size_t k = utf8_encode(cps[j], buf);

		if (o + k + 1 > outlen)
			return -1;
		memcpy(out + o, buf, k);
		o += k;
	}
	out[o] = '\0';
	return 0;
}

char *
domain_to_unicode(const char *host)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = host;
	int any = 0;

	while (*p) {
		size_t n = strcspn(p, ".");
		char label[64], dec[256];

		if (n >= 4 && n < sizeof label && strncasecmp(p, "xn--", 4) == 0) {
			memcpy(label, p, n);
			label[n] = '\0';
			if (domain_punycode_decode(label, dec, sizeof dec) < 0) {
				sb_free(&sb);
				return NULL;
			}
			sb_adds(&sb, dec);
			any = 1;
		} else
			sb_add(&sb, p, n);
		p += n;
		if (*p == '.') {
			sb_addc(&sb, '.');
			p++;
		}
	}
	if (!any) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* The Latin letter a confusable code point looks like, or 0. */
static char
confusable(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		char c;
	} map[] = {
		{ 0x0430, 'a' },
		{ 0x0435, 'e' },
		{ 0x043e, 'o' },
		{ 0x0440, 'p' },
		{ 0x0441, 'c' },
		{ 0x0443, 'y' },
		{ 0x0445, 'x' },
		{ 0x0456, 'i' },
		{ 0x0458, 'j' },
		{ 0x0455, 's' },
		{ 0x0501, 'd' },
		{ 0x04bb, 'h' },
		{ 0x0261, 'g' },
		{ 0x03bf, 'o' },
		{ 0x03b1, 'a' },
		{ 0x03bd, 'v' },
		{ 0x03b9, 'i' },
		{ 0x03ba, 'k' },
		{ 0x03c1, 'p' },
		{ 0x03c4, 't' },
		{ 0x0131, 'i' },
		{ 0x0251, 'a' },
		{ 0x1d0f, 'o' },
	};
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* U+00E0..U+00FF */
	size_t i;

	if (cp < 0x80)
		return (char)cp;
	if (cp >= 0xe0 && cp <= 0xff)
		return latin1[cp - 0xe0];
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].cp == cp)
			return map[i].c;
	return '?';
}

/* The ASCII look of a label (punycode decoded, confusables mapped). Caller frees. */
static char *
ascii_look(const char *label)
{
	char dec[256];
	const char *s = label;
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	if (strncasecmp(label, "xn--", 4) == 0 && domain_punycode_decode(label, dec, sizeof dec) == 0)
		s = dec;
	len = strlen(s);
	while (len > 0) {
		uint32_t cp;
		int valid;
		size_t k = utf8_decode(s, len, &cp, &valid);

		sb_addc(&sb, (char)tolower((unsigned char)confusable(cp)));
		s += k;
		len -= k;
	}
	return sb_detach(&sb);
}

/* The skeleton of an ASCII label: confusable digits and pairs folded, hyphens dropped. */
static char *
skeleton(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (s[0] == 'r' && s[1] == 'n') {
			sb_addc(&sb, 'm');
			s++;
		} else if (s[0] == 'v' && s[1] == 'v') {
			sb_addc(&sb, 'w');
			s++;
		} else if (s[0] == 'c' && s[1] == 'l') {
			sb_addc(&sb, 'd');
			s++;
		} else
			sb_addc(&sb,
			    *s == '0'                  ? 'o' :
			        *s == '1' || *s == 'i' ? 'l' :
			        *s == '5'              ? 's' :
			        *s == '3'              ? 'e' :
			                                 *s);
	}
	return sb_detach(&sb);
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

	return strcasecmp(host, dom) == 0 ||
	    (hl > dl && host[hl - dl - 1] == '.' && strcasecmp(host + hl - dl, dom) == 0);
}

int
domain_lookalike(const char *host, const char *org, char *why, size_t whylen)
{
	char hl[256], hs[256], ol[256], os[256], *hlook, *sh, *so;
	size_t olen;
	int dist, r = 0;
	const char *emb;

	if (under(host, org))
		return 0;
	/* the organisation's domain embedded in a longer host */
	for (emb = strstr(host, org); emb != NULL; emb = strstr(emb + 1, org))
		if ((emb == host || emb[-1] == '.') && emb[strlen(org)] == '.') {
			(void)xsnprintf(why, whylen, "embeds the domain");
			return 1;
		}
	if (domain_split(host, hl, sizeof hl, hs, sizeof hs) < 0 ||
	    domain_split(org, ol, sizeof ol, os, sizeof os) < 0)
		return 0;
	olen = strlen(ol);
	if (olen < 3)
		return 0;
	if (strcmp(hl, ol) == 0) {
		if (strcmp(hs, os) != 0) {
			(void)xsnprintf(why, whylen, "same name under another suffix");
			return 1;
		}
		return 0;
	}
	hlook = ascii_look(hl);
	sh = skeleton(hlook);
	so = skeleton(ol);
	dist = domain_edit_distance(hlook, ol);
	if (strcmp(sh, so) == 0) {
		(void)xsnprintf(why, whylen, "homoglyphs");
		r = 1;
	} else if (dist <= (olen >= 6 ? 2 : 1)) {
		(void)xsnprintf(why, whylen, "edit distance %d", dist);
		r = 1;
	} else if (olen >= 4 && strchr(hlook, '-') != NULL) {
		/* the name as one hyphenated part: "example-login", "secure-example" */
		char *pat = xasprintf("-%s-", ol), *wrapped = xasprintf("-%s-", hlook);

		if (strstr(wrapped, pat) != NULL) {
			(void)xsnprintf(why, whylen, "contains the name");
			r = 1;
		}
		free(pat);
		free(wrapped);
	}
	free(hlook);
	free(sh);
	free(so);
	return r;
}
