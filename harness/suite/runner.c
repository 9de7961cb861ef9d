/* runner.c - runs golden cases against an endpoint (see runner.h). */
#include "suite/runner.h"

#include <fnmatch.h>
#include <math.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wire/http.h"
#include "core/json.h"
#include "suite/exchange.h"
#include "suite/expect.h"
#include "suite/names.h"
#include "suite/report.h"
#include "wire/awsjson.h"

/* ---- small helpers ------------------------------------------------------ */

static int64_t s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void s_sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    nanosleep(&ts, NULL);
}

static void s_hex(const uint8_t *b, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = '\0';
}

static void s_random(uint8_t *b, size_t n)
{
    if (RAND_bytes(b, (int)n) != 1) {
        /* libcrypto's CSPRNG failing leaves names merely less unique; the
         * clock keeps two runs apart */
        uint64_t t = (uint64_t)s_now_ms() ^ (uint64_t)time(NULL);
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)(t >> (8 * (i % 8)));
    }
}

bool dc_runner_in_shard(const char *id, unsigned k, unsigned n)
{
    if (n == 0)
        return true;
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % n == k - 1;
}

/* ---- shared run state --------------------------------------------------- */

typedef struct {
    dc_case c; /* loaded case (zeroed when the file was malformed) */
    bool loaded;
    char *load_error;
    dc_case_result *res;
} s_item;

typedef struct {
    const dc_runner_opts *o;
    dc_http_endpoint ep; /* url, Host header, signing path */
    s_item *items;
    size_t nitems;
    size_t *order; /* the items of the current phase, by index into items */
    size_t norder;
    size_t next; /* next entry of order to run */
    size_t done;
    size_t nfailed; /* for the progress line */
    pthread_mutex_t mu;
    bool virtual_phase; /* the clocked cases' phase: one worker, virtual time */
    char **unsupported; /* operations answered with UnknownOperationException */
    size_t nunsupported;
    dc_run_result *out;
    char run_id[DC_RUN_ID_LEN + 1]; /* in every ${unique} (suite/names.h) */
    dc_exchange_target target;      /* where and how steps are sent (ep above) */
} s_run;

static void s_mark_unsupported(s_run *run, const char *op)
{
    pthread_mutex_lock(&run->mu);
    bool seen = false;
    for (size_t i = 0; i < run->nunsupported && !seen; i++)
        seen = strcmp(run->unsupported[i], op) == 0;
    if (!seen) {
        run->unsupported = dc_xrealloc(run->unsupported, (run->nunsupported + 1) * sizeof(char *));
        run->unsupported[run->nunsupported++] = dc_xstrdup(op);
    }
    pthread_mutex_unlock(&run->mu);
}

static bool s_is_unsupported(s_run *run, const char *op)
{
    for (size_t i = 0; i < run->nunsupported; i++)
        if (strcmp(run->unsupported[i], op) == 0)
            return true;
    return false;
}

/* ---- one HTTP exchange -------------------------------------------------- */

typedef enum { S_OK, S_FAILED, S_UNSUPPORTED, S_STOPPED } s_outcome;

typedef struct {
    s_run *run;
    dc_http_client *http;
    size_t requests; /* timing totals of this thread, merged into the result at its end */
    int64_t wire_us;
    int64_t harness_us;
    bool virtual_time;   /* pauses and poll intervals advance the endpoint's clock (clocked cases, run alone) */
    int64_t advanced_ms; /* how far the current case moved the clock: taken back after it */
} s_worker;

typedef dc_expect_sink s_sink;

/* ---- steps ---------------------------------------------------------------- */

typedef struct {
    s_worker *w;
    const dc_case *c;
    dc_case_result *res;
    dc_vars *vars;
    const char *unsupported_op; /* set when a step met UnknownOperationException */
    bool excerpt_taken;
    dc_norm *norm; /* placeholder state, with --record / --compare-to */
    dc_buf rec;    /* --record: the normalized steps so far, comma-separated */
    size_t nrec;
    dc_json_doc recorded; /* --compare-to: the recording of this case */
    dc_record_cmp *cmp;   /* --compare-to: placeholder correspondence so far */
    bool have_recorded;
    int last_step;       /* index of the last main step that sent a request */
    char *throttled_out; /* run --pace: the step given up after throttling (the case is skipped) */
    bool in_cleanup;     /* the step running is a cleanup step */
} s_case_ctx;

/* dc_exchange_send at the pace of run --pace (suite/pacing.h): a token of op's rate
 * first; a throttling answer the call does not expect is noted and retried
 * after a backoff, never judged. After the last attempt a main step gives the
 * case up (cx->throttled_out: skipped, not failed); a cleanup step's answer
 * becomes a note as usual. Without --pace, dc_exchange_send. */
