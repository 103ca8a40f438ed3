/*
 * scr_start.c: the first screen. Offers unfinished sessions first (newest
 * first; Enter resumes), then a new session: the operator's name or staff ID
 * (any language) and the role, which decides the items shown. Its state
 * (the list, the phase, the name being typed) is t->data[SCR_START].
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

enum { PH_PICK, PH_NAME, PH_ROLE };

static const enum role start_roles[] = { ROLE_STAFF, ROLE_IT, ROLE_MANAGEMENT };

/* The start screen's state. */
struct start_state {
	int phase; /* PH_* */
	struct session_info *infos;
	size_t ninfos;
	size_t sel;
	struct tui_edit name;
	int offered; /* the name is the last operator's, offered: typing replaces it */
	int role_sel;
};

/* The state, made on first use. */
static struct start_state *
start_state(struct tui *t)
{
	if (t->data[SCR_START] == NULL)
		t->data[SCR_START] = xcalloc(1, sizeof(struct start_state));
	return t->data[SCR_START];
}

static void
start_free(struct tui *t)
{
	struct start_state *st = t->data[SCR_START];

	if (st == NULL)
		return;
	session_info_free(st->infos, st->ninfos);
	tui_edit_free(&st->name);
	free(st);
	t->data[SCR_START] = NULL;
}

/* Label of a role in the current language. */
static const char *
role_label(const struct tui *t, enum role r)
{
	switch (r) {
	case ROLE_STAFF:
		return tr(t, "Staff: returning a device or media", "職員: 機器・メディアを返却する人");
	case ROLE_IT:
		return tr(t, "IT: check desk / administrator (sees every item)",
		    "IT 担当: チェック窓口・管理者（全項目）");
	default: return tr(t, "Management: rules and policy", "管理者層: ルールと方針");
	}
}

static void
start_init(struct tui *t)
{
	struct start_state *st = start_state(t);
	char err[512];

	session_info_free(st->infos, st->ninfos);
	st->infos = NULL;
	st->ninfos = 0;
	st->sel = 0;
	st->role_sel = 0;
	tui_edit_free(&st->name);
	{
		/* the last operator on this desk is offered again */
		char *last = session_last_operator(t->state_dir);

		tui_edit_init(&st->name, last != NULL ? last : "", 80, 0);
		st->offered = last != NULL;
		free(last);
	}
	if (session_list_open(t->state_dir, &st->infos, &st->ninfos, err, sizeof err) != 0)
		tui_failed(t, "Unfinished sessions could not be listed",
		    "中断したセッションの一覧を読み取れませんでした", err);
	st->phase = PH_NAME;
	for (size_t i = 0; i < st->ninfos; i++)
		if (!st->infos[i].corrupt)
			st->phase = PH_PICK;
}

