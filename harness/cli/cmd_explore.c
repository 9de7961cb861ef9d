/* cmd_explore.c - `ddbconform explore`: random sequences judged against the
 * reference model in lockstep (explore/explore.h). Exit 1 when it found a
 * divergence, 0 when not, 2 for usage/set-up. */
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/endpoint_env.h"
#include "cli/opts.h"
#include "explore/explore.h"
#include "spec/spec.h"
#include "wire/awsenv.h"

#define S_PROG "ddbconform explore"
#define S_DEFAULT_FINDINGS "reports/explore"
#define S_DEFAULT_STEPS 1000
#define S_MAX_STEPS 100000000ULL
#define S_MAX_DURATION (7.0 * 24 * 3600)

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    signal(SIGINT, SIG_DFL);
}

static const char *const s_levels[] = {"strict", "compat", NULL};

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs("usage: ddbconform explore --endpoint URL [--seed N] [--steps N | --duration SEC] [--jobs N]\n"
          "                         [--findings DIR] [--level strict|compat] [--ops OP,..]\n"
          "                         [--region R] [--timeout SEC] [--shrink-runs N] [--episode N] [--verbose]\n",
          out);
    dc_opts_help(cmd, out);
    fputs("  Time: against serve --test-control explore moves the endpoint's clock with the model's;\n"
          "  elsewhere it waits in real time (short waits, at most 60 s in all).\n"
          "  Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else test/test.\n"
          "exit: 0 no divergence, 1 divergences found, 2 usage/set-up error (e.g. unreachable endpoint)\n",
          out);
}

typedef struct {
    dc_aws_env_flags flags;
    int level;
    double timeout_s;
    bool verbose;
    char *ops_copy;
} s_args;

static int s_options(dc_explore_opts *o, s_args *a, int argc, char **argv)
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
         .help = "random seed (default 1): the same seed generates the same sequences"},
        {.name = "--steps",
         .kind = DC_OPT_UINT,
         .dest = &o->max_steps,
         .size = sizeof o->max_steps,
         .min = 1,
         .max = S_MAX_STEPS,
         .bad = "--steps {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "stop after N steps (default 1000 when --duration is not given)"},
        {.name = "--duration",
         .kind = DC_OPT_DOUBLE,
         .dest = &o->duration_s,
         .fmax = S_MAX_DURATION,
         .bad = "--duration {value}: expected seconds > 0 (at most a week)",
         .metavar = "SEC",
         .help = "stop after SEC seconds (with --steps: whichever comes first)"},
        {.name = "--jobs",
         .kind = DC_OPT_UINT,
         .dest = &o->jobs,
         .size = sizeof o->jobs,
         .min = 1,
         .max = DC_EXPLORE_MAX_JOBS,
         .bad = "--jobs {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "N workers, one connection each (default 1); worker k runs episodes k, k+N, ..."},
        {.name = "--findings",
         .kind = DC_OPT_STRING,
         .dest = &o->findings_dir,
         .metavar = "DIR",
         .help = "DIR/summary.json and one replayable case per divergence in DIR/cases/\n"
                 "(default reports/explore; replay: ddbconform run --cases DIR/cases/<id>.json)"},
        {.name = "--level",
         .kind = DC_OPT_CHOICE,
         .dest = &a->level,
         .choices = s_levels,
         .bad = "--level {value}: expected strict or compat",
         .metavar = "L",
         .help = "strict (exact messages and namespaces; default) or compat (error names)"},
        {.name = "--ops",
         .kind = DC_OPT_LIST,
         .dest = o->ops,
         .size = DC_EX_MAX_OPS,
         .count = &o->nops,
         .copy = &a->ops_copy,
         .bad = "--ops: more than {max} operations",
         .metavar = "OP,..",
         .help = "sequences use only these operations and what they need: CreateTable always,\n"
                 "CreateBackup for the backup operations, PITR enabling and time for PITR restores"},
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
        {.name = "--shrink-runs",
         .kind = DC_OPT_UINT,
         .dest = &o->shrink_runs,
         .size = sizeof o->shrink_runs,
         .min = 1,
         .max = 100000,
         .bad = "--shrink-runs {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "replays one divergence's shrinking may make (default 400)"},
        {.name = "--episode",
         .kind = DC_OPT_UINT,
         .dest = &o->episode_len,
         .size = sizeof o->episode_len,
         .min = 1,
         .max = 10000,
         .bad = "--episode {value}: expected {min}..{max}",
         .metavar = "N",
         .help = "steps per episode (default 100): each starts from nothing and cleans up"},
        {.name = "--verbose", .kind = DC_OPT_FLAG, .dest = &a->verbose, .help = "one line per call on stderr"},
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
    o->compat = a->level == 1;
    o->verbose = a->verbose ? stderr : NULL;
    if (a->timeout_s > 0)
        o->timeout_ms = (long)(a->timeout_s * 1000.0);
    if (o->max_steps == 0 && o->duration_s <= 0)
        o->max_steps = S_DEFAULT_STEPS;
    return DC_OPTS_CONTINUE;
}

int dc_cmd_explore(int argc, char **argv)
{
    dc_explore_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.findings_dir = S_DEFAULT_FINDINGS;
    o.console = stderr;
    s_args a;
    memset(&a, 0, sizeof a);
    dc_spec *spec = NULL;
    int rc = s_options(&o, &a, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        goto cleanup;
    rc = DC_EXIT_USAGE;
    dc_aws_env env;
    dc_err err;
    if (dc_endpoint_env_resolve(&a.flags, true, NULL, NULL, &env, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    o.endpoint = env.endpoint;
    o.region = env.region;
    o.creds = env.creds;
    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    for (size_t i = 0; i < o.nops; i++) {
        if (!dc_ex_gen_knows(o.ops[i])) {
            fprintf(stderr, S_PROG ": --ops: %s is not an operation explore generates (see docs/explore.md)\n",
                    o.ops[i]);
            goto cleanup;
        }
    }
    o.spec = spec;
    o.progress = isatty(fileno(stderr)) != 0;
    o.stop = &s_stop;
    signal(SIGINT, s_on_sigint);
    dc_explore_stats st;
    if (dc_explore_run(&o, &st, &err) != 0) {
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
