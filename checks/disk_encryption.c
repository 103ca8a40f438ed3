/*
 * disk_encryption.c: the disk-encryption check: do the root and home
 * filesystems sit on dm-crypt, so a lost laptop does not give its data away?
 *
 * The filesystem mounted at each path is found in /proc/self/mountinfo; its
 * device number leads to the block device through /sys/dev/block/MAJ:MIN
 * (or, for filesystems with anonymous device numbers such as btrfs, through
 * the mount source). From there the chain is walked down sysfs: a
 * device-mapper device (dm/uuid) whose uuid starts with "CRYPT-LUKS1-",
 * "CRYPT-LUKS2-" (or another "CRYPT-" type) is encrypted; any other
 * device-mapper device (LVM, "LVM-...") is encrypted when every device under
 * it (slaves/) is; a partition or disk is not. Every device in the chain is
 * reported with its type and name.
 *
 * pass:    every checked filesystem sits on dm-crypt.
 * fail:    one of them does not.
 * unknown: the mount table or sysfs cannot be read, or a filesystem is not on
 *          a block device (overlay, tmpfs, network): its storage cannot be seen.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/sysprobe.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

static const struct check_param disk_encryption_params[] = {
	{ "require_home", CHECK_PARAM_BOOL, 0, 0,
	  "check /home too when it is a separate filesystem (default true)" },
	{ "paths", CHECK_PARAM_STRLIST, 0, 0,
	  "more mount points that must be encrypted, e.g. /var or /srv" },
	{ NULL, 0, 0, 0, NULL },
};

/* Tri-state of a chain. */
enum enc { ENC_NO, ENC_YES, ENC_UNKNOWN };

/* Basename of the target of symlink root+path, or NULL. Caller frees. */
static char *
link_base(const char *root, const char *path)
{
	char *full = path_join(root, path), buf[PATH_MAX], *s;
	ssize_t n = readlink(full, buf, sizeof buf - 1);

	free(full);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	s = strrchr(buf, '/');
	return xstrdup(s != NULL ? s + 1 : buf);
}

/* A sysfs attribute of block device name, or NULL. Caller frees. */
static char *
battr(const char *root, const char *name, const char *attr)
{
	char *p = xasprintf("/sys/class/block/%s/%s", name, attr), *v = compat_line(root, p);

	free(p);
	return v;
}

/* The dm-N device whose dm/name is mapname, or NULL. Caller frees. */
static char *
dm_by_name(const char *root, const char *mapname)
{
	char *dir = path_join(root, "/sys/class/block"), *found = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	free(dir);
	if (d == NULL)
		return NULL;
	while (found == NULL && (e = readdir(d)) != NULL) {
		char *n;

		if (strncmp(e->d_name, "dm-", 3) != 0)
			continue;
		if ((n = battr(root, e->d_name, "dm/name")) != NULL && strcmp(n, mapname) == 0)
			found = xstrdup(e->d_name);
		free(n);
	}
	closedir(d);
	return found;
}

