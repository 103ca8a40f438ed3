/*
 * test_debver.c: Debian version ordering, checked against known cases and
 * against the real `dpkg --compare-versions` on generated pairs and on this
 * machine's own installed package versions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../checks/linux/debver.h"
#include "../../util/xalloc.h"

static int
sign(int x)
{
	return x < 0 ? -1 : x > 0;
}

static void
test_known(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{ "1.0", "1.0", 0 },
		{ "1.0", "1.1", -1 },
		{ "1.0~rc1", "1.0", -1 },
		{ "1.0~~", "1.0~", -1 },
		{ "1.0", "1.0+b1", -1 },
		{ "1:0.1", "2.0", 1 },
		{ "0:1.0", "1.0", 0 },
		{ "1.0-1", "1.0-1.1", -1 },
		{ "1.0a", "1.0", 1 },
		{ "1.0a", "1.0+", -1 },
		{ "1.001", "1.1", 0 },
		{ "2.36-9+deb12u10", "2.36-9+deb12u9", 1 },
		{ "1.2.3-1~bpo12+1", "1.2.3-1", -1 },
		{ "7.88.1-10+deb12u15", "7.88.1-10+deb12u14", 1 },
		{ "20250419~deb12u2", "20230311+deb12u1", 1 },
		{ "1.0-", "1.0", 0 },
		{ "a", "b", -1 },
		{ "10", "9", 1 },
		{ "1.0.0", "1.0", 1 },
		{ "1:1.0-1", "1:1.0-1", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = sign(debver_cmp(cases[i].a, cases[i].b));

		if (got != cases[i].want)
			fail_msg("%s vs %s: got %d, want %d", cases[i].a, cases[i].b, got, cases[i].want);
		assert_int_equal(sign(debver_cmp(cases[i].b, cases[i].a)), -cases[i].want);
	}
	assert_true(debver_valid("1:2.3-4"));
	assert_true(debver_valid("20250419~deb12u2"));
	assert_false(debver_valid("a1.0"));
	assert_false(debver_valid("1.0-"));
	assert_false(debver_valid("x:1.0"));
	assert_false(debver_valid(""));
	assert_false(debver_valid("1.0 2"));
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Appends a random run of version characters. */
static void
gen_part(char *buf, size_t len, int first_digit)
{
	static const char alpha[] = "abcxyzABZ~~+..";
	size_t n = strlen(buf);
	unsigned runs = 1 + rnd(4), r;

	for (r = 0; r < runs && n + 8 < len; r++) {
		unsigned k = 1 + rnd(3), i;
		int digits = (r == 0 && first_digit) || rnd(2);

		for (i = 0; i < k && n + 2 < len; i++)
			buf[n++] = digits ?
			    (char)('0' + (r == 0 && i == 0 && first_digit ? 1 + rnd(9) : rnd(10))) :
			    alpha[rnd(sizeof alpha - 1)];
	}
	buf[n] = '\0';
}

/* A random valid version with epochs, tildes, letters, digits and revisions. */
static void
gen_version(char *buf, size_t len)
{
	buf[0] = '\0';
	if (rnd(4) == 0)
		snprintf(buf, len, "%u:", rnd(3));
	gen_part(buf, len, 1);
	if (rnd(3) != 0) {
		size_t n = strlen(buf);

		buf[n] = '-';
		buf[n + 1] = '\0';
		gen_part(buf, len, rnd(2));
		if (buf[strlen(buf) - 1] == '-')
			strcat(buf, "1");
	}
}

/* A version close to v: one character changed, or a suffix added. */
static void
mutate(const char *v, char *out, size_t len)
{
	static const char *const sfx[] = { "~", "~1", "+b1", ".0", "a", "0", "-1", "~~" };
	size_t n = strlen(v);

	snprintf(out, len, "%s", v);
	switch (rnd(3)) {
	case 0:
		if (strchr(v, '-') == NULL || strcmp(sfx[rnd(8)], "-1") != 0)
			snprintf(out, len, "%s%s", v, sfx[rnd(7)]);
		break;
	case 1: {
		size_t i = rnd((unsigned)n);

		if (out[i] >= '0' && out[i] <= '9')
			out[i] = (char)('0' + rnd(10));
		if (i == 0 && out[0] == '0')
			out[0] = '1';
		break;
	}
	default: break;
	}
	if (!debver_valid(out))
		snprintf(out, len, "%s", v);
}

