/*
 * test_util.c: text measurement and sanitising, the JSON tree and parser,
 * and the atomic file helpers.
 */
#include "testutil.h"

#include <errno.h>
#include <time.h>

#include <sys/stat.h>
#include <unistd.h>

#include "../../util/errtext.h"
#include "../../util/fileio.h"
#include "../../util/json.h"
#include "../../util/text.h"

/* errno values in both languages: glibc's English, a Japanese form, a fallback naming the number. */
static void
test_errtext(void **state)
{
	static const int known[] = { ENOENT, EACCES, EPERM, ELOOP, EXDEV, EIO, ENOTDIR, EISDIR,
		ENAMETOOLONG, EMFILE, ENOMEM, ENOSPC, EROFS, ETIMEDOUT, ECONNREFUSED, EINVAL, EFBIG,
		EOVERFLOW, ENXIO, ENODEV, EAGAIN };
	char buf[ERRTEXT_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		const char *ja = errtext_ja(known[i], buf), *p;

		assert_string_equal(errtext_en(known[i], buf), strerror(known[i]));
		assert_int_equal(errtext_lookup(strerror(known[i])), known[i]);
		for (p = ja; *p != '\0'; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				fail_msg("English in the Japanese text for %d: %s", known[i], ja);
	}
	assert_string_equal(errtext_en(4321, buf), "error 4321");
	assert_string_equal(errtext_ja(4321, buf), "エラー番号 4321");
	assert_int_equal(errtext_lookup("error 4321"), 4321);
	assert_int_equal(errtext_lookup("error 4321 and more"), 0);
	assert_int_equal(errtext_lookup("Unknown error 4321"), 4321);
	assert_int_equal(errtext_lookup("no such thing"), 0);
	assert_int_equal(errtext_lookup(""), 0);
	{
		/* a problem quoted in a Japanese message: the name kept, the rest in Japanese */
		static const char *const cases[][2] = {
			{ "/etc/hosts: Permission denied", "/etc/hosts: アクセスが拒否されました" },
			{ "/var/log: cannot be examined: Too many levels of symbolic links",
			    "/var/log: シンボリックリンクの階層が深すぎます" },
			{ "/etc/x: not a regular file, not read", "/etc/x: 読み取れません" },
			{ "No such file or directory", "ファイルまたはディレクトリがありません" },
			{ "directory not readable (run as root)", "読み取れません" },
		};
		size_t k;

		for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
			char *ja = errtext_problem_ja(cases[k][0]);

			assert_string_equal(ja, cases[k][1]);
			free(ja);
		}
	}
	{
		/* what failed in Japanese, the name kept, an English reason that is no errno left out */
		static const char *const cases[][2] = {
			{ "/r/a.json: No space left on device",
			    "失敗（/r/a.json）: デバイスに空き容量がありません" },
			{ "/r/a.json: already exists; reports are never overwritten", "失敗（/r/a.json）" },
			{ "Permission denied", "失敗: アクセスが拒否されました" },
			{ "something odd", "失敗" },
			{ "", "失敗" },
		};
		size_t k;

		for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
			char *ja = errtext_failed_ja("失敗", cases[k][0]);

			assert_string_equal(ja, cases[k][1]);
			free(ja);
		}
	}
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("漢字"), 4);
	assert_int_equal(text_width("ｱ"), 1);            /* half-width katakana */
	assert_int_equal(text_width("\x1b[31m"), 4 + 4); /* \x1b shown as 4 columns */
	assert_int_equal(text_width("a\xffz"), 3);       /* U+FFFD is one column */
}

