/*
 * cmd_media.c: `reentry media [--root DIR] [--json]`: the removable media
 * attached to this machine and where they are mounted.
 *
 * Names, labels, vendors and mount points come from the devices and are
 * untrusted: the table shows them only through text_fit().
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../sys/media.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry media [--root DIR] [--json]\n\n"
	    "Lists removable block devices (USB, MMC, or flagged removable) and their\n"
	    "partitions: size, vendor, model, serial, filesystem, label and mount points.\n"
	    "--root reads the system under DIR instead of /.\n"
	    "Exit 0 when the list could be read (even when empty), 2 when it could not.\n");
}

/* Formats a byte count for people: "7.5G", "512M". */
static void
human_size(uint64_t b, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	double v = (double)b;
	size_t u = 0;

	while (v >= 1024 && u < sizeof units - 2) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		xsnprintf(buf, len, "%lluB", (unsigned long long)b);
	else
		xsnprintf(buf, len, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/* Prints one cell of width cols, sanitised; s NULL prints "-". */
static void
cell(const char *s, int cols)
{
	char *f = text_fit(s != NULL && *s ? s : "-", cols, 1);

	fputs(f, stdout);
	fputc(' ', stdout);
	free(f);
}

int
cmd_media(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = "/";
	int ch, json = 0, rc = EXIT_GOOD;
	struct target *target;
	struct medium *m;
	size_t n, i;
	char err[512];

	while ((ch = getopt_long(argc, argv, "r:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': root = optarg; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("media", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("media", "unexpected argument");
	if ((target = cli_open_target(root)) == NULL)
		return EXIT_USAGE;
	rc = media_list(target, &m, &n, err, sizeof err);
	target_free(target);
	if (rc < 0) {
		char *safe = text_sanitize(err);

		cli_warnx("%s", safe);
		free(safe);
		return EXIT_USAGE;
	}
	if (json) {
		struct json *out = json_object(), *arr = json_obj_set(out, "media", json_array());

		for (i = 0; i < n; i++)
			json_arr_push(arr, medium_to_json(&m[i]));
		if (cli_print_json(out) < 0)
			rc = EXIT_USAGE;
		json_free(out);
	} else if (n == 0) {
		printf("no removable media attached\n");
	} else {
		printf("%-8s %-6s %-4s %-10s %-18s %-16s %-6s %-12s %s\n", "NAME", "SIZE", "BUS",
		    "VENDOR", "MODEL", "SERIAL", "FS", "LABEL", "MOUNTED ON");
		for (i = 0; i < n; i++) {
			struct strbuf sb = STRBUF_INIT;
			char size[32], *mp, *name = xasprintf("%s%s", m[i].parent ? " " : "", m[i].name);
			char **p;

			human_size(m[i].size, size, sizeof size);
			cell(name, 8);
			cell(size, 6);
			cell(m[i].bus, 4);
			cell(m[i].vendor, 10);
			cell(m[i].model, 18);
			cell(m[i].serial, 16);
			cell(m[i].fstype, 6);
			cell(m[i].label, 12);
			for (p = m[i].mountpoints; p != NULL && *p != NULL; p++)
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", *p);
			mp = text_sanitize(sb.len ? sb_str(&sb) : "-");
			printf("%s\n", mp);
			free(mp);
			free(name);
			sb_free(&sb);
		}
	}
	media_free(m, n);
	if (fflush(stdout) != 0)
		rc = EXIT_USAGE;
	return rc;
}
