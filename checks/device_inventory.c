/*
 * device_inventory.c: the device-inventory check: evidence for the
 * inventory item, not a verdict. Host name, machine id, DMI vendor, product
 * and serial, the OS, and every USB storage device attached now.
 *
 * pass when the host identity (its name) could be read; unknown when it
 * could not. A serial number only root may read is noted, not fatal.
 * The facts come from the probe (checks/linux/device_inventory.c).
 */
#include "device_inventory.h"

#include <stdlib.h>

#include "../util/xalloc.h"

void
device_inventory_facts_free(void *facts)
{
	struct device_inventory_facts *f = facts;

	free(f->hostname);
	free(f->machine_id);
	free(f->vendor);
	free(f->product);
	free(f->serial);
	free(f->os);
	json_free(f->usb_storage);
	json_free(f->notes);
	json_free(f->windows);
}

/* Decides from the identity read: pass with it worded, unknown without a host name. */
static void
inventory_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct device_inventory_facts *f = facts;
	const char *host = f->hostname, *vendor = f->vendor, *product = f->product, *serial = f->serial;
	size_t nusb = f->usb_storage != NULL ? json_len(f->usb_storage) : 0;

	(void)ctx;
	json_obj_set(res->details, "hostname", json_str(f->hostname));
	json_obj_set(res->details, "machine_id", json_str(f->machine_id));
	if (f->windows != NULL)
		json_obj_set(res->details, "windows", json_copy(f->windows));
	json_obj_set(res->details, "vendor", json_str(f->vendor));
	json_obj_set(res->details, "product", json_str(f->product));
	json_obj_set(res->details, "serial", json_str(f->serial));
	json_obj_set(res->details, "os", json_str(f->os));
	json_obj_set(res->details, "usb_storage",
	    f->usb_storage != NULL ? json_copy(f->usb_storage) : json_null());
	json_obj_set(res->details, "notes", f->notes != NULL ? json_copy(f->notes) : json_array());
	if (host == NULL || host[0] == '\0') {
		check_result_set(res, CHECK_UNKNOWN,
		    "the host name could not be read (/etc/hostname, /proc/sys/kernel/hostname)",
		    "ホスト名を読み取れませんでした（/etc/hostname、/proc/sys/kernel/hostname）");
	} else {
		char *en = xasprintf("%s%s%s%s%s%s, serial %s; %zu USB storage device%s attached",
		    host, vendor || product ? " (" : "", vendor ? vendor : "",
		    vendor && product ? " " : "", product ? product : "", vendor || product ? ")" : "",
		    serial ? serial : "unreadable", nusb, nusb == 1 ? "" : "s");
		char *ja = xasprintf("%s%s%s%s%s%s、シリアル %s、接続中のUSBストレージ %zu 台",
		    host, vendor || product ? "（" : "", vendor ? vendor : "",
		    vendor && product ? " " : "", product ? product : "",
		    vendor || product ? "）" : "", serial ? serial : "読み取れず", nusb);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
}

const struct check check_device_inventory = {
	.id = "device-inventory",
	.flags = CHECK_IDENTIFIES_DEVICE,
	.title_en = "Device identity and attached USB storage",
	.title_ja = "端末の識別情報と接続中のUSBストレージ",
	.reads = "/etc/hostname, /etc/machine-id, /sys/class/dmi/id, /etc/os-release, "
	         "/sys/block, /proc/self/mountinfo, /dev/disk",
	.params = NULL,
	.facts_size = sizeof(struct device_inventory_facts),
	.facts_free = device_inventory_facts_free,
	.probes = {
		[TARGET_LINUX] = { device_inventory_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { device_inventory_probe_windows, NULL, NULL },
	},
	.judge = inventory_judge,
};
