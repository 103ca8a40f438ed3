# windows_remote_access.sh: remote-access on Windows roots: Remote Desktop
# (setting and policy, NLA, port), Remote Assistance and remote-access
# services read from the hives, compared with hivexget and RegRipper's
# termserv, rdpport and services plugins; the sockets of a system at rest
# are never claimed seen.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SY="$W/$WIN_CFG/system"
run_check "remote-access on a Windows root with nothing set up" "$W" remote-access
expect_status "sockets unseen at rest: unknown, never pass" unknown
expect_eq "no setup found" "$(jq_check remote-access 'len(d["configs"])')" 0
expect_eq "RDP absent means denied" "$(jq_check remote-access 'd["rdp"]["enabled"]')" False
expect_grep "the summary says the sockets cannot be seen" "cannot be seen on a system read from its disk" "$TMP/remote-access.json"

win_system "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server]
"fDenyTSConnections"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp]
"UserAuthentication"=dword:00000000
"PortNumber"=dword:00000d3e

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Remote Assistance]
"fAllowToGetHelp"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\AnyDesk]
"Start"=dword:00000002
"ImagePath"="\"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe\" --service"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\TeamViewer]
"Start"=dword:00000004

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\WinRM]
"Start"=dword:00000003

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\sshd]
"Start"=dword:00000002
EOF2
run_check "remote-access with RDP without NLA, Remote Assistance, AnyDesk and sshd" "$W" remote-access
expect_status "findings and unseen sockets: unknown" unknown
expect_grep "RDP without NLA named" "Remote Desktop \(RDP\) enabled on port 3390, WITHOUT Network Level Authentication" "$TMP/remote-access.json"
expect_grep "Remote Assistance named" "Remote Assistance allowed" "$TMP/remote-access.json"
expect_grep "AnyDesk's service named" "AnyDesk service \(starts automatically\)" "$TMP/remote-access.json"
expect_grep "the OpenSSH server's service named" "OpenSSH server service \(starts automatically\)" "$TMP/remote-access.json"
expect_nogrep "a disabled TeamViewer service is no finding" "TeamViewer service" "$TMP/remote-access.json"
expect_nogrep "WinRM on demand (the client default) is no finding" "WinRM\\) service" "$TMP/remote-access.json"
expect_eq "four setups found" "$(jq_check remote-access 'len(d["configs"])')" 4
# the peers: hivexget and RegRipper on the same SYSTEM hive
TS='\ControlSet001\Control\Terminal Server'
expect_eq "fDenyTSConnections as hivexget reads it" \
	"$(jq_check remote-access 'int(not d["rdp"]["enabled"])')" "$(hivexget "$SY" "$TS" fDenyTSConnections)"
expect_eq "RDP port as hivexget reads it" "$(jq_check remote-access 'd["rdp"]["port"]')" \
	"$(hivexget "$SY" "$TS\\WinStations\\RDP-Tcp" PortNumber)"
regripper -r "$SY" -p rdpport >"$TMP/rr" 2>&1
expect_eq "RDP port as RegRipper's rdpport reads it" "$(jq_check remote-access 'd["rdp"]["port"]')" \
	"$(sed -n 's/^Remote Desktop Listening Port Number = //p' "$TMP/rr")"
regripper -r "$SY" -p termserv >"$TMP/rr" 2>&1
expect_eq "NLA as RegRipper's termserv reads it" "$(jq_check remote-access 'int(d["rdp"]["nla_required"])')" \
	"$(sed -n 's/^ *UserAuthentication: //p' "$TMP/rr")"
regripper -r "$SY" -p services >"$TMP/rr" 2>&1
expect_eq "AnyDesk ImagePath as RegRipper's services reads it" \
	"$(jq_check remote-access '[s["image"] for s in d["services"] if s["service"]=="AnyDesk"][0]')" \
	"$(sed -n 's/^ *ImagePath = //p' "$TMP/rr" | grep AnyDesk)"
expect_eq "every finding's registry evidence has a LastWrite time" \
	"$(jq_check remote-access 'all(e.get("key_written") for e in c["evidence"] if e["kind"]=="registry" and not e.get("missing"))')" True

# allow_configs expects the RDP setup by its key path, any control set
cat >"$TMP/cfg.yaml" <<'EOF2'
checks:
  remote-access:
    allow_configs: ["/WINDOWS/system32/Config/system/*/Control/Terminal Server"]
EOF2
run_check "remote-access with RDP expected by allow_configs" "$W" remote-access --config "$TMP/cfg.yaml"
expect_eq "the RDP setup is expected" \
	"$(jq_check remote-access '[x["expected"] for x in d["configs"] if "Remote Desktop" in x["kind"]][0]')" True

