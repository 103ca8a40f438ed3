/*
 * registry.c: the one list of automatic checks. Adding a check is a new
 * file in checks/ with its const struct check, plus one line here.
 */
#include "check.h"

extern const struct check check_os_updates;
extern const struct check check_av_signatures;
extern const struct check check_new_software;

const struct check *const check_registry[] = {
	&check_os_updates,
	&check_av_signatures,
	&check_new_software,
	NULL,
};
