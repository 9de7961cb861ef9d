/* test_pace.c - the pace profile (spec/pace-aws.json through spec/pace.h),
 * the token buckets (core/bucket.h), serve's side of the pace (endpoint/pace.h:
 * durations, throttling, the table-operations limit in the model) and run's
 * side (suite/pacing.h: what is retried, the backoff, the waiters). Time is
 * given to the buckets, never slept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/bucket.h"
#include "core/vclock.h"
#include "endpoint/model.h"
#include "endpoint/pace.h"
#include "spec/pace.h"
#include "suite/pacing.h"
#include "test_util.h"

static dc_pace load(const char *arg)
{
    dc_pace p;
    dc_err err;
    if (dc_pace_load(dc_test_home(), arg, &p, &err) != 0)
        fail_msg("--pace %s: %s", arg, err.msg);
    return p;
}

static void aws_profile_has_the_facts_numbers(void **state)
{
    (void)state;
    dc_pace p = load("aws");
    assert_string_equal(p.name, "aws");
    assert_true(p.scale == 1.0);
    assert_int_equal(p.table_create_ms, 6600);
    assert_int_equal(p.table_delete_ms, 5600);
    assert_int_equal(p.backup_create_ms, 50);
    assert_int_equal(p.restore_ms, 212000);
    assert_int_equal(p.backups_enabling_ms, 2000);
    assert_int_equal(p.pitr_lag_ms, 300000);
    assert_int_equal(p.concurrent_restores, 50);
    assert_int_equal(p.concurrent_table_ops, 500);
    const dc_pace_rate *lb = dc_pace_rate_of(&p, "ListBackups");
    assert_non_null(lb);
    assert_true(lb->per_second == 5 && lb->burst == 5);
    assert_true(dc_pace_rate_of(&p, "CreateBackup")->per_second == 50);
    assert_true(dc_pace_rate_of(&p, "DescribeBackup")->per_second == 10);
    assert_null(dc_pace_rate_of(&p, "CreateTable")); /* no documented rate: not limited */
    assert_int_equal(p.max_attempts, 8);
}

static void scale_multiplies_the_durations(void **state)
{
    (void)state;
    dc_pace p = load("aws:0.05");
    assert_true(p.scale == 0.05);
    assert_int_equal(dc_pace_ms(&p, p.table_create_ms), 330);
    assert_int_equal(dc_pace_ms(&p, p.restore_ms), 10600);
    dc_model_options m;
    dc_model_options_default(&m);
    dc_serve_pace_model(&p, &m);
    assert_int_equal(m.table_create_ms, 330);
    assert_int_equal(m.table_delete_ms, 280);
    assert_int_equal(m.restore_ms, 10600);
    assert_int_equal(m.restore_ms_per_kitem, 50);
    assert_int_equal(m.pitr_lag_ms, 15000);
    assert_int_equal(m.max_changing_tables, 500);
}

static void bad_pace_arguments_name_what_is_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *arg, *msg;
    } cases[] = {
        {"aws:0", "--pace aws:0: SCALE expected a number between 0.001 and 100 (0.05: 20 times faster)"},
        {"aws:fast", "--pace aws:fast: SCALE expected a number between 0.001 and 100 (0.05: 20 times faster)"},
        {"aws:", "--pace aws:: SCALE expected a number between 0.001 and 100 (0.05: 20 times faster)"},
        {":0.5", "--pace :0.5: expected NAME[:SCALE] (e.g. aws, aws:0.05) or FILE.json[:SCALE]"},
        {"AWS", "--pace AWS: a profile name is lower-case letters, digits and '-' (e.g. aws)"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(cases); i++) {
        dc_pace p;
        dc_err err;
        assert_int_equal(dc_pace_load(dc_test_home(), cases[i].arg, &p, &err), -1);
        assert_string_equal(err.msg, cases[i].msg);
    }
    dc_pace p;
    dc_err err;
    assert_int_equal(dc_pace_load(dc_test_home(), "nosuch", &p, &err), -1);
    assert_non_null(strstr(err.msg, "spec/pace-nosuch.json"));
}

