/*
 * winprobe.h: what every Windows probe shares: the machine hives opened
 * once per probe (SOFTWARE, SYSTEM and its live control set), keys under
 * the control set, and registry evidence (hive, key, value, data, the key's
 * LastWrite time) recorded the same way by every check.
 *
 * Calling order: winprobe_open() first; it sets the result to unknown, in
 * both languages, naming the hive and the reason, when a hive the probe
 * needs cannot be read, and returns -1 (the probe then returns -1).
 * winprobe_close() frees what it opened; it accepts a zeroed struct.
 */
#ifndef REENTRY_WINPROBE_H
#define REENTRY_WINPROBE_H

#include <stdint.h>
#include <time.h>

#include "../check.h"
#include "../../sys/winreg.h"

enum winprobe_need {
	WINPROBE_SOFTWARE = 1 << 0,
	WINPROBE_SYSTEM = 1 << 1, /* with its live control set */
};

struct winprobe {
	struct winreg_hive *software; /* NULL unless asked for */
	struct winreg_hive *system;
	char *control_set; /* "ControlSet001" when SYSTEM is open */
};

/* Opens the hives need names; -1 after setting res to unknown with the reason. */
int winprobe_open(struct winprobe *w, const struct check_ctx *ctx, struct check_result *res,
    unsigned need);
void winprobe_close(struct winprobe *w);

/* The key at path under SYSTEM's live control set ("Services\\sshd"); 0 when absent. */
winreg_key winprobe_cs_key(const struct winprobe *w, const char *path);
/* "ControlSet001\\path", for messages and evidence; caller frees. */
char *winprobe_cs_path(const struct winprobe *w, const char *path);

/*
 * Records registry evidence: {"kind":"registry","hive","key","value","data",
 * "key_written"}; value and data may be NULL (a key's presence or absence).
 */
void winprobe_evidence(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value, const char *data);
/* A DWORD value with its evidence: 1 and *out set when present, 0 when absent or unreadable. */
int winprobe_dword(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value, uint32_t *out);
/* A string value with its evidence; NULL when absent or unreadable. Caller frees. */
char *winprobe_string(struct check_result *res, const struct winreg_hive *h, winreg_key k,
    const char *keypath, const char *value);
/* A note for hives not cleanly written back: "FILE: ... .LOG1/.LOG2 ... not replayed". */
void winprobe_dirty_notes(const struct winprobe *w, struct check_result *res);

/* One installed program from an Uninstall key. */
struct winprobe_program {
	char *name;          /* DisplayName (entries without one are skipped, as Windows does) */
	char *version;       /* DisplayVersion */
	char *publisher;     /* Publisher */
	char *location;      /* InstallLocation */
	char *hive;          /* the hive file */
	char *key;           /* the key path in it */
	char *user;          /* the profile folder for a per-user entry; NULL machine-wide */
	time_t install_date; /* InstallDate (YYYYMMDD, midnight UTC); 0 when not set */
	time_t key_written;  /* the key's LastWrite time; -1 unknown */
};

/*
 * Every program in the Uninstall keys: SOFTWARE (64- and 32-bit views,
 * WOW6432Node) and each user's NTUSER.DAT, in that order. w must have
 * SOFTWARE open. A user hive that cannot be read adds "FILE: reason" to
 * notes (an array). Free with winprobe_programs_free().
 */
void winprobe_programs(const struct winprobe *w, const struct check_ctx *ctx,
    struct winprobe_program **out, size_t *n, struct json *notes);
void winprobe_programs_free(struct winprobe_program *p, size_t n);

#endif
