/* json.c - strict JSON layer: a validating pass over the raw bytes, cJSON for
 * the tree, then a copy into an immutable arena tree that keeps decoded string
 * lengths and exact number text (see json.h for the why). */
#include "core/json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- raw-byte validation -------------------------------------------------
 * This pass does not build anything: it enforces what cJSON does not (UTF-8,
 * RFC 8259 number grammar, control characters, depth, trailing bytes) and
 * records, for every string and number in document order, what the copy step
 * needs: decoded length of strings, exact span of numbers. cJSON visits values
 * in the same document order, so the records line up one to one. */

typedef struct {
    size_t off; /* offset of the lexeme (number) or of the first byte after the opening quote (string) */
    size_t len; /* number: text length; string: decoded byte length */
    bool number;
    bool plain; /* string without escapes: its decoded bytes are the len bytes at off */
} scan_token;

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t pos;
    scan_token *tokens;
    size_t ntokens;
    size_t captokens;
    size_t nodes;      /* values seen */
    size_t text_bytes; /* bytes the text arena needs */
    bool long_number;  /* a number longer than cJSON's 63-byte buffer */
    size_t long_plain; /* bytes in plain strings of at least S_LONG_PLAIN bytes */
    dc_err *err;
} scanner;

/* cJSON copies at most 63 characters of a number into a local buffer. */
#define CJSON_NUMBER_MAX 63

static int s_scan_fail(scanner *s, const char *what)
{
    return dc_fail(s->err, "byte %zu: %s", s->pos, what);
}

static void s_push_token(scanner *s, size_t off, size_t len, bool number, bool plain)
{
    if (s->ntokens == s->captokens) {
        s->captokens = s->captokens ? s->captokens * 2 : 32;
        s->tokens = dc_xrealloc(s->tokens, s->captokens * sizeof *s->tokens);
    }
    s->tokens[s->ntokens].off = off;
    s->tokens[s->ntokens].len = len;
    s->tokens[s->ntokens].number = number;
    s->tokens[s->ntokens].plain = plain;
    s->ntokens++;
}

