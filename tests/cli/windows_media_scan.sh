# windows_media_scan.sh: media-scan on a Windows root skips with the reason and
# what to do instead, in both languages; endpoint-scan skips too (no Windows
# probe yet), never pass.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
run_check "media-scan on a Windows root" "$W" media-scan
expect_status "media-scan: skip" skip
expect_grep "says where the media are" "removable media are attached to the desk, not to the Windows volume" "$TMP/media-scan.json"
expect_grep "in Japanese too" "デスクに接続します" "$TMP/media-scan.json"
run_check "endpoint-scan on a Windows root" "$W" endpoint-scan
expect_status "endpoint-scan: skip" skip
