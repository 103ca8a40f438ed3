/*
 * scr_summary.c: the verdict with its coverage, the failed items first,
 * then the open ones, then the rest, as a list whose selected item Enter
 * opens; w writes and signs the report through report_finish() and shows
 * where it went, the signing key's fingerprint, the allowed-signers line
 * for that key and the ssh-keygen command that verifies the report. Also
 * the help screen, which lists every key.
 *
 * The summary's state (t->data[SCR_SUMMARY]) is its scroll position and a
 * signing key made or found with k; the report written is the session's,
 * in struct tui, since the kiosk writes one too.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "tui_curses.h"
#include "../sign/sshkey.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* The summary's state. */
struct sum_state {
	size_t top;    /* first item (or, once written, first line) shown */
	size_t sel;    /* the item selected */
	char *own_key; /* a key made or found with k; owned */
};

/* The state, made on first use. */
static struct sum_state *
sum_state(struct tui *t)
{
	if (t->data[SCR_SUMMARY] == NULL)
		t->data[SCR_SUMMARY] = xcalloc(1, sizeof(struct sum_state));
	return t->data[SCR_SUMMARY];
}

static void
sum_free(struct tui *t)
{
	struct sum_state *st = t->data[SCR_SUMMARY];

	if (st == NULL)
		return;
	free(st->own_key);
	free(st);
	t->data[SCR_SUMMARY] = NULL;
}

/* Sort rank: failed first, then open/undetermined, then the rest. */
static int
sum_rank(enum item_outcome o)
{
	switch (o) {
	case OUTCOME_FAILED: return 0;
	case OUTCOME_UNDETERMINED:
	case OUTCOME_ATTENTION:
	case OUTCOME_OPEN: return 1;
	case OUTCOME_WAIVED: return 2;
	default: return 3;
	}
}

/* The signing key to use: made with k, else --key; NULL: the configured signing_key. */
static const char *
sum_key_path(const struct tui *t)
{
	const struct sum_state *st = t->data[SCR_SUMMARY];

	return st != NULL && st->own_key != NULL ? st->own_key : t->key_path;
}

/* Whether a signing key is named (k, --key or signing_key). */
static int
sum_have_key(const struct tui *t)
{
	return sum_key_path(t) != NULL || t->cfg->signing_key != NULL;
}

/* Where k puts a key of one's own: $XDG_CONFIG_HOME/reentry/signing-key. Caller frees. */
static char *
sum_own_key_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/reentry/signing-key", x);
	if (h != NULL && h[0] == '/')
		return xasprintf("%s/.config/reentry/signing-key", h);
	return NULL;
}

/* k: uses the key at sum_own_key_path(), making it first when it is missing. */
static void
sum_make_key(struct tui *t)
{
	char err[512], *path = sum_own_key_path(), *dir, *slash, *priv = NULL, *pub = NULL, *line = NULL;
	struct sshkey *k = NULL;
	struct sum_state *st;

	if (path == NULL) {
		tui_message(t, "%s",
		    tr(t, "No home directory for a key; use --key FILE.",
		        "鍵を置くホームディレクトリがありません。--key FILE を指定してください。"));
		return;
	}
	if (access(path, F_OK) == 0)
		goto use;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if (file_mkdirs(dir, 0700, err, sizeof err) != 0) {
		free(dir);
		goto fail;
	}
	free(dir);
	if ((k = sshkey_generate(err, sizeof err)) == NULL)
		goto fail;
	priv = sshkey_private_file(k, "reentry");
	line = sshkey_public_line(k);
	pub = xasprintf("%s reentry\n", line);
	if (file_write_new(path, priv, strlen(priv), 0600, err, sizeof err) != 0)
		goto fail;
	{
		char *pp = xasprintf("%s.pub", path);
		int rc = file_write_atomic(pp, pub, strlen(pub), 0644, err, sizeof err);

		free(pp);
		if (rc != 0)
			goto fail;
	}
use:
	st = sum_state(t);
	free(st->own_key);
	st->own_key = path;
	path = NULL;
	tui_message(t, tr(t, "Signing key: %s (w writes the report)", "署名鍵: %s（w で報告書を作成）"),
	    st->own_key);
	goto out;
fail:
	tui_failed(t, "No signing key was made", "署名鍵を作成できませんでした", err);
out:
	if (priv != NULL)
		xwipe(priv, strlen(priv));
	free(priv);
	free(pub);
	free(line);
	sshkey_free(k);
	free(path);
}