static void
test_sanitize(void **state)
{
	char *s;

	(void)state;
	s = text_sanitize("evil\x1b]0;title\x07name\nnext");
	assert_string_equal(s, "evil\\x1b]0;title\\x07name\\nnext");
	free(s);
	s = text_sanitize("bad\xc3(utf8\xed\xa0\x80");
	assert_string_equal(s, "bad\xef\xbf\xbd(utf8\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = text_sanitize("abc\xe2\x80\xaegpj.exe"); /* right-to-left override */
	assert_string_equal(s, "abc\\u{202e}gpj.exe");
	free(s);
	s = text_sanitize("\xc2\x9b"
	                  "1m"); /* C1 CSI */
	assert_string_equal(s, "\\x9b1m");
	free(s);
	s = text_sanitize("日本語 ok");
	assert_string_equal(s, "日本語 ok");
	free(s);
	assert_true(utf8_valid("日本", 6));
	assert_false(utf8_valid("\xc0\xaf", 2)); /* overlong */
	assert_false(utf8_valid("a\0b", 3));
}

static void
test_fit_and_wrap(void **state)
{
	char *s, **lines;
	size_t n;

	(void)state;
	s = text_fit("漢字かな", 5, 0); /* 8 columns into 5: two kanji + ellipsis */
	assert_string_equal(s, "漢字…");
	assert_int_equal(text_width(s), 5);
	free(s);
	s = text_fit("漢字かな", 4, 1); /* one wide char + ellipsis + pad */
	assert_int_equal(text_width(s), 4);
	assert_string_equal(s, "漢… ");
	free(s);
	s = text_fit("ab", 5, 1);
	assert_string_equal(s, "ab   ");
	free(s);
	s = text_fit("ab", 2, 1);
	assert_string_equal(s, "ab");
	free(s);
	lines = text_wrap("the quick brown fox", 10, &n);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "the quick");
	assert_string_equal(lines[1], "brown fox");
	text_lines_free(lines);
	lines = text_wrap("あいうえおかきくけこ", 7, &n); /* no spaces: break between characters */
	assert_int_equal(n, 4);
	assert_string_equal(lines[0], "あいう");
	assert_int_equal(text_width(lines[0]), 6);
	text_lines_free(lines);
	lines = text_wrap("a\nb", 10, &n);
	assert_int_equal(n, 2);
	text_lines_free(lines);
}

static void
test_json(void **state)
{
	const char *text = "{\"a\": [1, -2, 3.5, true, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\", \"o\": {}}";
	char err[128];
	struct json *v = json_parse(text, strlen(text), err, sizeof err), *c;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_non_null(v);
	assert_int_equal(json_len(json_get(v, "a")), 5);
	assert_int_equal(json_get_int(json_at(json_get(v, "a"), 1), 0), -2);
	assert_string_equal(json_get_str(json_get(v, "s")), "xé😀\n");
	json_write(v, &sb, 0);
	assert_string_equal(sb.buf, "{\"a\":[1,-2,3.5,true,null],\"s\":\"xé😀\\n\",\"o\":{}}");
	c = json_copy(v);
	sb_truncate(&sb, 0);
	json_write(c, &sb, 0);
	assert_string_equal(sb.buf, "{\"a\":[1,-2,3.5,true,null],\"s\":\"xé😀\\n\",\"o\":{}}");
	json_free(json_obj_take(c, "a"));
	assert_int_equal(json_len(c), 2);
	assert_string_equal(json_key_at(c, 0), "s");
	json_free(c);
	json_free(v);
	sb_free(&sb);

	assert_null(json_parse("{\"a\":1,\"a\":2}", 13, err, sizeof err));
	assert_string_equal(err, "1:8: duplicate key");
	{
		const char *two = "{\"b\":1,\"a\":{\"x\":1},\n\"a\":2,\"b\":3}";

		/* the first key in the text that repeats an earlier one is named */
		assert_null(json_parse(two, strlen(two), err, sizeof err));
		assert_string_equal(err, "2:1: duplicate key");
	}
	assert_null(json_parse("{\"a\":\n  tru}", 12, err, sizeof err));
	assert_string_equal(err, "2:3: unexpected character");
	assert_null(json_parse("\"\\ud800\"", 8, err, sizeof err));
	assert_null(json_parse("\"\xff\"", 3, err, sizeof err));
	assert_null(json_parse("[1] x", 5, err, sizeof err));
	assert_null(json_parse("", 0, err, sizeof err));
	{
		struct strbuf deep = STRBUF_INIT;
		int i;

		for (i = 0; i < 100000; i++)
			sb_addc(&deep, '[');
		assert_null(json_parse(deep.buf, deep.len, err, sizeof err));
		assert_non_null(strstr(err, "nested too deeply"));
		sb_free(&deep);
	}
	/* invalid UTF-8 given to the builder becomes U+FFFD, so output is always valid */
	v = json_str_n("a\xff\0b", 4);
	assert_string_equal(json_get_str(v),
	    "a\xef\xbf\xbd\xef\xbf\xbd"
	    "b");
	json_free(v);
}

