# check_av_signatures.sh: `reentry check av-signatures` on ClamAV databases built
# here with sigtool (unsigned .cud, build time set in the header), and on
# this machine's database directory.
. "$TOP/tests/lib.sh"

# mkdb DIR NAME VERSION AGE_SECONDS: an unsigned database built by sigtool,
# its header's build time (fields 2 and 9) moved AGE_SECONDS into the past.
mkdb() {
	w=$TMP/build.$2.$3
	mkdir -p "$w/data" "$1"
	printf '44d88612fea8a8f36de82e1278abb02f:68:Reentry.Test.%s-%s\n' "$2" "$3" >"$w/$2.hdb"
	echo "reentry test database" >"$w/COPYING"
	(cd "$w" && echo reentry-test | sigtool --build="$2.cud" --unsigned --cvd-version="$3" \
		--datadir="$w/data" >/dev/null 2>&1)
	python3 - "$w/$2.cud" "$4" <<'PY'
import sys, time
path, age = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
f = data[:512].rstrip(b" ").decode().split(":")
t = int(time.time()) - age
f[1] = time.strftime("%d %b %Y %H-%M +0000", time.gmtime(t))
f[8] = str(t)
head = ":".join(f).encode().ljust(512, b" ")
open(path, "wb").write(head + data[512:])
PY
	cp "$w/$2.cud" "$1/$2.cud"
}
status_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["status"])' "$1"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["details"].get(sys.argv[2]))' "$1" "$2"; }

if ! command -v sigtool >/dev/null 2>&1; then
	notok "sigtool is installed (clamav package)"
	exit 1
fi

R=$TMP/fresh
mkdb "$R/var/lib/clamav" daily 27123 3600
mkdb "$R/var/lib/clamav" main 62 864000
expect_exit 0 "fresh daily + main passes" "$REENTRY" check av-signatures --root "$R" --json
expect_eq "status pass" "$(status_of "$TMP/out")" pass
expect_eq "daily version read through libclamav" "$(field "$TMP/out" daily_version)" 27123
sigtool -i "$R/var/lib/clamav/daily.cud" >"$TMP/info" 2>&1
expect_grep "(peer) sigtool -i reads the same version" '^Version: 27123$' "$TMP/info"
expect_grep "the file is evidence" '"path": "/var/lib/clamav/daily.cud"' "$TMP/out"

O=$TMP/old
mkdb "$O/var/lib/clamav" daily 27000 $((5 * 86400))
mkdb "$O/var/lib/clamav" main 62 864000
expect_exit 1 "5-day-old daily fails (default limit 3)" "$REENTRY" check av-signatures --root "$O" --json
expect_grep "says how old and how to fix" 'signatures are 5\.0 days old \(daily 27000 .*limit 3 days\): run freshclam' "$TMP/out"
printf 'clamav:\n  max_signature_age_days: 7\n' >"$TMP/seven.yaml"
expect_exit 0 "a 7-day limit accepts it" "$REENTRY" check av-signatures --root "$O" --config "$TMP/seven.yaml"

# the newest of daily.cld / daily.cud wins
mkdb "$TMP/newer" daily 27500 60
cp "$TMP/newer/daily.cud" "$O/var/lib/clamav/daily.cld"
expect_exit 0 "a newer daily.cld next to an old daily.cud is used" "$REENTRY" check av-signatures --root "$O" --json
expect_eq "version of the newest" "$(field "$TMP/out" daily_version)" 27500

M=$TMP/missing
mkdir -p "$M/var/lib/clamav"
expect_exit 1 "empty database directory fails" "$REENTRY" check av-signatures --root "$M" --json
expect_grep "fix: freshclam or copy" 'run freshclam, or on an offline machine copy' "$TMP/out"
mkdir -p "$TMP/nowhere"
expect_exit 1 "no database directory fails" "$REENTRY" check av-signatures --root "$TMP/nowhere" --json
printf 'clamav:\n  database: /srv/clamdb\n' >"$TMP/dir.yaml"
mkdb "$M/srv/clamdb" daily 27124 60
mkdb "$M/srv/clamdb" main 62 60
expect_exit 0 "configured database directory is used" "$REENTRY" check av-signatures --root "$M" --config "$TMP/dir.yaml" --json
expect_eq "database_dir from the configuration" "$(field "$TMP/out" database_dir)" /srv/clamdb

