/* report.c - report.json, junit.xml, report.html and the console lines of a run. */
#include "suite/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.h"
#include "core/text.h"

void dc_run_result_init(dc_run_result *r)
{
    memset(r, 0, sizeof *r);
}

void dc_case_result_free(dc_case_result *c)
{
    free(c->id);
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
    free(r->tool_version);
    free(r->endpoint);
    free(r->level);
    free(r->impl);
    free(r->started);
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

void dc_run_result_add_secret(dc_run_result *r, const char *secret)
{
    /* very short "secrets" (the emulator default "test") would scrub ordinary
     * words out of every report; they protect nothing anyway */
    if (secret == NULL || strlen(secret) < 8 || r->nsecrets == DC_REPORT_MAX_SECRETS)
        return;
    r->secrets[r->nsecrets++] = secret;
}

const char *dc_case_status_name(dc_case_status s)
{
    switch (s) {
    case DC_CASE_PASSED: return "passed";
    case DC_CASE_FAILED: return "failed";
    case DC_CASE_SKIPPED: return "skipped";
    case DC_CASE_UNSUPPORTED: return "unsupported";
    case DC_CASE_XFAIL: return "xfail";
    case DC_CASE_DISPUTED: return "disputed";
    case DC_CASE_INFERRED: return "inferred";
    }
    return "?";
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

void dc_report_summary(const dc_run_result *r, dc_summary *s)
{
    memset(s, 0, sizeof *s);
    s->total = r->ncases;
    for (size_t i = 0; i < r->ncases; i++) {
        switch (r->cases[i].status) {
        case DC_CASE_PASSED: s->passed++; break;
        case DC_CASE_FAILED: s->failed++; break;
        case DC_CASE_SKIPPED: s->skipped++; break;
        case DC_CASE_UNSUPPORTED: s->unsupported++; break;
        case DC_CASE_XFAIL: s->xfail++; break;
        case DC_CASE_DISPUTED: s->disputed++; break;
        case DC_CASE_INFERRED: s->inferred++; break;
        }
        if (r->cases[i].fixed)
            s->fixed++;
    }
}

/* ---- redaction ---------------------------------------------------------- */

void dc_report_redact(const dc_run_result *r, const char *text, size_t len, dc_buf *out)
{
    dc_text_redact(out, text, len, r->secrets, r->nsecrets);
}

/* ---- JSON --------------------------------------------------------------- */

/* A redacted JSON string; invalid UTF-8 bytes become U+FFFD so the report stays valid JSON. */
static void s_jstr(const dc_run_result *r, dc_buf *out, const char *s)
{
    if (s == NULL) {
        dc_buf_puts(out, "null");
        return;
    }
    dc_buf red, clean;
    dc_buf_init(&red);
    dc_buf_init(&clean);
    dc_report_redact(r, s, strlen(s), &red);
    dc_text_utf8_repair(&clean, red.data, red.len);
    dc_buf_put_json_string(out, clean.data ? (const char *)clean.data : "", clean.len);
    dc_buf_free(&red);
    dc_buf_free(&clean);
}

void dc_report_json(const dc_run_result *r, dc_buf *out)
{
    dc_summary s;
    dc_report_summary(r, &s);
    dc_buf_puts(out, "{\"tool\":\"ddbconform\",\"version\":");
    s_jstr(r, out, r->tool_version ? r->tool_version : "dev");
    dc_buf_puts(out, ",\"endpoint\":");
    s_jstr(r, out, r->endpoint ? r->endpoint : "");
    dc_buf_puts(out, ",\"level\":");
    s_jstr(r, out, r->level ? r->level : "strict");
    dc_buf_puts(out, ",\"impl\":");
    s_jstr(r, out, r->impl);
    dc_buf_puts(out, ",\"started\":");
    s_jstr(r, out, r->started ? r->started : "");
    dc_buf_printf(out, ",\"duration_ms\":%lld,\"interrupted\":%s", (long long)r->duration_ms,
                  r->interrupted ? "true" : "false");
    dc_buf_printf(out, ",\"timing\":{\"requests\":%zu,\"wire_us\":%lld,\"harness_us\":%lld}", r->requests,
                  (long long)r->wire_us, (long long)r->harness_us);
    if (r->record_dir != NULL) {
        dc_buf_puts(out, ",\"recorded_to\":");
        s_jstr(r, out, r->record_dir);
    }
    if (r->compare_dir != NULL) {
        dc_buf_puts(out, ",\"compared_to\":");
        s_jstr(r, out, r->compare_dir);
    }
    dc_buf_printf(out,
                  ",\"summary\":{\"total\":%zu,\"passed\":%zu,\"failed\":%zu,\"skipped\":%zu,\"unsupported\":%zu,"
                  "\"expected_failures\":%zu,\"fixed\":%zu,\"disputed\":%zu,\"inferred\":%zu}",
                  s.total, s.passed, s.failed, s.skipped, s.unsupported, s.xfail, s.fixed, s.disputed, s.inferred);
    dc_buf_puts(out, ",\"operations\":{");
    for (size_t i = 0; i < r->nops; i++) {
        if (i > 0)
            dc_buf_putc(out, ',');
        s_jstr(r, out, r->ops[i].name);
        dc_buf_putc(out, ':');
        s_jstr(r, out, dc_op_state_name(r->ops[i].state));
    }
    dc_buf_puts(out, "},\"cases\":[");
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        if (i > 0)
            dc_buf_putc(out, ',');
        dc_buf_puts(out, "{\"id\":");
        s_jstr(r, out, c->id);
        dc_buf_puts(out, ",\"status\":");
        s_jstr(r, out, dc_case_status_name(c->status));
        if (c->fixed)
            dc_buf_puts(out, ",\"baseline\":\"fixed (xfail passed)\"");
        if (c->reason) {
            dc_buf_puts(out, ",\"reason\":");
            s_jstr(r, out, c->reason);
        }
        if (c->issue) {
            dc_buf_puts(out, ",\"issue\":");
            s_jstr(r, out, c->issue);
        }
        dc_buf_puts(out, ",\"file\":");
        s_jstr(r, out, c->file);
        dc_buf_puts(out, ",\"description\":");
        s_jstr(r, out, c->description);
        dc_buf_puts(out, ",\"source\":");
        s_jstr(r, out, c->source);
        if (c->confidence != DC_CONFIDENCE_CONFIRMED) {
            dc_buf_puts(out, ",\"confidence\":");
            s_jstr(r, out, dc_confidence_name(c->confidence));
            dc_buf_puts(out, ",\"sources\":[");
            for (size_t k = 0; k < c->nsources; k++) {
                dc_buf_puts(out, k ? ",{\"says\":" : "{\"says\":");
                s_jstr(r, out, c->sources[k].says);
                dc_buf_puts(out, ",\"source\":");
                s_jstr(r, out, c->sources[k].source);
                dc_buf_putc(out, '}');
            }
            dc_buf_putc(out, ']');
        }
        dc_buf_printf(out, ",\"duration_ms\":%lld,\"failures\":[", (long long)c->duration_ms);
        for (size_t k = 0; k < c->nfailures; k++) {
            const dc_case_failure *f = &c->failures[k];
            dc_buf_printf(out, "%s{\"step\":%d,\"kind\":", k ? "," : "", f->step);
            s_jstr(r, out, f->kind);
            dc_buf_puts(out, ",\"path\":");
            s_jstr(r, out, f->path);
            dc_buf_puts(out, ",\"expected\":");
            s_jstr(r, out, f->expected);
            dc_buf_puts(out, ",\"actual\":");
            s_jstr(r, out, f->actual);
            dc_buf_putc(out, '}');
        }
        dc_buf_puts(out, "],\"steps\":[");
        for (size_t k = 0; k < c->nsteps; k++) {
            const dc_step_result *st = &c->steps[k];
            dc_buf_printf(out, "%s{\"step\":%d,\"phase\":\"%s\",\"op\":", k ? "," : "", st->step,
                          st->cleanup ? "cleanup" : "steps");
            s_jstr(r, out, st->op);
            dc_buf_printf(out, ",\"http_status\":%ld,\"error\":", st->http_status);
            s_jstr(r, out, st->error);
            dc_buf_printf(out, ",\"duration_ms\":%lld,\"ok\":%s,\"polls\":%d}", (long long)st->duration_ms,
                          st->ok ? "true" : "false", st->polls);
        }
        dc_buf_puts(out, "]");
        if (c->nnotes > 0) {
            dc_buf_puts(out, ",\"notes\":[");
            for (size_t k = 0; k < c->nnotes; k++) {
                if (k > 0)
                    dc_buf_putc(out, ',');
                s_jstr(r, out, c->notes[k]);
            }
            dc_buf_puts(out, "]");
        }
        if (c->request) {
            dc_buf_puts(out, ",\"request\":");
            s_jstr(r, out, c->request);
        }
        if (c->response) {
            dc_buf_puts(out, ",\"response\":");
            s_jstr(r, out, c->response);
        }
        dc_buf_putc(out, '}');
    }
    dc_buf_puts(out, "]}\n");
}

/* ---- XML / HTML text ---------------------------------------------------- */

/* Redacted text escaped for XML/HTML (core/text.h: one rule for every page). */
static void s_xstr(const dc_run_result *r, dc_buf *out, const char *s)
{
    if (s != NULL)
        dc_text_markup_redacted(out, s, strlen(s), r->secrets, r->nsecrets);
}

static void s_failure_text(const dc_run_result *r, dc_buf *out, const dc_case_failure *f)
{
    dc_buf_printf(out, "step %d ", f->step);
    s_xstr(r, out, f->kind);
    if (f->path[0]) {
        dc_buf_puts(out, " at ");
        s_xstr(r, out, f->path);
    }
    dc_buf_puts(out, "\n  expected: ");
    s_xstr(r, out, f->expected);
    dc_buf_puts(out, "\n  actual:   ");
    s_xstr(r, out, f->actual);
    dc_buf_putc(out, '\n');
}

/* The notes and the request/response excerpt of a case, as JUnit's
 * <system-out> and the HTML page's <details> show them; they differ only in
 * the framing around the blocks. */
typedef struct {
    const char *note_prefix;   /* before each note (which ends with a newline) */
    const char *request_head;  /* before the request bytes */
    const char *response_head; /* between request and response */
    const char *tail;          /* after the response bytes */
} s_details_frame;

static const s_details_frame s_junit_details = {"", "request:\n", "\nresponse:\n", "\n"};
static const s_details_frame s_html_details = {"note: ", "\nrequest:\n", "\n\nresponse:\n", ""};

static void s_case_details(const dc_run_result *r, dc_buf *out, const dc_case_result *c, const s_details_frame *f)
{
    for (size_t k = 0; k < c->nnotes; k++) {
        dc_buf_puts(out, f->note_prefix);
        s_xstr(r, out, c->notes[k]);
        dc_buf_putc(out, '\n');
    }
    if (c->request) {
        dc_buf_puts(out, f->request_head);
        s_xstr(r, out, c->request);
        dc_buf_puts(out, f->response_head);
        s_xstr(r, out, c->response ? c->response : "(none)");
        dc_buf_puts(out, f->tail);
    }
}

/* JUnit's "skipped": every status that is neither passed nor failed (a
 * disputed or inferred failure is reported as skipped with its reason, which
 * CI test views show without failing the build). */
static size_t s_not_run_or_excused(const dc_summary *s)
{
    return s->skipped + s->unsupported + s->xfail + s->disputed + s->inferred;
}

void dc_report_junit(const dc_run_result *r, dc_buf *out)
{
    dc_summary s;
    dc_report_summary(r, &s);
    dc_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    dc_buf_printf(out,
                  "<testsuites name=\"ddbconform\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
                  s.total, s.failed, s_not_run_or_excused(&s), (double)r->duration_ms / 1000.0);
    dc_buf_printf(out,
                  "  <testsuite name=\"ddbconform.%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\"",
                  r->level ? r->level : "strict", s.total, s.failed, s_not_run_or_excused(&s));
    dc_buf_printf(out, " time=\"%.3f\" timestamp=\"", (double)r->duration_ms / 1000.0);
    s_xstr(r, out, r->started ? r->started : "");
    dc_buf_puts(out, "\">\n    <properties><property name=\"endpoint\" value=\"");
    s_xstr(r, out, r->endpoint ? r->endpoint : "");
    dc_buf_puts(out, "\"/></properties>\n");
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        const char *slash = strrchr(c->id, '/');
        dc_buf_puts(out, "    <testcase classname=\"");
        if (slash != NULL) {
            char *cls = dc_xstrndup(c->id, (size_t)(slash - c->id));
            s_xstr(r, out, cls);
            free(cls);
        } else {
            dc_buf_puts(out, "cases");
        }
        dc_buf_puts(out, "\" name=\"");
        s_xstr(r, out, c->id);
        dc_buf_printf(out, "\" time=\"%.3f\"", (double)c->duration_ms / 1000.0);
        if (c->status == DC_CASE_PASSED && !c->fixed) {
            dc_buf_puts(out, "/>\n");
            continue;
        }
        dc_buf_puts(out, ">\n");
        if (c->status == DC_CASE_FAILED) {
            const dc_case_failure *f0 = c->nfailures ? &c->failures[0] : NULL;
            dc_buf_puts(out, "      <failure type=\"");
            s_xstr(r, out, f0 ? f0->kind : "failed");
            dc_buf_puts(out, "\" message=\"");
            if (f0) {
                dc_buf_printf(out, "step %d ", f0->step);
                s_xstr(r, out, f0->path);
                dc_buf_puts(out, ": expected ");
                s_xstr(r, out, f0->expected);
                dc_buf_puts(out, ", actual ");
                s_xstr(r, out, f0->actual);
            }
            dc_buf_puts(out, "\">");
            for (size_t k = 0; k < c->nfailures; k++)
                s_failure_text(r, out, &c->failures[k]);
            dc_buf_puts(out, "</failure>\n");
        } else if (c->status != DC_CASE_PASSED) {
            dc_buf_puts(out, "      <skipped message=\"");
            dc_buf_puts(out, dc_case_status_name(c->status));
            if (c->reason) {
                dc_buf_puts(out, ": ");
                s_xstr(r, out, c->reason);
            }
            dc_buf_puts(out, "\"/>\n");
        }
        bool excused = c->status == DC_CASE_DISPUTED || c->status == DC_CASE_INFERRED;
        if (c->fixed || c->request || c->nnotes || (excused && c->nfailures)) {
            dc_buf_puts(out, "      <system-out>");
            if (c->fixed)
                dc_buf_puts(out, "fixed (xfail passed)\n");
            for (size_t k = 0; excused && k < c->nfailures; k++) /* what failed, as <failure> would show it */
                s_failure_text(r, out, &c->failures[k]);
            s_case_details(r, out, c, &s_junit_details);
            dc_buf_puts(out, "</system-out>\n");
        }
        dc_buf_puts(out, "    </testcase>\n");
    }
    dc_buf_puts(out, "  </testsuite>\n</testsuites>\n");
}

