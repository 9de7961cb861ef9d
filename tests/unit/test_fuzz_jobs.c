/* test_fuzz_jobs.c - `ddbconform fuzz --jobs N`: the per-worker seeds, budget
 * shares and name prefixes (worker 0 is the one-worker run), and the findings
 * store deduplicating across workers (also from several threads at once). The
 * network part is covered by tests/integration/fuzz_net_jobs.sh. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "netfuzz/jobs.h"

static void worker_zero_keeps_the_seed_so_one_job_sends_what_it_always_sent(void **state)
{
    (void)state;
    const uint64_t seeds[] = {0, 1, 7, 42, UINT64_MAX};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        assert_true(dc_fuzz_worker_seed(seeds[i], 0) == seeds[i]);
}

static void worker_seeds_are_fixed_values_so_a_printed_seed_replays_later(void **state)
{
    (void)state;
    /* pinned: a finding's "worker 1 = --seed N" must mean the same stream in every version */
    assert_true(dc_fuzz_worker_seed(7, 1) == UINT64_C(6951516134914417455));
    assert_true(dc_fuzz_worker_seed(7, 1) == dc_fuzz_worker_seed(7, 1));
}

static void workers_of_one_seed_get_distinct_seeds_and_other_seeds_other_ones(void **state)
{
    (void)state;
    uint64_t got[3][DC_FUZZ_MAX_JOBS];
    for (uint64_t s = 1; s <= 3; s++)
        for (unsigned k = 0; k < DC_FUZZ_MAX_JOBS; k++)
            got[s - 1][k] = dc_fuzz_worker_seed(s, k);
    for (size_t a = 0; a < 3 * DC_FUZZ_MAX_JOBS; a++)
        for (size_t b = 0; b < a; b++)
            assert_true(got[a / DC_FUZZ_MAX_JOBS][a % DC_FUZZ_MAX_JOBS] !=
                        got[b / DC_FUZZ_MAX_JOBS][b % DC_FUZZ_MAX_JOBS]);
}

static void shares_add_up_to_the_budget_and_differ_by_at_most_one(void **state)
{
    (void)state;
    for (size_t total = 0; total <= 100; total++) {
        for (unsigned jobs = 1; jobs <= DC_FUZZ_MAX_JOBS; jobs++) {
            size_t sum = 0, lo = SIZE_MAX, hi = 0;
            for (unsigned k = 0; k < jobs; k++) {
                size_t s = dc_fuzz_worker_share(total, jobs, k);
                sum += s;
                lo = s < lo ? s : lo;
                hi = s > hi ? s : hi;
                if (k > 0)
                    assert_true(s <= dc_fuzz_worker_share(total, jobs, k - 1)); /* the first ones get the rest */
            }
            assert_int_equal(sum, total);
            assert_true(hi - lo <= 1);
        }
    }
    assert_int_equal(dc_fuzz_worker_share(20000, 1, 0), 20000);
    assert_int_equal(dc_fuzz_worker_share(5, 2, 0), 3);
    assert_int_equal(dc_fuzz_worker_share(5, 2, 1), 2);
    assert_int_equal(dc_fuzz_worker_share(5, 2, 2), 0); /* no such worker */
}

static void worker_zero_names_like_before_and_every_worker_differently(void **state)
{
    (void)state;
    char p[DC_FUZZ_MAX_JOBS][DC_FUZZ_NAME_PREFIX_SIZE];
    for (unsigned k = 0; k < DC_FUZZ_MAX_JOBS; k++) {
        dc_fuzz_worker_prefix(k, p[k]);
        assert_int_equal(strlen(p[k]), 2); /* the names keep their length: cases build names up to limits */
        for (unsigned j = 0; j < k; j++)
            assert_string_not_equal(p[j], p[k]);
    }
    assert_string_equal(p[0], "fz");
    assert_string_equal(p[1], "fa");
    assert_string_equal(p[2], "fb");
}

