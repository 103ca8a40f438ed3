# fleet.sh: `reentry collect` and `reentry fleet` against a real PostgreSQL 15
# (initdb and pg_ctl in this test's directory, as an unprivileged user, on a
# private socket, password authentication) and against SQLite: import,
# idempotent re-import, two concurrent collectors, the truncation gap, rejected
# reports, chain events, the views, and no password in any output.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
mkdir root
CL="$TOP/jnsa-checklist.yaml"
cat >ans.yaml <<'A'
operator: "佐藤 花子"
role: management
answers:
  "3-2": yes
  "4-5": {answer: no, note: "=HYPERLINK(\"x\") training \e[31mnot done"}
A

# keys: desks A, B, D and E are allowed; C is a stranger
for k in A B C D E; do
	"$REENTRY" keygen --identity "desk$k@example.jp" "key$k" >/dev/null || exit 1
done
for k in A B D E; do
	printf 'desk%s@example.jp namespaces="reentry-report" %s\n' "$k" "$(cut -d' ' -f1,2 "key$k.pub")"
done >allowed
write() { # write DIR KEY HOST: one report
	mkdir -p "root$3/etc"
	echo "$3" >"root$3/etc/hostname"
	"$REENTRY" run --root "root$3" --checklist "$CL" --answers ans.yaml --out "$1" --key "$2" --config cfg.yaml >/dev/null 2>&1
}
for i in 1 2 3; do write dirA keyA pc-a$i; done
for i in 1 2; do write dirB keyB pc-b$i; done
for i in 1 2 3; do write dirD keyD pc-d$i; done
write dirC keyC pc-c1
# desk E records the device (issue 16: asset tag and owner from the device record)
sed -e 's/^role: management$/role: management\ndevice:\n  asset_tag: "JP-TKY-004217"\n  serial: "PF3XYZ01"\n  owner: "山田 花子"/' ans.yaml >ans-dev.yaml
mkdir -p rootpc-e1/etc && echo pc-e1 >rootpc-e1/etc/hostname
"$REENTRY" run --root rootpc-e1 --checklist "$CL" --answers ans-dev.yaml --out dirE --key keyE --config cfg.yaml >/dev/null 2>&1
set -- dirD/*.json
rm "$2" "$2.sig"

# rejected: a forged report (another report's signature), a report re-signed
# by an unknown key, and one whose contents were altered after signing
mkdir bad
set -- dirA/*.json
sed 's/"result": "fail"/"result": "pass"/' "$1" >bad/forged.json && cp "$2.sig" bad/forged.json.sig
mkdir badsig
cp "$1" badsig/x.json && cp "$2.sig" badsig/x.json.sig
sed 's/"operator": "佐藤 花子"/"operator": "tanaka"/' "$3" >bad/resigned.json
if ssh-keygen -Y sign -f keyC -n reentry-report bad/resigned.json >/dev/null 2>&1; then :; else
	cp dirC/*.json bad/resigned.json && cp dirC/*.json.sig bad/resigned.json.sig
fi
sed 's/"verdict": {/"verdict" : {/' "$1" >bad/altered.json && cp "$1.sig" bad/altered.json.sig
cp dirC/*.json bad/stranger.json && cp dirC/*.json.sig bad/stranger.json.sig

# the truncation gap: desk A's newest report deleted, a new one written
cp -a dirA dirA2
set -- dirA2/*.json
rm "$3" "$3.sig"
write dirA2 keyA pc-a4

# PostgreSQL 15, as an unprivileged user, on a socket in this directory
. "$TOP/tests/pglib.sh"
trap 'pg_down; rm -rf "$TMP"' EXIT
pg_up || pgurl=


# suite NAME URL URL2: every case against one database
suite() {
	name=$1 db=$2 db2=$3
	c() { "$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$db" "$@"; }
	f() { "$REENTRY" fleet --config cfg.yaml --db "$db" "$@"; }

	expect_exit 0 "$name: collect two desks" c dirA dirB
	cat "$TMP/out" "$TMP/err" >>alloutput
	expect_grep "$name: five imported" "^5 reports: 5 imported, 0 already present, 0 rejected" "$TMP/out"
	expect_grep "$name: names the database, password hidden" "^database \(データベース\): (postgresql://fleetadmin:\*\*\*@/fleet\?host=|$TMP/fleet.sqlite)" "$TMP/out"
	expect_eq "$name: schema version 2 recorded" "$(sql "$db" 'SELECT MAX(version) FROM fleet_schema')" "2"
	expect_exit 0 "$name: collecting again" c dirA dirB
	cat "$TMP/out" "$TMP/err" >>alloutput
	expect_grep "$name: nothing new the second time" "^5 reports: 0 imported, 5 already present" "$TMP/out"
	expect_eq "$name: five rows in reports" "$(sql "$db" 'SELECT COUNT(*) FROM reports')" "5"
	expect_eq "$name: chain heads are 3 and 2" "$(sql "$db" 'SELECT sequence FROM chain_heads ORDER BY sequence')" "2
3"
	expect_exit 0 "$name: fleet summary" f summary --since 2000-01-01
	expect_grep "$name: summary counts 3 failed reports of desk A" "^20[0-9-]+ +SHA256:.* fail +[23] +[23]$" "$TMP/out"
	expect_exit 0 "$name: fleet summary --csv" f summary --csv
	expect_eq "$name: CSV sums to five reports" "$(python3 -c 'import csv,sys; print(sum(int(r["reports"]) for r in csv.DictReader(open(sys.argv[1],newline=""))))' "$TMP/out")" "5"
	expect_exit 0 "$name: summary since a future date is empty" f summary --since 2999-01-01
	expect_grep "$name: no rows" "^\(0 rows" "$TMP/out"
	expect_exit 0 "$name: fleet failures --csv" f failures --csv
	expect_eq "$name: one failed item per device" "$(($(wc -l <"$TMP/out") - 1))" "5"
	expect_grep "$name: a note that looks like a formula is defused" ",\"'=HYPERLINK" "$TMP/out"
	tr -d '\r' <"$TMP/out" >csv.lf
	no_raw_escapes "$name: the note's escape byte is shown, not sent (CSV, apart from CRLF)" csv.lf
	expect_grep "$name: as a visible escape" 'training \\x1b\[31mnot done' "$TMP/out"
	expect_exit 0 "$name: fleet failures" f failures
	no_raw_escapes "$name: the note's escape byte is shown, not sent (table)" "$TMP/out"
	expect_exit 0 "$name: fleet items --open" f items --open
	expect_grep "$name: item 4-5 failed on five devices" "^4-5 +failed +5 " "$TMP/out"
	expect_exit 0 "$name: fleet device by host name" f device pc-a2
	expect_grep "$name: the device's report" "host:pc-a2 +host +SHA256:.* fail +pc-a2 .*-pc-a2-000002 +2" "$TMP/out"
	expect_exit 0 "$name: fleet media --infected (none found)" f media --infected --csv
	expect_eq "$name: header only" "$(wc -l <"$TMP/out")" "1"
	expect_eq "$name: the view answers plain SQL" \
		"$(sql "$db" "SELECT SUM(reports) FROM fleet_summary WHERE verdict = 'fail'")" "5"

	expect_exit 1 "$name: forged, re-signed and altered reports are rejected" c bad
	cat "$TMP/out" "$TMP/err" >>alloutput
	for b in forged resigned altered stranger; do
		expect_grep "$name: $b rejected with a reason" "^bad/$b.json: rejected .*: .+" "$TMP/out"
	done
	expect_exit 0 "$name: fleet rejected" f rejected --csv
	expect_eq "$name: four rejected listed" "$(grep -c ',rejected,' "$TMP/out")" "4"
	expect_exit 1 "$name: rejected reports again: nothing new, still a failure to report" c bad
	expect_grep "$name: rejected ones are kept once" "^4 reports: 0 imported, 4 already present" "$TMP/out"
	expect_exit 1 "$name: a recorded report beside a wrong signature is still named" c badsig
	expect_grep "$name: rejected, recorded before" "^badsig/x.json: rejected, recorded before .*: .*bad signature" "$TMP/out"
	expect_eq "$name: no trusted report from them" "$(sql "$db" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'")" "5"

	expect_exit 1 "$name: the truncation gap is flagged" c dirA2
	cat "$TMP/out" "$TMP/err" >>alloutput
	expect_grep "$name: says the chain went back" "conflict .*sequence 3 is already held by report .*went back from 3" "$TMP/out"
	expect_exit 0 "$name: fleet chain" f chain
	expect_grep "$name: rollback recorded" " rollback +3 +3 " "$TMP/out"
	expect_eq "$name: still one trusted report per sequence" \
		"$(sql "$db" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'")" "5"

	expect_exit 1 "$name: a skipped sequence is flagged" c dirD
	expect_grep "$name: names the numbers never collected" "sequence 2\.\.2 was never collected" "$TMP/out"

	# the database refuses a second trusted report at one sequence, whoever inserts it
	expect_eq "$name: the unique constraint is in the database" \
		"$(sql "$db" "INSERT INTO reports (sha256, status, signer_id, sequence, verdict, ended, source, collected_at) SELECT '$(printf '%064d' 7)', 'trusted', signer_id, sequence, 'pass', 'x', 'x', 'x' FROM reports WHERE status = 'trusted' LIMIT 1" 2>&1 | grep -ci 'unique')" "1"

	# two collectors at once over overlapping directories, into a fresh database
	"$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$db2" dirA dirB dirD >c1.out 2>&1 &
	p1=$!
	"$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$db2" dirD dirB dirA >c2.out 2>&1 &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	cat c1.out c2.out >>alloutput
	grep -h "reentry:" c1.out c2.out >&2
	expect_eq "$name: both concurrent collectors finished, one of them saw desk D's skip" "$(echo $r1 $r2 | tr ' ' '\n' | sort | paste -sd' ')" "0 1"
	expect_eq "$name: every report exactly once" "$(sql "$db2" 'SELECT COUNT(*), COUNT(DISTINCT sha256) FROM reports' | tr '|' ' ')" "7 7"
	expect_eq "$name: imported once between them" \
		"$(cat c1.out c2.out | sed -n 's/^[0-9]* reports: \([0-9]*\) imported.*/\1/p' | paste -sd+ | bc)" "7"
	expect_eq "$name: one skip event, not two" "$(sql "$db2" "SELECT COUNT(*) FROM chain_events WHERE kind = 'skip'")" "1"

	# the device record: asset tag and owner on the device's row; fleet device by asset tag
	expect_exit 0 "$name: a report with a device record" c dirE
	expect_eq "$name: the device row has the asset tag and owner" \
		"$(sql "$db" "SELECT device_key || ' ' || asset_tag || ' ' || owner FROM devices WHERE asset_tag IS NOT NULL")" "serial:PF3XYZ01 JP-TKY-004217 山田 花子"
	expect_exit 0 "$name: fleet device by asset tag" f device JP-TKY-004217
	expect_grep "$name: the history names the tag and owner" "^20.* serial:PF3XYZ01 +host +SHA256:.* fail +pc-e1 +JP-TKY-004217 +山田 花子 " "$TMP/out"
	expect_exit 0 "$name: fleet device by the serial a person entered" f device PF3XYZ01 --csv
	expect_grep "$name: the same device" ",serial:PF3XYZ01,host,.*,JP-TKY-004217,山田 花子," "$TMP/out"
	expect_eq "$name: the view answers plain SQL by asset tag" \
		"$(sql "$db" "SELECT COUNT(*) FROM fleet_device_history WHERE asset_tag = 'JP-TKY-004217'")" "1"

	# a database of schema version 1 (as the previous release left it) is migrated on first use
	sql "$db2" "DROP VIEW fleet_device_history; DROP INDEX devices_asset_tag; ALTER TABLE devices DROP COLUMN owner; $v1_history DELETE FROM fleet_schema WHERE version = 2;" >/dev/null 2>&1
	expect_eq "$name: the old database is at version 1, without an owner column" \
		"$(sql "$db2" 'SELECT MAX(version) FROM fleet_schema'; sql "$db2" 'SELECT owner FROM devices' >/dev/null 2>&1 || echo no-owner)" "1
