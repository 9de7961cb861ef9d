/* test_model_fast_paths.c - the performance shortcuts of serve's model give the same
 * answers as the slow paths they replace (issue 4): the binary-searched backup
 * lookup finds exactly the backup a full scan finds, region ignored, among
 * many backups sharing a creation ms, and still finds ARNs whose region field
 * would mislead the search key. (dc_java_time_ms against dc_java_double:
 * test_javafmt.c.) No timing here: speed is measured by bench/serve.sh
 * (`make bench`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/datadir.h"
#include "endpoint/model.h"

#define T0_MS INT64_C(1700000000000) /* 2023-11-14T22:13:20Z */
#define S_BACKUPS 300                /* enough for many binary-search steps and same-ms blocks */

/* ---------------------------------------------------------------- backups */

typedef struct {
    dc_vclock *clock;
    dc_model *m;
} fx;

/* Runs op; returns the owned result (caller frees). */
static dc_model_result call(fx *f, const char *op, const char *fmt, ...)
{
    char req[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(req, sizeof req, fmt, ap);
    va_end(ap);
    dc_json_doc doc;
    dc_err err;
    if (dc_json_parse((const uint8_t *)req, strlen(req), &doc, &err) != 0)
        fail_msg("bad test request %s: %s", req, err.msg);
    dc_model_result r;
    dc_model_execute(f->m, op, doc.root, &r);
    dc_json_doc_free(&doc);
    return r;
}

/* The BackupArn member of a DescribeBackup/CreateBackup answer (owned). */
static char *s_backup_arn_of(const dc_model_result *r, const char *wrapper)
{
    dc_json_doc doc;
    dc_err err;
    assert_null(r->error);
    assert_int_equal(dc_json_parse(r->body.data, r->body.len, &doc, &err), 0);
    const dc_json *w = dc_json_get(doc.root, wrapper);
    if (strcmp(wrapper, "BackupDescription") == 0)
        w = dc_json_get(w, "BackupDetails");
    const char *arn = dc_json_string(dc_json_get(w, "BackupArn"));
    assert_non_null(arn);
    char *copy = strdup(arn);
    dc_json_doc_free(&doc);
    return copy;
}

/* arn with its region field (the 4th) replaced by region. */
static char *s_with_region(const char *arn, const char *region)
{
    const char *p = arn;
    for (int i = 0; i < 3; i++)
        p = strchr(p, ':') + 1;
    const char *rest = strchr(p, ':');
    size_t n = (size_t)(p - arn) + strlen(region) + strlen(rest) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(p - arn), arn, region, rest);
    return out;
}

static void assert_describe_finds(fx *f, const char *asked, const char *expected)
{
    dc_model_result r = call(f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", asked);
    if (r.error != NULL)
        fail_msg("DescribeBackup %s: %s %s", asked, r.error, r.message ? r.message : "");
    char *got = s_backup_arn_of(&r, "BackupDescription");
    assert_string_equal(got, expected);
    free(got);
    dc_model_result_free(&r);
}

static void every_backup_is_found_by_its_arn_among_many_sharing_a_creation_ms(void **state)
{
    (void)state;
    fx f;
    f.clock = dc_vclock_new_fixed(T0_MS);
    dc_model_options opt;
    dc_model_options_default(&opt);
    opt.seed = 7;
    dc_spec *spec = NULL;
    dc_err err;
    assert_int_equal(dc_spec_load(dc_data_dir(), &spec, &err), 0);
    opt.spec = spec;
    f.m = dc_model_new(&opt, f.clock);
    dc_model_result r =
        call(&f, "CreateTable",
             "{\"TableName\":\"perf_src\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
             "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
             "\"BillingMode\":\"PAY_PER_REQUEST\"}");
    assert_null(r.error);
    dc_model_result_free(&r);

    char *arns[S_BACKUPS];
    for (int i = 0; i < S_BACKUPS; i++) {
        /* blocks of 1 to 5 backups in the same ms, then the clock moves */
        if (i % 5 == 0 || i % 7 == 0)
            dc_vclock_advance_ms(f.clock, 1 + i % 3);
        r = call(&f, "CreateBackup", "{\"TableName\":\"perf_src\",\"BackupName\":\"b%03d\"}", i);
        arns[i] = s_backup_arn_of(&r, "BackupDetails");
        dc_model_result_free(&r);
    }
    assert_int_equal(dc_model_backup_count(f.m), S_BACKUPS);

    for (int i = 0; i < S_BACKUPS; i++) {
        assert_describe_finds(&f, arns[i], arns[i]);
        char *other = s_with_region(arns[i], "eu-west-1");
        assert_describe_finds(&f, other, other); /* the region is ignored, the ARN as asked echoed (facts §4.1) */
        free(other);
    }
    /* a region field holding "/backup/<14 digits>" misleads the search key; the scan still finds it */
    char *odd = s_with_region(arns[S_BACKUPS / 2], "x/backup/00000000000001");
    assert_describe_finds(&f, odd, odd);
    free(odd);

    /* a well-formed ARN at an existing ms but with another suffix is not found */
    char *missing = strdup(arns[10]);
    memcpy(missing + strlen(missing) - 8, "ffffffff", 8);
    if (strcmp(missing, arns[10]) == 0)
        memcpy(missing + strlen(missing) - 8, "00000001", 8);
    r = call(&f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", missing);
    assert_string_equal(r.error, "BackupNotFoundException");
    dc_model_result_free(&r);
    free(missing);

    /* deleting from the middle of a same-ms block keeps its neighbours findable */
    r = call(&f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", arns[101]);
    assert_null(r.error);
    dc_model_result_free(&r);
    r = call(&f, "DescribeBackup", "{\"BackupArn\":\"%s\"}", arns[101]);
    assert_string_equal(r.error, "BackupNotFoundException");
    dc_model_result_free(&r);
    for (int i = 95; i < 110; i++)
        if (i != 101)
            assert_describe_finds(&f, arns[i], arns[i]);

    for (int i = 0; i < S_BACKUPS; i++)
        free(arns[i]);
    dc_model_free(f.m);
    dc_vclock_free(f.clock);
    dc_spec_free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_backup_is_found_by_its_arn_among_many_sharing_a_creation_ms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
