# report_dir_hostile.sh: files nobody should trust in the report directory
# (a FIFO named like a report, a link at the lock's name, an unsigned
# report claiming the largest sequence number) never hang run, verify or
# audit, are never followed, and never set the chain's next number.
. "$TOP/tests/lib.sh"

cd "$TMP" || exit 1
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
mkdir -p root/etc rep
echo hostile-test >root/etc/hostname
cat >a.yaml <<'A'
operator: "山田 太郎"
role: management
answers: {"3-1": yes}
A
run() { timeout 60 "$REENTRY" run --root root --checklist "$TOP/jnsa-checklist.yaml" --config cfg.yaml --key key --out rep --answers a.yaml; }
seq_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chain"]["sequence"])' "$1"; }

run >"$TMP/out" 2>"$TMP/err"
first=$(sed -n 's/^report: *//p' "$TMP/out")
expect_eq "a first report is written" "$(seq_of "$first")" "1"

# the planted files
mkfifo rep/x.json
cat >rep/zzz.json <<'J'
{"schema": "reentry-report", "schema_version": 1, "chain": {"sequence": 9223372036854775807}}
J
echo "-----BEGIN SSH SIGNATURE-----" >rep/zzz.json.sig

run >"$TMP/out" 2>"$TMP/err"
rc=$?
case $rc in 0|1|3) ok "run does not hang on a FIFO or a planted report (exit $rc)" ;; *) notok "run does not hang on a FIFO or a planted report" "exit $rc" "$(cat "$TMP/err")" ;; esac
second=$(sed -n 's/^report: *//p' "$TMP/out")
expect_eq "the next number comes from the verified chain, not the planted file" "$(seq_of "$second")" "2"
expect_eq "the new report names its verified predecessor" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chain"]["previous"]["report"])' "$second")" "$(basename "$first")"
expect_exit 0 "the new report verifies" timeout 30 "$REENTRY" verify "$second"
expect_exit 2 "verify of the FIFO fails at once (unreadable: exit 2)" timeout 10 "$REENTRY" verify rep/x.json
expect_grep "and says it is not a regular file" "not a regular file" "$TMP/err"
timeout 60 "$REENTRY" audit rep >"$TMP/out" 2>"$TMP/err"
rc=$?
case $rc in 124|137) notok "audit does not hang on the FIFO" "timed out" ;; *) ok "audit does not hang on the FIFO (exit $rc)" ;; esac
expect_grep "audit names the planted report" "zzz.json" "$TMP/out"

# a link at the lock's name is never followed
rm -f rep/.reentry.lock
ln -s "$TMP/victim" rep/.reentry.lock
run >"$TMP/out" 2>"$TMP/err"
expect_eq "run refuses a link at the lock's name" "$?" "2"
if [ -e "$TMP/victim" ]; then notok "the lock link's target was not created"; else ok "the lock link's target was not created"; fi
