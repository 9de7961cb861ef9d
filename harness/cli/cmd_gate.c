/* cmd_gate.c - `ddbconform gate ... -- COMMAND [ARG...]`: the reference endpoint
 * on a free 127.0.0.1 port with fresh test credentials, COMMAND run against it
 * with the AWS_* variables set (and every way to a real account shut), bounded
 * by --timeout; then the endpoint stops and the judge's verdict and reports
 * are written (gate/session.h). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "endpoint/faults.h"
#include "endpoint/serve.h"
#include "gate/session.h"
#include "core/wipe.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_DEFAULT_TIMEOUT_S 600
#define S_MAX_TIMEOUT_S 86400
#define S_GRACE_MS 5000 /* SIGTERM to SIGKILL when COMMAND must be stopped */
#define S_MAX_DURATION_MS (INT64_C(24) * 3600 * 1000)

static const char *const s_levels[] = {"strict", "compat", NULL}; /* --level: DC_GATE_STRICT, DC_GATE_COMPAT */

extern char **environ;

/* Variables COMMAND must not inherit: each could lead an SDK to a real account
 * or away from the endpoint. Others (AWS_RETRY_MODE, AWS_MAX_ATTEMPTS, ...)
 * pass, so a retry mode can be gated. */
static const char *const s_dropped[] = {
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_SDK_LOAD_CONFIG",
    "AWS_CREDENTIAL_PROFILES_FILE",
};

static void s_usage(const dc_opts_cmd *cmd, FILE *out)
{
    (void)cmd;
    fprintf(out,
            "usage: ddbconform gate [--faults SPEC|default|none] [--require-exercised] [--report-dir DIR]\n"
            "                       [--timeout SEC] [--level strict|compat] [--region R] [--table-create-ms N]\n"
            "                       [--table-delete-ms N] [--backup-ms N] [--restore-ms N] [--backups-enabling-ms N]\n"
            "                       [--pitr-lag-ms N] [--test-control] [--log] -- COMMAND [ARG...]\n"
            "  Runs the reference endpoint on a free 127.0.0.1 port with fresh test credentials, runs COMMAND\n"
            "  with AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"
            "  AWS_REGION and AWS_DEFAULT_REGION set (AWS_PROFILE, AWS_SESSION_TOKEN and the shared credential\n"
            "  and config files neutralised, AWS_EC2_METADATA_DISABLED=true), and judges the client against\n"
            "  the rules of spec/client-rules.json. --faults (serve's: throttle=P,error500=P,reset=P,truncate=P,\n"
            "  badcrc=P,sparelast=0|1,seed=N) exercises the retry rules; without it (or with 'default') gate\n"
            "  injects its default profile (%s), 'none' injects nothing.\n"
            "  --require-exercised fails the run when a retry rule was not exercised. --log prints one line\n"
            "  per request (operation, status, fault). --timeout (default %d s) bounds COMMAND.\n"
            "  Writes DIR/client-report.json, DIR/junit.xml, DIR/report.html (default DIR reports/gate).\n"
            "  Exit 0: COMMAND exited 0 and no client rule failed; 1: a rule failed, COMMAND failed, was\n"
            "  killed or timed out, or never talked to the endpoint; 2: usage or set-up error, COMMAND not found.\n",
            DC_FAULTS_DEFAULT, S_DEFAULT_TIMEOUT_S);
}

static int64_t s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fresh credentials that look like AWS's and match nothing real. */
static int s_fresh_credentials(char akid[21], char secret[41])
{
    static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static const char any[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint8_t r[52];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return -1;
    memcpy(akid, "AKIDGATE", 8);
    for (int i = 0; i < 12; i++)
        akid[8 + i] = upper[r[i] % 32];
    akid[20] = '\0';
    for (int i = 0; i < 40; i++)
        secret[i] = any[r[12 + i] % 64];
    secret[40] = '\0';
    return 0;
}

static bool s_dropped_var(const char *entry)
{
    size_t n = strcspn(entry, "=");
    if (n >= 16 && strncmp(entry, "AWS_ENDPOINT_URL", 16) == 0)
        return true;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_dropped); i++)
        if (strlen(s_dropped[i]) == n && strncmp(entry, s_dropped[i], n) == 0)
            return true;
    return false;
}

/* environ minus s_dropped, plus ours; strings in *owned (free each, then the array). */
static char **s_child_env(char ***owned, size_t *nowned, const char *const *add, size_t nadd)
{
    size_t n = 0;
    while (environ[n] != NULL)
        n++;
    char **env = dc_xcalloc(n + nadd + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!s_dropped_var(environ[i]))
            env[k++] = environ[i];
    *owned = dc_xcalloc(nadd + 1, sizeof **owned);
    *nowned = nadd;
    for (size_t i = 0; i < nadd; i++)
        env[k++] = (*owned)[i] = dc_xstrdup(add[i]);
    return env;
}