# Group Policy wins over the setting, both ways
win_system "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server]
"fDenyTSConnections"=dword:00000000
EOF2
win_software "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services]
"fDenyTSConnections"=dword:00000001
EOF2
run_check "remote-access with RDP on but denied by policy" "$W" remote-access
expect_eq "policy denies: RDP off" "$(jq_check remote-access 'd["rdp"]["enabled"], d["rdp"]["decided_by"]')" "(False, 'policy')"
expect_eq "no setup found" "$(jq_check remote-access 'len(d["configs"])')" 0
win_system "$W" </dev/null
win_software "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services]
"fDenyTSConnections"=dword:00000000
"UserAuthentication"=dword:00000001
EOF2
run_check "remote-access with RDP enabled by policy only" "$W" remote-access
expect_grep "enabled by policy, NLA required" "RDP\) enabled by policy on port 3389, Network Level Authentication required" "$TMP/remote-access.json"

# the live control set, not the first
win_system "$W" <<'EOF2'
[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000002

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\AnyDesk]
"Start"=dword:00000002

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet002\Control]
EOF2
win_software "$W" </dev/null
run_check "remote-access with AnyDesk only in a stale control set" "$W" remote-access
expect_eq "a stale control set is not read" "$(jq_check remote-access 'len(d["configs"])')" 0

# a SYSTEM hive without Select: unknown naming the hive
win_blank_hive "$SY"
run_check "remote-access with an empty SYSTEM hive" "$W" remote-access
expect_status "no live control set: unknown" unknown
expect_grep "the reason names the hive and Select" "Config/system: key Select absent" "$TMP/remote-access.json"

# VPN profiles: phone books (machine and per user, mixed case), OpenVPN, WireGuard
win_machine "$W"
mkdir -p "$W/ProgramData/Microsoft/Network/Connections/PBK" "$W/Users/Alice/AppData/Roaming/Microsoft/Network/Connections/Pbk" \
	"$W/Users/bob/OpenVPN/config" "$W/Program Files/WireGuard/Data/Configurations"
printf '[Office VPN]\r\nEncoding=1\r\nType=2\r\nPhoneNumber=vpn.example.jp\r\n\r\n[Home broadband]\r\nType=5\r\n' \
	>"$W/ProgramData/Microsoft/Network/Connections/PBK/RASPHONE.PBK"
printf '[\033[31mEvil VPN]\nType=2\n' >"$W/Users/Alice/AppData/Roaming/Microsoft/Network/Connections/Pbk/rasphone.pbk"
printf 'client\nremote vpn.example.net 1194\n' >"$W/Users/bob/OpenVPN/config/home.OVPN"
: >"$W/Program Files/WireGuard/Data/Configurations/wg0.conf.dpapi"
run_check "remote-access with VPN profiles" "$W" remote-access
expect_eq "VPN profiles found: two phone-book VPNs, OpenVPN, WireGuard (broadband is not VPN)" \
	"$(jq_check remote-access 'sorted(x["kind"] for x in d["configs"])')" \
	"['OpenVPN', 'Windows VPN connection', 'Windows VPN connection', 'WireGuard']"
expect_eq "the machine phone book's entry is named" \
	"$(jq_check remote-access '[x["name"] for x in d["configs"] if x["file"].endswith("RASPHONE.PBK")]')" "['Office VPN']"
"$REENTRY" check remote-access --root "$W" >"$TMP/ra.txt" 2>&1
no_raw_escapes "a connection name's escape bytes never reach the terminal" "$TMP/ra.txt"
cat >"$TMP/cfg.yaml" <<'EOF2'
checks:
  remote-access:
    allow_configs: ["/ProgramData/Microsoft/Network/Connections/PBK/RASPHONE.PBK", "/Users/*/OpenVPN/config/*.OVPN"]
EOF2
run_check "remote-access with the office VPN expected" "$W" remote-access --config "$TMP/cfg.yaml"
expect_eq "expected profiles by glob" \
	"$(jq_check remote-access 'sorted((x["kind"], x["expected"]) for x in d["configs"])')" \
	"[('OpenVPN', True), ('Windows VPN connection', False), ('Windows VPN connection', True), ('WireGuard', False)]"
rm "$W/Users/Alice/AppData/Roaming/Microsoft/Network/Connections/Pbk/rasphone.pbk"
mkfifo "$W/Users/Alice/AppData/Roaming/Microsoft/Network/Connections/Pbk/rasphone.pbk"
run_check "remote-access with a FIFO for a phone book" "$W" remote-access
expect_grep "an unreadable phone book is named" "cannot read /Users/Alice/AppData/Roaming/Microsoft/Network/Connections/Pbk/rasphone.pbk" "$TMP/remote-access.json"