N=$TMP/nomain
mkdb "$N/var/lib/clamav" daily 27125 60
expect_exit 0 "fresh daily without main warns" "$REENTRY" check av-signatures --root "$N" --json
expect_eq "status warn" "$(status_of "$TMP/out")" warn

C=$TMP/corrupt
mkdir -p "$C/var/lib/clamav"
head -c 2000 /dev/urandom >"$C/var/lib/clamav/daily.cvd"
expect_exit 3 "garbage daily.cvd is unknown" "$REENTRY" check av-signatures --root "$C" --json
expect_grep "names the file and reason" 'cannot read /var/lib/clamav/daily.cvd: not a ClamAV database' "$TMP/out"
printf 'ClamAV-VDB:short' >"$C/var/lib/clamav/daily.cvd"
expect_exit 3 "truncated daily.cvd is unknown" "$REENTRY" check av-signatures --root "$C" --json
expect_grep "says it is short" 'shorter than a database header' "$TMP/out"
no_raw_escapes "no raw bytes in the output" "$TMP/out"

# planted links (issue 10): the database directory and files read beneath --root.
# The host side holds a fresh database; links to it, absolute or climbing with ..,
# must not make the image's signatures look fresh.
mkdb "$TMP/hostdb" daily 27999 60
mkdb "$TMP/hostdb" main 62 60
K=$TMP/planted
mkdir -p "$K/var/lib"
ln -s "$TMP/hostdb" "$K/var/lib/clamav"
expect_exit 1 "planted: var/lib/clamav -> host directory: not found in the image, fails" "$REENTRY" check av-signatures --root "$K" --json
expect_nogrep "planted directory: the host's version never appears" "27999" "$TMP/out"
rm "$K/var/lib/clamav"
mkdir -p "$K/var/lib/clamav"
ln -s "$TMP/hostdb/daily.cud" "$K/var/lib/clamav/daily.cud"
ln -s "../../../../../../../../../..$TMP/hostdb/main.cud" "$K/var/lib/clamav/main.cud"
expect_exit 1 "planted: daily.cud absolute and main.cud .. links to the host: fails" "$REENTRY" check av-signatures --root "$K" --json
expect_nogrep "planted files: the host's version never appears" "27999" "$TMP/out"
# control: a link that stays inside the image is followed within it
mkdb "$K/srv/db" daily 27555 60
mkdb "$K/srv/db" main 62 60
rm -r "$K/var/lib/clamav"
ln -s /srv/db "$K/var/lib/clamav"
expect_exit 0 "planted: var/lib/clamav -> /srv/db inside the image resolves to the image's copy" "$REENTRY" check av-signatures --root "$K" --json
expect_eq "planted control: the image's version" "$(field "$TMP/out" daily_version)" 27555

# This machine: a real status, agreeing with sigtool on the daily version.
"$REENTRY" check av-signatures --json >"$TMP/real.json"
st=$(status_of "$TMP/real.json")
case $st in pass|warn|fail|unknown) ok "real machine: a real status ($st)" ;; *) notok "real machine status" "$st" ;; esac
dir=$(field "$TMP/real.json" database_dir)
d=$(ls "$dir"/daily.c[lvu]d 2>/dev/null | head -1)
if [ -n "$d" ]; then
	want=$(sigtool -i "$d" 2>/dev/null | sed -n 's/^Version: //p')
	expect_eq "real machine: daily version equals sigtool -i" "$(field "$TMP/real.json" daily_version)" "$want"
else
	expect_eq "real machine: no daily database in $dir, so fail" "$st" fail
fi
