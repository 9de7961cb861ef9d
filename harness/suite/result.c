/* result.c - the run-result model (result.h): what the runner writes into
 * and report.c renders. */
#include "suite/result.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void dc_run_result_init(dc_run_result *r)
{
    memset(r, 0, sizeof *r);
}

void dc_case_result_free(dc_case_result *c)
{
    free(c->id);
    free(c->operation);
    free(c->file);
    free(c->description);
    free(c->source);
    free(c->reason);
    free(c->issue);
    for (size_t i = 0; i < c->nfailures; i++) {
        free(c->failures[i].kind);
        free(c->failures[i].path);
        free(c->failures[i].expected);
        free(c->failures[i].actual);
    }
    free(c->failures);
    for (size_t i = 0; i < c->nsteps; i++) {
        free(c->steps[i].op);
        free(c->steps[i].error);
    }
    free(c->steps);
    for (size_t i = 0; i < c->nnotes; i++)
        free(c->notes[i]);
    free(c->notes);
    free(c->request);
    free(c->response);
    for (size_t i = 0; i < c->nsources; i++) {
        free(c->sources[i].says);
        free(c->sources[i].source);
    }
    free(c->sources);
    memset(c, 0, sizeof *c);
}

void dc_run_result_free(dc_run_result *r)
{
    for (size_t i = 0; i < r->ncases; i++)
        dc_case_result_free(&r->cases[i]);
    free(r->cases);
    for (size_t i = 0; i < r->nops; i++)
        free(r->ops[i].name);
    free(r->ops);
    for (size_t i = 0; i < r->nop_info; i++) {
        free(r->op_info[i].name);
        free(r->op_info[i].group);
    }
    free(r->op_info);
    free(r->merged_shards);
    free(r->merge_note);
    free(r->tool_version);
    free(r->endpoint);
    free(r->level);
    free(r->impl);
    free(r->started);
    free(r->run_id);
    dc_run_result_init(r);
}

void dc_case_result_fail(dc_case_result *c, int step, const char *kind, const char *path, const char *expected,
                         const char *actual)
{
    c->failures = dc_xrealloc(c->failures, (c->nfailures + 1) * sizeof *c->failures);
    dc_case_failure *f = &c->failures[c->nfailures++];
    f->step = step;
    f->kind = dc_xstrdup(kind ? kind : "semantic");
    f->path = dc_xstrdup(path ? path : "");
    f->expected = dc_xstrdup(expected ? expected : "");
    f->actual = dc_xstrdup(actual ? actual : "");
}

void dc_case_result_note(dc_case_result *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *note = dc_vstrf(fmt, ap);
    va_end(ap);
    c->notes = dc_xrealloc(c->notes, (c->nnotes + 1) * sizeof *c->notes);
    c->notes[c->nnotes++] = note;
}

void dc_case_result_add_source(dc_case_result *c, const char *says, const char *source)
{
    c->sources = dc_xrealloc(c->sources, (c->nsources + 1) * sizeof *c->sources);
    c->sources[c->nsources].says = dc_xstrdup(says ? says : "");
    c->sources[c->nsources].source = dc_xstrdup(source ? source : "");
    c->nsources++;
}

/* A failure that says nothing about the service's answer. */
static bool s_only_answer_failures(const dc_case_result *c)
{
    for (size_t i = 0; i < c->nfailures; i++)
        if (strcmp(c->failures[i].kind, "case") == 0 || strcmp(c->failures[i].kind, "transport") == 0)
            return false;
    return c->nfailures > 0;
}

void dc_case_result_apply_confidence(dc_case_result *c, bool fail_disputed, bool fail_inferred)
{
    if (c->status != DC_CASE_FAILED || c->confidence == DC_CONFIDENCE_CONFIRMED || !s_only_answer_failures(c))
        return;
    if ((c->confidence == DC_CONFIDENCE_DISPUTED && fail_disputed) ||
        (c->confidence == DC_CONFIDENCE_INFERRED && fail_inferred))
        return;
    c->status = c->confidence == DC_CONFIDENCE_DISPUTED ? DC_CASE_DISPUTED : DC_CASE_INFERRED;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(
        &b, "%s: ", c->confidence == DC_CONFIDENCE_DISPUTED ? "the sources disagree" : "the expectation is inferred");
    for (size_t i = 0; i < c->nsources; i++)
        dc_buf_printf(&b, "%s%s (%s)", i ? " vs " : "", c->sources[i].says, c->sources[i].source);
    if (c->nsources == 0)
        dc_buf_printf(&b, "see the source: %s", c->source ? c->source : "(none)");
    free(c->reason);
    c->reason = dc_buf_take(&b);
}