/* Walks the chain under block device name into node; returns whether it is encrypted. */
static enum enc
walk(const char *root, const char *name, struct json *node, int depth, struct json *errors)
{
	char *p = xasprintf("/sys/class/block/%s", name), *uuid, *dmname;
	enum enc r = ENC_NO;

	json_obj_set(node, "device", json_str(name));
	if (depth > 16 || !compat_isdir(root, p)) {
		json_arr_push(errors, json_strf("%s: no such block device in sysfs", p));
		json_obj_set(node, "type", json_str("unknown"));
		free(p);
		return ENC_UNKNOWN;
	}
	uuid = battr(root, name, "dm/uuid");
	dmname = battr(root, name, "dm/name");
	if (uuid != NULL) {
		const char *type = strncmp(uuid, "CRYPT-LUKS2-", 12) == 0 ? "luks2" :
		    strncmp(uuid, "CRYPT-LUKS1-", 12) == 0 ? "luks1" :
		    strncmp(uuid, "CRYPT-PLAIN-", 12) == 0 ? "plain-dm-crypt" :
		    strncmp(uuid, "CRYPT-", 6) == 0 ? "dm-crypt" :
		    strncmp(uuid, "LVM-", 4) == 0 ? "lvm" : "device-mapper";

		json_obj_set(node, "type", json_str(type));
		json_obj_set(node, "dm_name", json_str(dmname));
		json_obj_set(node, "dm_uuid", json_str(uuid));
		if (strncmp(uuid, "CRYPT-", 6) == 0)
			r = ENC_YES;
	} else {
		char *part = xasprintf("%s/partition", p);

		json_obj_set(node, "type", json_str(compat_exists(root, part) ? "partition" : "disk"));
		free(part);
	}
	/* the devices under it: a crypt device shows what it encrypts, LVM its volumes */
	{
		char *sl = xasprintf("%s/slaves", p), *full = path_join(root, sl);
		DIR *d = opendir(full);
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
			enum enc all = ENC_YES;

			for (i = 0; i < n; i++) {
				enum enc s = walk(root, names[i], json_arr_push(below, json_object()),
				    depth + 1, errors);

				if (s == ENC_NO)
					all = ENC_NO;
				else if (s == ENC_UNKNOWN && all == ENC_YES)
					all = ENC_UNKNOWN;
				free(names[i]);
			}
			if (r != ENC_YES && uuid != NULL)
				r = all;
		}
		free(names);
		free(sl);
		free(full);
	}
	json_obj_set(node, "encrypted", r == ENC_UNKNOWN ? json_null() : json_bool(r == ENC_YES));
	free(uuid);
	free(dmname);
	free(p);
	return r;
}

/* The block device holding mount m, or NULL. Caller frees. */
static char *
mount_device(const char *root, const struct sysprobe_mount *m)
{
	char *p, *name;

	if (m->major != 0) {
		p = xasprintf("/sys/dev/block/%u:%u", m->major, m->minor);
		name = link_base(root, p);
		free(p);
		if (name != NULL)
			return name;
	}
	/* anonymous device numbers (btrfs): the mount source names the device */
	if (strncmp(m->source, "/dev/mapper/", 12) == 0)
		return dm_by_name(root, m->source + 12);
	if (strncmp(m->source, "/dev/", 5) == 0 && strchr(m->source + 5, '/') == NULL)
		return xstrdup(m->source + 5);
	return NULL;
}

/* Checks the filesystem at mount point mp; adds its entry to fs. */
static enum enc
check_mount(const struct check_ctx *ctx, const struct sysprobe_mount *mt, size_t nmt,
    const char *mp, struct json *fs, struct json *errors)
{
	const struct sysprobe_mount *m = sysprobe_mount_at(mt, nmt, mp);
	struct json *e = json_arr_push(fs, json_object());
	char *dev;
	enum enc r;

	json_obj_set(e, "mountpoint", json_str(mp));
	if (m == NULL) {
		json_arr_push(errors, json_strf("%s: not found in the mount table", mp));
		json_obj_set(e, "encrypted", json_null());
		return ENC_UNKNOWN;
	}
	json_obj_set(e, "fstype", json_str(m->fstype));
	json_obj_set(e, "source", json_str(m->source));
	if ((dev = mount_device(ctx->root, m)) == NULL) {
		json_arr_push(errors, json_strf("%s: %s on %s is not on a block device", mp, m->fstype,
		    m->source));
		json_obj_set(e, "encrypted", json_null());
		return ENC_UNKNOWN;
	}
	r = walk(ctx->root, dev, json_obj_set(e, "chain", json_object()), 0, errors);
	json_obj_set(e, "encrypted", r == ENC_UNKNOWN ? json_null() : json_bool(r == ENC_YES));
	free(dev);
	return r;
}

/* Appends "dev1 > dev2 > ..." of the first branch of a chain to sb. */
static void
chain_text(const struct json *node, struct strbuf *sb, int first)
{
	const char *type = json_get_str(json_get(node, "type"));
	const struct json *on = json_get(node, "on");

	sb_addf(sb, "%s%s (%s)", first ? "" : " on ", json_get_str(json_get(node, "device")),
	    type != NULL ? type : "?");
	if (json_len(on) > 0)
		chain_text(json_at(on, 0), sb, 0);
}

