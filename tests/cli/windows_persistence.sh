# windows_persistence.sh: the persistence check on Windows roots: Run and
# RunOnce values (HKLM, WOW6432Node, each user's NTUSER.DAT) of keys written
# in the period, services and scheduled tasks written in it, with their
# command lines and evidence; the site's persistence.allow globs; unknown
# for what could not be read (damaged hives, no task folder). Values and
# LastWrite times compared with hivexget and RegRipper's run and services
# plugins on the same hives.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SW="$W/$WIN_CFG/SOFTWARE"
SY="$W/$WIN_CFG/system"
NA="$W/Users/Alice/NTUSER.DAT"
mkdir -p "$W/WINDOWS/system32/Tasks/Microsoft/Windows/Defrag"
printf 'telework_start: 2026-03-01\n' >"$TMP/tw.yaml"

run_check "persistence on Windows without a telework start" "$W" persistence
expect_status "no period: unknown" unknown
expect_grep "says what to set" "telework_start" "$TMP/persistence.json"

run_check "persistence on a Windows root with nothing added" "$W" persistence --config "$TMP/tw.yaml"
expect_status "nothing added: pass" pass
expect_grep "pass says what was examined" "nothing set to start by itself was added or changed since 2026-03-01" "$TMP/persistence.json"
expect_eq "services were examined" "$(jq_check persistence 'd["examined"] > 0')" True

# a trusted Run value and a trusted service, both written in the period: warn
win_software "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run]
"SecurityHealth"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,53,00,65,00,63,00,75,00,72,00,69,00,74,00,79,00,48,00,65,00,61,00,6c,00,74,00,68,00,53,00,79,00,73,00,74,00,72,00,61,00,79,00,2e,00,65,00,78,00,65,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\RunOnce]
"OldSetup"="C:\\Users\\Public\\setup.exe"
EOF
win_key_time "$SW" run 2026-04-10 || notok "fixture: key times"
win_system "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\GoodSvc]
"Start"=dword:00000002
"ImagePath"="\"C:\\Program Files\\Good\\good.exe\" -service"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\OldSvc]
"ImagePath"="C:\\Temp\\old.exe"
EOF
win_key_time "$SY" goodsvc 2026-04-01 || notok "fixture: service times"
run_check "persistence with a trusted Run value and service in the period" "$W" persistence --config "$TMP/tw.yaml"
expect_status "trusted entries not on the allow list: warn" warn
ents() { jq_check persistence "sorted((e['kind'], e['name'], e['level']) for e in d['entries'])"; }
expect_eq "the two in the period, not the RunOnce key or service from before" "$(ents)" \
	"[('run-key', 'SecurityHealth', 'warn'), ('service', 'GoodSvc', 'warn')]"
expect_eq "the service's Start" "$(jq_check persistence "[e['detail'] for e in d['entries'] if e['name'] == 'GoodSvc'][0]")" "Start: automatic"
expect_eq "the Run value's evidence names the hive and key" \
	"$(jq_check persistence "[e['where'] for e in d['entries'] if e['name'] == 'SecurityHealth'][0]")" \
	"/WINDOWS/system32/Config/SOFTWARE: Microsoft\\Windows\\CurrentVersion\\Run"
expect_grep "the summary names them" "Run key 'SecurityHealth'" "$TMP/persistence.json"
expect_grep "in Japanese too" "許可リストにありません" "$TMP/persistence.json"

