/* matrix.c - report.json files -> one implementation x case HTML matrix (see matrix.h). */
#include "suite/matrix.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/json.h"
#include "core/text.h"
#include "suite/report.h"

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

#define S_DEFAULT_TITLE "ddbconform compatibility matrix"

typedef struct {
    const dc_json *node; /* the case object inside the column's document */
    const char *id;      /* borrowed from the document */
    size_t id_len;
    dc_cell_status status;
    bool fixed; /* "baseline": "fixed (xfail passed)" */
} s_case;

typedef struct {
    char *path;
    char label[DC_MATRIX_LABEL_BYTES];
    dc_json_doc doc; /* owns every string the column points at */
    const dc_json *root;
    s_case *cases; /* sorted by id */
    size_t ncases;
} s_column;

typedef struct {
    const char *id; /* borrowed from the first column that has the case */
    size_t len;
} s_row;

struct dc_matrix {
    s_column *cols;
    size_t ncols;
    s_row *rows; /* union of the columns' case ids, sorted */
    size_t nrows;
    char *notes[DC_MATRIX_MAX_NOTES]; /* owned */
    size_t nnotes;
};

#define S_ABSENT_MEANING "the case is not in this report"

static const struct {
    const char *name;
    const char *meaning;
} s_op_states[] = {
    {"supported", "every case that used it got a well-formed answer"},
    {"partial", "answered, but some answers did not conform"},
    {"unsupported", "answered with UnknownOperationException"},
};

const char *dc_cell_status_name(dc_cell_status s)
{
    return s == DC_CELL_ABSENT ? "absent" : dc_case_status_name((dc_case_status)s);
}

static int s_status_from(const dc_json *v, dc_cell_status *out)
{
    dc_case_status st;
    if (!dc_json_is_string(v) || strlen(v->str) != v->str_len || dc_case_status_from_name(v->str, &st) != 0)
        return -1;
    *out = (dc_cell_status)st;
    return 0;
}

/* "passed|failed|..." from report.h's table */
static void s_status_names(char *out, size_t cap)
{
    size_t n = 0, used = 0;
    const dc_status_info *t = dc_case_statuses(&n);
    out[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "|" : "", t[i].name);
}

static bool s_op_state_known(const dc_json *v)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_op_states); i++)
        if (dc_json_string_eq(v, s_op_states[i].name))
            return true;
    return false;
}

static int s_cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int s_cmp_case(const void *a, const void *b)
{
    const s_case *x = a, *y = b;
    return s_cmp_bytes(x->id, x->id_len, y->id, y->id_len);
}

static int s_cmp_row(const void *a, const void *b)
{
    const s_row *x = a, *y = b;
    return s_cmp_bytes(x->id, x->len, y->id, y->len);
}

dc_matrix *dc_matrix_new(void)
{
    return dc_xcalloc(1, sizeof(dc_matrix));
}

static void s_column_free(s_column *c)
{
    free(c->path);
    free(c->cases);
    dc_json_doc_free(&c->doc);
    memset(c, 0, sizeof *c);
}

void dc_matrix_free(dc_matrix *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->ncols; i++)
        s_column_free(&m->cols[i]);
    free(m->cols);
    free(m->rows);
    for (size_t i = 0; i < m->nnotes; i++)
        free(m->notes[i]);
    free(m);
}

/* ---- reading one report ------------------------------------------------- */

