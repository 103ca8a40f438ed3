/*
 * linux/device_inventory.c: the device-inventory probe for Debian-like
 * systems: host name, machine id, DMI identity and os-release read through
 * the target, and the USB storage devices from media_list(). A file that is
 * a link out of the root is noted as such (sysstate.h), never followed.
 */
#include <stdlib.h>
#include <string.h>

#include "sysstate.h"
#include "../check.h"
#include "../device_inventory.h"
#include "../../sys/media.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/xalloc.h"

/* Reads the first line of one identity file; NULL, with a note saying why, when it cannot. */
static char *
ident(const struct check_ctx *ctx, struct check_result *res, struct json *notes, const char *key,
    const char *path)
{
	struct json *why = json_array();
	char *data = NULL;
	int rc = sysstate_read(ctx, res, path, 1 << 16, &data, why);

	if (rc <= 0) {
		json_arr_push(notes,
		    rc == 0 ? json_strf("%s: %s: no such file", key, path) :
		              json_strf("%s: %s", key, json_get_str(json_at(why, 0))));
		json_free(why);
		return NULL;
	}
	json_free(why);
	if (strchr(data, '\n') != NULL)
		*strchr(data, '\n') = '\0';
	sysprobe_trim(data);
	return data;
}

/* PRETTY_NAME (else NAME) from os-release. Caller frees. */
static char *
os_name(const struct check_ctx *ctx, struct check_result *res, struct json *notes)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	char *data, *line, *save = NULL, *name = NULL, *pretty = NULL;
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		if (sysstate_read(ctx, res, paths[i], 1 << 16, &data, notes) > 0)
			break;
	if (paths[i] == NULL)
		return NULL;
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char **dst = strncmp(line, "PRETTY_NAME=", 12) == 0 ? &pretty :
		    strncmp(line, "NAME=", 5) == 0                  ? &name :
		                                                      NULL;
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

int
device_inventory_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct device_inventory_facts *f = facts;
	struct medium *m;
	size_t n, i;
	char err[512];

	f->notes = json_array();
	f->hostname = ident(ctx, res, f->notes, "hostname", "/etc/hostname");
	if (f->hostname == NULL || f->hostname[0] == '\0') {
		free(f->hostname);
		f->hostname = ident(ctx, res, f->notes, "hostname", "/proc/sys/kernel/hostname");
	}
	f->machine_id = ident(ctx, res, f->notes, "machine_id", "/etc/machine-id");
	f->vendor = ident(ctx, res, f->notes, "vendor", "/sys/class/dmi/id/sys_vendor");
	f->product = ident(ctx, res, f->notes, "product", "/sys/class/dmi/id/product_name");
	f->serial = ident(ctx, res, f->notes, "serial", "/sys/class/dmi/id/product_serial");
	f->os = os_name(ctx, res, f->notes);
	if (media_list(ctx->target, &m, &n, err, sizeof err) < 0) {
		json_arr_push(f->notes, json_strf("usb_storage: %s", err));
		return 0;
	}
	f->usb_storage = json_array();
	for (i = 0; i < n; i++) {
		/* whole USB disks only: a partition is part of its disk */
		if (m[i].parent != NULL || m[i].bus == NULL || strcmp(m[i].bus, "usb") != 0)
			continue;
		json_arr_push(f->usb_storage, medium_to_json(&m[i]));
	}
	media_free(m, n);
	return 0;
}
