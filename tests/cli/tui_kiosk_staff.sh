# tui_kiosk_staff.sh: who brought the medium, and a receipt people can act on.
# The staff-identity step in each mode (required with a pattern, typed like a
# keyboard-wedge badge reader; optional; off), recorded as the report's operator
# with role staff; the receipt's first line ("OK to use", "IT must finish" with the
# open items and their titles); a "no" that takes a note; going back shows the
# answer given; each visit starts in the kiosk's own language (kiosk.language).
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
echo fine >"$R/media/u/STICK/notes.txt"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
# a kiosk checklist: the media scan and two staff questions
cat >"$TMP/kiosk.yaml" <<'EOF2'
checklist:
  id: kiosk-test
  version: "1"
  title: {ja: キオスク, en: Kiosk}
categories:
  - id: "K"
    title: {ja: 媒体, en: Media}
    items:
      - id: "K-1"
        title: {ja: 媒体をスキャンする, en: Scan the medium}
        description: {ja: 説明, en: The kiosk scans the medium.}
        roles: [staff]
        kind: auto
        checks: [media-scan]
        jnsa: {ref: "K-1", wording: reconstructed}
      - id: "K-2"
        title: {ja: 媒体を社外で共有していない, en: The medium was not shared outside}
        description: {ja: 説明, en: Nobody outside the office used the medium.}
        roles: [staff]
        kind: manual
        jnsa: {ref: "K-2", wording: reconstructed}
      - id: "K-3"
        title: {ja: 媒体を紛失していない, en: The medium was never lost}
        description: {ja: 説明, en: The medium stayed with you.}
        roles: [staff]
        kind: manual
        jnsa: {ref: "K-3", wording: reconstructed}
EOF2

# kiosk_conf NAME LINES...: the configuration with a kiosk block
kiosk_conf() {
	n=$1
	shift
	cp "$TMP/config.yaml" "$TMP/$n.yaml"
	printf 'kiosk:\n  admin_passphrase_hash: "%s"\n' "$hash" >>"$TMP/$n.yaml"
	for l in "$@"; do printf '  %s\n' "$l" >>"$TMP/$n.yaml"; done
}
leave() {
	tui_keys F12
	tui_until "Administrator passphrase" 5
	tui_text "correct horse"
	tui_keys Enter
	tui_expect_exit "$1: the kiosk leaves with the passphrase" 0 20
}
# newest_report: the newest report's operator, role and verdict
newest_report() {
	python3 - "$(ls -t "$TMP"/reports/*.json | head -1)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(r["operator"], r["role"], r["verdict"]["result"])
PY
}

# --- required, with a pattern; the language of the kiosk is Japanese
kiosk_conf req "staff_id: required" 'staff_id_pattern: "^[0-9]{6}$"' "language: ja"
expect_exit 2 "a bad staff_id mode is refused before the screen" sh -c \
	"sed 's/staff_id: required/staff_id: maybe/' '$TMP/req.yaml' >'$TMP/bad.yaml'; '$REENTRY' tui --kiosk --config '$TMP/bad.yaml' --checklist '$TMP/kiosk.yaml'"
