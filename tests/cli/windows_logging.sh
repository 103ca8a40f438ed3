# windows_logging.sh: logging on Windows roots: the event log service, the
# Application/Security/System logs' size, retention and backup (policy
# winning), their .evtx files, and the audit policy in SECURITY; compared
# with hivexget and RegRipper's auditpol plugin.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SY="$W/$WIN_CFG/system"
SEC="$W/$WIN_CFG/SECURITY"
EL='HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\EventLog'
logs() {
	mkdir -p "$W/WINDOWS/system32/winevt/Logs"
	for l in Application Security System; do
		printf 'ElfFile\000' >"$W/WINDOWS/system32/winevt/Logs/$l.evtx"
	done
}
# polaudit LOGON LOGOFF: a Windows 10 PolAdtEv (148 bytes, id 0x82) as .reg hex
polaudit() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
b = bytearray(148)
struct.pack_into("<H", b, 8, 0x82)
struct.pack_into("<HHH", b, 0x16, int(sys.argv[1]), int(sys.argv[2]), 2)
print("@=hex:" + ",".join("%02x" % x for x in b))
PY
}
security() {
	{ printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SECURITY\\Policy\\PolAdtEv]\n'; polaudit "$1" "$2"; } |
		win_hive "$SEC" 'HKEY_LOCAL_MACHINE\SECURITY'
}
good_system() {
	win_system "$W" <<EOF
[$EL]
"Start"=dword:00000002

[$EL\\Application]
"MaxSize"=dword:01400000
"Retention"=dword:00000000

[$EL\\Security]
"MaxSize"=dword:01400000
"Retention"=dword:00000000

[$EL\\System]
"MaxSize"=dword:01400000
$*
EOF
}

run_check "logging on Windows without the logs folder or SECURITY" "$W" logging
expect_status "nothing seen: unknown" unknown
expect_grep "says the folder is missing" "winevt/Logs was not found" "$TMP/logging.json"

logs
security 3 1
good_system
run_check "logging with the three logs, defaults and logon auditing" "$W" logging
expect_status "kept and audited: pass, configuration only" pass
expect_grep "pass says configuration only" "configuration only \\(not the running system\\)" "$TMP/logging.json"
expect_eq "Security MaxSize as hivexget reads it" "$(jq_check logging 'd["logs"]["Security"]["max_size"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\EventLog\Security' MaxSize)"
regripper -r "$SEC" -p auditpol >"$TMP/rr" 2>&1
expect_eq "Logon auditing as RegRipper's auditpol reads it (S/F)" "$(jq_check logging 'd["audit_policy"]["logon"]')" \
	"$(sed -n 's|^Logon/Logoff:Logon  *\([^ ]*\).*|\1|p' "$TMP/rr" | sed 's|S/F|success and failure|; s|^S$|success|; s|^F$|failure|; s|^N$|none|')"
expect_eq "Logoff auditing as RegRipper's auditpol reads it (S)" "$(jq_check logging 'd["audit_policy"]["logoff"]')" \
	"$(sed -n 's|^Logon/Logoff:Logoff  *\([^ ]*\).*|\1|p' "$TMP/rr" | sed 's|S/F|success and failure|; s|^S$|success|; s|^F$|failure|; s|^N$|none|')"
expect_eq "file evidence for the logs" "$(jq_check logging 'sum(1 for e in c["evidence"] if e["kind"]=="file" and e["path"].endswith(".evtx"))')" 3

security 0 0
run_check "logging with logons not audited" "$W" logging
expect_status "no logon auditing: warn" warn
expect_grep "says so" "logons are not audited" "$TMP/logging.json"
printf 'checks:\n  logging:\n    require_audit: false\n' >"$TMP/noaudit.yaml"
run_check "logging with logons not audited, audit not required" "$W" logging --config "$TMP/noaudit.yaml"
expect_status "audit not required: pass" pass

security 3 1
good_system <<'EOF'
EOF
win_system "$W" <<EOF
[$EL]
"Start"=dword:00000002

[$EL\\Security]
"MaxSize"=dword:00100000
"Retention"=dword:ffffffff
EOF
run_check "logging with a 1 MB Security log that stops when full" "$W" logging
expect_status "small and stopping: warn" warn
expect_grep "names the size" "Security log may hold only 1024 KB" "$TMP/logging.json"
expect_grep "names the retention" "stops logging when full" "$TMP/logging.json"
win_software "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\EventLog\Security]
"MaxSize"=dword:00030000
"Retention"="0"
EOF
run_check "logging with the policy setting 192 MB and overwrite" "$W" logging
expect_status "policy wins: pass" pass
expect_eq "size from the policy, in KB" "$(jq_check logging 'd["logs"]["Security"]["max_size"], d["logs"]["Security"]["max_size_from"]')" "(201326592, 'policy')"
win_software "$W" </dev/null

win_system "$W" <<EOF
[$EL]
"Start"=dword:00000004
EOF
run_check "logging with the event log service disabled" "$W" logging
expect_status "service disabled: fail" fail

# hostile and missing pieces
good_system
printf 'not an event log' >"$W/WINDOWS/system32/winevt/Logs/Security.evtx"
run_check "logging with a Security.evtx that is no event log" "$W" logging
expect_status "not an event log: unknown" unknown
rm "$W/WINDOWS/system32/winevt/Logs/Security.evtx"
mkfifo "$W/WINDOWS/system32/winevt/Logs/Security.evtx"
run_check "logging with a FIFO for Security.evtx" "$W" logging
expect_status "a FIFO is never waited on: unknown" unknown
rm "$W/WINDOWS/system32/winevt/Logs/Security.evtx"
logs
win_system "$W" <<EOF
[$EL\\Security]
"MaxSize"="big"
EOF
run_check "logging with MaxSize as a string" "$W" logging
expect_status "a value of another type: unknown" unknown
expect_grep "names the value" "MaxSize of another type" "$TMP/logging.json"
good_system
{ printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SECURITY\\Policy\\PolAdtEv]\n@=hex:01,02,03\n'; } |
	win_hive "$SEC" 'HKEY_LOCAL_MACHINE\SECURITY'
run_check "logging with an audit policy of an unknown layout" "$W" logging
expect_status "not decoded: unknown" unknown
expect_grep "says the layout is not known" "layout not known" "$TMP/logging.json"
head -c 4200 "$SY" >"$TMP/t" && mv "$TMP/t" "$SY"
run_check "logging with a truncated SYSTEM hive" "$W" logging
expect_status "truncated: unknown" unknown
