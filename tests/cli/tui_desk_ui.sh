# tui_desk_ui.sh: the desk's UI through the real program in tmux at 80x24: / searches
# items by id or words in either language (the item list and the overview), f filters
# (failed, open, needs attention, all), the summary's list is selectable and Enter opens
# the item, the summary finds a key made earlier with k and shows the real verify
# command, the quit dialog says only what is true, the help passes on the key that
# closes it, and `reentry --lang ja tui` works.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0

# start W H LANG NAME ROLEKEY [GLOBAL...]: a new session up to the overview
start() {
	w=$1 h=$2 lang=$3 name=$4 role=$5
	shift 5
	rm -rf "$TMP/state"/*
	tui_start "$w" "$h" "$@" tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" \
		--lang "$lang" --root "$R"
	tui_until "(Your name or staff ID|お名前または職員番号)" 10
	tui_text "$name"
	tui_keys Enter
	tui_until "1 (Staff|職員)" 10
	tui_keys "$role" Enter
	tui_device_skip
	tui_wait "$lang: overview" "(Verdict so far|現時点の判定)"
}

# the quit dialog on the start screen: nothing was answered, so it says nothing is saved
tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_wait "en: start screen" "Your name or staff ID"
tui_keys F10
tui_wait "en: the quit dialog asks" "Quit reentry\?"
tui_wait "en: the quit dialog has a border" "┌─+┐"
tui_screen "$TMP/quit"
expect_nogrep "en: on the start screen it does not claim answers are saved" "answers are saved" "$TMP/quit"
tui_keys Escape
tui_gone "Quit reentry" 5
tui_wait "en: the dialog closes" "Your name or staff ID"
tui_screen "$TMP/after"
expect_nogrep "en: and leaves nothing of itself behind" "[┌┐└┘]|Quit reentry" "$TMP/after"
tui_keys F10 y
tui_expect_exit "en: quits from the start screen" 0

# IT, in English: search, filter, the summary
start 80 24 en "Ito Ken" 2
tui_keys /
tui_wait "en: / on the overview opens the search over all items" "Search:"
tui_text "unauthorised software"
tui_wait "en: English words find items" "2-4 +Check that no unauthorised software"
tui_screen "$TMP/found"
expect_nogrep "en: ... and only those" "1-1 |2-1 " "$TMP/found"
tui_keys Enter
tui_keys Escape
tui_wait "en: Esc clears the search" "Filter: all"
tui_keys /
tui_text "ソフトウェア"
tui_wait "en: Japanese words find items in the English UI" "2-4 +Check that no unauthorised software"
tui_keys Escape
tui_keys / C-u
tui_text "3-6"
tui_wait "en: a JNSA number finds its item" "1 found"
tui_wait "en: ... which is listed" "> 3-6"
tui_keys Enter
tui_wait "en: the search stays as a filter line" "search \"3-6\" · 1 shown"
tui_keys Escape
tui_wait "en: Esc shows all again" "Filter: all"
# answer 1-1 no (failed), 1-2 stays open
tui_keys g n
tui_wait "en: 1-1 answered no" "1-1: answered no"
tui_keys f
tui_wait "en: f filters the failed items" "Filter: failed · 1 shown"
tui_screen "$TMP/failed"
expect_grep "en: ... 1-1 is shown" "\[FAIL\] > 1-1" "$TMP/failed"
expect_nogrep "en: ... and nothing else" "1-2|2-1" "$TMP/failed"
tui_keys f
tui_wait "en: then the open ones" "Filter: open · [0-9]+ shown"
tui_screen "$TMP/open"
expect_nogrep "en: ... without the failed one" "1-1" "$TMP/open"
expect_grep "en: ... with an open one" "1-2" "$TMP/open"
tui_keys f
tui_wait "en: then needs attention" "Filter: needs attention · 0 shown"
tui_wait "en: ... which says nothing matches" "No item matches."
tui_keys f
tui_wait "en: then all again" "Filter: all"
tui_keys x
tui_wait "en: clearing reads correctly" "1-1: answer cleared \(saved\)"
tui_keys g n j y j
# the help closes with any key and that key still acts: s opens the summary
tui_keys ?
tui_wait "en: the help screen" "Help: keys"
tui_wait "en: the help names the list's own keys" "f +filter: failed, open"
tui_keys s
tui_wait "en: the key that closed the help opened the summary" "Summary and report"
tui_wait "en: the heading says what the list shows" "Failed items first, then open ones, then the rest:"
tui_screen "$TMP/sum"
expect_grep "en: the first item is selected" "\[FAIL\] > 1-1" "$TMP/sum"
tui_keys j j
tui_wait "en: ↓ moves the selection" "\[    \] > 2-2"
tui_keys G
tui_wait "en: the passed item comes last" "\[PASS\] > 2-1"
tui_screen "$TMP/sum2"
# order over both pages: FAIL before open before PASS
order=$(cat "$TMP/sum" "$TMP/sum2" | grep -E '^  \[(FAIL|PASS|    )\] ' | sed -E 's/^  \[(FAIL|PASS|    )\].*/\1/' | uniq | tr '\n' ',')
expect_eq "en: failed, then open, then passed" "$order" "FAIL,    ,PASS,"
tui_keys Enter
tui_wait "en: Enter opens that item" "JNSA ref 2-1"
tui_keys Escape
tui_wait "en: Esc goes back to the summary" "Summary and report"
tui_keys q y
tui_expect_exit "en: quits" 0

# a key made earlier with k at ~/.config/reentry/signing-key is found, not offered again
sed -i '/^signing_key:/d' "$TMP/config.yaml"
mkdir -p "$TMP/xdg/reentry"
ssh-keygen -q -t ed25519 -N '' -C "desk@example.jp" -f "$TMP/xdg/reentry/signing-key" >/dev/null
TUI_ENV="XDG_CONFIG_HOME=$TMP/xdg"
start 120 40 ja "伊藤 健" 2 --lang ja
tui_keys s
tui_wait "ja: the summary" "まとめと報告書"
tui_screen "$TMP/sumja"
expect_nogrep "ja: a key at the usual place is not offered again" "署名鍵が未設定です" "$TMP/sumja"
tui_keys w
tui_wait "ja: the report is written with that key" "署名付き報告書を作成しました"
tui_wait "ja: the allowed-signers line of this key, with its principal" \
	"desk@example.jp namespaces=\"reentry-report\" ssh-ed25519"
tui_screen "$TMP/done"
json=$(ls "$TMP"/reports/*.json | head -1)
sig="$json.sig"
# the wrapped lines joined back
sed 's/^ *//' "$TMP/done" | tr '\n' ' ' | tr -s ' ' >"$TMP/done.joined"
expect_grep "ja: the real report path" "JSON: $json" "$TMP/done.joined"
expect_grep "ja: the ssh-keygen command with the namespace and the real report" \
	"ssh-keygen -Y verify -f allowed_signers -I desk@example.jp -n reentry-report -s $sig < $json" \
	"$TMP/done.joined"
pub=$(cut -d' ' -f1,2 "$TMP/xdg/reentry/signing-key.pub")
printf 'desk@example.jp namespaces="reentry-report" %s\n' "$pub" >"$TMP/allowed"
expect_exit 0 "(peer) ssh-keygen -Y verify accepts the report as the summary says" \
	sh -c "ssh-keygen -Y verify -f '$TMP/allowed' -I desk@example.jp -n reentry-report -s '$sig' < '$json'"
tui_keys q
tui_wait "ja: after the report the quit dialog says the report is written" "報告書は作成済みです"
tui_keys y
tui_expect_exit "ja: quits" 0
