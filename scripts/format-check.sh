#!/bin/sh
# format-check.sh: lists the C sources and headers that clang-format (with the
# committed .clang-format) would change, and fails if there are any.
#
#   sh scripts/format-check.sh          list unformatted files (`make format-check`)
#   sh scripts/format-check.sh -i       format them in place   (`make format`)
#
# The file set is every *.c and *.h in the tree, found rather than listed, so
# new folders are included; hidden and build folders, tests/data and fuzz
# seeds and corpora are not sources. Without clang-format ($CLANG_FORMAT,
# default clang-format) the check is skipped with a message.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cf=${CLANG_FORMAT:-clang-format}
fix=0
case "${1:-}" in
-i) fix=1 ;;
"") ;;
*)
	echo "usage: format-check.sh [-i]" >&2
	exit 2
	;;
esac

if ! command -v "$cf" >/dev/null 2>&1; then
	echo "format-check: $cf not found, skipped (it is in scripts/packages.txt: make deps)" >&2
	[ "$fix" -eq 0 ] || exit 1
	exit 0
fi

cd "$top"
files=$(find . -type d \( -name '.?*' -o -path ./build -o -path './build-*' -o -path ./tests/data \
	-o -path ./fuzz/seeds -o -path './fuzz/corpus-*' \) -prune \
	-o -type f \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||' | LC_ALL=C sort)

if [ "$fix" -eq 1 ]; then
	echo "$files" | xargs "$cf" -i
	exit 0
fi

n=0
bad=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for f in $files; do
	n=$((n + 1))
	"$cf" --dry-run --Werror "$f" >/dev/null 2>"$err" && continue
	if ! grep -q 'code should be clang-formatted' "$err"; then
		# not a formatting difference: a bad .clang-format or an unreadable file
		cat "$err" >&2
		exit 2
	fi
	echo "$f"
	bad=$((bad + 1))
done
if [ "$bad" -gt 0 ]; then
	echo "format-check: $bad of $n files are not formatted as .clang-format says; run make format" >&2
	exit 1
fi
echo "format-check: OK, $n files formatted"
