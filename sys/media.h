/*
 * media.h: removable storage attached to this machine, and where it is
 * mounted. Read from /sys/block, /proc/self/mountinfo and
 * /dev/disk/by-uuid of a target (target.h), so tests use fixture trees.
 *
 * Used by `reentry media`, the device-inventory check and the scanner (which
 * scans every mounted removable medium when given no paths).
 */
#ifndef REENTRY_MEDIA_H
#define REENTRY_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "target.h"
#include "../util/json.h"

struct medium {
	char *name;    /* kernel name: "sdb", "sdb1" */
	char *devnode; /* "/dev/sdb1" */
	char *parent;  /* whole-disk name for a partition, else NULL */
	char *bus;     /* "usb", "mmc", "ata", ... or NULL */
	int removable; /* the kernel's removable flag, or on a USB/MMC bus */
	char *vendor;  /* from sysfs / the USB device; may be NULL */
	char *model;
	char *serial;
	uint64_t size;      /* bytes */
	char *fstype;       /* from the mount table, or NULL */
	char *uuid;         /* filesystem UUID, or NULL */
	char *label;        /* filesystem label, or NULL */
	char **mountpoints; /* NULL-terminated, may be empty; absolute, without the root prefix */
};

/*
 * Lists block devices that are removable (USB, MMC, or flagged removable),
 * partitions included, in name order. Returns 0, or -1 with a message in err.
 * Caller frees with media_free().
 */
int media_list(const struct target *t, struct medium **out, size_t *n, char *err, size_t errlen);
void media_free(struct medium *m, size_t n);
/*
 * {"name","devnode","parent","bus","removable","vendor","model","serial","size",
 *  "fstype","uuid","label","mountpoints"}; caller frees.
 */
struct json *medium_to_json(const struct medium *m);

#endif
