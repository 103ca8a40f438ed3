/*
 * firewall.h: the firewall check's facts.
 *
 * The check decides whether an inbound filtering policy is in force, and
 * what it lets in, from the firewall sources the probe found (nftables,
 * iptables, ufw, firewalld), each already evaluated: whether it is in force
 * and whether its input chain filters fully (policy drop or reject),
 * partially (accept policy with some refusing rules), not at all, or could
 * not be read. The ruleset readers are in checks/linux/fwparse.h.
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
	 * "in_force", and either "filtering" ("full", "partial", "none") with
	 * "input_chain", "input_policy", "allowed" (array of text), or
	 * "filtering": "unknown" with "reason"}; firewalld adds "zone".
	 */
	struct json *sources;
};

void firewall_facts_free(void *facts);

/* The Debian-like probe (checks/linux/firewall.c). */
int firewall_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: Windows Defender Firewall's profiles and rules from the registry (checks/windows/firewall.c). */
int firewall_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
