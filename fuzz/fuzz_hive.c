/*
 * fuzz_hive.c: libFuzzer target for the registry hive reader (sys/winreg.c):
 * the input is a hive file opened through a target, and every key it holds
 * is walked (bounded in depth and count) with each value read as every type.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sys/target.h"
#include "../sys/winreg.h"
#include "../util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads every value of k in every way the API offers. */
static void
read_values(struct winreg_hive *h, winreg_key k)
{
	char **names = winreg_value_names(h, k), *s, **multi;
	unsigned char *bin;
	uint32_t d, type;
	uint64_t q;
	size_t i, len;

	if (names == NULL)
		return;
	for (i = 0; names[i] != NULL; i++) {
		if (winreg_string(h, k, names[i], &s) == WINREG_OK)
			free(s);
		if (winreg_multi_string(h, k, names[i], &multi) == WINREG_OK)
			strv_free(multi);
		(void)winreg_dword(h, k, names[i], &d);
		(void)winreg_qword(h, k, names[i], &q);
		if (winreg_binary(h, k, names[i], &bin, &len, &type) == WINREG_OK)
			free(bin);
	}
	strv_free(names);
}

/* Walks the tree below k, at most depth levels and *budget keys. */
static void
walk(struct winreg_hive *h, winreg_key k, int depth, size_t *budget)
{
	winreg_key *kids;
	size_t n, i;
	char *name;

	if (depth > 32 || *budget == 0)
		return;
	(*budget)--;
	if ((name = winreg_key_name(h, k)) != NULL)
		free(name);
	(void)winreg_key_time(h, k);
	read_values(h, k);
	if (winreg_subkeys(h, k, &kids, &n) != WINREG_OK)
		return;
	for (i = 0; i < n; i++)
		walk(h, kids[i], depth + 1, budget);
	free(kids);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	static struct target *t;
	char path[96], err[512], *cs;
	struct winreg_hive *h;
	winreg_key k;
	size_t budget = 20000;
	FILE *fp;

	if (t == NULL) {
		snprintf(dir, sizeof dir, "/tmp/reentry-fuzz-hive.%ld", (long)getpid());
		if (mkdir(dir, 0700) < 0 || (t = target_open(dir, err, sizeof err)) == NULL)
			abort();
	}
	snprintf(path, sizeof path, "%s/hive", dir);
	if ((fp = fopen(path, "wb")) == NULL)
		return 0;
	if (size > 0 && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return 0;
	}
	fclose(fp);
	if ((h = winreg_open(t, "/HIVE", err, sizeof err)) == NULL)
		return 0;
	walk(h, winreg_root(h), 0, &budget);
	if (winreg_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion", &k) == WINREG_OK)
		read_values(h, k);
	if ((cs = winreg_control_set(h, err, sizeof err)) != NULL)
		free(cs);
	winreg_close(h);
	return 0;
}