# a user's Run value into AppData, a service and a UTF-16 task outside the system folders: fail
win_hive "$NA" 'HKEY_CURRENT_USER' <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run]
"Updater"="\"C:\\Users\\Alice\\AppData\\Roaming\\upd\\upd.exe\" /quiet"
EOF
win_key_time "$NA" run 2026-03-05 || notok "fixture: user key times"
win_system "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\GoodSvc]
"Start"=dword:00000002
"ImagePath"="\"C:\\Program Files\\Good\\good.exe\" -service"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\evilsvc]
"Start"=dword:00000003
"ImagePath"="C:\\Users\\Public\\svc.exe"
EOF
win_key_time "$SY" goodsvc 2026-04-01 && win_key_time "$SY" evilsvc 2026-04-01 || notok "fixture: service times"
python3 - "$W/WINDOWS/system32/Tasks" <<'PY'
import os, sys
d = sys.argv[1]
x = '<?xml version="1.0" encoding="UTF-16"?>\n<Task version="1.2"><Actions Context="Author"><Exec><Command>C:\\Users\\Alice\\AppData\\Local\\Temp\\x.exe</Command><Arguments>-a &amp; -b</Arguments></Exec></Actions></Task>\n'
open(d + "/Updater", "wb").write(b"\xff\xfe" + x.encode("utf-16-le"))
y = '<?xml version="1.0"?>\n<Task><Actions><Exec><Command>%windir%\\system32\\defrag.exe</Command></Exec></Actions></Task>\n'
open(d + "/Microsoft/Windows/Defrag/ScheduledDefrag", "w").write(y)
os.utime(d + "/Microsoft/Windows/Defrag/ScheduledDefrag", (1700000000, 1700000000))
os.utime(d + "/Updater", (1775000000, 1775000000))  # 2026-04-01
PY
run_check "persistence with a Run value, a service and a task outside the system folders" "$W" persistence --config "$TMP/tw.yaml"
expect_status "programs in user-writable places: fail" fail
expect_eq "every entry in the period, with its level" "$(ents)" \
	"[('run-key', 'SecurityHealth', 'warn'), ('run-key', 'Updater', 'fail'), ('scheduled-task', '/Updater', 'fail'), ('service', 'GoodSvc', 'warn'), ('service', 'evilsvc', 'fail')]"
expect_eq "the user's Run value is Alice's" "$(jq_check persistence "[e['user'] for e in d['entries'] if e['name'] == 'Updater' and e['kind'] == 'run-key'][0]")" "Alice"
expect_eq "the task's command line, entities decoded" \
	"$(jq_check persistence "[e['command'] for e in d['entries'] if e['name'] == '/Updater'][0]")" \
	'C:\Users\Alice\AppData\Local\Temp\x.exe -a & -b'
expect_eq "the task dated by its file" "$(jq_check persistence "[(e['written'], e['written_from']) for e in d['entries'] if e['name'] == '/Updater'][0]")" \
	"('2026-03-31T23:33:20Z', 'file mtime')"
expect_grep "the summary names the failures" "run a program outside the system's folders" "$TMP/persistence.json"
expect_grep "the limits are said" "Winlogon, AppInit_DLLs" "$TMP/persistence.json"

# the peers on the same hives
regripper -r "$SW" -p run >"$TMP/rr" 2>&1
expect_eq "the Run value as RegRipper's run reads it" \
	"$(jq_check persistence "[e['name'] + ' - ' + e['command'] for e in d['entries'] if e['name'] == 'SecurityHealth'][0]")" \
	"$(sed -n 's/^  \(SecurityHealth - .*\)/\1/p' "$TMP/rr")"
expect_eq "the Run key's LastWrite as RegRipper's run reads it" \
	"$(jq_check persistence "[e['written'].replace('T', ' ') for e in d['entries'] if e['name'] == 'SecurityHealth'][0]")" \
	"$(grep -A1 '^Microsoft\\Windows\\CurrentVersion\\Run$' "$TMP/rr" | sed -n 's/^LastWrite Time //p')"
regripper -r "$NA" -p run >"$TMP/rr" 2>&1
expect_eq "Alice's Run value as RegRipper's run reads it" \
	"$(jq_check persistence "[e['name'] + ' - ' + e['command'] for e in d['entries'] if e['name'] == 'Updater' and e['kind'] == 'run-key'][0]")" \
	"$(sed -n 's/^  \(Updater - .*\)/\1/p' "$TMP/rr")"
expect_eq "Alice's Run value as hivexget reads it" \
	"$(jq_check persistence "[e['command'] for e in d['entries'] if e['name'] == 'Updater' and e['kind'] == 'run-key'][0]")" \
	"$(hivexget "$NA" '\Software\Microsoft\Windows\CurrentVersion\Run' Updater)"
regripper -r "$SY" -p services >"$TMP/rr" 2>&1
expect_eq "evilsvc's ImagePath as RegRipper's services reads it" \
	"$(jq_check persistence "[e['command'] for e in d['entries'] if e['name'] == 'evilsvc'][0]")" \
	"$(sed -n 's/^ *ImagePath = //p' "$TMP/rr" | grep svc.exe)"
