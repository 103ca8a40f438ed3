/*
 * manifest.c: the per-file manifest beside a report (schema version 3).
 *
 * A scan run for a session streams its manifest (scan.h: one JSON line per
 * file) into the session's side directory, and its check result names the
 * file by SHA-256, line count and size. When the report is written, the
 * manifests of the report's checks are joined, in the order of its
 * "checks", into REPORT_ID.manifest.jsonl beside the report, each checked
 * against the SHA-256 its result recorded on the way. The report's
 * "manifest" member then holds the joined file's name, SHA-256, line count
 * and size, so the signature over the report covers every line.
 * Verifying reads the file again and compares all three. Memory stays
 * constant whatever the size of the manifest: it is copied and hashed in
 * blocks.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/xalloc.h"

#define BLOCK (256u << 10)

/* Lowercase hex of a finished digest. */
static void
digest_hex(EVP_MD_CTX *md, char out[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0, k;

	EVP_DigestFinal_ex(md, d, &n);
	for (k = 0; k < n && k < 32; k++)
		snprintf(out + 2 * k, 3, "%02x", d[k]);
	out[64] = '\0';
}

static EVP_MD_CTX *
digest_new(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		fatal("cannot initialise SHA-256");
	return md;
}

/* Writes all of buf to fd; 0 or -1 with errno. */
static int
write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Counts the newlines in [buf, buf + len). */
static uint64_t
count_lines(const unsigned char *buf, size_t len)
{
	const unsigned char *p = buf, *end = buf + len;
	uint64_t n = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * Reads the regular file at path (not through a link) in blocks into md
 * (and total, when not NULL), copying to outfd when >= 0. Counts lines and
 * bytes. 0, or -1 with errno.
 */
static int
stream_file(const char *path, int outfd, EVP_MD_CTX *md, EVP_MD_CTX *total, unsigned char *buf,
    uint64_t *lines, uint64_t *bytes)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), e;
	struct stat st;
	ssize_t r;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = fstat(fd, &st) < 0 ? errno : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	while ((r = read(fd, buf, BLOCK)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (outfd >= 0 && write_all(outfd, buf, (size_t)r) < 0)) {
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (EVP_DigestUpdate(md, buf, (size_t)r) != 1 ||
		    (total != NULL && EVP_DigestUpdate(total, buf, (size_t)r) != 1))
			fatal("cannot compute SHA-256");
		*lines += count_lines(buf, (size_t)r);
		*bytes += (uint64_t)r;
	}
	close(fd);
	return 0;
}

/* Whether name is a plain file name (no directory part, not hidden). */
static int
plain_name(const char *name)
{
	return name != NULL && name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

int
report_manifest_join(const struct json *r, const char *sidedir, const char *dir, const char *base,
    char **tmp, struct json **ref, char *err, size_t errlen)
{
	const struct json *checks = json_get(r, "checks");
	EVP_MD_CTX *total = NULL, *seg = NULL;
	unsigned char *buf = NULL;
	uint64_t lines = 0, bytes = 0;
	char hex[65];
	size_t i;
	int fd = -1, rc = -1;

	*tmp = NULL;
	*ref = NULL;
	for (i = 0; i < json_len(checks); i++) {
		const struct json *c = json_at(checks, i);
		const struct json *m = json_get(json_get(c, "details"), "manifest");
		const char *file = json_get_str(json_get(m, "file"));
		const char *want = json_get_str(json_get(m, "sha256"));
		uint64_t sl = 0, sb = 0;
		char *path;

		if (!json_is(m, JSON_OBJECT))
			continue;
		if (!plain_name(file) || want == NULL || sidedir == NULL) {
			snprintf(err, errlen, "check %s: its manifest is not named properly",
			    json_get_str(json_get(c, "id")));
			goto out;
		}
		if (fd < 0) {
			*tmp = xasprintf("%s/.%s.manifest-XXXXXX", dir, base);
			if ((fd = mkostemp(*tmp, O_CLOEXEC)) < 0) {
				snprintf(err, errlen, "%s: %s", *tmp, strerror(errno));
				free(*tmp);
				*tmp = NULL;
				goto out;
			}
			fchmod(fd, 0644);
			total = digest_new();
			buf = xmalloc(BLOCK);
		}
		seg = digest_new();
		path = xasprintf("%s/%s", sidedir, file);
		if (stream_file(path, fd, seg, total, buf, &sl, &sb) < 0) {
			snprintf(err, errlen,
			    "%s: the manifest of check %s cannot be read (%s): run the check again",
			    path, json_get_str(json_get(c, "id")), strerror(errno));
			free(path);
			goto out;
		}
		digest_hex(seg, hex);
		EVP_MD_CTX_free(seg);
		seg = NULL;
		if (strcmp(hex, want) != 0 || (int64_t)sl != json_get_int(json_get(m, "files"), -1) ||
		    (int64_t)sb != json_get_int(json_get(m, "bytes"), -1)) {
			snprintf(err, errlen,
			    "%s: the manifest of check %s changed after the scan (SHA-256, lines or "
			    "size differ): run the check again",
			    path, json_get_str(json_get(c, "id")));
			free(path);
			goto out;
		}
		free(path);
		lines += sl;
		bytes += sb;
	}
	if (fd < 0) {
		*ref = json_null();
		return 0;
	}
	if (fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", *tmp, strerror(errno));
		goto out;
	}
	digest_hex(total, hex);
	*ref = json_object();
	json_obj_set(*ref, "file", json_strf("%s.manifest.jsonl", base));
	json_obj_set(*ref, "sha256", json_str(hex));
	json_obj_set(*ref, "files", json_int((int64_t)lines));
	json_obj_set(*ref, "bytes", json_int((int64_t)bytes));
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && *tmp != NULL) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	EVP_MD_CTX_free(total);
	EVP_MD_CTX_free(seg);
	free(buf);
	return rc;
}

int
report_manifest_check(const char *report_path, const struct json *r, char *err, size_t errlen)
{
	const struct json *m = json_get(r, "manifest");
	const char *file = json_get_str(json_get(m, "file"));
	const char *slash = strrchr(report_path, '/');
	EVP_MD_CTX *md;
	unsigned char *buf;
	uint64_t lines = 0, bytes = 0;
	char *path, hex[65];
	int rc;

	if (!json_is(m, JSON_OBJECT))
		return REPORT_MANIFEST_NONE;
	if (!plain_name(file)) {
		snprintf(err, errlen, "%s: the manifest is not named properly", report_path);
		return REPORT_MANIFEST_BAD;
	}
	path = slash != NULL ? xasprintf("%.*s/%s", (int)(slash - report_path), report_path, file) :
	                       xstrdup(file);
	md = digest_new();
	buf = xmalloc(BLOCK);
	if (stream_file(path, -1, md, NULL, buf, &lines, &bytes) < 0) {
		if (errno == ENOENT) {
			snprintf(err, errlen,
			    "%s: the manifest is absent: the list of every file scanned was not checked",
			    path);
			rc = REPORT_MANIFEST_ABSENT;
		} else {
			snprintf(err, errlen, "%s: the manifest cannot be read: %s", path,
			    strerror(errno));
			rc = REPORT_MANIFEST_BAD;
		}
		goto out;
	}
	digest_hex(md, hex);
	if (strcmp(hex, json_get_str(json_get(m, "sha256"))) != 0 ||
	    (int64_t)lines != json_get_int(json_get(m, "files"), -1) ||
	    (int64_t)bytes != json_get_int(json_get(m, "bytes"), -1)) {
		snprintf(err, errlen,
		    "%s: the manifest was altered: its SHA-256, line count or size is not what the "
		    "signed report says",
		    path);
		rc = REPORT_MANIFEST_BAD;
	} else {
		snprintf(err, errlen, "%s: %llu files, %llu bytes, SHA-256 matches", path,
		    (unsigned long long)lines, (unsigned long long)bytes);
		rc = REPORT_MANIFEST_GOOD;
	}
out:
	EVP_MD_CTX_free(md);
	free(buf);
	free(path);
	return rc;
}
