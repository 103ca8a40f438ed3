# check_os_updates.sh: `reentry check os-updates` on fixture trees (pass, warn,
# fail, unknown; every list compression; pins, NotAutomatic suites,
# multi-arch) with apt itself as the peer on the same fixture, and on this
# machine against `apt list --upgradable`.
. "$TOP/tests/lib.sh"

# pkg NAME ARCH VERSION [STATUS]: a dpkg status stanza.
pkg() {
	printf 'Package: %s\nStatus: %s\nPriority: optional\nArchitecture: %s\nVersion: %s\nDescription: test package %s\n long description line\n\n' \
		"$1" "${4:-install ok installed}" "$2" "$3" "$1"
}
# ent NAME ARCH VERSION: a Packages stanza.
ent() {
	printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: Test <t@example.org>\nFilename: pool/%s_%s.deb\nSize: 100\nDescription: test package %s\n' \
		"$1" "$2" "$3" "$1" "$2" "$1"
	printf '\n'
}
# release DIR SUITE [EXTRA...]: a Release file for suite on fixture.invalid
# (Origin and Label from $origin and $label, default Fixture; a -security
# suite is Debian's security archive).
release() {
	f="$1/var/lib/apt/lists/fixture.invalid_debian_dists_$2_Release"
	o=${origin:-Fixture} l=${label:-Fixture}
	case $2 in *-security) o=${origin:-Debian} l=${label:-Debian-Security} ;; esac
	shift 2
	{
		printf 'Origin: %s\nLabel: %s\nSuite: %s\nCodename: %s\nDate: Tue, 24 Nov 2026 00:00:00 UTC\nArchitectures: amd64 i386\nComponents: main\n' "$o" "$l" "$suite" "$suite"
		for x in "$@"; do printf '%s\n' "$x"; done
	} >"$f"
}
list() { echo "$1/var/lib/apt/lists/fixture.invalid_debian_dists_$2_main_binary-$3_Packages"; }

# mkroot DIR: the full fixture: updates from every kind of suite.
mkroot() {
	r=$1
	mkdir -p "$r/var/lib/dpkg" "$r/var/lib/apt/lists/partial" "$r/etc/apt/preferences.d" \
		"$r/etc/apt/apt.conf.d" "$r/proc/sys/kernel" "$r/run" "$r/var/cache/apt" "$r/var/log/apt"
	printf 'amd64\ni386\n' >"$r/var/lib/dpkg/arch"
	echo 6.1.0-18-amd64 >"$r/proc/sys/kernel/osrelease"
	{
		pkg dpkg amd64 1.21.22
		pkg foo amd64 1.0-1
		pkg bar all 2.0-1
		pkg baz amd64 1:1.0-1
		pkg qux i386 3.0-1
		pkg qux amd64 3.0-1
		pkg bp amd64 1.0-1
		pkg exp amd64 1.0-1
		pkg pinned amd64 2.0-1
		pkg pinned2 amd64 1.0-1
		pkg never amd64 1.0-1
		pkg cfg amd64 1.0 "deinstall ok config-files"
		pkg linux-image-6.1.0-18-amd64 amd64 6.1.76-1
		pkg linux-image-amd64 amd64 6.1.76-1
	} >"$r/var/lib/dpkg/status"
	suite=stable release "$r" stable
	{
		ent dpkg 1.21.22 amd64; ent foo 1.0-2 amd64; ent bar 2.0-1 all; ent baz 1:1.0-1 amd64
		ent qux 3.0-1 amd64; ent pinned 2.0-1 amd64; ent pinned2 1.1-1 amd64
		ent never 1.5-1 amd64; ent cfg 2.0 amd64; ent unrelated 5.0 amd64
		ent linux-image-6.1.0-18-amd64 6.1.76-1 amd64; ent linux-image-amd64 6.1.76-1 amd64
	} >"$(list "$r" stable amd64)"
	gzip -n "$(list "$r" stable amd64)"
	{ ent qux 3.0-2 i386; ent bar 2.0-1 all; } >"$(list "$r" stable i386)"
	xz "$(list "$r" stable i386)"
	suite=stable-security release "$r" stable-security
	ent baz 1:1.0-1+deb12u1 amd64 >"$(list "$r" stable-security amd64)"
	lz4 -q --rm "$(list "$r" stable-security amd64)" "$(list "$r" stable-security amd64).lz4"
	suite=stable-backports release "$r" stable-backports "NotAutomatic: yes" "ButAutomaticUpgrades: yes"
	{ ent bp 2.0-1~bpo12+1 amd64; ent foo 1.1-1~bpo12+1 amd64; } >"$(list "$r" stable-backports amd64)"
	zstd -q --rm "$(list "$r" stable-backports amd64)"
	suite=experimental release "$r" experimental "NotAutomatic: yes"
	{ ent exp 2.0-1 amd64; ent never 9.0 amd64; } >"$(list "$r" experimental amd64)"
	suite=oldstable release "$r" oldstable
	ent pinned 1.5-1 amd64 >"$(list "$r" oldstable amd64)"
	cat >"$r/etc/apt/preferences" <<'PREF'
# a downgrade pin, and a version pin holding pinned2 back
Package: pinned
Pin: release a=oldstable
Pin-Priority: 1001

Package: pinned2
Pin: version 1.0*
Pin-Priority: 900
PREF
	cat >"$r/etc/apt/preferences.d/never" <<'PREF'
Package: never
Pin: release a=stable
Pin-Priority: -1
PREF
	# ignored by apt and by us: a file name with a dot that is not .pref
	printf 'Package: foo\nPin: version 1.0-1\nPin-Priority: 1001\n' >"$r/etc/apt/preferences.d/foo.disabled"
	cat >"$r/etc/apt/sources.list" <<'SRC'
deb [trusted=yes] http://fixture.invalid/debian stable main
deb [trusted=yes] http://fixture.invalid/debian stable-security main
deb [trusted=yes] http://fixture.invalid/debian stable-backports main
deb [trusted=yes] http://fixture.invalid/debian experimental main
deb [trusted=yes] http://fixture.invalid/debian oldstable main
SRC
}

