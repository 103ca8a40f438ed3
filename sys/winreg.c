/*
 * winreg.c: registry hives of a Windows installation read offline with
 * libhivex, each from a sealed in-memory snapshot of the file read through
 * the target (see winreg.h).
 */
#include "winreg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

struct winreg_hive {
	hive_h *h;
	char *file; /* on the target, as found */
	int dirty;
	time_t written;
};

/* Registry value types, as the format numbers them. */
enum {
	REG_SZ_ = 1,
	REG_EXPAND_SZ_ = 2,
	REG_DWORD_ = 4,
	REG_DWORD_BE_ = 5,
	REG_LINK_ = 6,
	REG_MULTI_SZ_ = 7,
	REG_QWORD_ = 11,
};

/* Seconds between 1601-01-01 and 1970-01-01. */
#define FILETIME_EPOCH_DIFF 11644473600LL

const char *
winreg_rc_text(enum winreg_rc rc)
{
	switch (rc) {
	case WINREG_OK: return "ok";
	case WINREG_ABSENT: return "absent";
	case WINREG_WRONG_TYPE: return "of another type";
	case WINREG_TOO_LARGE: return "too large";
	case WINREG_CORRUPT: break;
	}
	return "damaged hive";
}

const char *
winreg_rc_text_ja(enum winreg_rc rc)
{
	switch (rc) {
	case WINREG_OK: return "は正常です";
	case WINREG_ABSENT: return "がありません";
	case WINREG_WRONG_TYPE: return "の型が違います";
	case WINREG_TOO_LARGE: return "が大きすぎます";
	case WINREG_CORRUPT: break;
	}
	return "のハイブが壊れています";
}

time_t
winreg_filetime(uint64_t ft)
{
	long long secs;

	if (ft == 0 || ft > (uint64_t)INT64_MAX)
		return (time_t)-1;
	secs = (long long)(ft / 10000000ULL) - FILETIME_EPOCH_DIFF;
	if (secs <= 0)
		return (time_t)-1;
	return (time_t)secs;
}

/* The entry of dir named name ignoring ASCII case (an exact match wins); NULL when none. Caller frees. */
static char *
dir_entry_nocase(const struct target *t, const char *dir, const char *name)
{
	char err[256], *found = NULL;
	char *exact = path_join(dir, name);
	DIR *d;
	struct dirent *e;

	if (target_exists(t, exact)) {
		free(exact);
		return xstrdup(name);
	}
	free(exact);
	if ((d = target_opendir(t, dir, err, sizeof err)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL)
		if (strcasecmp(e->d_name, name) == 0) {
			found = xstrdup(e->d_name);
			break;
		}
	closedir(d);
	return found;
}

char *
winreg_find_path(const struct target *t, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(path), *save = NULL, *comp;
	int depth = 0;

	for (comp = strtok_r(copy, "/", &save); comp != NULL; comp = strtok_r(NULL, "/", &save)) {
		char *e;

		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0 || ++depth > WINREG_MAX_DEPTH)
			goto fail;
		if ((e = dir_entry_nocase(t, sb.len > 0 ? sb_str(&sb) : "/", comp)) == NULL)
			goto fail;
		sb_addf(&sb, "/%s", e);
		free(e);
	}
	free(copy);
	if (sb.len == 0)
		sb_adds(&sb, "/");
	return sb_detach(&sb);
fail:
	free(copy);
	sb_free(&sb);
	return NULL;
}

/*
 * Copies the regular file path (beneath t's root) into a sealed memfd, at
 * most WINREG_MAX_HIVE_BYTES. The memfd, or -1 with err set.
 */
static int
snapshot(const struct target *t, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *buf = NULL;
	size_t total = 0;
	int fd, mfd = -1;

	if ((fd = target_open_file(t, path, O_RDONLY | O_NONBLOCK, err, errlen)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if ((size_t)st.st_size > WINREG_MAX_HIVE_BYTES) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path, WINREG_MAX_HIVE_BYTES);
		goto out;
	}
	if ((mfd = memfd_create("reentry-hive", MFD_CLOEXEC | MFD_ALLOW_SEALING)) < 0) {
		snprintf(err, errlen, "%s: cannot make a private copy: %s", path, strerror(errno));
		goto out;
	}
	buf = xmalloc(1 << 20);
	for (;;) {
		ssize_t r = read(fd, buf, 1 << 20), w = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		if (total + (size_t)r > WINREG_MAX_HIVE_BYTES) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, WINREG_MAX_HIVE_BYTES);
			goto fail;
		}
		while (w < r) {
			ssize_t n = write(mfd, buf + w, (size_t)(r - w));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				snprintf(err, errlen, "%s: cannot copy: %s", path, strerror(errno));
				goto fail;
			}
			w += n;
		}
		total += (size_t)r;
	}
	/* nobody, hivex included, may change the snapshot now */
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		snprintf(err, errlen, "%s: cannot seal the private copy: %s", path, strerror(errno));
		goto fail;
	}
	goto out;
