/* fuzz/json.c - the strict JSON layer (json.h) on arbitrary bytes.
 *
 * Properties (abort on violation):
 *  - an accepted document is valid UTF-8 (dc_utf8_check covers every byte);
 *  - print(parse(x)) parses again, and that tree is equal to the first
 *    (dc_json_equal both ways; documents with duplicate keys are compared by
 *    their printed text instead: equality of objects with repeated keys is
 *    not defined by dc_json_equal, which looks members up by key);
 *  - printing is a fixed point: print(parse(print(x))) == print(x);
 *  - the node and duplicate-key counters survive the round trip;
 *  - the tree equals plain cJSON's reading of the same bytes: dc_json_parse
 *    hands cJSON a masked copy (numbers over 63 bytes become 0, long strings
 *    without escapes become "", their bytes taken from the document), and
 *    this says that the mask never changes what a document holds. Strings or
 *    keys holding U+0000 and numbers over 63 bytes are outside what cJSON's
 *    own tree can show, and are not compared. */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "fuzz_util.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches every accessor on every node (they must not crash on any tree). */
static void s_walk(const dc_json *v, int depth)
{
    int64_t i64;
    (void)dc_json_int64(v, &i64);
    if (v->type == DC_JSON_STRING)
        (void)dc_json_utf16_len(v);
    (void)dc_json_type_name(v->type);
    for (size_t i = 0; i < v->count; i++) {
        const dc_json *c = &v->items[i];
        if (v->type == DC_JSON_OBJECT)
            FZ_CHECK(dc_json_getn(v, c->key, c->key_len) != NULL, "member %zu not found by its own key", i);
        s_walk(c, depth + 1);
    }
    FZ_CHECK(depth <= DC_JSON_MAX_DEPTH + 1, "tree deeper than DC_JSON_MAX_DEPTH");
}

static bool s_plain_text(const char *text, size_t len)
{
    return text != NULL && strlen(text) == len; /* cJSON's strings end at the first NUL */
}

/* ours (from dc_json_parse) against cJSON's own tree of the same bytes */
static void s_same_as_cjson(const dc_json *v, const cJSON *c)
{
    switch (v->type) {
    case DC_JSON_NULL: FZ_CHECK(cJSON_IsNull(c), "null read as cJSON type %d", c->type); break;
    case DC_JSON_TRUE: FZ_CHECK(cJSON_IsTrue(c), "true read as cJSON type %d", c->type); break;
    case DC_JSON_FALSE: FZ_CHECK(cJSON_IsFalse(c), "false read as cJSON type %d", c->type); break;
    case DC_JSON_NUMBER:
        FZ_CHECK(cJSON_IsNumber(c), "number read as cJSON type %d", c->type);
        if (v->str_len <= 63) /* cJSON's number buffer */
            FZ_CHECK(v->num == c->valuedouble || (isnan(v->num) && isnan(c->valuedouble)),
                     "number %s: %.17g, cJSON %.17g", v->str, v->num, c->valuedouble);
        break;
    case DC_JSON_STRING:
        FZ_CHECK(cJSON_IsString(c), "string read as cJSON type %d", c->type);
        if (s_plain_text(v->str, v->str_len) && s_plain_text(c->valuestring, strlen(c->valuestring)))
            FZ_CHECK(strcmp(v->str, c->valuestring) == 0, "string of %zu bytes differs from cJSON's", v->str_len);
        break;
    case DC_JSON_ARRAY:
    case DC_JSON_OBJECT: {
        FZ_CHECK(v->type == DC_JSON_ARRAY ? cJSON_IsArray(c) : cJSON_IsObject(c), "container read as cJSON type %d",
                 c->type);
        const cJSON *k = c->child;
        for (size_t i = 0; i < v->count; i++, k = k->next) {
            FZ_CHECK(k != NULL, "cJSON has %zu members, we have %zu", i, v->count);
            const dc_json *m = &v->items[i];
            if (v->type == DC_JSON_OBJECT && s_plain_text(m->key, m->key_len))
                FZ_CHECK(k->string != NULL && strcmp(m->key, k->string) == 0, "member %zu: key differs from cJSON's",
                         i);
            s_same_as_cjson(m, k);
        }
        FZ_CHECK(k == NULL, "cJSON has more than our %zu members", v->count);
        break;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dc_json_doc a, b, c;
    dc_err err;
    if (dc_json_parse(data, size, &a, &err) != 0)
        return 0;
    FZ_CHECK(dc_utf8_check(data, size) == size, "accepted a document with invalid UTF-8 at byte %zu",
             dc_utf8_check(data, size));
    s_walk(a.root, 0);
    cJSON *plain = cJSON_ParseWithLength((const char *)data, size);
    if (plain != NULL) /* cJSON refuses what it cannot hold (a number over 63 bytes, say): nothing to compare */
        s_same_as_cjson(a.root, plain);
    cJSON_Delete(plain);

    dc_buf p1, p2;
    dc_buf_init(&p1);
    dc_buf_init(&p2);
    dc_json_print(a.root, &p1);
    FZ_CHECK(dc_json_parse(p1.data, p1.len, &b, &err) == 0, "printed text does not parse: %s", err.msg);
    FZ_CHECK(b.nodes == a.nodes, "round trip changed the node count %zu -> %zu", a.nodes, b.nodes);
    FZ_CHECK(b.duplicate_keys == a.duplicate_keys, "round trip changed duplicate keys %zu -> %zu", a.duplicate_keys,
             b.duplicate_keys);
    if (a.duplicate_keys == 0)
        FZ_CHECK(dc_json_equal(a.root, b.root) && dc_json_equal(b.root, a.root), "parse(print(x)) != x");
    dc_json_print(b.root, &p2);
    FZ_CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0, "print is not a fixed point");
    FZ_CHECK(dc_json_parse(p2.data, p2.len, &c, &err) == 0, "second print does not parse");
    if (a.duplicate_keys == 0)
        FZ_CHECK(dc_json_equal(b.root, c.root), "second round trip not equal");

    dc_json_doc_free(&c);
    dc_json_doc_free(&b);
    dc_json_doc_free(&a);
    dc_buf_free(&p1);
    dc_buf_free(&p2);
    return 0;
}
