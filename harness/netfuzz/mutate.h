/* mutate.h - the network fuzzer's request mutators and shrinker.
 *
 * A request body is held as a mutable tree (dc_mnode) built from the strict
 * JSON layer's immutable tree. Mutators are structure-aware: they walk the
 * tree together with the operation's input shape (spec.h), so a boundary
 * mutation knows the member's min/max, an enum near miss knows the enum, and
 * "add a member" can add a real optional member with a value generated from
 * its shape. Nothing here knows an operation by name: everything comes from
 * the spec.
 *
 * The tree can hold what a parser would never produce, on purpose: strings
 * with invalid UTF-8 or NUL bytes, duplicate keys, raw JSON text (lone
 * surrogate escapes, deep nesting, out-of-range number text). The printer
 * writes bytes as they are, so the fuzzer sends exactly what the mutator made.
 *
 * Determinism: every choice comes from a dc_rng seeded by the caller; the
 * same seed and the same input give the same output on every machine. */
#ifndef DC_MUTATE_H
#define DC_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"

#define DC_MUTATE_MAX_SITES 512 /* places considered in one body */
#define DC_MUTATE_HUGE_STRING                                                                                          \
    (64u << 10)               /* bytes of a "huge string": 64x past the largest max (1024), cheap to send              \
                               */
#define DC_MUTATE_GEN_DEPTH 4 /* nesting of generated values */
#define DC_MUTATE_PATH_MAX 160

/* ---- deterministic random numbers (splitmix64) ------------------------- */

typedef struct {
    uint64_t state;
} dc_rng;

void dc_rng_seed(dc_rng *r, uint64_t seed);
uint64_t dc_rng_next(dc_rng *r);
/* Uniform in [0, n); 0 when n is 0. */
size_t dc_rng_below(dc_rng *r, size_t n);
/* true with probability percent/100. */
bool dc_rng_chance(dc_rng *r, unsigned percent);

/* ---- the mutable tree ---------------------------------------------------- */

typedef enum {
    DC_MNODE_NULL,
    DC_MNODE_FALSE,
    DC_MNODE_TRUE,
    DC_MNODE_NUMBER, /* text: the number as written (any text: "1e400", "01" are mutations too) */
    DC_MNODE_STRING, /* text: raw bytes between the quotes, escaped by the printer where JSON requires */
    DC_MNODE_ARRAY,
    DC_MNODE_OBJECT,
    DC_MNODE_RAW /* text: emitted verbatim (lone-surrogate escapes, deep nesting, damage) */
} dc_mnode_type;

typedef struct dc_mnode dc_mnode;
struct dc_mnode {
    dc_mnode_type type;
    char *key; /* object members: the key (owned, may contain any byte) */
    size_t key_len;
    char *text; /* NUMBER / STRING / RAW (owned) */
    size_t len;
    dc_mnode *items; /* ARRAY / OBJECT children (owned, contiguous) */
    size_t count;
};

/* Deep copy of a parsed value (key of the root not copied). Never fails. */
void dc_mnode_from_json(const dc_json *v, dc_mnode *out);
void dc_mnode_clone(const dc_mnode *src, dc_mnode *out);
/* Frees what n owns (not n itself) and zeroes it. */
void dc_mnode_clear(dc_mnode *n);
void dc_mnode_set_string(dc_mnode *n, const char *s, size_t len);
void dc_mnode_set_number(dc_mnode *n, const char *text);
void dc_mnode_set_raw(dc_mnode *n, const char *text, size_t len);
/* Object member by exact key (the last one, as json.h reads duplicates), or NULL. */
dc_mnode *dc_mnode_get(dc_mnode *obj, const char *key);
/* Appends a member (copies key; takes the value's content, leaving *value zeroed). */
void dc_mnode_add(dc_mnode *obj, const char *key, size_t key_len, dc_mnode *value);
void dc_mnode_remove_at(dc_mnode *container, size_t i);

/* Compact JSON as bytes: strings escape '"', '\\' and bytes below 0x20
 * (NUL as \u0000) and keep every other byte, valid UTF-8 or not. */
