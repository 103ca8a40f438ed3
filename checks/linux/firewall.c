/*
 * linux/firewall.c: the firewall check's probe for Debian-like systems.
 *
 * Each source becomes one entry of the facts' sources array, evaluated by
 * the ruleset readers of fwparse.h:
 *  - nftables: on the running system with nft installed, the live ruleset
 *    (`nft -j list ruleset`); otherwise /etc/nftables.conf, in force when
 *    nftables.service is enabled (a systemd *.target.wants link).
 *  - iptables: on the running system with iptables-save installed, the live
 *    rules; the iptables-persistent files /etc/iptables/rules.v4 and
 *    rules.v6, in force when netfilter-persistent is enabled;
 *    /proc/net/ip_tables_names says whether iptables tables are loaded.
 *  - ufw: /etc/ufw/ufw.conf ENABLED=yes, with DEFAULT_INPUT_POLICY from
 *    /etc/default/ufw and the allow rules of /etc/ufw/user.rules, user6.rules.
 *  - firewalld: enabled, with its default zone's target, services and ports.
 * Files are read through the target; tools run only on the running system.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwparse.h"
#include "../check.h"
#include "../firewall.h"
#include "../../sys/sysprobe.h"
#include "../../sys/target.h"
#include "../../util/strbuf.h"
#include "../../util/xalloc.h"

/* Whether systemd unit is enabled on the target (a link in a *.target.wants directory). */
static int
unit_enabled(const struct target *t, const char *unit)
{
	static const char *const targets[] = { "sysinit", "multi-user", "basic", "network-pre", NULL };
	size_t i;
	int found = 0;

	for (i = 0; targets[i] != NULL && !found; i++) {
		char *p = xasprintf("/etc/systemd/system/%s.target.wants/%s", targets[i], unit);

		found = target_exists(t, p);
		free(p);
	}
	return found;
}

/* A new entry in details.sources. */
static struct json *
source(struct json *sources, const char *name, const char *file, int in_force)
{
	struct json *s = json_arr_push(sources, json_object());

	json_obj_set(s, "source", json_str(name));
	json_obj_set(s, "file", json_str(file));
	json_obj_set(s, "in_force", json_bool(in_force));
	return s;
}

/* Marks a source as unreadable with the reason. */
static void
source_unknown(struct json *s, const char *reason)
{
	json_obj_set(s, "filtering", json_str("unknown"));
	json_obj_set(s, "reason", json_str(reason));
}

/*
 * Finds an absolute path to tool in the usual system directories, or NULL.
 * Only called on the running system (target_live), where the target's
 * paths are the host's: the tool is run there, so access(2) asks the host.
 */
static const char *
find_tool(const char *const *cands)
{
	size_t i;

	for (i = 0; cands[i] != NULL; i++)
		if (access(cands[i], X_OK) == 0)
			return cands[i];
	return NULL;
}

