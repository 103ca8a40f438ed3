/*
 * fuzz_domains.c: libFuzzer target for what suspicious-domains reads from the
 * inspected system. The first byte picks the input: URLs (one a line) through
 * domain_from_url() and the look-alike rules; a hosts file; or a browser
 * history database, the last two through the whole check on a private root,
 * as in real use.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/check.h"
#include "../checks/domains.h"
#include "../config/config.h"
#include "../sys/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to root/rel; 0 or -1. */
static int
put(const char *root, const char *rel, const uint8_t *data, size_t size)
{
	char path[512];
	FILE *fp;
	int ok;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	if ((fp = fopen(path, "wb")) == NULL)
		return -1;
	ok = size == 0 || fwrite(data, 1, size, fp) == size;
	return fclose(fp) == 0 && ok ? 0 : -1;
}

/* Runs the check on root, with an organisation domain. */
static void
run_on(const char *root)
{
	static const struct check *c;
	static struct config *cfg;
	struct check_ctx ctx = { 0 };
	struct check_result res;
	char err[256];
	struct target *t;

	if (c == NULL) {
		c = check_find("suspicious-domains");
		cfg = config_defaults();
	}
	if ((t = target_open(root, err, sizeof err)) == NULL)
		return;
	ctx.target = t;
	ctx.cfg = cfg;
	ctx.now = 1700000000;
	check_run(c, &ctx, &res);
	check_result_free(&res);
	target_free(t);
}

static char root[64];

/* Removes the private root at exit. */
static void
cleanup(void)
{
	static const char *const paths[] = { "home/u/.config/chromium/Default/History",
		"home/u/.config/chromium/Default", "home/u/.config/chromium", "home/u/.config",
		"home/u", "home", "etc/hosts", "etc/passwd", "etc", "", NULL };
	char p[512];
	size_t i;

	for (i = 0; paths[i] != NULL; i++) {
		snprintf(p, sizeof p, "%s/%s", root, paths[i]);
		if (unlink(p) != 0)
			rmdir(p);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct domain_rules *rules;

	if (size == 0)
		return 0;
	if (root[0] == '\0') {
		static const char *const orgs[] = { "example.co.jp", "mof.go.jp", NULL };
		static const char *const tlds[] = { "tk", "ml", NULL };
		char d[512], e[256];

		snprintf(root, sizeof root, "/tmp/reentry-fuzz-domains.%ld", (long)getpid());
		snprintf(d, sizeof d, "%s/home/u/.config/chromium/Default", root);
		for (char *p = d + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(d, 0700);
				*p = '/';
			}
		mkdir(d, 0700);
		snprintf(d, sizeof d, "%s/etc", root);
		mkdir(d, 0700);
		rules = domain_rules_new(orgs, domain_well_known, tlds, NULL, e, sizeof e);
		if (rules == NULL)
			abort();
		put(root, "etc/passwd", (const uint8_t *)"u:x:1000:1000::/home/u:/bin/sh\n", 32);
		atexit(cleanup);
	}
	switch (data[0] % 3) {
	case 0: {
		char *text = malloc(size), *line, *save = NULL;

		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		for (line = strtok_r(text, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			char *shown, *h = domain_from_url(line, &shown);
			struct domain_verdict v;

			if (h != NULL) {
				if (domain_rules_judge(rules, h, shown, &v) && v.reason == NULL)
					abort();
				free(domain_to_unicode(h));
				free(domain_to_ascii(h));
			}
			free(h);
			free(shown);
		}
		free(text);
		break;
	}
	case 1:
		if (put(root, "etc/hosts", data + 1, size - 1) == 0)
			run_on(root);
		break;
	default:
		if (put(root, "home/u/.config/chromium/Default/History", data + 1, size - 1) == 0)
			run_on(root);
		break;
	}
	return 0;
}
