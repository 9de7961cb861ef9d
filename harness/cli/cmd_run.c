/* cmd_run.c - `ddbconform run`: the golden cases against an endpoint, with
 * reports (report.json, junit.xml, report.html) and baselines. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite/baseline.h"
#include "suite/cases.h"
#include "wire/check.h"
#include "cli/cli.h"
#include "wire/http.h"
#include "suite/record.h"
#include "suite/report.h"
#include "suite/runner.h"
#include "endpoint/serve.h"
#include "spec/spec.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_MAX_CASE_PATHS 64
#define S_DEFAULT_REPORT_DIR "reports/latest"
#define S_DEFAULT_REGION "us-east-1"
/* Emulators accept any key pair; these are what their docs use. */
#define S_DEFAULT_ACCESS_KEY "test"
#define S_DEFAULT_SECRET_KEY "test"

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    /* a second Ctrl-C ends the process at once */
    signal(SIGINT, SIG_DFL);
}

static void s_usage(FILE *out)
{
    fputs("usage: ddbconform run [--endpoint URL] [--cases PATH]... [--filter GLOB] [--level strict|compat]\n"
          "                      [--report-dir DIR] [--baseline FILE] [--shard K/N] [--jobs N]\n"
          "                      [--tags T,..] [--exclude-tags T,..] [--timeout SEC] [--region R]\n"
          "                      [--no-check] [--verbose] [--record DIR | --compare-to DIR]\n"
          "  --endpoint URL     the DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL,\n"
          "                     else the embedded reference endpoint on a free 127.0.0.1 port)\n"
          "  --cases PATH       a case file or folder (repeatable; default: the installed cases/)\n"
          "  --filter GLOB      only case ids matching GLOB (e.g. 'backup/*')\n"
          "  --level L          strict (exact messages, namespaces, key case; default) or compat\n"
          "  --report-dir DIR   where report.json, junit.xml, report.html go (default reports/latest)\n"
          "  --baseline FILE    known failures of the implementation (baselines/<impl>.json)\n"
          "  --shard K/N        run only the K-th of N deterministic slices of the case ids\n"
          "  --jobs N           cases in parallel (default 1 with --endpoint; 2 per CPU, at most 8,\n"
          "                     against the embedded endpoint)\n"
          "  --tags T,..        only cases with one of these tags (real-aws-only cases need this)\n"
          "  --exclude-tags T,..  leave out cases with one of these tags\n"
          "  --timeout SEC      per-request timeout (default 30)\n"
          "  --region R         signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)\n"
          "  --no-check         skip the spec response checks (the cases' expectations still run)\n"
          "  --verbose          one line per request on stderr\n"
          "  --record DIR       store each step's normalized response in DIR/<case id>.json (spec/normalize.json)\n"
          "  --compare-to DIR   diff each step against DIR/<case id>.json: \"semantic\" failures; unrecorded: skipped\n"
          "  -h, --help         this text\n"
          "exit: 0 all passed (or only baselined failures), 1 failures, 2 usage/setup/IO error\n",
          out);
}

static const char *s_env(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? v : NULL;
}

/* Splits a comma list into into[] (pointers into the writable s). */
static int s_split_tags(char *s, const char **into, size_t *n, size_t max)
{
    for (char *tok = strtok(s, ","); tok != NULL; tok = strtok(NULL, ",")) {
        if (*tok == '\0')
            continue;
        if (*n == max)
            return -1;
        into[(*n)++] = tok;
    }
    return 0;
}

static int s_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v > max || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

