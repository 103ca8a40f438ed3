/*
 * test_checklist.c: the checklist loader and validator: the bundled
 * checklist, a small valid one, a corpus of broken files (each with the
 * exact position and kind of its error), and hostile inputs.
 */
#include "testutil.h"

#include "../../checklists/checklist.h"
#include "../../util/fileio.h"

static struct checklist *
load(const char *rel, struct diags *d)
{
	char *p = test_path(rel);
	struct checklist *cl = checklist_load(p, d);

	free(p);
	return cl;
}

static void
test_bundled(void **state)
{
	struct diags d = DIAGS_INIT;
	struct checklist *cl = load("jnsa-checklist.yaml", &d);
	size_t i, counts[4] = { 2, 9, 7, 6 };
	char *p, hex[65], err[256];

	(void)state;
	if (cl == NULL)
		diags_print(&d, stderr);
	assert_non_null(cl);
	assert_int_equal(cl->ncategories, 4);
	assert_int_equal(cl->nitems, 24);
	for (i = 0; i < 4; i++)
		assert_int_equal(cl->categories[i].nitems, counts[i]);
	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];

		assert_true(strlen(ltext_get(&it->title, LANG_JA)) > 0);
		assert_true(strlen(ltext_get(&it->title, LANG_EN)) > 0);
		assert_true(strlen(ltext_get(&it->description, LANG_JA)) > 0);
		assert_true(strlen(ltext_get(&it->guidance, LANG_EN)) > 0);
		assert_non_null(it->jnsa_ref);
		assert_string_equal(it->jnsa_ref, it->id);
		assert_non_null(it->wording);
		assert_true(it->roles != 0);
	}
	assert_string_equal(ltext_get(&cl->categories[0].title, LANG_JA),
	    "停止したシステムの再稼働における注意事項");
	/* the SHA-256 is of the file's bytes */
	p = test_path("jnsa-checklist.yaml");
	assert_int_equal(sha256_file_hex(p, hex, err, sizeof err), 0);
	assert_string_equal(cl->sha256, hex);
	free(p);
	checklist_free(cl);
	diags_clear(&d);
}

static void
test_minimal_and_conditions(void **state)
{
	struct diags d = DIAGS_INIT;
	struct checklist *cl = load("tests/data/checklists/minimal.yaml", &d);
	struct item_state st[3];
	const struct item *a1, *a2, *b1;

	(void)state;
	assert_non_null(cl);
	assert_int_equal(d.n, 0);
	assert_int_equal(cl->nitems, 3);
	a1 = checklist_find(cl, "a-1");
	a2 = checklist_find(cl, "a-2");
	b1 = checklist_find(cl, "b-1");
	assert_non_null(a1);
	assert_non_null(b1);
	assert_null(checklist_find(cl, "zz"));
	assert_int_equal(a1->roles, ROLE_STAFF | ROLE_IT);
	assert_int_equal(a2->roles, ROLE_MANAGEMENT);
	assert_string_equal(ltext_get(&a2->guidance, LANG_JA), "手引き");
	assert_string_equal(ltext_get(&a1->guidance, LANG_EN), "");
	assert_string_equal(a1->category->id, "A");
	assert_non_null(a2->when);
	assert_int_equal(a2->when->item_index, a1->index);

	memset(st, 0, sizeof st);
	assert_int_equal(item_applies(a1, st), 1);
	assert_int_equal(item_applies(a2, st), -1); /* a-1 unanswered */
	st[a1->index].answer = ANSWER_YES;
	assert_int_equal(item_applies(a2, st), 1);
	st[a1->index].answer = ANSWER_NO;
	assert_int_equal(item_applies(a2, st), 0);
	st[a2->index].answer = ANSWER_NA;
	assert_int_equal(item_applies(b1, st), 1);
	st[a2->index].answer = ANSWER_YES;
	assert_int_equal(item_applies(b1, st), 0);
	checklist_free(cl);
}

/* One broken file and the first error it must produce. */
struct broken {
	const char *file;
	int line, col;
	const char *msg; /* a substring naming the kind of error */
};

