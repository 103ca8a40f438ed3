/*
 * fwparse.h: the firewall check's readers of Linux rulesets, which tests
 * and fuzzers reach directly. The Debian-like probe (checks/linux/firewall.c)
 * calls them on what it read; the check itself is check_firewall in the
 * registry.
 *
 * Every reader turns its input into chains of classified rules and
 * evaluates, for IPv4 and IPv6 separately, what the input hook chains let
 * in. A rule that accepts is
 *  - harmless when it matches only loopback (iif lo) or replies
 *    (ct state established/related);
 *  - restricted when it matches a destination port (not negated, not the
 *    whole range), a source address other than "any", a named set, or ICMP
 *    only; it is listed in "allowed";
 *  - otherwise it opens everything it is reached by, and is listed in
 *    "opened_by": a bare accept, an interface, a protocol, a negated port
 *    ("tcp dport != 22") or a source port alone restrict nothing.
 * jump and goto are followed (16 levels, loops and undefined chains make
 * the evaluation unknown); an unconditional drop or reject ends a chain, so
 * firewalld's layout (policy accept, ending in reject) filters fully.
 *
 * Each reader sets, in the object src (one entry of details.sources), for
 * every family it covers, "ipv4" / "ipv6": {"filtering": "full" (refused
 * by default), "partial" (accept policy with refusing rules) or "none",
 * "input_chain", "input_policy", "allowed", "opened_by"}; a family that
 * has an opening rule does not filter ("none"). Then, over the families
 * covered, "filtering" (the weaker), "allowed" (all of them) and
 * "opened_by"; or "filtering": "unknown" with "reason" when the ruleset
 * could not be evaluated. Nothing here reads a file (includes come through
 * struct fw_include_ops), prints or exits.
 */
#ifndef REENTRY_FWPARSE_H
#define REENTRY_FWPARSE_H

#include <stddef.h>

#include "../../util/json.h"

enum { FW_V4 = 1, FW_V6 = 2 };

/*
 * How an nftables file reaches the files it includes. expand() returns the
 * paths a pattern names, sorted, as nft orders them (NULL with *n = 0 when
 * none; the caller frees each and the array); read() reads one, 0 or -1
 * with "PATH: reason" in err.
 */
struct fw_include_ops {
	char **(*expand)(void *arg, const char *pattern, size_t *n);
	int (*read)(void *arg, const char *path, char **text, char *err, size_t errlen);
	void *arg;
};

/*
 * Evaluates nftables text (nft -f syntax, as in nftables.conf or the
 * output of `nft list ruleset`) into src. file names the text in messages;
 * includes are followed through ops (relative paths from /etc, as nft
 * does, 16 levels deep); with ops NULL an include makes the result unknown.
 */
void firewall_eval_nft_text(const char *text, const char *file, const struct fw_include_ops *ops,
    struct json *src);
/* The same for iptables-save output or an iptables-persistent file of one family (FW_V4, FW_V6). */
void firewall_eval_iptables(const char *text, int family, struct json *src);

/*
 * For sources that are not rulesets (ufw, firewalld): sets the evaluation
 * of one family; allowed and opened_by (arrays, may be NULL) are taken over.
 * policy_refuses: the default refuses; refusing: rules that refuse exist.
 */
void firewall_family_set(struct json *src, int family, const char *chain, const char *policy,
    int policy_refuses, int refusing, struct json *allowed, struct json *opened_by);
/* After the families are set: "filtering", "allowed" and "opened_by" over them. */
void firewall_finish(struct json *src);

#endif
