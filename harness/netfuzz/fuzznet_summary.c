/* fuzznet_summary.c - the run's DIR/summary.json (fuzznet_internal.h). */
#include "netfuzz/fuzznet_internal.h"

/* summary.json's "byOperation": distinct findings per operation, in first-seen order. */
static void s_summary_by_operation(const dc_fuzz_store *store, dc_buf *b)
{
    const char *ops[64];
    size_t counts[64], nops = 0;
    for (size_t i = 0; i < store->nseen; i++) {
        char op[64];
        snprintf(op, sizeof op, "%.*s", (int)strcspn(store->seen[i].key, " "), store->seen[i].key);
        size_t j = 0;
        while (j < nops && strcmp(ops[j], op) != 0)
            j++;
        if (j == nops && nops < 64) {
            ops[nops] = dc_xstrdup(op);
            counts[nops++] = 0;
        }
        if (j < nops)
            counts[j]++;
    }
    dc_jsonw_key(b, "byOperation");
    dc_jsonw_object(b);
    for (size_t i = 0; i < nops; i++) {
        dc_jsonw_member_uint(b, ops[i], counts[i]);
        free((char *)ops[i]);
    }
    dc_jsonw_object_end(b);
}

/* summary.json's "list": every distinct finding. */
static void s_summary_list(const dc_fuzz_store *store, unsigned jobs, dc_buf *b)
{
    dc_jsonw_key(b, "list");
    dc_jsonw_array(b);
    for (size_t i = 0; i < store->nseen; i++) {
        const dc_fuzz_seen *f = &store->seen[i];
        dc_jsonw_object(b);
        dc_jsonw_member_string(b, "class", dc_finding_class_name(f->cls));
        dc_jsonw_member_string(b, "key", f->key);
        dc_jsonw_member_uint(b, "count", f->count);
        if (f->file[0]) {
            char c[sizeof f->file + 16];
            snprintf(c, sizeof c, "cases/%s.json", f->file);
            dc_jsonw_member_string(b, "case", c);
        }
        if (jobs > 1) { /* who met it first; that worker alone: fuzz --seed <seed>, its request <request> */
            dc_jsonw_member_uint(b, "worker", f->worker);
            dc_jsonw_member_uint(b, "seed", f->seed);
            dc_jsonw_member_uint(b, "request", f->request);
        }
        dc_jsonw_object_end(b);
    }
    dc_jsonw_array_end(b);
}

/* "<name>":{"ms":..,"requests":..} of one phase. */
static void s_summary_phase(dc_buf *b, const char *name, double seconds, size_t requests)
{
    dc_jsonw_key(b, name);
    dc_jsonw_object(b);
    dc_jsonw_member_int(b, "ms", (int64_t)(seconds * 1000.0));
    dc_jsonw_member_uint(b, "requests", requests);
    dc_jsonw_object_end(b);
}

/* summary.json's "pool" (S_POOL_BOUND): per deleting operation, the set-up's
 * resources when fuzzing began (all workers) and the most of the fuzz
 * stream's one worker held after an answer was dealt with (one more in the
 * moment between a creating answer and the pool's delete); the pool's deletes. */
static void s_summary_pool(const dc_fz_worker *w, unsigned jobs, dc_buf *b)
{
    size_t deletes = 0;
    for (unsigned i = 0; i < jobs; i++)
        deletes += w[i].fz.pool_deleted;
    dc_jsonw_key(b, "pool");
    dc_jsonw_object(b);
    dc_jsonw_member_int(b, "bound", S_POOL_BOUND);
    dc_jsonw_member_uint(b, "deletes", deletes);
    dc_jsonw_key(b, "setUp");
    dc_jsonw_object(b);
    for (size_t d = 0; d < w[0].fz.ndel_ops; d++) {
        size_t n = 0;
        for (unsigned i = 0; i < jobs; i++)
            n += w[i].fz.setup_live[d];
        dc_jsonw_member_uint(b, w[0].fz.del_ops[d]->name, n);
    }
    dc_jsonw_object_end(b);
    dc_jsonw_key(b, "mostPerWorker");
    dc_jsonw_object(b);
    for (size_t d = 0; d < w[0].fz.ndel_ops; d++) {
        size_t n = 0;
        for (unsigned i = 0; i < jobs; i++)
            n = w[i].fz.pool_max[d] > n ? w[i].fz.pool_max[d] : n;
        dc_jsonw_member_uint(b, w[0].fz.del_ops[d]->name, n);
    }
    dc_jsonw_object_end(b);
    dc_jsonw_object_end(b);
}

