/* cmd_report.c - `ddbconform report` (placeholder until its issue lands). */
#include <stdio.h>

#include "cli.h"

int dc_cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "ddbconform report: not implemented yet\n");
    return DC_EXIT_USAGE;
}
