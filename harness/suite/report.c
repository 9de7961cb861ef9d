/* report.c - the renderings of a run's results (suite/result.h): report.json,
 * junit.xml, report.html and the console lines; and the causes of failures. */
#include "suite/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/text.h"
#include "suite/sources.h"

/* Row i of the status table (suite/result.h), in display order. */
static const dc_status_info *s_status_row(size_t i)
{
    size_t n;
    return &dc_case_statuses(&n)[i];
}

/* ---- causes ------------------------------------------------------------- */

#define S_CAUSE_VALUE_BYTES 80

/* v cut to S_CAUSE_VALUE_BYTES without splitting a UTF-8 sequence */
static void s_cause_value(dc_buf *out, const char *v)
{
    size_t n = strlen(v);
    if (n <= S_CAUSE_VALUE_BYTES) {
        dc_buf_puts(out, v);
        return;
    }
    n = S_CAUSE_VALUE_BYTES;
    while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--;
    dc_buf_append(out, v, n);
    dc_buf_puts(out, "...");
}

/* path with every segment that is only digits (".3", "[3]") made "N" */
static void s_cause_path(dc_buf *out, const char *path)
{
    size_t i = 0;
    while (path[i] != '\0') {
        bool seg_start = i == 0 || path[i - 1] == '.' || path[i - 1] == '[';
        if (seg_start && path[i] >= '0' && path[i] <= '9') {
            size_t j = i;
            while (path[j] >= '0' && path[j] <= '9')
                j++;
            if (path[j] == '\0' || path[j] == '.' || path[j] == ']') {
                dc_buf_putc(out, 'N');
                i = j;
                continue;
            }
        }
        dc_buf_putc(out, path[i++]);
    }
}

void dc_report_cause_key(const char *kind, const char *path, const char *expected, const char *actual, dc_buf *out)
{
    kind = kind ? kind : "";
    path = path ? path : "";
    expected = expected ? expected : "";
    actual = actual ? actual : "";
    bool is_status = strcmp(kind, "status") == 0;
    if (is_status || strcmp(kind, "error_type") == 0) {
        dc_buf_puts(out, is_status ? "status: expected " : "error type: expected ");
        s_cause_value(out, expected);
        dc_buf_puts(out, ", got ");
        s_cause_value(out, actual);
    } else if (strcmp(kind, "message") == 0 && path[0] != '\0' && strcmp(path, expected) == 0) {
        /* the runner's message-key check names the key it wanted as path and expected */
        dc_buf_puts(out, "message key: expected ");
        s_cause_value(out, expected);
        dc_buf_puts(out, ", got ");
        s_cause_value(out, actual);
    } else if (strcmp(kind, "message") == 0) {
        dc_buf_puts(out, "message text");
    } else {
        dc_buf_puts(out, kind);
        if (path[0] != '\0') {
            dc_buf_putc(out, ' ');
            s_cause_path(out, path);
        }
    }
}

void dc_causes_add(dc_causes *cs, const char *case_id, const dc_case_failure *fs, size_t n)
{
    bool *seen = dc_xcalloc(cs->n + n + 1, sizeof *seen); /* causes this case already counted */
    for (size_t i = 0; i < n; i++) {
        dc_buf key;
        dc_buf_init(&key);
        dc_report_cause_key(fs[i].kind, fs[i].path, fs[i].expected, fs[i].actual, &key);
        const char *k = key.data ? (const char *)key.data : "";
        size_t j = 0;
        while (j < cs->n && strcmp(cs->items[j].key, k) != 0)
            j++;
        if (j == cs->n) {
            cs->items = dc_xrealloc(cs->items, (cs->n + 1) * sizeof *cs->items);
            dc_cause *c = &cs->items[cs->n++];
            memset(c, 0, sizeof *c);
            c->key = dc_xstrdup(k);
            c->example_case = dc_xstrdup(case_id ? case_id : "");
            c->example_step = fs[i].step;
            c->example_expected = dc_xstrdup(fs[i].expected ? fs[i].expected : "");
            c->example_actual = dc_xstrdup(fs[i].actual ? fs[i].actual : "");
        }
        dc_buf_free(&key);
        cs->items[j].failures++;
        if (!seen[j]) {
            seen[j] = true;
            cs->items[j].cases++;
        }
    }
    free(seen);
}

static int s_cmp_cause(const void *a, const void *b)
{
    const dc_cause *x = a, *y = b;
    if (x->cases != y->cases)
        return x->cases > y->cases ? -1 : 1;
    if (x->failures != y->failures)
        return x->failures > y->failures ? -1 : 1;
    return strcmp(x->key, y->key);
}

void dc_causes_sort(dc_causes *cs)
{
    if (cs->n > 1)
        qsort(cs->items, cs->n, sizeof *cs->items, s_cmp_cause);
}

