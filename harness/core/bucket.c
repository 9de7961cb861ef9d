/* bucket.c - token buckets by name (see bucket.h). A handful of buckets per
 * process: a scanned list is enough. */
#include "core/bucket.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/common.h"

typedef struct {
    char *name;
    double rate, burst, tokens;
    int64_t at_us; /* when tokens was last brought up to date; 0 = never */
} s_bucket;

struct dc_buckets {
    pthread_mutex_t mu;
    s_bucket *b;
    size_t n;
};

dc_buckets *dc_buckets_new(void)
{
    dc_buckets *b = dc_xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    return b;
}

void dc_buckets_free(dc_buckets *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->b[i].name);
    free(b->b);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

static s_bucket *s_find(dc_buckets *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->b[i].name, name) == 0)
            return &b->b[i];
    return NULL;
}

static void s_add(dc_buckets *b, const char *name, double rate, double burst, bool replace)
{
    pthread_mutex_lock(&b->mu);
    s_bucket *k = s_find(b, name);
    if (k != NULL && !replace) {
        pthread_mutex_unlock(&b->mu);
        return;
    }
    if (k == NULL) {
        b->b = dc_xrealloc(b->b, (b->n + 1) * sizeof *b->b);
        k = &b->b[b->n++];
        k->name = dc_xstrdup(name);
    }
    k->rate = rate > 0 ? rate : 1e-9;
    k->burst = burst >= 1 ? burst : 1;
    k->tokens = k->burst;
    k->at_us = 0;
    pthread_mutex_unlock(&b->mu);
}

void dc_buckets_add(dc_buckets *b, const char *name, double rate, double burst)
{
    s_add(b, name, rate, burst, true);
}

void dc_buckets_ensure(dc_buckets *b, const char *name, double rate, double burst)
{
    s_add(b, name, rate, burst, false);
}

int64_t dc_buckets_take(dc_buckets *b, const char *name, int64_t now_us)
{
    int64_t wait = 0;
    pthread_mutex_lock(&b->mu);
    s_bucket *k = s_find(b, name);
    if (k != NULL) {
        if (k->at_us != 0 && now_us > k->at_us)
            k->tokens = fmin(k->burst, k->tokens + (double)(now_us - k->at_us) * k->rate / 1e6);
        if (k->at_us == 0 || now_us > k->at_us)
            k->at_us = now_us;
        if (k->tokens >= 1.0)
            k->tokens -= 1.0;
        else
            wait = (int64_t)ceil((1.0 - k->tokens) * 1e6 / k->rate);
    }
    pthread_mutex_unlock(&b->mu);
    return wait;
}

int64_t dc_buckets_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
