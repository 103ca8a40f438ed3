/*
 * media.c: removable block devices from sysfs, with their identity, size,
 * partitions, mount points and filesystem names (see media.h).
 *
 * For each disk in /sys/block of the target (target.h: every read stays
 * beneath its root) the device link is resolved to its place
 * in the device tree; walking up that tree finds the bus (a "subsystem" link
 * naming usb or mmc) and, for USB, the USB device with its manufacturer,
 * product and serial. Mount points come from /proc/self/mountinfo,
 * matched by major:minor; UUIDs and labels from the /dev/disk/by-uuid
 * and by-label symlinks. Disks without a medium (size 0) are left out.
 */
#include "media.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysprobe.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

/* Reads dir/name as a trimmed line, NULL when missing or empty. Caller frees. */
static char *
attr(const struct target *t, const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	char *v = target_line(t, p);

	free(p);
	if (v != NULL && v[0] == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

/* Basename of the target of the symlink dir/name, or NULL. Caller frees. */
static char *
link_base(const struct target *t, const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name), *l = target_readlink(t, p), *s, *b;

	free(p);
	if (l == NULL || l[0] == '\0') {
		free(l);
		return NULL;
	}
	s = strrchr(l, '/');
	b = xstrdup(s != NULL ? s + 1 : l);
	free(l);
	return b;
}

/* Sets a field to v (taking it) when it is still NULL, else frees v. */
static void
fill(char **field, char *v)
{
	if (*field == NULL)
		*field = v;
	else
		free(v);
}

/*
 * Finds the bus and the USB or MMC identity by walking up from the
 * resolved device directory, staying inside sysroot ("/sys" resolved).
 */
static void
walk_device(const struct target *t, struct medium *m, const char *devdir, const char *sysroot)
{
	char *dir = xstrdup(devdir), *slash;
	size_t rl = strlen(sysroot);
	int first = 1;

	while (strncmp(dir, sysroot, rl) == 0 && strlen(dir) > rl) {
		char *sub = link_base(t, dir, "subsystem");

		if (sub != NULL && strcmp(sub, "usb") == 0) {
			if (m->bus == NULL || strcmp(m->bus, "usb") != 0) {
				free(m->bus);
				m->bus = xstrdup("usb");
			}
			char *idv = xasprintf("%s/idVendor", dir);
			int is_dev = target_exists(t, idv);

			free(idv);
			if (is_dev) { /* the USB device itself, not an interface */
				fill(&m->serial, attr(t, dir, "serial"));
				fill(&m->vendor, attr(t, dir, "manufacturer"));
				fill(&m->model, attr(t, dir, "product"));
				free(sub);
				break;
			}
		} else if (sub != NULL && strcmp(sub, "mmc") == 0 && m->bus == NULL) {
			m->bus = xstrdup("mmc");
			fill(&m->serial, attr(t, dir, "serial"));
			fill(&m->model, attr(t, dir, "name"));
		} else if (first && sub != NULL && m->bus == NULL && strcmp(sub, "scsi") != 0)
			m->bus = xstrdup(sub);
		free(sub);
		first = 0;
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
			break;
		*slash = '\0';
	}
	if (m->bus == NULL && strstr(devdir, "/ata") != NULL)
		m->bus = xstrdup("ata");
	free(dir);
}

/* Whether name is a pseudo device that never holds removable media. */
static int
pseudo_device(const char *name)
{
	static const char *const prefixes[] = { "loop", "ram", "zram", "dm-", "md", "nbd", NULL };
	size_t i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* Fills mountpoints and fstype of m from the mount table, matching dev ("MAJ:MIN"). */
static void
add_mounts(struct medium *m, const char *dev, const struct sysprobe_mount *mt, size_t nmt)
{
	unsigned maj, min;
	size_t i, cnt = 0;

	m->mountpoints = xcalloc(1, sizeof *m->mountpoints);
	if (dev == NULL || sscanf(dev, "%u:%u", &maj, &min) != 2)
		return;
	for (i = 0; i < nmt; i++) {
		if (mt[i].major != maj || mt[i].minor != min)
			continue;
		m->mountpoints = xreallocarray(m->mountpoints, cnt + 2, sizeof *m->mountpoints);
		m->mountpoints[cnt++] = xstrdup(mt[i].mountpoint);
		m->mountpoints[cnt] = NULL;
		if (m->fstype == NULL)
			m->fstype = xstrdup(mt[i].fstype);
	}
}

/* Decodes udev's \xHH escapes (by-label names) in place. */
static void
unescape_hex(char *s)
{
	char *w = s;

	while (*s) {
		unsigned v;

		if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1 && v != 0 &&
		    s[2] != '\0' && s[3] != '\0') {
			*w++ = (char)v;
			s += 4;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
}

/* Looks for a symlink in /dev/disk/<what> pointing at name; returns its decoded name. */
static char *
by_link(const struct target *t, const char *what, const char *name)
{
	char *dirpath = xasprintf("/dev/disk/%s", what), err[256];
	DIR *d = target_opendir(t, dirpath, err, sizeof err);
	struct dirent *e;
	char *found = NULL;

	if (d == NULL) {
		free(dirpath);
		return NULL;
	}
	while ((e = readdir(d)) != NULL && found == NULL) {
		char *b;

		if (e->d_name[0] == '.')
			continue;
		if ((b = link_base(t, dirpath, e->d_name)) == NULL)
			continue;
		if (strcmp(b, name) == 0) {
			found = xstrdup(e->d_name);
			unescape_hex(found);
		}
		free(b);
	}
	closedir(d);
	free(dirpath);
	return found;
}

/* Reads a "size" attribute (512-byte sectors) as bytes. */
static uint64_t
size_bytes(const struct target *t, const char *dir)
{
	char *v = attr(t, dir, "size");
	unsigned long long s = 0;

	if (v != NULL && sscanf(v, "%llu", &s) != 1)
		s = 0;
	free(v);
	return (uint64_t)s * 512u;
}

/* Appends a medium to the growing array. */
static struct medium *
push(struct medium **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* Copies the identity of the disk to one of its partitions. */
static void
inherit(struct medium *p, const struct medium *disk)
{
	p->parent = xstrdup(disk->name);
	p->bus = disk->bus ? xstrdup(disk->bus) : NULL;
	p->removable = disk->removable;
	p->vendor = disk->vendor ? xstrdup(disk->vendor) : NULL;
	p->model = disk->model ? xstrdup(disk->model) : NULL;
	p->serial = disk->serial ? xstrdup(disk->serial) : NULL;
}

/* Fills the per-device fields every medium has. */
static void
finish(const struct target *t, struct medium *m, const char *dir, const struct sysprobe_mount *mt,
    size_t nmt)
{
	char *dev = attr(t, dir, "dev");

	m->devnode = xasprintf("/dev/%s", m->name);
	m->size = size_bytes(t, dir);
	add_mounts(m, dev, mt, nmt);
	m->uuid = by_link(t, "by-uuid", m->name);
	m->label = by_link(t, "by-label", m->name);
	free(dev);
}

/* Sorts by name, numbers in order (sdb2 before sdb10). */
static int
cmp_medium(const void *a, const void *b)
{
	return strverscmp(((const struct medium *)a)->name, ((const struct medium *)b)->name);
}

/* Sorts strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int
media_list(const struct target *t, struct medium **out, size_t *n, char *err, size_t errlen)
{
	static const char blockdir[] = "/sys/block";
	char *sysreal = target_realpath(t, "/sys");
	struct sysprobe_mount *mt = NULL;
	size_t nmt = 0, cnt = 0, cap = 0, nnames = 0, i;
	struct medium *v = NULL;
	char **names = NULL, merr[256];
	DIR *d = NULL;
	struct dirent *e;

	*out = NULL;
	*n = 0;
	if (sysreal == NULL || (d = target_opendir(t, blockdir, merr, sizeof merr)) == NULL) {
		char *where = target_host_path(t, blockdir);

		(void)xsnprintf(err, errlen, "%s: cannot read the block device list", where);
		free(where);
		free(sysreal);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || pseudo_device(e->d_name))
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (nnames > 1)
		qsort(names, nnames, sizeof *names, cmp_str);
	if (sysprobe_mounts(t, &mt, &nmt, merr, sizeof merr) < 0)
		nmt = 0; /* no mount table: media are listed unmounted */
	for (i = 0; i < nnames; i++) {
		char *disk = xasprintf("%s/%s", blockdir, names[i]);
		char *devlink = xasprintf("%s/device", disk), *devreal;
		char *rem = attr(t, disk, "removable");
		struct medium tmp = { 0 };
		DIR *pd;

		tmp.name = names[i];
		if ((devreal = target_realpath(t, devlink)) != NULL) {
			tmp.vendor = attr(t, devreal, "vendor");
			tmp.model = attr(t, devreal, "model");
			walk_device(t, &tmp, devreal, sysreal);
			free(devreal);
		}
		tmp.removable = (rem != NULL && strcmp(rem, "1") == 0) ||
		    (tmp.bus != NULL && (strcmp(tmp.bus, "usb") == 0 || strcmp(tmp.bus, "mmc") == 0));
		free(rem);
		free(devlink);
		if (!tmp.removable || size_bytes(t, disk) == 0) {
			free(tmp.bus);
			free(tmp.vendor);
			free(tmp.model);
			free(tmp.serial);
			free(disk);
			continue;
		}
		{
			struct medium *m = push(&v, &cnt, &cap);

			*m = tmp;
			m->name = xstrdup(names[i]);
			finish(t, m, disk, mt, nmt);
		}
		if ((pd = target_opendir(t, disk, merr, sizeof merr)) != NULL) {
			size_t first = cnt, disk_i = cnt - 1;

			while ((e = readdir(pd)) != NULL) {
				char *pdir, *pfile;
				int is_part;

				if (e->d_name[0] == '.' ||
				    strncmp(e->d_name, names[i], strlen(names[i])) != 0)
					continue;
				pdir = xasprintf("%s/%s", disk, e->d_name);
				pfile = xasprintf("%s/partition", pdir);
				is_part = target_exists(t, pfile);
				free(pfile);
				if (is_part) {
					struct medium *p = push(&v, &cnt, &cap);

					p->name = xstrdup(e->d_name);
					inherit(p, &v[disk_i]);
					finish(t, p, pdir, mt, nmt);
				}
				free(pdir);
			}
			closedir(pd);
			if (cnt - first > 1)
				qsort(v + first, cnt - first, sizeof *v, cmp_medium);
		}
		free(disk);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	sysprobe_mounts_free(mt, nmt);
	free(sysreal);
	*out = v;
	*n = cnt;
	return 0;
}

void
media_free(struct medium *m, size_t n)
{
	size_t i;
	char **p;

	for (i = 0; m != NULL && i < n; i++) {
		free(m[i].name);
		free(m[i].devnode);
		free(m[i].parent);
		free(m[i].bus);
		free(m[i].vendor);
		free(m[i].model);
		free(m[i].serial);
		free(m[i].fstype);
		free(m[i].uuid);
		free(m[i].label);
		for (p = m[i].mountpoints; p != NULL && *p != NULL; p++)
			free(*p);
		free(m[i].mountpoints);
	}
	free(m);
}

struct json *
medium_to_json(const struct medium *m)
{
	struct json *o = json_object(), *a;
	char **p;

	json_obj_set(o, "name", json_str(m->name));
	json_obj_set(o, "devnode", json_str(m->devnode));
	json_obj_set(o, "parent", json_str(m->parent));
	json_obj_set(o, "bus", json_str(m->bus));
	json_obj_set(o, "removable", json_bool(m->removable));
	json_obj_set(o, "vendor", json_str(m->vendor));
	json_obj_set(o, "model", json_str(m->model));
	json_obj_set(o, "serial", json_str(m->serial));
	json_obj_set(o, "size", json_int((int64_t)m->size));
	json_obj_set(o, "fstype", json_str(m->fstype));
	json_obj_set(o, "uuid", json_str(m->uuid));
	json_obj_set(o, "label", json_str(m->label));
	a = json_obj_set(o, "mountpoints", json_array());
	for (p = m->mountpoints; p != NULL && *p != NULL; p++)
		json_arr_push(a, json_str(*p));
	return o;
}