void dc_report_html(const dc_run_result *r, dc_buf *out)
{
    dc_summary s;
    dc_report_summary(r, &s);
    dc_buf_puts(out,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ddbconform report</title>\n"
                "<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
                "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
                "vertical-align:top}th{background:#f3f3f3}.passed{background:#e6f4e6}.failed{background:#fbe3e3}"
                ".disputed,.inferred{background:#ede7f6}"
                ".skipped,.unsupported{background:#f1f1f1;color:#666}.xfail{background:#fff4d6}"
                "pre{white-space:pre-wrap;margin:.3em 0;font-size:12px}</style></head><body>\n");
    dc_buf_puts(out, "<h1>ddbconform report</h1>\n<p>Endpoint <code>");
    s_xstr(r, out, r->endpoint ? r->endpoint : "");
    dc_buf_puts(out, "</code>, level <b>");
    s_xstr(r, out, r->level ? r->level : "strict");
    dc_buf_puts(out, "</b>, started ");
    s_xstr(r, out, r->started ? r->started : "");
    dc_buf_printf(out, ", %.1f s%s.</p>\n", (double)r->duration_ms / 1000.0, r->interrupted ? " (interrupted)" : "");
    dc_buf_printf(out, "<p><b>%zu passed, %zu failed, %zu skipped, %zu unsupported, %zu xfail", s.passed, s.failed,
                  s.skipped, s.unsupported, s.xfail);
    if (s.disputed || s.inferred)
        dc_buf_printf(out, ", %zu disputed, %zu inferred", s.disputed, s.inferred);
    dc_buf_printf(out, "</b>%s (%zu cases)</p>\n", s.fixed ? ", fixed listed in baseline" : "", s.total);
    if (r->nops > 0) {
        dc_buf_puts(out, "<h2>Operations</h2>\n<table><tr><th>operation</th><th>state</th></tr>\n");
        for (size_t i = 0; i < r->nops; i++) {
            dc_buf_printf(out, "<tr class=\"%s\"><td>",
                          r->ops[i].state == DC_OP_SUPPORTED     ? "passed"
                          : r->ops[i].state == DC_OP_UNSUPPORTED ? "unsupported"
                                                                 : "xfail");
            s_xstr(r, out, r->ops[i].name);
            dc_buf_printf(out, "</td><td>%s</td></tr>\n", dc_op_state_name(r->ops[i].state));
        }
        dc_buf_puts(out, "</table>\n");
    }
    dc_buf_puts(out, "<h2>Cases</h2>\n<table><tr><th>case</th><th>status</th><th>ms</th><th>details</th></tr>\n");
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        const char *st = dc_case_status_name(c->status);
        dc_buf_printf(out, "<tr class=\"%s\"><td><code>", st);
        s_xstr(r, out, c->id);
        dc_buf_printf(out, "</code></td><td>%s%s</td><td>%lld</td><td>", st, c->fixed ? " (fixed: xfail passed)" : "",
                      (long long)c->duration_ms);
        s_xstr(r, out, c->description);
        if (c->reason) {
            dc_buf_puts(out, "<br><i>");
            s_xstr(r, out, c->reason);
            dc_buf_puts(out, "</i>");
        }
        if (c->nfailures || c->nnotes || c->request) {
            dc_buf_puts(out, "<details><summary>details</summary><pre>");
            for (size_t k = 0; k < c->nfailures; k++)
                s_failure_text(r, out, &c->failures[k]);
            s_case_details(r, out, c, &s_html_details);
            dc_buf_puts(out, "</pre></details>");
        }
        dc_buf_puts(out, "</td></tr>\n");
    }
    dc_buf_puts(out, "</table>\n</body></html>\n");
}

