/* mutate.c - structure-aware request mutators and the shrinker (see mutate.h). */
#include "netfuzz/mutate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rng ------------------------------------------------------------------ */

void dc_rng_seed(dc_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t dc_rng_next(dc_rng *r)
{
    /* splitmix64: tiny, fast, and the same sequence everywhere */
    uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

size_t dc_rng_below(dc_rng *r, size_t n)
{
    return n == 0 ? 0 : (size_t)(dc_rng_next(r) % n);
}

bool dc_rng_chance(dc_rng *r, unsigned percent)
{
    return dc_rng_below(r, 100) < percent;
}

/* ---- tree ----------------------------------------------------------------- */

void dc_mnode_clear(dc_mnode *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->count; i++)
        dc_mnode_clear(&n->items[i]);
    free(n->items);
    free(n->key);
    free(n->text);
    memset(n, 0, sizeof *n);
}

static char *s_dup(const char *s, size_t len)
{
    char *p = dc_xmalloc(len + 1);
    if (len > 0)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static void s_set_text(dc_mnode *n, dc_mnode_type t, const char *s, size_t len)
{
    char *key = n->key;
    size_t key_len = n->key_len;
    n->key = NULL;
    dc_mnode_clear(n);
    n->key = key;
    n->key_len = key_len;
    n->type = t;
    n->text = s_dup(s, len);
    n->len = len;
}

/* Replaces n's value by v's (v's content is taken), keeping n's key. */
static void s_replace_value(dc_mnode *n, dc_mnode *v)
{
    char *key = n->key;
    size_t key_len = n->key_len;
    n->key = NULL;
    dc_mnode_clear(n);
    free(v->key);
    *n = *v;
    n->key = key;
    n->key_len = key_len;
    memset(v, 0, sizeof *v);
}

void dc_mnode_set_string(dc_mnode *n, const char *s, size_t len)
{
    s_set_text(n, DC_MNODE_STRING, s, len);
}

void dc_mnode_set_number(dc_mnode *n, const char *text)
{
    s_set_text(n, DC_MNODE_NUMBER, text, strlen(text));
}

void dc_mnode_set_raw(dc_mnode *n, const char *text, size_t len)
{
    s_set_text(n, DC_MNODE_RAW, text, len);
}

void dc_mnode_from_json(const dc_json *v, dc_mnode *out)
{
    memset(out, 0, sizeof *out);
    switch (v->type) {
    case DC_JSON_NULL: out->type = DC_MNODE_NULL; break;
    case DC_JSON_FALSE: out->type = DC_MNODE_FALSE; break;
    case DC_JSON_TRUE: out->type = DC_MNODE_TRUE; break;
    case DC_JSON_NUMBER: s_set_text(out, DC_MNODE_NUMBER, v->str, v->str_len); break;
    case DC_JSON_STRING: s_set_text(out, DC_MNODE_STRING, v->str, v->str_len); break;
    case DC_JSON_ARRAY:
    case DC_JSON_OBJECT:
        out->type = v->type == DC_JSON_ARRAY ? DC_MNODE_ARRAY : DC_MNODE_OBJECT;
        out->count = v->count;
        out->items = v->count ? dc_xcalloc(v->count, sizeof *out->items) : NULL;
        for (size_t i = 0; i < v->count; i++) {
            dc_mnode_from_json(&v->items[i], &out->items[i]);
            if (v->type == DC_JSON_OBJECT) {
                out->items[i].key = s_dup(v->items[i].key, v->items[i].key_len);
                out->items[i].key_len = v->items[i].key_len;
            }
        }
        break;
    }
}

void dc_mnode_clone(const dc_mnode *src, dc_mnode *out)
{
    *out = *src;
    out->key = src->key ? s_dup(src->key, src->key_len) : NULL;
    out->text = src->text ? s_dup(src->text, src->len) : NULL;
    out->items = src->count ? dc_xcalloc(src->count, sizeof *out->items) : NULL;
    for (size_t i = 0; i < src->count; i++)
        dc_mnode_clone(&src->items[i], &out->items[i]);
}

dc_mnode *dc_mnode_get(dc_mnode *obj, const char *key)
{
    if (obj == NULL || obj->type != DC_MNODE_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = obj->count; i-- > 0;)
        if (obj->items[i].key_len == kl && memcmp(obj->items[i].key, key, kl) == 0)
            return &obj->items[i];
    return NULL;
}

void dc_mnode_add(dc_mnode *obj, const char *key, size_t key_len, dc_mnode *value)
{
    obj->items = dc_xrealloc(obj->items, (obj->count + 1) * sizeof *obj->items);
    dc_mnode *n = &obj->items[obj->count++];
    *n = *value;
    memset(value, 0, sizeof *value);
    free(n->key);
    n->key = key ? s_dup(key, key_len) : NULL;
    n->key_len = key ? key_len : 0;
}

void dc_mnode_remove_at(dc_mnode *c, size_t i)
{
    if (i >= c->count)
        return;
    dc_mnode_clear(&c->items[i]);
    memmove(&c->items[i], &c->items[i + 1], (c->count - i - 1) * sizeof *c->items);
    c->count--;
}

static void s_print_string(const char *s, size_t len, dc_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    dc_buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        i += dc_json_unescaped_run(s + i, len - i);
        if (i >= len)
            break;
        unsigned char c = (unsigned char)s[i];
        dc_buf_append(out, s + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            dc_buf_putc(out, '\\');
            dc_buf_putc(out, (char)c);
        } else {
            char e[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            dc_buf_append(out, e, 6);
        }
    }
    dc_buf_append(out, s + run, len - run);
    dc_buf_putc(out, '"');
}

void dc_mnode_print(const dc_mnode *n, dc_buf *out)
{
    switch (n->type) {
    case DC_MNODE_NULL: dc_buf_puts(out, "null"); break;
    case DC_MNODE_FALSE: dc_buf_puts(out, "false"); break;
    case DC_MNODE_TRUE: dc_buf_puts(out, "true"); break;
    case DC_MNODE_NUMBER:
    case DC_MNODE_RAW: dc_buf_append(out, n->text, n->len); break;
    case DC_MNODE_STRING: s_print_string(n->text, n->len, out); break;
    case DC_MNODE_ARRAY:
    case DC_MNODE_OBJECT:
        dc_buf_putc(out, n->type == DC_MNODE_ARRAY ? '[' : '{');
        for (size_t i = 0; i < n->count; i++) {
            if (i > 0)
                dc_buf_putc(out, ',');
            if (n->type == DC_MNODE_OBJECT) {
                s_print_string(n->items[i].key ? n->items[i].key : "", n->items[i].key_len, out);
                dc_buf_putc(out, ':');
            }
            dc_mnode_print(&n->items[i], out);
        }
        dc_buf_putc(out, n->type == DC_MNODE_ARRAY ? ']' : '}');
        break;
    }
}

/* ---- generation ------------------------------------------------------------ */

/* Characters tried, in order, to fill a string so that the shape's pattern
 * matches: most name/ARN-ish patterns accept one of them. */
static const char s_fill_chars[] = "aA0_-.";

/* A string of len UTF-16 units (ASCII, so bytes) that matches the pattern
 * when one of the fill characters does; else 'a's. prefix is reused first. */
static void s_fill_string(const dc_shape *s, const char *prefix, size_t plen, size_t len, dc_mnode *out)
{
    char *buf = dc_xmalloc(len + 1);
    size_t keep = plen < len ? plen : len;
    /* never cut a UTF-8 sequence in half: that would be a different mutation */
    while (keep > 0 && keep < plen && ((unsigned char)prefix[keep] & 0xC0) == 0x80)
        keep--;
    if (keep > 0)
        memcpy(buf, prefix, keep);
    for (size_t f = 0; f < sizeof s_fill_chars - 1; f++) {
        memset(buf + keep, s_fill_chars[f], len - keep);
        if (s->pattern == NULL || dc_shape_pattern_matches(s, buf, len))
            break;
        if (f == sizeof s_fill_chars - 2)
            memset(buf + keep, 'a', len - keep);
    }
    dc_mnode_set_string(out, buf, len);
    free(buf);
}

void dc_mutate_generate(dc_rng *r, const dc_shape *s, int depth, dc_mnode *out)
{
    memset(out, 0, sizeof *out);
    if (s == NULL || depth > DC_MUTATE_GEN_DEPTH) {
        out->type = DC_MNODE_NULL;
        return;
    }
    char num[48];
    switch (s->type) {
    case DC_SHAPE_STRING:
        if (s->nenums > 0) {
            const char *e = s->enums[dc_rng_below(r, s->nenums)];
            dc_mnode_set_string(out, e, strlen(e));
        } else {
            size_t lo = s->has_min ? (size_t)s->min : 1, hi = s->has_max ? (size_t)s->max : lo + 8;
            if (lo < 3 && hi >= 3)
                lo = 3; /* names shorter than 3 are rarely what a pattern wants */
            size_t n = lo + dc_rng_below(r, (hi > lo ? (hi - lo < 8 ? hi - lo : 8) : 0) + 1);
            s_fill_string(s, "", 0, n, out);
        }
        break;
    case DC_SHAPE_BLOB: dc_mnode_set_string(out, "AAAA", 4); break;
    case DC_SHAPE_INTEGER:
    case DC_SHAPE_LONG:
    case DC_SHAPE_DOUBLE: {
        int64_t lo = s->has_min ? s->min : 1, hi = s->has_max ? s->max : lo + 10;
        int64_t v = hi > lo ? lo + (int64_t)dc_rng_below(r, (size_t)((hi - lo) < 10 ? (hi - lo) : 10) + 1) : lo;
        snprintf(num, sizeof num, "%" PRId64, v);
        dc_mnode_set_number(out, num);
        break;
    }
    case DC_SHAPE_BOOLEAN: out->type = dc_rng_chance(r, 50) ? DC_MNODE_TRUE : DC_MNODE_FALSE; break;
    case DC_SHAPE_TIMESTAMP:
        /* a fixed past instant: generated values must not depend on the clock */
        dc_mnode_set_number(out, "1700000000");
        break;
    case DC_SHAPE_STRUCTURE:
        out->type = DC_MNODE_OBJECT;
        if (s->is_union && s->nmembers > 0) {
            const dc_member *m = &s->members[dc_rng_below(r, s->nmembers)];
            dc_mnode v;
            dc_mutate_generate(r, m->shape, depth + 1, &v);
            dc_mnode_add(out, m->name, strlen(m->name), &v);
            break;
        }
        for (size_t i = 0; i < s->nmembers; i++) {
            const dc_member *m = &s->members[i];
            if (!m->required && !(depth < 2 && dc_rng_chance(r, 25)))
                continue;
            dc_mnode v;
            dc_mutate_generate(r, m->shape, depth + 1, &v);
            dc_mnode_add(out, m->name, strlen(m->name), &v);
        }
        break;
    case DC_SHAPE_LIST: {
        out->type = DC_MNODE_ARRAY;
        size_t n = s->has_min && s->min > 1 ? (size_t)s->min : 1;
        for (size_t i = 0; i < n && i < 4; i++) {
            dc_mnode v;
            dc_mutate_generate(r, s->member, depth + 1, &v);
            dc_mnode_add(out, NULL, 0, &v);
        }
        break;
    }
    case DC_SHAPE_MAP: {
        out->type = DC_MNODE_OBJECT;
        dc_mnode k, v;
        dc_mutate_generate(r, s->key, depth + 1, &k);
        dc_mutate_generate(r, s->value, depth + 1, &v);
        const char *key = k.type == DC_MNODE_STRING ? k.text : "key";
        dc_mnode_add(out, key, strlen(key), &v);
        dc_mnode_clear(&k);
        break;
    }
    }
}

/* ---- sites ------------------------------------------------------------------ */

typedef struct {
    dc_mnode *node;          /* NULL: an absent member of parent */
    dc_mnode *parent;        /* NULL for the root */
    const dc_shape *shape;   /* NULL: unknown to the spec */
    const dc_member *member; /* when the site is a structure member */
    char path[DC_MUTATE_PATH_MAX];
} s_site;

typedef struct {
    s_site *v; /* grown as sites are found: most bodies have a few dozen */
    size_t n;
    size_t cap;
} s_sites;

/* Appends n bytes of src to out[*used] within cap (room for the NUL kept), as snprintf would. */
static void s_put(char *out, size_t cap, size_t *used, const char *src, size_t n)
{
    size_t room = cap - 1 - *used;
    if (n > room)
        n = room;
    memcpy(out + *used, src, n);
    *used += n;
    out[*used] = '\0';
}

static void s_site_add(s_sites *ss, dc_mnode *node, dc_mnode *parent, const dc_shape *shape, const dc_member *m,
                       const char *path)
{
    if (ss->n >= DC_MUTATE_MAX_SITES)
        return;
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? ss->cap * 2 : 32;
        if (ss->cap > DC_MUTATE_MAX_SITES)
            ss->cap = DC_MUTATE_MAX_SITES;
        ss->v = dc_xrealloc(ss->v, ss->cap * sizeof *ss->v);
    }
    s_site *s = &ss->v[ss->n++];
    s->node = node;
    s->parent = parent;
    s->shape = shape;
    s->member = m;
    size_t used = 0;
    s_put(s->path, sizeof s->path, &used, path, strlen(path));
}

/* base.name (the name cut at 80 bytes or its first NUL), cut to cap - 1 bytes */
static void s_join(char *out, size_t cap, const char *base, const char *name, size_t name_len)
{
    size_t used = 0;
    out[0] = '\0';
    s_put(out, cap, &used, base, strlen(base));
    if (base[0] != '\0')
        s_put(out, cap, &used, ".", 1);
    s_put(out, cap, &used, name, strnlen(name, name_len > 80 ? 80 : name_len));
}

static void s_walk(s_sites *ss, dc_mnode *n, const dc_shape *shape, const char *path, int depth)
{
    if (depth > 16)
        return;
    if (n->type == DC_MNODE_OBJECT && (shape == NULL || shape->type == DC_SHAPE_STRUCTURE)) {
        for (size_t i = 0; i < n->count; i++) {
            dc_mnode *c = &n->items[i];
            const dc_member *m = shape ? dc_shape_member(shape, c->key ? c->key : "", c->key_len) : NULL;
            char p[DC_MUTATE_PATH_MAX];
            s_join(p, sizeof p, path, c->key ? c->key : "", c->key_len);
            s_site_add(ss, c, n, m ? m->shape : NULL, m, p);
            s_walk(ss, c, m ? m->shape : NULL, p, depth + 1);
        }
        for (size_t i = 0; shape != NULL && i < shape->nmembers; i++) {
            const dc_member *m = &shape->members[i];
            if (dc_mnode_get(n, m->name) == NULL) {
                char p[DC_MUTATE_PATH_MAX];
                s_join(p, sizeof p, path, m->name, strlen(m->name));
                s_site_add(ss, NULL, n, m->shape, m, p);
            }
        }
    } else if (n->type == DC_MNODE_OBJECT && shape->type == DC_SHAPE_MAP) {
        for (size_t i = 0; i < n->count; i++) {
            char p[DC_MUTATE_PATH_MAX];
            s_join(p, sizeof p, path, n->items[i].key ? n->items[i].key : "", n->items[i].key_len);
            s_site_add(ss, &n->items[i], n, shape->value, NULL, p);
            s_walk(ss, &n->items[i], shape->value, p, depth + 1);
        }
    } else if (n->type == DC_MNODE_ARRAY) {
        const dc_shape *el = shape && shape->type == DC_SHAPE_LIST ? shape->member : NULL;
        for (size_t i = 0; i < n->count; i++) {
            char p[DC_MUTATE_PATH_MAX], idx[24];
            snprintf(idx, sizeof idx, "%zu", i);
            s_join(p, sizeof p, path, idx, strlen(idx));
            s_site_add(ss, &n->items[i], n, el, NULL, p);
            s_walk(ss, &n->items[i], el, p, depth + 1);
        }
    }
}

typedef bool (*s_site_filter)(const s_site *s);

/* Picks one site passing filter, or NULL. */
static s_site *s_pick(dc_rng *r, s_sites *ss, s_site_filter f)
{
    size_t n = 0;
    for (size_t i = 0; i < ss->n; i++)
        n += f(&ss->v[i]);
    if (n == 0)
        return NULL;
    size_t k = dc_rng_below(r, n);
    for (size_t i = 0; i < ss->n; i++)
        if (f(&ss->v[i]) && k-- == 0)
            return &ss->v[i];
    return NULL;
}

static bool s_is_present(const s_site *s)
{
    return s->node != NULL;
}

static bool s_has_length_bounds(const s_site *s)
{
    const dc_shape *sh = s->shape;
    if (s->node == NULL || sh == NULL || !(sh->has_min || sh->has_max))
        return false;
    if (sh->type == DC_SHAPE_STRING || sh->type == DC_SHAPE_BLOB)
        return s->node->type == DC_MNODE_STRING && sh->nenums == 0;
    if (sh->type == DC_SHAPE_LIST)
        return s->node->type == DC_MNODE_ARRAY;
    return false;
}

static bool s_is_numeric(const s_site *s)
{
    return s->shape != NULL &&
           (s->shape->type == DC_SHAPE_INTEGER || s->shape->type == DC_SHAPE_LONG || s->shape->type == DC_SHAPE_DOUBLE);
}

static bool s_has_pattern(const s_site *s)
{
    return s->node != NULL && s->node->type == DC_MNODE_STRING && s->shape != NULL && s->shape->pattern != NULL;
}

static bool s_is_enum(const s_site *s)
{
    return s->shape != NULL && s->shape->nenums > 0;
}

static bool s_is_string(const s_site *s)
{
    return s->node != NULL && s->node->type == DC_MNODE_STRING;
}

static bool s_is_member(const s_site *s)
{
    return s->node != NULL && s->parent != NULL && s->parent->type == DC_MNODE_OBJECT;
}

static bool s_is_required_member(const s_site *s)
{
    return s_is_member(s) && s->member != NULL && s->member->required;
}

static bool s_is_timestamp(const s_site *s)
{
    return s->shape != NULL && s->shape->type == DC_SHAPE_TIMESTAMP;
}

static bool s_is_absent(const s_site *s)
{
    return s->node == NULL;
}

/* Materializes an absent member site as a new member (null for now). */
static dc_mnode *s_materialize(s_site *s)
{
    if (s->node != NULL)
        return s->node;
    dc_mnode v;
    memset(&v, 0, sizeof v);
    v.type = DC_MNODE_NULL;
    dc_mnode_add(s->parent, s->member->name, strlen(s->member->name), &v);
    s->node = &s->parent->items[s->parent->count - 1];
    return s->node;
}

/* ---- the mutators -------------------------------------------------------------- */

static const char *const s_mutator_names[DC_MUT_BODY_COUNT] = {
    "length-boundary", "number-boundary", "pattern-break",  "enum-near-miss", "type-swap",
    "drop-member",     "extra-member",    "deep-nesting",   "huge-string",    "invalid-utf8",
    "nul-char",        "duplicate-key",   "timestamp-edge", "syntax-damage",
};

const char *dc_mutator_name(dc_mutator m)
{
    return (unsigned)m < DC_MUT_BODY_COUNT ? s_mutator_names[m] : "?";
}

int dc_mutator_from_name(const char *name)
{
    for (int i = 0; i < DC_MUT_BODY_COUNT; i++)
        if (strcmp(s_mutator_names[i], name) == 0)
            return i;
    return -1;
}

static void s_info(dc_mutation *info, dc_mutator m, const s_site *s, const char *fmt, ...) DC_PRINTF(4, 5);
static void s_info(dc_mutation *info, dc_mutator m, const s_site *s, const char *fmt, ...)
{
    info->mutator = m;
    snprintf(info->path, sizeof info->path, "%s", s ? s->path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info->detail, sizeof info->detail, fmt, ap);
    va_end(ap);
}

static int s_length_boundary(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_has_length_bounds);
    if (s == NULL)
        return -1;
    const dc_shape *sh = s->shape;
    int64_t cand[4];
    size_t nc = 0;
    if (sh->has_min && sh->min > 0)
        cand[nc++] = sh->min - 1;
    if (sh->has_min)
        cand[nc++] = sh->min;
    if (sh->has_max && sh->max <= (int64_t)DC_MUTATE_HUGE_STRING) {
        cand[nc++] = sh->max;
        cand[nc++] = sh->max + 1;
    }
    if (nc == 0)
        return -1;
    size_t len = (size_t)cand[dc_rng_below(r, nc)];
    if (s->node->type == DC_MNODE_STRING) {
        char *old = s_dup(s->node->text, s->node->len);
        size_t olen = s->node->len;
        s_fill_string(sh, old, olen, len, s->node);
        free(old);
    } else {
        while (s->node->count > len)
            dc_mnode_remove_at(s->node, s->node->count - 1);
        while (s->node->count < len) {
            dc_mnode v;
            if (s->node->count > 0)
                dc_mnode_clone(&s->node->items[0], &v);
            else
                dc_mutate_generate(r, sh->member, 1, &v);
            dc_mnode_add(s->node, NULL, 0, &v);
        }
    }
    s_info(info, DC_MUT_LENGTH_BOUNDARY, s, "%s length %zu (min %s%" PRId64 ", max %s%" PRId64 ")", s->path, len,
           sh->has_min ? "" : "none ", sh->has_min ? sh->min : 0, sh->has_max ? "" : "none ",
           sh->has_max ? sh->max : 0);
    return 0;
}

