/* cmd_fuzz.c - `ddbconform fuzz`: the network fuzzer against a live endpoint
 * (fuzznet.h). Exit 1 when it found anything, 0 when not, 2 for usage/set-up. */
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/endpoint_env.h"
#include "cli/opts.h"
#include "netfuzz/fuzznet.h"
#include "netfuzz/jobs.h"
#include "spec/spec.h"
#include "wire/awsenv.h"

#define S_PROG "ddbconform fuzz"
#define S_DEFAULT_FINDINGS "reports/fuzz"
#define S_DEFAULT_REQUESTS 1000
#define S_MAX_REQUESTS 100000000ULL
#define S_MAX_DURATION (7.0 * 24 * 3600)

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the process at once */
}

static const char *const s_levels[] = {"strict", "compat", NULL}; /* in the order of dc_check_level */

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs("usage: ddbconform fuzz --endpoint URL [--seed N] [--requests N | --duration SEC] [--findings DIR]\n"
          "                       [--level strict|compat] [--rate N] [--cases PATH] [--ops OP,..]\n"
          "                       [--region R] [--timeout SEC] [--shrink-tries N] [--jobs N] [--verbose]\n",
          out);
    dc_opts_help(cmd, out);
    fputs("  Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else test/test;\n"
          "  the endpoint must verify SigV4 for them (auth mutations expect the real service's answers).\n"
          "exit: 0 nothing found, 1 findings, 2 usage/set-up error (e.g. unreachable endpoint)\n",
          out);
}

/* What the options say beyond the fields of dc_fuzz_opts. */
typedef struct {
    dc_aws_env_flags flags;
    int level;
    double timeout_s;
    bool verbose, shrink_given;
    char *ops_copy; /* the split --ops list */
} s_fuzz_args;

