/* test_model_fast_paths.c - the performance shortcuts of serve's model give the same
 * answers as the slow paths they replace (issue 4): the binary-searched backup
 * lookup finds exactly the backup a full scan finds, region ignored, among
 * many backups sharing a creation ms, and still finds ARNs whose region field
 * would mislead the search key; ListBackups (kept summaries, binary-searched
 * cursor and lower bound) pages many backups after deletes exactly as a walk
 * of the made backups says. (dc_java_time_ms against dc_java_double:
 * test_javafmt.c.) No timing here: speed is measured by bench/serve.sh
 * (`make bench`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
        assert_describe_finds(&f, other,
                              other); /* the region is ignored, the ARN as asked echoed ([S:backup-lifecycle]) */
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

/* ---------------------------------------------------------------- ListBackups */

/* What the test made, in creation order (which is ListBackups order here: the
 * clock moves 1 ms per backup). */
typedef struct {
    char *arn;
    int table; /* 0 = "pg_a", 1 = "pg_b", 2 = "pg_c" (its SYSTEM backup) */
    int64_t ms;
    bool system, alive;
} s_made;

typedef struct {
    const char *type; /* BackupType or NULL */
    int table;        /* -1 = any */
    int64_t lower, upper;
    const char *start; /* ExclusiveStartBackupArn or NULL */
    int64_t start_ms;
} s_filter;

static const char *const s_tables[] = {"pg_a", "pg_b", "pg_c"};

static bool s_expected(const s_made *b, const s_filter *q)
{
    bool sys_ok = q->type != NULL && (strcmp(q->type, "SYSTEM") == 0 || strcmp(q->type, "ALL") == 0);
    bool user_ok = q->type == NULL || strcmp(q->type, "USER") == 0 || strcmp(q->type, "ALL") == 0;
    if (!b->alive || (b->system ? !sys_ok : !user_ok) || (q->table >= 0 && b->table != q->table))
        return false;
    if (b->ms < q->lower || b->ms >= q->upper)
        return false;
    return q->start == NULL || b->ms > q->start_ms || (b->ms == q->start_ms && strcmp(b->arn, q->start) > 0);
}

/* Walks ListBackups pages of `limit` for q and checks them against the made
 * backups: every page, its LastEvaluatedBackupArn, and that a cursor resumes
 * exactly after it. */
static void s_assert_pages(fx *f, const s_made *made, size_t nmade, const s_filter *q, int limit)
{
    size_t want[512], nwant = 0;
    for (size_t i = 0; i < nmade; i++)
        if (s_expected(&made[i], q))
            want[nwant++] = i;
    size_t got = 0;
    char *cursor = q->start != NULL ? strdup(q->start) : NULL;
    for (int page = 0;; page++) {
        char req[1024];
        int n = snprintf(req, sizeof req, "{\"Limit\":%d", limit);
        if (q->type != NULL)
            n += snprintf(req + n, sizeof req - (size_t)n, ",\"BackupType\":\"%s\"", q->type);
        if (q->table >= 0)
            n += snprintf(req + n, sizeof req - (size_t)n, ",\"TableName\":\"%s\"", s_tables[q->table]);
        if (q->lower != INT64_MIN)
            n += snprintf(req + n, sizeof req - (size_t)n, ",\"TimeRangeLowerBound\":%.3f", (double)q->lower / 1000.0);
        if (q->upper != INT64_MAX)
            n += snprintf(req + n, sizeof req - (size_t)n, ",\"TimeRangeUpperBound\":%.3f", (double)q->upper / 1000.0);
        if (cursor != NULL)
            n += snprintf(req + n, sizeof req - (size_t)n, ",\"ExclusiveStartBackupArn\":\"%s\"", cursor);
        snprintf(req + n, sizeof req - (size_t)n, "}");
        dc_model_result r = call(f, "ListBackups", "%s", req);
        if (r.error != NULL)
            fail_msg("ListBackups %s: %s", req, r.error);
        dc_json_doc doc;
        dc_err err;
        assert_int_equal(dc_json_parse(r.body.data, r.body.len, &doc, &err), 0);
        const dc_json *list = dc_json_get(doc.root, "BackupSummaries");
        assert_non_null(list);
        size_t expect_n = nwant - got < (size_t)limit ? nwant - got : (size_t)limit;
        if (list->count != expect_n)
            fail_msg("page %d of %s: %zu summaries, expected %zu", page, req, list->count, expect_n);
        for (size_t k = 0; k < list->count; k++) {
            const s_made *b = &made[want[got + k]];
            assert_string_equal(dc_json_string(dc_json_get(&list->items[k], "BackupArn")), b->arn);
            assert_string_equal(dc_json_string(dc_json_get(&list->items[k], "TableName")), s_tables[b->table]);
            assert_string_equal(dc_json_string(dc_json_get(&list->items[k], "BackupType")),
                                b->system ? "SYSTEM" : "USER");
        }
        got += list->count;
        const char *last = dc_json_string(dc_json_get(doc.root, "LastEvaluatedBackupArn"));
        free(cursor);
        cursor = NULL;
        if (got < nwant) {
            assert_non_null(last);
            assert_string_equal(last, made[want[got - 1]].arn);
            cursor = strdup(last);
        } else {
            assert_null(last); /* the last page names no cursor, even when it is full */
        }
        dc_json_doc_free(&doc);
        dc_model_result_free(&r);
        if (cursor == NULL)
            break;
    }
    assert_int_equal(got, nwant);
}

