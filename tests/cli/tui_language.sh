# tui_language.sh: every desk screen in each language, through the real UI in tmux at
# 80x24 and at 120x40, holds no text of the other language: no kana or kanji in English
# screens (but the language switch "日本語"), no English words in Japanese screens
# outside ids, paths, names, key names and a small allow list (PASS, FAIL, JSON, ...).
# Screens: the start, the quit dialog, the role, the device form, the overview, the
# automatic checks while they run and when they are done, the item list, the search, a
# filter, the item, the note editor, the waiver form with an error, the help, an item
# whose scan could not check a file (its reason in the person's language), the summary,
# the written report, the next device's form, the resume list, the today view and a
# finished session's report from it; the kiosk's questions, staff and receipt screens.
# The state directory is given before the command (reentry --state-dir DIR tui). tmux's
# socket and every temporary file stay under $TMP.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

export TMUX_TMPDIR="$TMP"
TUI_ENV="TMPDIR=$TMP"
tui_fixture
R="$TMP/root"
tui_medium "$R" 1
# a file over the scan's size limit: the scan cannot check it and says why
head -c 2097152 /dev/zero >"$R/media/u/STICK/big.bin"
printf 'scan:\n  max_file_size_mb: 1\n' >>"$TMP/config.yaml"
printf 'nothing to see\n' >"$TMP/sample"
echo "$(md5sum "$TMP/sample" | cut -d' ' -f1):$(stat -c %s "$TMP/sample"):Reentry.Test.Sig" >"$TMP/db/test.hdb"

# shot NAME: the current screen into $TMP/shots/LANG-WxH-NAME
mkdir -p "$TMP/shots"
shot() { tui_screen "$TMP/shots/$lang-$size-$1"; }

# help WHAT REGEX: the help screen over WHAT lists its own keys (REGEX) and the shared ones; Esc back
help() {
	tui_keys F1
	tui_wait "$at: the help of $1 names its keys" "$2"
	tui_wait "$at: ... and the shared ones" "q  F10 +(quit|終了)"
	shot "help-$(echo "$1" | tr ' ' '-' | tr -d "'")"
	tui_keys Escape
	tui_gone "(Help: keys|ヘルプ: キー操作)"
}

