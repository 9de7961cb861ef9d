/* main.c - ddbconform: dispatches to the subcommands of the CLI contract. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} s_commands[] = {
    {"validate", dc_cmd_validate, "check one request body as DynamoDB would"},
    {"run", dc_cmd_run, "run the golden cases against an endpoint"},
    {"serve", dc_cmd_serve, "the reference endpoint"},
    {"fuzz", dc_cmd_fuzz, "mutate requests against a live endpoint"},
    {"explore", dc_cmd_explore, "random sequences judged against the reference model"},
    {"spec", dc_cmd_spec, "list, show and check the machine-readable spec"},
    {"report", dc_cmd_report, "an HTML matrix of runs, or the shards of one run merged"},
    {"gate", dc_cmd_gate, "run a client against the endpoint and judge it"},
    {"sweep", dc_cmd_sweep, "delete what runs of the suite left behind, and only that"},
};

static void s_usage(FILE *out)
{
    fprintf(out, "usage: ddbconform COMMAND [ARGS]   (ddbconform COMMAND --help for details)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof s_commands / sizeof s_commands[0]; i++)
        fprintf(out, "  %-9s %s\n", s_commands[i].name, s_commands[i].summary);
    fprintf(out, "\nexit codes: 0 success, 1 the thing checked failed, 2 usage/setup/IO error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        s_usage(stderr);
        return DC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        s_usage(stdout);
        return DC_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ddbconform %s\n", DC_VERSION);
        return DC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof s_commands / sizeof s_commands[0]; i++)
        if (strcmp(argv[1], s_commands[i].name) == 0)
            return s_commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ddbconform: unknown command '%s'\n", argv[1]);
    s_usage(stderr);
    return DC_EXIT_USAGE;
}
