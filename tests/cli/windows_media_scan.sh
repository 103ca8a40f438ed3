# windows_media_scan.sh: media-scan on a Windows root skips with the reason and
# what to do instead, in both languages; endpoint-scan no longer skips: it
# scans the volume (tests/cli/windows_endpoint_scan.sh tests it in depth).
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
run_check "media-scan on a Windows root" "$W" media-scan
expect_status "media-scan: skip" skip
expect_grep "says where the media are" "removable media are attached to the desk, not to the Windows volume" "$TMP/media-scan.json"
expect_grep "in Japanese too" "デスクに接続します" "$TMP/media-scan.json"
# a database made here: the EICAR test file by hash
eicar() { printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'; }
mkdir -p "$TMP/db"
eicar >"$TMP/eicar.com"
sigtool --md5 "$TMP/eicar.com" | sed 's/:[^:]*$/:Reentry.Test.EICAR/' >"$TMP/db/eicar.hdb"
printf 'clamav:\n  database: %s\n' "$TMP/db" >"$TMP/cfg.yaml"
run_check "endpoint-scan on a Windows root" "$W" endpoint-scan --config "$TMP/cfg.yaml"
expect_status "endpoint-scan: scans the volume, no longer skips" pass
expect_eq "endpoint-scan: ran on the Windows volume" "$(jq_check endpoint-scan 'd["target"]')" windows
expect_eq "endpoint-scan: the whole volume, last" "$(jq_check endpoint-scan 'd["coverage"][-1]["place"]')" /