# desk W H LANG: one working day's screens at the desk
desk() {
	w=$1 h=$2 lang=$3 size=$1x$2
	sd="$TMP/state-$lang-$size"
	at="$lang $size"
	rm -rf "$TMP/reports"/*
	mkdir -p "$sd"
	start() {
		tui_start "$w" "$h" --state-dir "$sd" tui --config "$TMP/config.yaml" \
			--checklist "$TOP/jnsa-checklist.yaml" --lang "$lang" --root "$R"
	}
	start
	tui_wait "$at: start" "(Your name or staff ID|お名前または職員番号)"
	shot start
	tui_keys F10
	tui_wait "$at: quit dialog" "(Quit reentry|終了しますか)"
	shot quit-start
	tui_keys Escape
	help "the start screen" "t  F3 +(today's sessions|本日この窓口)"
	tui_text "Ito Ken"
	tui_keys Enter
	tui_wait "$at: role" "1 (Staff|職員)"
	shot role
	tui_keys 2 Enter
	tui_wait "$at: device form" "(Asset tag|資産番号)"
	shot device
	tui_keys F1
	tui_wait "$at: the device form's help" "(back without saving|保存せずに戻る)"
	shot help-device
	tui_keys Escape
	tui_wait "$at: back on the form" "(Asset tag|資産番号)"
	tui_keys Escape
	tui_wait "$at: overview" "(Verdict so far|現時点の判定)"
	tui_wait "$at: signatures loaded" "(Signatures: 1 loaded|シグネチャ: 1 件)"
	shot overview
	help "the overview" "^ +d +(the device record|機器の記録)"
	expect_grep "$at: the overview's help explains the ! marks" \
		"(! marks a category with a failed item|! は、不合格の項目がある分類の印)" "$TMP/shots/$lang-$size-help-the-overview"
	expect_eq "$at: the session is in the --state-dir given before the command" \
		"$(ls "$sd"/session-*.json 2>/dev/null | wc -l)" "1"
	tui_keys r
	tui_wait "$at: the checks' progress" "(Automatic checks|自動チェック)"
	shot run
	tui_wait "$at: the checks finish" "(Finished\.|完了しました。)" 60
	shot run-done
	help "the checks' results" "(scroll the results|結果のスクロール)"
	tui_keys Escape
	tui_wait "$at: back on the overview" "(Verdict so far|現時点の判定)"
	tui_keys 0
	tui_wait "$at: item list" "> 1-1"
	tui_keys n
	tui_wait "$at: answered" "1-1"
	shot items
	help "the item list" "(first / last|先頭／末尾)"
	tui_keys f
	tui_wait "$at: filter" "(Filter: failed|絞り込み: 不合格)"
	shot filter
	tui_keys f f f /
	tui_text "3-6"
	tui_wait "$at: search" "(1 found|1 件)"
	shot search
	tui_keys Escape g Enter
	tui_wait "$at: item" "(JNSA ref|JNSA 番号) 1-1"
	shot detail
	tui_keys e
	if [ "$lang" = en ]; then tui_text "seen"; else tui_text "確認済"; fi
	tui_wait "$at: note editor" "3/500|4/500"
	shot note
	tui_keys Escape W Enter
	tui_wait "$at: waiver form with an error" "(A name is needed|氏名が必要です)"
	shot waiver
	tui_keys Escape ?
	tui_wait "$at: help" "(Help: keys|ヘルプ: キー操作)"
	shot help
	tui_keys Escape Escape /
	tui_text "2-6"
	tui_keys Enter Enter
	tui_wait "$at: the scanned item" "(JNSA ref|JNSA 番号) 2-6"
	if [ "$lang" = en ]; then
		tui_wait "$at: why the file was not checked, in English" "big\.bin: larger than the file size limit"
	else
		tui_wait "$at: why the file was not checked, in Japanese" "big\.bin:( |$)"
		tui_wait "$at: ... the reason in Japanese" "ファイルの大きさの上限を超えています"
	fi
	shot detail-scan
	tui_keys s
	tui_wait "$at: summary" "(Summary and report|まとめと報告書)"
	shot summary
	help "the summary" "^ +n +(after the report: the next device|報告書の作成後: 次の機器)"
	tui_keys w
	tui_wait "$at: report written" "(Report ID|報告書 ID)"
	shot written
	if [ "$lang$size" = en80x24 ]; then
		# the reports carry the scan's reason in both languages, the record its Japanese beside
		expect_grep "the JSON report keeps reason and adds reason_ja" \
			'"reason_ja": "ファイルの大きさの上限を超えています' "$TMP"/reports/*.json
		expect_grep "the text report gives the reason in English" \
			'big\.bin: larger than the file size limit' "$TMP"/reports/*.txt
		expect_grep "... and in Japanese" '（ファイルの大きさの上限を超えています' "$TMP"/reports/*.txt
		expect_grep "the HTML report gives it in Japanese too" \
			'<span lang="ja">ファイルの大きさの上限を超えています' "$TMP"/reports/*.html
	fi
	tui_keys q
	tui_wait "$at: quit dialog after the report" "(Quit reentry|終了しますか)"
	shot quit-done
	tui_keys n
	tui_gone "(Quit reentry|終了しますか)"
	tui_keys n
	tui_wait "$at: the next device's form" "(Asset tag|資産番号)"
	shot device-next
	tui_keys Escape
	tui_wait "$at: the next device's overview" "(Verdict so far|現時点の判定)"
	tui_keys q y
	tui_expect_exit "$at: quits" 0

	# the next start: the open session offered, today's sessions, a finished one's report
	start
	tui_wait "$at: resume list" "(An unfinished session was found|中断したセッションがあります)"
	shot resume
	tui_keys t
	tui_wait "$at: today view" "(Today on this desk|本日この窓口で扱った機器)"
	shot today
	help "the today view" "(read a finished one's report|完了したものは報告書を表示)"
	tui_keys Down Enter
	tui_wait "$at: a finished session's report" "(Today: report|本日: 報告書)"
	shot today-report
	tui_keys F10
	tui_wait "$at: quit dialog from the today view" "(Quit reentry|終了しますか)"
	tui_keys y
	tui_expect_exit "$at: quits" 0
}

for dims in "80 24" "120 40"; do
	for l in en ja; do
		desk $dims $l
	done
done

# the kiosk's own screens in each language (its welcome and stop screens speak both
# languages on purpose, so they are not judged here): who brought the medium, a
# question, the receipt and the passphrase dialog. A clean medium, and a checklist of
# the scan and two questions.
K="$TMP/kroot"
tui_medium "$K" 0
echo fine >"$K/media/u/STICK/notes.txt"
hash=$(printf 'correct horse\n' | "$REENTRY" tui --hash-passphrase)
cat >"$TMP/kiosk.yaml" <<'EOK'
checklist:
  id: kiosk-test
  version: "1"
  title: {ja: キオスク, en: Kiosk}
categories:
  - id: "K"
    title: {ja: 媒体, en: Media}
    items:
      - id: "K-1"
        title: {ja: 媒体をスキャンする, en: Scan the medium}
        description: {ja: キオスクが媒体をスキャンします。, en: The kiosk scans the medium.}
        roles: [staff]
        kind: auto
        checks: [media-scan]
        jnsa: {ref: "K-1", wording: reconstructed}
      - id: "K-2"
        title: {ja: 媒体を社外で共有していない, en: The medium was not shared outside}
        description: {ja: 社外の人は媒体を使っていません。, en: Nobody outside the office used the medium.}
        roles: [staff]
        kind: manual
        jnsa: {ref: "K-2", wording: reconstructed}
      - id: "K-3"
        title: {ja: 媒体を紛失していない, en: The medium was never lost}
        description: {ja: 媒体は手元にありました。, en: The medium stayed with you.}
        roles: [staff]
        kind: manual
        jnsa: {ref: "K-3", wording: reconstructed}
EOK
kiosk() {
	w=$1 h=$2 lang=$3 size=$1x$2
	at="kiosk $lang $size"
	cp "$TMP/config.yaml" "$TMP/kiosk-$lang.yaml"
	printf 'kiosk:\n  admin_passphrase_hash: "%s"\n  staff_id: optional\n  language: %s\n' \
		"$hash" "$lang" >>"$TMP/kiosk-$lang.yaml"
	tui_medium "$K" 0
	tui_start "$w" "$h" tui --kiosk --config "$TMP/kiosk-$lang.yaml" --checklist "$TMP/kiosk.yaml" \
		--lang "$lang" --root "$K"
	tui_wait "$at: welcome" "(Signatures: 1 loaded|シグネチャ: 1 件)"
	tui_medium "$K" 1
	tui_wait "$at: who brought the medium" "(Type your staff number|職員番号または氏名を入力して)" 20
	shot kstaff
	tui_keys Enter
	tui_wait "$at: a question" "(Question 1 / 2|質問 1 / 2)" 20
	shot kask
	tui_keys y y
	tui_wait "$at: the receipt" "(Verdict:|判定:)" 20
	shot kreceipt
	tui_keys F12
	tui_wait "$at: the passphrase dialog" "(Administrator passphrase|管理者パスフレーズ)"
	shot kpass
	tui_text "correct horse"
	tui_keys Enter
	tui_expect_exit "$at: leaves with the passphrase" 0 20
}
for dims in "80 24" "120 40"; do
	for l in en ja; do
		kiosk $dims $l
	done
done

# an empty signature database: the loader's error in the person's language, wrapped
mkdir -p "$TMP/emptydb"
# and a report directory that is a file: the report is not written, said in the person's language
: >"$TMP/notadir"
sed -e "s|^  database: .*|  database: $TMP/emptydb|" -e "s|^report_dir: .*|report_dir: $TMP/notadir/reports|" \
	"$TMP/config.yaml" >"$TMP/config-empty.yaml"
size=80x24
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
	shot overview-nodb
	tui_keys s w
	tui_wait "$lang: the report is not written, and it says why" \
		"(Report not written: .*notadir|報告書を作成できませんでした（.*notadir)"
	if [ "$lang" = ja ]; then
		# the message wraps over the last rows, never cut: read it with its lines joined
		tui_until "ディレクトリ" 5
		sed 's/^ *//; s/ *$//' "$TMP/screen" | tr -d '\n' >"$TMP/joined"
		expect_grep "ja: ... the errno in Japanese, after the whole path (wrapped, not cut)" \
			"notadir/reports）: ディレクトリではありません" "$TMP/joined"
	fi
	shot report-failed
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
            "Ito", "Ken", "freshclam", "UTC", "OpenSSH", "chrony", "ntpd", "dpkg", "nftables", "iptables", "ufw", "firewalld",
            "main", "daily", "bytecode", "cvd", "cld",  # ClamAV's database files
            "hosts",  # the file /etc/hosts
            "B", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB",  # units
            "since",  # a check's parameter
            "kiosk",  # the operator a kiosk records when the person gave no name
            "SanDisk", "Ultra", "Fit",  # the fixture medium's vendor and model, named as the configuration spells it
            "NW", "With", "clamav.database"}  # the last two: the JNSA checklist's own Japanese wording
lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
# a finished session's report (the today view) is the text report, a bilingual document by
# design: only the screen's frame around it (the title bar and the key hints) is judged
if path.endswith("-today-report"):
    lines = [lines[0], lines[-1]] if lines else []
# commands and key lines for the auditors are code, not prose; such a line may wrap mid-word
# (the allowed-signers line starts with the test key's principal, reentry-test, and a dialog
# drawn over it may hide the rest)
code = re.compile(r"ssh-keygen|namespaces=|reentry verify|allowed_signers|^\s*reentry-test\b")
bad = 0
for n, line in enumerate(lines, 1):
    if lang == "en":
        if cjk.search(line.replace("日本語", "")):
            print(f"{path}:{n}: Japanese in the English screen: {line.strip()}"); bad += 1
        continue
    nxt = lines[n].lstrip() if n < len(lines) else ""
    if code.search(line) or code.search(line + nxt):
        continue
    # a dotted name or a path wrapped mid-word is judged whole: the previous line's last token
    # joins this line
    prev = lines[n - 2] if n >= 2 else ""
    # (a key's fingerprint, 43 characters after SHA256:, may be cut with more beside it)
    tail = re.search(r"[A-Za-z0-9_-]*[./][A-Za-z0-9._/-]*$", prev)
    fp = re.search(r"SHA256:[A-Za-z0-9+/]{0,42}(?![A-Za-z0-9+/])", prev)
    head = re.match(r"\s*[A-Za-z0-9+/]", line)
    if (fp or tail) and head:
        line = line[:head.end() - 1] + (fp or tail).group(0) + line[head.end() - 1:]
    s = re.sub(r"(?<![\w])/[^\s（）、。]*", " ", line)        # paths
    s = re.sub(r"\b(apt-get|apt|dpkg) [a-z]+\b", " ", s)      # commands to run
    s = re.sub(r"\b[0-9]+-[0-9]+\b", " ", s)                  # item ids
    s = re.sub(r"\b[a-z]+(-[a-z0-9]+)+\b", " ", s)            # ids such as the checklist's
    s = re.sub(r"\b[a-z]+(_[a-z0-9]+)+\b", " ", s)            # configuration keys
    s = re.sub(r"\b[A-Za-z]+=[A-Za-z0-9]+", " ", s)            # settings (Storage=persistent)
    s = re.sub(r"\b[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)+", " ", s)  # dotted names (signatures)
    s = re.sub(r"\bAAAA[A-Za-z0-9+/=]+|SHA256:\S+|\S+@\S+", " ", s)
    s = re.sub(r"\b[0-9]{8}T[0-9]{6}Z-\S+", " ", s)           # report ids
    s = re.sub(r"\b(S-Tab|F[0-9]+|F2/L|y/n/a|PgUp|PgDn|Home|End)\b", " ", s)  # key names
    s = re.sub(r"(?<!\S)--[a-z][a-z-]*", " ", s)               # a command's options
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'.]*[A-Za-z]", s) if w not in allow_ja]
    if words:
        print(f"{path}:{n}: English in the Japanese screen ({' '.join(words)}): {line.strip()}"
              f" (after: {prev.strip()})"); bad += 1
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
# KEEP_SHOTS=DIR keeps the screens (for docs/screens.md); nothing is written outside $TMP otherwise
if [ -n "${KEEP_SHOTS:-}" ]; then mkdir -p "$KEEP_SHOTS" && cp "$TMP"/shots/* "$KEEP_SHOTS"/; fi