void dc_causes_free(dc_causes *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free(cs->items[i].key);
        free(cs->items[i].example_case);
        free(cs->items[i].example_expected);
        free(cs->items[i].example_actual);
    }
    free(cs->items);
    cs->items = NULL;
    cs->n = 0;
}

void dc_report_causes(const dc_run_result *r, dc_causes *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].status == DC_CASE_FAILED)
            dc_causes_add(out, r->cases[i].id, r->cases[i].failures, r->cases[i].nfailures);
    dc_causes_sort(out);
}

/* ---- redaction ---------------------------------------------------------- */

void dc_report_redact(const dc_run_result *r, const char *text, size_t len, dc_buf *out)
{
    dc_text_redact(out, text, len, r->secrets, r->nsecrets);
}

/* ---- JSON (core/jsonw.h) ------------------------------------------------ */

/* A redacted JSON string value; invalid UTF-8 bytes become U+FFFD so the
 * report stays valid JSON. NULL is null. */
static void s_jstr(const dc_run_result *r, dc_buf *out, const char *s)
{
    if (s == NULL) {
        dc_jsonw_null(out);
        return;
    }
    dc_buf red, clean;
    dc_buf_init(&red);
    dc_buf_init(&clean);
    dc_report_redact(r, s, strlen(s), &red);
    dc_text_utf8_repair(&clean, red.data, red.len);
    dc_jsonw_string_n(out, clean.data ? (const char *)clean.data : "", clean.len);
    dc_buf_free(&red);
    dc_buf_free(&clean);
}

/* "k": and the redacted string s. */
static void s_jmember(const dc_run_result *r, dc_buf *out, const char *k, const char *s)
{
    dc_jsonw_key(out, k);
    s_jstr(r, out, s);
}

static void s_json_shard(const dc_run_result *r, dc_buf *out)
{
    if (r->shard_n == 0)
        return;
    dc_jsonw_key(out, "shard");
    dc_jsonw_object(out);
    if (r->shard_k > 0)
        dc_jsonw_member_uint(out, "index", r->shard_k);
    dc_jsonw_member_uint(out, "count", r->shard_n);
    if (r->nmerged_shards > 0) {
        dc_jsonw_key(out, "merged");
        dc_jsonw_array(out);
        for (size_t i = 0; i < r->nmerged_shards; i++)
            dc_jsonw_uint(out, r->merged_shards[i]);
        dc_jsonw_array_end(out);
    }
    if (r->merge_note != NULL)
        s_jmember(r, out, "note", r->merge_note);
    dc_jsonw_object_end(out);
}

