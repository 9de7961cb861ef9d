/* fuzz/validate.c - the validation core (validate.h) on arbitrary request
 * bodies for every operation of spec/, with or without a stateful context.
 *
 * Input: byte 0 picks the operation (index into spec/operations, modulo the
 * count); byte 1 bit 0 says a context follows: a 16-bit big-endian length and
 * that many bytes of --context JSON; the rest is the request body.
 *
 * Properties (abort on violation):
 *  - deterministic: validating the same body twice gives the same verdict;
 *  - a verdict names a catalog error; its body (dc_verdict_body) is one JSON
 *    object whose first member is "__type" = "<ns>#<name>", with the message
 *    under the catalog's key and nothing else;
 *  - never more than 10 clauses;
 *  - every ValidationException message matches the grammar built from
 *    spec/messages.json: the generic "N validation error(s) detected: Value
 *    ... at '...' failed to satisfy constraint: ..." form with N equal to the
 *    verdict's clause count, or one of the service's own templates, whose
 *    {placeholders} match anything. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "fuzz_util.h"
#include "core/json.h"
#include "validate/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define S_MAX_CLAUSES 10
#define S_MATCH_LIMIT 1000000u /* the grammar has nested .*: bound backtracking on long messages */

static dc_validator *s_validator;
static pcre2_code *s_grammar;
static pcre2_match_data *s_md;
static pcre2_match_context *s_mctx;

/* Appends text as a regex: literals escaped, {placeholder} -> hole. */
static void s_template_regex(dc_buf *re, const char *text, const char *hole)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close != NULL) {
                dc_buf_puts(re, hole);
                p = close;
                continue;
            }
        }
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x80 && !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
            dc_buf_putc(re, '\\');
        dc_buf_putc(re, *p);
    }
}

static const char *s_text(const dc_json *messages, const char *id)
{
    const dc_json *m = dc_json_get(messages, id);
    const char *t = dc_json_string(dc_json_get(m, "text"));
    if (t == NULL) {
        fprintf(stderr, "fuzz validate: spec/messages.json has no text for %s\n", id);
        abort();
    }
    return t;
}

/* One alternation: the generic grammar, then every other ValidationException
 * template of spec/messages.json. */
static void s_build_grammar(void)
{
    dc_buf path, file, re;
    dc_buf_init(&path);
    dc_buf_init(&file);
    dc_buf_init(&re);
    dc_err err;
    dc_json_doc doc;
    dc_buf_printf(&path, "%s/spec/messages.json", fz_data_dir());
    if (dc_read_file((const char *)path.data, 1u << 20, &file, &err) != 0 ||
        dc_json_parse(file.data, file.len, &doc, &err) != 0) {
        fprintf(stderr, "fuzz validate: %s\n", err.msg);
        abort();
    }
    const dc_json *messages = dc_json_get(doc.root, "messages");

    dc_buf constraint, clause;
    dc_buf_init(&constraint);
    dc_buf_init(&clause);
    for (size_t i = 0; messages != NULL && i < messages->count; i++) {
        const dc_json *m = &messages->items[i];
        if (strncmp(m->key, "constraint-", 11) != 0)
            continue;
        dc_buf_puts(&constraint, constraint.len ? "|" : "(?:");
        s_template_regex(&constraint, s_text(messages, m->key), ".*");
    }
    dc_buf_putc(&constraint, ')');
    /* the clause template, with its holes typed */
    const char *ct = s_text(messages, "validation-clause");
    for (const char *p = ct; *p != '\0'; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = (size_t)(close - p - 1);
            if (n == 5 && strncmp(p + 1, "value", 5) == 0)
                dc_buf_puts(&clause, "(?:null|'.*')");
            else if (n == 10 && strncmp(p + 1, "constraint", 10) == 0)
                dc_buf_append(&clause, constraint.data, constraint.len);
            else
                dc_buf_puts(&clause, ".*");
            p = close;
            continue;
        }
        char one[2] = {*p, 0};
        s_template_regex(&clause, one, "");
    }
    dc_buf_puts(&re, "^(?:(?:1 validation error detected: |(?:[2-9]|10) validation errors detected: )");
    dc_buf_append(&re, clause.data, clause.len);
    dc_buf_puts(&re, "(?:; ");
    dc_buf_append(&re, clause.data, clause.len);
    dc_buf_puts(&re, ")*");
    for (size_t i = 0; messages != NULL && i < messages->count; i++) {
        const dc_json *m = &messages->items[i];
        if (strncmp(m->key, "validation-", 11) == 0 || strncmp(m->key, "constraint-", 11) == 0 ||
            !dc_json_string_eq(dc_json_get(m, "type"), "ValidationException"))
            continue;
        dc_buf_putc(&re, '|');
        s_template_regex(&re, s_text(messages, m->key), ".*");
    }
    dc_buf_puts(&re, ")$");

    int ecode = 0;
    PCRE2_SIZE eoff = 0;
    s_grammar = pcre2_compile((PCRE2_SPTR)re.data, re.len, PCRE2_DOTALL, &ecode, &eoff, NULL);
    if (s_grammar == NULL) {
        fprintf(stderr, "fuzz validate: grammar does not compile at %zu\n", (size_t)eoff);
        abort();
    }
    (void)pcre2_jit_compile(s_grammar, PCRE2_JIT_COMPLETE);
    s_md = pcre2_match_data_create_from_pattern(s_grammar, NULL);
    s_mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(s_mctx, S_MATCH_LIMIT);
    dc_json_doc_free(&doc);
    dc_buf_free(&constraint);
    dc_buf_free(&clause);
    dc_buf_free(&path);
    dc_buf_free(&file);
    dc_buf_free(&re);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    s_validator = dc_validator_new(fz_spec());
    s_build_grammar();
    return 0;
}

