/* cli.h - the subcommands of the ddbconform command. Each lives in its own
 * cmd_<name>.c, takes argv after the subcommand name, and returns the exit
 * code of the contract: 0 success, 1 the thing checked failed, 2 usage/setup/IO. */
#ifndef DC_CLI_H
#define DC_CLI_H

#include "core/datadir.h"

enum { DC_EXIT_OK = 0, DC_EXIT_FAIL = 1, DC_EXIT_USAGE = 2 };

int dc_cmd_validate(int argc, char **argv);
int dc_cmd_spec(int argc, char **argv);
int dc_cmd_run(int argc, char **argv);
int dc_cmd_serve(int argc, char **argv);
int dc_cmd_fuzz(int argc, char **argv);
int dc_cmd_explore(int argc, char **argv);
int dc_cmd_report(int argc, char **argv);
int dc_cmd_gate(int argc, char **argv);
int dc_cmd_sweep(int argc, char **argv);

#endif
