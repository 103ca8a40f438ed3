# check_disk_encryption.sh: disk-encryption on fake sysfs chains (plain partition,
# LUKS2, LVM on LUKS, btrfs by mapper name, mixed LVM, overlay) and on this machine.
. "$TOP/tests/lib.sh"
. "$TOP/tests/sysfix.sh"

# plain: / on a partition
P="$TMP/plain"
fix_blk "$P" sda 8:0
fix_blk "$P" sda2 8:2 partition
fix_mountinfo "$P" "27 1 8:2 / / rw - ext4 /dev/sda2 rw"
run_check "plain partition" "$P" disk-encryption
expect_status "unencrypted root: fail" fail
expect_grep "the summary names the chain" "not encrypted: / on sda2 \\(partition\\)" "$TMP/disk-encryption.json"
expect_grep "the Japanese summary names the chain in Japanese" "暗号化されていません: /（場所: sda2（パーティション））" "$TMP/disk-encryption.json"

# LUKS2: / on dm-0 (LUKS2) on nvme0n1p3
L="$TMP/luks2"
fix_blk "$L" nvme0n1p3 259:3 partition
fix_dm "$L" dm-0 254:0 CRYPT-LUKS2-0b1e7c5d3f2a4e9b8c7d6e5f4a3b2c1d-luks-0b1e cryptroot nvme0n1p3
fix_mountinfo "$L" "27 1 254:0 / / rw - ext4 /dev/mapper/cryptroot rw" "28 27 0:22 / /proc rw - proc proc rw"
run_check "LUKS2 root" "$L" disk-encryption
expect_status "root on LUKS2: pass" pass
expect_eq "the chain: dm-0 luks2 on nvme0n1p3 partition" \
	"$(jq_check disk-encryption '[(x["chain"]["device"], x["chain"]["type"], x["chain"]["dm_name"], x["chain"]["on"][0]["device"], x["chain"]["on"][0]["type"]) for x in d["filesystems"]]')" \
	"[('dm-0', 'luks2', 'cryptroot', 'nvme0n1p3', 'partition')]"

# LVM on LUKS1: / and /home are LVM volumes on one LUKS1 device on sda3
V="$TMP/lvm"
fix_blk "$V" sda3 8:3 partition
fix_dm "$V" dm-0 254:0 CRYPT-LUKS1-11112222333344445555666677778888-sda3_crypt sda3_crypt sda3
fix_dm "$V" dm-1 254:1 LVM-abcdefROOT vg-root dm-0
fix_dm "$V" dm-2 254:2 LVM-abcdefHOME vg-home dm-0
fix_mountinfo "$V" "27 1 254:1 / / rw - ext4 /dev/mapper/vg-root rw" \
	"40 27 254:2 / /home rw - ext4 /dev/mapper/vg-home rw"
run_check "LVM on LUKS" "$V" disk-encryption
expect_status "LVM on LUKS1 for / and /home: pass" pass
expect_eq "both filesystems walked: lvm on luks1 on a partition" \
	"$(jq_check disk-encryption '[(x["mountpoint"], x["chain"]["type"], x["chain"]["on"][0]["type"], x["chain"]["on"][0]["on"][0]["device"]) for x in d["filesystems"]]')" \
	"[('/', 'lvm', 'luks1', 'sda3'), ('/home', 'lvm', 'luks1', 'sda3')]"

# /home on a plain partition beside an encrypted root: fail, unless require_home is false
fix_blk "$V" sdb1 8:17 partition
fix_mountinfo "$V" "27 1 254:1 / / rw - ext4 /dev/mapper/vg-root rw" \
	"40 27 8:17 / /home rw - ext4 /dev/sdb1 rw"
run_check "plain /home" "$V" disk-encryption
expect_status "unencrypted /home: fail" fail
expect_grep "the summary names /home" "not encrypted: /home on sdb1" "$TMP/disk-encryption.json"
printf 'checks:\n  disk-encryption:\n    require_home: false\n' >"$TMP/nohome.yaml"
run_check "plain /home, require_home false" "$V" disk-encryption --config "$TMP/nohome.yaml"
expect_status "require_home false ignores /home: pass" pass

