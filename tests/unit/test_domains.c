/*
 * test_domains.c: URL hosts, registrable labels, punycode (RFC 3492's own
 * examples), edit distance and the look-alike rules of checks/domains.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../checks/domains.h"

static void
hosts_from_urls(void **state)
{
	static const struct {
		const char *url, *host;
	} t[] = {
		{ "https://Mail.Example.co.jp/x?y#z", "mail.example.co.jp" },
		{ "http://user:pw@www.example.com:8080/", "www.example.com" },
		{ "https://a@b@evil.tk/", "evil.tk" },
		{ "https://example.com./", "example.com" },
		{ "http://192.168.0.1/admin", NULL },
		{ "http://[::1]:80/", NULL },
		{ "about:blank", NULL },
		{ "file:///etc/passwd", NULL },
		{ "place:sort=8", NULL },
		{ "http://localhost/", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *h = domain_from_url(t[i].url);

		if (t[i].host == NULL)
			assert_null(h);
		else
			assert_string_equal(h, t[i].host);
		free(h);
	}
}

static void
registrable_labels(void **state)
{
	char l[64], s[64];

	(void)state;
	assert_int_equal(domain_split("www.example.co.jp", l, sizeof l, s, sizeof s), 0);
	assert_string_equal(l, "example");
	assert_string_equal(s, "co.jp");
	assert_int_equal(domain_split("a.b.example.com", l, sizeof l, s, sizeof s), 0);
	assert_string_equal(l, "example");
	assert_string_equal(s, "com");
	assert_int_equal(domain_split("co.jp", l, sizeof l, s, sizeof s), 0);
	assert_string_equal(l, "co");
	assert_int_equal(domain_split("com", l, sizeof l, s, sizeof s), -1);
}

static void
punycode(void **state)
{
	char out[256];
	char *u;

	(void)state;
	/* RFC 3492 7.1 (L): Japanese, and a well-known homograph */
	assert_int_equal(domain_punycode_decode("xn--3B-ww4c5e180e575a65lsy2b", out, sizeof out), 0);
	assert_string_equal(out, "3年B組金八先生");
	assert_int_equal(domain_punycode_decode("xn--80ak6aa92e", out, sizeof out), 0);
	assert_string_equal(out, "аррӏе");
	assert_int_equal(domain_punycode_decode("xn--wgv71a119e", out, sizeof out), 0);
	assert_string_equal(out, "日本語");
	assert_int_equal(domain_punycode_decode("xn--!!", out, sizeof out), -1);
	assert_int_equal(domain_punycode_decode("xn--99999999999999", out, sizeof out), -1);
	u = domain_to_unicode("www.xn--wgv71a119e.jp");
	assert_string_equal(u, "www.日本語.jp");
	free(u);
	assert_null(domain_to_unicode("www.example.jp"));
}

static void
edit_distance(void **state)
{
	(void)state;
	assert_int_equal(domain_edit_distance("example", "example"), 0);
	assert_int_equal(domain_edit_distance("example", "exmaple"), 1);
	assert_int_equal(domain_edit_distance("example", "examples"), 1);
	assert_int_equal(domain_edit_distance("example", "exampel"), 1);
	assert_int_equal(domain_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(domain_edit_distance("", "abc"), 3);
}

static void
lookalikes(void **state)
{
	static const struct {
		const char *host;
		int hit;
		const char *why;
	} t[] = {
		{ "example.co.jp", 0, NULL },
		{ "mail.example.co.jp", 0, NULL },
		{ "examp1e.co.jp", 1, "homoglyphs" },
		{ "exarnple.co.jp", 1, "homoglyphs" },
		{ "ex-ample.co.jp", 1, "homoglyphs" },
		{ "exmaple.co.jp", 1, "edit distance 1" },
		{ "exampel.com", 1, "edit distance 1" },
		{ "example.com", 1, "same name under another suffix" },
		{ "example.tk", 1, "same name under another suffix" },
		{ "example-login.com", 1, "contains the name" },
		{ "secure-example.net", 1, "contains the name" },
		{ "example.co.jp.evil.tk", 1, "embeds the domain" },
		{ "xn--xample-2of.co.jp", 1, "homoglyphs" }, /* Cyrillic е */
		{ "wikipedia.org", 0, NULL },
		{ "examination.jp", 0, NULL },
		{ "counterexample.com", 0, NULL },
	};
	char why[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		int r = domain_lookalike(t[i].host, "example.co.jp", why, sizeof why);

		if (r != t[i].hit)
			fail_msg("%s: got %d want %d", t[i].host, r, t[i].hit);
		if (r)
			assert_string_equal(why, t[i].why);
	}
	/* short names: only one edit */
	assert_int_equal(domain_lookalike("jnsb.org", "jnsa.org", why, sizeof why), 1);
	assert_int_equal(domain_lookalike("jxsb.org", "jnsa.org", why, sizeof why), 0);
}

static void
free_tlds(void **state)
{
	static const char *const tlds[] = { "tk", "ml", "ga", "cf", "gq", NULL };

	(void)state;
	assert_true(domain_free_tld("city-tokyo.tk", tlds));
	assert_true(domain_free_tld("a.b.GQ", tlds));
	assert_false(domain_free_tld("example.com", tlds));
	assert_false(domain_free_tld("tk", tlds));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hosts_from_urls),
		cmocka_unit_test(registrable_labels),
		cmocka_unit_test(punycode),
		cmocka_unit_test(edit_distance),
		cmocka_unit_test(lookalikes),
		cmocka_unit_test(free_tlds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
