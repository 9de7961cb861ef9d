/* casefile.c - a divergence as a replayable case file (see casefile.h). */
#include "explore/casefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dc_ex_recorder {
    const dc_ex_rules *rules;
    bool compat;
    char prefix[32];
    dc_buf steps, cleanup, notes;
    size_t nsteps, ncleanup;
    bool advanced;    /* a PITR instant in the middle of a time step: only explore can replay it */
    bool paused;      /* a pause step: run it with a clock the run controls (else it sleeps) */
    char absent[256]; /* the next full expectation says this member (path in the body) must be absent */
};

dc_ex_recorder *dc_ex_recorder_new(const dc_ex_rules *rules, bool compat)
{
    dc_ex_recorder *rec = dc_xcalloc(1, sizeof *rec);
    rec->rules = rules;
    rec->compat = compat;
    dc_buf_init(&rec->steps);
    dc_buf_init(&rec->cleanup);
    dc_buf_init(&rec->notes);
    return rec;
}

void dc_ex_recorder_free(dc_ex_recorder *rec)
{
    if (rec == NULL)
        return;
    dc_buf_free(&rec->steps);
    dc_buf_free(&rec->cleanup);
    dc_buf_free(&rec->notes);
    free(rec);
}

void dc_ex_recorder_prefix(dc_ex_recorder *rec, const char *prefix)
{
    snprintf(rec->prefix, sizeof rec->prefix, "%s", prefix);
}

/* A string of an answer as a case template: the run's prefix -> ${p}, "${" -> "$${". */
static void s_templ_string(const dc_ex_recorder *rec, const char *s, size_t len, dc_buf *out)
{
    dc_buf t;
    dc_buf_init(&t);
    size_t pl = strlen(rec->prefix);
    for (size_t i = 0; i < len;) {
        if (pl > 0 && i + pl <= len && memcmp(s + i, rec->prefix, pl) == 0) {
            dc_buf_puts(&t, "${p}");
            i += pl;
        } else if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
            dc_buf_puts(&t, "$${");
            i += 2;
        } else {
            dc_buf_putc(&t, s[i++]);
        }
    }
    dc_buf_put_json_string(out, t.data != NULL ? (const char *)t.data : "", t.len);
    dc_buf_free(&t);
}

static bool s_is_arn(const char *s)
{
    return strncmp(s, "arn:aws", 7) == 0;
}

void dc_ex_recorder_absent(dc_ex_recorder *rec, const char *path)
{
    snprintf(rec->absent, sizeof rec->absent, "%s", path);
}

/* The body matcher of the model's answer, as the judge compares it; at the
 * object whose path is where (dotted, "" the body), the member rec->absent
 * names is written {"$absent": true}. */
