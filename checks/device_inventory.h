/*
 * device_inventory.h: the facts of the device-inventory check.
 *
 * The check gives evidence for the inventory item rather than a verdict: it
 * passes when the host name and a usable serial number were read and every
 * USB disk has a serial, and is unknown otherwise.
 * The judge words the identity (host name, vendor, product, serial) and the
 * count of USB storage devices attached, from these facts only.
 *
 * Ownership: the facts own every string and JSON value in them;
 * device_inventory_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_DEVICE_INVENTORY_H
#define REENTRY_DEVICE_INVENTORY_H

#include <stddef.h>

#include "check.h"

struct device_inventory_facts {
	/* identity as read (first line, trimmed); NULL where it could not be read */
	char *hostname; /* /etc/hostname, else /proc/sys/kernel/hostname when that was empty */
	char *machine_id;
	char *vendor;             /* DMI sys_vendor */
	char *product;            /* DMI product_name */
	char *serial;             /* DMI product_serial (often root only) */
	char *os;                 /* PRETTY_NAME, else NAME, of os-release */
	struct json *usb_storage; /* array of medium_to_json() of whole USB disks; NULL when unlisted */
	struct json *notes;       /* array of "key: why it could not be read" */
	struct json *windows; /* Windows: product, edition, build, UBR, ... (winreg_identity_to_json) */
};

void device_inventory_facts_free(void *facts);
/*
 * Whether serial identifies a device: not empty, not a firmware placeholder
 * ("To be filled by O.E.M.", "Default string", "0123456789", "unreadable",
 * zeros and the like). The device record (session/) refuses the rest.
 */
int device_serial_usable(const char *serial);

int device_inventory_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
int device_inventory_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