static void a_bucket_gives_its_burst_then_refills_at_its_rate(void **state)
{
    (void)state;
    dc_buckets *b = dc_buckets_new();
    dc_buckets_add(b, "ListBackups", 5, 5);
    int64_t t = 1000000;
    for (int i = 0; i < 5; i++)
        assert_int_equal(dc_buckets_take(b, "ListBackups", t), 0);
    assert_int_equal(dc_buckets_take(b, "ListBackups", t), 200000); /* the sixth in a second: 0.2 s to a token */
    assert_int_equal(dc_buckets_take(b, "ListBackups", t + 100000), 100000);
    assert_int_equal(dc_buckets_take(b, "ListBackups", t + 200000), 0);
    assert_int_equal(dc_buckets_take(b, "ListBackups", t + 200000), 200000);
    assert_int_equal(dc_buckets_take(b, "CreateTable", t), 0); /* no bucket: never waits */
    dc_buckets_ensure(b, "ListBackups", 100, 100);             /* there is one: kept as it is */
    assert_int_equal(dc_buckets_take(b, "ListBackups", t + 200000), 200000);
    dc_buckets_free(b);
}

static void serve_throttles_the_sixth_list_backups_per_account(void **state)
{
    (void)state;
    dc_pace p = load("aws:100"); /* a token every 20 s: no refill while the test runs */
    dc_serve_pace *sp = dc_serve_pace_new(&p);
    for (int i = 0; i < 5; i++)
        assert_null(dc_serve_pace_admit(sp, "111111111111", "ListBackups"));
    assert_string_equal(dc_serve_pace_admit(sp, "111111111111", "ListBackups"), "rate-exceeded");
    assert_null(dc_serve_pace_admit(sp, "222222222222", "ListBackups")); /* another account's bucket */
    for (int i = 0; i < 100; i++)
        assert_null(dc_serve_pace_admit(sp, "111111111111", "CreateTable"));
    dc_serve_pace_free(sp);
}

/* ---- the model's table-operations limit and restore time ---------------- */

static dc_spec *g_spec;

static int s_load_spec(void **state)
{
    (void)state;
    dc_err err;
    if (dc_spec_load(dc_test_home(), &g_spec, &err) != 0)
        fail_msg("spec: %s", err.msg);
    return 0;
}

static int s_free_spec(void **state)
{
    (void)state;
    dc_spec_free(g_spec);
    return 0;
}

/* The error name of op's answer (NULL on success); *message: the error's
 * text or, on success, the answer's body (owned). */
static const char *s_exec(dc_model *m, const char *op, const char *body, char **message)
{
    dc_json_doc rq;
    dc_err err;
    if (dc_json_parse(body, strlen(body), &rq, &err) != 0)
        fail_msg("bad test request: %s", err.msg);
    dc_model_result r;
    dc_model_execute(m, op, rq.root, &r);
    dc_json_doc_free(&rq);
    const char *e = r.error;
    if (e != NULL)
        *message = r.message != NULL ? dc_xstrdup(r.message) : NULL;
    else
        *message = dc_xstrndup(r.body.data ? (const char *)r.body.data : "", r.body.len);
    dc_model_result_free(&r);
    return e;
}

/* TableStatus of name, from DescribeTable's answer. */
static void s_assert_status(dc_model *m, const char *name, const char *want)
{
    char req[128], *body = NULL;
    snprintf(req, sizeof req, "{\"TableName\":\"%s\"}", name);
    assert_null(s_exec(m, "DescribeTable", req, &body));
    char key[64];
    snprintf(key, sizeof key, "\"TableStatus\":\"%s\"", want);
    if (strstr(body, key) == NULL)
        fail_msg("%s: want %s in %s", name, key, body);
    free(body);
}

