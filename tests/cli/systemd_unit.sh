# systemd_unit.sh: the kiosk's systemd unit passes systemd-analyze verify (with
# ExecStart pointing at the binary under test), and asks for what docs/kiosk.md
# promises: tty1, restart, no network, writes only to /var/lib/reentry.
. "$TOP/tests/lib.sh"

u="$TOP/contrib/reentry-kiosk.service"
sed "s|^ExecStart=/usr/local/bin/reentry|ExecStart=$REENTRY|" "$u" >"$TMP/reentry-kiosk.service"
if command -v systemd-analyze >/dev/null 2>&1; then
	expect_exit 0 "systemd-analyze verify accepts the unit" systemd-analyze verify "$TMP/reentry-kiosk.service"
	expect_nogrep "and has nothing to say about it" "." "$TMP/err"
else
	ok "systemd-analyze verify accepts the unit # SKIP no systemd-analyze"
fi
for l in 'ExecStart=/usr/local/bin/reentry tui --kiosk' 'TTYPath=/dev/tty1' 'Conflicts=getty@tty1.service' \
	'Restart=always' 'PrivateNetwork=yes' 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/reentry'; do
	if grep -qxF "$l" "$u"; then ok "unit has $l"; else notok "unit has $l"; fi
done
