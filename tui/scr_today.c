/*
 * scr_today.c: the "today" view of the check desk (t from the start
 * screen): the sessions finished and still open on this desk during the
 * local day, newest first, each with its time (local, with the zone), the
 * device (asset tag, serial), its owner, the operator and the verdict or
 * progress. Enter on an open session resumes it; on a finished one it shows
 * the report's text copy, read-only. It reads only today's session files
 * (session_list_day()), never every finished session.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/fileio.h"
#include "../util/text.h"
#include "../util/timefmt.h"
#include "../util/xalloc.h"

/* The view's state. */
struct today_state {
	struct session_info *infos;
	size_t n, sel;
	char *text;  /* the finished session's report being read, or NULL */
	char *title; /* its file name */
	int top;     /* first line of text shown */
};

static struct today_state *
today_state(struct tui *t)
{
	if (t->data[SCR_TODAY] == NULL)
		t->data[SCR_TODAY] = xcalloc(1, sizeof(struct today_state));
	return t->data[SCR_TODAY];
}

static void
today_clear(struct today_state *st)
{
	session_info_free(st->infos, st->n);
	st->infos = NULL;
	st->n = st->sel = 0;
	free(st->text);
	free(st->title);
	st->text = st->title = NULL;
	st->top = 0;
}

static void
today_free(struct tui *t)
{
	struct today_state *st = t->data[SCR_TODAY];

	if (st == NULL)
		return;
	today_clear(st);
	free(st);
	t->data[SCR_TODAY] = NULL;
}

static void
today_init(struct tui *t)
{
	struct today_state *st = today_state(t);
	time_t from, to;
	char err[512];

	today_clear(st);
	time_local_day(time(NULL), &from, &to);
	if (session_list_day(t->state_dir, from, to, &st->infos, &st->n, err, sizeof err) < 0)
		tui_failed(t, "Today's sessions could not be listed",
		    "本日のセッションの一覧を読み取れませんでした", err);
}

/* The verdict or progress of a listed session, in the current language. */
static const char *
today_state_word(const struct tui *t, const struct session_info *si, enum tui_role *r, char *buf,
    size_t len)
{
	enum verdict_kind v = VERDICT_INCOMPLETE;

	if (si->finished == 0) {
		*r = TA_NORMAL;
		xsnprintf(buf, len, "%s %zu/%zu", tr(t, "open", "作業中"), si->answered, si->total);
		return buf;
	}
	if (strcmp(si->verdict, "pass") == 0)
		v = VERDICT_PASS;
	else if (strcmp(si->verdict, "fail") == 0)
		v = VERDICT_FAIL;
	return tui_verdict_word(t, v, r);
}

