/* test_opts.c - the option-table parser of the subcommands (cli/opts.h):
 * every kind of row, the texts of bad usage with their fields filled in, the
 * exit codes, positional arguments and the generated --help lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "core/common.h"

#define S_MAX_ARGS 16

/* Where one parse puts its values. */
typedef struct {
    const char *endpoint;
    bool verbose, tags_seen;
    const char *paths[2];
    size_t npaths;
    const char *tags[3];
    size_t ntags;
    char *tags_copy;
    unsigned jobs;
    int64_t ms;
    uint16_t port;
    double rate;
    int level;
    int shard;
    const char *args[2];
    size_t nargs;
    int usage_calls;
} s_dest;

static const char *const s_levels[] = {"strict", "compat", NULL};

static int s_parse_even(const char *v, void *dest)
{
    int n = atoi(v);
    if (n % 2 != 0)
        return -1;
    *(int *)dest = n;
    return 0;
}

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    (void)cmd;
    (void)out;
}

/* Parses argv (NULL-terminated, after the command name) with the test table;
 * what the parser printed goes to msg. */
static int s_parse(s_dest *d, const char *const *args, bool unknown_takes_value, char *msg, size_t cap)
{
    memset(d, 0, sizeof *d);
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--endpoint", .kind = DC_OPT_STRING, .dest = &d->endpoint},
        {.name = "--verbose", .alias = "-v", .kind = DC_OPT_FLAG, .dest = &d->verbose},
        {.name = "--path",
         .kind = DC_OPT_APPEND,
         .dest = d->paths,
         .size = 2,
         .count = &d->npaths,
         .bad = "more than {max} --path"},
        {.name = "--tags",
         .kind = DC_OPT_LIST,
         .dest = d->tags,
         .size = 3,
         .count = &d->ntags,
         .copy = &d->tags_copy,
         .seen = &d->tags_seen,
         .bad = "{name}: more than {max} tags"},
        {.name = "--jobs",
         .kind = DC_OPT_UINT,
         .dest = &d->jobs,
         .size = sizeof d->jobs,
         .min = 1,
         .max = 64,
         .bad = "--jobs wants {min}..{max}, not '{value}'"},
        {.name = "--ms",
         .kind = DC_OPT_UINT,
         .dest = &d->ms,
         .size = sizeof d->ms,
         .max = 86400000,
         .bad = "{name} {value}: expected milliseconds between {min} and {max}"},
        {.name = "--port", .kind = DC_OPT_UINT, .dest = &d->port, .size = sizeof d->port, .max = 65535},
        {.name = "--rate", .kind = DC_OPT_DOUBLE, .dest = &d->rate, .fmax = 1e6, .bad = "--rate {value}: expected > 0"},
        {.name = "--level",
         .kind = DC_OPT_CHOICE,
         .dest = &d->level,
         .choices = s_levels,
         .bad = "--level must be strict or compat, not '{value}'"},
        {.name = "--even", .kind = DC_OPT_CALL, .dest = &d->shard, .call = s_parse_even, .bad = "{value} is odd"},
    };
    FILE *diag = fmemopen(msg, cap, "w");
    assert_non_null(diag);
    const dc_opts_cmd cmd = {
        .prog = "ddbconform t",
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}'",
        .missing = "{name} needs a value",
        .unknown_takes_value = unknown_takes_value,
        .diag = diag,
    };
    char *argv[S_MAX_ARGS + 1] = {"t"};
    int argc = 1;
    for (; args[argc - 1] != NULL; argc++) {
        assert_true(argc <= S_MAX_ARGS);
        argv[argc] = (char *)args[argc - 1];
    }
    int rc = dc_opts_parse(&cmd, argc, argv);
    fclose(diag);
    return rc;
}

typedef struct {
    const char *name;
    const char *args[S_MAX_ARGS];
    int rc;
    const char *message; /* what the parser printed ("" = nothing) */
} s_row;

