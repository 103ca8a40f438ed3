# windows_new_software.sh: new-software on Windows roots: programs from the
# Uninstall keys (machine, WOW6432Node, per user) timed by InstallDate or the
# key's LastWrite, known tools by their Windows names (any case), and
# persistence written in the period: Run/RunOnce values, services (program
# outside System32/Program Files), scheduled tasks (UTF-16 XML). Compared
# with hivexget and RegRipper's uninstall, run and services plugins.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SW="$W/$WIN_CFG/SOFTWARE"
SY="$W/$WIN_CFG/system"
NA="$W/Users/Alice/NTUSER.DAT"
UN='HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
mkdir -p "$W/WINDOWS/system32/Tasks/Microsoft/Windows/Defrag"
printf 'telework_start: 2026-03-01\n' >"$TMP/tw.yaml"

run_check "new-software on Windows without a telework start" "$W" new-software
expect_status "no period: unknown" unknown

run_check "new-software on a Windows root with nothing installed" "$W" new-software --config "$TMP/tw.yaml"
expect_status "nothing added: pass" pass
expect_grep "pass counts what was read" "nothing unauthorised since 2026-03-01" "$TMP/new-software.json"

# programs: two before the period (one a remote-access tool), three in it
win_software "$W" <<EOF
[$UN\\AnyDesk]
"DisplayName"="AnyDesk"
"DisplayVersion"="ad 8.0.9"
"Publisher"="AnyDesk Software GmbH"
"InstallDate"="20260315"

[$UN\\7-Zip]
"DisplayName"="7-Zip 23.01 (x64)"
"DisplayVersion"="23.01"
"InstallDate"="20200101"

[$UN\\{B2C3}]
"DisplayName"="Notepad++ (64-bit x64)"
"InstallDate"="20260401"

[$UN\\Old]
"DisplayName"="UltraVNC"
"InstallDate"="20190101"

[$UN\\Dropbox]
"DisplayName"="Dropbox"
"InstallDate"="20190101"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\TeamViewer]
"DisplayName"="TeamViewer 15"
"DisplayVersion"="15.51.5"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run]
"SecurityHealth"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,53,00,65,00,63,00,75,00,72,00,69,00,74,00,79,00,48,00,65,00,61,00,6c,00,74,00,68,00,53,00,79,00,73,00,74,00,72,00,61,00,79,00,2e,00,65,00,78,00,65,00,00,00
EOF
# every key merged has the hive's time (2024-01-17); move some into the period
win_key_time "$SW" 7-zip 2026-04-02 && win_key_time "$SW" teamviewer 2026-05-01 &&
	win_key_time "$SW" run 2026-04-10 || notok "fixture: key times"
win_hive "$NA" 'HKEY_CURRENT_USER' <<'EOF'
Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\qBittorrent]
"DisplayName"="qBittorrent 4.6.2"
"InstallDate"="20260320"

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run]
"Updater"="\"C:\\Users\\Alice\\AppData\\Roaming\\upd\\upd.exe\" /quiet"

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\RunOnce]
"Old"="C:\\old.exe"
EOF
win_key_time "$NA" run 2026-03-05 || notok "fixture: user key times"
win_system "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\evilsvc]
"Start"=dword:00000002
"ImagePath"="C:\\Users\\Public\\svc.exe"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\GoodSvc]
"Start"=dword:00000002
"ImagePath"="\"C:\\Program Files\\Good\\good.exe\" -service"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\DllSvc\Parameters]
"ServiceDll"="%SystemRoot%\\..\\Temp\\x.dll"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\OldSvc]
"ImagePath"="C:\\Temp\\old.exe"
EOF
win_key_time "$SY" evilsvc 2026-04-01 && win_key_time "$SY" goodsvc 2026-04-01 &&
	win_key_time "$SY" dllsvc 2026-04-01 || notok "fixture: service times"
