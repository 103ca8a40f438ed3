/*
 * target.c: the inspected system: its root descriptor, kind and identity,
 * and every read beneath its root (see target.h).
 */
#include "target.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "winreg.h"

struct target {
	char *root;      /* as given */
	char *real_root; /* realpath(root), for target_realpath() */
	int fd;          /* O_PATH | O_DIRECTORY */
	int live;
	enum target_kind kind;
	char *hostname;
	char *machine_id;
	char *os;
	struct json *windows; /* winreg_identity_to_json() on a Windows target */
};

const char *
target_kind_name(enum target_kind k)
{
	return k == TARGET_WINDOWS ? "windows" : "linux";
}

const char *
target_kind_title(enum target_kind k, int ja)
{
	if (k == TARGET_WINDOWS)
		return "Windows";
	return ja ? "Debian 系 Linux" : "Debian-like Linux";
}

/* The path relative to the root: leading slashes dropped; "." for the root itself. */
static const char *
rel(const char *path)
{
	while (*path == '/')
		path++;
	return *path != '\0' ? path : ".";
}

/* openat2 beneath the root; -1 with errno. */
static int
open_beneath(const struct target *t, const char *path, int flags, int nofollow_last)
{
	static int no_openat2;
	struct open_how how;
	int fd;

	/* openat2 refuses flags that mean nothing with O_PATH */
	flags |= (flags & O_PATH) ? O_CLOEXEC : O_CLOEXEC | O_NOCTTY;
	if (nofollow_last)
		flags |= O_NOFOLLOW;
	if (!no_openat2) {
		memset(&how, 0, sizeof how);
		how.flags = (unsigned long long)flags;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, t->fd, rel(path), &how, sizeof how);
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return fd;
		no_openat2 = 1;
	}
	/*
	 * No openat2 (an old kernel, or a sandbox that forbids it): walk the
	 * path one component at a time and follow no symlink at all. Stricter
	 * than RESOLVE_IN_ROOT, never looser.
	 */
	{
		char *copy = xstrdup(rel(path)), *save = NULL, *comp, *next;
		int dir = dup(t->fd);

		if (dir < 0) {
			free(copy);
			return -1;
		}
		fd = -1;
		for (comp = strtok_r(copy, "/", &save); comp != NULL; comp = next) {
			int nfd;

			next = strtok_r(NULL, "/", &save);
			if (strcmp(comp, "..") == 0) {
				errno = EXDEV;
				break;
			}
			if (next != NULL)
				nfd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			else
				nfd = openat(dir, comp, flags | O_NOFOLLOW);
			if (nfd < 0)
				break;
			if (next == NULL) {
				fd = nfd;
				break;
			}
			close(dir);
			dir = nfd;
		}
		if (fd < 0 && strcmp(rel(path), ".") == 0)
			fd = openat(dir, ".", flags);
		{
			int saved = errno;

			close(dir);
			free(copy);
			errno = saved;
		}
		return fd;
	}
}

int
target_open_file(const struct target *t, const char *path, int flags, char *err, size_t errlen)
{
	int fd = open_beneath(t, path, flags, 0);

	if (fd < 0) {
		int saved = errno;

		if (errno == EXDEV)
			snprintf(err, errlen, "%s: cannot be resolved inside %s", path, t->root);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		errno = saved;
	}
	return fd;
}

int
target_read(const struct target *t, const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char buf[65536];
	int fd = target_open_file(t, path, O_RDONLY | O_NONBLOCK, err, errlen);

	*data = NULL;
	if (len != NULL)
		*len = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path,
		    S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		if (sb.len + (size_t)r > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
		sb_add(&sb, buf, (size_t)r);
	}
	close(fd);
	if (len != NULL)
		*len = sb.len;
	*data = sb_detach(&sb);
	return 0;
fail:
	close(fd);
	sb_free(&sb);
	return -1;
}

char *
target_line(const struct target *t, const char *path)
{
	char *data, err[256], *nl, *s;
	size_t n;

	if (target_read(t, path, 1 << 16, &data, NULL, err, sizeof err) < 0)
		return NULL;
	if ((nl = strchr(data, '\n')) != NULL)
		*nl = '\0';
	n = strlen(data);
	while (n > 0 && isspace((unsigned char)data[n - 1]))
		data[--n] = '\0';
	for (s = data; isspace((unsigned char)*s); s++)
		;
	if (s != data)
		memmove(data, s, strlen(s) + 1);
	return data;
}

