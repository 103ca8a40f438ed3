#!/bin/sh
# run.sh: runs every test and prints one closing line "N passed, N failed".
#
# Unit tests are cmocka binaries in $BUILD/tests (TAP output); command-line
# and terminal tests are tests/cli/*.sh, which print TAP lines through
# tests/lib.sh. A test program that dies without reporting counts as a failure.
# TESTS=pattern runs only matching programs.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
export REENTRY="$top/$BUILD/reentry" TOP="$top" BUILD
export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C.UTF-8
unset LANG LC_MESSAGES XDG_STATE_HOME XDG_DATA_HOME
pass=0
fail=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

run_one() {
	name=$1
	shift
	out="$log/out"
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc without reporting a failure"
	fi
	grep -E '^(not ok|#)' "$out" | sed "s|^|$name: |" | head -200
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		echo "--- $name: last lines of output"
		tail -n 30 "$out"
	fi
	echo "$name: $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}

for t in "$top/$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	n=$(basename "$t")
	[ -n "${TESTS:-}" ] && case "$n" in *$TESTS*) ;; *) continue ;; esac
	run_one "$n" "$t"
done
for t in "$top"/tests/cli/*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	[ -n "${TESTS:-}" ] && case "$n" in *$TESTS*) ;; *) continue ;; esac
	run_one "$n" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
