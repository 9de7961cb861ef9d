/* test_messages.c - spec/messages.json is the only home of the service's texts.
 *
 * Scans every C file under harness/ (string literals as the compiler sees them:
 * comments skipped, escapes decoded, adjacent literals joined, a PRId64-style
 * macro between them read as a conversion) and fails when
 *  (a) a literal repeats a messages.json text: printf conversions and
 *      {placeholders} cut both into fixed parts, and a literal part that
 *      contains a text's fixed part of at least S_MIN_FIXED bytes, or a
 *      literal part of at least S_MIN_PIECE bytes with a space in it that is a
 *      piece of one, counts (so "Table not found: %s", a text glued to more,
 *      and a text split into pieces are all caught; "; " and other short
 *      texts are too common in C to be told apart from ordinary strings);
 *  (b) an id marked DC_MSG_ID("...") in C is not in messages.json;
 *  (c) an entry is neither marked somewhere in C nor "use": "doc";
 *  (d) an entry is "use": "doc" but marked in C after all.
 * The scanner and the matcher have their own table-driven tests below, so a
 * scan that silently finds nothing cannot pass for a clean tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "core/datadir.h"
#include "spec/spec.h"
#include "test_util.h"

#define S_MIN_FIXED 12 /* a text's fixed part this long found inside a literal counts */
#define S_MIN_PIECE 20 /* a literal part this long (with a space) found inside a text counts */
#define S_MAX_SOURCE (4u << 20)
#define S_MARK '\x01' /* stands for a placeholder or a printf conversion */

/* Literals that may repeat a service text, each with the reason. Keep it short. */
static const struct {
    const char *file;
    const char *literal;
    const char *why;
} s_allowed[] = {
    {"harness/suite/clauses.c", " validation error detected: ",
     "the clause-set parser reads the count prefix of recorded answers; dc_clauses_parse takes no spec until its "
     "callers in suite/runner.c and netfuzz/fuzznet.c pass one"},
    {"harness/suite/clauses.c", " validation errors detected: ", "as above"},
};

/* ---- the scanner ---------------------------------------------------------- */

typedef struct {
    char *file;  /* "harness/endpoint/model.c" */
    int line;    /* where the first literal of the run starts */
    dc_buf text; /* the joined, decoded bytes; PRI macros as "%d" */
    bool is_id;  /* the argument of DC_MSG_ID(...) */
} s_lit;

typedef struct {
    s_lit *items;
    size_t n, cap;
} s_lits;

static void s_lits_free(s_lits *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].file);
        dc_buf_free(&l->items[i].text);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

static s_lit *s_lits_add(s_lits *l, const char *file, int line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = dc_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    s_lit *x = &l->items[l->n++];
    x->file = dc_xstrdup(file);
    x->line = line;
    dc_buf_init(&x->text);
    x->is_id = false;
    return x;
}

static bool s_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int s_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes the literal starting at src[*i] (at the opening quote) into out;
 * *i ends after the closing quote. */
static void s_read_literal(const char *src, size_t len, size_t *i, int *line, dc_buf *out)
{
    size_t p = *i + 1;
    while (p < len && src[p] != '"') {
        char c = src[p];
        if (c == '\n')
            (*line)++;
        if (c != '\\' || p + 1 >= len) {
            dc_buf_putc(out, c);
            p++;
            continue;
        }
        char e = src[p + 1];
        p += 2;
        switch (e) {
        case 'n': dc_buf_putc(out, '\n'); break;
        case 't': dc_buf_putc(out, '\t'); break;
        case 'r': dc_buf_putc(out, '\r'); break;
        case 'a': dc_buf_putc(out, '\a'); break;
        case 'b': dc_buf_putc(out, '\b'); break;
        case 'f': dc_buf_putc(out, '\f'); break;
        case 'v': dc_buf_putc(out, '\v'); break;
        case '\n': (*line)++; break; /* a continued line */
        case 'x': {
            int v = 0;
            while (p < len && s_hex(src[p]) >= 0)
                v = v * 16 + s_hex(src[p++]);
            dc_buf_putc(out, (char)v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int k = 0; k < 2 && p < len && src[p] >= '0' && src[p] <= '7'; k++)
                    v = v * 8 + (src[p++] - '0');
                dc_buf_putc(out, (char)v);
            } else {
                dc_buf_putc(out, e); /* \\ \" \' \? */
            }
        }
    }
    *i = p + 1;
}

