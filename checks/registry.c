/*
 * registry.c: the one list of automatic checks. Adding a check is a new
 * file in checks/ with its const struct check, plus one line here.
 */
#include "check.h"

extern const struct check check_device_inventory;
extern const struct check check_time_sync;
extern const struct check check_logging;
extern const struct check check_disk_encryption;
extern const struct check check_firewall;
extern const struct check check_remote_access;
extern const struct check check_suspicious_domains;
extern const struct check check_media_scan, check_endpoint_scan;

const struct check *const check_registry[] = {
	&check_device_inventory,
	&check_time_sync,
	&check_logging,
	&check_disk_encryption,
	&check_firewall,
	&check_remote_access,
	&check_suspicious_domains,
	&check_media_scan,
	&check_endpoint_scan,
	NULL,
};
