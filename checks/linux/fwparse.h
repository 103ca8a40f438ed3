/*
 * fwparse.h: the firewall check's readers of Linux rulesets, which tests
 * reach directly (the live nftables ruleset cannot be loaded on a test
 * machine). The Debian-like probe (checks/linux/firewall.c) calls them on
 * what it read; the check itself is check_firewall in the registry.
 *
 * Each sets, in the object src (one entry of details.sources):
 * "input_chain" (whether an input hook chain exists), "input_policy" (of
 * the input hook chains, "drop" when any drops), "filtering" ("full":
 * policy drop or reject; "partial": accept policy with drop or reject
 * rules; "none") and "allowed" (accept rules that match a destination port,
 * as text). Nothing here reads a file, prints or exits.
 */
#ifndef REENTRY_FWPARSE_H
#define REENTRY_FWPARSE_H

#include <stddef.h>

#include "../../util/json.h"

/*
 * Evaluates the output of `nft -j list ruleset` into src. Returns 0, or -1
 * when text is not such JSON.
 */
int firewall_eval_nft_json(const char *text, size_t len, struct json *src);
/* The same for the text of an nftables configuration file (nft -f syntax). */
void firewall_eval_nft_text(const char *text, struct json *src);
/* The same for iptables-save output or an iptables-persistent rules file. */
void firewall_eval_iptables(const char *text, struct json *src);
/*
 * Writes an evaluation into src: the input policy (NULL without an input
 * chain), whether it refuses, how many rules refuse, whether an input chain
 * exists, and the allowed rules (an array, which src takes over).
 */
void firewall_eval_set(struct json *src, const char *policy, int policy_refuses, int refusing_rules,
    int has_input, struct json *allowed);

#endif