/* Every run of adjacent string literals in src, as the compiler joins them. */
static void s_scan_source(const char *file, const char *src, size_t len, s_lits *out)
{
    int line = 1;
    s_lit *run = NULL; /* the run being joined, NULL between runs */
    int want_id = 0;   /* 1: DC_MSG_ID seen; 2: and its '(' */
    for (size_t i = 0; i < len;) {
        char c = src[i];
        if (c == '\n') {
            line++;
            i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '\\' && i + 1 < len && src[i + 1] == '\n') {
            line++;
            i += 2;
        } else if (c == '/' && i + 1 < len && src[i + 1] == '/') {
            while (i < len && src[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < len && src[i + 1] == '*') {
            for (i += 2; i + 1 < len && !(src[i] == '*' && src[i + 1] == '/'); i++)
                if (src[i] == '\n')
                    line++;
            i += 2;
        } else if (c == '"') {
            if (run == NULL) {
                run = s_lits_add(out, file, line);
                run->is_id = want_id == 2;
            }
            want_id = 0;
            s_read_literal(src, len, &i, &line, &run->text);
        } else if (c == '\'') {
            run = NULL;
            want_id = 0;
            for (i++; i < len && src[i] != '\''; i++)
                if (src[i] == '\\')
                    i++;
            i++;
        } else if (s_ident_char(c)) {
            size_t s = i;
            while (i < len && s_ident_char(src[i]))
                i++;
            size_t n = i - s;
            if (run != NULL && n > 3 && strncmp(src + s, "PRI", 3) == 0) {
                dc_buf_puts(&run->text, "d"); /* "%" PRId64: a conversion */
                continue;
            }
            run = NULL;
            want_id = n == 9 && strncmp(src + s, "DC_MSG_ID", 9) == 0;
        } else {
            run = NULL;
            want_id = want_id == 1 && c == '(' ? 2 : 0;
            i++;
        }
    }
}

static int s_scan_file(const char *root, const char *rel, s_lits *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    dc_buf b;
    dc_buf_init(&b);
    dc_err err;
    if (dc_read_file(path, S_MAX_SOURCE, &b, &err) != 0) {
        dc_buf_free(&b);
        return -1;
    }
    s_scan_source(rel, (const char *)b.data, b.len, out);
    dc_buf_free(&b);
    return 0;
}

/* harness/<layer>/<file>.[ch], in name order. Returns the number of files. */
static size_t s_scan_tree(const char *root, s_lits *out)
{
    size_t n;
    char **names = dc_test_harness_files(root, true, &n);
    size_t scanned = 0;
    for (size_t i = 0; i < n; i++) {
        scanned += s_scan_file(root, names[i], out) == 0;
        free(names[i]);
    }
    free(names);
    return scanned;
}

/* ---- the matcher ------------------------------------------------------------ */

/* A literal with each printf conversion turned into S_MARK ("%%" stays a '%'). */
static void s_mark_conversions(const dc_buf *lit, dc_buf *out)
{
    const char *s = (const char *)lit->data;
    for (size_t i = 0; i < lit->len; i++) {
        if (s[i] != '%' || i + 1 >= lit->len) {
            dc_buf_putc(out, s[i]);
            continue;
        }
        if (s[i + 1] == '%') {
            dc_buf_putc(out, '%');
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < lit->len && strchr("-+ #0123456789.*hljztL", s[j]) != NULL)
            j++;
        if (j < lit->len && strchr("diouxXeEfgGcsp", s[j]) != NULL) {
            dc_buf_putc(out, S_MARK);
            i = j;
        } else {
            dc_buf_putc(out, '%');
        }
    }
}

/* A template with each {placeholder} turned into S_MARK. */
static void s_mark_placeholders(const char *t, dc_buf *out)
{
    for (const char *p = t; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close != NULL && strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(close - p - 1)) {
            dc_buf_putc(out, S_MARK);
            p = close + 1;
        } else {
            dc_buf_putc(out, *p++);
        }
    }
}

static bool s_contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    return nn <= hn && memmem(hay, hn, needle, nn) != NULL;
}