# pending ROOT: our pending set as "name arch installed candidate" lines.
pending() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
for p in d.get("pending",[]): print(p["package"],p["arch"],p["installed"],p["candidate"],"S" if p["security"] else "-")' "$1" | sort
}
# apt_pending ROOT: apt list --upgradable on the fixture, same format (no S column).
apt_pending() {
	apt list --upgradable -o Dir="$1" -o Dir::State::status="$1/var/lib/dpkg/status" \
		-o Dir::Etc="$1/etc/apt" -o Dir::Cache="$1/var/cache/apt" -o Dir::Log="$1/var/log/apt" \
		-o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=i386 \
		-o Debug::NoLocking=1 2>/dev/null |
		sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) \([^ ]*\) \[upgradable from: \(.*\)\]$|\1 \3 \4 \2|p' | sort
}
status_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["status"])' "$1"; }

R=$TMP/full
mkroot "$R"
expect_exit 1 "fixture with a security update fails" "$REENTRY" check os-updates --root "$R" --json
cp "$TMP/out" "$TMP/full.json"
pending "$TMP/full.json" >"$TMP/ours"
cat >"$TMP/want" <<'WANT'
baz amd64 1:1.0-1 1:1.0-1+deb12u1 S
bp amd64 1.0-1 2.0-1~bpo12+1 -
foo amd64 1.0-1 1.0-2 -
qux i386 3.0-1 3.0-2 -
WANT
expect_eq "pending set: pins, NotAutomatic, ButAutomaticUpgrades, multi-arch, gz/xz/lz4/zst/plain" \
	"$(cat "$TMP/ours")" "$(cat "$TMP/want")"
expect_grep "security counted apart" '"security_count": 1' "$TMP/full.json"
expect_grep "summary names the security update" '1 security update pending' "$TMP/full.json"
if command -v apt >/dev/null 2>&1; then
	apt_pending "$R" >"$TMP/apt"
	expect_eq "apt agrees on the fixture (peer: apt list --upgradable)" \
		"$(cut -d' ' -f1-4 "$TMP/ours")" "$(cat "$TMP/apt")"
fi

# A generic pin lifting experimental, an origin pin holding foo back.
R2=$TMP/pins
mkroot "$R2"
printf 'Package: *\nPin: release a=experimental\nPin-Priority: 500\n' >"$R2/etc/apt/preferences.d/exp.pref"
printf 'Package: foo\nPin: origin fixture.invalid\nPin-Priority: 50\n' >"$R2/etc/apt/preferences.d/foo"
expect_exit 1 "pin fixture runs" "$REENTRY" check os-updates --root "$R2" --json
pending "$TMP/out" | cut -d' ' -f1-4 >"$TMP/ours2"
expect_grep "generic pin makes experimental a candidate" '^exp amd64 1.0-1 2.0-1$' "$TMP/ours2"
expect_nogrep "origin pin below 100 holds foo back" '^foo ' "$TMP/ours2"
if command -v apt >/dev/null 2>&1; then
	apt_pending "$R2" >"$TMP/apt2"
	expect_eq "apt agrees on the pin fixture" "$(cat "$TMP/ours2")" "$(cat "$TMP/apt2")"
