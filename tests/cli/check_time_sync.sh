# check_time_sync.sh: time-sync on image fixtures (configuration only: enabled, masked,
# dangling and planted links, a stale flag), and on this machine, where the kernel's flag
# is compared with adjtimex(2) called directly and daemons are recognised by name and
# executable (a fake chronyd in a private mount namespace, and an impostor).
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

# An image is judged by its configuration only: a service enabled there (a .wants link
# that resolves to a unit file inside the image, not masked)
T="$TMP/ts"
W="$T/etc/systemd/system/sysinit.target.wants"
mkdir -p "$T/run/systemd/timesync" "$W" "$T/lib/systemd/system" "$T/etc/systemd/system/multi-user.target.wants"
touch "$T/lib/systemd/system/systemd-timesyncd.service" "$T/lib/systemd/system/chrony.service"
ln -s /lib/systemd/system/systemd-timesyncd.service "$W/systemd-timesyncd.service"
run_check "time-sync, timesyncd enabled in an image" "$T" time-sync
expect_status "an enabled service in an image: pass" pass
expect_grep "the summary says only the configuration was judged" '"en": "configuration only \(not the running system\): systemd-timesyncd is enabled' "$TMP/time-sync.json"
expect_grep "... in Japanese too" '"ja": "設定のみを確認' "$TMP/time-sync.json"
expect_eq "details say what was judged" "$(jq_check time-sync 'd["judged"], d["services"]["systemd-timesyncd"]["unit"]')" "('configuration', 'enabled')"
# an image's flag file was left by its last boot: never believed
rm "$W/systemd-timesyncd.service"
touch "$T/run/systemd/timesync/synchronized"
run_check "time-sync, a stale synchronized flag and nothing enabled" "$T" time-sync
expect_status "a stale flag in an image does not pass: fail" fail
expect_grep "the flag is reported as not believed" "left by the image's last boot: not believed" "$TMP/time-sync.json"
ln -s /lib/systemd/system/systemd-timesyncd.service "$W/systemd-timesyncd.service"
ln -s /dev/null "$T/etc/systemd/system/systemd-timesyncd.service"
run_check "time-sync, timesyncd enabled but masked" "$T" time-sync
expect_status "a masked service is not enabled: fail" fail
expect_grep "the mask is named" "masked: systemd-timesyncd" "$TMP/time-sync.json"
rm "$T/etc/systemd/system/systemd-timesyncd.service" "$T/lib/systemd/system/systemd-timesyncd.service"
run_check "time-sync, a dangling wants link" "$T" time-sync
expect_status "a link to a unit the image does not have: unknown" unknown
expect_grep "the problem names the link" "sysinit.target.wants/systemd-timesyncd.service: a symbolic link to /lib/systemd/system/systemd-timesyncd.service that does not resolve inside the inspected root" "$TMP/time-sync.json"
rm "$W/systemd-timesyncd.service"
run_check "time-sync without any service" "$T" time-sync
expect_status "no time service at all: fail" fail
mkdir -p "$T/etc/chrony"
echo "pool 2.debian.pool.ntp.org iburst" >"$T/etc/chrony/chrony.conf"
run_check "time-sync with chrony configured, not enabled" "$T" time-sync
expect_status "chrony configured but not enabled: warn" warn
expect_grep "the summary names chrony" "chrony is configured but no time service is enabled" "$TMP/time-sync.json"
ln -s /lib/systemd/system/chrony.service "$T/etc/systemd/system/multi-user.target.wants/chrony.service"
run_check "time-sync with chrony enabled" "$T" time-sync
expect_status "chrony enabled: pass (configuration only)" pass
expect_grep "chrony.conf is evidence" "/etc/chrony/chrony.conf" "$TMP/time-sync.json"

