/* hash.c - the one hash table (hash.h). */
#include "core/hash.h"

#include <stdlib.h>

#include "core/common.h"

uint64_t dc_hash_fnv1a(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void dc_hash_init(dc_hash *h, size_t nbuckets)
{
    h->buckets = nbuckets > 0 ? dc_xcalloc(nbuckets, sizeof *h->buckets) : NULL;
    h->nbuckets = nbuckets;
    h->n = 0;
}

void dc_hash_free(dc_hash *h)
{
    free(h->buckets);
    h->buckets = NULL;
    h->nbuckets = 0;
    h->n = 0;
}

void dc_hash_reset(dc_hash *h, size_t nbuckets)
{
    dc_hash_free(h);
    dc_hash_init(h, nbuckets);
}

static dc_hash_node **s_bucket(const dc_hash *h, uint64_t key)
{
    return &h->buckets[(size_t)(key & (uint64_t)(h->nbuckets - 1))];
}

void dc_hash_insert(dc_hash *h, dc_hash_node *node, uint64_t key)
{
    dc_hash_node **head = s_bucket(h, key);
    node->key = key;
    node->next = *head;
    *head = node;
    h->n++;
}

bool dc_hash_remove(dc_hash *h, dc_hash_node *node)
{
    if (h->nbuckets == 0)
        return false;
    for (dc_hash_node **p = s_bucket(h, node->key); *p != NULL; p = &(*p)->next)
        if (*p == node) {
            *p = node->next;
            node->next = NULL;
            h->n--;
            return true;
        }
    return false;
}

static dc_hash_node *s_from(dc_hash_node *n, uint64_t key)
{
    while (n != NULL && n->key != key)
        n = n->next;
    return n;
}

dc_hash_node *dc_hash_first(const dc_hash *h, uint64_t key)
{
    return h->nbuckets == 0 ? NULL : s_from(*s_bucket(h, key), key);
}

dc_hash_node *dc_hash_next(const dc_hash_node *node)
{
    return s_from(node->next, node->key);
}