/* nftables: the live ruleset at "/", else the configuration file. */
static void
probe_nft(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const nft_paths[] = { "/usr/sbin/nft", "/sbin/nft", NULL };
	const char *nft = target_live(ctx->target) ? find_tool(nft_paths) : NULL;
	char *data, err[512];

	if (nft != NULL) {
		const char *argv[] = { nft, "-j", "list", "ruleset", NULL };
		size_t len;
		int rc = sysprobe_run(argv, 64 << 20, &data, &len);
		struct json *s = source(sources, "nftables (live ruleset)", nft, 1);

		check_evidence_value(res, "nft", nft);
		if (rc != 0)
			source_unknown(s,
			    geteuid() != 0 ? "nft could not list the ruleset: run reentry as root" :
			                     "nft could not list the ruleset");
		else if (len == 0) /* an empty ruleset prints nothing */
			firewall_eval_set(s, NULL, 0, 0, 0, json_array());
		else if (firewall_eval_nft_json(data, len, s) < 0)
			source_unknown(s, "nft -j printed something that is not its JSON ruleset");
		free(data);
		return;
	}
	if (!target_exists(ctx->target, "/etc/nftables.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/nftables.conf");
	{
		struct json *s = source(sources, "nftables (configuration)", "/etc/nftables.conf",
		    unit_enabled(ctx->target, "nftables.service"));

		if (target_read(ctx->target, "/etc/nftables.conf", 16 << 20, &data, NULL, err,
		        sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_nft_text(data, s);
			free(data);
		}
	}
}

/* iptables: live rules at "/", iptables-persistent files, loaded tables. */
static void
probe_iptables(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const save_paths[] = { "/usr/sbin/iptables-save", "/sbin/iptables-save", NULL };
	static const char *const files[] = { "/etc/iptables/rules.v4", "/etc/iptables/rules.v6", NULL };
	const char *tool = target_live(ctx->target) ? find_tool(save_paths) : NULL;
	char *tables = target_line(ctx->target, "/proc/net/ip_tables_names"), *data, err[512];
	size_t i;

	if (tables != NULL)
		check_evidence_file(res, ctx, "/proc/net/ip_tables_names");
	if (tool != NULL) {
		const char *argv[] = { tool, NULL };
		size_t len;
		int rc = sysprobe_run(argv, 64 << 20, &data, &len);
		struct json *s = source(sources, "iptables (live rules)", tool, 1);

		if (rc != 0)
			source_unknown(s,
			    geteuid() != 0 ? "iptables-save failed: run reentry as root" :
			                     "iptables-save failed");
		else
			firewall_eval_iptables(data, s);
		free(data);
	} else if (tables != NULL && tables[0] != '\0') {
		struct json *s = source(sources, "iptables (loaded tables)",
		    "/proc/net/ip_tables_names", 1);

		source_unknown(s,
		    "iptables tables are loaded but iptables-save is not available to list "
		    "their rules: install iptables");
	}
	for (i = 0; files[i] != NULL; i++) {
		struct json *s;

		if (!target_exists(ctx->target, files[i]))
			continue;
		check_evidence_file(res, ctx, files[i]);
		s = source(sources, "iptables-persistent", files[i],
		    unit_enabled(ctx->target, "netfilter-persistent.service"));
		if (target_read(ctx->target, files[i], 16 << 20, &data, NULL, err, sizeof err) < 0)
			source_unknown(s, err);
		else {
			firewall_eval_iptables(data, s);
			free(data);
		}
	}
	free(tables);
}

/* The value of KEY= in a shell-style file, unquoted, or NULL. Caller frees. */
static char *
shell_value(const char *text, const char *key)
{
	char *copy = xstrdup(text), *line, *save = NULL, *v = NULL;
	size_t kl = strlen(key);

	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		sysprobe_trim(line);
		if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
			char *s = line + kl + 1;
			size_t n = strlen(s);

			if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
				s[n - 1] = '\0';
				s++;
			}
			free(v);
			v = xstrdup(s);
		}
	}
	free(copy);
	return v;
}