static void s_json_op_info(const dc_run_result *r, dc_buf *out)
{
    dc_jsonw_key(out, "operation_info");
    dc_jsonw_object(out);
    for (size_t i = 0; i < r->nop_info; i++) {
        const dc_op_info *o = &r->op_info[i];
        s_jstr(r, out, o->name);
        dc_buf_putc(out, ':');
        dc_jsonw_object(out);
        s_jmember(r, out, "group", o->group);
        dc_jsonw_member_bool(out, "plumbing", o->plumbing);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_object_end(out);
}

static void s_json_causes(const dc_run_result *r, dc_buf *out)
{
    dc_causes cs;
    dc_report_causes(r, &cs);
    dc_jsonw_key(out, "causes");
    dc_jsonw_array(out);
    for (size_t i = 0; i < cs.n; i++) {
        const dc_cause *c = &cs.items[i];
        dc_jsonw_object(out);
        s_jmember(r, out, "cause", c->key);
        dc_jsonw_member_uint(out, "cases", c->cases);
        dc_jsonw_member_uint(out, "failures", c->failures);
        dc_jsonw_key(out, "example");
        dc_jsonw_object(out);
        s_jmember(r, out, "case", c->example_case);
        dc_jsonw_member_int(out, "step", c->example_step);
        s_jmember(r, out, "expected", c->example_expected);
        s_jmember(r, out, "actual", c->example_actual);
        dc_jsonw_object_end(out);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_array_end(out);
    dc_causes_free(&cs);
}

/* The run's own members, before its operations and cases. */
static void s_json_run(const dc_run_result *r, dc_buf *out)
{
    dc_summary s;
    dc_run_result_summary(r, &s);
    dc_jsonw_member_string(out, "tool", "ddbconform");
    s_jmember(r, out, "version", r->tool_version ? r->tool_version : "dev");
    s_jmember(r, out, "endpoint", r->endpoint ? r->endpoint : "");
    s_jmember(r, out, "level", r->level ? r->level : "strict");
    s_jmember(r, out, "impl", r->impl);
    s_jmember(r, out, "started", r->started ? r->started : "");
    if (r->run_id != NULL)
        s_jmember(r, out, "run_id", r->run_id);
    dc_jsonw_member_int(out, "duration_ms", r->duration_ms);
    dc_jsonw_member_bool(out, "interrupted", r->interrupted);
    dc_jsonw_key(out, "timing");
    dc_jsonw_object(out);
    dc_jsonw_member_uint(out, "requests", r->requests);
    dc_jsonw_member_int(out, "wire_us", r->wire_us);
    dc_jsonw_member_int(out, "harness_us", r->harness_us);
    dc_jsonw_object_end(out);
    if (r->record_dir != NULL)
        s_jmember(r, out, "recorded_to", r->record_dir);
    if (r->compare_dir != NULL)
        s_jmember(r, out, "compared_to", r->compare_dir);
    /* one member per row of the status table, then the fixed count */
    dc_jsonw_key(out, "summary");
    dc_jsonw_object(out);
    dc_jsonw_member_uint(out, "total", s.total);
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++)
        dc_jsonw_member_uint(out, s_status_row(i)->summary_key, s.count[s_status_row(i)->status]);
    dc_jsonw_member_uint(out, "fixed", s.fixed);
    dc_jsonw_object_end(out);
    s_json_shard(r, out);
    dc_jsonw_key(out, "operations");
    dc_jsonw_object(out);
    for (size_t i = 0; i < r->nops; i++)
        s_jmember(r, out, r->ops[i].name, dc_op_state_name(r->ops[i].state));
    dc_jsonw_object_end(out);
}

static void s_json_case(const dc_run_result *r, const dc_case_result *c, dc_buf *out)
{
    dc_jsonw_object(out);
    s_jmember(r, out, "id", c->id);
    s_jmember(r, out, "status", dc_case_status_name(c->status));
    if (c->operation)
        s_jmember(r, out, "operation", c->operation);
    if (c->fixed)
        dc_jsonw_member_string(out, "baseline", "fixed (xfail passed)");
    if (c->reason)
        s_jmember(r, out, "reason", c->reason);
    if (c->issue)
        s_jmember(r, out, "issue", c->issue);
    s_jmember(r, out, "file", c->file);
    s_jmember(r, out, "description", c->description);
    s_jmember(r, out, "source", c->source);
    if (c->confidence != DC_CONFIDENCE_CONFIRMED) {
        s_jmember(r, out, "confidence", dc_confidence_name(c->confidence));
        dc_jsonw_key(out, "sources");
        dc_jsonw_array(out);
        for (size_t k = 0; k < c->nsources; k++) {
            dc_jsonw_object(out);
            s_jmember(r, out, "says", c->sources[k].says);
            s_jmember(r, out, "source", c->sources[k].source);
            dc_jsonw_object_end(out);
        }
        dc_jsonw_array_end(out);
    }
    dc_jsonw_member_int(out, "duration_ms", c->duration_ms);
    dc_jsonw_key(out, "failures");
    dc_jsonw_array(out);
    for (size_t k = 0; k < c->nfailures; k++) {
        const dc_case_failure *f = &c->failures[k];
        dc_jsonw_object(out);
        dc_jsonw_member_int(out, "step", f->step);
        s_jmember(r, out, "kind", f->kind);
        s_jmember(r, out, "path", f->path);
        s_jmember(r, out, "expected", f->expected);
        s_jmember(r, out, "actual", f->actual);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_array_end(out);
    dc_jsonw_key(out, "steps");
    dc_jsonw_array(out);
    for (size_t k = 0; k < c->nsteps; k++) {
        const dc_step_result *st = &c->steps[k];
        dc_jsonw_object(out);
        dc_jsonw_member_int(out, "step", st->step);
        dc_jsonw_member_string(out, "phase", st->cleanup ? "cleanup" : "steps");
        s_jmember(r, out, "op", st->op);
        dc_jsonw_member_int(out, "http_status", st->http_status);
        s_jmember(r, out, "error", st->error);
        dc_jsonw_member_int(out, "duration_ms", st->duration_ms);
        dc_jsonw_member_bool(out, "ok", st->ok);
        dc_jsonw_member_int(out, "polls", st->polls);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_array_end(out);
    if (c->nnotes > 0) {
        dc_jsonw_key(out, "notes");
        dc_jsonw_array(out);
        for (size_t k = 0; k < c->nnotes; k++)
            s_jstr(r, out, c->notes[k]);
        dc_jsonw_array_end(out);
    }
    if (c->request)
        s_jmember(r, out, "request", c->request);
    if (c->response)
        s_jmember(r, out, "response", c->response);
    dc_jsonw_object_end(out);
}

void dc_report_json(const dc_run_result *r, dc_buf *out)
{
    dc_jsonw_object(out);
    s_json_run(r, out);
    s_json_op_info(r, out);
    s_json_causes(r, out);
    dc_jsonw_key(out, "cases");
    dc_jsonw_array(out);
    for (size_t i = 0; i < r->ncases; i++)
        s_json_case(r, &r->cases[i], out);
    dc_jsonw_array_end(out);
    dc_jsonw_object_end(out);
    dc_buf_putc(out, '\n');
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
    dc_run_result_summary(r, &s);
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

/* ---- report.html ---------------------------------------------------------- */

#define S_BAR_CSS                                                                                                      \
    ".bar{display:inline-flex;vertical-align:middle;width:24em;height:14px;background:#eee;overflow:hidden}"           \
    ".bar .seg{flex-basis:0;flex-shrink:1;min-width:0;height:100%}"                                                    \
    ".counts{font-size:12px;color:#444;margin-left:.6em}"

void dc_report_status_css(dc_buf *out)
{
    dc_buf_puts(out, S_BAR_CSS);
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++)
        dc_buf_printf(out, ".seg.%s,.dot.%s{background:%s}", s_status_row(i)->name, s_status_row(i)->name,
                      s_status_row(i)->color);
    dc_buf_puts(out, ".dot{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}");
}

void dc_report_html_bar(dc_buf *out, const size_t count[DC_CASE_NSTATUS], const char *label)
{
    size_t total = 0;
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++)
        total += count[s_status_row(i)->status];
    dc_buf_printf(out, "<span class=\"bar\" role=\"img\" data-total=\"%zu\" aria-label=\"", total);
    dc_text_markup(out, label, strlen(label));
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++) {
        size_t n = count[s_status_row(i)->status];
        if (n > 0)
            dc_buf_printf(out, ", %zu %s", n, s_status_row(i)->name);
    }
    dc_buf_puts(out, "\">");
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++) {
        size_t n = count[s_status_row(i)->status];
        if (n > 0)
            dc_buf_printf(out,
                          "<span class=\"seg %s\" data-status=\"%s\" data-count=\"%zu\" style=\"flex-grow:%zu\" "
                          "title=\"%zu %s\"></span>",
                          s_status_row(i)->name, s_status_row(i)->name, n, n, n, s_status_row(i)->name);
    }
    dc_buf_puts(out, "</span><span class=\"counts\">");
    bool first = true;
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++) {
        size_t n = count[s_status_row(i)->status];
        if (n == 0)
            continue;
        dc_buf_printf(out, "%s%zu %s", first ? "" : " &#183; ", n, s_status_row(i)->name);
        first = false;
    }
    dc_buf_puts(out, first ? "no cases</span>" : "</span>");
}

