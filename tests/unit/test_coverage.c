/* test_coverage.c - the coverage computation of `ddbconform spec coverage` on
 * the fixture spec of tests/data/coverage (one operation, every constraint kind). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "suite/cases.h"
#include "suite/coverage.h"
#include "spec/spec.h"

#define FIXTURE "tests/data/coverage"

static dc_spec *g_spec;

static int s_setup(void **state)
{
    (void)state;
    dc_err err;
    if (dc_spec_load(FIXTURE, &g_spec, &err) != 0) {
        fprintf(stderr, "fixture spec: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int s_teardown(void **state)
{
    (void)state;
    dc_spec_free(g_spec);
    return 0;
}

/* A one-step case of Op whose step is STEP (a JSON object text). */
static void s_case(const char *step, dc_case *c)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"id\":\"t/x\",\"description\":\"d\",\"source\":\"s\",\"level\":\"both\",\"tags\":[],\"steps\":[%s],"
             "\"cleanup\":[{\"op\":\"Op\",\"request\":{},\"expect\":{\"error\":\"ThrottlingException\"}}]}",
             step);
    dc_err err;
    if (dc_case_parse("t/x.json", text, strlen(text), NULL, c, &err) != 0)
        fail_msg("fixture case does not parse: %s", err.msg);
}

/* The covered items, sorted by spec order, joined with ' '. */
static void s_covered(const dc_coverage *cov, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < cov->count; i++)
        if (cov->items[i].covered_by != NULL) {
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? " " : "", cov->items[i].item);
        }
}

static const struct {
    const char *what;
    const char *step;
    const char *covered;
} EXERCISES[] = {
    {"a clause naming a path and constraint covers exactly that item",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"ab\"},\"expect\":{\"error\":\"ValidationException\",\"message\":{"
     "\"clauses\":"
     "[\"Value 'ab' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3\"]}}}",
     "name:min error:ValidationException"},
    {"an exact 'N validation errors detected' text is read as clauses",
     "{\"op\":\"Op\",\"request\":{},\"expect\":{\"error\":\"ValidationException\",\"message\":\"2 validation errors "
     "detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value 'C' at 'kind' failed "
     "to satisfy constraint: Member must satisfy enum value set: [A, B]\"}}",
     "name:required kind:enum error:ValidationException"},
    {"list element paths lose their index",
     "{\"op\":\"Op\",\"request\":{},\"expect\":{\"error\":\"ValidationException\",\"message\":{\"clauses\":[\"Value "
     "'a b' at 'names.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: "
     "[a-z]+\"]}}}",
     "names.member:pattern error:ValidationException"},
    {"a custom text counts the one constraint the request breaks",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\",\"Count\":6},\"expect\":{\"error\":\"ValidationException\","
     "\"message\":\"Count is too big\"}}",
     "count:max error:ValidationException"},
    {"a custom text over a request that breaks two constraints counts neither",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\",\"Count\":6,\"Names\":[]},\"expect\":{\"error\":"
     "\"ValidationException\",\"message\":{\"regex\":\"big\"}}}",
     "error:ValidationException"},
    {"a ${var} template is not judged by length or pattern",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"${unique}-x\",\"Sub\":{}},\"expect\":{\"error\":\"ValidationException\","
     "\"message\":\"custom\"}}",
     "sub.flag:required error:ValidationException"},
    {"a SerializationException counts the one member of the wrong JSON type",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\",\"Names\":[\"abc\",5]},\"expect\":{\"error\":"
     "\"SerializationException\"}}",
     "names.member:type error:SerializationException"},
    {"a nested structure of the wrong type is a type break",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\",\"Sub\":\"x\"},\"expect\":{\"error\":\"SerializationException\"}}",
     "sub:type error:SerializationException"},
    {"a modeled error is covered by expecting it; cleanup steps count for nothing",
     "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\"},\"expect\":{\"error\":\"NotFoundException\"}}",
     "error:NotFoundException"},
    {"a success covers nothing", "{\"op\":\"Op\",\"request\":{\"Name\":\"abc\"}}", ""},
};

static void each_step_covers_exactly_what_its_expectation_shows(void **state)
{
    (void)state;
    static const char ex_text[] = "{\"commonErrors\":[\"ValidationException\",\"SerializationException\"],"
                                  "\"notApplicable\":{\"ThrottlingException\":\"rate buckets\"}}";
    dc_json_doc ex;
    assert_int_equal(dc_json_parse(ex_text, strlen(ex_text), &ex, NULL), 0);
    for (size_t i = 0; i < sizeof EXERCISES / sizeof EXERCISES[0]; i++) {
        dc_case c;
        s_case(EXERCISES[i].step, &c);
        dc_coverage cov;
        dc_err err;
        if (dc_coverage_compute(g_spec, &c, 1, ex.root, false, &cov, &err) != 0)
            fail_msg("%s: %s", EXERCISES[i].what, err.msg);
        char got[2048];
        s_covered(&cov, got, sizeof got);
        if (strcmp(got, EXERCISES[i].covered) != 0)
            fail_msg("%s:\n  got      '%s'\n  expected '%s'", EXERCISES[i].what, got, EXERCISES[i].covered);
        dc_coverage_free(&cov);
        dc_case_free(&c);
    }
    dc_json_doc_free(&ex);
}