static int s_number_boundary(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_numeric);
    if (s == NULL)
        return -1;
    const dc_shape *sh = s->shape;
    static const char *const fixed[] = {"2147483648", "-2147483649", "9223372036854775808", "1.5", "-0", "1e400",
                                        "0",          "-1"};
    char cand[12][32];
    size_t nc = 0;
    if (sh->has_min && sh->min > INT64_MIN)
        snprintf(cand[nc++], 32, "%" PRId64, sh->min - 1);
    if (sh->has_min)
        snprintf(cand[nc++], 32, "%" PRId64, sh->min);
    if (sh->has_max)
        snprintf(cand[nc++], 32, "%" PRId64, sh->max);
    if (sh->has_max && sh->max < INT64_MAX)
        snprintf(cand[nc++], 32, "%" PRId64, sh->max + 1);
    size_t k = dc_rng_below(r, nc + DC_ARRAY_LEN(fixed));
    const char *v = k < nc ? cand[k] : fixed[k - nc];
    dc_mnode_set_number(s_materialize(s), v);
    s_info(info, DC_MUT_NUMBER_BOUNDARY, s, "%s = %s", s->path, v);
    return 0;
}

static int s_pattern_break(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_has_pattern);
    if (s == NULL)
        return -1;
    static const char *const bad[] = {" ", "!", "/", "#", "*", ":", "\xC3\xA9", "$", "\t", "@"};
    dc_mnode *n = s->node;
    const char *ins = bad[0];
    size_t at = 0;
    char *buf = NULL;
    for (int tries = 0; tries < 8; tries++) {
        ins = bad[dc_rng_below(r, DC_ARRAY_LEN(bad))];
        at = dc_rng_below(r, n->len + 1);
        while (at > 0 && at < n->len && ((unsigned char)n->text[at] & 0xC0) == 0x80)
            at--;
        size_t il = strlen(ins);
        free(buf);
        buf = dc_xmalloc(n->len + il + 1);
        memcpy(buf, n->text, at);
        memcpy(buf + at, ins, il);
        memcpy(buf + at + il, n->text + at, n->len - at);
        if (!dc_shape_pattern_matches(s->shape, buf, n->len + il))
            break;
    }
    size_t nl = n->len + strlen(ins);
    dc_mnode_set_string(n, buf, nl);
    free(buf);
    s_info(info, DC_MUT_PATTERN_BREAK, s, "%s: '%s' inserted at %zu (pattern %.60s)", s->path,
           ins[0] == '\t' ? "\\t" : ins, at, s->shape->pattern);
    return 0;
}

