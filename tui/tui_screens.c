/*
 * tui_screens.c: the table of screens, indexed by enum tui_scr. Adding a
 * screen is a new scr_*.c with its const struct tui_screen plus one line
 * here and one enum value in tui.h.
 */
#include "tui.h"

extern const struct tui_screen tui_scr_start, tui_scr_overview, tui_scr_items, tui_scr_detail,
    tui_scr_run, tui_scr_summary, tui_scr_help, tui_scr_kwelcome, tui_scr_kask, tui_scr_kreceipt,
    tui_scr_kstaff, tui_scr_kstop, tui_scr_device, tui_scr_today;

const struct tui_screen *const tui_screens[SCR_COUNT] = {
	[SCR_START] = &tui_scr_start,
	[SCR_OVERVIEW] = &tui_scr_overview,
	[SCR_ITEMS] = &tui_scr_items,
	[SCR_DETAIL] = &tui_scr_detail,
	[SCR_RUN] = &tui_scr_run,
	[SCR_SUMMARY] = &tui_scr_summary,
	[SCR_HELP] = &tui_scr_help,
	[SCR_KWELCOME] = &tui_scr_kwelcome,
	[SCR_KASK] = &tui_scr_kask,
	[SCR_KRECEIPT] = &tui_scr_kreceipt,
	[SCR_KSTAFF] = &tui_scr_kstaff,
	[SCR_KSTOP] = &tui_scr_kstop,
	[SCR_DEVICE] = &tui_scr_device,
	[SCR_TODAY] = &tui_scr_today,
};