static void items_list_every_constraint_kind_and_the_errors_in_spec_order(void **state)
{
    (void)state;
    static const char ex_text[] = "{\"commonErrors\":[\"ValidationException\"],\"notApplicable\":{"
                                  "\"SerializationException\":\"r\",\"ThrottlingException\":\"r\"}}";
    dc_json_doc ex;
    assert_int_equal(dc_json_parse(ex_text, strlen(ex_text), &ex, NULL), 0);
    dc_coverage cov;
    dc_err err;
    assert_int_equal(dc_coverage_compute(g_spec, NULL, 0, ex.root, false, &cov, &err), 0);
    static const char *const expected[] = {"name:required",
                                           "name:min",
                                           "name:max",
                                           "name:pattern",
                                           "name:type",
                                           "kind:enum",
                                           "kind:type",
                                           "count:min",
                                           "count:max",
                                           "count:type",
                                           "names:min",
                                           "names:max",
                                           "names:type",
                                           "names.member:min",
                                           "names.member:max",
                                           "names.member:pattern",
                                           "names.member:type",
                                           "sub:type",
                                           "sub.flag:required",
                                           "sub.flag:type",
                                           "error:NotFoundException",
                                           "error:ValidationException"};
    assert_int_equal(cov.count, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < cov.count; i++) {
        assert_string_equal(cov.items[i].op, "Op");
        assert_string_equal(cov.items[i].item, expected[i]);
    }
    size_t counted, covered;
    dc_coverage_totals(&cov, &counted, &covered);
    assert_int_equal(counted, 22);
    assert_int_equal(covered, 0);
    assert_false(dc_coverage_ok(&cov));
    dc_coverage_free(&cov);
    dc_json_doc_free(&ex);
}

static void exemptions_leave_the_count_and_a_threshold_below_100_can_pass(void **state)
{
    (void)state;
    /* 1 of 22 items exempt, 1 covered: 1/21 = 4.8 % >= 4 % */
    static const char ex_text[] =
        "{\"threshold\":4,\"commonErrors\":[\"ValidationException\"],\"notApplicable\":{"
        "\"SerializationException\":\"r\",\"ThrottlingException\":\"r\"},"
        "\"exempt\":[{\"op\":\"*\",\"item\":\"error:NotFoundException\",\"reason\":\"no trigger recorded\"}]}";
    dc_json_doc ex;
    assert_int_equal(dc_json_parse(ex_text, strlen(ex_text), &ex, NULL), 0);
    dc_case c;
    s_case("{\"op\":\"Op\",\"request\":{\"Name\":\"ab\"},\"expect\":{\"error\":\"ValidationException\",\"message\":"
           "{\"clauses\":[\"Value 'ab' at 'name' failed to satisfy constraint: Member must have length greater than or "
           "equal to 3\"]}}}",
           &c);
    dc_coverage cov;
    dc_err err;
    assert_int_equal(dc_coverage_compute(g_spec, &c, 1, ex.root, false, &cov, &err), 0);
    size_t counted, covered;
    dc_coverage_totals(&cov, &counted, &covered);
    assert_int_equal(counted, 21);
    assert_int_equal(covered, 2); /* name:min and error:ValidationException */
    assert_true(dc_coverage_ok(&cov));
    assert_int_equal(cov.stale, 0);
    dc_coverage_free(&cov);
    dc_case_free(&c);
    dc_json_doc_free(&ex);
}

static const struct {
    const char *what;
    const char *exemptions;
    const char *error;
} BAD_EXEMPTIONS[] = {
    {"an exemption naming no item",
     "{\"commonErrors\":[\"ValidationException\",\"SerializationException\"],"
     "\"notApplicable\":{\"ThrottlingException\":\"r\"},\"exempt\":[{\"op\":\"Op\","
     "\"item\":\"nope:min\",\"reason\":\"r\"}]}",
     "exemptions: exempt[0]: no item 'nope:min' for Op"},
    {"a common error neither counted nor excused", "{\"commonErrors\":[\"ValidationException\"]}",
     "exemptions: common error SerializationException is neither in commonErrors nor in notApplicable (with a "
     "reason)"},
    {"a modeled error listed as common", "{\"commonErrors\":[\"NotFoundException\"]}",
     "exemptions: commonErrors[0]: 'NotFoundException' is not a common error of spec/errors.json"},
    {"an exemption without a reason",
     "{\"commonErrors\":[\"ValidationException\",\"SerializationException\"],"
     "\"notApplicable\":{\"ThrottlingException\":\"r\"},\"exempt\":[{\"op\":\"Op\","
     "\"item\":\"name:min\",\"reason\":\"\"}]}",
     "exemptions: exempt[0]: needs string members op, item and reason"},
    {"a threshold above 100", "{\"threshold\":101}", "exemptions: threshold: expected a percentage 0..100"},
};

static void malformed_exemptions_are_refused_with_one_line_naming_the_problem(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_EXEMPTIONS / sizeof BAD_EXEMPTIONS[0]; i++) {
        dc_json_doc ex;
        assert_int_equal(dc_json_parse(BAD_EXEMPTIONS[i].exemptions, strlen(BAD_EXEMPTIONS[i].exemptions), &ex, NULL),
                         0);
        dc_coverage cov;
        dc_err err = {{0}};
        int rc = dc_coverage_compute(g_spec, NULL, 0, ex.root, false, &cov, &err);
        dc_json_doc_free(&ex);
        if (rc != -1)
            fail_msg("%s: accepted", BAD_EXEMPTIONS[i].what);
        if (strcmp(err.msg, BAD_EXEMPTIONS[i].error) != 0)
            fail_msg("%s:\n  got      '%s'\n  expected '%s'", BAD_EXEMPTIONS[i].what, err.msg, BAD_EXEMPTIONS[i].error);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_step_covers_exactly_what_its_expectation_shows),
        cmocka_unit_test(items_list_every_constraint_kind_and_the_errors_in_spec_order),
        cmocka_unit_test(exemptions_leave_the_count_and_a_threshold_below_100_can_pass),
        cmocka_unit_test(malformed_exemptions_are_refused_with_one_line_naming_the_problem),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
