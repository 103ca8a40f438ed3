# tuilib.sh: drive the real reentry UI in tmux, sourced by tests/cli/tui_*.sh
# after lib.sh. Each test gets a private tmux server (socket reentry-test-PID)
# that is killed on exit. Waits poll capture-pane with a timeout; nothing
# depends on fixed sleeps.
#
#   tui_start W H ARGS...   start "reentry ARGS..." in a W x H window
#                           ($TUI_ENV: extra "NAME=value ..." to export first)
#   tui_wait DESC REGEX [SECS]   ok when the screen shows REGEX (else notok + screen)
#   tui_until REGEX [SECS]  the same, silently; status 0 or 1
#   tui_keys KEY...         tmux send-keys (names like Enter, Escape, C-c, F2)
#   tui_text STRING         type STRING literally (any language)
#   tui_screen FILE         the current screen into FILE
#   tui_exit_code [SECS]    wait until reentry ended, print its exit status
TUI_N=0
TUI_SOCK="reentry-test-$$-0"
TUI_RC="$TMP/tui.rc"
trap 'tmux -L "$TUI_SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT

tui_tmux() { tmux -u -L "$TUI_SOCK" "$@"; }

tui_start() {
	w=$1 h=$2
	shift 2
	rm -f "$TUI_RC"
	{
		printf 'cd %s || exit 1\n' "'$TMP'"
		# survive the ^C sent to reentry (a handler, not an ignore: reentry inherits the default)
		printf 'trap : INT\n'
		printf 'export LC_ALL=C.UTF-8 NO_COLOR=%s REENTRY_TUI_FIRST_FRAME=\n' "${TUI_NO_COLOR-1}"
		[ -n "${TUI_ENV:-}" ] && printf 'export %s\n' "$TUI_ENV"
		printf "'%s'" "$REENTRY"
		for a in "$@"; do printf " '%s'" "$a"; done
		printf ' 2>%s\n' "'$TMP/tui.err'"
		printf 'echo $? >%s\n' "'$TUI_RC.tmp'"
		printf 'mv %s %s\n' "'$TUI_RC.tmp'" "'$TUI_RC'"
		printf 'echo "[reentry exited]"\nexec sleep 600\n'
	} >"$TMP/tui-run.sh"
	# each start gets its own server: a new one on a dying server's socket races
	tui_tmux kill-server 2>/dev/null
	TUI_N=$((TUI_N + 1))
	TUI_SOCK="reentry-test-$$-$TUI_N"
	tui_tmux -f /dev/null new-session -d -s t -x "$w" -y "$h" "sh '$TMP/tui-run.sh'"
}

tui_screen() { tui_tmux capture-pane -p -t t >"$1"; }

