/*
 * test_dl.c: the libraries opened on first use (util/dlib.h): each loader
 * (libclamav, libarchive, ICU, libpq) resolves every symbol its table
 * lists, its list covers every member of its table, and the functions it
 * found are the library's (each answers a harmless call); the same table
 * comes back to threads that ask at once; a library that does not exist,
 * or lacks a function, gives an error in English and Japanese naming it,
 * leaves the table untouched and nothing open. What the callers do when a
 * library is missing is test_dl_missing.c.
 */
#include "testutil.h"

#include <dlfcn.h>
#include <pthread.h>

#include "../../checks/icu_dl.h"
#include "../../fleet/pq_dl.h"
#include "../../scan/archive_dl.h"
#include "../../scan/clamav_dl.h"

#define MISSING "libreentry-no-such-library.so.0"

/*
 * Every symbol's pointer in table is set, no two symbols share a member,
 * and the symbols cover size bytes of pointers (each member of the table).
 */
static void
all_resolved(const void *table, size_t size, const struct dlib_sym *syms, size_t n)
{
	size_t i, j;

	assert_int_equal(size % sizeof(void (*)(void)), 0);
	for (i = 0; i < n; i++) {
		void *p;

		assert_true(syms[i].offset + sizeof p <= size);
		memcpy(&p, (const char *)table + syms[i].offset, sizeof p);
		if (p == NULL)
			fail_msg("%s was not resolved", syms[i].name);
		for (j = 0; j < i; j++)
			if (syms[j].offset == syms[i].offset)
				fail_msg("%s and %s fill the same member", syms[j].name, syms[i].name);
	}
	if (n * sizeof(void (*)(void)) != size)
		fail_msg("%zu symbols listed for a table of %zu pointers", n, size / sizeof(void *));
}

/* Every member of table (size bytes) is still NULL. */
static void
untouched(const void *table, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		assert_int_equal(((const unsigned char *)table)[i], 0);
}

/* err and ja name the library and say, in each language, that it cannot be loaded. */
static void
names_library(const char *err, const char *ja, const char *soname)
{
	assert_non_null(strstr(err, "cannot load"));
	assert_non_null(strstr(err, soname));
	assert_non_null(strstr(ja, "読み込めません"));
	assert_non_null(strstr(ja, soname));
}

static void
test_clamav(void **state)
{
	const struct clamav_dl *t;
	const struct dlib_sym *syms;
	char err[768] = "", ja[768] = "";
	size_t n;

	(void)state;
	t = clamav_dl(err, sizeof err, ja, sizeof ja);
	if (t == NULL)
		fail_msg("%s", err);
	syms = clamav_dl_symbols(&n);
	all_resolved(t, sizeof *t, syms, n);
	assert_non_null(strstr(syms[0].name, "cl_"));
	/* the library's own functions: its version, its message for success */
	assert_true(t->cl_retver() != NULL && t->cl_retver()[0] >= '0' && t->cl_retver()[0] <= '9');
	assert_string_equal(t->cl_strerror(CL_SUCCESS), "No viruses detected");
	/* once loaded, the same table, whatever the caller passes */
	assert_ptr_equal(clamav_dl(NULL, 0, NULL, 0), t);
}

static void
test_archive(void **state)
{
	const struct archive_dl *t;
	const struct dlib_sym *syms;
	struct archive *a;
	char err[768] = "", text[256];
	size_t n;

	(void)state;
	if ((t = archive_dl(err, sizeof err, NULL, 0)) == NULL)
		fail_msg("%s", err);
	syms = archive_dl_symbols(&n);
	all_resolved(t, sizeof *t, syms, n);
	a = t->archive_read_new();
	assert_non_null(a);
	assert_int_equal(t->archive_read_support_format_zip(a), ARCHIVE_OK);
	/* text is no zip: no member, and libarchive says why */
	memset(text, 'x', sizeof text);
	if (t->archive_read_open_memory(a, text, sizeof text) == ARCHIVE_OK) {
		struct archive_entry *e;

		assert_int_equal(t->archive_read_next_header(a, &e), ARCHIVE_FATAL);
	}
	assert_non_null(t->archive_error_string(a));
	assert_int_equal(t->archive_read_free(a), ARCHIVE_OK);
}

static void
test_icu(void **state)
{
	const struct icu_dl *t;
	const struct dlib_sym *uc, *i18n;
	struct icu_dl both;
	char err[768] = "";
	size_t nuc, ni18n;
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc;

	(void)state;
	if ((t = icu_dl(err, sizeof err, NULL, 0)) == NULL)
		fail_msg("%s", err);
	uc = icu_dl_symbols_uc(&nuc);
	i18n = icu_dl_symbols_i18n(&ni18n);
	/* the two lists together fill the table: check them as one */
	{
		struct dlib_sym all[64];

		assert_true(nuc + ni18n <= sizeof all / sizeof all[0]);
		memcpy(all, uc, nuc * sizeof *uc);
		memcpy(all + nuc, i18n, ni18n * sizeof *i18n);
		all_resolved(t, sizeof *t, all, nuc + ni18n);
	}
	/* names carry ICU's version suffix, as the library exports them */
	assert_non_null(strstr(uc[0].name, "u_errorName_"));
	assert_string_equal(t->u_errorName(U_ZERO_ERROR), "U_ZERO_ERROR");
	sc = t->uspoof_open(&st);
	assert_true(U_SUCCESS(st));
	t->uspoof_close(sc);
	assert_string_equal(t->uscript_getName(t->uscript_getScript(0x3042, &st)), "Hiragana");

	/* a missing libicui18n after a good libicuuc leaves neither open */
	{
		void *huc = (void *)1, *hi18n = (void *)1;
		char ja[768] = "";

		memset(&both, 0, sizeof both);
		assert_int_equal(icu_dl_open(REENTRY_SONAME_ICUUC, MISSING, &both, &huc, &hi18n,
		                     err, sizeof err, ja, sizeof ja),
		    -1);
		assert_null(huc);
		assert_null(hi18n);
		names_library(err, ja, MISSING);
	}
}

