# check_remote_access.sh: remote-access on fixture trees: listeners from /proc/net,
# sshd_config semantics (first match wins, Include, Match, AuthenticationMethods,
# ListenAddress), VPN and remote-desktop setups, malformed input, links planted to
# the host; and on this machine, compared with ss(8). Under --root only the
# configuration (and whether sshd is enabled at boot) is judged, never a running sshd.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

R="$TMP/ra"
mkdir -p "$R/etc/ssh/sshd_config.d"
# 127.0.0.1:631 (cups, loopback), 0.0.0.0:22, [::]:22, udp 0.0.0.0:68 (DHCP)
fix_sockets "$R" tcp "0100007F:0277 00000000:0000 0A 1111" "00000000:0016 00000000:0000 0A 2222" \
	"0100007F:0016 0100007F:A000 01 3333"
fix_sockets "$R" tcp6 "00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 4444" \
	"00000000000000000000000001000000:0019 00000000000000000000000000000000:0000 0A 5555"
fix_sockets "$R" udp "00000000:0044 00000000:0000 07 6666"
fix_proc "$R" 812 sshd 2222 4444
fix_proc "$R" 900 exim4 5555
cat >"$R/etc/ssh/sshd_config" <<'SSH'
# Debian style: drop-ins first, so they win
Include /etc/ssh/sshd_config.d/*.conf
KbdInteractiveAuthentication no
UsePAM yes
PasswordAuthentication yes
PermitRootLogin yes
SSH
printf 'PasswordAuthentication no\n' >"$R/etc/ssh/sshd_config.d/50-nopass.conf"
printf 'PermitRootLogin=prohibit-password\n' >"$R/etc/ssh/sshd_config.d/60-root.conf"
printf 'checks:\n  remote-access:\n    allow_ports: ["22/tcp", "68/udp"]\n' >"$TMP/allow22.yaml"
mkdir -p "$R/etc/systemd/system/multi-user.target.wants"
ln -s /lib/systemd/system/ssh.service "$R/etc/systemd/system/multi-user.target.wants/ssh.service"

run_check "sshd hardened by drop-ins, port 22 expected" "$R" remote-access --config "$TMP/allow22.yaml"
expect_status "first match wins: drop-ins turn password and root login off: pass" pass
expect_eq "listeners: non-loopback only, with programs" \
	"$(jq_check remote-access '[(l["proto"], l["address"], l["port"], l["program"], l["expected"]) for l in d["listeners"]]')" \
	"[('tcp', '0.0.0.0', 22, 'sshd', True), ('tcp6', '::', 22, 'sshd', True), ('udp', '0.0.0.0', 68, None, True)]"
expect_eq "where each setting came from; under --root a running sshd is not asserted" \
	"$(jq_check remote-access '(d["sshd"]["PasswordAuthentication_set_in"], d["sshd"]["PermitRootLogin_set_in"], d["sshd"]["active"], d["sshd"]["judged"], d["sshd"]["enabled_at_boot"])')" \
	"('/etc/ssh/sshd_config.d/50-nopass.conf:1', '/etc/ssh/sshd_config.d/60-root.conf:1', None, 'configuration only', True)"

# the IPv6 mail listener on ::1 is loopback; make it global (2001:db8::1) to see it reported
fix_sockets "$R" tcp6 "00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 4444" \
	"B80D0120000000000000000001000000:0019 00000000000000000000000000000000:0000 0A 5555"
run_check "an unexpected listener" "$R" remote-access --config "$TMP/allow22.yaml"
expect_status "unexpected listener: warn" warn
expect_grep "it names port, address and program" "tcp port 25 listens on 2001:db8::1 \\(exim4\\)" "$TMP/remote-access.json"
printf 'checks:\n  remote-access:\n    allow_ports: ["22/tcp", "68/udp"]\n    listener_status: fail\n' >"$TMP/strict.yaml"
run_check "an unexpected listener, listener_status fail" "$R" remote-access --config "$TMP/strict.yaml"
expect_status "listener_status fail: fail" fail
printf 'checks:\n  remote-access:\n    allow_ports: ["22/tcp", "25", "68/udp"]\n' >"$TMP/allow25.yaml"
run_check "port 25 allowed" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "allowed ports: pass" pass

# root login from the main file when the drop-in is gone: fail, naming file:line
rm "$R/etc/ssh/sshd_config.d/60-root.conf"
run_check "PermitRootLogin yes, sshd enabled at boot" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "root login with sshd enabled: fail" fail
expect_grep "the finding names the file and line, and that only the configuration was judged" \
	"sshd \\(enabled at boot; only the configuration was judged\\) allows root login \\(/etc/ssh/sshd_config:6\\)" "$TMP/remote-access.json"
# password login by default: nothing sets PasswordAuthentication
printf 'Include sshd_config.d/*.conf\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
rm "$R/etc/ssh/sshd_config.d/50-nopass.conf"
run_check "PasswordAuthentication unset" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "OpenSSH's default allows passwords: fail" fail
expect_grep "the default is named" "password login \\(/etc/ssh/sshd_config, by default\\)" "$TMP/remote-access.json"
# keyboard-interactive through PAM also takes passwords
printf 'PasswordAuthentication no\nPermitRootLogin no\nUsePAM yes\n' >"$R/etc/ssh/sshd_config"
run_check "keyboard-interactive with PAM" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "KbdInteractiveAuthentication default yes with UsePAM: fail" fail
# AuthenticationMethods and ListenAddress, as sshd -T reads them (issue 11)
printf 'PermitRootLogin no\nAuthenticationMethods publickey\n' >"$R/etc/ssh/sshd_config"
run_check "AuthenticationMethods publickey" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "keys only, though PasswordAuthentication defaults to yes: pass" pass
printf 'PermitRootLogin no\nAuthenticationMethods publickey,password\n' >"$R/etc/ssh/sshd_config"
run_check "AuthenticationMethods publickey,password" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "a password only after a key: pass" pass
printf 'PermitRootLogin no\nAuthenticationMethods publickey password\n' >"$R/etc/ssh/sshd_config"
run_check "AuthenticationMethods publickey password" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "a password alone is one of the lists: fail" fail
expect_grep "the reason is named" "allows password login \\(AuthenticationMethods\\)" "$TMP/remote-access.json"
printf 'PermitRootLogin no\nAuthenticationMethods password\nPasswordAuthentication no\n' >"$R/etc/ssh/sshd_config"
run_check "AuthenticationMethods that cannot be satisfied" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "sshd would refuse to start: unknown" unknown
printf 'PermitRootLogin no\nAuthenticationMethods publickey,passwd\n' >"$R/etc/ssh/sshd_config"
run_check "AuthenticationMethods with an unknown method" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "an unknown method: unknown" unknown
printf 'PermitRootLogin yes\nListenAddress 127.0.0.1\nListenAddress [::1]:2222\n' >"$R/etc/ssh/sshd_config"
run_check "sshd listening on loopback only" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "passwords and root, but only from this machine: pass" pass
expect_eq "the listen addresses are recorded" \
	"$(jq_check remote-access '(d["sshd"]["ListenAddress"], d["sshd"]["loopback_only"], d["sshd"]["password_login"])')" \
	"(['127.0.0.1', '[::1]:2222'], True, True)"
printf 'PermitRootLogin no\nListenAddress 127.0.0.1\nListenAddress 192.0.2.10:22\n' >"$R/etc/ssh/sshd_config"
run_check "sshd listening on loopback and one network address" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "one network address is enough: fail" fail
for kw in "Port 2222" "ListenAddress 0.0.0.0" "UsePAM yes"; do
	printf 'PasswordAuthentication no\nMatch User alice\n  %s\n' "$kw" >"$R/etc/ssh/sshd_config"
	run_check "$kw inside a Match block" "$R" remote-access --config "$TMP/allow25.yaml"
	expect_status "$kw inside Match: sshd refuses the file: unknown" unknown
	expect_grep "$kw inside Match: said as sshd says it" "sshd_config:3: Directive '${kw%% *}' is not allowed within a Match block" "$TMP/remote-access.json"
done
printf 'PasswordAuthentication no\nPermitRootLogin no\nMatch all\n  Port 2222\n' >"$R/etc/ssh/sshd_config"
run_check "Port inside Match all" "$R" remote-access --config "$TMP/allow25.yaml"
expect_status "Match all is global: its Port counts: pass" pass
# sshd not enabled at boot: the same settings only warn
printf 'PasswordAuthentication yes\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
rm -r "$R/proc/812" "$R/etc/systemd/system/multi-user.target.wants/ssh.service"
fix_sockets "$R" tcp "0100007F:0277 00000000:0000 0A 1111"
fix_sockets "$R" tcp6
run_check "password login configured, sshd not enabled" "$R" remote-access
expect_status "permissive but not enabled sshd: warn" warn
expect_grep "not enabled is said" "sshd \\(not enabled at boot; only the configuration was judged\\) allows password login" "$TMP/remote-access.json"
# Match blocks are conditional
printf 'PasswordAuthentication no\nMatch User alice\n  PasswordAuthentication yes\nMatch all\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
run_check "password login inside Match" "$R" remote-access
expect_status "conditional password login: warn" warn
expect_grep "the Match line is named" "sshd_config:3: PasswordAuthentication yes inside a Match block" "$TMP/remote-access.json"
# a Match block in an included file ends with that file: the main file's setting is global
printf 'Include sshd_config.d/*.conf\nPasswordAuthentication yes\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
printf 'Match Group sftponly\n  ForceCommand internal-sftp\n' >"$R/etc/ssh/sshd_config.d/10-sftp.conf"
run_check "Match block in an included file" "$R" remote-access
expect_eq "the main file's PasswordAuthentication after it is global" \
	"$(jq_check remote-access '(d["sshd"]["PasswordAuthentication"], d["sshd"]["PasswordAuthentication_set_in"])')" \
	"('yes', '/etc/ssh/sshd_config:2')"
rm "$R/etc/ssh/sshd_config.d/10-sftp.conf"
printf 'PasswordAuthentication no\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
run_check "hardened sshd, nothing else" "$R" remote-access
expect_status "nothing exposed: pass" pass

# malformed sshd_config: unknown with file and line
printf 'PasswordAuthentication no\nPermitRootLogin\n' >"$R/etc/ssh/sshd_config"
run_check "sshd_config with a missing argument" "$R" remote-access
expect_status "malformed sshd_config: unknown" unknown
expect_grep "file:line and reason" "/etc/ssh/sshd_config:2: PermitRootLogin is missing its argument" "$TMP/remote-access.json"
printf 'PermitRootLogin perhaps\n' >"$R/etc/ssh/sshd_config"
run_check "sshd_config with a bad value" "$R" remote-access
expect_status "bad value: unknown" unknown
head -c 300 /dev/urandom | tr -d '\n#' | sed 's/^/\x01/' >"$R/etc/ssh/sshd_config"
run_check "binary sshd_config" "$R" remote-access
expect_status "garbage sshd_config: unknown" unknown
printf 'Include /etc/ssh/loop.conf\n' >"$R/etc/ssh/sshd_config"
printf 'Include /etc/ssh/loop.conf\n' >"$R/etc/ssh/loop.conf"
run_check "an Include loop" "$R" remote-access
expect_status "Include loop: unknown" unknown
expect_grep "nesting is named" "nested too deeply" "$TMP/remote-access.json"
printf 'PasswordAuthentication no\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"

# planted links: sshd_config and a drop-in as absolute and ".." links to a host file
# that would turn password login off; they must not be followed out of the root
printf 'PasswordAuthentication no\nPermitRootLogin no\nAuthenticationMethods publickey\n# hostsecret31337\n' >"$TMP/host_sshd"
dots=$(printf '%s' "$R" | sed 's|[^/]*|..|g; s|^/||')
for target in /etc/ssh/sshd_config /etc/ssh/sshd_config.d/10-host.conf; do
	for how in absolute dotdot; do
		printf 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"
		rm -f "$R$target"
		if [ $how = absolute ]; then ln -s "$TMP/host_sshd" "$R$target"; else ln -s "$dots/../../..$TMP/host_sshd" "$R$target"; fi
		run_check "planted $how link at $target" "$R" remote-access
		expect_status "$how link at $target: unknown" unknown
		expect_grep "$how link at $target: said not to resolve inside the root" \
			"$target: a symbolic link to .*, which cannot be resolved inside" "$TMP/remote-access.json"
		expect_nogrep "$how link at $target: no host content" "hostsecret|AuthenticationMethods\": \"publickey" "$TMP/remote-access.json"
		rm -f "$R$target"
	done
done
printf 'PasswordAuthentication no\nPermitRootLogin no\n' >"$R/etc/ssh/sshd_config"

# garbage socket table: unknown, the other parts still run
echo "garbage" >"$R/proc/net/tcp"
mkdir -p "$R/etc/wireguard"
printf '[Interface]\nPrivateKey = x\n' >"$R/etc/wireguard/wg0.conf"
run_check "garbage /proc/net/tcp" "$R" remote-access
expect_status "unreadable socket table: unknown" unknown
expect_grep "the table is named" "/proc/net/tcp:1: not a socket table" "$TMP/remote-access.json"
expect_grep "the WireGuard setup is still found" "/etc/wireguard/wg0.conf" "$TMP/remote-access.json"
fix_sockets "$R" tcp

# VPN and remote-desktop setups
mkdir -p "$R/etc/NetworkManager/system-connections" "$R/etc/openvpn/client" "$R/etc/xrdp" "$R/home/alice/.vnc"
printf '[connection]\nid=Office VPN\ntype=vpn\n\n[vpn]\nservice-type=org.freedesktop.NetworkManager.openvpn\n' \
	>"$R/etc/NetworkManager/system-connections/Office VPN.nmconnection"
printf '[connection]\nid=Home WiFi\ntype=wifi\n' >"$R/etc/NetworkManager/system-connections/Home.nmconnection"
printf 'client\nremote vpn.example.jp 1194\n' >"$R/etc/openvpn/client/office.conf"
touch "$R/etc/xrdp/xrdp.ini" "$R/home/alice/.vnc/passwd"
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n' >"$R/etc/passwd"
run_check "VPN and remote-desktop setups" "$R" remote-access
expect_status "setups not in allow_configs: warn" warn
expect_eq "each setup named with its file" \
	"$(jq_check remote-access '[(x["kind"], x["file"], x["name"]) for x in d["configs"]]')" \
	"[('NetworkManager VPN org.freedesktop.NetworkManager.openvpn', '/etc/NetworkManager/system-connections/Office VPN.nmconnection', 'Office VPN'), ('OpenVPN client', '/etc/openvpn/client/office.conf', None), ('WireGuard', '/etc/wireguard/wg0.conf', None), ('remote desktop (xrdp)', '/etc/xrdp/xrdp.ini', None), ('remote desktop (VNC password)', '/home/alice/.vnc/passwd', 'alice')]"
cat >"$TMP/allowcfg.yaml" <<'Y'
checks:
  remote-access:
    allow_configs: ["/etc/NetworkManager/system-connections/*", "/etc/openvpn/client/*.conf",
                    "/etc/wireguard/wg0.conf", "/etc/xrdp/xrdp.ini", "/home/*/.vnc/passwd"]
