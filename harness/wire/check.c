/* check.c - response checks (see check.h). */
#include "wire/check.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/json.h"
#include "wire/awsjson.h"

/* Epoch seconds beyond this (year 5138) are almost surely milliseconds: the
 * usual emulator bug. Real values are ~1.6e9 ([S:response-timestamps]). */
#define S_MAX_PLAUSIBLE_EPOCH_SECONDS 1e11
#define S_INT32_MIN (-2147483647 - 1)
#define S_INT32_MAX 2147483647

const char *dc_failure_kind_name(dc_failure_kind k)
{
    switch (k) {
    case DC_FAIL_STATUS: return "status";
    case DC_FAIL_ERROR_TYPE: return "error_type";
    case DC_FAIL_MESSAGE: return "message";
    case DC_FAIL_SHAPE: return "shape";
    case DC_FAIL_ENUM: return "enum";
    case DC_FAIL_LIMIT: return "limit";
    case DC_FAIL_HEADER: return "header";
    case DC_FAIL_CRC32: return "crc32";
    case DC_FAIL_TIMESTAMP: return "timestamp";
    case DC_FAIL_SEMANTIC: return "semantic";
    case DC_FAIL_TRANSPORT: return "transport";
    }
    return "shape";
}

void dc_check_result_init(dc_check_result *r)
{
    memset(r, 0, sizeof *r);
}

void dc_check_result_free(dc_check_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nfailures; i++) {
        free(r->failures[i].path);
        free(r->failures[i].expected);
        free(r->failures[i].actual);
    }
    free(r->failures);
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r->error_type);
    free(r->error_name);
    free(r->message);
    dc_check_result_init(r);
}

/* A copy of s that is one line, as dc_failure promises: texts taken from a
 * response (a __type or message with "\n" escaped in the JSON) get their
 * control characters escaped; printable texts are copied as they are. */
static char *s_one_line(const char *s)
{
    size_t i = 0;
    while (s[i] != '\0' && (unsigned char)s[i] >= 0x20)
        i++;
    if (s[i] == '\0')
        return dc_xstrdup(s);
    dc_buf b;
    dc_buf_init(&b);
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n')
            dc_buf_puts(&b, "\\n");
        else if (c == '\r')
            dc_buf_puts(&b, "\\r");
        else if (c == '\t')
            dc_buf_puts(&b, "\\t");
        else if (c < 0x20)
            dc_buf_printf(&b, "\\x%02x", c);
        else
            dc_buf_putc(&b, (char)c);
    }
    return dc_buf_take(&b);
}

void dc_check_add_failure(dc_check_result *out, dc_failure_kind kind, const char *path, const char *expected,
                          const char *actual)
{
    if (out->nfailures >= DC_CHECK_MAX_FAILURES) {
        out->dropped++;
        return;
    }
    if (out->nfailures == out->fcap) {
        out->fcap = out->fcap == 0 ? 8 : out->fcap * 2;
        out->failures = dc_xrealloc(out->failures, out->fcap * sizeof *out->failures);
    }
    dc_failure *f = &out->failures[out->nfailures++];
    f->kind = kind;
    f->path = dc_xstrdup(path != NULL ? path : "");
    f->expected = s_one_line(expected != NULL ? expected : "");
    f->actual = s_one_line(actual != NULL ? actual : "");
}

static void s_failf(dc_check_result *out, dc_failure_kind kind, const char *path, const char *expected,
                    const char *actual_fmt, ...) DC_PRINTF(5, 6);
static void s_failf(dc_check_result *out, dc_failure_kind kind, const char *path, const char *expected,
                    const char *actual_fmt, ...)
{
    dc_buf b;
    dc_buf_init(&b);
    va_list ap;
    va_start(ap, actual_fmt);
    dc_buf_vprintf(&b, actual_fmt, ap);
    va_end(ap);
    dc_check_add_failure(out, kind, path, expected, b.data != NULL ? (const char *)b.data : "");
    dc_buf_free(&b);
}

