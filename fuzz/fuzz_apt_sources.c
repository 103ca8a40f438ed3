/*
 * fuzz_apt_sources.c: libFuzzer target for apt's own configuration text:
 * the input is parsed as a deb822 .sources file, as a one-line
 * sources.list and as apt.conf, and every entry's list file name is
 * derived (checks/linux/aptsrc.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../checks/linux/aptsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aptsrc s = { 0 };
	struct aptconf c = { 0 };
	const char *buf = (const char *)data;
	char err[512];
	size_t i;

	aptsrc_parse_deb822(&s, "fuzz.sources", buf, size);
	aptsrc_parse_list(&s, "fuzz.list", buf, size);
	for (i = 0; i < s.n; i++) {
		char *f = aptsrc_filename(s.e[i].uri, s.e[i].suite);

		free(f);
	}
	aptsrc_free(&s);
	if (aptconf_parse(&c, "fuzz.conf", buf, size, err, sizeof err) == 0) {
		(void)aptconf_get(&c, "APT::Default-Release");
		(void)aptconf_bool(&c, "APT::Get::Always-Include-Phased-Updates", 0);
	}
	aptconf_free(&c);
	return 0;
}
