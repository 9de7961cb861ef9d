/* judge_verdict.c - the client judge's end of a run (judge.h): the retry
 * scheme each client declares or shows, the statistical rules, each rule's
 * status and the result (judge_internal.h). */
#include "gate/judge_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void s_clear_examples(dc_judge_acc *a)
{
    for (size_t i = 0; i < a->nexamples; i++)
        dc_judge_example_free(&a->examples[i]);
    a->nexamples = 0;
}

#define S_MAX_SCHEMES 64

/* Is letter one of the ids of the User-Agent's "m/" token ("m/E,P,g")? */
static bool s_has_metric(const char *ua, char letter)
{
    for (const char *p = ua; (p = strstr(p, "m/")) != NULL; p += 2) {
        if (p != ua && p[-1] != ' ')
            continue;
        for (const char *q = p + 2; *q != '\0' && *q != ' ';) {
            size_t n = strcspn(q, ", ");
            if (n == 1 && q[0] == letter)
                return true;
            q += n;
            if (*q == ',')
                q++;
        }
    }
    return false;
}

static bool s_declares(const dc_judge_client *c, const dc_retry_scheme *s)
{
    bool family = false;
    for (size_t i = 0; i < s->nfamilies && !family; i++)
        family = strcmp(c->family, s->families[i]) == 0;
    if (!family)
        return false;
    if (s->ntokens == 0 && s->metrics[0] == '\0')
        return true;
    for (size_t i = 0; i < s->ntokens; i++)
        if (strstr(c->ua, s->ua_tokens[i]) != NULL)
            return true;
    for (const char *m = s->metrics; *m != '\0'; m++)
        if (s_has_metric(c->ua, *m))
            return true;
    return false;
}

/* Calls that announced no max= and made more attempts than max. */
static uint64_t s_calls_over(const dc_judge_client *c, int max)
{
    uint64_t n = 0;
    for (int a = max + 1; a <= S_MAX_HIST; a++)
        n += c->attempts_hist[a];
    return n;
}

/* Does scheme s explain everything the client did? */
static bool s_consistent(const dc_judge_client *c, const dc_retry_scheme *s, const dc_retry_stat_params *p)
{
    const dc_retry_scheme *one[1] = {s};
    size_t worst;
    if (dc_retry_test_cap(one, 1, c->samples, c->nsamples, p, &worst) > 0 || s_calls_over(c, s->max_attempts) > 0)
        return false;
    return !dc_retry_test_backoff(one, 1, c->samples, c->nsamples, p).alarm &&
           !dc_retry_test_growth(one, 1, c->growth, c->ngrowth, p).alarm &&
           !dc_retry_test_jitter(one, 1, c->samples, c->nsamples, p).alarm;
}

static char *s_stat_note(const char *what, const dc_stat_verdict *v, double alpha)
{
    dc_buf n;
    dc_buf_init(&n);
    if (v->n == 0)
        dc_buf_printf(&n, "no %s to judge", what);
    else if (!v->judged)
        dc_buf_printf(&n,
                      "%zu %s, %zu of them suspect: too few to judge (even all suspect would have probability %.2g "
                      "for a compliant client, the bar is %.2g)",
                      v->n, what, v->hits, v->p_min, alpha);
    else
        dc_buf_printf(&n, "%zu %s, %zu of them suspect: probability %.2g for a compliant client (the bar is %.2g)",
                      v->n, what, v->hits, v->p, alpha);
    return dc_buf_take(&n);
}

static void s_stat_rule(dc_judge_client *c, dc_crule_id id, const dc_stat_verdict *v, const char *what, double alpha,
                        char **note)
{
    dc_judge_acc *a = &c->acc[id];
    a->checks = v->judged ? 1u : 0u;
    a->violations = v->alarm ? 1u : 0u;
    *note = s_stat_note(what, v, alpha);
    if (!v->alarm)
        s_clear_examples(a);
}

/* Moves *e (when set) into the rule's examples, or frees it. */
static void s_take_example(dc_judge_client *c, dc_crule_id id, dc_gate_example **e, bool keep)
{
    if (*e == NULL)
        return;
    dc_judge_acc *a = &c->acc[id];
    if (keep && a->nexamples < DC_GATE_MAX_EXAMPLES) {
        a->examples[a->nexamples++] = **e;
    } else {
        dc_judge_example_free(*e);
    }
    free(*e);
    *e = NULL;
}