# an LVM volume group spanning an encrypted and a plain physical volume
fix_blk "$V" sdc1 8:33 partition
fix_dm "$V" dm-3 254:3 LVM-mixed vg2-data dm-0 sdc1
fix_mountinfo "$V" "27 1 254:3 / / rw - ext4 /dev/mapper/vg2-data rw"
run_check "LVM partly on a plain disk" "$V" disk-encryption
expect_status "one plain physical volume: fail" fail

# btrfs: anonymous device number, the mount source names the mapper device
fix_mountinfo "$L" "27 1 0:31 / / rw - btrfs /dev/mapper/cryptroot rw"
run_check "btrfs on LUKS found by mapper name" "$L" disk-encryption
expect_status "btrfs root on LUKS2: pass" pass

# not on a block device: unknown
fix_mountinfo "$P" "27 1 0:50 / / rw - overlay overlay rw,lowerdir=/a"
run_check "overlay root" "$P" disk-encryption
expect_status "overlay root: unknown" unknown
expect_grep "the reason names the filesystem" "overlay on overlay is not on a block device" "$TMP/disk-encryption.json"
# a device number sysfs does not know
fix_mountinfo "$P" "27 1 8:99 / / rw - ext4 /dev/sdz9 rw"
run_check "device missing from sysfs" "$P" disk-encryption
expect_status "missing sysfs entry: unknown" unknown
head -c 2000 /dev/urandom >"$P/proc/self/mountinfo"
run_check "garbage mount table" "$P" disk-encryption
expect_status "garbage mountinfo: unknown" unknown
expect_grep "the reason says / is not in it" "/: not found in the mount table" "$TMP/disk-encryption.json"
rm "$P/proc/self/mountinfo"
run_check "no mount table" "$P" disk-encryption
expect_status "no mountinfo: unknown" unknown
expect_grep "the reason names mountinfo" "mountinfo" "$TMP/disk-encryption.json"

# planted links (issue 10): every file the probe reads resolves beneath --root, so
# links aimed at the host (absolute or climbing with ..) never bring its files in.
# A LUKS2 chain whose dm uuid is a link to a host file that says LUKS2: if the
# link were followed on the host, the chain would pass.
K="$TMP/planted"
fix_blk "$K" nvme0n1p3 259:3 partition
fix_dm "$K" dm-0 254:0 CRYPT-LUKS2-0b1e7c5d3f2a4e9b8c7d6e5f4a3b2c1d-luks-0b1e cryptroot nvme0n1p3
fix_mountinfo "$K" "27 1 254:0 / / rw - ext4 /dev/mapper/cryptroot rw"
run_check "planted: control, the real chain" "$K" disk-encryption
expect_status "planted: control passes" pass
echo CRYPT-LUKS2-00000000000000000000000000000000-host >"$TMP/host-uuid"
echo plain >"$K/sys/class/block/dm-0/dm/uuid.real"
rm "$K/sys/class/block/dm-0/dm/uuid"
ln -s "$TMP/host-uuid" "$K/sys/class/block/dm-0/dm/uuid"
run_check "planted: dm uuid -> an absolute host path" "$K" disk-encryption
expect_eq "planted absolute link: the host file is not read, so not pass" "$([ "$status" != pass ] && echo ok)" ok
rm "$K/sys/class/block/dm-0/dm/uuid"
ln -s "../../../../../../../../../../..$TMP/host-uuid" "$K/sys/class/block/dm-0/dm/uuid"
run_check "planted: dm uuid -> ../ out of the root" "$K" disk-encryption
expect_eq "planted .. link: clamped at the root, not pass" "$([ "$status" != pass ] && echo ok)" ok
expect_nogrep "planted: the host file's contents never appear" "00000000000000000000000000000000-host" "$TMP/disk-encryption.json"
# the mount table itself a link to the host's: a loop inside the root, never the host's table
rm "$K/proc/self/mountinfo"
ln -s /proc/self/mountinfo "$K/proc/self/mountinfo"
run_check "planted: mountinfo -> /proc/self/mountinfo" "$K" disk-encryption
expect_status "planted mountinfo link: unknown" unknown
expect_grep "planted mountinfo: resolved inside the root, it is a loop, and the reason says so" "mountinfo: Too many levels of symbolic links" "$TMP/disk-encryption.json"
expect_nogrep "planted mountinfo: none of the host's mounts appear" "\"/proc\"|devtmpfs|sysfs" "$TMP/disk-encryption.json"

live_check disk-encryption
