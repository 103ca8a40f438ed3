/*
 * test_domains.c: URL hosts and user-info, registrable domains from the
 * system's Public Suffix List, IDNA, edit distance, and the look-alike rules
 * of checks/domains.c against the organisation's and well-known domains.
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
		const char *url, *host, *shown;
	} t[] = {
		{ "https://Mail.Example.co.jp/x?y#z", "mail.example.co.jp", NULL },
		{ "http://user:pw@www.example.com:8080/", "www.example.com", NULL },
		{ "https://a@b@evil.tk/", "evil.tk", NULL },
		{ "https://www.mof.go.jp@evil.example/login", "evil.example", "www.mof.go.jp" },
		{ "https://WWW.Example.CO.JP:443@evil.example:8443/", "evil.example", "www.example.co.jp" },
		{ "https://user@example.com/", "example.com", NULL },
		{ "http://evil.tk\\@www.example.co.jp/", "evil.tk", NULL },
		{ "https://example.com./", "example.com", NULL },
		{ "https://日本語.jp/", "日本語.jp", NULL },
		{ "http://192.168.0.1/admin", NULL, NULL },
		{ "http://[::1]:80/", NULL, NULL },
		{ "http://a\x1b[31m.tk/", NULL, NULL },
		{ "http://bad\xff.tk/", NULL, NULL },
		{ "about:blank", NULL, NULL },
		{ "file:///etc/passwd", NULL, NULL },
		{ "place:sort=8", NULL, NULL },
		{ "http://localhost/", NULL, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *shown = (char *)"unset", *h = domain_from_url(t[i].url, &shown);

		if (t[i].host == NULL)
			assert_null(h);
		else
			assert_string_equal(h, t[i].host);
		if (t[i].shown == NULL)
			assert_null(shown);
		else
			assert_string_equal(shown, t[i].shown);
		free(h);
		free(shown);
	}
}

static struct domain_rules *
rules(const char *org)
{
	static const char *const tlds[] = { "tk", "ml", "ga", "cf", "gq", NULL };
	const char *orgs[] = { org, NULL };
	char err[256] = "";
	struct domain_rules *r = domain_rules_new(orgs, domain_well_known, tlds, NULL, err, sizeof err);

	if (r == NULL)
		fail_msg("rules: %s", err);
	return r;
}

static void
registrable_from_the_psl(void **state)
{
	struct domain_rules *r = rules("example.co.jp");
	static const struct {
		const char *host, *reg;
	} t[] = {
		{ "www.mofa.go.jp", "mofa.go.jp" },
		{ "a.b.example.co.uk", "example.co.uk" },
		{ "www.city.kawasaki.jp", "city.kawasaki.jp" }, /* an exception rule */
		{ "x.y.kawasaki.jp", "x.y.kawasaki.jp" },       /* a wildcard rule */
		{ "me.github.io", "me.github.io" },             /* the private section */
		{ "www.xn--wgv71a119e.jp", "xn--wgv71a119e.jp" },
		{ "go.jp", NULL },
	};
	size_t i;

	(void)state;
	/* the system's full list, not a few built-in entries */
	assert_true(domain_rules_psl_count(r) > 5000);
	assert_string_equal(domain_rules_psl_file(r), "/usr/share/publicsuffix/public_suffix_list.dat");
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *g = domain_rules_registrable(r, t[i].host);

		if (t[i].reg == NULL)
			assert_null(g);
		else
			assert_string_equal(g, t[i].reg);
		free(g);
	}
	domain_rules_free(r);
}

static void
idna(void **state)
{
	char *u;

	(void)state;
	u = domain_to_unicode("www.xn--wgv71a119e.jp");
	assert_string_equal(u, "www.日本語.jp");
	free(u);
	u = domain_to_unicode("xn--80ak6aa92e.com");
	assert_string_equal(u, "аррӏе.com");
	free(u);
	assert_null(domain_to_unicode("www.example.jp"));
	assert_null(domain_to_unicode("xn--!!.jp"));
	u = domain_to_ascii("日本語.JP");
	assert_string_equal(u, "xn--wgv71a119e.jp");
	free(u);
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

struct expect {
	const char *host, *shown;
	const char *reason; /* NULL: harmless */
	const char *resembles, *how;
};

/* Judges every case of t with r. */
static void
judge_all(const struct domain_rules *r, const struct expect *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct domain_verdict v;
		int hit = domain_rules_judge(r, t[i].host, t[i].shown, &v);

		if (hit != (t[i].reason != NULL))
			fail_msg("%s: got %d (%s, %s) want %s", t[i].host, hit, hit ? v.reason : "-",
			    hit ? v.how : "-", t[i].reason ? t[i].reason : "harmless");
		if (!hit)
			continue;
		if (strcmp(v.reason, t[i].reason) != 0)
			fail_msg("%s: reason %s, want %s", t[i].host, v.reason, t[i].reason);
		if ((t[i].resembles == NULL) != (v.resembles == NULL) ||
		    (t[i].resembles != NULL && strcmp(v.resembles, t[i].resembles) != 0))
			fail_msg("%s: resembles %s, want %s", t[i].host,
			    v.resembles ? v.resembles : "-", t[i].resembles ? t[i].resembles : "-");
		if (t[i].how != NULL && strcmp(v.how, t[i].how) != 0)
			fail_msg("%s: how '%s', want '%s'", t[i].host, v.how, t[i].how);
	}
}

