# tui_cancel.sh: long scans stay interruptible. On a medium with many files: the
# progress view shows files and bytes while the UI stays live, Esc cancels and the
# result is unknown (never clean); in the kiosk, pulling the medium out mid-scan ends
# that scan as incomplete and returns to the welcome screen.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 1
python3 - "$R/media/u/STICK" <<'PY'
import os, sys
for d in range(60):
    p = os.path.join(sys.argv[1], "d%02d" % d)
    os.makedirs(p)
    for i in range(500):
        with open(os.path.join(p, "f%03d.txt" % i), "w") as f:
            f.write("x" * 1024)
PY
echo "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:15:Reentry.Test.Sig" >"$TMP/db/test.hdb"
printf 'scan:\n  jobs: 1\n' >>"$TMP/config.yaml"

# check desk: Esc cancels a running scan
tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "name prompt" "Your name or staff ID"
tui_text "Dan"
tui_keys Enter 1 Enter
tui_device_skip
tui_wait "overview" "Verdict so far"
tui_keys 0 Down Down Down Down c
tui_wait "the progress view counts files" "Files: [0-9]+ / 30000" 30
tui_wait "and bytes" "Bytes: .* / 29\.3 MiB"
tui_wait "and names the current file" "Current: +/.*/media/u/STICK/d[0-9]+/f[0-9]+\.txt"
tui_keys L
tui_wait "the UI answers keys during the scan (language switch)" "ファイル: [0-9]+ / 30000"
tui_keys L Escape
tui_wait "Esc cancels" "Finished" 30
tui_wait "the cancelled scan is unknown, not clean" "\[ \?\? \] Malware scan of removable media: the scan of removable media is"
tui_keys Enter
tui_wait "back to the list: the item is undetermined, not passed" "\[ \?\? \] > 2-6"
tui_keys q y
tui_expect_exit "quit" 0

# kiosk: the medium pulled out mid-scan
tui_medium "$R" 0
hash=$(printf 'kiosk admin pass\n' | "$REENTRY" tui --hash-passphrase)
printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  idle_timeout_s: 60\n' "$hash" >>"$TMP/config.yaml"
rm -f "$TMP"/state/*.json
tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "welcome" "Please insert your USB media"
tui_medium "$R" 1
tui_wait "the scan starts at once" "Files: [0-9]+ / 30000" 30
tui_medium "$R" 0
tui_wait "pulling the medium out ends the scan: not checked" "The medium was removed during the scan, so it was not" 30
tui_wait "and the kiosk is back on the welcome screen" "Please insert your USB media"
st=$(python3 - "$TMP"/state/*.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
r = [x for x in s["results"] if x["id"] == "media-scan"]
print(r[0]["status"] if r else "none")
PY
)
expect_eq "the stored media-scan result is unknown, never pass" "$st" unknown
tui_keys F12
tui_text "kiosk admin pass"
tui_keys Enter
tui_expect_exit "leave with the passphrase" 0 20
