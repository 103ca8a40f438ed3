# tui_kiosk_pull.sh: at the kiosk only a pulled medium or the administrator stop a
# scan. Esc during a scan does nothing (and the key bar does not offer it); a medium
# pulled out mid-scan goes straight back to the welcome screen with one clear line,
# and its scan is stored as unknown, never clean, with no report.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
# a file that takes libclamav a few seconds. Its bytes are fixed (AES-CTR of zeros
# under a fixed key), never /dev/urandom: random bytes sometimes look like embedded
# files, and the engine then counts more than the file against the scan size limit.
openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 0 </dev/zero 2>/dev/null |
	head -c 250000000 >"$R/media/u/STICK/video.bin"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
printf 'scan:\n  max_file_size_mb: 400\n  max_scan_size_mb: 4095\n  jobs: 1\nkiosk:\n  admin_passphrase_hash: "%s"\n' "$hash" >>"$TMP/config.yaml"

tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "welcome" "Signatures: 1 loaded"
tui_medium "$R" 1
tui_wait "the scan runs" "Automatic checks" 20
expect_nogrep "the key bar does not offer Esc" "Esc" "$TMP/screen"
tui_keys Escape
tui_until "Cancel" 1
expect_nogrep "Esc does not cancel the scan" "Cancel" "$TMP/screen"
tui_wait "the scan runs to its end and the kiosk moves on to the questions" "Question 1 / 6" 60
expect_nogrep "nothing was cancelled" "[Cc]ancel" "$TMP/screen"
for i in 1 2 3 4 5 6; do tui_keys y; done
tui_wait "the receipt" "IT must finish"
expect_grep "the scan's result is a clean scan, not a cancelled one" "\[PASS\] 1 files" "$TMP/screen"
tui_medium "$R" 0
tui_wait "the medium removed: welcome" "Please insert your USB media"
rm -f "$TMP"/state/*.json
n_before=$(ls "$TMP"/reports/*.json 2>/dev/null | wc -l)

tui_medium "$R" 1
tui_wait "inserted again: the scan runs" "Automatic checks" 20
tui_medium "$R" 0
tui_wait "pulled mid-scan: straight back to the welcome screen" "Please insert your USB media" 20
tr '\n' ' ' <"$TMP/screen" | sed 's/  */ /g' >"$TMP/joined"
expect_grep "with one clear line" "The medium was removed during the scan, so it was not checked\. Insert it again to start over\." "$TMP/joined"
expect_nogrep "no word of a report that could not be written" "report could not be written|Please remove your medium" "$TMP/joined"
n_after=$(ls "$TMP"/reports/*.json 2>/dev/null | wc -l)
expect_eq "no report for the pulled medium" "$n_after" "$n_before"
st=$(python3 - "$TMP"/state/*.json <<'PY'
import json, sys
for p in sys.argv[1:]:
    s = json.load(open(p))
    r = [x for x in s["results"] if x["id"] == "media-scan"]
    print(s["finished"], r[0]["status"] if r else "none")
PY
)
expect_eq "the session is left unfinished, its scan unknown, never clean" "$st" "None unknown"

tui_keys F12
tui_until "Administrator passphrase" 5
tui_text "correct horse"
tui_keys Enter
tui_expect_exit "the kiosk leaves with the passphrase" 0 20