static void
disk_encryption_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct json *fs = json_obj_set(res->details, "filesystems", json_array());
	struct json *errors = json_obj_set(res->details, "errors", json_array());
	const struct json *extra = check_param_list(ctx, "paths");
	struct sysprobe_mount *mt;
	size_t nmt, i;
	char err[512];
	struct strbuf bad = STRBUF_INIT, unk = STRBUF_INIT;
	int any_no = 0, any_unknown = 0;

	if (compat_mounts(ctx->root, &mt, &nmt, err, sizeof err) < 0) {
		char *en = xasprintf("the mount table cannot be read: %s", err);
		char *ja = xasprintf("マウント表を読み取れません: %s", err);

		json_arr_push(errors, json_str(err));
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
		return;
	}
	check_evidence_file(res, ctx, "/proc/self/mountinfo");
	{
		const char **paths = xcalloc(3 + json_len(extra), sizeof *paths);
		size_t np = 0;

		paths[np++] = "/";
		if (check_param_bool(ctx, "require_home", 1)) {
			if (sysprobe_mount_at(mt, nmt, "/home") != NULL)
				paths[np++] = "/home";
			else
				json_obj_set(res->details, "home", json_str("on the root filesystem"));
		}
		for (i = 0; i < json_len(extra); i++)
			if (json_get_str(json_at(extra, i)) != NULL)
				paths[np++] = json_get_str(json_at(extra, i));
		for (i = 0; i < np; i++) {
			enum enc r = check_mount(ctx, mt, nmt, paths[i], fs, errors);
			struct strbuf *sb = r == ENC_NO ? &bad : r == ENC_UNKNOWN ? &unk : NULL;

			any_no |= r == ENC_NO;
			any_unknown |= r == ENC_UNKNOWN;
			if (sb != NULL) {
				const struct json *chain = json_get(json_at(fs, json_len(fs) - 1), "chain");

				sb_addf(sb, "%s%s", sb->len ? "; " : "", paths[i]);
				if (chain != NULL) {
					sb_adds(sb, " on ");
					chain_text(chain, sb, 1);
				}
			}
		}
		free(paths);
	}
	if (any_no) {
		char *en = xasprintf("not encrypted: %s", sb_str(&bad));
		char *ja = xasprintf("暗号化されていません: %s", sb_str(&bad));

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (any_unknown) {
		char *en = xasprintf("cannot tell whether %s is encrypted: %s", sb_str(&unk),
		    json_get_str(json_at(errors, 0)) ? json_get_str(json_at(errors, 0)) : "");
		char *ja = xasprintf("%s が暗号化されているか判断できません: %s", sb_str(&unk),
		    json_get_str(json_at(errors, 0)) ? json_get_str(json_at(errors, 0)) : "");

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else {
		struct strbuf ok = STRBUF_INIT;
		char *en, *ja;

		for (i = 0; i < json_len(fs); i++) {
			sb_addf(&ok, "%s%s on ", ok.len ? "; " : "",
			    json_get_str(json_get(json_at(fs, i), "mountpoint")));
			chain_text(json_get(json_at(fs, i), "chain"), &ok, 1);
		}
		en = xasprintf("encrypted: %s", sb_str(&ok));
		ja = xasprintf("暗号化されています: %s", sb_str(&ok));
		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
		sb_free(&ok);
	}
	sb_free(&bad);
	sb_free(&unk);
	sysprobe_mounts_free(mt, nmt);
}

const struct check check_disk_encryption = {
	.id = "disk-encryption",
	.title_en = "Root and home filesystems encrypted",
	.title_ja = "ルートとホームのファイルシステムの暗号化",
	.reads = "/proc/self/mountinfo, /sys/dev/block, /sys/class/block (dm/uuid, dm/name, slaves)",
	.params = disk_encryption_params,
	.run = disk_encryption_run,
};
