/* cmd_run.c - `ddbconform run`: the golden cases against an endpoint, with
 * reports (report.json, junit.xml, report.html) and baselines.
 *
 * In stages, each a function below: options, environment (endpoint, region,
 * credentials), the embedded endpoint when none is given, the inputs (cases,
 * baseline, recordings, spec), a reachability probe, the run, the report. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/endpoint_env.h"
#include "cli/opts.h"
#include "endpoint/serve.h"
#include "spec/pace.h"
#include "spec/spec.h"
#include "suite/baseline.h"
#include "suite/cases.h"
#include "suite/names.h"
#include "suite/plan.h"
#include "suite/record.h"
#include "suite/report.h"
#include "suite/runner.h"
#include "wire/awsenv.h"
#include "wire/check.h"
#include "wire/http.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_PROG "ddbconform run"
#define S_MAX_CASE_PATHS 64
#define S_DEFAULT_REPORT_DIR "reports/latest"
#define S_PROBE_TIMEOUT_MS 10000L
/* cases that only make sense against the real service stay out unless asked for */
#define S_REAL_AWS_ONLY_TAG "real-aws-only"

static volatile sig_atomic_t s_stop;

static void s_on_sigint(int sig)
{
    (void)sig;
    s_stop = 1;
    /* a second Ctrl-C ends the process at once */
    signal(SIGINT, SIG_DFL);
}

/* Everything one run holds; s_run_free releases what the stages acquired. */
typedef struct {
    dc_runner_opts o;
    int level; /* index into s_levels */
    const char *case_paths[S_MAX_CASE_PATHS];
    size_t ncase_paths;
    const char *report_dir, *baseline_file;
    dc_aws_env_flags flags;
    bool no_check, verbose, tags_given;
    bool plan, yes;  /* --plan: print what the cases would create, send nothing; --yes: no question */
    bool jobs_given; /* --jobs on the command line (the plan's default is 1, as against a real endpoint) */
    char run_id[DC_RUN_ID_LEN + 1];
    bool test_control; /* --test-control: the endpoint is serve --test-control; clocked cases advance its clock */
    unsigned long timeout_s;
    char *tag_copies[2]; /* the split --tags and --exclude-tags lists */
    char default_cases[PATH_MAX];
    dc_serve *server; /* the embedded endpoint, when no endpoint is given */
    char embedded_url[64];
    dc_case_ref *refs;
    size_t nrefs;
    dc_spec *spec;
    dc_baseline baseline;
    bool have_baseline;
    dc_norm_rules *norm;
    dc_run_result res;
    const char *pace; /* --pace NAME[:SCALE]; "aws" for an *.amazonaws.com endpoint */
    double wait_scale;
} s_run;

static const char *const s_levels[] = {"strict", "compat", NULL}; /* in the order of dc_check_level */

static const char s_synopsis[] =
    "usage: ddbconform run [--endpoint URL] [--cases PATH]... [--filter GLOB] [--level strict|compat]\n"
    "                      [--report-dir DIR] [--baseline FILE] [--shard K/N] [--jobs N]\n"
    "                      [--tags T,..] [--exclude-tags T,..] [--timeout SEC] [--region R]\n"
    "                      [--no-check] [--verbose] [--record DIR | --compare-to DIR]\n"
    "                      [--fail-disputed] [--fail-inferred] [--plan] [--yes]\n"
    "                      [--pace aws[:SCALE]] [--wait-scale F] [--test-control]\n";

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    fputs(s_synopsis, out);
    dc_opts_help(cmd, out);
    fputs("exit: 0 all passed (or only baselined failures), 1 failures, 2 usage/setup/IO error\n", out);
}

/* --shard K/N with 1 <= K <= N <= 1000 */
static int s_parse_shard(const char *v, void *dest)
{
    dc_runner_opts *o = dest;
    unsigned k = 0, n = 0;
    char extra;
    if (sscanf(v, "%u/%u%c", &k, &n, &extra) != 2 || n == 0 || k == 0 || k > n || n > 1000)
        return -1;
    o->shard_k = k;
    o->shard_n = n;
    return 0;
}

/* ---- stage: options ------------------------------------------------------- */

