/* cmd_fuzz.c - `ddbconform fuzz`: the network fuzzer against a live endpoint
 * (fuzznet.h). Exit 1 when it found anything, 0 when not, 2 for usage/set-up. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netfuzz/fuzznet.h"
#include "spec/spec.h"

#define S_DEFAULT_FINDINGS "reports/fuzz"
#define S_DEFAULT_REGION "us-east-1"
/* Emulators accept any key pair; these are what their docs use (as `run`). */
#define S_DEFAULT_ACCESS_KEY "test"
#define S_DEFAULT_SECRET_KEY "test"
#define S_MAX_REQUESTS 100000000UL
#define S_MAX_DURATION 7.0 * 24 * 3600

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the process at once */
}

static void s_usage(FILE *out)
{
    fputs("usage: ddbconform fuzz --endpoint URL [--seed N] [--requests N | --duration SEC] [--findings DIR]\n"
          "                       [--level strict|compat] [--rate N] [--cases PATH] [--ops OP,..]\n"
          "                       [--region R] [--timeout SEC] [--shrink-tries N] [--verbose]\n"
          "  --endpoint URL   the DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL)\n"
          "  --seed N         random seed (default 1): the same seed sends the same requests\n"
          "  --requests N     stop after N fuzz requests (default 1000 when --duration is not given)\n"
          "  --duration SEC   stop after SEC seconds (with --requests: whichever comes first)\n"
          "  --findings DIR   DIR/summary.json and one replayable case per finding in DIR/cases/\n"
          "                   (default reports/fuzz; replay: ddbconform run --cases DIR/cases/<id>.json)\n"
          "  --level L        strict (exact messages and clause sets; default) or compat (error names)\n"
          "  --rate N         at most N fuzz requests per second\n"
          "  --cases PATH     where the seeds come from (default: the installed cases/)\n"
          "  --ops OP,..      fuzz only these operations\n"
          "  --region R       signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)\n"
          "  --timeout SEC    per-request timeout (default 10)\n"
          "  --shrink-tries N requests one finding's shrinking may send (default 48)\n"
          "  --verbose        one line per request on stderr\n"
          "  Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else test/test;\n"
          "  the endpoint must verify SigV4 for them (auth mutations expect the real service's answers).\n"
          "exit: 0 nothing found, 1 findings, 2 usage/set-up error (e.g. unreachable endpoint)\n",
          out);
}

static const char *s_env(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? v : NULL;
}

static int s_parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v > max || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

