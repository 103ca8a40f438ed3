# check_logging.sh: logging on image fixtures, judged by their configuration only
# (journald storage and drop-ins, journald installed, rsyslog / syslog-ng rules and
# units, auditd configured and enabled, a bare rsyslog.conf, planted links for every
# file read), and on this machine, where daemons count only when they run: a fake
# rsyslogd in a private mount namespace with and without a rule writing a file.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

L="$TMP/log"
U="$L/etc/systemd/system/multi-user.target.wants"
mkdir -p "$L/etc/systemd" "$L/var/log/journal" "$L/etc/audit" "$L/usr/lib/systemd" \
	"$L/lib/systemd/system" "$U"
touch "$L/usr/lib/systemd/systemd-journald"
for u in auditd rsyslog syslog-ng; do touch "$L/lib/systemd/system/$u.service"; done
printf '[Journal]\n#Storage=auto\n' >"$L/etc/systemd/journald.conf"
touch "$L/etc/audit/auditd.conf"
ln -s /lib/systemd/system/auditd.service "$U/auditd.service"
run_check "logging: journal dir and auditd enabled" "$L" logging
expect_status "persistent journal and audit: pass" pass
expect_grep "the summary says only the configuration was judged" '"en": "configuration only \(not the running system\): system logs persist' "$TMP/logging.json"
expect_grep "... in Japanese too" '"ja": "設定のみを確認' "$TMP/logging.json"
expect_eq "details say what was judged" "$(jq_check logging 'd["judged"], d["journal_persistent"], d["auditd_unit"]')" "('configuration', True, 'enabled')"
rm "$U/auditd.service"
run_check "logging: auditd configured, not enabled" "$L" logging
expect_status "auditd not enabled: warn" warn
expect_grep "says auditd is not enabled" "auditd\) is not enabled" "$TMP/logging.json"
rm "$L/etc/audit/auditd.conf"
run_check "logging without auditd" "$L" logging
expect_status "no audit daemon: warn" warn
mkdir -p "$L/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$L/etc/systemd/journald.conf.d/50-volatile.conf"
run_check "logging with a volatile drop-in" "$L" logging
expect_status "journal volatile, no syslog: fail" fail
expect_eq "the drop-in that set Storage is named" "$(jq_check logging 'd["journald_storage_set_in"]')" \
	"/etc/systemd/journald.conf.d/50-volatile.conf"
printf '[Journal]\nStorage=persistent\n' >"$L/etc/systemd/journald.conf.d/60-persist.conf"
run_check "a later drop-in overrides" "$L" logging
expect_status "persistent again (no audit): warn" warn
rm "$L/usr/lib/systemd/systemd-journald"
run_check "logging: Storage=persistent but no journald in the image" "$L" logging
expect_status "journald not installed: fail" fail
expect_grep "says journald is not installed" "systemd-journald is not installed" "$TMP/logging.json"
touch "$L/usr/lib/systemd/systemd-journald"
rm -r "$L/etc/systemd/journald.conf.d" "$L/var/log/journal"
run_check "logging: auto without /var/log/journal" "$L" logging
expect_status "auto without the journal directory and no syslog: fail" fail

# a syslog daemon keeps logs only when it is enabled and a rule writes a local file
touch "$L/etc/rsyslog.conf"
ln -s /lib/systemd/system/rsyslog.service "$U/rsyslog.service"
run_check "logging with a bare rsyslog.conf, rsyslog enabled" "$L" logging
expect_status "a bare rsyslog.conf keeps nothing: fail" fail
expect_grep "says rsyslog writes no log file" "rsyslog's configuration writes no log file" "$TMP/logging.json"
printf 'module(load="imuxsock")\n*.* @@loghost.example:514\n' >"$L/etc/rsyslog.conf"
run_check "logging with rsyslog only forwarding" "$L" logging
expect_status "forwarding keeps nothing on the device: fail" fail
expect_grep "says it only forwards" "it only forwards" "$TMP/logging.json"
printf '# Debian default\n*.*;auth,authpriv.none\t\t-/var/log/syslog\n' >"$L/etc/rsyslog.conf"
rm "$U/rsyslog.service"
run_check "logging with rsyslog rules, not enabled" "$L" logging
expect_status "rsyslog configured but not enabled: fail" fail
expect_grep "says rsyslog is not enabled" "rsyslog is configured but not enabled" "$TMP/logging.json"
ln -s /lib/systemd/system/rsyslog.service "$U/rsyslog.service"
run_check "logging with rsyslog writing /var/log/syslog, enabled" "$L" logging
expect_status "rsyslog keeps logs (no audit): warn" warn
expect_eq "one file rule counted" "$(jq_check logging 'd["syslog"]["rsyslog"]["file_rules"]')" 1
mkdir -p "$L/etc/rsyslog.d"
printf '$IncludeConfig /etc/rsyslog.d/*.conf\n' >"$L/etc/rsyslog.conf"
printf 'auth,authpriv.*  action(type="omfile" file="/var/log/auth.log")\n' >"$L/etc/rsyslog.d/50-default.conf"
run_check "logging with a RainerScript omfile rule in rsyslog.d" "$L" logging
expect_status "an included omfile rule keeps logs (no audit): warn" warn
expect_grep "the included file is evidence" "/etc/rsyslog.d/50-default.conf" "$TMP/logging.json"
rm -r "$L/etc/rsyslog.conf" "$L/etc/rsyslog.d" "$U/rsyslog.service"
mkdir -p "$L/etc/syslog-ng"
cat >"$L/etc/syslog-ng/syslog-ng.conf" <<'C'
source s_src { system(); internal(); };
destination d_syslog { file("/var/log/syslog"); };
log { source(s_src); destination(d_syslog); };
C
ln -s /lib/systemd/system/syslog-ng.service "$U/syslog-ng.service"
run_check "logging with syslog-ng writing a file, enabled" "$L" logging
expect_status "syslog-ng keeps logs (no audit): warn" warn
rm -r "$L/etc/syslog-ng" "$U/syslog-ng.service"

