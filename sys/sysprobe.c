/*
 * sysprobe.c: file, mount table, process and home directory readers for the
 * system checks (see sysprobe.h).
 */
#include "sysprobe.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

char *
sysprobe_trim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	n = 0;
	while (isspace((unsigned char)s[n]))
		n++;
	if (n > 0)
		memmove(s, s + n, strlen(s + n) + 1);
	return s;
}

void
sysprobe_unescape_octal(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			int c = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');

			if (c != 0) {
				*w++ = (char)c;
				s += 4;
				continue;
			}
		}
		*w++ = *s++;
	}
	*w = '\0';
}

/* Splits line at spaces into at most max fields; returns the count. */
static size_t
split_spaces(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " ", &save); t != NULL && n < max; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	return n;
}

void
sysprobe_mounts_free(struct sysprobe_mount *m, size_t n)
{
	size_t i;

	for (i = 0; m != NULL && i < n; i++) {
		free(m[i].mountpoint);
		free(m[i].fstype);
		free(m[i].source);
	}
	free(m);
}

int
sysprobe_mounts(const struct target *t, struct sysprobe_mount **out, size_t *n, char *err, size_t errlen)
{
	char *data, *line, *save = NULL;
	struct sysprobe_mount *m = NULL;
	size_t cnt = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (target_read(t, "/proc/self/mountinfo", 16 << 20, &data, NULL, err, errlen) < 0)
		return -1;
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *f[64];
		size_t nf = split_spaces(line, f, 64), dash;
		unsigned maj, min;

		for (dash = 6; dash < nf; dash++)
			if (strcmp(f[dash], "-") == 0)
				break;
		if (nf < 7 || dash + 2 >= nf || sscanf(f[2], "%u:%u", &maj, &min) != 2)
			continue; /* a line we do not understand cannot name a mount */
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			m = xreallocarray(m, cap, sizeof *m);
		}
		m[cnt].major = maj;
		m[cnt].minor = min;
		m[cnt].mountpoint = xstrdup(f[4]);
		m[cnt].fstype = xstrdup(f[dash + 1]);
		m[cnt].source = xstrdup(f[dash + 2]);
		sysprobe_unescape_octal(m[cnt].mountpoint);
		sysprobe_unescape_octal(m[cnt].source);
		cnt++;
	}
	free(data);
	*out = m;
	*n = cnt;
	return 0;
}

const struct sysprobe_mount *
sysprobe_mount_at(const struct sysprobe_mount *m, size_t n, const char *mp)
{
	size_t i;

	for (i = n; i > 0; i--)
		if (strcmp(m[i - 1].mountpoint, mp) == 0)
			return &m[i - 1];
	return NULL;
}

int
sysprobe_running(const struct target *t, const char *const *names)
{
	char err[256];
	DIR *d = target_opendir(t, "/proc", err, sizeof err);
	struct dirent *e;
	int found = -1, any = 0;

	if (d == NULL)
		return -2;
	while ((e = readdir(d)) != NULL && found < 0) {
		char path[300], *comm;
		size_t i;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (xsnprintf(path, sizeof path, "/proc/%s/comm", e->d_name) < 0)
			continue;
		if ((comm = target_line(t, path)) == NULL)
			continue;
		any = 1;
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(comm, names[i]) == 0) {
				found = (int)i;
				break;
			}
		free(comm);
	}
	closedir(d);
	return found >= 0 ? found : any ? -1 : -2;
}

void
sysprobe_homes_free(struct sysprobe_home *h, size_t n)
{
	size_t i;

	for (i = 0; h != NULL && i < n; i++) {
		free(h[i].user);
		free(h[i].dir);
	}
	free(h);
}

int
sysprobe_homes(const struct target *t, struct sysprobe_home **out, size_t *n, char *err, size_t errlen)
{
	char *data, *line, *save = NULL;
	struct sysprobe_home *h;
	size_t cnt = 0, cap = 8;
	int rc = 0;

	h = xcalloc(cap, sizeof *h);
	h[cnt].user = xstrdup("root");
	h[cnt++].dir = xstrdup("/root");
	if (target_read(t, "/etc/passwd", 8 << 20, &data, NULL, err, errlen) < 0) {
		*out = h;
		*n = cnt;
		return -1;
	}
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *f[7], *p = line;
		size_t nf = 0, i;
		char *end;
		long uid;

		while (nf < 7) {
			f[nf++] = p;
			if ((p = strchr(p, ':')) == NULL)
				break;
			*p++ = '\0';
		}
		if (nf < 6 || f[5][0] != '/')
			continue;
		errno = 0;
		uid = strtol(f[2], &end, 10);
		if (errno != 0 || *end != '\0' || end == f[2] || uid < 1000 || uid >= 65534)
			continue;
		for (i = 0; i < cnt; i++)
			if (strcmp(h[i].dir, f[5]) == 0)
				break;
		if (i < cnt)
			continue;
		if (cnt == cap) {
			cap *= 2;
			h = xreallocarray(h, cap, sizeof *h);
		}
		h[cnt].user = xstrdup(f[0]);
		h[cnt++].dir = xstrdup(f[5]);
	}
	free(data);
	*out = h;
	*n = cnt;
	return rc;
}

extern char **environ;

int
sysprobe_run(const char *const *argv, size_t max, char **out, size_t *len)
{
	posix_spawn_file_actions_t fa;
	struct strbuf sb = STRBUF_INIT;
	int pfd[2], st, rc = -1;
	pid_t pid;
	char buf[8192];
	ssize_t r;

	*out = NULL;
	*len = 0;
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	while ((r = read(pfd[0], buf, sizeof buf)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (sb.len + (size_t)r <= max)
			sb_add(&sb, buf, (size_t)r);
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			sb_free(&sb);
			return -1;
		}
	if (WIFEXITED(st))
		rc = WEXITSTATUS(st);
	*len = sb.len;
	*out = sb_detach(&sb);
	return rc;
}
