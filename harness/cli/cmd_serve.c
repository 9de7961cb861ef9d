/* cmd_serve.c - `ddbconform serve`: the reference endpoint until SIGINT/SIGTERM. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "endpoint/serve.h"
#include "gate/session.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_MAX_DURATION_MS (INT64_C(24) * 3600 * 1000) /* a day of virtual time per state is plenty */

static void s_usage(FILE *out)
{
    dc_serve_options d; /* the defaults, so the text cannot drift from the code */
    dc_serve_options_default(&d);
    fprintf(out,
            "usage: ddbconform serve [--host 127.0.0.1] [--port 8000] [--region R] [--faults SPEC]\n"
            "                        [--access-key ID --secret-key KEY [--session-token T]] [--account ID]\n"
            "                        [--table-create-ms N] [--table-delete-ms N] [--backup-ms N] [--restore-ms N]\n"
            "                        [--backups-enabling-ms N] [--pitr-lag-ms N] [--threads N] [--test-control]\n"
            "                        [--log] [--client-report DIR]\n"
            "  The reference endpoint. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY\n"
            "  (+ AWS_SESSION_TOKEN) or the flags; with none, only the SigV4 form is checked.\n"
            "  Region: --region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.\n"
            "  --port 0 picks a free port. The address is printed on stdout once listening.\n"
            "  Durations are virtual-clock milliseconds (defaults: table %lld, delete %lld, backup %lld,\n"
            "  restore %lld, backups-enabling %lld, pitr-lag %lld).\n"
            "  --faults: throttle=P,error500=P,truncate=P,badcrc=P,reset=P,latency=50ms,seed=N\n"
            "  --test-control: POST %s?advance=SEC moves the virtual clock (not a DynamoDB op).\n"
            "  --log: one line per request on stderr (operation, status, fault).\n"
            "  --client-report DIR: judge the clients (as `ddbconform gate` does) and write DIR/client-report.json,\n"
            "  junit.xml and report.html on SIGINT/SIGTERM; the exit status is then the verdict (1: a rule failed).\n",
            (long long)d.model.table_create_ms, (long long)d.model.table_delete_ms, (long long)d.model.backup_create_ms,
            (long long)d.model.restore_ms, (long long)d.model.backups_enabling_ms, (long long)d.model.pitr_lag_ms,
            DC_SERVE_TEST_CONTROL_PATH);
}

static int s_ms(const char *flag, const char *v, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 || n > S_MAX_DURATION_MS) {
        fprintf(stderr, "ddbconform serve: %s %s: expected milliseconds between 0 and %" PRId64 "\n", flag, v,
                S_MAX_DURATION_MS);
        return -1;
    }
    *out = (int64_t)n;
    return 0;
}

static const char *s_env(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? v : NULL;
}

int dc_cmd_serve(int argc, char **argv)
{
    dc_serve_options opt;
    dc_serve_options_default(&opt);
    opt.port = 8000;
    if (s_env("AWS_REGION"))
        opt.region = s_env("AWS_REGION");
    else if (s_env("AWS_DEFAULT_REGION"))
        opt.region = s_env("AWS_DEFAULT_REGION");
    opt.access_key_id = s_env("AWS_ACCESS_KEY_ID");
    opt.secret_access_key = s_env("AWS_SECRET_ACCESS_KEY");
    opt.session_token = s_env("AWS_SESSION_TOKEN");
    const char *client_report = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            s_usage(stdout);
            return DC_EXIT_OK;
        }
        if (strcmp(a, "--test-control") == 0) {
            opt.test_control = true;
            continue;
        }
        if (strcmp(a, "--log") == 0) {
            opt.log = stderr;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "ddbconform serve: %s needs a value (see --help)\n", a);
            return DC_EXIT_USAGE;
        }
        const char *v = argv[++i];
        int bad = 0;
        if (strcmp(a, "--host") == 0)
            opt.host = v;
        else if (strcmp(a, "--port") == 0) {
            char *end = NULL;
            long p = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || p < 0 || p > 65535) {
                fprintf(stderr, "ddbconform serve: --port %s: expected 0-65535\n", v);
                return DC_EXIT_USAGE;
            }
            opt.port = (uint16_t)p;
        } else if (strcmp(a, "--region") == 0)
            opt.region = v;
        else if (strcmp(a, "--account") == 0)
            opt.account = v;
        else if (strcmp(a, "--faults") == 0)
            opt.faults = v;
        else if (strcmp(a, "--client-report") == 0)
            client_report = v;
        else if (strcmp(a, "--access-key") == 0)
            opt.access_key_id = v;
        else if (strcmp(a, "--secret-key") == 0)
            opt.secret_access_key = v;
        else if (strcmp(a, "--session-token") == 0)
            opt.session_token = v;
        else if (strcmp(a, "--table-create-ms") == 0)
            bad = s_ms(a, v, &opt.model.table_create_ms);
        else if (strcmp(a, "--table-delete-ms") == 0)
            bad = s_ms(a, v, &opt.model.table_delete_ms);
        else if (strcmp(a, "--backup-ms") == 0)
            bad = s_ms(a, v, &opt.model.backup_create_ms);
        else if (strcmp(a, "--restore-ms") == 0)
            bad = s_ms(a, v, &opt.model.restore_ms);
        else if (strcmp(a, "--backups-enabling-ms") == 0)
            bad = s_ms(a, v, &opt.model.backups_enabling_ms);
        else if (strcmp(a, "--pitr-lag-ms") == 0)
            bad = s_ms(a, v, &opt.model.pitr_lag_ms);
        else if (strcmp(a, "--threads") == 0) {
            int64_t n = 0;
            bad = s_ms(a, v, &n);
            if (!bad && (n < 1 || n > 64)) {
                fprintf(stderr, "ddbconform serve: --threads %s: expected 1-64\n", v);
                bad = -1;
            }
            opt.threads = (unsigned)n;
        } else {
            fprintf(stderr, "ddbconform serve: unknown option '%s' (see --help)\n", a);
            return DC_EXIT_USAGE;
        }
        if (bad)
            return DC_EXIT_USAGE;
    }
    if ((opt.access_key_id == NULL) != (opt.secret_access_key == NULL)) {
        fprintf(stderr, "ddbconform serve: an access key id needs its secret key (and the other way round)\n");
        return DC_EXIT_USAGE;
    }

    /* the signals go to sigwait below, not to the server's threads */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    dc_serve *s = NULL;
    dc_err err;
    dc_gate_session *judge = NULL;
    dc_gate_session_options jo = {DC_GATE_STRICT, opt.region, opt.access_key_id, opt.secret_access_key,
                                  opt.session_token};
    if (client_report != NULL && dc_gate_session_new(dc_data_dir(), &jo, &judge, &err) != 0) {
        fprintf(stderr, "ddbconform serve: %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    if (judge != NULL)
        dc_gate_session_attach(judge, &opt);
    time_t started = time(NULL);
    if (dc_serve_start(&opt, &s, &err) != 0) {
        fprintf(stderr, "ddbconform serve: %s\n", err.msg);
        dc_gate_session_free(judge);
        return DC_EXIT_USAGE;
    }
    printf("ddbconform serve: listening on http://%s:%u (region %s, %s)\n", opt.host, (unsigned)dc_serve_port(s),
           opt.region, opt.access_key_id ? "SigV4 verified" : "SigV4 form only");
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "ddbconform serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
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
    int rc = dc_gate_session_finish(judge, &run, client_report, stderr);
    dc_gate_session_free(judge);
    return rc;
}
