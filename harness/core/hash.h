/* hash.h - the one hash table: chained buckets of nodes the caller embeds in
 * its own structs (no allocation per entry), keyed by a 64-bit hash the
 * caller computes (dc_hash_fnv1a), several nodes per key allowed.
 *
 * Users: serve's backup ARN index (endpoint/model_backups.c), the client
 * judge's calls by invocation id and by request body (gate/judge.c) and the
 * fuzzer's set of deleted resources (netfuzz/fuzznet.c). A lookup walks the
 * chain of its key's bucket and yields the nodes whose key is equal; the
 * caller compares what the key stands for (two ARNs, two strings).
 *
 * A node sits at the head of its chain when inserted, so of the nodes with
 * one key the latest inserted comes first. The table does not grow by itself:
 * the caller decides when (dc_hash_reset with more buckets) and re-inserts
 * its nodes in the order it wants them found. */
#ifndef DC_HASH_H
#define DC_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* FNV-1a over len bytes of data, continuing h; start with DC_HASH_FNV_SEED. */
#define DC_HASH_FNV_SEED 0xcbf29ce484222325ull
uint64_t dc_hash_fnv1a(uint64_t h, const void *data, size_t len);

/* The struct that holds node, from a pointer to it. */
#define DC_HASH_ENTRY(node, type, member) ((type *)(void *)((char *)(node)-offsetof(type, member)))

typedef struct dc_hash_node {
    struct dc_hash_node *next; /* in its bucket */
    uint64_t key;
} dc_hash_node;

typedef struct {
    dc_hash_node **buckets; /* owned */
    size_t nbuckets;        /* 0 or a power of two */
    size_t n;               /* nodes in the table */
} dc_hash;

/* An empty table of nbuckets buckets (a power of two, or 0: nothing is found
 * and nothing may be inserted until dc_hash_reset). */
void dc_hash_init(dc_hash *h, size_t nbuckets);
/* Frees the buckets (never the nodes). */
void dc_hash_free(dc_hash *h);
/* Empties the table and gives it nbuckets buckets: to grow, reset then
 * re-insert every node. */
void dc_hash_reset(dc_hash *h, size_t nbuckets);

void dc_hash_insert(dc_hash *h, dc_hash_node *node, uint64_t key);
/* Takes node out; false when it is not in the table. */
bool dc_hash_remove(dc_hash *h, dc_hash_node *node);

/* The first node with key (the latest inserted), then the next one with the
 * same key; NULL at the end. */
dc_hash_node *dc_hash_first(const dc_hash *h, uint64_t key);
dc_hash_node *dc_hash_next(const dc_hash_node *node);

#endif