static void s_note(dc_check_result *out, const char *path, const char *what)
{
    if (out->nnotes >= DC_CHECK_MAX_NOTES)
        return;
    if (out->nnotes == out->ncap) {
        out->ncap = out->ncap == 0 ? 8 : out->ncap * 2;
        out->notes = dc_xrealloc(out->notes, out->ncap * sizeof *out->notes);
    }
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s: %s", path[0] != '\0' ? path : "(root)", what);
    out->notes[out->nnotes++] = dc_buf_take(&b);
}

void dc_check_add_transport(dc_check_result *out, const char *message)
{
    dc_check_add_failure(out, DC_FAIL_TRANSPORT, "", "an HTTP response", message);
}

void dc_check_excerpt(const uint8_t *data, size_t len, dc_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    const size_t room = DC_CHECK_EXCERPT_MAX - 3; /* keep space for "..." */
    size_t start = out->len;
    size_t i = 0;
    for (; i < len; i++) {
        char esc[5];
        size_t n;
        uint8_t c = data[i];
        if (c == '\\') {
            esc[0] = '\\', esc[1] = (char)c, n = 2;
        } else if (c == '\n') {
            esc[0] = '\\', esc[1] = 'n', n = 2;
        } else if (c == '\r') {
            esc[0] = '\\', esc[1] = 'r', n = 2;
        } else if (c == '\t') {
            esc[0] = '\\', esc[1] = 't', n = 2;
        } else if (c >= 0x20 && c < 0x7f) {
            esc[0] = (char)c, n = 1;
        } else {
            esc[0] = '\\', esc[1] = 'x', esc[2] = hex[c >> 4], esc[3] = hex[c & 15], n = 4;
        }
        if (out->len - start + n > room)
            break;
        dc_buf_append(out, esc, n);
    }
    if (i < len)
        dc_buf_puts(out, "...");
    if (out->data == NULL) {
        /* an empty excerpt must still be a C string (reserve does not terminate) */
        dc_buf_reserve(out, 0);
        out->data[out->len] = '\0';
    }
}

/* ---- shape walk ----------------------------------------------------------- */

/* Short printable rendering of a value for "actual". */
static char *s_render(const dc_json *v)
{
    dc_buf json, out;
    dc_buf_init(&json);
    dc_buf_init(&out);
    dc_json_print(v, &json);
    dc_check_excerpt(json.data, json.len, &out);
    dc_buf_free(&json);
    return dc_buf_take(&out);
}

static void s_fail_value(dc_check_result *out, dc_failure_kind kind, const char *path, const char *expected,
                         const dc_json *v)
{
    char *actual = s_render(v);
    dc_check_add_failure(out, kind, path, expected, actual);
    free(actual);
}

static void s_path_child(dc_buf *path, size_t base, const char *seg, size_t seg_len)
{
    path->len = base;
    if (base > 0)
        dc_buf_putc(path, '.');
    dc_buf_append(path, seg, seg_len);
}

static void s_walk(const dc_shape *shape, const dc_json *v, dc_buf *path, dc_check_result *out);

static void s_check_length(const dc_shape *shape, size_t n, const char *unit, const dc_json *v, const char *p,
                           dc_check_result *out)
{
    if ((shape->has_min && (int64_t)n < shape->min) || (shape->has_max && (int64_t)n > shape->max)) {
        char exp[96];
        if (shape->has_min && shape->has_max)
            snprintf(exp, sizeof exp, "%s %" PRId64 "..%" PRId64, unit, shape->min, shape->max);
        else if (shape->has_min)
            snprintf(exp, sizeof exp, "%s >= %" PRId64, unit, shape->min);
        else
            snprintf(exp, sizeof exp, "%s <= %" PRId64, unit, shape->max);
        char *actual = s_render(v);
        s_failf(out, DC_FAIL_LIMIT, p, exp, "%s of %s %zu", actual, unit, n);
        free(actual);
    }
}

