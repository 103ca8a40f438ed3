/*
 * fuzz_dpkg_status.c: libFuzzer target for the dpkg status file (Status,
 * Source, Provides, Multi-Arch): the input is /var/lib/dpkg/status of a
 * small tree with a list to upgrade from, loaded as the os-updates probe
 * loads it (aptroot.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "aptroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aptroot_reset();
	if (aptroot_input("/var/lib/dpkg/status", data, size) < 0)
		return 0;
	aptroot_load();
	return 0;
}
