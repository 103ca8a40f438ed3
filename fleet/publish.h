/*
 * publish.h: publishing on write. With fleet.database set, `reentry run`, the
 * desk UI and the kiosk file each report in the fleet database right after
 * signing it, through fleet_publish().
 *
 * The report on disk is always the record of truth. When the database cannot
 * be reached (or the configuration lacks allowed_signers), the report's path
 * is queued in STATE_DIR/fleet-pending/, one small file per report, and
 * fleet_publish_retry() (called when `run`, `tui` or `collect` starts) files
 * the queue. `reentry collect DIR` files the same reports from their
 * directory in any case: import is idempotent.
 *
 * Nothing here prints or exits. Messages never hold the database's password
 * (fleet->shown_url and the scrubbed errors of fleet/db.c).
 */
#ifndef REENTRY_FLEET_PUBLISH_H
#define REENTRY_FLEET_PUBLISH_H

#include <stddef.h>

enum fleet_pub_status {
	FLEET_PUB_OFF,     /* no fleet.database: nothing to do */
	FLEET_PUB_DONE,    /* filed as trusted (or it already was) */
	FLEET_PUB_REFUSED, /* the database recorded it as rejected or in conflict */
	FLEET_PUB_PENDING, /* not filed now: queued for the next start or collect */
};

/* What became of one report; en and ja are one display line each (NULL when OFF). */
struct fleet_pub {
	enum fleet_pub_status status;
	char *en, *ja; /* owned; may hold untrusted text: sanitise before display */
};
void fleet_pub_clear(struct fleet_pub *p);

/*
 * Verifies the report at path against allowed_signers and files it in the
 * database at url (NULL: off). On failure to reach the database the report
 * is queued under state_dir (when not NULL). Fills out; never fails.
 */
void fleet_publish(const char *url, const char *allowed_signers, const char *state_dir,
    const char *path, struct fleet_pub *out);

/*
 * Files every report queued under state_dir: each filed (or refused, or
 * gone from disk) leaves the queue, the rest stay. Sets *filed and *left;
 * returns 0, or -1 with err (password-free) when the database could not be
 * opened (everything stays queued).
 */
int fleet_publish_retry(const char *url, const char *allowed_signers, const char *state_dir,
    size_t *filed, size_t *left, char *err, size_t errlen);

#endif
