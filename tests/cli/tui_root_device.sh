# tui_root_device.sh: the desk UI with --root names the device under check from the
# tree it inspects, never from the desk machine. A fixture laptop whose etc/hostname
# says fixturehost: IT runs the checks (device-inventory is bound to item 2-1) and
# writes the report through the UI in tmux; the report's device is the fixture's.
# (Before issue 9 the UI recorded the desk machine's host name.)
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
mkdir -p "$R/etc" "$R/sys/class/dmi/id" "$R/sys/block"
echo fixturehost >"$R/etc/hostname"
echo "0123456789abcdef0123456789abcdef" >"$R/etc/machine-id"
echo "FIXTURE" >"$R/sys/class/dmi/id/sys_vendor"
echo "Laptop 9" >"$R/sys/class/dmi/id/product_name"
echo "FX-SERIAL-1" >"$R/sys/class/dmi/id/product_serial"
printf 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' >"$R/etc/os-release"
fix_mountinfo "$R" "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw"
if [ "$(hostname 2>/dev/null || cat /etc/hostname)" = fixturehost ]; then
	ok "# skip the desk machine is itself called fixturehost"
fi

tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "first screen asks for the name" "Your name or staff ID"
tui_text "Desk Tester"
tui_keys Enter
tui_wait "role choice" "1 Staff"
tui_keys 2 Enter
tui_device_skip
tui_wait "IT session on the overview" "Verdict so far"
tui_keys r
tui_wait "automatic checks finish" "Finished" 60
tui_wait "device-inventory ran on the fixture" "\[PASS\] Device identity" 5
tui_keys Enter
tui_wait "back on the overview" "Verdict so far"
tui_keys s
tui_wait "summary" "Verdict:"
tui_keys w
tui_wait "report written and signed" "Report ID"
tui_keys q y
tui_expect_exit "reentry exits 0 after quitting" 0
expect_grep "the closing line names the report" "^reentry: report $TMP/reports/" "$TMP/tui.err"

rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
if [ -n "$rep" ]; then
	got=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
d = r["device"]
st = {c["id"]: c["status"] for c in r["checks"]}
print(d.get("hostname"), d.get("serial"), st.get("device-inventory"))' "$rep")
	expect_eq "the report's device is the fixture laptop, not the desk machine" "$got" \
		"fixturehost FX-SERIAL-1 pass"
else
	notok "a report was written" "$(ls -la "$TMP/reports")"
fi