expect_eq "evilsvc's Start as RegRipper's services reads it" \
	"$(jq_check persistence "[e['detail'] for e in d['entries'] if e['name'] == 'evilsvc'][0]")" \
	"Start: $(awk '/Name *= evilsvc$/ { f = 1 } f && /Start *=/ { print $3; exit }' "$TMP/rr" | sed 's/Manual/manual/; s/Auto_Start/automatic/; s/Demand_Start/manual/')"
expect_eq "evilsvc's LastWrite as RegRipper's services reads it" \
	"$(jq_check persistence "[e['written'] for e in d['entries'] if e['name'] == 'evilsvc'][0]")" \
	"$(awk '/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] / { t = $0 } /Name *= evilsvc$/ { print t }' "$TMP/rr" |
		python3 -c 'import sys,datetime; print(datetime.datetime.strptime(sys.stdin.read().strip(), "%a %b %d %H:%M:%S %Y Z").strftime("%Y-%m-%dT%H:%M:%SZ"))')"

# the site's allow globs match ignoring case, on name, command or place
printf 'telework_start: 2026-03-01\npersistence:\n  allow: ["SECURITYHEALTH", "*\\\\upd.exe*", "*svc.exe", "goodsvc", "/updater"]\n' >"$TMP/allow.yaml"
run_check "persistence with everything on the allow list" "$W" persistence --config "$TMP/allow.yaml"
expect_status "allowed (any case): pass" pass
expect_eq "each says which pattern allowed it" \
	"$(jq_check persistence "sorted(e['allowed_by'] for e in d['entries'])")" \
	"['*\\\\upd.exe*', '*svc.exe', '/updater', 'SECURITYHEALTH', 'goodsvc']"

# a later period: nothing in it
printf 'checks:\n  persistence:\n    since: "2026-06-01"\n' >"$TMP/late.yaml"
run_check "persistence with a period after every entry" "$W" persistence --config "$TMP/late.yaml"
expect_status "nothing in the period: pass" pass

# hostile: escape bytes in a value name, a task link out of the root, a damaged user hive
printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run]\n"Evil\033[31m"="C:\\\\x.exe"\n' |
	win_software "$W"
win_key_time "$SW" run 2026-04-10 || notok "fixture: key times"
"$REENTRY" check persistence --root "$W" --config "$TMP/tw.yaml" >"$TMP/p.txt" 2>&1
no_raw_escapes "a value name's escape bytes never reach the terminal" "$TMP/p.txt"
printf 'telework_start: 2026-03-01\npersistence:\n  allow: ["SECURITYHEALTH", "evil*", "*\\\\upd.exe*", "*svc.exe", "goodsvc", "/updater"]\n' >"$TMP/allow.yaml"
ln -s /etc/passwd "$W/WINDOWS/system32/Tasks/Link"
head -c 5000 "$NA" >"$TMP/t" && mv "$TMP/t" "$NA"
run_check "persistence with a task link and a damaged user hive" "$W" persistence --config "$TMP/allow.yaml"
expect_status "places not read, nothing failing: unknown" unknown
expect_eq "each named as a problem" \
	"$(jq_check persistence 'sorted(p.split(":")[0].rsplit("/", 1)[-1] for p in d["problems"])')" \
	"['Link', 'NTUSER.DAT']"
if grep -q 'root:x:0' "$TMP/persistence.json"; then notok "nothing of the host's /etc/passwd in the result"; else ok "nothing of the host's /etc/passwd in the result"; fi
rm -f "$W/WINDOWS/system32/Tasks/Link"
win_blank_hive "$NA"
rm -rf "$W/WINDOWS/system32/Tasks"
run_check "persistence without a task folder" "$W" persistence --config "$TMP/allow.yaml"
expect_status "tasks unseen: unknown" unknown
expect_grep "says tasks are not seen" "scheduled tasks are not seen" "$TMP/persistence.json"

# a truncated SYSTEM hive: a clear unknown naming it
mkdir -p "$W/WINDOWS/system32/Tasks"
head -c 6000 "$SY" >"$TMP/t" && mv "$TMP/t" "$SY"
run_check "persistence with a truncated SYSTEM hive" "$W" persistence --config "$TMP/tw.yaml"
expect_status "damaged SYSTEM hive: unknown" unknown
expect_grep "names the hive" "system" "$TMP/persistence.json"