#define S_CREATE(name)                                                                                                 \
    "{\"TableName\":\"" name "\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"                     \
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"BillingMode\":\"PAY_PER_"         \
    "REQUEST\"}"

static void table_operations_beyond_the_limit_are_limit_exceeded(void **state)
{
    (void)state;
    dc_model_options opt;
    dc_model_options_default(&opt);
    opt.spec = g_spec;
    opt.seed = 1;
    opt.table_create_ms = 6500;
    opt.table_delete_ms = 5600;
    opt.max_changing_tables = 2;
    dc_vclock *clock = dc_vclock_new_fixed(INT64_C(1700000000000));
    dc_model *m = dc_model_new(&opt, clock);
    char *msg = NULL;
    assert_null(s_exec(m, "CreateTable", S_CREATE("tb1"), &msg));
    free(msg);
    assert_null(s_exec(m, "CreateTable", S_CREATE("tb2"), &msg));
    free(msg);
    assert_string_equal(s_exec(m, "CreateTable", S_CREATE("tb3"), &msg), "LimitExceededException");
    assert_string_equal(msg, "Subscriber limit exceeded: Only 2 tables can be created, updated, or deleted "
                             "simultaneously");
    free(msg);
    dc_vclock_advance_ms(clock, 6500); /* tb1 and tb2 ACTIVE: room again */
    assert_null(s_exec(m, "CreateTable", S_CREATE("tb3"), &msg));
    free(msg);
    assert_null(s_exec(m, "DeleteTable", "{\"TableName\":\"tb1\"}", &msg)); /* tb3 CREATING, tb1 DELETING */
    free(msg);
    assert_string_equal(s_exec(m, "DeleteTable", "{\"TableName\":\"tb2\"}", &msg), "LimitExceededException");
    free(msg);
    dc_model_free(m);
    dc_vclock_free(clock);
}

static void restore_time_grows_with_the_items(void **state)
{
    (void)state;
    dc_model_options opt;
    dc_model_options_default(&opt);
    opt.spec = g_spec;
    opt.restore_ms = 1000;
    opt.restore_ms_per_kitem = 1000000; /* 1 s per item, to see it */
    dc_vclock *clock = dc_vclock_new_fixed(INT64_C(1700000000000));
    dc_model *m = dc_model_new(&opt, clock);
    char *body = NULL;
    assert_null(s_exec(m, "CreateTable", S_CREATE("src"), &body));
    free(body);
    for (int i = 0; i < 3; i++) {
        char put[128];
        snprintf(put, sizeof put, "{\"TableName\":\"src\",\"Item\":{\"pk\":{\"S\":\"k%d\"}}}", i);
        assert_null(s_exec(m, "PutItem", put, &body));
        free(body);
    }
    assert_null(s_exec(m, "CreateBackup", "{\"TableName\":\"src\",\"BackupName\":\"b\"}", &body));
    const char *arn = strstr(body, "arn:aws:dynamodb:");
    assert_non_null(arn);
    char req[512];
    snprintf(req, sizeof req, "{\"TargetTableName\":\"dst\",\"BackupArn\":\"%.*s\"}", (int)strcspn(arn, "\""), arn);
    free(body);
    assert_null(s_exec(m, "RestoreTableFromBackup", req, &body));
    free(body);
    dc_vclock_advance_ms(clock, 1000 + 3000 - 1); /* restore_ms + 3 items x 1 s */
    s_assert_status(m, "dst", "CREATING");
    dc_vclock_advance_ms(clock, 1);
    s_assert_status(m, "dst", "ACTIVE");
    dc_model_free(m);
    dc_vclock_free(clock);
}

/* ---- run's side ------------------------------------------------------------- */

