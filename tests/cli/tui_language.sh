# tui_language.sh: every desk screen in each language, through the real UI in tmux at
# 80x24, holds no text of the other language: no kana or kanji in English screens (but
# the language switch "日本語"), no English words in Japanese screens outside ids, paths,
# names, key names and a small allow list (PASS, FAIL, JSON, ...). Screens: the start,
# the role, the overview, the item list, the search, a filter, the item, the note
# editor, the waiver form with an error, the help, the summary, the written report and
# the quit dialog.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"

# shot LANG NAME: the current screen into $TMP/shots/LANG-NAME
mkdir -p "$TMP/shots"
shot() { tui_screen "$TMP/shots/$1-$2"; }

for lang in en ja; do
	rm -rf "$TMP/state"/* "$TMP/reports"/*
	tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang "$lang" --root "$R"
	tui_wait "$lang: start" "(Your name or staff ID|お名前または職員番号)"
	shot "$lang" start
	tui_keys F10
	tui_wait "$lang: quit dialog" "(Quit reentry|終了しますか)"
	shot "$lang" quit-start
	tui_keys Escape
	tui_text "Ito Ken"
	tui_keys Enter
	tui_wait "$lang: role" "1 (Staff|職員)"
	shot "$lang" role
	tui_keys 2 Enter
	tui_wait "$lang: device form" "(Asset tag|資産番号)"
	shot "$lang" device
	tui_keys Escape
	tui_wait "$lang: overview" "(Verdict so far|現時点の判定)"
	tui_wait "$lang: signatures loaded" "(Signatures: 1 loaded|シグネチャ: 1 件)"
	shot "$lang" overview
	tui_keys 0
	tui_wait "$lang: item list" "> 1-1"
	tui_keys n
	tui_wait "$lang: answered" "1-1"
	shot "$lang" items
	tui_keys f
	tui_wait "$lang: filter" "(Filter: failed|絞り込み: 不合格)"
	shot "$lang" filter
	tui_keys f f f /
	tui_text "3-6"
	tui_wait "$lang: search" "(1 found|1 件)"
	shot "$lang" search
	tui_keys Escape g Enter
	tui_wait "$lang: item" "(JNSA ref|JNSA 番号) 1-1"
	shot "$lang" detail
	tui_keys e
	if [ "$lang" = en ]; then tui_text "seen"; else tui_text "確認済"; fi
	tui_wait "$lang: note editor" "3/500|4/500"
	shot "$lang" note
	tui_keys Escape W Enter
	tui_wait "$lang: waiver form with an error" "(A name is needed|氏名が必要です)"
	shot "$lang" waiver
	tui_keys Escape ?
	tui_wait "$lang: help" "(Help: keys|ヘルプ: キー操作)"
	shot "$lang" help
	tui_keys Escape s
	tui_wait "$lang: summary" "(Summary and report|まとめと報告書)"
	shot "$lang" summary
	tui_keys w
	tui_wait "$lang: report written" "(Report ID|報告書 ID)"
	shot "$lang" written
	tui_keys q
	tui_wait "$lang: quit dialog after the report" "(Quit reentry|終了しますか)"
	shot "$lang" quit-done
	tui_keys y
	tui_expect_exit "$lang: quits" 0
done

# an empty signature database: the loader's error in the person's language, wrapped
mkdir -p "$TMP/emptydb"
sed "s|^  database: .*|  database: $TMP/emptydb|" "$TMP/config.yaml" >"$TMP/config-empty.yaml"
for lang in en ja; do
	rm -rf "$TMP/state"/*
	tui_start 80 24 tui --config "$TMP/config-empty.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang "$lang" --root "$R"
	tui_until "(Your name or staff ID|お名前または職員番号)" 10
	tui_text "Ito Ken"
	tui_keys Enter
	tui_until "1 (Staff|職員)" 10
	tui_keys 2 Enter
	tui_device_skip
	tui_wait "$lang: the empty database is reported on the overview" \
		"(Signatures unavailable: signature database|シグネチャなし: シグネチャデータベース)"
	tui_wait "$lang: ... in full, wrapped: what to do is readable" "(clamav.database *$|別のデータベースを指定してください *$)"
	shot "$lang" overview-nodb
	tui_keys q y
	tui_expect_exit "$lang: quits" 0
done

# the judge: prints one line per offending screen line, nothing when all is well
cat >"$TMP/judge.py" <<'PY'
import re, sys
lang, path = sys.argv[1], sys.argv[2]
cjk = re.compile(r'[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]')
allow_ja = {"PASS", "FAIL", "WAIV", "WARN", "SKIP", "ERR", "OK", "INCOMPLETE", "reentry",
            "JNSA", "IT", "USB", "OS", "ID", "JSON", "HTML", "BYOD", "Web", "LVM", "ClamAV",
            "libclamav", "db", "YYYY", "MM", "DD", "English", "Enter", "Esc", "Tab", "Ctrl",
            "Ito", "Ken", "freshclam", "UTC", "OpenSSH",
            "NW", "With", "clamav.database"}  # the last two: the JNSA checklist's own Japanese wording
bad = 0
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if lang == "en":
        if cjk.search(line.replace("日本語", "")):
            print(f"{path}:{n}: Japanese in the English screen: {line.strip()}"); bad += 1
        continue
    # commands and key lines for the auditors are code, not prose
    if re.search(r"ssh-keygen|namespaces=|reentry verify|allowed_signers", line):
        continue
    s = re.sub(r"(?<![\w])/[^\s（）、。]*", " ", line)        # paths
    s = re.sub(r"\b[0-9]+-[0-9]+\b", " ", s)                  # item ids
    s = re.sub(r"\b[a-z]+(-[a-z0-9]+)+\b", " ", s)            # ids such as the checklist's
    s = re.sub(r"\bAAAA[A-Za-z0-9+/=]+|SHA256:\S+|\S+@\S+", " ", s)
    s = re.sub(r"\b[0-9]{8}T[0-9]{6}Z-\S+", " ", s)           # report ids
    s = re.sub(r"\b(S-Tab|F[0-9]+|F2/L|y/n/a)\b", " ", s)     # key names
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'.]*[A-Za-z]", s) if w not in allow_ja]
    if words:
        print(f"{path}:{n}: English in the Japanese screen ({' '.join(words)}): {line.strip()}"); bad += 1
sys.exit(1 if bad else 0)
PY
for f in "$TMP"/shots/*; do
	name=${f##*/}
	lang=${name%%-*}
	if python3 "$TMP/judge.py" "$lang" "$f" >"$TMP/judge.out" 2>&1; then
		ok "$name: one language only"
	else
		notok "$name: one language only" "$(cat "$TMP/judge.out")"
	fi
done
