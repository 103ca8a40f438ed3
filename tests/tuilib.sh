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