/* ufw: enabled state, default input policy, allow rules. */
static void
probe_ufw(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	static const char *const rules[] = { "/etc/ufw/user.rules", "/etc/ufw/user6.rules", NULL };
	char *conf, *def = NULL, *enabled, *policy = NULL, err[512];
	struct json *s, *allowed;
	size_t i;

	if (!target_exists(ctx->target, "/etc/ufw/ufw.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/ufw/ufw.conf");
	if (target_read(ctx->target, "/etc/ufw/ufw.conf", 1 << 20, &conf, NULL, err, sizeof err) < 0) {
		source_unknown(source(sources, "ufw", "/etc/ufw/ufw.conf", 0), err);
		return;
	}
	enabled = shell_value(conf, "ENABLED");
	s = source(sources, "ufw", "/etc/ufw/ufw.conf", enabled != NULL && strcmp(enabled, "yes") == 0);
	if (target_read(ctx->target, "/etc/default/ufw", 1 << 20, &def, NULL, err, sizeof err) == 0) {
		check_evidence_file(res, ctx, "/etc/default/ufw");
		policy = shell_value(def, "DEFAULT_INPUT_POLICY");
	}
	allowed = json_array();
	for (i = 0; rules[i] != NULL; i++) {
		char *data, *line, *save = NULL;

		if (target_read(ctx->target, rules[i], 16 << 20, &data, NULL, err, sizeof err) < 0)
			continue;
		check_evidence_file(res, ctx, rules[i]);
		for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "### tuple ### allow ", 20) == 0)
				json_arr_push(allowed, json_str(line + 14));
		free(data);
	}
	if (policy == NULL)
		policy = xstrdup("DROP"); /* ufw's built-in default */
	firewall_eval_set(s, policy, strcmp(policy, "DROP") == 0 || strcmp(policy, "REJECT") == 0,
	    0, 1, allowed);
	free(conf);
	free(def);
	free(enabled);
	free(policy);
}

/* firewalld: enabled, default zone target, its services and ports. */
static void
probe_firewalld(const struct check_ctx *ctx, struct check_result *res, struct json *sources)
{
	char *conf, *zone, *zpath, *zdata = NULL, err[512];
	struct json *s, *allowed;
	const char *p;

	if (!target_exists(ctx->target, "/etc/firewalld/firewalld.conf"))
		return;
	check_evidence_file(res, ctx, "/etc/firewalld/firewalld.conf");
	s = source(sources, "firewalld", "/etc/firewalld/firewalld.conf",
	    unit_enabled(ctx->target, "firewalld.service"));
	if (target_read(ctx->target, "/etc/firewalld/firewalld.conf", 1 << 20, &conf, NULL, err,
	        sizeof err) < 0) {
		source_unknown(s, err);
		return;
	}
	zone = shell_value(conf, "DefaultZone");
	if (zone == NULL || strchr(zone, '/') != NULL) {
		free(zone);
		zone = xstrdup("public");
	}
	json_obj_set(s, "zone", json_str(zone));
	zpath = xasprintf("/etc/firewalld/zones/%s.xml", zone);
	if (target_read(ctx->target, zpath, 1 << 20, &zdata, NULL, err, sizeof err) < 0) {
		free(zpath);
		zpath = xasprintf("/usr/lib/firewalld/zones/%s.xml", zone);
		if (target_read(ctx->target, zpath, 1 << 20, &zdata, NULL, err, sizeof err) < 0)
			zdata = NULL;
	}
	allowed = json_array();
	if (zdata != NULL) {
		check_evidence_file(res, ctx, zpath);
		for (p = zdata; (p = strstr(p, "<service name=\"")) != NULL; p++) {
			const char *e = strchr(p + 15, '"');

			if (e != NULL)
				json_arr_push(allowed,
				    json_strf("service %.*s", (int)(e - p - 15), p + 15));
		}
		for (p = zdata; (p = strstr(p, "<port ")) != NULL; p++) {
			const char *e = strchr(p, '>');

			if (e != NULL)
				json_arr_push(allowed, json_strf("%.*s", (int)(e - p + 1), p));
		}
	}
	/* zones reject what they do not allow, unless their target is ACCEPT */
	firewall_eval_set(s, "default", zdata == NULL || strstr(zdata, "target=\"ACCEPT\"") == NULL,
	    0, 1, allowed);
	free(zdata);
	free(zpath);
	free(zone);
	free(conf);
}

int
firewall_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct firewall_facts *f = facts;

	f->sources = json_array();
	probe_nft(ctx, res, f->sources);
	probe_iptables(ctx, res, f->sources);
	probe_ufw(ctx, res, f->sources);
	probe_firewalld(ctx, res, f->sources);
	return 0;
}
