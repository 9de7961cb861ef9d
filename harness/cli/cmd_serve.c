/* cmd_serve.c - `ddbconform serve`: the reference endpoint until SIGINT/SIGTERM. */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "endpoint/serve.h"
#include "wire/awsenv.h"
#include "gate/session.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_PROG "ddbconform serve"
#define S_DEFAULT_PORT 8000
#define S_MAX_DURATION_MS (INT64_C(24) * 3600 * 1000) /* a day of virtual time per state is plenty */
#define S_MAX_THREADS 64
#define S_MAX_KEY_ACCOUNTS 64 /* --account-for-key entries */

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    (void)cmd;          /* the options are described in prose, with the defaults of the code */
    dc_serve_options d; /* the defaults, so the text cannot drift from the code */
    dc_serve_options_default(&d);
    fprintf(out,
            "usage: ddbconform serve [--host 127.0.0.1] [--port 8000] [--region R] [--faults SPEC]\n"
            "                        [--access-key ID --secret-key KEY [--session-token T]] [--account ID]\n"
            "                        [--account-for-key ACCESS_KEY_ID=ACCOUNT]...\n"
            "                        [--table-create-ms N] [--table-delete-ms N] [--backup-ms N] [--restore-ms N]\n"
            "                        [--backups-enabling-ms N] [--pitr-lag-ms N] [--pace aws[:SCALE]] [--threads N]\n"
            "                        [--test-control]\n"
            "                        [--log] [--client-report DIR]\n"
            "  The reference endpoint. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY\n"
            "  (+ AWS_SESSION_TOKEN) or the flags; with none, only the SigV4 form is checked.\n"
            "  Region: --region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.\n"
            "  Account (12 digits) a request runs as: the one --account-for-key maps its access key id to\n"
            "  (repeatable), else --account (default %s). ARNs of another account are refused.\n"
            "  --port 0 picks a free port. The address is printed on stdout once listening.\n"
            "  Durations are virtual-clock milliseconds (defaults: table %lld, delete %lld, backup %lld,\n"
            "  restore %lld, backups-enabling %lld, pitr-lag %lld).\n"
            "  --pace aws[:SCALE] (or FILE.json[:SCALE]): the real service's pace from spec/pace-aws.json:\n"
            "  its durations (replacing the flags above), per-operation rate limits (400 ThrottlingException)\n"
            "  and table-operation limit; SCALE 0.05 runs it 20 times faster.\n"
            "  --faults: throttle=P,error500=P,truncate=P,badcrc=P,reset=P,latency=50ms,seed=N\n"
            "  --test-control: POST %s?advance=SEC moves the virtual clock (not a DynamoDB op).\n"
            "  --log: one line per request on stderr (operation, status, fault).\n"
            "  --client-report DIR: judge the clients (as `ddbconform gate` does) and write DIR/client-report.json,\n"
            "  junit.xml and report.html on SIGINT/SIGTERM; the exit status is then the verdict (1: a rule failed).\n",
            DC_MODEL_DEFAULT_ACCOUNT, (long long)d.model.table_create_ms, (long long)d.model.table_delete_ms,
            (long long)d.model.backup_create_ms, (long long)d.model.restore_ms, (long long)d.model.backups_enabling_ms,
            (long long)d.model.pitr_lag_ms, DC_SERVE_TEST_CONTROL_PATH);
}

/* A virtual-clock duration option of the model. */
#define S_MS_OPTION(flag, field)                                                                                       \
    {                                                                                                                  \
        .name = flag, .kind = DC_OPT_UINT, .dest = &(field), .size = sizeof(field), .max = S_MAX_DURATION_MS,          \
        .bad = "{name} {value}: expected milliseconds between {min} and {max}"                                         \
    }

/* The options into opt; the credential and region flags into flags, which the
 * environment completes (awsenv.h). */