static int s_enum_near_miss(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_enum);
    if (s == NULL)
        return -1;
    const char *base = s->node && s->node->type == DC_MNODE_STRING ? s->node->text : s->shape->enums[0];
    size_t bl = strlen(base);
    char *v = dc_xmalloc(bl + 3);
    memcpy(v, base, bl + 1);
    size_t vl = bl;
    const char *how;
    switch (dc_rng_below(r, 5)) {
    case 0:
        for (size_t i = 0; i < vl; i++)
            v[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
        how = "lower case";
        break;
    case 1:
        if (vl > 0)
            v[vl - 1] = (char)(v[vl - 1] == 'Z' ? 'Y' : v[vl - 1] + 1);
        how = "last character off by one";
        break;
    case 2:
        v[vl++] = ' ';
        v[vl] = '\0';
        how = "trailing space";
        break;
    case 3:
        if (vl > 0)
            vl--;
        v[vl] = '\0';
        how = "last character dropped";
        break;
    default:
        vl = 0;
        v[0] = '\0';
        how = "empty";
        break;
    }
    dc_mnode_set_string(s_materialize(s), v, vl);
    s_info(info, DC_MUT_ENUM_NEAR_MISS, s, "%s = '%s' (%s)", s->path, v, how);
    free(v);
    return 0;
}