static void s_check_range(const dc_shape *shape, int64_t n, const char *p, const dc_json *v, dc_check_result *out)
{
    if ((shape->has_min && n < shape->min) || (shape->has_max && n > shape->max)) {
        char exp[96];
        if (shape->has_min && shape->has_max)
            snprintf(exp, sizeof exp, "%" PRId64 "..%" PRId64, shape->min, shape->max);
        else if (shape->has_min)
            snprintf(exp, sizeof exp, ">= %" PRId64, shape->min);
        else
            snprintf(exp, sizeof exp, "<= %" PRId64, shape->max);
        s_fail_value(out, DC_FAIL_LIMIT, p, exp, v);
    }
}

static void s_check_string(const dc_shape *shape, const dc_json *v, const char *p, dc_check_result *out)
{
    if (v->type != DC_JSON_STRING) {
        s_fail_value(out, DC_FAIL_SHAPE, p, "string", v);
        return;
    }
    if (shape->enums != NULL) {
        if (!dc_shape_enum_contains(shape, v->str, v->str_len)) {
            const char *list = shape->enum_message != NULL ? shape->enum_message : "one of the enum values";
            s_fail_value(out, DC_FAIL_ENUM, p, list, v);
        }
        return; /* an enum value says all there is to say */
    }
    s_check_length(shape, dc_json_utf16_len(v), "length", v, p, out);
    if (shape->pattern != NULL && !dc_shape_pattern_matches(shape, v->str, v->str_len)) {
        char exp[256];
        snprintf(exp, sizeof exp, "pattern %.200s", shape->pattern);
        s_fail_value(out, DC_FAIL_LIMIT, p, exp, v);
    }
}

static void s_check_integer(const dc_shape *shape, const dc_json *v, const char *p, bool is_long, dc_check_result *out)
{
    const char *what = is_long ? "long (64-bit integer)" : "integer (32-bit)";
    if (v->type != DC_JSON_NUMBER) {
        s_fail_value(out, DC_FAIL_SHAPE, p, what, v);
        return;
    }
    int64_t n = 0;
    switch (dc_json_int64(v, &n)) {
    case DC_INT_OK: break;
    case DC_INT_NOT_INTEGER: s_fail_value(out, DC_FAIL_SHAPE, p, what, v); return;
    case DC_INT_OVERFLOW:
        s_fail_value(out, DC_FAIL_LIMIT, p,
                     is_long ? "-9223372036854775808..9223372036854775807" : "-2147483648..2147483647", v);
        return;
    }
    if (!is_long && (n < S_INT32_MIN || n > S_INT32_MAX)) {
        s_fail_value(out, DC_FAIL_LIMIT, p, "-2147483648..2147483647", v);
        return;
    }
    s_check_range(shape, n, p, v, out);
}

static void s_check_timestamp(const dc_json *v, const char *p, dc_check_result *out)
{
    /* [S:response-timestamps]: JSON number, epoch seconds, Java Double.toString notation
     * (1.584532379393E9); a string (ISO 8601) is a different protocol. */
    if (v->type != DC_JSON_NUMBER) {
        s_fail_value(out, DC_FAIL_TIMESTAMP, p, "epoch seconds as a JSON number", v);
        return;
    }
    if (!isfinite(v->num) || v->num < 0) {
        s_fail_value(out, DC_FAIL_TIMESTAMP, p, "epoch seconds >= 0", v);
        return;
    }
    if (v->num > S_MAX_PLAUSIBLE_EPOCH_SECONDS)
        s_fail_value(out, DC_FAIL_TIMESTAMP, p, "epoch seconds (this looks like milliseconds)", v);
}

static bool s_is_base64(const char *s, size_t n)
{
    if (n % 4 != 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c == '+' || c == '/')
            continue;
        /* '=' only as the last one or two characters */
        if (c == '=' && i + 2 >= n && (i == n - 1 || s[n - 1] == '='))
            continue;
        return false;
    }
    return true;
}

