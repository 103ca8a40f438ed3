/*
 * aptroot.h: a small Debian-like tree under /tmp for the apt fuzzers: a
 * status file, sources, a Release file and a Packages list, any one of
 * which a fuzzer overwrites with its input before loading the tree through
 * apt_state_load(), as the os-updates probe does.
 */
#ifndef REENTRY_FUZZ_APTROOT_H
#define REENTRY_FUZZ_APTROOT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/linux/aptlists.h"
#include "../sys/target.h"

#define APTROOT_LIST "/var/lib/apt/lists/deb.example_debian_dists_stable_main_binary-amd64_Packages"
#define APTROOT_RELEASE "/var/lib/apt/lists/deb.example_debian_dists_stable_InRelease"

static char aptroot_dir[96];

/* Writes len bytes to path under the root; 0 or -1. */
static int
aptroot_write(const char *path, const void *data, size_t len)
{
	char full[512];
	FILE *fp;
	int rc = 0;

	snprintf(full, sizeof full, "%s%s", aptroot_dir, path);
	if ((fp = fopen(full, "wb")) == NULL)
		return -1;
	if (len > 0 && fwrite(data, 1, len, fp) != len)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

static int
aptroot_puts(const char *path, const char *s)
{
	return aptroot_write(path, s, strlen(s));
}

/* Every file of the tree in its valid form. */
static const struct {
	const char *path, *text;
} aptroot_files[] = {
	{ "/var/lib/dpkg/status",
	    "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n"
	    "Package: libfoo1\nStatus: hold ok installed\nArchitecture: amd64\nSource: foo (1.0-1)\n"
	    "Version: 1.0-1\nProvides: libfoo-abi (= 1), virt\nMulti-Arch: same\n\n"
	    "Package: foo\nStatus: install ok installed\nArchitecture: all\nVersion: 1.0-1\n"
	    "Depends: libfoo1 (>= 1.0)\n\n" },
	{ "/var/lib/dpkg/arch", "amd64\ni386\n" },
	{ "/etc/apt/sources.list", "deb [arch=amd64] http://deb.example/debian stable main\n" },
	{ "/etc/apt/apt.conf.d/50fuzz",
	    "APT::Default-Release \"stable\";\nAPT { Get { Never-Include-Phased-Updates \"false\"; }; };\n" },
	{ "/etc/machine-id", "0123456789abcdef0123456789abcdef\n" },
	{ "/etc/apt/preferences",
	    "Package: src:foo\nPin: version 1.1*\nPin-Priority: 900\n\n"
	    "Package: *\nPin: release o=Debian,a=stable\nPin-Priority: 500\n" },
	{ APTROOT_RELEASE,
	    "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm\n" },
	{ APTROOT_LIST,
	    "Package: foo\nVersion: 1.1-1\nArchitecture: all\nDepends: libfoo1 (>= 1.1) | libbar, "
	    "virt, dpkg:any\nBreaks: libfoo1 (<< 1.1)\nPhased-Update-Percentage: 40\n\n"
	    "Package: libfoo1\nVersion: 1.1-1\nArchitecture: amd64\nSource: foo (1.1-1)\n"
	    "Pre-Depends: libc6 (>= 2.36)\n\n" },
};

static const char *aptroot_dirty; /* the file the last input replaced */

/*
 * Creates the tree once per process; afterwards puts back only the file the
 * previous input replaced (writing every file each time is slow).
 */
static void
aptroot_reset(void)
{
	static const char *const dirs[] = { "/var", "/var/lib", "/var/lib/dpkg", "/var/lib/apt",
		"/var/lib/apt/lists", "/etc", "/etc/apt", "/etc/apt/apt.conf.d",
		"/etc/apt/preferences.d", "/etc/apt/sources.list.d", NULL };
	char full[512];
	size_t i;
	int first = aptroot_dir[0] == '\0';

	if (first) {
		snprintf(aptroot_dir, sizeof aptroot_dir, "/tmp/reentry-fuzz-apt.%ld", (long)getpid());
		mkdir(aptroot_dir, 0700);
		for (i = 0; dirs[i] != NULL; i++) {
			snprintf(full, sizeof full, "%s%s", aptroot_dir, dirs[i]);
			mkdir(full, 0700);
		}
	}
	for (i = 0; i < sizeof aptroot_files / sizeof aptroot_files[0]; i++)
		if (first || (aptroot_dirty != NULL && strcmp(aptroot_dirty, aptroot_files[i].path) == 0))
			aptroot_puts(aptroot_files[i].path, aptroot_files[i].text);
}

/* Replaces path with the input; 0 or -1. */
static int
aptroot_input(const char *path, const void *data, size_t len)
{
	aptroot_dirty = path;
	return aptroot_write(path, data, len);
}

/* Loads the tree as the probe does and frees the result. */
static void
aptroot_load(void)
{
	static struct target *t; /* opened once: every read goes through it anyway */
	char err[1024];
	struct apt_state *st = NULL;

	if (t == NULL && (t = target_open(aptroot_dir, err, sizeof err)) == NULL)
		return;
	if (apt_state_load(t, &st, err, sizeof err) == 0)
		apt_state_free(st);
}

#endif
