/* test_validate.c - the validation core against the request -> answer table
 * tests/data/validate/table.json (each row cites its fact). Clause lists are
 * compared as unordered sets where the row says so (facts §3.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"
#include "validate/rules.h"
#include "spec/spec.h"
#include "validate/validate.h"

static dc_spec *g_spec;
static dc_json_doc g_table;
static dc_buf g_table_bytes;

static const char *s_home(void)
{
    const char *env = getenv("DDBCONFORM_HOME");
    return env != NULL && *env ? env : ".";
}

static int setup(void **state)
{
    (void)state;
    dc_err err = {{0}};
    if (dc_spec_load(s_home(), &g_spec, &err) != 0) {
        fprintf(stderr, "spec: %s\n", err.msg);
        return -1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/validate/table.json", s_home());
    dc_buf_init(&g_table_bytes);
    if (dc_read_file(path, 16u << 20, &g_table_bytes, &err) != 0 ||
        dc_json_parse(g_table_bytes.data, g_table_bytes.len, &g_table, &err) != 0) {
        fprintf(stderr, "table: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dc_json_doc_free(&g_table);
    dc_buf_free(&g_table_bytes);
    dc_spec_free(g_spec);
    return 0;
}

/* Splits "N validation errors detected: a; b" into prefix and clauses and
 * compares clause sets; returns NULL when equal, else a reason. */
static const char *s_clause_sets_differ(const char *expected, const char *actual)
{
    static const char marker[] = " detected: ";
    const char *e = strstr(expected, marker), *a = strstr(actual, marker);
    if (e == NULL || a == NULL)
        return "no 'detected:' prefix";
    if (e - expected != a - actual || strncmp(expected, actual, (size_t)(e - expected)) != 0)
        return "count prefix differs";
    e += sizeof marker - 1;
    a += sizeof marker - 1;
    char *ec = dc_xstrdup(e), *ac = dc_xstrdup(a);
    const char *why = NULL;
    char *eparts[16], *aparts[16];
    size_t ne = 0, na = 0;
    for (char *p = ec, *q; ne < 16 && p != NULL; p = q) {
        q = strstr(p, "; ");
        if (q != NULL) {
            *q = '\0';
            q += 2;
        }
        eparts[ne++] = p;
    }
    for (char *p = ac, *q; na < 16 && p != NULL; p = q) {
        q = strstr(p, "; ");
        if (q != NULL) {
            *q = '\0';
            q += 2;
        }
        aparts[na++] = p;
    }
    if (ne != na) {
        why = "clause count differs";
        goto done;
    }
    bool used[16] = {false};
    for (size_t i = 0; i < ne && why == NULL; i++) {
        bool found = false;
        for (size_t j = 0; j < na && !found; j++)
            if (!used[j] && strcmp(eparts[i], aparts[j]) == 0)
                found = used[j] = true;
        if (!found)
            why = "a clause is missing";
    }
done:
    free(ec);
    free(ac);
    return why;
}

/* Runs one table row; returns NULL on success or a malloc'd explanation. */
static char *s_run_row(dc_validator *v, const dc_json *row)
{
    const char *name = dc_json_string(dc_json_get(row, "name"));
    const char *op = dc_json_string(dc_json_get(row, "op"));
    const dc_json *raw = dc_json_get(row, "raw");
    const dc_json *request = dc_json_get(row, "request");
    const dc_json *context = dc_json_get(row, "context");
    const dc_json *expect = dc_json_get(row, "expect");
    dc_buf body, got, why;
    dc_buf_init(&body);
    dc_buf_init(&got);
    dc_buf_init(&why);
    if (raw != NULL)
        dc_buf_append(&body, raw->str, raw->str_len);
    else
        dc_json_print(request, &body);
    dc_validate_context ctx = {0};
    dc_err err = {{0}};
    if (context != NULL && dc_validate_context_from_json(context, &ctx, &err) != 0)
        dc_buf_printf(&why, "%s: bad context: %s", name, err.msg);
    dc_verdict verdict;
    if (why.len == 0 && dc_validate(v, op, body.data, body.len, &ctx, &verdict, &err) != 0)
        dc_buf_printf(&why, "%s: %s", name, err.msg);
    if (why.len > 0)
        goto done;
    if (!verdict.ok)
        dc_verdict_body(&verdict, &got);
    if (expect == NULL || expect->type == DC_JSON_NULL) {
        if (!verdict.ok)
            dc_buf_printf(&why, "%s: expected valid, got %s", name, (char *)got.data);
    } else if (verdict.ok) {
        dc_buf_printf(&why, "%s: expected an error, got valid", name);
    } else {
        dc_json_doc actual;
        if (dc_json_parse(got.data, got.len, &actual, &err) != 0) {
            dc_buf_printf(&why, "%s: body is not JSON: %s", name, (char *)got.data);
        } else {
            const dc_json *et = dc_json_get(expect, "__type"), *at = dc_json_get(actual.root, "__type");
            const char *key = dc_json_get(expect, "Message") ? "Message" : "message";
            const dc_json *em = dc_json_get(expect, key), *am = dc_json_get(actual.root, key);
            bool unordered = dc_json_get(expect, "unordered") != NULL;
            size_t expected_members = 1 + (em != NULL);
            if (!dc_json_equal(et, at))
                dc_buf_printf(&why, "%s: __type: expected %s, got %s", name, et->str, (char *)got.data);
            else if (actual.root->count != expected_members || (em == NULL) != (am == NULL))
                dc_buf_printf(&why, "%s: members: expected %s key presence, got %s", name, key, (char *)got.data);
            else if (em != NULL && unordered && s_clause_sets_differ(em->str, am->str) != NULL)
                dc_buf_printf(&why, "%s: %s:\n   expected %s\n   got      %s", name,
                              s_clause_sets_differ(em->str, am->str), em->str, am->str);
            else if (em != NULL && !unordered && !dc_json_equal(em, am))
                dc_buf_printf(&why, "%s: message:\n   expected %s\n   got      %s", name, em->str, am->str);
            dc_json_doc_free(&actual);
        }
    }
    dc_verdict_free(&verdict);
done:
    dc_buf_free(&body);
    dc_buf_free(&got);
    return why.len > 0 ? dc_buf_take(&why) : (dc_buf_free(&why), NULL);
}