# tasks: a UTF-16LE task in the period starting a program in a profile, a
# UTF-8 Microsoft task in System32, one from before the period
python3 - "$W/WINDOWS/system32/Tasks" <<'PY'
import os, sys
d = sys.argv[1]
x = '<?xml version="1.0" encoding="UTF-16"?>\n<Task version="1.2"><Actions Context="Author"><Exec><Command>C:\\Users\\Alice\\AppData\\Local\\Temp\\x.exe</Command><Arguments>-a &amp; -b</Arguments></Exec></Actions></Task>\n'
open(d + "/Updater", "wb").write(b"\xff\xfe" + x.encode("utf-16-le"))
y = '<?xml version="1.0"?>\n<Task><Actions><Exec><Command>%windir%\\system32\\defrag.exe</Command></Exec></Actions></Task>\n'
open(d + "/Microsoft/Windows/Defrag/ScheduledDefrag", "w").write(y)
open(d + "/OldTask", "w").write(y.replace("defrag", "C:\\Temp\\old"))
os.utime(d + "/OldTask", (1700000000, 1700000000))
for f in ("/Updater", "/Microsoft/Windows/Defrag/ScheduledDefrag"):
    os.utime(d + f, (1775000000, 1775000000))  # 2026-04-01
PY

run_check "new-software with tools, persistence and tasks" "$W" new-software --config "$TMP/tw.yaml"
expect_status "remote-access and P2P tools installed in the period: fail" fail
prog() { jq_check new-software "[(p['action'], p['level'], p.get('time_from')) for p in d['programs'] if p['name'] == '$1']"; }
expect_eq "AnyDesk by InstallDate: installed, fail" "$(prog AnyDesk)" "[('installed', 'fail', 'InstallDate')]"
expect_eq "TeamViewer without InstallDate: the key's LastWrite, installed, fail" "$(prog 'TeamViewer 15')" "[('installed', 'fail', 'key LastWrite')]"
expect_eq "qBittorrent in a user's hive: fail" "$(prog 'qBittorrent 4.6.2')" "[('installed', 'fail', 'InstallDate')]"
expect_eq "Notepad++ unlisted: warn" "$(prog 'Notepad++ (64-bit x64)')" "[('installed', 'warn', 'InstallDate')]"
expect_eq "7-Zip updated in the period (key written): listed, not flagged" "$(prog '7-Zip 23.01 (x64)')" "[('updated', 'pass', 'InstallDate')]"
expect_eq "UltraVNC from before the period: warn" "$(prog UltraVNC)" "[('present before the period', 'warn', 'InstallDate')]"
expect_eq "a cloud-sync client from before the period is not flagged" "$(prog Dropbox)" "[]"
expect_eq "qBittorrent is Alice's" "$(jq_check new-software "[p['user'] for p in d['programs'] if p['name'].startswith('qB')]")" "['Alice']"
expect_grep "the summary names the tools" "AnyDesk ad 8.0.9 \\(remote access\\)" "$TMP/new-software.json"
expect_grep "the Japanese summary too" "遠隔操作" "$TMP/new-software.json"
pers() { jq_check new-software "sorted((p['kind'], p['name'], p['level']) for p in d['persistence'])"; }
expect_eq "persistence written in the period" "$(pers)" \
	"[('run key value', 'SecurityHealth', 'warn'), ('run key value', 'Updater', 'warn'), ('scheduled task', '/Microsoft/Windows/Defrag/ScheduledDefrag', 'pass'), ('scheduled task', '/Updater', 'warn'), ('service', 'DllSvc', 'warn'), ('service', 'GoodSvc', 'pass'), ('service', 'evilsvc', 'warn')]"
expect_eq "the UTF-16 task's command, entities decoded" \
	"$(jq_check new-software "[p['command'] for p in d['persistence'] if p['name'] == '/Updater'][0]")" \
	'C:\Users\Alice\AppData\Local\Temp\x.exe -a & -b'
expect_eq "a ServiceDll climbing out of System32 is outside" \
	"$(jq_check new-software "[p['outside_system_folders'] for p in d['persistence'] if p['name'] == 'DllSvc'][0]")" True

