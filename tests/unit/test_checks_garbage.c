/*
 * test_checks_garbage.c: the text parsers of the system checks on random and
 * mutated input (a deterministic generator, so a failure repeats): no crash,
 * no out-of-bounds access under ASan, and results that keep their contracts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../checks/domains.h"
#include "../../checks/linux/fwparse.h"
#include "../../util/text.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: the same sequence on every run. */
static uint32_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

/* Fills buf with len bytes drawn mostly from alphabet, sometimes any byte; NUL-terminates. */
static void
fill(char *buf, size_t len, const char *alphabet)
{
	size_t i, na = strlen(alphabet);

	for (i = 0; i < len; i++) {
		uint32_t r = next();

		buf[i] = (r & 15) == 0 ? (char)(1 + (r >> 8) % 255) : alphabet[(r >> 8) % na];
	}
	buf[len] = '\0';
}

static void
domains_on_garbage(void **state)
{
	static const char *const orgs[] = { "example.co.jp", "mof.go.jp", NULL };
	static const char *const tlds[] = { "tk", NULL };
	char buf[300], err[256];
	struct domain_rules *r = domain_rules_new(orgs, domain_well_known, tlds, NULL, err, sizeof err);
	int i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 20000; i++) {
		size_t len = next() % 120;
		char *h, *u, *shown;
		struct domain_verdict v;

		fill(buf, len, "abcxn-.:/@[]019\xd0\xb0");
		if (i % 3 == 0 && len > 8)
			memcpy(buf, "http://xn--", 11 < len ? 11 : len);
		h = domain_from_url(buf, &shown);
		if (h != NULL) {
			assert_non_null(strchr(h, '.'));
			assert_true(utf8_valid(h, strlen(h)));
			if (domain_rules_judge(r, h, shown, &v))
				assert_non_null(v.reason);
			u = domain_to_unicode(h);
			/* decoding never breaks a host that was valid UTF-8 */
			if (u != NULL)
				assert_true(utf8_valid(u, strlen(u)));
			free(u);
			u = domain_to_ascii(h);
			free(u);
			free(h);
		} else
			assert_null(shown);
		free(shown);
		assert_true(domain_edit_distance(buf, "example") >= 0);
	}
	domain_rules_free(r);
}

static void
firewall_text_on_garbage(void **state)
{
	static const char *const words[] = { "table", "chain", "input", "hook", "type", "policy",
		"drop", "accept", "{", "}", ";", "\n", "tcp", "dport", "#", "\"", ",", "*filter",
		":INPUT DROP", "-A INPUT", "-j", "--dport", "\\\n" };
	char buf[4096];
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		struct json *src = json_object();
		size_t len = 0, n = next() % 80, k;
		const char *f;

		for (k = 0; k < n && len < sizeof buf - 40; k++) {
			const char *w = words[next() % (sizeof words / sizeof words[0])];

			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", w,
			    next() % 2 ? " " : "");
		}
		buf[len] = '\0';
		firewall_eval_nft_text(buf, "fuzz", NULL, src);
		f = json_get_str(json_get(src, "filtering"));
		assert_non_null(f);
		firewall_eval_iptables(buf, FW_V4, src);
		assert_non_null(json_get_str(json_get(src, "filtering")));
		json_free(src);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(domains_on_garbage),
		cmocka_unit_test(firewall_text_on_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
