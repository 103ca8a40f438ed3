/*
 * reason.c: the Japanese form of the scan's reasons.
 *
 * The walk, the engines and the unpacker word why a file was not (fully)
 * scanned in English, deep in threads that build the text with the values
 * at hand. Rather than carry two strings through every one of those paths,
 * this file holds the catalogue of every reason they can write, as a pair
 * of templates, and turns the English text into the Japanese one when the
 * report is built (scan_report_build()): the report then carries both, and
 * a UI picks one. A new reason in walk.c, engine.c, clamd.c or unpack.c
 * needs its line here; test_scan.c checks the catalogue.
 *
 * In an English template, a capture is
 *   %s  any text, kept as it is (names, paths, numbers, signature names,
 *       an external program's own message),
 *   %e  an errno text (strerror()), said in Japanese with errtext_ja(),
 *   %t  a file type name from walk.c (symlink, fifo, ...),
 *   %r  another reason from this catalogue, translated in turn,
 *   %w  the mount note ("" or " (mounted during the scan)"),
 *   %m  a mount's description (walk.c's mount_describe()),
 * and the Japanese template names the captures by their order, %1 to %9.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/errtext.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "scan.h"

struct pair {
	const char *en, *ja;
};

static const struct pair reasons[] = {
	/* walk.c: directories */
	{ "directory cannot be examined again after the scan: %e",
	    "ディレクトリを検査後に再確認できません: %1" },
	{ "directory changed during the scan (entries added, removed or renamed): what it holds "
	  "now was not all scanned",
	    "検査中にディレクトリが変わりました（項目の追加・削除・名前の変更）。"
	    "今の中身はすべては検査されていません" },
	{ "another filesystem (%m) is mounted here%w; not entered, so what it holds was not scanned",
	    "ここには別のファイルシステム（%1）がマウントされています%2。"
	    "中には入らないため、中身は検査されていません" },
	{ "nested deeper than %s directories", "ディレクトリの階層が %1 段より深くなっています" },
	{ "directory vanished during the scan (renamed or deleted after it was listed); not walked",
	    "検査中にディレクトリが消えました（一覧の後で名前の変更または削除）。中は調べていません" },
	{ "directory replaced by something else during the scan; not followed",
	    "検査中にディレクトリが別のものに置き換えられました。たどっていません" },
	{ "directory cannot be opened: %e", "ディレクトリを開けません: %1" },
	{ "directory replaced by another during the scan; not walked",
	    "検査中にディレクトリが別のディレクトリに置き換えられました。中は調べていません" },
	{ "directory cannot be read: %e", "ディレクトリを読めません: %1" },
	{ "directory could not be read to the end: %e", "ディレクトリを最後まで読めませんでした: %1" },
	/* walk.c: files */
	{ "vanished during the scan (renamed or deleted after it was listed); not scanned",
	    "検査中に消えました（一覧の後で名前の変更または削除）。検査していません" },
	{ "cannot be examined: %e", "状態を調べられません: %1" },
	{ "%t, not a regular file; not read", "%1で、通常のファイルではありません。読んでいません" },
	{ "renamed or deleted while it was scanned: its name is gone",
	    "検査中に名前の変更または削除がありました。その名前はもうありません" },
	{ "cannot be examined again after the scan: %e", "検査後に再確認できません: %1" },
	{ "replaced by a %t while it was scanned; not followed",
	    "検査中に%1に置き換えられました。たどっていません" },
	{ "replaced by another file while it was scanned; the new one was not scanned",
	    "検査中に別のファイルに置き換えられました。新しいファイルは検査していません" },
	{ "changed while it was scanned: its size went from %s to %s bytes (truncated or written to)",
	    "検査中に変更されました: 大きさが %1 バイトから %2 バイトになりました（切り詰めまたは書き込み）" },
	{ "changed while it was scanned: %s bytes were read of %s",
	    "検査中に変更されました: %2 バイトのうち %1 バイトを読みました" },
	{ "changed while it was scanned: written to (its modification time changed)",
	    "検査中に変更されました: 書き込みがありました（更新時刻が変わりました）" },
	{ "changed while it was scanned: renamed, linked or its attributes changed (its inode "
	  "change time moved)",
	    "検査中に変更されました: 名前の変更、リンク、または属性の変更がありました"
	    "（inode の変更時刻が動きました）" },
	{ "replaced by a symbolic link during the scan (after it was listed); not followed",
	    "検査中（一覧の後）にシンボリックリンクに置き換えられました。たどっていません" },
	{ "cannot be opened: %e", "開けません: %1" },
	{ "replaced by a %t during the scan (after it was listed); not read",
	    "検査中（一覧の後）に%1に置き換えられました。読んでいません" },
	{ "replaced by another file during the scan (after it was listed)",
	    "検査中（一覧の後）に別のファイルに置き換えられました" },
	{ "larger than the file size limit (%s bytes, limit %s); not sent to clamd",
	    "ファイルの大きさの上限を超えています（%1 バイト、上限 %2）。clamd には送っていません" },
	{ "larger than the file size limit", "ファイルの大きさの上限を超えています" },
	{ "scanning took longer than the time limit (%s ms) while reading it",
	    "読み込み中に検査が制限時間（%1 ミリ秒）を超えました" },
	{ "read error: %e", "読み込みエラー: %1" },
	{ "%r; and %r", "%1。さらに、%2" },
	{ "not scanned: the scan was cancelled while this file was read",
	    "検査していません: このファイルを読んでいる間に検査が取り消されました" },
	/* engine.c */
	{ "archive member '%s' carries zip64's size placeholder (4294967295): the engine "
	  "(libclamav %s) does not read zip64 sizes, so the member was not scanned",
	    "書庫の中のファイル「%1」の大きさが zip64 の仮の値（4294967295）です。"
	    "検査エンジン（libclamav %2）は zip64 の大きさを読めないため、このファイルは検査していません" },
	{ "archive member '%s' (%s bytes) is larger than the file size limit; only its first part "
	  "was scanned",
	    "書庫の中のファイル「%1」（%2 バイト）はファイルの大きさの上限を超えています。"
	    "先頭の部分だけを検査しました" },
	{ "%s is a zip64 archive, which the engine (libclamav %s) cannot look inside: %s of its %s "
	  "members were not scanned (the first: '%s', %s)",
	    "%1 は zip64 の書庫で、検査エンジン（libclamav %2）は中を見られません: "
	    "%4 個のうち %3 個のファイルを検査していません（最初のもの: 「%5」、%6）" },
	{ "embedded file '%s' reached the file size limit (%s bytes) and was cut; the rest was not "
	  "scanned",
	    "埋め込まれたファイル「%1」がファイルの大きさの上限（%2 バイト）に達して切られました。"
	    "残りは検査していません" },
	{ "larger than the file size limit (%s)", "ファイルの大きさの上限を超えています（%1）" },
	{ "more data inside than the scan size limit (%s)", "中のデータが検査量の上限を超えています（%1）" },
	{ "more files inside than the file count limit (%s)", "中のファイルの数が上限を超えています（%1）" },
	{ "archives nested deeper than the recursion limit (%s)",
	    "書庫の入れ子が上限より深くなっています（%1）" },
	{ "scanning took longer than the time limit (%s ms)", "検査が制限時間（%1 ミリ秒）を超えました" },
	{ "scanning took longer than the time limit (%s)", "検査が制限時間を超えました（%1）" },
	{ "scanning took longer than the time limit", "検査が制限時間を超えました" },
	{ "a scan limit was exceeded (%s)", "検査の上限を超えました（%1）" },
	{ "encrypted, its contents cannot be scanned (%s)", "暗号化されていて、中身を検査できません（%1）" },
	{ "libclamav could not scan it: %s", "libclamav が検査できませんでした: %1" },
	{ "cannot rewind the file: %e", "ファイルを先頭に戻せません: %1" },
	{ "the scanning process died (signal %s) before it answered",
	    "検査プロセスが答える前に終了しました（シグナル %1）" },
	{ "the scanning process ended without an answer", "検査プロセスが答えずに終了しました" },
	/* clamd.c */
	{ "cannot connect to clamd at %s: %e", "%1 の clamd に接続できません: %2" },
	{ "clamd did not answer: %e", "clamd が答えませんでした: %1" },
	{ "larger than clamd's stream limit (StreamMaxLength): %s",
	    "clamd のストリームの上限（StreamMaxLength）を超えています: %1" },
	{ "clamd could not scan it: %s", "clamd が検査できませんでした: %1" },
	/* unpack.c */
	{ "zip64 archives nested deeper than the recursion limit (%s); the innermost was not opened",
	    "zip64 の書庫の入れ子が上限（%1）より深くなっています。最も内側は開いていません" },
	{ "zip64 archive: libarchive cannot open it: %s", "zip64 の書庫: libarchive が開けません: %1" },
	{ "zip64 archive: cancelled before member '%s'",
	    "zip64 の書庫: 中のファイル「%1」の前で取り消されました" },
	{ "zip64 archive: scanning took longer than the time limit before member '%s'",
	    "zip64 の書庫: 中のファイル「%1」の前で検査が制限時間を超えました" },
	{ "zip64 archive: more files inside than the file count limit (%s)",
	    "zip64 の書庫: 中のファイルの数が上限（%1）を超えています" },
	{ "zip64 archive: member '%s' is encrypted, its contents cannot be scanned",
	    "zip64 の書庫: 中のファイル「%1」は暗号化されていて、中身を検査できません" },
	{ "zip64 archive: member '%s' (%s bytes) is larger than the file size limit; not scanned",
	    "zip64 の書庫: 中のファイル「%1」（%2 バイト）はファイルの大きさの上限を超えています。"
	    "検査していません" },
	{ "zip64 archive: member '%s' cannot be read: %s",
	    "zip64 の書庫: 中のファイル「%1」を読めません: %2" },
	{ "zip64 archive: cancelled in member '%s'",
	    "zip64 の書庫: 中のファイル「%1」の途中で取り消されました" },
	{ "zip64 archive: scanning took longer than the time limit in member '%s'",
	    "zip64 の書庫: 中のファイル「%1」の途中で検査が制限時間を超えました" },
	{ "zip64 archive: member '%s' is larger than the file size limit; not scanned",
	    "zip64 の書庫: 中のファイル「%1」はファイルの大きさの上限を超えています。検査していません" },
	{ "zip64 archive: more data inside than the scan size limit (%s bytes)",
	    "zip64 の書庫: 中のデータが検査量の上限（%1 バイト）を超えています" },
	{ "zip64 archive: member '%s': %r", "zip64 の書庫: 中のファイル「%1」: %2" },
	{ "zip64 archive: member '%s': not scanned", "zip64 の書庫: 中のファイル「%1」: 検査していません" },
	{ "libclamav cannot map it", "libclamav がファイルを読み込めません" },
	{ "zip64 archive: libarchive could not read it to the end: %s",
	    "zip64 の書庫: libarchive が最後まで読めませんでした: %1" },
	/* walk.c: roots that could not be scanned at all (scan_report.errors) */
	{ "%s: a %t, not a directory or regular file; mount a medium and scan its mount point",
	    "%1: %2で、ディレクトリでも通常のファイルでもありません。"
	    "メディアをマウントして、そのマウント先を検査してください" },
	{ "the manifest could not be written in %s: %e", "%1 にファイル一覧を書けませんでした: %2" },
	{ "the manifest could not be created in %s: %e", "%1 にファイル一覧を作れませんでした: %2" },
	{ "nothing to scan: no path was given", "検査するものがありません: パスが指定されていません" },
	{ "%s: %e", "%1: %2" },
};

