/*
 * windows/device_inventory.c: the device-inventory probe for a Windows
 * installation read from its disk: the computer name, machine GUID, the
 * manufacturer and model Windows recorded at its last boot, the product,
 * edition, display version, build, UBR and install date, and the last user
 * who logged on, all from the SOFTWARE and SYSTEM hives.
 *
 * Not here, and said so in the notes: the serial number (Windows keeps it in
 * firmware, not the registry) and the USB storage attached now (a disk read
 * offline has none).
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "../device_inventory.h"
#include "../../sys/winreg.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

int
device_inventory_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const char crypto[] = "Microsoft\\Cryptography";
	static const char logonui[] = "Microsoft\\Windows\\CurrentVersion\\Authentication\\LogonUI";
	struct device_inventory_facts *f = facts;
	struct winreg_identity id;
	struct winprobe w;
	char *p, *last;
	winreg_key k;
	size_t i;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->notes = json_array();
	winreg_identity_read(ctx->target, &id);
	for (i = 0; i < json_len(id.notes); i++)
		json_arr_push(f->notes, json_copy(json_at(id.notes, i)));
	f->windows = winreg_identity_to_json(&id);
	p = winprobe_cs_path(&w, "Control\\ComputerName\\ComputerName");
	k = winreg_key_at(w.system, p);
	f->hostname = winprobe_string(res, w.system, k, p, "ComputerName");
	if (f->hostname == NULL || f->hostname[0] == '\0') {
		char *en = xasprintf("the computer name could not be read (%s, %s\\ComputerName)",
		    winreg_file(w.system), p);
		char *ja = xasprintf("コンピューター名を読み取れませんでした（%s、%s\\ComputerName）",
		    winreg_file(w.system), p);

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		json_obj_set(res->details, "windows", json_copy(f->windows));
		json_obj_set(res->details, "notes", json_copy(f->notes));
		free(en);
		free(ja);
		free(p);
		winreg_identity_free(&id);
		winprobe_close(&w);
		return -1;
	}
	free(p);
	if (target_os(ctx->target) != NULL)
		f->os = xstrdup(target_os(ctx->target));
	k = winreg_key_at(w.software, crypto);
	f->machine_id = winprobe_string(res, w.software, k, crypto, "MachineGuid");
	if (f->machine_id == NULL)
		json_arr_push(f->notes,
		    json_str("machine_id: SOFTWARE\\Microsoft\\Cryptography\\MachineGuid not set"));
	p = winprobe_cs_path(&w, "Control\\SystemInformation");
	k = winreg_key_at(w.system, p);
	f->vendor = winprobe_string(res, w.system, k, p, "SystemManufacturer");
	f->product = winprobe_string(res, w.system, k, p, "SystemProductName");
	free(p);
	if (f->vendor == NULL || f->product == NULL)
		json_arr_push(f->notes,
		    json_str("vendor, product: not recorded under Control\\SystemInformation"));
	json_arr_push(f->notes,
	    json_str("serial: not kept in the Windows registry; read it from the label or the firmware"));
	json_arr_push(f->notes,
	    json_str("usb_storage: a system read from its disk has no devices attached now"));
	k = winreg_key_at(w.software, logonui);
	last = winprobe_string(res, w.software, k, logonui, "LastLoggedOnUser");
	json_obj_set(f->windows, "last_logged_on_user", json_str(last));
	free(last);
	winprobe_dirty_notes(&w, res);
	winreg_identity_free(&id);
	winprobe_close(&w);
	return 0;
}