static int s_parse_pos(const char *s, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > max || !isfinite(v))
        return -1;
    *out = v;
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
    const char *endpoint = NULL;
    char *ops_list = NULL;
    char default_cases[PATH_MAX];
    dc_spec *spec = NULL;
    dc_err err;
    int rc = DC_EXIT_USAGE;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long u = 0;
        double d = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            s_usage(stdout);
            rc = DC_EXIT_OK;
            goto cleanup;
        }
        if (strcmp(a, "--verbose") == 0) {
            o.verbose = stderr;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "ddbconform fuzz: %s: unknown flag or missing value (see --help)\n", a);
            goto cleanup;
        }
        i++;
        if (strcmp(a, "--endpoint") == 0) {
            endpoint = v;
        } else if (strcmp(a, "--seed") == 0) {
            if (s_parse_u64(v, ULLONG_MAX, &u) != 0) {
                fprintf(stderr, "ddbconform fuzz: --seed %s: expected a non-negative integer\n", v);
                goto cleanup;
            }
            o.seed = u;
        } else if (strcmp(a, "--requests") == 0) {
            if (s_parse_u64(v, S_MAX_REQUESTS, &u) != 0 || u == 0) {
                fprintf(stderr, "ddbconform fuzz: --requests %s: expected 1..%lu\n", v, S_MAX_REQUESTS);
                goto cleanup;
            }
            o.max_requests = (size_t)u;
        } else if (strcmp(a, "--duration") == 0) {
            if (s_parse_pos(v, S_MAX_DURATION, &d) != 0) {
                fprintf(stderr, "ddbconform fuzz: --duration %s: expected seconds > 0 (at most a week)\n", v);
                goto cleanup;
            }
            o.duration_s = d;
        } else if (strcmp(a, "--findings") == 0) {
            o.findings_dir = v;
        } else if (strcmp(a, "--level") == 0) {
            if (strcmp(v, "strict") == 0)
                o.level = DC_CHECK_STRICT;
            else if (strcmp(v, "compat") == 0)
                o.level = DC_CHECK_COMPAT;
            else {
                fprintf(stderr, "ddbconform fuzz: --level %s: expected strict or compat\n", v);
                goto cleanup;
            }
        } else if (strcmp(a, "--rate") == 0) {
            if (s_parse_pos(v, 1e6, &d) != 0) {
                fprintf(stderr, "ddbconform fuzz: --rate %s: expected requests per second > 0\n", v);
                goto cleanup;
            }
            o.rate = d;
        } else if (strcmp(a, "--cases") == 0) {
            o.cases_path = v;
        } else if (strcmp(a, "--ops") == 0) {
            free(ops_list);
            ops_list = strdup(v);
            o.nops = 0;
            for (char *tok = strtok(ops_list, ","); tok != NULL; tok = strtok(NULL, ",")) {
                if (*tok == '\0')
                    continue;
                if (o.nops == DC_FUZZ_MAX_OPS) {
                    fprintf(stderr, "ddbconform fuzz: --ops: more than %d operations\n", DC_FUZZ_MAX_OPS);
                    goto cleanup;
                }
                o.ops[o.nops++] = tok;
            }
        } else if (strcmp(a, "--region") == 0) {
            o.region = v;
        } else if (strcmp(a, "--timeout") == 0) {
            if (s_parse_pos(v, 3600, &d) != 0) {
                fprintf(stderr, "ddbconform fuzz: --timeout %s: expected seconds > 0\n", v);
                goto cleanup;
            }
            o.timeout_ms = (long)(d * 1000.0);
        } else if (strcmp(a, "--shrink-tries") == 0) {
            if (s_parse_u64(v, 100000, &u) != 0) {
                fprintf(stderr, "ddbconform fuzz: --shrink-tries %s: expected 0..100000\n", v);
                goto cleanup;
            }
            o.shrink_tries = u == 0 ? 1 : (size_t)u;
        } else {
            fprintf(stderr, "ddbconform fuzz: %s: unknown flag (see --help)\n", a);
            goto cleanup;
        }
    }
    if (endpoint == NULL)
        endpoint = s_env("AWS_ENDPOINT_URL_DYNAMODB");
    if (endpoint == NULL)
        endpoint = s_env("AWS_ENDPOINT_URL");
    if (endpoint == NULL) {
        fprintf(stderr, "ddbconform fuzz: --endpoint URL is required (or AWS_ENDPOINT_URL_DYNAMODB)\n");
        goto cleanup;
    }
    o.endpoint = endpoint;
    if (o.max_requests == 0 && o.duration_s <= 0)
        o.max_requests = 1000;
    if (o.region == NULL)
        o.region = s_env("AWS_REGION") ? s_env("AWS_REGION") : s_env("AWS_DEFAULT_REGION");
    if (o.region == NULL)
        o.region = S_DEFAULT_REGION;
    o.creds.access_key_id = s_env("AWS_ACCESS_KEY_ID") ? s_env("AWS_ACCESS_KEY_ID") : S_DEFAULT_ACCESS_KEY;
    o.creds.secret_access_key = s_env("AWS_SECRET_ACCESS_KEY") ? s_env("AWS_SECRET_ACCESS_KEY") : S_DEFAULT_SECRET_KEY;
    o.creds.session_token = s_env("AWS_SESSION_TOKEN");
    if (o.cases_path == NULL) {
        snprintf(default_cases, sizeof default_cases, "%s/cases", dc_data_dir());
        o.cases_path = default_cases;
    }
    if (dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
        fprintf(stderr, "ddbconform fuzz: %s\n", err.msg);
        goto cleanup;
    }
    for (size_t i = 0; i < o.nops; i++) {
        if (dc_spec_operation(spec, o.ops[i]) == NULL) {
            fprintf(stderr, "ddbconform fuzz: --ops: %s is not an operation of the spec (ddbconform spec list)\n",
                    o.ops[i]);
            goto cleanup;
        }
    }
    o.spec = spec;
    o.stop = &s_stop;
    signal(SIGINT, s_on_sigint);
    dc_fuzz_stats st;
    if (dc_fuzz_run(&o, &st, &err) != 0) {
        fprintf(stderr, "ddbconform fuzz: %s\n", err.msg);
        goto cleanup;
    }
    rc = st.findings > 0 ? DC_EXIT_FAIL : DC_EXIT_OK;
cleanup:
    signal(SIGINT, SIG_DFL);
    free(ops_list);
    dc_spec_free(spec);
    return rc;
}