int dc_report_write(const dc_run_result *r, const char *dir, dc_err *err)
{
    static const struct {
        const char *name;
        void (*render)(const dc_run_result *, dc_buf *);
    } files[] = {{"report.json", dc_report_json}, {"junit.xml", dc_report_junit}, {"report.html", dc_report_html}};
    if (dc_mkdirs(dir, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(files) && rc == 0; i++) {
        dc_buf b;
        dc_buf_init(&b);
        files[i].render(r, &b);
        size_t n = strlen(dir) + strlen(files[i].name) + 2;
        char *path = dc_xmalloc(n);
        snprintf(path, n, "%s/%s", dir, files[i].name);
        rc = dc_write_file_atomic(path, b.data, b.len, err);
        free(path);
        dc_buf_free(&b);
    }
    return rc;
}

void dc_report_progress(FILE *out, size_t done, size_t total, const dc_summary *s, const char *id)
{
    if (!isatty(fileno(out)))
        return;
    fprintf(out, "\r\033[K[%zu/%zu] %zu passed, %zu failed  %.60s", done, total, s->passed, s->failed, id ? id : "");
    fflush(out);
}

void dc_report_console(FILE *out, const dc_run_result *r, const char *report_dir)
{
    dc_summary s;
    dc_report_summary(r, &s);
    if (isatty(fileno(out)))
        fputs("\r\033[K", out);
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        if (c->fixed)
            fprintf(out, "FIXED %s: fixed (xfail passed) - remove it from the baseline\n", c->id);
        if (c->status == DC_CASE_DISPUTED || c->status == DC_CASE_INFERRED) {
            dc_buf red;
            dc_buf_init(&red);
            dc_report_redact(r, c->reason ? c->reason : "", c->reason ? strlen(c->reason) : 0, &red);
            fprintf(out, "%s %s: %.600s\n", c->status == DC_CASE_DISPUTED ? "DISPUTED" : "INFERRED", c->id,
                    red.data ? (const char *)red.data : "");
            dc_buf_free(&red);
        } else if (c->status != DC_CASE_FAILED) {
            continue;
        } else {
            fprintf(out, "FAIL  %s\n", c->id);
        }
        for (size_t k = 0; k < c->nfailures && k < 5; k++) {
            dc_buf line;
            dc_buf_init(&line);
            const dc_case_failure *f = &c->failures[k];
            dc_buf_printf(&line, "      step %d %s%s%s: expected %s, actual %s", f->step, f->kind,
                          f->path[0] ? " at " : "", f->path, f->expected, f->actual);
            dc_buf red;
            dc_buf_init(&red);
            dc_report_redact(r, (const char *)line.data, line.len, &red);
            fprintf(out, "%.400s\n", (const char *)red.data);
            dc_buf_free(&line);
            dc_buf_free(&red);
        }
        if (c->nfailures > 5)
            fprintf(out, "      (%zu more)\n", c->nfailures - 5);
    }
    fprintf(out, "%zu passed, %zu failed, %zu skipped, %zu unsupported, %zu xfail", s.passed, s.failed, s.skipped,
            s.unsupported, s.xfail);
    if (s.disputed || s.inferred)
        fprintf(out, ", %zu disputed, %zu inferred", s.disputed, s.inferred);
    if (s.fixed)
        fprintf(out, ", %zu fixed", s.fixed);
    fprintf(out, " (%zu cases, %.1f s%s)", s.total, (double)r->duration_ms / 1000.0,
            r->interrupted ? ", interrupted" : "");
    if (report_dir != NULL)
        fprintf(out, "; report: %s/report.html", report_dir);
    fputc('\n', out);
}
