/*
 * cmd_scan.c: `reentry scan [PATH...]`: scan directories, files, or every
 * mounted removable medium for malware, with a progress bar on a terminal,
 * and print the verdict as text or JSON.
 *
 * Exit 0 clean, 1 infected, 3 nothing infected but something unscannable,
 * 2 errors (bad arguments, no database, a path that cannot be scanned).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "../sys/media.h"
#include "../scan/scan.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry scan [--db PATH] [--jobs N] [--json] [--manifest FILE]\n"
	    "                    [--config FILE] [--log FILE] [PATH...]\n\n"
	    "Scans the named directories and files for malware with libclamav (or clamd\n"
	    "when the configuration names its socket). Without a PATH, scans every mounted\n"
	    "removable medium. Nothing on the scanned media is written or followed out of.\n\n"
	    "  --db PATH      signature database directory or file (default: clamav.database\n"
	    "                 in the configuration, else libclamav's database directory)\n"
	    "  --jobs N       files scanned in parallel (default: scan.jobs, else one per core)\n"
	    "  --json         print the full report, with each medium's manifest, as JSON\n"
	    "  --manifest FILE  write the manifest (one JSON line a file: path, size,\n"
	    "                 SHA-256, result) to FILE as the scan runs, a new file never\n"
	    "                 overwritten; the report then names it with its SHA-256, and\n"
	    "                 memory no longer grows with the number of files\n"
	    "  --config FILE  site configuration (default " CONFIG_DEFAULT_PATH ")\n"
	    "  --log FILE     append libclamav's own messages to FILE\n\n"
	    "Exit 0 when everything is clean, 1 when anything is infected, 3 when nothing\n"
	    "is infected but something could not be scanned, 2 on errors.\n");
}

/* libclamav's messages: appended to the --log file (sanitised), else counted. */
struct logsink {
	FILE *fp;
	unsigned long count;
};

static void
log_msg(void *arg, const char *level, const char *file, const char *msg)
{
	struct logsink *ls = arg;
	char *m, *f;

	ls->count++;
	if (ls->fp == NULL)
		return;
	m = text_sanitize(msg);
	f = file != NULL ? text_sanitize(file) : NULL;
	fprintf(ls->fp, "%s: %s%s%s\n", level, f != NULL ? f : "", f != NULL ? ": " : "", m);
	free(m);
	free(f);
}

/* Terminal width of stderr, 80 when unknown. */
static int
term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Human size: "12.3 MB". */
static void
human(double b, char *buf, size_t len)
{
	static const char *const u[] = { "B", "kB", "MB", "GB", "TB" };
	int i = 0;

	while (b >= 1000 && i < 4) {
		b /= 1000;
		i++;
	}
	snprintf(buf, len, i ? "%.1f %s" : "%.0f %s", b, u[i]);
}

/* The progress line on stderr: phase, bar, counts, rate, time left, current file. */
static int
show_progress(void *arg, const struct progress *p)
{
	int cols = term_cols(), barw = 20, i, used;
	char line[512], rate[32], done[32], total[32], eta[32] = "";
	char *cur;
	double frac = -1;

	(void)arg;
	if (strcmp(p->phase, "scanning") != 0) {
		/* loading reports every file and signature group: at most 10 lines a second */
		static struct timespec last;
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 100000000L)
			return 0;
		last = now;
	}
	if (strcmp(p->phase, "scanning") == 0 && p->bytes_total > 0)
		frac = (double)p->bytes_done / (double)p->bytes_total;
	else if (p->items_total > 0)
		frac = (double)p->items_done / (double)p->items_total;
	if (strcmp(p->phase, "scanning") == 0) {
		char bar[64];

		if (frac < 0)
			frac = 1;
		for (i = 0; i < barw; i++)
			bar[i] = i < (int)(frac * barw) ? '#' : '-';
		bar[barw] = '\0';
		human((double)p->bytes_done, done, sizeof done);
		human((double)p->bytes_total, total, sizeof total);
		human(p->rate, rate, sizeof rate);
		if (p->eta >= 0)
			snprintf(eta, sizeof eta, " %d:%02d left", (int)p->eta / 60, (int)p->eta % 60);
		snprintf(line, sizeof line, "scanning [%s] %3d%% %llu/%llu files %s/%s %s/s%s ",
		    bar, (int)(frac * 100), (unsigned long long)p->items_done,
		    (unsigned long long)p->items_total, done, total, rate, eta);
	} else if (p->items_total > 0)
		snprintf(line, sizeof line, "%s signatures %3d%% ", p->phase, (int)(frac * 100));
	else
		snprintf(line, sizeof line, "%s %llu files ", p->phase, (unsigned long long)p->items_done);
	used = (int)strlen(line);
	cur = text_fit(p->current != NULL ? p->current : "",
	    cols - used - 1 > 0 ? cols - used - 1 : 0, 1);
	fprintf(stderr, "\r%s%s", line, cur);
	fflush(stderr);
	free(cur);
	return 0;
}