static void
start_draw(struct tui *t)
{
	struct start_state *st = start_state(t);
	static const struct tui_hint pick_hints[] = {
		{ "↑↓", "Choose", "選択" },
		{ "Enter", "Open", "開く" },
		{ "t", "Today", "本日" },
		{ "F2/L", "日本語", "English" },
		{ "?", "Help", "ヘルプ" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint name_hints[] = {
		{ "Enter", "Next", "次へ" },
		{ "Esc", "Back", "戻る" },
		{ "F3", "Today", "本日" },
		{ "F2", "日本語", "English" },
		{ "F1", "Help", "ヘルプ" },
		{ "F10", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint role_hints[] = {
		{ "↑↓/1-3", "Choose", "選択" },
		{ "Enter", "Start", "開始" },
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	int y = 2, w = t->cols - 4;
	size_t i, row = 0;

	tui_title(t, tr(t, "Start", "開始"));
	tui_put(t, y++, 2, w, ltext_get(&t->cl->title, t->lang), TA_NORMAL, 0);
	tui_putf(t, y++, 2, w, TA_DIM, "%s %s", t->cl->id, t->cl->version);
	y++;
	if (st->phase == PH_PICK) {
		tui_put(t, y++, 2, w,
		    tr(t, "An unfinished session was found. Resume it, or start a new one:",
		        "中断したセッションがあります。再開するか、新しく始めてください:"),
		    TA_NORMAL, 0);
		y++;
		for (i = 0; i < st->ninfos && y < t->rows - 4; i++) {
			const struct session_info *si = &st->infos[i];
			char when[TIME_LOCAL_LEN], hm[TIME_LOCAL_LEN], *dev;

			if (si->corrupt) {
				tui_putf(t, y++, 4, w - 2, TA_FAIL, "%s %s",
				    tr(t, "damaged, moved aside:", "破損のため退避:"),
				    si->error != NULL ? si->error : si->path);
				continue;
			}
			time_local(si->updated, 0, when);
			when[10] = '\0'; /* YYYY-MM-DD, then HH:MM ZONE */
			time_local(si->updated, 1, hm);
			if (si->asset_tag[0] != '\0' || si->serial[0] != '\0' || si->owner[0] != '\0') {
				char *full = xasprintf("%s%s%s",
				    si->asset_tag[0] ? si->asset_tag : si->serial,
				    si->owner[0] ? " / " : "", si->owner);

				dev = text_fit(full, 26, 0); /* the rest of the line stays readable */
				free(full);
			} else
				dev = xstrdup(tr(t, "(device not recorded)", "（機器未記録）"));
			tui_putf(t, y++, 2, w, row == st->sel ? TA_SEL : TA_NORMAL,
			    "%s %s  %s  %s %zu/%zu  %s %s", row == st->sel ? ">" : " ", dev,
			    si->operator_name, tui_role_word(t, si->role), si->answered, si->total,
			    strlen(when) >= 10 ? when + 5 : when, hm);
			free(dev);
			row++;
		}
		tui_putf(t, y++, 2, w, row == st->sel ? TA_SEL : TA_NORMAL, "%s %s",
		    row == st->sel ? ">" : " ", tr(t, "Start a new session", "新しいセッションを開始"));
		tui_hints(t, pick_hints);
	} else if (st->phase == PH_NAME) {
		tui_put(t, y++, 2, w,
		    tr(t, "Your name or staff ID (any language):", "お名前または職員番号（日本語可）:"),
		    TA_NORMAL, 0);
		if (st->offered)
			tui_put(t, y + 2, 4, w - 4,
			    tr(t, "The last operator on this desk: Enter keeps the name, typing replaces it.",
			        "この窓口の前回の担当者です。Enter でそのまま、入力すると置き換えます。"),
			    TA_DIM, 0);
		y++;
		tui_hints(t, name_hints);
		tui_edit_draw(&st->name, y, 4, w - 4 > 60 ? 60 : w - 4);
	} else {
		char *name = tui_edit_text(&st->name);

		tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s", tr(t, "Operator:", "担当者:"), name);
		free(name);
		y++;
		tui_put(t, y++, 2, w,
		    tr(t, "Your role (decides which items you answer):",
		        "役割を選んでください（答える項目が決まります）:"),
		    TA_NORMAL, 0);
		y++;
		for (i = 0; i < 3; i++)
			tui_putf(t, y++, 2, w, (int)i == st->role_sel ? TA_SEL : TA_NORMAL, "%s %zu %s",
			    (int)i == st->role_sel ? ">" : " ", i + 1, role_label(t, start_roles[i]));
		tui_hints(t, role_hints);
	}
}

/* Number of rows in the pick list (resumable sessions plus "new"). */
static size_t
start_rows(const struct start_state *st)
{
	size_t i, n = 1;

	for (i = 0; i < st->ninfos; i++)
		if (!st->infos[i].corrupt)
			n++;
	return n;
}

/* Resumes the row-th resumable session. */
static int
start_resume(struct tui *t, size_t row)
{
	struct start_state *st = start_state(t);
	char err[512];
	size_t i, r = 0;

	for (i = 0; i < st->ninfos; i++) {
		if (st->infos[i].corrupt)
			continue;
		if (r++ != row)
			continue;
		t->s = session_open(t->cl, t->cfg, st->infos[i].path, err, sizeof err);
		if (t->s == NULL) {
			tui_failed(t, "The session could not be opened",
			    "セッションを開けませんでした", err);
			return -1;
		}
		tui_message(t, "%s", tr(t, "Session resumed.", "セッションを再開しました。"));
		tui_goto(t, SCR_OVERVIEW);
		return 0;
	}
	return -1;
}

static int
start_key(struct tui *t, const struct tui_key *k)
{
	struct start_state *st = start_state(t);
	int enter = k->fn == 0 && (k->ch == '\r' || k->ch == '\n');
	int esc = k->fn == 0 && k->ch == 27;

	if (k->fn == KEY_F(3) || (st->phase == PH_PICK && k->fn == 0 && k->ch == 't')) {
		tui_goto(t, SCR_TODAY);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (st->phase == PH_PICK) {
		size_t n = start_rows(st);

		if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
			if (st->sel > 0)
				st->sel--;
		} else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
			if (st->sel + 1 < n)
				st->sel++;
		} else if (enter) {
			if (st->sel + 1 == n)
				st->phase = PH_NAME;
			else
				start_resume(t, st->sel);
		} else
			return TUI_UNHANDLED;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (st->phase == PH_NAME) {
		if (enter) {
			char *name = tui_edit_text(&st->name);
			char *trim = name;

			while (*trim == ' ')
				trim++;
			if (*trim == '\0')
				tui_message(t, "%s",
				    tr(t, "Please type your name or staff ID.",
				        "お名前または職員番号を入力してください。"));
			else {
				tui_message_clear(t);
				st->phase = PH_ROLE;
			}
			free(name);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (esc) {
			if (start_rows(st) > 1)
				st->phase = PH_PICK;
			return TUI_HANDLED | TUI_REDRAW;
		}
		/* an offered name is replaced by what is typed, kept by editing keys */
		if (st->offered && k->fn == 0 && k->ch >= 0x20 && k->ch != 0x7f) {
			tui_edit_free(&st->name);
			tui_edit_init(&st->name, "", 80, 0);
		}
		if (k->fn != KEY_F(2) && k->fn != KEY_F(1) && k->fn != KEY_F(10))
			st->offered = 0;
		/* every printable key belongs to the field; function keys stay global */
		if (tui_edit_key(&st->name, k))
			return TUI_HANDLED | TUI_REDRAW;
		return TUI_UNHANDLED;
	}
	if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k')) {
		if (st->role_sel > 0)
			st->role_sel--;
	} else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (st->role_sel < 2)
			st->role_sel++;
	} else if (k->fn == 0 && k->ch >= '1' && k->ch <= '3') {
		st->role_sel = (int)(k->ch - '1');
	} else if (esc) {
		st->phase = PH_NAME;
	} else if (enter) {
		char err[512];
		char *name = tui_edit_text(&st->name);

		t->s = session_create(t->cl, t->cfg, t->target, t->state_dir, name,
		    start_roles[st->role_sel], err, sizeof err);
		free(name);
		if (t->s == NULL)
			tui_failed(t, "The session could not be started",
			    "セッションを開始できませんでした", err);
		else {
			if (session_remember_operator(t->state_dir, session_operator(t->s), err,
			        sizeof err) < 0)
				tui_failed(t, "The operator was not remembered",
				    "担当者名を記録できませんでした", err);
			else
				tui_message(t, "%s",
				    tr(t, "Session started. Every answer is saved at once.",
				        "セッションを開始しました。回答はすぐに保存されます。"));
			tui_device_open(t, SCR_OVERVIEW);
		}
	} else
		return TUI_UNHANDLED;
	return TUI_HANDLED | TUI_REDRAW;
}

/* The start screen's keys, for the help screen. */
static const struct tui_hint start_help[] = {
	{ "↑ ↓  j k", "choose an unfinished session or a role", "中断したセッション・役割を選択" },
	{ "Enter", "resume it, or go on", "再開する、または次へ" },
	{ "1-3", "choose a role", "役割を選択" },
	{ "Esc", "back", "戻る" },
	{ "t  F3", "today's sessions on this desk (t in the list)", "本日この窓口で扱った機器（一覧では t）" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_start = {
	.name = "start",
	.init = start_init,
	.draw = start_draw,
	.key = start_key,
	.free = start_free,
	.help = start_help,
};
