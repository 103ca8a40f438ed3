# check_new_software.sh: `reentry check new-software` on fixture trees (dpkg logs
# rotated and gzip-compressed, known tools, allow and deny lists, software
# outside the package manager, bad logs) and on this machine.
. "$TOP/tests/lib.sh"
export TZ=UTC

status_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["status"])' "$1"; }
# names FILE: "package action level" lines from the details.
names() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
for p in d.get("packages",[]): print(p["package"],p["action"],p["level"])
for p in d.get("files",[]): print(p["path"],"file",p["level"])' "$1" | sort
}

# mkroot DIR: logs from 2026-01 (before) to 2026-06 (during telework).
mkroot() {
	r=$1
	mkdir -p "$r/var/log"
	cat >"$TMP/log2" <<'LOG'
2026-01-10 09:00:00 startup archives unpack
2026-01-10 09:00:01 install oldtool:amd64 <none> 1.0-1
2026-01-10 09:00:02 status installed oldtool:amd64 1.0-1
2026-04-02 10:00:00 install anydesk:amd64 <none> 6.3.0
2026-04-02 10:00:01 status unpacked anydesk:amd64 6.3.0
2026-04-02 10:00:02 configure anydesk:amd64 6.3.0 <none>
LOG
	gzip -nc "$TMP/log2" >"$r/var/log/dpkg.log.2.gz"
	cat >"$r/var/log/dpkg.log.1" <<'LOG'
2026-05-01 08:00:00 upgrade remmina:amd64 1.4.29-1 1.4.35-1
2026-05-01 08:00:01 install foo-utils:amd64 <none> 2.0-1
2026-05-01 08:00:02 install transmission-gtk:all <none> 4.0.2-1
2026-05-01 08:00:03 conffile /etc/foo.conf keep
LOG
	cat >"$r/var/log/dpkg.log" <<'LOG'
2026-06-01 12:00:00 remove transmission-gtk:all 4.0.2-1 <none>
2026-06-01 12:00:01 upgrade libc6:amd64 2.36-9+deb12u9 2.36-9+deb12u10
2026-06-01 12:00:02 trigproc libc-bin:amd64 2.36-9+deb12u10 <none>
LOG
}

mkdir -p "$TMP/none" "$TMP/nolog"
expect_exit 3 "no telework_start: unknown" "$REENTRY" check new-software --root "$TMP/none" --json
expect_grep "says to set telework_start" 'set telework_start in the site configuration' "$TMP/out"

R=$TMP/r
mkroot "$R"
printf 'telework_start: 2026-03-01\n' >"$TMP/tw.yaml"
expect_exit 1 "anydesk installed in the period fails" "$REENTRY" check new-software --root "$R" --config "$TMP/tw.yaml" --json
cp "$TMP/out" "$TMP/r.json"
names "$TMP/r.json" >"$TMP/names"
cat >"$TMP/want" <<'WANT'
anydesk:amd64 installed fail
foo-utils:amd64 installed warn
libc6:amd64 upgraded pass
remmina:amd64 upgraded warn
transmission-gtk:all removed warn
WANT
expect_eq "events from dpkg.log, .1 and .2.gz judged (before-period oldtool left out)" "$(cat "$TMP/names")" "$(cat "$TMP/want")"
expect_grep "summary names anydesk as remote access" 'anydesk:amd64 \(remote access\)' "$TMP/r.json"
expect_grep "removed P2P client noted" 'transmission-gtk:all \(P2P file sharing, removed since\)' "$TMP/r.json"

expect_exit 1 "Japanese summary" "$REENTRY" check new-software --root "$R" --config "$TMP/tw.yaml" --lang ja
expect_grep "names the kind in Japanese" 'anydesk:amd64（遠隔操作）' "$TMP/out"

# allow and deny lists
printf 'telework_start: 2026-03-01\nsoftware:\n  allow: [anydesk, "foo-*", remmina]\n' >"$TMP/allow.yaml"
expect_exit 0 "everything allowed (allow list overrides the table): pass or warn" "$REENTRY" check new-software --root "$R" --config "$TMP/allow.yaml" --json
expect_eq "removed P2P client still warns" "$(status_of "$TMP/out")" warn
printf 'telework_start: 2026-03-01\nsoftware:\n  allow: ["*"]\n  deny: ["libc6"]\n' >"$TMP/deny.yaml"
expect_exit 1 "deny list beats allow list" "$REENTRY" check new-software --root "$R" --config "$TMP/deny.yaml" --json
expect_grep "names the deny pattern" "libc6:amd64 \\(on the site's deny list \\(libc6\\)\\)" "$TMP/out"

