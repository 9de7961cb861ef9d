/* test_cases.c - the case language: loader (generatedBy marker, fixture includes), ${var}
 * substitution, body matchers, clause sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "suite/cases.h"

static const char GOOD[] =
    "{\"id\":\"backup/x\",\"description\":\"d\",\"source\":\"[S:backup-lifecycle] [R]\",\"level\":\"strict\","
    "\"tags\":[\"backup\"],\"vars\":{\"table\":\"${unique}-src\"},"
    "\"steps\":[{\"op\":\"CreateBackup\",\"request\":{\"TableName\":\"${table}\"},"
    "\"expect\":{\"status\":400,\"error\":\"ValidationException\",\"message\":{\"clauses\":[\"a\",\"b\"],\"count\":2}},"
    "\"capture\":{\"arn\":\"BackupDetails.BackupArn\"}},"
    "{\"wait\":{\"op\":\"DescribeTable\",\"request\":{},\"until\":{\"Table.TableStatus\":\"ACTIVE\"},\"timeout\":5,"
    "\"interval\":0.2}}],"
    "\"cleanup\":[{\"op\":\"DeleteTable\",\"request\":{\"TableName\":\"${table}\"}}]}";

static void good_case_file_loads_every_part(void **state)
{
    (void)state;
    dc_case c;
    dc_err err;
    assert_int_equal(dc_case_parse("cases/backup/x.json", GOOD, strlen(GOOD), "backup/x", &c, &err), 0);
    assert_string_equal(c.id, "backup/x");
    assert_true(c.strict_only);
    assert_int_equal(c.ntags, 1);
    assert_true(dc_case_has_tag(&c, "backup"));
    assert_int_equal(c.nsteps, 2);
    assert_int_equal(c.ncleanup, 1);
    assert_string_equal(c.steps[0].call.op, "CreateBackup");
    assert_int_equal(c.steps[0].call.expect.status, 400);
    assert_string_equal(c.steps[0].call.expect.error, "ValidationException");
    assert_int_equal(c.steps[0].call.expect.msg_kind, DC_MSG_CLAUSES);
    assert_int_equal(c.steps[0].call.expect.clause_count, 2);
    assert_true(c.steps[0].call.sign);
    assert_false(c.steps[1].has_call);
    assert_true(c.steps[1].has_wait);
    assert_string_equal(c.steps[1].wait.op, "DescribeTable");
    assert_true(c.steps[1].wait_timeout == 5.0);
    assert_int_equal(c.nops, 3);
    assert_true(dc_case_uses_op(&c, "DeleteTable"));
    dc_case_free(&c);
}

/* Each malformed file gives one exact error line naming file and JSON path. */
static const struct {
    const char *json;
    const char *expected_id;
    const char *error;
} MALFORMED[] = {
    {"{\"id\":", NULL, "f.json: not valid JSON: "},
    {"[]", NULL, "f.json: (root): a case is a JSON object"},
    {"{\"id\":\"a\",\"id\":\"b\"}", NULL, "f.json: id: duplicate member (each name may appear once)"},
    {"{\"description\":\"d\",\"source\":\"s\",\"steps\":[]}", NULL,
     "f.json: id: missing (the path under cases/ without .json)"},
    {"{\"id\":\"x/y\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"ListBackups\"}]}", "x/z",
     "f.json: id: is \"x/y\" but the file's place says \"x/z\" (id = path under cases/ without .json)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"steps\":[{\"op\":\"ListBackups\"}]}", NULL,
     "f.json: source: missing (which fact/model/doc the case rests on)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"levle\":\"both\"}", NULL,
     "f.json: (root): unknown member 'levle'"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"level\":\"loose\",\"steps\":[]}", NULL,
     "f.json: level: must be \"both\" or \"strict\""},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[]}", NULL,
     "f.json: steps: must be a non-empty array of steps"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"request\":{}}]}", NULL,
     "f.json: steps[0]: missing \"op\" (the operation name, e.g. \"CreateBackup\")"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"expect\":{\"status\":\"200\"}}]}",
     NULL, "f.json: steps[0].expect.status: must be an HTTP status code (an integer 100..599)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"expect\":{\"body\":{\"A\":{\"$"
     "bogus\":1}}}}]}",
     NULL,
     "f.json: steps[0].expect.body: A.$bogus: unknown matcher (known: $capture $any $absent $regex $in $type $arn "
     "$epoch $between $len $contains $each, and $exact)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"expect\":{\"body\":{\"A\":{\"$"
     "regex\":\"(\"}}}}]}",
     NULL,
     "f.json: steps[0].expect.body: A.$regex: regex /(/ does not compile at offset 1: missing closing parenthesis"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"request\":{},\"rawBody\":\"{\"}]"
     "}",
     NULL, "f.json: steps[0]: give either \"request\" or \"rawBody\", not both"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"wait\":{\"op\":\"Y\"}}]}", NULL,
     "f.json: steps[0].wait.until: must be an object of response path -> value or matcher (or \"$error\": name)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\",\"expect\":{\"message\":{"
     "\"clauses\":[]}}}]}",
     NULL, "f.json: steps[0].expect.message: clauses must be a non-empty array of strings (at most 64)"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\"}],\"cleanup\":[{\"op\":\"Bad "
     "Op\"}]}",
     NULL, "f.json: cleanup[0].op: must be an operation name of [A-Za-z0-9] (e.g. \"CreateBackup\")"},
    {"{\"generatedBy\":true,\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\"}]}", NULL,
     "f.json: generatedBy: must name the generator that wrote the file (\"tools/gen/cases.py\")"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":\"X\"},{\"include\":\"t\"}]}", NULL,
     "f.json: steps[1]: an include is resolved only when the case is loaded from its file"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"pause\":0}]}", NULL,
     "f.json: steps[0].pause: must be seconds in (0, 900]"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"pause\":\"2\"}]}", NULL,
     "f.json: steps[0].pause: must be seconds in (0, 900]"},
    {"{\"id\":\"a\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"pause\":2,\"op\":\"X\"}]}", NULL,
     "f.json: steps[0]: a pause step has only \"pause\" (and \"note\"), not \"op\""},
};

