/*
 * fuzz_config.c: libFuzzer target for the site configuration loader.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../checks/check.h"
#include "../config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct diags d = DIAGS_INIT;
	struct config *cfg;
	FILE *fp;

	/* config_load reads a file, as it does in real use */
	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/reentry-fuzz-config.%ld.yaml", (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL)
		return 0;
	if (size > 0 && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return 0;
	}
	fclose(fp);
	cfg = config_load(path, check_config_params, &d);
	config_free(cfg);
	diags_clear(&d);
	return 0;
}
