/*
 * test_passhash.c: the kiosk administrator passphrase hash (util/passhash.h):
 * a hash made checks against its passphrase and no other, and every
 * malformed hash is refused as malformed, never as a match.
 */
#include "testutil.h"

#include "../../util/passhash.h"

#define ITER 1000 /* the fewest allowed: keeps the test fast */

static void
test_round_trip(void **state)
{
	char *h, *h2;

	(void)state;
	h = passhash_make("correct horse battery", ITER);
	assert_non_null(h);
	assert_true(strncmp(h, "pbkdf2-sha256$1000$", 19) == 0);
	assert_int_equal(strlen(h), 19 + 32 + 1 + 64);
	assert_int_equal(passhash_check(h, "correct horse battery"), 1);
	assert_int_equal(passhash_check(h, NULL), 0); /* well-formed */
	/* a fresh salt each time */
	h2 = passhash_make("correct horse battery", ITER);
	assert_non_null(h2);
	assert_string_not_equal(h, h2);
	assert_int_equal(passhash_check(h2, "correct horse battery"), 1);
	free(h2);
	/* any language */
	h2 = passhash_make("管理者のパスフレーズ", ITER);
	assert_int_equal(passhash_check(h2, "管理者のパスフレーズ"), 1);
	assert_int_equal(passhash_check(h2, "管理者のパスフレーX"), 0);
	free(h2);
	free(h);
}

static void
test_wrong_passphrase(void **state)
{
	char *h = passhash_make("correct horse battery", ITER);

	(void)state;
	assert_non_null(h);
	assert_int_equal(passhash_check(h, "correct horse batterx"), 0);
	assert_int_equal(passhash_check(h, "correct horse battery "), 0);
	assert_int_equal(passhash_check(h, "Correct horse battery"), 0);
	assert_int_equal(passhash_check(h, ""), 0);
	free(h);
}

static void
test_iterations_bounds(void **state)
{
	(void)state;
	assert_null(passhash_make("correct horse battery", 999));
	assert_null(passhash_make("correct horse battery", 0));
}

static void
test_malformed(void **state)
{
	char *h = passhash_make("correct horse battery", ITER), *bad;
	const char *salt, *hash;
	static const char *const junk[] = {
		"",
		"pbkdf2-sha256",
		"pbkdf2-sha256$",
		"pbkdf2-sha1$1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$999$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$lots$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$-1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$99999999999999999999$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddee$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddee",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00",
		"pbkdf2-sha256$1000$0011223344556677889gaabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeefz",
		"pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
	};
	size_t i;

	(void)state;
	assert_int_equal(passhash_check(NULL, "correct horse battery"), -1);
	assert_int_equal(passhash_check(NULL, NULL), -1);
	for (i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		if (passhash_check(junk[i], "correct horse battery") != -1 ||
		    passhash_check(junk[i], NULL) != -1)
			fail_msg("accepted malformed hash %zu: %s", i, junk[i]);
	}
	/* a real hash cut short or with its salt and hash swapped */
	assert_non_null(h);
	bad = xstrndup(h, strlen(h) - 1);
	assert_int_equal(passhash_check(bad, "correct horse battery"), -1);
	free(bad);
	salt = strchr(h + 14, '$') + 1;
	hash = strchr(salt, '$') + 1;
	bad = xasprintf("pbkdf2-sha256$1000$%s$%.*s", hash, (int)(hash - salt - 1), salt);
	assert_int_equal(passhash_check(bad, "correct horse battery"), -1);
	free(bad);
	/* upper-case hex is the same hash */
	bad = xstrdup(h);
	for (char *p = bad + 19; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	assert_int_equal(passhash_check(bad, "correct horse battery"), 1);
	free(bad);
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_wrong_passphrase),
		cmocka_unit_test(test_iterations_bounds),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