/* Waits for the child until deadline_ms (monotonic; -1 = forever) or a
 * SIGINT/SIGTERM. Returns 1 when it ended (*status set), 0 at the deadline,
 * -sig when a signal came. Every signal of set is blocked in all threads. */
static int s_wait_child(pid_t pid, int64_t deadline_ms, const sigset_t *set, int *status)
{
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid)
            return 1;
        int64_t left = deadline_ms < 0 ? 1000 : deadline_ms - s_now_ms();
        if (left <= 0)
            return 0;
        if (left > 1000)
            left = 1000;
        struct timespec ts = {.tv_sec = (time_t)(left / 1000), .tv_nsec = (long)(left % 1000) * 1000000L};
        int sig = sigtimedwait(set, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM)
            return -sig;
    }
}

/* SIGTERM to COMMAND's process group, SIGKILL after the grace time. */
static void s_stop_child(pid_t pid, const sigset_t *set, int *status)
{
    kill(-pid, SIGTERM);
    if (s_wait_child(pid, s_now_ms() + S_GRACE_MS, set, status) == 1)
        return;
    kill(-pid, SIGKILL);
    waitpid(pid, status, 0);
}

/* What the command line asks for. */
typedef struct {
    dc_serve_options serve;
    const char *report_dir;
    int64_t timeout_s;
    bool require_exercised;
    dc_gate_level level;
    int cmd_at; /* argv index of COMMAND */
} s_gate_args;

