# lib.sh: helpers for command-line tests, sourced by tests/cli/*.sh.
# Each assertion prints one TAP line ("ok - ..." or "not ok - ...").
# $REENTRY is the binary under test, $TOP the source tree.
set -u
: "${REENTRY:?run through tests/run.sh}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/reentry-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# the tools a test runs (chromium's profile, hivexsh's history) write to ~: keep it here
HOME="$TMP/home"
mkdir "$HOME"
export HOME
_n=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
notok() { _n=$((_n + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# expect_exit CODE DESC CMD...: runs CMD (output in $TMP/out, $TMP/err), checks its exit code.
expect_exit() {
	want=$1 desc=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$desc"; else
		notok "$desc" "exit $got, wanted $want" "stdout: $(head -c 600 "$TMP/out")" "stderr: $(head -c 600 "$TMP/err")"
	fi
}

# expect_grep DESC PATTERN FILE: FILE has a line matching the extended regex.
expect_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else notok "$1" "no line matches /$2/ in $3:" "$(head -c 800 "$3")"; fi
}

# expect_nogrep DESC PATTERN FILE
expect_nogrep() {
	if grep -Eq -- "$2" "$3"; then notok "$1" "a line matches /$2/ in $3:" "$(grep -E -- "$2" "$3" | head -5)"; else ok "$1"; fi
}

# expect_eq DESC GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "got '$2'" "want '$3'"; fi
}

# no_raw_escapes DESC FILE: FILE holds no ESC or other C0 control byte but tab/newline.
no_raw_escapes() {
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$2"; then notok "$1" "raw control bytes in $2"; else ok "$1"; fi
}