static void each_malformed_case_file_names_file_and_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(MALFORMED); i++) {
        dc_case c;
        dc_err err;
        memset(&err, 0, sizeof err);
        int rc =
            dc_case_parse("f.json", MALFORMED[i].json, strlen(MALFORMED[i].json), MALFORMED[i].expected_id, &c, &err);
        assert_int_equal(rc, -1);
        if (i == 0)
            assert_memory_equal(err.msg, MALFORMED[i].error, strlen(MALFORMED[i].error));
        else
            assert_string_equal(err.msg, MALFORMED[i].error);
    }
}

/* A pause step is a step of its own; a pause among the main steps makes the
 * case clocked (the run may advance the endpoint's clock for it), one only in
 * the cleanup does not. */
static void pause_step_is_parsed_and_makes_the_case_clocked(void **state)
{
    (void)state;
    static const char PAUSED[] = "{\"id\":\"a/b\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":"
                                 "\"ListBackups\"},{\"pause\":2.5,\"note\":\"why\"}]}";
    static const char CLEANUP_ONLY[] = "{\"id\":\"a/b\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"op\":"
                                       "\"ListBackups\"}],\"cleanup\":[{\"pause\":1}]}";
    dc_case c;
    dc_err err;
    assert_int_equal(dc_case_parse("a/b.json", PAUSED, strlen(PAUSED), "a/b", &c, &err), 0);
    assert_int_equal(c.nsteps, 2);
    assert_false(c.steps[1].has_call);
    assert_false(c.steps[1].has_wait);
    assert_true(c.steps[1].pause == 2.5);
    assert_true(c.steps[0].pause == 0.0);
    assert_true(c.clocked);
    assert_int_equal(c.nops, 1);
    dc_case_free(&c);
    assert_int_equal(dc_case_parse("a/b.json", CLEANUP_ONLY, strlen(CLEANUP_ONLY), "a/b", &c, &err), 0);
    assert_false(c.clocked);
    assert_true(c.cleanup[0].pause == 1.0);
    dc_case_free(&c);
}

