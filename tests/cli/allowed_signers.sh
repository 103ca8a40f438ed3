# allowed_signers.sh: reentry verify reads an allowed-signers file as
# ssh-keygen -Y verify does. Each line of the table below is written alone
# into a file (with @K@ the signing key, @O@ another key) and both tools are
# asked whether it allows the report's key for principal alice@example.jp in
# namespace reentry-report; both must give the answer in the table. Then
# refused lines are named with file:line, and a refused line does not hide
# a good line after it (ssh-keygen goes on to the next line too). Last, 150
# generated lines (fixed seed) are put to both tools.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir root
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
cat >ans.yaml <<'A'
operator: "Sato"
role: management
answers:
  "3-2": {answer: yes, note: "reviewed"}
A
"$REENTRY" keygen --identity alice@example.jp key >/dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -C other -f other
"$REENTRY" run --root root --answers ans.yaml --out rep --key key --config cfg.yaml >/dev/null 2>&1
r=$(ls rep/*.json)
K=$(cut -d' ' -f1,2 key.pub)
O=$(cut -d' ' -f1,2 other.pub)
B64=$(cut -d' ' -f2 key.pub)

# verdict|line ("yes": the key is allowed). printf %b expands \t and \r.
cat >table <<'T'
yes|alice@example.jp @K@
yes|alice@example.jp namespaces="reentry-report" @K@
no|alice@example.jp namespaces="git" @K@
yes|alice@example.jp namespaces="git,reentry-*" @K@
no|alice@example.jp namespaces="!reentry-report,*" @K@
no|alice@example.jp namespaces=reentry-report @K@
no|alice@example.jp namespaces="a",namespaces="reentry-report" @K@
no|alice@example.jp expiry-time="20990101" @K@
no|alice@example.jp valid-befor="20990101" @K@
yes|alice@example.jp valid-before="20990101" @K@
no|alice@example.jp valid-before="20000101" @K@
no|alice@example.jp valid-after="20990101" @K@
yes|alice@example.jp valid-after="20000101Z" @K@
yes|alice@example.jp valid-after="200001010000UTC" @K@
yes|alice@example.jp valid-after="20000101000000z" @K@
no|alice@example.jp valid-after="2000010" @K@
no|alice@example.jp valid-after="20001301" @K@
no|alice@example.jp valid-after="20000101T" @K@
no|alice@example.jp valid-after="19700101000000Z" @K@
no|alice@example.jp valid-after="20000101",valid-after="20000102" @K@
no|alice@example.jp valid-after="20200101",valid-before="20100101" @K@
yes|alice@example.jp valid-before="20990101Z",valid-after="20000101Z" @K@
no|alice@example.jp valid-after=20000101 @K@
no|alice@example.jp cert-authority @K@
no|alice@example.jp cert-authority,namespaces="reentry-report" @K@
no|alice@example.jp CERT-AUTHORITY @K@
yes|alice@example.jp NAMESPACES="reentry-report" @K@
no|alice@example.jp namespaces="reentry-report", @K@
yes|alice@example.jp ,namespaces="reentry-report" @K@
no|alice@example.jp namespaces="reentry-report"x @K@
no|alice@example.jp namespaces="reentry-report @K@
no|alice@example.jp namespaces="reentry-report",cert-authorityx @K@
no|alice@example.jp namespaces="reentry-report" valid-before="20990101" @K@
no|alice@example.jp namespaces="reentry-[r]eport" @K@
yes|alice@example.jp namespaces="reentry-repor?" @K@
no|alice@example.jp namespaces="" @K@
no|alice@example.jp namespaces="reentry\"-report" @K@
yes|alice@example.jp namespaces="a b,reentry-report" @K@
yes|*@example.jp @K@
yes|bob@example.jp,alice@* @K@
no|!alice@example.jp,* @K@
no|bob@example.jp @K@
yes|"alice@example.jp" @K@
yes|"alice@example.jp,bob"@K@
yes|al"ice@example.jp" @K@
no|"alice@example.jp @K@
no|alice@example.jp
no|alice@example.jp @O@
no|alice@example.jp ssh-ed25519 AAAA
no|alice@example.jp ssh-ed25519 @B64@=
no|alice@example.jp ssh-rsa @B64@
no|alice@example.jp ssh-ed25519
yes|alice@example.jp @K@ trailing comment words
yes|   alice@example.jp\t@K@
yes|alice@example.jp @K@\r
no|# alice@example.jp @K@
no|alice@example.jp @O@ @K@
no|alice@example.jp namespaces="reentry-report",namespaces2="x" @K@
T

n=0
agree=0
while IFS='|' read -r want line; do
	n=$((n + 1))
	line=$(printf '%s' "$line" | sed "s|@K@|$K|g; s|@O@|$O|g; s|@B64@|$B64|g")
	printf '%b\n' "$line" >"as$n"
	"$REENTRY" verify --allowed-signers "as$n" --principal alice@example.jp "$r" >"o$n" 2>"e$n"
	ours=$?
	ssh-keygen -Y verify -f "as$n" -I alice@example.jp -n reentry-report -s "$r.sig" <"$r" >"so$n" 2>"se$n"
	peer=$?
	case "$ours" in 0) ours=yes ;; 1) ours=no ;; *) ours="exit $ours" ;; esac
	case "$peer" in 0) peer=yes ;; 255) peer=no ;; *) peer="exit $peer" ;; esac
	if [ "$ours" = "$peer" ]; then agree=$((agree + 1)); fi
	if [ "$ours" = "$want" ] && [ "$peer" = "$want" ]; then
		ok "line $n: both say $want: $line"
	else
		notok "line $n: $line" "want $want, reentry $ours, ssh-keygen $peer" \
			"reentry: $(head -c 300 "e$n")" "ssh-keygen: $(head -c 300 "se$n")"
	fi
done <table
expect_eq "reentry and ssh-keygen agree on all $n lines" "$agree" "$n"

# a refused line is named with its file and line and the reason, and does not
# hide a good line after it: both tools accept the key from line 3
{
	echo "# site signers"
	echo "alice@example.jp expiry-time=\"20990101\" $K"
	echo "alice@example.jp namespaces=\"reentry-report\" $K"
} >mixed
expect_exit 0 "reentry: a good line after a refused one still counts" \
	"$REENTRY" verify --allowed-signers mixed --principal alice@example.jp "$r"
expect_grep "the refused line is named with file:line and why" \
	'allowed signers: mixed:2: line ignored: unknown option "expiry-time"' "$TMP/err"
expect_exit 0 "ssh-keygen: the same" \
	sh -c "ssh-keygen -Y verify -f mixed -I alice@example.jp -n reentry-report -s '$r.sig' < '$r'"
expect_exit 0 "without --principal the key is looked up for any principal" \
	"$REENTRY" verify --allowed-signers mixed "$r"
expect_grep "and the principals are shown" 'allowed signer: alice@example.jp' "$TMP/out"

# a NUL byte ends a line for both tools
printf 'alice@example.jp\000 %s\n' "$K" >nul1
printf 'alice@example.jp %s\000junk\n' "$K" >nul2
expect_exit 1 "reentry: a NUL before the key leaves no key" "$REENTRY" verify --allowed-signers nul1 --principal alice@example.jp "$r"
expect_exit 255 "ssh-keygen: the same" \
	sh -c "ssh-keygen -Y verify -f nul1 -I alice@example.jp -n reentry-report -s '$r.sig' < '$r'"
expect_exit 0 "reentry: a NUL after the key ends the line there" "$REENTRY" verify --allowed-signers nul2 --principal alice@example.jp "$r"
expect_exit 0 "ssh-keygen: the same" \
	sh -c "ssh-keygen -Y verify -f nul2 -I alice@example.jp -n reentry-report -s '$r.sig' < '$r'"

# why a listed key was not allowed, and hostile bytes in the file are not echoed raw
printf 'alice@example.jp valid-before="20000101" %s\n' "$K" >expired
expect_exit 1 "an expired key is refused" "$REENTRY" verify --allowed-signers expired "$r"
expect_grep "saying it expired, with the line" 'expired:1: the key has expired \(valid-before 2000-01-01' "$TMP/err"
printf 'alice@example.jp \033[31mbad="x" %s\n' "$K" >esc
expect_exit 1 "a line with an escape sequence is refused" "$REENTRY" verify --allowed-signers esc "$r"
no_raw_escapes "and the message holds no raw escape" "$TMP/err"
expect_exit 2 "--principal needs an allowed-signers file" "$REENTRY" verify --principal alice "$r"

# generated lines: principals, options and keys combined at random (fixed
# seed), some with a stray quote, comma or blank; the two tools must agree on
# every one, and both answers must occur
K="$K" python3 - >generated <<'PY'
import os, random
random.seed(20261202)
K = os.environ["K"]
principals = ['alice@example.jp', '"alice@example.jp"', '*', 'alice@*', '!alice@example.jp', 'bob',
              'al"ice@example.jp"', '"alice@example.jp', '?lice@example.jp', '*@example.jp,!bob',
              'ALICE@example.jp']
options = ['cert-authority', 'namespaces="reentry-report"', 'namespaces="git"',
           'namespaces=reentry-report', 'namespaces="reentry-*"', 'namespaces="!reentry-report,*"',
           'valid-after="20200101"', 'valid-after="20990101"', 'valid-before="20990101Z"',
           'valid-before="20200101"', 'valid-after="202001011200UTC"', 'valid-before="2099123123595"',
           'valid-after="20200230"', 'expiry-time="1"', 'valid-befor="20990101"', '',
           'Namespaces="reentry-report"', 'valid-after="20200101"x', 'namespaces="a\\"b,reentry-report"',
           'namespaces="reentry-report', 'no-touch-required', 'verify-required']
keys = [K, K + ' comment', 'ssh-ed25519', K.replace(' ', '\t'), K + '=', K[:-2],
        'ssh-rsa ' + K.split()[1], K.replace('AAAA', 'AAA A', 1)]
for _ in range(150):
    opts = random.choice([',', ',', ', ', ',,']).join(
        random.choice(options) for _ in range(random.choice([0, 0, 1, 1, 2, 3])))
    line = random.choice(principals) + random.choice([' ', '\t', '  '])
    line += (opts + random.choice([' ', '\t', '  ']) if opts else '') + random.choice(keys)
    if random.random() < 0.15:
        i = random.randrange(len(line))
        line = line[:i] + random.choice(['"', ' ', ',', '=', '\\', '#', '\r']) + line[i:]
    print(line)
PY
n=0 differ=0 yes=0 no=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' "$line" >gen
	"$REENTRY" verify --allowed-signers gen --principal alice@example.jp "$r" >/dev/null 2>&1
	ours=$?
	ssh-keygen -Y verify -f gen -I alice@example.jp -n reentry-report -s "$r.sig" <"$r" >/dev/null 2>&1
	peer=$?
	if [ "$ours" -eq 0 ]; then ours=yes yes=$((yes + 1)); else ours=no no=$((no + 1)); fi
	if [ "$peer" -eq 0 ]; then peer=yes; else peer=no; fi
	if [ "$ours" != "$peer" ]; then
		differ=$((differ + 1))
		echo "# differ: reentry $ours, ssh-keygen $peer: $line"
	fi
done <generated
expect_eq "generated lines: reentry and ssh-keygen agree on all $n" "$differ" "0"
if [ "$yes" -gt 10 ] && [ "$no" -gt 10 ]; then ok "generated lines: both answers occur ($yes allowed, $no refused)"; else
	notok "generated lines: both answers occur" "$yes allowed, $no refused"; fi
