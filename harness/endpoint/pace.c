/* pace.c - serve at a pace profile's speed (see pace.h). */
#include "endpoint/pace.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/bucket.h"
#include "core/common.h"
#include "spec/spec.h"

struct dc_serve_pace {
    dc_pace p;
    dc_buckets *buckets; /* "<account>/<op>", made at an account's first call */
};

void dc_serve_pace_model(const dc_pace *p, dc_model_options *m)
{
    m->table_create_ms = dc_pace_ms(p, p->table_create_ms);
    m->table_delete_ms = dc_pace_ms(p, p->table_delete_ms);
    m->backup_create_ms = dc_pace_ms(p, p->backup_create_ms);
    m->restore_ms = dc_pace_ms(p, p->restore_ms);
    m->restore_ms_per_kitem = dc_pace_ms(p, p->restore_ms_per_kitem);
    m->backups_enabling_ms = dc_pace_ms(p, p->backups_enabling_ms);
    m->pitr_lag_ms = dc_pace_ms(p, p->pitr_lag_ms);
    /* concurrent restores: the model's DC_MODEL_MAX_CONCURRENT_RESTORES, the same 50 */
    m->max_changing_tables = p->concurrent_table_ops;
}

dc_serve_pace *dc_serve_pace_new(const dc_pace *p)
{
    dc_serve_pace *sp = dc_xcalloc(1, sizeof *sp);
    sp->p = *p;
    sp->buckets = dc_buckets_new();
    return sp;
}

void dc_serve_pace_free(dc_serve_pace *sp)
{
    if (sp == NULL)
        return;
    dc_buckets_free(sp->buckets);
    free(sp);
}

const char *dc_serve_pace_admit(dc_serve_pace *sp, const char *account, const char *op)
{
    const dc_pace_rate *r = dc_pace_rate_of(&sp->p, op);
    if (r == NULL)
        return NULL;
    char key[DC_PACE_MAX_OP + 32];
    snprintf(key, sizeof key, "%s/%s", account != NULL ? account : "", op);
    /* a compressed clock: SCALE 0.05 refills 20 times as fast; the burst is a count */
    dc_buckets_ensure(sp->buckets, key, r->per_second / sp->p.scale, r->burst);
    return dc_buckets_take(sp->buckets, key, dc_buckets_now_us()) == 0 ? NULL : DC_MSG_ID("rate-exceeded");
}