/* The marker of a generated case is kept; a hand-written case has none. */
static void generated_by_marker_is_kept_and_absent_for_hand_written_cases(void **state)
{
    (void)state;
    static const char MARKED[] = "{\"generatedBy\":\"tools/gen/cases.py\",\"id\":\"a/b\",\"description\":\"d\","
                                 "\"source\":\"s\",\"steps\":[{\"op\":\"ListBackups\"}]}";
    dc_case c;
    dc_err err;
    assert_int_equal(dc_case_parse("a/b.json", MARKED, strlen(MARKED), "a/b", &c, &err), 0);
    assert_string_equal(c.generated_by, "tools/gen/cases.py");
    dc_case_free(&c);
    assert_int_equal(dc_case_parse("cases/backup/x.json", GOOD, strlen(GOOD), "backup/x", &c, &err), 0);
    assert_null(c.generated_by);
    dc_case_free(&c);
}

/* ---- includes: files in a temporary cases folder ---------------------- */

typedef struct {
    char root[64];
} s_tree;

static void s_tree_new(s_tree *t)
{
    char p[600];
    snprintf(t->root, sizeof t->root, "/tmp/test_cases_XXXXXX");
    assert_non_null(mkdtemp(t->root));
    snprintf(p, sizeof p, "%s/g", t->root);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/.fixtures", t->root);
    assert_int_equal(mkdir(p, 0700), 0);
}

static void s_tree_put(const s_tree *t, const char *rel, const char *text)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", t->root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void s_tree_free(const s_tree *t, const char *const *rels, size_t n)
{
    char p[600];
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", t->root, rels[i]);
        (void)remove(p);
    }
    snprintf(p, sizeof p, "%s/g", t->root);
    rmdir(p);
    snprintf(p, sizeof p, "%s/.fixtures", t->root);
    rmdir(p);
    rmdir(t->root);
}

static const char FIXTURE[] =
    "{\"description\":\"a table "
    "${table}\",\"steps\":[{\"op\":\"CreateTable\",\"request\":{\"TableName\":\"${table}\"}},"
    "{\"wait\":{\"op\":\"DescribeTable\",\"request\":{\"TableName\":\"${table}\"},\"until\":{\"Table.TableStatus\":"
    "\"ACTIVE\"}}}]}";

/* An include step becomes the fixture's steps in its place, in steps and in
 * cleanup; numbering counts the included steps (as the report does). */
static void include_steps_are_replaced_by_the_fixture_steps_in_place(void **state)
{
    (void)state;
    static const char CASE[] =
        "{\"id\":\"g/x\",\"description\":\"d\",\"source\":\"s\",\"vars\":{\"table\":\"${unique}-t\"},"
        "\"steps\":[{\"op\":\"ListBackups\"},{\"include\":\"table\"},{\"op\":\"CreateBackup\"}],"
        "\"cleanup\":[{\"include\":\"table\"}]}";
    static const char *const files[] = {"g/x.json", ".fixtures/table.json"};
    s_tree t;
    s_tree_new(&t);
    s_tree_put(&t, "g/x.json", CASE);
    s_tree_put(&t, ".fixtures/table.json", FIXTURE);
    char file[600];
    snprintf(file, sizeof file, "%s/g/x.json", t.root);
    for (int by_place = 0; by_place < 2; by_place++) {
        dc_case c;
        dc_err err;
        if (dc_case_load(file, by_place ? "g/x" : NULL, &c, &err) != 0)
            fail_msg("%s", err.msg);
        assert_int_equal(c.nsteps, 4);
        assert_string_equal(c.steps[0].call.op, "ListBackups");
        assert_string_equal(c.steps[1].call.op, "CreateTable");
        assert_int_equal(c.steps[1].index, 2);
        assert_false(c.steps[2].has_call);
        assert_string_equal(c.steps[2].wait.op, "DescribeTable");
        assert_string_equal(c.steps[3].call.op, "CreateBackup");
        assert_int_equal(c.steps[3].index, 4);
        assert_int_equal(c.ncleanup, 2);
        assert_string_equal(c.cleanup[0].call.op, "CreateTable");
        assert_true(dc_case_uses_op(&c, "DescribeTable"));
        assert_string_equal(c.id, "g/x");
        dc_case_free(&c);
    }
    s_tree_free(&t, files, DC_ARRAY_LEN(files));
}

