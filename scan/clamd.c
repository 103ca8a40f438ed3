/*
 * clamd.c: scanning through a clamd daemon over its unix socket.
 *
 * Files are streamed with the INSTREAM command ("zINSTREAM\0", then chunks
 * of a 4-byte big-endian length and the bytes, then a zero length), so clamd
 * needs no access to the medium, and the same bytes are hashed for the
 * manifest as they are sent. One connection per file; workers run in
 * parallel, each with its own connection.
 */
#include "scan_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "../util/xalloc.h"

/* How long to wait for clamd to answer, in seconds. */
#define CLAMD_TIMEOUT 600
/* Longest reply we accept. */
#define CLAMD_REPLY_MAX 4096

/* Connects to the unix socket path; returns the fd or -1 with errno. */
static int
clamd_connect(const char *path)
{
	struct sockaddr_un sa;
	struct timeval tv = { CLAMD_TIMEOUT, 0 };
	int fd, e;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Sends all of buf; 0 or -1 with errno (never SIGPIPE). */
static int
send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads a reply up to its NUL (or end of stream); caller frees. NULL with errno on failure. */
static char *
read_reply(int fd)
{
	char *buf = xmalloc(CLAMD_REPLY_MAX + 1);
	size_t len = 0;

	while (len < CLAMD_REPLY_MAX) {
		ssize_t n = recv(fd, buf + len, CLAMD_REPLY_MAX - len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\0', len) != NULL)
			break;
	}
	buf[len] = '\0';
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len == 0) {
		free(buf);
		errno = ECONNRESET;
		return NULL;
	}
	return buf;
}

int
scan_clamd_version(const char *sock, char **version, unsigned *dbver, time_t *dbtime, char *err,
    size_t errlen)
{
	static const char cmd[] = "zVERSION";
	char *reply, *p, *slash;
	int fd;

	*version = NULL;
	*dbver = 0;
	*dbtime = 0;
	if ((fd = clamd_connect(sock)) < 0) {
		xsnprintf(err, errlen,
		    "cannot connect to clamd at %s: %s; start clamd (package "
		    "clamav-daemon) or remove clamav.clamd_socket from the configuration",
		    sock, strerror(errno));
		return -1;
	}
	if (send_all(fd, cmd, sizeof cmd) < 0 || (reply = read_reply(fd)) == NULL) {
		xsnprintf(err, errlen, "clamd at %s did not answer VERSION: %s", sock, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	/* "ClamAV 1.4.6/27999/Tue Nov 24 08:21:12 2026", or "ClamAV 1.4.6" without a daily database */
	p = reply;
	if (strncmp(p, "ClamAV ", 7) == 0)
		p += 7;
	if ((slash = strchr(p, '/')) != NULL) {
		struct tm tm;
		char *t;

		*slash = '\0';
		*dbver = (unsigned)strtoul(slash + 1, &t, 10);
		memset(&tm, 0, sizeof tm);
		if (*t == '/' && strptime(t + 1, "%a %b %d %H:%M:%S %Y", &tm) != NULL)
			*dbtime = timegm(&tm);
	}
	*version = xstrdup(p);
	free(reply);
	return 0;
}

enum scan_outcome
scan_clamd_stream(const char *sock, int fd, void *sha, unsigned char *buf, size_t buflen,
    _Atomic uint64_t *bytes, uint64_t *nread, int *read_err, atomic_int *cancel, char **what)
{
	static const char cmd[] = "zINSTREAM";
	int s, sending = 1, send_errno = 0;
	char *reply, *p;
	size_t len;

	*what = NULL;
	*nread = 0;
	*read_err = 0;
	if ((s = clamd_connect(sock)) < 0) {
		/* still read the file to the end: the manifest gets its hash */
		*what = xasprintf("cannot connect to clamd at %s: %s", sock, strerror(errno));
		sending = 0;
	} else if (send_all(s, cmd, sizeof cmd) < 0) {
		send_errno = errno;
		sending = 0;
	}
	for (;;) {
		ssize_t n = read(fd, buf + 4, buflen - 4);
		uint32_t be;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			*read_err = errno;
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(sha, buf + 4, (size_t)n);
		*nread += (uint64_t)n;
		atomic_fetch_add(bytes, (uint64_t)n);
		if (cancel != NULL && atomic_load(cancel)) {
			if (s >= 0)
				close(s);
			return SCAN_OUT_CANCELLED;
		}
		if (!sending)
			continue;
		be = htonl((uint32_t)n);
		memcpy(buf, &be, 4);
		if (send_all(s, buf, (size_t)n + 4) < 0) {
			/* clamd stopped reading (a size limit): its reply says why */
			send_errno = errno;
			sending = 0;
		}
	}
	if (s < 0)
		return SCAN_OUT_UNSCANNABLE;
	if (*read_err != 0) {
		close(s);
		*what = xasprintf("read error: %s", strerror(*read_err));
		return SCAN_OUT_UNSCANNABLE;
	}
	if (sending) {
		static const unsigned char end[4] = { 0, 0, 0, 0 };

		if (send_all(s, end, sizeof end) < 0)
			send_errno = errno;
	}
	reply = read_reply(s);
	close(s);
	if (reply == NULL) {
		*what = xasprintf("clamd did not answer: %s",
		    strerror(send_errno > 0 ? send_errno : errno));
		return SCAN_OUT_UNSCANNABLE;
	}
	p = reply;
	if (strncmp(p, "stream: ", 8) == 0)
		p += 8;
	len = strlen(p);
	if (strcmp(p, "OK") == 0) {
		free(reply);
		return SCAN_OUT_CLEAN;
	}
	if (len > 6 && strcmp(p + len - 6, " FOUND") == 0) {
		enum scan_outcome o;

		p[len - 6] = '\0';
		o = scan_classify_name(p, what);
		free(reply);
		return o;
	}
	if (strstr(p, "size limit exceeded") != NULL)
		*what = xasprintf("larger than clamd's stream limit (StreamMaxLength): %s", p);
	else
		*what = xasprintf("clamd could not scan it: %s", p);
	free(reply);
	return SCAN_OUT_UNSCANNABLE;
}
