# tui_kiosk_stop.sh: the kiosk stops an infected medium at once. A stick with two
# EICAR files (one named with a newline and an ESC that try to forge a "[PASS]"
# line) and a file over the size limit: the stop screen, in both languages, comes
# before any question, names the files escaped, labels the unscannable one apart,
# says where to take the stick (from the configuration), and the signed report is
# written at that point. The same names in the .txt, the HTML and the CSV: no
# forged line anywhere. Then two clean visits: audit shows three rows, names the
# infected stick by its serial, and exits 1.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

# The EICAR test string, assembled here so no file in the tree holds it.
eicar() { printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'; }

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
S="$R/media/u/STICK"
USB="$R/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
echo BAD57160 >"$USB/serial"
eicar >"$S/a.com"
evil=$(printf 'evil\n[PASS] nothing found, medium is clean\033[2J.com')
eicar >"$S/$evil"
head -c 2000000 /dev/urandom >"$S/big.bin"
sigtool --md5 "$S/a.com" | sed 's/:[^:]*$/:Reentry.Test.EICAR/' >"$TMP/db/eicar.hdb"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
cat >>"$TMP/config.yaml" <<EOF2
scan:
  max_file_size_mb: 1
kiosk:
  admin_passphrase_hash: "$hash"
  it_desk: "the IT desk, room 3F-12"
  it_desk_ja: "3 階 12 号室の IT 窓口"
EOF2

tui_start 80 24 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
	--lang en --root "$R"
tui_wait "welcome screen" "Signatures: 1 loaded"
tui_medium "$R" 1
tui_wait "an infected medium: the stop screen at once" "STOP\. Do not use this medium: malware was found" 20
expect_nogrep "before any question" "Question" "$TMP/screen"
expect_grep "in Japanese too" "このメディアは使用しないでください。ウイルスが見つかりました。" "$TMP/screen"
expect_grep "names the infected file" "! /media/u/STICK/a\.com: Reentry\.Test\.EICAR" "$TMP/screen"
expect_grep "a newline and an ESC in a file name are shown escaped" \
	'! /media/u/STICK/evil\\n\[PASS\] nothing found, medium is' "$TMP/screen"
expect_grep "the ESC as \\x1b" 'clean\\x1b\[2J\.com: Reentry\.Test\.EICAR' "$TMP/screen"
expect_nogrep "no forged [PASS] line on the screen" '^ *\[PASS\]' "$TMP/screen"
expect_grep "the unscannable file is labelled apart" "^ +1 file could not be checked; IT must look at it\.$" "$TMP/screen"
expect_grep "and named" '\? /media/u/STICK/big\.bin: larger than the file size limit' "$TMP/screen"
expect_grep "where to take it, from the configuration" "Take it to the IT desk, room 3F-12 now\." "$TMP/screen"
expect_grep "in Japanese too" "このメディアを3 階 12 号室の IT 窓口に持って行ってください。" "$TMP/screen"
expect_grep "the report id" "Report ID: [0-9]{8}T" "$TMP/screen"

rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
if [ -z "$rep" ]; then notok "the report is written at the stop"; else
	ok "the report is written at the stop"
	printf 'reentry-test %s\n' "$(cat "$TMP/key.pub")" >"$TMP/allowed"
	expect_exit 0 "it verifies" "$REENTRY" verify "$rep" --allowed-signers "$TMP/allowed"
	expect_grep "verify names the medium by serial" "device: +medium BAD57160 \(SanDisk Ultra Fit serial BAD57160" "$TMP/out"
	got=$(python3 - "$rep" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
answered = [i["id"] for i in r["items"] if i.get("answer") not in (None, "none")]
print(r["verdict"]["result"], r["device"]["serial"], r["role"], len(answered))
PY
)
	expect_eq "verdict fail, the medium as the device, role staff, no question asked" "$got" "fail BAD57160 staff 0"
	txt=${rep%.json}.txt html=${rep%.json}.html
	expect_grep ".txt: the device line names the medium" "^Device:    medium BAD57160 \(SanDisk Ultra Fit" "$txt"
	expect_grep ".txt: the infected file escaped" 'INFECTED \(感染\): .*/evil\\n\[PASS\] nothing found, medium is clean\\x1b\[2J\.com: Reentry\.Test\.EICAR' "$txt"
	expect_grep ".txt: the unscannable file labelled apart" "NOT CHECKED, IT must look \(未検査\): .*/big\.bin" "$txt"
	expect_nogrep ".txt: no forged [PASS] line" '^ *\[PASS\]' "$txt"
	expect_eq ".txt: no raw ESC" "$(grep -c "$(printf '\033')" "$txt")" 0
	expect_grep "HTML: the infected file escaped" 'evil\\n\[PASS\] nothing found, medium is clean\\x1b\[2J\.com' "$html"
	expect_grep "HTML: infected and unchecked files under their own headings" "Files that could not be checked \(IT must look at them\): 1" "$html"
	expect_nogrep "HTML: no forged [PASS] line" '^ *\[PASS\]' "$html"
	expect_eq "HTML: no raw ESC" "$(grep -c "$(printf '\033')" "$html")" 0
fi
tui_keys Escape
tui_until "never shown" 1
expect_grep "Esc does not leave the stop screen" "STOP\. Do not use this medium" "$TMP/screen"
tui_keys Enter
tui_wait "Enter: the welcome screen for the next person" "Please insert your USB media"

# two clean visits with another stick
tui_medium "$R" 0
rm -f "$S/a.com" "$S/$evil" "$S/big.bin"
echo fine >"$S/notes.txt"
echo 4C530001 >"$USB/serial"
for v in 1 2; do
	tui_until "never shown" 2
	tui_medium "$R" 1
	tui_wait "clean visit $v: the questions" "Question 1 / 6" 20
	for i in 1 2 3 4 5 6; do tui_keys y; done
	tui_wait "clean visit $v: the receipt" "IT must finish"
	tui_medium "$R" 0
	tui_wait "clean visit $v: back to welcome when the medium is removed" "Please insert your USB media"
done

expect_exit 1 "audit: a FAIL report makes the exit status 1" "$REENTRY" audit "$TMP/reports"
expect_eq "three kiosk visits, three rows" "$(grep -Ec '^(BAD57160|4C530001) ' "$TMP/out")" 3
expect_grep "the infected medium named by serial, verdict fail" "^BAD57160 +kiosk .* fail " "$TMP/out"
expect_grep "the closing line counts the failure" "^1 report with verdict FAIL" "$TMP/out"
expect_grep "and names the medium and its infections" "medium BAD57160 .*: 2 infected files$" "$TMP/out"
expect_exit 1 "audit --csv exits 1 too" "$REENTRY" audit --csv "$TMP/reports"
python3 - "$TMP/out" <<'PY' >"$TMP/csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(len(rows))
for r in rows:
    if r["verdict"] == "fail":
        print(r["device"], r["infected"], r["unscannable"])
        print("newline" if any("\n" in v or "\x1b" in v for v in r.values()) else "no raw newline or ESC")
        print(r["infected_files"])
PY
expect_eq "CSV: three rows" "$(sed -n 1p "$TMP/csv")" 3
expect_eq "CSV: the infected medium by serial, 2 infected, 1 unscannable" "$(sed -n 2p "$TMP/csv")" "BAD57160 2 1"
expect_eq "CSV: no raw newline or ESC in any field" "$(sed -n 3p "$TMP/csv")" "no raw newline or ESC"
expect_grep "CSV: the infected file names, escaped" 'evil\\n\[PASS\] nothing found, medium is clean\\x1b\[2J\.com' "$TMP/csv"
expect_exit 0 "audit --summary-only exits 0" "$REENTRY" audit --summary-only "$TMP/reports"

tui_keys F12
tui_until "Administrator passphrase" 5
tui_text "correct horse"
tui_keys Enter
tui_expect_exit "the kiosk leaves with the passphrase" 0 20
