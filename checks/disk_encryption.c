/*
 * disk_encryption.c: the disk-encryption check: do the root and home
 * filesystems sit on dm-crypt, so a lost laptop does not give its data away?
 *
 * The probe (checks/linux/disk_encryption.c) finds the filesystem mounted
 * at each path in /proc/self/mountinfo and walks its chain of block devices
 * down sysfs; this judge decides from the chain: a device-mapper device
 * whose uuid starts with "CRYPT-LUKS1-", "CRYPT-LUKS2-" (or another
 * "CRYPT-" type) is encrypted; any other device-mapper device (LVM,
 * "LVM-...") is encrypted when every device under it (slaves/) is; a
 * partition or disk is not. Every device in the chain is reported with its
 * type and name.
 *
 * pass:    every checked filesystem sits on dm-crypt.
 * fail:    one of them does not.
 * unknown: the mount table or sysfs cannot be read, or a filesystem is not on
 *          a block device (overlay, tmpfs, network): its storage cannot be seen.
 *          On Windows read from its disk, unless the volume shows BitLocker
 *          (pass: the -FVE-FS- signature on the device the root is mounted
 *          from, or a dislocker mount beneath it): an unlocked BitLocker
 *          volume's files read like an unencrypted one's. The BitLocker
 *          policy is reported either way.
 */
#include "disk_encryption.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

static const struct check_param disk_encryption_params[] = {
	{ "require_home", CHECK_PARAM_BOOL, 0, 0,
	    "check /home too when it is a separate filesystem (default true)" },
	{ "paths", CHECK_PARAM_STRLIST, 0, 0, "more mount points that must be encrypted, e.g. /var or /srv" },
	{ NULL, 0, 0, 0, NULL },
};

void
disk_encryption_facts_free(void *facts)
{
	struct disk_encryption_facts *f = facts;
	size_t i;

	for (i = 0; i < f->nfs; i++) {
		free(f->fs[i].mountpoint);
		free(f->fs[i].fstype);
		free(f->fs[i].source);
		json_free(f->fs[i].chain);
	}
	free(f->fs);
	for (i = 0; i < f->nerrors; i++) {
		free(f->errors[i]);
		if (f->errors_ja != NULL)
			free(f->errors_ja[i]);
	}
	free(f->errors);
	free(f->errors_ja);
	json_free(f->fve_policy);
	free(f->root_mount);
	free(f->root_fstype);
	free(f->root_source);
	free(f->volume_signature);
	free(f->bitlocker_how);
	free(f->volume_note);
}

/* Tri-state of a chain. */
enum enc { ENC_NO, ENC_YES, ENC_UNKNOWN };

/* Decides whether the chain under node is encrypted and marks each node with it. */
static enum enc
chain_judge(struct json *node)
{
	const char *type = json_get_str(json_get(node, "type"));
	const char *uuid = json_get_str(json_get(node, "dm_uuid"));
	struct json *on = json_get(node, "on");
	enum enc r = ENC_NO;
	size_t i;

	/* not in sysfs: nothing is known below it */
	if (type == NULL || strcmp(type, "unknown") == 0)
		return ENC_UNKNOWN;
	if (uuid != NULL && strncmp(uuid, "CRYPT-", 6) == 0)
		r = ENC_YES;
	if (json_len(on) > 0) {
		enum enc all = ENC_YES;

		for (i = 0; i < json_len(on); i++) {
			enum enc s = chain_judge(json_at(on, i));

			if (s == ENC_NO)
				all = ENC_NO;
			else if (s == ENC_UNKNOWN && all == ENC_YES)
				all = ENC_UNKNOWN;
		}
		/* a crypt device is encrypted whatever it sits on; LVM only when all below it are */
		if (r != ENC_YES && uuid != NULL)
			r = all;
	}
	json_obj_set(node, "encrypted", r == ENC_UNKNOWN ? json_null() : json_bool(r == ENC_YES));
	return r;
}