# a pass: only upgrades in the period, with an allow list
P=$TMP/p
mkdir -p "$P/var/log"
printf '2026-06-01 12:00:01 upgrade libc6:amd64 2.36-9+deb12u9 2.36-9+deb12u10\n' >"$P/var/log/dpkg.log"
expect_exit 0 "only upgrades: pass" "$REENTRY" check new-software --root "$P" --config "$TMP/tw.yaml" --json
expect_eq "status pass" "$(status_of "$TMP/out")" pass

# since parameter instead of telework_start; a later date leaves anydesk out
printf 'checks:\n  new-software:\n    since: "2026-05-15"\n' >"$TMP/since.yaml"
expect_exit 0 "since parameter works without telework_start" "$REENTRY" check new-software --root "$R" --config "$TMP/since.yaml" --json
expect_nogrep "anydesk is before 2026-05-15" 'anydesk' "$TMP/out"
printf 'checks:\n  new-software:\n    since: "last tuesday"\n' >"$TMP/badsince.yaml"
expect_exit 3 "a since that is not a date: unknown" "$REENTRY" check new-software --root "$R" --config "$TMP/badsince.yaml" --json
expect_grep "says so" "since 'last tuesday' is not a date" "$TMP/out"

# software outside the package manager
F=$TMP/f
mkdir -p "$F/var/log" "$F/opt/teamviewer" "$F/usr/local/bin" "$F/home/alice/Downloads/apps" "$F/home/bob/.local/bin" "$F/opt/old-vendor"
: >"$F/var/log/dpkg.log"
: >"$F/home/alice/Downloads/apps/RustDesk-1.2.3-x86_64.AppImage"
: >"$F/usr/local/bin/helper"
: >"$F/home/bob/.local/bin/mytool"
touch -d 2020-01-01 "$F/opt/old-vendor"
printf 'telework_start: 2026-03-01\nchecks:\n  new-software:\n    use_ctime: false\n' >"$TMP/noctime.yaml"
expect_exit 1 "teamviewer in /opt and a RustDesk AppImage fail" "$REENTRY" check new-software --root "$F" --config "$TMP/noctime.yaml" --json
names "$TMP/out" >"$TMP/fnames"
cat >"$TMP/fwant" <<'WANT'
/home/alice/Downloads/apps/RustDesk-1.2.3-x86_64.AppImage file fail
/home/bob/.local/bin/mytool file warn
/opt/teamviewer file fail
/usr/local/bin/helper file warn
WANT
expect_eq "files found, old /opt entry left out by mtime" "$(cat "$TMP/fnames")" "$(cat "$TMP/fwant")"
printf 'telework_start: 2026-03-01\nchecks:\n  new-software:\n    scan_paths: false\n' >"$TMP/nopaths.yaml"
expect_exit 0 "scan_paths: false looks at packages only" "$REENTRY" check new-software --root "$F" --config "$TMP/nopaths.yaml" --json

# bad input: garbage log, corrupt gzip, no log, rotated-away history
G=$TMP/g
mkroot "$G"
printf 'this is not a dpkg log\n\001\002garbage\n' >>"$G/var/log/dpkg.log.1"
expect_exit 1 "garbage lines: the flagged install still fails" "$REENTRY" check new-software --root "$G" --config "$TMP/tw.yaml" --json
expect_grep "names the file and line" '/var/log/dpkg.log.1:5: not a dpkg log line' "$TMP/out"
printf 'telework_start: 2026-03-01\nsoftware:\n  allow: ["*"]\n' >"$TMP/all.yaml"
expect_exit 3 "garbage lines with nothing flagged: unknown, not pass" "$REENTRY" check new-software --root "$G" --config "$TMP/all.yaml" --json
no_raw_escapes "no raw bytes from the log in the output" "$TMP/out"
head -c 30 "$R/var/log/dpkg.log.2.gz" >"$G/var/log/dpkg.log.2.gz"
expect_exit 3 "truncated dpkg.log.2.gz: unknown" "$REENTRY" check new-software --root "$G" --config "$TMP/all.yaml" --json
expect_grep "names the gz file" 'dpkg.log.2.gz: truncated gzip stream' "$TMP/out"
expect_exit 3 "no dpkg log: unknown" "$REENTRY" check new-software --root "$TMP/nolog" --config "$TMP/tw.yaml" --json
expect_grep "says no dpkg log" 'no dpkg log in /var/log' "$TMP/out"
H=$TMP/h
mkdir -p "$H/var/log"
printf '2026-06-01 12:00:01 upgrade libc6:amd64 2.36-9+deb12u9 2.36-9+deb12u10\n' >"$H/var/log/dpkg.log"
printf '2026-05-01 12:00:01 upgrade libc6:amd64 2.36-9+deb12u8 2.36-9+deb12u9\n' >"$H/var/log/dpkg.log.1"
expect_exit 3 "logs rotated away past the period start: unknown" "$REENTRY" check new-software --root "$H" --config "$TMP/tw.yaml" --json
expect_grep "says older logs were rotated" 'older logs were rotated away' "$TMP/out"

