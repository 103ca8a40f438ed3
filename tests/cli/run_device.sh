# run_device.sh: the device record through `reentry run`: device: in the
# answers file (asset tag, serial, model, owner, site fields from
# device.fields) reaches the signed report, `verify`, the text and HTML
# reports (times in the local zone, TZ=Asia/Tokyo), and `audit` (table and
# --csv, one column per field). The serial comes from DMI under --root when
# it is not given; a firmware placeholder never passes as a serial. Bad
# values are FILE:LINE:COL errors.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
export TZ=Asia/Tokyo
cat >cfg.yaml <<EOC
state_dir: $TMP/state
device:
  fields:
    - key: cost_centre
      label_en: Cost centre
      label_ja: 原価センター
      pattern: "CC-[0-9]{4}"
      required: true
    - key: room
      label_en: Room
      label_ja: 部屋
EOC
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
CL="$TOP/jnsa-checklist.yaml"
mkdir -p root/etc root/sys/class/dmi/id
echo fixturehost >root/etc/hostname
echo "LENOVO" >root/sys/class/dmi/id/sys_vendor
echo "ThinkPad X1" >root/sys/class/dmi/id/product_name
echo "PF3ABCDE" >root/sys/class/dmi/id/product_serial
run() { "$REENTRY" run --root root --checklist "$CL" --config cfg.yaml --key key --out rep "$@"; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

cat >dev.yaml <<'A'
operator: "佐藤 一郎"
role: management
device:
  asset_tag: "JP-TKY-004217"
  owner: "山田 花子 <script>"
  cost_centre: "CC-0042"
  room: "3F-12"
answers:
  "3-1": yes
  "3-2": yes
  "3-3": yes
  "3-4": "n/a"
  "4-1": yes
  "4-2": yes
  "4-4": yes
  "4-5": yes
A
expect_exit 0 "device fields in the answers file: pass" run --answers dev.yaml
r=$(sed -n 's/^report: *//p' "$TMP/out")
expect_grep "run names the device" "^device: +JP-TKY-004217 PF3ABCDE LENOVO ThinkPad X1 / 山田 花子 <script>$" "$TMP/out"
expect_eq "the report carries the device record" "$(field "$r" 'd["device_record"]["asset_tag"]+"|"+d["device_record"]["owner"]')" "JP-TKY-004217|山田 花子 <script>"
expect_eq "the serial and model come from DMI under --root" "$(field "$r" 'd["device_record"]["serial"]+"|"+d["device_record"]["model"]')" "PF3ABCDE|LENOVO ThinkPad X1"
expect_eq "site fields by key" "$(field "$r" 'd["device_record"]["fields"]')" "{'cost_centre': 'CC-0042', 'room': '3F-12'}"
expect_exit 0 "the report verifies" "$REENTRY" verify "$r"
expect_grep "verify shows the asset tag" "^  asset tag: +JP-TKY-004217$" "$TMP/out"
expect_grep "verify shows the owner" "^  owner: +山田 花子 <script>$" "$TMP/out"
expect_grep "verify shows a site field" "^  cost_centre: CC-0042$" "$TMP/out"
base=${r%.json}
expect_grep "text report: asset tag" "^Asset tag: JP-TKY-004217$" "$base.txt"
expect_grep "text report: serial" "^Serial: +PF3ABCDE$" "$base.txt"
expect_grep "text report: site field" "^Field room: 3F-12$" "$base.txt"
started=$(field "$r" 'd["started"]')
want=$(python3 -c 'import sys,datetime,zoneinfo; t=datetime.datetime.strptime(sys.argv[1],"%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")); print(t.strftime("%Y-%m-%d %H:%M:%S JST (+0900)"))' "$started")
want_re=$(printf '%s' "$want" | sed -e 's/[()+]/\\&/g')
expect_grep "text report: local time with the zone, and the UTC kept" "^Started: +$want_re = $started$" "$base.txt"
expect_grep "HTML: asset tag" "<td class=\"mono\">JP-TKY-004217</td>" "$base.html"
expect_grep "HTML: the owner escaped" "山田 花子 &lt;script&gt;" "$base.html"
expect_nogrep "HTML: no raw markup from a value" "花子 <script>" "$base.html"
expect_grep "HTML: local time with the zone" "<td>$want_re</td>" "$base.html"
expect_eq "the JSON record keeps UTC" "$(field "$r" 'd["started"].endswith("Z")')" "True"

expect_exit 0 "audit --csv" "$REENTRY" audit --csv rep
expect_grep "CSV header: one column per field, site fields as extra columns" ",infected_files,asset_tag,serial,model,owner,field:cost_centre,field:room.$" "$TMP/out"
expect_grep "CSV row: the device's fields" ",JP-TKY-004217,PF3ABCDE,LENOVO ThinkPad X1,山田 花子 <script>,CC-0042,3F-12.$" "$TMP/out"
expect_exit 0 "audit table" "$REENTRY" audit rep
expect_grep "audit table: asset tag and owner columns" "JP-TKY-004217 +PF3ABCDE +LENOVO ThinkPad… +山田 花子 <sc… +CC-0042 +3F-12 " "$TMP/out"

# a placeholder serial in DMI is not taken; without an asset tag the device is unnamed
echo "To be filled by O.E.M." >root/sys/class/dmi/id/product_serial
sed -e '/asset_tag:/d' dev.yaml >noasset.yaml
expect_exit 2 "a DMI placeholder serial does not name the device" run --answers noasset.yaml
expect_grep "says where and why" "noasset.yaml:4:3: device: the device needs an asset tag or a serial number" "$TMP/err"

bad() { # bad DESC PATTERN: runs with bad.yaml, expects exit 2 and PATTERN on stderr
	expect_exit 2 "$1" run --answers bad.yaml
	expect_grep "$1: message" "$2" "$TMP/err"
}
sed -e 's/^  room: .*/  serial: "0123456789"/' dev.yaml >bad.yaml
bad "a placeholder serial is refused" 'bad.yaml:7:11: device: serial "0123456789" is a placeholder'
sed -e 's/CC-0042/CC-42/' dev.yaml >bad.yaml
bad "a site field that misses its pattern" 'bad.yaml:6:16: device: Cost centre "CC-42" does not match the pattern CC-\[0-9\]\{4\}'
sed -e '/cost_centre/d' dev.yaml >bad.yaml
bad "a required site field missing" 'bad.yaml:4:3: device: cost_centre \(Cost centre\) is required'
sed -e 's/^  room: .*/  colour: red/' dev.yaml >bad.yaml
bad "an undeclared field" 'bad.yaml:7:11: device: no device field "colour" is declared'
printf 'operator: x\nrole: management\ndevice: [a]\n' >bad.yaml
bad "device must be a mapping" "bad.yaml:3:9: device must be a mapping"

# the configuration's device.fields is checked too
printf 'device:\n  fields:\n    - key: Serial\n      label_en: x\n      label_ja: y\n' >badcfg.yaml
expect_exit 2 "a bad field key in the configuration" "$REENTRY" run --config badcfg.yaml --answers dev.yaml --key key
expect_grep "names the line" 'badcfg.yaml:3:12: device field key "Serial"' "$TMP/err"
printf 'device:\n  fields:\n    - key: a\n      label_en: x\n      label_ja: y\n      pattern: "("\n' >badcfg.yaml
expect_exit 2 "a bad pattern in the configuration" "$REENTRY" run --config badcfg.yaml --answers dev.yaml --key key
expect_grep "names the pattern" 'badcfg.yaml:6:16: the pattern of device field "a"' "$TMP/err"