/* A device type's name in Japanese (names such as luks2 and LVM stay as they are). */
static const char *
type_ja(const char *type)
{
	if (type == NULL)
		return "?";
	if (strcmp(type, "disk") == 0)
		return "ディスク";
	if (strcmp(type, "partition") == 0)
		return "パーティション";
	if (strcmp(type, "unknown") == 0)
		return "種類不明";
	if (strcmp(type, "lvm") == 0)
		return "LVM";
	return type;
}

/*
 * Appends the first branch of a chain to sb: "dev1 (type) on dev2 (type)"
 * in English, "dev1（種類）／dev2（種類）" in Japanese.
 */
static void
chain_text_lang(const struct json *node, struct strbuf *sb, int first, int ja)
{
	const char *type = json_get_str(json_get(node, "type"));
	const struct json *on = json_get(node, "on");

	if (ja)
		sb_addf(sb, "%s%s（%s）", first ? "" : "／", json_get_str(json_get(node, "device")),
		    type_ja(type));
	else
		sb_addf(sb, "%s%s (%s)", first ? "" : " on ",
		    json_get_str(json_get(node, "device")), type != NULL ? type : "?");
	if (json_len(on) > 0)
		chain_text_lang(json_at(on, 0), sb, 0, ja);
}

static void
chain_text(const struct json *node, struct strbuf *sb, int first)
{
	chain_text_lang(node, sb, first, 0);
}

/* Adds the entry of one checked filesystem to fs; returns whether it is encrypted. */
static enum enc
fs_judge(const struct disk_encryption_fs *m, struct json *fs)
{
	struct json *e = json_arr_push(fs, json_object()), *chain;
	enum enc r;

	json_obj_set(e, "mountpoint", json_str(m->mountpoint));
	if (!m->mounted) {
		json_obj_set(e, "encrypted", json_null());
		return ENC_UNKNOWN;
	}
	json_obj_set(e, "fstype", json_str(m->fstype));
	json_obj_set(e, "source", json_str(m->source));
	if (m->chain == NULL) {
		json_obj_set(e, "encrypted", json_null());
		return ENC_UNKNOWN;
	}
	chain = json_obj_set(e, "chain", json_copy(m->chain));
	r = chain_judge(chain);
	json_obj_set(e, "encrypted", r == ENC_UNKNOWN ? json_null() : json_bool(r == ENC_YES));
	return r;
}

/* What the BitLocker policy asks for, in words; NULL when it names no encryption method. */
static const char *
fve_method(const struct json *pol)
{
	size_t i;

	for (i = 0; i < json_len(pol); i++) {
		const char *v = json_get_str(json_get(json_at(pol, i), "value"));
		const char *d = json_get_str(json_get(json_at(pol, i), "data"));

		if (v == NULL || d == NULL || strcasecmp(v, "EncryptionMethodWithXtsOs") != 0)
			continue;
		return strcmp(d, "3") == 0 ? "AES-CBC 128" :
		    strcmp(d, "4") == 0    ? "AES-CBC 256" :
		    strcmp(d, "6") == 0    ? "XTS-AES 128" :
		    strcmp(d, "7") == 0    ? "XTS-AES 256" :
		                             "a method Windows numbers differently";
	}
	return NULL;
}