int dc_cmd_run(int argc, char **argv)
{
    dc_runner_opts o;
    memset(&o, 0, sizeof o);
    const char *case_paths[S_MAX_CASE_PATHS];
    size_t ncase_paths = 0;
    const char *report_dir = S_DEFAULT_REPORT_DIR, *baseline_file = NULL, *endpoint = NULL, *region = NULL;
    dc_norm_rules *norm = NULL;
    bool no_check = false, verbose = false, tags_given = false;
    char *tag_lists[2] = {NULL, NULL};
    dc_case_ref *refs = NULL;
    size_t nrefs = 0;
    dc_spec *spec = NULL;
    dc_baseline baseline;
    bool have_baseline = false;
    dc_run_result res;
    dc_serve *server = NULL;
    char embedded_url[64];
    dc_err err;
    int rc = DC_EXIT_USAGE;
    char default_cases[PATH_MAX];
    dc_run_result_init(&res);
    memset(&baseline, 0, sizeof baseline);
    o.level = DC_CHECK_STRICT;
    o.jobs = 0; /* 0 = not given: chosen below */

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long n;
#define S_NEED_VALUE()                                                                                                 \
    do {                                                                                                               \
        if (v == NULL) {                                                                                               \
            fprintf(stderr, "ddbconform run: %s needs a value\n", a);                                                  \
            goto cleanup;                                                                                              \
        }                                                                                                              \
        i++;                                                                                                           \
    } while (0)
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            s_usage(stdout);
            rc = DC_EXIT_OK;
            goto cleanup;
        } else if (strcmp(a, "--endpoint") == 0) {
            S_NEED_VALUE();
            endpoint = v;
        } else if (strcmp(a, "--cases") == 0) {
            S_NEED_VALUE();
            if (ncase_paths == S_MAX_CASE_PATHS) {
                fprintf(stderr, "ddbconform run: more than %d --cases\n", S_MAX_CASE_PATHS);
                goto cleanup;
            }
            case_paths[ncase_paths++] = v;
        } else if (strcmp(a, "--filter") == 0) {
            S_NEED_VALUE();
            o.filter = v;
        } else if (strcmp(a, "--level") == 0) {
            S_NEED_VALUE();
            if (strcmp(v, "strict") == 0)
                o.level = DC_CHECK_STRICT;
            else if (strcmp(v, "compat") == 0)
                o.level = DC_CHECK_COMPAT;
            else {
                fprintf(stderr, "ddbconform run: --level must be strict or compat, not '%s'\n", v);
                goto cleanup;
            }
        } else if (strcmp(a, "--report-dir") == 0) {
            S_NEED_VALUE();
            report_dir = v;
        } else if (strcmp(a, "--baseline") == 0) {
            S_NEED_VALUE();
            baseline_file = v;
        } else if (strcmp(a, "--shard") == 0) {
            S_NEED_VALUE();
            unsigned k = 0, nn = 0;
            char extra;
            if (sscanf(v, "%u/%u%c", &k, &nn, &extra) != 2 || nn == 0 || k == 0 || k > nn || nn > 1000) {
                fprintf(stderr, "ddbconform run: --shard wants K/N with 1 <= K <= N <= 1000, not '%s'\n", v);
                goto cleanup;
            }
            o.shard_k = k;
            o.shard_n = nn;
        } else if (strcmp(a, "--jobs") == 0) {
            S_NEED_VALUE();
            if (s_parse_uint(v, DC_RUNNER_MAX_JOBS, &n) != 0 || n == 0) {
                fprintf(stderr, "ddbconform run: --jobs wants 1..%d, not '%s'\n", DC_RUNNER_MAX_JOBS, v);
                goto cleanup;
            }
            o.jobs = (unsigned)n;
        } else if (strcmp(a, "--timeout") == 0) {
            S_NEED_VALUE();
            if (s_parse_uint(v, 3600, &n) != 0 || n == 0) {
                fprintf(stderr, "ddbconform run: --timeout wants seconds 1..3600, not '%s'\n", v);
                goto cleanup;
            }
            o.timeout_ms = (long)n * 1000;
        } else if (strcmp(a, "--region") == 0) {
            S_NEED_VALUE();
            region = v;
        } else if (strcmp(a, "--tags") == 0 || strcmp(a, "--exclude-tags") == 0) {
            S_NEED_VALUE();
            bool incl = a[2] == 't';
            char **slot = &tag_lists[incl ? 0 : 1];
            free(*slot);
            *slot = dc_xstrdup(v);
            if (incl) {
                o.ntags = 0;
                tags_given = true;
            } else {
                o.nexclude_tags = 0;
            }
            if (s_split_tags(*slot, incl ? o.tags : o.exclude_tags, incl ? &o.ntags : &o.nexclude_tags,
                             DC_RUNNER_MAX_TAGS) != 0) {
                fprintf(stderr, "ddbconform run: %s: more than %d tags\n", a, DC_RUNNER_MAX_TAGS);
                goto cleanup;
            }
        } else if (strcmp(a, "--record") == 0) {
            S_NEED_VALUE();
            o.record_dir = v;
        } else if (strcmp(a, "--compare-to") == 0) {
            S_NEED_VALUE();
            o.compare_dir = v;
        } else if (strcmp(a, "--no-check") == 0) {
            no_check = true;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = true;
        } else {
            fprintf(stderr, "ddbconform run: unknown option '%s' (see ddbconform run --help)\n", a);
            goto cleanup;
        }