static int s_options(dc_fuzz_opts *o, s_fuzz_args *a, int argc, char **argv)
{
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--endpoint",
         .kind = DC_OPT_STRING,
         .dest = &a->flags.endpoint,
         .metavar = "URL",
         .help = "the DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL)"},
        {.name = "--seed",
         .kind = DC_OPT_UINT,
         .dest = &o->seed,
         .size = sizeof o->seed,
         .max = ULLONG_MAX,
         .bad = "--seed {value}: expected a non-negative integer",
         .metavar = "N",
         .help = "random seed (default 1): the same seed sends the same requests"},
        {.name = "--requests",
         .kind = DC_OPT_UINT,
         .dest = &o->max_requests,
         .size = sizeof o->max_requests,
         .min = 1,
         .max = S_MAX_REQUESTS,
         .bad = "--requests {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "stop after N fuzz requests (default 1000 when --duration is not given)"},
        {.name = "--duration",
         .kind = DC_OPT_DOUBLE,
         .dest = &o->duration_s,
         .fmax = S_MAX_DURATION,
         .bad = "--duration {value}: expected seconds > 0 (at most a week)",
         .metavar = "SEC",
         .help = "stop after SEC seconds (with --requests: whichever comes first)"},
        {.name = "--findings",
         .kind = DC_OPT_STRING,
         .dest = &o->findings_dir,
         .metavar = "DIR",
         .help = "DIR/summary.json and one replayable case per finding in DIR/cases/\n"
                 "(default reports/fuzz; replay: ddbconform run --cases DIR/cases/<id>.json)"},
        {.name = "--level",
         .kind = DC_OPT_CHOICE,
         .dest = &a->level,
         .choices = s_levels,
         .bad = "--level {value}: expected strict or compat",
         .metavar = "L",
         .help = "strict (exact messages and clause sets; default) or compat (error names)"},
        {.name = "--rate",
         .kind = DC_OPT_DOUBLE,
         .dest = &o->rate,
         .fmax = 1e6,
         .bad = "--rate {value}: expected requests per second > 0",
         .metavar = "N",
         .help = "at most N fuzz requests per second"},
        {.name = "--cases",
         .kind = DC_OPT_STRING,
         .dest = &o->cases_path,
         .metavar = "PATH",
         .help = "where the seeds come from (default: the installed cases/)"},
        {.name = "--ops",
         .kind = DC_OPT_LIST,
         .dest = o->ops,
         .size = DC_FUZZ_MAX_OPS,
         .count = &o->nops,
         .copy = &a->ops_copy,
         .bad = "--ops: more than {max} operations",
         .metavar = "OP,..",
         .help = "fuzz only these operations"},
        {.name = "--region",
         .kind = DC_OPT_STRING,
         .dest = &a->flags.region,
         .metavar = "R",
         .help = "signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)"},
        {.name = "--timeout",
         .kind = DC_OPT_DOUBLE,
         .dest = &a->timeout_s,
         .fmax = 3600,
         .bad = "--timeout {value}: expected seconds > 0",
         .metavar = "SEC",
         .help = "per-request timeout (default 10)"},
        {.name = "--shrink-tries",
         .kind = DC_OPT_UINT,
         .dest = &o->shrink_tries,
         .size = sizeof o->shrink_tries,
         .max = 100000,
         .seen = &a->shrink_given,
         .bad = "--shrink-tries {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "requests one finding's shrinking may send (default 48)"},
        {.name = "--jobs",
         .kind = DC_OPT_UINT,
         .dest = &o->jobs,
         .size = sizeof o->jobs,
         .min = 1,
         .max = DC_FUZZ_MAX_JOBS,
         .bad = "--jobs {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "N workers, one connection each (default 1), for endpoints that serve\n"
                 "many at once; --requests is split between them, findings are shared"},
        {.name = "--verbose", .kind = DC_OPT_FLAG, .dest = &a->verbose, .help = "one line per request on stderr"},
    };
    const dc_opts_cmd cmd = {
        .prog = S_PROG,
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "{name}: unknown flag (see --help)",
        .missing = "{name}: unknown flag or missing value (see --help)",
        .unknown_takes_value = true,
        .help_column = 19,
    };
    int rc = dc_opts_parse(&cmd, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        return rc;
    o->level = (dc_check_level)a->level;
    o->verbose = a->verbose ? stderr : NULL;
    if (a->timeout_s > 0)
        o->timeout_ms = (long)(a->timeout_s * 1000.0);
    if (a->shrink_given && o->shrink_tries == 0)
        o->shrink_tries = 1; /* 0 in dc_fuzz_opts means the default; asked for none, it gets the least */
    if (o->max_requests == 0 && o->duration_s <= 0)
        o->max_requests = S_DEFAULT_REQUESTS;
    return DC_OPTS_CONTINUE;
}

static int s_environment(dc_fuzz_opts *o, const s_fuzz_args *a)
{
    dc_aws_env env;
    dc_err err;
    if (dc_endpoint_env_resolve(&a->flags, true, NULL, NULL, &env, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return -1;
    }
    o->endpoint = env.endpoint;
    o->region = env.region;
    o->creds = env.creds;
    return 0;
}

/* The spec, and every --ops entry an operation of it. */
static int s_load_spec(dc_fuzz_opts *o, dc_spec **spec)
{
    dc_err err;
    if (dc_spec_load(dc_data_dir(), spec, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return -1;
    }
    for (size_t i = 0; i < o->nops; i++) {
        if (dc_spec_operation(*spec, o->ops[i]) == NULL) {
            fprintf(stderr, S_PROG ": --ops: %s is not an operation of the spec (ddbconform spec list)\n", o->ops[i]);
            return -1;
        }
    }
    o->spec = *spec;
    return 0;
}

int dc_cmd_fuzz(int argc, char **argv)
{
    dc_fuzz_opts o;
    memset(&o, 0, sizeof o);
    o.level = DC_CHECK_STRICT;
    o.seed = 1;
    o.findings_dir = S_DEFAULT_FINDINGS;
    o.console = stderr;
    s_fuzz_args a;
    memset(&a, 0, sizeof a);
    char default_cases[PATH_MAX];
    dc_spec *spec = NULL;
    int rc = s_options(&o, &a, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        goto cleanup;
    rc = DC_EXIT_USAGE;
    if (s_environment(&o, &a) != 0)
        goto cleanup;
    if (o.cases_path == NULL) {
        snprintf(default_cases, sizeof default_cases, "%s/cases", dc_data_dir());
        o.cases_path = default_cases;
    }
    if (s_load_spec(&o, &spec) != 0)
        goto cleanup;
    o.stop = &s_stop;
    signal(SIGINT, s_on_sigint);
    dc_fuzz_stats st;
    dc_err err;
    if (dc_fuzz_run(&o, &st, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    rc = st.findings > 0 ? DC_EXIT_FAIL : DC_EXIT_OK;
cleanup:
    signal(SIGINT, SIG_DFL);
    free(a.ops_copy);
    dc_spec_free(spec);
    return rc;
}
