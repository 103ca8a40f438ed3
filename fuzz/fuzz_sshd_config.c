/*
 * fuzz_sshd_config.c: libFuzzer target for the remote-access check's
 * sshd_config reader, run as in real use: the input becomes
 * /etc/ssh/sshd_config of a private fixture root (with a drop-in that
 * holds the input too, reached by "Include sshd_config.d/*.conf"), and the
 * check runs on that root through check_run(), probe and judge. The result
 * must be a status with both summaries.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/check.h"
#include "../config/config.h"
#include "../util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern const struct check check_remote_access;

static char root[64];

static int
put(const char *rel, const uint8_t *data, size_t size)
{
	char *p = xasprintf("%s%s", root, rel);
	FILE *fp = fopen(p, "wb");
	int rc = 0;

	free(p);
	if (fp == NULL)
		return -1;
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config *cfg;
	struct check_ctx ctx;
	struct check_result res;
	struct target *t;
	char err[256];

	if (root[0] == '\0') {
		static const char *const dirs[] = { "", "/etc", "/etc/ssh", "/etc/ssh/sshd_config.d" };
		size_t i;

		snprintf(root, sizeof root, "/tmp/reentry-fuzz-sshd.%ld", (long)getpid());
		for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
			char *d = xasprintf("%s%s", root, dirs[i]);

			(void)mkdir(d, 0700);
			free(d);
		}
		cfg = config_defaults();
	}
	if (put("/etc/ssh/sshd_config", data, size) < 0 ||
	    put("/etc/ssh/sshd_config.d/50-fuzz.conf", data, size) < 0)
		return 0;
	if ((t = target_open(root, err, sizeof err)) == NULL)
		return 0;
	memset(&ctx, 0, sizeof ctx);
	ctx.target = t;
	ctx.root = target_root(t);
	ctx.cfg = cfg;
	check_run(&check_remote_access, &ctx, &res);
	if (res.summary_en == NULL || res.summary_ja == NULL)
		abort();
	check_result_free(&res);
	target_free(t);
	return 0;
}
