# windows_av_signatures.sh: av-signatures on Windows roots: Microsoft
# Defender's last signature update against the age limit, Defender or its
# real-time protection turned off by setting or policy, exclusions, and other
# antivirus products among the installed software; compared with hivexget and
# RegRipper's defender plugin.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"
. "$TOP/tests/winfix.sh"

W="$TMP/win"
win_machine "$W" || { notok "fixture: build the hives"; exit 1; }
SW="$W/$WIN_CFG/SOFTWARE"
# filetime DAYS_AGO: a REG_BINARY FILETIME that many days before now, as .reg hex
filetime() {
	python3 -c 'import sys,time; ft=int((time.time()-float(sys.argv[1])*86400+11644473600)*10000000); print(",".join("%02x" % b for b in ft.to_bytes(8,"little")))' "$1"
}
# defender DAYS_AGO [EXTRA]: Defender's Signature Updates key, updated DAYS_AGO days ago
defender() {
	printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates]\n'
	printf '"AVSignatureVersion"="1.403.1234.0"\n"EngineVersion"="1.1.24010.10"\n'
	printf '"SignaturesLastUpdated"=hex:%s\n\n' "$(filetime "$1")"
}

run_check "av-signatures on Windows without Defender or any antivirus" "$W" av-signatures
expect_status "no antivirus at all: fail" fail

defender 1 | win_software "$W"
run_check "av-signatures with Defender updated a day ago" "$W" av-signatures
expect_status "current signatures: pass" pass
expect_eq "signature version as hivexget reads it" "$(jq_check av-signatures 'd["defender"]["signature_version"]')" \
	"$(hivexget "$SW" '\Microsoft\Windows Defender\Signature Updates' AVSignatureVersion)"
expect_eq "engine version as hivexget reads it" "$(jq_check av-signatures 'd["defender"]["engine_version"]')" \
	"$(hivexget "$SW" '\Microsoft\Windows Defender\Signature Updates' EngineVersion)"
expect_eq "about one day old" "$(jq_check av-signatures 'round(d["defender"]["age_days"])')" 1

defender 10 | win_software "$W"
run_check "av-signatures with Defender updated ten days ago" "$W" av-signatures
expect_status "ten days, limit 3: fail" fail
expect_grep "the age is named" "signatures are 10\\.0 days old" "$TMP/av-signatures.json"
printf 'clamav:\n  max_signature_age_days: 14\n' >"$TMP/cfg.yaml"
run_check "av-signatures with a 14-day limit" "$W" av-signatures --config "$TMP/cfg.yaml"
expect_status "ten days, limit 14: pass (the same age rule as ClamAV)" pass

{ defender 1; printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection]\n"DisableRealtimeMonitoring"=dword:00000001\n\n'; } | win_software "$W"
run_check "av-signatures with real-time protection off" "$W" av-signatures
expect_status "real-time protection off: fail" fail
expect_grep "the setting is named" "real-time protection is off \\(setting DisableRealtimeMonitoring=1\\)" "$TMP/av-signatures.json"
regripper -r "$SW" -p defender >"$TMP/rr" 2>&1
expect_grep "RegRipper's defender plugin reads the same value" "^DisableRealtimeMonitoring value = 1" "$TMP/rr"

{ defender 1; printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender]\n"DisableAntiSpyware"=dword:00000001\n\n'; } | win_software "$W"
run_check "av-signatures with Defender off by policy" "$W" av-signatures
expect_status "Defender disabled by policy: fail" fail
expect_grep "the policy is named" "Defender is disabled \\(policy DisableAntiSpyware=1\\)" "$TMP/av-signatures.json"
regripper -r "$SW" -p defender >"$TMP/rr" 2>&1
expect_grep "RegRipper's defender plugin reads the same policy" "^DisableAntiSpyware value = 1" "$TMP/rr"

{ defender 1; cat <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows Defender]
"DisableAntiSpyware"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\{ESET}]
"DisplayName"="ESET Endpoint Security"
"DisplayVersion"="11.0.2032.0"
"InstallDate"="20240110"
EOF2
} | win_software "$W"
run_check "av-signatures with Defender off and ESET installed" "$W" av-signatures
expect_status "another product whose age is not read: unknown" unknown
expect_eq "the product is listed" "$(jq_check av-signatures 'd["third_party_antivirus"]')" "['ESET Endpoint Security']"

{ defender 1; cat <<'EOF2'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths]
"C:\\Users\\alice\\Downloads"=dword:00000000
EOF2
} | win_software "$W"
run_check "av-signatures with an exclusion" "$W" av-signatures
expect_eq "exclusions are listed" "$(jq_check av-signatures 'd["defender"]["exclusions"]')" "['Paths: C:\\\\Users\\\\alice\\\\Downloads']"

{ printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates]\n"AVSignatureVersion"="1.403.1234.0"\n"SignaturesLastUpdated"=hex:01,02\n'; } | win_software "$W"
run_check "av-signatures with an unreadable update time" "$W" av-signatures
expect_status "update time unreadable: unknown" unknown