# the peers on the same hives
regripper -r "$SW" -p uninstall >"$TMP/rr" 2>&1
expect_eq "TeamViewer's LastWrite as RegRipper's uninstall reads it" \
	"$(jq_check new-software "[p['written'].replace('T', ' ') for p in d['programs'] if p['name'] == 'TeamViewer 15'][0]")" \
	"$(grep -B1 '^  TeamViewer 15 v.15.51.5' "$TMP/rr" | head -1)"
expect_eq "7-Zip's LastWrite as RegRipper's uninstall reads it" \
	"$(jq_check new-software "[p['written'].replace('T', ' ') for p in d['programs'] if p['name'].startswith('7-Zip')][0]")" \
	"$(grep -B1 '^  7-Zip 23.01 (x64) v.23.01' "$TMP/rr" | head -1)"
expect_eq "AnyDesk's InstallDate as hivexget reads it" \
	"$(jq_check new-software "[p['time'].replace('-', '') for p in d['programs'] if p['name'] == 'AnyDesk'][0]")" \
	"$(hivexget "$SW" '\Microsoft\Windows\CurrentVersion\Uninstall\AnyDesk' InstallDate)"
regripper -r "$SW" -p run >"$TMP/rr" 2>&1
expect_eq "the Run value as RegRipper's run reads it" \
	"$(jq_check new-software "[p['name'] + ' - ' + p['command'] for p in d['persistence'] if p['name'] == 'SecurityHealth'][0]")" \
	"$(sed -n 's/^  \(SecurityHealth - .*\)/\1/p' "$TMP/rr")"
expect_eq "the Run key's LastWrite as RegRipper's run reads it" \
	"$(jq_check new-software "[p['written'].replace('T', ' ') for p in d['persistence'] if p['name'] == 'SecurityHealth'][0]")" \
	"$(grep -A1 '^Microsoft\\Windows\\CurrentVersion\\Run$' "$TMP/rr" | sed -n 's/^LastWrite Time //p')"
regripper -r "$NA" -p run >"$TMP/rr" 2>&1
expect_eq "Alice's Run value as RegRipper's run reads it" \
	"$(jq_check new-software "[p['name'] + ' - ' + p['command'] for p in d['persistence'] if p['name'] == 'Updater' and p['kind'] == 'run key value'][0]")" \
	"$(sed -n 's/^  \(Updater - .*\)/\1/p' "$TMP/rr")"
regripper -r "$SY" -p services >"$TMP/rr" 2>&1
expect_eq "evilsvc's ImagePath as RegRipper's services reads it" \
	"$(jq_check new-software "[p['command'] for p in d['persistence'] if p['name'] == 'evilsvc'][0]")" \
	"$(sed -n 's/^ *ImagePath = //p' "$TMP/rr" | grep svc.exe)"
expect_eq "evilsvc's LastWrite as RegRipper's services reads it" \
	"$(jq_check new-software "[p['written'] for p in d['persistence'] if p['name'] == 'evilsvc'][0]")" \
	"$(awk '/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] / { t = $0 } /Name *= evilsvc$/ { print t }' "$TMP/rr" |
		python3 -c 'import sys,datetime; print(datetime.datetime.strptime(sys.stdin.read().strip(), "%a %b %d %H:%M:%S %Y Z").strftime("%Y-%m-%dT%H:%M:%SZ"))')"

# the site's lists match Windows names ignoring case
printf 'telework_start: 2026-03-01\nsoftware:\n  allow: ["anydesk", "teamviewer*", "qbittorrent*", "notepad++*", "*\\\\upd.exe*", "securityhealth", "evilsvc", "dllsvc", "/updater", "ultravnc"]\n' >"$TMP/allow.yaml"
run_check "new-software with everything on the allow list" "$W" new-software --config "$TMP/allow.yaml"
expect_status "allowed (any case): pass" pass
printf 'telework_start: 2026-03-01\nsoftware:\n  deny: ["7-ZIP*"]\n' >"$TMP/deny.yaml"
run_check "new-software with 7-Zip denied" "$W" new-software --config "$TMP/deny.yaml"
expect_grep "the deny list matches ignoring case" "7-Zip 23.01 \\(x64\\) 23.01 \\(on the site's deny list \\(7-ZIP\\*\\)\\)" "$TMP/new-software.json"

