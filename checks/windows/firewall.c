/*
 * windows/firewall.c: the firewall probe for a Windows installation read
 * from its disk: Windows Defender Firewall's three profiles and its inbound
 * rules, from the registry.
 *
 * For each profile (Domain, Private, whose service key is StandardProfile,
 * and Public): EnableFirewall and DefaultInboundAction from Group Policy
 * (SOFTWARE\Policies\Microsoft\WindowsFirewall\<Profile>Profile), which
 * wins, else from the service's settings (SYSTEM\<ControlSet>\Services\
 * SharedAccess\Parameters\FirewallPolicy\<Profile>Profile). Absent values
 * in a present key take Windows' defaults (on, block inbound), and the
 * details say so; a profile with neither key makes the source unknown.
 *
 * The rules (FirewallPolicy\FirewallRules and the policy's FirewallRules,
 * "v2.x|Action=Allow|Dir=In|..." strings) are read for active inbound allow
 * rules that open everything: no protocol, port, program, service or remote
 * address restriction.
 *
 * A laptop moves between networks and the profile it will use is not known
 * at rest, so the one source "Windows Defender Firewall" (for IPv4 and IPv6
 * alike) filters fully only when every profile is on, blocks inbound by
 * default and has no rule that opens everything; partially when some
 * profile does; not at all when none does (the rules that opened it are
 * in opened_by).
 * A third-party firewall is not seen.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../check.h"
#include "../firewall.h"
#include "../../sys/winreg.h"
#include "../../util/strbuf.h"
#include "../../util/text.h"
#include "../../util/xalloc.h"
#include "winprobe.h"

#define FW_SERVICE "Services\\SharedAccess\\Parameters\\FirewallPolicy"
#define FW_POLICY "Policies\\Microsoft\\WindowsFirewall"

/* The profiles: their name, the service key's and the policy key's. */
static const struct {
	const char *name, *service_key, *policy_key, *policy_key_old;
} profiles[] = {
	{ "Domain", "DomainProfile", "DomainProfile", NULL },
	{ "Private", "StandardProfile", "PrivateProfile", "StandardProfile" },
	{ "Public", "PublicProfile", "PublicProfile", NULL },
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

/* A DWORD from the policy key when set there, else the service key; -1 when neither. */
static long
fw_value(struct check_result *res, const struct winprobe *w, winreg_key pol, const char *polpath,
    winreg_key svc, const char *svcpath, const char *name, const char **from)
{
	uint32_t v;

	if (pol != 0 && winprobe_dword(res, w->software, pol, polpath, name, &v)) {
		*from = "policy";
		return (long)v;
	}
	if (svc != 0 && winprobe_dword(res, w->system, svc, svcpath, name, &v)) {
		*from = "setting";
		return (long)v;
	}
	*from = "default";
	return -1;
}

/* The value of field key= in a rule string ("|Action=Allow|"), or NULL; caller frees. */
static char *
rule_field(const char *rule, const char *key)
{
	size_t kl = strlen(key);
	const char *p = rule;

	while ((p = strchr(p, '|')) != NULL) {
		p++;
		if (strncasecmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *v = p + kl + 1, *e = strchr(v, '|');

			return e != NULL ? xstrndup(v, (size_t)(e - v)) : xstrdup(v);
		}
	}
	return NULL;
}

/* Whether a rule is an active inbound allow rule. */
static int
rule_allows_in(const char *rule)
{
	char *action = rule_field(rule, "Action"), *dir = rule_field(rule, "Dir"),
	     *active = rule_field(rule, "Active");
	int yes = action != NULL && strcasecmp(action, "Allow") == 0 && dir != NULL &&
	    strcasecmp(dir, "In") == 0 && (active == NULL || strcasecmp(active, "TRUE") == 0);

	free(action);
	free(dir);
	free(active);
	return yes;
}

/* Whether a rule is an active inbound allow rule with no restriction at all. */
static int
rule_opens_everything(const char *rule)
{
	static const char *const limits[] = { "Protocol", "LPort", "LPort2_10", "App", "Svc", "RA4",
		"RA6", "RA42", "RA62", "RPort", "LPort2_20", "IF", "IFType", NULL };
	int open = rule_allows_in(rule);
	size_t i;

	for (i = 0; open && limits[i] != NULL; i++) {
		char *v = rule_field(rule, limits[i]);

		if (v != NULL && strcmp(v, "*") != 0 && strcasecmp(v, "Any") != 0 && v[0] != '\0')
			open = 0;
		free(v);
	}
	return open;
}

/* The profiles a rule applies to, as a mask of 1 << profile index; all when it names none. */
static unsigned
rule_profiles(const char *rule)
{
	unsigned mask = 0;
	const char *p = rule;
	size_t i;

	while ((p = strchr(p, '|')) != NULL) {
		p++;
		if (strncasecmp(p, "Profile=", 8) != 0)
			continue;
		for (i = 0; i < NPROFILES; i++)
			if (strncasecmp(p + 8, profiles[i].name, strlen(profiles[i].name)) == 0 ||
			    (i == 1 && strncasecmp(p + 8, "Standard", 8) == 0))
				mask |= 1u << i;
	}
	return mask != 0 ? mask : (1u << NPROFILES) - 1;
}

/*
 * Reads the rules under keypath: counts the active inbound allow rules that
 * are restricted in *limited, and for each that opens everything adds its
 * text to opened and its profiles to *open_mask. Returns how many were read.
 */
static size_t
scan_rules(struct check_result *res, const struct winreg_hive *h, const char *keypath,
    struct json *opened, unsigned *open_mask, size_t *limited)
{
	winreg_key k = winreg_key_at(h, keypath);
	char **names;
	size_t i, n = 0;

	if (k == 0)
		return 0;
	winprobe_evidence(res, h, k, keypath, NULL, "rules");
	if ((names = winreg_value_names(h, k)) == NULL) {
		/* rules that cannot be read may open anything */
		json_arr_push(opened,
		    json_strf("%s\\%s: rules that could not be read (damaged hive)", winreg_file(h),
		        keypath));
		*open_mask = (1u << NPROFILES) - 1;
		return 0;
	}
	for (i = 0; names[i] != NULL; i++) {
		char *rule = NULL, *name, *safe, *prof;

		if (winreg_string(h, k, names[i], &rule) != WINREG_OK)
			continue;
		n++;
		if (!rule_opens_everything(rule)) {
			if (rule_allows_in(rule))
				(*limited)++;
			free(rule);
			continue;
		}
		name = rule_field(rule, "Name");
		safe = text_sanitize(name != NULL ? name : names[i]);
		prof = rule_field(rule, "Profile");
		json_arr_push(opened,
		    json_strf("rule \"%s\" (%s%s): all inbound traffic", safe,
		        prof ? "profile " : "all profiles", prof ? prof : ""));
		*open_mask |= rule_profiles(rule);
		winprobe_evidence(res, h, k, keypath, names[i], rule);
		free(name);
		free(safe);
		free(prof);
		free(rule);
	}
	strv_free(names);
	return n;
}

int
firewall_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	struct firewall_facts *f = facts;
	struct winprobe w;
	struct json *s, *allowed, *opened, *profs;
	struct strbuf pol = STRBUF_INIT;
	char *svcroot, *rules, *missing = NULL;
	size_t i, on = 0, filtering = 0, limited = 0, nrules;
	unsigned open_mask = 0, blocking = 0;

	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->sources = json_array();
	s = json_arr_push(f->sources, json_object());
	svcroot = winprobe_cs_path(&w, FW_SERVICE);
	json_obj_set(s, "source", json_str("Windows Defender Firewall"));
	json_obj_set(s, "file", json_strf("%s\\%s", winreg_file(w.system), svcroot));
	allowed = json_array();
	opened = json_array();
	profs = json_obj_set(res->details, "windows_profiles", json_array());
	for (i = 0; i < NPROFILES; i++) {
		char *svcpath = xasprintf("%s\\%s", svcroot, profiles[i].service_key);
		char *polpath = xasprintf("%s\\%s", FW_POLICY, profiles[i].policy_key);
		winreg_key svc = winreg_key_at(w.system, svcpath),
		           pk = winreg_key_at(w.software, polpath);
		const char *from_en, *from_in;
		long en, in;
		struct json *o;

		if (pk == 0 && profiles[i].policy_key_old != NULL) {
			free(polpath);
			polpath = xasprintf("%s\\%s", FW_POLICY, profiles[i].policy_key_old);
			pk = winreg_key_at(w.software, polpath);
		}
		if (svc == 0) {
			winprobe_evidence(res, w.system, 0, svcpath, NULL, NULL);
			if (pk == 0 && missing == NULL)
				missing = xasprintf("%s: %s is absent", winreg_file(w.system), svcpath);
		}
		en = fw_value(res, &w, pk, polpath, svc, svcpath, "EnableFirewall", &from_en);
		in = fw_value(res, &w, pk, polpath, svc, svcpath, "DefaultInboundAction", &from_in);
		/* Windows' defaults: on, inbound blocked */
		if (en == -1)
			en = 1;
		if (in == -1)
			in = 1;
		o = json_arr_push(profs, json_object());
		json_obj_set(o, "profile", json_str(profiles[i].name));
		json_obj_set(o, "enabled", json_bool(en != 0));
		json_obj_set(o, "enabled_from", json_str(from_en));
		json_obj_set(o, "inbound", json_str(in != 0 ? "block" : "allow"));
		json_obj_set(o, "inbound_from", json_str(from_in));
		sb_addf(&pol, "%s%s: %s", i ? ", " : "", profiles[i].name,
		    en == 0     ? "off" :
		        in != 0 ? "block" :
		                  "allow");
		if (en != 0)
			on++;
		if (en != 0 && in != 0)
			blocking |= 1u << i;
		else
			json_arr_push(allowed,
			    json_strf("%s profile: %s", profiles[i].name,
			        en == 0 ? "firewall off" : "all inbound traffic by default"));
		free(svcpath);
		free(polpath);
	}
	rules = xasprintf("%s\\FirewallRules", svcroot);
	nrules = scan_rules(res, w.system, rules, opened, &open_mask, &limited);
	free(rules);
	nrules += scan_rules(res, w.software, FW_POLICY "\\FirewallRules", opened, &open_mask, &limited);
	json_obj_set(res->details, "windows_rules_read", json_int((int64_t)nrules));
	json_obj_set(res->details, "windows_inbound_allow_rules", json_int((int64_t)limited));
	for (i = 0; i < json_len(opened); i++)
		json_arr_push(allowed, json_copy(json_at(opened, i)));
	if (limited > 0)
		json_arr_push(allowed,
		    json_strf("%zu inbound allow rule%s limited to programs, ports or addresses",
		        limited, limited == 1 ? "" : "s"));
	/* a profile filters when it is on, blocks by default and no rule opens it wide */
	for (i = 0; i < NPROFILES; i++)
		if ((blocking & (1u << i)) && !(open_mask & (1u << i)))
			filtering++;
	if (missing != NULL) {
		/* no settings at all for a profile: Windows' defaults are not assumed */
		json_obj_set(s, "filtering", json_str("unknown"));
		json_obj_set(s, "reason", json_str(missing));
		json_obj_set(s, "in_force", json_bool(0));
		json_free(allowed);
		json_free(opened);
		free(missing);
		goto out;
	}
	json_obj_set(s, "in_force", json_bool(on > 0));
	{
		const char *level = filtering == NPROFILES ? "full" :
		    filtering > 0                          ? "partial" :
		                                             "none";
		struct json *fam = json_object();

		/* Windows Defender Firewall filters IPv4 and IPv6 alike */
		json_obj_set(fam, "filtering", json_str(level));
		json_obj_set(fam, "input_chain", json_str("inbound"));
		json_obj_set(fam, "input_policy", json_str(sb_str(&pol)));
		json_obj_set(fam, "allowed", json_copy(allowed));
		json_obj_set(fam, "opened_by", json_copy(opened));
		json_obj_set(s, "ipv4", json_copy(fam));
		json_obj_set(s, "ipv6", fam);
		json_obj_set(s, "filtering", json_str(level));
	}
	json_obj_set(s, "input_chain", json_str("inbound"));
	json_obj_set(s, "input_policy", json_str(sb_str(&pol)));
	json_obj_set(s, "allowed", allowed);
	json_obj_set(s, "opened_by", opened);
out:
	json_obj_set(res->details, "third_party", json_str("a third-party firewall is not seen"));
	sb_free(&pol);
	free(svcroot);
	winprobe_dirty_notes(&w, res);
	winprobe_close(&w);
	return 0;
}
