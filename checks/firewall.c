/*
 * firewall.c: the firewall check: is an inbound filtering policy in force,
 * and what does it let in?
 *
 * The probe (checks/linux/firewall.c) finds the sources (nftables, live or
 * configured; iptables, live, persistent files or loaded tables; ufw;
 * firewalld) and evaluates each (firewall.h); this file judges them. A
 * source "filters" fully when its input chain's policy drops or rejects;
 * partially when the policy accepts but some rules drop or reject.
 *
 * pass:    a source in force filters fully.
 * warn:    the best source in force filters only partially.
 * fail:    nothing in force filters inbound traffic (no rules at all, or accept policies).
 * unknown: nothing filters as far as can be seen, but a ruleset could not be read
 *          (not root, or tables loaded with no tool to list them).
 */
#include "firewall.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

enum filt { FILT_NONE, FILT_PARTIAL, FILT_FULL };

void
firewall_facts_free(void *facts)
{
	struct firewall_facts *f = facts;

	if (f != NULL)
		json_free(f->sources);
}

/* Decides from the best source in force, or the first that could not be read. */
static void
firewall_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	const struct firewall_facts *fa = facts;
	const struct json *sources = json_obj_set(res->details, "sources",
	    fa->sources != NULL ? json_copy(fa->sources) : json_array());
	enum filt best = FILT_NONE;
	const struct json *best_src = NULL, *unknown_src = NULL;
	size_t i;

	(void)ctx;
	for (i = 0; i < json_len(sources); i++) {
		const struct json *s = json_at(sources, i);
		const char *f = json_get_str(json_get(s, "filtering"));
		enum filt v;

		if (f != NULL && strcmp(f, "unknown") == 0) {
			if (unknown_src == NULL)
				unknown_src = s;
			continue;
		}
		if (!json_get_bool(json_get(s, "in_force"), 0) || f == NULL)
			continue;
		v = strcmp(f, "full") == 0    ? FILT_FULL :
		    strcmp(f, "partial") == 0 ? FILT_PARTIAL :
		                                FILT_NONE;
		if (best_src == NULL || v > best) {
			best = v;
			best_src = s;
		}
	}
	if (best == FILT_FULL || best == FILT_PARTIAL) {
		const struct json *allowed = json_get(best_src, "allowed");
		struct strbuf sb = STRBUF_INIT;
		char *en, *ja;

		for (i = 0; i < json_len(allowed) && i < 6; i++)
			sb_addf(&sb, "%s%s", i ? ", " : "", json_get_str(json_at(allowed, i)));
		if (json_len(allowed) > 6)
			sb_addf(&sb, ", ... (%zu in all)", json_len(allowed));
		en = xasprintf("%s: inbound %s%s%s%s", json_get_str(json_get(best_src, "source")),
		    best == FILT_FULL ? "traffic is refused by default" :
		                        "policy accepts, only some traffic is refused",
		    sb.len ? "; allows " : "", sb_str(&sb), sb.len ? "" : "; no ports opened");
		ja = xasprintf("%s: 受信は%s%s%s", json_get_str(json_get(best_src, "source")),
		    best == FILT_FULL ? "既定で拒否されます" : "既定で許可され、一部のみ拒否されます",
		    sb.len ? "。許可: " : "。開放ポートなし", sb_str(&sb));
		check_result_set(res, best == FILT_FULL ? CHECK_PASS : CHECK_WARN, en, ja);
		free(en);
		free(ja);
		sb_free(&sb);
	} else if (unknown_src != NULL) {
		char *en = xasprintf("no inbound filtering found, and %s could not be read: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));
		char *ja = xasprintf("受信フィルタは見つからず、%s を読み取れませんでした: %s",
		    json_get_str(json_get(unknown_src, "source")),
		    json_get_str(json_get(unknown_src, "reason")));

		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else if (json_len(sources) == 0) {
		check_result_set(res, CHECK_FAIL,
		    "no firewall at all: no nftables ruleset, iptables rules, ufw or firewalld",
		    "ファイアウォールがありません（nftables、iptables、ufw、firewalld のいずれも未設定）");
	} else {
		check_result_set(res, CHECK_FAIL,
		    "no inbound filtering in force: the firewall found is disabled or accepts everything",
		    "受信フィルタが有効になっていません（無効、またはすべて許可）");
	}
}

const struct check check_firewall = {
	.id = "firewall",
	.title_en = "Inbound firewall policy in force",
	.title_ja = "受信ファイアウォールの有効化",
	.reads = "nft -j list ruleset and iptables-save at /, /etc/nftables.conf, /etc/iptables/rules.v4 "
	         "and rules.v6, /proc/net/ip_tables_names, /etc/ufw, /etc/default/ufw, /etc/firewalld, "
	         "systemd *.target.wants links",
	.params = NULL,
	.facts_size = sizeof(struct firewall_facts),
	.facts_free = firewall_facts_free,
	.probes = {
		[TARGET_LINUX] = { firewall_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { firewall_probe_windows, NULL, NULL },
	},
	.judge = firewall_judge,
};