static int s_type_swap(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_present);
    if (s == NULL)
        return -1;
    static const char *const kinds[] = {"null", "true", "123", "\"str\"", "[]", "{}", "\"1\""};
    dc_mnode_type cur = s->node->type;
    size_t k;
    for (int tries = 0;; tries++) {
        k = dc_rng_below(r, DC_ARRAY_LEN(kinds));
        bool same = (k == 0 && cur == DC_MNODE_NULL) || (k == 1 && cur == DC_MNODE_TRUE) ||
                    (k == 2 && cur == DC_MNODE_NUMBER) || ((k == 3 || k == 6) && cur == DC_MNODE_STRING) ||
                    (k == 4 && cur == DC_MNODE_ARRAY) || (k == 5 && cur == DC_MNODE_OBJECT);
        if (!same || tries > 8)
            break;
    }
    dc_mnode v;
    memset(&v, 0, sizeof v);
    switch (k) {
    case 0: v.type = DC_MNODE_NULL; break;
    case 1: v.type = DC_MNODE_TRUE; break;
    case 2: dc_mnode_set_number(&v, "123"); break;
    case 3: dc_mnode_set_string(&v, "str", 3); break;
    case 4: v.type = DC_MNODE_ARRAY; break;
    case 5: v.type = DC_MNODE_OBJECT; break;
    default: dc_mnode_set_string(&v, "1", 1); break;
    }
    s_replace_value(s->node, &v);
    s_info(info, DC_MUT_TYPE_SWAP, s, "%s = %s", s->path, kinds[k]);
    return 0;
}