/* A Windows installation read from its disk: never proven either way from its files. */
static void
judge_windows(const struct disk_encryption_facts *f, struct check_result *res)
{
	const char *m = f->fve_policy != NULL ? fve_method(f->fve_policy) : NULL;
	struct json *errors = json_obj_set(res->details, "errors", json_array());
	char *en, *ja, *pol;
	size_t i;

	for (i = 0; i < f->nerrors; i++)
		json_arr_push(errors, json_str(f->errors[i]));
	json_obj_set(res->details, "bitlocker_policy",
	    f->fve_policy != NULL ? json_copy(f->fve_policy) : json_null());
	json_obj_set(res->details, "how_to_tell",
	    json_str("on the laptop: manage-bde -status C:; at the desk: the Windows partition's "
	             "first sector starts with -FVE-FS- at byte 3 when it is BitLocker "
	             "(dd if=/dev/sdXN bs=1 skip=3 count=8 2>/dev/null)"));
	{
		struct json *v = json_obj_set(res->details, "volume", json_object());

		json_obj_set(v, "mount", json_str(f->root_mount));
		json_obj_set(v, "fstype", json_str(f->root_fstype));
		json_obj_set(v, "source", json_str(f->root_source));
		json_obj_set(v, "signature", json_str(f->volume_signature));
		json_obj_set(v, "bitlocker", json_bool(f->bitlocker));
		if (f->bitlocker_how != NULL)
			json_obj_set(v, "shown_by", json_str(f->bitlocker_how));
		if (f->volume_note != NULL)
			json_obj_set(v, "note", json_str(f->volume_note));
	}
	if (f->bitlocker) {
		int sig = strcmp(f->bitlocker_how, "signature") == 0;

		en = xasprintf("the Windows volume is BitLocker-encrypted: %s",
		    sig ? "its device starts with the -FVE-FS- signature" : "it is read through dislocker");
		ja = xasprintf("Windows ボリュームは BitLocker で暗号化されています（%s）",
		    sig ? "デバイス先頭に -FVE-FS- 署名" : "dislocker 経由で読み取り");
		pol = xasprintf(" (%s, mounted at %s)", f->root_source, f->root_mount);
		{
			char *en2 = xasprintf("%s%s", en, pol), *ja2 = xasprintf("%s%s", ja, pol);

			check_result_set(res, CHECK_PASS, en2, ja2);
			free(en2);
			free(ja2);
		}
		free(pol);
		free(en);
		free(ja);
		return;
	}
	if (f->fve_policy == NULL)
		pol = xstrdup(" (no BitLocker policy is set)");
	else if (m != NULL)
		pol = xasprintf(" (a BitLocker policy is set, asking for %s)", m);
	else
		pol = xstrdup(" (a BitLocker policy is set)");
	en = xasprintf("a BitLocker volume read at the desk has been unlocked, so its files cannot "
	               "show whether the disk is encrypted%s; check with manage-bde -status on the "
	               "laptop or the partition's -FVE-FS- signature",
	    pol);
	free(pol);
	ja = xasprintf("デスクで読める BitLocker ボリュームは解錠済みのため、ファイルからはディスクの"
	               "暗号化を判断できません%s。ノート PC で manage-bde -status を実行するか、"
	               "パーティションの -FVE-FS- 署名を確認してください",
	    f->fve_policy == NULL ? "（BitLocker ポリシーは未設定）" : "（BitLocker ポリシーあり）");
	if (f->volume_note != NULL) {
		char *en2 = xasprintf("%s; the volume: %s", en, f->volume_note);
		char *ja2 = xasprintf("%s。ボリューム: %s", ja, f->volume_note);

		free(en);
		free(ja);
		en = en2;
		ja = ja2;
	}
	check_result_set(res, CHECK_UNKNOWN, en, ja);
	free(en);
	free(ja);
}

