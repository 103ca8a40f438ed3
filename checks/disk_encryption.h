/*
 * disk_encryption.h: the facts of the disk-encryption check.
 *
 * The probe finds, for each mount point to check, the filesystem mounted
 * there and the chain of block devices under it, as sysfs shows it; the
 * judge decides from the chain whether the filesystem sits on dm-crypt:
 * a device whose dm uuid starts with "CRYPT-" is encrypted, another
 * device-mapper device (LVM) is when every device under it is, a partition
 * or a disk is not, and a device not found in sysfs leaves it unknown.
 *
 * A chain node is JSON: {"device", "type" ("luks2", "luks1",
 * "plain-dm-crypt", "dm-crypt", "lvm", "device-mapper", "partition",
 * "disk", or "unknown" when it is not in sysfs), "dm_name", "dm_uuid" (dm
 * devices only), "on": [nodes under it] (when it has any)}.
 *
 * Ownership: the facts own every string, array and JSON value in them;
 * disk_encryption_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_DISK_ENCRYPTION_H
#define REENTRY_DISK_ENCRYPTION_H

#include <stddef.h>

#include "check.h"

/* One mount point checked. */
struct disk_encryption_fs {
	char *mountpoint;
	int mounted;  /* found in the mount table */
	char *fstype; /* when mounted */
	char *source;
	struct json *chain; /* the device chain, or NULL when not on a block device */
};

struct disk_encryption_facts {
	struct disk_encryption_fs *fs; /* "/", "/home" when separate and required, the "paths" parameter */
	size_t nfs;
	int home_on_root; /* require_home, but /home is no separate filesystem */
	char **errors;    /* what could not be read or found, in the order met */
	char **errors_ja; /* the same in Japanese, one for one (NULL where a probe gave none) */
	size_t nerrors;
	/*
	 * A Windows installation read from its disk: the BitLocker policy
	 * (SOFTWARE\Policies\Microsoft\FVE) as an array of {"value","data"}, or
	 * NULL when that key is absent; windows is set for this target kind.
	 */
	int windows;
	struct json *fve_policy;
	/*
	 * Windows: how the desk reached the volume, from the desk's mount table:
	 * the mount holding the root, its filesystem type and source, the first
	 * bytes of that source's first sector at offset 3 (sanitised), and
	 * whether that shows BitLocker: 1 the -FVE-FS- signature or a dislocker
	 * FUSE mount beneath, 0 not shown; volume_note says why not (or NULL).
	 */
	char *root_mount, *root_fstype, *root_source;
	char *volume_signature;
	int bitlocker;
	char *bitlocker_how; /* "signature" or "dislocker", when bitlocker */
	char *volume_note;
};

void disk_encryption_facts_free(void *facts);

int disk_encryption_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: the BitLocker policy keys (checks/windows/disk_encryption.c). */
int disk_encryption_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