/* The client's retry scheme, and the rules on its delays and attempts judged
 * against its candidate schemes (retrystats.h). */
/* retry.backoff-cap: no delay beyond the longest the candidate schemes allow
 * (declared: they are the ones the User-Agent declares); the worst one is
 * the note, the longest delay seen the example. */
static void s_judge_cap(const dc_gate_judge *j, dc_judge_client *c, const dc_retry_scheme *const *cands, size_t nc,
                        bool declared, const dc_retry_stat_params *p, char **notes)
{
    size_t worst;
    dc_judge_acc *cap = &c->acc[DC_CRULE_RETRY_BACKOFF_CAP];
    cap->checks = c->nsamples;
    cap->violations = dc_retry_test_cap(cands, nc, c->samples, c->nsamples, p, &worst);
    if (cap->violations > 0) {
        const dc_retry_sample *w = &c->samples[worst];
        int64_t limit = 0;
        for (size_t i = 0; i < nc; i++) {
            int64_t l = dc_scheme_longest_us(cands[i], w->attempt, w->cls);
            limit = l > limit ? l : limit;
        }
        dc_buf n;
        dc_buf_init(&n);
        dc_buf_printf(
            &n,
            "waited %.1f ms before attempt %d after a %s answer; the %s schemes allow up to %.1f ms (+%lld ms slack)",
            (double)w->delay_us / 1000.0, w->attempt, dc_retry_class_name(w->cls), declared ? "declared" : "documented",
            (double)limit / 1000.0, (long long)j->lim->backoff_tolerance_ms);
        notes[DC_CRULE_RETRY_BACKOFF_CAP] = dc_buf_take(&n);
    }
    s_take_example(c, DC_CRULE_RETRY_BACKOFF_CAP, &c->cap_example, cap->violations > 0);
}

