/*
 * linux/sysstate.c: running daemons, enabled units and planted links, for
 * the time-sync and logging probes (sysstate.h).
 */
#include "sysstate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../util/xalloc.h"

/* Whether exe (as read from /proc/PID/exe) is one of exes; " (deleted)" is allowed after it. */
static int
exe_matches(const char *exe, const char *const *exes)
{
	size_t i, n;

	for (i = 0; exes != NULL && exes[i] != NULL; i++) {
		n = strlen(exes[i]);
		if (strncmp(exe, exes[i], n) == 0 &&
		    (exe[n] == '\0' || strcmp(exe + n, " (deleted)") == 0))
			return 1;
	}
	return 0;
}

int
sysstate_daemons(const struct target *t, const struct daemon_spec *specs, size_t n,
    struct daemon_seen *out)
{
	char err[256];
	DIR *d;
	struct dirent *e;
	size_t i;
	int any = 0;

	memset(out, 0, n * sizeof *out);
	if ((d = target_opendir(t, "/proc", err, sizeof err)) == NULL) {
		for (i = 0; i < n; i++)
			out[i].state = DAEMON_UNSEEN;
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char path[300], *comm, *exe;
		int saved;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (xsnprintf(path, sizeof path, "/proc/%s/comm", e->d_name) < 0)
			continue;
		if ((comm = target_line(t, path)) == NULL)
			continue;
		any = 1;
		for (i = 0; i < n; i++)
			if (strcmp(comm, specs[i].comm) == 0)
				break;
		free(comm);
		if (i == n || (out[i].state == DAEMON_RUNNING && out[i].verified))
			continue;
		if (xsnprintf(path, sizeof path, "/proc/%s/exe", e->d_name) < 0)
			continue;
		exe = target_readlink(t, path);
		saved = errno;
		if (exe == NULL && saved == ENOENT)
			continue; /* a kernel thread or a process that just ended */
		if (exe != NULL && !exe_matches(exe, specs[i].exes)) {
			if (out[i].impostor == NULL)
				out[i].impostor = xasprintf("%s %s", e->d_name, exe);
			free(exe);
			continue;
		}
		/* the executable matches, or cannot be read (accepted by name, unverified) */
		free(out[i].exe);
		out[i].exe = exe;
		out[i].state = DAEMON_RUNNING;
		out[i].pid = strtol(e->d_name, NULL, 10);
		out[i].verified = exe != NULL;
	}
	closedir(d);
	if (!any) {
		for (i = 0; i < n; i++)
			out[i].state = DAEMON_UNSEEN;
		return -1;
	}
	return 0;
}

void
sysstate_daemons_free(struct daemon_seen *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].exe);
		free(v[i].impostor);
	}
}

struct json *
sysstate_daemon_json(const struct daemon_spec *spec, const struct daemon_seen *d)
{
	struct json *o = json_object();

	json_obj_set(o, "name", json_str(spec->name));
	json_obj_set(o, "state",
	    json_str(d->state == DAEMON_RUNNING ? "running" :
	            d->state == DAEMON_UNSEEN   ? "unseen" :
	                                          "not-running"));
	if (d->state == DAEMON_RUNNING) {
		json_obj_set(o, "pid", json_int(d->pid));
		json_obj_set(o, "exe", json_str(d->exe));
		json_obj_set(o, "verified", json_bool(d->verified));
	}
	if (d->impostor != NULL)
		json_obj_set(o, "other_executable", json_str(d->impostor));
	return o;
}

/* Pushes "PATH: a symbolic link to X that does not resolve..." when path is such a link; 1 when it was. */
static int
unresolved_link(const struct target *t, const char *path, struct json *problems)
{
	struct stat st;
	char *to;

	if (target_lstat(t, path, &st) < 0 || !S_ISLNK(st.st_mode))
		return 0;
	to = target_readlink(t, path);
	json_arr_push(problems,
	    json_strf("%s: a symbolic link to %s that does not resolve inside the inspected root "
	              "(not followed outside it)",
	        path, to != NULL ? to : "?"));
	free(to);
	return 1;
}

int
sysstate_present(const struct target *t, const char *path, struct json *problems)
{
	struct stat st;

	if (target_stat(t, path, &st) == 0)
		return 1;
	if (errno == ENOENT || errno == ENOTDIR || errno == EXDEV || errno == ELOOP) {
		if (unresolved_link(t, path, problems))
			return -1;
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
	}
	json_arr_push(problems, json_strf("%s: %s", path, strerror(errno)));
	return -1;
}

int
sysstate_read(const struct check_ctx *ctx, struct check_result *res, const char *path, size_t max,
    char **data, struct json *problems)
{
	char err[512];
	int p;

	*data = NULL;
	if ((p = sysstate_present(ctx->target, path, problems)) <= 0)
		return p;
	check_evidence_file(res, ctx, path);
	if (target_read(ctx->target, path, max, data, NULL, err, sizeof err) < 0) {
		json_arr_push(problems, json_str(err));
		return -1;
	}
	return 1;
}

const char *
sysstate_unit_name(enum unit_state s)
{
	switch (s) {
	case UNIT_ABSENT: return "absent";
	case UNIT_ENABLED: return "enabled";
	case UNIT_MASKED: return "masked";
	case UNIT_UNRESOLVED: return "unresolved";
	}
	return "absent";
}

enum unit_state
sysstate_unit(const struct check_ctx *ctx, struct check_result *res, const char *unit,
    const char *const *wants, struct json *problems)
{
	enum unit_state st = UNIT_ABSENT;
	char *mask = xasprintf("/etc/systemd/system/%s", unit), *to;
	size_t i;

	if ((to = target_readlink(ctx->target, mask)) != NULL) {
		int masked = strcmp(to, "/dev/null") == 0;

		free(to);
		if (masked) {
			check_evidence_value(res, mask, "-> /dev/null (masked)");
			free(mask);
			return UNIT_MASKED;
		}
	}
	free(mask);
	for (i = 0; wants[i] != NULL && st != UNIT_ENABLED; i++) {
		char *link = xasprintf("%s/%s", wants[i], unit);
		int p = sysstate_present(ctx->target, link, problems);

		if (p == 1) {
			st = UNIT_ENABLED;
			check_evidence_file(res, ctx, link);
		} else if (p < 0)
			st = UNIT_UNRESOLVED;
		free(link);
	}
	return st;
}
