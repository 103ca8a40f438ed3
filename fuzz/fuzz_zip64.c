/*
 * fuzz_zip64.c: libFuzzer target for the zip64 reader (scan/zip64.c), which
 * reads the end records, central directory, extra fields and local headers
 * of zip archives found on a medium. The input is copied to a buffer of
 * exactly its size, so any read past the end is caught by ASan.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../scan/scan_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_zip64 z;
	unsigned char *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (scan_zip64_probe(copy, size, &z) && strlen(z.first) >= sizeof z.first)
		abort();
	free(copy);
	return 0;
}
