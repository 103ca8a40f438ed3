# tui_desk.sh: a day at the check desk through the real UI in tmux (80x24,
# TZ=Asia/Tokyo): the device form at the start of a session (the serial a
# firmware placeholder in DMI is not offered; a typed placeholder serial and
# a site field that misses its pattern are refused at the field, the text as
# typed kept), the record on the overview and in the report, n for the next
# device with the same operator, the last operator offered at the next
# start, the resume list naming the device, and the today view: Enter on a
# finished session reads its report, on an open one resumes it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
cat >>"$TMP/config.yaml" <<'EOC'
device:
  fields:
    - key: cost_centre
      label_en: "Cost centre \e]0;pwn\a"
      label_ja: 原価センター
      pattern: "CC-[0-9]{4}"
EOC
R="$TMP/root"
mkdir -p "$R/etc" "$R/sys/class/dmi/id"
echo deskpc >"$R/etc/hostname"
echo LENOVO >"$R/sys/class/dmi/id/sys_vendor"
echo "ThinkPad X1" >"$R/sys/class/dmi/id/product_name"
echo "To be filled by O.E.M." >"$R/sys/class/dmi/id/product_serial"
TUI_ENV="TZ=Asia/Tokyo"
start() { tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"; }
bs() { for _ in $(seq "$1"); do tui_keys BSpace; done; }

start
tui_wait "name prompt" "Your name or staff ID"
tui_text "Ada"
tui_keys Enter 2 Enter
tui_wait "a new session opens on the device form" "> Asset tag"
tui_wait "the firmware's placeholder serial is named, not offered" 'serial "To be filled by O.E.M." is a placeholder'
tui_wait "the model is read from DMI" "Model +LENOVO ThinkPad X1"
tui_wait "a site field with its label, sanitised" 'Cost centre \\x1b\]0;pwn'
no_raw_escapes "no raw escape byte from the configuration's label" "$TMP/screen"
tui_text "JP-TKY-0001"
tui_keys Enter
tui_wait "on to the serial" "> Serial number"
tui_text "0123456789"
tui_keys Enter
tui_wait "a placeholder serial is refused at the field" 'serial "0123456789" is a placeholder'
tui_wait "the text as typed is kept" "> Serial number +0123456789"
bs 10
tui_text "PF3REAL1"
tui_keys Enter
tui_wait "on to the model" "> Model"
tui_keys Enter
tui_text "山田 花子"
tui_keys Enter
tui_wait "on to the site field" "> Cost centre"
tui_text "CC-1"
tui_keys Enter
tui_wait "the pattern is checked when the field is left" '"CC-1" does not match$'
tui_wait "the message wraps, not cut" '^ +the pattern CC-\[0-9\]\{4\}$'
tui_keys F2
tui_wait "ja: the form in Japanese" "資産番号 +JP-TKY-0001"
tui_wait "ja: the site field's Japanese label" "> 原価センター"
tui_wait "ja: the field's error in Japanese" "原価センター「CC-1」が形式"
tui_keys F2
bs 4
tui_text "CC-1234"
tui_keys Enter
tui_wait "saved: the overview shows the device" "Device: JP-TKY-0001 PF3REAL1 LENOVO ThinkPad X1 / 山田 花子"
st=$(ls "$TMP"/state/session-*.json)
expect_eq "the session file holds the record" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["device_record"]; print(r["asset_tag"], r["serial"], r["fields"]["cost_centre"])' "$st")" "JP-TKY-0001 PF3REAL1 CC-1234"
tui_keys d
tui_wait "d opens the form again, filled" "> Asset tag +JP-TKY-0001"
tui_keys Escape
tui_wait "Esc goes back" "Verdict so far"
tui_keys s w
tui_wait "the report is written" "The signed report was written"
tui_wait "the queue: n for the next device" "n Next device"
r=$(ls "$TMP"/reports/*.json)
expect_eq "the report carries the record" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["device_record"]; print(r["asset_tag"], r["owner"])' "$r")" "JP-TKY-0001 山田 花子"
tui_keys n
tui_wait "n: the device form of a new session" "> Asset tag"
tui_wait "the operator is kept" "Ada · it"
tui_text "JP-TKY-0002"
tui_keys Enter Enter Enter Enter Enter
tui_wait "the second device recorded" "Device: JP-TKY-0002 LENOVO ThinkPad X1"
expect_eq "two sessions: the open one and the finished one (moved to finished/)" "$(ls "$TMP"/state/session-*.json "$TMP"/state/finished/session-*.json | wc -l)" "2"
tui_keys q y
tui_expect_exit "quit" 0

start
tui_wait "the unfinished session is offered, naming its device" "> JP-TKY-0002  Ada +it +0/24 +[0-9-]+ [0-9:]+ JST"
tui_keys Down Enter
tui_wait "the last operator is offered" "The last operator on this desk"
tui_wait "with the name in the field" "^ +Ada"
tui_keys Escape t
tui_wait "t: today's sessions" "Today on this desk"
tui_keys F2
tui_wait "ja: today in Japanese" "本日この窓口で扱った機器"
tui_wait "ja: the open session" "JP-TKY-0002 +Ada +作業中 0/24"
tui_keys F2
tui_wait "the open one" "> [0-9:]+ JST +JP-TKY-0002 +Ada +open 0/24"
tui_wait "the finished one with its verdict and owner" "  [0-9:]+ JST +JP-TKY-0001 +山田 花子 +Ada +INCOMPLETE"
tui_keys Down Enter
tui_wait "Enter on a finished session: its report, read-only" "Today: report \(read-only\)"
tui_wait "the report names the device" "Asset tag: JP-TKY-0001"
tui_wait "in local time with the zone" "Started: +[0-9-]+ [0-9:]+ JST \(\+0900\)"
tui_keys Escape Up Enter
tui_wait "Enter on an open session resumes it" "Session resumed"
tui_wait "on its overview" "Device: JP-TKY-0002"
tui_keys q y
tui_expect_exit "quit again" 0
