/*
 * tui_curses.h: the one place that chooses the curses header. Every file in
 * tui/ includes this instead of naming a curses header itself, so building
 * against a different curses is a change here only. We need the wide
 * character API (get_wch, wide addstr), hence ncursesw.
 */
#ifndef REENTRY_TUI_CURSES_H
#define REENTRY_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#if defined(HAVE_NCURSESW_CURSES_H) || __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
