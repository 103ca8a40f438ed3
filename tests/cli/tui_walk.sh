# tui_walk.sh: a whole session through the real UI in tmux at 80x24, in English and
# in Japanese: name, role, overview, automatic checks on a fixture medium, every item
# answered, a note in Japanese, the summary, and the report.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 1
printf 'quarterly figures\n' >"$R/media/u/STICK/report.txt"
# a one-signature database that matches nothing on the medium
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"
# the laptop is up to date (item 2-2): apt itself finds nothing to upgrade on the tree
tui_laptop "$R" "$TMP/db"
# the telework period began before the fixture was built: persistence (item 2-3) looks from then
printf 'telework_start: 2026-03-01\n' >>"$TMP/config.yaml"
mkdir -p "$TMP/apt/cache" "$TMP/apt/log"
apt list --upgradable -o Dir="$R" -o Dir::State::status="$R/var/lib/dpkg/status" \
	-o Dir::Etc="$R/etc/apt" -o Dir::Cache="$TMP/apt/cache" -o Dir::Log="$TMP/apt/log" \
	-o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o Debug::NoLocking=1 \
	>"$TMP/apt.out" 2>/dev/null
expect_eq "(peer) apt list --upgradable finds nothing on the fixture laptop" \
	"$(grep -vc '^Listing' "$TMP/apt.out")" 0

# walk LANG NAME: one session as staff; leaves the screen of the summary in $TMP/summary
walk() {
	lang=$1 name=$2
	rm -rf "$TMP/state"/* "$TMP/reports"/*
	tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang "$lang" --root "$R"
	if [ "$lang" = en ]; then
		tui_wait "$lang: first screen asks for the name" "Your name or staff ID"
	else
		tui_wait "$lang: first screen asks for the name" "お名前または職員番号"
	fi
	tui_text "$name"
	tui_keys Enter
	tui_wait "$lang: role choice" "1 (Staff|職員)"
	tui_keys Enter
	tui_device_skip
	tui_wait "$lang: overview with four categories and the verdict" "(Verdict so far|現時点の判定).*INCOMPLETE"
	tui_wait "$lang: overview shows the operator" "$name"
	tui_wait "$lang: signature database loaded in the background" "(Signatures: 1 loaded|シグネチャ: 1 件)"
	tui_golden "$lang: overview layout" "overview-$lang.txt"
	tui_keys r
	tui_wait "$lang: automatic checks finish" "(Finished|完了しました)" 30
	tui_wait "$lang: media-scan passed" "\[PASS\] (Malware scan of removable|リムーバブルメディアのマルウェア)"
	tui_wait "$lang: the scan's summary counts the medium's file" "(1 files on|1件のファイル)"
	tui_keys Enter
	tui_wait "$lang: back on the overview" "(Verdict so far|現時点の判定)"
	tui_keys 0
	tui_wait "$lang: every item of the role is listed" "3-5"
	for i in 1 2 3 4 5 6 7 8 9; do tui_keys y; done
	tui_wait "$lang: answers shown as words, not colour only" "\[PASS\] > 3-5"
	tui_keys g Enter
	tui_wait "$lang: item detail with the JNSA reference" "(JNSA ref|JNSA 番号) 2-1"
	tui_keys e
	tui_text "印刷物は自宅に保管 (printouts at home)"
	tui_keys Enter
	tui_wait "$lang: note in Japanese saved and shown" "(Note|メモ): 印刷物は自宅に保管 \(printouts at home\)"
	if [ "$lang" = ja ]; then
		# a note wider than the field: the editor wraps it by columns, never splits a kanji
		tui_keys e C-u
		tui_text "持ち出したノートパソコンと USB メモリ二本を台帳と照合し、すべて揃っていることを確認した。"
		tui_wait "ja: the editor wraps the note to keep it all in view" "^  とを確認した。 *$"
		tui_golden "ja: editing a long note (wide characters cut by columns)" "detail-edit-ja.txt"
		tui_keys Enter
		tui_wait "ja: the long note is saved and shown in full, wrapped" "^ +メモリ二本を台帳と照合し、すべて揃っていることを確認した。 *$"
		tui_golden "ja: item detail layout" "detail-ja.txt"
	fi
	tui_keys Escape Escape s
	tui_wait "$lang: summary with the verdict" "(Verdict|判定): *\[(PASS|合格 PASS)\]"
	tui_keys w
	tui_wait "$lang: report written and signed" "(Report ID|報告書 ID)"
	tui_screen "$TMP/summary"
	tui_keys q y
	tui_expect_exit "$lang: reentry exits 0 after quitting" 0
	if grep -q '"1-1"' "$TMP"/state/*.json 2>/dev/null; then
		notok "$lang: staff session holds no IT items"
	else
		ok "$lang: staff session holds no IT items"
	fi
	rep=$(ls "$TMP"/reports/*.json 2>/dev/null | head -1)
	if [ -n "$rep" ]; then
		expect_exit 0 "$lang: reentry verify accepts the report" "$REENTRY" verify "$rep" \
			--allowed-signers "$TMP/allowed"
		st=$(python3 -c 'import json, sys
r = {c["id"]: c["status"] for c in json.load(open(sys.argv[1]))["checks"]}
print(r.get("os-updates"), r.get("av-signatures"))' "$rep")
		expect_eq "$lang: os-updates and av-signatures decided the laptop is current" "$st" "pass pass"
		if [ "$lang" = ja ]; then
			expect_grep "$lang: the report has the whole long note" "すべて揃っていることを確認した。" "$rep"
		else
			expect_grep "$lang: the report has the note in Japanese" "印刷物は自宅に保管" "$rep"
		fi
	else
		notok "$lang: a report was written" "$(ls -la "$TMP/reports")"
	fi
}

printf 'reentry-test %s\n' "$(cat "$TMP/key.pub")" >"$TMP/allowed"
[ -n "${WALK_ONLY:-}" ] || walk en "Alice Example"
walk ja "佐藤 花子"
