/*
 * scr_device.c: the device form, and the queue's next device.
 *
 * The device under check is a record of its own (session/devrec.c): asset
 * tag, serial number, model, owner (the member of staff returning it) and
 * the site's fields from device.fields in the configuration. The form opens
 * when a session starts and again with d from the overview, the items and
 * the summary. Before it first shows, the inventory check reads DMI through
 * the target and offers the serial (only a usable one: a firmware
 * placeholder such as "To be filled by O.E.M." is named, never taken) and
 * the model. Each field is checked when it is left (Enter, Tab, ↓); an
 * error stays under the field with the text as typed. Enter on the last
 * field saves the record into the session; Esc leaves without saving.
 *
 * tui_next_device() is the queue: after the report is written, n starts a
 * new session for the next device with the same operator and role.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"
#include "../util/text.h"
#include "../util/xalloc.h"

/* Characters one field takes (DEVREC_MAX_BYTES bounds the bytes). */
#define DEV_FIELD_CHARS 64

/* The form's state. */
struct dev_state {
	struct tui_edit *ed; /* one editor per field, devrec_nfields() of them */
	size_t n, sel;
	char *err_en, *err_ja; /* the current field's error, or NULL */
	char *dmi_en, *dmi_ja; /* what the inventory found, or NULL */
	enum tui_scr back;     /* where Esc and saving go */
};

static struct dev_state *
dev_state(struct tui *t)
{
	if (t->data[SCR_DEVICE] == NULL)
		t->data[SCR_DEVICE] = xcalloc(1, sizeof(struct dev_state));
	return t->data[SCR_DEVICE];
}

static void
dev_clear_err(struct dev_state *st)
{
	free(st->err_en);
	free(st->err_ja);
	st->err_en = st->err_ja = NULL;
}

static void
dev_clear(struct dev_state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		tui_edit_free(&st->ed[i]);
	free(st->ed);
	st->ed = NULL;
	st->n = st->sel = 0;
	dev_clear_err(st);
	free(st->dmi_en);
	free(st->dmi_ja);
	st->dmi_en = st->dmi_ja = NULL;
}

static void
dev_free(struct tui *t)
{
	struct dev_state *st = t->data[SCR_DEVICE];

	if (st == NULL)
		return;
	dev_clear(st);
	free(st);
	t->data[SCR_DEVICE] = NULL;
}

/* Reads DMI through the inventory check once, and says what it found about the serial. */
static void
dev_identify(struct tui *t, struct dev_state *st, struct json *rec)
{
	struct json *d = NULL;
	const char *serial;
	struct runner_opts ro;
	char err[512];

	memset(&ro, 0, sizeof ro);
	ro.target = t->target;
	ro.cfg = t->cfg;
	if (t->target != NULL && (d = session_probe_device(t->s, &ro, err, sizeof err)) == NULL)
		tui_failed(t, "The device could not be read", "機器の情報を読み取れませんでした", err);
	devrec_suggest(d, rec);
	serial = json_get_str(json_get(d, "serial"));
	if (serial != NULL && serial[0] != '\0' && strcmp(devrec_get(rec, "serial"), serial) != 0) {
		st->dmi_en = xasprintf("The firmware's serial \"%s\" is a placeholder: read the serial "
		                       "number from the label.",
		    serial);
		st->dmi_ja = xasprintf("ファームウェアの製造番号「%s」は仮の値です。ラベルから製造番号"
		                       "を読んでください。",
		    serial);
	} else if (serial != NULL && serial[0] != '\0') {
		st->dmi_en = xstrdup("Serial number and model read from the firmware (DMI).");
		st->dmi_ja = xstrdup("製造番号と機種はファームウェア（DMI）から読み取りました。");
	} else {
		st->dmi_en = xstrdup("The firmware's serial could not be read: read it from the label.");
		st->dmi_ja = xstrdup("ファームウェアの製造番号を読めませんでした。ラベルから読んで"
		                     "ください。");
	}
	json_free(d);
}

void
tui_device_open(struct tui *t, enum tui_scr back)
{
	struct dev_state *st = dev_state(t);
	const struct json *cur = session_device_record(t->s);
	struct json *rec = cur != NULL ? json_copy(cur) : devrec_new();
	size_t i;

	dev_clear(st);
	st->back = back;
	if (cur == NULL)
		dev_identify(t, st, rec);
	st->n = devrec_nfields(t->cfg);
	st->ed = xcalloc(st->n, sizeof *st->ed);
	for (i = 0; i < st->n; i++)
		tui_edit_init(&st->ed[i], devrec_get(rec, devrec_field_key(t->cfg, i)),
		    DEV_FIELD_CHARS, 0);
	json_free(rec);
	tui_goto(t, SCR_DEVICE);
}

