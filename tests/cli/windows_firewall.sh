# windows_firewall.sh: firewall on Windows roots: the three profiles from the
# service settings and Group Policy (which wins), and inbound allow rules that
# open everything, compared with hivexget on the same hives.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SY="$W/$WIN_CFG/system"
FP='HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy'
# profiles ENABLE_DOMAIN ENABLE_STANDARD ENABLE_PUBLIC [INBOUND_PUBLIC]: the service settings
profiles() {
	printf '[%s\\DomainProfile]\n"EnableFirewall"=dword:%08x\n"DefaultInboundAction"=dword:00000001\n\n' "$FP" "$1"
	printf '[%s\\StandardProfile]\n"EnableFirewall"=dword:%08x\n"DefaultInboundAction"=dword:00000001\n\n' "$FP" "$2"
	printf '[%s\\PublicProfile]\n"EnableFirewall"=dword:%08x\n"DefaultInboundAction"=dword:%08x\n\n' "$FP" "$3" "${4:-1}"
	printf '[%s\\FirewallRules]\n' "$FP"
	printf '"RemoteDesktop-UserMode-In-TCP"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|App=%%SystemRoot%%\\\\system32\\\\svchost.exe|Svc=termservice|Name=Remote Desktop - User Mode (TCP-In)|"\n'
	printf '"CoreNet-Block"="v2.30|Action=Block|Active=TRUE|Dir=In|Name=Block all|"\n'
	printf '"Inactive-Open"="v2.30|Action=Allow|Active=FALSE|Dir=In|Name=Inactive open rule|"\n'
}
fw_field() { jq_check firewall "$1"; }

profiles 1 1 1 | win_system "$W"
run_check "firewall with every profile on and blocking" "$W" firewall
expect_status "every profile filters: pass" pass
expect_grep "one restricted allow rule counted" "1 inbound allow rule limited to programs, ports or addresses" "$TMP/firewall.json"
for p in DomainProfile StandardProfile PublicProfile; do
	got=$(fw_field "[int(x['enabled']) for x in d['windows_profiles'] if x['profile']=={'DomainProfile':'Domain','StandardProfile':'Private','PublicProfile':'Public'}['$p']][0]")
	expect_eq "$p EnableFirewall as hivexget reads it" "$got" \
		"$(hivexget "$SY" "\\ControlSet001\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\$p" EnableFirewall)"
done
expect_eq "every rule string read" "$(fw_field 'd["windows_rules_read"]')" 3

profiles 1 1 0 | win_system "$W"
run_check "firewall with the Public profile off" "$W" firewall
expect_status "one profile off: warn (partial)" warn
expect_grep "the off profile is named" "Public profile: firewall off" "$TMP/firewall.json"

profiles 1 1 1 0 | win_system "$W"
run_check "firewall with the Public profile allowing inbound by default" "$W" firewall
expect_status "inbound allowed by default on Public: warn" warn
expect_grep "the default action is named" "Public profile: all inbound traffic by default" "$TMP/firewall.json"

{ profiles 1 1 1; printf '"Evil"="v2.30|Action=Allow|Active=TRUE|Dir=In|Name=Open \033[31mall|"\n'; } | win_system "$W"
run_check "firewall with an inbound rule allowing everything" "$W" firewall
expect_status "a rule that opens everything on every profile: fail" fail
expect_grep "the rule is named" "rule .*Open .*all.*all inbound traffic" "$TMP/firewall.json"
"$REENTRY" check firewall --root "$W" >"$TMP/fw.txt" 2>&1
no_raw_escapes "a rule name's escape bytes never reach the terminal" "$TMP/fw.txt"

{ profiles 1 1 1; printf '"PubOpen"="v2.30|Action=Allow|Active=TRUE|Dir=In|Profile=Public|Name=Open on public|"\n'; } | win_system "$W"
run_check "firewall with a rule opening everything on the Public profile only" "$W" firewall
expect_status "one profile opened wide: warn (partial)" warn
expect_eq "the rule is in opened_by, for IPv4 and IPv6 alike" \
	"$(fw_field '[len(d["sources"][0][f]["opened_by"]) for f in ("ipv4", "ipv6")]')" "[1, 1]"
profiles 0 0 0 | win_system "$W"
run_check "firewall with every profile off" "$W" firewall
expect_status "nothing in force: fail" fail

# Group Policy wins over the service settings
profiles 0 0 0 | win_system "$W"
win_software "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile]
"EnableFirewall"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile]
"EnableFirewall"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\PublicProfile]
"EnableFirewall"=dword:00000001
"DefaultInboundAction"=dword:00000001
EOF2
run_check "firewall off in the settings but on by policy" "$W" firewall
expect_status "policy turns every profile on: pass" pass
expect_eq "policy named as where it came from" "$(fw_field '[x["enabled_from"] for x in d["windows_profiles"]]')" "['policy', 'policy', 'policy']"
profiles 1 1 1 | win_system "$W"
win_software "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\PublicProfile]
"EnableFirewall"=dword:00000000
EOF2
run_check "firewall on in the settings but Public off by policy" "$W" firewall
expect_status "policy turns Public off: warn" warn
win_software "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules]
"GpoOpen"="v2.30|Action=Allow|Active=TRUE|Dir=In|Name=GPO opens all|"
EOF2
run_check "firewall with a policy rule opening everything" "$W" firewall
expect_status "policy rule opening everything on every profile: fail" fail
expect_grep "the policy rule is named" "GPO opens all" "$TMP/firewall.json"

win_blank_hive "$SY"
run_check "firewall with a SYSTEM hive without control set" "$W" firewall
expect_status "unreadable settings: unknown" unknown

# no firewall settings at all for the profiles: Windows' defaults are not assumed
win_hive "$SY" 'HKEY_LOCAL_MACHINE\SYSTEM' <<'EOF2'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control]
EOF2
win_software "$W" </dev/null
run_check "firewall with no profile settings at all" "$W" firewall
expect_status "settings absent: unknown, never pass on defaults" unknown
expect_grep "the absent key is named" "FirewallPolicy.+DomainProfile is absent" "$TMP/firewall.json"