static void
lookalikes_of_a_company(void **state)
{
	static const struct expect t[] = {
		{ "example.co.jp", NULL, NULL, NULL, NULL },
		{ "mail.example.co.jp", NULL, NULL, NULL, NULL },
		{ "examp1e.co.jp", NULL, "look-alike", "example.co.jp", "look-alike characters" },
		{ "exarnple.co.jp", NULL, "look-alike", "example.co.jp", "look-alike characters" },
		{ "ex-ample.co.jp", NULL, "look-alike", "example.co.jp", "look-alike characters" },
		{ "xn--xample-2of.co.jp", NULL, "look-alike", "example.co.jp",
		    "mixed-script look-alike (Cyrillic+Latin)" },
		{ "xn--mple-43d3a6i.com", NULL, "look-alike", "example.co.jp",
		    "mixed-script look-alike (Cyrillic+Latin)" },
		{ "exampel.com", NULL, "look-alike", "example.co.jp", "edit distance 1" },
		{ "exanple.net", NULL, "look-alike", "example.co.jp", "edit distance 1" },
		/* another registrant under the same two-label suffix: kept out of edit distance */
		{ "exmaple.co.jp", NULL, NULL, NULL, NULL },
		{ "example.com", NULL, "look-alike", "example.co.jp", "same name under another suffix" },
		{ "example.tk", NULL, "look-alike", "example.co.jp", "same name under another suffix" },
		{ "example-login.com", NULL, "look-alike", "example.co.jp", "contains the name" },
		{ "secure-example.net", NULL, "look-alike", "example.co.jp", "contains the name" },
		{ "example.co.jp.evil.tk", NULL, "look-alike", "example.co.jp", "embeds the domain" },
		{ "example-co-jp.com", NULL, "look-alike", "example.co.jp",
		    "the domain written with other separators" },
		{ "login.example-co.jp", NULL, "look-alike", "example.co.jp",
		    "the domain written with other separators" },
		{ "evil.example", "www.example.co.jp", "user-info trick", "example.co.jp", NULL },
		{ "evil.example", "news.site.example", "user-info trick", NULL, NULL },
		{ "wikipedia.org", NULL, NULL, NULL, NULL },
		{ "examination.jp", NULL, NULL, NULL, NULL },
		{ "counterexample.com", NULL, NULL, NULL, NULL },
		{ "city-tokyo.tk", NULL, "free top-level domain", NULL, NULL },
	};
	struct domain_rules *r = rules("example.co.jp");

	(void)state;
	judge_all(r, t, sizeof t / sizeof t[0]);
	domain_rules_free(r);
}

static void
short_names_and_their_neighbours(void **state)
{
	static const struct expect t[] = {
		/* the other ministries under go.jp are not look-alikes of mof.go.jp */
		{ "www.mofa.go.jp", NULL, NULL, NULL, NULL },
		{ "www.mod.go.jp", NULL, NULL, NULL, NULL },
		{ "www.moj.go.jp", NULL, NULL, NULL, NULL },
		{ "www.mof.go.jp", NULL, NULL, NULL, NULL },
		{ "mofa.jp", NULL, NULL, NULL, NULL },
		/* name-go-jp.tld for a name of three letters */
		{ "mof-go-jp.com", NULL, "look-alike", "mof.go.jp",
		    "the domain written with other separators" },
		{ "www.mof-go-jp.info", NULL, "look-alike", "mof.go.jp",
		    "the domain written with other separators" },
		{ "login-mof-go-jp.xyz", NULL, "look-alike", "mof.go.jp",
		    "the domain written with other separators" },
		{ "mof.go.jp.evil.example", NULL, "look-alike", "mof.go.jp", "embeds the domain" },
		{ "mof.go.jp-secure.com", NULL, "look-alike", "mof.go.jp", "embeds the domain" },
		{ "m0f.go.jp", NULL, "look-alike", "mof.go.jp", "look-alike characters" },
		{ "mof.jp", NULL, "look-alike", "mof.go.jp", "same name under another suffix" },
		{ "evil.example", "www.mof.go.jp", "user-info trick", "mof.go.jp", NULL },
		/* a host under the ministry with user-info is still the ministry */
		{ "www.mof.go.jp", "www.mof.go.jp", NULL, NULL, NULL },
		{ "mofgojp.com", NULL, NULL, NULL, NULL },
	};
	struct domain_rules *r = rules("mof.go.jp");

	(void)state;
	judge_all(r, t, sizeof t / sizeof t[0]);
	/* a whole-script (Cyrillic) look-alike of an organisation's name */
	domain_rules_free(r);
	r = rules("coop.co.jp");
	{
		static const struct expect w[] = {
			{ "xn--n1aagb.co.jp", NULL, "look-alike", "coop.co.jp",
			    "whole-script look-alike (Cyrillic)" },
			{ "xn--n1aagb.com", NULL, "look-alike", "coop.co.jp",
			    "whole-script look-alike (Cyrillic)" },
		};

		judge_all(r, w, sizeof w / sizeof w[0]);
	}
	/* the same for a name of any length */
	domain_rules_free(r);
	r = rules("city.shinjuku.lg.jp");
	{
		static const struct expect u[] = {
			{ "www.city.shinjuku.lg.jp", NULL, NULL, NULL, NULL },
			{ "city-shinjuku-lg-jp.com", NULL, "look-alike", "city.shinjuku.lg.jp",
			    "the domain written with other separators" },
			{ "city.minato.lg.jp", NULL, NULL, NULL, NULL },
		};

		judge_all(r, u, sizeof u / sizeof u[0]);
	}
	domain_rules_free(r);
}

