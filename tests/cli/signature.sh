# signature.sh: reentry's SSHSIG signatures and keys against stock OpenSSH,
# both ways, and one changed byte failing both tools.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
# an empty root: whatever checks exist read nothing of this machine
mkdir root
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
cat >ans.yaml <<'A'
operator: "佐藤 花子"
role: management
answers:
  "3-2": {answer: yes, note: "リスクを再評価した"}
A

# keygen: files, modes, ssh-keygen reads the key, same fingerprint
expect_exit 0 "keygen makes a key" "$REENTRY" keygen --identity desk@example.jp key
expect_eq "private key mode 0600" "$(stat -c %a key)" "600"
expect_grep "keygen prints the allowed-signers line" '^desk@example.jp namespaces="reentry-report" ssh-ed25519 AAAA' "$TMP/out"
grep '^desk@example.jp namespaces=' "$TMP/out" >allowed
ours=$(sed -n 's/^Fingerprint: 256 \(SHA256:[^ ]*\).*/\1/p' "$TMP/out")
expect_exit 0 "ssh-keygen -y reads reentry's private key" ssh-keygen -y -f key
expect_eq "ssh-keygen -y derives the same public key" "$(cut -d' ' -f1,2 "$TMP/out")" "$(cut -d' ' -f1,2 key.pub)"
expect_exit 0 "ssh-keygen -l reads the key" ssh-keygen -lf key
expect_eq "fingerprint matches ssh-keygen -l" "$(cut -d' ' -f2 "$TMP/out")" "$ours"
for bad in 'a,b' 'desk*' 'des?' '!desk' 'a b' 'a"b'; do
	expect_exit 2 "keygen refuses identity '$bad' (a list, pattern or broken line in allowed_signers)" \
		"$REENTRY" keygen --identity "$bad" badkey
done
expect_eq "and writes no key for it" "$(ls badkey* 2>/dev/null)" ""
expect_exit 2 "keygen never overwrites" "$REENTRY" keygen key
expect_grep "says it already exists" "already exists" "$TMP/err"

