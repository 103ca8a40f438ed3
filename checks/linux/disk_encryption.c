/*
 * linux/disk_encryption.c: the disk-encryption probe for Debian-like
 * systems. The filesystem mounted at each path is found in
 * /proc/self/mountinfo; its device number leads to the block device through
 * /sys/dev/block/MAJ:MIN (or, for filesystems with anonymous device numbers
 * such as btrfs, through the mount source). From there the chain is walked
 * down sysfs (dm/uuid, dm/name, partition, slaves/), every read through the
 * target; the judge decides what the chain means.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "../disk_encryption.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/errtext.h"
#include "../../util/xalloc.h"

/* Notes one thing that could not be read or found, in English and Japanese (both taken). */
static void
add_error(struct disk_encryption_facts *f, char *msg, char *msg_ja)
{
	f->errors = xreallocarray(f->errors, f->nerrors + 1, sizeof *f->errors);
	f->errors_ja = xreallocarray(f->errors_ja, f->nerrors + 1, sizeof *f->errors_ja);
	f->errors_ja[f->nerrors] = msg_ja;
	f->errors[f->nerrors++] = msg;
}

/* Basename of the target of symlink path on the target, or NULL. Caller frees. */
static char *
link_base(const struct target *t, const char *path)
{
	char *buf = target_readlink(t, path), *s, *base;

	if (buf == NULL || buf[0] == '\0') {
		free(buf);
		return NULL;
	}
	s = strrchr(buf, '/');
	base = xstrdup(s != NULL ? s + 1 : buf);
	free(buf);
	return base;
}

/* A sysfs attribute of block device name, or NULL. Caller frees. */
static char *
battr(const struct target *t, const char *name, const char *attr)
{
	char *p = xasprintf("/sys/class/block/%s/%s", name, attr), *v = target_line(t, p);

	free(p);
	return v;
}

/* The dm-N device whose dm/name is mapname, or NULL. Caller frees. */
static char *
dm_by_name(const struct target *t, const char *mapname)
{
	char err[256], *found = NULL;
	DIR *d = target_opendir(t, "/sys/class/block", err, sizeof err);
	struct dirent *e;

	if (d == NULL)
		return NULL;
	while (found == NULL && (e = readdir(d)) != NULL) {
		char *n;

		if (strncmp(e->d_name, "dm-", 3) != 0)
			continue;
		if ((n = battr(t, e->d_name, "dm/name")) != NULL && strcmp(n, mapname) == 0)
			found = xstrdup(e->d_name);
		free(n);
	}
	closedir(d);
	return found;
}

/* Records the chain under block device name into node (see disk_encryption.h). */
static void
walk(const struct target *t, const char *name, struct json *node, int depth,
    struct disk_encryption_facts *f)
{
	char *p = xasprintf("/sys/class/block/%s", name), *uuid, *dmname;

	json_obj_set(node, "device", json_str(name));
	if (depth > 16 || !target_isdir(t, p)) {
		add_error(f, xasprintf("%s: no such block device in sysfs", p),
		    xasprintf("%s: sysfs にそのブロックデバイスがありません", p));
		json_obj_set(node, "type", json_str("unknown"));
		free(p);
		return;
	}
	uuid = battr(t, name, "dm/uuid");
	dmname = battr(t, name, "dm/name");
	if (uuid != NULL) {
		const char *type = strncmp(uuid, "CRYPT-LUKS2-", 12) == 0 ? "luks2" :
		    strncmp(uuid, "CRYPT-LUKS1-", 12) == 0                ? "luks1" :
		    strncmp(uuid, "CRYPT-PLAIN-", 12) == 0                ? "plain-dm-crypt" :
		    strncmp(uuid, "CRYPT-", 6) == 0                       ? "dm-crypt" :
		    strncmp(uuid, "LVM-", 4) == 0                         ? "lvm" :
		                                                            "device-mapper";

		json_obj_set(node, "type", json_str(type));
		json_obj_set(node, "dm_name", json_str(dmname));
		json_obj_set(node, "dm_uuid", json_str(uuid));
	} else {
		char *part = xasprintf("%s/partition", p);

		json_obj_set(node, "type", json_str(target_exists(t, part) ? "partition" : "disk"));
		free(part);
	}
	/* the devices under it: a crypt device shows what it encrypts, LVM its volumes */
	{
		char *sl = xasprintf("%s/slaves", p), err[256];
		DIR *d = target_opendir(t, sl, err, sizeof err);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, i;

		if (d != NULL) {
			while ((e = readdir(d)) != NULL)
				if (e->d_name[0] != '.') {
					names = xreallocarray(names, n + 1, sizeof *names);
					names[n++] = xstrdup(e->d_name);
				}
			closedir(d);
		}
		if (n > 0) {
			struct json *below = json_obj_set(node, "on", json_array());

			for (i = 0; i < n; i++) {
				walk(t, names[i], json_arr_push(below, json_object()), depth + 1, f);
				free(names[i]);
			}
		}
		free(names);
		free(sl);
	}
	free(uuid);
	free(dmname);
	free(p);
}

