/*
 * test_sshsig.c: keys and SSHSIG signatures through libcrypto: round trips,
 * tampering, base64 edge cases, the private key file format, allowed-signers
 * parsing, and signatures and keys made by OpenSSH's ssh-keygen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../report/report.h"
#include "../../sign/allowed_signers.h"
#include "../../sign/sshbuf.h"
#include "../../sign/sshkey.h"
#include "../../sign/sshsig.h"
#include "../../util/fileio.h"
#include "../../util/xalloc.h"

/* Sign, verify, and fail after any single changed byte of the data. */
static void
test_roundtrip(void **state)
{
	char err[256];
	struct sshkey *k = sshkey_generate(err, sizeof err), *signer = NULL;
	const char data[] = "{\"report\": \"報告\"}\n";
	char *sig, *fp1, *fp2;
	char copy[sizeof data];
	size_t i;

	(void)state;
	assert_non_null(k);
	sig = sshsig_sign(k, REPORT_SIG_NAMESPACE, data, sizeof data - 1, err, sizeof err);
	assert_non_null(sig);
	assert_true(strncmp(sig, "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	assert_int_equal(sshsig_verify(sig, strlen(sig), REPORT_SIG_NAMESPACE, data,
	                     sizeof data - 1, &signer, err, sizeof err),
	    0);
	assert_true(sshkey_equal(k, signer));
	fp1 = sshkey_fingerprint(k);
	fp2 = sshkey_fingerprint(signer);
	assert_string_equal(fp1, fp2);
	assert_int_equal(strlen(fp1), 7 + 43);
	for (i = 0; i < sizeof data - 1; i++) {
		memcpy(copy, data, sizeof data);
		copy[i] ^= 0x01;
		assert_int_equal(sshsig_verify(sig, strlen(sig), REPORT_SIG_NAMESPACE, copy,
		                     sizeof data - 1, NULL, err, sizeof err),
		    -1);
	}
	/* another namespace, truncated data */
	assert_int_equal(
	    sshsig_verify(sig, strlen(sig), "file", data, sizeof data - 1, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "namespace"));
	assert_int_equal(sshsig_verify(sig, strlen(sig), REPORT_SIG_NAMESPACE, data,
	                     sizeof data - 2, NULL, err, sizeof err),
	    -1);
	/* changed characters in the armored body fail (the last one, with padding bits, is skipped)
	 */
	for (i = 31; i < strlen(sig) - 40; i += 3) {
		char *bad = xstrdup(sig);

		if (bad[i] == '\n') {
			free(bad);
			continue;
		}
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_int_equal(sshsig_verify(bad, strlen(bad), REPORT_SIG_NAMESPACE, data,
		                     sizeof data - 1, NULL, err, sizeof err),
		    -1);
		free(bad);
	}
	free(fp1);
	free(fp2);
	free(sig);
	sshkey_free(signer);
	sshkey_free(k);
}