/*
 * The parser's fast paths (strings without escapes taken whole, numbers
 * parsed from a stack copy, small objects checked for duplicate keys
 * without sorting) give the same tree and the same errors as the slow ones.
 */
static void
test_json_fast_paths(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json *v, *c;
	char err[128];
	int n, i;
	/* escapes in the middle and at either end; plain runs between them kept */
	const char *esc = "[\"ab\\ncd\\\"\", \"\\t\", \"\", \"caf\\u00e9 \xe6\x97\xa5\\u672c\"]";

	(void)state;
	v = json_parse(esc, strlen(esc), err, sizeof err);
	assert_non_null(v);
	assert_string_equal(json_get_str(json_at(v, 0)), "ab\ncd\"");
	assert_string_equal(json_get_str(json_at(v, 1)), "\t");
	assert_string_equal(json_get_str(json_at(v, 2)), "");
	assert_string_equal(json_get_str(json_at(v, 3)), "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
	json_free(v);
	/* invalid UTF-8 after a plain run is still refused, where it stands */
	assert_null(json_parse("\"abc\xc3(\"", 7, err, sizeof err));
	assert_string_equal(err, "1:5: invalid UTF-8");
	assert_null(json_parse("\"abc\x01\"", 6, err, sizeof err));
	assert_string_equal(err, "1:5: control character in string");
	assert_null(json_parse("\"abc", 4, err, sizeof err));
	assert_string_equal(err, "1:5: unterminated string");
	assert_null(json_parse("\"abc\\", 5, err, sizeof err));
	/* a number longer than the stack copy, and integers at the edges */
	sb_adds(&sb, "[");
	for (i = 0; i < 100; i++)
		sb_addc(&sb, '1');
	sb_adds(&sb, ".5, 9223372036854775807, -9223372036854775808, 9223372036854775808]");
	v = json_parse(sb.buf, sb.len, err, sizeof err);
	assert_non_null(v);
	assert_true(json_is(json_at(v, 0), JSON_REAL));
	assert_true(json_get_real(json_at(v, 0), 0) > 1e99);
	assert_true(json_get_int(json_at(v, 1), 0) == INT64_MAX);
	assert_true(json_get_int(json_at(v, 2), 0) == INT64_MIN);
	assert_true(json_is(json_at(v, 3), JSON_REAL));
	json_free(v);
	/* duplicates in objects of every size around the small-object limit (32) */
	for (n = 2; n <= 40; n++) {
		sb_truncate(&sb, 0);
		sb_addc(&sb, '{');
		for (i = 0; i < n; i++)
			sb_addf(&sb, "%s\"k%d\":%d", i ? "," : "", i, i);
		sb_addc(&sb, '}');
		v = json_parse(sb.buf, sb.len, err, sizeof err);
		assert_non_null(v);
		assert_int_equal(json_len(v), n);
		assert_int_equal(json_get_int(json_get(v, "k1"), -1), 1);
		json_free(v);
		/* the last key repeats the second: named where it stands */
		sb_truncate(&sb, sb.len - 1);
		sb_adds(&sb, ",\"k1\":0}");
		assert_null(json_parse(sb.buf, sb.len, err, sizeof err));
		assert_non_null(strstr(err, "duplicate key"));
		assert_int_equal(atoi(strchr(err, ':') + 1), (int)(sb.len - 7) + 1);
	}
	/* a string given to the builder: an invalid byte at its end is replaced too */
	v = json_str_n("ab\xff", 3);
	assert_string_equal(json_get_str(v), "ab\xef\xbf\xbd");
	c = json_copy(v);
	assert_string_equal(json_get_str(c), "ab\xef\xbf\xbd");
	json_free(c);
	json_free(v);
	v = json_str_n("\xe6\x97\xa5\xe6\x9c", 5);
	/* a sequence cut short: each of its bytes becomes U+FFFD, as before */
	assert_string_equal(json_get_str(v), "\xe6\x97\xa5\xef\xbf\xbd\xef\xbf\xbd");
	json_free(v);
	sb_free(&sb);
}

/* A 100,000-key object (a hostile unsigned report) parses in linear-ish time. */
static void
test_json_many_keys(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct timespec t0, t1;
	struct json *v;
	char err[256];
	int i;
	double secs;

	(void)state;
	sb_addc(&sb, '{');
	for (i = 0; i < 100000; i++)
		sb_addf(&sb, "%s\"key%d\":%d", i ? "," : "", i, i);
	sb_addc(&sb, '}');
	clock_gettime(CLOCK_MONOTONIC, &t0);
	v = json_parse(sb.buf, sb.len, err, sizeof err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_non_null(v);
	assert_int_equal(json_len(v), 100000);
	json_free(v);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# 100,000 keys parsed in %.3f s (was 31 s with a lookup per key)\n", secs);
	assert_true(secs < 3.0);
	/* the same object with its last key repeating the first is refused */
	sb_truncate(&sb, sb.len - 1);
	sb_adds(&sb, ",\"key0\":1}");
	assert_null(json_parse(sb.buf, sb.len, err, sizeof err));
	assert_non_null(strstr(err, "duplicate key"));
	sb_free(&sb);
}

static void
test_files(void **state)
{
	char *dir = test_tmpdir(), *p, *data, err[512], hex[65];
	size_t len;
	struct stat st;

	(void)state;
	p = xasprintf("%s/sub/dir/f.txt", dir);
	{
		char *sub = xasprintf("%s/sub/dir", dir);

		assert_int_equal(file_mkdirs(sub, 0700, err, sizeof err), 0);
		free(sub);
	}
	assert_int_equal(file_write_atomic(p, "one", 3, 0600, err, sizeof err), 0);
	assert_int_equal(file_write_atomic(p, "two!", 4, 0640, err, sizeof err), 0);
	assert_int_equal(file_read_all(p, 100, &data, &len, err, sizeof err), 0);
	assert_int_equal(len, 4);
	assert_string_equal(data, "two!");
	free(data);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(file_read_all(p, 3, &data, &len, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than"));
	/* file_write_new never replaces */
	assert_int_equal(file_write_new(p, "three", 5, 0600, err, sizeof err), -1);
	assert_non_null(strstr(err, "never overwritten"));
	assert_int_equal(file_read_all(p, 100, &data, &len, err, sizeof err), 0);
	assert_string_equal(data, "two!");
	free(data);
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(sha256_file_hex(p, hex, err, sizeof err), 0);
	sha256_hex("two!", 4, err);
	assert_string_equal(hex, err);
	free(p);
	p = path_join("/fixture/", "/etc/hostname");
	assert_string_equal(p, "/fixture/etc/hostname");
	free(p);
	p = path_join("/", "/etc/hostname");
	assert_string_equal(p, "/etc/hostname");
	free(p);
	test_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_fit_and_wrap),
		cmocka_unit_test(test_errtext),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_fast_paths),
		cmocka_unit_test(test_json_many_keys),
		cmocka_unit_test(test_files),
	};

	text_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
