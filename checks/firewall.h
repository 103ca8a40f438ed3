/*
 * firewall.h: the parts of the firewall check that tests reach directly
 * (the live nftables ruleset cannot be loaded on a test machine). The check
 * itself is check_firewall in the registry.
 */
#ifndef REENTRY_FIREWALL_H
#define REENTRY_FIREWALL_H

#include <stddef.h>

#include "../util/json.h"

/*
 * Evaluates the output of `nft -j list ruleset` and sets in the object src:
 * "input_policy" (of the input hook chains, "drop" when any drops),
 * "filtering" ("full": policy drop or reject; "partial": accept policy with
 * drop or reject rules; "none") and "allowed" (accept rules that match a
 * destination port, as text). Returns 0, or -1 when text is not such JSON.
 */
int firewall_eval_nft_json(const char *text, size_t len, struct json *src);
/* The same for the text of an nftables configuration file (nft -f syntax). */
void firewall_eval_nft_text(const char *text, struct json *src);
/* The same for iptables-save output or an iptables-persistent rules file. */
void firewall_eval_iptables(const char *text, struct json *src);

#endif