/* What walk.c's mount_describe() says of a mount (%m). */
static const struct pair mounts[] = {
	{ "mount %s, not in the mount table", "マウント %1、マウント表にありません" },
	{ "mount %s", "マウント %1" },
	{ "%s, source %s", "%1、マウント元 %2" },
};

#define NREASONS (sizeof reasons / sizeof reasons[0])
#define MAXCAP 9

static const struct {
	const char *en, *ja;
} types[] = {
	{ "symlink", "シンボリックリンク" },
	{ "fifo", "名前付きパイプ" },
	{ "socket", "ソケット" },
	{ "char-device", "キャラクタデバイス" },
	{ "block-device", "ブロックデバイス" },
	{ "directory", "ディレクトリ" },
	{ "other", "その他の種類のファイル" },
};

static char *translate(const struct pair *table, size_t n, const char *en, int depth, long *budget);

/* The Japanese form of capture [s, s + n) of kind k, or NULL when it is not one. */
static char *
capture_ja(char k, const char *s, size_t n, int depth, long *budget)
{
	char *c = xstrndup(s, n), *out = NULL;
	char buf[ERRTEXT_LEN];
	size_t i;
	int e;

	switch (k) {
	case 's':
		if (n > 0)
			return c;
		break;
	case 'e':
		if ((e = errtext_lookup(c)) != 0)
			out = xstrdup(errtext_ja(e, buf));
		break;
	case 't':
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(c, types[i].en) == 0)
				out = xstrdup(types[i].ja);
		break;
	case 'r':
		if (n > 0)
			out = translate(reasons, NREASONS, c, depth + 1, budget);
		break;
	case 'm':
		if (n > 0)
			out = translate(mounts, sizeof mounts / sizeof mounts[0], c, depth + 1, budget);
		break;
	case 'w':
		if (n == 0)
			out = xstrdup("");
		else if (strcmp(c, " (mounted during the scan)") == 0)
			out = xstrdup("（検査中にマウントされました）");
		break;
	}
	free(c);
	return out;
}

