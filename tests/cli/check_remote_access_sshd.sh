# check_remote_access_sshd.sh: remote-access reads sshd_config as sshd does. Generated
# configurations (drop-ins before and after the main settings, Include globs,
# "Keyword=value", mixed case, Match blocks, AuthenticationMethods, ListenAddress and
# Port, directives sshd refuses inside Match, broken lines) are judged by our check and
# by `sshd -T` on the same files, inside a private mount namespace where the fixture is
# bind-mounted on /etc/ssh and a tmpfs on /run holds sshd's privilege separation
# directory (the host's files are not touched). For each case the effective
# PermitRootLogin, PasswordAuthentication, KbdInteractiveAuthentication, UsePAM,
# AuthenticationMethods and listen addresses must agree, and so must the verdict
# "a password is accepted from the network", derived from sshd's own values.
# Needs root, unshare and sshd: $REENTRY_SSHD (default /usr/sbin/sshd).
. "$TOP/tests/lib.sh"

SSHD=${REENTRY_SSHD:-/usr/sbin/sshd}
if [ "$(id -u)" -ne 0 ] || [ ! -x "$SSHD" ] || ! unshare -m true 2>/dev/null; then
	for i in 1 2 3 4 5 6 7; do ok "# skip sshd peer: needs root, unshare -m and $SSHD"; done
	exit 0
fi
ssh-keygen -q -t ed25519 -N '' -f "$TMP/hostkey" || { notok "ssh-keygen"; exit 0; }
cp /etc/passwd "$TMP/passwd"
grep -q '^sshd:' "$TMP/passwd" || echo 'sshd:x:64999:65534::/run/sshd:/usr/sbin/nologin' >>"$TMP/passwd"

ncases=${SSHD_PEER_CASES:-60}
python3 - "$TMP/cases" "${SSHD_PEER_SEED:-20200519}" "$ncases" <<'PY'
import os, random, sys
random.seed(int(sys.argv[2]))
out = sys.argv[1]
KW = {
    "PermitRootLogin": ["yes", "no", "prohibit-password", "without-password", "forced-commands-only"],
    "PasswordAuthentication": ["yes", "no"],
    "KbdInteractiveAuthentication": ["yes", "no"],
    "ChallengeResponseAuthentication": ["yes", "no"],
    "UsePAM": ["yes", "no"],
    "AuthenticationMethods": ["publickey", "publickey,password", "publickey password", "password",
                              "keyboard-interactive", "publickey,keyboard-interactive:pam", "any",
                              "password keyboard-interactive"],
}
GLOBAL = {
    "ListenAddress": ["127.0.0.1", "[::1]:2222", "::1", "192.0.2.10", "0.0.0.0", "localhost"],
    "Port": ["22", "2222"],
}
def line(k, table=KW):
    v = random.choice(table[k])
    name = random.choice([k, k.lower(), k.upper()])
    return random.choice(["%s %s", "%s=%s", "%s = %s", "  %s\t%s"]) % (name, v)
def block(n):
    return [line(random.choice(list(KW))) for _ in range(n)] + ["# comment", ""]
for case in range(int(sys.argv[3])):
    d = os.path.join(out, str(case), "etc", "ssh")
    os.makedirs(os.path.join(d, "sshd_config.d"))
    main = ["HostKey /etc/ssh/hostkey"]
    inc = random.choice(["Include /etc/ssh/sshd_config.d/*.conf", "Include sshd_config.d/*.conf"])
    where = random.randrange(3)
    if where == 0: main.append(inc)
    main += block(random.randrange(4))
    for _ in range(random.choice([0, 0, 1, 2])):
        main.append(line(random.choice(list(GLOBAL)), GLOBAL))
    if where == 1: main.append(inc)
    main += block(random.randrange(3))
    if random.random() < 0.4:
        main += ["Match User alice", "  " + line("PasswordAuthentication"), "  " + line("PermitRootLogin")]
        if random.random() < 0.4: main.append("  " + line("AuthenticationMethods"))
        if random.random() < 0.1:  # sshd refuses these inside a Match block
            main.append("  " + random.choice(["Port 2200", "ListenAddress 0.0.0.0", "UsePAM yes"]))
        if random.random() < 0.5:
            main += ["Match all"] + block(2)
            if random.random() < 0.3: main.append(line("Port", GLOBAL))
        elif where == 2: where = 3  # an Include after a Match would be conditional
    if where == 2: main.append(inc)
    for f in range(random.randrange(3)):
        body = block(random.randrange(3))
        if random.random() < 0.2:
            body += ["Match Group sftp", "  ForceCommand internal-sftp", "  " + line("PasswordAuthentication")]
        open(os.path.join(d, "sshd_config.d", "%02d-x.conf" % random.randrange(100)), "a").write("\n".join(body) + "\n")
    if case % 10 == 9:  # broken on purpose: both must refuse it
        main.append(random.choice(["PermitRootLogin", "PasswordAuthentication maybe", "PermitRootLogin sometimes",
                                   "AuthenticationMethods publickey,passwd"]))
    open(os.path.join(d, "sshd_config"), "w").write("\n".join(main) + "\n")