static int s_options(dc_serve_options *opt, dc_aws_env_flags *flags, const char **client_report,
                     const char *key_accounts[S_MAX_KEY_ACCOUNTS], int argc, char **argv)
{
    bool log = false;
    dc_model_options *m = &opt->model;
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--test-control", .kind = DC_OPT_FLAG, .dest = &opt->test_control},
        {.name = "--log", .kind = DC_OPT_FLAG, .dest = &log},
        {.name = "--host", .kind = DC_OPT_STRING, .dest = &opt->host},
        {.name = "--port",
         .kind = DC_OPT_UINT,
         .dest = &opt->port,
         .size = sizeof opt->port,
         .max = 65535,
         .bad = "--port {value}: expected {min}-{max}"},
        {.name = "--region", .kind = DC_OPT_STRING, .dest = &flags->region},
        {.name = "--account", .kind = DC_OPT_STRING, .dest = &opt->account},
        {.name = "--account-for-key",
         .kind = DC_OPT_APPEND,
         .dest = key_accounts,
         .size = S_MAX_KEY_ACCOUNTS,
         .count = &opt->nkey_accounts,
         .bad = "more than {max} --account-for-key"},
        {.name = "--faults", .kind = DC_OPT_STRING, .dest = &opt->faults},
        {.name = "--pace", .kind = DC_OPT_STRING, .dest = &opt->pace},
        {.name = "--client-report", .kind = DC_OPT_STRING, .dest = client_report},
        {.name = "--access-key", .kind = DC_OPT_STRING, .dest = &flags->access_key_id},
        {.name = "--secret-key", .kind = DC_OPT_STRING, .dest = &flags->secret_access_key},
        {.name = "--session-token", .kind = DC_OPT_STRING, .dest = &flags->session_token},
        S_MS_OPTION("--table-create-ms", m->table_create_ms),
        S_MS_OPTION("--table-delete-ms", m->table_delete_ms),
        S_MS_OPTION("--backup-ms", m->backup_create_ms),
        S_MS_OPTION("--restore-ms", m->restore_ms),
        S_MS_OPTION("--backups-enabling-ms", m->backups_enabling_ms),
        S_MS_OPTION("--pitr-lag-ms", m->pitr_lag_ms),
        {.name = "--threads",
         .kind = DC_OPT_UINT,
         .dest = &opt->threads,
         .size = sizeof opt->threads,
         .min = 1,
         .max = S_MAX_THREADS,
         .bad = "--threads {value}: expected {min}-{max}"},
    };
    const dc_opts_cmd cmd = {
        .prog = S_PROG,
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}' (see --help)",
        .missing = "{name} needs a value (see --help)",
        .unknown_takes_value = true,
    };
    int rc = dc_opts_parse(&cmd, argc, argv);
    if (log)
        opt->log = stderr;
    return rc;
}

int dc_cmd_serve(int argc, char **argv)
{
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = S_DEFAULT_PORT;
    dc_aws_env_flags flags = {.access_key_flag = "--access-key", .secret_key_flag = "--secret-key"};
    const char *client_report = NULL;
    const char *key_accounts[S_MAX_KEY_ACCOUNTS];
    opt.key_accounts = key_accounts;
    int rc = s_options(&opt, &flags, &client_report, key_accounts, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        return rc;
    dc_aws_env env;
    dc_err err;
    if (dc_aws_env_resolve(&flags, NULL, NULL, &env, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    opt.region = env.region;
    opt.access_key_id = env.creds.access_key_id;
    opt.secret_access_key = env.creds.secret_access_key;
    opt.session_token = env.creds.session_token;

    /* the signals go to sigwait below, not to the server's threads */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    dc_serve *s = NULL;
    dc_gate_session *judge = NULL;
    dc_gate_session_options jo = {DC_GATE_STRICT, opt.region, opt.access_key_id, opt.secret_access_key,
                                  opt.session_token};
    if (client_report != NULL && dc_gate_session_new(dc_data_dir(), &jo, &judge, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    if (judge != NULL)
        dc_gate_session_attach(judge, &opt);
    time_t started = time(NULL);
    if (dc_serve_start(&opt, &s, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        dc_gate_session_free(judge);
        return DC_EXIT_USAGE;
    }
    printf(S_PROG ": listening on http://%s:%u (region %s, %s)\n", opt.host, (unsigned)dc_serve_port(s), opt.region,
           opt.access_key_id ? "SigV4 verified" : "SigV4 form only");
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, S_PROG ": %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    unsigned port = dc_serve_port(s);
    dc_serve_stop(s);
    if (judge == NULL)
        return DC_EXIT_OK;
    char endpoint[300], when[32];
    snprintf(endpoint, sizeof endpoint, "http://%s:%u", opt.host, port);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&started));
    const char *secrets[3] = {NULL, NULL, NULL};
    size_t nsecrets = 0;
    if (opt.secret_access_key != NULL)
        secrets[nsecrets++] = opt.secret_access_key;
    if (opt.session_token != NULL)
        secrets[nsecrets++] = opt.session_token;
    dc_gate_run run = {
        .version = DC_VERSION,
        .endpoint = endpoint,
        .region = opt.region,
        .faults = opt.faults,
        .level = DC_GATE_STRICT,
        .started = when,
        .duration_ms = (int64_t)(time(NULL) - started) * 1000,
        .secrets = secrets,
    };
    rc = dc_gate_session_finish(judge, &run, client_report, stderr);
    dc_gate_session_free(judge);
    return rc;
}