static int s_send_paced(s_case_ctx *cx, const dc_call *call, const char *path, dc_exchange *x, dc_err *err)
{
    const dc_runner_opts *o = cx->w->run->o;
    const char *expected = call->has_expect ? call->expect.error : NULL;
    for (unsigned attempt = 1;; attempt++) {
        if (o->pacing != NULL)
            dc_pacing_acquire(o->pacing, call->op, o->stop);
        int rc = dc_exchange_send(cx->w->http, &cx->w->run->target, call, cx->vars, path, x, err);
        if (o->pacing != NULL)
            dc_pacing_release(o->pacing, call->op);
        if (o->pacing == NULL || rc != 0 || !x->have_response ||
            !dc_pacing_throttled(x->error_name, x->message, expected))
            return rc;
        int64_t delay = dc_pacing_backoff_ms(o->pacing, attempt);
        if (delay < 0 || (o->stop != NULL && *o->stop)) {
            if (!cx->in_cleanup && cx->throttled_out == NULL)
                cx->throttled_out =
                    dc_strf("%s (%s) answered %s after %u attempts", path, call->op, x->error_name, attempt);
            return rc;
        }
        dc_case_result_note(cx->res, DC_PACING_NOTE "%s (%s) answered %s '%s'; retried after %lld ms (attempt %u)",
                            path, call->op, x->error_name, x->message ? x->message : "", (long long)delay, attempt + 1);
        dc_exchange_free(x);
        dc_exchange_init(x);
        dc_pacing_sleep_ms(delay, o->stop);
    }
}

/* Lets s seconds pass for the case: on the endpoint's clock when the worker
 * runs clocked cases alone with the clock in hand, else by sleeping. */
static int s_pass_time(s_worker *w, double s, dc_err *err)
{
    if (w->virtual_time) {
        const dc_runner_opts *o = w->run->o;
        int64_t ms = (int64_t)(s * 1000.0 + 0.5);
        if (o->advance_clock(o->clock_ctx, ms, err) != 0)
            return -1;
        w->advanced_ms += ms;
        return 0;
    }
    s_sleep_s(s);
    return 0;
}

/* One exchange's time: wire (curl) vs the rest of [t0, now). */
static void s_account(s_worker *w, const dc_exchange *x, int64_t t0)
{
    if (!x->sent)
        return;
    int64_t all = s_now_us() - t0;
    int64_t wire = x->resp.total_us < all ? x->resp.total_us : all;
    w->requests++;
    w->wire_us += wire;
    w->harness_us += all - wire;
}

/* --record / --compare-to: normalizes the step's answer, keeps it for the
 * recording and diffs it against the recorded one. */
static void s_record_step(s_case_ctx *cx, const dc_step *st, const dc_exchange *x)
{
    const dc_runner_opts *o = cx->w->run->o;
    dc_buf etype, one;
    dc_buf_init(&etype);
    dc_buf_init(&one);
    if (x->error_name != NULL)
        dc_buf_printf(&etype, "%s%s%s", x->error_ns ? x->error_ns : "", x->error_ns ? "#" : "", x->error_name);
    dc_norm_step ns = {st->index, st->call.op, x->have_response ? &x->resp : NULL,
                       dc_http_error_kind_name(x->resp.error), etype.len ? (const char *)etype.data : NULL};
    dc_norm_step_json(cx->norm, &ns, 4, &one);
    cx->last_step = st->index;
    if (o->record_dir != NULL) {
        if (cx->nrec++ > 0)
            dc_buf_puts(&cx->rec, ",\n    ");
        dc_buf_append(&cx->rec, one.data, one.len);
    }
    if (o->compare_dir != NULL && cx->have_recorded) {
        const dc_json *want = dc_record_find_step(cx->recorded.root, st->index);
        dc_json_doc got;
        dc_err err;
        if (want == NULL) {
            dc_case_result_fail(cx->res, st->index, "semantic", "", "(no such step in the recording)", st->call.op);
        } else if (dc_json_parse(one.data, one.len, &got, &err) != 0) {
            dc_case_result_fail(cx->res, st->index, "semantic", "", "a normalized response", err.msg);
        } else {
            dc_mismatches m;
            dc_mismatches_init(&m);
            dc_record_diff(cx->cmp, want, got.root, o->level == DC_CHECK_COMPAT, &m);
            for (size_t i = 0; i < m.count; i++)
                dc_case_result_fail(cx->res, st->index, "semantic", m.items[i].path, m.items[i].expected,
                                    m.items[i].actual);
            if (m.dropped > 0) {
                char more[64];
                snprintf(more, sizeof more, "%zu more differences", m.dropped);
                dc_case_result_fail(cx->res, st->index, "semantic", "", "(see above)", more);
            }
            dc_mismatches_free(&m);
            dc_json_doc_free(&got);
        }
    }
    dc_buf_free(&etype);
    dc_buf_free(&one);
}

static void s_take_excerpt(s_case_ctx *cx, const dc_exchange *x)
{
    if (cx->excerpt_taken)
        return;
    cx->excerpt_taken = true;
    cx->res->request = dc_xstrndup((const char *)x->request_text.data, x->request_text.len);
    dc_buf r;
    dc_buf_init(&r);
    dc_exchange_response_text(x, &r);
    cx->res->response = dc_buf_take(&r);
}

/* Adds the check module's failures for this response. */
static void s_add_check_failures(const dc_exchange *x, s_sink *s)
{
    for (size_t i = 0; i < x->check.nfailures; i++) {
        const dc_failure *f = &x->check.failures[i];
        dc_expect_fail(s, dc_failure_kind_name(f->kind), f->path, f->expected, f->actual);
    }
}

/* The check module's notes (a member the spec does not know: forward
 * compatibility, [S:rule-forward-compat]) become the case's notes: "<Op>: <note> (step N)",
 * once per operation and note, at most S_MAX_CHECK_NOTES per case. */
#define S_MAX_CHECK_NOTES 64