expect_grep "naming the setting" "kiosk.staff_id must be required, optional or off" "$TMP/err"
tui_start 80 24 tui --kiosk --config "$TMP/req.yaml" --checklist "$TMP/kiosk.yaml" --root "$R"
tui_wait "required: welcome" "シグネチャ: 1 件"
tui_medium "$R" 1
tui_wait "required: the staff step comes before the scan, in the kiosk's language (Japanese)" "職員番号または氏名を入力して"
tui_keys Enter
tui_wait "required: an empty identity is refused" "Your staff number or name is required\."
tui_text "12345x"
tui_keys Enter
tui_wait "required: one that does not match the pattern is refused" "That is not a staff"
# a badge reader types the digits and Enter at once
tui_text "123456"
tui_keys Enter
tui_wait "required: the badge's number is taken and the scan runs, then the questions" "質問 1 / 2" 20
tui_keys F2
tui_wait "F2 switches to English for this visit" "Question 1 / 2"
tui_keys n
tui_wait "a no asks for a short note" "A short note, if you like"
tui_text "lent it to a client"
tui_keys Enter
tui_wait "the next question" "Question 2 / 2"
tui_keys Left
tui_wait "going back shows the answer given, with its note" "Your answer: no — lent it to a client"
tui_keys n
tui_wait "no again: the note editor holds the note given" "lent it to a client"
tui_keys Enter
tui_wait "forward again" "Question 2 / 2"
tui_keys y
tui_wait "the receipt: IT must finish" "^ +IT must finish( |$)"
expect_grep "the failed item listed with its title" "^ +K-2 The medium was not shared" "$TMP/screen"
expect_grep "the title bar names the staff member" "123456 · staff" "$TMP/screen"
expect_eq "the report's operator is the badge number, role staff" "$(newest_report)" "123456 staff fail"
n=$(python3 -c 'import json,sys,glob; r=json.load(open(sorted(glob.glob(sys.argv[1]+"/*.json"))[-1])); print([i.get("note") for i in r["items"] if i["id"]=="K-2"][0])' "$TMP/reports")
expect_eq "the note is in the report" "$n" "lent it to a client"
tui_medium "$R" 0
tui_wait "the next visit starts in Japanese again" "USB メディアを差し込んでください"
tui_medium "$R" 1
tui_wait "the next visit's staff step is in Japanese, not the last person's English" "職員番号または氏名を入力して"
leave required

# --- optional: empty is fine; answered yes: OK to use
kiosk_conf opt "staff_id: optional"
tui_medium "$R" 0
tui_start 80 24 tui --kiosk --config "$TMP/opt.yaml" --checklist "$TMP/kiosk.yaml" --lang en --root "$R"
tui_wait "optional: welcome" "Signatures: 1"
tui_medium "$R" 1
tui_wait "optional: the staff step says it may be left empty" "You may leave it empty"
tui_keys Enter
tui_wait "optional: empty goes on to the scan and the questions" "Question 1 / 2" 20
tui_keys y y
tui_wait "scanned clean and answered: OK to use" "^ +OK to use( |$)"
expect_grep "the verdict is pass" "Verdict: +\[PASS\]" "$TMP/screen"
expect_eq "optional and empty: the operator is the kiosk" "$(newest_report)" "kiosk staff pass"
# the QR code: the captured screen drawn as an image (a lit half cell is a light
# module, as on the console) and read back with zbarimg
rep=$(ls -t "$TMP"/reports/*.json | head -1)
python3 - "$TMP/screen" "$TMP/qr.pgm" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
top = next(i for i, l in enumerate(lines) if "█" * 20 in l)
x0 = lines[top].index("█" * 20)
w = len(lines[top].rstrip()) - x0
half = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}
rows = []
for l in lines[top:]:
    seg = l[x0:x0 + w].ljust(w)
    if any(c not in half for c in seg) or not seg.strip():
        break
    rows.append([half[c][0] for c in seg])
    rows.append([half[c][1] for c in seg])
scale, pad = 6, 8
W, H = (w + 2 * pad) * scale, (len(rows) + 2 * pad) * scale
img = bytearray(b"\xff" * (W * H))
for y, r in enumerate(rows):
    for x, lit in enumerate(r):
        if not lit:
            for dy in range(scale):
                o = ((y + pad) * scale + dy) * W + (x + pad) * scale
                img[o:o + scale] = b"\x00" * scale
open(sys.argv[2], "wb").write(b"P5 %d %d 255\n" % (W, H) + bytes(img))
PY
zbarimg --raw -q "$TMP/qr.pgm" >"$TMP/qr.txt" 2>"$TMP/qr.err"
expect_eq "the receipt's QR code decodes to the report id and the report's SHA-256" \
	"$(cat "$TMP/qr.txt")" "$(basename "$rep" .json) sha256:$(sha256sum "$rep" | cut -d' ' -f1)"
tui_medium "$R" 0
tui_wait "optional: back to welcome" "Please insert your USB media"
leave optional

# --- off: no staff step
kiosk_conf off "staff_id: off"
tui_start 80 24 tui --kiosk --config "$TMP/off.yaml" --checklist "$TMP/kiosk.yaml" --lang en --root "$R"
tui_wait "off: welcome" "Signatures: 1"
tui_medium "$R" 1
tui_wait "off: straight to the scan and the questions" "Question 1 / 2" 20
expect_nogrep "off: no staff step" "staff number" "$TMP/screen"
leave off