static bool s_str_eq(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool s_msg_eq(const dc_verdict *a, const dc_verdict *b)
{
    if (a->message == NULL || b->message == NULL)
        return a->message == b->message;
    return a->message_len == b->message_len && memcmp(a->message, b->message, a->message_len) == 0;
}

static void s_check_body(const dc_verdict *v)
{
    dc_buf body;
    dc_buf_init(&body);
    dc_verdict_body(v, &body);
    dc_json_doc doc;
    dc_err err;
    FZ_CHECK(dc_json_parse(body.data, body.len, &doc, &err) == 0, "verdict body is not JSON: %s", err.msg);
    const dc_json *root = doc.root;
    FZ_CHECK(dc_json_is_object(root) && root->count >= 1, "verdict body is not a non-empty object");
    const dc_json *bad = dc_json_first_unsorted(root); /* [S:member-order] */
    FZ_CHECK(bad == NULL, "verdict body member %s out of code-point order", bad != NULL ? bad->key : "");
    const dc_json *t = dc_json_get(root, "__type");
    dc_buf type;
    dc_buf_init(&type);
    dc_buf_printf(&type, "%s#%s", v->error->ns, v->error->name);
    FZ_CHECK(dc_json_string_eq(t, (const char *)type.data), "__type %s is not the catalog's %s",
             dc_json_string(t) ? dc_json_string(t) : "(absent or not a string)", type.data);
    FZ_CHECK(root->count == (v->message != NULL ? 2u : 1u), "verdict body has %zu members", root->count);
    if (v->message != NULL) {
        const char *key = v->error->message_key != NULL ? v->error->message_key : "message";
        const dc_json *m = dc_json_get(root, key);
        FZ_CHECK(dc_json_is_string(m) && m->str_len == v->message_len && memcmp(m->str, v->message, m->str_len) == 0,
                 "message under %s differs from the verdict's", key);
    }
    dc_buf_free(&type);
    dc_json_doc_free(&doc);
    dc_buf_free(&body);
}

static void s_check_grammar(const dc_verdict *v)
{
    FZ_CHECK(v->message != NULL, "ValidationException without a message (rule %s)", v->rule ? v->rule : "?");
    size_t len = v->message_len;
    int rc = pcre2_match(s_grammar, (PCRE2_SPTR)v->message, len, 0, 0, s_md, s_mctx);
    if (rc == PCRE2_ERROR_MATCHLIMIT)
        return; /* too ambiguous to decide within the bound: not a finding */
    FZ_CHECK(rc >= 0, "ValidationException message outside the grammar (rule %s): %s", v->rule ? v->rule : "?",
             v->message);
    unsigned long n = 0;
    const char *sp = strchr(v->message, ' ');
    if (v->nclauses > 0) {
        n = strtoul(v->message, NULL, 10);
        FZ_CHECK(sp != NULL && n == v->nclauses, "message counts %lu clauses, verdict %zu", n, v->nclauses);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dc_spec *spec = fz_spec();
    if (size < 2)
        return 0;
    const dc_operation *op = dc_spec_operation_at(spec, data[0] % dc_spec_operation_count(spec));
    bool with_ctx = (data[1] & 1) != 0;
    data += 2;
    size -= 2;

    dc_json_doc ctx_doc;
    bool have_doc = false;
    dc_validate_context ctx;
    const dc_validate_context *ctxp = NULL;
    dc_err err;
    if (with_ctx) {
        size_t n = fz_take_u16(&data, &size);
        if (n > size)
            n = size;
        if (dc_json_parse(data, n, &ctx_doc, &err) == 0) {
            have_doc = true;
            memset(&ctx, 0, sizeof ctx);
            if (dc_validate_context_from_json(ctx_doc.root, &ctx, &err) == 0)
                ctxp = &ctx;
        }
        data += n;
        size -= n;
    }

    dc_verdict v1, v2;
    FZ_CHECK(dc_validate(s_validator, op->name, data, size, ctxp, &v1, &err) == 0, "%s: %s", op->name, err.msg);
    FZ_CHECK(dc_validate(s_validator, op->name, data, size, ctxp, &v2, &err) == 0, "%s: %s", op->name, err.msg);
    FZ_CHECK(v1.ok == v2.ok && v1.error == v2.error && s_msg_eq(&v1, &v2) && v1.nclauses == v2.nclauses &&
                 s_str_eq(v1.rule, v2.rule),
             "%s: two runs disagree: %s / %s", op->name, v1.message ? v1.message : "-", v2.message ? v2.message : "-");
    if (!v1.ok) {
        FZ_CHECK(v1.error != NULL, "%s: invalid verdict without an error", op->name);
        FZ_CHECK(v1.nclauses <= S_MAX_CLAUSES, "%s: %zu clauses", op->name, v1.nclauses);
        s_check_body(&v1);
        if (strcmp(v1.error->name, "ValidationException") == 0)
            s_check_grammar(&v1);
    }
    dc_verdict_free(&v1);
    dc_verdict_free(&v2);
    if (have_doc)
        dc_json_doc_free(&ctx_doc);
    return 0;
}
