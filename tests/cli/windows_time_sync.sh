# windows_time_sync.sh: time-sync on Windows roots: the W32Time service, its
# NTP client and its policy; configuration only, as in a Linux image (pass
# says so), disabled, NoSync or the NTP client off fails, a damaged value is
# unknown; values compared with hivexget on the same hives.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SY="$W/$WIN_CFG/system"
SW="$W/$WIN_CFG/SOFTWARE"
SVC='HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\W32Time'

run_check "time-sync on Windows without a W32Time service" "$W" time-sync
expect_status "no time service: fail" fail
expect_grep "the summary names W32Time" "W32Time) is not installed" "$TMP/time-sync.json"
expect_eq "judged from configuration" "$(jq_check time-sync 'd["judged"]')" configuration

win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"Type"="NTP"
"NtpServer"="time.windows.com,0x9"

[$SVC\\TimeProviders\\NtpClient]
"Enabled"=dword:00000001

[$SVC\\SecureTimeLimits]
"SecureTimeEstimated"=hex(b):00,c0,6b,1c,c5,c7,da,01
EOF
run_check "time-sync with W32Time on NTP" "$W" time-sync
expect_status "set up: pass, configuration only" pass
expect_grep "pass says configuration only" "configuration only \\(not the running system\\): W32Time" "$TMP/time-sync.json"
expect_grep "and what was not seen" "clock is synchronised was not seen" "$TMP/time-sync.json"
expect_eq "NtpServer as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["ntp_server"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time\Parameters' NtpServer)"
expect_eq "Type as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["type"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time\Parameters' Type)"
expect_eq "Start as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["start"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time' Start)"
expect_eq "the NTP client's Enabled as hivexget reads it" \
	"$(jq_check time-sync 'int(d["w32time"]["ntp_client_enabled"])')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time\TimeProviders\NtpClient' Enabled)"
# the QWORD FILETIME, converted by Python from hivexget's raw bytes
ft=$(hivexregedit --export "$SY" '\ControlSet001\Services\W32Time\SecureTimeLimits' |
	sed -n 's/^"SecureTimeEstimated"=hex(b)://p' | tr -d '\r')
want=$(python3 -c 'import sys,datetime; b=bytes(int(x,16) for x in sys.argv[1].split(",")); ft=int.from_bytes(b,"little"); print(datetime.datetime.fromtimestamp(ft//10**7-11644473600, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$ft")
expect_eq "SecureTimeEstimated as hivexregedit exports it" \
	"$(jq_check time-sync 'd["w32time"]["secure_time_estimated"].split()[0]')" "$want"
expect_eq "registry evidence with LastWrite times" \
	"$(jq_check time-sync 'all(e.get("key_written") for e in c["evidence"] if e["kind"]=="registry" and not e.get("missing"))')" True

win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000004

[$SVC\\Parameters]
"Type"="NTP"
"NtpServer"="time.windows.com,0x9"
EOF
run_check "time-sync with W32Time disabled" "$W" time-sync
expect_status "service disabled: fail" fail
expect_grep "says disabled" "is disabled \\(Start 4\\)" "$TMP/time-sync.json"

win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"Type"="NoSync"
EOF
run_check "time-sync with W32Time set to NoSync" "$W" time-sync
expect_status "NoSync: fail" fail

win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"Type"="NTP"
"NtpServer"="time.windows.com,0x9"

[$SVC\\TimeProviders\\NtpClient]
"Enabled"=dword:00000000
EOF
run_check "time-sync with the NTP client turned off" "$W" time-sync
expect_status "NTP client off: fail" fail

win_software "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\W32Time\TimeProviders\NtpClient]
"Enabled"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\W32Time\Parameters]
"NtpServer"="ntp.nict.jp,0x9"
EOF
run_check "time-sync with the NTP client turned on by policy" "$W" time-sync
expect_status "policy wins: pass" pass
expect_eq "the policy's server and where it came from" \
	"$(jq_check time-sync 'd["w32time"]["ntp_server"], d["w32time"]["ntp_server_from"], d["w32time"]["ntp_client_from"]')" \
	"('ntp.nict.jp,0x9', 'policy', 'policy')"
expect_eq "the policy's server as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["ntp_server"]')" \
	"$(hivexget "$SW" '\Policies\Microsoft\W32Time\Parameters' NtpServer)"

win_software "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\W32Time\Parameters]
"Type"="NoSync"
EOF
run_check "time-sync with NoSync set by policy over NTP" "$W" time-sync
expect_status "policy NoSync: fail" fail
expect_grep "from the policy" "Type NoSync, from the policy" "$TMP/time-sync.json"

win_software "$W" </dev/null
win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"NtpServer"="time.windows.com,0x9"
EOF
run_check "time-sync with no Type (Windows' default NT5DS)" "$W" time-sync
expect_status "domain hierarchy: pass, configuration only" pass
expect_grep "says the default" "Type NT5DS, Windows' default" "$TMP/time-sync.json"

win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"Type"="NTP"
EOF
run_check "time-sync with NTP but no server" "$W" time-sync
expect_status "no NtpServer: warn" warn

# hostile: a Type of the wrong registry type, escape bytes in a server name
win_system "$W" <<EOF
[$SVC]
"Start"=dword:00000003

[$SVC\\Parameters]
"Type"=dword:00000001
"NtpServer"="\$(printf '\033')[31mevil"
EOF
run_check "time-sync with Type as a DWORD" "$W" time-sync
expect_status "an unreadable setting: unknown, never pass" unknown
expect_grep "names the value" "Type of another type" "$TMP/time-sync.json"
printf 'Windows Registry Editor Version 5.00\n\n[%s\\Parameters]\n"Type"="NTP"\n"NtpServer"="\033[31mevil"\n' "$SVC" | win_system "$W"
"$REENTRY" check time-sync --root "$W" >"$TMP/ts.txt" 2>&1
no_raw_escapes "a server name's escape bytes never reach the terminal" "$TMP/ts.txt"
expect_grep "the server name is shown sanitised" "evil" "$TMP/ts.txt"

head -c 3000 "$SY" >"$TMP/trunc" && mv "$TMP/trunc" "$SY"
run_check "time-sync with a truncated SYSTEM hive" "$W" time-sync
expect_status "truncated hive: unknown" unknown
expect_grep "names the hive" "Config/system" "$TMP/time-sync.json"