/* Does the literal repeat the template, by the rules of the file comment? */
static bool s_repeats(const dc_buf *literal, const char *tmpl)
{
    dc_buf l, t;
    dc_buf_init(&l);
    dc_buf_init(&t);
    s_mark_conversions(literal, &l);
    s_mark_placeholders(tmpl, &t);
    bool hit = false;
    const char *ls = l.data ? (const char *)l.data : "", *ts = t.data ? (const char *)t.data : "";
    for (size_t a = 0; a <= l.len && !hit;) {
        const char *lm = memchr(ls + a, S_MARK, l.len - a);
        size_t le = lm ? (size_t)(lm - ls) : l.len; /* literal part [a, le) */
        for (size_t b = 0; b <= t.len && !hit;) {
            const char *tm = memchr(ts + b, S_MARK, t.len - b);
            size_t te = tm ? (size_t)(tm - ts) : t.len; /* fixed part [b, te) */
            size_t ln = le - a, tn = te - b;
            hit = (tn >= S_MIN_FIXED && s_contains(ls + a, ln, ts + b, tn)) ||
                  (ln >= S_MIN_PIECE && memchr(ls + a, ' ', ln) != NULL && s_contains(ts + b, tn, ls + a, ln));
            b = te + 1;
        }
        a = le + 1;
    }
    dc_buf_free(&l);
    dc_buf_free(&t);
    return hit;
}

static bool s_allowed_literal(const s_lit *x)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_allowed); i++)
        if (strcmp(x->file, s_allowed[i].file) == 0 && x->text.len == strlen(s_allowed[i].literal) &&
            memcmp(x->text.data, s_allowed[i].literal, x->text.len) == 0)
            return true;
    return false;
}

static const char *s_lit_str(const s_lit *x)
{
    return x->text.data != NULL ? (const char *)x->text.data : "";
}

static bool s_marked(const s_lits *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].is_id && strcmp(s_lit_str(&l->items[i]), id) == 0)
            return true;
    return false;
}

/* ---- fixture ------------------------------------------------------------------ */

typedef struct {
    dc_spec *spec;
    s_lits lits;
    size_t files;
} s_fixture;

static int s_setup(void **state)
{
    s_fixture *f = dc_xcalloc(1, sizeof *f);
    dc_err err;
    /* the build tree's top holds spec/ and harness/ side by side */
    const char *root = dc_data_dir();
    if (dc_spec_load(root, &f->spec, &err) != 0) {
        fprintf(stderr, "spec load failed: %s\n", err.msg);
        free(f);
        return -1;
    }
    f->files = s_scan_tree(root, &f->lits);
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    s_fixture *f = *state;
    s_lits_free(&f->lits);
    dc_spec_free(f->spec);
    free(f);
    return 0;
}

/* ---- the tree ----------------------------------------------------------------- */

static void the_scan_reads_every_layer_and_finds_the_marked_ids(void **state)
{
    s_fixture *f = *state;
    if (f->files < 40)
        fail_msg("only %zu files under harness/ of %s: is this a source tree?", f->files, dc_data_dir());
    assert_true(s_marked(&f->lits, "table-not-found"));
}