/* Each broken include names the case file, the step and what is wrong. */
static void broken_includes_name_the_step_and_the_fixture(void **state)
{
    (void)state;
    static const struct {
        const char *step;    /* the include step of g/x.json */
        const char *fixture; /* .fixtures/f.json, or NULL for none */
        const char *error;   /* after "<root>/" */
    } rows[] = {
        {"{\"include\":\"f\",\"note\":\"n\"}", FIXTURE,
         "g/x.json: steps[0]: an include step is only {\"include\": \"<fixture name of [a-z0-9-]>\"}"},
        {"{\"include\":\"../g/x\"}", FIXTURE,
         "g/x.json: steps[0]: an include step is only {\"include\": \"<fixture name of [a-z0-9-]>\"}"},
        {"{\"include\":\"f\"}", NULL, "g/x.json: steps[0]: include \"f\": "},
        {"{\"include\":\"f\"}", "{\"description\":\"d\",\"steps\":[],\"extra\":1}",
         ".fixtures/f.json: (root): unknown member 'extra'"},
        {"{\"include\":\"f\"}", "{\"steps\":[{\"op\":\"X\"}]}",
         ".fixtures/f.json: description: must say what the steps set up and which variables they use"},
        {"{\"include\":\"f\"}", "{\"description\":\"d\",\"steps\":[]}",
         ".fixtures/f.json: steps: must be a non-empty array of steps"},
        {"{\"include\":\"f\"}", "{\"description\":\"d\",\"steps\":[{\"include\":\"f\"}]}",
         ".fixtures/f.json: steps[0]: a fixture cannot include another one"},
        {"{\"include\":\"f\"}", "{\"description\":\"d\",\"steps\":[{\"op\":\"X\",\"expect\":{\"status\":7}}]}",
         "g/x.json: steps[0].expect.status: must be an HTTP status code (an integer 100..599)"},
    };
    static const char *const files[] = {"g/x.json", ".fixtures/f.json"};
    for (size_t i = 0; i < DC_ARRAY_LEN(rows); i++) {
        s_tree t;
        s_tree_new(&t);
        char text[1024], file[600], want[1024];
        snprintf(text, sizeof text, "{\"id\":\"g/x\",\"description\":\"d\",\"source\":\"s\",\"steps\":[%s]}",
                 rows[i].step);
        s_tree_put(&t, "g/x.json", text);
        if (rows[i].fixture != NULL)
            s_tree_put(&t, ".fixtures/f.json", rows[i].fixture);
        snprintf(file, sizeof file, "%s/g/x.json", t.root);
        snprintf(want, sizeof want, "%s/%s", t.root, rows[i].error);
        dc_case c;
        dc_err err;
        memset(&err, 0, sizeof err);
        assert_int_equal(dc_case_load(file, "g/x", &c, &err), -1);
        if (strncmp(err.msg, want, strlen(want)) != 0)
            fail_msg("row %zu:\n  got      '%s'\n  expected '%s...'", i, err.msg, want);
        s_tree_free(&t, files, DC_ARRAY_LEN(files));
    }
}

/* The cases folder is the file's path without "/<id>.json": a file elsewhere cannot include. */
static void include_needs_the_file_at_its_id(void **state)
{
    (void)state;
    static const char *const files[] = {"g/x.json", ".fixtures/table.json"};
    s_tree t;
    s_tree_new(&t);
    s_tree_put(&t, "g/x.json",
               "{\"id\":\"other/x\",\"description\":\"d\",\"source\":\"s\",\"steps\":[{\"include\":\"table\"}]}");
    s_tree_put(&t, ".fixtures/table.json", FIXTURE);
    char file[600], want[800];
    snprintf(file, sizeof file, "%s/g/x.json", t.root);
    snprintf(want, sizeof want,
             "%s: steps[0]: an include needs the cases folder, but the file is not at <folder>/other/x.json", file);
    dc_case c;
    dc_err err;
    assert_int_equal(dc_case_load(file, NULL, &c, &err), -1);
    assert_string_equal(err.msg, want);
    s_tree_free(&t, files, DC_ARRAY_LEN(files));
}