static void s_add_check_notes(dc_case_result *res, const dc_step *st, const dc_exchange *x)
{
    for (size_t i = 0; i < x->check.nnotes; i++) {
        char *key = dc_strf("%s: %s (step ", st->call.op, x->check.notes[i]);
        size_t klen = strlen(key), ours = 0;
        bool dup = false;
        for (size_t k = 0; k < res->nnotes && !dup; k++) {
            ours += strstr(res->notes[k], " (step ") != NULL && strncmp(res->notes[k], "cleanup ", 8) != 0;
            dup = strncmp(res->notes[k], key, klen) == 0;
        }
        if (!dup && ours < S_MAX_CHECK_NOTES)
            dc_case_result_note(res, "%s%d)", key, st->index);
        free(key);
    }
}

static s_outcome s_wait(s_case_ctx *cx, const dc_step *st, const char *path, s_sink *s, dc_step_result *sr)
{
    const dc_runner_opts *o = cx->w->run->o;
    double timeout = o->pacing ? dc_pacing_wait_timeout(o->pacing, st->wait_timeout) : st->wait_timeout;
    double interval = o->pacing ? dc_pacing_wait_interval(o->pacing, st->wait_interval) : st->wait_interval;
    int64_t deadline = s_now_ms() + (int64_t)(timeout * 1000.0);
    int64_t advanced_ms = 0; /* endpoint time passed by advancing its clock, counted against the timeout */
    char p[300];
    snprintf(p, sizeof p, "%s.wait", path);
    dc_buf last;
    dc_buf_init(&last);
    s_outcome out = S_FAILED;
    for (;;) {
        /* a cleanup waiter still waits after Ctrl-C: the deletions after it need it */
        if (o->stop != NULL && *o->stop && !sr->cleanup) {
            out = S_STOPPED;
            break;
        }
        dc_exchange x;
        dc_exchange_init(&x);
        dc_err err;
        sr->polls++;
        int64_t u0 = s_now_us();
        if (s_send_paced(cx, &st->wait, p, &x, &err) != 0) {
            dc_expect_fail(s, "case", p, "a request that can be built", err.msg);
            dc_exchange_free(&x);
            break;
        }
        if (cx->throttled_out != NULL && !cx->in_cleanup) {
            dc_exchange_free(&x);
            out = S_STOPPED;
            break;
        }
        s_account(cx->w, &x, u0); /* the until-matching below is cheap next to the exchange */
        if (!x.have_response) {
            s_add_check_failures(&x, s);
            s_take_excerpt(cx, &x);
            dc_exchange_free(&x);
            break;
        }
        if (x.unknown_op) {
            cx->unsupported_op = st->wait.op;
            dc_exchange_free(&x);
            out = S_UNSUPPORTED;
            break;
        }
        bool all = true;
        dc_buf_reset(&last);
        for (size_t i = 0; i < st->until->count && all; i++) {
            const dc_json *u = &st->until->items[i];
            if (strcmp(u->key, "$error") == 0) {
                all = x.error_name != NULL && strcmp(x.error_name, u->str) == 0;
                if (!all)
                    dc_buf_printf(&last, "$error: expected %s, actual %s", u->str,
                                  x.error_name ? x.error_name : "(no error)");
                continue;
            }
            dc_json_doc t;
            if (dc_subst(u, cx->vars, p, &t, &err) != 0) {
                dc_expect_fail(s, "case", p, "defined variables", err.msg);
                dc_exchange_free(&x);
                goto done;
            }
            const dc_json *v = x.body_parsed ? dc_json_path(x.body.root, u->key) : NULL;
            dc_mismatches m;
            dc_mismatches_init(&m);
            all = dc_match(t.root, v, u->key, cx->vars, &m);
            if (!all && m.count > 0)
                dc_buf_printf(&last, "%s: expected %s, actual %s", m.items[0].path, m.items[0].expected,
                              m.items[0].actual);
            dc_mismatches_free(&m);
            dc_json_doc_free(&t);
        }
        if (all) {
            dc_exchange_free(&x);
            out = S_OK;
            break;
        }
        if (s_now_ms() + advanced_ms + (int64_t)(interval * 1000.0) > deadline) {
            char want[128];
            snprintf(want, sizeof want, "the condition within %.1f s (%d polls)", timeout, sr->polls);
            dc_expect_fail(s, "wait", p, want, last.data ? (const char *)last.data : "(not met)");
            s_take_excerpt(cx, &x);
            dc_exchange_free(&x);
            break;
        }
        dc_exchange_free(&x);
        if (s_pass_time(cx->w, interval, &err) != 0) {
            dc_expect_fail(s, "transport", p, "the endpoint's clock advanced", err.msg);
            break;
        }
        if (cx->w->virtual_time)
            advanced_ms += (int64_t)(interval * 1000.0);
    }
done:
    dc_buf_free(&last);
    return out;
}

/* A cleanup call answered with its operation's busyError (spec/operations
 * "deletes": a restore target still CREATING, a backup a restore still reads,
 * [S:restore-from-backup]) is sent again once a second until it is not, for at
 * most S_CLEANUP_BUSY_MS: a case stopped by Ctrl-C in the middle of a restore
 * must still delete what it made. */
#define S_CLEANUP_BUSY_MS (15 * 60 * 1000) /* a real restore took up to 721 s ([S:real-service-durations]) */