Y
run_check "all setups expected" "$R" remote-access --config "$TMP/allowcfg.yaml"
expect_status "expected setups: pass" pass
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	# as an unprivileged user the root-only connection files cannot be read: unknown, not pass
	chmod 755 "$TMP"
	chmod 600 "$R/etc/NetworkManager/system-connections/Office VPN.nmconnection"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$REENTRY" check remote-access --root "$R" \
		--config "$TMP/allowcfg.yaml" --json >"$TMP/remote-access.json" 2>/dev/null
	expect_eq "as nobody: an unreadable NetworkManager connection makes it unknown" \
		"$(jq_check remote-access 'c["status"]')" "unknown"
	expect_grep "the unreadable file is named" "cannot read /etc/NetworkManager/system-connections/Office VPN.nmconnection" "$TMP/remote-access.json"
else
	ok "# skip unprivileged run: needs root and setpriv"
	ok "# skip"
fi

# this machine: a valid status, and the same TCP listeners as ss(8)
live_check remote-access
if command -v ss >/dev/null 2>&1; then
	ours=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; print(" ".join(sorted(set("%s" % l["port"] for l in d["listeners"] if l["proto"].startswith("tcp")))))' "$TMP/live.json")
	theirs=$(ss -Hltn | awk '{print $4}' | grep -Ev '^(127\.|\[::1\]|\[::ffff:127\.)' | sed 's/.*://' | sort -u | tr '\n' ' ' | sed 's/ $//')
	theirs=$(printf '%s\n' $theirs | sort | tr '\n' ' ' | sed 's/ $//')
	ours=$(printf '%s\n' $ours | sort | tr '\n' ' ' | sed 's/ $//')
	expect_eq "non-loopback TCP listening ports agree with ss -ltn" "$ours" "$theirs"
	ours=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["checks"][0]["details"]; print(" ".join(sorted(set("%s" % l["port"] for l in d["listeners"] if l["proto"].startswith("udp")))))' "$TMP/live.json")
	theirs=$(ss -Hlun | awk '{print $4}' | grep -Ev '^(127\.|\[::1\]|\[::ffff:127\.)' | sed 's/.*://' | sort -u | tr '\n' ' ' | sed 's/ $//')
	expect_eq "non-loopback UDP ports agree with ss -lun" "$(printf '%s\n' $ours | sort | tr '\n' ' ' | sed 's/ $//')" \
		"$(printf '%s\n' $theirs | sort | tr '\n' ' ' | sed 's/ $//')"
fi