# jq_d EXPR: a Python expression over the details d of $TMP/out.
jq_d() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
print(eval(sys.argv[2]))' "$TMP/out" "$1"; }
printf 'telework_start: 2026-03-01\nchecks:\n  new-software:\n    scan_paths: false\n' >"$TMP/pk.yaml"

# apt's history (plain and rotated gzip): dependencies under what pulled them in,
# openssh-server installed in the period is remote access, an upgrade of it is not.
A=$TMP/a
mkdir -p "$A/var/log/apt" "$A/var/lib/apt" "$A/var/lib/dpkg"
cat >"$A/var/log/dpkg.log" <<'LOG'
2026-04-01 10:00:00 install foo:amd64 <none> 1.0-1
2026-04-01 10:00:01 install libfoo1:amd64 <none> 1.0-1
2026-04-01 10:00:02 install foo-data:all <none> 1.0-1
2026-04-02 11:00:00 install qux:amd64 <none> 2.0
2026-04-02 11:00:01 install libqux0:amd64 <none> 2.0
2026-04-03 09:00:00 install openssh-server:amd64 <none> 1:9.2p1-2+deb12u6
2026-04-03 09:00:01 install openssh-sftp-server:amd64 <none> 1:9.2p1-2+deb12u6
2026-04-04 09:00:00 install linux-image-6.1.0-30-amd64:amd64 <none> 6.1.124-1
2026-04-05 09:00:00 install handmade:amd64 <none> 0.1
LOG
cat >"$TMP/hist1" <<'LOG'
Start-Date: 2026-04-02  11:00:00
Commandline: apt-get install qux
Requested-By: bob (1001)
Install: qux:amd64 (2.0), libqux0:amd64 (2.0, automatic)
End-Date: 2026-04-02  11:00:02
LOG
gzip -nc "$TMP/hist1" >"$A/var/log/apt/history.log.1.gz"
cat >"$A/var/log/apt/history.log" <<'LOG'

Start-Date: 2026-04-01  10:00:00
Commandline: apt install foo
Requested-By: alice (1000)
Install: foo:amd64 (1.0-1), libfoo1:amd64 (1.0-1, automatic), foo-data:amd64 (1.0-1, automatic)
End-Date: 2026-04-01  10:00:03

Start-Date: 2026-04-03  09:00:00
Commandline: apt install openssh-server
Install: openssh-server:amd64 (1:9.2p1-2+deb12u6), openssh-sftp-server:amd64 (1:9.2p1-2+deb12u6, automatic)
End-Date: 2026-04-03  09:00:02

Start-Date: 2026-04-04  09:00:00
Commandline: apt-get dist-upgrade
Install: linux-image-6.1.0-30-amd64:amd64 (6.1.124-1, automatic)
End-Date: 2026-04-04  09:00:09
LOG
expect_exit 1 "openssh-server installed in the period fails" "$REENTRY" check new-software --root "$A" --config "$TMP/pk.yaml" --json
expect_grep "named as an SSH server" 'openssh-server:amd64 \(remote access \(SSH server\)\)' "$TMP/out"
expect_eq "foo and qux carry the dependencies apt pulled in for them" "$(jq_d '[(p["package"],p["level"],p.get("dependencies")) for p in d["packages"] if p["package"] in ("foo:amd64","qux:amd64")]')" \
	"[('foo:amd64', 'warn', ['libfoo1:amd64', 'foo-data:all']), ('qux:amd64', 'warn', ['libqux0:amd64'])]"
expect_eq "dependencies pass, with what pulled them in" "$(jq_d '[(p["package"],p["level"],p.get("pulled_in_by")) for p in d["packages"] if p.get("automatic")]')" \
	"[('libfoo1:amd64', 'pass', 'foo:amd64'), ('foo-data:all', 'pass', 'foo:amd64'), ('libqux0:amd64', 'pass', 'qux:amd64'), ('openssh-sftp-server:amd64', 'pass', 'openssh-server:amd64'), ('linux-image-6.1.0-30-amd64:amd64', 'pass', None)]"
