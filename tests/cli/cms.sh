# cms.sh: the optional detached CMS signature (DER) of a report, checked
# with `openssl cms -verify` and a self-signed P-256 certificate.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
mkdir root
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
openssl ecparam -name prime256v1 -genkey -noout -out ec.key 2>/dev/null
openssl req -new -x509 -key ec.key -out cert.pem -days 30 -subj "/CN=reentry test desk" 2>/dev/null
chmod 600 ec.key
printf 'state_dir: %s/state\ncms:\n  certificate: %s/cert.pem\n  key: %s/ec.key\n' "$TMP" "$TMP" "$TMP" >cfg.yaml
printf 'operator: "佐藤"\nrole: management\nanswers:\n  "3-2": yes\n' >ans.yaml
"$REENTRY" run --root root --answers ans.yaml --config cfg.yaml --key key --out rep >"$TMP/out" 2>"$TMP/err"
r=$(sed -n 's/^report: *//p' "$TMP/out")
if [ -s "$r.p7s" ]; then ok "wrote the CMS signature"; else notok "wrote the CMS signature" "$(cat "$TMP/err")"; fi
expect_exit 0 "openssl cms -verify accepts it" openssl cms -verify -binary -inform DER -in "$r.p7s" \
	-content "$r" -CAfile cert.pem -out /dev/null
expect_grep "openssl says successful" "Verification successful" "$TMP/err"
expect_exit 0 "the SSHSIG signature is there too" "$REENTRY" verify "$r"
cp "$r" t.json
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[100]^=1; open(p,"wb").write(b)' t.json
expect_exit 4 "openssl cms rejects a changed byte" openssl cms -verify -binary -inform DER -in "$r.p7s" \
	-content t.json -CAfile cert.pem -out /dev/null
chmod 644 ec.key
expect_exit 2 "a CMS key others can read is refused" "$REENTRY" run --root root --answers ans.yaml --config cfg.yaml --key key --out rep
expect_grep "says so" "ec.key: private key is accessible by group or others" "$TMP/err"
expect_eq "nothing written when the CMS key is refused" "$(ls rep/*.json | wc -l)" "1"
