/* test_explore.c - explore's judge (spec/explore.json over spec/normalize.json)
 * and generator: what counts as a divergence and what does not, and that a
 * seed always generates the same steps. Runs from the repository top. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "explore/gen.h"
#include "explore/judge.h"
#include "explore/sides.h"
#include "spec/spec.h"

static dc_ex_rules *s_rules;
static dc_spec *s_spec;

static int s_setup(void **state)
{
    (void)state;
    dc_err err;
    if (dc_ex_rules_load(".", &s_rules, &err) != 0 || dc_spec_load(".", &s_spec, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int s_teardown(void **state)
{
    (void)state;
    dc_ex_rules_free(s_rules);
    dc_spec_free(s_spec);
    return 0;
}

static void s_answer(dc_ex_answer *a, int status, const char *body)
{
    dc_ex_answer_init(a);
    a->status = status;
    dc_buf_puts(&a->raw, body);
    dc_ex_answer_read_error(a);
}

/* The differences of real from model for op: the first path, "" when none. */
static size_t s_compare(const char *op, int ms, const char *model, int rs, const char *real, char *first, size_t *notes)
{
    dc_ex_answer m, r;
    s_answer(&m, ms, model);
    s_answer(&r, rs, real);
    dc_ex_judge *j = dc_ex_judge_new(s_rules);
    dc_mismatches out;
    dc_mismatches_init(&out);
    *notes = 0;
    dc_ex_judge_compare(j, dc_spec_operation(s_spec, op), &m, &r, false, &out, notes);
    size_t n = out.count;
    snprintf(first, 200, "%s", n > 0 ? out.items[0].path : "");
    dc_mismatches_free(&out);
    dc_ex_judge_free(j);
    dc_ex_answer_free(&m);
    dc_ex_answer_free(&r);
    return n;
}

static void scan_items_compare_as_a_set_whatever_the_member_order(void **state)
{
    (void)state;
    char first[200];
    size_t notes;
    assert_int_equal(s_compare("Scan", 200,
                               "{\"Count\":2,\"Items\":[{\"g\":{\"S\":\"g2\"},\"pk\":{\"S\":\"k0\"}},"
                               "{\"g\":{\"S\":\"g1\"},\"pk\":{\"S\":\"k2\"}}],\"ScannedCount\":2}",
                               200,
                               "{\"Count\":2,\"Items\":[{\"pk\":{\"S\":\"k2\"},\"g\":{\"S\":\"g1\"}},"
                               "{\"pk\":{\"S\":\"k0\"},\"g\":{\"S\":\"g2\"}}],\"ScannedCount\":2}",
                               first, &notes),
                     0);
    assert_int_equal(s_compare("Scan", 200, "{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"k0\"}}],\"ScannedCount\":1}", 200,
                               "{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"k1\"}}],\"ScannedCount\":1}", first, &notes),
                     1);
    assert_string_equal(first, "body.Items.0.pk.S");
}

static void statistics_and_times_are_not_compared_by_value(void **state)
{
    (void)state;
    char first[200];
    size_t notes;
    const char *m = "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\",\"ItemCount\":3,\"TableSizeBytes\":90,"
                    "\"CreationDateTime\":1700000000.123}}";
    const char *r = "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\",\"ItemCount\":0,\"TableSizeBytes\":0,"
                    "\"CreationDateTime\":1765000000.5}}";
    assert_int_equal(s_compare("DescribeTable", 200, m, 200, r, first, &notes), 0);
    /* a time of the wrong type is a difference */
    const char *bad = "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\",\"CreationDateTime\":\"yesterday\"}}";
    assert_int_equal(s_compare("DescribeTable", 200, m, 200, bad, first, &notes), 1);
    assert_string_equal(first, "body.Table.CreationDateTime");
}

static void a_member_only_the_endpoint_sends_is_a_note_unless_its_absence_matters(void **state)
{
    (void)state;
    char first[200];
    size_t notes;
    /* WarmThroughput: newer than the model, a note */
    assert_int_equal(s_compare("DescribeTable", 200, "{\"Table\":{\"TableName\":\"t\"}}", 200,
                               "{\"Table\":{\"TableName\":\"t\",\"WarmThroughput\":{\"Status\":\"ACTIVE\"}}}", first,
                               &notes),
                     0);
    assert_int_equal(notes, 1);
    /* an empty list of indexes is no index */
    assert_int_equal(s_compare("DescribeTable", 200, "{\"Table\":{\"TableName\":\"t\"}}", 200,
                               "{\"Table\":{\"TableName\":\"t\",\"GlobalSecondaryIndexes\":[]}}", first, &notes),
                     0);
    /* indexes a GSI override dropped, and an item where none is: divergences */
    assert_int_equal(s_compare("RestoreTableFromBackup", 200, "{\"TableDescription\":{\"TableName\":\"t\"}}", 200,
                               "{\"TableDescription\":{\"TableName\":\"t\",\"GlobalSecondaryIndexes\":[{\"IndexName\":"
                               "\"gsi1\"}]}}",
                               first, &notes),
                     1);
    assert_string_equal(first, "body.TableDescription.GlobalSecondaryIndexes");
    assert_int_equal(s_compare("GetItem", 200, "{}", 200, "{\"Item\":{\"pk\":{\"S\":\"k0\"}}}", first, &notes), 1);
    assert_string_equal(first, "body.Item");
}

