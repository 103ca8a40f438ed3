/*
 * commands.c: the table of subcommands. Adding one is a new cli/cmd_*.c
 * with its main function plus one line here.
 */
#include "cli.h"
#include "commands.h"

const struct cli_cmd cli_commands[] = {
	{ "validate", cmd_validate, "check a checklist file against the schema", NULL },
	{ "list", cmd_list, "list the checklist's categories and items", "checklist" },
	{ "check", cmd_check, "run automatic checks on this machine", "root checklist" },
	{ "media", cmd_media, "list removable media and where they are mounted", "root" },
	{ "tui", cmd_tui, "the terminal UI (check desk) and the self-service kiosk",
	    "checklist state-dir out key root" },
	{ "scan", cmd_scan, "scan media or directories for malware", NULL },
	{ "run", cmd_run, "run a whole session from an answers file and write a signed report",
	    "out key checklist root" },
	{ "keygen", cmd_keygen, "make an Ed25519 key for signing reports", NULL },
	{ "verify", cmd_verify, "verify a signed report", NULL },
	{ "audit", cmd_audit, "verify every report in a directory and its hash chain", NULL },
	{ "collect", cmd_collect, "verify reports and file them in the fleet database", NULL },
	{ "fleet", cmd_fleet, "ask the fleet database: summary, failures, media, items, device", NULL },
	{ NULL, NULL, NULL, NULL },
};
