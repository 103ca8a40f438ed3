# windows_ntfs.sh: end to end on a real NTFS volume: an image made with
# mkntfs, filled through a read-write ntfs-3g mount with a Windows tree in
# mixed case, then mounted read-only as a desk would, and `reentry run --root`
# on it to a signed report. Where FUSE mounting is not allowed, it says so
# and skips. The volume's image is unchanged by the run (read-only, checked
# by its hash).
. "$TOP/tests/lib.sh"
. "$TOP/tests/winfix.sh"

if ! command -v mkntfs >/dev/null 2>&1 || ! command -v ntfs-3g >/dev/null 2>&1; then
	ok "NTFS end to end # SKIP mkntfs / ntfs-3g not installed"
	exit 0
fi
cd "$TMP" || exit 1
truncate -s 32M vol.img
mkntfs -F -f -q -L WINTEST vol.img >/dev/null 2>&1 || { notok "mkntfs made an NTFS image"; exit 0; }
mkdir -p mnt
if ! ntfs-3g vol.img mnt 2>"$TMP/err"; then
	ok "NTFS end to end # SKIP cannot mount FUSE here: $(head -c 200 "$TMP/err")"
	exit 0
fi
trap 'umount "$TMP/mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
win_machine "$TMP/src" || { notok "fixture: build the hives"; umount mnt; exit 1; }
printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server]\n"fDenyTSConnections"=dword:00000000\n' |
	win_system "$TMP/src"
cp -r "$TMP/src/." mnt/
umount mnt
sum_before=$(sha256sum vol.img | cut -d' ' -f1)
if ! ntfs-3g -o ro vol.img mnt 2>"$TMP/err"; then
	notok "the volume mounts read-only" "$(cat "$TMP/err")"
	exit 0
fi
ok "an NTFS volume with a Windows tree mounted read-only"
printf 'state_dir: %s/state\n' "$TMP" >cfg.yaml
"$REENTRY" keygen --identity desk@example.jp key >/dev/null || exit 1
cat >ans.yaml <<'A'
operator: "山田 太郎"
role: it
answers: {}
A
"$REENTRY" run --root mnt --checklist "$TOP/jnsa-checklist.yaml" --config cfg.yaml --key key --out rep --answers ans.yaml >"$TMP/out" 2>"$TMP/err"
rc=$?
r=$(sed -n 's/^report: *//p' "$TMP/out")
umount mnt
if [ -z "$r" ] || [ ! -f "$r" ]; then
	notok "reentry run on the NTFS volume wrote a report" "exit $rc" "$(head -c 800 "$TMP/out" "$TMP/err")"
	exit 0
fi
ok "reentry run on the NTFS volume wrote a report (exit $rc)"
expect_exit 0 "the report verifies" "$REENTRY" verify "$r"
expect_eq "kind and identity read from the volume" \
	"$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["target"]; print(t["kind"], t["hostname"], t["os"])' "$r")" \
	"windows LAPTOP-042 Windows 11 Pro 23H2 (build 22631.3248)"
check_of() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([c["status"] for c in d["checks"] if c["id"]==sys.argv[2]][0])' "$r" "$1" 2>/dev/null; }
expect_eq "firewall ran its Windows probe on the volume" "$(check_of firewall)" pass
expect_eq "remote-access found RDP on the volume (sockets unseen: unknown)" "$(check_of remote-access)" unknown
expect_grep "RDP is named in the report" "Remote Desktop \\(RDP\\) enabled" "$r"
expect_eq "the volume is unchanged by the run" "$(sha256sum vol.img | cut -d' ' -f1)" "$sum_before"
