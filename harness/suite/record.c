/* record.c - normalized recordings of responses (see record.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "suite/record.h"

#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "core/jsonw.h"

#define S_DIFF_TEXT_MAX 512 /* characters of one expected/actual value in a difference */
#define S_RULES_FILE "spec/normalize.json"

/* ---- rules ---------------------------------------------------------------- */

typedef struct {
    char *type;
    pcre2_code *re;
    bool iso8601; /* the match is a UTC time: numbered with the epoch numbers */
    char *group;  /* iso8601: the timestamp group its times belong to */
} s_string_rule;

typedef struct {
    char *member; /* a *DateTime member name */
    char *group;  /* the group it belongs to */
} s_ts_group;

typedef enum { S_HDR_KEEP, S_HDR_PLACEHOLDER, S_HDR_CRC32 } s_header_mode;

typedef struct {
    char *lname; /* lower-case: the member name in recordings */
    s_header_mode mode;
    char *type;     /* S_HDR_PLACEHOLDER */
    pcre2_code *re; /* S_HDR_PLACEHOLDER: the form the value must have */
} s_header_rule;

struct dc_norm_rules {
    s_string_rule strings[DC_NORM_MAX_RULES];
    size_t nstrings;
    s_header_rule headers[DC_NORM_MAX_RULES]; /* sorted by lname: recordings list members sorted */
    size_t nheaders;
    pcre2_code *timestamp_members;
    s_ts_group groups[DC_NORM_MAX_RULES];
    size_t ngroups;
    /* groups whose times are rounded (whole seconds): two events of one case
     * may or may not share a value, so the diff checks only their type */
    char *loose_groups[DC_NORM_MAX_RULES];
    size_t nloose;
};

void dc_norm_rules_free(dc_norm_rules *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->ngroups; i++) {
        free(r->groups[i].member);
        free(r->groups[i].group);
    }
    for (size_t i = 0; i < r->nloose; i++)
        free(r->loose_groups[i]);
    for (size_t i = 0; i < r->nstrings; i++) {
        free(r->strings[i].group);
        free(r->strings[i].type);
        pcre2_code_free(r->strings[i].re);
    }
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].lname);
        free(r->headers[i].type);
        pcre2_code_free(r->headers[i].re);
    }
    pcre2_code_free(r->timestamp_members);
    free(r);
}

static int s_compile(const char *file, const char *path, const char *pattern, pcre2_code **out, dc_err *err)
{
    int code;
    PCRE2_SIZE off;
    *out = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (*out == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        return dc_fail(err, "%s: %s: pattern does not compile at offset %zu: %s", file, path, (size_t)off,
                       (const char *)msg);
    }
    (void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE); /* the interpreter is the fallback */
    return 0;
}

/* A required string member of obj, or NULL with err set. */
static const char *s_need_string(const char *file, const char *path, const dc_json *obj, const char *key, dc_err *err)
{
    const dc_json *v = dc_json_get(obj, key);
    if (!dc_json_is_string(v) || v->str_len == 0 || strlen(v->str) != v->str_len) {
        dc_fail(err, "%s: %s.%s: expected a non-empty string", file, path, key);
        return NULL;
    }
    return v->str;
}

static int s_cmp_header_rule(const void *a, const void *b)
{
    return strcmp(((const s_header_rule *)a)->lname, ((const s_header_rule *)b)->lname);
}

/* "strings": the string rules, each a type and a pattern (iso8601: a time). */
static int s_parse_string_rules(const char *file, const dc_json *strs, dc_norm_rules *r, dc_err *err)
{
    char path[64];
    for (size_t i = 0; i < strs->count; i++) {
        const dc_json *s = &strs->items[i];
        snprintf(path, sizeof path, "strings[%zu]", i);
        const char *type = s_need_string(file, path, s, "type", err);
        const char *pat = type ? s_need_string(file, path, s, "pattern", err) : NULL;
        if (pat == NULL)
            return -1;
        s_string_rule *sr = &r->strings[r->nstrings];
        if (s_compile(file, path, pat, &sr->re, err) != 0)
            return -1;
        sr->type = dc_xstrdup(type);
        sr->iso8601 = dc_json_get(s, "iso8601") != NULL && dc_json_get(s, "iso8601")->type == DC_JSON_TRUE;
        const char *g = dc_json_string(dc_json_get(s, "timestampGroup"));
        sr->group = dc_xstrdup(g ? g : "text");
        r->nstrings++;
    }
    return 0;
}

/* "headers": each header's mode (keep, placeholder with a type and a pattern,
 * crc32), by lower-case name. */