/* Copies at most cap-1 bytes of s into dst without cutting a UTF-8 sequence. */
static void s_copy_utf8(char *dst, size_t cap, const char *s, size_t len)
{
    size_t n = len < cap - 1 ? len : cap - 1;
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* impl, else the folder holding the file, else the file name */
static void s_base_label(const dc_json *root, const char *path, char *label, size_t cap)
{
    const dc_json *impl = dc_json_get(root, "impl");
    if (dc_json_is_string(impl) && impl->str_len > 0) {
        s_copy_utf8(label, cap, impl->str, impl->str_len);
        return;
    }
    const char *file = strrchr(path, '/');
    if (file != NULL) {
        const char *end = file;
        while (end > path && end[-1] == '/')
            end--;
        const char *start = end;
        while (start > path && start[-1] != '/')
            start--;
        size_t n = (size_t)(end - start);
        if (n > 0 && !(n == 1 && *start == '.') && !(n == 2 && start[0] == '.' && start[1] == '.')) {
            s_copy_utf8(label, cap, start, n);
            return;
        }
        path = file + 1;
    }
    s_copy_utf8(label, cap, path, strlen(path));
}

static bool s_label_taken(const dc_matrix *m, const char *label)
{
    for (size_t i = 0; i < m->ncols; i++)
        if (strcmp(m->cols[i].label, label) == 0)
            return true;
    return false;
}

static int s_read_cases(s_column *c, const dc_json *cases, dc_err *err)
{
    if (cases->count > DC_MATRIX_MAX_CASES)
        return dc_fail(err, "%s: %zu cases, more than the %d a report may have", c->path, cases->count,
                       DC_MATRIX_MAX_CASES);
    c->cases = dc_xcalloc(cases->count ? cases->count : 1, sizeof *c->cases);
    for (size_t i = 0; i < cases->count; i++) {
        const dc_json *k = &cases->items[i];
        if (!dc_json_is_object(k))
            return dc_fail(err, "%s: cases[%zu] is not an object", c->path, i);
        const dc_json *id = dc_json_get(k, "id");
        if (!dc_json_is_string(id) || id->str_len == 0)
            return dc_fail(err, "%s: cases[%zu] has no \"id\" string", c->path, i);
        s_case *sc = &c->cases[c->ncases++];
        sc->node = k;
        sc->id = id->str;
        sc->id_len = id->str_len;
        if (s_status_from(dc_json_get(k, "status"), &sc->status) != 0) {
            char names[256];
            s_status_names(names, sizeof names);
            return dc_fail(err, "%s: case %.200s: \"status\" is not one of %s", c->path, id->str, names);
        }
        const dc_json *b = dc_json_get(k, "baseline");
        sc->fixed = sc->status == DC_CELL_PASSED && dc_json_is_string(b) && strncmp(b->str, "fixed", 5) == 0;
    }
    qsort(c->cases, c->ncases, sizeof *c->cases, s_cmp_case);
    for (size_t i = 1; i < c->ncases; i++)
        if (s_cmp_case(&c->cases[i - 1], &c->cases[i]) == 0)
            return dc_fail(err, "%s: case id '%.200s' appears twice", c->path, c->cases[i].id);
    return 0;
}

static int s_check_report(s_column *c, dc_err *err)
{
    const dc_json *root = c->root;
    if (!dc_json_is_object(root))
        return dc_fail(err, "%s: not a report.json (the top level is not an object)", c->path);
    const dc_json *tool = dc_json_get(root, "tool");
    if (!dc_json_string_eq(tool, "ddbconform"))
        return dc_fail(err, "%s: not a ddbconform report.json (\"tool\" is %.100s)", c->path,
                       dc_json_is_string(tool) ? tool->str : "missing");
    const dc_json *cases = dc_json_get(root, "cases");
    if (!dc_json_is_array(cases))
        return dc_fail(err, "%s: not a report.json (no \"cases\" array)", c->path);
    const dc_json *ops = dc_json_get(root, "operations");
    if (ops != NULL && !dc_json_is_object(ops))
        return dc_fail(err, "%s: \"operations\" is not an object", c->path);
    for (size_t i = 0; ops != NULL && i < ops->count; i++)
        if (!s_op_state_known(&ops->items[i]))
            return dc_fail(err, "%s: operations.%.100s is not one of supported|partial|unsupported", c->path,
                           ops->items[i].key);
    return s_read_cases(c, cases, err);
}

static void s_rebuild_rows(dc_matrix *m)
{
    size_t total = 0;
    for (size_t i = 0; i < m->ncols; i++)
        total += m->cols[i].ncases;
    free(m->rows);
    m->rows = dc_xcalloc(total ? total : 1, sizeof *m->rows);
    size_t n = 0;
    for (size_t i = 0; i < m->ncols; i++)
        for (size_t k = 0; k < m->cols[i].ncases; k++)
            m->rows[n++] = (s_row){m->cols[i].cases[k].id, m->cols[i].cases[k].id_len};
    qsort(m->rows, n, sizeof *m->rows, s_cmp_row);
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (out == 0 || s_cmp_row(&m->rows[out - 1], &m->rows[i]) != 0)
            m->rows[out++] = m->rows[i];
    m->nrows = out;
}

int dc_matrix_add(dc_matrix *m, const char *path, const void *data, size_t len, dc_err *err)
{
    if (m->ncols == DC_MATRIX_MAX_REPORTS)
        return dc_fail(err, "%s: more than %d reports", path, DC_MATRIX_MAX_REPORTS);
    s_column c;
    memset(&c, 0, sizeof c);
    c.path = dc_xstrdup(path);
    dc_err perr;
    if (dc_json_parse(data, len, &c.doc, &perr) != 0) {
        dc_fail(err, "%s: not JSON: %s", path, perr.msg);
        goto fail;
    }
    c.root = c.doc.root;
    if (s_check_report(&c, err) != 0)
        goto fail;
    char base[DC_MATRIX_LABEL_BYTES - 16]; /* room for " (N)" */
    s_base_label(c.root, path, base, sizeof base);
    snprintf(c.label, sizeof c.label, "%s", base);
    for (unsigned k = 2; s_label_taken(m, c.label); k++)
        snprintf(c.label, sizeof c.label, "%s (%u)", base, k);
    m->cols = dc_xrealloc(m->cols, (m->ncols + 1) * sizeof *m->cols);
    m->cols[m->ncols++] = c;
    /* rows borrow ids from the documents, which never move: only the column
     * array was reallocated, not the documents' arenas */
    s_rebuild_rows(m);
    return 0;
fail:
    s_column_free(&c);
    return -1;
}

int dc_matrix_add_file(dc_matrix *m, const char *path, dc_err *err)
{
    struct stat st;
    char *file = NULL;
    int rc = -1;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t n = strlen(path) + sizeof "/report.json";
        file = dc_xmalloc(n);
        snprintf(file, n, "%s%sreport.json", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/");
    } else {
        file = dc_xstrdup(path);
    }
    dc_buf b;
    dc_buf_init(&b);
    if (dc_read_file(file, DC_MATRIX_MAX_REPORT_BYTES, &b, err) != 0)
        goto cleanup;
    rc = dc_matrix_add(m, file, b.data ? (const void *)b.data : "", b.len, err);
cleanup:
    dc_buf_free(&b);
    free(file);
    return rc;
}

void dc_matrix_note(dc_matrix *m, const char *text)
{
    if (m->nnotes < DC_MATRIX_MAX_NOTES && text != NULL)
        m->notes[m->nnotes++] = dc_xstrdup(text);
}

size_t dc_matrix_ncols(const dc_matrix *m)
{
    return m->ncols;
}

size_t dc_matrix_nrows(const dc_matrix *m)
{
    return m->nrows;
}

const char *dc_matrix_label(const dc_matrix *m, size_t col)
{
    return col < m->ncols ? m->cols[col].label : NULL;
}

const char *dc_matrix_row_id(const dc_matrix *m, size_t row, size_t *len)
{
    if (row >= m->nrows)
        return NULL;
    if (len != NULL)
        *len = m->rows[row].len;
    return m->rows[row].id;
}

static const s_case *s_find(const s_column *c, const s_row *row)
{
    s_case key = {.id = row->id, .id_len = row->len};
    return bsearch(&key, c->cases, c->ncases, sizeof *c->cases, s_cmp_case);
}

dc_cell_status dc_matrix_cell(const dc_matrix *m, size_t row, size_t col)
{
    if (row >= m->nrows || col >= m->ncols)
        return DC_CELL_ABSENT;
    const s_case *k = s_find(&m->cols[col], &m->rows[row]);
    return k ? k->status : DC_CELL_ABSENT;
}

/* ---- HTML text ---------------------------------------------------------- */

/* text[0..len) redacted, then escaped for HTML text and attribute values
 * (core/text.h: NUL, controls and bytes that are not UTF-8 become U+FFFD;
 * nothing is cut short at a NUL). No secrets are passed: report.json was
 * scrubbed of them when written; what the redaction still removes here is every
 * Authorization / X-Amz-Security-Token header value and every signature,
 * whichever tool version wrote the file. */
static void s_esc(dc_buf *out, const char *text, size_t len)
{
    if (text != NULL)
        dc_text_markup_redacted(out, text, len, NULL, 0);
}

static void s_escs(dc_buf *out, const char *s)
{
    if (s != NULL)
        s_esc(out, s, strlen(s));
}

/* A member shown as text: strings as they are, other values as compact JSON. */
static void s_esc_value(dc_buf *out, const dc_json *v)
{
    if (v == NULL)
        return;
    if (v->type == DC_JSON_STRING || v->type == DC_JSON_NUMBER) {
        s_esc(out, v->str, v->str_len);
        return;
    }
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print(v, &b);
    s_esc(out, (const char *)b.data, b.len);
    dc_buf_free(&b);
}

/* Bytes of a request/response excerpt, at most DC_MATRIX_EXCERPT_BYTES, never
 * cutting a UTF-8 sequence; the rest is counted. */
static void s_excerpt(dc_buf *out, const dc_json *v)
{
    if (!dc_json_is_string(v)) {
        s_esc_value(out, v);
        return;
    }
    size_t n = v->str_len;
    if (n > DC_MATRIX_EXCERPT_BYTES) {
        n = DC_MATRIX_EXCERPT_BYTES;
        while (n > 0 && ((unsigned char)v->str[n] & 0xC0) == 0x80)
            n--;
    }
    s_esc(out, v->str, n);
    if (n < v->str_len)
        dc_buf_printf(out, "\n… (%zu bytes more)", v->str_len - n);
}

/* ---- the page ----------------------------------------------------------- */

static const char s_css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
    "vertical-align:top}thead th{background:#f3f3f3;position:sticky;top:0}"
    "th.case{font-weight:normal;max-width:32em;overflow-wrap:anywhere}th.col{min-width:12em}"
    "th.opname{font-weight:normal}th.col "
    ".sub{display:block;font-weight:normal;font-size:12px;"
    "color:#555}tr.summary td{font-size:12px;background:#fafafa}"
    ".passed{background:#dff0d8}.failed{background:#f8d7da}.xfail{background:#fff3cd}"
    ".unsupported{background:#dde3ea;color:#444}.skipped{background:#eeeeee;color:#666}"
    ".disputed,.inferred{background:#ede7f6}"
    ".absent{background:#fff;color:#999}.supported{background:#dff0d8}.partial{background:#fff3cd}"
    ".swatch{display:inline-block;min-width:6.5em;padding:0 .4em;border:1px solid #ccc}"
    "tr.differs th.case::after{content:' \\2260';color:#a00}"
    "details summary{cursor:pointer}.detail{min-width:36em;max-width:72em;font-size:12px}"
    ".detail table{margin:.3em 0}.detail td,.detail th{background:#fff}"
    "pre{white-space:pre-wrap;word-break:break-all;margin:.2em 0;background:#fff;border:1px solid #ddd;"
    "padding:.3em;font-size:12px}ol.causes{margin:0;padding-left:1.6em;font-size:12px}"
    "#impl-summary .sub{color:#666}";

#define S_CAUSES_SHOWN 5 /* per implementation; the rest are folded */

/* The failure causes of one column's failed cases (report.h's grouping). */
static void s_column_causes(const s_column *c, dc_causes *cs)
{
    memset(cs, 0, sizeof *cs);
    for (size_t i = 0; i < c->ncases; i++) {
        if (c->cases[i].status != DC_CELL_FAILED)
            continue;
        const dc_json *fs = dc_json_get(c->cases[i].node, "failures");
        size_t n = dc_json_is_array(fs) ? fs->count : 0;
        dc_case_failure *f = dc_xcalloc(n ? n : 1, sizeof *f);
        for (size_t k = 0; k < n; k++) {
            const dc_json *x = &fs->items[k];
            int64_t step = 0;
            if (dc_json_is_number(dc_json_get(x, "step")))
                (void)dc_json_int64(dc_json_get(x, "step"), &step);
            /* borrowed from the document for the call: dc_causes_add copies what it keeps */
            f[k].step = (int)step;
            f[k].kind = (char *)dc_json_string(dc_json_get(x, "kind"));
            f[k].path = (char *)dc_json_string(dc_json_get(x, "path"));
            f[k].expected = (char *)dc_json_string(dc_json_get(x, "expected"));
            f[k].actual = (char *)dc_json_string(dc_json_get(x, "actual"));
        }
        dc_causes_add(cs, c->cases[i].id, f, n);
        free(f);
    }
    dc_causes_sort(cs);
}

static void s_cause_item(dc_buf *out, const dc_cause *c)
{
    dc_buf_printf(out, "<li class=\"cause\" data-cases=\"%zu\" data-failures=\"%zu\"><b>%zu</b> <span class=\"key\">",
                  c->cases, c->failures, c->cases);
    s_escs(out, c->key);
    dc_buf_puts(out, "</span> <span class=\"sub\">e.g. ");
    s_escs(out, c->example_case);
    dc_buf_puts(out, "</span></li>");
}

/* One row per report: its bar of statuses and its top failure causes. */
static void s_impl_summary(dc_buf *out, const dc_matrix *m)
{
    dc_buf_puts(out, "<h2>Summary</h2>\n<table id=\"impl-summary\"><thead><tr><th>implementation</th><th>cases</th>"
                     "<th>failure causes (failed cases per cause)</th></tr></thead><tbody>\n");
    for (size_t col = 0; col < m->ncols; col++) {
        const s_column *c = &m->cols[col];
        size_t count[DC_CASE_NSTATUS] = {0};
        for (size_t i = 0; i < c->ncases; i++) {
            if (c->cases[i].status >= 0 && c->cases[i].status < DC_CASE_NSTATUS)
                count[c->cases[i].status]++;
        }
        dc_buf_printf(out, "<tr class=\"impl\" data-col=\"%zu\"><th>", col + 1);
        s_escs(out, c->label);
        dc_buf_puts(out, "</th><td>");
        dc_report_html_bar(out, count, c->label);
        dc_buf_puts(out, "</td><td>");
        dc_causes cs;
        s_column_causes(c, &cs);
        if (cs.n == 0)
            dc_buf_puts(out, "none");
        dc_buf_puts(out, "<ol class=\"causes\">");
        for (size_t i = 0; i < cs.n; i++) {
            if (i == S_CAUSES_SHOWN)
                dc_buf_printf(out, "</ol><details><summary>%zu more causes</summary><ol class=\"causes\" start=\"%d\">",
                              cs.n - S_CAUSES_SHOWN, S_CAUSES_SHOWN + 1);
            s_cause_item(out, &cs.items[i]);
        }
        dc_buf_puts(out, cs.n > S_CAUSES_SHOWN ? "</ol></details></td></tr>\n" : "</ol></td></tr>\n");
        dc_causes_free(&cs);
    }
    dc_buf_puts(out, "</tbody></table>\n");
}

static void s_legend(dc_buf *out)
{
    dc_buf_puts(out, "<h2>Legend</h2>\n<table id=\"legend\">\n");
    size_t nst = 0;
    const dc_status_info *st = dc_case_statuses(&nst);
    for (size_t i = 0; i < nst; i++)
        dc_buf_printf(out, "<tr><td><span class=\"swatch %s\">%s</span></td><td>%s</td></tr>\n", st[i].name, st[i].name,
                      st[i].meaning);
    dc_buf_puts(out, "<tr><td><span class=\"swatch absent\">&#8212;</span></td><td>" S_ABSENT_MEANING "</td></tr>\n");
    for (size_t i = 0; i < DC_ARRAY_LEN(s_op_states); i++)
        dc_buf_printf(out, "<tr><td><span class=\"swatch %s\">%s</span></td><td>operation: %s</td></tr>\n",
                      s_op_states[i].name, s_op_states[i].name, s_op_states[i].meaning);
    dc_buf_puts(out, "<tr><td>&#8800;</td><td>the implementations do not agree on this case</td></tr>\n"
                     "</table>\n");
}

/* An operation's group as the reports' "operation_info" gives it (the first
 * report that knows it), and its rank: the API's own 0, plumbing 1, unknown 2. */
typedef struct {
    const char *name;
    const char *group;
    int rank;
} s_op_name;

static void s_op_group(const dc_matrix *m, s_op_name *o)
{
    o->group = "other";
    o->rank = 2;
    for (size_t i = 0; i < m->ncols; i++) {
        const dc_json *info = dc_json_get(dc_json_get(m->cols[i].root, "operation_info"), o->name);
        const dc_json *g = dc_json_get(info, "group");
        if (dc_json_is_string(g)) {
            o->group = g->str;
            const dc_json *p = dc_json_get(info, "plumbing");
            o->rank = p != NULL && p->type == DC_JSON_TRUE ? 1 : 0;
            return;
        }
    }
}

static int s_cmp_op_name(const void *a, const void *b)
{
    const s_op_name *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    int c = strcmp(x->group, y->group);
    return c != 0 ? c : strcmp(x->name, y->name);
}

/* Union of the operation names of every report: the API's own first, by
 * group, then plumbing, then operations no report's spec knew. */
static s_op_name *s_op_names(const dc_matrix *m, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < m->ncols; i++) {
        const dc_json *ops = dc_json_get(m->cols[i].root, "operations");
        total += ops ? ops->count : 0;
    }
    s_op_name *names = dc_xcalloc(total ? total : 1, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < m->ncols; i++) {
        const dc_json *ops = dc_json_get(m->cols[i].root, "operations");
        for (size_t j = 0; ops != NULL && j < ops->count; j++) {
            size_t d = 0;
            while (d < k && strcmp(names[d].name, ops->items[j].key) != 0)
                d++;
            if (d < k)
                continue;
            names[k].name = ops->items[j].key;
            s_op_group(m, &names[k++]);
        }
    }
    if (k > 1)
        qsort(names, k, sizeof *names, s_cmp_op_name);
    *n = k;
    return names;
}

