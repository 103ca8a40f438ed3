# untrusted_text.sh: text that can't be trusted, everywhere. Every control
# character (C0 including \n \r \t and ESC, DEL, C1 such as U+009B, and the
# bidirectional embeddings, overrides, isolates and marks) is planted in each
# untrusted field: a file name on a medium, a signature name (libclamav
# accepts any byte but NUL, newline and ':' in an .hdb name), the medium's
# serial number and label, a host name and a note. Then every output is read:
# the kiosk's screen (tmux), the .txt, the HTML, `audit` and `audit --csv`,
# `fleet` and `fleet --csv`, and the JSON report. Text outputs must hold none
# of those characters raw (escapes only: util/text.c text_sanitize, and the
# HTML and CSV escapers); the JSON must parse, write them as \u escapes, and
# give back exactly the planted strings.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

# plants.py: the planted strings, by field, as Python literals
cat >"$TMP/plants.py" <<'PY'
C0 = "".join(chr(c) for c in range(1, 32))
C1 = "".join(chr(c) for c in range(0x80, 0xA0))
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ALL = C0 + "\x7f" + C1 + BIDI
BAD = set(ALL)
PLANT = {
    "file": "fn" + ALL + ".com",
    "sig": "Sig" + ALL.replace("\n", "").replace("\r", "").replace(":", "") + "x",
    "serial": "SN" + ALL.replace("\n", "") + "z",
    # a link name holds at most 255 bytes, each unsafe byte 4 as \xHH: a few C1
    "label": "LB" + C0 + "\x7f\x85\x9b\u202e\u2066y",
    "host": "pc" + ALL.replace("\n", "") + "h",
    "note": "note" + ALL + "n",
}
PY
py() {
	code=$1
	shift
	python3 -c "import sys; sys.path.insert(0, '$TMP'); from plants import *; $code" "$@"
}

# check_text DESC FILE [csv]: no planted character raw (a CSV may end lines in CRLF)
check_text() {
	if python3 - "$2" "${3:-}" "$TMP" >"$TMP/chk" 2>&1 <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
from plants import BAD
t = open(sys.argv[1], encoding="utf-8", errors="replace").read()
if sys.argv[2] == "csv":
    t = t.replace("\r\n", "\n")
bad = sorted({"U+%04X" % ord(c) for c in t if c in BAD and c != "\n"})
if bad:
    print("raw:", " ".join(bad))
    sys.exit(1)
PY
	then ok "$1"; else notok "$1" "$(cat "$TMP/chk")"; fi
}