static void list_backups_pages_of_many_backups_follow_deletes_filters_and_cursors(void **state)
{
    (void)state;
    fx f;
    f.clock = dc_vclock_new_fixed(T0_MS);
    dc_model_options opt;
    dc_model_options_default(&opt);
    opt.seed = 11;
    opt.backup_create_ms = 40; /* CREATING for 40 ms: the summary's status moves with the clock */
    dc_spec *spec = NULL;
    dc_err err;
    assert_int_equal(dc_spec_load(dc_data_dir(), &spec, &err), 0);
    opt.spec = spec;
    f.m = dc_model_new(&opt, f.clock);
    for (int t = 0; t < 3; t++) {
        dc_model_result r =
            call(&f, "CreateTable",
                 "{\"TableName\":\"%s\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
                 "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                 "\"BillingMode\":\"PAY_PER_REQUEST\"}",
                 s_tables[t]);
        assert_null(r.error);
        dc_model_result_free(&r);
    }
    enum { N = 240 };
    s_made made[N + 1];
    size_t nmade = 0;
    for (int i = 0; i < N; i++) {
        dc_vclock_advance_ms(f.clock, 1);
        if (i == N / 2) { /* a SYSTEM backup in the middle of the list */
            dc_model_result r = call(&f, "UpdateContinuousBackups",
                                     "{\"TableName\":\"pg_c\",\"PointInTimeRecoverySpecification\":"
                                     "{\"PointInTimeRecoveryEnabled\":true}}");
            assert_null(r.error);
            dc_model_result_free(&r);
            r = call(&f, "DeleteTable", "{\"TableName\":\"pg_c\"}");
            assert_null(r.error);
            dc_model_result_free(&r);
            r = call(&f, "ListBackups", "{\"BackupType\":\"SYSTEM\"}");
            dc_json_doc doc;
            assert_int_equal(dc_json_parse(r.body.data, r.body.len, &doc, &err), 0);
            const char *arn = dc_json_string(dc_json_path(doc.root, "BackupSummaries.0.BackupArn"));
            assert_non_null(arn);
            made[nmade] = (s_made){strdup(arn), 2, T0_MS + i + 1, true, true};
            nmade++;
            dc_json_doc_free(&doc);
            dc_model_result_free(&r);
            dc_vclock_advance_ms(f.clock, 1);
        }
        int t = i % 5 == 0 ? 1 : 0;
        dc_model_result r = call(&f, "CreateBackup", "{\"TableName\":\"%s\",\"BackupName\":\"p%03d\"}", s_tables[t], i);
        char *arn = s_backup_arn_of(&r, "BackupDetails");
        dc_model_result_free(&r);
        made[nmade] = (s_made){arn, t, T0_MS + i + 1 + (i >= N / 2 ? 1 : 0), false, true};
        nmade++;
    }
    /* deletes at the front, in the middle and at the end of the order */
    for (size_t i = 0; i < nmade; i++)
        if (!made[i].system && (i % 4 == 1 || i < 3 || i + 2 >= nmade)) {
            dc_model_result r = call(&f, "DeleteBackup", "{\"BackupArn\":\"%s\"}", made[i].arn);
            assert_null(r.error);
            dc_model_result_free(&r);
            made[i].alive = false;
        }

    s_filter all = {NULL, -1, INT64_MIN, INT64_MAX, NULL, -1};
    int limits[] = {1, 7, 25, 100};
    for (size_t k = 0; k < sizeof limits / sizeof *limits; k++) {
        s_assert_pages(&f, made, nmade, &all, limits[k]);
        s_filter q = all;
        q.type = "ALL";
        s_assert_pages(&f, made, nmade, &q, limits[k]);
        q.table = 1;
        s_assert_pages(&f, made, nmade, &q, limits[k]);
    }
    s_filter q = all;
    q.type = "SYSTEM";
    s_assert_pages(&f, made, nmade, &q, 3);
    /* a time range cut inside the list, bounds on existing and deleted backups */
    q = all;
    q.type = "ALL";
    q.lower = made[41].ms; /* deleted (41 % 4 == 1) */
    q.upper = made[170].ms;
    s_assert_pages(&f, made, nmade, &q, 9);
    q.lower = made[40].ms;
    q.upper = made[171].ms;
    s_assert_pages(&f, made, nmade, &q, 9);
    /* cursors: a deleted backup, a live one, the last one, the SYSTEM one */
    size_t starts[] = {1, 2, 60, nmade - 1, N / 2};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        q = all;
        q.type = "ALL";
        q.start = made[starts[k]].arn;
        q.start_ms = made[starts[k]].ms;
        s_assert_pages(&f, made, nmade, &q, 11);
        q.table = 0;
        s_assert_pages(&f, made, nmade, &q, 11);
    }

    /* the status in a summary is the time's: the newest backups are CREATING
     * for 40 ms, then AVAILABLE */
    dc_model_result r = call(&f, "ListBackups", "{\"BackupType\":\"USER\"}");
    dc_json_doc doc;
    assert_int_equal(dc_json_parse(r.body.data, r.body.len, &doc, &err), 0);
    const dc_json *list = dc_json_get(doc.root, "BackupSummaries");
    assert_string_equal(dc_json_string(dc_json_get(&list->items[0], "BackupStatus")), "AVAILABLE");
    assert_string_equal(dc_json_string(dc_json_get(&list->items[list->count - 1], "BackupStatus")), "CREATING");
    dc_json_doc_free(&doc);
    dc_model_result_free(&r);
    dc_vclock_advance_ms(f.clock, 40);
    r = call(&f, "ListBackups", "{\"BackupType\":\"USER\"}");
    assert_int_equal(dc_json_parse(r.body.data, r.body.len, &doc, &err), 0);
    list = dc_json_get(doc.root, "BackupSummaries");
    for (size_t k = 0; k < list->count; k++)
        assert_string_equal(dc_json_string(dc_json_get(&list->items[k], "BackupStatus")), "AVAILABLE");
    dc_json_doc_free(&doc);
    dc_model_result_free(&r);

    for (size_t i = 0; i < nmade; i++)
        free(made[i].arn);
    dc_model_free(f.m);
    dc_vclock_free(f.clock);
    dc_spec_free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_backup_is_found_by_its_arn_among_many_sharing_a_creation_ms),
        cmocka_unit_test(list_backups_pages_of_many_backups_follow_deletes_filters_and_cursors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