static int s_options(s_run *r, int argc, char **argv)
{
    dc_runner_opts *o = &r->o;
    const dc_opt opts[] = {
        {.name = "--endpoint",
         .kind = DC_OPT_STRING,
         .dest = &r->flags.endpoint,
         .metavar = "URL",
         .help = "the DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB, $AWS_ENDPOINT_URL,\n"
                 "else the embedded reference endpoint on a free 127.0.0.1 port)"},
        {.name = "--cases",
         .kind = DC_OPT_APPEND,
         .dest = r->case_paths,
         .size = S_MAX_CASE_PATHS,
         .count = &r->ncase_paths,
         .bad = "more than {max} --cases",
         .metavar = "PATH",
         .help = "a case file or folder (repeatable; default: the installed cases/)"},
        {.name = "--filter",
         .kind = DC_OPT_STRING,
         .dest = &o->filter,
         .metavar = "GLOB",
         .help = "only case ids matching GLOB (e.g. 'backup/*')"},
        {.name = "--level",
         .kind = DC_OPT_CHOICE,
         .dest = &r->level,
         .choices = s_levels,
         .bad = "--level must be strict or compat, not '{value}'",
         .metavar = "L",
         .help = "strict (exact messages, namespaces, key case; default) or compat"},
        {.name = "--report-dir",
         .kind = DC_OPT_STRING,
         .dest = &r->report_dir,
         .metavar = "DIR",
         .help = "where report.json, junit.xml, report.html go (default reports/latest)"},
        {.name = "--baseline",
         .kind = DC_OPT_STRING,
         .dest = &r->baseline_file,
         .metavar = "FILE",
         .help = "known failures of the implementation (baselines/<impl>.json)"},
        {.name = "--shard",
         .kind = DC_OPT_CALL,
         .dest = o,
         .call = s_parse_shard,
         .bad = "--shard wants K/N with 1 <= K <= N <= 1000, not '{value}'",
         .metavar = "K/N",
         .help = "run only the K-th of N deterministic slices of the case ids"},
        {.name = "--jobs",
         .kind = DC_OPT_UINT,
         .dest = &o->jobs,
         .size = sizeof o->jobs,
         .min = 1,
         .max = DC_RUNNER_MAX_JOBS,
         .bad = "--jobs wants {min}..{max}, not '{value}'",
         .metavar = "N",
         .help = "cases in parallel (default 1 with --endpoint; 2 per CPU, at most 8,\n"
                 "against the embedded endpoint)"},
        {.name = "--tags",
         .kind = DC_OPT_LIST,
         .dest = o->tags,
         .size = DC_RUNNER_MAX_TAGS,
         .count = &o->ntags,
         .copy = &r->tag_copies[0],
         .seen = &r->tags_given,
         .bad = "{name}: more than {max} tags",
         .metavar = "T,..",
         .help = "only cases with one of these tags (real-aws-only cases need this)"},
        {.name = "--exclude-tags",
         .kind = DC_OPT_LIST,
         .dest = o->exclude_tags,
         .size = DC_RUNNER_MAX_TAGS,
         .count = &o->nexclude_tags,
         .copy = &r->tag_copies[1],
         .bad = "{name}: more than {max} tags",
         .metavar = "T,..",
         .help = "leave out cases with one of these tags"},
        {.name = "--timeout",
         .kind = DC_OPT_UINT,
         .dest = &r->timeout_s,
         .size = sizeof r->timeout_s,
         .min = 1,
         .max = 3600,
         .bad = "--timeout wants seconds {min}..{max}, not '{value}'",
         .metavar = "SEC",
         .help = "per-request timeout (default 30)"},
        {.name = "--region",
         .kind = DC_OPT_STRING,
         .dest = &r->flags.region,
         .metavar = "R",
         .help = "signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)"},
        {.name = "--no-check",
         .kind = DC_OPT_FLAG,
         .dest = &r->no_check,
         .help = "skip the spec response checks (the cases' expectations still run)"},
        {.name = "--verbose",
         .alias = "-v",
         .kind = DC_OPT_FLAG,
         .dest = &r->verbose,
         .help = "one line per request on stderr"},
        {.name = "--record",
         .kind = DC_OPT_STRING,
         .dest = &o->record_dir,
         .metavar = "DIR",
         .help = "store each step's normalized response in DIR/<case id>.json (spec/normalize.json)"},
        {.name = "--compare-to",
         .kind = DC_OPT_STRING,
         .dest = &o->compare_dir,
         .metavar = "DIR",
         .help = "diff each step against DIR/<case id>.json: \"semantic\" failures; unrecorded: skipped"},
        {.name = "--fail-disputed",
         .kind = DC_OPT_FLAG,
         .dest = &o->fail_disputed,
         .help = "a failed case whose sources disagree fails the run (default: reported \"disputed\")"},
        {.name = "--fail-inferred",
         .kind = DC_OPT_FLAG,
         .dest = &o->fail_inferred,
         .help = "a failed case whose expectation is inferred fails the run (default: reported \"inferred\")"},
        {.name = "--plan",
         .kind = DC_OPT_FLAG,
         .dest = &r->plan,
         .help = "send nothing: print what the selected cases would create, the wall time at the\n"
                 "AWS pace and the cost (also DIR/plan.json); see docs/plan-and-sweep.md"},
        {.name = "--yes",
         .kind = DC_OPT_FLAG,
         .dest = &r->yes,
         .help = "against *.amazonaws.com: create without asking (the plan's totals are still shown)"},
        {.name = "--pace",
         .kind = DC_OPT_STRING,
         .dest = &r->pace,
         .metavar = "P[:S]",
         .help = "the real service's pace (spec/pace-aws.json; default for *.amazonaws.com: aws): rate-\n"
                 "limited calls wait for a token shared by all jobs, waiters poll and time out as the\n"
                 "profile says, throttled steps are retried and noted; SCALE 0.05 for serve --pace aws:0.05\n"
                 "(also the embedded endpoint's pace)"},
        {.name = "--wait-scale",
         .kind = DC_OPT_DOUBLE,
         .dest = &r->wait_scale,
         .fmax = 1000,
         .metavar = "F",
         .help = "with --pace: waiters' timeouts times F (restores can take hours: docs/real-aws.md)"},
        {.name = "--test-control",
         .kind = DC_OPT_FLAG,
         .dest = &r->test_control,
         .help = "the endpoint is `ddbconform serve --test-control`: cases that pause run last, one at\n"
                 "a time, and advance its clock (POST " DC_SERVE_TEST_CONTROL_PATH "?advance=SEC) instead of\n"
                 "sleeping (the embedded endpoint always does)"},
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP, .help = "this text"},
    };
    const dc_opts_cmd cmd = {
        .prog = S_PROG,
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}' (see ddbconform run --help)",
        .missing = "{name} needs a value",
        .help_column = 21,
    };
    int rc = dc_opts_parse(&cmd, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        return rc;
    o->level = (dc_check_level)r->level;
    r->jobs_given = o->jobs != 0;
    o->timeout_ms = (long)r->timeout_s * 1000;
    if (!r->tags_given && o->nexclude_tags < DC_RUNNER_MAX_TAGS) {
        bool listed = false;
        for (size_t i = 0; i < o->nexclude_tags; i++)
            listed |= strcmp(o->exclude_tags[i], S_REAL_AWS_ONLY_TAG) == 0;
        if (!listed)
            o->exclude_tags[o->nexclude_tags++] = S_REAL_AWS_ONLY_TAG;
    }
    return DC_OPTS_CONTINUE;
}