static const struct broken corpus[] = {
	{ "bad-unknown-key.yaml", 15, 9, "unknown key 'colour' in item a-1" },
	{ "bad-missing-key.yaml", 10, 9, "missing required key 'description'" },
	{ "bad-wrong-type.yaml", 13, 16, "roles must be a sequence, not a mapping" },
	{ "bad-duplicate-id.yaml", 27, 13, "duplicate item id 'a-1' (first at line 10)" },
	{ "bad-unknown-role.yaml", 13, 24, "unknown role 'boss'" },
	{ "bad-unknown-kind.yaml", 31, 15, "unknown kind 'automatic'" },
	{ "bad-unknown-check.yaml", 32, 18, "unknown check 'no-such-check'" },
	{ "bad-empty-category.yaml", 26, 12, "category 'B' has no items" },
	{ "bad-missing-lang.yaml", 17, 16, "title is missing its 'en' text" },
	{ "bad-unknown-lang.yaml", 17, 38, "unknown language 'fr'" },
	{ "bad-when-unknown.yaml", 22, 22, "condition refers to unknown item 'z-9'" },
	{ "bad-when-later.yaml", 22, 22, "which does not come before item 'a-2'" },
	{ "bad-when-answer.yaml", 22, 35, "unknown answer 'maybe'" },
	{ "bad-duplicate-key.yaml", 20, 9, "duplicate key 'guidance' (first at line 19)" },
	{ "bad-alias.yaml", 8, 12, "anchors (&name) are not supported" },
	{ "bad-tab.yaml", 15, 1, "tab character" },
	{ "bad-wording.yaml", 15, 37, "unknown wording 'rumoured'" },
	{ "bad-provenance.yaml", 32, 48, "unknown provenance 'guessed'" },
	{ "bad-auto-no-checks.yaml", 31, 15, "kind auto needs at least one check" },
	{ "bad-empty-text.yaml", 12, 35, "description must not be empty" },
	{ "bad-empty.yaml", 0, 0, "the file is empty" },
	{ "bad-syntax.yaml", 14, 13, "YAML syntax: did not find expected ',' or ']'" },
	{ "bad-invalid-utf8.yaml", 17, 35, "invalid leading UTF-8 octet" },
	{ "bad-not-mapping.yaml", 1, 1, "must be a mapping, not a sequence" },
};

static void
test_broken_corpus(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		const struct broken *b = &corpus[i];
		char *rel = xasprintf("tests/data/checklists/%s", b->file);
		struct diags d = DIAGS_INIT;
		struct checklist *cl = load(rel, &d);

		if (cl != NULL || d.n == 0)
			fail_msg("%s: loaded without an error", b->file);
		if (strstr(d.v[0].file, b->file) == NULL || d.v[0].line != b->line ||
		    d.v[0].col != b->col || strstr(d.v[0].msg, b->msg) == NULL) {
			char *got = diag_format(&d.v[0]);

			fail_msg("%s: wanted %d:%d '%s', got '%s'", b->file, b->line, b->col, b->msg, got);
		}
		diags_clear(&d);
		free(rel);
	}
}

/* Every error of a file with several problems is reported, not just the first. */
static void
test_all_errors_listed(void **state)
{
	struct diags d = DIAGS_INIT;
	const char *text =
	    "checklist: {id: x, version: '1', title: {ja: a, en: b}, extra: 1}\n"
	    "categories:\n"
	    "  - id: A\n"
	    "    title: {ja: a}\n"
	    "    items:\n"
	    "      - id: i1\n"
	    "        title: {ja: a, en: b}\n"
	    "        description: {ja: a, en: b}\n"
	    "        roles: [nobody]\n"
	    "        kind: manual\n"
	    "        jnsa: {ref: x, wording: confirmed}\n";
	struct checklist *cl = checklist_load_buf("multi.yaml", text, strlen(text), &d);

	(void)state;
	assert_null(cl);
	assert_int_equal(d.n, 3);
	assert_non_null(strstr(d.v[0].msg, "unknown key 'extra'"));
	assert_non_null(strstr(d.v[1].msg, "missing its 'en' text"));
	assert_non_null(strstr(d.v[2].msg, "unknown role 'nobody'"));
	assert_int_equal(d.v[2].line, 9);
	diags_clear(&d);
}