if [ "$(id -u)" -eq 0 ]; then
	# root reads everything: make journald.conf a directory so reading it fails
	rm "$L/etc/systemd/journald.conf"
	mkdir "$L/etc/systemd/journald.conf"
else
	chmod 000 "$L/etc/systemd/journald.conf"
fi
run_check "logging with an unreadable journald.conf" "$L" logging
expect_status "unreadable configuration: unknown" unknown
expect_grep "the error names the file" "journald.conf" "$TMP/logging.json"

# planted links (issue 10): each file the check reads, as an absolute or ".." link to a
# host file that would make logs persist, is never followed and is said to be unresolvable
mkdir -p "$TMP/host"
printf '[Journal]\nStorage=persistent\n*.* /var/log/HOSTLEAK\n' >"$TMP/host/secret"
P="$TMP/planted"
for f in /etc/systemd/journald.conf /etc/systemd/journald.conf.d/90-x.conf \
	/etc/rsyslog.conf /etc/syslog-ng/syslog-ng.conf /etc/syslog.conf \
	/etc/audit/auditd.conf /var/log/journal /usr/lib/systemd/systemd-journald \
	/etc/systemd/system/multi-user.target.wants/rsyslog.service \
	/etc/systemd/system/multi-user.target.wants/auditd.service; do
	for how in abs dotdot; do
		rm -rf "$P"
		mkdir -p "$P$(dirname "$f")" "$P/lib/systemd"
		[ "$f" = /usr/lib/systemd/systemd-journald ] || touch "$P/lib/systemd/systemd-journald"
		case $how in
		abs) ln -s "$TMP/host/secret" "$P$f" ;;
		dotdot) ln -s "../../../../../../../../../../..$TMP/host/secret" "$P$f" ;;
		esac
		run_check "logging with $f planted ($how)" "$P" logging
		if [ "$status" = pass ]; then notok "planted $f ($how): not pass" "status $status"; else ok "planted $f ($how): not pass ($status)"; fi
		expect_grep "planted $f ($how): said to be unresolvable" "$f: a symbolic link to .* that does not resolve inside the inspected root" "$TMP/logging.json"
		expect_nogrep "planted $f ($how): no host content" "HOSTLEAK" "$TMP/logging.json"
	done
done
live_check logging

# at /, a syslog daemon counts only when it runs and its rules write a file: in a
# private mount namespace /usr/sbin holds an "rsyslogd" (a copy of sleep) and /etc gets
# an rsyslog.conf through an overlay; nothing outside the namespace changes
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	mkdir -p "$TMP/sbin" "$TMP/up" "$TMP/work"
	cp /bin/sleep "$TMP/sbin/rsyslogd"
	ns() { # ns CONF: logging at / with rsyslog.conf CONF and rsyslogd running
		rm -rf "$TMP/up" "$TMP/work"
		mkdir -p "$TMP/up" "$TMP/work"
		printf '%b' "$1" >"$TMP/up/rsyslog.conf"
		unshare -m --propagation private sh -c '
			mount --bind "$1/sbin" /usr/sbin || exit 9
			mount -t overlay overlay -o lowerdir=/etc,upperdir="$1/up",workdir="$1/work" /etc || exit 9
			/usr/sbin/rsyslogd 30 & p=$!
			sleep 0.2
			"$2" check logging --json >"$1/ns.json"
			kill $p' sh "$TMP" "$REENTRY"
	}
	ns '*.*;auth,authpriv.none -/var/log/syslog\n'
	if [ $? -eq 9 ]; then
		ok "# skip the namespace tests: cannot mount here"
	else
		got=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"][0]; d=c["details"]; print(d["judged"], d["syslog"]["rsyslog"]["running"], d["syslog"]["rsyslog"]["file_rules"], c["status"] in ("pass","warn"))' "$TMP/ns.json")
		expect_eq "a running rsyslogd with a file rule keeps logs at /" "$got" "running-system True 1 True"
		ns 'module(load="imuxsock")\n'
		got=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"][0]; r=c["details"]["syslog"]["rsyslog"]; print(r["running"], r["file_rules"], "(rsyslog)" not in c["summary"]["en"])' "$TMP/ns.json")
		expect_eq "a running rsyslogd whose bare configuration writes no file does not count" "$got" "True 0 True"
	fi
else
	ok "# skip the daemon tests: they need root and unshare"
fi