/* fstat of path opened O_PATH; nofollow for lstat. */
static int
stat_beneath(const struct target *t, const char *path, struct stat *st, int nofollow)
{
	int fd = open_beneath(t, path, O_PATH, nofollow), rc, saved;

	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
target_stat(const struct target *t, const char *path, struct stat *st)
{
	return stat_beneath(t, path, st, 0);
}

int
target_lstat(const struct target *t, const char *path, struct stat *st)
{
	return stat_beneath(t, path, st, 1);
}

int
target_exists(const struct target *t, const char *path)
{
	struct stat st;

	return target_lstat(t, path, &st) == 0;
}

int
target_isdir(const struct target *t, const char *path)
{
	struct stat st;

	return target_stat(t, path, &st) == 0 && S_ISDIR(st.st_mode);
}

DIR *
target_opendir(const struct target *t, const char *path, char *err, size_t errlen)
{
	int fd = target_open_file(t, path, O_RDONLY | O_DIRECTORY, err, errlen);
	DIR *d;

	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		int saved = errno;

		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		errno = saved;
	}
	return d;
}

char *
target_readlink(const struct target *t, const char *path)
{
	char buf[PATH_MAX + 1];
	int fd = open_beneath(t, path, O_PATH, 1), saved;
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = readlinkat(fd, "", buf, sizeof buf - 1);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return NULL;
	}
	buf[n] = '\0';
	return xstrdup(buf);
}

char *
target_realpath(const struct target *t, const char *path)
{
	char proc[64], buf[PATH_MAX + 1];
	int fd = open_beneath(t, path, O_PATH, 0), saved;
	size_t rl = strlen(t->real_root);
	ssize_t n;

	if (fd < 0)
		return NULL;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof buf - 1);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return NULL;
	}
	buf[n] = '\0';
	if (strcmp(t->real_root, "/") == 0)
		return xstrdup(buf);
	if (strncmp(buf, t->real_root, rl) != 0 || (buf[rl] != '/' && buf[rl] != '\0')) {
		errno = EXDEV;
		return NULL;
	}
	return xstrdup(buf[rl] != '\0' ? buf + rl : "/");
}

char *
target_host_path(const struct target *t, const char *path)
{
	return path_join(t->root, path);
}

/* Case variants of one name looked at per directory, at most (a hostile volume can hold many). */
#define CI_MAX_VARIANTS 8

/*
 * The entries of dir (beneath the root) named name ignoring ASCII case, at
 * most CI_MAX_VARIANTS of them, into out; their number.
 */
static size_t
ci_entries(const struct target *t, const char *dir, const char *name, char *out[CI_MAX_VARIANTS])
{
	char err[256];
	DIR *d = target_opendir(t, dir, err, sizeof err);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while (n < CI_MAX_VARIANTS && (e = readdir(d)) != NULL)
		if (strcasecmp(e->d_name, name) == 0)
			out[n++] = xstrdup(e->d_name);
	closedir(d);
	return n;
}

/*
 * Whether dir leads, through parts[0], parts[1], ... in any case, to a
 * directory holding the SOFTWARE and SYSTEM hives (any case). Every case
 * variant is tried: a decoy "windows" beside the real "Windows" must not
 * make a Windows volume pass for another system.
 */
static int
ci_hives_under(const struct target *t, const char *dir, const char *const *parts)
{
	char *v[CI_MAX_VARIANTS];
	size_t n, i;
	int yes = 0;

	if (*parts == NULL) {
		char *sw[CI_MAX_VARIANTS], *sy[CI_MAX_VARIANTS];
		size_t nsw = ci_entries(t, dir, "SOFTWARE", sw), nsy = ci_entries(t, dir, "SYSTEM", sy);

		yes = nsw > 0 && nsy > 0;
		for (i = 0; i < nsw; i++)
			free(sw[i]);
		for (i = 0; i < nsy; i++)
			free(sy[i]);
		return yes;
	}
	n = ci_entries(t, dir, *parts, v);
	for (i = 0; i < n; i++) {
		char *sub = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, v[i]);

		yes = yes || ci_hives_under(t, sub, parts + 1);
		free(sub);
		free(v[i]);
	}
	return yes;
}

/* Windows when Windows/System32/config holds the SOFTWARE and SYSTEM hives (any case). */
static int
looks_windows(const struct target *t)
{
	static const char *const parts[] = { "Windows", "System32", "config", NULL };

	return ci_hives_under(t, "/", parts);
}

