/*
 * test_text.c: line breaking in text_wrap(): Latin text at spaces, Japanese
 * between characters under the kinsoku rules (no line starts with a closing
 * bracket, punctuation, the prolonged sound mark or a small kana; none ends
 * with an opening bracket), and no line wider than asked.
 */
#include "testutil.h"

#include "../../util/strbuf.h"
#include "../../util/text.h"

/* Whether a line starts with the UTF-8 character c. */
static int
starts_with(const char *line, const char *c)
{
	return strncmp(line, c, strlen(c)) == 0;
}

/* Wraps s at cols and checks every line's width and the kinsoku rules. */
static char **
wrap_checked(const char *s, int cols, size_t *n)
{
	static const char *const no_start[] = { "ー", "。", "、", "・", "）", "」", "』", "】",
		"〕", "！", "？", "っ", "ゃ", "ッ", "ョ", "ぁ", "ァ", "…" };
	static const char *const no_end[] = { "「", "（", "『", "【" };
	char **lines = text_wrap(s, cols, n);
	size_t i, k;

	for (i = 0; i < *n; i++) {
		size_t len = strlen(lines[i]);

		assert_true(text_width(lines[i]) <= cols);
		if (i > 0)
			for (k = 0; k < sizeof no_start / sizeof no_start[0]; k++)
				if (starts_with(lines[i], no_start[k]))
					fail_msg("\"%s\" at %d: line %zu starts with %s: \"%s\"", s,
					    cols, i, no_start[k], lines[i]);
		if (i + 1 < *n)
			for (k = 0; k < sizeof no_end / sizeof no_end[0]; k++) {
				size_t cl = strlen(no_end[k]);

				if (len >= cl && strcmp(lines[i] + len - cl, no_end[k]) == 0)
					fail_msg("line %zu ends with %s: \"%s\"", i, no_end[k],
					    lines[i]);
			}
	}
	return lines;
}

/* Joins the lines back: nothing may be lost or doubled. */
static void
assert_joins_to(char **lines, size_t n, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		sb_adds(&sb, lines[i]);
	assert_string_equal(sb.buf != NULL ? sb.buf : "", s);
	sb_free(&sb);
}

static void
test_kinsoku_punctuation(void **state)
{
	size_t n;
	char **lines;

	(void)state;
	/* 4 columns: "あい" then "。" would start the second line */
	lines = wrap_checked("あい。うえ", 4, &n);
	assert_string_equal(lines[0], "あ");
	assert_string_equal(lines[1], "い。");
	assert_joins_to(lines, n, "あい。うえ");
	text_lines_free(lines);
	/* the prolonged sound mark stays with its kana */
	lines = wrap_checked("データベース", 4, &n);
	assert_string_equal(lines[0], "デー");
	assert_joins_to(lines, n, "データベース");
	text_lines_free(lines);
	/* small kana */
	lines = wrap_checked("あいっ", 4, &n);
	assert_string_equal(lines[0], "あ");
	assert_string_equal(lines[1], "いっ");
	text_lines_free(lines);
}

static void
test_kinsoku_brackets(void **state)
{
	size_t n;
	char **lines;

	(void)state;
	/* a closing bracket after a full stop: both move on with the character before them */
	lines = wrap_checked("はい」と答えた。", 4, &n);
	assert_joins_to(lines, n, "はい」と答えた。");
	text_lines_free(lines);
	lines = wrap_checked("回答「はい」を保存しました。", 10, &n);
	assert_joins_to(lines, n, "回答「はい」を保存しました。");
	text_lines_free(lines);
	/* an opening bracket never ends a line */
	lines = wrap_checked("ああ「いい」", 6, &n);
	assert_string_equal(lines[0], "ああ");
	assert_string_equal(lines[1], "「い");
	assert_string_equal(lines[2], "い」");
	text_lines_free(lines);
	lines = wrap_checked("暗号化されていません（ディスク）：ルート", 12, &n);
	assert_joins_to(lines, n, "暗号化されていません（ディスク）：ルート");
	text_lines_free(lines);
}

static void
test_kinsoku_every_width(void **state)
{
	static const char *const texts[] = {
		"シグネチャデータベースが空です。freshclam を実行してください。",
		"「はい」の回答は、チェックが不合格のため項目を合格にしません（IT 担当の確認が必要です）。",
		"ーーーーーー。。。。",
		"a, b. c! (d) e?",
	};
	size_t i, n;
	int cols;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		for (cols = 6; cols < 40; cols++) {
			char **lines;

			if (strncmp(texts[i], "ーー", 6) == 0) {
				/* nothing but forbidden characters: it still breaks, and loses nothing */
				lines = text_wrap(texts[i], cols, &n);
				assert_joins_to(lines, n, texts[i]);
				text_lines_free(lines);
				continue;
			}
			lines = wrap_checked(texts[i], cols, &n);
			text_lines_free(lines);
		}
}

static void
test_latin_unchanged(void **state)
{
	size_t n;
	char **lines;

	(void)state;
	lines = wrap_checked("the quick brown fox", 10, &n);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "the quick");
	assert_string_equal(lines[1], "brown fox");
	text_lines_free(lines);
	lines = wrap_checked("abcdefghij", 4, &n);
	assert_int_equal(n, 3);
	assert_string_equal(lines[2], "ij");
	text_lines_free(lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinsoku_punctuation),
		cmocka_unit_test(test_kinsoku_brackets),
		cmocka_unit_test(test_kinsoku_every_width),
		cmocka_unit_test(test_latin_unchanged),
	};

	text_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
