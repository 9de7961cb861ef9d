/* jobs.c - the split of `ddbconform fuzz --jobs N` and its shared findings store (see jobs.h). */
#include "netfuzz/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "netfuzz/mutate.h"

uint64_t dc_fuzz_worker_seed(uint64_t seed, unsigned k)
{
    if (k == 0)
        return seed;
    /* one splitmix64 step from a state that mixes in k with another odd
     * constant: neighbouring seeds do not give shifted copies of one stream */
    dc_rng r;
    dc_rng_seed(&r, seed ^ ((uint64_t)k * UINT64_C(0xD1B54A32D192ED03)));
    return dc_rng_next(&r);
}

size_t dc_fuzz_worker_share(size_t total, unsigned jobs, unsigned k)
{
    if (jobs == 0 || k >= jobs)
        return 0;
    return total / jobs + (k < total % jobs ? 1 : 0);
}

void dc_fuzz_worker_prefix(unsigned k, char out[DC_FUZZ_NAME_PREFIX_SIZE])
{
    out[0] = 'f';
    out[1] = k == 0 ? 'z' : (char)('a' + (k - 1) % 25);
    out[2] = '\0';
}

void dc_fuzz_store_init(dc_fuzz_store *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

void dc_fuzz_store_free(dc_fuzz_store *s)
{
    free(s->seen);
    pthread_mutex_destroy(&s->lock);
    s->seen = NULL;
    s->nseen = 0;
}

size_t dc_fuzz_store_note(dc_fuzz_store *s, dc_finding_class cls, const char *key, unsigned worker, uint64_t seed,
                          size_t request)
{
    size_t no = 0;
    pthread_mutex_lock(&s->lock);
    s->occurrences++;
    size_t i = 0;
    while (i < s->nseen && !(s->seen[i].cls == cls && strcmp(s->seen[i].key, key) == 0))
        i++;
    if (i < s->nseen) {
        s->seen[i].count++;
    } else {
        s->seen = dc_xrealloc(s->seen, (s->nseen + 1) * sizeof *s->seen);
        dc_fuzz_seen *n = &s->seen[s->nseen++];
        memset(n, 0, sizeof *n);
        n->cls = cls;
        snprintf(n->key, sizeof n->key, "%s", key);
        n->count = 1;
        n->worker = worker;
        n->seed = seed;
        n->request = request;
        if ((unsigned)cls < DC_FIND_COUNT)
            s->by_class[cls]++;
        no = s->nseen;
    }
    pthread_mutex_unlock(&s->lock);
    return no;
}

void dc_fuzz_store_case(dc_fuzz_store *s, size_t no, const char *file, bool written)
{
    pthread_mutex_lock(&s->lock);
    if (no >= 1 && no <= s->nseen) {
        snprintf(s->seen[no - 1].file, sizeof s->seen[no - 1].file, "%s", file);
        if (written)
            s->written++;
    }
    pthread_mutex_unlock(&s->lock);
}