static int s_parse_header_rules(const char *file, const dc_json *hdrs, dc_norm_rules *r, dc_err *err)
{
    char path[64];
    for (size_t i = 0; i < hdrs->count; i++) {
        const dc_json *h = &hdrs->items[i];
        snprintf(path, sizeof path, "headers[%zu]", i);
        const char *name = s_need_string(file, path, h, "name", err);
        const char *mode = name ? s_need_string(file, path, h, "mode", err) : NULL;
        if (mode == NULL)
            return -1;
        s_header_rule *hr = &r->headers[r->nheaders];
        memset(hr, 0, sizeof *hr);
        if (strcmp(mode, "keep") == 0) {
            hr->mode = S_HDR_KEEP;
        } else if (strcmp(mode, "crc32") == 0) {
            hr->mode = S_HDR_CRC32;
        } else if (strcmp(mode, "placeholder") == 0) {
            hr->mode = S_HDR_PLACEHOLDER;
            const char *type = s_need_string(file, path, h, "type", err);
            const char *pat = type ? s_need_string(file, path, h, "pattern", err) : NULL;
            if (pat == NULL || s_compile(file, path, pat, &hr->re, err) != 0)
                return -1;
            hr->type = dc_xstrdup(type);
        } else {
            dc_fail(err, "%s: %s.mode: expected keep, placeholder or crc32, not '%s'", file, path, mode);
            return -1;
        }
        hr->lname = dc_xstrdup(name);
        for (char *p = hr->lname; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        r->nheaders++;
    }
    return 0;
}

/* "timestampGroups" and "looseTimestampGroups". */
static int s_parse_groups(const char *file, const dc_json *root, dc_norm_rules *r, dc_err *err)
{
    const dc_json *groups = dc_json_get(root, "timestampGroups");
    for (size_t i = 0; groups != NULL && i < groups->count; i++) {
        const dc_json *g = &groups->items[i];
        for (size_t k = 0; dc_json_is_array(g) && k < g->count; k++) {
            if (!dc_json_is_string(&g->items[k]) || r->ngroups == DC_NORM_MAX_RULES) {
                dc_fail(err, "%s: timestampGroups.%s[%zu]: expected a member name (at most %d in all)", file, g->key, k,
                        DC_NORM_MAX_RULES);
                return -1;
            }
            r->groups[r->ngroups].member = dc_xstrdup(g->items[k].str);
            r->groups[r->ngroups].group = dc_xstrdup(g->key);
            r->ngroups++;
        }
    }
    const dc_json *loose = dc_json_get(root, "looseTimestampGroups");
    for (size_t i = 0; loose != NULL && i < loose->count; i++) {
        if (!dc_json_is_string(&loose->items[i]) || r->nloose == DC_NORM_MAX_RULES) {
            dc_fail(err, "%s: looseTimestampGroups[%zu]: expected a group name (at most %d)", file, i,
                    DC_NORM_MAX_RULES);
            return -1;
        }
        r->loose_groups[r->nloose++] = dc_xstrdup(loose->items[i].str);
    }
    return 0;
}

int dc_norm_rules_parse(const char *file, const void *data, size_t len, dc_norm_rules **out, dc_err *err)
{
    dc_json_doc doc;
    *out = NULL;
    if (dc_json_parse(data, len, &doc, err) != 0) {
        dc_err e = *err;
        return dc_fail(err, "%s: %s", file, e.msg);
    }
    dc_norm_rules *r = dc_xcalloc(1, sizeof *r);
    int rc = -1;
    const dc_json *strs = dc_json_get(doc.root, "strings");
    const dc_json *hdrs = dc_json_get(doc.root, "headers");
    if (!dc_json_is_object(doc.root) || !dc_json_is_array(strs) || !dc_json_is_array(hdrs)) {
        dc_fail(err, "%s: expected an object with arrays \"strings\" and \"headers\"", file);
        goto cleanup;
    }
    if (doc.duplicate_keys > 0) {
        dc_fail(err, "%s: duplicate keys", file);
        goto cleanup;
    }
    if (strs->count > DC_NORM_MAX_RULES || hdrs->count > DC_NORM_MAX_RULES) {
        dc_fail(err, "%s: more than %d rules in one list", file, DC_NORM_MAX_RULES);
        goto cleanup;
    }
    if (s_parse_string_rules(file, strs, r, err) != 0 || s_parse_header_rules(file, hdrs, r, err) != 0)
        goto cleanup;
    qsort(r->headers, r->nheaders, sizeof r->headers[0], s_cmp_header_rule);
    if (s_parse_groups(file, doc.root, r, err) != 0)
        goto cleanup;
    const char *ts = s_need_string(file, "", doc.root, "timestampMembers", err);
    if (ts == NULL || s_compile(file, "timestampMembers", ts, &r->timestamp_members, err) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    dc_json_doc_free(&doc);
    if (rc != 0)
        dc_norm_rules_free(r);
    else
        *out = r;
    return rc;
}

int dc_norm_rules_load(const char *data_dir, dc_norm_rules **out, dc_err *err)
{
    dc_buf path, data;
    dc_buf_init(&path);
    dc_buf_init(&data);
    dc_buf_printf(&path, "%s/%s", data_dir, S_RULES_FILE);
    int rc = dc_read_file((const char *)path.data, 1u << 20, &data, err);
    if (rc == 0)
        rc = dc_norm_rules_parse(S_RULES_FILE, data.data, data.len, out, err);
    dc_buf_free(&path);
    dc_buf_free(&data);
    return rc;
}

/* ---- the normalizer ------------------------------------------------------- */

typedef struct {
    const char *type; /* borrowed from the rules, or a literal */
    char *key;        /* identity of the value within its type */
    unsigned n;
} s_value;

struct dc_norm {
    const dc_norm_rules *r;
    pcre2_match_data *md;
    s_value *values;
    size_t nvalues;
    char *lit[DC_NORM_MAX_LITERALS];
    char *lit_ph[DC_NORM_MAX_LITERALS];
    size_t nlit;
};

dc_norm *dc_norm_new(const dc_norm_rules *rules)
{
    dc_norm *n = dc_xcalloc(1, sizeof *n);
    n->r = rules;
    n->md = pcre2_match_data_create(1, NULL);
    if (n->md == NULL)
        abort(); /* out of memory, as dc_xmalloc */
    return n;
}

void dc_norm_free(dc_norm *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->nvalues; i++)
        free(n->values[i].key);
    free(n->values);
    for (size_t i = 0; i < n->nlit; i++) {
        free(n->lit[i]);
        free(n->lit_ph[i]);
    }
    pcre2_match_data_free(n->md);
    free(n);
}

int dc_norm_add_literal(dc_norm *n, const char *literal, const char *placeholder, dc_err *err)
{
    if (literal == NULL || *literal == '\0')
        return 0;
    if (n->nlit == DC_NORM_MAX_LITERALS)
        return dc_fail(err, "more than %d literal replacements", DC_NORM_MAX_LITERALS);
    n->lit[n->nlit] = dc_xstrdup(literal);
    n->lit_ph[n->nlit] = dc_xstrdup(placeholder);
    n->nlit++;
    return 0;
}

/* Appends "<type#N>" for the value key of type, numbering it on first sight. */
static void s_placeholder(dc_norm *n, const char *type, const char *key, size_t key_len, dc_buf *out)
{
    unsigned count = 0;
    for (size_t i = 0; i < n->nvalues; i++) {
        const s_value *v = &n->values[i];
        if (strcmp(v->type, type) != 0)
            continue;
        count++;
        if (strlen(v->key) == key_len && memcmp(v->key, key, key_len) == 0) {
            dc_buf_printf(out, "<%s#%u>", type, v->n);
            return;
        }
    }
    if (n->nvalues == DC_NORM_MAX_VALUES) {
        dc_buf_printf(out, "<%s#overflow>", type); /* a case this large compares loosely, not wrongly */
        return;
    }
    n->values = dc_xrealloc(n->values, (n->nvalues + 1) * sizeof *n->values);
    n->values[n->nvalues++] = (s_value){type, dc_xstrndup(key, key_len), count + 1};
    dc_buf_printf(out, "<%s#%u>", type, count + 1);
}

/* Same placeholder for the same instant within one timestamp group (record.h). */
static void s_epoch_placeholder(dc_norm *n, const char *group, size_t group_len, long long ms, dc_buf *out)
{
    for (size_t i = 0; i < n->r->ngroups; i++) {
        if (strlen(n->r->groups[i].member) == group_len && memcmp(n->r->groups[i].member, group, group_len) == 0) {
            group = n->r->groups[i].group;
            group_len = strlen(group);
            break;
        }
    }
    const char *type = "epoch";
    for (size_t i = 0; i < n->r->nloose; i++)
        if (strlen(n->r->loose_groups[i]) == group_len && memcmp(n->r->loose_groups[i], group, group_len) == 0)
            type = "epoch-loose";
    dc_buf key;
    dc_buf_init(&key);
    dc_buf_append(&key, group, group_len);
    dc_buf_printf(&key, ":%lld", ms);
    s_placeholder(n, type, (const char *)key.data, key.len, out);
    dc_buf_free(&key);
}

/* "2026-10-06T23:16:32.5Z" or "20261006T231632Z" -> epoch milliseconds; -1 when it is no valid time. */
static long long s_iso_ms(const char *s, size_t len)
{
    char buf[40];
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int frac_at = 0;
    /* extended (2026-10-06T23:16:32Z, messages) or basic (20130301T000000Z, SigV4) format */
    if (sscanf(buf, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, &frac_at) != 6 &&
        sscanf(buf, "%4d%2d%2dT%2d%2d%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
               &frac_at) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    long long ms = (long long)timegm(&tm) * 1000;
    if (buf[frac_at] == '.') {
        long long scale = 100;
        for (const char *p = buf + frac_at + 1; *p >= '0' && *p <= '9'; p++, scale /= 10)
            ms += (*p - '0') * scale;
    }
    return ms;
}

void dc_norm_text(dc_norm *n, const char *s, size_t len, dc_buf *out)
{
    const dc_norm_rules *r = n->r;
    /* next match of every string rule at or after pos (start SIZE_MAX: none left) */
    size_t start[DC_NORM_MAX_RULES], end[DC_NORM_MAX_RULES];
    for (size_t i = 0; i < r->nstrings; i++)
        start[i] = end[i] = 0;
    bool fresh[DC_NORM_MAX_RULES] = {false};
    size_t pos = 0;
    while (pos < len) {
        size_t best = SIZE_MAX, best_end = 0, best_rule = SIZE_MAX, best_lit = SIZE_MAX;
        for (size_t i = 0; i < r->nstrings; i++) {
            if (!fresh[i] || (start[i] != SIZE_MAX && start[i] < pos)) {
                fresh[i] = true;
                int rc = pcre2_match(r->strings[i].re, (PCRE2_SPTR)s, len, pos, 0, n->md, NULL);
                if (rc >= 0) { /* 0: matched, ovector too small for the groups */
                    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
                    start[i] = ov[0];
                    end[i] = ov[1];
                } else {
                    start[i] = SIZE_MAX;
                }
            }
            /* earliest match wins; on a tie the rule listed first (backup before table ARNs) */
            if (start[i] < best && end[i] > start[i]) {
                best = start[i];
                best_end = end[i];
                best_rule = i;
            }
        }
        for (size_t i = 0; i < n->nlit; i++) {
            const char *hit = memmem(s + pos, len - pos, n->lit[i], strlen(n->lit[i]));
            if (hit != NULL && (size_t)(hit - s) < best) {
                best = (size_t)(hit - s);
                best_end = best + strlen(n->lit[i]);
                best_rule = SIZE_MAX;
                best_lit = i;
            }
        }
        if (best == SIZE_MAX) {
            dc_buf_append(out, s + pos, len - pos);
            break;
        }
        dc_buf_append(out, s + pos, best - pos);
        if (best_lit != SIZE_MAX) {
            dc_buf_puts(out, n->lit_ph[best_lit]);
        } else if (r->strings[best_rule].iso8601) {
            long long ms = s_iso_ms(s + best, best_end - best);
            if (ms < 0)
                dc_buf_append(out, s + best, best_end - best); /* 2026-13-45T...: not a time, keep it */
            else
                s_epoch_placeholder(n, r->strings[best_rule].group, strlen(r->strings[best_rule].group), ms, out);
        } else {
            s_placeholder(n, r->strings[best_rule].type, s + best, best_end - best, out);
        }
        pos = best_end;
    }
}

static int s_cmp_member(const void *a, const void *b)
{
    const dc_json *x = *(const dc_json *const *)a, *y = *(const dc_json *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    return c != 0 ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static void s_norm_string(dc_norm *n, const char *s, size_t len, dc_buf *out)
{
    dc_buf t;
    dc_buf_init(&t);
    dc_norm_text(n, s, len, &t);
    dc_jsonw_string_n(out, t.data ? (const char *)t.data : "", t.len);
    dc_buf_free(&t);
}

static bool s_is_timestamp_member(const dc_norm *n, const dc_json *member)
{
    if (member->key == NULL)
        return false;
    return pcre2_match(n->r->timestamp_members, (PCRE2_SPTR)member->key, member->key_len, 0, 0, n->md, NULL) >= 0;
}

void dc_norm_json(dc_norm *n, const dc_json *v, int indent, dc_buf *out)
{
    switch (v->type) {
    case DC_JSON_OBJECT: {
        const dc_json **m = dc_xcalloc(v->count, sizeof *m);
        for (size_t i = 0; i < v->count; i++)
            m[i] = &v->items[i];
        if (v->count > 1)
            qsort(m, v->count, sizeof *m, s_cmp_member);
        dc_jsonw_object(out);
        for (size_t i = 0; i < v->count; i++) {
            dc_jsonw_key_n_at(out, indent + 2, m[i]->key, m[i]->key_len);
            if (m[i]->type == DC_JSON_NUMBER && s_is_timestamp_member(n, m[i]) && isfinite(m[i]->num)) {
                dc_buf_putc(out, '"');
                s_epoch_placeholder(n, m[i]->key, m[i]->key_len, llround(m[i]->num * 1000.0), out);
                dc_buf_putc(out, '"');
            } else {
                dc_norm_json(n, m[i], indent + 2, out);
            }
        }
        dc_jsonw_end_at(out, indent, '}');
        free(m);
        break;
    }
    case DC_JSON_ARRAY:
        dc_jsonw_array(out);
        for (size_t i = 0; i < v->count; i++) {
            dc_jsonw_item_at(out, indent + 2);
            dc_norm_json(n, &v->items[i], indent + 2, out);
        }
        dc_jsonw_end_at(out, indent, ']');
        break;
    case DC_JSON_STRING: s_norm_string(n, v->str, v->str_len, out); break;
    default:
        dc_json_print(v, out); /* numbers keep their exact text; true/false/null */
        break;
    }
}

static void s_header_value(dc_norm *n, const s_header_rule *hr, const dc_http_header *h, const dc_http_response *resp,
                           dc_buf *out)
{
    dc_buf t;
    dc_buf_init(&t);
    switch (hr->mode) {
    case S_HDR_KEEP: dc_buf_append(&t, h->value, h->value_len); break;
    case S_HDR_PLACEHOLDER:
        if (pcre2_match(hr->re, (PCRE2_SPTR)h->value, h->value_len, 0, 0, n->md, NULL) >= 0)
            s_placeholder(n, hr->type, h->value, h->value_len, &t);
        else
            dc_buf_append(&t, h->value, h->value_len); /* the wrong form stays visible */
        break;
    case S_HDR_CRC32: {
        uLong crc = crc32(0L, Z_NULL, 0);
        size_t left = resp->body.len;
        const Bytef *p = resp->body.data;
        while (left > 0) { /* zlib's length is a uInt */
            uInt chunk = left > (1u << 30) ? (1u << 30) : (uInt)left;
            crc = crc32(crc, p, chunk);
            p += chunk;
            left -= chunk;
        }
        char want[24];
        int wl = snprintf(want, sizeof want, "%lu", (unsigned long)crc);
        bool ok = h->value_len == (size_t)wl && memcmp(h->value, want, h->value_len) == 0;
        dc_buf_puts(&t, ok ? "<crc32:valid>" : "<crc32:invalid>");
        break;
    }
    }
    dc_jsonw_string_n(out, t.data ? (const char *)t.data : "", t.len);
    dc_buf_free(&t);
}

void dc_norm_step_json(dc_norm *n, const dc_norm_step *s, int indent, dc_buf *out)
{
    dc_jsonw_object(out);
    dc_jsonw_key_at(out, indent + 2, "step");
    dc_jsonw_int(out, s->step);
    dc_jsonw_key_at(out, indent + 2, "op");
    dc_jsonw_string(out, s->op ? s->op : "");
    if (s->resp == NULL) {
        dc_jsonw_key_at(out, indent + 2, "transport");
        dc_jsonw_string(out, s->transport ? s->transport : "other");
        dc_jsonw_end_at(out, indent, '}');
        return;
    }
    dc_jsonw_key_at(out, indent + 2, "status");
    dc_jsonw_int(out, s->resp->status);
    dc_jsonw_key_at(out, indent + 2, "error");
    dc_jsonw_string(out, s->error_type); /* NULL: null */
    dc_jsonw_key_at(out, indent + 2, "headers");
    dc_jsonw_object(out);
    for (size_t i = 0; i < n->r->nheaders; i++) {
        const s_header_rule *hr = &n->r->headers[i];
        const dc_http_header *h = dc_http_response_header(s->resp, hr->lname);
        if (h == NULL)
            continue; /* absent stays absent: the diff names it */
        dc_jsonw_key_at(out, indent + 4, hr->lname);
        s_header_value(n, hr, h, s->resp, out);
    }
    dc_jsonw_end_at(out, indent + 2, '}');
    dc_jsonw_key_at(out, indent + 2, "body");
    dc_json_doc doc;
    dc_err err;
    if (s->resp->body.len == 0) {
        dc_jsonw_null(out);
    } else if (dc_json_parse(s->resp->body.data, s->resp->body.len, &doc, &err) == 0) {
        dc_norm_json(n, doc.root, indent + 2, out);
        dc_json_doc_free(&doc);
    } else {
        /* HTML error pages and the XML 404: their bytes are the implementation's, only the kind matters */
        dc_buf_printf(out, "\"<not JSON: %zu bytes>\"", s->resp->body.len);
    }
    dc_jsonw_end_at(out, indent, '}');
}

/* ---- recordings ----------------------------------------------------------- */

int dc_record_path(const char *dir, const char *id, dc_buf *out, dc_err *err)
{
    if (id == NULL || *id == '\0' || id[0] == '/')
        return dc_fail(err, "case id '%s' cannot name a file under %s", id ? id : "", dir);
    for (const char *seg = id; seg != NULL; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL) {
        if (strncmp(seg, "..", 2) == 0 && (seg[2] == '/' || seg[2] == '\0'))
            return dc_fail(err, "case id '%s' would leave %s", id, dir);
    }
    dc_buf_reset(out);
    dc_buf_printf(out, "%s/%s.json", dir, id);
    return 0;
}

/* mkdir -p of the folder that holds file. */
/* The folders above file (a case id like backup/x names a sub-folder). */
static int s_mkdirs_for(const char *file, dc_err *err)
{
    const char *slash = strrchr(file, '/');
    if (slash == NULL || slash == file)
        return 0;
    char *dir = dc_xstrndup(file, (size_t)(slash - file));
    int rc = dc_mkdirs(dir, err);
    free(dir);
    return rc;
}

int dc_record_write(const char *dir, const char *id, const char *endpoint, const char *level, const char *status,
                    const char *steps_json, size_t steps_len, dc_err *err)
{
    dc_buf path, b;
    dc_buf_init(&path);
    dc_buf_init(&b);
    int rc = -1;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (dc_record_path(dir, id, &path, err) != 0 || s_mkdirs_for((const char *)path.data, err) != 0)
        goto cleanup;
    static const char *const keys[] = {"id", "endpoint", "level", "status", "recorded"};
    const char *values[] = {id, endpoint, level, status, now};
    dc_jsonw_object(&b);
    for (size_t i = 0; i < DC_ARRAY_LEN(keys); i++) {
        dc_jsonw_key_at(&b, 2, keys[i]);
        dc_jsonw_string(&b, values[i]);
    }
    dc_jsonw_key_at(&b, 2, "steps");
    dc_jsonw_array(&b);
    if (steps_len > 0) {
        dc_jsonw_item_at(&b, 4);
        dc_buf_append(&b, steps_json, steps_len); /* dc_norm_step_json texts, joined */
    }
    dc_jsonw_end_at(&b, 2, ']');
    dc_jsonw_end_at(&b, 0, '}');
    dc_buf_putc(&b, '\n');
    /* what we write must load back: a recording nobody can compare against is worse than an error now */
    dc_json_doc check;
    if (dc_json_parse(b.data, b.len, &check, err) != 0) {
        dc_err e = *err;
        dc_fail(err, "%s: the recording is not valid JSON: %s", (const char *)path.data, e.msg);
        goto cleanup;
    }
    dc_json_doc_free(&check);
    rc = dc_write_file_atomic((const char *)path.data, b.data, b.len, err);
cleanup:
    dc_buf_free(&path);
    dc_buf_free(&b);
    return rc;
}

int dc_record_load(const char *dir, const char *id, dc_json_doc *out, dc_err *err)
{
    dc_buf path;
    dc_buf_init(&path);
    int rc = -1;
    struct stat st;
    if (dc_record_path(dir, id, &path, err) != 0)
        goto cleanup;
    if (stat((const char *)path.data, &st) != 0 && errno == ENOENT) {
        rc = 1;
        goto cleanup;
    }
    if (dc_json_load_file((const char *)path.data, NULL, DC_RECORD_MAX_BYTES, out, err) != 0)
        goto cleanup;
    if (!dc_json_is_array(dc_json_get(out->root, "steps"))) {
        dc_json_doc_free(out);
        dc_fail(err, "%s: steps: expected an array (is this a ddbconform recording?)", (const char *)path.data);
        goto cleanup;
    }
    rc = 0;
cleanup:
    dc_buf_free(&path);
    return rc;
}

const dc_json *dc_record_find_step(const dc_json *recording, int step)
{
    const dc_json *steps = dc_json_get(recording, "steps");
    for (size_t i = 0; steps != NULL && i < steps->count; i++) {
        int64_t k;
        if (dc_json_int64(dc_json_get(&steps->items[i], "step"), &k) == DC_INT_OK && k == step)
            return &steps->items[i];
    }
    return NULL;
}

/* ---- diff ----------------------------------------------------------------- */

typedef struct {
    char type[48];
    unsigned rec, act;
} s_pair;

struct dc_record_cmp {
    s_pair *pairs;
    size_t n;
};

dc_record_cmp *dc_record_cmp_new(void)
{
    return dc_xcalloc(1, sizeof(dc_record_cmp));
}

void dc_record_cmp_free(dc_record_cmp *c)
{
    if (c == NULL)
        return;
    free(c->pairs);
    free(c);
}

/* Parses "<type#N>" at s (len bytes available): type and N out, returns its length or 0. */
static size_t s_parse_placeholder(const char *s, size_t len, char type[48], unsigned *num)
{
    if (len < 4 || s[0] != '<')
        return 0;
    size_t i = 1;
    while (i < len && i < 47 && s[i] != '#' && s[i] != '>' && s[i] != '<')
        i++;
    if (i >= len || s[i] != '#' || i == 1)
        return 0;
    size_t tlen = i - 1;
    unsigned long v = 0;
    size_t d = ++i;
    while (i < len && s[i] >= '0' && s[i] <= '9' && i - d < 9)
        v = v * 10 + (unsigned long)(s[i++] - '0');
    if (i == d || i >= len || s[i] != '>')
        return 0;
    memcpy(type, s + 1, tlen);
    type[tlen] = '\0';
    *num = (unsigned)v;
    return i + 1;
}

/* Does recorded placeholder type#rec correspond to actual type#act? Binds them on first sight. */
static bool s_same_placeholder(dc_record_cmp *c, const char *type, unsigned rec, unsigned act)
{
    bool epoch = strcmp(type, "epoch") == 0;
    if (strcmp(type, "epoch-loose") == 0)
        return true; /* rounded times: only the type is compared (looseTimestampGroups) */
    for (size_t i = 0; i < c->n; i++) {
        const s_pair *p = &c->pairs[i];
        if (strcmp(p->type, type) != 0)
            continue;
        if (p->rec == rec)
            return p->act == act;
        if (p->act == act && !epoch)
            return false; /* two recorded values, one actual: distinct ones must stay distinct */
    }
    c->pairs = dc_xrealloc(c->pairs, (c->n + 1) * sizeof *c->pairs);
    s_pair *p = &c->pairs[c->n++];
    snprintf(p->type, sizeof p->type, "%s", type);
    p->rec = rec;
    p->act = act;
    return true;
}

/* Strings equal up to consistent placeholder renaming. */
static bool s_same_text(dc_record_cmp *c, const char *e, size_t elen, const char *a, size_t alen)
{
    size_t i = 0, j = 0;
    while (i < elen && j < alen) {
        char te[48], ta[48];
        unsigned ne = 0, na = 0;
        size_t le = e[i] == '<' ? s_parse_placeholder(e + i, elen - i, te, &ne) : 0;
        size_t la = a[j] == '<' ? s_parse_placeholder(a + j, alen - j, ta, &na) : 0;
        if (le > 0 && la > 0) {
            if (strcmp(te, ta) != 0 || !s_same_placeholder(c, te, ne, na))
                return false;
            i += le;
            j += la;
        } else if (le > 0 || la > 0 || e[i] != a[j]) {
            return false;
        } else {
            i++;
            j++;
        }
    }
    return i == elen && j == alen;
}

static char *s_value_text(const dc_json *v)
{
    if (v == NULL)
        return dc_xstrdup("(absent)");
    dc_buf b;
    dc_buf_init(&b);
    if (v->type == DC_JSON_STRING)
        dc_buf_append(&b, v->str, v->str_len);
    else
        dc_json_print(v, &b);
    if (b.len > S_DIFF_TEXT_MAX) {
        b.len = S_DIFF_TEXT_MAX;
        dc_buf_puts(&b, "...");
    }
    if (b.data == NULL)
        dc_buf_puts(&b, "");
    return dc_buf_take(&b);
}

static void s_add(dc_mismatches *out, const char *path, const dc_json *e, const dc_json *a)
{
    char *et = s_value_text(e), *at = s_value_text(a);
    dc_mismatches_add(out, path, et, at);
    free(et);
    free(at);
}

static void s_child_path(dc_buf *b, const char *path, const char *seg, size_t seg_len)
{
    dc_buf_reset(b);
    dc_buf_puts(b, path);
    if (path[0] != '\0')
        dc_buf_putc(b, '.');
    dc_buf_append(b, seg, seg_len);
}

/* skip_messages: the message/Message members of this object are not compared (compat error bodies). */
static void s_diff(dc_record_cmp *c, const dc_json *e, const dc_json *a, const char *path, bool skip_messages,
                   dc_mismatches *out)
{
    if (e == NULL || a == NULL || e->type != a->type) {
        s_add(out, path, e, a);
        return;
    }
    if (e->type == DC_JSON_STRING) {
        if (!s_same_text(c, e->str, e->str_len, a->str, a->str_len))
            s_add(out, path, e, a);
        return;
    }
    if (e->type != DC_JSON_OBJECT && e->type != DC_JSON_ARRAY) {
        if (!dc_json_equal(e, a))
            s_add(out, path, e, a);
        return;
    }
    dc_buf p;
    dc_buf_init(&p);
    if (e->type == DC_JSON_ARRAY) {
        size_t n = e->count > a->count ? e->count : a->count;
        for (size_t i = 0; i < n; i++) {
            char idx[24];
            int len = snprintf(idx, sizeof idx, "%zu", i);
            s_child_path(&p, path, idx, (size_t)len);
            s_diff(c, i < e->count ? &e->items[i] : NULL, i < a->count ? &a->items[i] : NULL, (const char *)p.data,
                   false, out);
        }
    } else if (e->type == DC_JSON_OBJECT) {
        /* members of e in its order, then members only a has */
        for (int pass = 0; pass < 2; pass++) {
            const dc_json *from = pass == 0 ? e : a, *other = pass == 0 ? a : e;
            for (size_t i = 0; i < from->count; i++) {
                const dc_json *m = &from->items[i];
                if (skip_messages && (strcmp(m->key, "message") == 0 || strcmp(m->key, "Message") == 0))
                    continue;
                const dc_json *o = dc_json_getn(other, m->key, m->key_len);
                if (pass == 1 && o != NULL)
                    continue; /* compared in the first pass */
                s_child_path(&p, path, m->key, m->key_len);
                if (pass == 0)
                    s_diff(c, m, o, (const char *)p.data, false, out);
                else
                    s_diff(c, NULL, m, (const char *)p.data, false, out);
            }
        }
    }
    dc_buf_free(&p);
}

/* "ns#Name" -> "Name" */
static const char *s_error_name(const dc_json *v)
{
    const char *s = dc_json_string(v);
    const char *hash = s ? strrchr(s, '#') : NULL;
    return hash ? hash + 1 : s;
}

void dc_record_diff(dc_record_cmp *c, const dc_json *expected, const dc_json *actual, bool compat, dc_mismatches *out)
{
    if (!compat || !dc_json_is_object(expected) || !dc_json_is_object(actual)) {
        s_diff(c, expected, actual, "", false, out);
        return;
    }
    /* compat: the step's members one by one, the error by name, error bodies without their message */
    const dc_json *ee = dc_json_get(expected, "error"), *ae = dc_json_get(actual, "error");
    bool is_error = dc_json_is_string(ee) || dc_json_is_string(ae);
    for (int pass = 0; pass < 2; pass++) {
        const dc_json *from = pass == 0 ? expected : actual, *other = pass == 0 ? actual : expected;
        for (size_t i = 0; i < from->count; i++) {
            const dc_json *m = &from->items[i];
            const dc_json *o = dc_json_getn(other, m->key, m->key_len);
            if (pass == 1 && o != NULL)
                continue;
            const dc_json *e = pass == 0 ? m : NULL, *a = pass == 0 ? o : m;
            if (strcmp(m->key, "error") == 0 && e != NULL && a != NULL) {
                const char *en = s_error_name(e), *an = s_error_name(a);
                if ((en == NULL) != (an == NULL) || (en != NULL && strcmp(en, an) != 0))
                    dc_mismatches_add(out, "error", en ? en : "null", an ? an : "null");
            } else if (strcmp(m->key, "body") == 0 && is_error && e != NULL && a != NULL && dc_json_is_object(e) &&
                       dc_json_is_object(a)) {
                s_diff(c, e, a, "body", true, out);
            } else {
                s_diff(c, e, a, m->key, false, out);
            }
        }
    }
}