static int s_drop_member(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = dc_rng_chance(r, 50) ? s_pick(r, ss, s_is_required_member) : NULL;
    if (s == NULL)
        s = s_pick(r, ss, s_is_member);
    if (s == NULL)
        return -1;
    s_info(info, DC_MUT_DROP_MEMBER, s, "%s removed%s", s->path, s->member && s->member->required ? " (required)" : "");
    size_t i = (size_t)(s->node - s->parent->items);
    dc_mnode_remove_at(s->parent, i);
    return 0;
}

static int s_extra_member(dc_rng *r, s_sites *ss, dc_mnode *root, const dc_shape *input, dc_mutation *info)
{
    s_site *s = dc_rng_chance(r, 60) ? s_pick(r, ss, s_is_absent) : NULL;
    if (s != NULL) {
        dc_mnode v;
        dc_mutate_generate(r, s->shape, 1, &v);
        dc_mnode *n = s_materialize(s);
        s_replace_value(n, &v);
        dc_buf b;
        dc_buf_init(&b);
        dc_mnode_print(n, &b);
        s_info(info, DC_MUT_EXTRA_MEMBER, s, "%s added = %.100s", s->path, (const char *)b.data);
        dc_buf_free(&b);
        return 0;
    }
    if (root->type != DC_MNODE_OBJECT)
        return -1;
    dc_mnode v;
    memset(&v, 0, sizeof v);
    dc_mnode_set_number(&v, "1");
    char key[96];
    if (root->count > 0 && dc_rng_chance(r, 50)) {
        /* the same name in another case: member lookup is exact-case */
        const dc_mnode *m = &root->items[dc_rng_below(r, root->count)];
        snprintf(key, sizeof key, "%.*s", (int)(m->key_len > 90 ? 90 : m->key_len), m->key ? m->key : "");
        if (key[0] >= 'A' && key[0] <= 'Z')
            key[0] = (char)(key[0] + 32);
        else if (key[0] >= 'a' && key[0] <= 'z')
            key[0] = (char)(key[0] - 32);
        const dc_member *mm = input ? dc_shape_member(input, m->key ? m->key : "", m->key_len) : NULL;
        if (m->type == DC_MNODE_STRING || mm == NULL) {
            dc_mnode_clear(&v);
            dc_mnode_clone(m, &v);
            free(v.key);
            v.key = NULL;
            v.key_len = 0;
        }
    } else {
        snprintf(key, sizeof key, "FuzzExtra%u", (unsigned)dc_rng_below(r, 100));
    }
    dc_mnode_add(root, key, strlen(key), &v);
    s_info(info, DC_MUT_EXTRA_MEMBER, NULL, "unknown member %s added", key);
    snprintf(info->path, sizeof info->path, "%s", key);
    return 0;
}

