# html.sh: the HTML copy of a report: self-contained, escaped, lang
# attributes, A4 when printed, and Japanese rendered with real glyphs in
# headless Chromium (a page whose Japanese name is swapped for another must
# render differently; with missing glyphs both would be the same boxes).
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir root
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
cat >ans.yaml <<'A'
operator: "佐藤 花子"
role: management
answers:
  "3-1": {answer: yes, note: "BYOD利用を棚卸し済み"}
  "4-5": {answer: no, note: "<script>alert(1)</script> & \"quotes\" 'single'"}
A
"$REENTRY" run --root root --answers ans.yaml --config cfg.yaml --key key --out rep >"$TMP/out" 2>"$TMP/err"
r=$(sed -n 's/^report: *//p' "$TMP/out")
h=${r%.json}.html
if [ -s "$h" ]; then ok "HTML written"; else notok "HTML written" "$(cat "$TMP/err")"; fi

expect_nogrep "no <script> element from the note" "<script" "$h"
expect_grep "the note is escaped" "&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;" "$h"
expect_nogrep "no external resources (src/href/url/import)" "(src=|href=|url\(|@import)" "$h"
expect_grep "a policy forbids external loads" "Content-Security-Policy\" content=\"default-src 'none'" "$h"
expect_grep "html has a lang attribute" "<html lang=\"en\">" "$h"
expect_grep "Japanese text is marked lang=ja" "<span lang=\"ja\">テレワーク利用者への教育" "$h"
expect_grep "A4 print style" "@page\{size:A4" "$h"
# the verdict and the failures come before the item list
v=$(grep -n 'id="verdict"' "$h" | cut -d: -f1)
f=$(grep -n '不合格の項目' "$h" | head -1 | cut -d: -f1)
a=$(grep -n '全項目' "$h" | head -1 | cut -d: -f1)
if [ -n "$v" ] && [ -n "$f" ] && [ -n "$a" ] && [ "$v" -lt "$f" ] && [ "$f" -lt "$a" ]; then
	ok "verdict, then failures, then all items"
else
	notok "verdict, then failures, then all items" "lines $v $f $a"
fi

if ! command -v chromium >/dev/null 2>&1; then
	notok "chromium is installed (scripts/packages.txt)"
	exit 0
fi
chr() { # chr OUTPUT-FLAG URL: one headless Chromium run with no network use
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-extensions --user-data-dir="$TMP/chr" --window-size=1000,700 \
		--hide-scrollbars "$@" 2>>"$TMP/chr.log"
}
# the fonts the page asks for resolve to a font with Japanese glyphs
fam=$(fc-match -f '%{family[0]}' 'sans-serif:lang=ja')
case "$fam" in
*CJK*|*IPA*|*Gothic*|*JP*) ok "fontconfig has a Japanese sans-serif font ($fam)" ;;
*) notok "fontconfig has a Japanese sans-serif font" "fc-match gives '$fam'" ;;
esac
expect_grep "the page's font list names that font" "font-family:[^}]*\"$fam\"" "$h"

chr --screenshot="$TMP/a.png" "file://$TMP/$h"
sed -e 's/佐藤 花子/山田 太郎/g' "$h" >"$TMP/b.html"
chr --screenshot="$TMP/b.png" "file://$TMP/b.html"
sed -e 's/佐藤 花子/佐藤 花子/g' "$h" >"$TMP/c.html"
chr --screenshot="$TMP/c.png" "file://$TMP/c.html"
if [ -s "$TMP/a.png" ] && [ -s "$TMP/b.png" ] && [ -s "$TMP/c.png" ]; then ok "screenshots taken"; else
	notok "screenshots taken" "$(tail -5 "$TMP/chr.log")"; fi
# rendering is deterministic: the same page gives the same image...
if cmp -s "$TMP/a.png" "$TMP/c.png"; then ok "the same page renders the same pixels"; else
	notok "the same page renders the same pixels"; fi
# ...and different kanji give different pixels, which tofu boxes would not
if cmp -s "$TMP/a.png" "$TMP/b.png"; then
	notok "Japanese names render as distinct glyphs" "佐藤 花子 and 山田 太郎 gave identical screenshots: missing glyphs?"
else
	ok "Japanese names render as distinct glyphs"
fi
# the DOM Chromium built keeps the escaped note as text
chr --dump-dom "file://$TMP/$h" >"$TMP/dom.html"
expect_grep "Chromium parsed the page" "佐藤 花子" "$TMP/dom.html"
expect_nogrep "no script element in the DOM" "<script" "$TMP/dom.html"
# printed, the page is A4 (595 x 842 points)
chr --no-pdf-header-footer --print-to-pdf="$TMP/r.pdf" "file://$TMP/$h"
box=$(grep -a -o 'MediaBox *\[[^]]*\]' "$TMP/r.pdf" | head -1)
case "$box" in
*"[0 0 59"[45]*" 84"[12]*) ok "printed on A4 ($box)" ;;
*) notok "printed on A4" "MediaBox: '$box'" ;;
esac