static dc_json_doc s_parse(const char *s)
{
    dc_json_doc d;
    dc_err err;
    assert_int_equal(dc_json_parse(s, strlen(s), &d, &err), 0);
    return d;
}

static char *s_print(const dc_json *v)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_json_print(v, &b);
    return dc_buf_take(&b);
}

static void whole_string_variable_keeps_its_json_type_and_partial_ones_interpolate(void **state)
{
    (void)state;
    dc_vars *v = dc_vars_new();
    dc_err err;
    assert_int_equal(dc_vars_set_number(v, "n", "9223372036854775807", &err), 0);
    assert_int_equal(dc_vars_set_string(v, "t", "tab", &err), 0);
    dc_json_doc obj = s_parse("{\"k\":[1,{\"x\":true}]}");
    assert_int_equal(dc_vars_set(v, "o", obj.root, &err), 0);
    dc_json_doc_free(&obj);
    dc_json_doc tmpl = s_parse("{\"a\":\"${n}\",\"b\":\"${t}-${n}\",\"c\":\"${o}\",\"d\":\"$${t}\",\"${t}\":1}");
    dc_json_doc out;
    assert_int_equal(dc_subst(tmpl.root, v, "req", &out, &err), 0);
    char *s = s_print(out.root);
    assert_string_equal(s,
                        "{\"a\":9223372036854775807,\"b\":\"tab-9223372036854775807\",\"c\":{\"k\":[1,{\"x\":true}]},"
                        "\"d\":\"${t}\",\"${t}\":1}");
    free(s);
    dc_json_doc_free(&out);
    dc_json_doc_free(&tmpl);
    dc_vars_free(v);
}

static void undefined_or_untypable_variable_is_an_error_with_its_path(void **state)
{
    (void)state;
    dc_vars *v = dc_vars_new();
    dc_err err;
    dc_json_doc out;
    dc_json_doc t1 = s_parse("{\"TableName\":[\"x\",\"${nope}\"]}");
    assert_int_equal(dc_subst(t1.root, v, "steps[1].request", &out, &err), -1);
    assert_string_equal(err.msg, "steps[1].request.TableName[1]: ${nope} is not defined");
    dc_json_doc obj = s_parse("[1]");
    assert_int_equal(dc_vars_set(v, "o", obj.root, &err), 0);
    dc_json_doc t2 = s_parse("{\"a\":\"x${o}\"}");
    assert_int_equal(dc_subst(t2.root, v, "", &out, &err), -1);
    assert_string_equal(err.msg, "a: ${o} is array; only strings, numbers and booleans can be part of a longer string");
    dc_json_doc_free(&obj);
    dc_json_doc_free(&t1);
    dc_json_doc_free(&t2);
    dc_vars_free(v);
}

/* One row per matcher: template, actual, expected outcome and (on failure) the
 * exact path and expected/actual text of the first mismatch. */
