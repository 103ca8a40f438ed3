# media.sh: `reentry media` on fake sysfs trees (USB stick with a labelled,
# mounted partition, an SD card, an internal disk) and on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

F="$TMP/fx"
fix_usb_disk "$F" sdb 8:16 15633408 4C530001
fix_part "$F" sdb sdb1 8:17 15631360
fix_ata_disk "$F" sda 8:0
fix_part "$F" sda sda1 8:1 1000
fix_mmc_card "$F"
mkdir -p "$F/sys/block/loop0" "$F/dev/disk/by-uuid" "$F/dev/disk/by-label"
ln -s ../../sdb1 "$F/dev/disk/by-uuid/1234-ABCD"
ln -s ../../sdb1 "$F/dev/disk/by-label/MY\\x20STICK"
ln -s ../../sda1 "$F/dev/disk/by-uuid/aaaaaaaa-0000"
fix_mountinfo "$F" \
	"27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw" \
	"90 27 8:17 / /media/u/MY\\040STICK rw,nosuid - vfat /dev/sdb1 rw,fmask=0022" \
	"91 27 8:17 / /mnt/again rw - vfat /dev/sdb1 rw"

expect_exit 0 "media --json on a fixture" "$REENTRY" media --root "$F" --json
cp "$TMP/out" "$TMP/m.json"
got=$(python3 - "$TMP/m.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["media"]
print(";".join("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s" % (m["name"], m["parent"], m["bus"], m["vendor"], m["model"],
      m["serial"], m["size"], m["fstype"], m["uuid"], m["label"], ",".join(m["mountpoints"])) for m in d))
PY
)
expect_eq "removable media: USB disk, its partition, SD card; not the SATA disk or loop" "$got" \
"mmcblk0|None|mmc|None|SC32G|0x1234abcd|31914983424|None|None|None|;sdb|None|usb|SanDisk|Ultra Fit|4C530001|8004304896|None|None|None|;sdb1|sdb|usb|SanDisk|Ultra Fit|4C530001|8003256320|vfat|1234-ABCD|MY STICK|/media/u/MY STICK,/mnt/again"

# the peer: lsblk --sysroot reads the same fake sysfs; sizes, vendor and model must agree
if lsblk --sysroot "$F" -J >/dev/null 2>&1; then
	mkdir -p "$F/sys/dev/block"
	ln -s ../../block/sdb "$F/sys/dev/block/8:16"
	ln -s ../../block/sdb/sdb1 "$F/sys/dev/block/8:17"
	ln -s ../../block/sda "$F/sys/dev/block/8:0"
	ln -s ../../block/mmcblk0 "$F/sys/dev/block/179:0"
	lsblk --sysroot "$F" -J -b -o NAME,SIZE,RM,VENDOR,MODEL >"$TMP/lsblk.json"
	got=$(python3 - "$TMP/m.json" "$TMP/lsblk.json" <<'PY'
import json, sys
ours = {m["name"]: m for m in json.load(open(sys.argv[1]))["media"]}
theirs = {}
def walk(l, parent=None):
    for d in l:
        d["parent"] = parent
        theirs[d["name"]] = d
        walk(d.get("children", []), d)
walk(json.load(open(sys.argv[2]))["blockdevices"])
bad = []
for name, m in ours.items():
    t = theirs.get(name)
    if t is None or int(t["size"]) != m["size"]:
        bad.append(name + " size")
        continue
    src = t if t["vendor"] is not None else t["parent"] or {}
    if m["bus"] == "usb" and ((src.get("vendor") or "").strip() != m["vendor"] or (src.get("model") or "").strip() != m["model"]):
        bad.append(name + " vendor/model")
# what lsblk flags removable, we list; we also list MMC cards the kernel does not flag
for name, t in theirs.items():
    if t["rm"] and name not in ours:
        bad.append(name + " missing")
print(" ".join(bad) or "agree", len(ours))
PY
)
	expect_eq "media agrees with lsblk --sysroot on the same tree" "$got" "agree 3"
else
	ok "# skip lsblk peer: this lsblk has no --sysroot"
fi

expect_exit 0 "media table on a fixture" "$REENTRY" media --root "$F"
expect_grep "table shows the mount point with its space" "sdb1 .*/media/u/MY STICK, /mnt/again" "$TMP/out"
expect_grep "table shows the serial" "4C530001" "$TMP/out"

# untrusted names: an escape sequence in the USB product string and the label
printf 'Evil\033[31mRed\n' >"$F/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host3/target3:0:0/3:0:0:0/model"
ln -s ../../sdb1 "$F/dev/disk/by-label/x$(printf '\033')]0;pwn"
rm "$F/dev/disk/by-label/MY\\x20STICK"
expect_exit 0 "media table with hostile names" "$REENTRY" media --root "$F"
no_raw_escapes "hostile names are sanitised in the table" "$TMP/out"
expect_exit 0 "media --json with hostile names" "$REENTRY" media --root "$F" --json
no_raw_escapes "hostile names are escaped in JSON" "$TMP/out"

# partitions in number order, not byte order
G="$TMP/order"
fix_usb_disk "$G" sdc 8:32 2000000 X1
fix_part "$G" sdc sdc10 8:42 1000
fix_part "$G" sdc sdc2 8:34 1000
fix_part "$G" sdc sdc1 8:33 1000
expect_exit 0 "media with ten partitions' names" "$REENTRY" media --root "$G" --json
expect_eq "partitions listed sdc1, sdc2, sdc10" \
	"$(python3 -c 'import json,sys; print(" ".join(m["name"] for m in json.load(open(sys.argv[1]))["media"]))' "$TMP/out")" "sdc sdc1 sdc2 sdc10"

expect_exit 2 "media on a root that does not exist" "$REENTRY" media --root "$TMP/absent"
expect_grep "the error names the root" "absent: No such file or directory" "$TMP/err"
mkdir -p "$TMP/nothing"
expect_exit 2 "media on a root without /sys/block" "$REENTRY" media --root "$TMP/nothing"
expect_grep "the error names the directory" "nothing/sys/block" "$TMP/err"
expect_exit 2 "media rejects arguments" "$REENTRY" media extra

expect_exit 0 "media on this machine" "$REENTRY" media --json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["media"], list)' "$TMP/out"; then
	ok "media on this machine is well-formed JSON"
else
	notok "media on this machine is well-formed JSON" "$(head -c 400 "$TMP/out")"
fi
