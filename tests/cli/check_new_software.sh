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
