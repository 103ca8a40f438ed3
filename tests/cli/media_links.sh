# media_links.sh: `reentry media --root` on a fake sysfs whose files are links planted
# to point out of the root (issue 10): the medium's serial, its vendor, a whole
# /sys/block entry, a /dev/disk/by-label link and the mount table. Every read resolves
# beneath the root, so nothing of this machine shows up: not its host name, not its
# block devices, not its mounts.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

host=$(cat /etc/hostname 2>/dev/null || echo vm)
marker="host-only-$$"
printf '%s\n' "$marker" >"$TMP/hostfile"

F="$TMP/fx"
fix_usb_disk "$F" sdb 8:16 15633408 4C530001
fix_part "$F" sdb sdb1 8:17 15631360
usb="$F/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
scsi="$usb/1-2:1.0/host3/target3:0:0/3:0:0:0"
# the serial: an absolute link to a host file; the vendor: a ../ link climbing out
rm "$usb/serial" "$scsi/vendor"
ln -s "$TMP/hostfile" "$usb/serial"
ln -s ../../../../../../../../../../../../../../../../../../etc/hostname "$scsi/vendor"
# a whole /sys/block entry pointing at the host's sysfs
for d in /sys/block/*; do
	[ -e "$d" ] || continue
	hostdev=$(basename "$d")
	ln -s "$d" "$F/sys/block/$hostdev"
	break
done
# /dev/disk/by-label: an absolute link at the host's /dev
mkdir -p "$F/dev/disk/by-label" "$F/dev/disk/by-uuid"
ln -s ../../sdb1 "$F/dev/disk/by-uuid/1234-ABCD"
ln -s "/dev/${hostdev:-vda}" "$F/dev/disk/by-label/PLANTED"
# the mount table: the host's own
mkdir -p "$F/proc/self"
ln -s /proc/self/mountinfo "$F/proc/self/mountinfo"

expect_exit 0 "media --json on a tree of planted links" "$REENTRY" media --root "$F" --json
cp "$TMP/out" "$TMP/m.json"
if grep -q "$marker" "$TMP/m.json"; then notok "the host file behind the serial link is not read" "$(head -c 400 "$TMP/m.json")"; else ok "the host file behind the serial link is not read"; fi
if grep -Fq "\"$host\"" "$TMP/m.json"; then notok "the host name behind the vendor link is not read"; else ok "the host name behind the vendor link is not read"; fi
got=$(python3 - "$TMP/m.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["media"]
print(" ".join(sorted(m["name"] for m in d)) + "|" + " ".join(sorted(",".join(m["mountpoints"]) for m in d)) + "|" +
      " ".join(str(m.get("label")) for m in d))
PY
)
expect_eq "only the fixture's medium is listed, with no host mount and no planted label" "$got" "sdb sdb1| |None None"
# the same tree, as text: no raw escape or host content either
expect_exit 0 "media (text) on the same tree" "$REENTRY" media --root "$F"
if grep -q "$marker" "$TMP/out"; then notok "text output has no host content"; else ok "text output has no host content"; fi
