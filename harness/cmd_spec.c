/* cmd_spec.c - `ddbconform spec` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_spec(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform spec: not implemented yet\n");
    return DC_EXIT_USAGE;
}
