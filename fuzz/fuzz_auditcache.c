/*
 * fuzz_auditcache.c: libFuzzer target for the audit's cache file
 * (report/auditcache.c): the input is written as a cache file of our own
 * (mode 0600) and loaded, then every line that looks like an entry is
 * taken by its two SHA-256s, so the line check, the JSON parser, the key
 * parser and the fingerprint comparison all run on it. An entry taken
 * must come with its document and key, and is then asked for again.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/auditcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct auditcache *c;
	const char *p = (const char *)data, *end = p + size;
	int fd;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/fuzz-auditcache-%ld.cache", (long)getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	close(fd);
	c = auditcache_load(path);
	unlink(path);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		if (ll >= 129) {
			char sha[65], sig[65];
			struct json *r, *r2;
			struct sshkey *k, *k2;

			memcpy(sha, p, 64);
			sha[64] = '\0';
			memcpy(sig, p + 65, 64);
			sig[64] = '\0';
			if (auditcache_take(c, sha, sig, &r, &k) == 0) {
				if (r == NULL || k == NULL)
					abort();
				if (auditcache_take(c, sha, sig, &r2, &k2) == 0) {
					json_free(r2);
					sshkey_free(k2);
				}
				json_free(r);
				sshkey_free(k);
			}
		}
		p = nl != NULL ? nl + 1 : end;
	}
	(void)auditcache_stale(c);
	auditcache_free(c);
	return 0;
}