static int s_deep_nesting(dc_rng *r, s_sites *ss, dc_mnode *root, dc_mutation *info)
{
    static const size_t depths[] = {32, 126, 127, 128, 129, 1000};
    size_t d = depths[dc_rng_below(r, DC_ARRAY_LEN(depths))];
    char *txt = dc_xmalloc(2 * d + 1);
    memset(txt, '[', d);
    memset(txt + d, ']', d);
    s_site *s = s_pick(r, ss, s_is_present);
    dc_mnode v;
    memset(&v, 0, sizeof v);
    dc_mnode_set_raw(&v, txt, 2 * d);
    free(txt);
    if (s != NULL) {
        s_replace_value(s->node, &v);
        s_info(info, DC_MUT_DEEP_NESTING, s, "%s = %zu nested arrays", s->path, d);
    } else {
        if (root->type != DC_MNODE_OBJECT)
            return dc_mnode_clear(&v), -1;
        dc_mnode_add(root, "Nested", 6, &v);
        s_info(info, DC_MUT_DEEP_NESTING, NULL, "Nested = %zu nested arrays", d);
    }
    return 0;
}

static int s_huge_string(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_string);
    if (s == NULL)
        s = s_pick(r, ss, s_is_present);
    if (s == NULL)
        return -1;
    char *buf = dc_xmalloc(DC_MUTATE_HUGE_STRING);
    memset(buf, 'a', DC_MUTATE_HUGE_STRING);
    dc_mnode_set_string(s->node, buf, DC_MUTATE_HUGE_STRING);
    free(buf);
    s_info(info, DC_MUT_HUGE_STRING, s, "%s = %u bytes", s->path, DC_MUTATE_HUGE_STRING);
    return 0;
}

