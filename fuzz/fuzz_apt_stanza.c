/*
 * fuzz_apt_stanza.c: libFuzzer target for apt's list and Release stanzas:
 * the first byte chooses the file the rest replaces (a Packages list, or
 * its InRelease file), and the tree is loaded as the os-updates probe
 * loads it (aptroot.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "aptroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	aptroot_reset();
	if (aptroot_input(data[0] & 1 ? APTROOT_RELEASE : APTROOT_LIST, data + 1, size - 1) < 0)
		return 0;
	aptroot_load();
	return 0;
}
