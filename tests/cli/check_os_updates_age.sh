# check_os_updates_age.sh: the age of apt's lists, against what a real
# `apt-get update` leaves behind. A local HTTP mirror whose files are 20 days
# old is fetched by apt (through APT_CONFIG) into a fixture root: the list
# files keep the mirror's Last-Modified time, so without
# update-success-stamp the lists are 20 days old and the result is unknown;
# lists/partial shows the attempt. With the stamp written by
# APT::Update::Post-Invoke-Success, a successful update makes the lists
# current; a failed update (mirror down) touches lists/partial but not the
# stamp, and the check keeps the stamp's time.
. "$TOP/tests/lib.sh"

command -v apt-get >/dev/null 2>&1 || { ok "apt not installed (# SKIP)"; exit 0; }

M=$TMP/mirror
R=$TMP/root
mkdir -p "$M/dists/stable/main/binary-amd64" "$R/var/lib/dpkg" "$R/var/lib/apt/lists/partial" \
	"$R/var/lib/apt/periodic" "$R/etc/apt/apt.conf.d" "$R/var/cache/apt" "$R/var/log/apt" \
	"$R/proc/sys/kernel" "$R/run"
printf 'Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n' >"$R/var/lib/dpkg/status"
echo amd64 >"$R/var/lib/dpkg/arch"
printf 'Package: dpkg\nVersion: 1.21.22\nArchitecture: amd64\nFilename: pool/dpkg.deb\nSize: 1\n\n' \
	>"$M/dists/stable/main/binary-amd64/Packages"
(
	cd "$M/dists/stable" || exit 1
	printf 'Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\nDate: %s\nArchitectures: amd64\nComponents: main\nSHA256:\n %s %s main/binary-amd64/Packages\n' \
		"$(date -u -R -d '20 days ago')" "$(sha256sum main/binary-amd64/Packages | cut -d' ' -f1)" \
		"$(wc -c <main/binary-amd64/Packages)" >Release
)
touch -d '20 days ago' "$M/dists/stable/Release" "$M/dists/stable/main/binary-amd64/Packages"

# a mirror on a free port of 127.0.0.1 (If-Modified-Since answered with 304)
python3 -c 'import http.server, socketserver, sys, os
os.chdir(sys.argv[1])
class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = socketserver.TCPServer(("127.0.0.1", 0), Q)
print(s.server_address[1], flush=True)
s.serve_forever()' "$M" >"$TMP/port" 2>/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$TMP/port")
echo "deb [trusted=yes] http://127.0.0.1:$port/ stable main" >"$R/etc/apt/sources.list"
printf 'Dir "%s/";\nDir::State::status "%s/var/lib/dpkg/status";\nDir::Cache "%s/var/cache/apt/";\nDir::Log "%s/var/log/apt/";\nAPT::Architecture "amd64";\nAPT::Architectures { "amd64"; };\nDebug::NoLocking "1";\nAcquire::Check-Valid-Until "false";\n' \
	"$R" "$R" "$R" "$R" >"$TMP/apt.conf"
update() { APT_CONFIG=$TMP/apt.conf apt-get update >"$TMP/update.out" 2>&1; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["details"].get(sys.argv[2]))' "$TMP/out" "$1"; }

if ! update; then
	ok "apt-get update against a local mirror failed here (# SKIP: $(tail -1 "$TMP/update.out"))"
	exit 0
fi
lst=$R/var/lib/apt/lists/127.0.0.1:${port}_dists_stable_main_binary-amd64_Packages
expect_eq "peer: apt-get update gives the list the mirror's time, not its own" \
	"$(stat -c %Y "$lst")" "$(stat -c %Y "$M/dists/stable/main/binary-amd64/Packages")"
expect_exit 3 "just updated, but nothing says it succeeded: the lists are 20 days old, unknown" \
	"$REENTRY" check os-updates --root "$R" --json
expect_grep "says how old" 'package lists are 20 days old' "$TMP/out"
expect_grep "and that apt-get update ran but nothing shows it succeeded" 'apt-get update last ran at .*, but nothing shows that it succeeded' "$TMP/out"
att=$(field last_update_attempt)
case $att in "$(date -u +%Y-%m-%d)"*) ok "the attempt (lists/partial) is today: $att" ;; *) notok "the attempt is today" "$att" ;; esac

# the stamp, as update-notifier-common and apt's daily job write it
printf 'APT::Update::Post-Invoke-Success { "touch %s/var/lib/apt/periodic/update-success-stamp"; };\n' "$R" \
	>"$R/etc/apt/apt.conf.d/15update-stamp"
sleep 1
update
expect_exit 0 "with update-success-stamp written by apt on success: current, pass" \
	"$REENTRY" check os-updates --root "$R" --json
stamp=$(stat -c %Y "$R/var/lib/apt/periodic/update-success-stamp")

# a failed update: lists/partial moves, the stamp does not
kill $srv 2>/dev/null
wait $srv 2>/dev/null
touch -d '10 days ago' "$R/var/lib/apt/periodic/update-success-stamp"
sleep 1
update
expect_grep "peer: the update failed" 'Failed to fetch|Could not connect' "$TMP/update.out"
if [ "$(stat -c %Y "$R/var/lib/apt/periodic/update-success-stamp")" -lt "$stamp" ]; then
	ok "peer: a failed update does not write the stamp"
else
	notok "peer: a failed update does not write the stamp"
fi
expect_exit 3 "after a failed update the stamp's 10 days count, not the attempt: unknown" \
	"$REENTRY" check os-updates --root "$R" --json
expect_grep "says how old" 'package lists are 10 days old' "$TMP/out"