static int s_invalid_utf8(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_string);
    if (s == NULL)
        return -1;
    static const struct {
        const char *bytes;
        const char *what;
    } bad[] = {
        {"\xC3\x28", "C3 28 (bad continuation)"},
        {"\xFF", "FF"},
        {"\xED\xA0\x80", "ED A0 80 (encoded surrogate)"},
        {"\xC0\xAF", "C0 AF (overlong)"},
        {"\xF4\x90\x80\x80", "F4 90 80 80 (beyond U+10FFFF)"},
        {"\xE2\x82", "E2 82 (truncated)"},
        {NULL, "\\ud800 (lone surrogate escape)"},
    };
    size_t k = dc_rng_below(r, DC_ARRAY_LEN(bad));
    dc_mnode *n = s->node;
    size_t at = dc_rng_below(r, n->len + 1);
    while (at > 0 && at < n->len && ((unsigned char)n->text[at] & 0xC0) == 0x80)
        at--;
    if (bad[k].bytes != NULL) {
        size_t il = strlen(bad[k].bytes);
        char *buf = dc_xmalloc(n->len + il + 1);
        memcpy(buf, n->text, at);
        memcpy(buf + at, bad[k].bytes, il);
        memcpy(buf + at + il, n->text + at, n->len - at);
        dc_mnode_set_string(n, buf, n->len + il);
        free(buf);
    } else {
        /* a lone surrogate can only be written as an escape: keep the string as raw JSON text */
        dc_buf b, pre;
        dc_buf_init(&b);
        dc_buf_init(&pre);
        dc_mnode_print(n, &b);
        dc_buf_append(&pre, b.data, 1); /* the opening quote */
        dc_buf_puts(&pre, "\\ud800");
        dc_buf_append(&pre, b.data + 1, b.len - 1);
        dc_mnode_set_raw(n, (const char *)pre.data, pre.len);
        dc_buf_free(&b);
        dc_buf_free(&pre);
        at = 0;
    }
    s_info(info, DC_MUT_INVALID_UTF8, s, "%s: %s at %zu", s->path, bad[k].what, at);
    return 0;
}

static int s_nul_char(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_string);
    if (s == NULL)
        return -1;
    dc_mnode *n = s->node;
    size_t at = dc_rng_below(r, n->len + 1);
    while (at > 0 && at < n->len && ((unsigned char)n->text[at] & 0xC0) == 0x80)
        at--;
    char *buf = dc_xmalloc(n->len + 2);
    memcpy(buf, n->text, at);
    buf[at] = '\0';
    memcpy(buf + at + 1, n->text + at, n->len - at);
    dc_mnode_set_string(n, buf, n->len + 1);
    free(buf);
    s_info(info, DC_MUT_NUL_CHAR, s, "%s: \\u0000 at %zu", s->path, at);
    return 0;
}

static int s_duplicate_key(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_member);
    if (s == NULL)
        return -1;
    dc_mnode *parent = s->parent;
    size_t idx = (size_t)(s->node - parent->items);
    dc_mnode other;
    if (s->shape != NULL && dc_rng_chance(r, 50)) {
        dc_mutate_generate(r, s->shape, 1, &other);
    } else {
        memset(&other, 0, sizeof other);
        other.type = DC_MNODE_NULL;
        if (parent->items[idx].type == DC_MNODE_NULL)
            dc_mnode_set_number(&other, "7");
    }
    char *key = s_dup(parent->items[idx].key ? parent->items[idx].key : "", parent->items[idx].key_len);
    size_t kl = parent->items[idx].key_len;
    dc_mnode_add(parent, key, kl, &other); /* may move parent->items */
    bool original_last = dc_rng_chance(r, 50);
    if (original_last) {
        dc_mnode tmp = parent->items[idx];
        parent->items[idx] = parent->items[parent->count - 1];
        parent->items[parent->count - 1] = tmp;
    }
    s_info(info, DC_MUT_DUPLICATE_KEY, s, "%s twice (%s value last)", s->path, original_last ? "original" : "other");
    free(key);
    return 0;
}

static int s_timestamp_edge(dc_rng *r, s_sites *ss, dc_mutation *info)
{
    s_site *s = s_pick(r, ss, s_is_timestamp);
    if (s == NULL)
        return -1;
    static const char *const v[] = {
        "\"2020-01-01T00:00:00Z\"", "-1",          "0", "1e400", "9999999999999", "1.5e9", "1700000000.123456789",
        "\"1700000000\"",           "253402300800"};
    const char *t = v[dc_rng_below(r, DC_ARRAY_LEN(v))];
    dc_mnode_set_raw(s_materialize(s), t, strlen(t));
    s_info(info, DC_MUT_TIMESTAMP_EDGE, s, "%s = %s", s->path, t);
    return 0;
}

int dc_mutate_tree(dc_rng *r, const dc_shape *input, dc_mnode *root, dc_mutator m, dc_mutation *info)
{
    memset(info, 0, sizeof *info);
    info->mutator = m;
    s_sites ss = {NULL, 0, 0};
    s_walk(&ss, root, input, "", 0);
    int rc = -1;
    switch (m) {
    case DC_MUT_LENGTH_BOUNDARY: rc = s_length_boundary(r, &ss, info); break;
    case DC_MUT_NUMBER_BOUNDARY: rc = s_number_boundary(r, &ss, info); break;
    case DC_MUT_PATTERN_BREAK: rc = s_pattern_break(r, &ss, info); break;
    case DC_MUT_ENUM_NEAR_MISS: rc = s_enum_near_miss(r, &ss, info); break;
    case DC_MUT_TYPE_SWAP: rc = s_type_swap(r, &ss, info); break;
    case DC_MUT_DROP_MEMBER: rc = s_drop_member(r, &ss, info); break;
    case DC_MUT_EXTRA_MEMBER: rc = s_extra_member(r, &ss, root, input, info); break;
    case DC_MUT_DEEP_NESTING: rc = s_deep_nesting(r, &ss, root, info); break;
    case DC_MUT_HUGE_STRING: rc = s_huge_string(r, &ss, info); break;
    case DC_MUT_INVALID_UTF8: rc = s_invalid_utf8(r, &ss, info); break;
    case DC_MUT_NUL_CHAR: rc = s_nul_char(r, &ss, info); break;
    case DC_MUT_DUPLICATE_KEY: rc = s_duplicate_key(r, &ss, info); break;
    case DC_MUT_TIMESTAMP_EDGE: rc = s_timestamp_edge(r, &ss, info); break;
    default: rc = -1; break;
    }
    free(ss.v);
    return rc;
}