/* A key and signature made by ssh-keygen: we verify its signature and sign identically. */
static void
test_peer_signature(void **state)
{
	char err[256], tmpd[] = "/tmp/test_sshsig.XXXXXX", *key, *pub, *cmd, *sig, *data;
	size_t siglen, dlen;
	struct sshkey *pk, *signer = NULL;

	(void)state;
	assert_non_null(mkdtemp(tmpd));
	key = xasprintf("%s/k", tmpd);
	pub = xasprintf("%s/k.pub", tmpd);
	cmd = xasprintf("ssh-keygen -q -t ed25519 -N '' -C peer -f %s && printf 'hello\\n' > %s/m && "
	                "ssh-keygen -q -Y sign -f %s -n reentry-report %s/m 2>/dev/null",
	    key, tmpd, key, tmpd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = xasprintf("%s/m.sig", tmpd);
	assert_int_equal(file_read_all(cmd, 1 << 16, &sig, &siglen, err, sizeof err), 0);
	free(cmd);
	cmd = xasprintf("%s/m", tmpd);
	assert_int_equal(file_read_all(cmd, 1 << 16, &data, &dlen, err, sizeof err), 0);
	free(cmd);
	assert_int_equal(
	    sshsig_verify(sig, siglen, REPORT_SIG_NAMESPACE, data, dlen, &signer, err, sizeof err), 0);
	{
		char *text;
		size_t tl;

		assert_int_equal(file_read_all(pub, 1 << 16, &text, &tl, err, sizeof err), 0);
		pk = sshkey_parse_public(text, err, sizeof err);
		assert_non_null(pk);
		assert_string_equal(sshkey_comment(pk), "peer");
		free(text);
	}
	assert_true(sshkey_equal(pk, signer));
	/* and reentry signs with the key ssh-keygen made */
	{
		struct sshkey *priv = sshkey_load_private(key, err, sizeof err);
		char *ours;

		assert_non_null(priv);
		assert_true(sshkey_equal(priv, pk));
		ours = sshsig_sign(priv, REPORT_SIG_NAMESPACE, data, dlen, err, sizeof err);
		assert_non_null(ours);
		/* Ed25519 is deterministic: the same signature as ssh-keygen's */
		assert_string_equal(ours, sig);
		free(ours);
		sshkey_free(priv);
	}
	cmd = xasprintf("rm -rf '%s'", tmpd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	sshkey_free(pk);
	sshkey_free(signer);
	free(sig);
	free(data);
	free(key);
	free(pub);
}

/* The private key file: written, read back, refused when others can read it. */
static void
test_private_file(void **state)
{
	char err[512], path[] = "/tmp/test_sshsig_keyXXXXXX";
	struct sshkey *k, *back;
	char *text;
	int fd;

	(void)state;
	k = sshkey_generate(err, sizeof err);
	text = sshkey_private_file(k, "comment ここ");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, 0600);
	back = sshkey_load_private(path, err, sizeof err);
	assert_non_null(back);
	assert_true(sshkey_equal(k, back));
	assert_string_equal(sshkey_comment(back), "comment ここ");
	sshkey_free(back);
	chmod(path, 0640);
	assert_null(sshkey_load_private(path, err, sizeof err));
	assert_non_null(strstr(err, "group or others"));
	chmod(path, 0600);
	/* a damaged file is refused, not crashed on */
	text[60] = text[60] == 'A' ? 'B' : 'A';
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_null(sshkey_load_private(path, err, sizeof err));
	unlink(path);
	assert_null(sshkey_load_private(path, err, sizeof err));
	xwipe(text, strlen(text));
	free(text);
	sshkey_free(k);
}

static void
test_base64(void **state)
{
	unsigned char *out;
	size_t n;
	char *e;

	(void)state;
	assert_int_equal(b64_decode("aGVsbG8=", 8, &out, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hello", 5);
	free(out);
	assert_int_equal(b64_decode("aGVs\nbG8h", 9, &out, &n), 0);
	assert_int_equal(n, 6);
	free(out);
	assert_int_equal(b64_decode("aGVsbG8", 7, &out, &n), -1);
	assert_int_equal(b64_decode("aG=sbG8=", 8, &out, &n), -1);
	assert_int_equal(b64_decode("aGVs*G8=", 8, &out, &n), -1);
	assert_int_equal(b64_decode("", 0, &out, &n), -1);
	/* OpenSSH's rules: one encoding per byte string, white space anywhere */
	assert_int_equal(b64_decode("aGk=", 4, &out, &n), 0);
	assert_int_equal(n, 2);
	free(out);
	assert_int_equal(b64_decode("aGl=", 4, &out, &n), -1); /* low bits set */
	assert_int_equal(b64_decode("aA==", 4, &out, &n), 0);
	free(out);
	assert_int_equal(b64_decode("aB==", 4, &out, &n), -1);
	assert_int_equal(b64_decode("aA= =\n", 6, &out, &n), 0);
	free(out);
	assert_int_equal(b64_decode("aA=", 3, &out, &n), -1);   /* one '=' short */
	assert_int_equal(b64_decode("aGk==", 5, &out, &n), -1); /* one too many */
	assert_int_equal(b64_decode("aGk=x", 5, &out, &n), -1);
	assert_int_equal(b64_decode("=", 1, &out, &n), -1);
	assert_int_equal(b64_decode("a\vG\fk=", 6, &out, &n), 0);
	free(out);
	e = b64_encode("hi", 2);
	assert_string_equal(e, "aGk=");
	free(e);
}

/* Looks k up in text for the report namespace; returns find's result, m filled. */
static int
find(const char *text, const struct sshkey *k, const char *principal, time_t now, struct signer_match *m)
{
	struct signer_query q = { k, principal, REPORT_SIG_NAMESPACE, now };

	return allowed_signers_find_buf("a", text, strlen(text), &q, m);
}

/* Allowed-signers lines: principals, options, namespaces, validity, comments. */
static void
test_allowed_signers(void **state)
{
	char err[256], *line, *text;
	struct sshkey *k = sshkey_generate(err, sizeof err), *other = sshkey_generate(err, sizeof err);
	char *pub = sshkey_public_line(k), *opub = sshkey_public_line(other);
	time_t now = 1800000000; /* 2027-01-15 */
	struct signer_match m;
	struct signer_query q = { k, NULL, REPORT_SIG_NAMESPACE, now };

	(void)state;
	line = xasprintf("# auditors\n\nalice@example %s\n", pub);
	assert_int_equal(find(line, k, NULL, now, &m), 1);
	assert_string_equal(m.principals, "alice@example");
	assert_int_equal(m.line, 3);
	assert_null(m.refused);
	allowed_signers_match_clear(&m);
	assert_int_equal(find(line, other, NULL, now, &m), 0);
	allowed_signers_match_clear(&m);
	/* -I: the principal must match the line's patterns */
	assert_int_equal(find(line, k, "alice@example", now, &m), 1);
	allowed_signers_match_clear(&m);
	assert_int_equal(find(line, k, "bob@example", now, &m), 0);
	allowed_signers_match_clear(&m);
	free(line);

	text = xasprintf("bob %s\n\"carol,dave\" namespaces=\"git,reentry-*\" %s trailing comment\n",
	    opub, pub);
	assert_int_equal(find(text, k, NULL, now, &m), 1);
	assert_string_equal(m.principals, "carol,dave");
	allowed_signers_match_clear(&m);
	free(text);

	text = xasprintf("alice namespaces=\"git\" %s\n", pub);
	assert_int_equal(find(text, k, NULL, now, &m), 0);
	assert_non_null(m.not_allowed);
	assert_non_null(strstr(m.not_allowed, "a:1: the key is not allowed for namespace"));
	allowed_signers_match_clear(&m);
	free(text);
	text = xasprintf("alice cert-authority %s\n", pub);
	assert_int_equal(find(text, k, NULL, now, &m), 0);
	assert_null(m.refused);
	allowed_signers_match_clear(&m);
	free(text);
	text = xasprintf("alice valid-before=\"20260101Z\" %s\nalice2 "
	                 "valid-after=\"20270101\",valid-before=\"20280101Z\" %s\n",
	    pub, pub);
	assert_int_equal(find(text, k, NULL, now, &m), 1);
	assert_string_equal(m.principals, "alice2");
	assert_int_equal(m.line, 2);
	allowed_signers_match_clear(&m);
	free(text);
	/* refused lines are named with their number and never allow the key */
	text = xasprintf("\"unterminated %s\nx y z\n\n   \nalice expiry-time=\"20300101\" %s\n"
	                 "alice namespaces=\"a\",namespaces=\"b\" %s\n"
	                 "alice namespaces=reentry-report %s\n",
	    pub, pub, pub, pub);
	assert_int_equal(find(text, k, NULL, now, &m), 0);
	assert_non_null(m.refused);
	assert_non_null(strstr(m.refused, "a:1: line ignored: the principals have no closing quote\n"));
	assert_non_null(strstr(m.refused, "a:2: line ignored: no valid public key after the options"));
	assert_non_null(strstr(m.refused, "a:5: line ignored: unknown option \"expiry-time\""));
	assert_non_null(strstr(m.refused, "a:6: line ignored: more than one namespaces= option\n"));
	assert_non_null(strstr(m.refused,
	    "a:7: line ignored: the value of namespaces= must be in double quotes\n"));
	allowed_signers_match_clear(&m);
	/* ... but a good line after them still counts, as in ssh-keygen */
	line = xasprintf("%salice %s\n", text, pub);
	assert_int_equal(find(line, k, NULL, now, &m), 1);
	assert_int_equal(m.line, 8);
	assert_non_null(m.refused);
	allowed_signers_match_clear(&m);
	free(line);
	free(text);
	assert_int_equal(allowed_signers_find("/nonexistent/allowed", &q, &m, err, sizeof err), -1);
	allowed_signers_match_clear(&m);
	free(pub);
	free(opub);
	sshkey_free(k);
	sshkey_free(other);
}

/* OpenSSH's pattern lists: '*', '?', negation, no character classes. */
static void
test_pattern_list(void **state)
{
	(void)state;
	assert_int_equal(allowed_signers_match_list("alice@example.com", "*@example.com"), 1);
	assert_int_equal(allowed_signers_match_list("alice@example.com", "bob,alice@*"), 1);
	assert_int_equal(allowed_signers_match_list("alice", "!alice,*"), -1);
	assert_int_equal(allowed_signers_match_list("bob", "!alice,*"), 1);
	assert_int_equal(allowed_signers_match_list("a", "?"), 1);
	assert_int_equal(allowed_signers_match_list("ab", "?"), 0);
	assert_int_equal(allowed_signers_match_list("reentry-report", "reentry-[r]eport"), 0);
	assert_int_equal(allowed_signers_match_list("x", ""), 0);
	assert_int_equal(allowed_signers_match_list("aaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*c"), 0);
}

/* Public key parsing refuses what is not an Ed25519 key. */
static void
test_public_parse(void **state)
{
	char err[256];

	(void)state;
	assert_null(sshkey_parse_public("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ", err, sizeof err));
	assert_null(sshkey_parse_public("ssh-ed25519 !!!!", err, sizeof err));
	/* a blob that says ssh-rsa inside an ssh-ed25519 line */
	assert_null(sshkey_parse_public("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAAQA=", err, sizeof err));
	assert_null(sshkey_parse_public("", err, sizeof err));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_peer_signature),
		cmocka_unit_test(test_private_file),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_allowed_signers),
		cmocka_unit_test(test_pattern_list),
		cmocka_unit_test(test_public_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
