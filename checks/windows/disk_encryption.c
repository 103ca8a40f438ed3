/*
 * windows/disk_encryption.c: the disk-encryption probe for a Windows
 * installation read from its disk. A BitLocker volume that the desk can read
 * has been unlocked (dislocker, or Windows itself): its files look the same
 * whether the volume underneath is encrypted or not, so the files prove
 * nothing either way. What the installation says is its BitLocker policy,
 * SOFTWARE\Policies\Microsoft\FVE, whose values are all reported (a policy
 * that asks for encryption is not proof that it happened). The judge makes
 * the result unknown with the way to find out.
 *
 * The volume itself can tell. The probe finds, in the desk's own mount table
 * (/proc/self/mountinfo), the mount holding the root and what it was
 * mounted from. A block device whose first sector carries BitLocker's
 * -FVE-FS- signature at offset 3 is BitLocker (only that sector is read,
 * through a read-only descriptor); so is a volume read through dislocker
 * (the root mounted from dislocker's file, directly or through a loop
 * device, inside a fuse.dislocker mount). Anything else leaves the judge
 * unknown, with the reason in volume_note.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../check.h"
#include "../disk_encryption.h"
#include "../../sys/sysprobe.h"
#include "../../sys/winreg.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define FVE_POLICY "Policies\\Microsoft\\FVE"

#define FVE_SIGNATURE "-FVE-FS-"

/* The mount holding path: the longest mount point that contains it, the last mounted of equals. */
static const struct sysprobe_mount *
mount_of(const struct sysprobe_mount *m, size_t n, const char *path)
{
	const struct sysprobe_mount *best = NULL;
	size_t i, bl = 0;

	for (i = 0; i < n; i++) {
		size_t l = strlen(m[i].mountpoint);
		int in = strcmp(m[i].mountpoint, "/") == 0 ||
		    (strncmp(path, m[i].mountpoint, l) == 0 && (path[l] == '\0' || path[l] == '/'));

		if (in && (best == NULL || l >= bl)) {
			best = &m[i];
			bl = l;
		}
	}
	return best;
}

static int
is_dislocker(const struct sysprobe_mount *m)
{
	return m != NULL &&
	    (strncmp(m->fstype, "fuse.dislocker", 14) == 0 || strcmp(m->source, "dislocker") == 0);
}

/* The file behind a loop device ("/dev/loop3"), from the desk's /sys; NULL when none. */
static char *
loop_backing(const struct target *desk, const char *dev)
{
	const char *name = strrchr(dev, '/') + 1;
	char *p = xasprintf("/sys/block/%s/loop/backing_file", name), *line;

	line = target_line(desk, p);
	free(p);
	return line;
}

/* The first sector of dev at offset 3: sets f->volume_signature and f->bitlocker, or the note. */
static void
read_signature(struct disk_encryption_facts *f, const char *dev)
{
	unsigned char sec[512];
	char sig[9];
	struct stat st;
	ssize_t got;
	size_t i;
	int fd = open(dev, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		f->volume_note = xasprintf("%s: cannot be opened to read its first sector: %s (run as "
		                           "root, or check by hand: dd if=%s bs=1 skip=3 count=8)",
		    dev, strerror(errno), dev);
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode)) {
		f->volume_note = xasprintf("%s: not a block device, not read", dev);
		close(fd);
		return;
	}
	got = pread(fd, sec, sizeof sec, 0);
	close(fd);
	if (got < 11) {
		f->volume_note = xasprintf("%s: its first sector cannot be read: %s", dev,
		    got < 0 ? strerror(errno) : "too short");
		return;
	}
	for (i = 0; i < 8; i++)
		sig[i] = sec[3 + i] >= 0x20 && sec[3 + i] < 0x7F ? (char)sec[3 + i] : '.';
	sig[8] = '\0';
	f->volume_signature = xstrdup(sig);
	if (memcmp(sec + 3, FVE_SIGNATURE, 8) == 0) {
		f->bitlocker = 1;
		f->bitlocker_how = xstrdup("signature");
	} else {
		f->volume_note = xasprintf("%s starts with '%s' at byte 3, not BitLocker's %s: the "
		                           "volume read here is not encrypted; if it is a copy, check "
		                           "the laptop's own disk",
		    dev, sig, FVE_SIGNATURE);
	}
}