/*
 * Matches s against the English template t from capture number ncap on,
 * filling caps; 1 when the whole of s matches (caps then owned by the caller), else 0.
 * Every capture tried costs one of *budget; at 0 nothing more matches.
 */
static int
match(const char *t, const char *s, char **caps, int ncap, int depth, long *budget)
{
	while (*t != '\0') {
		if (t[0] == '%' && t[1] != '\0') {
			char k = t[1];
			const char *end;

			if (ncap >= MAXCAP)
				return 0;
			/*
			 * The shortest capture first, longer ones on failure. Only ends
			 * where the template's next character follows are tried (the end
			 * of s when the capture ends the template), so a long name costs
			 * one pass, not one translation per byte.
			 */
			for (end = s;; end++) {
				char *c;

				if (t[2] == '\0' ? *end != '\0' : t[2] != '%' && *end != t[2]) {
					if (*end == '\0')
						return 0;
					continue;
				}
				if (--*budget < 0)
					return 0;
				c = capture_ja(k, s, (size_t)(end - s), depth, budget);

				if (c != NULL) {
					caps[ncap] = c;
					if (match(t + 2, end, caps, ncap + 1, depth, budget))
						return 1;
					free(c);
					caps[ncap] = NULL;
				}
				if (*end == '\0')
					return 0;
			}
		}
		if (*t != *s)
			return 0;
		t++;
		s++;
	}
	return *s == '\0';
}