static void
disk_encryption_judge(const struct check_ctx *ctx, const void *facts, struct check_result *res)
{
	if (((const struct disk_encryption_facts *)facts)->windows) {
		judge_windows(facts, res);
		return;
	}
	const struct disk_encryption_facts *f = facts;
	struct json *fs = json_obj_set(res->details, "filesystems", json_array());
	struct json *errors = json_obj_set(res->details, "errors", json_array());
	struct strbuf bad = STRBUF_INIT, unk = STRBUF_INIT, bad_ja = STRBUF_INIT, unk_ja = STRBUF_INIT;
	int any_no = 0, any_unknown = 0;
	size_t i;

	(void)ctx;
	for (i = 0; i < f->nerrors; i++)
		json_arr_push(errors, json_str(f->errors[i]));
	if (f->home_on_root)
		json_obj_set(res->details, "home", json_str("on the root filesystem"));
	for (i = 0; i < f->nfs; i++) {
		enum enc r = fs_judge(&f->fs[i], fs);
		struct strbuf *sb = r == ENC_NO ? &bad : r == ENC_UNKNOWN ? &unk : NULL;

		any_no |= r == ENC_NO;
		any_unknown |= r == ENC_UNKNOWN;
		if (sb != NULL) {
			const struct json *chain = json_get(json_at(fs, json_len(fs) - 1), "chain");
			struct strbuf *sj = r == ENC_NO ? &bad_ja : &unk_ja;

			sb_addf(sb, "%s%s", sb->len ? "; " : "", f->fs[i].mountpoint);
			sb_addf(sj, "%s%s", sj->len ? "、" : "", f->fs[i].mountpoint);
			if (chain != NULL) {
				sb_adds(sb, " on ");
				chain_text(chain, sb, 1);
				sb_adds(sj, "（場所: ");
				chain_text_lang(chain, sj, 1, 1);
				sb_adds(sj, "）");
			}
		}
	}
	if (any_no) {
		char *en = xasprintf("not encrypted: %s", sb_str(&bad));
		char *ja = xasprintf("暗号化されていません: %s", sb_str(&bad_ja));

		check_result_set(res, CHECK_FAIL, en, ja);
		free(en);
		free(ja);
	} else if (any_unknown) {
		const char *why = f->nerrors > 0 ? f->errors[0] : "";
		char *why_ja = f->nerrors == 0                      ? xstrdup("") :
		    f->errors_ja != NULL && f->errors_ja[0] != NULL ? xstrdup(f->errors_ja[0]) :
		                                                      errtext_problem_ja(why);
		char *en = xasprintf("cannot tell whether %s is encrypted: %s", sb_str(&unk), why);
		char *ja = xasprintf("%s が暗号化されているか判断できません: %s", sb_str(&unk_ja), why_ja);

		free(why_ja);
		check_result_set(res, CHECK_UNKNOWN, en, ja);
		free(en);
		free(ja);
	} else {
		struct strbuf ok = STRBUF_INIT, ok_ja = STRBUF_INIT;
		char *en, *ja;

		for (i = 0; i < json_len(fs); i++) {
			sb_addf(&ok, "%s%s on ", ok.len ? "; " : "",
			    json_get_str(json_get(json_at(fs, i), "mountpoint")));
			chain_text(json_get(json_at(fs, i), "chain"), &ok, 1);
			sb_addf(&ok_ja, "%s%s（場所: ", ok_ja.len ? "、" : "",
			    json_get_str(json_get(json_at(fs, i), "mountpoint")));
			chain_text_lang(json_get(json_at(fs, i), "chain"), &ok_ja, 1, 1);
			sb_adds(&ok_ja, "）");
		}
		en = xasprintf("encrypted: %s", sb_str(&ok));
		ja = xasprintf("暗号化されています: %s", sb_str(&ok_ja));
		sb_free(&ok_ja);
		check_result_set(res, CHECK_PASS, en, ja);
		free(en);
		free(ja);
		sb_free(&ok);
	}
	sb_free(&bad);
	sb_free(&unk);
	sb_free(&bad_ja);
	sb_free(&unk_ja);
}

const struct check check_disk_encryption = {
	.id = "disk-encryption",
	.title_en = "Root and home filesystems encrypted",
	.title_ja = "ルートとホームのファイルシステムの暗号化",
	.reads = "/proc/self/mountinfo, /sys/dev/block, /sys/class/block (dm/uuid, dm/name, slaves); "
	         "Windows: SOFTWARE\\Policies\\Microsoft\\FVE",
	.params = disk_encryption_params,
	.facts_size = sizeof(struct disk_encryption_facts),
	.facts_free = disk_encryption_facts_free,
	.probes = {
		[TARGET_LINUX] = { disk_encryption_probe_linux, NULL, NULL },
		[TARGET_WINDOWS] = { disk_encryption_probe_windows, NULL, NULL },
	},
	.judge = disk_encryption_judge,
};
