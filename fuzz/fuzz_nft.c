/*
 * fuzz_nft.c: libFuzzer target for the firewall check's ruleset readers:
 * the nftables text reader (with includes that name the input itself, so
 * include nesting, loops and globs are reached) and the iptables-save
 * reader for both families. Every result must say how it filters.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/linux/fwparse.h"
#include "../util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *input;

/* Every pattern names two files, both the input. */
static char **
expand(void *arg, const char *pattern, size_t *n)
{
	char **v = xcalloc(2, sizeof *v);

	(void)arg;
	v[0] = xasprintf("%s.a", pattern);
	v[1] = xasprintf("%s.b", pattern);
	*n = strchr(pattern, '*') != NULL ? 2 : 1;
	if (*n == 1)
		free(v[1]);
	return v;
}

static int
readf(void *arg, const char *path, char **text, char *err, size_t errlen)
{
	(void)arg;
	if (strstr(path, "missing") != NULL) {
		xsnprintf(err, errlen, "%s: No such file or directory", path);
		return -1;
	}
	*text = xstrdup(input);
	return 0;
}

static void
must_say(const struct json *src)
{
	const char *f = json_get_str(json_get(src, "filtering"));

	if (f == NULL ||
	    (strcmp(f, "full") != 0 && strcmp(f, "partial") != 0 && strcmp(f, "none") != 0 &&
	        strcmp(f, "unknown") != 0))
		abort();
	if (strcmp(f, "unknown") == 0 && json_get_str(json_get(src, "reason")) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	const struct fw_include_ops ops = { expand, readf, NULL };
	struct json *src = json_object();

	input = text;
	firewall_eval_nft_text(text, "fuzz.nft", &ops, src);
	must_say(src);
	json_free(src);
	src = json_object();
	firewall_eval_nft_text(text, "fuzz.nft", NULL, src);
	must_say(src);
	json_free(src);
	src = json_object();
	firewall_eval_iptables(text, FW_V4, src);
	must_say(src);
	json_free(src);
	src = json_object();
	firewall_eval_iptables(text, FW_V6, src);
	must_say(src);
	json_free(src);
	free(text);
	return 0;
}
