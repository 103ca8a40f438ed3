# check_device_inventory.sh: device-inventory on fixture trees (identity, a USB stick,
# a missing, unreadable or placeholder serial, a stick without one, planted links,
# no host name) and on this machine.
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
	expect_status "an unreadable serial is not a pass: unknown" unknown
	chmod 644 "$F/sys/class/dmi/id/product_serial"
fi
for junk in "To be filled by O.E.M." "Default string" "0000000000" "System Serial Number"; do
	echo "$junk" >"$F/sys/class/dmi/id/product_serial"
	run_check "inventory with the placeholder serial '$junk'" "$F" device-inventory
	expect_status "a firmware placeholder '$junk' is no serial: unknown" unknown
	expect_grep "'$junk': says to read the label" "not usable \\(a firmware placeholder\\): read it from the label" "$TMP/device-inventory.json"
done
rm "$F/sys/class/dmi/id/product_serial"
run_check "inventory without a serial" "$F" device-inventory
expect_status "serial unreadable is not a pass: unknown" unknown
expect_grep "the note names the file" "product_serial" "$TMP/device-inventory.json"
expect_grep "the summary says the serial could not be read, in English" '"en": "desk-042 \(LENOVO 20XW0026JP\), serial unreadable: read it from the label' "$TMP/device-inventory.json"
expect_grep "... and in Japanese" '"ja": "desk-042（LENOVO 20XW0026JP）、シリアル を読み取れません' "$TMP/device-inventory.json"
expect_eq "the identity still names the device" "$(jq_check device-inventory 'd["hostname"], d["serial_usable"]')" "('desk-042', False)"
echo "PF2ABCDE" >"$F/sys/class/dmi/id/product_serial"
rm "$F/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/serial"
run_check "inventory with a USB stick without a serial" "$F" device-inventory
expect_status "a USB disk without a serial cannot be matched: unknown" unknown
expect_grep "says to compare it by hand" "without a serial number: compare them by hand" "$TMP/device-inventory.json"
echo 4C530001 >"$F/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/serial"
run_check "inventory complete again" "$F" device-inventory
expect_status "host name, serial and the stick's serial: pass" pass

# planted links (issue 10): each identity file, as an absolute or ".." link to a host
# file, is never followed out of the root and is said to be unresolvable
mkdir -p "$TMP/host"
echo "HOSTLEAK-ident" >"$TMP/host/secret"
for f in /etc/hostname /etc/machine-id /sys/class/dmi/id/sys_vendor \
	/sys/class/dmi/id/product_name /sys/class/dmi/id/product_serial /etc/os-release; do
	for how in abs dotdot; do
		cp "$F/$f" "$TMP/saved" 2>/dev/null
		rm -f "$F$f"
		case $how in
		abs) ln -s "$TMP/host/secret" "$F$f" ;;
		dotdot) ln -s "../../../../../../../../../../..$TMP/host/secret" "$F$f" ;;
		esac
		run_check "inventory with $f planted ($how)" "$F" device-inventory
		expect_grep "planted $f ($how): said to be unresolvable" "$f: a symbolic link to .* that does not resolve inside the inspected root" "$TMP/device-inventory.json"
		expect_nogrep "planted $f ($how): no host content" "HOSTLEAK" "$TMP/device-inventory.json"
		if [ "$f" = /etc/hostname ] || [ "$f" = /sys/class/dmi/id/product_serial ]; then
			expect_status "planted $f ($how): not pass" unknown
		fi
		rm -f "$F$f"
		cp "$TMP/saved" "$F$f"
	done
done

rm "$F/etc/hostname"
run_check "inventory without a host name" "$F" device-inventory
expect_status "no host name: unknown" unknown
live_check device-inventory