static void s_walk_structure(const dc_shape *shape, const dc_json *v, dc_buf *path, dc_check_result *out)
{
    size_t base = path->len;
    size_t set = 0;
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *m = &v->items[i];
        s_path_child(path, base, m->key, m->key_len);
        const dc_member *mem = dc_shape_member(shape, m->key, m->key_len);
        if (mem == NULL) {
            s_note(out, (const char *)path->data, "member not in the spec");
            continue;
        }
        if (m->type == DC_JSON_NULL)
            continue; /* awsJson: null is the same as absent */
        set++;
        s_walk(mem->shape, m, path, out);
    }
    for (size_t i = 0; i < shape->nmembers; i++) {
        const dc_member *mem = &shape->members[i];
        const dc_json *m = dc_json_get(v, mem->name);
        if (mem->required && (m == NULL || m->type == DC_JSON_NULL)) {
            s_path_child(path, base, mem->name, strlen(mem->name));
            dc_check_add_failure(out, DC_FAIL_SHAPE, (const char *)path->data, "required member present", "absent");
        }
    }
    if (shape->is_union && set != 1) {
        path->len = base;
        dc_buf_reserve(path, 0);
        path->data[base] = '\0';
        s_failf(out, DC_FAIL_SHAPE, (const char *)path->data, "exactly one member set (union)", "%zu members set", set);
    }
    path->len = base;
    path->data[base] = '\0';
}

static void s_walk(const dc_shape *shape, const dc_json *v, dc_buf *path, dc_check_result *out)
{
    dc_buf_reserve(path, 0);
    const char *p = (const char *)path->data;
    switch (shape->type) {
    case DC_SHAPE_STRING: s_check_string(shape, v, p, out); break;
    case DC_SHAPE_INTEGER: s_check_integer(shape, v, p, false, out); break;
    case DC_SHAPE_LONG: s_check_integer(shape, v, p, true, out); break;
    case DC_SHAPE_DOUBLE:
        if (v->type != DC_JSON_NUMBER)
            s_fail_value(out, DC_FAIL_SHAPE, p, "number", v);
        break;
    case DC_SHAPE_BOOLEAN:
        if (!dc_json_is_bool(v))
            s_fail_value(out, DC_FAIL_SHAPE, p, "boolean", v);
        break;
    case DC_SHAPE_TIMESTAMP: s_check_timestamp(v, p, out); break;
    case DC_SHAPE_BLOB:
        if (v->type != DC_JSON_STRING)
            s_fail_value(out, DC_FAIL_SHAPE, p, "base64 string", v);
        else if (!s_is_base64(v->str, v->str_len))
            s_fail_value(out, DC_FAIL_SHAPE, p, "base64 string", v);
        break;
    case DC_SHAPE_STRUCTURE:
        if (v->type != DC_JSON_OBJECT)
            s_fail_value(out, DC_FAIL_SHAPE, p, "object", v);
        else
            s_walk_structure(shape, v, path, out);
        break;
    case DC_SHAPE_LIST:
        if (v->type != DC_JSON_ARRAY) {
            s_fail_value(out, DC_FAIL_SHAPE, p, "array", v);
            break;
        }
        s_check_length(shape, v->count, "element count", v, p, out);
        if (shape->member != NULL) {
            size_t base = path->len;
            for (size_t i = 0; i < v->count; i++) {
                char idx[24];
                int n = snprintf(idx, sizeof idx, "%zu", i);
                s_path_child(path, base, idx, (size_t)n);
                s_walk(shape->member, &v->items[i], path, out);
            }
            path->len = base;
            path->data[base] = '\0';
        }
        break;
    case DC_SHAPE_MAP:
        if (v->type != DC_JSON_OBJECT) {
            s_fail_value(out, DC_FAIL_SHAPE, p, "object", v);
            break;
        }
        s_check_length(shape, v->count, "entry count", v, p, out);
        {
            size_t base = path->len;
            for (size_t i = 0; i < v->count; i++) {
                const dc_json *m = &v->items[i];
                s_path_child(path, base, m->key, m->key_len);
                if (shape->key != NULL) {
                    dc_json key = {.type = DC_JSON_STRING, .str = m->key, .str_len = m->key_len};
                    s_walk(shape->key, &key, path, out);
                }
                if (shape->value != NULL)
                    s_walk(shape->value, m, path, out);
            }
            path->len = base;
            path->data[base] = '\0';
        }
        break;
    }
}

