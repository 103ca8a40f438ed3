/*
 * fuzz_dpkg_log.c: libFuzzer target for the new-software check's readers of
 * the inspected system's package records: dpkg.log, apt's history.log and
 * extended_states (checks/linux/new_software.c). The same bytes go through
 * each parser in turn, as one set of facts, then the linking of packages to
 * apt runs, so every combination the probe can meet is reached.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/new_software.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct new_software_facts f;
	const char *buf = (const char *)data;

	memset(&f, 0, sizeof f);
	/* the first byte picks the period start, so both sides of it are reached */
	f.since = size > 0 && (data[0] & 1) ? 1767225600 /* 2026-01-01 */ : 0;
	new_software_parse_dpkg_log(&f, "/var/log/dpkg.log", buf, size);
	new_software_parse_history(&f, "/var/log/apt/history.log", buf, size);
	new_software_link_history(&f);
	new_software_parse_extended_states(&f, buf, size);
	new_software_facts_free(&f);
	return 0;
}