# planted links (issue 10): each file the check reads, as an absolute or ".." link to a
# host file, is never followed out of the root and is said to be unresolvable
P="$TMP/planted"
mkdir -p "$TMP/host"
echo "HOSTLEAK-time" >"$TMP/host/secret"
for f in /etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service \
	/etc/systemd/system/multi-user.target.wants/chrony.service \
	/etc/systemd/timesyncd.conf /etc/chrony/chrony.conf /etc/ntpsec/ntp.conf /etc/ntp.conf \
	/etc/openntpd/ntpd.conf /run/systemd/timesync/synchronized; do
	for how in abs dotdot host; do
		rm -rf "$P"
		mkdir -p "$P$(dirname "$f")"
		case $how in
		abs) ln -s "$TMP/host/secret" "$P$f" ;;
		dotdot) ln -s "../../../../../../../../../../..$TMP/host/secret" "$P$f" ;;
		host) ln -s /lib/systemd/system/systemd-timesyncd.service "$P$f" ;; # exists on the host, not in the root
		esac
		run_check "time-sync with $f planted ($how)" "$P" time-sync
		if [ "$status" = pass ]; then notok "planted $f ($how): not pass" "status $status"; else ok "planted $f ($how): not pass ($status)"; fi
		expect_grep "planted $f ($how): said to be unresolvable" "$f: a symbolic link to .* that does not resolve inside the inspected root" "$TMP/time-sync.json"
		expect_nogrep "planted $f ($how): no host content" "HOSTLEAK" "$TMP/time-sync.json"
	done
done

live_check time-sync
# at / the kernel's flag decides: compare with adjtimex(2) called from Python through ctypes
"$REENTRY" check time-sync --json >"$TMP/ts.json"
kern=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["details"].get("kernel_synchronised"))' "$TMP/ts.json")
peer=$(python3 - <<'PY'
import ctypes, ctypes.util
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
buf = ctypes.create_string_buffer(512)  # a zeroed struct timex: modes 0 only reads
rc = libc.adjtimex(buf)
# x86-64 struct timex: modes (int, padded to 8), offset, freq, maxerror, esterror (longs), status (int)
status = int.from_bytes(buf.raw[40:44], "little")
print(rc != 5 and not (status & 0x40))
PY
)
if [ "$(uname -m)" = x86_64 ]; then
	expect_eq "at / the kernel state agrees with adjtimex(2) called directly" "$kern" "$peer"
else
	ok "# skip adjtimex peer: struct timex offsets are written for x86-64"
fi

# at /, a daemon runs when a process has its name and one of its package's executables:
# in a private mount namespace /usr/sbin holds a "chronyd" (a copy of sleep), then the
# same name runs from elsewhere and does not count
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	mkdir -p "$TMP/sbin" "$TMP/bin"
	cp /bin/sleep "$TMP/sbin/chronyd"
	cp /bin/sleep "$TMP/bin/chronyd"
	unshare -m --propagation private sh -c '
		mount --bind "$1/sbin" /usr/sbin || exit 9
		/usr/sbin/chronyd 30 & p=$!
		sleep 0.2
		"$2" check time-sync --json >"$1/ns.json"
		kill $p' sh "$TMP" "$REENTRY"
	rc=$?
	if [ $rc -eq 9 ]; then
		ok "# skip the namespace test: cannot bind-mount here"
	else
		got=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"][0]; d=c["details"]; x=[x for x in d["daemons"] if x["name"]=="chronyd"][0]; print(d["daemon_running"], x["exe"], x["verified"], c["status"] != "fail")' "$TMP/ns.json")
		expect_eq "a chronyd running from /usr/sbin is seen, verified by its executable" "$got" "chronyd /usr/sbin/chronyd True True"
	fi
	"$TMP/bin/chronyd" 30 &
	imp=$!
	sleep 0.2
	"$REENTRY" check time-sync --json >"$TMP/imp.json"
	kill $imp
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; x=[x for x in d["daemons"] if x["name"]=="chronyd"][0]; print(d["daemon_running"], x["state"], sys.argv[2] in x.get("other_executable",""))' "$TMP/imp.json" "$TMP/bin/chronyd")
	expect_eq "a process named chronyd running another executable does not count, and is named" "$got" "None not-running True"
else
	ok "# skip the daemon tests: they need root and unshare"
fi
