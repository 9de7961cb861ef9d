/* cmd_validate.c - `ddbconform validate` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform validate: not implemented yet\n");
    return DC_EXIT_USAGE;
}
