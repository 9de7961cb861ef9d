/* cmd_fuzz.c - `ddbconform fuzz` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_fuzz(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform fuzz: not implemented yet\n");
    return DC_EXIT_USAGE;
}
