/*
 * test_config.c: loading and validating the site configuration.
 */
#include "testutil.h"

#include "../../checks/check.h"
#include "../../config/config.h"

/* Writes text to a temp file and loads it. */
static struct config *
load_text(const char *text, struct diags *d, char **dirp)
{
	char *dir = test_tmpdir(), *p = xasprintf("%s/config.yaml", dir);
	struct config *c;

	test_write(p, text, strlen(text));
	c = config_load(p, check_config_params, d);
	free(p);
	*dirp = dir;
	return c;
}

static void
test_full(void **state)
{
	const char *text =
	    "telework_start: 2026-04-01\n"
	    "report_dir: /srv/reports\n"
	    "signing_key: /etc/reentry/key\n"
	    "software:\n"
	    "  allow: [\"libreoffice*\", firefox-esr]\n"
	    "  deny: anydesk\n"
	    "org_domains: [example.co.jp, example.com]\n"
	    "clamav: {database: /srv/clamav, max_signature_age_days: 5}\n"
	    "scan: {max_file_size_mb: 50, jobs: 2}\n"
	    "apt: {max_list_age_days: 2}\n"
	    "kiosk: {idle_timeout_s: 60}\n";
	struct diags d = DIAGS_INIT;
	char *dir;
	struct config *c = load_text(text, &d, &dir);

	(void)state;
	if (c == NULL)
		diags_print(&d, stderr);
	assert_non_null(c);
	assert_int_equal(c->telework_start, 1775001600LL); /* 2026-04-01T00:00:00Z */
	assert_string_equal(c->report_dir, "/srv/reports");
	assert_string_equal(c->software_allow[0], "libreoffice*");
	assert_string_equal(c->software_allow[1], "firefox-esr");
	assert_null(c->software_allow[2]);
	assert_string_equal(c->software_deny[0], "anydesk");
	assert_string_equal(c->org_domains[1], "example.com");
	assert_string_equal(c->clamav_database, "/srv/clamav");
	assert_int_equal(c->max_signature_age_days, 5);
	assert_int_equal(c->scan_max_filesize, 50LL << 20);
	assert_int_equal(c->scan_max_scansize, 400LL << 20); /* default kept */
	assert_int_equal(c->scan_jobs, 2);
	assert_int_equal(c->max_list_age_days, 2);
	assert_int_equal(c->kiosk_idle_timeout, 60);
	{
		char *r = config_report_dir(c);

		assert_string_equal(r, "/srv/reports");
		free(r);
	}
	config_free(c);
	test_rmtree(dir);
	free(dir);
}

struct bad {
	const char *text;
	int line, col;
	const char *msg;
};

static const struct bad bads[] = {
	{ "colour: red\n", 1, 1, "unknown key 'colour' in the configuration" },
	{ "telework_start: yesterday\n", 1, 17, "telework_start must be a date" },
	{ "clamav:\n  max_signature_age_days: -1\n", 2, 27, "must be between 0 and 3650" },
	{ "clamav:\n  max_signature_age_days: three\n", 2, 27, "must be a whole number" },
	{ "software: [a, b]\n", 1, 11, "software must be a mapping, not a sequence" },
	{ "software:\n  allow: {a: b}\n", 2, 10, "allow must be a sequence" },
	{ "scan: {jobs: 2, turbo: yes}\n", 1, 17, "unknown key 'turbo' in scan" },
	{ "checks:\n  no-such-check: {}\n", 2, 3, "unknown check 'no-such-check'" },
	{ "- a\n", 1, 1, "the configuration must be a mapping" },
	{ "report_dir: ''\n", 1, 13, "report_dir must not be empty" },
	{ "cms: {certificate: a}\n", 1, 6, "missing required key 'key' in cms" },
};

static void
test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		struct diags d = DIAGS_INIT;
		char *dir;
		struct config *c = load_text(bads[i].text, &d, &dir);

		if (c != NULL || d.n == 0)
			fail_msg("case %zu loaded", i);
		if (d.v[0].line != bads[i].line || d.v[0].col != bads[i].col ||
		    strstr(d.v[0].msg, bads[i].msg) == NULL) {
			char *got = diag_format(&d.v[0]);

			fail_msg("case %zu: wanted %d:%d '%s', got '%s'", i, bads[i].line,
			    bads[i].col, bads[i].msg, got);
		}
		diags_clear(&d);
		test_rmtree(dir);
		free(dir);
	}
}

static void
test_missing_and_defaults(void **state)
{
	struct diags d = DIAGS_INIT;
	struct config *c;
	char *s;

	(void)state;
	/* a named file that does not exist is an error */
	assert_null(config_load("/nonexistent/reentry.yaml", check_config_params, &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "/nonexistent/reentry.yaml");
	diags_clear(&d);
	c = config_defaults();
	assert_int_equal(c->max_signature_age_days, 3);
	assert_null(config_check_params(c, "os-updates"));
	setenv("XDG_STATE_HOME", "/tmp/xdg-state", 1);
	s = config_state_dir(c, 0);
	if (geteuid() != 0)
		assert_string_equal(s, "/tmp/xdg-state/reentry");
	free(s);
	s = config_state_dir(c, 1);
	assert_string_equal(s, "/var/lib/reentry/state");
	free(s);
	unsetenv("XDG_STATE_HOME");
	config_free(c);
	config_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_missing_and_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
