# check_remote_access_sshd.sh: remote-access reads sshd_config as sshd does. Generated
# configurations (drop-ins before and after the main settings, Include globs,
# "Keyword=value", mixed case, Match blocks, broken lines) are judged by our
# check and by `sshd -T` on the same files, inside a private mount namespace
# where the fixture is bind-mounted on /etc/ssh (the host's files are not touched).
# Needs root, unshare and sshd: $REENTRY_SSHD (default /usr/sbin/sshd).
. "$TOP/tests/lib.sh"

SSHD=${REENTRY_SSHD:-/usr/sbin/sshd}
if [ "$(id -u)" -ne 0 ] || [ ! -x "$SSHD" ] || ! unshare -m true 2>/dev/null; then
	ok "# skip sshd peer: needs root, unshare -m and $SSHD"
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
}
def line(k):
    v = random.choice(KW[k])
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
    if where == 1: main.append(inc)
    main += block(random.randrange(3))
    if random.random() < 0.4:
        main += ["Match User alice", "  " + line("PasswordAuthentication"), "  " + line("PermitRootLogin")]
        if random.random() < 0.5: main += ["Match all"] + block(2)
        elif where == 2: where = 3  # an Include after a Match would be conditional
    if where == 2: main.append(inc)
    for f in range(random.randrange(3)):
        body = block(random.randrange(3))
        if random.random() < 0.2:
            body += ["Match Group sftp", "  ForceCommand internal-sftp", "  " + line("PasswordAuthentication")]
        open(os.path.join(d, "sshd_config.d", "%02d-x.conf" % random.randrange(100)), "a").write("\n".join(body) + "\n")
    if case % 10 == 9:  # broken on purpose: both must refuse it
        main.append(random.choice(["PermitRootLogin", "PasswordAuthentication maybe", "PermitRootLogin sometimes"]))
    open(os.path.join(d, "sshd_config"), "w").write("\n".join(main) + "\n")
PY

agree=0 disagree=""
for c in "$TMP"/cases/*; do
	cp "$TMP/hostkey" "$c/etc/ssh/hostkey"
	theirs=$(unshare -m sh -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/ssh && "$3" -T 2>/dev/null' \
		sh "$TMP/passwd" "$c/etc/ssh" "$SSHD" | awk '$1 ~ /^(permitrootlogin|passwordauthentication|kbdinteractiveauthentication|usepam)$/ {print $1 "=" $2}' | sort | tr '\n' ' ')
	[ -n "$theirs" ] || theirs="rejected "
	mkdir -p "$c/proc/net"
	"$REENTRY" check remote-access --root "$c" --json >"$TMP/ours.json" 2>/dev/null
	ours=$(python3 - "$TMP/ours.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["checks"][0]["details"]["sshd"]
if "error" in s:
    print("rejected ")
else:
    norm = lambda v: v.replace(" (default)", "").replace("prohibit-password", "without-password")
    print(" ".join(sorted("%s=%s" % (k.lower(), norm(s[k])) for k in ("PermitRootLogin", "PasswordAuthentication", "KbdInteractiveAuthentication", "UsePAM"))) + " ")
PY
)
	if [ "$ours" = "$theirs" ]; then agree=$((agree + 1)); else disagree="$disagree $(basename "$c"): ours '$ours' sshd '$theirs';"; fi
done
expect_eq "our reading of $ncases generated sshd configurations agrees with sshd -T" "$agree${disagree:+ (}$disagree${disagree:+)}" "$ncases"
