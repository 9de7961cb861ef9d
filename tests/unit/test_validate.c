/* test_validate.c - the validation core against the request -> answer table
 * tests/data/validate/table.json (each row cites its fact). Clause lists are
 * compared as unordered sets where the row says so ([S:validation-grammar]). */
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
#include "suite/cases.h"
#include "test_util.h"

#define S_TABLE "tests/data/validate/table.json"
#define S_TABLE_ROWS 240 /* as tests/data/validate/make_table.py writes it: a row lost or added shows */

static dc_json_doc g_table;

static int setup(void **state)
{
    if (dc_test_spec_setup(state) != 0)
        return -1;
    return dc_test_load_json(S_TABLE, &g_table);
}

static int teardown(void **state)
{
    dc_json_doc_free(&g_table);
    return dc_test_spec_teardown(state);
}

/* Compares the clause sets of two "N validation errors detected: a; b"
 * messages with the matcher the cases use (suite/cases.h); NULL when equal,
 * else a malloc'd account of the first difference. */
static char *s_clause_sets_differ(const char *expected, const char *actual)
{
    dc_clause_set want;
    if (dc_clauses_parse(expected, strlen(expected), &want) != 0)
        return dc_xstrdup("the expected message has no 'N validation errors detected: ' form");
    dc_mismatches mm;
    dc_mismatches_init(&mm);
    char *why = NULL;
    if (!dc_clauses_match((const char *const *)want.clauses, want.n, want.count, actual, strlen(actual), "message",
                          &mm))
        why = dc_strf("%s: expected %s, got %s", mm.items[0].path, mm.items[0].expected, mm.items[0].actual);
    dc_mismatches_free(&mm);
    dc_clause_set_free(&want);
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
        char *clauses = NULL;
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
            else if (em != NULL && unordered && (clauses = s_clause_sets_differ(em->str, am->str)) != NULL)
                dc_buf_printf(&why, "%s: %s:\n   expected %s\n   got      %s", name, clauses, em->str, am->str);
            else if (em != NULL && !unordered && !dc_json_equal(em, am))
                dc_buf_printf(&why, "%s: message:\n   expected %s\n   got      %s", name, em->str, am->str);
            dc_json_doc_free(&actual);
        }
        free(clauses);
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
    assert_int_equal(cases->count, S_TABLE_ROWS);
    dc_validator *v = dc_validator_new(dc_test_spec());
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

/* A fact names its source and how sure it is ([M] model/docs, [R] recorded
 * from the service, [E] emulator only, [I] inference). Rows that cite the
 * project's catalogue give its id (docs/sources.md, [S:<id>]). */
static const char *const s_fact_grammar[] = {
    "^\\[S:[a-z0-9-]+\\][^\\n]*\\[[RMEI]\\]", /* catalogued facts: [S:<id>] ... [confidence] */
    "^(?!\\[S:)\\S.*\\[[RMEI]\\]",            /* moto, dynalite, the model ... [confidence] */
    "^\\[S:rule-[a-z0-9-]+\\]: \\S",          /* a decision of the design, not a fact of the service */
};

static void every_row_names_its_fact(void **state)
{
    (void)state;
    const dc_json *cases = dc_json_get(g_table.root, "cases");
    for (size_t i = 0; i < cases->count; i++) {
        const dc_json *fact = dc_json_get(&cases->items[i], "fact");
        assert_true(dc_json_is_string(fact));
        bool named = false;
        for (size_t g = 0; g < DC_ARRAY_LEN(s_fact_grammar) && !named; g++) {
            dc_err err;
            if (dc_regex_search(s_fact_grammar[g], fact->str, fact->str_len, &named, &err) != 0)
                fail_msg("%s: %s", s_fact_grammar[g], err.msg);
        }
        if (!named)
            fail_msg("%s: fact \"%s\" names no source with its confidence [R|M|E|I]",
                     dc_json_string(dc_json_get(&cases->items[i], "name")), fact->str);
    }
}

static void every_operation_of_the_spec_has_rows(void **state)
{
    (void)state;
    const dc_json *cases = dc_json_get(g_table.root, "cases");
    for (size_t o = 0; o < dc_spec_operation_count(dc_test_spec()); o++) {
        const char *op = dc_spec_operation_at(dc_test_spec(), o)->name;
        size_t n = 0;
        for (size_t i = 0; i < cases->count; i++)
            n += dc_json_string_eq(dc_json_get(&cases->items[i], "op"), op);
        if (n == 0)
            fail_msg("no rows for %s", op);
    }
}

static void every_rule_named_in_the_spec_is_implemented(void **state)
{
    (void)state;
    for (size_t i = 0; i < dc_spec_operation_count(dc_test_spec()); i++) {
        const dc_operation *op = dc_spec_operation_at(dc_test_spec(), i);
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
    dc_validator *v = dc_validator_new(dc_test_spec());
    dc_verdict verdict;
    dc_err err = {{0}};
    assert_int_equal(dc_validate(v, "ListExports", (const uint8_t *)"{}", 2, NULL, &verdict, &err), -1);
    assert_string_equal(err.msg, "unknown operation 'ListExports'");
    dc_validator_free(v);
}

static void validator_is_deterministic_across_runs(void **state)
{
    (void)state;
    const char *req = "{\"GlobalSecondaryIndexOverride\":[{},{},{},{},{}],\"TargetTableName\":\"a\"}";
    dc_validator *v = dc_validator_new(dc_test_spec());
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

/* The --context file: "account" is a 12-digit string; anything else is refused
 * with a line that says what was expected. */
static void context_account_is_twelve_digits_and_unknown_keys_are_named(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *account, *err;
    } rows[] = {
        {"{\"account\":\"111122223333\",\"region\":\"us-east-1\"}", "111122223333", NULL},
        {"{\"account\":111122223333}", NULL, "context: account: expected a 12-digit account id as a string"},
        {"{\"account\":\"11112222333\"}", NULL, "context: account: expected a 12-digit account id as a string"},
        {"{\"account\":\"11112222333x\"}", NULL, "context: account: expected a 12-digit account id as a string"},
        {"{\"acount\":\"111122223333\"}", NULL,
         "context: unknown key 'acount' (expected sourceTable, backup, continuousBackups, now, region, account)"},
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        dc_json_doc doc;
        assert_int_equal(dc_json_parse(rows[i].doc, strlen(rows[i].doc), &doc, NULL), 0);
        dc_validate_context ctx;
        dc_err err = {{0}};
        int rc = dc_validate_context_from_json(doc.root, &ctx, &err);
        if (rows[i].err == NULL) {
            assert_int_equal(rc, 0);
            assert_string_equal(ctx.account, rows[i].account);
        } else {
            assert_int_equal(rc, -1);
            assert_string_equal(err.msg, rows[i].err);
        }
        dc_json_doc_free(&doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_fact_table_gets_the_recorded_answer),
        cmocka_unit_test(every_row_names_its_fact),
        cmocka_unit_test(every_operation_of_the_spec_has_rows),
        cmocka_unit_test(every_rule_named_in_the_spec_is_implemented),
        cmocka_unit_test(unknown_operation_is_an_error_not_a_verdict),
        cmocka_unit_test(validator_is_deterministic_across_runs),
        cmocka_unit_test(context_account_is_twelve_digits_and_unknown_keys_are_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