static int s_send_step(s_case_ctx *cx, const dc_call *call, bool cleanup, const char *path, dc_exchange *x, dc_err *err)
{
    const dc_operation *op = cleanup ? dc_spec_operation(cx->w->run->o->spec, call->op) : NULL;
    int64_t deadline = s_now_ms() + S_CLEANUP_BUSY_MS;
    for (;;) {
        int rc = s_send_paced(cx, call, path, x, err);
        if (rc != 0 || op == NULL || op->busy_error == NULL || !x->have_response || x->error_name == NULL ||
            strcmp(x->error_name, op->busy_error) != 0 || s_now_ms() + 1000 > deadline)
            return rc;
        dc_exchange_free(x);
        dc_exchange_init(x);
        s_sleep_s(1.0);
    }
}

/* Runs one step; failures go to res when record is true (steps), or become notes (cleanup). */
static s_outcome s_run_step(s_case_ctx *cx, const dc_step *st, bool cleanup, dc_step_result *sr)
{
    char path[64];
    snprintf(path, sizeof path, "%s[%d]", cleanup ? "cleanup" : "steps", st->index - 1);
    dc_case_result scratch;
    memset(&scratch, 0, sizeof scratch);
    s_sink s = {cleanup ? &scratch : cx->res, st->index, false};
    s_outcome out = S_OK;
    int64_t t0 = s_now_ms();
    sr->step = st->index;
    sr->cleanup = cleanup;
    if (st->has_call) {
        sr->op = dc_xstrdup(st->call.op);
        dc_exchange x;
        dc_exchange_init(&x);
        dc_err err;
        int64_t u0 = s_now_us();
        cx->in_cleanup = cleanup;
        if (s_send_step(cx, &st->call, cleanup, path, &x, &err) != 0) {
            dc_expect_fail(&s, "case", path, "a request that can be built", err.msg);
        } else if (cx->throttled_out != NULL && !cleanup) {
            out = S_STOPPED; /* nothing to judge: the case is skipped as throttled */
        } else if (!x.have_response) {
            s_add_check_failures(&x, &s);
        } else {
            sr->http_status = x.resp.status;
            sr->error = x.error_name ? dc_xstrdup(x.error_name) : NULL;
            const char *expected_error = st->call.has_expect ? st->call.expect.error : NULL;
            if (x.unknown_op && (expected_error == NULL || strcmp(expected_error, "UnknownOperationException") != 0)) {
                out = S_UNSUPPORTED;
                if (!cleanup)
                    cx->unsupported_op = st->call.op;
            } else {
                s_add_check_failures(&x, &s);
                if (!cleanup)
                    s_add_check_notes(cx->res, st, &x);
                dc_expect_check(&st->call.expect, cx->w->run->o->level == DC_CHECK_STRICT, cx->vars, path, &x, &s);
                if (!s.failed)
                    dc_expect_captures(&st->call, cx->vars, &x, &s);
            }
        }
        if (!cleanup && cx->norm != NULL && x.sent)
            s_record_step(cx, st, &x);
        s_account(cx->w, &x, u0);
        if (s.failed && !cleanup)
            s_take_excerpt(cx, &x);
        dc_exchange_free(&x);
    }
    cx->in_cleanup = cleanup;
    if (st->pause > 0) {
        dc_err err;
        if (s_pass_time(cx->w, st->pause, &err) != 0)
            dc_expect_fail(&s, "transport", path, "the endpoint's clock advanced", err.msg);
    }
    if (out == S_OK && !s.failed && st->has_wait)
        out = s_wait(cx, st, path, &s, sr);
    if (out == S_OK && s.failed)
        out = S_FAILED;
    if (out == S_UNSUPPORTED && cleanup)
        out = S_OK; /* an unsupported cleanup operation is not news */
    sr->ok = out == S_OK;
    sr->duration_ms = s_now_ms() - t0;
    if (cleanup) {
        for (size_t i = 0; i < scratch.nfailures; i++)
            dc_case_result_note(cx->res, "cleanup step %d (%s): %s%s%s: expected %s, actual %s", st->index,
                                sr->op ? sr->op : "wait", scratch.failures[i].kind,
                                scratch.failures[i].path[0] ? " at " : "", scratch.failures[i].path,
                                scratch.failures[i].expected, scratch.failures[i].actual);
        dc_case_result_free(&scratch);
    }
    return out;
}

static void s_add_step_result(dc_case_result *r, dc_step_result *sr)
{
    r->steps = dc_xrealloc(r->steps, (r->nsteps + 1) * sizeof *r->steps);
    r->steps[r->nsteps++] = *sr;
}

/* unique receives the case's ${unique} (suite/names.h: the run id, the case's
 * start and its place seq; the recordings replace it by "<unique>"). */