static void s_judge_schemes(const dc_gate_judge *j, dc_judge_client *c, char **notes, dc_gate_client *gc)
{
    const dc_client_rules *rules = j->opt.rules;
    dc_retry_stat_params p = dc_client_rules_stat_params(rules);
    const dc_retry_scheme *decl[S_MAX_SCHEMES], *all[S_MAX_SCHEMES];
    size_t nd = 0, na = 0;
    for (size_t i = 0; i < dc_client_rules_nschemes(rules) && na < S_MAX_SCHEMES; i++) {
        const dc_retry_scheme *s = dc_client_rules_scheme(rules, i);
        all[na++] = s;
        if (s_declares(c, s))
            decl[nd++] = s;
    }
    const dc_retry_scheme *const *cands = nd > 0 ? decl : all;
    size_t nc = nd > 0 ? nd : na;
    int max_attempts = 0;
    for (size_t i = 0; i < nc; i++)
        max_attempts = cands[i]->max_attempts > max_attempts ? cands[i]->max_attempts : max_attempts;

    const dc_retry_scheme *inferred = NULL;
    for (int pass = 0; pass < 2 && inferred == NULL && c->retries > 0; pass++)
        for (size_t i = 0; i < nc && inferred == NULL; i++)
            if ((pass == 1 || cands[i]->max_attempts == c->first_announced_max) && s_consistent(c, cands[i], &p))
                inferred = cands[i];

    dc_buf n;
    dc_buf_init(&n);
    if (c->retries == 0)
        dc_buf_puts(&n, "no retries seen: nothing to infer a retry scheme from");
    else if (inferred != NULL)
        dc_buf_printf(&n, "follows %s (%s)", inferred->id,
                      nd > 0 ? "one of the schemes its User-Agent declares"
                             : "inferred from its delays and attempts; its User-Agent declares no scheme");
    else
        dc_buf_printf(&n,
                      "matches none of the %s schemes: its delays and attempts are judged against the loosest bound",
                      nd > 0 ? "declared" : "documented");
    dc_buf_puts(&n, nd > 0 ? "; declared: " : "; candidates: all ");
    for (size_t i = 0; i < nc; i++)
        dc_buf_printf(&n, "%s%s", i ? ", " : "", cands[i]->id);
    gc->scheme = inferred != NULL ? dc_xstrdup(inferred->id) : NULL;
    gc->scheme_declared = nd > 0;
    gc->scheme_note = dc_buf_take(&n);

    double alpha = p.alpha;
    dc_stat_verdict v = dc_retry_test_backoff(cands, nc, c->samples, c->nsamples, &p);
    s_stat_rule(c, DC_CRULE_RETRY_BACKOFF, &v, "retries (suspect: within 3 ms of the answer)", alpha,
                &notes[DC_CRULE_RETRY_BACKOFF]);
    v = dc_retry_test_growth(cands, nc, c->growth, c->ngrowth, &p);
    s_stat_rule(c, DC_CRULE_RETRY_BACKOFF_GROWTH, &v, "calls with 2+ retries (suspect: the later delay did not grow)",
                alpha, &notes[DC_CRULE_RETRY_BACKOFF_GROWTH]);
    v = dc_retry_test_jitter(cands, nc, c->samples, c->nsamples, &p);
    s_stat_rule(c, DC_CRULE_RETRY_JITTER, &v, "first retries (suspect: all about the same)", alpha,
                &notes[DC_CRULE_RETRY_JITTER]);
    bool jitterless = c->retries > 0;
    for (size_t i = 0; i < nc; i++)
        jitterless = jitterless && cands[i]->jitter_low_percent == 100 && !cands[i]->rate_limited;
    if (jitterless) { /* its schemes draw no jitter: it holds by them (botocore legacy, C++) */
        c->acc[DC_CRULE_RETRY_JITTER].checks = 1;
        free(notes[DC_CRULE_RETRY_JITTER]);
        notes[DC_CRULE_RETRY_JITTER] =
            dc_xstrdup("every scheme it declares waits fixed delays, without jitter: nothing to randomise");
    }

    s_judge_cap(j, c, cands, nc, nd > 0, &p, notes);

    uint64_t over = s_calls_over(c, max_attempts);
    dc_judge_acc *ma = &c->acc[DC_CRULE_RETRY_MAX_ATTEMPTS];
    ma->violations += over;
    if (over > 0) {
        dc_buf_init(&n);
        dc_buf_printf(
            &n, "%llu call%s without amz-sdk-request max= made more than %d attempts (the most the %s schemes make)",
            (unsigned long long)over, over == 1 ? "" : "s", max_attempts, nd > 0 ? "declared" : "documented");
        notes[DC_CRULE_RETRY_MAX_ATTEMPTS] = dc_buf_take(&n);
    }
    s_take_example(c, DC_CRULE_RETRY_MAX_ATTEMPTS, &c->max_example, over > 0);

    if (c->crc_on_errors > 0) {
        dc_buf_init(&n);
        dc_buf_printf(&n,
                      "%llu error answer%s had a bad x-amz-crc32: a note, not judged (SDKs check successful answers)",
                      (unsigned long long)c->crc_on_errors, c->crc_on_errors == 1 ? "" : "s");
        notes[DC_CRULE_RETRY_CRC32_CHECKED] = dc_buf_take(&n);
    }
}

static char *s_validity_note(const dc_judge_client *c)
{
    if (c->nops == 0)
        return NULL;
    dc_buf n;
    dc_buf_init(&n);
    for (size_t i = 0; i < c->nops; i++)
        dc_buf_printf(&n, "%s%s %llu/%llu invalid", i ? ", " : "", c->ops[i].name,
                      (unsigned long long)c->ops[i].invalid, (unsigned long long)c->ops[i].requests);
    return dc_buf_take(&n);
}

static dc_gate_status s_status(const dc_gate_judge *j, dc_crule_id id, const dc_judge_acc *a, dc_severity *sev)
{
    const dc_crule *rule = dc_client_rule(j->opt.rules, id);
    *sev = j->opt.level == DC_GATE_COMPAT ? rule->compat_severity : rule->severity;
    if (a->checks == 0)
        return DC_GATE_NOT_EXERCISED;
    if (*sev == DC_SEVERITY_INFO)
        return DC_GATE_INFO;
    if (a->violations == 0)
        return DC_GATE_PASSED;
    return *sev == DC_SEVERITY_FAILURE ? DC_GATE_FAILED : DC_GATE_WARNING;
}

