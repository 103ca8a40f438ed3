# check_os_updates_links.sh: planted links (issue 10). For every file and
# directory os-updates reads, a --root fixture where it is an absolute or a
# ".." symbolic link to a file outside the image must not show the host's
# content, must say the path could not be resolved inside the root, and must
# not pass.
. "$TOP/tests/lib.sh"

# the host file the links aim at, with a marker that must never appear
HOST=$TMP/host
mkdir -p "$HOST/dir"
printf 'Package: hostleak\nStatus: install ok installed\nArchitecture: amd64\nVersion: 9.9-HOSTLEAK\n\n' >"$HOST/file"
cp "$HOST/file" "$HOST/dir/leak"
cp "$HOST/file" "$HOST/dir/leak.list"

# mkpass ROOT: a tree that passes, reading every kind of file once.
mkpass() {
	r=$1
	rm -rf "$r"
	mkdir -p "$r/var/lib/dpkg" "$r/var/lib/apt/lists/partial" "$r/var/lib/apt/periodic" \
		"$r/etc/apt/apt.conf.d" "$r/etc/apt/preferences.d" "$r/etc/apt/sources.list.d" \
		"$r/proc/sys/kernel" "$r/run"
	printf 'Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n' >"$r/var/lib/dpkg/status"
	echo amd64 >"$r/var/lib/dpkg/arch"
	echo 6.1.0-18-amd64 >"$r/proc/sys/kernel/osrelease"
	echo 0123456789abcdef0123456789abcdef >"$r/etc/machine-id"
	echo 'deb http://deb.example/debian stable main' >"$r/etc/apt/sources.list"
	echo 'deb http://deb.example/debian stable main' >"$r/etc/apt/sources.list.d/more.list"
	printf 'Types: deb\nURIs: http://deb.example/debian\nSuites: stable\nComponents: main\n' >"$r/etc/apt/sources.list.d/more.sources"
	echo 'APT::Cache-Limit "100000000";' >"$r/etc/apt/apt.conf"
	echo 'APT::Install-Recommends "false";' >"$r/etc/apt/apt.conf.d/10norecommends"
	printf 'Package: dpkg\nPin: release a=stable\nPin-Priority: 500\n' >"$r/etc/apt/preferences"
	printf 'Package: dpkg\nPin: release a=stable\nPin-Priority: 500\n' >"$r/etc/apt/preferences.d/dpkg"
	printf 'Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\n' >"$r/var/lib/apt/lists/deb.example_debian_dists_stable_InRelease"
	printf 'Package: dpkg\nVersion: 1.21.22\nArchitecture: amd64\n\n' >"$r/var/lib/apt/lists/deb.example_debian_dists_stable_main_binary-amd64_Packages"
	: >"$r/var/lib/apt/periodic/update-success-stamp"
}

R=$TMP/root
mkpass "$R"
expect_exit 0 "the fixture passes as it is" "$REENTRY" check os-updates --root "$R" --json
expect_grep "status pass" '"status": "pass"' "$TMP/out"

# every file the check reads, and the directories it lists
for f in /var/lib/dpkg/status /var/lib/dpkg/arch /etc/apt/sources.list /etc/apt/sources.list.d/more.list \
	/etc/apt/sources.list.d/more.sources /etc/apt/apt.conf /etc/apt/apt.conf.d/10norecommends \
	/etc/apt/preferences /etc/apt/preferences.d/dpkg /etc/machine-id \
	/var/lib/apt/lists/deb.example_debian_dists_stable_InRelease \
	/var/lib/apt/lists/deb.example_debian_dists_stable_main_binary-amd64_Packages \
	/var/lib/apt/periodic/update-success-stamp /run/reboot-required /run/reboot-required.pkgs \
	/proc/sys/kernel/osrelease /etc/apt/sources.list.d /etc/apt/apt.conf.d /etc/apt/preferences.d \
	/var/lib/apt/lists /var/lib/apt/periodic; do
	for kind in absolute dotdot; do
		mkpass "$R"
		if [ -d "$R$f" ]; then target=$HOST/dir; else target=$HOST/file; fi
		rm -rf "$R$f"
		if [ $kind = absolute ]; then
			ln -s "$target" "$R$f"
		else
			# enough ".." to climb out of the root from anywhere in it
			ln -s "../../../../../../../../../../../..$target" "$R$f"
		fi
		"$REENTRY" check os-updates --root "$R" --json >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 0 ] && grep -q '"status": "unknown"' "$TMP/out"; then ok "$f as an $kind link: unknown (exit $rc)"
		else notok "$f as an $kind link: unknown" "exit $rc" "$(head -c 800 "$TMP/out")"; fi
		expect_grep "$f ($kind): says it could not be resolved inside the root" \
			"$f.*resolved inside the root|resolved inside the root.*$f" "$TMP/out"
		expect_nogrep "$f ($kind): no host content" 'HOSTLEAK|hostleak' "$TMP/out"
	done
done

# a link whose target holds terminal escapes: shown escaped, never raw
mkpass "$R"
rm "$R/etc/apt/preferences"
ln -s "$(printf '/nowhere/\033[31mred\033]0;title\007')" "$R/etc/apt/preferences"
"$REENTRY" check os-updates --root "$R" >"$TMP/table" 2>&1
no_raw_escapes "the table output shows the link target without raw escapes" "$TMP/table"
expect_grep "and still names the link" 'preferences' "$TMP/table"
