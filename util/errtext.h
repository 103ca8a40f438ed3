/*
 * errtext.h: an errno value said in English or Japanese.
 *
 * strerror() speaks the C library's locale, which is English here, so a
 * message that has a Japanese form cannot use it there. These two name the
 * errno values that happen in practice (a file missing, denied, a loop, a
 * full or read-only disk, a timeout, ...) in each language; any other value
 * is named by its number in both. Nothing here prints or exits.
 */
#ifndef REENTRY_ERRTEXT_H
#define REENTRY_ERRTEXT_H

#include <stddef.h>

/* Room for any text below, including the fallback that names the number. */
#define ERRTEXT_LEN 96

/*
 * The English text for e: strerror()'s wording for the values known here,
 * "error N" otherwise. Static text, or buf (ERRTEXT_LEN bytes) for the
 * fallback; never NULL.
 */
const char *errtext_en(int e, char buf[ERRTEXT_LEN]);
/* The Japanese text for e; "エラー番号 N" for values not known here. As above. */
const char *errtext_ja(int e, char buf[ERRTEXT_LEN]);
/*
 * The errno value whose strerror() text (or errtext_en() text) is s, for a
 * message that carries only the English text; 0 when none matches.
 */
int errtext_lookup(const char *s);
/*
 * For a Japanese message that quotes a problem written in English as
 * "NAME: what went wrong[: errno text]" (or a bare errno text): NAME and the
 * errno text in Japanese when there is one ("NAME: アクセスが拒否されました"),
 * else NAME and "読み取れません" (without a NAME, "読み取れません" alone). The
 * name is kept as it is (a path, a key).
 * Never NULL; caller frees.
 */
char *errtext_problem_ja(const char *en);
/*
 * For a Japanese message that says what failed (what_ja, "報告書を作成できません
 * でした") over an error written in English ("PATH: what went wrong[: errno
 * text]"): what_ja, the name in brackets, and the errno text in Japanese when
 * there is one ("報告書を作成できませんでした（PATH）: デバイスに空き容量が
 * ありません"); an English reason that is not an errno text is left out.
 * Never NULL; caller frees.
 */
char *errtext_failed_ja(const char *what_ja, const char *en);

#endif
