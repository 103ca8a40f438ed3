/*
 * firewall.h: the firewall check's facts.
 *
 * The check decides whether an inbound filtering policy is in force for
 * IPv4 and IPv6, and what it lets in, from the firewall sources the probe
 * found (nftables, iptables, ip6tables, ufw, firewalld), each already
 * evaluated per family: whether it is in force and whether its input
 * chains filter fully (refused by default), partially (accept policy with
 * some refusing rules), not at all (including an accept that restricts
 * nothing), or could not be read. The ruleset readers are in
 * checks/linux/fwparse.h, which says how an accept is judged.
 *
 * Ownership: the facts own the sources array; firewall_facts_free() frees
 * it (not the struct itself).
 */
#ifndef REENTRY_FIREWALL_H
#define REENTRY_FIREWALL_H

#include "check.h"
#include "../util/json.h"

struct firewall_facts {
	/*
	 * Array of objects, as details.sources shows them: {"source", "file",
	 * "in_force", and either "ipv4" and/or "ipv6" (the families the source
	 * covers: {"filtering": "full", "partial" or "none", "input_chain",
	 * "input_policy", "allowed", "opened_by"}) with "filtering",
	 * "allowed" and "opened_by" over them, or "filtering": "unknown" with
	 * "reason"}; firewalld adds "zone".
	 */
	struct json *sources;
	int ipv6_disabled; /* IPv6 is off on the target: it need not be filtered */
};

void firewall_facts_free(void *facts);

/* The Debian-like probe (checks/linux/firewall.c). */
int firewall_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: Windows Defender Firewall's profiles and rules from the registry (checks/windows/firewall.c). */
int firewall_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