static void no_c_string_literal_repeats_a_service_text(void **state)
{
    s_fixture *f = *state;
    size_t bad = 0;
    for (size_t i = 0; i < f->lits.n; i++) {
        const s_lit *x = &f->lits.items[i];
        if (x->is_id || s_allowed_literal(x))
            continue;
        for (size_t m = 0; m < dc_spec_message_count(f->spec); m++) {
            const dc_message *msg = dc_spec_message_at(f->spec, m);
            if (!s_repeats(&x->text, msg->text))
                continue;
            fprintf(stderr, "%s:%d: a literal repeats the text of spec/messages.json '%s': use DC_MSG_ID(\"%s\")\n",
                    x->file, x->line, msg->id, msg->id);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void every_marked_message_id_is_in_the_spec(void **state)
{
    s_fixture *f = *state;
    size_t bad = 0;
    for (size_t i = 0; i < f->lits.n; i++) {
        const s_lit *x = &f->lits.items[i];
        if (x->is_id && dc_spec_message_def(f->spec, s_lit_str(x)) == NULL) {
            fprintf(stderr, "%s:%d: DC_MSG_ID(\"%s\") is not in spec/messages.json\n", x->file, x->line, s_lit_str(x));
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void every_message_is_used_in_c_or_marked_documentation_only(void **state)
{
    s_fixture *f = *state;
    size_t bad = 0;
    for (size_t m = 0; m < dc_spec_message_count(f->spec); m++) {
        const dc_message *msg = dc_spec_message_at(f->spec, m);
        bool used = s_marked(&f->lits, msg->id);
        if (!used && !msg->doc_only) {
            fprintf(stderr,
                    "spec/messages.json '%s': no DC_MSG_ID(\"%s\") under harness/; add \"use\": \"doc\" if "
                    "only cases and docs need it\n",
                    msg->id, msg->id);
            bad++;
        } else if (used && msg->doc_only) {
            fprintf(stderr, "spec/messages.json '%s': \"use\": \"doc\" but harness/ uses it: drop the \"use\"\n",
                    msg->id);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* ---- the scanner and matcher themselves ------------------------------------- */

static void scanner_joins_decodes_and_skips_what_the_compiler_skips(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        const char *first; /* the first literal run, decoded */
        size_t count;      /* runs found */
        bool first_is_id;
    } cases[] = {
        {"f(\"Table not \"\n  \"found: %s\", x);", "Table not found: %s", 1, false},
        {"/* \"Rate exceeded\" */ // \"x\"\nf(\"a\");", "a", 1, false},
        {"printf(\"%\" PRId64 \"-%08x\", a, b);", "%d-%08x", 1, false},
        {"s(\"tab\\there\\x41\\101\\\\\\\"\");", "tab\thereAA\\\"", 1, false},
        {"c = '\"'; s(\"b\");", "b", 1, false},
        {"s_fail(m, out, DC_MSG_ID(\"table-not-found\"), \"name\", n);", "table-not-found", 2, true},
        {"#define X \"a\" \\\n  \"b\"\nf(\"c\", \"d\");", "ab", 3, false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        s_lits l = {0};
        s_scan_source("t.c", cases[i].src, strlen(cases[i].src), &l);
        if (l.n != cases[i].count)
            fail_msg("case %zu: %zu runs, want %zu", i, l.n, cases[i].count);
        assert_int_equal(l.items[0].text.len, strlen(cases[i].first));
        assert_memory_equal(l.items[0].text.data, cases[i].first, l.items[0].text.len);
        assert_int_equal(l.items[0].is_id, cases[i].first_is_id);
        s_lits_free(&l);
    }
}

static void matcher_catches_a_text_copied_glued_or_split_but_not_short_or_unrelated_strings(void **state)
{
    (void)state;
    static const struct {
        const char *literal;
        const char *tmpl;
        bool repeats;
    } cases[] = {
        {"Table not found: %s", "Table not found: {name}", true},                        /* the template's fixed part */
        {"Rate exceeded", "Rate exceeded", true},                                        /* the whole text */
        {"Error: Rate exceeded!", "Rate exceeded", true},                                /* glued to more */
        {" validation errors detected: ", "{count} validation errors detected: ", true}, /* a fixed part */
        {" validation error detected: ", "1 validation error detected: ", true},         /* a piece, >= 20 */
        {"Backup not found: %s (%d)", "Backup not found: {arn}", true},
        {"; ", "; ", false},                                                                    /* too short to tell */
        {"ReadCapacityUnits", "Given value {n} for ReadCapacityUnits is out of bounds", false}, /* a member name */
        {"%s: more than %d reports", "Subscriber limit exceeded: more than {n} tables", false}, /* a short piece */
        {"Table not found", "Backup not found: {arn}", false},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_buf b;
        dc_buf_init(&b);
        dc_buf_puts(&b, cases[i].literal);
        if (s_repeats(&b, cases[i].tmpl) != cases[i].repeats)
            fail_msg("\"%s\" against \"%s\": want %s", cases[i].literal, cases[i].tmpl,
                     cases[i].repeats ? "a repeat" : "no repeat");
        dc_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scanner_joins_decodes_and_skips_what_the_compiler_skips),
        cmocka_unit_test(matcher_catches_a_text_copied_glued_or_split_but_not_short_or_unrelated_strings),
        cmocka_unit_test(the_scan_reads_every_layer_and_finds_the_marked_ids),
        cmocka_unit_test(no_c_string_literal_repeats_a_service_text),
        cmocka_unit_test(every_marked_message_id_is_in_the_spec),
        cmocka_unit_test(every_message_is_used_in_c_or_marked_documentation_only),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