/* One row per operation, one column per report (the matrix's columns), so the
 * table stays as wide as the matrix however many operations there are. */
static void s_operations(dc_buf *out, const dc_matrix *m)
{
    size_t nops = 0;
    s_op_name *ops = s_op_names(m, &nops);
    dc_buf_puts(out, "<h2>Operations</h2>\n<table id=\"operations\">\n<thead><tr><th>operation</th><th>group</th>");
    for (size_t c = 0; c < m->ncols; c++) {
        dc_buf_printf(out, "<th data-col=\"%zu\">", c + 1);
        s_escs(out, m->cols[c].label);
        dc_buf_puts(out, "</th>");
    }
    dc_buf_puts(out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < nops; i++) {
        dc_buf_puts(out, "<tr><th class=\"opname\">");
        s_escs(out, ops[i].name);
        dc_buf_puts(out, "</th><td class=\"group\">");
        s_escs(out, ops[i].group);
        if (ops[i].rank == 1)
            dc_buf_puts(out, " (plumbing)");
        dc_buf_puts(out, "</td>");
        for (size_t c = 0; c < m->ncols; c++) {
            const dc_json *st = dc_json_get(dc_json_get(m->cols[c].root, "operations"), ops[i].name);
            if (st == NULL) {
                dc_buf_printf(out, "<td class=\"op absent\" data-col=\"%zu\" data-state=\"absent\">&#8212;</td>",
                              c + 1);
                continue;
            }
            /* the state was checked against the known names when the report was read */
            dc_buf_printf(out, "<td class=\"op %s\" data-col=\"%zu\" data-state=\"%s\">%s</td>", st->str, c + 1,
                          st->str, st->str);
        }
        dc_buf_puts(out, "</tr>\n");
    }
    dc_buf_puts(out, "</tbody></table>\n");
    free(ops);
}