static const struct {
    const char *tmpl;
    const char *actual;
    bool match;
    const char *path, *expected, *got;
} MATCHERS[] = {
    {"{\"A\":{\"B\":\"x\"}}", "{\"A\":{\"B\":\"x\",\"C\":1}}", true, NULL, NULL, NULL},
    {"{\"A\":{\"B\":\"x\"}}", "{\"A\":{\"B\":\"y\"}}", false, "A.B", "\"x\"", "\"y\""},
    {"{\"A\":{\"B\":1,\"$exact\":true}}", "{\"A\":{\"B\":1,\"C\":2}}", false, "A.C", "(absent: $exact)", "2"},
    {"{\"A\":{\"$any\":true}}", "{}", false, "A", "{\"$any\":true}", "(absent)"},
    {"{\"A\":{\"$any\":true}}", "{\"A\":null}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$absent\":true}}", "{\"A\":1}", false, "A", "(absent)", "1"},
    {"{\"A\":{\"$absent\":true}}", "{}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$regex\":\"^b[0-9]+$\"}}", "{\"A\":\"b12\"}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$regex\":\"^b[0-9]+$\"}}", "{\"A\":\"b1x\"}", false, "A", "a string matching /^b[0-9]+$/", "\"b1x\""},
    {"{\"A\":{\"$in\":[\"CREATING\",\"AVAILABLE\"]}}", "{\"A\":\"DELETED\"}", false, "A",
     "one of [\"CREATING\",\"AVAILABLE\"]", "\"DELETED\""},
    {"{\"A\":{\"$type\":\"integer\"}}", "{\"A\":84973}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$type\":\"integer\"}}", "{\"A\":1.5}", false, "A", "a value of type integer", "1.5"},
    {"{\"A\":{\"$arn\":\"backup\"}}",
     "{\"A\":\"arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/01576616366715-b4e58d3a\"}", true,
     NULL, NULL, NULL},
    {"{\"A\":{\"$arn\":\"backup\"}}", "{\"A\":\"arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection\"}",
     false, "A", "a backup ARN", "\"arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection\""},
    {"{\"A\":{\"$arn\":\"table\"}}", "{\"A\":\"arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection\"}", true,
     NULL, NULL, NULL},
    {"{\"A\":{\"$epoch\":true}}", "{\"A\":1.584532379393E9}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$epoch\":true}}", "{\"A\":1584532379393}", false, "A", "epoch seconds between 2000 and 2100",
     "1584532379393"},
    {"{\"A\":{\"$epoch\":{\"near\":1576616366,\"within\":60}}}", "{\"A\":1576616366.715}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$epoch\":{\"near\":1576616366,\"within\":60}}}", "{\"A\":1576616466}", false, "A",
     "epoch seconds within 60.000 of 1576616366.000", "1576616466"},
    {"{\"A\":{\"$between\":[1,35]}}", "{\"A\":36}", false, "A", "a number in [1, 35]", "36"},
    {"{\"A\":{\"$len\":2}}", "{\"A\":[1,2,3]}", false, "A", "length 2", "length 3"},
    {"{\"A\":[1,{\"B\":2}]}", "{\"A\":[1,{\"B\":3}]}", false, "A.1.B", "2", "3"},
    {"{\"A\":[1]}", "{\"A\":[1,2]}", false, "A", "1 elements", "2 elements"},
    {"{\"A\":{\"$contains\":[{\"N\":\"b\"}]}}", "{\"A\":[{\"N\":\"a\"},{\"N\":\"b\"}]}", true, NULL, NULL, NULL},
    {"{\"A\":{\"$contains\":[{\"N\":\"c\"}]}}", "{\"A\":[{\"N\":\"a\"},{\"N\":\"b\"}]}", false, "A",
     "an element matching {\"N\":\"c\"}", "none of 2 elements"},
    {"{\"A\":{\"$each\":{\"S\":\"AVAILABLE\"}}}", "{\"A\":[{\"S\":\"AVAILABLE\"},{\"S\":\"CREATING\"}]}", false,
     "A.1.S", "\"AVAILABLE\"", "\"CREATING\""},
    {"{\"A\":1}", "{\"A\":\"1\"}", false, "A", "1", "\"1\""},
};

static void each_matcher_passes_and_fails_with_the_exact_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(MATCHERS); i++) {
        dc_json_doc t = s_parse(MATCHERS[i].tmpl), a = s_parse(MATCHERS[i].actual);
        dc_err err;
        assert_int_equal(dc_match_check(t.root, "", &err), 0);
        dc_mismatches m;
        dc_mismatches_init(&m);
        bool ok = dc_match(t.root, a.root, "", NULL, &m);
        if (ok != MATCHERS[i].match)
            fail_msg("row %zu: %s vs %s", i, MATCHERS[i].tmpl, MATCHERS[i].actual);
        if (!ok) {
            assert_true(m.count >= 1);
            assert_string_equal(m.items[0].path, MATCHERS[i].path);
            assert_string_equal(m.items[0].expected, MATCHERS[i].expected);
            assert_string_equal(m.items[0].actual, MATCHERS[i].got);
        } else {
            assert_int_equal(m.count, 0);
        }
        dc_mismatches_free(&m);
        dc_json_doc_free(&t);
        dc_json_doc_free(&a);
    }
}