expect_eq "a dependency of an upgrade is listed under its apt run" "$(jq_d 'd["dependencies_of_other_runs"]')" \
	"[{'package': 'linux-image-6.1.0-30-amd64:amd64', 'by': 'apt-get dist-upgrade'}]"
expect_eq "who asked, from the rotated gzip history" "$(jq_d '[p.get("requested_by") for p in d["packages"] if p["package"]=="qux:amd64"]')" "['bob (1001)']"
expect_eq "a package apt's history does not know came from dpkg directly" "$(jq_d '[p["via"] for p in d["packages"] if p["package"]=="handmade:amd64"]')" "['dpkg without apt']"
expect_grep "one warning per package asked for, not per dependency" '3 added since 2026-03-01 with no allow list configured to judge them \(foo:amd64 \[alice\], qux:amd64 \[bob\], handmade:amd64\); 5 more pulled in automatically' "$TMP/out"
U=$TMP/u
mkdir -p "$U/var/log"
printf '2026-06-01 12:00:01 upgrade openssh-server:amd64 1:9.2p1-2+deb12u5 1:9.2p1-2+deb12u6\n' >"$U/var/log/dpkg.log"
expect_exit 0 "an upgrade of openssh-server installed before the period: pass" "$REENTRY" check new-software --root "$U" --config "$TMP/pk.yaml" --json
expect_eq "status pass" "$(status_of "$TMP/out")" pass
# a malformed history: named, dependencies not grouped (stricter), never a crash
printf 'Start-Date: 2026-04-01  10:00:00\nInstall: foo:amd64 (1.0-1), libfoo1:amd64 (1.0-1, automatic\n' >"$A/var/log/apt/history.log"
printf '\ngarbage without colon\n\nCommandline: apt install x\n' >>"$A/var/log/apt/history.log"
expect_exit 1 "malformed history: still judged" "$REENTRY" check new-software --root "$A" --config "$TMP/pk.yaml" --json
expect_grep "names the history file and line" "/var/log/apt/history.log:2: Install line not understood" "$TMP/out"
expect_grep "and says dependencies may show as new" "dependencies may be reported as new software" "$TMP/out"

# FIFOs where logs belong: answered at once, never waited on
Q=$TMP/q
mkdir -p "$Q/var/log/apt" "$Q/var/lib/apt"
cp "$U/var/log/dpkg.log" "$Q/var/log/dpkg.log"
mkfifo "$Q/var/log/dpkg.log.1" "$Q/var/log/apt/history.log" "$Q/var/lib/apt/extended_states"
expect_exit 3 "FIFOs as dpkg.log.1, history.log and extended_states: unknown, no hang" timeout 20 "$REENTRY" check new-software --root "$Q" --config "$TMP/pk.yaml" --json
expect_grep "names the FIFO" '/var/log/dpkg.log.1: not a regular file' "$TMP/out"