tui_until() {
	secs=${2:-10}
	i=0
	while [ "$i" -lt $((secs * 20)) ]; do
		tui_screen "$TMP/screen"
		grep -Eq -- "$1" "$TMP/screen" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# tui_gone PATTERN [SECS]: waits until no line of the screen matches PATTERN; 1 if one still does.
tui_gone() {
	secs=${2:-10}
	i=0
	while [ "$i" -lt $((secs * 20)) ]; do
		tui_screen "$TMP/screen"
		grep -Eq -- "$1" "$TMP/screen" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

tui_wait() {
	if tui_until "$2" "${3:-10}"; then ok "$1"; else
		notok "$1" "screen never showed /$2/; last screen:"
		sed 's/^/# /' "$TMP/screen"
		echo "# stderr: $(head -c 600 "$TMP/tui.err" 2>/dev/null)"
	fi
}

tui_keys() { tui_tmux send-keys -t t "$@"; }
tui_text() { tui_tmux send-keys -t t -l "$1"; }

tui_exit_code() {
	secs=${1:-10}
	i=0
	while [ ! -f "$TUI_RC" ] && [ "$i" -lt $((secs * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if [ -f "$TUI_RC" ]; then cat "$TUI_RC"; else echo running; fi
}

# tui_golden DESC NAME: the screen (volatile parts stripped by sed) matches tests/golden/NAME.
tui_golden() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?/TIME/g' \
		-e 's/[ ]+$//' "$TMP/screen" >"$TMP/golden.got"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TMP/golden.got" "$TOP/tests/golden/$2"; fi
	if diff -u "$TOP/tests/golden/$2" "$TMP/golden.got" >"$TMP/golden.diff" 2>&1; then ok "$1"; else
		notok "$1" "$(cat "$TMP/golden.diff")"
	fi
}

# A throwaway signing key, state and report directories, and a configuration using them.
tui_fixture() {
	mkdir -p "$TMP/state" "$TMP/reports"
	ssh-keygen -q -t ed25519 -N '' -C reentry-test -f "$TMP/key" >/dev/null
	{
		printf 'state_dir: %s\n' "$TMP/state"
		printf 'report_dir: %s\n' "$TMP/reports"
		printf 'signing_key: %s\n' "$TMP/key"
		printf 'clamav:\n  database: %s\n' "$TMP/db"
	} >"$TMP/config.yaml"
	mkdir -p "$TMP/db"
}

# tui_medium ROOT MOUNTED: a USB stick (sdb1, serial 4C530001) under ROOT, mounted at
# /media/u/STICK when MOUNTED is 1 (needs tests/sysfix.sh). Files go in ROOT/media/u/STICK.
tui_medium() {
	[ -d "$1/sys/block/sdb" ] || {
		fix_usb_disk "$1" sdb 8:16 15633408 4C530001
		fix_part "$1" sdb sdb1 8:17 15631360
	}
	mkdir -p "$1/media/u/STICK"
	if [ "$2" = 1 ]; then
		fix_mountinfo "$1" "90 27 8:17 / /media/u/STICK rw,nosuid - vfat /dev/sdb1 rw"
	else
		fix_mountinfo "$1" "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw"
	fi
}

# tui_expect_exit DESC CODE [SECS]: reentry ended with CODE (else notok with its stderr).
tui_expect_exit() {
	got=$(tui_exit_code "${3:-10}")
	if [ "$got" = "$2" ]; then ok "$1"; else
		notok "$1" "exit $got, wanted $2"
		sed 's/^/# /' "$TMP/tui.err" 2>/dev/null | head -40
	fi
}

# tui_laptop ROOT CLAMDB: the returning laptop under ROOT is up to date, so item 2-2
# (os-updates, av-signatures) decides honestly: a dpkg status whose newest kernel
# package is the running kernel, fresh apt lists (stable and stable-security, also in
# etc/apt/sources.list so apt itself can judge the tree) offering nothing newer than
# what is installed, no reboot flag, and in ROOT/CLAMDB a ClamAV database built by
# sigtool, daily an hour old and main ten days old (av-signatures reads the
# configured clamav.database under --root).
tui_laptop() {
	r=$1 db=$1$2
	mkdir -p "$r/var/lib/dpkg" "$r/var/lib/apt/lists" "$r/proc/sys/kernel" "$r/run" \
		"$r/etc/apt/sources.list.d" "$r/etc/apt/preferences.d"
	echo 6.1.0-18-amd64 >"$r/proc/sys/kernel/osrelease"
	printf 'deb [trusted=yes] http://fixture.invalid/debian %s main\n' stable stable-security \
		>"$r/etc/apt/sources.list"
	for p in "dpkg amd64 1.21.22" "openssl amd64 3.0.15-1~deb12u1" "linux-image-6.1.0-18-amd64 amd64 6.1.76-1"; do
		set -- $p
		printf 'Package: %s\nStatus: install ok installed\nArchitecture: %s\nVersion: %s\nDescription: %s\n\n' \
			"$1" "$2" "$3" "$1"
	done >"$r/var/lib/dpkg/status"
	for s in stable stable-security; do
		l="$r/var/lib/apt/lists/fixture.invalid_debian_dists_${s}_main_binary-amd64_Packages"
		printf 'Origin: Fixture\nLabel: Fixture\nSuite: %s\nCodename: %s\nArchitectures: amd64\nComponents: main\n' \
			"$s" "$s" >"$r/var/lib/apt/lists/fixture.invalid_debian_dists_${s}_Release"
		: >"$l"
	done
	l="$r/var/lib/apt/lists/fixture.invalid_debian_dists_stable_main_binary-amd64_Packages"
	for p in "dpkg 1.21.22" "openssl 3.0.11-1~deb12u2" "linux-image-6.1.0-18-amd64 6.1.76-1"; do
		set -- $p
		printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nFilename: pool/%s_%s.deb\nSize: 100\nDescription: %s\n\n' \
			"$1" "$2" "$1" "$2" "$1"
	done >"$l"
	printf 'Package: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\nFilename: pool/openssl.deb\nSize: 100\nDescription: openssl\n\n' \
		>"$r/var/lib/apt/lists/fixture.invalid_debian_dists_stable-security_main_binary-amd64_Packages"
	tui_clamdb "$db" daily 27450 3600
	tui_clamdb "$db" main 62 864000
}

# tui_clamdb DIR NAME VERSION AGE_SECONDS: an unsigned ClamAV database DIR/NAME.cud
# built by sigtool, its header's build time moved AGE_SECONDS into the past.
tui_clamdb() {
	w=$TMP/clamdb.$2
	mkdir -p "$w/data" "$1"
	printf '44d88612fea8a8f36de82e1278abb02f:68:Reentry.Laptop.%s\n' "$2" >"$w/$2.hdb"
	echo "reentry test database" >"$w/COPYING"
	(cd "$w" && echo reentry-test | sigtool --build="$2.cud" --unsigned --cvd-version="$3" \
		--datadir="$w/data" >/dev/null 2>&1)
	python3 - "$w/$2.cud" "$4" "$1/$2.cud" <<'PY'
import sys, time
src, age, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(src, "rb").read()
f = data[:512].rstrip(b" ").decode().split(":")
t = int(time.time()) - age
f[1] = time.strftime("%d %b %Y %H-%M +0000", time.gmtime(t))
f[8] = str(t)
open(dst, "wb").write(":".join(f).encode().ljust(512, b" ") + data[512:])
PY
}

# tui_device_skip: a new session opens on the device form; Esc leaves it unrecorded
# (tests that are not about the device record).
tui_device_skip() {
	tui_until "Asset tag|資産番号" 15 || { notok "device form shown" "$(cat "$TMP/screen")"; return; }
	tui_keys Escape
}