static const char s_page_css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:110em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1em;margin:.8em 0 .3em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
    "vertical-align:top}th{background:#f3f3f3}tbody.group th.grouphead{background:#e8ecf1}"
    "tr.op th{font-weight:normal;background:#fff}"
    ".case.failed{border-left:4px solid #d9534f;padding-left:.6em;margin:.8em 0}"
    "td.expected,td.actual{font-family:monospace;font-size:12px;white-space:pre-wrap;word-break:break-all;"
    "max-width:40em}td.expected{background:#eef6ee}td.actual{background:#fbecec}"
    "pre{white-space:pre-wrap;word-break:break-all;margin:.3em 0;font-size:12px;background:#fafafa;"
    "border:1px solid #ddd;padding:.3em}details summary{cursor:pointer}"
    "table.causes td.count{text-align:right;font-weight:bold}table.causes td.cause{min-width:18em;max-width:30em}"
    "table.causes td.example{max-width:60em;word-break:break-all;font-size:12px}.muted{color:#666}";

static void s_html_head(const dc_run_result *r, dc_buf *out)
{
    dc_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ddbconform report"
                     "</title>\n<style>");
    dc_buf_puts(out, s_page_css);
    dc_report_status_css(out);
    dc_buf_puts(out, "</style></head><body>\n<h1>ddbconform report</h1>\n<p class=\"meta\">Endpoint <code>");
    s_xstr(r, out, r->endpoint ? r->endpoint : "");
    dc_buf_puts(out, "</code>, level <b>");
    s_xstr(r, out, r->level ? r->level : "strict");
    dc_buf_puts(out, "</b>, ddbconform ");
    s_xstr(r, out, r->tool_version ? r->tool_version : "dev");
    dc_buf_puts(out, ", started ");
    s_xstr(r, out, r->started ? r->started : "");
    dc_buf_printf(out, ", %.1f s%s", (double)r->duration_ms / 1000.0, r->interrupted ? " (interrupted)" : "");
    if (r->nmerged_shards > 0) {
        dc_buf_puts(out, "; merged from shards ");
        for (size_t i = 0; i < r->nmerged_shards; i++)
            dc_buf_printf(out, "%s%u", i ? "," : "", r->merged_shards[i]);
        dc_buf_printf(out, " of %u", r->shard_n);
        if (r->merge_note != NULL) {
            dc_buf_puts(out, " (");
            s_xstr(r, out, r->merge_note);
            dc_buf_putc(out, ')');
        }
    } else if (r->shard_n > 0) {
        dc_buf_printf(out, "; shard %u of %u", r->shard_k, r->shard_n);
    }
    dc_buf_puts(out, ".</p>\n");
}

