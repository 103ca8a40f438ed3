/*
 * commands.c: the table of subcommands. Adding one is a new cli/cmd_*.c
 * with its main function plus one line here.
 */
#include "cli.h"
#include "commands.h"

const struct cli_cmd cli_commands[] = {
	{ "validate", cmd_validate, "check a checklist file against the schema" },
	{ "list", cmd_list, "list the checklist's categories and items" },
	{ "check", cmd_check, "run automatic checks on this machine" },
	{ "media", cmd_media, "list removable media and where they are mounted" },
	{ "tui", cmd_tui, "the terminal UI (check desk) and the self-service kiosk" },
	{ "scan", cmd_scan, "scan media or directories for malware" },
	{ NULL, NULL, NULL },
};