fail:
	close(mfd);
	mfd = -1;
out:
	free(buf);
	close(fd);
	return mfd;
}

/* Little-endian 32 bits at p. */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct winreg_hive *
winreg_open(const struct target *t, const char *path, char *err, size_t errlen)
{
	struct winreg_hive *h;
	unsigned char hdr[20];
	char proc[64], *found = winreg_find_path(t, path);
	hive_h *hv;
	int mfd, saved;

	if (found == NULL) {
		snprintf(err, errlen, "%s: not found (in any letter case)", path);
		return NULL;
	}
	if ((mfd = snapshot(t, found, err, errlen)) < 0) {
		free(found);
		return NULL;
	}
	/* libhivex opens a file by name: give it the snapshot's, never the volume's */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", mfd);
	errno = 0;
	hv = hivex_open(proc, 0);
	saved = errno;
	if (hv == NULL) {
		if (saved == ENOENT)
			snprintf(err, errlen,
			    "%s: cannot open its private copy (is /proc mounted?)", found);
		else if (saved == ENOTSUP || saved == EINVAL || saved == EFAULT)
			snprintf(err, errlen, "%s: not a readable registry hive (%s)", found,
			    strerror(saved));
		else
			snprintf(err, errlen, "%s: %s", found, strerror(saved != 0 ? saved : EIO));
		close(mfd);
		free(found);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->h = hv;
	h->file = found;
	/* the header's two sequence numbers differ while a write is unfinished */
	if (pread(mfd, hdr, sizeof hdr, 0) == (ssize_t)sizeof hdr) {
		h->dirty = le32(hdr + 4) != le32(hdr + 8);
		h->written = winreg_filetime((uint64_t)le32(hdr + 12) | (uint64_t)le32(hdr + 16) << 32);
		if (h->written == (time_t)-1)
			h->written = 0;
	}
	close(mfd);
	return h;
}

struct winreg_hive *
winreg_open_config(const struct target *t, const char *name, char *err, size_t errlen)
{
	char *path = path_join(WINREG_CONFIG_DIR, name);
	struct winreg_hive *h = winreg_open(t, path, err, errlen);

	free(path);
	return h;
}

void
winreg_close(struct winreg_hive *h)
{
	if (h == NULL)
		return;
	hivex_close(h->h);
	free(h->file);
	free(h);
}

const char *
winreg_file(const struct winreg_hive *h)
{
	return h->file;
}

int
winreg_dirty(const struct winreg_hive *h)
{
	return h->dirty;
}

time_t
winreg_hive_time(const struct winreg_hive *h)
{
	return h->written;
}

winreg_key
winreg_root(const struct winreg_hive *h)
{
	return hivex_root(h->h);
}

enum winreg_rc
winreg_lookup(const struct winreg_hive *h, winreg_key from, const char *path, winreg_key *out)
{
	char *copy = xstrdup(path), *save = NULL, *comp;
	winreg_key k = from != 0 ? from : hivex_root(h->h);
	int depth = 0;

	*out = 0;
	if (k == 0) {
		free(copy);
		return WINREG_CORRUPT;
	}
	for (comp = strtok_r(copy, "\\", &save); comp != NULL; comp = strtok_r(NULL, "\\", &save)) {
		if (++depth > WINREG_MAX_DEPTH) {
			free(copy);
			return WINREG_ABSENT;
		}
		errno = 0;
		k = hivex_node_get_child(h->h, k, comp);
		if (k == 0) {
			free(copy);
			return errno != 0 ? WINREG_CORRUPT : WINREG_ABSENT;
		}
	}
	free(copy);
	*out = k;
	return WINREG_OK;
}

winreg_key
winreg_key_at(const struct winreg_hive *h, const char *path)
{
	winreg_key k;

	return winreg_lookup(h, 0, path, &k) == WINREG_OK ? k : 0;
}

char *
winreg_key_name(const struct winreg_hive *h, winreg_key k)
{
	char *s = hivex_node_name(h->h, k), *r;

	if (s == NULL)
		return NULL;
	r = xstrdup(s);
	free(s);
	return r;
}

time_t
winreg_key_time(const struct winreg_hive *h, winreg_key k)
{
	int64_t ft;

	errno = 0;
	ft = hivex_node_timestamp(h->h, k);
	if (ft < 0)
		return (time_t)-1;
	return winreg_filetime((uint64_t)ft);
}

enum winreg_rc
winreg_subkeys(const struct winreg_hive *h, winreg_key k, winreg_key **out, size_t *n)
{
	hive_node_h *kids;
	size_t i;

	*out = NULL;
	*n = 0;
	if ((kids = hivex_node_children(h->h, k)) == NULL)
		return WINREG_CORRUPT;
	for (i = 0; kids[i] != 0; i++)
		if (i >= WINREG_MAX_SUBKEYS) {
			free(kids);
			return WINREG_CORRUPT;
		}
	*out = xreallocarray(NULL, i + 1, sizeof **out);
	memcpy(*out, kids, i * sizeof **out);
	*n = i;
	free(kids);
	return WINREG_OK;
}

char **
winreg_value_names(const struct winreg_hive *h, winreg_key k)
{
	hive_value_h *vals = hivex_node_values(h->h, k);
	char **names;
	size_t i, n;

	if (vals == NULL)
		return NULL;
	for (n = 0; vals[n] != 0; n++)
		;
	if (n > WINREG_MAX_SUBKEYS) {
		free(vals);
		return NULL;
	}
	names = xcalloc(n + 1, sizeof *names);
	for (i = 0; i < n; i++) {
		char *s = hivex_value_key(h->h, vals[i]);

		if (s == NULL) {
			free(vals);
			strv_free(names);
			return NULL;
		}
		names[i] = xstrdup(s);
		free(s);
	}
	free(vals);
	return names;
}

/* Finds value name of k with its type and length; WINREG_OK with *v set. */
static enum winreg_rc
find_value(const struct winreg_hive *h, winreg_key k, const char *name, hive_value_h *v,
    uint32_t *type, size_t *len)
{
	hive_type t;

	errno = 0;
	*v = hivex_node_get_value(h->h, k, name);
	if (*v == 0)
		return errno != 0 ? WINREG_CORRUPT : WINREG_ABSENT;
	if (hivex_value_type(h->h, *v, &t, len) < 0)
		return WINREG_CORRUPT;
	*type = (uint32_t)t;
	if (*len > WINREG_MAX_VALUE_BYTES)
		return WINREG_TOO_LARGE;
	return WINREG_OK;
}

enum winreg_rc
winreg_string(const struct winreg_hive *h, winreg_key k, const char *name, char **out)
{
	hive_value_h v;
	uint32_t type;
	size_t len;
	enum winreg_rc rc = find_value(h, k, name, &v, &type, &len);
	char *s;

	*out = NULL;
	if (rc != WINREG_OK)
		return rc;
	if (type != REG_SZ_ && type != REG_EXPAND_SZ_ && type != REG_LINK_)
		return WINREG_WRONG_TYPE;
	if ((s = hivex_value_string(h->h, v)) == NULL)
		return WINREG_CORRUPT;
	*out = xstrdup(s);
	free(s);
	return WINREG_OK;
}

enum winreg_rc
winreg_multi_string(const struct winreg_hive *h, winreg_key k, const char *name, char ***out)
{
	hive_value_h v;
	uint32_t type;
	size_t len, i, n;
	enum winreg_rc rc = find_value(h, k, name, &v, &type, &len);
	char **ss;

	*out = NULL;
	if (rc != WINREG_OK)
		return rc;
	if (type != REG_MULTI_SZ_)
		return WINREG_WRONG_TYPE;
	if ((ss = hivex_value_multiple_strings(h->h, v)) == NULL)
		return WINREG_CORRUPT;
	/* the list ends at its first empty string, as Windows reads it */
	for (n = 0; ss[n] != NULL && ss[n][0] != '\0'; n++)
		;
	*out = xcalloc(n + 1, sizeof **out);
	for (i = 0; i < n; i++)
		(*out)[i] = xstrdup(ss[i]);
	for (i = 0; ss[i] != NULL; i++)
		free(ss[i]);
	free(ss);
	return WINREG_OK;
}

enum winreg_rc
winreg_dword(const struct winreg_hive *h, winreg_key k, const char *name, uint32_t *out)
{
	hive_value_h v;
	uint32_t type;
	size_t len;
	enum winreg_rc rc = find_value(h, k, name, &v, &type, &len);

	*out = 0;
	if (rc != WINREG_OK)
		return rc;
	if ((type != REG_DWORD_ && type != REG_DWORD_BE_) || len < 4)
		return WINREG_WRONG_TYPE;
	errno = 0;
	*out = (uint32_t)hivex_value_dword(h->h, v);
	return errno != 0 && *out == (uint32_t)-1 ? WINREG_CORRUPT : WINREG_OK;
}

enum winreg_rc
winreg_qword(const struct winreg_hive *h, winreg_key k, const char *name, uint64_t *out)
{
	hive_value_h v;
	uint32_t type;
	size_t len;
	enum winreg_rc rc = find_value(h, k, name, &v, &type, &len);

	*out = 0;
	if (rc != WINREG_OK)
		return rc;
	if (type != REG_QWORD_ || len < 8)
		return WINREG_WRONG_TYPE;
	errno = 0;
	*out = (uint64_t)hivex_value_qword(h->h, v);
	return errno != 0 && *out == (uint64_t)-1 ? WINREG_CORRUPT : WINREG_OK;
}

enum winreg_rc
winreg_binary(const struct winreg_hive *h, winreg_key k, const char *name, unsigned char **out,
    size_t *len, uint32_t *type)
{
	hive_value_h v;
	hive_type t;
	enum winreg_rc rc = find_value(h, k, name, &v, type, len);
	char *data;

	*out = NULL;
	if (rc != WINREG_OK)
		return rc;
	if ((data = hivex_value_value(h->h, v, &t, len)) == NULL)
		return WINREG_CORRUPT;
	*out = xmalloc(*len + 1);
	memcpy(*out, data, *len);
	(*out)[*len] = 0;
	free(data);
	return WINREG_OK;
}

char *
winreg_control_set(const struct winreg_hive *system, char *err, size_t errlen)
{
	winreg_key sel, cs;
	uint32_t cur;
	enum winreg_rc rc;
	char name[32];

	if ((rc = winreg_lookup(system, 0, "Select", &sel)) != WINREG_OK) {
		snprintf(err, errlen, "%s: key Select %s", system->file, winreg_rc_text(rc));
		return NULL;
	}
	if ((rc = winreg_dword(system, sel, "Current", &cur)) != WINREG_OK) {
		snprintf(err, errlen, "%s: Select\\Current %s", system->file, winreg_rc_text(rc));
		return NULL;
	}
	if (cur == 0 || cur > 999) {
		snprintf(err, errlen, "%s: Select\\Current is %u, not a control set number",
		    system->file, cur);
		return NULL;
	}
	snprintf(name, sizeof name, "ControlSet%03u", cur);
	if ((rc = winreg_lookup(system, 0, name, &cs)) != WINREG_OK) {
		snprintf(err, errlen, "%s: %s (named by Select\\Current) %s", system->file, name,
		    winreg_rc_text(rc));
		return NULL;
	}
	return xstrdup(name);
}

/* Orders profiles by name. */
static int
user_cmp(const void *a, const void *b)
{
	return strcmp(((const struct winreg_user *)a)->name, ((const struct winreg_user *)b)->name);
}

int
winreg_users(const struct target *t, struct winreg_user **out, size_t *n, char *err, size_t errlen)
{
	char *users = winreg_find_path(t, "/Users");
	struct dirent *e;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (users == NULL) {
		snprintf(err, errlen, "/Users: not found (in any letter case)");
		return -1;
	}
	if ((d = target_opendir(t, users, err, errlen)) == NULL) {
		free(users);
		return -1;
	}
	while ((e = readdir(d)) != NULL && *n < 10000) {
		char *dir, *hive, *found;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		dir = path_join(users, e->d_name);
		/* links ("All Users", "Default User") lead to other profiles or elsewhere */
		if (target_lstat(t, dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(dir);
			continue;
		}
		hive = path_join(dir, "NTUSER.DAT");
		found = winreg_find_path(t, hive);
		free(hive);
		if (found == NULL) {
			free(dir);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].name = xstrdup(e->d_name);
		(*out)[*n].dir = dir;
		(*out)[*n].hive = found;
		(*n)++;
	}
	closedir(d);
	free(users);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, user_cmp);
	return 0;
}

void
winreg_users_free(struct winreg_user *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(u[i].name);
		free(u[i].dir);
		free(u[i].hive);
	}
	free(u);
}

