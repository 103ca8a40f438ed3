# windows_time_sync.sh: time-sync on Windows roots: the W32Time service and
# its policy; set up is unknown at rest (the clock's state is not on the
# disk), disabled or NoSync fails; compared with hivexget.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SY="$W/$WIN_CFG/system"
SVC='HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\W32Time'

run_check "time-sync on Windows without a W32Time service" "$W" time-sync
expect_status "no time service: fail" fail

printf '[%s]\n"Start"=dword:00000003\n\n[%s\\Parameters]\n"Type"="NTP"\n"NtpServer"="time.windows.com,0x9"\n' "$SVC" "$SVC" | win_system "$W"
run_check "time-sync with W32Time on NTP" "$W" time-sync
expect_status "set up, state unseen at rest: unknown, never pass" unknown
expect_eq "NtpServer as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["ntp_server"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time\Parameters' NtpServer)"
expect_eq "Type as hivexget reads it" "$(jq_check time-sync 'd["w32time"]["type"]')" \
	"$(hivexget "$SY" '\ControlSet001\Services\W32Time\Parameters' Type)"

printf '[%s]\n"Start"=dword:00000004\n\n[%s\\Parameters]\n"Type"="NTP"\n' "$SVC" "$SVC" | win_system "$W"
run_check "time-sync with W32Time disabled" "$W" time-sync
expect_status "service disabled: fail" fail

printf '[%s]\n"Start"=dword:00000003\n\n[%s\\Parameters]\n"Type"="NoSync"\n' "$SVC" "$SVC" | win_system "$W"
run_check "time-sync with W32Time set to NoSync" "$W" time-sync
expect_status "NoSync: fail" fail

printf '[%s]\n"Start"=dword:00000003\n\n[%s\\Parameters]\n"Type"="NoSync"\n' "$SVC" "$SVC" | win_system "$W"
printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\W32Time\\Parameters]\n"Type"="NTP"\n"NtpServer"="ntp.nict.jp,0x9"\n' | win_software "$W"
run_check "time-sync with NoSync overridden by policy" "$W" time-sync
expect_status "policy sets NTP: unknown" unknown
expect_eq "the policy's server" "$(jq_check time-sync 'd["w32time"]["ntp_server"]')" "ntp.nict.jp,0x9"
