/*
 * fuzz_apt_prefs.c: libFuzzer target for apt's preferences (pins): the
 * input is /etc/apt/preferences of a small tree whose versions the pins
 * then choose among, loaded as the os-updates probe loads it (aptroot.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "aptroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aptroot_reset();
	if (aptroot_input("/etc/apt/preferences", data, size) < 0)
		return 0;
	aptroot_load();
	return 0;
}