# extended_states alone says what is automatic; compared with apt-mark and dpkg-query
E=$TMP/e
mkdir -p "$E/var/log" "$E/var/lib/apt/lists/partial" "$E/var/lib/dpkg/info" "$E/var/lib/dpkg/updates" "$E/cache"
: >"$E/var/lib/dpkg/available"
cat >"$E/var/log/dpkg.log" <<'LOG'
2026-04-01 10:00:00 install foo:amd64 <none> 1.0-1
2026-04-01 10:00:01 install libfoo1:amd64 <none> 1.0-1
2026-04-01 10:00:02 install python3-six:all <none> 1.16.0-4
2026-04-01 10:00:03 install gone:amd64 <none> 1
2026-04-02 10:00:03 remove gone:amd64 1 <none>
2026-04-03 10:00:03 install bar:i386 <none> 3
LOG
for p in foo:amd64:1.0-1 libfoo1:amd64:1.0-1 python3-six:all:1.16.0-4 bar:i386:3; do
	n=${p%%:*} r=${p#*:}
	printf 'Package: %s\nStatus: install ok installed\nMaintainer: t <t@example.org>\nArchitecture: %s\nVersion: %s\nDescription: test\n\n' \
		"$n" "${r%%:*}" "${r#*:}" >>"$E/var/lib/dpkg/status"
done
printf 'Package: libfoo1\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: python3-six\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: bar\nArchitecture: i386\nAuto-Installed: 0\n\n' >"$E/var/lib/apt/extended_states"
expect_exit 0 "extended_states only: warn" "$REENTRY" check new-software --root "$E" --config "$TMP/pk.yaml" --json
jq_d '"\n".join(sorted(p["package"].split(":")[0] for p in d["packages"] if p.get("automatic") and p["action"]=="installed"))' >"$TMP/e.ours"
jq_d '"\n".join(sorted(p["package"] for p in d["packages"] if p["action"]=="installed"))' >"$TMP/e.present"
expect_grep "the summary says no apt run accounts for them" '2 of them only marked automatic in extended_states, with no apt run in the history naming what pulled them in' "$TMP/out"
expect_eq "dependencies known only from extended_states are listed apart" "$(jq_d 'sorted(x["package"] for x in d["dependencies_of_other_runs"])')" "['libfoo1:amd64', 'python3-six:all']"
if command -v apt-mark >/dev/null && command -v dpkg-query >/dev/null; then
	printf 'Dir::State::status "%s";\nDir::State::extended_states "%s";\nDir::State::lists "%s/";\nDir::Cache "%s/";\nDir::Etc::sourcelist "/dev/null";\nDir::Etc::sourceparts "%s/none";\n' \
		"$E/var/lib/dpkg/status" "$E/var/lib/apt/extended_states" "$E/var/lib/apt/lists" "$E/cache" "$E" >"$E/apt.conf"
	APT_CONFIG=$E/apt.conf apt-mark showauto 2>/dev/null | sort >"$TMP/e.apt"
	expect_eq "automatic packages equal apt-mark showauto on the same fixture" "$(cat "$TMP/e.ours")" "$(cat "$TMP/e.apt")"
	dpkg-query --admindir="$E/var/lib/dpkg" -W -f '${Package}:${Architecture}\n' 2>/dev/null | sort >"$TMP/e.dpkg"
	expect_eq "installed and still present equals dpkg-query --admindir" "$(cat "$TMP/e.present")" "$(cat "$TMP/e.dpkg")"
else
	ok "# SKIP apt-mark or dpkg-query not installed"
fi

# Flatpak apps (system and per user) and snaps
S=$TMP/s
mkdir -p "$S/var/log" "$S/etc" "$S/home/alice" "$S/var/lib/snapd/snaps" "$S/snap/spotify/current/meta"
: >"$S/var/log/dpkg.log"
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >"$S/etc/passwd"
mkflatpak() { # BASE ID
	mkdir -p "$1/$2/x86_64/stable/0123abcd/files"
	ln -s x86_64/stable "$1/$2/current"
	ln -s 0123abcd "$1/$2/x86_64/stable/active"
}
mkflatpak "$S/var/lib/flatpak/app" com.rustdesk.RustDesk
mkflatpak "$S/var/lib/flatpak/app" org.old.Tool
touch -d 2020-01-01 "$S/var/lib/flatpak/app/org.old.Tool/x86_64/stable/0123abcd"
mkflatpak "$S/home/alice/.local/share/flatpak/app" org.gnome.Calculator
: >"$S/var/lib/snapd/snaps/core22_1380.snap"
: >"$S/var/lib/snapd/snaps/ngrok_120.snap"
: >"$S/var/lib/snapd/snaps/spotify_70.snap"
touch -d 2026-01-01 "$S/var/lib/snapd/snaps/spotify_70.snap"
: >"$S/var/lib/snapd/snaps/spotify_71.snap"
printf 'name: spotify\nversion: 1.2\ntype: app\n' >"$S/snap/spotify/current/meta/snap.yaml"
expect_exit 1 "RustDesk Flatpak and ngrok snap fail" "$REENTRY" check new-software --root "$S" --config "$TMP/noctime.yaml" --json
expect_eq "apps found with their scope and level" "$(jq_d 'sorted((a["kind"],a["name"],a["scope"],a["level"]) for a in d["apps"])')" \
	"[('flatpak', 'com.rustdesk.RustDesk', 'system', 'fail'), ('flatpak', 'org.gnome.Calculator', 'alice', 'warn'), ('flatpak', 'org.old.Tool', 'system', 'pass'), ('snap', 'core22', 'system', 'pass'), ('snap', 'ngrok', 'system', 'fail'), ('snap', 'spotify', 'system', 'warn')]"
expect_eq "the newest snap revision, the deployed Flatpak branch" "$(jq_d 'sorted((a["name"],a["version"]) for a in d["apps"] if a["name"] in ("spotify","com.rustdesk.RustDesk"))')" \
	"[('com.rustdesk.RustDesk', 'x86_64/stable'), ('spotify', '71')]"
expect_grep "the summary names them" 'Flatpak com.rustdesk.RustDesk \(remote access\)' "$TMP/out"
expect_grep "the summary names the snap" 'snap ngrok \(remote access \(tunnel\)\)' "$TMP/out"

# an app first installed before the period and updated in it is an update (the
# birth time of its directory, where the filesystem keeps one), as a package upgrade
if [ "$(stat -c %W "$S/home/alice/.local/share/flatpak/app/org.gnome.Calculator")" != 0 ]; then
	later=$(date -u -d '+30 days' +%Y-%m-%d)
	touch -d "$(date -u -d '+40 days')" "$S/home/alice/.local/share/flatpak/app/org.gnome.Calculator/x86_64/stable/0123abcd"
	printf 'checks:\n  new-software:\n    use_ctime: false\n    since: "%s"\n' "$later" >"$TMP/later.yaml"
	expect_exit 0 "a Flatpak updated after a later period start: not new" "$REENTRY" check new-software --root "$S" --config "$TMP/later.yaml" --json
	expect_eq "it passes as an update, with its install time" "$(jq_d '[(a["level"],a["why"],a["installed"] is not None) for a in d["apps"] if a["name"]=="org.gnome.Calculator"]')" \
		"[('pass', 'updated in the period, installed before it', True)]"
else
	ok "# SKIP the filesystem under $TMP keeps no birth times"
	ok "# SKIP the filesystem under $TMP keeps no birth times"
	ok "# SKIP the filesystem under $TMP keeps no birth times"
fi

# tools unpacked anywhere under a home, by name, when executable
T=$TMP/t
mkdir -p "$T/var/log" "$T/etc" "$T/home/alice/Downloads/chisel_1.9.1_linux_amd64" "$T/home/alice/.cache/x/y" "$T/home/alice/notes" "$T/home/bob/tools"
: >"$T/var/log/dpkg.log"
printf 'alice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n' >"$T/etc/passwd"
printf '\177ELF' >"$T/home/alice/Downloads/chisel_1.9.1_linux_amd64/chisel"
chmod 755 "$T/home/alice/Downloads/chisel_1.9.1_linux_amd64/chisel"
printf '\177ELF\002\001' >"$T/home/alice/.cache/x/y/frpc"
printf 'remember to ask about anydesk\n' >"$T/home/alice/notes/anydesk.txt"
printf '#!/bin/sh\n' >"$T/home/bob/tools/TeamViewer"
touch -d 2020-01-01 "$T/home/bob/tools/TeamViewer"
printf '#!/bin/sh\n' >"$T/home/bob/tools/qbittorrent-nox"
expect_exit 1 "chisel, frpc (ELF magic, no x bit) and qbittorrent fail" "$REENTRY" check new-software --root "$T" --config "$TMP/noctime.yaml" --json
names "$TMP/out" >"$TMP/tnames"
cat >"$TMP/twant" <<'WANT'
/home/alice/.cache/x/y/frpc file fail
/home/alice/Downloads/chisel_1.9.1_linux_amd64/chisel file fail
/home/bob/tools/TeamViewer file warn
/home/bob/tools/qbittorrent-nox file fail
WANT
expect_eq "tools found by name anywhere under the homes; a notes file left out; an old TeamViewer warns" "$(cat "$TMP/tnames")" "$(cat "$TMP/twant")"
expect_eq "the walk looked at /root and both homes, to the end" "$(jq_d '(d["home_walk"]["homes"], d["home_walk"]["stopped_at_entries"], d["home_walk"]["too_deep_skipped"])')" "(3, False, 0)"
# a hostile file name reaches the terminal escaped
hostile=$(printf 'ngrok\033[2J\007x')
printf '#!/bin/sh\n' >"$T/home/bob/tools/$hostile"
expect_exit 1 "a tool with control characters in its name is found" "$REENTRY" check new-software --root "$T" --config "$TMP/noctime.yaml"
expect_grep "and named" 'tools/ngrok' "$TMP/out"
no_raw_escapes "with no raw control bytes on the terminal" "$TMP/out"
rm "$T/home/bob/tools/$hostile"
printf 'telework_start: 2026-03-01\nchecks:\n  new-software:\n    use_ctime: false\n    home_max_entries: 5\n' >"$TMP/few.yaml"
expect_exit 1 "the entry limit hit: what was found still fails" "$REENTRY" check new-software --root "$T" --config "$TMP/few.yaml" --json
expect_grep "the summary names the limit" 'stopped at its limit of 5 entries' "$TMP/out"
printf 'telework_start: 2026-03-01\nsoftware:\n  allow: ["*"]\nchecks:\n  new-software:\n    use_ctime: false\n    home_max_entries: 5\n' >"$TMP/fewall.yaml"
expect_exit 3 "the entry limit hit with nothing else: unknown, not pass" "$REENTRY" check new-software --root "$T" --config "$TMP/fewall.yaml" --json
printf 'telework_start: 2026-03-01\nchecks:\n  new-software:\n    use_ctime: false\n    home_max_depth: 2\n' >"$TMP/shallow.yaml"
expect_exit 1 "the depth limit hit: chisel still found" "$REENTRY" check new-software --root "$T" --config "$TMP/shallow.yaml" --json
expect_grep "the summary names the directories not entered" 'deeper than 2 levels in the homes not searched \(e.g. /home/alice/.cache/x/y\)' "$TMP/out"
expect_nogrep "frpc, too deep, was not seen" 'frpc' "$TMP/out"

# planted links: each file and directory the check reads, pointing out of the
# root (absolute, and through ..), must not leak the host's content and must
# say it cannot be resolved inside the root
HOST=$TMP/host
mkdir -p "$HOST/app/com.anydesk.LEAKAPP/x86_64/stable/c" "$HOST/bin" "$HOST/snaps"
printf '2026-04-02 10:00:00 install leakpkg:amd64 <none> 6.3.0\n' >"$HOST/dpkg.log"
gzip -nc "$HOST/dpkg.log" >"$HOST/dpkg.log.gz"
printf 'Start-Date: 2026-04-02  10:00:00\nCommandline: apt install LEAKCMD\nInstall: base:amd64 (1)\n' >"$HOST/history.log"
gzip -nc "$HOST/history.log" >"$HOST/history.log.gz"
printf 'Package: base\nArchitecture: amd64\nAuto-Installed: 1\nLEAKEXT: 1\n' >"$HOST/extended_states"
printf '#!/bin/sh\n' >"$HOST/bin/ngrok-leak"
chmod 755 "$HOST/bin/ngrok-leak"
cp "$HOST/bin/ngrok-leak" "$HOST/home/ngrok-leak"
: >"$HOST/snaps/leaksnap_1.snap"
printf 'name: leaksnap\ntype: base\n' >"$HOST/snap.yaml"
printf 'leakuser:x:1000:1000::%s/home:/bin/sh\n' "$HOST" >"$HOST/passwd"
ups=../../../../../../../../../../../../../../../..
plant() { # DESC PATH-IN-ROOT HOST-PATH abs|dots
	P=$TMP/plant
	rm -rf "$P"
	mkdir -p "$P/var/log/apt" "$P/var/lib/apt" "$P/etc" "$P/home/alice" "$P/var/lib/flatpak" "$P/var/lib/snapd"
	printf '2026-04-02 10:00:00 install base:amd64 <none> 1\n' >"$P/var/log/dpkg.log"
	printf 'alice:x:1000:1000::/home/alice:/bin/sh\n' >"$P/etc/passwd"
	mkdir -p "$P/var/lib/snapd/snaps" && : >"$P/var/lib/snapd/snaps/spotify_1.snap"
	mkdir -p "$(dirname "$P$2")"
	rm -rf "${P:?}$2"
	if [ "$4" = abs ]; then ln -s "$3" "$P$2"; else ln -s "$ups$3" "$P$2"; fi
	"$REENTRY" check new-software --root "$P" --config "$TMP/tw.yaml" --json >"$TMP/out" 2>"$TMP/err"
	if grep -qi leak "$TMP/out" "$TMP/err"; then notok "$1 ($4 link): the host's content leaked" "$(grep -i leak "$TMP/out" | head -3)"; else ok "$1 ($4 link): nothing of the host's"; fi
	expect_grep "$1 ($4 link): says it cannot be resolved inside the root" "$2 -> [^ ]* cannot be resolved inside $P" "$TMP/out"
}
for kind in abs dots; do
	plant "dpkg.log" /var/log/dpkg.log "$HOST/dpkg.log" $kind
	plant "dpkg.log.2.gz" /var/log/dpkg.log.2.gz "$HOST/dpkg.log.gz" $kind
	plant "the log directory" /var/log "$HOST" $kind
	plant "history.log" /var/log/apt/history.log "$HOST/history.log" $kind
	plant "history.log.1.gz" /var/log/apt/history.log.1.gz "$HOST/history.log.gz" $kind
	plant "extended_states" /var/lib/apt/extended_states "$HOST/extended_states" $kind
	plant "the Flatpak app directory" /var/lib/flatpak/app "$HOST/app" $kind
	plant "the snap directory" /var/lib/snapd/snaps "$HOST/snaps" $kind
	plant "a home" /home/alice "$HOST/home" $kind
	plant "a home only in /home" /home/carol "$HOST/home" $kind
	plant "a .snap file" /var/lib/snapd/snaps/other_2.snap "$HOST/dpkg.log" $kind
	plant "/home" /home "$HOST/home" $kind
	plant "a user's Flatpak apps" /home/alice/.local/share/flatpak/app "$HOST/app" $kind
	plant "a user's .local/bin" /home/alice/.local/bin "$HOST/home" $kind
	plant "/opt" /opt "$HOST/bin" $kind
	plant "/usr/local/bin" /usr/local/bin "$HOST/bin" $kind
	plant "/etc/passwd" /etc/passwd "$HOST/passwd" $kind
	plant "a snap's snap.yaml" /snap/spotify/current/meta/snap.yaml "$HOST/snap.yaml" $kind
done
plant "a home, in Japanese" /home/alice "$HOST/home" abs
expect_exit 3 "the Japanese summary" "$REENTRY" check new-software --root "$P" --config "$TMP/tw.yaml" --lang ja
expect_grep "says so in Japanese" '/home/alice: ルート内で解決できないシンボリックリンク' "$TMP/out"

# This machine: the packages with events in the last 60 days equal what the logs say.
since=$(date -u -d '60 days ago' +%Y-%m-%d)
printf 'telework_start: %s\n' "$since" >"$TMP/real.yaml"
# both_sides: our package list and awk's over the same logs.
both_sides() {
	"$REENTRY" check new-software --config "$TMP/real.yaml" --json >"$TMP/real.json"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
for p in d.get("packages",[]): print(p["package"])' "$TMP/real.json" | sort >"$TMP/real.ours"
	for f in /var/log/dpkg.log*; do case $f in *.gz) zcat "$f" ;; *) cat "$f" ;; esac; done 2>/dev/null |
		awk -v s="$since" '$1 >= s && ($3=="install"||$3=="upgrade"||$3=="remove"||$3=="purge") {print $4}' | sort -u >"$TMP/real.awk"
}
both_sides
# dpkg may run meanwhile (other jobs install packages): one retry
cmp -s "$TMP/real.ours" "$TMP/real.awk" || { sleep 2; both_sides; }
st=$(status_of "$TMP/real.json")
case $st in pass|warn|fail|unknown) ok "real machine: a real status ($st)" ;; *) notok "real machine status" "$st" ;; esac
n=$(wc -l <"$TMP/real.awk")
if [ "$n" -le 200 ]; then
	expect_eq "real machine: packages with events since $since equal the logs' ($n)" "$(cat "$TMP/real.ours")" "$(cat "$TMP/real.awk")"
