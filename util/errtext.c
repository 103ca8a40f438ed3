/*
 * errtext.c: errno values in English and Japanese (see errtext.h).
 *
 * The English forms are what glibc's strerror() says, so a message built
 * with strerror() and one built here read the same; errtext_lookup() maps
 * such text back to its value for messages that only carried English.
 */
#include "errtext.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const struct {
	int e;
	const char *en, *ja;
} texts[] = {
	{ EPERM, "Operation not permitted", "操作が許可されていません" },
	{ ENOENT, "No such file or directory", "ファイルまたはディレクトリがありません" },
	{ EINTR, "Interrupted system call", "システムコールが中断されました" },
	{ EIO, "Input/output error", "入出力エラー" },
	{ ENXIO, "No such device or address", "デバイスまたはアドレスがありません" },
	{ E2BIG, "Argument list too long", "引数リストが長すぎます" },
	{ EBADF, "Bad file descriptor", "ファイル記述子が不正です" },
	{ EAGAIN, "Resource temporarily unavailable", "資源が一時的に使えません" },
	{ ENOMEM, "Cannot allocate memory", "メモリを確保できません" },
	{ EACCES, "Permission denied", "アクセスが拒否されました" },
	{ EFAULT, "Bad address", "アドレスが不正です" },
	{ EBUSY, "Device or resource busy", "デバイスまたは資源が使用中です" },
	{ EEXIST, "File exists", "ファイルがすでにあります" },
	{ EXDEV, "Invalid cross-device link", "別のデバイスをまたぐリンクです" },
	{ ENODEV, "No such device", "デバイスがありません" },
	{ ENOTDIR, "Not a directory", "ディレクトリではありません" },
	{ EISDIR, "Is a directory", "ディレクトリです" },
	{ EINVAL, "Invalid argument", "引数が不正です" },
	{ ENFILE, "Too many open files in system", "システム全体で開いているファイルが多すぎます" },
	{ EMFILE, "Too many open files", "開いているファイルが多すぎます" },
	{ ETXTBSY, "Text file busy", "実行中のファイルです" },
	{ EFBIG, "File too large", "ファイルが大きすぎます" },
	{ ENOSPC, "No space left on device", "デバイスに空き容量がありません" },
	{ ESPIPE, "Illegal seek", "シークできません" },
	{ EROFS, "Read-only file system", "読み取り専用のファイルシステムです" },
	{ EMLINK, "Too many links", "リンクが多すぎます" },
	{ EPIPE, "Broken pipe", "パイプが切断されました" },
	{ ERANGE, "Numerical result out of range", "数値が範囲外です" },
	{ EDEADLK, "Resource deadlock avoided", "資源のデッドロックを回避しました" },
	{ ENAMETOOLONG, "File name too long", "ファイル名が長すぎます" },
	{ ENOSYS, "Function not implemented", "この機能は実装されていません" },
	{ ENOTEMPTY, "Directory not empty", "ディレクトリが空ではありません" },
	{ ELOOP, "Too many levels of symbolic links", "シンボリックリンクの階層が深すぎます" },
	{ ENODATA, "No data available", "データがありません" },
	{ EOVERFLOW, "Value too large for defined data type", "値がデータ型の範囲を超えています" },
	{ EILSEQ, "Invalid or incomplete multibyte or wide character", "文字の符号化が不正です" },
	{ ENOTSOCK, "Socket operation on non-socket", "ソケットではありません" },
	{ EOPNOTSUPP, "Operation not supported", "この操作はサポートされていません" },
	{ EADDRINUSE, "Address already in use", "アドレスは使用中です" },
	{ ENETUNREACH, "Network is unreachable", "ネットワークに到達できません" },
	{ ECONNRESET, "Connection reset by peer", "接続が相手によってリセットされました" },
	{ ENOBUFS, "No buffer space available", "バッファ領域が足りません" },
	{ ENOTCONN, "Transport endpoint is not connected", "接続されていません" },
	{ ETIMEDOUT, "Connection timed out", "時間切れになりました" },
	{ ECONNREFUSED, "Connection refused", "接続が拒否されました" },
	{ EHOSTUNREACH, "No route to host", "ホストへの経路がありません" },
	{ ESTALE, "Stale file handle", "ファイルハンドルが古くなっています" },
	{ EDQUOT, "Disk quota exceeded", "ディスク使用量の上限を超えました" },
	{ ECANCELED, "Operation canceled", "操作が取り消されました" },
	{ ENOMEDIUM, "No medium found", "メディアがありません" },
	{ EMEDIUMTYPE, "Wrong medium type", "メディアの種類が違います" },
};

