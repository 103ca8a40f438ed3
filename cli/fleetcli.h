/*
 * fleetcli.h: what `reentry collect` and `reentry fleet` share: which
 * fleet database to open.
 */
#ifndef REENTRY_FLEETCLI_H
#define REENTRY_FLEETCLI_H

#include "../config/config.h"
#include "../fleet/fleet.h"

/*
 * Opens the fleet database: opt (--db) when given, else fleet.database in
 * cfg, else fleet.sqlite in the state directory (created). Prints why and
 * returns NULL on failure; the URL's password is never printed.
 */
struct fleet *cli_fleet_open(const char *opt, const struct config *cfg);

/*
 * Publishing on write (fleet/publish.h): when cfg sets fleet.database,
 * verifies the report just written at path against cfg's allowed_signers and
 * files it, printing one "fleet:" line. On any failure it says so on stderr
 * and returns -1; the report stays on disk, queued for the next start, and
 * the next `reentry collect` files it too. Returns 0 when published or not
 * configured.
 */
int cli_fleet_publish(const struct config *cfg, const char *path);

/*
 * At start (`run`, `tui`, `collect`): files the reports queued under the
 * state directory when the database could not be reached, with one line on
 * stderr when there were any.
 */
void cli_fleet_retry(const struct config *cfg, const char *state_dir);

#endif
