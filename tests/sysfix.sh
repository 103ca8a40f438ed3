# sysfix.sh: builders for fake system trees (sysfs, /proc, /dev/disk), sourced by
# tests/cli/*.sh after lib.sh. Each function takes the fixture root first.

# fix_usb_disk ROOT NAME MAJ:MIN SECTORS SERIAL: a USB mass-storage disk with the
# kernel's layout: /sys/block/NAME -> ../devices/.../block/NAME, device -> SCSI device,
# the USB device (idVendor, serial, manufacturer, product) two levels above.
fix_usb_disk() {
	r=$1 name=$2 dev=$3 sectors=$4 serial=$5
	mkdir -p "$r/sys/bus/usb" "$r/sys/bus/scsi" "$r/sys/block"
	usb="$r/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
	scsi="$usb/1-2:1.0/host3/target3:0:0/3:0:0:0"
	mkdir -p "$scsi/block/$name"
	echo 0781 >"$usb/idVendor"
	echo "$serial" >"$usb/serial"
	echo SanDisk >"$usb/manufacturer"
	echo "Ultra Fit" >"$usb/product"
	ln -s ../../../../../bus/usb "$usb/subsystem"
	ln -s ../../../../../../bus/usb "$usb/1-2:1.0/subsystem"
	ln -s ../../../../../../../../../bus/scsi "$scsi/subsystem"
	echo "SanDisk " >"$scsi/vendor"
	echo "Ultra Fit       " >"$scsi/model"
	echo 1 >"$scsi/block/$name/removable"
	echo "$sectors" >"$scsi/block/$name/size"
	echo "$dev" >"$scsi/block/$name/dev"
	ln -s ../../../3:0:0:0 "$scsi/block/$name/device"
	ln -s "../devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host3/target3:0:0/3:0:0:0/block/$name" "$r/sys/block/$name"
}

# fix_part ROOT DISK PART MAJ:MIN SECTORS: a partition directory under a disk.
fix_part() {
	d=$(cd "$1/sys/block/$2/" && pwd -P)
	mkdir -p "$d/$3"
	echo "${3##*[a-z]}" >"$d/$3/partition"
	echo "$5" >"$d/$3/size"
	echo "$4" >"$d/$3/dev"
}

# fix_ata_disk ROOT NAME MAJ:MIN: an internal, non-removable SATA disk.
fix_ata_disk() {
	r=$1
	mkdir -p "$r/sys/bus/scsi" "$r/sys/block"
	s="$r/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0"
	mkdir -p "$s/block/$2"
	ln -s ../../../../../../../bus/scsi "$s/subsystem"
	echo ATA >"$s/vendor"
	echo "Samsung SSD" >"$s/model"
	echo 0 >"$s/block/$2/removable"
	echo 1000215216 >"$s/block/$2/size"
	echo "$3" >"$s/block/$2/dev"
	ln -s ../../../0:0:0:0 "$s/block/$2/device"
	ln -s "../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/$2" "$r/sys/block/$2"
}

# fix_mmc_card ROOT: an SD card mmcblk0 (179:0) on the MMC bus, serial 0x1234abcd.
fix_mmc_card() {
	r=$1
	mkdir -p "$r/sys/bus/mmc" "$r/sys/block"
	c="$r/sys/devices/platform/sdhci/mmc_host/mmc0/mmc0:aaaa"
	mkdir -p "$c/block/mmcblk0"
	ln -s ../../../../../bus/mmc "$c/subsystem"
	echo 0x1234abcd >"$c/serial"
	echo SC32G >"$c/name"
	echo 0 >"$c/block/mmcblk0/removable"
	echo 62333952 >"$c/block/mmcblk0/size"
	echo 179:0 >"$c/block/mmcblk0/dev"
	ln -s ../../../mmc0:aaaa "$c/block/mmcblk0/device"
	ln -s ../devices/platform/sdhci/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0 "$r/sys/block/mmcblk0"
}

# fix_mountinfo ROOT LINE...: writes /proc/self/mountinfo.
fix_mountinfo() {
	r=$1
	shift
	mkdir -p "$r/proc/self"
	: >"$r/proc/self/mountinfo"
	for l in "$@"; do printf '%s\n' "$l" >>"$r/proc/self/mountinfo"; done
}

