/*
 * winreg.h: the registry of a Windows installation, read offline from its
 * hive files beneath a target's root, with libhivex.
 *
 * A hive is opened through the target (beneath the root, never a host
 * path), copied whole into a sealed memory file, and only that private
 * snapshot is handed to libhivex: the volume is never written, and a file
 * that changes or shrinks while it is read cannot crash the reader. Paths
 * on the volume are found ignoring ASCII case, as Windows does, even where
 * the mount (ntfs-3g, a fixture tree) is case-sensitive.
 *
 * Keys are looked up by backslash-separated paths, ignoring case
 * ("Microsoft\\Windows NT\\CurrentVersion"); values by name ("" is the
 * default value). Every read is bounded (hive size, path depth, number of
 * subkeys, value size), and a hostile or damaged hive gives WINREG_CORRUPT
 * with the hive file named by winreg_file(), never a crash.
 *
 * Offline there is no CurrentControlSet: winreg_control_set() reads
 * SYSTEM\Select\Current and names the live ControlSetNNN.
 *
 * Ownership: winreg_open() returns a hive the caller closes with
 * winreg_close(); returned strings and arrays are the caller's to free.
 * Nothing here prints or exits.
 */
#ifndef REENTRY_WINREG_H
#define REENTRY_WINREG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "target.h"

/* Where a Windows installation keeps its machine hives. */
#define WINREG_CONFIG_DIR "/Windows/System32/config"
/* Limits: a larger hive file, a deeper path, more subkeys of one key or a larger value is refused. */
#define WINREG_MAX_HIVE_BYTES ((size_t)1 << 30)
#define WINREG_MAX_DEPTH 64
#define WINREG_MAX_SUBKEYS 100000
#define WINREG_MAX_VALUE_BYTES ((size_t)16 << 20)

struct winreg_hive;
/* A key in one hive; 0 is no key. Valid while its hive is open. */
typedef size_t winreg_key;

/* What a read found. */
enum winreg_rc {
	WINREG_OK,
	WINREG_ABSENT,     /* no such key or value */
	WINREG_WRONG_TYPE, /* the value exists with another type */
	WINREG_TOO_LARGE,  /* over WINREG_MAX_VALUE_BYTES */
	WINREG_CORRUPT,    /* the hive is damaged where the read went */
};
/* "ok", "absent", "of another type", "too large", "damaged hive". */
const char *winreg_rc_text(enum winreg_rc rc);
/* The same in Japanese ("ありません", "型が違います", ...), to follow a key or value's name. */
const char *winreg_rc_text_ja(enum winreg_rc rc);

/*
 * path on the target with each component matched ignoring ASCII case, as an
 * absolute path with the names the volume really has; NULL when a component
 * is missing. Caller frees.
 */
char *winreg_find_path(const struct target *t, const char *path);

/*
 * Opens the hive file path (found ignoring case) through t, read-only. NULL
 * with "PATH: reason" in err: missing, not a regular file, too large, or not
 * a registry hive.
 */
struct winreg_hive *winreg_open(const struct target *t, const char *path, char *err, size_t errlen);
/* SOFTWARE, SYSTEM, SAM or SECURITY from WINREG_CONFIG_DIR; as winreg_open(). */
struct winreg_hive *winreg_open_config(const struct target *t, const char *name, char *err, size_t errlen);
void winreg_close(struct winreg_hive *h);

/* The hive's file as found on the target ("/Windows/System32/config/SOFTWARE"). */
const char *winreg_file(const struct winreg_hive *h);
/*
 * Whether the hive was not cleanly written back (its header's sequence
 * numbers differ): changes still in its .LOG1/.LOG2 transaction logs, which
 * are not replayed, are missing from what is read.
 */
int winreg_dirty(const struct winreg_hive *h);
/* The hive header's last-written time; 0 when unset. */
time_t winreg_hive_time(const struct winreg_hive *h);

winreg_key winreg_root(const struct winreg_hive *h);
/*
 * The key at path (backslash-separated, case ignored) under from (0: the
 * root). WINREG_OK with *out set, WINREG_ABSENT, or WINREG_CORRUPT.
 */
enum winreg_rc winreg_lookup(const struct winreg_hive *h, winreg_key from, const char *path,
    winreg_key *out);
