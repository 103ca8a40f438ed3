/*
 * fuzz_checklist.c: libFuzzer target for the checklist loader (libyaml, the
 * node tree, the validator) and the site configuration parser.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../checklists/checklist.h"
#include "../config/config.h"
#include "../util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct checklist *cl;
	size_t i;

	cl = checklist_load_buf("fuzz.yaml", (const char *)data, size, &d);
	if (cl != NULL) {
		/* exercise the model the way list --json does */
		for (i = 0; i < cl->ncategories; i++)
			json_free(category_to_json(&cl->categories[i]));
		checklist_free(cl);
	}
	for (i = 0; i < d.n; i++)
		free(diag_format(&d.v[i]));
	diags_clear(&d);
	return 0;
}