PY

# normalise.py KIND FILE: one line a case can be compared on, from sshd -T output or our JSON
cat >"$TMP/normalise.py" <<'PY'
import json, sys
kind, path = sys.argv[1], sys.argv[2]
def loopback(a):
    h = a[1:a.index("]")] if a.startswith("[") else a.rsplit(":", 1)[0]
    return h.startswith("127.") or h == "::1"
def verdict(v):
    """a password accepted from the network, from the effective values (sshd's or ours)"""
    if all(loopback(a) for a in v["listen"]):
        return "local-only"
    pw = v["passwordauthentication"] == "yes"
    kbd = v["kbdinteractiveauthentication"] == "yes" and v["usepam"] == "yes"
    am = v["authenticationmethods"]
    if am == "any":
        return "password" if pw or kbd else "keys"
    for lst in am.split():
        ms = lst.split(",")
        if all(m == "password" and pw or m.startswith("keyboard-interactive") and kbd for m in ms):
            return "password"
    return "keys"
if kind == "sshd":
    v = {}
    listen = []
    for l in open(path):
        k, _, val = l.rstrip("\n").partition(" ")
        if k == "listenaddress": listen.append(val)
        elif k in ("permitrootlogin", "passwordauthentication", "kbdinteractiveauthentication",
                   "usepam", "authenticationmethods"): v[k] = val
    if not v:
        print("rejected"); sys.exit()
    v["listen"] = sorted(set(listen))  # sshd prints a repeated Port twice
else:
    s = json.load(open(path))["checks"][0]["details"]["sshd"]
    if "error" in s:
        print("rejected"); sys.exit()
    norm = lambda x: x.replace(" (default)", "").replace("prohibit-password", "without-password")
    v = {k.lower(): norm(s[k]) for k in ("PermitRootLogin", "PasswordAuthentication",
                                         "KbdInteractiveAuthentication", "UsePAM", "AuthenticationMethods")}
    ports = s.get("ports") or [22]
    listen = set()
    for a in s["ListenAddress"] or ["0.0.0.0", "[::]"]:
        if a == "localhost": a = "127.0.0.1"
        if a.startswith("[") and "]:" in a or not a.startswith("[") and a.count(":") == 1:
            listen.add(a); continue
        h = a.strip("[]")
        for p in ports:
            listen.add(("[%s]:%d" if ":" in h else "%s:%d") % (h, p))
    v["listen"] = sorted(listen)
    ours = "local-only" if s["loopback_only"] else ("password" if s["password_login"] else "keys")
    if ours != verdict(v):
        print("verdict-mismatch ours=%s" % ours); sys.exit()
print(" ".join("%s=%s" % (k, v[k]) for k in sorted(v) if k != "listen"), "listen=" + ",".join(v["listen"]),
      "verdict=" + verdict(v))
PY

# match.py SSHD-T SSHD-T-C OURS: when sshd -T -C for alice turns password or root login
# on that the global settings leave off, our result must name the Match line that does
cat >"$TMP/match.py" <<'PY'
import json, sys
def vals(p):
    return dict(l.rstrip("\n").partition(" ")[::2] for l in open(p))
g, a = vals(sys.argv[1]), vals(sys.argv[2])
if not g or not a:
    print("n/a"); sys.exit()
cond = " ".join(json.load(open(sys.argv[3]))["checks"][0]["details"]["sshd"].get("conditional", [])).lower()
bad = [k for k in ("passwordauthentication", "permitrootlogin")
       if a.get(k) == "yes" and g.get(k) != "yes" and k + " yes inside a match block" not in cond]
def pw_lists(v):
    return v == "any" or any(all(m == "password" or m.startswith("keyboard-interactive") for m in l.split(","))
                             for l in v.split())
am_g, am_a = g.get("authenticationmethods", "any"), a.get("authenticationmethods", "any")
if am_a != am_g and pw_lists(am_a) and not pw_lists(am_g) and "authenticationmethods " + am_a + " inside" not in cond:
    bad.append("authenticationmethods")