eicar() { printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'; }

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
S="$R/media/u/STICK"
USB="$R/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
py 'open(sys.argv[1], "w").write(PLANT["serial"] + "\n")' "$USB/serial"
mkdir -p "$R/dev/disk/by-label"
# udev writes a label's unsafe bytes as \xHH in the link's name
py 'import os; os.symlink("../../sdb1", os.path.join(sys.argv[1], "".join(c if c.isalnum() else "".join("\\x%02x" % b for b in c.encode()) for c in PLANT["label"])))' "$R/dev/disk/by-label"
py 'open(sys.argv[1] + "/" + PLANT["file"], "wb").write(sys.argv[2].encode())' "$S" "$(eicar)"
py 'import hashlib; d = sys.argv[2].encode(); open(sys.argv[1], "w", encoding="utf-8", newline="").write("%s:%d:%s\n" % (hashlib.md5(d).hexdigest(), len(d), PLANT["sig"]))' "$TMP/db/evil.hdb" "$(eicar)"
if clamscan --no-summary -d "$TMP/db/evil.hdb" "$S" 2>/dev/null | grep -q "Sig"; then
	ok "clamscan (the peer) accepts the signature whose name holds control characters"
else
	notok "clamscan (the peer) accepts the signature whose name holds control characters"
fi
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
printf 'kiosk:\n  admin_passphrase_hash: "%s"\n' "$hash" >>"$TMP/config.yaml"

# the kiosk: the stop screen
tui_start 100 30 tui --kiosk --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "welcome" "Signatures: 1 loaded"
tui_medium "$R" 1
tui_wait "the stop screen" "STOP\. Do not use this medium" 20
tui_tmux capture-pane -p -e -t t >"$TMP/screen.esc"
# the stop screen wraps the long escaped names (at most its rows: the rest is cut): join its lines to read them
sed 's/^ *//' "$TMP/screen" | tr -d '\n' >"$TMP/joined"
expect_grep "screen: the file name's ESC, DEL and C1 shown as escapes" 'fn\\x01\\x02.*\\x1b.*\\x7f\\x80.*\\x9b' "$TMP/joined"
expect_grep "screen: its newline, tab and CR too" 'fn.*\\t\\n\\x0b\\x0c\\r' "$TMP/joined"
expect_grep "screen: its bidi override and isolate shown as escapes" 'fn.*\\u\{202e\}\\u\{2066\}' "$TMP/joined"
expect_grep "screen: the signature name begins, escaped (the rest cut to fit)" 'Sig\\x01\\x02' "$TMP/joined"
check_text "screen: no planted character raw" "$TMP/screen"
check_text "screen with attributes: no planted character raw, only tmux's own SGR" "$TMP/screen"
tui_keys Enter
tui_wait "back to welcome" "Please insert your USB media"
tui_tmux kill-server 2>/dev/null

# a laptop: the host name, and a note
mkdir -p "$TMP/pc/etc"
py 'open(sys.argv[1], "w").write(PLANT["host"] + "\n")' "$TMP/pc/etc/hostname"
py 'import json; open(sys.argv[1], "w").write("operator: tester\nrole: management\nanswers:\n  \"3-2\": yes\n  \"4-5\": {answer: no, note: %s}\n" % json.dumps(PLANT["note"]))' "$TMP/ans.yaml"
"$REENTRY" run --root "$TMP/pc" --checklist "$TOP/jnsa-checklist.yaml" --answers "$TMP/ans.yaml" \
	--out "$TMP/reports" --key "$TMP/key" --config "$TMP/config.yaml" >"$TMP/run.out" 2>"$TMP/run.err"
check_text "run: its output" "$TMP/run.out"
check_text "run: its errors" "$TMP/run.err"

n=0
for rep in "$TMP"/reports/*.json; do
	n=$((n + 1))
	check_text "report $n: .txt" "${rep%.json}.txt"
	check_text "report $n: HTML" "${rep%.json}.html"
	expect_exit 0 "report $n: verify" "$REENTRY" verify "$rep"
	check_text "report $n: verify's output" "$TMP/out"
	if python3 - "$rep" "$TMP" >"$TMP/chk" 2>&1 <<'PY'; then ok "report $n: JSON parses, writes them as \\u escapes, round-trips"; else notok "report $n: JSON parses, writes them as \\u escapes, round-trips" "$(cat "$TMP/chk")"; fi
import json, sys
sys.path.insert(0, sys.argv[2])
from plants import BAD, PLANT
raw = open(sys.argv[1], encoding="utf-8").read()
doc = json.loads(raw)
bad = sorted({"U+%04X" % ord(c) for c in raw if c in BAD and c != "\n"})
if bad:
    print("raw in the JSON text:", " ".join(bad)); sys.exit(1)
strings = []
def walk(v):
    if isinstance(v, str): strings.append(v)
    elif isinstance(v, list): [walk(x) for x in v]
    elif isinstance(v, dict): [walk(x) for x in v.values()]
walk(doc)
want = ["file", "sig", "serial", "label"] if any("fn" in s for s in strings) else ["host", "note"]
for k in want:
    if not any(PLANT[k] in s for s in strings):
        print("not given back exactly:", k); sys.exit(1)
PY
done
expect_eq "two reports" "$n" 2
printf 'reentry-test namespaces="reentry-report" %s\n' "$(cut -d' ' -f1,2 "$TMP/key.pub")" >"$TMP/allowed"
expect_exit 1 "audit (a FAIL report: exit 1)" "$REENTRY" audit --allowed-signers "$TMP/allowed" "$TMP/reports"
check_text "audit: table" "$TMP/out"
expect_exit 1 "audit --csv" "$REENTRY" audit --csv --allowed-signers "$TMP/allowed" "$TMP/reports"
check_text "audit --csv" "$TMP/out" csv
expect_grep "audit --csv names the medium by its serial, escaped" 'SN\\x01\\x02' "$TMP/out"
expect_exit 0 "collect" "$REENTRY" collect --config "$TMP/config.yaml" --allowed-signers "$TMP/allowed" --db "$TMP/f.sqlite" "$TMP/reports"
check_text "collect's output" "$TMP/out"
for q in "media --infected" "failures" "items --open" "summary"; do
	expect_exit 0 "fleet $q" "$REENTRY" fleet --config "$TMP/config.yaml" --db "$TMP/f.sqlite" $q
	check_text "fleet $q: table" "$TMP/out"
	expect_exit 0 "fleet $q --csv" "$REENTRY" fleet --config "$TMP/config.yaml" --db "$TMP/f.sqlite" --csv $q
	check_text "fleet $q --csv" "$TMP/out" csv
done
expect_exit 0 "fleet media --infected --csv" "$REENTRY" fleet --config "$TMP/config.yaml" --db "$TMP/f.sqlite" --csv media --infected
expect_grep "fleet --csv: the file name and signature escaped" 'fn\\x01.*Sig\\x01' "$TMP/out"
expect_exit 0 "fleet device" "$REENTRY" fleet --config "$TMP/config.yaml" --db "$TMP/f.sqlite" device "$(py 'print(PLANT["host"])')"
check_text "fleet device (by the planted host name)" "$TMP/out"
