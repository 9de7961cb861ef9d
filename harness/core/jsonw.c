/* jsonw.c - the one JSON writer (jsonw.h). */
#include "core/jsonw.h"

#include <string.h>

void dc_jsonw_sep(dc_buf *b)
{
    if (b->len == 0)
        return;
    switch ((char)b->data[b->len - 1]) {
    case '{':
    case '[':
    case ':':
    case ',':
    case ' ':
    case '\n':
    case '\t':
    case '\r': return;
    default: dc_buf_putc(b, ','); return;
    }
}

void dc_jsonw_object(dc_buf *b)
{
    dc_jsonw_sep(b);
    dc_buf_putc(b, '{');
}

void dc_jsonw_object_end(dc_buf *b)
{
    dc_buf_putc(b, '}');
}

void dc_jsonw_array(dc_buf *b)
{
    dc_jsonw_sep(b);
    dc_buf_putc(b, '[');
}

void dc_jsonw_array_end(dc_buf *b)
{
    dc_buf_putc(b, ']');
}

/* A string in three appends when nothing needs escaping (member names, ARNs,
 * ids and names nearly always): serve's ListBackups answer writes 100
 * summaries. The same bytes as dc_buf_put_json_string either way. */
static void s_string(dc_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            dc_buf_put_json_string(b, s, n);
            return;
        }
    }
    dc_buf_reserve(b, n + 2);
    dc_buf_putc(b, '"');
    dc_buf_append(b, s, n);
    dc_buf_putc(b, '"');
}

void dc_jsonw_key(dc_buf *b, const char *k)
{
    dc_jsonw_sep(b);
    s_string(b, k, strlen(k));
    dc_buf_putc(b, ':');
}

static void s_line(dc_buf *b, int indent)
{
    dc_buf_putc(b, '\n');
    for (int i = 0; i < indent; i++)
        dc_buf_putc(b, ' ');
}

void dc_jsonw_key_at(dc_buf *b, int indent, const char *k)
{
    dc_jsonw_key_n_at(b, indent, k, strlen(k));
}

void dc_jsonw_key_n_at(dc_buf *b, int indent, const char *k, size_t len)
{
    dc_jsonw_item_at(b, indent);
    s_string(b, k, len);
    dc_buf_puts(b, ": ");
}

void dc_jsonw_item_at(dc_buf *b, int indent)
{
    dc_jsonw_sep(b);
    s_line(b, indent);
}

void dc_jsonw_end_at(dc_buf *b, int indent, char close)
{
    char last = b->len > 0 ? (char)b->data[b->len - 1] : 0;
    if (last != '{' && last != '[')
        s_line(b, indent);
    dc_buf_putc(b, close);
}

void dc_jsonw_string(dc_buf *b, const char *s)
{
    if (s == NULL) {
        dc_jsonw_null(b);
        return;
    }
    dc_jsonw_string_n(b, s, strlen(s));
}

void dc_jsonw_string_n(dc_buf *b, const char *s, size_t len)
{
    dc_jsonw_sep(b);
    s_string(b, s != NULL ? s : "", len);
}

/* The text of "%" PRIu64 without a vsnprintf sizing pass per number. */
static void s_digits(dc_buf *b, uint64_t u, bool minus)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (minus)
        digits[sizeof digits - 1 - n++] = '-';
    dc_buf_append(b, digits + sizeof digits - n, n);
}

void dc_jsonw_int(dc_buf *b, int64_t v)
{
    dc_jsonw_sep(b);
    s_digits(b, v < 0 ? 0u - (uint64_t)v : (uint64_t)v, v < 0);
}

void dc_jsonw_uint(dc_buf *b, uint64_t v)
{
    dc_jsonw_sep(b);
    s_digits(b, v, false);
}

void dc_jsonw_bool(dc_buf *b, bool v)
{
    dc_jsonw_sep(b);
    dc_buf_puts(b, v ? "true" : "false");
}

void dc_jsonw_null(dc_buf *b)
{
    dc_jsonw_sep(b);
    dc_buf_puts(b, "null");
}

void dc_jsonw_raw(dc_buf *b, const char *json)
{
    dc_jsonw_sep(b);
    dc_buf_puts(b, json);
}

void dc_jsonw_member_string(dc_buf *b, const char *k, const char *v)
{
    dc_jsonw_key(b, k);
    dc_jsonw_string(b, v);
}

void dc_jsonw_member_int(dc_buf *b, const char *k, int64_t v)
{
    dc_jsonw_key(b, k);
    dc_jsonw_int(b, v);
}

void dc_jsonw_member_uint(dc_buf *b, const char *k, uint64_t v)
{
    dc_jsonw_key(b, k);
    dc_jsonw_uint(b, v);
}

void dc_jsonw_member_bool(dc_buf *b, const char *k, bool v)
{
    dc_jsonw_key(b, k);
    dc_jsonw_bool(b, v);
}

void dc_jsonw_member_raw(dc_buf *b, const char *k, const char *json)
{
    dc_jsonw_key(b, k);
    dc_jsonw_raw(b, json);
}