static void s_html_summary(const dc_run_result *r, dc_buf *out, const dc_summary *s)
{
    dc_buf_puts(out, "<section id=\"summary\"><h2>Summary</h2>\n<p id=\"totals\"><b>");
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++)
        dc_buf_printf(out, "%s%zu %s", i ? ", " : "", s->count[s_status_row(i)->status], s_status_row(i)->name);
    dc_buf_printf(out, "</b>%s (%zu cases)</p>\n<p>", s->fixed ? ", some fixed: listed in the baseline but passed" : "",
                  s->total);
    dc_report_html_bar(out, s->count, "all cases");
    dc_buf_puts(out, "</p>\n<p class=\"legend\">");
    for (size_t i = 0; i < (size_t)DC_CASE_NSTATUS; i++) {
        dc_buf_printf(out, "%s<span class=\"dot %s\"></span>%s: ", i ? "<br>" : "", s_status_row(i)->name,
                      s_status_row(i)->name);
        dc_text_markup(out, s_status_row(i)->meaning, strlen(s_status_row(i)->meaning));
    }
    (void)r;
    dc_buf_puts(out, "</p></section>\n");
}

#define S_HTML_CAUSES_SHOWN 10 /* the rest are folded */

static void s_html_cause_row(const dc_run_result *r, dc_buf *out, const dc_cause *c)
{
    dc_buf_printf(out,
                  "<tr class=\"cause\" data-cases=\"%zu\" data-failures=\"%zu\"><td class=\"count\">%zu</td>"
                  "<td>%zu</td><td class=\"cause\">",
                  c->cases, c->failures, c->cases, c->failures);
    s_xstr(r, out, c->key);
    dc_buf_puts(out, "</td><td class=\"example\"><a href=\"#case-");
    s_xstr(r, out, c->example_case);
    dc_buf_puts(out, "\"><code>");
    s_xstr(r, out, c->example_case);
    dc_buf_printf(out, "</code></a> step %d<br>expected <code>", c->example_step);
    s_xstr(r, out, c->example_expected);
    dc_buf_puts(out, "</code><br>actual <code>");
    s_xstr(r, out, c->example_actual);
    dc_buf_puts(out, "</code></td></tr>\n");
}

/* The causes of the failures, most cases first, each with one example. */
static void s_html_causes(const dc_run_result *r, dc_buf *out)
{
    dc_causes cs;
    dc_report_causes(r, &cs);
    dc_buf_printf(out, "<section id=\"failure-causes\"><h2>Failure causes</h2>\n");
    if (cs.n == 0) {
        dc_buf_puts(out, "<p class=\"muted\">No case failed.</p></section>\n");
        dc_causes_free(&cs);
        return;
    }
    dc_buf_printf(out,
                  "<p class=\"muted\">%zu causes. A failure's cause is its check with the member or header, the "
                  "status or error type expected vs got, or the message; a case counts once per cause.</p>\n",
                  cs.n);
    static const char head[] = "<thead><tr><th>cases</th><th>failures</th><th>cause</th><th>example</th></tr>"
                               "</thead><tbody>\n";
    dc_buf_printf(out, "<table id=\"causes\" class=\"causes\">%s", head);
    for (size_t i = 0; i < cs.n; i++) {
        if (i == S_HTML_CAUSES_SHOWN)
            dc_buf_printf(out,
                          "</tbody></table>\n<details id=\"more-causes\"><summary>%zu more causes</summary>"
                          "<table class=\"causes\">%s",
                          cs.n - S_HTML_CAUSES_SHOWN, head);
        s_html_cause_row(r, out, &cs.items[i]);
    }
    dc_buf_puts(out,
                cs.n > S_HTML_CAUSES_SHOWN ? "</tbody></table></details></section>\n" : "</tbody></table></section>\n");
    dc_causes_free(&cs);
}

/* One row of the operations table. */
typedef struct {
    const char *name;
    const char *group; /* "other" when the spec does not know the operation */
    int rank;          /* 0: the API's own, 1: plumbing, 2: unknown to the spec */
    const dc_op_result *state;
    size_t count[DC_CASE_NSTATUS];
} s_op_row;

static int s_cmp_op_row(const void *a, const void *b)
{
    const s_op_row *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    int c = strcmp(x->group, y->group);
    return c != 0 ? c : strcmp(x->name, y->name);
}

static s_op_row *s_op_row_get(s_op_row **rows, size_t *n, const dc_run_result *r, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*rows)[i].name, name) == 0)
            return &(*rows)[i];
    *rows = dc_xrealloc(*rows, (*n + 1) * sizeof **rows);
    s_op_row *row = &(*rows)[(*n)++];
    memset(row, 0, sizeof *row);
    row->name = name;
    const dc_op_info *info = dc_run_result_find_op_info(r, name);
    row->group = info && info->group ? info->group : "other";
    row->rank = info == NULL || info->group == NULL ? 2 : info->plumbing ? 1 : 0;
    return row;
}