static void
today_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "↑↓", "Choose", "選択" },
		{ "Enter", "Open", "開く" },
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	static const struct tui_hint read_hints[] = {
		{ "↑↓/PgUp/PgDn", "Scroll", "スクロール" },
		{ "Esc", "Back", "戻る" },
		{ "F2/L", "日本語", "English" },
		{ "q", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	struct today_state *st = today_state(t);
	int y = 2, w = t->cols - 4;
	size_t i;
	char day[TIME_LOCAL_LEN];

	if (st->text != NULL) {
		tui_title(t, tr(t, "Today: report (read-only)", "本日: 報告書（閲覧のみ）"));
		tui_put(t, y++, 2, w, st->title, TA_DIM, 0);
		tui_wrap(t, y, 2, w, st->top, t->rows - 3 - y, st->text, TA_NORMAL);
		tui_hints(t, read_hints);
		return;
	}
	tui_title(t, tr(t, "Today on this desk", "本日この窓口で扱った機器"));
	time_local(time(NULL), 0, day);
	day[10] = '\0';
	tui_putf(t, y++, 2, w, TA_NORMAL, "%s %s",
	    tr(t, "Finished and open sessions of", "完了・作業中のセッション:"), day);
	y++;
	if (st->n == 0) {
		tui_put(t, y, 2, w, tr(t, "None yet today.", "本日はまだありません。"), TA_DIM, 0);
		tui_hints(t, hints);
		return;
	}
	/* columns by display width: Time, Asset tag/serial, Owner, Operator, Verdict */
	tui_put(t, y, 4, 10, tr(t, "Time", "時刻"), TA_DIM, 0);
	tui_put(t, y, 15, 17, tr(t, "Asset tag/serial", "資産番号/製造番号"), TA_DIM, 0);
	tui_put(t, y, 33, 13, tr(t, "Owner", "使用者"), TA_DIM, 0);
	tui_put(t, y, 47, 13, tr(t, "Operator", "担当者"), TA_DIM, 0);
	tui_put(t, y++, 61, t->cols - 62, tr(t, "Verdict", "判定"), TA_DIM, 0);
	for (i = 0; i < st->n && y < t->rows - 3; i++) {
		const struct session_info *si = &st->infos[i];
		char when[TIME_LOCAL_LEN], buf[64];
		enum tui_role r, base;
		const char *word = today_state_word(t, si, &r, buf, sizeof buf);
		int sel = i == st->sel;

		base = sel ? TA_SEL : TA_NORMAL;
		time_local(si->finished != 0 ? si->finished : si->updated, 1, when);
		if (sel) {
			attrset(tui_attr(t, TA_SEL));
			mvhline(y, 2, ' ', w);
			attrset(A_NORMAL);
		}
		tui_put(t, y, 2, 2, sel ? ">" : " ", base, 0);
		tui_put(t, y, 4, 10, when, base, 0);
		tui_put(t, y, 15, 17,
		    si->asset_tag[0] != '\0'  ? si->asset_tag :
		        si->serial[0] != '\0' ? si->serial :
		                                tr(t, "(no record)", "（未記録）"),
		    base, 0);
		tui_put(t, y, 33, 13, si->owner, base, 0);
		tui_put(t, y, 47, 13, si->operator_name, base, 0);
		tui_put(t, y++, 61, t->cols - 62, word, sel ? TA_SEL : r, 0);
	}
	tui_hints(t, hints);
}

/* Enter: resumes an open session, or reads a finished one's report. */
static void
today_open(struct tui *t, struct today_state *st)
{
	const struct session_info *si = &st->infos[st->sel];
	char err[512], *txt, *data;
	size_t len;

	if (si->finished == 0) {
		if ((t->s = session_open(t->cl, t->cfg, si->path, err, sizeof err)) == NULL) {
			tui_failed(t, "The session could not be opened",
			    "セッションを開けませんでした", err);
			return;
		}
		tui_message(t, "%s", tr(t, "Session resumed.", "セッションを再開しました。"));
		tui_goto(t, SCR_OVERVIEW);
		return;
	}
	if (si->report == NULL)
		return;
	len = strlen(si->report);
	txt = len > 5 && strcmp(si->report + len - 5, ".json") == 0 ?
	    xasprintf("%.*s.txt", (int)(len - 5), si->report) :
	    xasprintf("%s.txt", si->report);
	if (file_read_all(txt, 4u << 20, &data, &len, err, sizeof err) < 0) {
		tui_failed(t, "The report could not be read", "報告書を読み取れませんでした", err);
		free(txt);
		return;
	}
	st->text = data;
	st->title = txt;
	st->top = 0;
}

static int
today_key(struct tui *t, const struct tui_key *k)
{
	struct today_state *st = today_state(t);
	int page = t->rows - 6;

	if (st->text != NULL) {
		if (k->fn == 0 && k->ch == 27) {
			free(st->text);
			free(st->title);
			st->text = st->title = NULL;
		} else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j'))
			st->top++;
		else if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k'))
			st->top -= st->top > 0;
		else if (k->fn == KEY_NPAGE || (k->fn == 0 && k->ch == ' '))
			st->top += page;
		else if (k->fn == KEY_PPAGE)
			st->top = st->top > page ? st->top - page : 0;
		else
			return TUI_UNHANDLED;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (k->fn == KEY_UP || (k->fn == 0 && k->ch == 'k'))
		st->sel -= st->sel > 0;
	else if (k->fn == KEY_DOWN || (k->fn == 0 && k->ch == 'j')) {
		if (st->sel + 1 < st->n)
			st->sel++;
	} else if (k->fn == 0 && (k->ch == '\r' || k->ch == '\n')) {
		if (st->n > 0)
			today_open(t, st);
	} else if (k->fn == 0 && k->ch == 27)
		tui_goto(t, SCR_START);
	else
		return TUI_UNHANDLED;
	return TUI_HANDLED | TUI_REDRAW;
}

/* The today view's keys, for the help screen. */
static const struct tui_hint today_help[] = {
	{ "↑ ↓  j k", "choose a session; scroll a report", "セッションの選択・報告書のスクロール" },
	{ "PgUp PgDn", "scroll a report by pages", "報告書をページ単位でスクロール" },
	{ "Enter", "resume an open session, or read a finished one's report",
	    "作業中のセッションを再開、完了したものは報告書を表示" },
	{ "Esc", "back", "戻る" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_today = {
	.name = "today",
	.init = today_init,
	.draw = today_draw,
	.key = today_key,
	.free = today_free,
	.help = today_help,
};