# a later period: the tools were there before it
printf 'checks:\n  new-software:\n    since: "2026-06-01"\n' >"$TMP/late.yaml"
run_check "new-software with a period after every install" "$W" new-software --config "$TMP/late.yaml"
expect_status "tools present from before: warn" warn
expect_eq "nothing persistent in the period" "$(jq_check new-software 'len(d["persistence"])')" 0

# hostile: escape bytes in a name, a task that is a FIFO, a task link out of
# the root, a damaged user hive
win_software "$W" <<EOF
[$UN\\Evil]
"DisplayName"="Evil$(printf '\033')[31mApp"
"InstallDate"="20260401"
EOF
"$REENTRY" check new-software --root "$W" --config "$TMP/tw.yaml" >"$TMP/ns.txt" 2>&1
no_raw_escapes "a program name's escape bytes never reach the terminal" "$TMP/ns.txt"
mkfifo "$W/WINDOWS/system32/Tasks/Fifo"
ln -s /etc/passwd "$W/WINDOWS/system32/Tasks/Link"
head -c 5000 "$NA" >"$TMP/t" && mv "$TMP/t" "$NA"
run_check "new-software with a FIFO task, a task link and a damaged user hive" "$W" new-software --config "$TMP/tw.yaml"
expect_status "places not read: unknown" unknown
expect_eq "each named as a problem" \
	"$(jq_check new-software 'sorted(p.split(":")[0].rsplit("/", 1)[-1] for p in d["problems"])')" \
	"['Fifo', 'Link', 'NTUSER.DAT', 'NTUSER.DAT']"
win_software "$W" </dev/null
win_system "$W" </dev/null
rm -f "$W/WINDOWS/system32/Tasks/Fifo" "$W/WINDOWS/system32/Tasks/Link" "$W"/WINDOWS/system32/Tasks/*Task* "$W/WINDOWS/system32/Tasks/Updater"
win_blank_hive "$NA"
run_check "new-software after the tools are gone" "$W" new-software --config "$TMP/tw.yaml"
expect_status "nothing left: pass" pass
mkfifo "$W/WINDOWS/system32/Tasks/Fifo"
run_check "new-software with only a FIFO task" "$W" new-software --config "$TMP/tw.yaml"
expect_status "a task not read: unknown" unknown
rm -f "$W/WINDOWS/system32/Tasks/Fifo"
rm -rf "$W/WINDOWS/system32/Tasks"
run_check "new-software without a task folder" "$W" new-software --config "$TMP/tw.yaml"
expect_status "tasks unseen: unknown" unknown
expect_grep "says tasks are not seen" "scheduled tasks are not seen" "$TMP/new-software.json"

# portable copies of known tools in the profiles (any case), in and before the period
win_machine "$W"
mkdir -p "$W/WINDOWS/system32/Tasks" "$W/Users/Alice/downloads/sub" "$W/Users/bob/Desktop" "$W/Users/bob/AppData/Local/Temp"
: >"$W/Users/Alice/downloads/sub/AnyDesk.exe"
: >"$W/Users/bob/AppData/Local/Temp/qbittorrent_4.6.2_x64_setup.exe"
: >"$W/Users/bob/Desktop/report.docx"
run_check "new-software with portable tools in the profiles" "$W" new-software --config "$TMP/tw.yaml"
expect_status "portable remote-access tool added: fail" fail
expect_eq "both found, by file name" \
	"$(jq_check new-software 'sorted((p["name"], p["user"], p["level"]) for p in d["portable_tools"])')" \
	"[('AnyDesk.exe', 'Alice', 'fail'), ('qbittorrent_4.6.2_x64_setup.exe', 'bob', 'fail')]"
printf 'checks:\n  new-software:\n    since: "2099-01-01"\n' >"$TMP/future.yaml"
run_check "new-software with the portable tools from before the period" "$W" new-software --config "$TMP/future.yaml"
expect_status "there before: warn" warn
expect_grep "says since before the period" "tool in a profile since before the period" "$TMP/new-software.json"