/* The progress callback: the bar on a terminal; non-zero after ^C, which stops the scan. */
static int
scan_progress(void *arg, const struct progress *p)
{
	if (arg != NULL)
		show_progress(NULL, p);
	return cli_interrupted() != 0;
}

static void
clear_progress(void)
{
	fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Prints the report as text; untrusted names sanitised. */
static void
print_text(const struct scan_report *r, const struct scan_engine *e)
{
	const struct scan_engine_info *in = scan_engine_info(e);
	char t[32] = "unknown", b[32];
	struct tm tm;
	size_t i;

	if (in->db_time != 0 && gmtime_r(&in->db_time, &tm) != NULL)
		strftime(t, sizeof t, "%Y-%m-%d %H:%M UTC", &tm);
	printf("engine: %s %s", in->backend, in->version);
	if (in->have_signatures)
		printf(", %llu signatures", (unsigned long long)in->signatures);
	if (in->db_version)
		printf(", database version %u", in->db_version);
	printf(", database from %s\n", t);
	for (i = 0; i < r->ninfected; i++) {
		char *p = text_sanitize(r->infected[i].path), *s = text_sanitize(r->infected[i].what);

		printf("%s: %s FOUND\n", p, s);
		free(p);
		free(s);
	}
	for (i = 0; i < r->nunscannable; i++) {
		char *p = text_sanitize(r->unscannable[i].path),
		     *s = text_sanitize(r->unscannable[i].what);

		printf("%s: UNSCANNABLE: %s\n", p, s);
		free(p);
		free(s);
	}
	for (i = 0; i < r->nskipped; i++) {
		char *p = text_sanitize(r->skipped[i].path), *s = text_sanitize(r->skipped[i].detail);

		printf("%s: skipped %s: %s\n", p, r->skipped[i].type, s);
		free(p);
		free(s);
	}
	for (i = 0; i < r->nerrors; i++) {
		char *s = text_sanitize(r->errors[i]);

		printf("error: %s\n", s);
		free(s);
	}
	human((double)r->bytes_scanned, b, sizeof b);
	printf("files scanned: %llu (%s) in %.1f s with %d jobs\n",
	    (unsigned long long)r->files_scanned, b, r->seconds, r->jobs);
	printf("infected: %zu, unscannable: %zu, skipped: %zu\n", r->ninfected, r->nunscannable,
	    r->nskipped);
	if (r->manifest != NULL) {
		char *m = text_sanitize(r->manifest);

		printf("manifest: %s (%llu files, SHA-256 %s)\n", m,
		    (unsigned long long)r->manifest_files, r->manifest_sha256);
		free(m);
	}
	switch (scan_report_verdict(r)) {
	case SCAN_CLEAN: puts("verdict: clean"); break;
	case SCAN_INFECTED: puts("verdict: INFECTED"); break;
	case SCAN_UNSCANNABLE:
		puts("verdict: not everything could be scanned (see UNSCANNABLE)");
		break;
	case SCAN_ERROR:
		puts(r->cancelled ? "verdict: cancelled, incomplete" : "verdict: error, incomplete");
		break;
	}
}

/*
 * --manifest FILE: the scanner streams the manifest into a private directory
 * beside FILE (same file system), made here; NULL after a message when FILE
 * exists already (a manifest is never overwritten) or the directory cannot
 * be made. Caller frees and clears it with manifest_dir_clear().
 */
static char *
manifest_dir_make(const char *file)
{
	struct stat st;
	char *copy = xstrdup(file), *dir, *tmpl;
	const char *parent;

	if (lstat(file, &st) == 0) {
		char *s = text_sanitize(file);

		cli_warnx("%s exists: a manifest is never overwritten; name a new file", s);
		free(s);
		free(copy);
		return NULL;
	}
	parent = dirname(copy);
	tmpl = xasprintf("%s/.reentry-manifest-XXXXXX", parent);
	dir = mkdtemp(tmpl);
	if (dir == NULL) {
		char *s = text_sanitize(parent);

		cli_warnx("%s: cannot write the manifest there: %s", s, strerror(errno));
		free(s);
		free(tmpl);
	}
	free(copy);
	return dir;
}

/* Removes the files in dir (the scanner's temporary manifest, if any) and dir. */
static void
manifest_dir_clear(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			(void)unlinkat(dirfd(d), de->d_name, 0);
	if (d != NULL)
		closedir(d);
	(void)rmdir(dir);
}

/*
 * Gives the streamed manifest its name: link() to file, which fails rather
 * than replace a file made meanwhile, and the report names file from then
 * on. 0, or -1 after a message.
 */
static int
manifest_place(struct scan_report *rep, const char *file)
{
	char *s;

	if (rep->manifest == NULL) {
		cli_warnx("the manifest could not be written (see the errors)");
		return -1;
	}
	if (link(rep->manifest, file) == 0) {
		(void)unlink(rep->manifest);
		free(rep->manifest);
		rep->manifest = xstrdup(file);
		return 0;
	}
	s = text_sanitize(file);
	cli_warnx("%s: cannot write the manifest: %s", s, strerror(errno));
	free(s);
	return -1;
}

/* The scan roots for every mounted removable medium; 0 or -1 after a message. */
static int
media_roots(struct medium **media, size_t *nmedia, struct scan_root **roots, size_t *nroots)
{
	char err[512];
	size_t i, j;

	struct target *host;
	int rc;

	*roots = NULL;
	*nroots = 0;
	if ((host = cli_open_target("/")) == NULL)
		return -1;
	rc = media_list(host, media, nmedia, err, sizeof err);
	target_free(host);
	if (rc < 0) {
		char *s = text_sanitize(err);

		cli_warnx("cannot list removable media: %s", s);
		free(s);
		return -1;
	}
	for (i = 0; i < *nmedia; i++)
		for (j = 0; (*media)[i].mountpoints != NULL && (*media)[i].mountpoints[j] != NULL; j++) {
			*roots = xreallocarray(*roots, *nroots + 1, sizeof **roots);
			(*roots)[*nroots].path = (*media)[i].mountpoints[j];
			(*roots)[(*nroots)++].medium = &(*media)[i];
		}
	if (*nroots == 0) {
		cli_warnx("no mounted removable medium found; plug one in, mount it, or name a "
		          "directory: reentry scan PATH");
		return -1;
	}
	return 0;
}

int
cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' },
		{ "config", required_argument, NULL, 'c' },
		{ "log", required_argument, NULL, 'l' },
		{ "manifest", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *config = NULL, *logpath = NULL, *manifest = NULL;
	char *mdir = NULL;
	struct logsink ls = { NULL, 0 };
	struct config *cfg = NULL;
	struct scan_engine *e = NULL;
	struct scan_report *rep = NULL;
	struct scan_root *roots = NULL;
	struct medium *media = NULL;
	size_t nroots = 0, nmedia = 0, i;
	struct scan_opts so = { 0 };
	char err[1024];
	int ch, json = 0, tty, rc = EXIT_USAGE;
	long jobs = 0;

	while ((ch = getopt_long(argc, argv, "d:j:Jc:l:m:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'j': {
			char *end;

			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg || jobs < 1 || jobs > 256)
				return cli_usage_error("scan ", "--jobs takes a number from 1 to 256");
			break;
		}
		case 'J': json = 1; break;
		case 'c': config = optarg; break;
		case 'l': logpath = optarg; break;
		case 'm': manifest = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("scan ", "bad option");
		}
	}
	if (manifest != NULL && (mdir = manifest_dir_make(manifest)) == NULL)
		return EXIT_USAGE;
	if ((cfg = cli_load_config(config)) == NULL)
		goto out;
	if (logpath != NULL && (ls.fp = fopen(logpath, "a")) == NULL) {
		char *s = text_sanitize(logpath);

		cli_warnx("%s: %s", s, strerror(errno));
		free(s);
		goto out;
	}
	scan_log_set(log_msg, &ls);
	if (optind < argc) {
		nroots = (size_t)(argc - optind);
		roots = xcalloc(nroots, sizeof *roots);
		for (i = 0; i < nroots; i++)
			roots[i].path = argv[optind + (int)i];
	} else if (media_roots(&media, &nmedia, &roots, &nroots) < 0)
		goto out;
	tty = cli_isatty(stderr);
	cli_interrupt_catch();
	if (scan_engine_new(cfg, db, scan_progress, tty ? &tty : NULL, &e, err, sizeof err) < 0) {
		char *s;

		if (tty)
			clear_progress();
		s = text_sanitize(err);
		cli_warnx("%s", s);
		free(s);
		goto out;
	}
	if (tty)
		clear_progress();
	so.jobs = (int)jobs;
	so.progress = scan_progress;
	so.progress_arg = tty ? &tty : NULL;
	so.manifest_dir = mdir;
	rep = scan_run(e, cfg, roots, nroots, &so);
	if (tty)
		clear_progress();
	if (mdir != NULL && manifest_place(rep, manifest) < 0)
		goto out;
	if (json) {
		struct json *j = scan_report_json(rep, e, 1);

		if (cli_print_json(j) < 0) {
			json_free(j);
			cli_warnx("cannot write the report: %s", strerror(errno));
			goto out;
		}
		json_free(j);
	} else
		print_text(rep, e);
	if (fflush(stdout) != 0) {
		cli_warnx("cannot write the report: %s", strerror(errno));
		goto out;
	}
	switch (scan_report_verdict(rep)) {
	case SCAN_CLEAN: rc = EXIT_GOOD; break;
	case SCAN_INFECTED: rc = EXIT_FAILED; break;
	case SCAN_UNSCANNABLE: rc = EXIT_INCOMPLETE; break;
	case SCAN_ERROR: rc = EXIT_USAGE; break;
	}
out:
	scan_log_set(NULL, NULL);
	if (ls.fp != NULL)
		fclose(ls.fp);
	scan_report_free(rep);
	scan_engine_free(e);
	media_free(media, nmedia);
	free(roots);
	config_free(cfg);
	if (mdir != NULL) {
		/* what is left of a scan that did not finish, then the directory */
		manifest_dir_clear(mdir);
		free(mdir);
	}
	return rc;
}