static void s_skip_ws(scanner *s)
{
    while (s->pos < s->len) {
        uint8_t c = s->p[s->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        s->pos++;
    }
}

/* Length of the UTF-8 sequence starting at s[0] if valid, else 0. */
static size_t s_utf8_seq(const uint8_t *s, size_t avail)
{
    uint8_t c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* UTF-16 surrogate encoded in UTF-8 */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

static bool s_ascii16(const uint8_t *p);

size_t dc_utf8_check(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (i + 16 <= len && s_ascii16(s + i)) {
            i += 16;
            continue;
        }
        size_t n = s_utf8_seq(s + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

static int s_hex4(const uint8_t *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* bytes that can be copied as they are inside a string: printable ASCII but
 * the quote and the backslash */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init" /* the two exceptions override the ranges on purpose */
static const bool s_plain_ascii[256] = {
#define R4(b) [b] = true, [b + 1] = true, [b + 2] = true, [b + 3] = true
#define R16(b) R4(b), R4(b + 4), R4(b + 8), R4(b + 12)
    R16(0x20),     R16(0x30),      R16(0x40), R16(0x50), R16(0x60), R16(0x70),
#undef R16
#undef R4
    ['"'] = false, ['\\'] = false,
};
#pragma GCC diagnostic pop

/* cJSON reads a plain string of at least this many bytes from a copy where it is
 * "" (the copy step takes its bytes from the document itself). */
#define S_LONG_PLAIN 8
/* ... when such strings make at least this many bytes: below, the copy costs more than it saves */
#define S_LONG_PLAIN_FEED 64

/* 16 bytes with the compiler's vector extension (SSE2 on x86-64, generic code
 * elsewhere): a lane is 0xff where the byte is not plain. */
typedef uint8_t s_u8x16 __attribute__((vector_size(16)));

/* 16 bytes at p are printable ASCII but the quote and the backslash (s_plain_ascii). */
static bool s_plain16(const uint8_t *p)
{
    s_u8x16 v;
    memcpy(&v, p, sizeof v);
    s_u8x16 bad = (s_u8x16)((v < 0x20) | (v > 0x7f) | (v == '"') | (v == '\\'));
    uint64_t lo, hi;
    memcpy(&lo, &bad, sizeof lo);
    memcpy(&hi, (const uint8_t *)&bad + 8, sizeof hi);
    return (lo | hi) == 0;
}

static int s_scan_string(scanner *s)
{
    size_t decoded = 0;
    s->pos++; /* opening quote */
    size_t start = s->pos;
    bool plain = true;
    while (s->pos < s->len) {
        /* the common case: a run of printable ASCII without escapes */
        size_t run = s->pos;
        while (run + 16 <= s->len && s_plain16(s->p + run))
            run += 16;
        while (run < s->len && s_plain_ascii[s->p[run]])
            run++;
        decoded += run - s->pos;
        s->pos = run;
        if (s->pos >= s->len)
            break;
        uint8_t c = s->p[s->pos];
        if (c == '"') {
            s->pos++;
            s_push_token(s, start, decoded, false, plain);
            s->text_bytes += decoded + 1;
            if (plain && decoded >= S_LONG_PLAIN)
                s->long_plain += decoded;
            return 0;
        }
        if (c < 0x20)
            return s_scan_fail(s, "control character in string");
        if (c == '\\') {
            plain = false;
            if (s->pos + 1 >= s->len)
                return s_scan_fail(s, "unterminated escape");
            uint8_t e = s->p[s->pos + 1];
            if (e == 'u') {
                unsigned cp;
                if (s->pos + 6 > s->len || s_hex4(s->p + s->pos + 2, &cp) != 0)
                    return s_scan_fail(s, "bad \\u escape");
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return s_scan_fail(s, "lone low surrogate escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (s->pos + 12 > s->len || s->p[s->pos + 6] != '\\' || s->p[s->pos + 7] != 'u' ||
                        s_hex4(s->p + s->pos + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                        return s_scan_fail(s, "lone high surrogate escape");
                    decoded += 4;
                    s->pos += 12;
                    continue;
                }
                decoded += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
                s->pos += 6;
                continue;
            }
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                return s_scan_fail(s, "bad escape");
            decoded += 1;
            s->pos += 2;
            continue;
        }
        if (c < 0x80) {
            decoded++;
            s->pos++;
            continue;
        }
        size_t n = s_utf8_seq(s->p + s->pos, s->len - s->pos);
        if (n == 0)
            return s_scan_fail(s, "invalid UTF-8");
        decoded += n;
        s->pos += n;
    }
    return s_scan_fail(s, "unterminated string");
}

static bool s_is_digit(scanner *s)
{
    return s->pos < s->len && s->p[s->pos] >= '0' && s->p[s->pos] <= '9';
}

static int s_scan_number(scanner *s)
{
    size_t start = s->pos;
    if (s->p[s->pos] == '-')
        s->pos++;
    if (!s_is_digit(s))
        return s_scan_fail(s, "bad number");
    if (s->p[s->pos] == '0') {
        s->pos++;
        if (s_is_digit(s))
            return s_scan_fail(s, "leading zero in number");
    } else {
        while (s_is_digit(s))
            s->pos++;
    }
    if (s->pos < s->len && s->p[s->pos] == '.') {
        s->pos++;
        if (!s_is_digit(s))
            return s_scan_fail(s, "bad number fraction");
        while (s_is_digit(s))
            s->pos++;
    }
    if (s->pos < s->len && (s->p[s->pos] == 'e' || s->p[s->pos] == 'E')) {
        s->pos++;
        if (s->pos < s->len && (s->p[s->pos] == '+' || s->p[s->pos] == '-'))
            s->pos++;
        if (!s_is_digit(s))
            return s_scan_fail(s, "bad number exponent");
        while (s_is_digit(s))
            s->pos++;
    }
    size_t n = s->pos - start;
    if (n > CJSON_NUMBER_MAX)
        s->long_number = true;
    s_push_token(s, start, n, true, false);
    s->text_bytes += n + 1;
    return 0;
}

static int s_scan_literal(scanner *s, const char *lit)
{
    size_t n = strlen(lit);
    if (s->len - s->pos < n || memcmp(s->p + s->pos, lit, n) != 0)
        return s_scan_fail(s, "unexpected character");
    s->pos += n;
    return 0;
}

static int s_scan_value(scanner *s, int depth);

static int s_scan_container(scanner *s, int depth, bool object)
{
    if (depth >= DC_JSON_MAX_DEPTH)
        return s_scan_fail(s, "nesting deeper than the limit");
    uint8_t close = object ? '}' : ']';
    s->pos++;
    s_skip_ws(s);
    if (s->pos < s->len && s->p[s->pos] == close) {
        s->pos++;
        return 0;
    }
    for (;;) {
        if (object) {
            s_skip_ws(s);
            if (s->pos >= s->len || s->p[s->pos] != '"')
                return s_scan_fail(s, "expected a member name");
            if (s_scan_string(s) != 0)
                return -1;
            s_skip_ws(s);
            if (s->pos >= s->len || s->p[s->pos] != ':')
                return s_scan_fail(s, "expected ':'");
            s->pos++;
        }
        if (s_scan_value(s, depth + 1) != 0)
            return -1;
        s_skip_ws(s);
        if (s->pos >= s->len)
            return s_scan_fail(s, "unterminated container");
        if (s->p[s->pos] == ',') {
            s->pos++;
            continue;
        }
        if (s->p[s->pos] == close) {
            s->pos++;
            return 0;
        }
        return s_scan_fail(s, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int s_scan_value(scanner *s, int depth)
{
    s_skip_ws(s);
    if (s->pos >= s->len)
        return s_scan_fail(s, "unexpected end of input");
    s->nodes++;
    uint8_t c = s->p[s->pos];
    switch (c) {
    case '{': return s_scan_container(s, depth, true);
    case '[': return s_scan_container(s, depth, false);
    case '"': return s_scan_string(s);
    case 't': return s_scan_literal(s, "true");
    case 'f': return s_scan_literal(s, "false");
    case 'n': return s_scan_literal(s, "null");
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return s_scan_number(s);
        return s_scan_fail(s, "unexpected character");
    }
}

/* ---- cJSON allocation arena ----------------------------------------------
 * cJSON allocates every node and string separately; its tree only lives for the
 * copy step, so we hand it a per-thread bump arena through cJSON's allocation
 * hooks. Pointers outside the arena (overflow, or cJSON used elsewhere in the
 * process while no parse runs on this thread) go to malloc/free as usual. */

typedef struct {
    uint8_t *base;
    size_t used;
    size_t cap;
    size_t overflowed; /* allocations that did not fit and went to malloc */
    bool active;
} s_arena;

static pthread_key_t s_arena_key;
static pthread_once_t s_hooks_once = PTHREAD_ONCE_INIT;

static void s_arena_destroy(void *p)
{
    s_arena *a = p;
    free(a->base);
    free(a);
}

/* cached per thread: the key exists only so the arena is freed at thread exit */
static _Thread_local s_arena *t_arena;

static s_arena *s_arena_get(void)
{
    return t_arena;
}

static void *s_hook_malloc(size_t n)
{
    s_arena *a = s_arena_get();
    if (a != NULL && a->active) {
        size_t need = (n + 15) & ~(size_t)15;
        if (need <= a->cap - a->used) {
            void *p = a->base + a->used;
            a->used += need;
            return p;
        }
        a->overflowed++;
    }
    return malloc(n);
}

static void s_hook_free(void *p)
{
    s_arena *a = s_arena_get();
    if (a != NULL && (uint8_t *)p >= a->base && (uint8_t *)p < a->base + a->cap)
        return; /* arena memory is released all at once */
    free(p);
}

static void s_install_hooks(void)
{
    pthread_key_create(&s_arena_key, s_arena_destroy);
    cJSON_Hooks hooks = {.malloc_fn = s_hook_malloc, .free_fn = s_hook_free};
    cJSON_InitHooks(&hooks);
}

/* Arena with room for a document of len bytes and nodes values. */
static s_arena *s_arena_begin(size_t len, size_t nodes)
{
    pthread_once(&s_hooks_once, s_install_hooks);
    s_arena *a = s_arena_get();
    if (a == NULL) {
        a = dc_xcalloc(1, sizeof *a);
        pthread_setspecific(s_arena_key, a);
        t_arena = a;
    }
    /* a cJSON node is 64 bytes; strings at most the document size, plus NULs */
    size_t need = nodes * (sizeof(cJSON) + 16) + len * 2 + 1024;
    if (need > a->cap) {
        free(a->base);
        a->base = dc_xmalloc(need);
        a->cap = need;
    }
    a->used = 0;
    a->overflowed = 0;
    a->active = true;
    return a;
}

static void s_arena_end(s_arena *a)
{
    a->active = false;
    a->used = 0;
    /* do not keep a huge arena alive for the rest of the thread */
    if (a->cap > (8u << 20)) {
        free(a->base);
        a->base = NULL;
        a->cap = 0;
    }
}

/* ---- copy cJSON's tree into the arena ----------------------------------- */

typedef struct {
    const scanner *sc;
    const uint8_t *orig; /* the caller's bytes, for number text */
    size_t next_token;
    dc_json *pool;
    size_t pool_used;
    size_t pool_cap;
    char *text;
    size_t text_used;
    size_t duplicates;
} copier;

static const char *s_copy_text(copier *c, const char *src, size_t n)
{
    char *dst = c->text + c->text_used;
    if (n > 0)
        memcpy(dst, src, n);
    dst[n] = '\0';
    c->text_used += n + 1;
    return dst;
}

static size_t s_take_token(copier *c)
{
    return c->next_token++;
}

static bool s_key_eq(const dc_json *a, const dc_json *b)
{
    return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

static int s_copy(copier *c, const cJSON *src, dc_json *dst, dc_err *err);

static int s_copy_children(copier *c, const cJSON *src, dc_json *dst, bool object, dc_err *err)
{
    size_t n = 0;
    for (const cJSON *ch = src->child; ch != NULL; ch = ch->next)
        n++;
    if (c->pool_used + n > c->pool_cap)
        return dc_fail(err, "internal: JSON node count mismatch");
    dst->items = c->pool + c->pool_used;
    dst->count = n;
    c->pool_used += n;
    size_t i = 0;
    for (const cJSON *ch = src->child; ch != NULL; ch = ch->next, i++) {
        dc_json *item = &dst->items[i]; /* the key here, the rest in s_copy */
        if (object) {
            const scan_token *tok = &c->sc->tokens[s_take_token(c)];
            item->key = s_copy_text(c, tok->plain ? (const char *)c->orig + tok->off : ch->string, tok->len);
            item->key_len = tok->len;
        } else {
            item->key = NULL;
            item->key_len = 0;
        }
        if (s_copy(c, ch, item, err) != 0)
            return -1;
    }
    if (object) {
        /* Duplicate detection: quadratic is fine for the small objects of this
         * API; large objects (fuzzers) are bounded by DC_JSON_MAX_BYTES and we
         * stop comparing past a cap to stay linear-ish. */
        const size_t cap = 256;
        size_t m = n < cap ? n : cap;
        for (size_t a = 1; a < m; a++)
            for (size_t b = 0; b < a; b++)
                if (s_key_eq(&dst->items[a], &dst->items[b])) {
                    c->duplicates++;
                    break;
                }
    }
    return 0;
}

static int s_copy(copier *c, const cJSON *src, dc_json *dst, dc_err *err)
{
    /* every member but the key (the parent's), set here: the pool is not zeroed */
    dst->str = NULL;
    dst->str_len = 0;
    dst->num = 0;
    dst->items = NULL;
    dst->count = 0;
    if (cJSON_IsNull(src)) {
        dst->type = DC_JSON_NULL;
    } else if (cJSON_IsFalse(src)) {
        dst->type = DC_JSON_FALSE;
    } else if (cJSON_IsTrue(src)) {
        dst->type = DC_JSON_TRUE;
    } else if (cJSON_IsNumber(src)) {
        size_t t = s_take_token(c);
        const scan_token *tok = &c->sc->tokens[t];
        dst->type = DC_JSON_NUMBER;
        dst->str = s_copy_text(c, (const char *)c->orig + tok->off, tok->len);
        dst->str_len = tok->len;
        /* cJSON's value is strtod of the same text (it saw "0" for a longer one) */
        dst->num = tok->len > CJSON_NUMBER_MAX ? strtod(dst->str, NULL) : src->valuedouble;
    } else if (cJSON_IsString(src)) {
        const scan_token *tok = &c->sc->tokens[s_take_token(c)];
        dst->type = DC_JSON_STRING;
        dst->str_len = tok->len;
        dst->str = s_copy_text(c, tok->plain ? (const char *)c->orig + tok->off : src->valuestring, tok->len);
    } else if (cJSON_IsArray(src)) {
        dst->type = DC_JSON_ARRAY;
        return s_copy_children(c, src, dst, false, err);
    } else if (cJSON_IsObject(src)) {
        dst->type = DC_JSON_OBJECT;
        return s_copy_children(c, src, dst, true, err);
    } else {
        return dc_fail(err, "internal: unexpected cJSON node type %d", src->type);
    }
    return 0;
}

int dc_json_parse(const void *data, size_t len, dc_json_doc *doc, dc_err *err)
{
    memset(doc, 0, sizeof *doc);
    if (len > DC_JSON_MAX_BYTES)
        return dc_fail(err, "document larger than %u bytes", (unsigned)DC_JSON_MAX_BYTES);

    scanner sc = {.p = data, .len = len, .err = err};
    uint8_t *masked = NULL;
    cJSON *tree = NULL;
    s_arena *arena = NULL;
    int rc = -1;

    if (s_scan_value(&sc, 0) != 0)
        goto cleanup;
    s_skip_ws(&sc);
    if (sc.pos != sc.len) {
        s_scan_fail(&sc, "trailing bytes after the JSON value");
        goto cleanup;
    }

    const uint8_t *feed = data;
    size_t feed_len = len;
    if (sc.long_number || sc.long_plain >= S_LONG_PLAIN_FEED) {
        /* cJSON cannot read numbers longer than its 63-byte buffer; we keep the
         * exact text ourselves, so cJSON only needs to see *a* number there.
         * Long strings without escapes: the copy step takes their bytes from the
         * document, so cJSON only needs to see *a* string there (decoding 64 KiB
         * of a fuzzer's string twice was most of a parse). */
        masked = dc_xmalloc(len);
        size_t from = 0, to = 0;
        for (size_t i = 0; i < sc.ntokens; i++) {
            const scan_token *t = &sc.tokens[i];
            size_t skip_at, skip_to; /* the bytes [skip_at, skip_to) of data become "0" or "" */
            if (t->number && t->len > CJSON_NUMBER_MAX) {
                skip_at = t->off;
                skip_to = t->off + t->len;
            } else if (!t->number && t->plain && t->len >= S_LONG_PLAIN) {
                skip_at = t->off - 1;
                skip_to = t->off + t->len + 1;
            } else {
                continue;
            }
            memcpy(masked + to, (const uint8_t *)data + from, skip_at - from);
            to += skip_at - from;
            if (t->number) {
                masked[to++] = '0';
            } else {
                masked[to++] = '"';
                masked[to++] = '"';
            }
            from = skip_to;
        }
        memcpy(masked + to, (const uint8_t *)data + from, len - from);
        feed_len = to + len - from;
        feed = masked;
    }

    arena = s_arena_begin(feed_len, sc.nodes);
    tree = cJSON_ParseWithLengthOpts((const char *)feed, feed_len, NULL, 0);
    if (tree == NULL) {
        dc_fail(err, "cJSON refused the document after strict validation");
        goto cleanup;
    }

    copier cp = {.sc = &sc, .orig = data};
    cp.pool_cap = sc.nodes;
    cp.pool = dc_xmalloc(sc.nodes * sizeof(dc_json));
    cp.text = dc_xmalloc(sc.text_bytes + 1);
    cp.pool_used = 1;
    doc->node_pool = cp.pool;
    doc->text_pool = cp.text;
    doc->root = &cp.pool[0];
    doc->root->key = NULL;
    doc->root->key_len = 0;
    if (s_copy(&cp, tree, doc->root, err) != 0) {
        dc_json_doc_free(doc);
        goto cleanup;
    }
    if (cp.next_token != sc.ntokens || cp.pool_used != sc.nodes) {
        dc_fail(err, "internal: strict scan and cJSON disagree on the document");
        dc_json_doc_free(doc);
        goto cleanup;
    }
    doc->duplicate_keys = cp.duplicates;
    doc->nodes = sc.nodes;
    rc = 0;

cleanup:
    /* when every node lives in the arena, resetting it frees the whole tree */
    if (arena == NULL || arena->overflowed > 0)
        cJSON_Delete(tree); /* frees only what overflowed the arena */
    if (arena != NULL)
        s_arena_end(arena);
    free(masked);
    free(sc.tokens);
    return rc;
}

void dc_json_doc_free(dc_json_doc *doc)
{
    free(doc->node_pool);
    free(doc->text_pool);
    memset(doc, 0, sizeof *doc);
}

int dc_json_load_file(const char *path, const char *label, size_t max, dc_json_doc *doc, dc_err *err)
{
    dc_buf data;
    dc_buf_init(&data);
    dc_err e;
    int rc = -1;
    if (dc_read_file(path, max, &data, &e) != 0) {
        if (label != NULL)
            dc_fail(err, "%s: %s", label, e.msg);
        else
            dc_fail(err, "%s", e.msg);
        goto cleanup;
    }
    if (dc_json_parse(data.data, data.len, doc, &e) != 0) {
        dc_fail(err, "%s: %s", label != NULL ? label : path, e.msg);
        goto cleanup;
    }
    rc = 0;
cleanup:
    dc_buf_free(&data);
    return rc;
}

const dc_json *dc_json_getn(const dc_json *obj, const char *key, size_t key_len)
{
    if (obj == NULL || obj->type != DC_JSON_OBJECT)
        return NULL;
    for (size_t i = obj->count; i-- > 0;) {
        const dc_json *m = &obj->items[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return m;
    }
    return NULL;
}

const dc_json *dc_json_get(const dc_json *obj, const char *key)
{
    return dc_json_getn(obj, key, strlen(key));
}

const dc_json *dc_json_path(const dc_json *root, const char *path)
{
    const dc_json *cur = root;
    const char *p = path;
    while (cur != NULL && *p != '\0') {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (cur->type == DC_JSON_ARRAY) {
            char *end;
            errno = 0;
            unsigned long idx = strtoul(p, &end, 10);
            if (end != p + n || errno != 0 || n == 0 || idx >= cur->count)
                return NULL;
            cur = &cur->items[idx];
        } else {
            cur = dc_json_getn(cur, p, n);
        }
        p += n;
        if (*p == '.')
            p++;
    }
    return cur;
}

const char *dc_json_string(const dc_json *v)
{
    return dc_json_is_string(v) ? v->str : NULL;
}

bool dc_json_string_eq(const dc_json *v, const char *s)
{
    return dc_json_is_string(v) && v->str_len == strlen(s) && memcmp(v->str, s, v->str_len) == 0;
}

dc_int_status dc_json_int64(const dc_json *v, int64_t *out)
{
    if (!dc_json_is_number(v))
        return DC_INT_NOT_INTEGER;
    const char *s = v->str;
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    for (const char *q = s; *q; q++)
        if (*q < '0' || *q > '9')
            return DC_INT_NOT_INTEGER;
    /* accumulate as a negative number so INT64_MIN fits */
    int64_t acc = 0;
    for (; *s; s++) {
        int d = *s - '0';
        if (acc < (INT64_MIN + d) / 10)
            return DC_INT_OVERFLOW;
        acc = acc * 10 - d;
    }
    if (!neg) {
        if (acc == INT64_MIN)
            return DC_INT_OVERFLOW;
        acc = -acc;
    }
    *out = acc;
    return DC_INT_OK;
}

/* 16 bytes at p are all ASCII */
static bool s_ascii16(const uint8_t *p)
{
    uint64_t lo, hi;
    memcpy(&lo, p, sizeof lo);
    memcpy(&hi, p + 8, sizeof hi);
    return ((lo | hi) & 0x8080808080808080u) == 0;
}

size_t dc_json_utf16_len(const dc_json *v)
{
    if (!dc_json_is_string(v))
        return 0;
    size_t units = 0;
    const uint8_t *s = (const uint8_t *)v->str;
    for (size_t i = 0; i < v->str_len;) {
        if (i + 16 <= v->str_len && s_ascii16(s + i)) {
            units += 16; /* one unit per ASCII byte */
            i += 16;
            continue;
        }
        uint8_t c = s[i];
        size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return units;
}

void dc_json_print(const dc_json *v, dc_buf *out)
{
    switch (v->type) {
    case DC_JSON_NULL: dc_buf_puts(out, "null"); break;
    case DC_JSON_FALSE: dc_buf_puts(out, "false"); break;
    case DC_JSON_TRUE: dc_buf_puts(out, "true"); break;
    case DC_JSON_NUMBER: dc_buf_append(out, v->str, v->str_len); break;
    case DC_JSON_STRING: dc_buf_put_json_string(out, v->str, v->str_len); break;
    case DC_JSON_ARRAY:
    case DC_JSON_OBJECT: {
        bool obj = v->type == DC_JSON_OBJECT;
        dc_buf_putc(out, obj ? '{' : '[');
        for (size_t i = 0; i < v->count; i++) {
            if (i > 0)
                dc_buf_putc(out, ',');
            if (obj) {
                dc_buf_put_json_string(out, v->items[i].key, v->items[i].key_len);
                dc_buf_putc(out, ':');
            }
            dc_json_print(&v->items[i], out);
        }
        dc_buf_putc(out, obj ? '}' : ']');
        break;
    }
    }
}

int dc_json_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

const dc_json *dc_json_first_unsorted(const dc_json *v)
{
    if (v->type != DC_JSON_OBJECT && v->type != DC_JSON_ARRAY)
        return NULL;
    for (size_t i = 0; i < v->count; i++) {
        if (v->type == DC_JSON_OBJECT && i > 0 &&
            dc_json_key_cmp(v->items[i - 1].key, v->items[i - 1].key_len, v->items[i].key, v->items[i].key_len) > 0)
            return &v->items[i];
        const dc_json *bad = dc_json_first_unsorted(&v->items[i]);
        if (bad != NULL)
            return bad;
    }
    return NULL;
}

static int s_member_order(const void *x, const void *y)
{
    const dc_json *a = *(const dc_json *const *)x, *b = *(const dc_json *const *)y;
    int c = dc_json_key_cmp(a->key, a->key_len, b->key, b->key_len);
    /* qsort is not stable: document order breaks ties (duplicate keys) */
    return c != 0 ? c : (a < b ? -1 : a > b ? 1 : 0);
}

void dc_json_print_sorted(const dc_json *v, dc_buf *out)
{
    if (v->type == DC_JSON_ARRAY) {
        dc_buf_putc(out, '[');
        for (size_t i = 0; i < v->count; i++) {
            if (i > 0)
                dc_buf_putc(out, ',');
            dc_json_print_sorted(&v->items[i], out);
        }
        dc_buf_putc(out, ']');
        return;
    }
    if (v->type != DC_JSON_OBJECT) {
        dc_json_print(v, out);
        return;
    }
    const dc_json *small[16];
    const dc_json **order = v->count <= DC_ARRAY_LEN(small) ? small : dc_xcalloc(v->count, sizeof *order);
    for (size_t i = 0; i < v->count; i++)
        order[i] = &v->items[i];
    if (v->count > 1)
        qsort(order, v->count, sizeof *order, s_member_order);
    dc_buf_putc(out, '{');
    for (size_t i = 0; i < v->count; i++) {
        if (i > 0)
            dc_buf_putc(out, ',');
        dc_buf_put_json_string(out, order[i]->key, order[i]->key_len);
        dc_buf_putc(out, ':');
        dc_json_print_sorted(order[i], out);
    }
    dc_buf_putc(out, '}');
    if (order != small)
        free(order);
}

static bool s_number_equal(const dc_json *a, const dc_json *b)
{
    int64_t x, y;
    if (dc_json_int64(a, &x) == DC_INT_OK && dc_json_int64(b, &y) == DC_INT_OK)
        return x == y;
    if (a->str_len == b->str_len && memcmp(a->str, b->str, a->str_len) == 0)
        return true;
    return a->num == b->num;
}

bool dc_json_equal(const dc_json *a, const dc_json *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case DC_JSON_NULL:
    case DC_JSON_FALSE:
    case DC_JSON_TRUE: return true;
    case DC_JSON_NUMBER: return s_number_equal(a, b);
    case DC_JSON_STRING: return a->str_len == b->str_len && memcmp(a->str, b->str, a->str_len) == 0;
    case DC_JSON_ARRAY:
        if (a->count != b->count)
            return false;
        for (size_t i = 0; i < a->count; i++)
            if (!dc_json_equal(&a->items[i], &b->items[i]))
                return false;
        return true;
    case DC_JSON_OBJECT:
        if (a->count != b->count)
            return false;
        for (size_t i = 0; i < a->count; i++) {
            const dc_json *m = dc_json_getn(b, a->items[i].key, a->items[i].key_len);
            if (m == NULL || !dc_json_equal(&a->items[i], m))
                return false;
        }
        return true;
    }
    return false;
}

const char *dc_json_type_name(dc_json_type t)
{
    switch (t) {
    case DC_JSON_NULL: return "null";
    case DC_JSON_FALSE:
    case DC_JSON_TRUE: return "boolean";
    case DC_JSON_NUMBER: return "number";
    case DC_JSON_STRING: return "string";
    case DC_JSON_ARRAY: return "array";
    case DC_JSON_OBJECT: return "object";
    }
    return "?";
}
