/*
 * commands.h: the entry point of each subcommand (argv[0] is its name).
 */
#ifndef REENTRY_COMMANDS_H
#define REENTRY_COMMANDS_H

int cmd_validate(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_media(int argc, char **argv);
int cmd_tui(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_fleet(int argc, char **argv);

#endif