static void
test_pq(void **state)
{
	const struct pq_dl *t;
	const struct dlib_sym *syms;
	PQconninfoOption *o, *p;
	char err[768] = "", *perr = NULL;
	size_t n;
	int found = 0;

	(void)state;
	if ((t = pq_dl(err, sizeof err, NULL, 0)) == NULL)
		fail_msg("%s", err);
	syms = pq_dl_symbols(&n);
	all_resolved(t, sizeof *t, syms, n);
	o = t->PQconninfoParse("host=db.example dbname=fleet", &perr);
	assert_non_null(o);
	for (p = o; p->keyword != NULL; p++)
		if (strcmp(p->keyword, "dbname") == 0 && p->val != NULL && strcmp(p->val, "fleet") == 0)
			found = 1;
	assert_true(found);
	t->PQconninfoFree(o);
}

/* A library that does not exist: -1, the reason in both languages, nothing open, the table untouched. */
static void
test_missing_library(void **state)
{
	struct clamav_dl c;
	struct archive_dl a;
	struct pq_dl q;
	struct icu_dl i;
	void *h, *h2;
	char err[768], ja[768];

	(void)state;
	memset(&c, 0, sizeof c);
	h = (void *)1;
	assert_int_equal(clamav_dl_open(MISSING, &c, &h, err, sizeof err, ja, sizeof ja), -1);
	assert_null(h);
	untouched(&c, sizeof c);
	names_library(err, ja, MISSING);
	/* what it was needed for, and the package that provides the real one */
	assert_non_null(strstr(err, "scanning for malware"));
	assert_non_null(strstr(ja, "マルウェアのスキャン"));
	if (REENTRY_PACKAGE_CLAMAV[0] != '\0') {
		assert_non_null(strstr(err, "install the package " REENTRY_PACKAGE_CLAMAV));
		assert_non_null(strstr(ja, REENTRY_PACKAGE_CLAMAV));
	}

	memset(&a, 0, sizeof a);
	assert_int_equal(archive_dl_open(MISSING, &a, &h, err, sizeof err, ja, sizeof ja), -1);
	assert_null(h);
	untouched(&a, sizeof a);
	names_library(err, ja, MISSING);

	memset(&q, 0, sizeof q);
	assert_int_equal(pq_dl_open(MISSING, &q, &h, err, sizeof err, ja, sizeof ja), -1);
	assert_null(h);
	untouched(&q, sizeof q);
	names_library(err, ja, MISSING);
	assert_non_null(strstr(err, "PostgreSQL"));

	memset(&i, 0, sizeof i);
	assert_int_equal(
	    icu_dl_open(MISSING, REENTRY_SONAME_ICUI18N, &i, &h, &h2, err, sizeof err, ja, sizeof ja),
	    -1);
	assert_null(h);
	assert_null(h2);
	untouched(&i, sizeof i);
	names_library(err, ja, MISSING);

	/* NULL buffers are allowed */
	assert_int_equal(clamav_dl_open(MISSING, &c, &h, NULL, 0, NULL, 0), -1);
}

/* A library that lacks one of the functions: -1 naming it, table untouched, the library closed again. */
static void
test_missing_symbol(void **state)
{
	struct two {
		__typeof__(cl_retver) *cl_retver;
		__typeof__(cl_retver) *cl_gone;
	} t;
	static const struct dlib_sym syms[] = {
		{ "cl_retver", offsetof(struct two, cl_retver) },
		{ "cl_reentry_no_such_function", offsetof(struct two, cl_gone) },
	};
	void *h = (void *)1;
	char err[768], ja[768];

	(void)state;
	memset(&t, 0, sizeof t);
	assert_int_equal(dlib_open(REENTRY_SONAME_CLAMAV, "", "a test", "テスト", syms, 2, &t, &h,
	                     err, sizeof err, ja, sizeof ja),
	    -1);
	assert_null(h);
	untouched(&t, sizeof t);
	names_library(err, ja, REENTRY_SONAME_CLAMAV);
	assert_non_null(strstr(err, "cl_reentry_no_such_function"));
	assert_non_null(strstr(ja, "cl_reentry_no_such_function"));
	/* without a package name, no "install" advice */
	assert_null(strstr(err, "install"));

	/* both present: filled */
	assert_int_equal(dlib_open(REENTRY_SONAME_CLAMAV, "", "a test", "テスト", syms, 1, &t, &h,
	                     err, sizeof err, ja, sizeof ja),
	    0);
	assert_non_null(h);
	assert_non_null(t.cl_retver);
	assert_null(t.cl_gone);
	dlclose(h);
}

/* Threads asking at once all get the one table (pthread_once). */
static void *
ask_pq(void *arg)
{
	*(const struct pq_dl **)arg = pq_dl(NULL, 0, NULL, 0);
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t th[8];
	const struct pq_dl *got[8];
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, ask_pq, &got[i]), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (i = 0; i < 8; i++) {
		assert_non_null(got[i]);
		assert_ptr_equal(got[i], got[0]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_clamav),
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_icu),
		cmocka_unit_test(test_pq),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
