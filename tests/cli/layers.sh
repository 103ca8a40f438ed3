# layers.sh: scripts/layers.sh (`make layers`) on small fake source trees: a
# clean tree passes; an upward include, a sideways one between sys and sign,
# one between checks/linux and checks/windows, and a folder missing from the
# layer table are each rejected with the file, line and the two layers.
. "$TOP/tests/lib.sh"

layers="$TOP/scripts/layers.sh"
order='\(order: util < sys, sign < config < scan < checks < checklists < session < report < fleet < tui < cli\)'

# put TREE FILE [INCLUDE...]: writes TREE/FILE with one #include "INCLUDE" a line.
put() {
	f="$1/$2"
	shift 2
	mkdir -p "$(dirname "$f")"
	: >"$f"
	for i in "$@"; do printf '#include "%s"\n' "$i" >>"$f"; done
}

# A clean tree: every layer, includes resolved relative to the including file.
c="$TMP/clean"
put "$c" util/xalloc.h
put "$c" util/xalloc.c "xalloc.h"
put "$c" sys/target.h "../util/xalloc.h"
put "$c" sign/sshsig.c "../util/xalloc.h"
put "$c" config/config.c "../sys/target.h" "../sign/sshsig.h"
put "$c" scan/scan.c "../config/config.h"
put "$c" checks/check.h "../scan/scan.h"
put "$c" checks/firewall.c "check.h" "linux/firewall.h" "windows/firewall.h"
put "$c" checks/linux/firewall.c "../check.h" "firewall.h" "../../sys/target.h"
put "$c" checks/windows/firewall.c "../check.h" "../../util/xalloc.h"
put "$c" checklists/checklist.c "../checks/check.h"
put "$c" session/session.c "../checklists/checklist.h"
put "$c" report/report.c "../session/session.h"
put "$c" tui/tui_main.c "../report/report.h"
put "$c" cli/cmd_tui.c "../tui/tui.h" "cli.h"
put "$c" tests/unit/test_cli.c "../../cli/cli.h"
put "$c" fuzz/fuzz_config.c "../tests/unit/testutil.h"
put "$c" docs/notes.txt
expect_exit 0 "a clean tree passes" sh "$layers" "$c"
expect_grep "with one OK line counting the includes checked" '^layers: OK, 21 includes in 15 files' "$TMP/out"
expect_nogrep "and nothing on stderr" . "$TMP/err"
expect_exit 0 "LAYERS_TOP names the tree too" env LAYERS_TOP="$c" sh "$layers"

# broken NAME: a copy of the clean tree to spoil.
broken() {
	rm -rf "$TMP/$1"
	cp -R "$c" "$TMP/$1"
	b="$TMP/$1"
}

broken up
put "$b" config/config.c "../sys/target.h" "../session/session.h"
expect_exit 1 "an upward include is rejected" sh "$layers" "$b"
expect_grep "naming file, line, header and layers" \
	"^config/config.c:2: includes \.\./session/session\.h: config may not include session $order\$" "$TMP/err"
expect_grep "and counting the violations" '^layers: 1 violation in 21 includes of 15 files$' "$TMP/err"

broken top
put "$b" tui/tui_main.c "../report/report.h" "../cli/cli.h"
expect_exit 1 "tui may not include cli" sh "$layers" "$b"
expect_grep "tui may not include cli: says so" '^tui/tui_main.c:2: includes \.\./cli/cli\.h: tui may not include cli ' "$TMP/err"

broken sideways
put "$b" sign/sshsig.c "../util/xalloc.h" "../sys/target.h"
put "$b" sys/target.h "../sign/sshsig.h"
expect_exit 1 "sys and sign may not include each other" sh "$layers" "$b"
expect_grep "sign may not include sys" '^sign/sshsig.c:2: includes \.\./sys/target\.h: sign may not include sys ' "$TMP/err"
expect_grep "nor sys sign" '^sys/target.h:1: includes \.\./sign/sshsig\.h: sys may not include sign ' "$TMP/err"

broken platform
put "$b" checks/linux/firewall.c "../check.h" "../windows/firewall.h"
put "$b" checks/windows/firewall.c "../linux/firewall.h"
expect_exit 1 "checks/linux and checks/windows may not include each other" sh "$layers" "$b"
expect_grep "linux may not include windows" \
	'^checks/linux/firewall.c:2: includes \.\./windows/firewall\.h: checks/linux may not include checks/windows ' "$TMP/err"
expect_grep "nor windows linux" \
	'^checks/windows/firewall.c:1: includes \.\./linux/firewall\.h: checks/windows may not include checks/linux ' "$TMP/err"

broken unknown
put "$b" plugins/extra.c "../util/xalloc.h"
expect_exit 1 "a folder missing from the layer table is rejected" sh "$layers" "$b"
expect_grep "naming the folder" '^plugins/: folder not in the layer table' "$TMP/err"

broken unknownsub
put "$b" checks/darwin/firewall.c "../check.h"
expect_exit 1 "so is a new platform subfolder" sh "$layers" "$b"
expect_grep "naming it" '^checks/darwin/: folder not in the layer table' "$TMP/err"

broken into
put "$b" report/report.c "../session/session.h" "../tests/unit/testutil.h"
expect_exit 1 "including a header from an unplaced folder is rejected" sh "$layers" "$b"
expect_grep "naming the folder" '^report/report.c:2: includes \.\./tests/unit/testutil\.h: folder tests/unit is not in the layer table' "$TMP/err"

broken outside
put "$b" util/xalloc.c "../../elsewhere.h"
expect_exit 1 "an include leaving the tree is rejected" sh "$layers" "$b"
expect_grep "saying so" '^util/xalloc.c:1: includes \.\./\.\./elsewhere\.h: which is outside the source tree' "$TMP/err"