/*
 * The key the summary offers: one named (k, --key, signing_key) or, when none
 * is, the one k made earlier at sum_own_key_path(), so a desk that has a key
 * is never asked to make one.
 */
static void
sum_init(struct tui *t)
{
	struct sum_state *st = sum_state(t);

	st->top = st->sel = 0;
	if (!sum_have_key(t)) {
		char *p = sum_own_key_path();

		if (p != NULL && access(p, R_OK) == 0)
			st->own_key = p;
		else
			free(p);
	}
}

/* The visible items in the summary's order (failed, open, waived, the rest); caller frees. */
static const struct item **
sum_sorted(const struct tui *t, size_t *n)
{
	size_t total, i, k = 0;
	const struct item **v = tui_visible(t, t->cl->ncategories, &total);
	const struct item **out = xcalloc(total + 1, sizeof *out);
	int rank;

	for (rank = 0; rank < 4; rank++)
		for (i = 0; i < total; i++)
			if (sum_rank(session_item_outcome(t->s, v[i])) == rank)
				out[k++] = v[i];
	free(v);
	*n = k;
	return out;
}

/* s quoted for a POSIX shell when it needs it; caller frees. */
static char *
sum_shell_quote(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	if (s[0] != '\0' &&
	    strspn(s,
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	        "0123456789/._-+:@,=") == strlen(s))
		return xstrdup(s);
	sb_addc(&b, '\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			sb_adds(&b, "'\\''");
		else
			sb_addc(&b, *s);
	sb_addc(&b, '\'');
	return sb_detach(&b);
}

/*
 * What the summary says once the report is written: where every file went,
 * the allowed-signers line an auditor keeps for this key, and the stock
 * OpenSSH command that verifies the report. Caller frees.
 */
static char *
sum_report_text(const struct tui *t)
{
	const struct report_paths *r = &t->report;
	const char *kp = sum_key_path(t) != NULL ? sum_key_path(t) : t->cfg->signing_key;
	struct strbuf b = STRBUF_INIT;
	struct sshkey *k = NULL;
	char err[256];

	sb_addf(&b, "%s %s\n", tr(t, "Report ID:", "報告書 ID:"),
	    r->report_id != NULL ? r->report_id : "?");
	sb_addf(&b, "JSON: %s\n", r->json != NULL ? r->json : "");
	sb_addf(&b, "%s %s\n", tr(t, "Signature:", "署名:"), r->sig != NULL ? r->sig : "");
	if (r->html != NULL)
		sb_addf(&b, "HTML: %s\n", r->html);
	if (r->txt != NULL)
		sb_addf(&b, "%s %s\n", tr(t, "Text:", "テキスト:"), r->txt);
	sb_addf(&b, "%s %s\n\n", tr(t, "Key:", "鍵:"), r->fingerprint != NULL ? r->fingerprint : "");
	if (kp != NULL && (k = sshkey_load_private(kp, err, sizeof err)) != NULL) {
		const char *c = sshkey_comment(k);
		char *pub = sshkey_public_line(k), *id;
		char *qj = sum_shell_quote(r->json != NULL ? r->json : "REPORT.json");
		char *qs = sum_shell_quote(r->sig != NULL ? r->sig : "REPORT.json.sig");
		char *qi;

		/* the principal: the key's comment when it can be one */
		id = xstrdup(c[0] != '\0' && strpbrk(c, " \t\",*?!") == NULL ? c : "reentry");
		qi = sum_shell_quote(id);
		sb_addf(&b, "%s\n  %s namespaces=\"%s\" %s\n\n",
		    tr(t, "The line for the auditors' allowed-signers file:",
		        "監査担当の allowed_signers ファイルに加える行:"),
		    id, REPORT_SIG_NAMESPACE, pub);
		sb_addf(&b, "%s\n  ssh-keygen -Y verify -f allowed_signers -I %s -n %s -s %s < %s\n",
		    tr(t, "Verify it with OpenSSH:", "OpenSSH での検証:"), qi, REPORT_SIG_NAMESPACE,
		    qs, qj);
		sb_addf(&b, "%s\n  reentry verify --allowed-signers allowed_signers %s\n",
		    tr(t, "or with reentry:", "reentry での検証:"), qj);
		free(pub);
		free(id);
		free(qi);
		free(qj);
		free(qs);
		sshkey_free(k);
	} else
		sb_addf(&b, "%s\n  reentry verify --allowed-signers allowed_signers %s\n",
		    tr(t, "Verify it with:", "検証:"), r->json != NULL ? r->json : "");
	return sb_detach(&b);
}

static void
sum_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "w", "Write & sign report", "報告書を作成・署名" },
		{ "↑↓", "Select", "選択" },
		{ "Enter", "Open item", "項目を開く" },
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ "?", "Help", "ヘルプ" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint done_hints[] = {
		{ "n", "Next device", "次の機器" },
		{ "↑↓", "Scroll", "スクロール" },
		{ "q", "Quit", "終了" },
		{ "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	struct verdict v;
	enum tui_role vr;
	const char *vw;
	const struct item **items;
	size_t n, i;
	struct sum_state *st = sum_state(t);
	int y = 2, w = t->cols - 4, rows;

	tui_title(t, tr(t, "Summary and report", "まとめと報告書"));
	session_verdict(t->s, &v);
	vw = tui_verdict_word(t, v.kind, &vr);
	tui_put(t, y, 2, 12, tr(t, "Verdict:", "判定:"), TA_NORMAL, 0);
	tui_putf(t, y++, 14, w - 12, vr, "[%s]", vw);
	tui_putf(t, y++, 2, w, TA_NORMAL,
	    tr(t, "Coverage: %zu items; %zu decided by checks, %zu answered, %zu waived,",
	        "対象 %zu 項目: 自動判定 %zu、回答 %zu、免除 %zu、"),
	    v.total, v.automatic, v.answered, v.waived);
	tui_putf(t, y++, 2, w, TA_NORMAL,
	    tr(t, "          %zu failed, %zu n/a, %zu open or undetermined",
	        "不合格 %zu、対象外 %zu、未了・判定不能 %zu"),
	    v.failed, v.not_applicable, v.undetermined);
	if (v.attention > 0 || v.stood_in > 0)
		tui_putf(t, y++, 2, w, v.attention > 0 ? TA_WARN : TA_NORMAL,
		    tr(t,
		        "          %zu need attention (a warning IT has not accepted: not a pass), "
		        "%zu confirmed by IT over a check",
		        "要確認 %zu（IT 未承認の警告、合格ではありません）、IT がチェックに代わり確認 %zu"),
		    v.attention, v.stood_in);
	y++;
	if (t->reported) {
		char *text = sum_report_text(t);
		int total;

		tui_put(t, y++, 2, w,
		    tr(t, "The signed report was written:", "署名付き報告書を作成しました:"),
		    TA_PASS, 0);
		rows = t->rows - 2 - y;
		/* wrapped, never cut: paths and the key line can be long; ↑↓ scroll */
		total = tui_wrap(t, y, 4, w - 2, (int)st->top, rows, text, TA_NORMAL);
		free(text);
		if (st->top > 0 && (int)st->top >= total)
			st->top = total > 0 ? (size_t)total - 1 : 0;
		if (total - (int)st->top > rows)
			tui_put(t, t->rows - 3, t->cols - 12, 10, tr(t, "↓ more", "↓ 続き"), TA_DIM, 0);
		tui_hints(t, done_hints);
		return;
	}
	if (!sum_have_key(t)) {
		char *p = sum_own_key_path();

		tui_put(t, y++, 2, w,
		    tr(t, "No signing key is configured. Press k to use or make one at:",
		        "署名鍵が未設定です。k を押すと次の場所に作成（または使用）します:"),
		    TA_WARN, 0);
		tui_put(t, y++, 4, w - 2, p != NULL ? p : "?", TA_WARN, 0);
		free(p);
	}
	tui_put(t, y++, 2, w,
	    tr(t, "Failed items first, then open ones, then the rest:",
	        "不合格の項目、次に未了の項目、その後に残りの項目:"),
	    TA_DIM, 0);
	items = sum_sorted(t, &n);
	rows = t->rows - 2 - y;
	if (st->sel >= n)
		st->sel = n > 0 ? n - 1 : 0;
	if (st->sel < st->top)
		st->top = st->sel;
	if (rows > 0 && st->sel >= st->top + (size_t)rows)
		st->top = st->sel - (size_t)rows + 1;
	for (i = st->top; i < n && y < t->rows - 2; i++, y++) {
		enum item_outcome o = session_item_outcome(t->s, items[i]);
		enum tui_role r;
		const char *tag = tui_outcome_tag(o, &r);
		int sel = i == st->sel;

		tui_put(t, y, 2, 6, tag, r, 0);
		tui_putf(t, y, 9, w - 7, sel ? TA_SEL : TA_NORMAL, "%s %-4s %s", sel ? ">" : " ",
		    items[i]->jnsa_ref, ltext_get(&items[i]->title, t->lang));
	}
	free(items);
	tui_hints(t, hints);
}

static int
sum_key(struct tui *t, const struct tui_key *k)
{
	struct sum_state *st = sum_state(t);
	char err[512];
	size_t n;
	const struct item **items;

	if (t->reported) {
		/* the queue: n starts the next device with the same operator */
		if (k->fn == 0 && (k->ch == 'n' || k->ch == 'N')) {
			tui_next_device(t);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j'))
			st->top++;
		else if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
			if (st->top > 0)
				st->top--;
		} else
			return TUI_UNHANDLED;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == 0 && (k->ch == 'w' || k->ch == 'W')) {
		if (tui_write_report(t, sum_key_path(t), err, sizeof err) != 0)
			tui_failed(t, "Report not written", "報告書を作成できませんでした", err);
		else if (t->pub.status != FLEET_PUB_OFF) /* filed, or why not */
			tui_message(t, "%s %s",
			    tr(t, "Report written and signed.", "報告書を作成し署名しました。"),
			    tr(t, t->pub.en, t->pub.ja));
		else {
			st->top = 0;
			tui_message(t, "%s",
			    tr(t, "Report written and signed.", "報告書を作成し署名しました。"));
		}
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == 0 && k->ch == 'k' && !sum_have_key(t)) {
		sum_make_key(t);
		return TUI_HANDLED | TUI_REDRAW;
	}
	items = sum_sorted(t, &n);
	if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (st->sel + 1 < n)
			st->sel++;
	} else if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (st->sel > 0)
			st->sel--;
	} else if (k->fn == KEY_NPAGE)
		st->sel = st->sel + 10 < n ? st->sel + 10 : (n > 0 ? n - 1 : 0);
	else if (k->fn == KEY_PPAGE)
		st->sel = st->sel > 10 ? st->sel - 10 : 0;
	else if (k->fn == KEY_HOME || (k->fn == 0 && k->ch == 'g'))
		st->sel = 0;
	else if (k->fn == KEY_END || (k->fn == 0 && k->ch == 'G'))
		st->sel = n > 0 ? n - 1 : 0;
	else if (k->fn == KEY_RIGHT || (k->fn == 0 && (k->ch == '\r' || k->ch == '\n'))) {
		if (n > 0)
			tui_items_show(t, items[st->sel], SCR_SUMMARY);
	} else if (k->fn == KEY_LEFT || (k->fn == 0 && (k->ch == 27 || k->ch == 'h')))
		tui_goto(t, SCR_OVERVIEW);
	else {
		free(items);
		return TUI_UNHANDLED;
	}
	free(items);
	return TUI_HANDLED | TUI_REDRAW;
}