/* The block device holding mount m, or NULL. Caller frees. */
static char *
mount_device(const struct target *t, const struct sysprobe_mount *m)
{
	char *p, *name;

	if (m->major != 0) {
		p = xasprintf("/sys/dev/block/%u:%u", m->major, m->minor);
		name = link_base(t, p);
		free(p);
		if (name != NULL)
			return name;
	}
	/* anonymous device numbers (btrfs): the mount source names the device */
	if (strncmp(m->source, "/dev/mapper/", 12) == 0)
		return dm_by_name(t, m->source + 12);
	if (strncmp(m->source, "/dev/", 5) == 0 && strchr(m->source + 5, '/') == NULL)
		return xstrdup(m->source + 5);
	return NULL;
}

/* Records the filesystem at mount point mp and its chain. */
static void
probe_mount(const struct check_ctx *ctx, const struct sysprobe_mount *mt, size_t nmt,
    const char *mp, struct disk_encryption_facts *f)
{
	const struct sysprobe_mount *m = sysprobe_mount_at(mt, nmt, mp);
	struct disk_encryption_fs *e;
	char *dev;

	f->fs = xreallocarray(f->fs, f->nfs + 1, sizeof *f->fs);
	e = &f->fs[f->nfs++];
	memset(e, 0, sizeof *e);
	e->mountpoint = xstrdup(mp);
	if (m == NULL) {
		add_error(f, xasprintf("%s: not found in the mount table", mp),
		    xasprintf("%s: マウント表にありません", mp));
		return;
	}
	e->mounted = 1;
	e->fstype = xstrdup(m->fstype);
	e->source = xstrdup(m->source);
	if ((dev = mount_device(ctx->target, m)) == NULL) {
		add_error(f, xasprintf("%s: %s on %s is not on a block device", mp, m->fstype, m->source),
		    xasprintf("%s: %s（%s）はブロックデバイス上にありません", mp, m->fstype, m->source));
		return;
	}
	e->chain = json_object();
	walk(ctx->target, dev, e->chain, 0, f);
	free(dev);
}

int
disk_encryption_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct disk_encryption_facts *f = facts;
	const struct json *extra = check_param_list(ctx, "paths");
	struct sysprobe_mount *mt;
	size_t nmt, i;
	char err[512];

	if (sysprobe_mounts(ctx->target, &mt, &nmt, err, sizeof err) < 0) {
		char *en = xasprintf("the mount table cannot be read: %s", err);
		char *ja_err = errtext_problem_ja(err);
		char *ja = xasprintf("マウント表を読み取れません: %s", ja_err);

		free(ja_err);
		json_obj_set(res->details, "filesystems", json_array());
		json_arr_push(json_obj_set(res->details, "errors", json_array()), json_str(err));
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		return -1;
	}
	check_evidence_file(res, ctx, "/proc/self/mountinfo");
	probe_mount(ctx, mt, nmt, "/", f);
	if (check_param_bool(ctx, "require_home", 1)) {
		if (sysprobe_mount_at(mt, nmt, "/home") != NULL)
			probe_mount(ctx, mt, nmt, "/home", f);
		else
			f->home_on_root = 1;
	}
	for (i = 0; i < json_len(extra); i++)
		if (json_get_str(json_at(extra, i)) != NULL)
			probe_mount(ctx, mt, nmt, json_get_str(json_at(extra, i)), f);
	sysprobe_mounts_free(mt, nmt);
	return 0;
}