fi

# mkpass DIR: a small tree with nothing pending.
mkpass() {
	r=$1
	mkdir -p "$r/var/lib/dpkg" "$r/var/lib/apt/lists" "$r/proc/sys/kernel" "$r/run" "$r/etc/apt"
	printf 'deb http://fixture.invalid/debian stable main\n' >"$r/etc/apt/sources.list"
	echo 6.1.0-18-amd64 >"$r/proc/sys/kernel/osrelease"
	{ pkg dpkg amd64 1.21.22; pkg foo amd64 1.0-1; pkg linux-image-6.1.0-18-amd64 amd64 6.1.76-1; } >"$r/var/lib/dpkg/status"
	suite=stable release "$r" stable
	{ ent dpkg 1.21.22 amd64; ent foo 1.0-1 amd64; ent linux-image-6.1.0-18-amd64 6.1.76-1 amd64; } >"$(list "$r" stable amd64)"
}
P=$TMP/pass
mkpass "$P"
expect_exit 0 "nothing pending passes" "$REENTRY" check os-updates --root "$P" --json
expect_eq "status pass" "$(status_of "$TMP/out")" pass
expect_exit 0 "table output" "$REENTRY" check os-updates --root "$P"
expect_grep "table says PASS" '^os-updates +PASS +up to date' "$TMP/out"

# a non-security upgrade warns; fail_on_pending makes it fail
W=$TMP/warn
mkpass "$W"
ent foo 1.0-2 amd64 >>"$(list "$W" stable amd64)"
expect_exit 0 "a non-security upgrade is a warning" "$REENTRY" check os-updates --root "$W" --json
expect_eq "status warn" "$(status_of "$TMP/out")" warn
printf 'checks:\n  os-updates:\n    fail_on_pending: true\n' >"$TMP/failany.yaml"
expect_exit 1 "fail_on_pending: true fails it" "$REENTRY" check os-updates --root "$W" --config "$TMP/failany.yaml"

# reboot pending: the flag file, or a newer kernel package than the running one
B=$TMP/reboot
mkpass "$B"
: >"$B/run/reboot-required"
echo linux-image-6.1.0-18-amd64 >"$B/run/reboot-required.pkgs"
expect_exit 1 "/run/reboot-required fails" "$REENTRY" check os-updates --root "$B" --json
expect_grep "says reboot pending" 'reboot pending' "$TMP/out"
printf 'checks:\n  os-updates:\n    fail_on_reboot: false\n' >"$TMP/noreboot.yaml"
expect_exit 0 "fail_on_reboot: false makes it a warning" "$REENTRY" check os-updates --root "$B" --config "$TMP/noreboot.yaml" --json
expect_eq "status warn without fail_on_reboot" "$(status_of "$TMP/out")" warn
K=$TMP/kernel
mkpass "$K"
pkg linux-image-6.1.0-20-amd64 amd64 6.1.82-1 >>"$K/var/lib/dpkg/status"
expect_exit 1 "newer installed kernel than the running one fails" "$REENTRY" check os-updates --root "$K" --json
expect_grep "names both kernels" 'running kernel 6.1.0-18-amd64, newest installed 6.1.0-20-amd64' "$TMP/out"
rm "$K/proc/sys/kernel/osrelease"
expect_exit 3 "kernel packages but no running kernel: unknown" "$REENTRY" check os-updates --root "$K" --json