/* The summary's keys, for the help screen. */
static const struct tui_hint sum_help[] = {
	{ "↑ ↓  j k", "move between items; scroll", "項目の移動・スクロール" },
	{ "Enter  →", "open the item", "項目を開く" },
	{ "Esc  ←", "back", "戻る" },
	{ "w", "write and sign the report", "報告書を作成し署名" },
	{ "k", "make a signing key when none is set", "署名鍵がなければ作成" },
	{ "d", "the device record (before the report)", "機器の記録（報告書の作成前）" },
	{ "n", "after the report: the next device, same operator", "報告書の作成後: 次の機器（同じ担当者）" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_summary = {
	.name = "summary",
	.init = sum_init,
	.draw = sum_draw,
	.key = sum_key,
	.free = sum_free,
	.help = sum_help,
};

/* The keys every screen shares, listed after the screen's own on the help screen. */
static const struct tui_hint help_shared[] = {
	{ "L  F2", "日本語 / English", "日本語／English 切替" },
	{ "?  F1", "this help", "このヘルプ" },
	{ "q  F10", "quit (asks first; the session is saved)", "終了（確認あり・保存済み）" },
	{ NULL, NULL, NULL },
};

/* Draws one list of keys from row y; returns the next row. */
static int
help_list(struct tui *t, int y, const struct tui_hint *h)
{
	for (; h != NULL && h->key != NULL && y < t->rows - 3; h++, y++) {
		tui_put(t, y, 2, 18, h->key, TA_KEY, 1);
		tui_put(t, y, 21, t->cols - 23, tr(t, h->en, h->ja), TA_NORMAL, 0);
	}
	return y;
}

/* The keys of the screen the help was opened from, then the ones every screen shares. */
static void
help_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ NULL, NULL, NULL },
	};
	const struct tui_hint *own = tui_screens[t->help_back]->help;
	int y = 2;

	tui_title(t, tr(t, "Help: keys", "ヘルプ: キー操作"));
	if (own != NULL) {
		tui_put(t, y++, 2, t->cols - 4, tr(t, "On this screen:", "この画面:"), TA_DIM, 0);
		y = help_list(t, y, own);
	}
	if (y < t->rows - 3)
		tui_put(t, y++, 2, t->cols - 4, tr(t, "On every screen:", "どの画面でも:"), TA_DIM, 0);
	y = help_list(t, y, help_shared);
	if (t->help_back == SCR_OVERVIEW && y < t->rows - 3)
		tui_put(t, ++y, 2, t->cols - 4,
		    tr(t, "On the overview, ! marks a category with a failed item.",
		        "概要画面の ! は、不合格の項目がある分類の印です。"),
		    TA_DIM, 0);
	tui_hints(t, hints);
}

/*
 * Esc, Enter, Space, ? and F1 close the help; L / F2 switch the language and
 * q / F10 ask to quit with the help still open. Any other key closes the
 * help and then does what it does on the screen behind it (s opens the
 * summary), so the key that closes the help is never lost.
 */
static int
help_key(struct tui *t, const struct tui_key *k)
{
	if (k->fn == KEY_F(2) || (k->fn == 0 && k->ch == 'L'))
		return TUI_UNHANDLED;
	if (k->fn == KEY_F(10) || (k->fn == 0 && k->ch == 'q'))
		return TUI_UNHANDLED;
	t->cur = t->help_back; /* back as it was: no init */
	if (k->fn == KEY_F(1) ||
	    (k->fn == 0 && (k->ch == 27 || k->ch == '\r' || k->ch == '\n' || k->ch == ' ' || k->ch == '?')))
		return TUI_HANDLED | TUI_REDRAW;
	return tui_screens[t->cur]->key(t, k) | TUI_REDRAW;
}

const struct tui_screen tui_scr_help = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
};