/* A non-empty string value, or NULL with a note naming the hive, key and value. */
static char *
id_string(const struct winreg_hive *h, winreg_key k, const char *keypath, const char *name,
    struct json *notes, int note_absent)
{
	char *s = NULL;
	enum winreg_rc rc = k != 0 ? winreg_string(h, k, name, &s) : WINREG_ABSENT;

	if (rc == WINREG_OK && s[0] != '\0')
		return s;
	free(s);
	if (rc != WINREG_ABSENT || note_absent)
		json_arr_push(notes,
		    json_strf("%s: %s\\%s %s", h->file, keypath, name,
		        rc == WINREG_OK ? "empty" : winreg_rc_text(rc)));
	return NULL;
}

void
winreg_identity_read(const struct target *t, struct winreg_identity *id)
{
	static const char cv_path[] = "Microsoft\\Windows NT\\CurrentVersion";
	struct winreg_hive *sw, *sy;
	char err[512];

	memset(id, 0, sizeof *id);
	id->ubr = -1;
	id->notes = json_array();
	if ((sw = winreg_open_config(t, "SOFTWARE", err, sizeof err)) == NULL) {
		json_arr_push(id->notes, json_str(err));
	} else {
		winreg_key cv = winreg_key_at(sw, cv_path);
		uint32_t d;
		uint64_t q;

		if (cv == 0)
			json_arr_push(id->notes, json_strf("%s: %s absent", sw->file, cv_path));
		id->product_name = id_string(sw, cv, cv_path, "ProductName", id->notes, cv != 0);
		id->edition = id_string(sw, cv, cv_path, "EditionID", id->notes, 0);
		id->display_version = id_string(sw, cv, cv_path, "DisplayVersion", id->notes, 0);
		if (id->display_version == NULL)
			id->display_version = id_string(sw, cv, cv_path, "ReleaseId", id->notes, 0);
		id->build = id_string(sw, cv, cv_path, "CurrentBuildNumber", id->notes, 0);
		if (id->build == NULL)
			id->build = id_string(sw, cv, cv_path, "CurrentBuild", id->notes, cv != 0);
		if (cv != 0 && winreg_dword(sw, cv, "UBR", &d) == WINREG_OK)
			id->ubr = (long)d;
		if (cv != 0 && winreg_dword(sw, cv, "InstallDate", &d) == WINREG_OK && d != 0)
			id->install_date = (time_t)d;
		else if (cv != 0 && winreg_qword(sw, cv, "InstallTime", &q) == WINREG_OK &&
		    winreg_filetime(q) != (time_t)-1)
			id->install_date = winreg_filetime(q);
		if (id->product_name != NULL) {
			/* Windows 11 kept "Windows 10" in ProductName; its builds start at 22000 */
			if (strncmp(id->product_name, "Windows 10", 10) == 0 && id->build != NULL &&
			    atol(id->build) >= 22000)
				id->product = xasprintf("Windows 11%s", id->product_name + 10);
			else
				id->product = xstrdup(id->product_name);
		}
		winreg_close(sw);
	}
	if ((sy = winreg_open_config(t, "SYSTEM", err, sizeof err)) == NULL) {
		json_arr_push(id->notes, json_str(err));
	} else if ((id->control_set = winreg_control_set(sy, err, sizeof err)) == NULL) {
		json_arr_push(id->notes, json_str(err));
		winreg_close(sy);
	} else {
		char *p = xasprintf("%s\\Control\\ComputerName\\ComputerName", id->control_set);
		winreg_key k = winreg_key_at(sy, p);

		id->computer_name = id_string(sy, k, p, "ComputerName", id->notes, 1);
		free(p);
		winreg_close(sy);
	}
}

void
winreg_identity_free(struct winreg_identity *id)
{
	if (id == NULL)
		return;
	free(id->product_name);
	free(id->product);
	free(id->edition);
	free(id->display_version);
	free(id->build);
	free(id->computer_name);
	free(id->control_set);
	json_free(id->notes);
	memset(id, 0, sizeof *id);
}

struct json *
winreg_identity_to_json(const struct winreg_identity *id)
{
	struct json *o = json_object();

	json_obj_set(o, "product", json_str(id->product));
	json_obj_set(o, "product_name", json_str(id->product_name));
	json_obj_set(o, "edition", json_str(id->edition));
	json_obj_set(o, "display_version", json_str(id->display_version));
	json_obj_set(o, "build", json_str(id->build));
	json_obj_set(o, "ubr", id->ubr >= 0 ? json_int(id->ubr) : json_null());
	if (id->install_date > 0) {
		char buf[TIME_ISO_LEN];

		time_iso_utc(id->install_date, buf);
		json_obj_set(o, "install_date", json_str(buf));
	} else {
		json_obj_set(o, "install_date", json_null());
	}
	json_obj_set(o, "computer_name", json_str(id->computer_name));
	json_obj_set(o, "control_set", json_str(id->control_set));
	return o;
}