static void s_column_header(dc_buf *out, const s_column *c, size_t col)
{
    const dc_json *r = c->root;
    dc_buf_printf(out, "<th class=\"col\" data-col=\"%zu\"><span class=\"label\">", col);
    s_escs(out, c->label);
    dc_buf_puts(out, "</span><span class=\"sub endpoint\">");
    s_esc_value(out, dc_json_get(r, "endpoint"));
    dc_buf_puts(out, "</span><span class=\"sub\">");
    s_esc_value(out, dc_json_get(r, "level"));
    dc_buf_puts(out, " &#183; ddbconform ");
    s_esc_value(out, dc_json_get(r, "version"));
    dc_buf_puts(out, "</span><span class=\"sub\">");
    s_esc_value(out, dc_json_get(r, "started"));
    if (dc_json_get(r, "interrupted") != NULL && dc_json_get(r, "interrupted")->type == DC_JSON_TRUE)
        dc_buf_puts(out, " (interrupted)");
    dc_buf_puts(out, "</span></th>");
}

static void s_summary_row(dc_buf *out, const dc_matrix *m)
{
    dc_buf_puts(out, "<tr class=\"summary\"><th>summary</th>");
    for (size_t c = 0; c < m->ncols; c++) {
        size_t n[DC_CASE_NSTATUS] = {0}, absent = 0;
        for (size_t r = 0; r < m->nrows; r++) {
            dc_cell_status st = dc_matrix_cell(m, r, c);
            if (st == DC_CELL_ABSENT)
                absent++;
            else if (st >= 0 && st < DC_CASE_NSTATUS)
                n[st]++;
        }
        dc_buf_printf(out, "<td data-col=\"%zu\">", c + 1);
        size_t nst = 0;
        const dc_status_info *t = dc_case_statuses(&nst);
        for (size_t i = 0; i < nst; i++)
            dc_buf_printf(out, "%s<span data-count=\"%s\">%zu</span> %s", i ? " &#183; " : "", t[i].name,
                          n[t[i].status], t[i].name);
        dc_buf_printf(out, " &#183; <span data-count=\"absent\">%zu</span> absent", absent);
        dc_buf_puts(out, "</td>");
    }
    dc_buf_puts(out, "</tr>\n");
}

