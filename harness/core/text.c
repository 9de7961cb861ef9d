/* text.c - redaction and the markup escaper (see text.h). */
#include "core/text.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"

#define S_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

static bool s_ieq_prefix(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && strncasecmp(s, prefix, n) == 0;
}

static bool s_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* At a line start: a secret header's name is kept, its value replaced. Returns
 * the bytes consumed, 0 when the line is not such a header. */
static size_t s_redact_header_line(dc_buf *out, const char *text, size_t len)
{
    static const char *const secret_headers[] = {"authorization:", "x-amz-security-token:"};
    for (size_t k = 0; k < DC_ARRAY_LEN(secret_headers); k++) {
        if (!s_ieq_prefix(text, len, secret_headers[k]))
            continue;
        size_t i = strlen(secret_headers[k]);
        dc_buf_append(out, text, i);
        dc_buf_puts(out, " " DC_TEXT_REDACTED);
        while (i < len && text[i] != '\n')
            i++;
        return i;
    }
    return 0;
}

/* One of secrets at text: its length, else 0. */
static size_t s_secret_at(const char *text, size_t len, const char *const *secrets, size_t nsecrets)
{
    for (size_t k = 0; k < nsecrets; k++) {
        size_t n = strlen(secrets[k]);
        if (n > 0 && len >= n && memcmp(text, secrets[k], n) == 0)
            return n;
    }
    return 0;
}

void dc_text_redact(dc_buf *out, const char *text, size_t len, const char *const *secrets, size_t nsecrets)
{
    dc_buf_reserve(out, len);
    size_t i = 0;
    bool line_start = true;
    while (i < len) {
        if (line_start) {
            size_t n = s_redact_header_line(out, text + i, len - i);
            if (n > 0) {
                i += n;
                continue; /* at the '\n' that ends the line, or at the end */
            }
        }
        if (s_ieq_prefix(text + i, len - i, "Signature=")) {
            dc_buf_puts(out, "Signature=" DC_TEXT_REDACTED);
            i += 10;
            while (i < len && s_is_hex(text[i]))
                i++;
            line_start = false;
            continue;
        }
        size_t n = s_secret_at(text + i, len - i, secrets, nsecrets);
        if (n > 0) {
            dc_buf_puts(out, DC_TEXT_REDACTED);
            i += n;
            line_start = false;
            continue;
        }
        line_start = text[i] == '\n';
        dc_buf_putc(out, text[i]);
        i++;
    }
}

static void s_markup_byte(dc_buf *out, uint8_t ch)
{
    switch (ch) {
    case '&': dc_buf_puts(out, "&amp;"); break;
    case '<': dc_buf_puts(out, "&lt;"); break;
    case '>': dc_buf_puts(out, "&gt;"); break;
    case '"': dc_buf_puts(out, "&quot;"); break;
    case '\'': dc_buf_puts(out, "&#39;"); break;
    default:
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F)
            dc_buf_puts(out, S_REPLACEMENT);
        else
            dc_buf_putc(out, (char)ch);
    }
}

void dc_text_markup(dc_buf *out, const char *text, size_t len)
{
    const uint8_t *p = (const uint8_t *)text;
    size_t i = 0;
    while (i < len) {
        size_t ok = dc_utf8_check(p + i, len - i);
        for (size_t k = i; k < i + ok; k++)
            s_markup_byte(out, p[k]);
        i += ok;
        if (i < len) {
            dc_buf_puts(out, S_REPLACEMENT);
            i++;
        }
    }
}

void dc_text_markup_redacted(dc_buf *out, const char *text, size_t len, const char *const *secrets, size_t nsecrets)
{
    dc_buf red;
    dc_buf_init(&red);
    dc_text_redact(&red, text, len, secrets, nsecrets);
    dc_text_markup(out, (const char *)red.data, red.len);
    dc_buf_free(&red);
}

void dc_text_utf8_repair(dc_buf *out, const uint8_t *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t ok = dc_utf8_check(text + i, len - i);
        dc_buf_append(out, text + i, ok);
        i += ok;
        if (i < len) {
            dc_buf_puts(out, S_REPLACEMENT);
            i++;
        }
    }
}
