# check_logging.sh: logging on fixture trees (journald storage and drop-ins,
# auditd, rsyslog, an unreadable configuration) and on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

L="$TMP/log"
mkdir -p "$L/etc/systemd" "$L/var/log/journal" "$L/etc/audit"
printf '[Journal]\n#Storage=auto\n' >"$L/etc/systemd/journald.conf"
touch "$L/etc/audit/auditd.conf"
run_check "logging: journal dir and auditd" "$L" logging
expect_status "persistent journal and audit: pass" pass
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
rm -r "$L/etc/systemd/journald.conf.d" "$L/var/log/journal"
run_check "logging: auto without /var/log/journal" "$L" logging
expect_status "auto without the journal directory and no syslog: fail" fail
touch "$L/etc/rsyslog.conf"
run_check "logging with rsyslog configured" "$L" logging
expect_status "rsyslog writes to disk (no audit): warn" warn
if [ "$(id -u)" -eq 0 ]; then
	# root reads everything: make journald.conf a directory so reading it fails
	rm "$L/etc/rsyslog.conf" "$L/etc/systemd/journald.conf"
	mkdir "$L/etc/systemd/journald.conf"
else
	rm "$L/etc/rsyslog.conf"
	chmod 000 "$L/etc/systemd/journald.conf"
fi
run_check "logging with an unreadable journald.conf" "$L" logging
expect_status "unreadable configuration: unknown" unknown
expect_grep "the error names the file" "journald.conf" "$TMP/logging.json"
live_check logging