static void s_failures(dc_buf *out, const dc_json *failures)
{
    if (!dc_json_is_array(failures) || failures->count == 0)
        return;
    dc_buf_puts(out, "<table class=\"failures\"><tr><th>step</th><th>kind</th><th>path</th><th>expected</th>"
                     "<th>actual</th></tr>\n");
    size_t shown = failures->count < DC_MATRIX_FAILURES_SHOWN ? failures->count : DC_MATRIX_FAILURES_SHOWN;
    for (size_t i = 0; i < shown; i++) {
        const dc_json *f = &failures->items[i];
        static const char *const cols[] = {"step", "kind", "path", "expected", "actual"};
        dc_buf_puts(out, "<tr class=\"failure\">");
        for (size_t k = 0; k < DC_ARRAY_LEN(cols); k++) {
            dc_buf_printf(out, "<td class=\"%s\">", cols[k]);
            s_esc_value(out, dc_json_get(f, cols[k]));
            dc_buf_puts(out, "</td>");
        }
        dc_buf_puts(out, "</tr>\n");
    }
    if (shown < failures->count)
        dc_buf_printf(out, "<tr><td colspan=\"5\">(%zu more)</td></tr>\n", failures->count - shown);
    dc_buf_puts(out, "</table>\n");
}

static void s_detail(dc_buf *out, const s_case *k)
{
    const dc_json *n = k->node;
    dc_buf_puts(out, "<div class=\"detail\">");
    const dc_json *desc = dc_json_get(n, "description");
    if (dc_json_is_string(desc)) {
        dc_buf_puts(out, "<p class=\"description\">");
        s_esc_value(out, desc);
        dc_buf_puts(out, "</p>");
    }
    if (k->fixed)
        dc_buf_puts(out, "<p class=\"reason\">fixed: listed in the baseline but passed; remove it from the "
                         "baseline</p>");
    static const char *const texts[] = {"reason", "issue"};
    for (size_t i = 0; i < DC_ARRAY_LEN(texts); i++) {
        const dc_json *v = dc_json_get(n, texts[i]);
        if (v == NULL || v->type == DC_JSON_NULL)
            continue;
        dc_buf_printf(out, "<p class=\"%s\">%s: ", texts[i], texts[i]);
        s_esc_value(out, v);
        dc_buf_puts(out, "</p>");
    }
    s_failures(out, dc_json_get(n, "failures"));
    const dc_json *notes = dc_json_get(n, "notes");
    for (size_t i = 0; dc_json_is_array(notes) && i < notes->count; i++) {
        dc_buf_puts(out, "<p class=\"note\">note: ");
        s_esc_value(out, &notes->items[i]);
        dc_buf_puts(out, "</p>");
    }
    static const char *const bytes[] = {"request", "response"};
    for (size_t i = 0; i < DC_ARRAY_LEN(bytes); i++) {
        const dc_json *v = dc_json_get(n, bytes[i]);
        if (v == NULL || v->type == DC_JSON_NULL)
            continue;
        dc_buf_printf(out, "<b>%s</b><pre class=\"%s\">", bytes[i], bytes[i]);
        s_excerpt(out, v);
        dc_buf_puts(out, "</pre>");
    }
    dc_buf_puts(out, "</div>");
}