no-owner"
	expect_exit 0 "$name: collect into the old database" "$REENTRY" collect --config cfg.yaml --allowed-signers allowed --db "$db2" dirE
	expect_eq "$name: migrated to version 2" "$(sql "$db2" 'SELECT MAX(version) FROM fleet_schema')" "2"
	expect_eq "$name: the migrated database keeps its reports and files the new one" \
		"$(sql "$db2" "SELECT COUNT(*) FROM reports"; sql "$db2" "SELECT asset_tag || '/' || owner FROM devices WHERE owner IS NOT NULL")" "8
JP-TKY-004217/山田 花子"
}
# the device history view as schema version 1 made it
v1_history="CREATE VIEW fleet_device_history AS SELECT d.serial, d.device_key, d.kind, r.ended, r.desk, r.verdict, r.hostname, r.report_id, r.sequence FROM fleet_reports r JOIN devices d ON d.device_key = r.device_key WHERE r.status = 'trusted' UNION ALL SELECT d.serial, d.device_key, d.kind, r.ended, r.desk, r.verdict, r.hostname, r.report_id, r.sequence FROM report_media rm JOIN devices d ON d.id = rm.device_id JOIN fleet_reports r ON r.id = rm.report_id WHERE r.status = 'trusted';"

suite sqlite "$TMP/fleet.sqlite" "$TMP/fleet2.sqlite"