#undef S_NEED_VALUE
    }
    /* cases that only make sense against the real service stay out unless asked for */
    if (!tags_given && o.nexclude_tags < DC_RUNNER_MAX_TAGS) {
        bool listed = false;
        for (size_t i = 0; i < o.nexclude_tags; i++)
            listed |= strcmp(o.exclude_tags[i], "real-aws-only") == 0;
        if (!listed)
            o.exclude_tags[o.nexclude_tags++] = "real-aws-only";
    }

    if (endpoint == NULL)
        endpoint = s_env("AWS_ENDPOINT_URL_DYNAMODB");
    if (endpoint == NULL)
        endpoint = s_env("AWS_ENDPOINT_URL");
    region = region ? region : s_env("AWS_REGION");
    region = region ? region : s_env("AWS_DEFAULT_REGION");
    o.region = region ? region : S_DEFAULT_REGION;
    o.creds.access_key_id = s_env("AWS_ACCESS_KEY_ID");
    o.creds.secret_access_key = s_env("AWS_SECRET_ACCESS_KEY");
    o.creds.session_token = s_env("AWS_SESSION_TOKEN");
    if (o.creds.access_key_id == NULL || o.creds.secret_access_key == NULL) {
        o.creds.access_key_id = S_DEFAULT_ACCESS_KEY;
        o.creds.secret_access_key = S_DEFAULT_SECRET_KEY;
        o.creds.session_token = NULL;
    }
    if (o.jobs == 0) {
        /* One case at a time against a real endpoint (its rate limits, facts
         * §4.7); the embedded endpoint has none, so use the cores. */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        o.jobs = endpoint != NULL ? 1 : (unsigned)(cpus < 1 ? 2 : cpus * 2 > 8 ? 8 : cpus * 2);
    }
    if (endpoint == NULL) {
        /* the embedded reference endpoint, verifying signatures for the same key pair */
        dc_serve_options so;
        dc_serve_options_default(&so);
        so.port = 0;
        so.region = o.region;
        so.access_key_id = o.creds.access_key_id;
        so.secret_access_key = o.creds.secret_access_key;
        so.session_token = o.creds.session_token;
        so.data_dir = dc_data_dir();
        if (dc_serve_start(&so, &server, &err) != 0) {
            fprintf(stderr, "ddbconform run: cannot start the embedded reference endpoint: %s\n", err.msg);
            goto cleanup;
        }
        snprintf(embedded_url, sizeof embedded_url, "http://127.0.0.1:%u", (unsigned)dc_serve_port(server));
        endpoint = embedded_url;
    }
    o.endpoint = endpoint;
    o.progress = stderr;
    o.verbose = verbose ? stderr : NULL;
    o.stop = &s_stop;

    if (ncase_paths == 0) {
        snprintf(default_cases, sizeof default_cases, "%s/cases", dc_data_dir());
        case_paths[ncase_paths++] = default_cases;
    }
    for (size_t i = 0; i < ncase_paths; i++) {
        if (dc_cases_find(case_paths[i], &refs, &nrefs, &err) != 0) {
            fprintf(stderr, "ddbconform run: %s\n", err.msg);
            goto cleanup;
        }
    }
    if (baseline_file != NULL) {
        if (dc_baseline_load(baseline_file, &baseline, &err) != 0) {
            fprintf(stderr, "ddbconform run: %s\n", err.msg);
            goto cleanup;
        }
        have_baseline = true;
        o.baseline = &baseline;
    }
    if (o.record_dir != NULL && o.compare_dir != NULL && strcmp(o.record_dir, o.compare_dir) == 0) {
        fprintf(stderr, "ddbconform run: --record and --compare-to name the same folder '%s'\n", o.record_dir);
        goto cleanup;
    }
    if (o.compare_dir != NULL && access(o.compare_dir, R_OK | X_OK) != 0) {
        fprintf(stderr, "ddbconform run: --compare-to %s: %s\n", o.compare_dir, strerror(errno));
        goto cleanup;
    }
    if (o.record_dir != NULL || o.compare_dir != NULL) {
        if (dc_norm_rules_load(dc_data_dir(), &norm, &err) != 0) {
            fprintf(stderr, "ddbconform run: %s\n", err.msg);
            goto cleanup;
        }
        o.norm = norm;
    }
    if (!no_check) {
        if (dc_spec_load(dc_data_dir(), &spec, &err) != 0) {
            fprintf(stderr, "ddbconform run: cannot load the spec: %s\n", err.msg);
            goto cleanup;
        }
        o.spec = spec;
    }

    /* the endpoint must answer at all before cases are judged */
    {
        dc_http_options ho;
        memset(&ho, 0, sizeof ho);
        ho.total_timeout_ms = o.timeout_ms ? o.timeout_ms : 10000;
        dc_http_client *probe = dc_http_client_new(&ho, &err);
        dc_http_response resp;
        dc_http_response_init(&resp);
        int prc = probe ? dc_http_request(probe, "GET", endpoint, NULL, 0, NULL, 0, &resp, &err) : -1;
        dc_http_response_free(&resp);
        dc_http_client_free(probe);
        if (prc != 0) {
            fprintf(stderr, "ddbconform run: endpoint %s is unreachable: %s\n", endpoint, err.msg);
            goto cleanup;
        }
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = s_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    res.tool_version = dc_xstrdup(DC_VERSION);
    if (dc_runner_run(&o, refs, nrefs, &res, &err) != 0) {
        fprintf(stderr, "ddbconform run: %s\n", err.msg);
        goto cleanup;
    }
    if (dc_report_write(&res, report_dir, &err) != 0) {
        dc_report_console(stderr, &res, NULL);
        fprintf(stderr, "ddbconform run: cannot write the report: %s\n", err.msg);
        goto cleanup;
    }
    dc_report_console(stderr, &res, report_dir);
    if (res.interrupted)
        rc = DC_EXIT_USAGE;
    else
        rc = dc_runner_has_failures(&res) ? DC_EXIT_FAIL : DC_EXIT_OK;
cleanup:
    signal(SIGINT, SIG_DFL);
    dc_serve_stop(server);
    dc_run_result_free(&res);
    if (have_baseline)
        dc_baseline_free(&baseline);
    if (spec != NULL)
        dc_spec_free(spec);
    dc_case_refs_free(refs, nrefs);
    dc_norm_rules_free(norm);
    free(tag_lists[0]);
    free(tag_lists[1]);
    return rc;
}
