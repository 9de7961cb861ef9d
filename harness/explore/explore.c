/* explore.c - the episodes, the workers, the findings (see explore.h). */
#include "explore/explore.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datadir.h"
#include "explore/casefile.h"
#include "explore/judge.h"
#include "explore/run.h"
#include "explore/shrink.h"
#include "explore/sides.h"

#define S_PROGRESS_EVERY_S 0.5
#define S_TRANSPORT_IN_A_ROW 3 /* divergences without an answer in a row: the endpoint is gone */

typedef struct {
    char key[DC_EX_DIV_TEXT];
    char id[96];
    dc_ex_divergence d;
    size_t count;
    uint64_t seed;
    size_t episode, step, original_len, shrunk_len, replays;
    const char *confidence;
    bool written, reproduced;
} s_finding;

typedef struct {
    const dc_explore_opts *o;
    dc_ex_env env;
    size_t episodes_total; /* 0 = until the duration ends */
    double started;
    pthread_mutex_t lock; /* findings, counters */
    s_finding *findings;
    size_t nfindings;
    size_t steps, episodes, requests, notes, occurrences;
    bool endpoint_gone;
    unsigned transport_in_a_row; /* divergences without an answer, one after the other */
    double last_progress;
} s_explore;

typedef struct {
    s_explore *x;
    unsigned k;
    dc_ex_endpoint *ep;
} s_worker;

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Episode e's random stream: a splitmix64 hash of (seed, e). */
static uint64_t s_episode_seed(uint64_t seed, size_t e)
{
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (uint64_t)(e + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static bool s_time_up(s_explore *x)
{
    const dc_explore_opts *o = x->o;
    return (o->stop != NULL && *o->stop) || (o->duration_s > 0 && s_now() - x->started >= o->duration_s) ||
           x->endpoint_gone;
}

static void s_progress(s_explore *x, bool final)
{
    if (!x->o->progress || x->o->console == NULL)
        return;
    double t = s_now();
    if (!final && t - x->last_progress < S_PROGRESS_EVERY_S)
        return;
    x->last_progress = t;
    double el = t - x->started;
    fprintf(x->o->console, "\rexplore: %zu steps, %zu episodes, %zu findings, %.0f steps/s%s", x->steps, x->episodes,
            x->nfindings, el > 0 ? (double)x->steps / el : 0.0, final ? "\n" : "");
    fflush(x->o->console);
}

/* A divergence met: counted; a new one is shrunk and written (outside the lock). */
static void s_found(s_worker *w, size_t episode, dc_ex_step *seq, size_t len, const dc_ex_divergence *d)
{
    s_explore *x = w->x;
    const dc_explore_opts *o = x->o;
    pthread_mutex_lock(&x->lock);
    x->occurrences++;
    for (size_t i = 0; i < x->nfindings; i++) {
        if (strcmp(x->findings[i].key, d->key) == 0) {
            x->findings[i].count++;
            pthread_mutex_unlock(&x->lock);
            return;
        }
    }
    size_t no = ++x->nfindings;
    x->findings = dc_xrealloc(x->findings, no * sizeof *x->findings);
    s_finding *f = &x->findings[no - 1];
    memset(f, 0, sizeof *f);
    snprintf(f->key, sizeof f->key, "%s", d->key);
    snprintf(f->id, sizeof f->id, "%zu-%s", no, d->op);
    f->d = *d;
    f->count = 1;
    f->seed = o->seed;
    f->episode = episode;
    f->step = d->step;
    f->original_len = len;
    f->confidence = "confirmed";
    pthread_mutex_unlock(&x->lock);
    if (no > DC_EXPLORE_MAX_FINDINGS)
        return;

    /* shrink a copy, then replay it once more with the recorder */
    size_t n = len;
    dc_ex_step *copy = dc_xcalloc(n, sizeof *copy);
    for (size_t i = 0; i < n; i++)
        dc_ex_step_copy(&seq[i], &copy[i]);
    size_t shrink_runs = o->shrink_runs > 0 ? o->shrink_runs : DC_EXPLORE_SHRINK_RUNS;
    dc_ex_divergence d2;
    bool reproduced = dc_ex_run_replay(&x->env, w->ep, copy, n, d->key, &d2, NULL) == 1;
    size_t replays = 1;
    if (reproduced) {
        n = d2.step + 1 < n ? d2.step + 1 : n;
        replays += dc_ex_shrink(&x->env, w->ep, copy, &n, d->key, shrink_runs);
    }
    dc_ex_recorder *rec = dc_ex_recorder_new(x->env.rules, o->compat);
    dc_ex_divergence d3 = *d;
    if (dc_ex_run_replay(&x->env, w->ep, copy, n, reproduced ? d->key : NULL, &d3, rec) != 1)
        d3 = *d;
    const char *sources = NULL;
    dc_buf seqtext; /* "op body" lines: what a confidence rule's "when" looks for */
    dc_buf_init(&seqtext);
    for (size_t i = 0; i < n; i++)
        dc_buf_printf(&seqtext, "%s %s\n", copy[i].op != NULL ? copy[i].op : "",
                      copy[i].body != NULL ? copy[i].body : "");
    const char *conf = dc_ex_rules_confidence(x->env.rules, d3.op, d3.path,
                                              seqtext.data != NULL ? (const char *)seqtext.data : "", &sources);
    dc_buf_free(&seqtext);
    dc_ex_case_info info = {
        .dir = o->findings_dir,
        .id = f->id,
        .seed = o->seed,
        .episode = episode,
        .step = d->step,
        .original_len = len,
        .shrunk_len = n,
        .d = &d3,
        .confidence = conf,
        .sources = sources,
        .endpoint = o->endpoint,
    };
    dc_err err;
    bool written = dc_ex_recorder_write(rec, &info, &err) == 0;
    if (!written && o->console != NULL)
        fprintf(o->console, "explore: %s\n", err.msg);
    dc_ex_recorder_free(rec);
    pthread_mutex_lock(&x->lock);
    f = &x->findings[no - 1];
    f->shrunk_len = n;
    f->replays = replays;
    f->reproduced = reproduced;
    f->written = written;
    f->confidence = conf;
    if (o->console != NULL)
        fprintf(o->console,
                "%sexplore: finding %s%s%s%s: %s (episode %zu, step %zu; %zu -> %zu steps%s) -> %s/cases/%s.json\n",
                o->progress ? "\r" : "", f->id, strcmp(conf, "confirmed") != 0 ? " [" : "",
                strcmp(conf, "confirmed") != 0 ? conf : "", strcmp(conf, "confirmed") != 0 ? "]" : "", d->key, episode,
                d->step + 1, len, n, reproduced ? "" : ", not reproduced", o->findings_dir, f->id);
    pthread_mutex_unlock(&x->lock);
    for (size_t i = 0; i < len; i++)
        dc_ex_step_free(&copy[i]);
    free(copy);
}

/* One episode; returns the steps it ran. */
static size_t s_episode(s_worker *w, size_t e, size_t len)
{
    s_explore *x = w->x;
    const dc_explore_opts *o = x->o;
    dc_ex_gen *g = dc_ex_gen_new(s_episode_seed(o->seed, e), o->ops, o->nops);
    dc_ex_step *seq = dc_xcalloc(len, sizeof *seq);
    dc_ex_run *r = dc_ex_run_begin(&x->env, w->ep, NULL);
    size_t i = 0;
    for (; i < len && !s_time_up(x); i++) {
        dc_ex_gen_next(g, &seq[i]);
        bool ok = false;
        dc_ex_divergence d;
        int rc = dc_ex_run_step(r, i, &seq[i], &ok, &d);
        dc_ex_gen_feedback(g, &seq[i], ok);
        if (rc < 0) {
            x->endpoint_gone = true;
            i++;
            break;
        }
        if (rc == 1) {
            bool gone = strcmp(d.path, "transport") == 0;
            pthread_mutex_lock(&x->lock);
            x->transport_in_a_row = gone ? x->transport_in_a_row + 1 : 0;
            if (x->transport_in_a_row >= S_TRANSPORT_IN_A_ROW)
                x->endpoint_gone = true; /* stop: every further call would fail alike */
            pthread_mutex_unlock(&x->lock);
            s_found(w, e, seq, i + 1, &d);
            if (d.state_parted) {
                i++;
                break;
            }
        }
    }
    pthread_mutex_lock(&x->lock);
    if (r != NULL)
        x->notes += dc_ex_run_notes(r);
    pthread_mutex_unlock(&x->lock);
    dc_ex_run_end(r);
    for (size_t k = 0; k < len; k++)
        dc_ex_step_free(&seq[k]);
    free(seq);
    dc_ex_gen_free(g);
    return i;
}

static void *s_worker_main(void *arg)
{
    s_worker *w = arg;
    s_explore *x = w->x;
    const dc_explore_opts *o = x->o;
    size_t elen = o->episode_len > 0 ? o->episode_len : DC_EXPLORE_EPISODE_LEN;
    unsigned jobs = o->jobs > 0 ? o->jobs : 1;
    for (size_t e = w->k; !s_time_up(x); e += jobs) {
        size_t len = elen;
        if (o->max_steps > 0) {
            if (e * elen >= o->max_steps)
                break;
            if (o->max_steps - e * elen < len)
                len = o->max_steps - e * elen;
        }
        size_t ran = s_episode(w, e, len);
        pthread_mutex_lock(&x->lock);
        x->steps += ran;
        x->episodes++;
        s_progress(x, false);
        pthread_mutex_unlock(&x->lock);
    }
    return NULL;
}

static void s_summary(const s_explore *x, const dc_explore_stats *st, dc_err *err)
{
    const dc_explore_opts *o = x->o;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, "{\"tool\":\"ddbconform\",\"command\":\"explore\",\"endpoint\":");
    dc_buf_put_json_string(&b, o->endpoint, strlen(o->endpoint));
    dc_buf_printf(&b,
                  ",\"seed\":%llu,\"level\":\"%s\",\"jobs\":%u,\"testClock\":%s,\"steps\":%zu,\"episodes\":%zu,"
                  "\"requests\":%zu,\"seconds\":%.3f,\"stepsPerSecond\":%.1f,\"notes\":%zu,\"occurrences\":%zu,"
                  "\"findings\":[",
                  (unsigned long long)o->seed, o->compat ? "compat" : "strict", st->jobs,
                  st->test_clock ? "true" : "false", st->steps, st->episodes, st->requests, st->seconds,
                  st->seconds > 0 ? (double)st->steps / st->seconds : 0.0, st->notes, st->occurrences);
    for (size_t i = 0; i < x->nfindings; i++) {
        const s_finding *f = &x->findings[i];
        dc_buf_puts(&b, i ? "," : "");
        dc_buf_puts(&b, "{\"id\":");
        dc_buf_put_json_string(&b, f->id, strlen(f->id));
        dc_buf_puts(&b, ",\"key\":");
        dc_buf_put_json_string(&b, f->key, strlen(f->key));
        dc_buf_puts(&b, ",\"op\":");
        dc_buf_put_json_string(&b, f->d.op, strlen(f->d.op));
        dc_buf_puts(&b, ",\"path\":");
        dc_buf_put_json_string(&b, f->d.path, strlen(f->d.path));
        dc_buf_puts(&b, ",\"expected\":");
        dc_buf_put_json_string(&b, f->d.expected, strlen(f->d.expected));
        dc_buf_puts(&b, ",\"actual\":");
        dc_buf_put_json_string(&b, f->d.actual, strlen(f->d.actual));
        dc_buf_puts(&b, ",\"alsoDiffer\":");
        dc_buf_put_json_string(&b, f->d.also, strlen(f->d.also));
        dc_buf_printf(&b,
                      ",\"count\":%zu,\"seed\":%llu,\"episode\":%zu,\"step\":%zu,\"originalSteps\":%zu,"
                      "\"shrunkSteps\":%zu,\"replays\":%zu,\"reproduced\":%s,\"confidence\":\"%s\"",
                      f->count, (unsigned long long)f->seed, f->episode, f->step + 1, f->original_len, f->shrunk_len,
                      f->replays, f->reproduced ? "true" : "false", f->confidence);
        if (f->written)
            dc_buf_printf(&b, ",\"case\":\"cases/%s.json\"", f->id);
        dc_buf_putc(&b, '}');
    }
    dc_buf_puts(&b, "]}\n");
    char *path = dc_strf("%s/summary.json", o->findings_dir);
    dc_write_file_atomic(path, b.data, b.len, err);
    free(path);
    dc_buf_free(&b);
}

int dc_explore_run(const dc_explore_opts *o, dc_explore_stats *st, dc_err *err)
{
    memset(st, 0, sizeof *st);
    unsigned jobs = o->jobs > 0 ? o->jobs : 1;
    if (jobs > DC_EXPLORE_MAX_JOBS)
        return dc_fail(err, "--jobs %u: at most %d", jobs, DC_EXPLORE_MAX_JOBS);
    char *cases_dir = dc_strf("%s/cases", o->findings_dir);
    int rc = dc_mkdirs(cases_dir, err);
    free(cases_dir);
    if (rc != 0)
        return -1;
    dc_ex_rules *rules = NULL;
    if (dc_ex_rules_load(dc_data_dir(), &rules, err) != 0)
        return -1;
    s_explore x;
    memset(&x, 0, sizeof x);
    x.o = o;
    pthread_mutex_init(&x.lock, NULL);
    pthread_rwlock_t clock_lock;
    pthread_rwlock_init(&clock_lock, NULL);
    pthread_mutex_t budget_lock;
    pthread_mutex_init(&budget_lock, NULL);
    double budget = o->wait_budget_s > 0 ? o->wait_budget_s : DC_EXPLORE_WAIT_BUDGET_S;
    int64_t clock_total = 0;
    s_worker workers[DC_EXPLORE_MAX_JOBS];
    memset(workers, 0, sizeof workers);
    dc_ex_endpoint_opts eo = {o->endpoint, o->region, o->creds, o->spec, o->timeout_ms};
    rc = 0;
    for (unsigned k = 0; k < jobs && rc == 0; k++) {
        workers[k].x = &x;
        workers[k].k = k;
        rc = dc_ex_endpoint_new(&eo, &workers[k].ep, err);
    }
    if (rc == 0) {
        /* reachable, and does it offer the test-control clock? */
        dc_ex_answer a;
        dc_ex_endpoint_call(workers[0].ep, "DescribeTable", "{\"TableName\":\"xp-probe\"}", 25, &a);
        if (a.status == 0)
            rc = dc_fail(err, "%s: no answer (%s): is the endpoint running?", o->endpoint, a.transport);
        dc_ex_answer_free(&a);
        int64_t now;
        st->test_clock = rc == 0 && dc_ex_endpoint_clock(workers[0].ep, 0, &now);
    }
    if (rc == 0) {
        x.env = (dc_ex_env){
            .spec = o->spec,
            .rules = rules,
            .region = o->region,
            .compat = o->compat,
            .test_clock = st->test_clock,
            .advance_cap_s = DC_EXPLORE_ADVANCE_CAP_S,
            .wait_budget_s = &budget,
            .budget_lock = &budget_lock,
            .clock_lock = &clock_lock,
            .clock_total_ms = &clock_total,
            .verbose = o->verbose,
        };
        x.started = s_now();
        pthread_t th[DC_EXPLORE_MAX_JOBS];
        for (unsigned k = 1; k < jobs; k++)
            pthread_create(&th[k], NULL, s_worker_main, &workers[k]);
        s_worker_main(&workers[0]);
        for (unsigned k = 1; k < jobs; k++)
            pthread_join(th[k], NULL);
        st->seconds = s_now() - x.started;
        s_progress(&x, true);
        st->steps = x.steps;
        st->episodes = x.episodes;
        st->findings = x.nfindings;
        st->occurrences = x.occurrences;
        st->notes = x.notes;
        st->jobs = jobs;
        for (unsigned k = 0; k < jobs; k++)
            st->requests += dc_ex_endpoint_requests(workers[k].ep);
        for (size_t i = 0; i < x.nfindings; i++)
            st->written += x.findings[i].written;
        dc_err werr;
        s_summary(&x, st, &werr);
        if (o->console != NULL)
            fprintf(o->console,
                    "explore: %zu steps in %zu episodes, %.1f s (%.0f steps/s, %zu requests), %s clock: %zu "
                    "finding(s) -> %s/summary.json\n",
                    st->steps, st->episodes, st->seconds, st->seconds > 0 ? (double)st->steps / st->seconds : 0.0,
                    st->requests, st->test_clock ? "test-control" : "real-time", st->findings, o->findings_dir);
        /* an endpoint that stops answering is a finding (transport) when it
         * did so in a judged call; a set-up error otherwise */
        if (x.endpoint_gone && st->findings == 0)
            rc = dc_fail(err, "%s: the endpoint stopped answering", o->endpoint);
        else if (x.endpoint_gone && o->console != NULL)
            fprintf(o->console, "explore: %s: the endpoint stopped answering\n", o->endpoint);
    }
    for (unsigned k = 0; k < jobs; k++)
        dc_ex_endpoint_free(workers[k].ep);
    free(x.findings);
    dc_ex_rules_free(rules);
    pthread_mutex_destroy(&x.lock);
    pthread_mutex_destroy(&budget_lock);
    pthread_rwlock_destroy(&clock_lock);
    return rc;
}