/* PRETTY_NAME (else NAME) from os-release; caller frees. */
static char *
os_release_name(const struct target *t)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	char *data = NULL, err[256], *line, *save = NULL, *name = NULL, *pretty = NULL;
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		if (target_read(t, paths[i], 1 << 16, &data, NULL, err, sizeof err) == 0)
			break;
	if (paths[i] == NULL)
		return NULL;
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char **dst = strncmp(line, "PRETTY_NAME=", 12) == 0 ? &pretty :
		    strncmp(line, "NAME=", 5) == 0                  ? &name :
		                                                      NULL;
		char *v;
		size_t n;

		if (dst == NULL || *dst != NULL)
			continue;
		v = strchr(line, '=') + 1;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = '\0';
			v++;
		}
		*dst = xstrdup(v);
	}
	free(data);
	if (pretty != NULL) {
		free(name);
		return pretty;
	}
	return name;
}

/* A non-empty first line of path, or NULL. */
static char *
ident_line(const struct target *t, const char *path)
{
	char *s = target_line(t, path);

	if (s != NULL && s[0] == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/* "Windows 11 Pro 23H2 (build 22631.3007)" from what could be read; NULL without a product. */
static char *
windows_os_name(const struct winreg_identity *id)
{
	struct strbuf sb = STRBUF_INIT;

	if (id->product == NULL)
		return NULL;
	sb_adds(&sb, id->product);
	if (id->display_version != NULL)
		sb_addf(&sb, " %s", id->display_version);
	if (id->build != NULL) {
		sb_addf(&sb, " (build %s", id->build);
		if (id->ubr >= 0)
			sb_addf(&sb, ".%ld", id->ubr);
		sb_adds(&sb, ")");
	}
	return sb_detach(&sb);
}

struct target *
target_open(const char *root, char *err, size_t errlen)
{
	struct target *t;
	char real[PATH_MAX];
	int fd;

	if (root == NULL || root[0] == '\0')
		root = "/";
	if ((fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return NULL;
	}
	if (realpath(root, real) == NULL) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		close(fd);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->root = xstrdup(root);
	t->real_root = xstrdup(real);
	t->fd = fd;
	t->live = strcmp(real, "/") == 0;
	t->kind = looks_windows(t) ? TARGET_WINDOWS : TARGET_LINUX;
	if (t->kind == TARGET_LINUX) {
		t->hostname = ident_line(t, "/etc/hostname");
		if (t->hostname == NULL && t->live)
			t->hostname = ident_line(t, "/proc/sys/kernel/hostname");
		t->machine_id = ident_line(t, "/etc/machine-id");
		t->os = os_release_name(t);
	} else {
		struct winreg_identity id;

		winreg_identity_read(t, &id);
		t->hostname = id.computer_name != NULL ? xstrdup(id.computer_name) : NULL;
		t->os = windows_os_name(&id);
		t->windows = winreg_identity_to_json(&id);
		json_obj_set(t->windows, "notes", json_copy(id.notes));
		winreg_identity_free(&id);
	}
	return t;
}

void
target_free(struct target *t)
{
	if (t == NULL)
		return;
	close(t->fd);
	free(t->root);
	free(t->real_root);
	free(t->hostname);
	free(t->machine_id);
	free(t->os);
	json_free(t->windows);
	free(t);
}

const char *
target_root(const struct target *t)
{
	return t->root;
}

int
target_live(const struct target *t)
{
	return t->live;
}

enum target_kind
target_kind(const struct target *t)
{
	return t->kind;
}

const char *
target_hostname(const struct target *t)
{
	return t->hostname;
}

const char *
target_machine_id(const struct target *t)
{
	return t->machine_id;
}

const char *
target_os(const struct target *t)
{
	return t->os;
}

struct json *
target_to_json(const struct target *t)
{
	struct json *o = json_object();

	json_obj_set(o, "root", json_str(t->root));
	json_obj_set(o, "kind", json_str(target_kind_name(t->kind)));
	json_obj_set(o, "hostname", json_str(t->hostname));
	json_obj_set(o, "machine_id", json_str(t->machine_id));
	json_obj_set(o, "os", json_str(t->os));
	if (t->windows != NULL)
		json_obj_set(o, "windows", json_copy(t->windows));
	return o;
}