static void s_matcher(const dc_ex_recorder *rec, const dc_json *v, bool in_ts, const char *where, dc_buf *out)
{
    if (v->type == DC_JSON_NUMBER && in_ts) {
        dc_buf_puts(out, "{\"$epoch\":true}");
    } else if (v->type == DC_JSON_STRING) {
        if (s_is_arn(v->str) && strstr(v->str, ":dynamodb:") != NULL && strstr(v->str, "/index/") == NULL &&
            strstr(v->str, "/stream/") == NULL)
            dc_buf_printf(out, "{\"$arn\":\"%s\"}", strstr(v->str, "/backup/") != NULL ? "backup" : "table");
        else if (s_is_arn(v->str)) /* a KMS key, an index, a stream: the endpoint's own */
            dc_buf_puts(out, "{\"$regex\":\"^arn:\"}");
        else if (v->str_len == 36 && v->str[8] == '-' && v->str[13] == '-')
            dc_buf_puts(out, "{\"$type\":\"string\"}"); /* an id (TableId) */
        else
            s_templ_string(rec, v->str, v->str_len, out);
    } else if (v->type == DC_JSON_OBJECT) {
        dc_buf_putc(out, '{');
        bool first = true;
        for (size_t i = 0; i < v->count; i++) {
            const dc_json *m = &v->items[i];
            if (dc_ex_rules_ignored(rec->rules, m->key, m->key_len) || strcmp(m->key, "__type") == 0)
                continue;
            dc_buf_puts(out, first ? "" : ",");
            first = false;
            dc_buf_put_json_string(out, m->key, m->key_len);
            dc_buf_putc(out, ':');
            char *child = where[0] != '\0' ? dc_strf("%s.%s", where, m->key) : dc_xstrdup(m->key);
            s_matcher(rec, m, dc_ex_rules_timestamp(rec->rules, m->key, m->key_len), child, out);
            free(child);
        }
        /* the member the endpoint must not send */
        const char *dot = strrchr(rec->absent, '.');
        size_t plen = dot != NULL ? (size_t)(dot - rec->absent) : 0;
        if (rec->absent[0] != '\0' && strlen(where) == plen && strncmp(rec->absent, where, plen) == 0) {
            const char *name = dot != NULL ? dot + 1 : rec->absent;
            dc_buf_puts(out, first ? "" : ",");
            dc_buf_put_json_string(out, name, strlen(name));
            dc_buf_puts(out, ":{\"$absent\":true}");
        }
        dc_buf_putc(out, '}');
    } else if (v->type == DC_JSON_ARRAY) {
        dc_buf_putc(out, '[');
        for (size_t i = 0; i < v->count; i++) {
            dc_buf_puts(out, i ? "," : "");
            char *child = dc_strf("%s%s%zu", where, where[0] != '\0' ? "." : "", i);
            s_matcher(rec, &v->items[i], false, child, out);
            free(child);
        }
        dc_buf_putc(out, ']');
    } else {
        dc_json_print(v, out);
    }
}

static void s_expect(dc_ex_recorder *rec, const dc_ex_answer *m, bool full, dc_buf *out)
{
    dc_buf_printf(out, ",\"expect\":{\"status\":%d", m->status);
    if (m->error[0] != '\0') {
        dc_buf_puts(out, ",\"error\":");
        dc_buf_put_json_string(out, m->error, strlen(m->error));
        if (full && m->message != NULL && strstr(m->message, "arn:") == NULL) {
            dc_buf_puts(out, ",\"message\":");
            s_templ_string(rec, m->message, strlen(m->message), out);
        }
    } else if (full && m->has_doc) {
        dc_buf_puts(out, ",\"body\":");
        s_matcher(rec, m->doc.root, false, "", out);
    }
    if (full)
        rec->absent[0] = '\0';
    dc_buf_putc(out, '}');
}

void dc_ex_recorder_call(dc_ex_recorder *rec, const char *op, const char *tmpl, const dc_ex_answer *model,
                         const char *capture, const char *var, bool diverged)
{
    dc_buf *b = &rec->steps;
    dc_buf_puts(b, rec->nsteps++ ? "," : "");
    dc_buf_puts(b, "{\"op\":");
    dc_buf_put_json_string(b, op, strlen(op));
    dc_buf_printf(b, ",\"request\":%s", tmpl);
    s_expect(rec, model, diverged, b);
    if (capture != NULL && var != NULL && model->status == 200)
        dc_buf_printf(b, ",\"capture\":{\"%s\":\"%s\"}", var, capture);
    dc_buf_putc(b, '}');
}

void dc_ex_recorder_wait(dc_ex_recorder *rec, const char *op, const char *tmpl, const char *path, const char *value,
                         const char *err)
{
    dc_buf *b = &rec->steps;
    dc_buf_puts(b, rec->nsteps++ ? "," : "");
    dc_buf_puts(b, "{\"wait\":{\"op\":");
    dc_buf_put_json_string(b, op, strlen(op));
    dc_buf_printf(b, ",\"request\":%s,\"until\":{", tmpl);
    if (path != NULL) {
        dc_buf_put_json_string(b, path, strlen(path));
        dc_buf_putc(b, ':');
        dc_buf_put_json_string(b, value, strlen(value));
    } else {
        dc_buf_puts(b, "\"$error\":");
        dc_buf_put_json_string(b, err, strlen(err));
    }
    dc_buf_puts(b, "},\"timeout\":900,\"interval\":1}}");
}