# the default database: fleet.sqlite in the state directory
expect_exit 0 "default database in the state directory" "$REENTRY" collect --config cfg.yaml --allowed-signers allowed dirB
expect_eq "it is there" "$(sql "$TMP/state/fleet.sqlite" 'SELECT COUNT(*) FROM reports')" "2"
expect_exit 2 "collect without an allowed-signers file refuses" "$REENTRY" collect --config cfg.yaml dirB
expect_grep "says why" "allowed-signers file" "$TMP/err"
expect_exit 2 "a SQLite path that cannot be opened" "$REENTRY" fleet --config cfg.yaml --db "$TMP/nodir/x.sqlite" summary
expect_grep "names it" "nodir/x.sqlite" "$TMP/err"

# publishing on write: run files the report right after signing it
printf 'state_dir: %s/state\nallowed_signers: %s/allowed\nfleet:\n  database: %s/pub.sqlite\n' "$TMP" "$TMP" "$TMP" >pub.yaml
expect_exit 1 "run with fleet.database: the verdict's exit code as before" \
	"$REENTRY" run --root rootpc-a1 --checklist "$CL" --answers ans.yaml --out pub --key keyA --config pub.yaml
expect_grep "says it was published" "^fleet: +$TMP/pub.sqlite" "$TMP/out"
expect_eq "the report is in the database" "$(sql "$TMP/pub.sqlite" "SELECT COUNT(*) FROM reports WHERE status = 'trusted'")" "1"
printf 'state_dir: %s/state\nallowed_signers: %s/allowed\nfleet:\n  database: %s/nodir/pub.sqlite\n' "$TMP" "$TMP" "$TMP" >pub2.yaml
expect_exit 1 "run with an unreachable fleet database still writes the report" \
	"$REENTRY" run --root rootpc-a1 --checklist "$CL" --answers ans.yaml --out pub --key keyA --config pub2.yaml