/* Operations that have cases or a state, grouped: the API's own first, plumbing after. */
static s_op_row *s_op_rows(const dc_run_result *r, size_t *n)
{
    s_op_row *rows = NULL;
    *n = 0;
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].operation != NULL && (size_t)r->cases[i].status < DC_CASE_NSTATUS)
            s_op_row_get(&rows, n, r, r->cases[i].operation)->count[r->cases[i].status]++;
    for (size_t i = 0; i < r->nops; i++)
        s_op_row_get(&rows, n, r, r->ops[i].name)->state = &r->ops[i];
    if (*n > 1)
        qsort(rows, *n, sizeof *rows, s_cmp_op_row);
    return rows;
}

static void s_html_operations(const dc_run_result *r, dc_buf *out)
{
    size_t n = 0;
    s_op_row *rows = s_op_rows(r, &n);
    dc_buf_puts(out, "<section><h2>Operations</h2>\n<p class=\"muted\">A case counts under the operation it tests "
                     "(the last of its steps that is not plumbing); state: how the endpoint answered the "
                     "operation in any case.</p>\n<table id=\"operations\"><thead><tr><th>operation</th><th>state"
                     "</th><th>cases</th></tr></thead>\n");
    for (size_t i = 0; i < n; i++) {
        const s_op_row *row = &rows[i];
        bool new_group = i == 0 || row->rank != rows[i - 1].rank || strcmp(row->group, rows[i - 1].group) != 0;
        if (new_group) {
            dc_buf_printf(out, "%s<tbody class=\"group\" data-plumbing=\"%s\" data-group=\"", i ? "</tbody>\n" : "",
                          row->rank == 1 ? "true" : "false");
            s_xstr(r, out, row->group);
            dc_buf_puts(out, "\"><tr><th class=\"grouphead\" colspan=\"3\">");
            s_xstr(r, out, row->group);
            dc_buf_puts(out, row->rank == 1   ? " <span class=\"muted\">(plumbing: scenario set-up)</span>"
                             : row->rank == 2 ? " <span class=\"muted\">(not in the spec)</span>"
                                              : "");
            dc_buf_puts(out, "</th></tr>\n");
        }
        const char *state = row->state ? dc_op_state_name(row->state->state) : "not called";
        dc_buf_puts(out, "<tr class=\"op\" data-op=\"");
        s_xstr(r, out, row->name);
        dc_buf_printf(out, "\" data-state=\"%s\"><th>", state);
        s_xstr(r, out, row->name);
        dc_buf_printf(out, "</th><td>%s</td><td>", state);
        dc_report_html_bar(out, row->count, row->name);
        dc_buf_puts(out, "</td></tr>\n");
    }
    dc_buf_puts(out, n ? "</tbody></table></section>\n" : "</table></section>\n");
    free(rows);
}

static void s_html_failure_table(const dc_run_result *r, dc_buf *out, const dc_case_result *c)
{
    if (c->nfailures == 0)
        return;
    dc_buf_puts(out, "<table class=\"failures\"><tr><th>step</th><th>kind</th><th>path</th><th>expected</th>"
                     "<th>actual</th></tr>\n");
    for (size_t k = 0; k < c->nfailures; k++) {
        const dc_case_failure *f = &c->failures[k];
        dc_buf_printf(out, "<tr class=\"failure\"><td>%d</td><td>", f->step);
        s_xstr(r, out, f->kind);
        dc_buf_puts(out, "</td><td>");
        s_xstr(r, out, f->path);
        dc_buf_puts(out, "</td><td class=\"expected\">");
        s_xstr(r, out, f->expected);
        dc_buf_puts(out, "</td><td class=\"actual\">");
        s_xstr(r, out, f->actual);
        dc_buf_puts(out, "</td></tr>\n");
    }
    dc_buf_puts(out, "</table>\n");
}

/* notes and the request/response excerpt, folded */
static void s_html_case_bytes(const dc_run_result *r, dc_buf *out, const dc_case_result *c)
{
    if (c->nnotes == 0 && c->request == NULL)
        return;
    dc_buf_puts(out, "<details><summary>notes, request and response</summary><pre>");
    s_case_details(r, out, c, &s_html_details);
    dc_buf_puts(out, "</pre></details>\n");
}

