# windows_disk_encryption.sh: disk-encryption on Windows roots: an unlocked
# BitLocker volume reads like an unencrypted one, so the result is always
# unknown, never pass, with the BitLocker policy reported (compared with
# hivexget) and the way to find out.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SW="$W/$WIN_CFG/SOFTWARE"

run_check "disk-encryption on Windows without a BitLocker policy" "$W" disk-encryption
expect_status "the files prove nothing: unknown" unknown
expect_grep "says why" "has been unlocked, so its files cannot show" "$TMP/disk-encryption.json"
expect_grep "says no policy" "no BitLocker policy is set" "$TMP/disk-encryption.json"
expect_eq "the policy key's absence is evidence" \
	"$(jq_check disk-encryption '[e.get("missing") for e in c["evidence"] if e["kind"]=="registry"]')" "[True]"

win_software "$W" <<'EOF'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\FVE]
"EncryptionMethodWithXtsOs"=dword:00000007
"OSRecovery"=dword:00000001
"RecoveryKeyMessage"="Call IT"
EOF
run_check "disk-encryption with a policy asking for XTS-AES 256" "$W" disk-encryption
expect_status "a policy is no proof: unknown, never pass" unknown
expect_grep "names the method" "asking for XTS-AES 256" "$TMP/disk-encryption.json"
expect_eq "the method as hivexget reads it" \
	"$(jq_check disk-encryption '[v["data"] for v in d["bitlocker_policy"] if v["value"]=="EncryptionMethodWithXtsOs"][0]')" \
	"$(hivexget "$SW" '\Policies\Microsoft\FVE' EncryptionMethodWithXtsOs)"
expect_eq "a string value as hivexget reads it" \
	"$(jq_check disk-encryption '[v["data"] for v in d["bitlocker_policy"] if v["value"]=="RecoveryKeyMessage"][0]')" \
	"$(hivexget "$SW" '\Policies\Microsoft\FVE' RecoveryKeyMessage)"
expect_eq "every value listed" "$(jq_check disk-encryption 'len(d["bitlocker_policy"])')" 3

printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\FVE]\n"\033[31mX"="\033[31mY"\n' |
	win_hive "$SW" 'HKEY_LOCAL_MACHINE\SOFTWARE'
run_check "disk-encryption with escape bytes in the policy" "$W" disk-encryption
expect_eq "escape bytes in policy names and data are sanitised at the source" \
	"$(jq_check disk-encryption 'any(chr(27) in v["value"] + v["data"] for v in d["bitlocker_policy"]), len(d["bitlocker_policy"])')" "(False, 1)"
head -c 2000 "$SW" >"$TMP/t" && mv "$TMP/t" "$SW"
run_check "disk-encryption with a truncated SOFTWARE hive" "$W" disk-encryption
expect_status "truncated: unknown" unknown
expect_grep "names the hive" "Config/SOFTWARE" "$TMP/disk-encryption.json"

# the volume itself: a Windows tree on a loop device whose first sector carries
# BitLocker's -FVE-FS- signature at byte 3 (an ext2 image: its superblock lies at
# 1024, so the boot block's bytes are free), mounted read-only; then the same
# tree without the signature
LOOP=
trap 'umount "$TMP/mnt" 2>/dev/null; [ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null; rm -rf "$TMP"' EXIT
# volume IMAGE SIGNATURE: an image of a fresh Windows tree, mounted read-only on $TMP/mnt
volume() {
	rm -rf "$TMP/vt" && mkdir -p "$TMP/vt" "$TMP/mnt" && win_machine "$TMP/vt" &&
		mke2fs -q -t ext2 -d "$TMP/vt" "$1" 16M &&
		printf '%s' "$2" | dd of="$1" bs=1 seek=3 conv=notrunc 2>/dev/null &&
		LOOP=$(losetup -f --show -r "$1" 2>"$TMP/lerr") &&
		mount -o ro "$LOOP" "$TMP/mnt" 2>"$TMP/lerr"
}
unvolume() {
	umount "$TMP/mnt" 2>/dev/null
	[ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null
	LOOP=
}
if volume "$TMP/bl.img" '-FVE-FS-'; then
	run_check "disk-encryption on a volume with BitLocker's signature" "$TMP/mnt" disk-encryption
	expect_status "the -FVE-FS- signature: pass" pass
	expect_eq "the volume found through the mount table" \
		"$(jq_check disk-encryption '(d["volume"]["source"], d["volume"]["signature"], d["volume"]["shown_by"])')" \
		"('$LOOP', '-FVE-FS-', 'signature')"
	expect_eq "the signature as dd reads it" "$(dd if="$LOOP" bs=1 skip=3 count=8 2>/dev/null)" "-FVE-FS-"
	sum=$(sha256sum "$TMP/bl.img")
	unvolume
	expect_eq "the image is unchanged" "$(sha256sum "$TMP/bl.img")" "$sum"
	volume "$TMP/plain.img" 'mkfs.ext' || notok "fixture: mount the plain image" "$(cat "$TMP/lerr")"
	run_check "disk-encryption on a volume without the signature" "$TMP/mnt" disk-encryption
	expect_status "no signature: unknown, with the reason" unknown
	expect_grep "says what the volume starts with" "starts with 'mkfs.ext' at byte 3, not BitLocker's -FVE-FS-" "$TMP/disk-encryption.json"
	unvolume
else
	ok "# SKIP loop devices or mounting are not available here: $(head -1 "$TMP/lerr" 2>/dev/null)"
	unvolume
fi
