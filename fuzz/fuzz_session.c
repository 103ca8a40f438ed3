/*
 * fuzz_session.c: libFuzzer target for the session state file parser
 * (session_parse), with a small built-in checklist. Inputs that load are
 * then walked the way the UI would: outcomes, the verdict, every getter.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../session/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char mini[] =
    "checklist:\n"
    "  id: mini\n"
    "  version: \"1\"\n"
    "  title: {ja: ミニ, en: Mini}\n"
    "categories:\n"
    "  - id: \"1\"\n"
    "    title: {ja: 分類, en: Category}\n"
    "    items:\n"
    "      - id: \"1-1\"\n"
    "        title: {ja: 項目一, en: Item one}\n"
    "        description: {ja: 説明, en: Description}\n"
    "        roles: [staff, it]\n"
    "        kind: manual\n"
    "        jnsa: {ref: \"1-1\", wording: confirmed}\n"
    "      - id: \"1-2\"\n"
    "        title: {ja: 項目二, en: Item two}\n"
    "        description: {ja: 説明, en: Description}\n"
    "        roles: [staff]\n"
    "        kind: manual\n"
    "        when: {item: \"1-1\", answer: [yes]}\n"
    "        jnsa: {ref: \"1-2\", wording: reconstructed}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct checklist *cl;
	struct session *s;
	struct verdict v;
	char err[512];
	size_t i;

	if (cl == NULL) {
		struct diags d = DIAGS_INIT;

		cl = checklist_load_buf("mini.yaml", mini, sizeof mini - 1, &d);
		if (cl == NULL)
			abort();
		/* the fuzzer's sessions must carry this checklist's hash to get far */
		memcpy(cl->sha256,
		    "0000000000000000000000000000000000000000000000000000000000000000", 64);
	}
	s = session_parse(cl, NULL, "fuzz", (const char *)data, size, err, sizeof err);
	if (s == NULL)
		return 0;
	session_verdict(s, &v);
	for (i = 0; i < cl->nitems; i++) {
		const struct item *it = cl->items[i];
		const struct waiver *w = session_waiver(s, it);

		(void)item_outcome_name(session_item_outcome(s, it));
		(void)session_note(s, it);
		(void)session_answer(s, it);
		if (w != NULL)
			(void)waiver_active(w, 0);
	}
	(void)session_result(s, "x");
	(void)session_device(s);
	(void)session_operator(s);
	session_free(s);
	return 0;
}