/* The Japanese form of en from the n templates of table, or NULL when none matches. */
static char *
translate(const struct pair *table, size_t n, const char *en, int depth, long *budget)
{
	size_t i;
	int k;

	if (depth > 3)
		return NULL;
	for (i = 0; i < n; i++) {
		char *caps[MAXCAP] = { NULL };
		struct strbuf sb = STRBUF_INIT;
		const char *p;

		if (!match(table[i].en, en, caps, 0, depth, budget))
			continue;
		for (p = table[i].ja; *p != '\0'; p++) {
			if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
				const char *c = caps[p[1] - '1'];

				sb_adds(&sb, c != NULL ? c : "");
				p++;
			} else
				sb_addc(&sb, *p);
		}
		for (k = 0; k < MAXCAP; k++)
			free(caps[k]);
		return sb_detach(&sb);
	}
	return NULL;
}

/*
 * The captures one reason may try: the reasons the scan writes match in a
 * few dozen; a file name built to make the templates try every split (one
 * full of quotes, colons and "; and ") stops here and gets the fallback.
 */
#define REASON_BUDGET 20000

char *
scan_reason_ja(const char *en)
{
	long budget = REASON_BUDGET;
	char *ja;

	if (en == NULL)
		return xstrdup("");
	if ((ja = translate(reasons, NREASONS, en, 0, &budget)) != NULL)
		return ja;
	/* not in the catalogue (a bug to fix here): said so, with the English kept */
	return xasprintf("検査できませんでした（理由は英語のみ: %s）", en);
}

int
scan_reason_known(const char *en)
{
	long budget = REASON_BUDGET;
	char *ja = en != NULL ? translate(reasons, NREASONS, en, 0, &budget) : NULL;

	free(ja);
	return ja != NULL;
}