/* Runs dpkg over "a b" lines in path; fills res with -1/0/1. Returns pairs read. */
static size_t
dpkg_compare_file(const char *path, int *res, size_t max)
{
	char *cmd = xasprintf(
	    "while read a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then "
	    "echo -1; elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo 0; else echo 1; fi; "
	    "done < '%s' 2>/dev/null",
	    path);
	FILE *fp = popen(cmd, "r");
	size_t n = 0;
	int v;

	free(cmd);
	assert_non_null(fp);
	while (n < max && fscanf(fp, "%d", &v) == 1)
		res[n++] = v;
	pclose(fp);
	return n;
}

/* Compares our ordering with dpkg's on pairs (a[i], b[i]). */
static void
compare_with_dpkg(char **a, char **b, size_t n)
{
	char path[] = "/tmp/reentry-debver.XXXXXX";
	int fd = mkstemp(path), *res = xcalloc(n, sizeof *res);
	FILE *fp;
	size_t i, got, bad = 0;

	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	for (i = 0; i < n; i++)
		fprintf(fp, "%s %s\n", a[i], b[i]);
	fclose(fp);
	got = dpkg_compare_file(path, res, n);
	unlink(path);
	assert_int_equal(got, n);
	for (i = 0; i < n; i++)
		if (sign(debver_cmp(a[i], b[i])) != res[i]) {
			print_error("disagree: %s vs %s: ours %d, dpkg %d\n", a[i], b[i],
			    sign(debver_cmp(a[i], b[i])), res[i]);
			bad++;
		}
	free(res);
	assert_int_equal(bad, 0);
}

static void
test_generated_vs_dpkg(void **state)
{
	enum { N = 1000 };
	char **a = xcalloc(N, sizeof *a), **b = xcalloc(N, sizeof *b), buf[128], buf2[128];
	size_t i, eq = 0, lt = 0;

	(void)state;
	if (system("dpkg --version >/dev/null 2>&1") != 0)
		skip();
	for (i = 0; i < N; i++) {
		gen_version(buf, sizeof buf);
		if (i % 2 == 0)
			mutate(buf, buf2, sizeof buf2);
		else
			gen_version(buf2, sizeof buf2);
		a[i] = xstrdup(buf);
		b[i] = xstrdup(buf2);
		eq += debver_cmp(buf, buf2) == 0;
		lt += debver_cmp(buf, buf2) < 0;
	}
	/* the generator exercises every outcome */
	assert_true(eq > 10 && lt > 100 && N - eq - lt > 100);
	compare_with_dpkg(a, b, N);
	for (i = 0; i < N; i++) {
		free(a[i]);
		free(b[i]);
	}
	free(a);
	free(b);
}

static int
cmp_ver(const void *x, const void *y)
{
	return debver_cmp(*(char *const *)x, *(char *const *)y);
}

/* This machine's installed versions, sorted by us; dpkg agrees pair by pair. */
static void
test_machine_versions_vs_dpkg(void **state)
{
	FILE *fp = popen("dpkg-query -W -f='${Version}\\n' 2>/dev/null | sort -u", "r");
	char line[256], **v = NULL, **a, **b;
	size_t n = 0, i, m = 0;

	(void)state;
	if (fp == NULL)
		skip();
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (*line == '\0')
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xstrdup(line);
	}
	pclose(fp);
	if (n < 10)
		skip();
	qsort(v, n, sizeof *v, cmp_ver);
	a = xcalloc(2 * n, sizeof *a);
	b = xcalloc(2 * n, sizeof *b);
	/* neighbours in our order, and random pairs */
	for (i = 0; i + 1 < n; i++) {
		a[m] = v[i];
		b[m++] = v[i + 1];
	}
	for (i = 0; i < n / 3; i++) {
		a[m] = v[rnd((unsigned)n)];
		b[m++] = v[rnd((unsigned)n)];
	}
	compare_with_dpkg(a, b, m);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_generated_vs_dpkg),
		cmocka_unit_test(test_machine_versions_vs_dpkg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
