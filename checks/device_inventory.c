/*
 * device_inventory.c: the device-inventory check: evidence for the
 * inventory item, not a verdict. Host name, machine id, DMI vendor, product
 * and serial, the OS, and every USB storage device attached now.
 *
 * pass when the host name and a usable serial number were read and every
 * USB disk attached has a serial; unknown otherwise (a serial only root may
 * read, a missing one, a firmware placeholder such as "To be filled by
 * O.E.M.", a USB disk without one, media that could not be listed): an
 * identity that cannot be matched against the register is not a pass. The
 * identity read is worded either way and still names the session's device.
 * The facts come from the probe (checks/linux/device_inventory.c).
 */
#include "device_inventory.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/*
 * Whether serial is a number that identifies the device: firmware fills the
 * DMI field with placeholders when the maker did not ("To be filled by
 * O.E.M.", "Default string", "System Serial Number", zeros).
 */
int
device_serial_usable(const char *serial)
{
	static const char *const junk[] = { "to be filled by o.e.m.", "default string",
		"system serial number", "not specified", "not applicable", "none", "n/a",
		"0123456789", "chassis serial number", "serial number", "unreadable", "unknown",
		"to be filled by oem", NULL };
	size_t i;
	const char *p;

	if (serial == NULL || serial[0] == '\0')
		return 0;
	for (i = 0; junk[i] != NULL; i++)
		if (strcasecmp(serial, junk[i]) == 0)
			return 0;
	for (p = serial; *p == '0' || *p == ' ' || *p == '.' || *p == '-' || *p == 'x' || *p == 'X'; p++)
		;
	return *p != '\0';
}

/*
 * Decides from the identity read: pass with it worded when the host name and
 * the serial number were read and every USB disk has a serial; unknown, with
 * the same words and what is missing, otherwise.
 */
static void
inventory_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct device_inventory_facts *f = facts;
	const char *host = f->hostname, *vendor = f->vendor, *product = f->product;
	const char *serial = device_serial_usable(f->serial) ? f->serial : NULL;
	size_t nusb = f->usb_storage != NULL ? json_len(f->usb_storage) : 0, i, usb_noserial = 0;
	char *en, *ja;

	(void)ctx;
	json_obj_set(res->details, "hostname", json_str(f->hostname));
	json_obj_set(res->details, "machine_id", json_str(f->machine_id));
	if (f->windows != NULL)
		json_obj_set(res->details, "windows", json_copy(f->windows));
	json_obj_set(res->details, "vendor", json_str(f->vendor));
	json_obj_set(res->details, "product", json_str(f->product));
	json_obj_set(res->details, "serial", json_str(f->serial));
	json_obj_set(res->details, "serial_usable", json_bool(serial != NULL));
	json_obj_set(res->details, "os", json_str(f->os));
	json_obj_set(res->details, "usb_storage",
	    f->usb_storage != NULL ? json_copy(f->usb_storage) : json_null());
	json_obj_set(res->details, "notes", f->notes != NULL ? json_copy(f->notes) : json_array());
	for (i = 0; i < nusb; i++) {
		const char *s = json_get_str(json_get(json_at(f->usb_storage, i), "serial"));

		if (s == NULL || s[0] == '\0')
			usb_noserial++;
	}
	if (host == NULL || host[0] == '\0') {
		check_result_set(res, CHECK_UNKNOWN,
		    "the host name could not be read (/etc/hostname, /proc/sys/kernel/hostname)",
		    "ホスト名を読み取れませんでした（/etc/hostname、/proc/sys/kernel/hostname）");
		return;
	}
	en = xasprintf("%s%s%s%s%s%s, serial %s; %zu USB storage device%s attached%s", host,
	    vendor || product ? " (" : "", vendor ? vendor : "", vendor && product ? " " : "",
	    product ? product : "", vendor || product ? ")" : "",
	    serial        ? serial :
	        f->serial ? "not usable (a firmware placeholder): read it from the label" :
	                    "unreadable: read it from the label",
	    nusb, nusb == 1 ? "" : "s",
	    f->usb_storage == NULL ? " (the USB devices could not be listed)" :
	        usb_noserial > 0   ? ", without a serial number: compare them by hand" :
	                             "");
	ja = xasprintf("%s%s%s%s%s%s、シリアル %s、接続中のUSBストレージ %zu 台%s", host,
	    vendor || product ? "（" : "", vendor ? vendor : "", vendor && product ? " " : "",
	    product ? product : "", vendor || product ? "）" : "",
	    serial        ? serial :
	        f->serial ? "は使えない値（ファームウェアの仮の値）です。ラベルで確認してください" :
	                    "を読み取れません。ラベルで確認してください",
	    nusb,
	    f->usb_storage == NULL ? "（USB機器を一覧できませんでした）" :
	        usb_noserial > 0 ? "（シリアル番号のないものがあります。手で照合してください）" :
	                           "");
	json_obj_set(res->details, "usb_without_serial", json_int((int64_t)usb_noserial));
	/* an identity that cannot be matched against the register is not a pass */
	check_result_set(res,
	    serial != NULL && usb_noserial == 0 && f->usb_storage != NULL ? CHECK_PASS : CHECK_UNKNOWN,
	    en, ja);
	free(en);
	free(ja);
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
