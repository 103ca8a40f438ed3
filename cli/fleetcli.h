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

#endif
