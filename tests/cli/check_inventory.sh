# check_inventory.sh: device-inventory, time-sync and logging on fixture trees and
# on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

# device-inventory --------------------------------------------------------------
F="$TMP/inv"
mkdir -p "$F/etc" "$F/sys/class/dmi/id" "$F/sys/block"
echo "desk-042" >"$F/etc/hostname"
echo "0123456789abcdef0123456789abcdef" >"$F/etc/machine-id"
echo "LENOVO" >"$F/sys/class/dmi/id/sys_vendor"
echo "20XW0026JP" >"$F/sys/class/dmi/id/product_name"
echo "PF2ABCDE" >"$F/sys/class/dmi/id/product_serial"
printf 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' >"$F/etc/os-release"
fix_usb_disk "$F" sdb 8:16 15633408 4C530001
fix_mountinfo "$F" "27 1 8:1 / / rw - ext4 /dev/sda1 rw"
run_check "inventory of a full fixture" "$F" device-inventory
expect_status "inventory passes when identity is read" pass
expect_eq "inventory details" "$(jq_check device-inventory '(d["hostname"], d["machine_id"], d["vendor"], d["product"], d["serial"], d["os"])')" \
	"('desk-042', '0123456789abcdef0123456789abcdef', 'LENOVO', '20XW0026JP', 'PF2ABCDE', 'Debian GNU/Linux 12 (bookworm)')"
expect_eq "inventory lists the USB stick with serial and size" \
	"$(jq_check device-inventory '[(m["name"], m["vendor"], m["model"], m["serial"], m["size"]) for m in d["usb_storage"]]')" \
	"[('sdb', 'SanDisk', 'Ultra Fit', '4C530001', 8004304896)]"

if [ "$(id -u)" -eq 0 ]; then
	ok "# skip unreadable serial: running as root"
else
	chmod 000 "$F/sys/class/dmi/id/product_serial"
	run_check "inventory with a root-only serial" "$F" device-inventory
	expect_status "an unreadable serial is noted, not fatal" pass
fi
rm "$F/sys/class/dmi/id/product_serial"
run_check "inventory without a serial" "$F" device-inventory
expect_status "a missing serial is noted, not fatal" pass
expect_grep "the note names the file" "product_serial" "$TMP/device-inventory.json"

rm "$F/etc/hostname"
run_check "inventory without a host name" "$F" device-inventory
expect_status "no host name: unknown" unknown
live_check device-inventory

# time-sync ---------------------------------------------------------------------
T="$TMP/ts"
mkdir -p "$T/run/systemd/timesync" "$T/etc/systemd/system/sysinit.target.wants"
touch "$T/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service"
touch "$T/run/systemd/timesync/synchronized"
run_check "time-sync with timesyncd's flag" "$T" time-sync
expect_status "timesyncd synchronized: pass" pass
rm "$T/run/systemd/timesync/synchronized"
run_check "time-sync, timesyncd set up, no flag" "$T" time-sync
expect_status "a service whose state cannot be seen: unknown" unknown
rm "$T/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service"
run_check "time-sync without any service" "$T" time-sync
expect_status "no time service at all: fail" fail
mkdir -p "$T/etc/chrony"
echo "pool 2.debian.pool.ntp.org iburst" >"$T/etc/chrony/chrony.conf"
run_check "time-sync with chrony configured" "$T" time-sync
expect_status "chrony configured, state unseen: unknown" unknown
expect_grep "chrony.conf is named" "/etc/chrony/chrony.conf" "$TMP/time-sync.json"
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

# logging -----------------------------------------------------------------------
L="$TMP/log"
mkdir -p "$L/etc/systemd" "$L/var/log/journal" "$L/etc/audit"
printf '[Journal]\n#Storage=auto\n' >"$L/etc/systemd/journald.conf"
touch "$L/etc/audit/auditd.conf"
run_check "logging: journal dir and auditd" "$L" logging
expect_status "persistent journal and audit: pass" pass
rm "$L/etc/audit/auditd.conf"
run_check "logging without auditd" "$L" logging
expect_status "no audit daemon: warn" warn
mkdir -p "$L/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$L/etc/systemd/journald.conf.d/50-volatile.conf"
run_check "logging with a volatile drop-in" "$L" logging
expect_status "journal volatile, no syslog: fail" fail
expect_eq "the drop-in that set Storage is named" "$(jq_check logging 'd["journald_storage_set_in"]')" \
	"/etc/systemd/journald.conf.d/50-volatile.conf"
printf '[Journal]\nStorage=persistent\n' >"$L/etc/systemd/journald.conf.d/60-persist.conf"
run_check "a later drop-in overrides" "$L" logging
expect_status "persistent again (no audit): warn" warn
rm -r "$L/etc/systemd/journald.conf.d" "$L/var/log/journal"
run_check "logging: auto without /var/log/journal" "$L" logging
expect_status "auto without the journal directory and no syslog: fail" fail
touch "$L/etc/rsyslog.conf"
run_check "logging with rsyslog configured" "$L" logging
expect_status "rsyslog writes to disk (no audit): warn" warn
if [ "$(id -u)" -eq 0 ]; then
	# root reads everything: make journald.conf a directory so reading it fails
	rm "$L/etc/rsyslog.conf" "$L/etc/systemd/journald.conf"
	mkdir "$L/etc/systemd/journald.conf"
else
	rm "$L/etc/rsyslog.conf"
	chmod 000 "$L/etc/systemd/journald.conf"
fi
run_check "logging with an unreadable journald.conf" "$L" logging
expect_status "unreadable configuration: unknown" unknown
expect_grep "the error names the file" "journald.conf" "$TMP/logging.json"
live_check logging