static void s_html_failures(const dc_run_result *r, dc_buf *out, size_t nfailed, dc_sources *src)
{
    dc_buf_printf(out, "<section id=\"failures\"><h2>Failures (%zu)</h2>\n", nfailed);
    for (size_t i = 0; i < r->ncases; i++) {
        const dc_case_result *c = &r->cases[i];
        if (c->status != DC_CASE_FAILED)
            continue;
        dc_buf_puts(out, "<div class=\"case failed\" data-status=\"failed\" id=\"case-");
        s_xstr(r, out, c->id);
        dc_buf_puts(out, "\"><h3><code>");
        s_xstr(r, out, c->id);
        dc_buf_printf(out, "</code> <span class=\"muted\">%lld ms</span></h3>\n<p>", (long long)c->duration_ms);
        s_xstr(r, out, c->description);
        dc_buf_puts(out, "</p>\n<p class=\"source\">source: ");
        dc_sources_html_cite(src, out, c->source, r->secrets, r->nsecrets); /* [S:<id>] -> #src-<id> */
        dc_buf_puts(out, "</p>\n");
        s_html_failure_table(r, out, c);
        s_html_case_bytes(r, out, c);
        dc_buf_puts(out, "</div>\n");
    }
    if (nfailed == 0)
        dc_buf_puts(out, "<p class=\"muted\">None.</p>\n");
    dc_buf_puts(out, "</section>\n");
}

/* the cases/ group of a case: its id up to the first '/' ("" when none) */
static size_t s_case_group_len(const char *id)
{
    const char *slash = strchr(id, '/');
    return slash ? (size_t)(slash - id) : 0;
}

static bool s_same_group(const char *a, const char *b)
{
    size_t n = s_case_group_len(a);
    return n == s_case_group_len(b) && strncmp(a, b, n) == 0;
}

/* 0 for a group of the API's own operations (or of no operation, e.g. protocol), 1 for plumbing */
static int s_case_group_rank(const dc_run_result *r, const char *id)
{
    size_t n = s_case_group_len(id);
    for (size_t i = 0; i < r->nop_info; i++) {
        const char *g = r->op_info[i].group;
        if (g != NULL && strlen(g) == n && strncmp(g, id, n) == 0 && !r->op_info[i].plumbing)
            return 0;
    }
    for (size_t i = 0; i < r->nop_info; i++) {
        const char *g = r->op_info[i].group;
        if (g != NULL && strlen(g) == n && strncmp(g, id, n) == 0)
            return 1;
    }
    return 0;
}

static void s_html_case_row(const dc_run_result *r, dc_buf *out, const dc_case_result *c)
{
    const char *st = dc_case_status_name(c->status);
    dc_buf_printf(out, "<tr class=\"case\" data-status=\"%s\"><td><span class=\"dot %s\"></span><code>", st, st);
    s_xstr(r, out, c->id);
    dc_buf_printf(out, "</code></td><td>%s%s</td><td>%lld</td><td>", st, c->fixed ? " (fixed: xfail passed)" : "",
                  (long long)c->duration_ms);
    s_xstr(r, out, c->description);
    if (c->reason) {
        dc_buf_puts(out, "<br><i>");
        s_xstr(r, out, c->reason);
        dc_buf_puts(out, "</i>");
    }
    if (c->issue) {
        dc_buf_puts(out, "<br>issue: ");
        s_xstr(r, out, c->issue);
    }
    for (size_t k = 0; k < c->nsources; k++) { /* a disputed case's sides, an inferred one's basis */
        dc_buf_puts(out, "<br>");
        s_xstr(r, out, c->sources[k].says);
        dc_buf_puts(out, " <span class=\"muted\">(");
        s_xstr(r, out, c->sources[k].source);
        dc_buf_puts(out, ")</span>");
    }
    if (c->status != DC_CASE_PASSED && c->nfailures > 0) {
        dc_buf_puts(out, "<details><summary>expected vs actual</summary>");
        s_html_failure_table(r, out, c);
        dc_buf_puts(out, "</details>");
    }
    if (c->nnotes || c->request) {
        dc_buf_puts(out, "<details><summary>notes, request and response</summary><pre>");
        s_case_details(r, out, c, &s_html_details);
        dc_buf_puts(out, "</pre></details>");
    }
    dc_buf_puts(out, "</td></tr>\n");
}

/* One group of cases (ids [from, to) share the group): its bar, the cases that
 * neither failed (above) nor passed, and the passed ones folded. */