static void
expect_error(const char *name, const char *buf, size_t len, const char *msg)
{
	struct diags d = DIAGS_INIT;
	struct checklist *cl = checklist_load_buf(name, buf, len, &d);

	if (cl != NULL)
		fail_msg("%s: loaded", name);
	assert_true(d.n > 0);
	if (strstr(d.v[0].msg, msg) == NULL)
		fail_msg("%s: wanted '%s', got '%s'", name, msg, d.v[0].msg);
	diags_clear(&d);
}

static void
test_hostile_inputs(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	char *dir, *big;
	struct diags d = DIAGS_INIT;

	(void)state;
	/* 10,000 levels of nesting, flow and block style */
	for (i = 0; i < 10000; i++)
		sb_addc(&sb, '[');
	expect_error("deep-flow", sb.buf, sb.len, "nested too deeply");
	sb_truncate(&sb, 0);
	for (i = 0; i < 10000; i++)
		sb_addf(&sb, "%*sk:\n", (int)(i % 200), "");
	expect_error("deep-block", sb.buf, sb.len, "");
	sb_truncate(&sb, 0);
	/* billion laughs */
	sb_adds(&sb, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 9; i++)
		sb_addf(&sb, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", (char)('a' + i),
		    (char)('a' + i), (char)('a' + i - 1), (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1), (char)('a' + i - 1),
		    (char)('a' + i - 1), (char)('a' + i - 1), (char)('a' + i - 1));
	expect_error("laughs", sb.buf, sb.len, "not supported");
	sb_truncate(&sb, 0);
	/* binary */
	sb_add(&sb,
	    "\x7f"
	    "ELF\x02\x01\x01\0\0\0",
	    10);
	expect_error("binary", sb.buf, sb.len, "NUL byte");
	/* many documents */
	expect_error("multi-doc", "a: 1\n---\nb: 2\n", 14, "only one YAML document");
	/* a huge flat sequence stays under the node cap */
	sb_truncate(&sb, 0);
	for (i = 0; i < 300000; i++)
		sb_adds(&sb, "- x\n");
	expect_error("many-nodes", sb.buf, sb.len, "too many nodes");
	sb_free(&sb);

	/* a 50 MB file is refused before it is read whole */
	dir = test_tmpdir();
	big = xasprintf("%s/big.yaml", dir);
	{
		FILE *fp = fopen(big, "wb");
		char line[64];

		assert_non_null(fp);
		memset(line, 'x', sizeof line - 1);
		line[sizeof line - 1] = '\n';
		for (i = 0; i < (50u << 20) / sizeof line; i++)
			assert_int_equal(fwrite(line, 1, sizeof line, fp), sizeof line);
		assert_int_equal(fclose(fp), 0);
	}
	assert_null(checklist_load(big, &d));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "larger than"));
	assert_string_equal(d.v[0].file, big);
	diags_clear(&d);
	free(big);
	test_rmtree(dir);
	free(dir);
}

static void
test_lang_and_names(void **state)
{
	enum lang l;
	enum answer a;
	enum role r;

	(void)state;
	assert_int_equal(lang_parse("ja", &l), 0);
	assert_int_equal(l, LANG_JA);
	assert_int_equal(lang_parse("fr", &l), -1);
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "ja_JP.UTF-8", 1);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(lang_from_env(), LANG_JA);
	setenv("LC_ALL", "C", 1);
	assert_int_equal(lang_from_env(), LANG_EN);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "ja", 1);
	assert_int_equal(lang_from_env(), LANG_JA);
	unsetenv("LANG");
	assert_int_equal(lang_from_env(), LANG_EN);
	assert_int_equal(answer_parse("n/a", &a), 0);
	assert_int_equal(a, ANSWER_NA);
	assert_int_equal(answer_parse("maybe", &a), -1);
	assert_string_equal(answer_name(ANSWER_YES), "yes");
	assert_int_equal(role_parse("management", &r), 0);
	assert_int_equal(r, ROLE_MANAGEMENT);
	assert_string_equal(item_kind_name(KIND_MANUAL_EVIDENCE), "manual+evidence");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled),
		cmocka_unit_test(test_minimal_and_conditions),
		cmocka_unit_test(test_broken_corpus),
		cmocka_unit_test(test_all_errors_listed),
		cmocka_unit_test(test_hostile_inputs),
		cmocka_unit_test(test_lang_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
