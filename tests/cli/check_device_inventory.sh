# check_device_inventory.sh: device-inventory on fixture trees (identity, a USB stick,
# a missing or unreadable serial, no host name) and on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

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