#define NTEXTS (sizeof texts / sizeof texts[0])

/* The index of e in texts, or NTEXTS. */
static size_t
text_of(int e)
{
	size_t i;

	for (i = 0; i < NTEXTS && texts[i].e != e; i++)
		;
	return i;
}

const char *
errtext_en(int e, char buf[ERRTEXT_LEN])
{
	size_t i = text_of(e);

	if (i < NTEXTS)
		return texts[i].en;
	(void)snprintf(buf, ERRTEXT_LEN, "error %d", e);
	return buf;
}

const char *
errtext_ja(int e, char buf[ERRTEXT_LEN])
{
	size_t i = text_of(e);

	if (i < NTEXTS)
		return texts[i].ja;
	(void)snprintf(buf, ERRTEXT_LEN, "エラー番号 %d", e);
	return buf;
}

int
errtext_lookup(const char *s)
{
	size_t i;
	int e, end = 0;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; i < NTEXTS; i++)
		if (strcmp(s, texts[i].en) == 0 || strcmp(s, strerror(texts[i].e)) == 0)
			return texts[i].e;
	if (sscanf(s, "error %d%n", &e, &end) == 1 && s[end] == '\0' && e > 0)
		return e;
	/* glibc's text for a value it does not know */
	if (sscanf(s, "Unknown error %d%n", &e, &end) == 1 && s[end] == '\0' && e > 0)
		return e;
	return 0;
}

/*
 * Splits "NAME: ...: REASON" at its first and last ": " (both NULL when
 * there is none) and returns the errno value REASON names, or 0.
 */
static int
split_reason(const char *en, const char **first, const char **last)
{
	const char *p;

	*last = NULL;
	for (p = strstr(en, ": "); p != NULL; p = strstr(p + 2, ": "))
		*last = p;
	*first = strstr(en, ": ");
	return *last != NULL ? errtext_lookup(*last + 2) : 0;
}

char *
errtext_problem_ja(const char *en)
{
	char buf[ERRTEXT_LEN];
	const char *last, *first;
	int e;

	if (en == NULL)
		return xstrdup("");
	if ((e = errtext_lookup(en)) != 0)
		return xstrdup(errtext_ja(e, buf));
	if ((e = split_reason(en, &first, &last)) != 0)
		return xasprintf("%.*s: %s", (int)(first - en), en, errtext_ja(e, buf));
	if (first != NULL)
		return xasprintf("%.*s: 読み取れません", (int)(first - en), en);
	/* no name to keep: the English reason is not repeated in a Japanese message */
	return xstrdup("読み取れません");
}

char *
errtext_failed_ja(const char *what_ja, const char *en)
{
	char buf[ERRTEXT_LEN];
	const char *last, *first;
	int e;

	if (en == NULL || en[0] == '\0')
		return xstrdup(what_ja);
	if ((e = errtext_lookup(en)) != 0)
		return xasprintf("%s: %s", what_ja, errtext_ja(e, buf));
	e = split_reason(en, &first, &last);
	if (first == NULL)
		return xstrdup(what_ja);
	if (e != 0)
		return xasprintf("%s（%.*s）: %s", what_ja, (int)(first - en), en, errtext_ja(e, buf));
	return xasprintf("%s（%.*s）", what_ja, (int)(first - en), en);
}