static const s_row s_rows[] = {
    {"no_arguments_go_on", {NULL}, DC_OPTS_CONTINUE, ""},
    {"help_ends_with_exit_0", {"--verbose", "-h", "--bogus", NULL}, DC_EXIT_OK, ""},
    {"unknown_option_is_named", {"--bogus", "x", NULL}, DC_EXIT_USAGE, "ddbconform t: unknown option '--bogus'\n"},
    {"a_positional_argument_is_an_unknown_option_without_positionals",
     {"word", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: unknown option 'word'\n"},
    {"missing_value_names_the_option", {"--endpoint", NULL}, DC_EXIT_USAGE, "ddbconform t: --endpoint needs a value\n"},
    {"uint_below_min_fills_min_max_and_value",
     {"--jobs", "0", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --jobs wants 1..64, not '0'\n"},
    {"uint_refuses_a_minus_sign",
     {"--ms", "-0", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --ms -0: expected milliseconds between 0 and 86400000\n"},
    {"uint_refuses_trailing_bytes",
     {"--jobs", "3x", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --jobs wants 1..64, not '3x'\n"},
    {"uint_without_a_text_gets_the_generic_one",
     {"--port", "65536", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --port 65536: not a valid value\n"},
    {"double_must_be_positive", {"--rate", "0", NULL}, DC_EXIT_USAGE, "ddbconform t: --rate 0: expected > 0\n"},
    {"double_must_be_finite", {"--rate", "inf", NULL}, DC_EXIT_USAGE, "ddbconform t: --rate inf: expected > 0\n"},
    {"choice_outside_the_list",
     {"--level", "lax", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --level must be strict or compat, not 'lax'\n"},
    {"call_refuses", {"--even", "3", NULL}, DC_EXIT_USAGE, "ddbconform t: 3 is odd\n"},
    {"append_past_capacity",
     {"--path", "a", "--path", "b", "--path", "c", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: more than 2 --path\n"},
    {"list_past_capacity_names_the_option_as_typed",
     {"--tags", "a,b,c,d", NULL},
     DC_EXIT_USAGE,
     "ddbconform t: --tags: more than 3 tags\n"},
};

static void every_row_gives_its_exit_code_and_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_rows); i++) {
        s_dest d;
        char msg[256] = "";
        int rc = s_parse(&d, s_rows[i].args, false, msg, sizeof msg);
        free(d.tags_copy);
        if (rc != s_rows[i].rc || strcmp(msg, s_rows[i].message) != 0)
            fail_msg("%s: rc %d \"%s\", want rc %d \"%s\"", s_rows[i].name, rc, msg, s_rows[i].rc, s_rows[i].message);
    }
}

static void values_land_where_the_table_says(void **state)
{
    (void)state;
    static const char *const args[] = {"--endpoint", "http://e", "-v",     "--path", "p1",     "--jobs", "64",
                                       "--ms",       "86400000", "--port", "8000",   "--rate", "0.5",    NULL};
    s_dest d;
    char msg[256] = "";
    assert_int_equal(s_parse(&d, args, false, msg, sizeof msg), DC_OPTS_CONTINUE);
    assert_string_equal(d.endpoint, "http://e");
    assert_true(d.verbose);
    assert_int_equal(d.npaths, 1);
    assert_string_equal(d.paths[0], "p1");
    assert_int_equal(d.jobs, 64);
    assert_int_equal(d.ms, 86400000);
    assert_int_equal(d.port, 8000);
    assert_true(d.rate == 0.5);
    static const char *const more[] = {"--level", "compat", "--even", "4", "--tags", "x,,y", "--tags", ",z,", NULL};
    assert_int_equal(s_parse(&d, more, false, msg, sizeof msg), DC_OPTS_CONTINUE);
    assert_int_equal(d.level, 1);
    assert_int_equal(d.shard, 4);
    assert_true(d.tags_seen);
    /* a repeated list replaces the earlier one; empty items are skipped */
    assert_int_equal(d.ntags, 1);
    assert_string_equal(d.tags[0], "z");
    free(d.tags_copy);
    assert_string_equal(msg, "");
}

static void unknown_options_can_be_taken_to_want_a_value(void **state)
{
    (void)state;
    static const char *const last[] = {"--bogus", NULL};
    static const char *const with_value[] = {"--bogus", "x", NULL};
    s_dest d;
    char msg[256] = "";
    assert_int_equal(s_parse(&d, last, true, msg, sizeof msg), DC_EXIT_USAGE);
    assert_string_equal(msg, "ddbconform t: --bogus needs a value\n");
    assert_int_equal(s_parse(&d, with_value, true, msg, sizeof msg), DC_EXIT_USAGE);
    assert_string_equal(msg, "ddbconform t: unknown option '--bogus'\n");
}

static void positional_arguments_fill_up_then_are_refused(void **state)
{
    (void)state;
    const char *args[2];
    size_t nargs = 0;
    const char *level = NULL;
    const dc_opt opts[] = {{.name = "--level", .kind = DC_OPT_STRING, .dest = &level}};
    char msg[256] = "";
    FILE *diag = fmemopen(msg, sizeof msg, "w");
    const dc_opts_cmd cmd = {
        .prog = "ddbconform v",
        .opts = opts,
        .nopts = 1,
        .unknown = "unknown option '{name}'",
        .missing = "{name} needs a value",
        .option_prefix = "--",
        .positional = args,
        .max_positional = 2,
        .npositional = &nargs,
        .too_many = "unexpected argument '{value}' (at most {max})",
        .diag = diag,
    };
    char *ok[] = {"v", "Op", "--level", "x", "-", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 5, ok), DC_OPTS_CONTINUE);
    assert_int_equal(nargs, 2);
    assert_string_equal(args[0], "Op");
    assert_string_equal(args[1], "-");
    assert_string_equal(level, "x");
    nargs = 0;
    char *single_dash[] = {"v", "-x", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 2, single_dash), DC_OPTS_CONTINUE);
    assert_string_equal(args[0], "-x"); /* only "--" starts an option here */
    nargs = 0;
    char *three[] = {"v", "a", "b", "c", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 4, three), DC_EXIT_USAGE);
    char *unknown[] = {"v", "--x", NULL};
    nargs = 0;
    assert_int_equal(dc_opts_parse(&cmd, 2, unknown), DC_EXIT_USAGE);
    fclose(diag);
    assert_string_equal(msg, "ddbconform v: unexpected argument 'c' (at most 2)\nddbconform v: unknown option '--x'\n");
}

/* `gate ... -- COMMAND`: "--" in option position ends the options; as a value it is a value. */
static void end_of_options_stops_parsing_but_not_as_a_value(void **state)
{
    (void)state;
    const char *dir = NULL;
    bool log = false;
    int rest = -1;
    const dc_opt opts[] = {{.name = "--dir", .kind = DC_OPT_STRING, .dest = &dir},
                           {.name = "--log", .kind = DC_OPT_FLAG, .dest = &log}};
    char msg[256] = "";
    FILE *diag = fmemopen(msg, sizeof msg, "w");
    const dc_opts_cmd cmd = {
        .prog = "ddbconform g",
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .unknown = "unknown option '{name}'",
        .missing = "{name} needs a value",
        .unknown_takes_value = true,
        .end_of_options = "--",
        .rest_at = &rest,
        .diag = diag,
    };
    char *plain[] = {"g", "--log", "--", "--bogus", "x", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 5, plain), DC_OPTS_CONTINUE);
    assert_int_equal(rest, 3);
    assert_true(log);
    rest = -1;
    char *as_value[] = {"g", "--dir", "--", "--", "cmd", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 5, as_value), DC_OPTS_CONTINUE);
    assert_string_equal(dir, "--");
    assert_int_equal(rest, 4);
    rest = -1;
    char *absent[] = {"g", "--log", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 2, absent), DC_OPTS_CONTINUE);
    assert_int_equal(rest, -1);
    char *value_taken[] = {"g", "--dir", "--", "cmd", NULL};
    assert_int_equal(dc_opts_parse(&cmd, 4, value_taken), DC_EXIT_USAGE);
    assert_int_equal(rest, -1);
    fclose(diag);
    assert_string_equal(msg, "ddbconform g: cmd needs a value\n");
}

static void help_lines_are_generated_from_the_rows(void **state)
{
    (void)state;
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP, .help = "this text"},
        {.name = "--endpoint", .kind = DC_OPT_STRING, .metavar = "URL", .help = "the endpoint\nsecond line"},
        {.name = "--exclude-tags", .kind = DC_OPT_LIST, .metavar = "T,..", .help = "a long label"},
        {.name = "--hidden", .kind = DC_OPT_FLAG},
    };
    const dc_opts_cmd cmd = {
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .positional_label = "FILE",
        .positional_help = "the input",
        .help_column = 21,
    };
    char out[512] = "";
    FILE *f = fmemopen(out, sizeof out, "w");
    dc_opts_help(&cmd, f);
    fclose(f);
    assert_string_equal(out, "  FILE               the input\n"
                             "  -h, --help         this text\n"
                             "  --endpoint URL     the endpoint\n"
                             "                     second line\n"
                             "  --exclude-tags T,..  a long label\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_gives_its_exit_code_and_message),
        cmocka_unit_test(values_land_where_the_table_says),
        cmocka_unit_test(unknown_options_can_be_taken_to_want_a_value),
        cmocka_unit_test(positional_arguments_fill_up_then_are_refused),
        cmocka_unit_test(end_of_options_stops_parsing_but_not_as_a_value),
        cmocka_unit_test(help_lines_are_generated_from_the_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