void dc_mutate_bytes(dc_rng *r, dc_buf *body, dc_mutation *info)
{
    memset(info, 0, sizeof *info);
    info->mutator = DC_MUT_SYNTAX_DAMAGE;
    static const char strays[] = "{}[]:,\"\\ x";
    size_t k = dc_rng_below(r, 11);
    size_t len = body->len;
    switch (k) {
    case 0: {
        size_t at = len ? dc_rng_below(r, len) : 0;
        body->len = at;
        body->data[at] = '\0';
        snprintf(info->detail, sizeof info->detail, "truncated to %zu of %zu bytes", at, len);
        break;
    }
    case 1:
        if (len > 0) {
            size_t at = dc_rng_below(r, len);
            char gone = (char)body->data[at];
            memmove(body->data + at, body->data + at + 1, len - at - 1);
            body->len = len - 1;
            body->data[body->len] = '\0';
            snprintf(info->detail, sizeof info->detail, "byte %zu ('%c') deleted", at,
                     gone >= 0x20 && gone < 0x7f ? gone : '?');
            break;
        }
        /* nothing to delete: insert instead */
        /* fall through */
    case 2: {
        size_t at = dc_rng_below(r, len + 1);
        char c = strays[dc_rng_below(r, sizeof strays - 1)];
        dc_buf_putc(body, ' ');
        memmove(body->data + at + 1, body->data + at, len - at);
        body->data[at] = (uint8_t)c;
        snprintf(info->detail, sizeof info->detail, "'%c' inserted at byte %zu", c, at);
        break;
    }
    default: {
        static const struct {
            const char *text;
            bool replace;
            const char *what;
        } forms[] = {
            {",}", false, "',}' appended"},      {"", true, "empty body"},
            {"null", true, "body 'null'"},       {"[]", true, "body '[]'"},
            {"\"str\"", true, "body '\"str\"'"}, {"{", true, "body '{'"},
            {"{}{}", true, "body '{}{}'"},       {" \t\r\n", true, "whitespace-only body"},
        };
        size_t f = k - 3;
        if (forms[f].replace)
            dc_buf_reset(body);
        dc_buf_puts(body, forms[f].text);
        snprintf(info->detail, sizeof info->detail, "%s", forms[f].what);
        break;
    }
    }
}

/* ---- shrinking ------------------------------------------------------------------ */

/* Applies the k-th reduction (pre-order) to n; returns true when it existed. */
static bool s_reduce(dc_mnode *n, size_t *k)
{
    if (n->type == DC_MNODE_STRING && n->len > 1) {
        if ((*k)-- == 0) {
            size_t cut = n->len / 2;
            while (cut > 0 && ((unsigned char)n->text[cut] & 0xC0) == 0x80)
                cut--;
            n->len = cut;
            n->text[cut] = '\0';
            return true;
        }
    }
    if (n->type == DC_MNODE_OBJECT || n->type == DC_MNODE_ARRAY) {
        for (size_t i = 0; i < n->count; i++) {
            if ((*k)-- == 0) {
                dc_mnode_remove_at(n, i);
                return true;
            }
            if (s_reduce(&n->items[i], k))
                return true;
        }
    }
    return false;
}

size_t dc_shrink_tree(dc_mnode *root, dc_shrink_tree_pred pred, void *ud, size_t max_tries, size_t *tries)
{
    size_t kept = 0, used = 0;
    bool progress = true;
    while (progress && used < max_tries) {
        progress = false;
        for (size_t k = 0; used < max_tries;) {
            dc_mnode cand;
            dc_mnode_clone(root, &cand);
            size_t kk = k;
            if (!s_reduce(&cand, &kk)) {
                dc_mnode_clear(&cand);
                break;
            }
            used++;
            if (pred(&cand, ud)) {
                dc_mnode_clear(root);
                *root = cand;
                kept++;
                progress = true; /* the same k now names the next reduction */
            } else {
                dc_mnode_clear(&cand);
                k++;
            }
        }
    }
    if (tries != NULL)
        *tries = used;
    return kept;
}

size_t dc_shrink_bytes(dc_buf *body, dc_shrink_bytes_pred pred, void *ud, size_t max_tries, size_t *tries)
{
    size_t kept = 0, used = 0;
    size_t chunk = body->len / 2;
    if (chunk == 0)
        chunk = 1;
    uint8_t *cand = dc_xmalloc(body->len + 1);
    while (chunk > 0 && used < max_tries && body->len > 0) {
        bool removed = false;
        for (size_t at = 0; at < body->len && used < max_tries;) {
            size_t n = chunk < body->len - at ? chunk : body->len - at;
            memcpy(cand, body->data, at);
            memcpy(cand + at, body->data + at + n, body->len - at - n);
            used++;
            if (pred(cand, body->len - n, ud)) {
                memcpy(body->data, cand, body->len - n);
                body->len -= n;
                body->data[body->len] = '\0';
                kept++;
                removed = true;
            } else {
                at += n;
            }
        }
        if (!removed)
            chunk /= 2;
    }
    free(cand);
    if (tries != NULL)
        *tries = used;
    return kept;
}