expect_grep "says it was not published and collect will file it" "fleet: not published.*collect" "$TMP/err"
expect_eq "both reports on disk" "$(ls pub/*.json | wc -l)" "2"
expect_eq "the one left over is queued for the next start" "$(ls state/fleet-pending | wc -l)" 1
expect_exit 0 "the next collect files the one left over" "$REENTRY" collect --config pub.yaml pub
expect_grep "from the queue first" "^fleet: +1 waiting report\(s\) filed, 0 still waiting" "$TMP/err"
expect_grep "so the directory holds nothing new" "^2 reports: 0 imported, 2 already present" "$TMP/out"
expect_eq "the queue is empty" "$(ls state/fleet-pending | wc -l)" 0

# column titles in the language; CSV headers stay the views' column names
expect_exit 0 "fleet device --lang ja" "$REENTRY" fleet --config pub.yaml --lang ja device pc-a1
expect_grep "Japanese column titles" "^終了日時 +機器 +種別 +窓口（鍵） +判定 +ホスト名 +資産番号 +使用者 +報告書 ID +連番$" "$TMP/out"
expect_exit 0 "fleet device --lang en" "$REENTRY" fleet --config pub.yaml --lang en device pc-a1
expect_grep "English column titles" "^Ended +Device +Kind +Desk \(key\) +Verdict +Host +Asset tag +Owner +Report ID +Seq\.$" "$TMP/out"
expect_exit 0 "the locale chooses when --lang is not given" env LC_ALL= LANG=ja_JP.UTF-8 "$REENTRY" fleet --config pub.yaml items --open
expect_grep "Japanese from LANG" "^項目 +結果 +機器 +表題（英語）$" "$TMP/out"
for l in ja en; do
	expect_exit 0 "fleet --csv --lang $l" "$REENTRY" fleet --config pub.yaml --csv --lang $l device pc-a1
	expect_eq "CSV header ($l): stable English identifiers" "$(head -1 "$TMP/out" | tr -d '\r')" \
		"ended,device_key,kind,desk,verdict,hostname,asset_tag,owner,report_id,sequence"
done
expect_exit 2 "a bad --lang" "$REENTRY" fleet --config pub.yaml --lang fr summary

if [ -n "$pgurl" ]; then
	suite postgresql "$pgurl" "$pgurl2"
	expect_exit 2 "a wrong password is refused" "$REENTRY" collect --config cfg.yaml --allowed-signers allowed \
		--db "postgresql://fleetadmin:Wr0ng-Pa55@/fleet?host=$TMP/pg&port=54329" dirA
	cat "$TMP/out" "$TMP/err" >>alloutput
	expect_grep "says authentication failed, with the password hidden" "fleet database postgresql://fleetadmin:\*\*\*@/fleet" "$TMP/err"
	expect_exit 2 "an unreachable server" "$REENTRY" fleet --config cfg.yaml --db "postgresql://fleetadmin:$PW@/fleet?host=$TMP/nope&port=1" summary
	cat "$TMP/out" "$TMP/err" >>alloutput
	expect_nogrep "no password in any output" "$PW|Wr0ng-Pa55" alloutput
else
	_n=$((_n + 1))
	echo "ok $_n # SKIP PostgreSQL: $why"
fi
