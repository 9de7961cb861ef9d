/* json.h - strict JSON front layer over cJSON.
 *
 * cJSON builds the tree; this layer closes cJSON's gaps by validating the raw
 * bytes first and then re-reading cJSON's tree into an immutable, arena-backed
 * tree that keeps what cJSON loses:
 *   - invalid UTF-8, raw control characters in strings, lone surrogate escapes,
 *     RFC 8259-invalid numbers (01, 1., .5, +1, 0x1), trailing bytes and nesting
 *     deeper than the limit are rejected (cJSON accepts several of them);
 *   - strings keep their true decoded length, so "\u0000" no longer truncates;
 *   - numbers keep their exact source text ("1.584532379393E9",
 *     "9223372036854775807"), so 64-bit longs and timestamps are checked exactly
 *     instead of through a double that saturates;
 *   - member lookup is exact-case (cJSON's default ignores case).
 *
 * Duplicate keys (deliberate choice): they are kept in the tree in document
 * order and counted in dc_json_doc.duplicate_keys; dc_json_get returns the LAST
 * occurrence, which is what Jackson-based services (DynamoDB's Coral front end)
 * do by default. Callers that want to refuse duplicates (case files, spec files)
 * check the counter.
 */
#ifndef DC_JSON_H
#define DC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

#define DC_JSON_MAX_DEPTH 128         /* containers nested deeper are refused */
#define DC_JSON_MAX_BYTES (64u << 20) /* hard cap on one document */

typedef enum {
    DC_JSON_NULL,
    DC_JSON_FALSE,
    DC_JSON_TRUE,
    DC_JSON_NUMBER,
    DC_JSON_STRING,
    DC_JSON_ARRAY,
    DC_JSON_OBJECT
} dc_json_type;

typedef struct dc_json dc_json;
struct dc_json {
    dc_json_type type;
    /* Object members only: the decoded key (NUL-terminated, may contain NUL). */
    const char *key;
    size_t key_len;
    /* STRING: decoded UTF-8 bytes; NUMBER: exact source text. NUL-terminated. */
    const char *str;
    size_t str_len;
    /* NUMBER: strtod of the text (may be +-inf for 1e400). */
    double num;
    /* ARRAY / OBJECT: children in document order, contiguous. */
    dc_json *items;
    size_t count;
};

typedef struct dc_json_doc dc_json_doc;
struct dc_json_doc {
    dc_json *root;
    size_t duplicate_keys; /* number of object members whose key repeated an earlier one */
    size_t nodes;          /* number of values in the document */
    /* private: the arenas behind root */
    dc_json *node_pool;
    char *text_pool;
};

/* Parses exactly len bytes (no NUL terminator needed). On failure returns -1
 * with err like "byte 12: invalid UTF-8". Never reads past data+len. */
int dc_json_parse(const void *data, size_t len, dc_json_doc *doc, dc_err *err);
void dc_json_doc_free(dc_json_doc *doc);

/* Reads the file at path (at most max bytes, "-" = stdin) and parses it into
 * doc. Every error message starts with label, or with path when label is NULL
 * (spec files name themselves relative to spec/); a read error then names the
 * path as dc_read_file does. */
int dc_json_load_file(const char *path, const char *label, size_t max, dc_json_doc *doc, dc_err *err);

/* Exact-case member lookup; the last occurrence wins. NULL if absent or if obj
 * is not an object. */
const dc_json *dc_json_get(const dc_json *obj, const char *key);
const dc_json *dc_json_getn(const dc_json *obj, const char *key, size_t key_len);
/* Follows a dotted path of member names ("BackupDetails.BackupStatus"); array
 * indexes are written as decimal segments ("KeySchema.0.AttributeName"). */
const dc_json *dc_json_path(const dc_json *root, const char *path);

static inline bool dc_json_is_bool(const dc_json *v)
{
    return v && (v->type == DC_JSON_TRUE || v->type == DC_JSON_FALSE);
}
static inline bool dc_json_is_string(const dc_json *v)
{
    return v && v->type == DC_JSON_STRING;
}
static inline bool dc_json_is_number(const dc_json *v)
{
    return v && v->type == DC_JSON_NUMBER;
}
static inline bool dc_json_is_object(const dc_json *v)
{
    return v && v->type == DC_JSON_OBJECT;
}
static inline bool dc_json_is_array(const dc_json *v)
{
    return v && v->type == DC_JSON_ARRAY;
}
/* String value as C string or NULL when v is not a string. */
const char *dc_json_string(const dc_json *v);
bool dc_json_string_eq(const dc_json *v, const char *s);

typedef enum {
    DC_INT_OK = 0,      /* an integer literal that fits */
    DC_INT_NOT_INTEGER, /* has a fraction or exponent, or is not a number */
    DC_INT_OVERFLOW     /* an integer literal beyond int64 */
} dc_int_status;
/* Reads a NUMBER's exact text as int64 without going through double. */
dc_int_status dc_json_int64(const dc_json *v, int64_t *out);
/* Length in UTF-16 code units, as Java's String.length() counts (the unit the
 * service's length constraints use). Only for STRING values. */
size_t dc_json_utf16_len(const dc_json *v);

/* Compact serialization; numbers are written with their exact source text and
 * strings with their full decoded bytes, so parse(print(x)) == x. */
void dc_json_print(const dc_json *v, dc_buf *out);
/* Same, with the members of every object in code-point order of their keys
 * (bytewise on the UTF-8 keys; a shorter key that is a prefix comes first;
 * equal keys keep document order), as the service writes its bodies (facts
 * [S:member-order]). Arrays keep their order. */
void dc_json_print_sorted(const dc_json *v, dc_buf *out);
/* Code-point order of two keys, as dc_json_print_sorted orders members. */
int dc_json_key_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* The first member, at any depth (objects and arrays walked in document order),
 * whose key sorts before the key of the member just before it (so member[-1]
 * is that one): what a body written as dc_json_print_sorted writes never has
 * one. NULL when every object is in code-point order. */
const dc_json *dc_json_first_unsorted(const dc_json *v);
/* Deep equality ignoring object member order (numbers compare by value when
 * both texts parse as int64, else by double). */
bool dc_json_equal(const dc_json *a, const dc_json *b);

const char *dc_json_type_name(dc_json_type t);

/* Validates that bytes are well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). Returns the offset of the first bad byte or len. */
size_t dc_utf8_check(const uint8_t *s, size_t len);

#endif