static void capture_stores_the_typed_value_also_inside_contains(void **state)
{
    (void)state;
    dc_json_doc t = s_parse("{\"S\":{\"$type\":\"integer\",\"$capture\":\"size\"},"
                            "\"L\":{\"$contains\":[{\"N\":\"b\",\"V\":{\"$capture\":\"v\"}}]}}");
    dc_json_doc a = s_parse("{\"S\":84973,\"L\":[{\"N\":\"a\",\"V\":1},{\"N\":\"b\",\"V\":2}]}");
    dc_vars *v = dc_vars_new();
    dc_mismatches m;
    dc_mismatches_init(&m);
    assert_true(dc_match(t.root, a.root, "", v, &m));
    char *s1 = s_print(dc_vars_get(v, "size")), *s2 = s_print(dc_vars_get(v, "v"));
    assert_string_equal(s1, "84973");
    assert_string_equal(s2, "2");
    assert_int_equal(dc_vars_get(v, "size")->type, DC_JSON_NUMBER);
    free(s1);
    free(s2);
    dc_mismatches_free(&m);
    dc_vars_free(v);
    dc_json_doc_free(&t);
    dc_json_doc_free(&a);
}

/* Named groups of a $regex become string variables; a group that took no
 * part sets nothing; a trial match (no vars) stores nothing. */
static void regex_named_groups_are_captured_as_strings(void **state)
{
    (void)state;
    dc_json_doc t = s_parse("{\"A\":{\"$regex\":\"^arn:(?<partition>[^:]+):dynamodb:[^:]*:(?<account>[0-9]{12}):"
                            "(?<resource>table/.+?)(?<suffix>/index/.+)?$\"}}");
    dc_json_doc a =
        s_parse("{\"A\":\"arn:aws:dynamodb:us-west-2:000123456789:table/T/backup/01576616366715-b4e58d3a\"}");
    dc_vars *v = dc_vars_new();
    dc_mismatches m;
    dc_mismatches_init(&m);
    assert_true(dc_match(t.root, a.root, "", v, &m));
    assert_string_equal(dc_json_string(dc_vars_get(v, "partition")), "aws");
    assert_string_equal(dc_json_string(dc_vars_get(v, "account")), "000123456789"); /* a string, not a number */
    assert_string_equal(dc_json_string(dc_vars_get(v, "resource")), "table/T/backup/01576616366715-b4e58d3a");
    assert_null(dc_vars_get(v, "suffix"));
    dc_vars_free(v);
    dc_mismatches_free(&m);
    dc_json_doc_free(&a);
    a = s_parse("{\"A\":\"arn:aws:dynamodb:us-west-2:123:table/T\"}");
    v = dc_vars_new();
    dc_mismatches_init(&m);
    assert_false(dc_match(t.root, a.root, "", v, &m)); /* no match: nothing stored */
    assert_null(dc_vars_get(v, "partition"));
    dc_vars_free(v);
    dc_mismatches_free(&m);
    dc_json_doc_free(&a);
    dc_json_doc_free(&t);
}

/* [S:validation-texts]: the CreateBackup BackupName '' text, as recorded (pattern first). */
static const char TWO[] =
    "2 validation errors detected: Value '' at 'backupName' failed to satisfy constraint: Member must satisfy regular "
    "expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'backupName' failed to satisfy constraint: Member must have "
    "length greater than or equal to 3";
static const char *const CLAUSES[] = {
    "Value '' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    "Value '' at 'backupName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
    "[a-zA-Z0-9_.-]+"};