else
	expect_eq "real machine: package count since $since equals the logs'" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; print(d["installed_count"]+d["upgraded_count"])' "$TMP/real.json")" "$n"
fi

# This machine: what the check says was asked for or pulled in (apt's history,
# else extended_states) agrees with apt-mark on the live system.
if command -v apt-mark >/dev/null; then
	apt-mark showauto 2>/dev/null | sort -u >"$TMP/real.auto"
	apt-mark showmanual 2>/dev/null | sort -u >"$TMP/real.manual"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
auto=set(open(sys.argv[2]).read().split()); man=set(open(sys.argv[3]).read().split())
inst=[p for p in d["packages"] if p["action"]=="installed"]
bad=[p["package"] for p in inst if (p.get("automatic") is True and p["package"].split(":")[0] not in auto)
     or (p.get("automatic") is False and p["package"].split(":")[0] not in man)]
print(len(inst), " ".join(bad))' "$TMP/real.json" "$TMP/real.auto" "$TMP/real.manual" >"$TMP/real.cmp"
	read -r ninst disagree <"$TMP/real.cmp" || true
	expect_eq "real machine: automatic and asked-for agree with apt-mark for the $ninst packages installed since $since" "${disagree:-}" ""
else
	ok "# SKIP apt-mark not installed"
fi