print("missed " + ",".join(bad) if bad else ("conditional" if any(a.get(k) != g.get(k) for k in g) else "same"))
PY
agree=0 disagree="" verdicts="" matched=""
for c in "$TMP"/cases/*; do
	cp "$TMP/hostkey" "$c/etc/ssh/hostkey"
	: >"$TMP/sshd-alice.out"
	unshare -m sh -c 'mount -t tmpfs tmpfs /run && mkdir /run/sshd && mount --bind "$1" /etc/passwd &&
		mount --bind "$2" /etc/ssh && "$3" -T 2>/dev/null >"$4" &&
		"$3" -T -C user=alice,host=client.example,addr=192.0.2.1 2>/dev/null >"$5"' \
		sh "$TMP/passwd" "$c/etc/ssh" "$SSHD" "$TMP/sshd.out" "$TMP/sshd-alice.out"
	theirs=$(python3 "$TMP/normalise.py" sshd "$TMP/sshd.out")
	mkdir -p "$c/proc/net"
	"$REENTRY" check remote-access --root "$c" --json >"$TMP/ours.json" 2>/dev/null
	ours=$(python3 "$TMP/normalise.py" ours "$TMP/ours.json")
	verdicts="$verdicts ${theirs##*verdict=}"
	m=$(python3 "$TMP/match.py" "$TMP/sshd.out" "$TMP/sshd-alice.out" "$TMP/ours.json")
	case "$m" in missed*) matched="$matched $(basename "$c"): $m;" ;; conditional) matched_any=1 ;; esac
	if [ "$ours" = "$theirs" ]; then agree=$((agree + 1)); else
		disagree="$disagree $(basename "$c"): ours '$ours' sshd '$theirs';"
	fi
done
expect_eq "our reading of $ncases generated sshd configurations agrees with sshd -T" "$agree${disagree:+ (}$disagree${disagree:+)}" "$ncases"
expect_eq "where sshd -T -C user=alice turns password or root login on, we name the Match line" \
	"${matched:-none missed}${matched_any:+, some cases conditional}" "none missed, some cases conditional"
# the generated cases must exercise every outcome, or the comparison proves little
kinds=$(printf '%s\n' $verdicts | sort -u | tr '\n' ' ')
expect_eq "the cases cover every verdict" "$kinds" "keys local-only password rejected "

# The live path: an sshd really running, in private mount and network namespaces, with
# the fixture's configuration on /etc/ssh. On the running system reentry asserts that
# sshd is active (its process, its listener); under --root of the same files it only
# judges the configuration and says so.
L="$TMP/live/etc/ssh"
mkdir -p "$L"
cp "$TMP/hostkey" "$L/hostkey"
printf 'checks:\n  remote-access:\n    allow_ports: ["22/tcp"]\n' >"$TMP/allow22.yaml"
live_sshd() { # writes $TMP/live.json for the configuration in $L/sshd_config
	unshare -m -n sh -c 'mount -t tmpfs tmpfs /run && mkdir /run/sshd && mount --bind "$1" /etc/passwd &&
		mount --bind "$2" /etc/ssh && ip link set lo up && "$3" -o PidFile=/run/sshd.pid || exit 1
		i=0; while [ ! -s /run/sshd.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		"$4" check remote-access --config "$5" --json >"$6"
		kill "$(cat /run/sshd.pid)"' \
		sh "$TMP/passwd" "$L" "$SSHD" "$REENTRY" "$TMP/allow22.yaml" "$TMP/live.json"
}
summary() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"][0]; s=c["details"]["sshd"]; print(c["status"], s["judged"], s["active"], s["password_login"])' "$1"; }
if command -v ip >/dev/null 2>&1; then
	printf 'HostKey /etc/ssh/hostkey\nPermitRootLogin no\n' >"$L/sshd_config"
	live_sshd
	expect_eq "live: a running sshd that takes passwords fails, judged on the running system" \
		"$(summary "$TMP/live.json")" "fail configuration and the running system True True"
	expect_grep "live: the finding says sshd allows password login, not 'only the configuration'" \
		'"en": "sshd allows password login' "$TMP/live.json"
	printf 'HostKey /etc/ssh/hostkey\nPermitRootLogin no\nAuthenticationMethods publickey\n' >"$L/sshd_config"
	live_sshd
	expect_eq "live: a running sshd with AuthenticationMethods publickey passes" \
		"$(summary "$TMP/live.json")" "pass configuration and the running system True False"
	printf 'HostKey /etc/ssh/hostkey\nPermitRootLogin no\n' >"$L/sshd_config"
	mkdir -p "$TMP/live/proc/net"
	echo "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode" \
		>"$TMP/live/proc/net/tcp"
	"$REENTRY" check remote-access --root "$TMP/live" --json >"$TMP/image.json" 2>/dev/null
	expect_eq "under --root the same files are judged as configuration only" \
		"$(summary "$TMP/image.json")" "warn configuration only None True"
else
	ok "# skip live sshd: no ip(8)"
	ok "# skip"
	ok "# skip"
	ok "# skip"
fi