static void every_row_of_the_fact_table_gets_the_recorded_answer(void **state)
{
    (void)state;
    const dc_json *cases = dc_json_get(g_table.root, "cases");
    assert_true(dc_json_is_array(cases));
    assert_true(cases->count >= 150);
    dc_validator *v = dc_validator_new(g_spec);
    size_t failed = 0;
    for (size_t i = 0; i < cases->count; i++) {
        char *why = s_run_row(v, &cases->items[i]);
        if (why != NULL) {
            fprintf(stderr, "FAIL %s\n", why);
            free(why);
            failed++;
        }
    }
    dc_validator_free(v);
    if (failed > 0)
        fail_msg("%zu of %zu table rows failed", failed, cases->count);
}

static void every_row_names_its_fact(void **state)
{
    (void)state;
    const dc_json *cases = dc_json_get(g_table.root, "cases");
    for (size_t i = 0; i < cases->count; i++) {
        const dc_json *fact = dc_json_get(&cases->items[i], "fact");
        assert_true(dc_json_is_string(fact));
        assert_true(fact->str_len > 5);
    }
}

static void every_operation_in_scope_has_rows(void **state)
{
    (void)state;
    static const char *const ops[] = {"CreateBackup",
                                      "DeleteBackup",
                                      "DescribeBackup",
                                      "ListBackups",
                                      "RestoreTableFromBackup",
                                      "RestoreTableToPointInTime",
                                      "UpdateContinuousBackups",
                                      "DescribeContinuousBackups",
                                      "CreateTable",
                                      "DescribeTable",
                                      "DeleteTable",
                                      "PutItem",
                                      "GetItem",
                                      "Scan"};
    const dc_json *cases = dc_json_get(g_table.root, "cases");
    for (size_t o = 0; o < DC_ARRAY_LEN(ops); o++) {
        size_t n = 0;
        for (size_t i = 0; i < cases->count; i++)
            n += dc_json_string_eq(dc_json_get(&cases->items[i], "op"), ops[o]);
        if (n == 0)
            fail_msg("no rows for %s", ops[o]);
    }
}

static void every_rule_named_in_the_spec_is_implemented(void **state)
{
    (void)state;
    for (size_t i = 0; i < dc_spec_operation_count(g_spec); i++) {
        const dc_operation *op = dc_spec_operation_at(g_spec, i);
        for (size_t r = 0; r < op->nrules; r++)
            if (!dc_rule_known(op->rules[r]))
                fail_msg("%s names rule '%s' that the validation core does not implement", op->name, op->rules[r]);
        for (size_t m = 0; m < op->input->nmembers; m++)
            if (op->input->members[m].check != NULL && !dc_rule_known(op->input->members[m].check))
                fail_msg("%s.%s names check '%s' that is not implemented", op->name, op->input->members[m].name,
                         op->input->members[m].check);
    }
}

static void unknown_operation_is_an_error_not_a_verdict(void **state)
{
    (void)state;
    dc_validator *v = dc_validator_new(g_spec);
    dc_verdict verdict;
    dc_err err = {{0}};
    assert_int_equal(dc_validate(v, "ListTables", (const uint8_t *)"{}", 2, NULL, &verdict, &err), -1);
    assert_string_equal(err.msg, "unknown operation 'ListTables'");
    dc_validator_free(v);
}

static void validator_is_deterministic_across_runs(void **state)
{
    (void)state;
    const char *req = "{\"GlobalSecondaryIndexOverride\":[{},{},{},{},{}],\"TargetTableName\":\"a\"}";
    dc_validator *v = dc_validator_new(g_spec);
    dc_buf first, again;
    dc_buf_init(&first);
    dc_buf_init(&again);
    for (int i = 0; i < 3; i++) {
        dc_verdict verdict;
        assert_int_equal(
            dc_validate(v, "RestoreTableFromBackup", (const uint8_t *)req, strlen(req), NULL, &verdict, NULL), 0);
        assert_false(verdict.ok);
        assert_int_equal(verdict.nclauses, 10);
        dc_buf_reset(&again);
        dc_verdict_body(&verdict, &again);
        if (i == 0)
            dc_buf_append(&first, again.data, again.len);
        assert_string_equal((char *)first.data, (char *)again.data);
        dc_verdict_free(&verdict);
    }
    assert_non_null(strstr((char *)first.data, "\"message\":\"10 validation errors detected: "));
    dc_buf_free(&first);
    dc_buf_free(&again);
    dc_validator_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_fact_table_gets_the_recorded_answer),
        cmocka_unit_test(every_row_names_its_fact),
        cmocka_unit_test(every_operation_in_scope_has_rows),
        cmocka_unit_test(every_rule_named_in_the_spec_is_implemented),
        cmocka_unit_test(unknown_operation_is_an_error_not_a_verdict),
        cmocka_unit_test(validator_is_deterministic_across_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
