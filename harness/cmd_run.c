/* cmd_run.c - `ddbconform run` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform run: not implemented yet\n");
    return DC_EXIT_USAGE;
}