static void run_retries_throttling_and_the_concurrency_limits_only(void **state)
{
    (void)state;
    assert_true(dc_pacing_throttled("ThrottlingException", "Rate exceeded", NULL));
    assert_false(dc_pacing_throttled("ThrottlingException", "Rate exceeded", "ThrottlingException")); /* expected */
    assert_true(dc_pacing_throttled("LimitExceededException",
                                    "Subscriber limit exceeded: Only 50 restore operations can be done simultaneously",
                                    NULL));
    assert_false(
        dc_pacing_throttled("LimitExceededException", "Subscriber limit exceeded: more than 256 tables", NULL));
    assert_false(dc_pacing_throttled("ValidationException", "Rate exceeded", NULL));
    assert_false(dc_pacing_throttled(NULL, NULL, NULL));
}

static void run_backs_off_within_the_cap_and_gives_up_at_the_last_attempt(void **state)
{
    (void)state;
    dc_pace p = load("aws:0.5");
    dc_pacing *pc = dc_pacing_new(&p, 2.0);
    for (unsigned a = 1; a < p.max_attempts; a++) {
        int64_t d = dc_pacing_backoff_ms(pc, a);
        int64_t cap = a >= 6 ? 20000 : (int64_t)1000 << (a - 1); /* 1, 2, 4, 8, 16, then 20 s */
        assert_in_range(d, 0, cap / 2);                          /* at scale 0.5 */
    }
    assert_int_equal(dc_pacing_backoff_ms(pc, p.max_attempts), -1);
    /* waiters: the case's timeout at the profile's scale, times --wait-scale;
     * the case's poll interval, at least the profile's (1 s), at the scale */
    assert_true(dc_pacing_wait_timeout(pc, 1200) == 1200.0 * 0.5 * 2.0);
    assert_true(dc_pacing_wait_interval(pc, 0.05) == 0.5);
    assert_true(dc_pacing_wait_interval(pc, 2) == 1.0);
    dc_pacing_free(pc);
}

static void tally_counts_the_retried_calls_and_the_given_up_cases(void **state)
{
    (void)state;
    dc_case_result cases[3];
    memset(cases, 0, sizeof cases);
    char *n0[] = {"throttled: steps[0] (ListBackups) answered ThrottlingException 'Rate exceeded'; retried after 3 ms",
                  "cleanup step 2 (DeleteTable): status", "throttled: steps[1] (DescribeBackup) answered ..."};
    cases[0].notes = n0;
    cases[0].nnotes = 3;
    cases[1].status = DC_CASE_SKIPPED;
    cases[1].reason = "throttled: steps[0] (ListBackups) answered ThrottlingException after 8 attempts";
    cases[2].status = DC_CASE_SKIPPED;
    cases[2].reason = "interrupted";
    dc_run_result r;
    memset(&r, 0, sizeof r);
    r.cases = cases;
    r.ncases = 3;
    size_t retried = 9, given_up = 9;
    dc_pacing_tally(&r, &retried, &given_up);
    assert_int_equal(retried, 2);
    assert_int_equal(given_up, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aws_profile_has_the_facts_numbers),
        cmocka_unit_test(scale_multiplies_the_durations),
        cmocka_unit_test(bad_pace_arguments_name_what_is_wrong),
        cmocka_unit_test(a_bucket_gives_its_burst_then_refills_at_its_rate),
        cmocka_unit_test(serve_throttles_the_sixth_list_backups_per_account),
        cmocka_unit_test(table_operations_beyond_the_limit_are_limit_exceeded),
        cmocka_unit_test(restore_time_grows_with_the_items),
        cmocka_unit_test(run_retries_throttling_and_the_concurrency_limits_only),
        cmocka_unit_test(run_backs_off_within_the_cap_and_gives_up_at_the_last_attempt),
        cmocka_unit_test(tally_counts_the_retried_calls_and_the_given_up_cases),
    };
    return cmocka_run_group_tests(tests, s_load_spec, s_free_spec);
}
