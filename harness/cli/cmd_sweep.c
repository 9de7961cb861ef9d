/* cmd_sweep.c - `ddbconform sweep`: deletes what runs of the suite left
 * behind on an endpoint (suite/sweep.h), and only that. Exit 0 when nothing of
 * the suite's old enough remains, 1 when something could not be deleted, 2
 * for usage, set-up and I/O errors (a listing that failed included). */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/endpoint_env.h"
#include "cli/opts.h"
#include "spec/spec.h"
#include "suite/sweep.h"
#include "wire/awsenv.h"

#define S_PROG "ddbconform sweep"
#define S_DEFAULT_OLDER_THAN "1h"

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the process at once */
}

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs("usage: ddbconform sweep --endpoint URL [--older-than DURATION] [--dry-run] [--region R]\n"
          "                        [--timeout SEC] [--wait SEC]\n",
          out);
    dc_opts_help(cmd, out);
    fputs("  Deletes the tables and backups runs of the suite left behind: only names that start with a\n"
          "  run's ${unique} (ddbc-<run id>-<start>-<seq><check>), nothing else; see docs/plan-and-sweep.md.\n"
          "  Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else test/test.\n"
          "exit: 0 nothing of the suite's left, 1 something could not be deleted, 2 usage/set-up/IO error\n",
          out);
}

/* "90", "90s", "15m", "2h", "1d" -> seconds; -1 when malformed. */
static long long s_duration(const char *v)
{
    char *end = NULL;
    if (v == NULL || !isdigit((unsigned char)v[0]))
        return -1;
    long long n = strtoll(v, &end, 10);
    long long unit = 1;
    if (*end != '\0') {
        switch (*end) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: return -1;
        }
        if (end[1] != '\0')
            return -1;
    }
    if (n < 0 || n > 3650LL * 86400 / unit)
        return -1;
    return n * unit;
}

static int s_parse_older(const char *v, void *dest)
{
    long long s = s_duration(v);
    if (s < 0)
        return -1;
    *(int64_t *)dest = (int64_t)s;
    return 0;
}

/* The option table of sweep (data) and its parse. */
static int s_options(dc_sweep_opts *o, dc_aws_env_flags *flags, unsigned long *timeout_s, unsigned long *wait_s,
                     int argc, char **argv)
{
    const dc_opt opts[] = {
        {.name = "--endpoint",
         .kind = DC_OPT_STRING,
         .dest = &flags->endpoint,
         .metavar = "URL",
         .help = "the DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL)"},
        {.name = "--older-than",
         .kind = DC_OPT_CALL,
         .dest = &o->older_than_s,
         .call = s_parse_older,
         .bad = "--older-than wants a duration like 0, 90s, 15m, 2h or 1d, not '{value}'",
         .metavar = "DURATION",
         .help = "only what cases started at least this long ago (default " S_DEFAULT_OLDER_THAN
                 "; 0 = all,\nincluding a run still going)"},
        {.name = "--dry-run",
         .kind = DC_OPT_FLAG,
         .dest = &o->dry_run,
         .help = "list what would be deleted; delete nothing"},
        {.name = "--region",
         .kind = DC_OPT_STRING,
         .dest = &flags->region,
         .metavar = "R",
         .help = "signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)"},
        {.name = "--timeout",
         .kind = DC_OPT_UINT,
         .dest = timeout_s,
         .size = sizeof *timeout_s,
         .min = 1,
         .max = 3600,
         .bad = "--timeout wants seconds {min}..{max}, not '{value}'",
         .metavar = "SEC",
         .help = "per-request timeout (default 30)"},
        {.name = "--wait",
         .kind = DC_OPT_UINT,
         .dest = wait_s,
         .size = sizeof *wait_s,
         .min = 0,
         .max = 86400,
         .bad = "--wait wants seconds {min}..{max}, not '{value}'",
         .metavar = "SEC",
         .help = "longest wait for a restore in progress or a resource in use (default 1800)"},
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP, .help = "this text"},
    };
    const dc_opts_cmd cmd = {
        .prog = S_PROG,
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}' (see ddbconform sweep --help)",
        .missing = "{name} needs a value",
        .help_column = 21,
    };
    return dc_opts_parse(&cmd, argc, argv);
}

int dc_cmd_sweep(int argc, char **argv)
{
    dc_sweep_opts o;
    dc_sweep_opts_default(&o);
    dc_aws_env_flags flags = {.access_key_flag = "--access-key", .secret_key_flag = "--secret-key"};
    unsigned long timeout_s = 30, wait_s = (unsigned long)o.wait_s;
    (void)s_parse_older(S_DEFAULT_OLDER_THAN, &o.older_than_s);
    int rc = s_options(&o, &flags, &timeout_s, &wait_s, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        return rc;
    dc_aws_env env;
    dc_err err;
    if (dc_endpoint_env_resolve(&flags, true, NULL, NULL, &env, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    o.endpoint = env.endpoint;
    o.region = env.region;
    o.creds = env.creds;
    o.timeout_ms = (long)timeout_s * 1000;
    o.wait_s = (double)wait_s;
    o.data_dir = dc_data_dir();
    o.stop = &s_stop;
    dc_spec *spec = NULL;
    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
        fprintf(stderr, S_PROG ": cannot load the spec: %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    o.spec = spec;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = s_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    dc_sweep_result res;
    rc = DC_EXIT_USAGE;
    if (dc_sweep_run(&o, &res, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        goto cleanup;
    }
    if (o.dry_run) {
        printf("dry run: nothing deleted\n");
        rc = DC_EXIT_OK;
        goto cleanup;
    }
    printf("swept: %zu tables and %zu backups deleted, %zu SYSTEM backups left to expire, %zu could not be deleted, "
           "%zu throttled retries%s\n",
           res.tables_deleted, res.backups_deleted, res.system_backups, res.failed, res.throttled,
           s_stop ? " (interrupted)" : "");
    rc = res.failed > 0 ? DC_EXIT_FAIL : (s_stop ? DC_EXIT_USAGE : DC_EXIT_OK);
cleanup:
    signal(SIGINT, SIG_DFL);
    dc_spec_free(spec);
    return rc;
}
