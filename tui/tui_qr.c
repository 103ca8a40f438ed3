/*
 * tui_qr.c: a QR code on the screen (libqrencode), two modules a cell with
 * Unicode half blocks, so a phone can take the kiosk's receipt away.
 *
 * The code is drawn for a light-on-dark terminal (the Linux console): a
 * light module is a lit half cell, a dark module an unlit one, inside a
 * quiet zone of two light modules.
 */
#include <qrencode.h>
#include <string.h>

#include "tui.h"
#include "tui_curses.h"

#define QR_QUIET 2

/* Whether module (x, y) of the code with the quiet zone is light. */
static int
qr_light(const QRcode *q, int x, int y)
{
	x -= QR_QUIET;
	y -= QR_QUIET;
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 1;
	return !(q->data[y * q->width + x] & 1);
}

int
tui_qr_size(const char *text, int *cols, int *rows)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_L);
	int n;

	if (q == NULL)
		return -1;
	n = q->width + 2 * QR_QUIET;
	*cols = n;
	*rows = (n + 1) / 2;
	QRcode_free(q);
	return 0;
}

int
tui_qr_draw(const struct tui *t, int y, int x, const char *text)
{
	static const char *const cell[4] = { " ", "▄", "▀", "█" }; /* upper<<1 | lower */
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_L);
	int n, r, c;

	if (q == NULL)
		return -1;
	n = q->width + 2 * QR_QUIET;
	if (y + (n + 1) / 2 > t->rows || x + n > t->cols) {
		QRcode_free(q);
		return -1;
	}
	attrset(A_NORMAL);
	for (r = 0; r < n; r += 2)
		for (c = 0; c < n; c++) {
			int up = qr_light(q, c, r), down = r + 1 < n ? qr_light(q, c, r + 1) : 0;

			mvaddstr(y + r / 2, x + c, cell[up << 1 | down]);
		}
	QRcode_free(q);
	return (n + 1) / 2;
}
