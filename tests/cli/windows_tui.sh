# windows_tui.sh: the desk UI with --root on a Windows installation: IT runs
# the checks in tmux, the Windows probes run (device-inventory names the
# computer from its SYSTEM hive, the firewall judges its profiles), and the
# signed report's device and target are the Windows laptop's, never the desk's.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tuilib.sh"
. "$TOP/tests/winfix.sh"

tui_fixture
R="$TMP/win"
win_machine "$R" || { notok "fixture: build the hives"; exit 1; }

# 40 rows: every check's result fits on the finished screen without scrolling
tui_start 100 40 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
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
tui_wait "device-inventory ran on the Windows tree (unknown: a disk at rest keeps no serial)" "\[ \?\? \] Device identity.*LAPTOP-042" 5
tui_wait "the firewall's Windows probe passed" "\[PASS\] Inbound firewall" 5
tui_keys Enter
tui_wait "back on the overview" "Verdict so far"
tui_keys s
tui_wait "summary" "Verdict:"
tui_keys w
tui_wait "report written and signed" "Report ID"
tui_keys q y
tui_expect_exit "reentry exits 0 after quitting" 0

rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
if [ -n "$rep" ]; then
	expect_exit 0 "the report verifies" "$REENTRY" verify "$rep"
	got=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
d, t = r["device"], r["target"]
print(d.get("hostname"), d.get("windows", {}).get("edition"), t["kind"], t["os"])' "$rep")
	expect_eq "the report's device and target are the Windows laptop" "$got" \
		"LAPTOP-042 Professional windows Windows 11 Pro 23H2 (build 22631.3248)"
else
	notok "a report was written" "$(ls -la "$TMP/reports")"
fi