void dc_fz_summary(const dc_fuzz_opts *o, const dc_fuzz_store *store, const dc_fuzz_stats *st, const dc_fz_worker *w,
                   unsigned jobs, dc_err *err)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_jsonw_object(&b);
    dc_jsonw_member_string(&b, "tool", "ddbconform");
    dc_jsonw_member_string(&b, "command", "fuzz");
    dc_jsonw_member_string(&b, "endpoint", o->endpoint);
    dc_jsonw_member_uint(&b, "seed", o->seed);
    dc_jsonw_member_string(&b, "level", o->level == DC_CHECK_STRICT ? "strict" : "compat");
    dc_jsonw_member_uint(&b, "requests", st->requests);
    dc_jsonw_member_uint(&b, "extraRequests", st->extra_requests);
    dc_jsonw_member_uint(&b, "seeds", st->seeds);
    dc_jsonw_member_int(&b, "durationMs", (int64_t)(st->seconds * 1000.0));
    dc_jsonw_member_uint(&b, "findings", st->findings);
    dc_jsonw_member_uint(&b, "written", st->written);
    dc_jsonw_member_uint(&b, "occurrences", st->occurrences);
    dc_jsonw_key(&b, "byClass");
    dc_jsonw_object(&b);
    for (int c = 0; c < DC_FIND_COUNT; c++)
        if (st->by_class[c] > 0)
            dc_jsonw_member_uint(&b, dc_finding_class_name((dc_finding_class)c), st->by_class[c]);
    dc_jsonw_object_end(&b);
    s_summary_by_operation(store, &b);
    s_summary_list(store, jobs, &b);
    dc_jsonw_member_uint(&b, "jobs", jobs);
    dc_jsonw_member_int(&b, "cpuMs", (int64_t)(st->cpu_seconds * 1000.0));
    dc_jsonw_key(&b, "phases");
    dc_jsonw_object(&b);
    s_summary_phase(&b, "setup", st->setup_seconds, st->setup_requests);
    s_summary_phase(&b, "fuzzing", st->fuzz_seconds, st->fuzz_phase_requests);
    s_summary_phase(&b, "cleanup", st->cleanup_seconds, st->cleanup_requests);
    dc_jsonw_object_end(&b);
    s_summary_pool(w, jobs, &b);
    if (jobs > 1) {
        dc_jsonw_key(&b, "workers");
        dc_jsonw_array(&b);
        for (unsigned i = 0; i < jobs; i++) {
            dc_jsonw_object(&b);
            dc_jsonw_member_uint(&b, "worker", i);
            dc_jsonw_member_uint(&b, "seed", w[i].o.seed);
            dc_jsonw_member_uint(&b, "requests", w[i].st.requests);
            dc_jsonw_member_uint(&b, "extraRequests", w[i].st.extra_requests);
            dc_jsonw_member_uint(&b, "seeds", w[i].st.seeds);
            dc_jsonw_object_end(&b);
        }
        dc_jsonw_array_end(&b);
    }
    dc_jsonw_object_end(&b);
    dc_buf_putc(&b, '\n');
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", o->findings_dir);
    if (dc_write_file_atomic(path, b.data, b.len, err) != 0 && o->console != NULL)
        fprintf(o->console, "fuzz: %s\n", err->msg);
    dc_buf_free(&b);
}