static void s_html_case_group(const dc_run_result *r, dc_buf *out, const size_t *idx, size_t n)
{
    const char *first = r->cases[idx[0]].id;
    size_t glen = s_case_group_len(first);
    size_t count[DC_CASE_NSTATUS] = {0};
    for (size_t i = 0; i < n; i++)
        count[r->cases[idx[i]].status]++;
    char *group = dc_xstrndup(first, glen);
    dc_buf_puts(out, "<div class=\"casegroup\" data-group=\"");
    s_xstr(r, out, group);
    dc_buf_puts(out, "\"><h3>");
    s_xstr(r, out, glen ? group : "(no group)");
    dc_buf_puts(out, "</h3>\n<p>");
    dc_report_html_bar(out, count, glen ? group : "cases");
    dc_buf_puts(out, "</p>\n");
    static const char head[] = "<table class=\"cases\"><tr><th>case</th><th>status</th><th>ms</th><th>details</th>"
                               "</tr>\n";
    size_t others = n - count[DC_CASE_PASSED] - count[DC_CASE_FAILED];
    if (others > 0) {
        dc_buf_puts(out, head);
        for (size_t i = 0; i < n; i++) {
            const dc_case_result *c = &r->cases[idx[i]];
            if (c->status != DC_CASE_PASSED && c->status != DC_CASE_FAILED)
                s_html_case_row(r, out, c);
        }
        dc_buf_puts(out, "</table>\n");
    }
    if (count[DC_CASE_PASSED] > 0) {
        dc_buf_printf(out, "<details class=\"passed\" data-count=\"%zu\"><summary>%zu passed</summary>\n%s",
                      count[DC_CASE_PASSED], count[DC_CASE_PASSED], head);
        for (size_t i = 0; i < n; i++)
            if (r->cases[idx[i]].status == DC_CASE_PASSED)
                s_html_case_row(r, out, &r->cases[idx[i]]);
        dc_buf_puts(out, "</table></details>\n");
    }
    if (count[DC_CASE_FAILED] > 0)
        dc_buf_printf(out, "<p class=\"muted\">%zu failed: under Failures above.</p>\n", count[DC_CASE_FAILED]);
    dc_buf_puts(out, "</div>\n");
    free(group);
}

typedef struct {
    int rank; /* s_case_group_rank */
    const char *id;
    size_t idx;
} s_case_key;

static int s_cmp_case_key(const void *a, const void *b)
{
    const s_case_key *x = a, *y = b;
    return x->rank != y->rank ? x->rank - y->rank : strcmp(x->id, y->id);
}

static void s_html_groups(const dc_run_result *r, dc_buf *out)
{
    dc_buf_puts(out, "<section id=\"cases\"><h2>Cases by group</h2>\n");
    s_case_key *keys = dc_xcalloc(r->ncases ? r->ncases : 1, sizeof *keys);
    size_t *idx = dc_xcalloc(r->ncases ? r->ncases : 1, sizeof *idx);
    for (size_t i = 0; i < r->ncases; i++)
        keys[i] = (s_case_key){s_case_group_rank(r, r->cases[i].id), r->cases[i].id, i};
    if (r->ncases > 1)
        qsort(keys, r->ncases, sizeof *keys, s_cmp_case_key);
    for (size_t i = 0; i < r->ncases; i++)
        idx[i] = keys[i].idx;
    for (size_t i = 0; i < r->ncases;) {
        size_t j = i + 1;
        while (j < r->ncases && s_same_group(r->cases[idx[i]].id, r->cases[idx[j]].id))
            j++;
        s_html_case_group(r, out, idx + i, j - i);
        i = j;
    }
    free(keys);
    free(idx);
    dc_buf_puts(out, "</section>\n");
}

void dc_report_html(const dc_run_result *r, dc_buf *out)
{
    dc_summary s;
    dc_run_result_summary(r, &s);
    s_html_head(r, out);
    s_html_summary(r, out, &s);
    s_html_causes(r, out);
    s_html_operations(r, out);
    dc_sources *src = dc_sources_load(dc_data_dir()); /* NULL: the ids stay plain text */
    s_html_failures(r, out, s.failed, src);
    s_html_groups(r, out);
    dc_sources_html_used(src, out); /* the entries the failures cite, with their public sources */
    dc_sources_free(src);
    dc_buf_puts(out, "</body></html>\n");
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
    dc_run_result_summary(r, &s);
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
    dc_report_console_summary(out, r, report_dir);
}

void dc_report_console_summary(FILE *out, const dc_run_result *r, const char *report_dir)
{
    dc_summary s;
    dc_run_result_summary(r, &s);
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
    dc_causes cs;
    dc_report_causes(r, &cs);
    if (cs.n > 0)
        fprintf(out, "top causes of the %zu failed cases (a case counts once per cause):\n", s.failed);
    for (size_t i = 0; i < cs.n && i < DC_REPORT_CONSOLE_CAUSES; i++) {
        const dc_cause *c = &cs.items[i];
        dc_buf line, red;
        dc_buf_init(&line);
        dc_buf_init(&red);
        dc_buf_printf(&line, "  %5zu  %s  (e.g. %s step %d: expected %s, actual %s)", c->cases, c->key, c->example_case,
                      c->example_step, c->example_expected, c->example_actual);
        dc_report_redact(r, (const char *)line.data, line.len, &red);
        fprintf(out, "%.300s\n", (const char *)red.data);
        dc_buf_free(&line);
        dc_buf_free(&red);
    }
    if (cs.n > DC_REPORT_CONSOLE_CAUSES)
        fprintf(out, "  (%zu more causes in report.json \"causes\")\n", cs.n - DC_REPORT_CONSOLE_CAUSES);
    dc_causes_free(&cs);
}