# unknown: stale lists, no lists, corrupt status, truncated or corrupt lists
S=$TMP/stale
mkpass "$S"
find "$S/var/lib/apt/lists" -type f -exec touch -d '30 days ago' {} +
expect_exit 3 "30-day-old lists are unknown, not pass" "$REENTRY" check os-updates --root "$S" --json
expect_eq "status unknown" "$(status_of "$TMP/out")" unknown
expect_grep "says how old" 'package lists are 30 days old \(limit 7\)' "$TMP/out"
printf 'apt:\n  max_list_age_days: 60\n' >"$TMP/age60.yaml"
expect_exit 0 "max_list_age_days 60 accepts them" "$REENTRY" check os-updates --root "$S" --config "$TMP/age60.yaml"
ent foo 1.0-1+deb12u1 amd64 >"$(list "$S" stable-security amd64)"
echo 'deb http://fixture.invalid/debian stable-security main' >>"$S/etc/apt/sources.list"
suite=stable-security release "$S" stable-security
touch -d '30 days ago' "$S"/var/lib/apt/lists/*
expect_exit 1 "stale lists that already show a security update fail" "$REENTRY" check os-updates --root "$S" --json

N=$TMP/nolists
mkpass "$N"
rm -rf "$N/var/lib/apt/lists"
expect_exit 3 "no lists: unknown" "$REENTRY" check os-updates --root "$N" --json
expect_grep "says to run apt-get update" 'no package lists.*apt-get update' "$TMP/out"
mkpass "$N"
rm "$N/etc/apt/sources.list"
expect_exit 3 "no sources configured: unknown, though lists are there" "$REENTRY" check os-updates --root "$N" --json
expect_grep "says no sources" 'no apt sources are configured' "$TMP/out"
expect_grep "the lists left behind are ignored, and said so" '1 list file of sources no longer configured ignored' "$TMP/out"

C=$TMP/corrupt
mkpass "$C"
printf 'Package: broken\nthis line is garbage\n\n' >>"$C/var/lib/dpkg/status"
expect_exit 3 "corrupt status file: unknown" "$REENTRY" check os-updates --root "$C" --json
expect_grep "names the file and line" '/var/lib/dpkg/status:26: not a' "$TMP/out"
printf 'Package: x\000\n' >"$C/var/lib/dpkg/status"
expect_exit 3 "NUL byte in the status file: unknown" "$REENTRY" check os-updates --root "$C" --json
expect_grep "says NUL" 'status:1: NUL byte' "$TMP/out"
rm "$C/var/lib/dpkg/status"
expect_exit 3 "missing status file: unknown" "$REENTRY" check os-updates --root "$C" --json
expect_grep "names the missing file" 'dpkg/status: No such file' "$TMP/out"

T=$TMP/trunc
mkpass "$T"
lst=$(list "$T" stable amd64)
head -c 70 "$lst" >"$lst.cut" && mv "$lst.cut" "$lst"
expect_exit 3 "truncated plain list: unknown" "$REENTRY" check os-updates --root "$T" --json
expect_grep "says truncated" 'Packages: ends in the middle of a line at byte 70 \(truncated\)' "$TMP/out"
mkpass "$T"
{ ent dpkg 1.21.22 amd64; ent foo 1.0-1 amd64; } >"$lst"
for z in gzip xz zstd lz4; do
	rm -f "$lst".*
	case $z in
	gzip) gzip -nc "$lst" >"$lst.gz"; f=$lst.gz ;;
	xz) xz -c "$lst" >"$lst.xz"; f=$lst.xz ;;
	zstd) zstd -qc "$lst" >"$lst.zst"; f=$lst.zst ;;
	lz4) lz4 -qc "$lst" >"$lst.lz4"; f=$lst.lz4 ;;
	esac
	mv "$lst" "$TMP/plain.keep"
	sz=$(wc -c <"$f")
	head -c $((sz - 9)) "$f" >"$f.cut" && mv "$f.cut" "$f"
	expect_exit 3 "truncated $z list: unknown" "$REENTRY" check os-updates --root "$T" --json
	expect_grep "$z: names the list and the reason" "Packages\\.[a-z0-9]+: (truncated|corrupt)" "$TMP/out"
	mv "$TMP/plain.keep" "$lst"
done
rm -f "$lst".*
printf 'garbage that is not xz' >"$lst.xz"
mv "$lst" "$TMP/plain.keep"
expect_exit 3 "a .xz list that is not xz: unknown" "$REENTRY" check os-updates --root "$T" --json
expect_grep "says wrong magic" 'not a xz file' "$TMP/out"
rm "$lst.xz"
mv "$TMP/plain.keep" "$lst"
suite=stable release "$T" stable "SHA256:" " 0000 99999 main/binary-amd64/Packages"
expect_exit 3 "list size differing from its Release file: unknown" "$REENTRY" check os-updates --root "$T" --json
expect_grep "names both sizes" "but its Release file says 99999" "$TMP/out"

printf 'garbage without colons\n' >"$T/var/lib/apt/lists/fixture.invalid_debian_dists_stable_Release"
expect_exit 3 "a garbage Release file: unknown" "$REENTRY" check os-updates --root "$T" --json
expect_grep "names the Release file" 'stable_Release: not a Release file' "$TMP/out"
printf 'Origin: flat\nLabel: flat\n' >"$T/var/lib/apt/lists/fixture.invalid_debian_dists_stable_Release"
expect_exit 0 "a Release file without Suite or Codename (flat repository) is fine" "$REENTRY" check os-updates --root "$T" --json

# Lists larger than the 2 MiB read window: stanzas across window edges, and
# one stanza (a 5 MB description) larger than the window.
Bg=$TMP/big
mkpass "$Bg"
python3 - "$(list "$Bg" stable amd64)" <<'PY'
import sys
out = open(sys.argv[1], "w")
def ent(name, ver, desc="x"):
    out.write("Package: %s\nVersion: %s\nArchitecture: amd64\nDescription: %s\n\n" % (name, ver, desc))
ent("dpkg", "1.21.22")
for i in range(40000):
    ent("filler%d" % i, "1.%d" % i, "filler package number %d with some text to make it longer" % i)
ent("foo", "1.0-3", "y" * 5000000)
for i in range(20000):
    ent("more%d" % i, "2.%d" % i)
ent("linux-image-6.1.0-18-amd64", "6.1.76-1")
PY
expect_exit 0 "a 9 MB list with a 5 MB entry is read" "$REENTRY" check os-updates --root "$Bg" --json
expect_grep "upgrade found behind the huge entry" '"candidate": "1.0-3"' "$TMP/out"
expect_grep "every entry counted" '"entries": 60003' "$TMP/out"

# This machine's own apt data, copied into a fixture root (the status file
# without any stanza dpkg itself cannot parse), against apt run on the same
# copy through APT_CONFIG: the real deb822 sources, apt.conf.d and lists.
if ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 && command -v apt >/dev/null 2>&1; then
	C=$TMP/copy
	mkdir -p "$C/var/lib/dpkg" "$C/var/lib/apt" "$C/etc" "$C/var/cache/apt" "$C/var/log/apt" "$C/proc/sys/kernel" "$C/run"
	cp -a /etc/apt "$C/etc/apt"
	cp -a /var/lib/apt/lists "$C/var/lib/apt/lists" 2>/dev/null
	[ -f /etc/machine-id ] && cp /etc/machine-id "$C/etc/machine-id"
	[ -f /var/lib/dpkg/arch ] && cp /var/lib/dpkg/arch "$C/var/lib/dpkg/arch"
	uname -r >"$C/proc/sys/kernel/osrelease"
	python3 -c 'import re, sys
out = []
for st in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
    m = re.search(r"^Package: *(\S+)", st, re.M)
    if st.strip() and m:
        out.append(st.strip("\n"))
open(sys.argv[2], "w").write("\n\n".join(out) + "\n")' /var/lib/dpkg/status "$C/var/lib/dpkg/status"
	printf 'Dir "%s/";\nDir::State::status "%s/var/lib/dpkg/status";\nDir::Cache "%s/var/cache/apt/";\nDir::Log "%s/var/log/apt/";\nDir::Bin::ischroot "/bin/false";\nDebug::NoLocking "1";\n' \
		"$C" "$C" "$C" "$C" >"$C.aptconf"
	"$REENTRY" check os-updates --root "$C" --json >"$TMP/real.json"
	rc=$?
	pending "$TMP/real.json" | cut -d' ' -f1-4 >"$TMP/real.ours"
	APT_CONFIG=$C.aptconf apt list --upgradable 2>/dev/null |
		sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) \([^ ]*\) \[upgradable from: \(.*\)\]$|\1 \3 \4 \2|p' | sort >"$TMP/real.apt"
	st=$(status_of "$TMP/real.json")
	case $st in pass|warn|fail|unknown) ok "this machine's data: a real status ($st, exit $rc)" ;; *) notok "this machine's data: status" "$st" ;; esac
	if cmp -s "$TMP/real.ours" "$TMP/real.apt"; then ok "this machine's data: pending set equals apt list --upgradable ($(wc -l <"$TMP/real.apt") packages)"
	else notok "this machine's data: pending set equals apt list --upgradable" "$(diff "$TMP/real.ours" "$TMP/real.apt" | head -20)"; fi
	expect_nogrep "this machine's apt.conf.d parses without syntax errors" 'syntax error' "$TMP/real.json"
	# the security peer: apt-cache policy's own view, judged the way
	# unattended-upgrades does: some version newer than the installed one is
	# offered by a release labelled Debian-Security (or Ubuntu's -security)
	APT_CONFIG=$C.aptconf apt-cache policy >"$TMP/pol.all" 2>/dev/null
	cut -d' ' -f1 "$TMP/real.apt" | xargs -r env APT_CONFIG="$C.aptconf" apt-cache policy >"$TMP/pol.pk" 2>/dev/null
	python3 -c 'import re, sys
sec = set()
cur = None
for line in open(sys.argv[1]):
    m = re.match(r"^ *-?\d+ (\S+ \S+ \S+) Packages$", line)
    if m:
        cur = m.group(1)
        continue
    m = re.match(r"^ +release (.*)$", line)
    if m and cur:
        f = dict(kv.split("=", 1) for kv in m.group(1).split(",") if "=" in kv)
        if (f.get("o") == "Debian" and f.get("l") == "Debian-Security") or \
           (f.get("o") in ("Ubuntu", "UbuntuESM", "UbuntuESMApps") and
            (f.get("a", "").endswith("-security") or f.get("n", "").endswith("-security"))):
            sec.add(cur)
        cur = None
pkg, newer, out = None, True, set()
for line in open(sys.argv[2]):
    if re.match(r"^\S.*:$", line):
        pkg, newer = line.strip()[:-1], True
        continue
    if line.startswith(" *** "):
        newer = False
        continue
    m = re.match(r"^ +-?\d+ (\S+ \S+ \S+) Packages$", line)
    if m and newer and m.group(1) in sec:
        out.add(pkg.split(":")[0])
print("\n".join(sorted(out)))' "$TMP/pol.all" "$TMP/pol.pk" | sed '/^$/d' >"$TMP/real.sec.apt"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
print("\n".join(sorted(set(p["package"] for p in d.get("pending",[]) if p["security"]))))' "$TMP/real.json" | sed '/^$/d' >"$TMP/real.sec.ours"
	if cmp -s "$TMP/real.sec.ours" "$TMP/real.sec.apt"; then ok "this machine's data: security set equals apt-cache policy's Debian-Security versions newer than installed ($(wc -l <"$TMP/real.sec.apt"))"
	else notok "this machine's data: security set equals apt-cache policy's view" "$(diff "$TMP/real.sec.ours" "$TMP/real.sec.apt" | head -20)"; fi
	ninst=$(python3 -c 'import re,sys
n=0
for st in open(sys.argv[1]).read().split("\n\n"):
    m=re.search(r"^Status: .* (\S+)$", st, re.M)
    if m and m.group(1) not in ("not-installed","config-files"): n+=1
print(n)' "$C/var/lib/dpkg/status")
	expect_grep "this machine's data: installed count ($ninst)" "\"installed\": $ninst," "$TMP/real.json"
	arch=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; print(d["native_arch"], " ".join(d["foreign_arches"]))' "$TMP/real.json")
	expect_eq "this machine's data: architectures equal dpkg's" \
		"$arch" "$(dpkg --print-architecture) $(dpkg --print-foreign-architectures | tr '\n' ' ' | sed 's/ $//')"
else
	ok "this machine: no apt lists here (# SKIP: apt-get update needs the network)"
fi
# The live system, when dpkg can read its own status file: the same set as apt.
if ! dpkg-query -W dpkg >/dev/null 2>&1; then
	"$REENTRY" check os-updates --json >"$TMP/live.json"
	expect_eq "live: dpkg-query cannot parse the status file, so reentry says unknown" "$(status_of "$TMP/live.json")" unknown
elif ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 && command -v apt >/dev/null 2>&1; then
	both_sides() {
		"$REENTRY" check os-updates --json >"$TMP/live.json"
		pending "$TMP/live.json" | cut -d' ' -f1-4 >"$TMP/live.ours"
		apt list --upgradable 2>/dev/null |
			sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) \([^ ]*\) \[upgradable from: \(.*\)\]$|\1 \3 \4 \2|p' | sort >"$TMP/live.apt"
	}
	both_sides
	# dpkg may run meanwhile (other jobs install packages): one retry
	cmp -s "$TMP/live.ours" "$TMP/live.apt" || { sleep 2; both_sides; }
	if cmp -s "$TMP/live.ours" "$TMP/live.apt"; then ok "live: pending set equals apt list --upgradable ($(wc -l <"$TMP/live.apt") packages)"
	else notok "live: pending set equals apt list --upgradable" "$(diff "$TMP/live.ours" "$TMP/live.apt" | head -20)"; fi
fi
