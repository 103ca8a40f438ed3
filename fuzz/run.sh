#!/bin/sh
# run.sh: builds every fuzz/fuzz_*.c with clang's libFuzzer (plus ASan and
# UBSan) against the library sources and runs each for SECONDS seconds
# (default 60), starting from the seed corpus under fuzz/seeds/NAME/ and
# keeping what it finds in build-fuzz/corpus-NAME/. FUZZ=name limits it to
# one target. Crashes are left in build-fuzz/ and make the script fail.
set -eu
seconds=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build-fuzz"
mkdir -p "$out"
cd "$top"
pkgs=${LIB_PKGS:-"yaml-0.1 libclamav libcrypto zlib liblzma libzstd liblz4 sqlite3 libarchive libpsl icu-uc icu-i18n"}
# The run-time names of the libraries opened on first use (util/dlib.h), as
# make passes them (SONAME_CLAMAV=libclamav.so.12 ...); each module stops the
# build with #error when its name is missing.
dl=""
for v in CLAMAV ARCHIVE ICUUC ICUI18N PQ; do
	eval "n=\${SONAME_$v:-}"
	if [ -n "$n" ]; then
		dl="$dl -DREENTRY_SONAME_$v=\"$n\""
	fi
done
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE $dl \
 -DREENTRY_VERSION=\"fuzz\" -DREENTRY_DATADIR=\"/nonexistent\" $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lpthread"
# The library sources: LIB_SRC from the Makefile (make passes it), else every
# layer folder below the UI.
src=${LIB_SRC:-$(ls util/*.c sys/*.c sign/*.c config/*.c scan/*.c checks/*.c checks/linux/*.c \
	checks/windows/*.c checklists/*.c session/*.c report/*.c 2>/dev/null || true)}
status=0
for f in fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	[ -n "${FUZZ:-}" ] && [ "$name" != "fuzz_${FUZZ#fuzz_}" ] && continue
	echo "== $name: building"
	# shellcheck disable=SC2086
	clang $cflags -o "$out/$name" "$f" $src $libs
	mkdir -p "$out/corpus-$name"
	seeds=""
	[ -d "fuzz/seeds/$name" ] && seeds="$top/fuzz/seeds/$name"
	dict=""
	[ -f "fuzz/$name.dict" ] && dict="-dict=$top/fuzz/$name.dict"
	echo "== $name: running for ${seconds}s"
	if ! (cd "$out" && nice ./"$name" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 $dict "corpus-$name" $seeds); then
		echo "== $name: FAILED (see $out for the crash input)"
		status=1
	fi
done
exit $status
