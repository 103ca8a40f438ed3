/*
 * test_new_software.c: the new-software check's parsers of dpkg.log, apt's
 * history.log and extended_states, the linking of packages to apt runs, and
 * the matching of file names against the table of known tools.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../checks/new_software.h"

static void
parse_all(struct new_software_facts *f, const char *dpkg, const char *hist, const char *ext)
{
	if (dpkg != NULL)
		new_software_parse_dpkg_log(f, "/var/log/dpkg.log", dpkg, strlen(dpkg));
	if (hist != NULL)
		new_software_parse_history(f, "/var/log/apt/history.log", hist, strlen(hist));
	new_software_link_history(f);
	if (ext != NULL)
		new_software_parse_extended_states(f, ext, strlen(ext));
}

static const struct ns_pkg *
pkg(const struct new_software_facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->npkgs; i++)
		if (strcmp(f->pkgs[i].name, name) == 0)
			return &f->pkgs[i];
	fail_msg("no package %s", name);
	return NULL;
}

/* Events before the period are left out; install, upgrade, remove decided per package. */
static void
test_dpkg_log(void **state)
{
	struct new_software_facts f;
	const char *log = "2026-01-01 00:00:00 install old:amd64 <none> 1\n"
	                  "2026-04-01 10:00:00 install a:amd64 <none> 1\n"
	                  "2026-04-01 10:00:01 upgrade b:all 1 2\n"
	                  "2026-04-01 10:00:02 install c:amd64 <none> 1\n"
	                  "2026-04-02 10:00:02 remove c:amd64 1 <none>\n"
	                  "2026-04-02 10:00:03 status installed a:amd64 1\n"
	                  "2026-04-02 10:00:04 install d <none>\n"
	                  "garbage\n"
	                  "\n";

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	memset(&f, 0, sizeof f);
	f.since = 1772323200; /* 2026-03-01 */
	parse_all(&f, log, NULL, NULL);
	assert_int_equal(f.npkgs, 3);
	assert_true(pkg(&f, "a:amd64")->installed);
	assert_false(pkg(&f, "b:all")->installed);
	assert_string_equal(pkg(&f, "b:all")->to, "2");
	assert_true(pkg(&f, "c:amd64")->removed);
	assert_int_equal(f.nbad, 2);
	assert_string_equal(f.bad, "/var/log/dpkg.log:7: install line without versions");
	assert_int_equal(f.logs[0].events, 4);
	new_software_facts_free(&f);
}

/* history.log: automatic installs are linked to what was asked for in the same run. */
static void
test_history(void **state)
{
	struct new_software_facts f;
	const char *log = "2026-04-01 10:00:00 install foo:amd64 <none> 1\n"
	                  "2026-04-01 10:00:00 install libfoo:amd64 <none> 1\n"
	                  "2026-04-01 10:00:00 install foo-data:all <none> 1\n"
	                  "2026-04-03 10:00:00 install byhand:amd64 <none> 1\n";
	const char *hist =
	    "Start-Date: 2026-04-01  10:00:00\n"
	    "Commandline: apt install foo\n"
	    "Requested-By: alice (1000)\n"
	    "Install: foo:amd64 (1), libfoo:amd64 (1, automatic), foo-data:amd64 (1:2.0-1, automatic)\n"
	    "End-Date: 2026-04-01  10:00:01\n"
	    "\n"
	    "Commandline: no start date\n"
	    "Install: x:amd64 (1)\n";

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	memset(&f, 0, sizeof f);
	f.since = 1772323200;
	parse_all(&f, log, hist, NULL);
	assert_int_equal(f.ntxns, 1);
	assert_int_equal(pkg(&f, "foo:amd64")->automatic, 0);
	assert_int_equal(pkg(&f, "libfoo:amd64")->automatic, 1);
	assert_string_equal(pkg(&f, "libfoo:amd64")->pulled_by, "foo:amd64");
	assert_string_equal(pkg(&f, "foo-data:all")->pulled_by, "foo:amd64");
	assert_string_equal(pkg(&f, "foo:amd64")->requested_by, "alice (1000)");
	assert_int_equal(pkg(&f, "foo:amd64")->via_apt, 1);
	assert_int_equal(pkg(&f, "byhand:amd64")->via_apt, 0);
	assert_int_equal(f.history_nbad, 1);
	assert_string_equal(f.history_bad, "/var/log/apt/history.log:7: stanza without Start-Date");
	new_software_facts_free(&f);
}

/* extended_states marks only what history left unknown; arch "all" matches apt's native arch. */
static void
test_extended_states(void **state)
{
	struct new_software_facts f;
	const char *log = "2026-04-01 10:00:00 install six:all <none> 1\n"
	                  "2026-04-01 10:00:00 install lib:i386 <none> 1\n"
	                  "2026-04-01 10:00:00 install lib:amd64 <none> 1\n";
	const char *ext = "Package: six\nArchitecture: amd64\nAuto-Installed: 1\n\n"
	                  "Package: lib\nArchitecture: i386\nAuto-Installed: 1\n\n"
	                  "Package: lib\nArchitecture: amd64\nAuto-Installed: 0\n";

	(void)state;
	memset(&f, 0, sizeof f);
	parse_all(&f, log, NULL, ext);
	assert_int_equal(pkg(&f, "six:all")->automatic, 1);
	assert_int_equal(pkg(&f, "lib:i386")->automatic, 1);
	assert_int_equal(pkg(&f, "lib:amd64")->automatic, -1);
	assert_string_equal(pkg(&f, "six:all")->auto_source, "extended_states");
	new_software_facts_free(&f);
}

/* A file matches a tool when its name starts with the tool's and goes on with no letter. */
static void
test_tool_names(void **state)
{
	(void)state;
	assert_string_equal(new_software_tool_of_file("rustdesk-1.2.3-x86_64.appimage"), "remote access");
	assert_string_equal(new_software_tool_of_file("chisel_1.9.1_linux_amd64"),
	    "remote access (tunnel)");
	assert_string_equal(new_software_tool_of_file("frpc"), "remote access (tunnel)");
	assert_string_equal(new_software_tool_of_file("qbittorrent-nox"), "P2P file sharing");
	assert_string_equal(new_software_tool_of_file("teamviewerd"), "remote access");
	assert_null(new_software_tool_of_file("chiselled"));
	assert_null(new_software_tool_of_file("frp"));
	assert_null(new_software_tool_of_file("notes.txt"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_log),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_extended_states),
		cmocka_unit_test(test_tool_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