# a reentry report verifies with ssh-keygen -Y verify
expect_exit 3 "run writes an (incomplete) report" "$REENTRY" run --root root --answers ans.yaml --out rep --key key --config cfg.yaml
r=$(ls rep/*.json)
expect_exit 0 "ssh-keygen -Y verify accepts reentry's signature" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n reentry-report -s '$r.sig' < '$r'"
expect_grep "ssh-keygen names the signer" 'Good "reentry-report" signature for desk@example.jp' "$TMP/out"
expect_exit 255 "ssh-keygen refuses another namespace" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n file -s '$r.sig' < '$r'"
expect_exit 0 "reentry verify with allowed signers" "$REENTRY" verify --allowed-signers allowed "$r"
expect_grep "verify names the principal" "allowed signer: desk@example.jp" "$TMP/out"
expect_grep "verify prints the operator" "operator: +佐藤 花子 \(management\)" "$TMP/out"
expect_grep "verify prints the verdict" "verdict: +incomplete" "$TMP/out"
expect_exit 0 "reentry verify without allowed signers" "$REENTRY" verify "$r"
expect_grep "says the key was not checked" "NOT checked against an allowed-signers list" "$TMP/out"
expect_grep "prints the fingerprint" "$(printf '%s' "$ours" | sed 's/[+.]/\\&/g')" "$TMP/out"

# one changed byte in the report fails both tools
cp "$r" t.json; cp "$r.sig" t.json.sig
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); i=b.index(b"\"operator\"")+14; b[i]^=1; open(p,"wb").write(b)' t.json
expect_exit 1 "reentry verify rejects a changed byte in the report" "$REENTRY" verify --allowed-signers allowed t.json
expect_grep "says the signature is bad" "bad signature" "$TMP/err"
expect_exit 255 "ssh-keygen rejects the same change" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n reentry-report -s t.json.sig < t.json"
# one changed byte in the signature fails both tools
cp "$r" u.json; cp "$r.sig" u.json.sig
python3 -c 'import sys,base64; p=sys.argv[1]; L=open(p).read().split("\n"); body="".join(L[1:-2]); raw=bytearray(base64.b64decode(body)); raw[-5]^=0x20; b=base64.b64encode(bytes(raw)).decode(); open(p,"w").write(L[0]+"\n"+"\n".join(b[i:i+70] for i in range(0,len(b),70))+"\n"+L[-2]+"\n")' u.json.sig
expect_exit 1 "reentry verify rejects a changed byte in the signature" "$REENTRY" verify u.json
expect_exit 255 "ssh-keygen rejects the same signature" \
	sh -c "ssh-keygen -Y verify -f allowed -I desk@example.jp -n reentry-report -s u.json.sig < u.json"
# a missing signature is bad, a missing report unreadable
cp "$r" v.json
expect_exit 1 "a report without signature is bad" "$REENTRY" verify v.json
expect_grep "says no signature" "no signature" "$TMP/err"
expect_exit 2 "a missing report is unreadable" "$REENTRY" verify nope.json

# a signature made by ssh-keygen -Y sign verifies with reentry verify
ssh-keygen -q -t ed25519 -N '' -C peer -f peerkey
echo "peer@example.jp namespaces=\"reentry-report\" $(cut -d' ' -f1,2 peerkey.pub)" >peer_allowed
cp "$r" p.json
expect_exit 0 "ssh-keygen -Y sign" ssh-keygen -Y sign -f peerkey -n reentry-report p.json
expect_exit 1 "its report names another signer than the key" "$REENTRY" verify --allowed-signers peer_allowed p.json
expect_grep "says so" "but the report names signer" "$TMP/err"
# a report made and signed by an ssh-keygen key through reentry: both tools agree
chmod 600 peerkey
expect_exit 3 "a key made by ssh-keygen -t ed25519 signs with reentry" "$REENTRY" run --root root --answers ans.yaml --out rep2 --key peerkey --config cfg.yaml
r2=$(ls rep2/*.json)
mv "$r2.sig" "$r2.ours.sig"
expect_exit 0 "ssh-keygen -Y sign over reentry's report" ssh-keygen -Y sign -f peerkey -n reentry-report "$r2"
expect_exit 0 "reentry verify accepts ssh-keygen's signature" "$REENTRY" verify --allowed-signers peer_allowed "$r2"
expect_grep "names the peer principal" "allowed signer: peer@example.jp" "$TMP/out"
expect_exit 0 "ssh-keygen accepts reentry's signature by the same key" \
	sh -c "ssh-keygen -Y verify -f peer_allowed -I peer@example.jp -n reentry-report -s '$r2.ours.sig' < '$r2'"
expect_exit 1 "a key not in the allowed signers is refused" "$REENTRY" verify --allowed-signers allowed "$r2"
expect_grep "says it is not allowed" "is not allowed for namespace reentry-report" "$TMP/err"
# namespaces= restricts; another namespace only is refused
echo "peer@example.jp namespaces=\"git\" $(cut -d' ' -f1,2 peerkey.pub)" >git_allowed
expect_exit 1 "a key allowed only for git is refused" "$REENTRY" verify --allowed-signers git_allowed "$r2"
# a signature over another namespace is refused
cp "$r" n.json
ssh-keygen -Y sign -f key -n file n.json >/dev/null 2>&1
expect_exit 1 "a signature in namespace 'file' is refused" "$REENTRY" verify n.json
expect_grep "says another namespace" "another namespace" "$TMP/err"

# keys reentry refuses
chmod 644 key
expect_exit 2 "a key others can read is refused" "$REENTRY" run --root root --answers ans.yaml --out rep3 --key key --config cfg.yaml
expect_grep "says who can read it" "accessible by group or others" "$TMP/err"
chmod 600 key
ssh-keygen -q -t ed25519 -N 'secret pass' -f enckey
expect_exit 2 "an encrypted key is refused" "$REENTRY" run --root root --answers ans.yaml --out rep3 --key enckey --config cfg.yaml
expect_grep "says it is protected by a passphrase" "passphrase" "$TMP/err"
ssh-keygen -q -t rsa -b 2048 -N '' -f rsakey
expect_exit 2 "an RSA key is refused" "$REENTRY" run --root root --answers ans.yaml --out rep3 --key rsakey --config cfg.yaml
expect_grep "says only ssh-ed25519" "only ssh-ed25519" "$TMP/err"
expect_exit 2 "no key at all is an error" "$REENTRY" run --root root --answers ans.yaml --out rep3 --config cfg.yaml
expect_grep "says how to get a key" "reentry keygen" "$TMP/err"
if [ -e rep3 ]; then notok "nothing written when the key is refused"; else ok "nothing written when the key is refused"; fi

for c in keygen verify audit run; do
	expect_exit 0 "$c --help" "$REENTRY" $c --help
	expect_grep "$c --help shows usage" "^usage: reentry $c" "$TMP/out"
done
expect_exit 0 "reentry --help lists the commands" "$REENTRY" --help
for c in keygen verify audit run; do expect_grep "lists $c" "^  $c " "$TMP/out"; done
expect_exit 2 "verify needs one report" "$REENTRY" verify
expect_exit 2 "keygen needs one file" "$REENTRY" keygen
expect_exit 2 "keygen refuses an identity with blanks" "$REENTRY" keygen --identity "a b" k9
