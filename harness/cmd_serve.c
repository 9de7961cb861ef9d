/* cmd_serve.c - `ddbconform serve` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform serve: not implemented yet\n");
    return DC_EXIT_USAGE;
}