void dc_ex_recorder_advance(dc_ex_recorder *rec, int64_t ms, int marker)
{
    /* a pause: against serve --test-control (run --test-control) or the
     * embedded endpoint it moves the clock, elsewhere it sleeps */
    dc_buf *b = &rec->steps;
    dc_buf_puts(b, rec->nsteps++ ? "," : "");
    if (marker >= 0)
        dc_buf_printf(b, "{\"pause\":%.3f,\"note\":\"explore's time step %d\"}", (double)ms / 1000.0, marker);
    else
        dc_buf_printf(b, "{\"pause\":%.3f,\"note\":\"what follows falls in a later millisecond\"}",
                      (double)ms / 1000.0);
    rec->paused = true;
}

void dc_ex_recorder_instant(dc_ex_recorder *rec, int marker)
{
    rec->advanced = true;
    dc_buf_printf(&rec->notes, "%sthe middle of time step %d (${m%d})", rec->notes.len ? "; " : "", marker, marker);
}

void dc_ex_recorder_cleanup(dc_ex_recorder *rec, const char *op, const char *tmpl)
{
    dc_buf *b = &rec->cleanup;
    dc_buf_puts(b, rec->ncleanup++ ? "," : "");
    dc_buf_puts(b, "{\"op\":");
    dc_buf_put_json_string(b, op, strlen(op));
    dc_buf_printf(b, ",\"request\":%s}", tmpl);
}

int dc_ex_recorder_write(dc_ex_recorder *rec, const dc_ex_case_info *in, dc_err *err)
{
    dc_buf out, t;
    dc_buf_init(&out);
    dc_buf_init(&t);
    dc_buf_puts(&out, "{\"id\":");
    dc_buf_put_json_string(&out, in->id, strlen(in->id));
    const dc_ex_divergence *d = in->d;
    dc_buf_printf(&t, "explore: %s%s diverged at %s: the model answers %s, the endpoint %s", d->op,
                  d->in_settle ? " (the describe call after it settled)" : "", d->path, d->expected, d->actual);
    if (rec->advanced)
        dc_buf_printf(&t, ". It names %s, which a replay cannot: it needs explore", (const char *)rec->notes.data);
    else if (rec->paused)
        dc_buf_puts(&t, ". Its pauses want run --test-control against serve --test-control (or the embedded endpoint)");
    dc_buf_puts(&out, ",\"description\":");
    dc_buf_put_json_string(&out, (const char *)t.data, t.len);
    dc_buf_reset(&t);
    dc_buf_printf(&t,
                  "ddbconform explore --seed %llu, episode %zu, step %zu (shrunk from %zu to %zu steps); expectation "
                  "from the reference model (harness/endpoint/model*.c) and spec/explore.json",
                  (unsigned long long)in->seed, in->episode, in->step + 1, in->original_len, in->shrunk_len);
    dc_buf_puts(&out, ",\"source\":");
    dc_buf_put_json_string(&out, (const char *)t.data, t.len);
    dc_buf_printf(&out, ",\"level\":\"%s\",\"tags\":[\"explore-finding\"%s]", rec->compat ? "both" : "strict",
                  rec->advanced ? ",\"needs-test-clock\"" : "");
    if (strcmp(in->confidence, "confirmed") != 0 && in->sources != NULL)
        dc_buf_printf(&out, ",\"confidence\":\"%s\",\"sources\":%s", in->confidence, in->sources);
    dc_buf_puts(&out, ",\"vars\":{\"p\":\"${unique}x\"},\"steps\":[");
    dc_buf_append(&out, rec->steps.data, rec->steps.len);
    dc_buf_puts(&out, "]");
    if (rec->ncleanup > 0) {
        dc_buf_puts(&out, ",\"cleanup\":[");
        dc_buf_append(&out, rec->cleanup.data, rec->cleanup.len);
        dc_buf_puts(&out, "]");
    }
    dc_buf_puts(&out, "}\n");
    char *path = dc_strf("%s/cases/%s.json", in->dir, in->id);
    int rc = dc_write_file_atomic(path, out.data, out.len, err);
    free(path);
    dc_buf_free(&out);
    dc_buf_free(&t);
    return rc;
}
