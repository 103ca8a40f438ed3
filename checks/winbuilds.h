/*
 * winbuilds.h: the table of Windows builds the os-updates check judges a
 * Windows installation against: per build, the end-of-support date per
 * edition class and the latest cumulative updates (UBR, KB, release date),
 * from a dated YAML file with its sources (checks/windows/windows-builds.yaml,
 * installed to DATADIR; a site names its own with windows.builds_file).
 *
 * The file is the desk's own data, not the inspected system's: it is read
 * from the desk's filesystem. A malformed file gives diagnostics naming the
 * file, line and column, never a partial table.
 *
 * Ownership: winbuilds_load() returns a table the caller frees with
 * winbuilds_free(); pointers into it live as long as the table.
 */
#ifndef REENTRY_WINBUILDS_H
#define REENTRY_WINBUILDS_H

#include <stddef.h>
#include <time.h>

#include "../util/diag.h"

enum winbuild_class {
	WINBUILD_HOME_PRO,   /* Home, Pro, Pro Education, Pro for Workstations, SE */
	WINBUILD_ENTERPRISE, /* Enterprise, Education, IoT Enterprise */
	WINBUILD_LTSC,       /* Enterprise LTSC, IoT Enterprise LTSC (EditionID ending in S) */
};
#define WINBUILD_CLASS_COUNT 3

struct winbuild_update {
	long ubr;
	char *kb;
	time_t date; /* release day, midnight UTC */
	int esu;     /* an extended security update: released to enrolled devices only */
};

struct winbuild {
	char *build;                      /* "26100" */
	char *name;                       /* "Windows 11 24H2" */
	time_t eos[WINBUILD_CLASS_COUNT]; /* end of support per class; 0 when not given */
	struct winbuild_update *u;        /* newest first */
	size_t nu;
};

struct winbuilds {
	char *file;
	time_t updated; /* when the table was last checked against its sources */
	char **sources; /* NULL-terminated */
	struct winbuild *b;
	size_t nb;
};

/* Loads path; NULL after adding diagnostics. */
struct winbuilds *winbuilds_load(const char *path, struct diags *d);
void winbuilds_free(struct winbuilds *w);
/* The entry for build ("26100"), or NULL. */
const struct winbuild *winbuilds_find(const struct winbuilds *w, const char *build);
/* The class of an EditionID ("Professional", "Enterprise", "EnterpriseS"); NULL is home_pro. */
enum winbuild_class winbuilds_class(const char *edition_id);
/* "home_pro", "enterprise", "ltsc". */
const char *winbuilds_class_name(enum winbuild_class c);
/*
 * The shipped table: beside the program in a source tree
 * (checks/windows/windows-builds.yaml), else DATADIR/windows-builds.yaml.
 * Caller frees.
 */
char *winbuilds_default_path(void);

#endif