void dc_run_result_add_secret(dc_run_result *r, const char *secret)
{
    /* very short "secrets" (the emulator default "test") would scrub ordinary
     * words out of every report; they protect nothing anyway */
    if (secret == NULL || strlen(secret) < 8 || r->nsecrets == DC_REPORT_MAX_SECRETS)
        return;
    r->secrets[r->nsecrets++] = secret;
}

/* The one status table (result.h): display order, report.json names, colours. */
static const dc_status_info s_statuses[] = {
    {DC_CASE_PASSED, "passed", "passed", "#5cb85c", "every step answered as the real service does"},
    {DC_CASE_FAILED, "failed", "failed", "#d9534f", "a step answered differently: expected vs actual are shown"},
    {DC_CASE_XFAIL, "xfail", "expected_failures", "#f0ad4e",
     "failed, and the implementation's baseline lists it as a known deviation"},
    {DC_CASE_UNSUPPORTED, "unsupported", "unsupported", "#7a8ca3",
     "the endpoint answered an operation of the case with UnknownOperationException"},
    {DC_CASE_SKIPPED, "skipped", "skipped", "#bbbbbb", "not run: level, tag or filter, or the run was interrupted"},
    {DC_CASE_DISPUTED, "disputed", "disputed", "#9575cd",
     "failed a case whose sources disagree (both sides are cited); not a failure of the run"},
    {DC_CASE_INFERRED, "inferred", "inferred", "#b39ddb",
     "failed a case whose expectation is inferred, not recorded; not a failure of the run"},
};
_Static_assert(sizeof s_statuses / sizeof s_statuses[0] == DC_CASE_NSTATUS, "one row per dc_case_status");

const dc_status_info *dc_case_statuses(size_t *n)
{
    *n = DC_ARRAY_LEN(s_statuses);
    return s_statuses;
}

const dc_status_info *dc_case_status_info(dc_case_status s)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_statuses); i++)
        if (s_statuses[i].status == s)
            return &s_statuses[i];
    return NULL;
}

const char *dc_case_status_name(dc_case_status s)
{
    const dc_status_info *st = dc_case_status_info(s);
    return st ? st->name : "?";
}

int dc_case_status_from_name(const char *name, dc_case_status *out)
{
    for (size_t i = 0; name != NULL && i < DC_ARRAY_LEN(s_statuses); i++)
        if (strcmp(s_statuses[i].name, name) == 0) {
            *out = s_statuses[i].status;
            return 0;
        }
    return -1;
}

const char *dc_op_state_name(dc_op_state s)
{
    switch (s) {
    case DC_OP_SUPPORTED: return "supported";
    case DC_OP_UNSUPPORTED: return "unsupported";
    case DC_OP_PARTIAL: return "partial";
    }
    return "?";
}

void dc_run_result_summary(const dc_run_result *r, dc_summary *s)
{
    memset(s, 0, sizeof *s);
    s->total = r->ncases;
    for (size_t i = 0; i < r->ncases; i++) {
        if ((size_t)r->cases[i].status < DC_CASE_NSTATUS)
            s->count[r->cases[i].status]++;
        if (r->cases[i].fixed)
            s->fixed++;
    }
    s->passed = s->count[DC_CASE_PASSED];
    s->failed = s->count[DC_CASE_FAILED];
    s->skipped = s->count[DC_CASE_SKIPPED];
    s->unsupported = s->count[DC_CASE_UNSUPPORTED];
    s->xfail = s->count[DC_CASE_XFAIL];
    s->disputed = s->count[DC_CASE_DISPUTED];
    s->inferred = s->count[DC_CASE_INFERRED];
}

void dc_run_result_op_info(dc_run_result *r, const char *name, const char *group, bool plumbing)
{
    dc_op_info *o = NULL;
    for (size_t i = 0; i < r->nop_info && o == NULL; i++)
        if (strcmp(r->op_info[i].name, name) == 0)
            o = &r->op_info[i];
    if (o == NULL) {
        r->op_info = dc_xrealloc(r->op_info, (r->nop_info + 1) * sizeof *r->op_info);
        o = &r->op_info[r->nop_info++];
        o->name = dc_xstrdup(name);
    } else {
        free(o->group);
    }
    o->group = group ? dc_xstrdup(group) : NULL;
    o->plumbing = plumbing;
}

const dc_op_info *dc_run_result_find_op_info(const dc_run_result *r, const char *name)
{
    for (size_t i = 0; name != NULL && i < r->nop_info; i++)
        if (strcmp(r->op_info[i].name, name) == 0)
            return &r->op_info[i];
    return NULL;
}
