/*
 * device_inventory.c: the device-inventory check: evidence for the
 * inventory item, not a verdict. Host name, machine id, DMI vendor, product
 * and serial, the OS, and every USB storage device attached now.
 *
 * pass when the host identity (its name) could be read; unknown when it
 * could not. A serial number only root may read is noted, not fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compat_root.h"
#include "../sys/media.h"
#include "../sys/sysprobe.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

/* Reads one identity file into details[key]; notes why when it cannot. */
static char *
ident(const struct check_ctx *ctx, struct check_result *res, struct json *notes,
    const char *key, const char *path)
{
	char *data = NULL, err[512];

	if (compat_read(ctx->root, path, 1 << 16, &data, err, sizeof err) < 0) {
		json_arr_push(notes, json_strf("%s: %s", key, err));
		json_obj_set(res->details, key, json_null());
		return NULL;
	}
	if (strchr(data, '\n') != NULL)
		*strchr(data, '\n') = '\0';
	sysprobe_trim(data);
	check_evidence_file(res, ctx, path);
	json_obj_set(res->details, key, json_str(data));
	return data;
}

/* PRETTY_NAME (else NAME) from os-release. Caller frees. */
static char *
os_name(const struct check_ctx *ctx, struct check_result *res)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	char *data, err[256], *line, *save = NULL, *name = NULL, *pretty = NULL;
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		if (compat_read(ctx->root, paths[i], 1 << 16, &data, err, sizeof err) == 0)
			break;
	if (paths[i] == NULL)
		return NULL;
	check_evidence_file(res, ctx, paths[i]);
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char **dst = strncmp(line, "PRETTY_NAME=", 12) == 0 ? &pretty :
		    strncmp(line, "NAME=", 5) == 0 ? &name : NULL;
		char *v = strchr(line, '=') + 1;
		size_t n;

		if (dst == NULL || *dst != NULL)
			continue;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = '\0';
			v++;
		}
		*dst = xstrdup(v);
	}
	free(data);
	if (pretty != NULL) {
		free(name);
		return pretty;
	}
	return name;
}

static void
inventory_run(const struct check_ctx *ctx, struct check_result *res)
{
	struct json *notes = json_array(), *usb;
	char *host, *mid, *vendor, *product, *serial, *os, err[512];
	struct medium *m;
	size_t n, i, nusb = 0;

	host = ident(ctx, res, notes, "hostname", "/etc/hostname");
	if (host == NULL || host[0] == '\0') {
		free(host);
		host = ident(ctx, res, notes, "hostname", "/proc/sys/kernel/hostname");
	}
	mid = ident(ctx, res, notes, "machine_id", "/etc/machine-id");
	vendor = ident(ctx, res, notes, "vendor", "/sys/class/dmi/id/sys_vendor");
	product = ident(ctx, res, notes, "product", "/sys/class/dmi/id/product_name");
	serial = ident(ctx, res, notes, "serial", "/sys/class/dmi/id/product_serial");
	os = os_name(ctx, res);
	json_obj_set(res->details, "os", json_str(os));
	usb = json_obj_set(res->details, "usb_storage", json_array());
	if (compat_media_list(ctx->root, &m, &n, err, sizeof err) < 0) {
		json_arr_push(notes, json_strf("usb_storage: %s", err));
		json_obj_set(res->details, "usb_storage", json_null());
	} else {
		for (i = 0; i < n; i++) {
			if (m[i].parent != NULL || m[i].bus == NULL || strcmp(m[i].bus, "usb") != 0)
				continue;
			json_arr_push(usb, medium_to_json(&m[i]));
			nusb++;
		}
		media_free(m, n);
	}
	json_obj_set(res->details, "notes", notes);
	if (host == NULL || host[0] == '\0') {
		check_result_set(res, CHECK_UNKNOWN,
		    "the host name could not be read (/etc/hostname, /proc/sys/kernel/hostname)",
		    "ホスト名を読み取れませんでした（/etc/hostname、/proc/sys/kernel/hostname）");
	} else {
		char *en = xasprintf("%s%s%s%s%s%s, serial %s; %zu USB storage device%s attached", host,
		    vendor || product ? " (" : "", vendor ? vendor : "", vendor && product ? " " : "",
		    product ? product : "", vendor || product ? ")" : "",
		    serial ? serial : "unreadable", nusb, nusb == 1 ? "" : "s");
		char *ja = xasprintf("%s%s%s%s%s%s、シリアル %s、接続中のUSBストレージ %zu 台", host,
		    vendor || product ? "（" : "", vendor ? vendor : "", vendor && product ? " " : "",
		    product ? product : "", vendor || product ? "）" : "",
		    serial ? serial : "読み取れず", nusb);

		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
	}
	free(host);
	free(mid);
	free(vendor);
	free(product);
	free(serial);
	free(os);
}

const struct check check_device_inventory = {
	.id = "device-inventory",
	.flags = CHECK_IDENTIFIES_DEVICE,
	.title_en = "Device identity and attached USB storage",
	.title_ja = "端末の識別情報と接続中のUSBストレージ",
	.reads = "/etc/hostname, /etc/machine-id, /sys/class/dmi/id, /etc/os-release, "
	         "/sys/block, /proc/self/mountinfo, /dev/disk",
	.params = NULL,
	.run = inventory_run,
};
