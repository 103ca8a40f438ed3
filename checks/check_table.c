/*
 * check_table.c: the one list of automatic checks. Adding a check is its
 * own checks/<check>.c (descriptor, facts, judge) with a probe per kind of
 * system under checks/linux/ and checks/windows/, plus its line here (and
 * its declaration beside the others). HACKING.md walks through it.
 */
#include "check.h"

extern const struct check check_time_sync;
extern const struct check check_os_updates;
extern const struct check check_av_signatures;
extern const struct check check_device_inventory;
extern const struct check check_endpoint_scan;
extern const struct check check_media_scan;
extern const struct check check_new_software;
extern const struct check check_suspicious_domains;
extern const struct check check_remote_access;
extern const struct check check_firewall;
extern const struct check check_logging;
extern const struct check check_disk_encryption;
extern const struct check check_persistence;

/* In the order the checklist first uses them. */
const struct check *const check_table[] = {
	&check_time_sync,
	&check_os_updates,
	&check_av_signatures,
	&check_device_inventory,
	&check_endpoint_scan,
	&check_media_scan,
	&check_new_software,
	&check_suspicious_domains,
	&check_remote_access,
	&check_firewall,
	&check_logging,
	&check_disk_encryption,
	&check_persistence,
	NULL,
};
