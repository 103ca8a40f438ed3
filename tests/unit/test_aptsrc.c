/*
 * test_aptsrc.c: apt's configuration text (checks/linux/aptsrc.h): list file
 * names as apt's URItoFileName makes them (the CLI test also checks them
 * against `apt-get indextargets`), one-line and deb822 sources, and apt.conf
 * scopes, lists, #clear, comments and syntax errors with their line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../checks/linux/aptsrc.h"

static void
test_filename(void **state)
{
	static const struct {
		const char *uri, *path, *want;
	} cases[] = {
		{ "http://deb.debian.org/debian/", "dists/bookworm/main/binary-amd64/Packages",
		    "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages" },
		{ "http://127.0.0.1:8765/", "dists/s/", "127.0.0.1:8765_dists_s_" },
		{ "https://user:pw@mirror.example/x~y/", "dists/a_b/", "mirror.example_x%7ey_dists_a%5fb_" },
		{ "file:/srv/repo/", "./Packages", "_srv_repo_._Packages" },
		{ "tor+http://h/p/", "", "h_p_" },
		{ "http://security.debian.org/", "dists/buster/updates/",
		    "security.debian.org_dists_buster_updates_" },
		/* as apt-get indextargets names them */
		{ "cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1]/",
		    "dists/bookworm/main/binary-amd64/Packages",
		    "Debian%20GNU_Linux%2012.5.0%20%5fBookworm%5f%20-%20Official%20amd64%20DVD%20Binary-1_dists_"
		    "bookworm_main_binary-amd64_Packages" },
		{ "http://[::1]:8080/debian/", "dists/s/", "::1:8080_debian_dists_s_" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = aptsrc_filename(cases[i].uri, cases[i].path);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void
test_one_line(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "deb [ arch=amd64,i386 arch-=i386 trusted=yes ] http://a.example/debian bookworm main contrib # tail\n"
	    "deb-src http://a.example/debian bookworm main\n"
	    "deb http://b.example/flat ./\n"
	    "deb http://c.example/x stable\n"
	    "rpm http://d.example/ x y\n"
	    "deb [arch=amd64 http://e.example/ s main\n"
	    "deb cdrom:[Debian GNU/Linux 12]/ bookworm main\n";
	struct aptsrc s = { 0 };

	(void)state;
	aptsrc_parse_list(&s, "/etc/apt/sources.list", text, sizeof text - 1);
	assert_int_equal(s.n, 3);
	/* brackets inside a URI are part of it, not options */
	assert_string_equal(s.e[2].uri, "cdrom:[Debian GNU/Linux 12]/");
	assert_string_equal(s.e[0].where, "/etc/apt/sources.list:2");
	assert_string_equal(s.e[0].uri, "http://a.example/debian/");
	assert_string_equal(s.e[0].suite, "bookworm");
	assert_string_equal(s.e[0].comps[1], "contrib");
	assert_null(s.e[0].comps[2]);
	assert_string_equal(s.e[0].arches[1], "i386");
	assert_string_equal(s.e[0].arches_rm[0], "i386");
	assert_string_equal(s.e[1].suite, "./");
	assert_null(s.e[1].comps[0]);
	assert_non_null(s.notes);
	assert_non_null(strstr(s.notes[0], "sources.list:5: a suite without components"));
	assert_non_null(strstr(s.notes[1], "sources.list:6: not a deb"));
	assert_non_null(strstr(s.notes[2], "sources.list:7: '[' without ']'"));
	aptsrc_free(&s);
}

static void
test_deb822(void **state)
{
	static const char text[] =
	    "Types: deb deb-src\n"
	    "# between fields\n"
	    "URIs: http://a.example/debian\n"
	    " http://b.example/debian\n"
	    "Suites: stable stable-updates\n"
	    "Components: main\n"
	    "\n"
	    "Types: deb\n"
	    "URIs: http://off.example/\n"
	    "Suites: stable\n"
	    "Components: main\n"
	    "Enabled: no\n"
	    "\n"
	    "Types: deb-src\n"
	    "URIs: http://src.example/\n"
	    "Suites: stable\n"
	    "Components: main\n"
	    "\n"
	    "Types: deb\n"
	    "Suites: stable\n";
	struct aptsrc s = { 0 };

	(void)state;
	aptsrc_parse_deb822(&s, "x.sources", text, sizeof text - 1);
	assert_int_equal(s.n, 4); /* two URIs (one on a continuation line) by two suites */
	assert_string_equal(s.e[0].uri, "http://a.example/debian/");
	assert_string_equal(s.e[1].suite, "stable-updates");
	assert_string_equal(s.e[2].uri, "http://b.example/debian/");
	assert_string_equal(s.e[0].where, "x.sources:1");
	assert_non_null(s.notes);
	assert_non_null(strstr(s.notes[0], "x.sources:19: a stanza without Types, URIs or Suites"));
	aptsrc_free(&s);
}

static void
test_aptconf(void **state)
{
	static const char text[] =
	    "// comment\n"
	    "# comment\n"
	    "/* a block\n comment */\n"
	    "APT {\n"
	    "  Default-Release \"testing\";\n"
	    "  Get::Always-Include-Phased-Updates \"yes\";\n"
	    "  Architectures { \"amd64\"; \"i386\"; };\n"
	    "};\n"
	    "apt::default-release \"stable\";\n"
	    "Foo::Bar 1;\n"
	    "Gone::Away \"x\";\n"
	    "#clear Gone\n";
	struct aptconf c = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(aptconf_parse(&c, "a.conf", text, sizeof text - 1, err, sizeof err), 0);
	assert_string_equal(aptconf_get(&c, "APT::Default-Release"), "stable");
	assert_int_equal(aptconf_bool(&c, "APT::Get::Always-Include-Phased-Updates", 0), 1);
	assert_int_equal(aptconf_bool(&c, "Foo::Bar", 0), 1);
	assert_int_equal(aptconf_bool(&c, "No::Such", 7), 7);
	assert_null(aptconf_get(&c, "Gone::Away"));
	aptconf_free(&c);

	assert_int_equal(aptconf_parse(&c, "b.conf", "A \"x\"\nB \"y\";\n", 13, err, sizeof err), -1);
	assert_non_null(strstr(err, "b.conf:2: syntax error: more than one value"));
	aptconf_free(&c);
	assert_int_equal(aptconf_parse(&c, "c.conf", "A {\n B \"y\";\n", 12, err, sizeof err), -1);
	assert_non_null(strstr(err, "c.conf:3: syntax error: '{' not closed"));
	aptconf_free(&c);
	assert_int_equal(aptconf_parse(&c, "d.conf", "A \"unterminated;\n", 17, err, sizeof err), -1);
	assert_non_null(strstr(err, "d.conf:"));
	aptconf_free(&c);
	assert_int_equal(aptconf_parse(&c, "e.conf", "};\n", 3, err, sizeof err), -1);
	assert_non_null(strstr(err, "e.conf:1: syntax error: '}' without '{'"));
	aptconf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_deb822),
		cmocka_unit_test(test_aptconf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
