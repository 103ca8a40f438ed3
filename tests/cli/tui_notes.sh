# tui_notes.sh: notes and waivers through the real UI in tmux at 80x24: a note of several
# lines (Ctrl-J), its count shown as it nears and reaches the 500-character limit, the
# whole note readable on the item's screen, notes on passed items in the text and HTML
# reports; the waiver form checks each field as it is left, keeps what was typed, and
# refuses a date that is not one or is in the past.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/tuilib.sh"

tui_fixture
R="$TMP/root"
tui_medium "$R" 0

tui_start 80 24 tui --config "$TMP/config.yaml" --checklist "$TOP/jnsa-checklist.yaml" --lang en --root "$R"
tui_until "Your name or staff ID" 10
tui_text "Ito Ken"
tui_keys Enter
tui_until "1 Staff" 10
tui_keys 2 Enter
tui_device_skip
tui_wait "overview" "Verdict so far"
tui_keys 0
tui_wait "all items" "> 1-1"

# 2-1 passes with a note of three lines
tui_keys j j
tui_wait "2-1 selected" "> 2-1"
tui_keys Enter
tui_wait "detail of 2-1" "JNSA ref 2-1"
tui_keys e
tui_wait "the note editor shows the count" "0/500"
tui_text "Laptop returned with its charger."
tui_keys C-j
tui_text "USB stick <b>JP-0042</b> & case checked."
tui_keys C-j
tui_text "Ledger signed by the owner."
tui_wait "the count follows the typing" "102/500"
tui_screen "$TMP/edit"
expect_grep "the editor holds several lines: first" "^  Laptop returned with its charger\. *$" "$TMP/edit"
expect_grep "... second" "^  USB stick <b>JP-0042</b> & case checked\. *$" "$TMP/edit"
expect_grep "... third" "^  Ledger signed by the owner\. *$" "$TMP/edit"
tui_keys Enter
tui_wait "the note is saved" "Note saved\."
tui_keys y
tui_wait "2-1 passes" "2-1: answered yes"
tui_screen "$TMP/shown"
sed 's/^ *//' "$TMP/shown" | tr '\n' ' ' | tr -s ' ' >"$TMP/shown.joined"
expect_grep "the whole note is readable on the item's screen" \
	"Laptop returned with its charger\. USB stick <b>JP-0042</b> & case checked\. Ledger signed by the owner\." \
	"$TMP/shown.joined"

# a note at the limit: the count says so, and a further character is not taken silently
tui_keys Tab
tui_wait "2-2" "JNSA ref 2-2"
tui_keys e
long=$(printf '%0490d' 0 | tr 0 a)
tui_text "$long"
tui_wait "near the limit the count shows" "490/500"
tui_text "bbbbbbbbbbcc"
tui_wait "at the limit it says nothing more is taken" "500/500: the limit; nothing more is taken"
tui_keys BSpace
tui_wait "below the limit again" "499/500"
tui_keys Escape
tui_keys BTab

# 1-1 fails, and is waived through the form
tui_keys Escape g
tui_wait "back on the list" "> 1-1"
tui_keys n
tui_wait "1-1 fails" "1-1: answered no"
tui_keys g Enter
tui_wait "detail of 1-1" "JNSA ref 1-1"
tui_keys W
tui_wait "the waiver form opens at its first field" "Waiver \(1/4\) Waiver approved by"
tui_keys Enter
tui_wait "an empty approver is refused at the field" "A name is needed"
tui_wait "... which stays open" "Waiver \(1/4\)"
tui_text "Suzuki (CISO)"
tui_keys Enter
tui_wait "then the reason" "Waiver \(2/4\) Reason"
tui_text "replacement laptop on order"
tui_keys Enter
tui_wait "then the date" "Waiver \(3/4\) Waived until"
tui_text "next friday"
tui_keys Enter
tui_wait "\"next friday\" gets an error at the date field" "\"next friday\" is not a date: type it as YYYY-MM-DD"
tui_wait "... the field stays" "Waiver \(3/4\)"
tui_screen "$TMP/bad"
expect_grep "... and what was typed is kept" "^  next friday *$" "$TMP/bad"
tui_keys C-u
tui_text "2020-01-31"
tui_keys Enter
tui_wait "a date in the past is refused" "2020-01-31 is in the past"
tui_keys BTab
tui_wait "going back shows the reason as typed" "Waiver \(2/4\)"
tui_screen "$TMP/back"
expect_grep "... kept" "^  replacement laptop on order *$" "$TMP/back"
tui_keys Enter
tui_wait "forward again keeps the date as typed" "Waiver \(3/4\)"
tui_screen "$TMP/fwd"
expect_grep "... kept" "^  2020-01-31 *$" "$TMP/fwd"
tui_keys C-u
tui_text "2099-12-31"
tui_keys Enter
tui_wait "then the ticket" "Waiver \(4/4\) Ticket"
tui_keys Enter
tui_wait "the waiver is recorded" "Waiver recorded\."
tui_wait "and shown" "Waived by Suzuki \(CISO\) until 2099-12-31"

tui_keys s w
tui_wait "report written" "Report ID"
tui_keys q y
tui_expect_exit "quits" 0
txt=$(ls "$TMP"/reports/*.txt | head -1)
html=$(ls "$TMP"/reports/*.html | head -1)
expect_grep "the text report has the passed item's note, first line" "note \(メモ\): Laptop returned with its charger\." "$txt"
expect_grep "... and its other lines" "^ +USB stick <b>JP-0042</b> & case checked\.$" "$txt"
expect_grep "the HTML report has it, escaped" "USB stick &lt;b&gt;JP-0042&lt;/b&gt; &amp; case checked\." "$html"
expect_nogrep "... never raw" "<b>JP-0042</b>" "$html"
expect_grep "... with its lines kept" "td.note\{white-space:pre-wrap\}" "$html"
