/* common.c - buffers, errors and file helpers shared by every module. */
#include "core/common.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dc_fail(dc_err *err, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void s_oom(void)
{
    fputs("ddbconform: out of memory\n", stderr);
    abort();
}

void *dc_xmalloc(size_t n)
{
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL)
        s_oom();
    return p;
}

void *dc_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
    if (p == NULL)
        s_oom();
    return p;
}

void *dc_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n == 0 ? 1 : n);
    if (q == NULL)
        s_oom();
    return q;
}

char *dc_xstrdup(const char *s)
{
    return dc_xstrndup(s, strlen(s));
}

char *dc_xstrndup(const char *s, size_t n)
{
    char *p = dc_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void dc_buf_init(dc_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void dc_buf_free(dc_buf *b)
{
    free(b->data);
    dc_buf_init(b);
}

void dc_buf_reset(dc_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

void dc_buf_reserve(dc_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        s_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = dc_xrealloc(b->data, cap);
    b->cap = cap;
}

void dc_buf_append(dc_buf *b, const void *data, size_t len)
{
    dc_buf_reserve(b, len);
    if (len > 0)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void dc_buf_puts(dc_buf *b, const char *s)
{
    dc_buf_append(b, s, strlen(s));
}

void dc_buf_vprintf(dc_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    dc_buf_reserve(b, (size_t)n);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void dc_buf_printf(dc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* 16 bytes at a time with the compiler's vector extension (SSE2 on x86-64,
 * generic code elsewhere): a lane is 0xff where the byte needs escaping. */
typedef uint8_t s_u8x16 __attribute__((vector_size(16)));

size_t dc_json_unescaped_run(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 16 <= len; i += 16) {
        s_u8x16 v;
        memcpy(&v, s + i, sizeof v);
        s_u8x16 bad = (s_u8x16)((v < 0x20) | (v == '"') | (v == '\\'));
        uint64_t lo, hi;
        memcpy(&lo, &bad, sizeof lo);
        memcpy(&hi, (const uint8_t *)&bad + 8, sizeof hi);
        if ((lo | hi) != 0)
            break;
    }
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            break;
        i++;
    }
    return i;
}

void dc_buf_put_json_string(dc_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    dc_buf_reserve(b, len + 2);
    dc_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        size_t run = dc_json_unescaped_run(s + i, len - i); /* copied as they are, in one append */
        if (run > 0)
            dc_buf_append(b, s + i, run);
        i += run;
        if (i >= len)
            break;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': dc_buf_puts(b, "\\\""); break;
        case '\\': dc_buf_puts(b, "\\\\"); break;
        case '\b': dc_buf_puts(b, "\\b"); break;
        case '\f': dc_buf_puts(b, "\\f"); break;
        case '\n': dc_buf_puts(b, "\\n"); break;
        case '\r': dc_buf_puts(b, "\\r"); break;
        case '\t': dc_buf_puts(b, "\\t"); break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            dc_buf_puts(b, esc);
        }
        }
    }
    dc_buf_putc(b, '"');
}

char *dc_buf_take(dc_buf *b)
{
    if (b->data == NULL)
        return dc_xstrdup("");
    char *p = (char *)b->data;
    dc_buf_init(b);
    return p;
}

char *dc_vstrf(const char *fmt, va_list ap)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_vprintf(&b, fmt, ap);
    return dc_buf_take(&b);
}

char *dc_strf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = dc_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

int dc_read_file(const char *path, size_t max, dc_buf *b, dc_err *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL)
        return dc_fail(err, "%s: cannot open: %s", path, strerror(errno));
    int rc = 0;
    char chunk[65536];
    size_t n;
    dc_buf_reset(b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + n > max) {
            rc = dc_fail(err, "%s: larger than the limit of %zu bytes", path, max);
            goto cleanup;
        }
        dc_buf_append(b, chunk, n);
    }
    if (ferror(f))
        rc = dc_fail(err, "%s: read error: %s", path, strerror(errno));
    if (b->data == NULL)
        dc_buf_reserve(b, 0);
cleanup:
    if (f != stdin)
        fclose(f);
    return rc;
}

int dc_write_file_atomic(const char *path, const void *data, size_t len, dc_err *err)
{
    size_t plen = strlen(path);
    char *tmp = dc_xmalloc(plen + 32);
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    int rc = 0;
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        rc = dc_fail(err, "%s: cannot create: %s", tmp, strerror(errno));
        goto cleanup;
    }
    if ((len > 0 && fwrite(data, 1, len, f) != len) || fflush(f) != 0) {
        rc = dc_fail(err, "%s: write failed: %s", tmp, strerror(errno));
        fclose(f);
        unlink(tmp);
        goto cleanup;
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        rc = dc_fail(err, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
    }
cleanup:
    free(tmp);
    return rc;
}

int dc_mkdirs(const char *dir, dc_err *err)
{
    char *p = dc_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        bool end = *s == '\0';
        if (*s == '/' || end) {
            char saved = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = dc_fail(err, "%s: cannot create folder: %s", p, strerror(errno));
            *s = saved;
        }
        if (end)
            break;
    }
    free(p);
    return rc;
}