/* Parses body as JSON (or takes the caller's parse); on failure records a
 * shape failure with an excerpt. */
static int s_parse_body(const uint8_t *body, size_t len, const dc_json_doc *parsed, const char *what, dc_json_doc *doc,
                        dc_check_result *out)
{
    dc_err perr;
    if (parsed != NULL) {
        *doc = *parsed; /* borrowed: the caller frees it */
    } else if (dc_json_parse(body, len, doc, &perr) != 0) {
        dc_buf ex;
        dc_buf_init(&ex);
        dc_check_excerpt(body, len, &ex);
        char exp[128];
        snprintf(exp, sizeof exp, "%s (%.80s)", what, perr.msg);
        dc_check_add_failure(out, DC_FAIL_SHAPE, "", exp, (const char *)ex.data);
        dc_buf_free(&ex);
        return -1;
    }
    if (doc->duplicate_keys > 0)
        s_failf(out, DC_FAIL_SHAPE, "", "no duplicate member names", "%zu duplicate member name(s)",
                doc->duplicate_keys);
    return 0;
}

static void s_check_tree(const dc_shape *shape, const dc_json *root, const char *path, dc_check_result *out)
{
    dc_buf p;
    dc_buf_init(&p);
    dc_buf_puts(&p, path);
    if (shape == NULL) {
        /* An operation without output: the body is {} and members are notes. */
        if (root->type != DC_JSON_OBJECT)
            s_fail_value(out, DC_FAIL_SHAPE, path, "object", root);
        else
            for (size_t i = 0; i < root->count; i++)
                s_note(out, root->items[i].key, "member not in the spec");
    } else {
        s_walk(shape, root, &p, out);
    }
    dc_buf_free(&p);
}

void dc_check_shape(const dc_shape *shape, const uint8_t *body, size_t len, const char *path, dc_check_result *out)
{
    dc_json_doc doc;
    if (s_parse_body(body, len, NULL, "a JSON document", &doc, out) != 0)
        return;
    s_check_tree(shape, doc.root, path != NULL ? path : "", out);
    dc_json_doc_free(&doc);
}

/* ---- headers -------------------------------------------------------------- */

static const dc_http_header *s_header(const dc_check_input *in, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < in->nheaders; i++) {
        if (in->headers[i].name_len == n && strncasecmp(in->headers[i].name, name, n) == 0)
            return &in->headers[i];
    }
    return NULL;
}

