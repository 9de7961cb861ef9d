/* vclock.c - real or frozen time plus a test-controlled offset. */
#include "core/vclock.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "core/common.h"

struct dc_vclock {
    pthread_mutex_t lock; /* offset is read by request threads, moved by the control path */
    bool fixed;
    int64_t base_ms; /* fixed clocks only */
    int64_t offset_ms;
};

static int64_t s_real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

dc_vclock *dc_vclock_new(void)
{
    dc_vclock *c = dc_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

dc_vclock *dc_vclock_new_fixed(int64_t start_ms)
{
    dc_vclock *c = dc_vclock_new();
    c->fixed = true;
    c->base_ms = start_ms;
    return c;
}

void dc_vclock_free(dc_vclock *c)
{
    if (c == NULL)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c);
}

int64_t dc_vclock_now_ms(dc_vclock *c)
{
    pthread_mutex_lock(&c->lock);
    int64_t now = (c->fixed ? c->base_ms : s_real_ms()) + c->offset_ms;
    pthread_mutex_unlock(&c->lock);
    return now;
}

void dc_vclock_advance_ms(dc_vclock *c, int64_t ms)
{
    pthread_mutex_lock(&c->lock);
    c->offset_ms += ms;
    pthread_mutex_unlock(&c->lock);
}

int64_t dc_vclock_offset_ms(dc_vclock *c)
{
    pthread_mutex_lock(&c->lock);
    int64_t off = c->offset_ms;
    pthread_mutex_unlock(&c->lock);
    return off;
}