/* ---- stage: environment --------------------------------------------------- */

static int s_environment(s_run *r)
{
    dc_aws_env env;
    dc_err err;
    /* no endpoint: run embeds serve */
    if (dc_endpoint_env_resolve(&r->flags, false, NULL, NULL, &env, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return -1;
    }
    r->o.endpoint = env.endpoint;
    r->o.region = env.region;
    r->o.creds = env.creds;
    if (r->o.jobs == 0) {
        /* One case at a time against a real endpoint (its rate limits, facts
         * [S:rate-limits]); the embedded endpoint has none, so use the cores. */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        r->o.jobs = r->o.endpoint != NULL ? 1 : (unsigned)(cpus < 1 ? 2 : cpus * 2 > 8 ? 8 : cpus * 2);
    }
    return 0;
}

/* ---- stage: the pace ------------------------------------------------------ */

/* run --pace (suite/pacing.h); a real AWS endpoint gets the aws profile
 * unasked: its rate limits hold whether the user knows them or not. */
static int s_pace(s_run *r)
{
    if (r->pace == NULL && r->o.endpoint != NULL && strstr(r->o.endpoint, ".amazonaws.com") != NULL)
        r->pace = "aws";
    if (r->pace == NULL)
        return 0;
    dc_pace p;
    dc_err err;
    if (dc_pace_load(dc_data_dir(), r->pace, &p, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return -1;
    }
    r->o.pacing = dc_pacing_new(&p, r->wait_scale);
    fprintf(stderr, S_PROG ": at the pace of profile %s, scale %g (%zu rate-limited operations)\n", p.name, p.scale,
            p.nrates);
    return 0;
}

/* ---- stage: the embedded endpoint ------------------------------------------ */

/* The embedded endpoint's clock, moved in-process. */
static int s_advance_embedded(void *ctx, int64_t ms, dc_err *err)
{
    (void)err;
    dc_vclock_advance_ms(dc_serve_clock(ctx), ms);
    return 0;
}

/* serve --test-control's clock, moved by its control request. */
static int s_advance_over_http(void *ctx, int64_t ms, dc_err *err)
{
    const char *endpoint = ctx;
    dc_buf url;
    dc_buf_init(&url);
    size_t n = strlen(endpoint);
    while (n > 0 && endpoint[n - 1] == '/')
        n--;
    dc_buf_printf(&url, "%.*s%s?advance=%.3f", (int)n, endpoint, DC_SERVE_TEST_CONTROL_PATH, (double)ms / 1000.0);
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = S_PROBE_TIMEOUT_MS;
    dc_http_client *c = dc_http_client_new(&ho, err);
    dc_http_response resp;
    dc_http_response_init(&resp);
    int rc = c ? dc_http_request(c, "POST", (const char *)url.data, NULL, 0, NULL, 0, &resp, err) : -1;
    if (rc == 0 && resp.status != 200)
        rc = dc_fail(err, "POST %s answered HTTP %ld: is the endpoint `ddbconform serve --test-control`?",
                     (const char *)url.data, resp.status);
    dc_http_response_free(&resp);
    dc_http_client_free(c);
    dc_buf_free(&url);
    return rc;
}

/* Without an endpoint: the reference endpoint on a free port, verifying
 * signatures for the same key pair the run signs with. */
static int s_embedded_endpoint(s_run *r)
{
    if (r->o.endpoint != NULL) {
        if (r->test_control) {
            r->o.advance_clock = s_advance_over_http;
            r->o.clock_ctx = (void *)r->o.endpoint;
        }
        return 0;
    }
    dc_serve_options so;
    dc_serve_options_default(&so);
    so.port = 0;
    so.region = r->o.region;
    so.access_key_id = r->o.creds.access_key_id;
    so.secret_access_key = r->o.creds.secret_access_key;
    so.session_token = r->o.creds.session_token;
    so.data_dir = dc_data_dir();
    so.pace = r->pace;
    dc_err err;
    if (dc_serve_start(&so, &r->server, &err) != 0) {
        fprintf(stderr, S_PROG ": cannot start the embedded reference endpoint: %s\n", err.msg);
        return -1;
    }
    snprintf(r->embedded_url, sizeof r->embedded_url, "http://127.0.0.1:%u", (unsigned)dc_serve_port(r->server));
    r->o.endpoint = r->embedded_url;
    r->o.advance_clock = s_advance_embedded;
    r->o.clock_ctx = r->server;
    return 0;
}

/* ---- stage: inputs --------------------------------------------------------- */

static int s_inputs(s_run *r)
{
    dc_runner_opts *o = &r->o;
    dc_err err;
    if (r->ncase_paths == 0) {
        snprintf(r->default_cases, sizeof r->default_cases, "%s/cases", dc_data_dir());
        r->case_paths[r->ncase_paths++] = r->default_cases;
    }
    for (size_t i = 0; i < r->ncase_paths; i++)
        if (dc_cases_find(r->case_paths[i], &r->refs, &r->nrefs, &err) != 0)
            goto fail;
    if (r->baseline_file != NULL) {
        if (dc_baseline_load(r->baseline_file, &r->baseline, &err) != 0)
            goto fail;
        r->have_baseline = true;
        o->baseline = &r->baseline;
    }
    if (o->record_dir != NULL && o->compare_dir != NULL && strcmp(o->record_dir, o->compare_dir) == 0) {
        fprintf(stderr, S_PROG ": --record and --compare-to name the same folder '%s'\n", o->record_dir);
        return -1;
    }
    if (o->compare_dir != NULL && access(o->compare_dir, R_OK | X_OK) != 0) {
        fprintf(stderr, S_PROG ": --compare-to %s: %s\n", o->compare_dir, strerror(errno));
        return -1;
    }
    if (o->record_dir != NULL || o->compare_dir != NULL) {
        if (dc_norm_rules_load(dc_data_dir(), &r->norm, &err) != 0)
            goto fail;
        o->norm = r->norm;
    }
    if (dc_spec_load(dc_data_dir(), &r->spec, &err) != 0) {
        fprintf(stderr, S_PROG ": cannot load the spec: %s\n", err.msg);
        return -1;
    }
    /* loaded with --no-check too: the wire constants and the report's operation groups come from it */
    o->spec = r->spec;
    o->catalog = r->spec;
    o->no_check = r->no_check;
    return 0;
fail:
    fprintf(stderr, S_PROG ": %s\n", err.msg);
    return -1;
}

/* ---- stage: the plan, and the question before a real account is billed ------- */

/* The plan of the selected cases; NULL after printing why not. */
static dc_plan *s_make_plan(const s_run *r)
{
    dc_plan *p = NULL;
    dc_err err;
    if (dc_plan_new(dc_data_dir(), &p, &err) != 0 || dc_plan_add(p, &r->o, r->refs, r->nrefs, &err) != 0) {
        fprintf(stderr, S_PROG ": --plan: %s\n", err.msg);
        dc_plan_free(p);
        return NULL;
    }
    return p;
}

static unsigned s_plan_jobs(const s_run *r)
{
    return r->jobs_given ? r->o.jobs : 1;
}

/* --plan: prints the plan on stdout and writes DIR/plan.json; sends nothing. */
static int s_plan_only(const s_run *r)
{
    dc_plan *p = s_make_plan(r);
    if (p == NULL)
        return DC_EXIT_USAGE;
    dc_err err;
    char path[PATH_MAX];
    int rc = DC_EXIT_OK;
    snprintf(path, sizeof path, "%s/plan.json", r->report_dir);
    dc_plan_print(p, s_plan_jobs(r), r->o.endpoint, stdout);
    if (dc_mkdirs(r->report_dir, &err) != 0 || dc_plan_write_json(p, s_plan_jobs(r), r->o.endpoint, path, &err) != 0) {
        fprintf(stderr, S_PROG ": cannot write %s: %s\n", path, err.msg);
        rc = DC_EXIT_USAGE;
    } else {
        printf("plan: %s\n", path);
    }
    dc_plan_free(p);
    return rc;
}

/* true when the endpoint's host is the real service's (*.amazonaws.com, *.amazonaws.com.cn). */
static bool s_is_real_aws(const char *endpoint)
{
    const char *h = strstr(endpoint, "://");
    h = h ? h + 3 : endpoint;
    size_t n = strcspn(h, ":/?#");
    static const char *const suffixes[] = {".amazonaws.com", ".amazonaws.com.cn"};
    for (size_t i = 0; i < DC_ARRAY_LEN(suffixes); i++) {
        size_t k = strlen(suffixes[i]);
        if (n >= k && strncasecmp(h + n - k, suffixes[i], k) == 0)
            return true;
    }
    return false;
}

/* Against the real service: the plan's totals, then --yes or a "yes" typed on
 * a terminal before anything is created. */
static int s_confirm(const s_run *r)
{
    if (!s_is_real_aws(r->o.endpoint))
        return 0;
    dc_plan *p = s_make_plan(r);
    if (p == NULL)
        return -1;
    dc_plan_print(p, r->o.jobs, r->o.endpoint, stderr);
    dc_plan_free(p);
    if (r->yes)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
        fprintf(stderr,
                S_PROG ": %s is the real service: the run above would be billed; pass --yes to go ahead "
                       "(run --plan shows the plan alone)\n",
                r->o.endpoint);
        return -1;
    }
    fprintf(stderr, "Create these on %s? Type yes to go ahead: ", r->o.endpoint);
    char line[16] = "";
    if (fgets(line, sizeof line, stdin) == NULL || strncmp(line, "yes", 3) != 0 || (line[3] != '\n' && line[3])) {
        fprintf(stderr, S_PROG ": not confirmed; nothing was sent\n");
        return -1;
    }
    return 0;
}

/* ---- stage: reachability probe ----------------------------------------------- */

/* The endpoint must answer at all before cases are judged. */
static int s_probe(const s_run *r)
{
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = r->o.timeout_ms ? r->o.timeout_ms : S_PROBE_TIMEOUT_MS;
    dc_err err;
    dc_http_client *probe = dc_http_client_new(&ho, &err);
    dc_http_response resp;
    dc_http_response_init(&resp);
    int rc = probe ? dc_http_request(probe, "GET", r->o.endpoint, NULL, 0, NULL, 0, &resp, &err) : -1;
    dc_http_response_free(&resp);
    dc_http_client_free(probe);
    if (rc != 0)
        fprintf(stderr, S_PROG ": endpoint %s is unreachable: %s\n", r->o.endpoint, err.msg);
    return rc;
}

/* ---- stage: the run ----------------------------------------------------------- */

static int s_execute(s_run *r)
{
    r->o.progress = stderr;
    r->o.verbose = r->verbose ? stderr : NULL;
    r->o.stop = &s_stop;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = s_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    r->res.tool_version = dc_xstrdup(DC_VERSION);
    /* every name the run gives carries it: `ddbconform sweep` finds what a killed run left */
    dc_run_id_new(r->run_id);
    r->o.run_id = r->run_id;
    fprintf(stderr, "run id %s (resource names start with " DC_UNIQUE_PREFIX "%s-)\n", r->run_id, r->run_id);
    dc_err err;
    if (dc_runner_run(&r->o, r->refs, r->nrefs, &r->res, &err) != 0) {
        fprintf(stderr, S_PROG ": %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* ---- stage: the report ---------------------------------------------------------- */

/* Writes the report files and the console summary; returns the exit code. */
static int s_report(s_run *r)
{
    if (r->server != NULL) { /* the embedded endpoint is the same in every run, whatever its free port */
        free(r->res.endpoint);
        r->res.endpoint = dc_xstrdup("embedded");
    }
    dc_err err;
    if (dc_report_write(&r->res, r->report_dir, &err) != 0) {
        dc_report_console(stderr, &r->res, NULL);
        fprintf(stderr, S_PROG ": cannot write the report: %s\n", err.msg);
        return DC_EXIT_USAGE;
    }
    dc_report_console(stderr, &r->res, r->report_dir);
    if (r->o.pacing != NULL) {
        size_t retried, given_up;
        dc_pacing_tally(&r->res, &retried, &given_up);
        if (retried > 0 || given_up > 0)
            fprintf(stderr, S_PROG ": throttled: %zu calls retried, %zu cases given up (skipped); see the notes\n",
                    retried, given_up);
    }
    if (r->res.interrupted)
        return DC_EXIT_USAGE;
    return dc_runner_has_failures(&r->res) ? DC_EXIT_FAIL : DC_EXIT_OK;
}

static void s_run_free(s_run *r)
{
    signal(SIGINT, SIG_DFL);
    dc_serve_stop(r->server);
    dc_pacing_free(r->o.pacing);
    dc_run_result_free(&r->res);
    if (r->have_baseline)
        dc_baseline_free(&r->baseline);
    if (r->spec != NULL)
        dc_spec_free(r->spec);
    dc_case_refs_free(r->refs, r->nrefs);
    dc_norm_rules_free(r->norm);
    free(r->tag_copies[0]);
    free(r->tag_copies[1]);
}

int dc_cmd_run(int argc, char **argv)
{
    s_run *r = dc_xcalloc(1, sizeof *r);
    r->report_dir = S_DEFAULT_REPORT_DIR;
    dc_run_result_init(&r->res);
    int rc = s_options(r, argc, argv);
    if (rc != DC_OPTS_CONTINUE)
        goto cleanup;
    rc = DC_EXIT_USAGE;
    if (r->plan) {
        /* nothing is started or sent: no embedded endpoint, no probe */
        if (s_environment(r) == 0 && s_inputs(r) == 0)
            rc = s_plan_only(r);
        goto cleanup;
    }
    if (s_environment(r) != 0 || s_pace(r) != 0 || s_embedded_endpoint(r) != 0 || s_inputs(r) != 0 ||
        s_confirm(r) != 0 || s_probe(r) != 0 || s_execute(r) != 0)
        goto cleanup;
    rc = s_report(r);
cleanup:
    s_run_free(r);
    free(r);
    return rc;
}