void dc_gate_judge_finish(dc_gate_judge *j, dc_gate_result *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&j->lock);
    j->finished = true;
    out->requests = j->requests;
    out->ignored = j->ignored;
    out->clients = dc_xcalloc(j->nclients + 1, sizeof *out->clients);
    for (size_t i = 0; i < j->nclients; i++) {
        dc_judge_client *c = j->clients[i];
        while (c->lru_tail != NULL)
            dc_judge_call_finish(j, c, c->lru_tail);
        char *notes[DC_CRULE_COUNT] = {NULL};
        dc_gate_client *gc = &out->clients[out->nclients++];
        s_judge_schemes(j, c, notes, gc);
        notes[DC_CRULE_VALIDITY_REQUEST] = s_validity_note(c);

        gc->id = dc_xstrdup(c->id);
        gc->access_key = dc_xstrdup(c->akid);
        gc->family = dc_xstrdup(c->family);
        gc->user_agent = dc_xstrdup(c->ua);
        gc->requests = c->requests;
        gc->calls = c->calls;
        gc->retries = c->retries;
        bool failed = false;
        for (int r = 0; r < DC_CRULE_COUNT; r++) {
            dc_judge_acc *a = &c->acc[r];
            dc_gate_rule_result *rr = &gc->rules[r];
            rr->id = (dc_crule_id)r;
            rr->status = s_status(j, (dc_crule_id)r, a, &rr->severity);
            rr->checks = a->checks;
            rr->violations = a->violations;
            rr->note = notes[r];
            if (rr->status == DC_GATE_PASSED || rr->status == DC_GATE_NOT_EXERCISED) {
                s_clear_examples(a);
            } else {
                memcpy(rr->examples, a->examples, sizeof rr->examples);
                rr->nexamples = a->nexamples;
                memset(a->examples, 0, sizeof a->examples);
                a->nexamples = 0;
            }
            if (rr->status == DC_GATE_FAILED) {
                out->failed++;
                failed = true;
            } else if (rr->status == DC_GATE_WARNING) {
                out->warnings++;
            }
        }
        out->failed_clients += failed ? 1u : 0u;
    }
    pthread_mutex_unlock(&j->lock);
}

static void s_client_free(dc_gate_judge *j, dc_judge_client *c)
{
    while (c->lru_tail != NULL) {
        dc_judge_call *k = c->lru_tail;
        k->last = DC_JUDGE_OK; /* freeing, not judging */
        dc_judge_call_finish(j, c, k);
    }
    for (int r = 0; r < DC_CRULE_COUNT; r++)
        s_clear_examples(&c->acc[r]);
    s_take_example(c, DC_CRULE_RETRY_BACKOFF_CAP, &c->cap_example, false);
    s_take_example(c, DC_CRULE_RETRY_MAX_ATTEMPTS, &c->max_example, false);
    free(c->samples);
    free(c->growth);
    dc_hash_free(&c->by_id);
    dc_hash_free(&c->by_body);
    free(c->id);
    free(c->akid);
    free(c->family);
    free(c->ua);
    free(c);
}

void dc_gate_judge_free(dc_gate_judge *j)
{
    if (j == NULL)
        return;
    for (size_t i = 0; i < j->nclients; i++)
        s_client_free(j, j->clients[i]);
    free(j->clients);
    pthread_mutex_destroy(&j->lock);
    free(j);
}

void dc_gate_result_free(dc_gate_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nclients; i++) {
        dc_gate_client *c = &r->clients[i];
        for (int k = 0; k < DC_CRULE_COUNT; k++) {
            for (size_t e = 0; e < c->rules[k].nexamples; e++)
                dc_judge_example_free(&c->rules[k].examples[e]);
            free(c->rules[k].note);
        }
        free(c->id);
        free(c->access_key);
        free(c->family);
        free(c->user_agent);
        free(c->scheme);
        free(c->scheme_note);
    }
    free(r->clients);
    memset(r, 0, sizeof *r);
}

const char *dc_gate_status_name(dc_gate_status s)
{
    switch (s) {
    case DC_GATE_PASSED: return "passed";
    case DC_GATE_FAILED: return "failed";
    case DC_GATE_WARNING: return "warning";
    case DC_GATE_INFO: return "info";
    case DC_GATE_NOT_EXERCISED: return "not-exercised";
    }
    return "?";
}

const char *dc_gate_level_name(dc_gate_level l)
{
    return l == DC_GATE_COMPAT ? "compat" : "strict";
}