/* Stage 1: the options (cli/opts.h); DC_OPTS_CONTINUE or the exit code. */
static int s_parse_args(int argc, char **argv, s_gate_args *a)
{
    dc_serve_options_default(&a->serve);
    a->serve.port = 0;
    a->report_dir = "reports/gate";
    a->timeout_s = S_DEFAULT_TIMEOUT_S;
    a->require_exercised = false;
    a->level = DC_GATE_STRICT;
    a->cmd_at = -1;
    int level_index = 0;
    bool log = false;
    const char *ms_bad = "{name} {value}: expected a number from {min} to {max}";
    const dc_opt opts[] = {
        {.name = "--help", .alias = "-h", .kind = DC_OPT_HELP},
        {.name = "--test-control", .kind = DC_OPT_FLAG, .dest = &a->serve.test_control},
        {.name = "--log", .kind = DC_OPT_FLAG, .dest = &log},
        {.name = "--require-exercised", .kind = DC_OPT_FLAG, .dest = &a->require_exercised},
        {.name = "--faults", .kind = DC_OPT_STRING, .dest = &a->serve.faults},
        {.name = "--report-dir", .kind = DC_OPT_STRING, .dest = &a->report_dir},
        {.name = "--region", .kind = DC_OPT_STRING, .dest = &a->serve.region},
        {.name = "--timeout",
         .kind = DC_OPT_UINT,
         .dest = &a->timeout_s,
         .size = sizeof a->timeout_s,
         .min = 1,
         .max = S_MAX_TIMEOUT_S,
         .bad = ms_bad},
        {.name = "--level",
         .kind = DC_OPT_CHOICE,
         .dest = &level_index,
         .choices = s_levels,
         .bad = "{name} {value}: expected strict or compat"},
        {.name = "--table-create-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.table_create_ms,
         .size = sizeof a->serve.model.table_create_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
        {.name = "--table-delete-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.table_delete_ms,
         .size = sizeof a->serve.model.table_delete_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
        {.name = "--backup-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.backup_create_ms,
         .size = sizeof a->serve.model.backup_create_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
        {.name = "--restore-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.restore_ms,
         .size = sizeof a->serve.model.restore_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
        {.name = "--backups-enabling-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.backups_enabling_ms,
         .size = sizeof a->serve.model.backups_enabling_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
        {.name = "--pitr-lag-ms",
         .kind = DC_OPT_UINT,
         .dest = &a->serve.model.pitr_lag_ms,
         .size = sizeof a->serve.model.pitr_lag_ms,
         .max = S_MAX_DURATION_MS,
         .bad = ms_bad},
    };
    const dc_opts_cmd oc = {
        .prog = "ddbconform gate",
        .opts = opts,
        .nopts = DC_ARRAY_LEN(opts),
        .usage = s_usage,
        .unknown = "unknown option '{name}' (see --help)",
        .missing = "{name} needs a value (see --help)",
        .unknown_takes_value = true,
        .end_of_options = "--",
        .rest_at = &a->cmd_at,
    };
    int prc = dc_opts_parse(&oc, argc, argv);
    if (prc != DC_OPTS_CONTINUE)
        return prc;
    if (log)
        a->serve.log = stderr;
    if (a->serve.faults == NULL)
        a->serve.faults = "default"; /* the retry rules need faults to judge anything */
    a->level = level_index == 1 ? DC_GATE_COMPAT : DC_GATE_STRICT;
    if (a->cmd_at < 0 || a->cmd_at >= argc) {
        fprintf(stderr, "ddbconform gate: expected -- COMMAND [ARG...] (see --help)\n");
        return DC_EXIT_USAGE;
    }

    return DC_OPTS_CONTINUE;
}

/* Stage 3: COMMAND's environment: ours minus s_dropped, plus the endpoint,
 * the fresh credentials and empty shared credential/config files. */
static char **s_gate_env(const char *endpoint, const char *region, const char *akid, const char *secret,
                         const char *creds_file, const char *config_file, char ***owned, size_t *nowned)
{
    char add[10][160];
    snprintf(add[0], sizeof add[0], "AWS_ENDPOINT_URL_DYNAMODB=%s", endpoint);
    snprintf(add[1], sizeof add[1], "AWS_ENDPOINT_URL=%s", endpoint);
    snprintf(add[2], sizeof add[2], "AWS_ACCESS_KEY_ID=%s", akid);
    snprintf(add[3], sizeof add[3], "AWS_SECRET_ACCESS_KEY=%s", secret);
    snprintf(add[4], sizeof add[4], "AWS_REGION=%s", region);
    snprintf(add[5], sizeof add[5], "AWS_DEFAULT_REGION=%s", region);
    snprintf(add[6], sizeof add[6], "AWS_SHARED_CREDENTIALS_FILE=%s", creds_file);
    snprintf(add[7], sizeof add[7], "AWS_CONFIG_FILE=%s", config_file);
    snprintf(add[8], sizeof add[8], "AWS_EC2_METADATA_DISABLED=true");
    snprintf(add[9], sizeof add[9], "AWS_CREDENTIAL_PROFILES_FILE=%s", creds_file);
    const char *adds[10];
    for (int i = 0; i < 10; i++)
        adds[i] = add[i];
    char **env = s_child_env(owned, nowned, adds, 10);
    dc_wipe(add[3], sizeof add[3]); /* the secret */
    return env;
}

/* SIGCHLD, SIGINT and SIGTERM go to sigtimedwait (s_run_command), not to
 * the server's threads (they inherit this mask). */
static void s_block_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGCHLD);
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

/* The --faults text the report shows: "default" spelled out. */
static void s_faults_shown(const char *faults, char *out, size_t cap)
{
    if (strncmp(faults, "default", 7) == 0)
        snprintf(out, cap, "%s (default: %s)", faults, DC_FAULTS_DEFAULT);
    else
        snprintf(out, cap, "%s", faults);
}

/* The child's environment (s_gate_env): the secret's entry wiped, then freed. */
static void s_env_free(char **env, char **owned, size_t nowned)
{
    for (size_t i = 0; i < nowned; i++) {
        if (strncmp(owned[i], "AWS_SECRET_ACCESS_KEY=", 22) == 0)
            dc_wipe_str(owned[i]);
        free(owned[i]);
    }
    free(owned);
    free(env);
}

/* The temporary folder of the empty credentials and config files. */
static void s_remove_tmp(const char *tmpdir)
{
    char path[64];
    snprintf(path, sizeof path, "%s/credentials", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/config", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

/* Stage 4: COMMAND in its own process group, bounded by cmd->timeout_s and
 * stopped on SIGINT/SIGTERM (*interrupted: the signal); fills cmd's outcome. */
static void s_run_command(char *const *argv, char *const *env, const sigset_t *set, dc_gate_command *cmd,
                          int *interrupted)
{
    int64_t t0 = s_now_ms();
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, deflt;
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGINT);
    sigaddset(&deflt, SIGTERM);
    sigaddset(&deflt, SIGCHLD);
    sigaddset(&deflt, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &deflt);
    posix_spawnattr_setpgroup(&attr, 0); /* its own group: a timeout stops its children too */
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    pid_t pid = 0;
    int serr = posix_spawnp(&pid, argv[0], NULL, &attr, argv, env);
    posix_spawnattr_destroy(&attr);
    if (serr != 0) {
        cmd->not_found = true; /* the verdict line says so */
    } else {
        int status = 0;
        int w = s_wait_child(pid, t0 + (int64_t)cmd->timeout_s * 1000, set, &status);
        if (w == 0) {
            cmd->timed_out = true;
            fprintf(stderr, "ddbconform gate: %s did not finish within %lld s: stopping it\n", argv[0],
                    (long long)cmd->timeout_s);
            s_stop_child(pid, set, &status);
        } else if (w < 0) {
            *interrupted = -w;
            fprintf(stderr, "ddbconform gate: %s: stopping %s\n", *interrupted == SIGINT ? "SIGINT" : "SIGTERM",
                    argv[0]);
            s_stop_child(pid, set, &status);
        } else {
            kill(-pid, SIGTERM); /* what COMMAND left running in its group */
        }
        if (!cmd->timed_out && WIFEXITED(status))
            cmd->exit_code = WEXITSTATUS(status);
        else if (!cmd->timed_out && WIFSIGNALED(status))
            cmd->signal = WTERMSIG(status);
    }
    cmd->duration_ms = s_now_ms() - t0;
}

int dc_cmd_gate(int argc, char **argv)
{
    s_gate_args a;
    int prc = s_parse_args(argc, argv, &a);
    if (prc != DC_OPTS_CONTINUE)
        return prc;
    dc_serve_options opt = a.serve;

    sigset_t set;
    s_block_signals(&set);

    int rc = DC_EXIT_USAGE;
    char akid[21], secret[41];
    char tmpdir[] = "/tmp/ddbconform-gate-XXXXXX";
    bool have_tmp = false;
    dc_gate_session *session = NULL;
    dc_serve *serve = NULL;
    char **env = NULL, **owned = NULL;
    size_t nowned = 0;
    dc_err err;
    if (s_fresh_credentials(akid, secret) != 0) {
        fprintf(stderr, "ddbconform gate: cannot draw fresh credentials: %s\n", strerror(errno));
        goto cleanup;
    }
    opt.access_key_id = akid;
    opt.secret_access_key = secret;
    dc_gate_session_options so = {a.level, opt.region, akid, secret, NULL};
    if (dc_gate_session_new(dc_data_dir(), &so, &session, &err) != 0) {
        fprintf(stderr, "ddbconform gate: %s\n", err.msg);
        goto cleanup;
    }
    dc_gate_session_attach(session, &opt);
    if (dc_serve_start(&opt, &serve, &err) != 0) {
        fprintf(stderr, "ddbconform gate: %s\n", err.msg);
        goto cleanup;
    }
    if (mkdtemp(tmpdir) == NULL) {
        fprintf(stderr, "ddbconform gate: cannot create a temporary folder: %s\n", strerror(errno));
        goto cleanup;
    }
    have_tmp = true;
    char creds_file[64], config_file[64], endpoint[64];
    snprintf(creds_file, sizeof creds_file, "%s/credentials", tmpdir);
    snprintf(config_file, sizeof config_file, "%s/config", tmpdir);
    snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%u", (unsigned)dc_serve_port(serve));
    if (dc_write_file_atomic(creds_file, "", 0, &err) != 0 || dc_write_file_atomic(config_file, "", 0, &err) != 0) {
        fprintf(stderr, "ddbconform gate: %s\n", err.msg);
        goto cleanup;
    }
    env = s_gate_env(endpoint, opt.region, akid, secret, creds_file, config_file, &owned, &nowned);

    fprintf(stderr, "ddbconform gate: endpoint %s (region %s, faults %s); running %s\n", endpoint, opt.region,
            opt.faults ? opt.faults : "none", argv[a.cmd_at]);
    dc_gate_command cmd = {
        .argv = (const char *const *)(argv + a.cmd_at),
        .argc = (size_t)(argc - a.cmd_at),
        .timeout_s = (int)a.timeout_s,
        .exit_code = -1,
    };
    char faults_shown[DC_FAULTS_SPEC_MAX + 128];
    s_faults_shown(opt.faults, faults_shown, sizeof faults_shown);
    time_t wall = time(NULL);
    int64_t t0 = s_now_ms();
    int interrupted = 0;
    s_run_command(argv + a.cmd_at, env, &set, &cmd, &interrupted);

    dc_serve_stop(serve);
    serve = NULL;
    char started[32];
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&wall));
    const char *secrets[] = {secret, NULL};
    dc_gate_run run = {
        .version = DC_VERSION,
        .endpoint = endpoint,
        .region = opt.region,
        .faults = faults_shown,
        .require_exercised = a.require_exercised,
        .level = a.level,
        .started = started,
        .duration_ms = s_now_ms() - t0,
        .command = &cmd,
        .secrets = secrets,
    };
    rc = dc_gate_session_finish(session, &run, a.report_dir, stderr);
    if (interrupted != 0 && rc == 0)
        rc = DC_EXIT_FAIL;

cleanup:
    dc_serve_stop(serve);
    dc_gate_session_free(session);
    s_env_free(env, owned, nowned);
    if (have_tmp)
        s_remove_tmp(tmpdir);
    dc_wipe(secret, sizeof secret); /* a memset here would be a dead store, dropped at -O2 */
    return rc;
}