static void store_counts_a_duplicate_once_and_credits_who_met_it_first(void **state)
{
    (void)state;
    dc_fuzz_store s;
    dc_fuzz_store_init(&s);
    assert_int_equal(dc_fuzz_store_note(&s, DC_FIND_SERVER_ERROR, "ListBackups 500", 1, 99, 12), 1);
    assert_int_equal(dc_fuzz_store_note(&s, DC_FIND_SERVER_ERROR, "ListBackups 500", 0, 7, 3), 0);
    assert_int_equal(dc_fuzz_store_note(&s, DC_FIND_NON_JSON, "ListBackups 500", 0, 7, 4), 2); /* other class */
    assert_int_equal(dc_fuzz_store_note(&s, DC_FIND_SERVER_ERROR, "CreateBackup 500", 0, 7, 5), 3);
    assert_int_equal(dc_fuzz_store_note(&s, DC_FIND_SERVER_ERROR, "ListBackups 500", 1, 99, 40), 0);
    assert_int_equal(s.nseen, 3);
    assert_int_equal(s.occurrences, 5);
    assert_int_equal(s.seen[0].count, 3);
    assert_int_equal(s.seen[0].worker, 1);
    assert_true(s.seen[0].seed == 99);
    assert_int_equal(s.seen[0].request, 12);
    assert_int_equal(s.by_class[DC_FIND_SERVER_ERROR], 2);
    assert_int_equal(s.by_class[DC_FIND_NON_JSON], 1);
    dc_fuzz_store_case(&s, 1, "001-server-error-ListBackups", true);
    dc_fuzz_store_case(&s, 2, "002-non-json-ListBackups", false);
    dc_fuzz_store_case(&s, 0, "none", true); /* not a finding number: ignored */
    dc_fuzz_store_case(&s, 4, "none", true);
    assert_string_equal(s.seen[0].file, "001-server-error-ListBackups");
    assert_string_equal(s.seen[1].file, "002-non-json-ListBackups");
    assert_string_equal(s.seen[2].file, "");
    assert_int_equal(s.written, 1);
    dc_fuzz_store_free(&s);
}

#define S_THREADS 4
#define S_SHARED 50
#define S_OWN 5

typedef struct {
    dc_fuzz_store *store;
    unsigned worker;
    size_t numbers[S_SHARED + S_OWN];
} s_thread_arg;

static void *s_noter(void *p)
{
    s_thread_arg *a = p;
    char key[64];
    for (size_t i = 0; i < S_SHARED + S_OWN; i++) {
        if (i < S_SHARED)
            snprintf(key, sizeof key, "DescribeBackup shared %zu", i);
        else
            snprintf(key, sizeof key, "DescribeBackup worker %u own %zu", a->worker, i);
        a->numbers[i] = dc_fuzz_store_note(a->store, DC_FIND_WRONG_ERROR, key, a->worker, a->worker, i + 1);
    }
    return NULL;
}

static void store_deduplicates_findings_met_by_workers_at_the_same_time(void **state)
{
    (void)state;
    dc_fuzz_store s;
    dc_fuzz_store_init(&s);
    pthread_t t[S_THREADS];
    s_thread_arg args[S_THREADS];
    for (unsigned k = 0; k < S_THREADS; k++) {
        args[k] = (s_thread_arg){.store = &s, .worker = k};
        assert_int_equal(pthread_create(&t[k], NULL, s_noter, &args[k]), 0);
    }
    for (unsigned k = 0; k < S_THREADS; k++)
        pthread_join(t[k], NULL);
    const size_t distinct = S_SHARED + S_THREADS * S_OWN;
    assert_int_equal(s.nseen, distinct);
    assert_int_equal(s.occurrences, S_THREADS * (S_SHARED + S_OWN));
    assert_int_equal(s.by_class[DC_FIND_WRONG_ERROR], distinct);
    /* every number 1..distinct handed out exactly once, and to the worker credited with it */
    unsigned given[S_SHARED + S_THREADS * S_OWN + 1] = {0};
    for (unsigned k = 0; k < S_THREADS; k++) {
        for (size_t i = 0; i < S_SHARED + S_OWN; i++) {
            size_t no = args[k].numbers[i];
            if (i >= S_SHARED)
                assert_true(no != 0); /* its own findings are new */
            if (no == 0)
                continue;
            assert_true(no <= distinct);
            given[no]++;
            assert_int_equal(s.seen[no - 1].worker, k);
        }
    }
    for (size_t no = 1; no <= distinct; no++)
        assert_int_equal(given[no], 1);
    for (size_t i = 0; i < s.nseen; i++)
        assert_int_equal(s.seen[i].count, strstr(s.seen[i].key, "shared") != NULL ? S_THREADS : 1);
    dc_fuzz_store_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worker_zero_keeps_the_seed_so_one_job_sends_what_it_always_sent),
        cmocka_unit_test(worker_seeds_are_fixed_values_so_a_printed_seed_replays_later),
        cmocka_unit_test(workers_of_one_seed_get_distinct_seeds_and_other_seeds_other_ones),
        cmocka_unit_test(shares_add_up_to_the_budget_and_differ_by_at_most_one),
        cmocka_unit_test(worker_zero_names_like_before_and_every_worker_differently),
        cmocka_unit_test(store_counts_a_duplicate_once_and_credits_who_met_it_first),
        cmocka_unit_test(store_deduplicates_findings_met_by_workers_at_the_same_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