static void s_check_headers(const dc_spec *spec, const dc_check_input *in, bool json_body, dc_check_result *out)
{
    const dc_http_header *rid = s_header(in, "x-amzn-RequestId");
    if (rid == NULL) {
        dc_check_add_failure(out, DC_FAIL_HEADER, "x-amzn-RequestId", "present", "absent");
    } else if (!dc_spec_request_id_shaped(dc_spec_service(spec), rid->value, rid->value_len)) {
        /* strongly observed, not documented ([S:request-id-form]): never a failure,
         * and a cheap sign that the endpoint is not DynamoDB itself */
        dc_buf note;
        dc_buf_init(&note);
        dc_buf_puts(&note, "not DynamoDB-shaped (");
        dc_check_excerpt((const uint8_t *)rid->value, rid->value_len, &note);
        dc_buf_puts(&note, ")");
        s_note(out, "x-amzn-RequestId", (const char *)note.data);
        dc_buf_free(&note);
    }

    if (json_body) {
        /* The service echoes the type it accepted ([S:wire-request]); none sent = its own. */
        const char *want = dc_awsjson_content_type(spec, in->request_content_type);
        if (want == NULL)
            want = dc_spec_service(spec)->content_type;
        const dc_http_header *ct = s_header(in, "Content-Type");
        if (ct == NULL)
            dc_check_add_failure(out, DC_FAIL_HEADER, "Content-Type", want, "absent");
        else if (!dc_http_media_type_is(ct->value, ct->value_len, want))
            dc_check_add_failure(out, DC_FAIL_HEADER, "Content-Type", want, ct->value);
    }

    const dc_http_header *crc = s_header(in, "x-amz-crc32");
    if (crc != NULL) {
        /* zlib's crc32 takes uInt lengths: feed the body in slices. */
        uLong sum = crc32(0L, Z_NULL, 0);
        for (size_t off = 0; off < in->body_len;) {
            size_t n = in->body_len - off > (1u << 30) ? (1u << 30) : in->body_len - off;
            sum = crc32(sum, in->body + off, (uInt)n);
            off += n;
        }
        char expect[24];
        snprintf(expect, sizeof expect, "%lu", (unsigned long)sum);
        bool digits = crc->value_len > 0 && crc->value_len <= 10;
        for (size_t i = 0; digits && i < crc->value_len; i++)
            digits = crc->value[i] >= '0' && crc->value[i] <= '9';
        if (!digits || strtoull(crc->value, NULL, 10) != (unsigned long long)sum)
            dc_check_add_failure(out, DC_FAIL_CRC32, "x-amz-crc32", expect, crc->value);
    }
}

/* ---- error bodies --------------------------------------------------------- */

static void s_check_error(const dc_spec *spec, const dc_operation *op, dc_check_level level, const dc_check_input *in,
                          const dc_json *root, dc_check_result *out)
{
    dc_awsjson_error ae;
    const dc_json *type = dc_json_get(root, "__type");
    if (!dc_awsjson_error_read(root, &ae)) {
        if (type == NULL)
            dc_check_add_failure(out, DC_FAIL_SHAPE, "__type", "string \"<namespace>#<Name>\"", "absent");
        else
            s_fail_value(out, DC_FAIL_SHAPE, "__type", "string \"<namespace>#<Name>\"", type);
        return;
    }
    out->error_type = dc_xstrndup(type->str, type->str_len);
    out->error_name = dc_xstrndup(ae.name, ae.name_len);
    out->unknown_operation = strcmp(out->error_name, DC_AWSJSON_UNKNOWN_OPERATION) == 0;

    const dc_json *msg = ae.message;
    if (msg != NULL) {
        out->message_key = ae.message_key;
        if (msg->type == DC_JSON_STRING) {
            out->message = dc_xstrndup(msg->str, msg->str_len);
            out->message_len = msg->str_len;
        } else if (msg->type != DC_JSON_NULL) {
            s_fail_value(out, DC_FAIL_SHAPE, out->message_key, "string", msg);
        }
    }
    for (size_t i = 0; i < root->count; i++) {
        const char *k = root->items[i].key;
        if (strcmp(k, "__type") != 0 && strcmp(k, "message") != 0 && strcmp(k, "Message") != 0)
            s_note(out, k, "member not in the error format");
    }

    const dc_error_def *def = dc_spec_error(spec, out->error_name);
    if (def == NULL || !dc_spec_error_allowed(spec, op, out->error_name)) {
        char exp[160];
        snprintf(exp, sizeof exp, "an error modeled for %.100s or common", op->name);
        s_failf(out, DC_FAIL_ERROR_TYPE, "__type", exp, "%s (undocumented error%s)", out->error_type,
                def == NULL ? ", not in the catalog" : " for this operation");
        if (def == NULL)
            return;
    }
    /* A 2xx error body was already reported as such. */
    if ((in->status < 200 || in->status >= 300) && in->status != def->http_status) {
        char exp[32];
        snprintf(exp, sizeof exp, "%d", def->http_status);
        s_failf(out, DC_FAIL_STATUS, "", exp, "%ld", in->status);
    }
    if (level != DC_CHECK_STRICT)
        return;
    char want[256];
    snprintf(want, sizeof want, "%s#%s", def->ns, def->name);
    if (strlen(want) != type->str_len || memcmp(want, type->str, type->str_len) != 0)
        dc_check_add_failure(out, DC_FAIL_ERROR_TYPE, "__type", want, out->error_type);
    if (def->message_key == NULL) {
        if (msg != NULL)
            dc_check_add_failure(out, DC_FAIL_MESSAGE, out->message_key, "no message member", out->message_key);
    } else if (dc_json_get(root, def->message_key) == NULL) {
        char exp[48];
        snprintf(exp, sizeof exp, "member \"%s\"", def->message_key);
        if (msg != NULL)
            s_failf(out, DC_FAIL_MESSAGE, def->message_key, exp, "member \"%s\"", out->message_key);
        else if (!dc_spec_error_message_optional(spec, def))
            dc_check_add_failure(out, DC_FAIL_MESSAGE, def->message_key, exp, "absent");
    } else if (ae.message_twice) {
        dc_check_add_failure(out, DC_FAIL_MESSAGE, "Message", "one message member", "both \"message\" and \"Message\"");
    }
}