static void s_cell(dc_buf *out, const s_case *k, size_t col)
{
    dc_cell_status st = k ? k->status : DC_CELL_ABSENT;
    const char *name = dc_cell_status_name(st);
    dc_buf_printf(out, "<td class=\"cell %s%s\" data-col=\"%zu\" data-status=\"%s\">", name,
                  k && k->fixed ? " fixed" : "", col, name);
    if (k == NULL) {
        dc_buf_puts(out, "&#8212;</td>");
        return;
    }
    if (st == DC_CELL_PASSED && !k->fixed) {
        dc_buf_puts(out, "passed</td>");
        return;
    }
    dc_buf_printf(out, "<details><summary>%s%s</summary>", name, k->fixed ? " (fixed)" : "");
    s_detail(out, k);
    dc_buf_puts(out, "</details></td>");
}

static void s_matrix(dc_buf *out, const dc_matrix *m)
{
    dc_buf_puts(out, "<h2>Cases</h2>\n<table id=\"matrix\">\n<thead><tr><th>case</th>");
    for (size_t c = 0; c < m->ncols; c++)
        s_column_header(out, &m->cols[c], c + 1);
    dc_buf_puts(out, "</tr>\n");
    s_summary_row(out, m);
    dc_buf_puts(out, "</thead>\n<tbody>\n");
    const s_case **row = dc_xcalloc(m->ncols ? m->ncols : 1, sizeof *row);
    for (size_t r = 0; r < m->nrows; r++) {
        bool differs = false;
        const s_case *first = NULL;
        const dc_json *desc = NULL;
        for (size_t c = 0; c < m->ncols; c++) {
            row[c] = s_find(&m->cols[c], &m->rows[r]);
            if (row[c] == NULL)
                continue;
            if (first != NULL && first->status != row[c]->status)
                differs = true;
            if (first == NULL)
                first = row[c];
            if (desc == NULL && dc_json_is_string(dc_json_get(row[c]->node, "description")))
                desc = dc_json_get(row[c]->node, "description");
        }
        dc_buf_printf(out, "<tr id=\"case-%zu\"%s><th class=\"case\"", r + 1, differs ? " class=\"differs\"" : "");
        if (desc != NULL) {
            dc_buf_puts(out, " title=\"");
            s_esc_value(out, desc);
            dc_buf_putc(out, '"');
        }
        dc_buf_puts(out, "><code>");
        s_esc(out, m->rows[r].id, m->rows[r].len);
        dc_buf_puts(out, "</code></th>");
        for (size_t c = 0; c < m->ncols; c++)
            s_cell(out, row[c], c + 1);
        dc_buf_puts(out, "</tr>\n");
    }
    free(row);
    dc_buf_puts(out, "</tbody></table>\n");
}

void dc_matrix_html(const dc_matrix *m, const char *title, dc_buf *out)
{
    if (title == NULL)
        title = S_DEFAULT_TITLE;
    dc_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
    s_escs(out, title);
    dc_buf_printf(out, "</title>\n<style>%s", s_css);
    dc_report_status_css(out);
    dc_buf_puts(out, "</style></head>\n<body>\n<h1>");
    s_escs(out, title);
    dc_buf_printf(out,
                  "</h1>\n<p class=\"meta\">%zu report%s, %zu case%s. Made by ddbconform " DC_VERSION
                  " <code>report</code>; every header value of Authorization and X-Amz-Security-Token "
                  "and every signature is redacted.</p>\n",
                  m->ncols, m->ncols == 1 ? "" : "s", m->nrows, m->nrows == 1 ? "" : "s");
    for (size_t i = 0; i < m->nnotes; i++) {
        dc_buf_puts(out, "<p class=\"note\">");
        s_escs(out, m->notes[i]);
        dc_buf_puts(out, "</p>\n");
    }
    s_impl_summary(out, m);
    s_legend(out);
    s_operations(out, m);
    s_matrix(out, m);
    dc_buf_puts(out, "</body></html>\n");
}
