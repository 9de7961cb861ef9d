/* common.h - the few types every module shares: owned byte buffers, borrowed
 * byte views and an error value that carries a one-line cause.
 *
 * Conventions:
 *  - functions that can fail return int: 0 on success, -1 on failure, and the
 *    cause is written into a caller-provided dc_err;
 *  - protocol bytes always travel with their length (\u0000 exists);
 *  - dc_buf owns its memory; dc_bytes borrows. */
#ifndef DC_COMMON_H
#define DC_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define DC_ERR_MAX 512

typedef struct {
    char msg[DC_ERR_MAX];
} dc_err;

/* Borrowed view of bytes; never freed through this struct. */
typedef struct {
    const uint8_t *data;
    size_t len;
} dc_bytes;

/* Owned, growable, always NUL-terminated (the NUL is not counted in len) so
 * that it can be handed to C string APIs when the content is known text. */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} dc_buf;

#if defined(__GNUC__)
#define DC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DC_PRINTF(a, b)
#endif

/* Sets err (may be NULL) and returns -1, so callers can `return dc_fail(...)`. */
int dc_fail(dc_err *err, const char *fmt, ...) DC_PRINTF(2, 3);

void dc_buf_init(dc_buf *b);
void dc_buf_free(dc_buf *b);
void dc_buf_reset(dc_buf *b);
/* Aborts on out-of-memory: every caller would do the same, and a conformance
 * tool that runs out of memory has nothing sensible left to report. */
void dc_buf_reserve(dc_buf *b, size_t extra);
void dc_buf_append(dc_buf *b, const void *data, size_t len);
void dc_buf_puts(dc_buf *b, const char *s);
/* One byte: inline, as the writers of every answer call it per character;
 * the buffer grows through dc_buf_reserve only when full. */
static inline void dc_buf_putc(dc_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        dc_buf_reserve(b, 1);
    b->data[b->len++] = (uint8_t)c;
    b->data[b->len] = '\0';
}
void dc_buf_printf(dc_buf *b, const char *fmt, ...) DC_PRINTF(2, 3);
void dc_buf_vprintf(dc_buf *b, const char *fmt, va_list ap) DC_PRINTF(2, 0);
/* Appends s as a JSON string literal (quotes included), escaping what RFC 8259
 * requires; bytes are copied as they are (callers pass valid UTF-8). */
void dc_buf_put_json_string(dc_buf *b, const char *s, size_t len);
/* How many bytes s starts with that a JSON string literal holds as they are
 * (not a control character, quote or backslash): 16 bytes at a time. */
size_t dc_json_unescaped_run(const char *s, size_t len);
/* Takes the content out of b as a malloc'd NUL-terminated string; b is reset. */
char *dc_buf_take(dc_buf *b);

/* Checked allocation helpers: abort on OOM (see dc_buf_reserve). */
void *dc_xmalloc(size_t n);
void *dc_xcalloc(size_t n, size_t size);
void *dc_xrealloc(void *p, size_t n);
char *dc_xstrdup(const char *s);
char *dc_xstrndup(const char *s, size_t n);

/* printf into a new malloc'd string (aborts on OOM like the rest). */
char *dc_strf(const char *fmt, ...) DC_PRINTF(1, 2);
char *dc_vstrf(const char *fmt, va_list ap) DC_PRINTF(1, 0);

/* Reads a whole file ("-" = stdin) into b, refusing more than max bytes. */
int dc_read_file(const char *path, size_t max, dc_buf *b, dc_err *err);
/* Writes data to path atomically (temp file in the same folder, then rename). */
int dc_write_file_atomic(const char *path, const void *data, size_t len, dc_err *err);
/* Creates dir and its missing parents (mode 0777 less the umask); an existing folder is fine. */
int dc_mkdirs(const char *dir, dc_err *err);

#define DC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