/* How the desk reached the root: its mount, and BitLocker's signature or dislocker beneath it. */
static void
probe_volume(struct disk_encryption_facts *f, const struct check_ctx *ctx, struct check_result *res)
{
	char err[512], real[PATH_MAX], *backing = NULL;
	struct sysprobe_mount *m = NULL;
	const struct sysprobe_mount *rm, *under;
	const char *file = NULL;
	struct target *desk;
	size_t n = 0;

	if (realpath(target_root(ctx->target), real) == NULL) {
		f->volume_note = xasprintf("%s: %s", target_root(ctx->target), strerror(errno));
		return;
	}
	if ((desk = target_open("/", err, sizeof err)) == NULL ||
	    sysprobe_mounts(desk, &m, &n, err, sizeof err) < 0) {
		f->volume_note = xasprintf("the desk's mount table cannot be read: %s", err);
		target_free(desk);
		return;
	}
	check_evidence_value(res, "desk_mount_table", "/proc/self/mountinfo");
	if ((rm = mount_of(m, n, real)) == NULL) {
		f->volume_note = xasprintf("%s is in no mount of the desk's mount table", real);
		goto out;
	}
	f->root_mount = text_sanitize(rm->mountpoint);
	f->root_fstype = text_sanitize(rm->fstype);
	f->root_source = text_sanitize(rm->source);
	if (is_dislocker(rm)) {
		f->bitlocker = 1;
		f->bitlocker_how = xstrdup("dislocker");
		goto out;
	}
	if (strncmp(rm->source, "/dev/loop", 9) == 0 && strchr(rm->source + 9, '/') == NULL)
		file = backing = loop_backing(desk, rm->source);
	else if (rm->source[0] == '/' && strncmp(rm->source, "/dev/", 5) != 0)
		file = rm->source;
	if (file != NULL && (under = mount_of(m, n, file)) != NULL && is_dislocker(under)) {
		f->bitlocker = 1;
		f->bitlocker_how = xstrdup("dislocker");
		goto out;
	}
	if (strncmp(rm->source, "/dev/", 5) == 0)
		read_signature(f, rm->source);
	else
		f->volume_note = xasprintf("the root is on %s (%s), not on a block device the desk can "
		                           "read: its encryption cannot be seen",
		    f->root_source, f->root_fstype);
out:
	free(backing);
	sysprobe_mounts_free(m, n);
	target_free(desk);
}

int
disk_encryption_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct disk_encryption_facts *f = facts;
	struct winprobe w;
	winreg_key k;
	char **names;
	size_t i;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE) < 0)
		return -1;
	f->windows = 1;
	probe_volume(f, ctx, res);
	k = winreg_key_at(w.software, FVE_POLICY);
	winprobe_evidence(res, w.software, k, FVE_POLICY, NULL, NULL);
	if (k == 0)
		goto out;
	f->fve_policy = json_array();
	if ((names = winreg_value_names(w.software, k)) == NULL) {
		f->errors = xreallocarray(f->errors, f->nerrors + 1, sizeof *f->errors);
		f->errors[f->nerrors++] = xasprintf("%s: %s: the values could not be read (damaged hive)",
		    winreg_file(w.software), FVE_POLICY);
		goto out;
	}
	for (i = 0; names[i] != NULL && i < 200; i++) {
		struct json *o = json_arr_push(f->fve_policy, json_object());
		char *s = NULL, buf[32], *safe_name = text_sanitize(names[i]);
		uint32_t d;

		json_obj_set(o, "value", json_str(safe_name));
		if (winreg_dword(w.software, k, names[i], &d) == WINREG_OK) {
			snprintf(buf, sizeof buf, "%u", d);
			json_obj_set(o, "data", json_str(buf));
		} else if (winreg_string(w.software, k, names[i], &s) == WINREG_OK) {
			char *safe = text_sanitize(s);

			json_obj_set(o, "data", json_str(safe));
			free(safe);
		} else {
			json_obj_set(o, "data", json_str("(another type)"));
		}
		free(s);
		free(safe_name);
	}
	strv_free(names);
out:
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
