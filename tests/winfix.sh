# winfix.sh: Windows fixture trees for --root, sourced by tests/cli/windows_*.sh.
# Registry hives are built at test time: win_hive writes a blank hive (an 8 KB
# regf file with one root key and its security record, laid out as the format
# says) and merges regedit text into it with hivexregedit (libwin-hivex-perl).
# The trees use Windows paths in mixed case, as an NTFS volume shows them.

# win_blank_hive FILE: an 8 KB hive holding only its root key; its header
# names the file as Windows does (RegRipper guesses the hive's kind from it).
win_blank_hive() {
	python3 - "$1" <<'PY'
import os, struct, sys
FT = 133500000000000000  # a FILETIME in 2024
hbin = bytearray(0x1000)
struct.pack_into("<4sII8sQI", hbin, 0, b"hbin", 0, 0x1000, b"\0" * 8, FT, 0)
# root key (nk) at relative offset 0x20, named "ROOT", flags: hive entry,
# no delete, compressed (ASCII) name; no subkeys, values or class
name = b"ROOT"
nk = struct.pack("<i2sHQIIIIIIIIIIIIIIIHH", -0x58, b"nk", 0x2C, FT, 0, 0, 0, 0,
                 0xFFFFFFFF, 0xFFFFFFFF, 0, 0xFFFFFFFF, 0x78, 0xFFFFFFFF,
                 0, 0, 0, 0, 0, len(name), 0) + name
hbin[0x20:0x20 + len(nk)] = nk
# its security record (sk) at 0x78: a self-relative descriptor with no
# owner, group or ACLs, linked to itself, used once
sd = struct.pack("<BBHIIII", 1, 0, 0x8000, 0, 0, 0, 0)
sk = struct.pack("<i2sHIIII", -0x30, b"sk", 0, 0x78, 0x78, 1, len(sd)) + sd
hbin[0x78:0x78 + len(sk)] = sk
# the rest of the bin is one free cell
struct.pack_into("<i", hbin, 0xA8, 0x1000 - 0xA8)
hdr = bytearray(0x1000)
struct.pack_into("<4sIIQIIIIIII", hdr, 0, b"regf", 1, 1, FT, 1, 5, 0, 1, 0x20, 0x1000, 1)
fname = os.path.basename(sys.argv[1])[:31].encode("utf-16-le")
hdr[0x30:0x30 + len(fname)] = fname
csum = 0
for i in range(0, 0x1FC, 4):
    csum ^= struct.unpack_from("<I", hdr, i)[0]
struct.pack_into("<I", hdr, 0x1FC, csum)
open(sys.argv[1], "wb").write(bytes(hdr) + bytes(hbin))
PY
}

# win_hive FILE PREFIX: a blank hive with the regedit text on stdin merged in;
# PREFIX is the root the .reg paths start with ("HKEY_LOCAL_MACHINE\SOFTWARE").
win_hive() {
	win_blank_hive "$1" || return 1
	# hivexregedit creates a key only under an existing parent: add every
	# missing ancestor as an empty section before its first use
	python3 -c '
import sys
prefix, seen, out = sys.argv[1].lower(), set(), []
for line in sys.stdin.read().splitlines():
    s = line.strip()
    if s.startswith("[") and s.endswith("]") and not s.startswith("[-"):
        parts = s[1:-1].split("\\")
        for i in range(1, len(parts)):
            k = "\\".join(parts[:i])
            if len(k) > len(prefix) and k.lower() not in seen:
                seen.add(k.lower())
                out += ["[" + k + "]", ""]
        seen.add(s[1:-1].lower())
    out.append(line)
print("\n".join(out))' "$2" >"$1.reg"
	hivexregedit --merge --prefix "$2" "$1" "$1.reg" || return 1
	rm -f "$1.reg"
}

# win_key_time HIVE NAME YYYY-MM-DD: sets the LastWrite time of every key named
# NAME (ignoring case) in HIVE to half a second past midnight UTC of that day
# (RegRipper's floating-point conversion can round an exact second down); hivex
# gives every key it creates the hive's own time (2024-01-17 here).
win_key_time() {
	python3 - "$@" <<'PY'
import datetime, struct, sys
path, name, day = sys.argv[1], sys.argv[2].lower().encode(), sys.argv[3]
t = datetime.datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
ft = (int(t.timestamp()) + 11644473600) * 10**7 + 5000000
b = bytearray(open(path, "rb").read())
n, off = 0, 0x1000
while True:
    off = b.find(b"nk", off)
    if off < 0:
        break
    # a key cell: size (negative, in use), "nk", flags, LastWrite, ..., name length at 0x48
    if off >= 0x1004 and struct.unpack_from("<i", b, off - 4)[0] < 0:
        nlen = struct.unpack_from("<H", b, off + 0x48)[0]
        if b[off + 0x4C:off + 0x4C + nlen].lower() == name:
            struct.pack_into("<Q", b, off + 4, ft)
            n += 1
    off += 2
open(path, "wb").write(bytes(b))
sys.exit(0 if n else 1)
PY
}

# win_tree ROOT: the directories of a Windows installation in mixed case; prints nothing.
win_tree() {
	mkdir -p "$1/WINDOWS/system32/Config" "$1/Users/Alice" "$1/Users/bob" "$1/ProgramData"
}
WIN_CFG=WINDOWS/system32/Config

# win_software ROOT: the SOFTWARE hive of a Windows 11 Pro 23H2 installation,
# with the regedit sections on stdin (keys under HKEY_LOCAL_MACHINE\SOFTWARE) added.
win_software() {
	{
		cat <<'REG'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Windows 10 Pro"
"EditionID"="Professional"
"DisplayVersion"="23H2"
"CurrentBuild"="22631"
"CurrentBuildNumber"="22631"
"UBR"=dword:00000cb0
"InstallDate"=dword:65a0bc00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography]
"MachineGuid"="5b1d6c1e-8a2f-4e55-9a51-0c1f2a3b4c5d"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI]
"LastLoggedOnUser"="LAPTOP-042\\alice"

REG
		cat
	} | win_hive "$1/$WIN_CFG/SOFTWARE" 'HKEY_LOCAL_MACHINE\SOFTWARE'
}

# win_system ROOT: the SYSTEM hive (live control set 001), with the regedit
# sections on stdin (keys under HKEY_LOCAL_MACHINE\SYSTEM) added.
win_system() {
	{
		cat <<'REG'
Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000001
"Default"=dword:00000001
"LastKnownGood"=dword:00000002

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\ComputerName\ComputerName]
"ComputerName"="LAPTOP-042"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\SystemInformation]
"SystemManufacturer"="LENOVO"
"SystemProductName"="21HD0001JP"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy\DomainProfile]
"EnableFirewall"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile]
"EnableFirewall"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy\PublicProfile]
"EnableFirewall"=dword:00000001

REG
		cat
	} | win_hive "$1/$WIN_CFG/system" 'HKEY_LOCAL_MACHINE\SYSTEM'
}

# win_machine ROOT: a Windows tree with the base SOFTWARE and SYSTEM hives and two
# users (Alice, bob) with empty NTUSER.DAT hives.
win_machine() {
	win_tree "$1" && win_software "$1" </dev/null && win_system "$1" </dev/null &&
		win_blank_hive "$1/Users/Alice/NTUSER.DAT" && win_blank_hive "$1/Users/bob/ntuser.dat"
}