void dc_mnode_print(const dc_mnode *n, dc_buf *out);

/* ---- values generated from a shape -------------------------------------- */

/* A value that satisfies shape where the fuzzer can tell (length, enum,
 * pattern tried with a few fill characters, numeric range); structures get
 * their required members and, with the rng's say, some optional ones. */
void dc_mutate_generate(dc_rng *r, const dc_shape *shape, int depth, dc_mnode *out);

/* ---- mutators ------------------------------------------------------------ */

typedef enum {
    DC_MUT_LENGTH_BOUNDARY, /* string/list/map length min-1, min, max, max+1 */
    DC_MUT_NUMBER_BOUNDARY, /* min-1, min, max, max+1, 2^31, 2^63, fractions, 1e400 */
    DC_MUT_PATTERN_BREAK,   /* a character the member's pattern refuses */
    DC_MUT_ENUM_NEAR_MISS,  /* case change, one character off, trailing space, empty */
    DC_MUT_TYPE_SWAP,       /* a value of another JSON type (incl. null) */
    DC_MUT_DROP_MEMBER,     /* remove a member (required ones first in line) */
    DC_MUT_EXTRA_MEMBER,    /* an unknown member, or an absent optional one with a generated value */
    DC_MUT_DEEP_NESTING,    /* [[[...]]] around the nesting limit */
    DC_MUT_HUGE_STRING,     /* DC_MUTATE_HUGE_STRING bytes */
    DC_MUT_INVALID_UTF8,    /* raw bytes no UTF-8 decoder accepts, or a lone surrogate escape */
    DC_MUT_NUL_CHAR,        /* \u0000 inside a string */
    DC_MUT_DUPLICATE_KEY,   /* the same key twice, values differing */
    DC_MUT_TIMESTAMP_EDGE,  /* timestamps as strings, negative, huge, fractional */
    DC_MUT_SYNTAX_DAMAGE,   /* bytes: truncation, stray characters, empty body, non-object roots */
    DC_MUT_BODY_COUNT
} dc_mutator;

const char *dc_mutator_name(dc_mutator m);
/* By name; -1 when unknown. */
int dc_mutator_from_name(const char *name);

/* What a mutation did, for findings and console lines. */
typedef struct {
    dc_mutator mutator;
    char path[DC_MUTATE_PATH_MAX]; /* dotted wire path of the member changed ("" = the root) */
    char detail[200];              /* one line: "BackupName length 256 (max 255)" */
} dc_mutation;

/* Applies mutator m (not DC_MUT_SYNTAX_DAMAGE) to the body tree root of an
 * operation whose input shape is input. Returns 0 when applied, -1 when the
 * body has no place the mutator applies to (nothing changed). */
int dc_mutate_tree(dc_rng *r, const dc_shape *input, dc_mnode *root, dc_mutator m, dc_mutation *info);

/* DC_MUT_SYNTAX_DAMAGE on printed bytes (in place). Always applies. */
void dc_mutate_bytes(dc_rng *r, dc_buf *body, dc_mutation *info);

/* ---- shrinking ------------------------------------------------------------ */

/* true when the candidate still shows the finding. */
typedef bool (*dc_shrink_tree_pred)(const dc_mnode *candidate, void *ud);
typedef bool (*dc_shrink_bytes_pred)(const uint8_t *data, size_t len, void *ud);

/* Delta debugging of a tree, greedy: tries removing object members and array
 * elements and halving strings (cut at a UTF-8 boundary), pre-order, keeping
 * every reduction for which pred holds, until a whole pass keeps nothing or
 * max_tries calls of pred were made. Returns the number of kept reductions;
 * *tries (may be NULL) gets the number of pred calls. */
size_t dc_shrink_tree(dc_mnode *root, dc_shrink_tree_pred pred, void *ud, size_t max_tries, size_t *tries);
/* ddmin over bytes: removes chunks (halving the chunk size) while pred holds. */
size_t dc_shrink_bytes(dc_buf *body, dc_shrink_bytes_pred pred, void *ud, size_t max_tries, size_t *tries);

#endif