static void
dev_draw(struct tui *t)
{
	static const struct tui_hint hints[] = {
		{ "↑↓/Tab", "Field", "項目" },
		{ "Enter", "Next / save", "次へ・保存" },
		{ "Esc", "Back", "戻る" },
		{ "F2", "日本語", "English" },
		{ "F10", "Quit", "終了" },
		{ NULL, NULL, NULL },
	};
	struct dev_state *st = dev_state(t);
	int y = 2, w = t->cols - 4, lw = 26, ew = t->cols - 4 - 26 - 2;
	size_t i, first;
	int cy = -1, avail;

	tui_title(t, tr(t, "Device", "機器"));
	tui_put(t, y++, 2, w,
	    tr(t, "The device under check (an asset tag or a serial number is needed):",
	        "点検する機器（資産番号か製造番号のどちらかが必要です）:"),
	    TA_NORMAL, 0);
	if (st->dmi_en != NULL)
		y += tui_wrap(t, y, 2, w, 0, 2, tr(t, st->dmi_en, st->dmi_ja), TA_DIM) > 1 ? 2 : 1;
	y++;
	/* many site fields: scroll so the current one and its error stay in view */
	first = 0;
	avail = t->rows - 4 - y - 2;
	if (avail > 0 && st->sel >= (size_t)avail)
		first = st->sel - (size_t)avail + 1;
	for (i = first; i < st->n && y < t->rows - 4; i++) {
		int sel = i == st->sel;
		const char *label = devrec_field_label(t->cfg, i, t->lang == LANG_JA);

		tui_putf(t, y, 2, lw, sel ? TA_SEL : TA_NORMAL, "%s %s", sel ? ">" : " ", label);
		if (sel)
			cy = y;
		else {
			char *v = tui_edit_text(&st->ed[i]);

			tui_put(t, y, 2 + lw + 1, ew, v, TA_NORMAL, 0);
			free(v);
		}
		y++;
		if (sel && st->err_en != NULL)
			y += tui_wrap(t, y, 4 + lw - 2, w - lw, 0, 2, tr(t, st->err_en, st->err_ja),
			         TA_FAIL) > 1 ?
			    2 :
			    1;
	}
	tui_hints(t, hints);
	if (cy >= 0)
		tui_edit_draw(&st->ed[st->sel], cy, 2 + lw + 1, ew);
}

/* Checks the current field; 0 when it may be left, else the error is kept for drawing. */
static int
dev_check_current(struct tui *t, struct dev_state *st)
{
	char *v = tui_edit_text(&st->ed[st->sel]);
	int rc;

	dev_clear_err(st);
	rc = devrec_check_field(t->cfg, devrec_field_key(t->cfg, st->sel), v, &st->err_en, &st->err_ja);
	free(v);
	return rc;
}

/* Saves the whole record into the session; 0, or -1 with the reason shown. */
static int
dev_save(struct tui *t, struct dev_state *st)
{
	struct json *rec = devrec_new();
	char err[512], *en, *ja;
	size_t i;
	int rc;

	for (i = 0; i < st->n; i++) {
		char *v = tui_edit_text(&st->ed[i]);

		devrec_set(rec, devrec_field_key(t->cfg, i), v);
		free(v);
	}
	if (devrec_validate(t->cfg, rec, &en, &ja) < 0) {
		dev_clear_err(st);
		st->err_en = en;
		st->err_ja = ja;
		json_free(rec);
		return -1;
	}
	rc = session_set_device_record(t->s, rec, err, sizeof err);
	json_free(rec);
	if (rc < 0)
		tui_failed(t, "The device record was not saved", "機器の記録を保存できませんでした", err);
	return rc;
}

static int
dev_key(struct tui *t, const struct tui_key *k)
{
	struct dev_state *st = dev_state(t);
	int enter = k->fn == 0 && (k->ch == '\r' || k->ch == '\n');

	if (k->fn == 0 && k->ch == 27) {
		dev_clear_err(st);
		tui_goto(t, st->back);
	} else if (k->fn == KEY_UP || k->fn == KEY_BTAB) {
		dev_clear_err(st);
		if (st->sel > 0)
			st->sel--;
	} else if (enter || k->fn == KEY_DOWN || (k->fn == 0 && k->ch == '\t')) {
		if (dev_check_current(t, st) < 0)
			return TUI_HANDLED | TUI_REDRAW;
		if (st->sel + 1 < st->n)
			st->sel++;
		else if (enter && dev_save(t, st) == 0) {
			tui_message(t, "%s", tr(t, "Device recorded.", "機器を記録しました。"));
			tui_goto(t, st->back);
		}
	} else if (tui_edit_key(&st->ed[st->sel], k))
		dev_clear_err(st);
	else
		return TUI_UNHANDLED; /* function keys stay global */
	return TUI_HANDLED | TUI_REDRAW;
}

/* The device form's keys, for the help screen. */
static const struct tui_hint dev_help[] = {
	{ "↑ ↓  Tab  S-Tab", "move between fields", "項目を移動" },
	{ "Enter", "next field; on the last one, save", "次の項目へ、最後の項目で保存" },
	{ "Esc", "back without saving", "保存せずに戻る" },
	{ NULL, NULL, NULL },
};

const struct tui_screen tui_scr_device = {
	.name = "device",
	.draw = dev_draw,
	.key = dev_key,
	.free = dev_free,
	.help = dev_help,
};

int
tui_next_device(struct tui *t)
{
	char err[512], *op;
	enum role role;
	struct session *s;

	if (t->s == NULL || !t->reported)
		return -1;
	op = xstrdup(session_operator(t->s));
	role = session_role(t->s);
	s = session_create(t->cl, t->cfg, t->target, t->state_dir, op, role, err, sizeof err);
	free(op);
	if (s == NULL) {
		tui_failed(t, "The next session could not be started",
		    "次のセッションを開始できませんでした", err);
		return -1;
	}
	session_free(t->s);
	t->s = s;
	tui_report_clear(t);
	tui_message(t, "%s",
	    tr(t, "Next device: a new session, the same operator.",
	        "次の機器: 新しいセッションを同じ担当者で開始しました。"));
	tui_device_open(t, SCR_OVERVIEW);
	return 0;
}