/* Convenience: the key at path from the root, or 0 when absent or damaged. */
winreg_key winreg_key_at(const struct winreg_hive *h, const char *path);
/* The key's name; NULL when damaged. Caller frees. */
char *winreg_key_name(const struct winreg_hive *h, winreg_key k);
/* The key's LastWrite time; (time_t)-1 when damaged or unset. */
time_t winreg_key_time(const struct winreg_hive *h, winreg_key k);
/*
 * The subkeys of k, in the hive's order, into a new array (caller frees).
 * WINREG_OK, or WINREG_CORRUPT (also when there are more than
 * WINREG_MAX_SUBKEYS), with *out NULL and *n 0.
 */
enum winreg_rc winreg_subkeys(const struct winreg_hive *h, winreg_key k, winreg_key **out, size_t *n);
/* The names of k's values into a new NULL-terminated array (caller frees each and it); NULL when damaged. */
char **winreg_value_names(const struct winreg_hive *h, winreg_key k);

/* REG_SZ, REG_EXPAND_SZ or REG_LINK as UTF-8 (from UTF-16LE), unexpanded; caller frees *out. */
enum winreg_rc winreg_string(const struct winreg_hive *h, winreg_key k, const char *name, char **out);
/* REG_MULTI_SZ as a NULL-terminated array of UTF-8 strings; caller frees each and it. */
enum winreg_rc winreg_multi_string(const struct winreg_hive *h, winreg_key k, const char *name,
    char ***out);
/* REG_DWORD (or REG_DWORD_BIG_ENDIAN). */
enum winreg_rc winreg_dword(const struct winreg_hive *h, winreg_key k, const char *name, uint32_t *out);
/* REG_QWORD. */
enum winreg_rc winreg_qword(const struct winreg_hive *h, winreg_key k, const char *name, uint64_t *out);
/* Any value's raw bytes and registry type (REG_BINARY is 3); caller frees *out. */
enum winreg_rc winreg_binary(const struct winreg_hive *h, winreg_key k, const char *name,
    unsigned char **out, size_t *len, uint32_t *type);

/* A Windows FILETIME (100 ns ticks since 1601) as a time_t; (time_t)-1 when 0 or out of range. */
time_t winreg_filetime(uint64_t ft);

/*
 * The live control set of a SYSTEM hive: "ControlSetNNN" from
 * Select\Current, when that key exists. NULL with the reason in err.
 * Caller frees.
 */
char *winreg_control_set(const struct winreg_hive *system, char *err, size_t errlen);

/* A user profile with a registry hive: Users/NAME/NTUSER.DAT. */
struct winreg_user {
	char *name; /* the profile folder's name */
	char *dir;  /* "/Users/NAME" as found */
	char *hive; /* "/Users/NAME/NTUSER.DAT" as found */
};
/*
 * Every folder under Users (found ignoring case) that is a real directory
 * (not a link such as "All Users") holding an NTUSER.DAT, in name order.
 * 0, or -1 with the reason in err (no Users folder). Free with
 * winreg_users_free().
 */
int winreg_users(const struct target *t, struct winreg_user **out, size_t *n, char *err, size_t errlen);
void winreg_users_free(struct winreg_user *u, size_t n);

/* Identity of a Windows installation from its SOFTWARE and SYSTEM hives. */
struct winreg_identity {
	char *product_name; /* ProductName as written (Windows 11 still says "Windows 10") */
	char *product;      /* the product as it is: "Windows 11 Pro" for build 22000 and later */
	char *edition;      /* EditionID */
	char *display_version; /* DisplayVersion, else ReleaseId */
	char *build;           /* CurrentBuildNumber, else CurrentBuild */
	long ubr;              /* UBR; -1 when not set */
	time_t install_date;   /* InstallDate (seconds), else InstallTime (FILETIME); 0 unknown */
	char *computer_name;   /* SYSTEM\<ControlSet>\Control\ComputerName\ComputerName */
	char *control_set;     /* "ControlSet001" */
	struct json *notes;    /* array of "what: why it could not be read" */
};
/* Fills id (zeroed first) from t; what could not be read is NULL with a note. Never fails. */
void winreg_identity_read(const struct target *t, struct winreg_identity *id);
void winreg_identity_free(struct winreg_identity *id);
/* {"product","product_name","edition","display_version","build","ubr","install_date","computer_name","control_set"}; caller frees. */
struct json *winreg_identity_to_json(const struct winreg_identity *id);

#endif