static int s_builtin_vars(const s_run *run, size_t seq, dc_vars *vars, char unique[48], dc_err *err)
{
    uint8_t rnd[19];
    char hex[40], uuid[40], num[32];
    s_random(rnd, sizeof rnd);
    dc_unique_make(run->run_id, (int64_t)time(NULL), (unsigned)seq, unique);
    /* RFC 4122 version 4 */
    rnd[3 + 6] = (uint8_t)((rnd[3 + 6] & 0x0f) | 0x40);
    rnd[3 + 8] = (uint8_t)((rnd[3 + 8] & 0x3f) | 0x80);
    s_hex(rnd + 3, 16, hex);
    snprintf(uuid, sizeof uuid, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
    snprintf(num, sizeof num, "%lld", (long long)time(NULL));
    if (dc_vars_set_string(vars, "unique", unique, err) != 0 || dc_vars_set_string(vars, "uuid", uuid, err) != 0 ||
        dc_vars_set_number(vars, "now", num, err) != 0 || dc_vars_set_string(vars, "region", run->o->region, err) != 0)
        return -1;
    return 0;
}

/* Case stage 1 (run --compare-to): the case's recording into cx. false when
 * the case ends here: not recorded (skipped) or an unreadable recording. */
static bool s_case_recording(s_case_ctx *cx, const dc_runner_opts *o, const dc_case *c, dc_case_result *r)
{
    dc_err err;
    int lr = dc_record_load(o->compare_dir, c->id, &cx->recorded, &err);
    if (lr == 1) {
        /* nothing to hold the endpoint to: running it would prove nothing */
        r->status = DC_CASE_SKIPPED;
        r->reason = dc_strf("not in the recording %s", o->compare_dir);
        dc_case_result_note(r, "no %s/%s.json: record it with run --record", o->compare_dir, c->id);
        return false;
    }
    if (lr < 0) {
        dc_case_result_fail(r, 0, "case", "", "a readable recording", err.msg);
        r->status = DC_CASE_FAILED;
        return false;
    }
    cx->have_recorded = true;
    cx->cmp = dc_record_cmp_new();
    return true;
}

/* Case stage 2: the builtin variables, the normalizer of --record /
 * --compare-to, then the case's own "vars" in order. */
static s_outcome s_case_vars(s_case_ctx *cx, s_worker *w, const s_item *it, dc_case_result *r)
{
    const dc_runner_opts *o = w->run->o;
    const dc_case *c = &it->c;
    char unique[48];
    dc_err err;
    if (s_builtin_vars(w->run, (size_t)(it - w->run->items), cx->vars, unique, &err) != 0) {
        dc_case_result_fail(r, 0, "case", "vars", "builtin variables", err.msg);
        return S_FAILED;
    }
    if (o->norm != NULL && (o->record_dir != NULL || o->compare_dir != NULL)) {
        cx->norm = dc_norm_new(o->norm);
        (void)dc_norm_add_literal(cx->norm, unique, "<unique>", &err); /* the first literal always fits */
    }
    for (size_t i = 0; c->vars != NULL && i < c->vars->count; i++) {
        dc_json_doc v;
        char p[160];
        snprintf(p, sizeof p, "vars.%s", c->vars->items[i].key);
        if (dc_subst(&c->vars->items[i], cx->vars, p, &v, &err) != 0 ||
            dc_vars_set(cx->vars, c->vars->items[i].key, v.root, &err) != 0) {
            dc_case_result_fail(r, 0, "case", p, "a value", err.msg);
            return S_FAILED;
        }
        dc_json_doc_free(&v);
    }
    return S_OK;
}

/* Case stage 3: the steps until one fails or the run stops (*stopped), then
 * every cleanup step: cleanup also runs after a stop, since it removes what a
 * real account would be billed for. */
static s_outcome s_case_steps(s_case_ctx *cx, const dc_runner_opts *o, s_outcome out, bool *stopped)
{
    const dc_case *c = cx->c;
    for (size_t i = 0; out == S_OK && i < c->nsteps; i++) {
        if (o->stop != NULL && *o->stop) {
            *stopped = true;
            break;
        }
        dc_step_result sr;
        memset(&sr, 0, sizeof sr);
        out = s_run_step(cx, &c->steps[i], false, &sr);
        s_add_step_result(cx->res, &sr);
    }
    if (out == S_STOPPED)
        *stopped = true;
    for (size_t i = 0; i < c->ncleanup; i++) {
        dc_step_result sr;
        memset(&sr, 0, sizeof sr);
        (void)s_run_step(cx, &c->cleanup[i], true, &sr);
        s_add_step_result(cx->res, &sr);
    }
    return out;
}

/* Case stage 4 (run --compare-to): a recorded step this run never reached,
 * although nothing stopped it, means the case changed. */
static void s_case_unreached(const s_case_ctx *cx, dc_case_result *r)
{
    const dc_json *steps = dc_json_get(cx->recorded.root, "steps");
    for (size_t i = 0; i < steps->count; i++) {
        int64_t k;
        if (dc_json_int64(dc_json_get(&steps->items[i], "step"), &k) == DC_INT_OK && k > cx->last_step) {
            char want[96];
            snprintf(want, sizeof want, "step %lld as recorded", (long long)k);
            dc_case_result_fail(r, (int)k, "semantic", "", want, "(this run has no such step)");
        }
    }
}

/* Case stage 5: the status - skipped (throttled out, interrupted),
 * unsupported (and the operation marked), failed or passed. */
static void s_case_status(const s_case_ctx *cx, s_worker *w, s_outcome out, bool stopped, dc_case_result *r)
{
    if (cx->throttled_out != NULL) {
        /* the endpoint kept throttling: the step was not judged (suite/pacing.h) */
        r->status = DC_CASE_SKIPPED;
        r->reason = dc_strf(DC_PACING_NOTE "%s", cx->throttled_out);
    } else if (stopped) {
        r->status = DC_CASE_SKIPPED;
        r->reason = dc_xstrdup("interrupted");
    } else if (out == S_UNSUPPORTED) {
        r->status = DC_CASE_UNSUPPORTED;
        r->reason = dc_strf("the endpoint answers %s with UnknownOperationException", cx->unsupported_op);
        s_mark_unsupported(w->run, cx->unsupported_op);
    } else {
        r->status = r->nfailures > 0 || out != S_OK ? DC_CASE_FAILED : DC_CASE_PASSED;
    }
}

/* Case stage 6 (run --record): the normalized responses into the recording. */
static void s_case_record(const s_case_ctx *cx, const dc_runner_opts *o, dc_case_result *r)
{
    dc_err err;
    if (dc_record_write(o->record_dir, cx->c->id, o->endpoint, o->level == DC_CHECK_STRICT ? "strict" : "compat",
                        dc_case_status_name(r->status), (const char *)cx->rec.data, cx->rec.len, &err) != 0) {
        dc_case_result_fail(r, 0, "case", "record", "a written recording", err.msg);
        r->status = DC_CASE_FAILED;
    }
}

static void s_run_case(s_worker *w, s_item *it)
{
    const dc_runner_opts *o = w->run->o;
    dc_case_result *r = it->res;
    int64_t t0 = s_now_ms();
    s_case_ctx cx;
    memset(&cx, 0, sizeof cx);
    if (o->compare_dir != NULL && !s_case_recording(&cx, o, &it->c, r)) {
        r->duration_ms = s_now_ms() - t0;
        return;
    }
    cx.w = w;
    cx.c = &it->c;
    cx.res = r;
    cx.vars = dc_vars_new();
    dc_buf_init(&cx.rec);
    bool stopped = false;
    s_outcome out = s_case_steps(&cx, o, s_case_vars(&cx, w, it, r), &stopped);
    if (cx.have_recorded && !stopped && out == S_OK)
        s_case_unreached(&cx, r);
    s_case_status(&cx, w, out, stopped, r);
    if (o->record_dir != NULL && cx.norm != NULL && !stopped)
        s_case_record(&cx, o, r);
    r->duration_ms = s_now_ms() - t0;
    free(cx.throttled_out);
    dc_vars_free(cx.vars);
    dc_norm_free(cx.norm);
    dc_record_cmp_free(cx.cmp);
    dc_buf_free(&cx.rec);
    if (cx.have_recorded)
        dc_json_doc_free(&cx.recorded);
}

/* ---- threads -------------------------------------------------------------- */

static void *s_worker_main(void *arg)
{
    s_run *run = arg;
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = run->o->timeout_ms;
    dc_err err;
    s_worker w = {run, dc_http_client_new(&ho, &err), 0, 0, 0, run->virtual_phase, 0};
    for (;;) {
        pthread_mutex_lock(&run->mu);
        size_t i = run->next < run->norder ? run->order[run->next++] : run->nitems;
        pthread_mutex_unlock(&run->mu);
        if (i == run->nitems)
            break;
        s_item *it = &run->items[i];
        if (it->res->status == DC_CASE_PASSED && it->loaded) {
            if (run->o->stop != NULL && *run->o->stop) {
                it->res->status = DC_CASE_SKIPPED;
                it->res->reason = dc_xstrdup("interrupted");
            } else if (w.http == NULL) {
                dc_case_result_fail(it->res, 0, "transport", "", "an HTTP client", err.msg);
                it->res->status = DC_CASE_FAILED;
            } else {
                s_run_case(&w, it);
                /* the clock goes back to where the case found it: later cases
                 * (and later runs against the same serve) compare its times with
                 * the real clock ($epoch near ${now}) */
                if (w.advanced_ms != 0) {
                    dc_err cerr;
                    if (run->o->advance_clock(run->o->clock_ctx, -w.advanced_ms, &cerr) != 0)
                        dc_case_result_note(it->res, "the endpoint's clock was not set back: %s", cerr.msg);
                    w.advanced_ms = 0;
                }
            }
        }
        pthread_mutex_lock(&run->mu);
        run->done++;
        if (it->res->status == DC_CASE_FAILED)
            run->nfailed++;
        if (run->o->progress != NULL) {
            dc_summary s;
            memset(&s, 0, sizeof s);
            s.failed = run->nfailed;
            s.passed = run->done - s.failed;
            dc_report_progress(run->o->progress, run->done, run->nitems, &s, it->res->id);
        }
        pthread_mutex_unlock(&run->mu);
    }
    pthread_mutex_lock(&run->mu);
    run->out->requests += w.requests;
    run->out->wire_us += w.wire_us;
    run->out->harness_us += w.harness_us;
    pthread_mutex_unlock(&run->mu);
    dc_http_client_free(w.http);
    return NULL;
}

static bool s_has_any_tag(const dc_case *c, const char *const *tags, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (dc_case_has_tag(c, tags[i]))
            return true;
    return false;
}

bool dc_runner_selects(const dc_runner_opts *o, const char *id, const dc_case *c)
{
    bool keep = (o->filter == NULL || fnmatch(o->filter, id, 0) == 0) && dc_runner_in_shard(id, o->shard_k, o->shard_n);
    if (keep && c != NULL && o->ntags > 0 && !s_has_any_tag(c, o->tags, o->ntags))
        keep = false;
    if (keep && c != NULL && s_has_any_tag(c, o->exclude_tags, o->nexclude_tags))
        keep = false;
    return keep;
}

static void s_iso_now(char *out, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool s_is_plumbing(const char *op, const void *ctx)
{
    const dc_operation *o = ctx ? dc_spec_operation(ctx, op) : NULL;
    return o != NULL && o->plumbing;
}

/* What the report groups operations by: every operation of the spec, and the
 * operations the cases test that the spec does not know (no group). */
static void s_op_info(s_run *run, const dc_spec *catalog)
{
    dc_run_result *out = run->out;
    for (size_t i = 0; catalog != NULL && i < dc_spec_operation_count(catalog); i++) {
        const dc_operation *o = dc_spec_operation_at(catalog, i);
        dc_run_result_op_info(out, o->name, o->group, o->plumbing);
    }
    for (size_t i = 0; i < run->nitems; i++) {
        const char *op = run->items[i].res->operation;
        if (op != NULL && dc_run_result_find_op_info(out, op) == NULL)
            dc_run_result_op_info(out, op, NULL, false);
    }
}

static void s_compute_ops(s_run *run)
{
    dc_run_result *out = run->out;
    for (size_t i = 0; i < run->nitems; i++) {
        const s_item *it = &run->items[i];
        if (!it->loaded || it->res->status == DC_CASE_SKIPPED)
            continue;
        for (size_t k = 0; k < it->res->nsteps; k++) {
            const dc_step_result *sr = &it->res->steps[k];
            if (sr->op == NULL || sr->http_status == 0)
                continue;
            /* the summary is about the API's operations; a case that sends an
             * unknown target on purpose (protocol/unknown-target) adds none */
            if (dc_spec_operation(run->o->spec, sr->op) == NULL)
                continue;
            size_t j = 0;
            while (j < out->nops && strcmp(out->ops[j].name, sr->op) != 0)
                j++;
            if (j == out->nops) {
                out->ops = dc_xrealloc(out->ops, (out->nops + 1) * sizeof *out->ops);
                out->ops[j].name = dc_xstrdup(sr->op);
                out->ops[j].state = DC_OP_SUPPORTED;
                out->nops++;
            }
            if (s_is_unsupported(run, sr->op))
                out->ops[j].state = DC_OP_UNSUPPORTED;
            else if (!sr->cleanup && !sr->ok && out->ops[j].state == DC_OP_SUPPORTED)
                out->ops[j].state = DC_OP_PARTIAL;
        }
    }
}

/* Run stage 1: what the result says of the run before any case ran. -1 when
 * --record/--compare-to lack their normalization rules. */
static int s_run_begin(const dc_runner_opts *o, const char *started, dc_run_result *out, dc_err *err)
{
    out->endpoint = dc_xstrdup(o->endpoint);
    out->level = dc_xstrdup(o->level == DC_CHECK_STRICT ? "strict" : "compat");
    out->started = dc_xstrdup(started);
    out->shard_k = o->shard_n ? o->shard_k : 0;
    out->shard_n = o->shard_n;
    out->record_dir = o->record_dir;
    out->compare_dir = o->compare_dir;
    if ((o->record_dir != NULL || o->compare_dir != NULL) && o->norm == NULL)
        return dc_fail(err, "--record/--compare-to need the normalization rules (spec/normalize.json)");
    if (o->baseline != NULL && o->baseline->impl != NULL)
        out->impl = dc_xstrdup(o->baseline->impl);
    if (o->creds.secret_access_key != NULL)
        dc_run_result_add_secret(out, o->creds.secret_access_key);
    if (o->creds.session_token != NULL)
        dc_run_result_add_secret(out, o->creds.session_token);
    return 0;
}

/* The result of a selected case before it runs: what the case says of itself;
 * failed when its file did not load, skipped when strict-only at compat. */
static void s_item_result(const dc_runner_opts *o, const dc_spec *catalog, const dc_case_ref *ref, const char *id,
                          s_item *it, const dc_err *lerr)
{
    it->res = dc_xcalloc(1, sizeof *it->res);
    it->res->id = dc_xstrdup(id);
    it->res->file = dc_xstrdup(ref->file);
    it->res->status = DC_CASE_PASSED;
    if (!it->loaded) {
        it->res->status = DC_CASE_FAILED;
        dc_case_result_fail(it->res, 0, "case", "", "a well-formed case file", lerr->msg);
        return;
    }
    const char *op = dc_case_operation(&it->c, s_is_plumbing, catalog);
    it->res->operation = op ? dc_xstrdup(op) : NULL;
    it->res->description = dc_xstrdup(it->c.description);
    it->res->source = dc_xstrdup(it->c.source);
    it->res->confidence = it->c.confidence;
    for (size_t k = 0; k < it->c.nsources; k++)
        dc_case_result_add_source(it->res, it->c.sources[k].says, it->c.sources[k].source);
    if (it->c.strict_only && o->level == DC_CHECK_COMPAT) {
        it->res->status = DC_CASE_SKIPPED;
        it->res->reason = dc_xstrdup("strict-only case (run with --level strict)");
    }
}

/* Run stage 2: load every case and keep the selected ones (dc_runner_selects). */
static void s_run_select(s_run *run, const dc_case_ref *refs, size_t nrefs, const dc_spec *catalog)
{
    run->items = dc_xcalloc(nrefs ? nrefs : 1, sizeof *run->items);
    for (size_t i = 0; i < nrefs; i++) {
        s_item *it = &run->items[run->nitems];
        dc_err lerr;
        memset(it, 0, sizeof *it);
        it->loaded = dc_case_load(refs[i].file, refs[i].id, &it->c, &lerr) == 0;
        const char *id = it->loaded ? it->c.id : (refs[i].id ? refs[i].id : refs[i].file);
        if (!dc_runner_selects(run->o, id, it->loaded ? &it->c : NULL)) {
            if (it->loaded)
                dc_case_free(&it->c);
            continue;
        }
        run->nitems++;
        s_item_result(run->o, catalog, &refs[i], id, it, &lerr);
    }
}

/* Run stage 3: the cases on --jobs threads (this one when none starts). */
static void s_run_threads(s_run *run)
{
    const dc_runner_opts *o = run->o;
    pthread_mutex_init(&run->mu, NULL);
    /* With the endpoint's clock in hand, a clocked case (one that pauses) runs
     * after the others, alone, and advances the clock instead of sleeping: a
     * jump of minutes would end the CREATING windows other cases stand in. */
    run->order = dc_xcalloc(run->nitems ? run->nitems : 1, sizeof *run->order);
    for (size_t i = 0; i < run->nitems; i++)
        if (o->advance_clock == NULL || !run->items[i].loaded || !run->items[i].c.clocked)
            run->order[run->norder++] = i;
    unsigned jobs = o->jobs == 0 ? 1 : (o->jobs > DC_RUNNER_MAX_JOBS ? DC_RUNNER_MAX_JOBS : o->jobs);
    if (jobs > run->norder)
        jobs = run->norder ? (unsigned)run->norder : 1;
    pthread_t th[DC_RUNNER_MAX_JOBS];
    unsigned started_threads = 0;
    for (unsigned i = 0; i < jobs; i++)
        if (pthread_create(&th[i], NULL, s_worker_main, run) == 0)
            started_threads++;
    if (started_threads == 0)
        s_worker_main(run);
    for (unsigned i = 0; i < started_threads; i++)
        pthread_join(th[i], NULL);
    if (o->advance_clock != NULL) {
        run->norder = run->next = 0;
        for (size_t i = 0; i < run->nitems; i++)
            if (run->items[i].loaded && run->items[i].c.clocked)
                run->order[run->norder++] = i;
        run->virtual_phase = true;
        if (run->norder > 0)
            s_worker_main(run);
    }
    free(run->order);
    run->order = NULL;
    pthread_mutex_destroy(&run->mu);
}

/* Run stage 4: cases that used an operation found unsupported elsewhere are
 * unsupported, not failed. */
static void s_run_unsupported(s_run *run)
{
    for (size_t i = 0; i < run->nitems; i++) {
        s_item *it = &run->items[i];
        if (!it->loaded || it->res->status != DC_CASE_FAILED)
            continue;
        for (size_t k = 0; k < run->nunsupported; k++) {
            if (dc_case_uses_op(&it->c, run->unsupported[k])) {
                it->res->status = DC_CASE_UNSUPPORTED;
                it->res->reason =
                    dc_strf("uses %s, which the endpoint answers with UnknownOperationException", run->unsupported[k]);
                break;
            }
        }
    }
}

/* Run stage 6: the case results move into out (input order); the rest is freed. */
static void s_run_end(s_run *run, dc_run_result *out)
{
    out->cases = dc_xcalloc(run->nitems ? run->nitems : 1, sizeof *out->cases);
    for (size_t i = 0; i < run->nitems; i++) {
        out->cases[out->ncases++] = *run->items[i].res;
        free(run->items[i].res);
        if (run->items[i].loaded)
            dc_case_free(&run->items[i].c);
    }
    free(run->items);
    for (size_t i = 0; i < run->nunsupported; i++)
        free(run->unsupported[i]);
    free(run->unsupported);
    dc_http_endpoint_free(&run->ep);
}

int dc_runner_run(const dc_runner_opts *o, const dc_case_ref *refs, size_t nrefs, dc_run_result *out, dc_err *err)
{
    s_run run;
    memset(&run, 0, sizeof run);
    run.o = o;
    run.out = out;
    if (dc_run_id_valid(o->run_id))
        memcpy(run.run_id, o->run_id, sizeof run.run_id);
    else
        dc_run_id_new(run.run_id);
    if (o->spec == NULL)
        return dc_fail(err, "runner: the spec is required (wire constants, spec/service.json)");
    char started[32];
    s_iso_now(started, sizeof started);
    int64_t t0 = s_now_ms();
    if (dc_http_endpoint_parse(o->endpoint, &run.ep, err) != 0)
        return -1;
    run.target = (dc_exchange_target){o->spec,    o->region,  &o->creds,   o->level,   o->no_check,
                                      o->verbose, run.ep.url, run.ep.host, run.ep.path};
    if (s_run_begin(o, started, out, err) != 0)
        return -1;
    out->run_id = dc_xstrdup(run.run_id);
    const dc_spec *catalog = o->catalog ? o->catalog : o->spec;
    s_run_select(&run, refs, nrefs, catalog);
    s_run_threads(&run);
    s_run_unsupported(&run);
    /* Run stage 5: operation states, the spec's facts, baseline, confidence */
    s_compute_ops(&run);
    s_op_info(&run, catalog);
    for (size_t i = 0; i < run.nitems; i++) {
        dc_baseline_apply(o->baseline, run.items[i].res);
        dc_case_result_apply_confidence(run.items[i].res, o->fail_disputed, o->fail_inferred);
    }
    if (o->stop != NULL && *o->stop)
        out->interrupted = true;
    s_run_end(&run, out);
    out->duration_ms = s_now_ms() - t0;
    return 0;
}

bool dc_runner_has_failures(const dc_run_result *r)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].status == DC_CASE_FAILED)
            return true;
    return false;
}
