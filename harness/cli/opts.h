/* opts.h - the options of a subcommand as one table, in the manner of curl's
 * src/tool_getparam.c aliases table: each row names an option, the kind of
 * value it takes, where the value goes, the text that refuses a bad value and
 * the line --help shows. dc_opts_parse walks argv against the table, so no
 * command hand-rolls a strcmp chain, and dc_opts_help prints the option lines
 * of the usage text from the same rows.
 *
 * The CLI contract (cli.h) fixes the texts of bad usage per command; they are
 * templates in the table and the command, with these fields filled in:
 *   {name}   the option as typed ("-v" or "--verbose")
 *   {value}  the value that was refused
 *   {min}    {max}  the row's bounds (UINT), or the capacity of a list
 * Every message is one line on stderr, "<prog>: <text>".
 *
 * Values are borrowed from argv, except the comma lists of DC_OPT_LIST, which
 * are split in a copy the caller owns (the row's .copy). */
#ifndef DC_OPTS_H
#define DC_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
    DC_OPT_HELP,   /* prints the command's usage on stdout: the command ends with exit 0 */
    DC_OPT_FLAG,   /* bool *dest = true */
    DC_OPT_STRING, /* const char **dest = the value; a repeat replaces it */
    DC_OPT_APPEND, /* const char *dest[.size], *count: each occurrence adds its value */
    DC_OPT_LIST,   /* const char *dest[.size], *count: a comma list, empty items skipped; a
                    * repeat replaces the list. The strings live in *copy (malloc'd, the
                    * caller frees it; a repeat frees the previous one) */
    DC_OPT_UINT,   /* an unsigned integer of .size bytes at dest (unsigned, size_t, uint64_t,
                    * int64_t, uint16_t, ...): decimal, no '-', within [min, max] */
    DC_OPT_DOUBLE, /* double *dest: a finite number, 0 < v <= fmax */
    DC_OPT_CHOICE, /* int *dest = the index of the value in .choices (NULL-terminated) */
    DC_OPT_CALL    /* .call(value, dest): 0 takes the value, -1 refuses it */
} dc_opt_kind;

typedef struct {
    const char *name;  /* "--endpoint" */
    const char *alias; /* "-h", or NULL */
    dc_opt_kind kind;
    void *dest;
    size_t size;                                /* UINT: sizeof *dest; APPEND, LIST: entries of dest[] */
    size_t *count;                              /* APPEND, LIST: entries in use */
    char **copy;                                /* LIST: the caller's slot for the split copy */
    unsigned long long min, max;                /* UINT */
    double fmax;                                /* DOUBLE */
    const char *const *choices;                 /* CHOICE */
    int (*call)(const char *value, void *dest); /* CALL */
    bool *seen;                                 /* optional: set when the option is given */
    const char *bad;                            /* refusal of a value, or of one entry too many */
    const char *metavar;                        /* "URL" in the --help line */
    const char *help;                           /* the --help text ("\n" continues under it); NULL: not listed */
} dc_opt;

typedef struct dc_opts_cmd dc_opts_cmd;
struct dc_opts_cmd {
    const char *prog; /* "ddbconform run": starts every message */
    const dc_opt *opts;
    size_t nopts;
    void (*usage)(const dc_opts_cmd *cmd, FILE *out); /* the whole --help text */
    const char *unknown;                              /* "unknown option '{name}' (see ddbconform run --help)" */
    const char *missing;                              /* "{name} needs a value" */
    bool unknown_takes_value; /* an unknown option last in argv is reported as missing its value */
    bool usage_after_unknown; /* the usage text follows an unknown-option or missing-value message */
    /* Positional arguments (max_positional 0: none, every argument is an
     * option). An argument that starts with option_prefix (and is not "-"
     * alone) and is not in the table is an unknown option. */
    const char *option_prefix;
    const char **positional;
    size_t max_positional;
    size_t *npositional;
    const char *too_many;         /* one positional argument too many: {value} {max} */
    const char *positional_label; /* dc_opts_help: "REPORT.json" */
    const char *positional_help;
    /* An argument in option position equal to end_of_options ("--") ends the
     * options: parsing stops there and *rest_at is the index after it (left
     * alone when the argument never comes; a value "--" of an option does not count). */
    const char *end_of_options;
    int *rest_at;
    int help_column; /* dc_opts_help: the column where help texts start */
    FILE *diag;      /* where messages go; NULL = stderr */
};

/* What dc_opts_parse returns when the command goes on; anything else is the
 * exit code it must end with (0 after --help, 2 after a usage error). */
#define DC_OPTS_CONTINUE (-1)

/* Parses argv[1..argc) (argv[0] is the subcommand's name). */
int dc_opts_parse(const dc_opts_cmd *cmd, int argc, char **argv);

/* The option lines of the usage text: the positional label first, then every
 * row with help text, "  <alias>, <name> <metavar>" padded to help_column. */
void dc_opts_help(const dc_opts_cmd *cmd, FILE *out);

#endif