# run_check DESC ROOT ID [ARGS...]: runs `reentry check ID --root ROOT --json ARGS`, keeps
# the output in $TMP/$ID.json and sets $status to the check's status ("" when the
# output is not well-formed JSON with one result).
run_check() {
	_desc=$1 _root=$2 _id=$3
	shift 3
	"$REENTRY" check "$_id" --root "$_root" --json "$@" >"$TMP/$_id.json" 2>"$TMP/err"
	_rc=$?
	status=$(python3 - "$TMP/$_id.json" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1]))
c = d["checks"]
assert len(c) == 1 and c[0]["summary"]["en"] and c[0]["summary"]["ja"]
print(c[0]["status"])
PY
)
	want_rc=0
	case "$status" in fail) want_rc=1 ;; unknown|error) want_rc=3 ;; esac
	if [ -n "$status" ] && [ "$_rc" -eq "$want_rc" ]; then ok "$_desc: runs ($status, exit $_rc)"; else
		notok "$_desc: runs" "exit $_rc, status '$status'" "$(head -c 600 "$TMP/$_id.json")" "$(head -c 300 "$TMP/err")"
	fi
}

# expect_status DESC WANT: compares $status from the last run_check.
expect_status() {
	expect_eq "$1" "$status" "$2"
}

# jq_check ID EXPR: evaluates a Python expression on the last result of check ID
# (bound as c: the check object, d: its details) and prints it.
jq_check() {
	python3 - "$TMP/$1.json" "$2" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["checks"][0]
d = c["details"]
print(eval(sys.argv[2]))
PY
}

# live_check ID: runs the check on this machine and asserts a valid status and JSON.
live_check() {
	"$REENTRY" check "$1" --json >"$TMP/live.json" 2>"$TMP/err"
	_rc=$?
	_st=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"]; assert len(c)==1 and c[0]["id"]==sys.argv[2]; print(c[0]["status"])' "$TMP/live.json" "$1" 2>/dev/null)
	case "$_st:$_rc" in
	pass:0|warn:0|skip:0|fail:1|unknown:3|error:3) ok "$1 on this machine: $_st (exit $_rc), well-formed JSON" ;;
	*) notok "$1 on this machine" "status '$_st' exit $_rc" "$(head -c 600 "$TMP/live.json")" ;;
	esac
}

# fix_blk ROOT NAME MAJ:MIN [partition]: a block device in /sys/class/block with its
# /sys/dev/block number link.
fix_blk() {
	mkdir -p "$1/sys/class/block/$2" "$1/sys/dev/block"
	echo "$3" >"$1/sys/class/block/$2/dev"
	[ "${4:-}" = partition ] && echo 1 >"$1/sys/class/block/$2/partition"
	ln -sf "../../class/block/$2" "$1/sys/dev/block/$3"
}

# fix_dm ROOT dm-N MAJ:MIN UUID MAPNAME SLAVE...: a device-mapper device on SLAVEs.
fix_dm() {
	r=$1 n=$2
	fix_blk "$r" "$n" "$3"
	mkdir -p "$r/sys/class/block/$n/dm" "$r/sys/class/block/$n/slaves"
	echo "$4" >"$r/sys/class/block/$n/dm/uuid"
	echo "$5" >"$r/sys/class/block/$n/dm/name"
	shift 5
	for s in "$@"; do ln -s "../../$s" "$r/sys/class/block/$n/slaves/$s"; done
}

# fix_sockets ROOT TABLE LINE...: writes /proc/net/TABLE with the kernel's header and
# LINEs of "LOCAL REMOTE STATE INODE" (hex addresses as the kernel prints them).
fix_sockets() {
	r=$1 t=$2
	shift 2
	mkdir -p "$r/proc/net"
	echo "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode" >"$r/proc/net/$t"
	i=0
	for l in "$@"; do
		set -- $l
		printf '%4d: %s %s %s 00000000:00000000 00:00000000 00000000     0        0 %s 1 0000000000000000 100 0 0 10 0\n' \
			"$i" "$1" "$2" "$3" "$4" >>"$r/proc/net/$t"
		i=$((i + 1))
	done
}

# fix_proc ROOT PID COMM INODE...: a process with sockets open.
fix_proc() {
	r=$1 pid=$2 comm=$3
	shift 3
	mkdir -p "$r/proc/$pid/fd"
	echo "$comm" >"$r/proc/$pid/comm"
	n=3
	for ino in "$@"; do ln -s "socket:[$ino]" "$r/proc/$pid/fd/$n"; n=$((n + 1)); done
}