static void clause_sets_compare_in_any_order(void **state)
{
    (void)state;
    dc_mismatches m;
    dc_mismatches_init(&m);
    assert_true(dc_clauses_match(CLAUSES, 2, 2, TWO, strlen(TWO), "message", &m));
    assert_true(dc_clauses_match(CLAUSES, 2, -1, TWO, strlen(TWO), "message", &m));
    assert_int_equal(m.count, 0);
    dc_clause_set cs;
    assert_int_equal(dc_clauses_parse(TWO, strlen(TWO), &cs), 0);
    assert_int_equal(cs.count, 2);
    assert_int_equal(cs.n, 2);
    dc_clause_set_free(&cs);
}

/* Clauses split at "; " only: a ';' without the space stays inside its clause,
 * and a message ending in "; " has an empty last clause. */
static void clause_sets_split_at_semicolon_space_only(void **state)
{
    (void)state;
    static const char MSG[] = "3 validation errors detected: a;b; c;; d;";
    dc_clause_set cs;
    assert_int_equal(dc_clauses_parse(MSG, strlen(MSG), &cs), 0);
    assert_int_equal(cs.count, 3);
    assert_int_equal(cs.n, 3);
    assert_string_equal(cs.clauses[0], "a;b");
    assert_string_equal(cs.clauses[1], "c;");
    assert_string_equal(cs.clauses[2], "d;");
    dc_clause_set_free(&cs);
    static const char END[] = "1 validation error detected: x; ";
    assert_int_equal(dc_clauses_parse(END, strlen(END), &cs), 0);
    assert_int_equal(cs.n, 2);
    assert_string_equal(cs.clauses[0], "x");
    assert_string_equal(cs.clauses[1], "");
    dc_clause_set_free(&cs);
}

static void clause_set_count_mismatch_fails(void **state)
{
    (void)state;
    dc_mismatches m;
    dc_mismatches_init(&m);
    assert_false(dc_clauses_match(CLAUSES, 2, 3, TWO, strlen(TWO), "message", &m));
    assert_int_equal(m.count, 1);
    assert_string_equal(m.items[0].path, "message.count");
    assert_string_equal(m.items[0].expected, "count 3");
    assert_string_equal(m.items[0].actual, "count 2");
    dc_mismatches_free(&m);
}

static void clause_set_missing_and_extra_clauses_fail_one_by_one(void **state)
{
    (void)state;
    static const char ONE[] = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member "
                              "must have value greater than or equal to 1";
    dc_mismatches m;
    dc_mismatches_init(&m);
    assert_false(dc_clauses_match(CLAUSES, 1, 1, ONE, strlen(ONE), "message", &m));
    assert_int_equal(m.count, 2);
    assert_string_equal(m.items[0].actual, "(clause missing)");
    assert_string_equal(m.items[1].expected, "(no such clause)");
    dc_mismatches_free(&m);
    dc_mismatches_init(&m);
    assert_false(dc_clauses_match(CLAUSES, 1, 1, "Invalid Backup ARN", 18, "message", &m));
    assert_string_equal(m.items[0].actual, "Invalid Backup ARN");
    dc_mismatches_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_case_file_loads_every_part),
        cmocka_unit_test(each_malformed_case_file_names_file_and_path),
        cmocka_unit_test(pause_step_is_parsed_and_makes_the_case_clocked),
        cmocka_unit_test(generated_by_marker_is_kept_and_absent_for_hand_written_cases),
        cmocka_unit_test(include_steps_are_replaced_by_the_fixture_steps_in_place),
        cmocka_unit_test(broken_includes_name_the_step_and_the_fixture),
        cmocka_unit_test(include_needs_the_file_at_its_id),
        cmocka_unit_test(whole_string_variable_keeps_its_json_type_and_partial_ones_interpolate),
        cmocka_unit_test(undefined_or_untypable_variable_is_an_error_with_its_path),
        cmocka_unit_test(each_matcher_passes_and_fails_with_the_exact_path),
        cmocka_unit_test(capture_stores_the_typed_value_also_inside_contains),
        cmocka_unit_test(regex_named_groups_are_captured_as_strings),
        cmocka_unit_test(clause_sets_compare_in_any_order),
        cmocka_unit_test(clause_sets_split_at_semicolon_space_only),
        cmocka_unit_test(clause_set_count_mismatch_fails),
        cmocka_unit_test(clause_set_missing_and_extra_clauses_fail_one_by_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