static void an_error_is_judged_by_its_name_and_at_strict_its_message(void **state)
{
    (void)state;
    char first[200];
    size_t notes;
    const char *e1 = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#BackupNotFoundException\",\"message\":\"Backup "
                     "not found\"}";
    const char *e2 = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#BackupNotFoundException\",\"message\":\"no such "
                     "backup\"}";
    assert_int_equal(s_compare("DescribeBackup", 400, e1, 400, e1, first, &notes), 0);
    assert_int_equal(s_compare("DescribeBackup", 400, e1, 400, e2, first, &notes), 1);
    assert_string_equal(first, "body.message");
    /* accepted where the model refuses: the error decides, not the body */
    assert_int_equal(s_compare("DescribeBackup", 400, e1, 200, "{\"BackupDescription\":{}}", first, &notes), 2);
    assert_string_equal(first, "status");
}

static void backup_arns_compare_by_consistent_renaming(void **state)
{
    (void)state;
    dc_ex_judge *j = dc_ex_judge_new(s_rules);
    const dc_operation *op = dc_spec_operation(s_spec, "DescribeBackup");
    const char *a1 = "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01700000000000-aaaaaaaa";
    const char *a2 = "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01765000000000-bbbbbbbb";
    const char *a3 = "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01765000000001-cccccccc";
    char mb[256], rb[256];
    dc_ex_answer m, r;
    dc_mismatches out;
    size_t notes = 0;
    /* first sight: the model's a1 is the endpoint's a2 */
    snprintf(mb, sizeof mb, "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"%s\"}}}", a1);
    snprintf(rb, sizeof rb, "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"%s\"}}}", a2);
    s_answer(&m, 200, mb);
    s_answer(&r, 200, rb);
    dc_mismatches_init(&out);
    dc_ex_judge_compare(j, op, &m, &r, false, &out, &notes);
    assert_int_equal(out.count, 0);
    dc_mismatches_free(&out);
    dc_ex_answer_free(&r);
    /* later the endpoint names another backup where the model names a1 again */
    snprintf(rb, sizeof rb, "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"%s\"}}}", a3);
    s_answer(&r, 200, rb);
    dc_mismatches_init(&out);
    dc_ex_judge_compare(j, op, &m, &r, false, &out, &notes);
    assert_int_equal(out.count, 1);
    assert_string_equal(out.items[0].path, "body.BackupDescription.BackupDetails.BackupArn");
    dc_mismatches_free(&out);
    dc_ex_answer_free(&m);
    dc_ex_answer_free(&r);
    dc_ex_judge_free(j);
}

static void a_seed_generates_the_same_steps_and_another_seed_others(void **state)
{
    (void)state;
    dc_ex_gen *a = dc_ex_gen_new(42, NULL, 0), *b = dc_ex_gen_new(42, NULL, 0), *c = dc_ex_gen_new(43, NULL, 0);
    size_t differ = 0;
    for (int i = 0; i < 200; i++) {
        dc_ex_step sa, sb, sc;
        dc_ex_gen_next(a, &sa);
        dc_ex_gen_next(b, &sb);
        dc_ex_gen_next(c, &sc);
        assert_string_equal(sa.op, sb.op);
        assert_true((sa.body == NULL && sb.body == NULL) || strcmp(sa.body, sb.body) == 0);
        assert_int_equal(sa.advance_ms, sb.advance_ms);
        differ += strcmp(sa.op, sc.op) != 0;
        /* the generator follows what the model said: here every call succeeds */
        dc_ex_gen_feedback(a, &sa, true);
        dc_ex_gen_feedback(b, &sb, true);
        dc_ex_gen_feedback(c, &sc, true);
        dc_ex_step_free(&sa);
        dc_ex_step_free(&sb);
        dc_ex_step_free(&sc);
    }
    assert_true(differ > 50);
    dc_ex_gen_free(a);
    dc_ex_gen_free(b);
    dc_ex_gen_free(c);
}

static void ops_narrow_the_steps_to_what_they_need(void **state)
{
    (void)state;
    const char *ops[] = {"RestoreTableToPointInTime"};
    dc_ex_gen *g = dc_ex_gen_new(7, ops, 1);
    for (int i = 0; i < 300; i++) {
        dc_ex_step s;
        dc_ex_gen_next(g, &s);
        assert_true(strcmp(s.op, "RestoreTableToPointInTime") == 0 || strcmp(s.op, "CreateTable") == 0 ||
                    strcmp(s.op, "UpdateContinuousBackups") == 0 || strcmp(s.op, "(advance)") == 0);
        dc_ex_gen_feedback(g, &s, true);
        dc_ex_step_free(&s);
    }
    dc_ex_gen_free(g);
    assert_true(dc_ex_gen_knows("Scan"));
    assert_false(dc_ex_gen_knows("(advance)"));
    assert_false(dc_ex_gen_knows("UpdateTable"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scan_items_compare_as_a_set_whatever_the_member_order),
        cmocka_unit_test(statistics_and_times_are_not_compared_by_value),
        cmocka_unit_test(a_member_only_the_endpoint_sends_is_a_note_unless_its_absence_matters),
        cmocka_unit_test(an_error_is_judged_by_its_name_and_at_strict_its_message),
        cmocka_unit_test(backup_arns_compare_by_consistent_renaming),
        cmocka_unit_test(a_seed_generates_the_same_steps_and_another_seed_others),
        cmocka_unit_test(ops_narrow_the_steps_to_what_they_need),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