dc_check_input dc_check_input_from_http(const dc_http_response *resp, const char *request_content_type)
{
    dc_check_input in = {.status = resp->status,
                         .headers = resp->headers,
                         .nheaders = resp->nheaders,
                         .body = resp->body.data,
                         .body_len = resp->body.len,
                         .request_content_type = request_content_type};
    return in;
}

int dc_check_response(const dc_spec *spec, const dc_operation *op, dc_check_level level, const dc_check_input *in,
                      dc_check_result *out, dc_err *err)
{
    if (spec == NULL || op == NULL || in == NULL || out == NULL)
        return dc_fail(err, "check: spec, operation, input and result are required");
    if (in->body == NULL && in->body_len > 0)
        return dc_fail(err, "check: %s: body is NULL with length %zu", op->name, in->body_len);
    static const uint8_t empty[1] = {0};
    const uint8_t *body = in->body != NULL ? in->body : empty;
    bool success = in->status >= 200 && in->status < 300;

    /* [S:wire-request] [R]: wrong content type or method -> 404 "<UnknownOperationException/>\n". */
    if (!success && dc_awsjson_is_xml404(in->body, in->body_len)) {
        out->is_error = true;
        out->error_name = dc_xstrdup(DC_AWSJSON_UNKNOWN_OPERATION);
        out->unknown_operation = true;
        s_check_headers(spec, in, false, out);
        if (in->status != 404)
            s_failf(out, DC_FAIL_STATUS, "", "404", "%ld", in->status);
        return 0;
    }

    s_check_headers(spec, in, true, out);
    /* an operation the model gives no output (TagResource, UntagResource): an empty body is as
     * good as {} (the service's answer is not recorded; spec/README.md OPERATION) */
    if (success && in->body_len == 0 && op->output->nmembers == 0)
        return 0;
    dc_json_doc doc;
    if (s_parse_body(body, in->body_len, in->parsed, success ? "a JSON object" : "a JSON error object", &doc, out) != 0)
        return 0;
    const dc_json *root = doc.root;
    if (root->type != DC_JSON_OBJECT) {
        s_fail_value(out, DC_FAIL_SHAPE, "", success ? "a JSON object" : "a JSON error object", root);
    } else if (dc_json_get(root, "__type") != NULL || !success) {
        out->is_error = true;
        if (success)
            s_failf(out, DC_FAIL_STATUS, "", "4xx or 5xx with an error body", "%ld", in->status);
        s_check_error(spec, op, level, in, root, out);
    } else {
        s_check_tree(op->output, root, "", out);
    }
    if (in->parsed == NULL)
        dc_json_doc_free(&doc);
    return 0;
}