static void
lookalikes_of_well_known_domains(void **state)
{
	static const struct expect t[] = {
		{ "xn--80a2aar51d.com", NULL, "look-alike", "yahoo.co.jp",
		    "whole-script look-alike (Cyrillic)" },
		/* TR 39 maps Cyrillic palochka to i, not l: no reference, but still letters that look Latin */
		{ "xn--80ak6aa92e.com", NULL, "look-alike", NULL, "Cyrillic letters that look Latin" },
		{ "xn--l-7sba6dbr.com", NULL, "look-alike", "paypal.com",
		    "mixed-script look-alike (Cyrillic+Latin)" },
		{ "paypa1.com", NULL, "look-alike", "paypal.com", "look-alike characters" },
		{ "xn--ggle-55da.com", NULL, "look-alike", "google.com",
		    "mixed-script look-alike (Cyrillic+Latin)" },
		{ "amazon-co-jp.xyz", NULL, "look-alike", "amazon.co.jp",
		    "the domain written with other separators" },
		{ "www.amazon.co.jp.account-verify.example", NULL, "look-alike", "amazon.co.jp",
		    "embeds the domain" },
		{ "xn--pypal-4ve.com.evil.tk", NULL, "look-alike", "paypal.com",
		    "embeds a look-alike of the domain" },
		{ "paypa1-com.evil.tk", NULL, "look-alike", "paypal.com",
		    "a look-alike of the domain written with other separators" },
		{ "login.rnicrosoft.com.example", NULL, "look-alike", "microsoft.com",
		    "embeds a look-alike of the domain" },
		{ "smbc.co.jp", NULL, NULL, NULL, NULL },
		{ "www.google.co.jp", NULL, NULL, NULL, NULL },
		{ "amazon.de", NULL, NULL, NULL, NULL },
		{ "goggle.com", NULL, NULL, NULL, NULL }, /* edit distance is for the organisation's names only */
		/* look-alikes with no reference: mixed scripts, Cyrillic spelling a Latin word */
		{ "xn--bnk-login-0yh.com", NULL, "look-alike", NULL,
		    "mixes scripts in one label (Cyrillic+Latin)" },
		{ "xn--n1aahb.com", NULL, "look-alike", NULL, "Cyrillic letters that look Latin" },
		/* Japanese names mix Han, Hiragana and Katakana legitimately */
		{ "xn--wgv71a119e.jp", NULL, NULL, NULL, NULL },
		{ "xn--eckwd4c7c.xn--zckzah", NULL, NULL, NULL, NULL },
		{ "xn--p1ai.xn--p1ai", NULL, NULL, NULL, NULL },
	};
	struct domain_rules *r = rules("example.co.jp");

	(void)state;
	judge_all(r, t, sizeof t / sizeof t[0]);
	assert_string_equal(domain_rules_known(r, "www.smbc.co.jp"), "smbc.co.jp");
	assert_null(domain_rules_known(r, "example.co.jp"));
	domain_rules_free(r);
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

static void
missing_list(void **state)
{
	char err[256] = "";

	(void)state;
	assert_null(domain_rules_new(NULL, NULL, NULL, "/nonexistent/psl.dat", err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/psl.dat"));
	/* a file that is not a list at all is refused, not taken as an empty one */
	assert_null(domain_rules_new(NULL, NULL, NULL, "/etc/passwd", err, sizeof err));
	assert_non_null(strstr(err, "not a Public Suffix List"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hosts_from_urls),
		cmocka_unit_test(registrable_from_the_psl),
		cmocka_unit_test(idna),
		cmocka_unit_test(edit_distance),
		cmocka_unit_test(lookalikes_of_a_company),
		cmocka_unit_test(short_names_and_their_neighbours),
		cmocka_unit_test(lookalikes_of_well_known_domains),
		cmocka_unit_test(free_tlds),
		cmocka_unit_test(missing_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
