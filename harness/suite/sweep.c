/* sweep.c - deletes what runs of the suite left behind (see sweep.h). */
#include "suite/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "core/wipe.h"
#include "suite/names.h"
#include "wire/awsjson.h"
#include "wire/http.h"

#define S_MAX_ATTEMPTS 12    /* per call, for throttling, 5xx and transport errors */
#define S_BACKOFF_BASE_S 0.1 /* the first backoff; doubles per attempt up to backoff_max_s */
#define S_POLL_S 1.0         /* between DescribeTable polls and in-use retries */
#define S_MAX_PAGES 10000    /* of one listing: a cursor that never ends is refused */
#define S_MAX_RATED_OPS 16
#define S_PACE_FILE "spec/pace-aws.json"

typedef struct {
    char *name;
    bool done;      /* deleted, or found gone / DELETING */
    bool protected; /* DeletionProtectionEnabled: turned off before DeleteTable */
} s_table;

typedef struct {
    char *arn, *name, *table;
    bool system;
    bool done;
} s_backup;

typedef struct {
    char *op;
    double interval_s; /* 1 / the documented rate */
    double last;       /* monotonic seconds of the last call */
} s_rate;

typedef struct {
    const dc_sweep_opts *o;
    dc_sweep_result *res;
    dc_http_client *http;
    dc_http_endpoint ep; /* url, Host header, signing path */
    s_rate rates[S_MAX_RATED_OPS];
    size_t nrates;
    s_table *tables;
    size_t ntables;
    s_backup *backups;
    size_t nbackups;
} s_sweep;

/* One answer: the status, the parsed body and the error name ("" for none). */
typedef struct {
    long status;
    bool transport_failed;
    dc_json_doc doc;
    bool have_doc;
    char error[96];
    char message[256];
} s_answer;

static double s_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_sleep(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    nanosleep(&ts, NULL);
}

static bool s_stopped(const s_sweep *sw)
{
    return sw->o->stop != NULL && *sw->o->stop;
}

static void s_answer_free(s_answer *a)
{
    if (a->have_doc)
        dc_json_doc_free(&a->doc);
    memset(a, 0, sizeof *a);
}

/* ---- pacing ------------------------------------------------------------------ */

/* The documented per-operation rates; without the file nothing is paced (the
 * backoff on ThrottlingException still holds). */
static void s_load_rates(s_sweep *sw)
{
    if (sw->o->data_dir == NULL)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/" S_PACE_FILE, sw->o->data_dir);
    dc_json_doc doc;
    dc_err err;
    if (dc_json_load_file(path, S_PACE_FILE, 1u << 20, &doc, &err) != 0)
        return;
    const dc_json *rates = dc_json_get(doc.root, "ratesPerSecond");
    for (size_t i = 0; rates != NULL && rates->type == DC_JSON_OBJECT && i < rates->count; i++) {
        const dc_json *r = dc_json_get(&rates->items[i], "rate");
        if (r == NULL || r->type != DC_JSON_NUMBER || !(r->num > 0) || sw->nrates == S_MAX_RATED_OPS)
            continue;
        sw->rates[sw->nrates].op = dc_xstrdup(rates->items[i].key);
        sw->rates[sw->nrates].interval_s = 1.0 / r->num;
        sw->rates[sw->nrates++].last = 0;
    }
    dc_json_doc_free(&doc);
}

static void s_pace(s_sweep *sw, const char *op)
{
    for (size_t i = 0; i < sw->nrates; i++) {
        if (strcmp(sw->rates[i].op, op) != 0)
            continue;
        double wait = sw->rates[i].last + sw->rates[i].interval_s - s_mono();
        s_sleep(wait);
        sw->rates[i].last = s_mono();
        return;
    }
}

/* ---- one call ------------------------------------------------------------------ */

/* One signed exchange, no retry. */
static void s_send(s_sweep *sw, const char *op, const char *body, s_answer *a)
{
    const dc_service *svc = dc_spec_service(sw->o->spec);
    char target[128];
    snprintf(target, sizeof target, "%s.%s", svc->target_prefix, op);
    dc_sigv4_header sh[3] = {dc_sigv4_hdr("Host", sw->ep.host), dc_sigv4_hdr("Content-Type", svc->content_type),
                             dc_sigv4_hdr("X-Amz-Target", target)};
    dc_sigv4_request req = {"POST", sw->ep.path, NULL, sh, 3, {(const uint8_t *)body, strlen(body)}};
    dc_sigv4_sign_opts so = {sw->o->region, svc->signing_name, (int64_t)time(NULL), NULL};
    dc_sigv4_signed sig;
    memset(&sig, 0, sizeof sig);
    dc_err err;
    memset(a, 0, sizeof *a);
    if (dc_sigv4_sign(&req, &sw->o->creds, &so, &sig, &err) != 0) {
        a->transport_failed = true;
        snprintf(a->message, sizeof a->message, "cannot sign: %.200s", err.msg);
        dc_sigv4_signed_free(&sig);
        return;
    }
    char *lines[6];
    size_t n = 0;
    lines[n++] = dc_strf("Host: %s", sw->ep.host);
    lines[n++] = dc_strf("Content-Type: %s", svc->content_type);
    lines[n++] = dc_strf("X-Amz-Target: %s", target);
    lines[n++] = dc_strf("Authorization: %s", (const char *)sig.authorization.data);
    if (sig.added_amz_date)
        lines[n++] = dc_strf("X-Amz-Date: %s", sig.amz_date);
    if (sig.added_security_token && sw->o->creds.session_token != NULL)
        lines[n++] = dc_strf("X-Amz-Security-Token: %s", sw->o->creds.session_token);
    dc_http_response resp;
    dc_http_response_init(&resp);
    s_pace(sw, op);
    if (dc_http_request(sw->http, "POST", sw->ep.url, (const char *const *)lines, n, body, strlen(body), &resp, &err) !=
        0) {
        a->transport_failed = true;
        snprintf(a->message, sizeof a->message, "%.250s", err.msg);
    } else {
        a->status = resp.status;
        dc_awsjson_error e;
        dc_awsjson_kind k = dc_awsjson_read_body(resp.body.data, resp.body.len, &a->doc, &e);
        a->have_doc = k == DC_AWSJSON_NO_ERROR || k == DC_AWSJSON_ERROR;
        if (k == DC_AWSJSON_ERROR || k == DC_AWSJSON_XML404) {
            snprintf(a->error, sizeof a->error, "%.*s", (int)e.name_len, e.name ? e.name : "");
            size_t ml = 0;
            const char *msg = k == DC_AWSJSON_ERROR ? dc_awsjson_error_message(&e, &ml) : NULL;
            snprintf(a->message, sizeof a->message, "%.*s", (int)ml, msg ? msg : "");
        } else if (a->status != 200) {
            snprintf(a->error, sizeof a->error, "HTTP %ld", a->status);
        }
    }
    dc_http_response_free(&resp);
    for (size_t i = 0; i < n; i++) {
        dc_wipe(lines[i], strlen(lines[i]));
        free(lines[i]);
    }
    dc_sigv4_signed_free(&sig);
}

static bool s_retryable(const s_answer *a, bool *throttled)
{
    *throttled = strcmp(a->error, "ThrottlingException") == 0 || strcmp(a->error, "LimitExceededException") == 0 ||
                 strcmp(a->error, "RequestLimitExceeded") == 0 ||
                 strcmp(a->error, "ProvisionedThroughputExceededException") == 0;
    return *throttled || a->transport_failed || a->status >= 500;
}

/* A call with backoff on throttling, 5xx and transport errors. */
static void s_call(s_sweep *sw, const char *op, const char *body, s_answer *a)
{
    double backoff = S_BACKOFF_BASE_S;
    for (int attempt = 1;; attempt++) {
        s_send(sw, op, body, a);
        bool throttled;
        if (!s_retryable(a, &throttled) || attempt == S_MAX_ATTEMPTS || s_stopped(sw))
            return;
        if (throttled)
            sw->res->throttled++;
        s_answer_free(a);
        /* full jitter keeps two sweeps (or a sweep and a run) from retrying in step */
        s_sleep(backoff * (0.5 + 0.5 * ((double)rand() / RAND_MAX)));
        backoff = fmin(backoff * 2, sw->o->backoff_max_s);
    }
}

static const char *s_answer_text(const s_answer *a)
{
    static _Thread_local char buf[400];
    if (a->transport_failed)
        snprintf(buf, sizeof buf, "%s", a->message);
    else
        snprintf(buf, sizeof buf, "%s%s%s", a->error[0] ? a->error : "HTTP 200", a->message[0] ? ": " : "", a->message);
    return buf;
}

/* ---- what is the suite's ------------------------------------------------------------ */

/* 1 the suite's and old enough, 0 not the suite's, 2 the suite's but younger. */
static int s_ours(const s_sweep *sw, const char *name, int64_t now)
{
    dc_unique_info info;
    if (name == NULL || !dc_unique_parse(name, strlen(name), &info))
        return 0;
    return now - info.created >= sw->o->older_than_s ? 1 : 2;
}

static int s_list_tables(s_sweep *sw, int64_t now, dc_err *err)
{
    char *start = NULL;
    for (int page = 0; page < S_MAX_PAGES; page++) {
        dc_buf body;
        dc_buf_init(&body);
        dc_buf_puts(&body, "{");
        if (start != NULL) {
            dc_buf_puts(&body, "\"ExclusiveStartTableName\":");
            dc_buf_put_json_string(&body, start, strlen(start));
        }
        dc_buf_puts(&body, "}");
        s_answer a;
        s_call(sw, "ListTables", (const char *)body.data, &a);
        dc_buf_free(&body);
        free(start);
        start = NULL;
        if (a.status != 200 || !a.have_doc) {
            dc_fail(err, "ListTables on %s: %s", sw->o->endpoint, s_answer_text(&a));
            s_answer_free(&a);
            return -1;
        }
        const dc_json *names = dc_json_get(a.doc.root, "TableNames");
        for (size_t i = 0; names != NULL && names->type == DC_JSON_ARRAY && i < names->count; i++) {
            const char *n = dc_json_string(&names->items[i]);
            sw->res->tables_seen++;
            int ours = s_ours(sw, n, now);
            if (ours == 2)
                sw->res->tables_young++;
            if (ours != 1)
                continue;
            sw->tables = dc_xrealloc(sw->tables, (sw->ntables + 1) * sizeof *sw->tables);
            sw->tables[sw->ntables].name = dc_xstrdup(n);
            sw->tables[sw->ntables++].done = false;
        }
        const char *last = dc_json_string(dc_json_get(a.doc.root, "LastEvaluatedTableName"));
        start = last != NULL ? dc_xstrdup(last) : NULL;
        s_answer_free(&a);
        if (start == NULL)
            return 0;
    }
    free(start);
    return dc_fail(err, "ListTables on %s: more than %d pages", sw->o->endpoint, S_MAX_PAGES);
}

/* Every backup (BackupType ALL); the suite's old enough ones into sw->backups
 * (not twice: a second listing after the tables adds only new ones). */
static int s_list_backups(s_sweep *sw, int64_t now, bool count, dc_err *err)
{
    char *start = NULL;
    for (int page = 0; page < S_MAX_PAGES; page++) {
        dc_buf body;
        dc_buf_init(&body);
        dc_buf_puts(&body, "{\"BackupType\":\"ALL\"");
        if (start != NULL) {
            dc_buf_puts(&body, ",\"ExclusiveStartBackupArn\":");
            dc_buf_put_json_string(&body, start, strlen(start));
        }
        dc_buf_puts(&body, "}");
        s_answer a;
        s_call(sw, "ListBackups", (const char *)body.data, &a);
        dc_buf_free(&body);
        free(start);
        start = NULL;
        if (a.status != 200 || !a.have_doc) {
            dc_fail(err, "ListBackups on %s: %s", sw->o->endpoint, s_answer_text(&a));
            s_answer_free(&a);
            return -1;
        }
        const dc_json *list = dc_json_get(a.doc.root, "BackupSummaries");
        for (size_t i = 0; list != NULL && list->type == DC_JSON_ARRAY && i < list->count; i++) {
            const dc_json *s = &list->items[i];
            const char *arn = dc_json_string(dc_json_get(s, "BackupArn"));
            const char *name = dc_json_string(dc_json_get(s, "BackupName"));
            const char *table = dc_json_string(dc_json_get(s, "TableName"));
            if (arn == NULL)
                continue;
            if (count)
                sw->res->backups_seen++;
            /* a USER backup is the suite's by its own name (the cases name every backup from
             * ${unique}); a SYSTEM one by its table's (the service names it "<table>$DeletedTableBackup");
             * an AWS_BACKUP one (the account's backup plans) never */
            const char *type = dc_json_string(dc_json_get(s, "BackupType"));
            bool system = type != NULL && strcmp(type, "SYSTEM") == 0;
            int ours = 0;
            if (type == NULL || strcmp(type, "USER") == 0)
                ours = s_ours(sw, name, now);
            else if (system)
                ours = s_ours(sw, table, now);
            if (ours == 2 && count)
                sw->res->backups_young++;
            if (ours != 1)
                continue;
            bool known = false;
            for (size_t k = 0; k < sw->nbackups && !known; k++)
                known = strcmp(sw->backups[k].arn, arn) == 0;
            if (known)
                continue;
            sw->backups = dc_xrealloc(sw->backups, (sw->nbackups + 1) * sizeof *sw->backups);
            s_backup *b = &sw->backups[sw->nbackups++];
            b->arn = dc_xstrdup(arn);
            b->name = dc_xstrdup(name ? name : "");
            b->table = dc_xstrdup(table ? table : "");
            b->system = system;
            b->done = false;
        }
        const char *last = dc_json_string(dc_json_get(a.doc.root, "LastEvaluatedBackupArn"));
        start = last != NULL ? dc_xstrdup(last) : NULL;
        s_answer_free(&a);
        if (start == NULL)
            return 0;
    }
    free(start);
    return dc_fail(err, "ListBackups on %s: more than %d pages", sw->o->endpoint, S_MAX_PAGES);
}

/* ---- deleting ----------------------------------------------------------------------- */

static char *s_name_body(const char *member, const char *value)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "{\"%s\":", member);
    dc_buf_put_json_string(&b, value, strlen(value));
    dc_buf_putc(&b, '}');
    return dc_buf_take(&b);
}

/* A table still being created (a restore holds its backup until it is ACTIVE):
 * wait until it is not, or until wait_s. */
static void s_settle_table(s_sweep *sw, s_table *t)
{
    char *body = s_name_body("TableName", t->name);
    double deadline = s_mono() + sw->o->wait_s;
    for (;;) {
        s_answer a;
        s_call(sw, "DescribeTable", body, &a);
        const char *st = a.have_doc ? dc_json_string(dc_json_path(a.doc.root, "Table.TableStatus")) : NULL;
        bool gone = strcmp(a.error, "ResourceNotFoundException") == 0;
        bool busy = st != NULL && (strcmp(st, "CREATING") == 0 || strcmp(st, "UPDATING") == 0);
        t->protected = a.have_doc && dc_json_path(a.doc.root, "Table.DeletionProtectionEnabled") != NULL &&
                       dc_json_path(a.doc.root, "Table.DeletionProtectionEnabled")->type == DC_JSON_TRUE;
        if (gone || (st != NULL && strcmp(st, "DELETING") == 0)) {
            t->done = true;
            fprintf(sw->o->out, "table %s: %s\n", t->name, gone ? "already gone" : "already being deleted");
        }
        s_answer_free(&a);
        if (!busy || s_mono() + S_POLL_S > deadline || s_stopped(sw))
            break;
        s_sleep(S_POLL_S);
    }
    free(body);
}

/* Calls op until it is not answered with its busyError (spec/operations
 * "deletes", else fallback), or wait_s is over. */
static void s_delete(s_sweep *sw, const char *op, const char *body, const char *fallback, s_answer *a)
{
    const dc_operation *spec_op = dc_spec_operation(sw->o->spec, op);
    const char *busy_error = spec_op != NULL && spec_op->busy_error != NULL ? spec_op->busy_error : fallback;
    double deadline = s_mono() + sw->o->wait_s;
    for (;;) {
        s_call(sw, op, body, a);
        if (strcmp(a->error, busy_error) != 0 || s_mono() + S_POLL_S > deadline || s_stopped(sw))
            return;
        s_answer_free(a);
        s_sleep(S_POLL_S);
    }
}

static void s_delete_backups(s_sweep *sw)
{
    for (size_t i = 0; i < sw->nbackups && !s_stopped(sw); i++) {
        s_backup *b = &sw->backups[i];
        if (b->done)
            continue;
        if (b->system) {
            /* the service refuses to delete them; they expire by themselves */
            b->done = true;
            sw->res->system_backups++;
            fprintf(sw->o->out, "backup %s (%s): SYSTEM backup of table %s, kept by the service until it expires\n",
                    b->name, b->arn, b->table);
            continue;
        }
        char *body = s_name_body("BackupArn", b->arn);
        s_answer a;
        s_delete(sw, "DeleteBackup", body, "BackupInUseException", &a);
        if (a.status == 200 || strcmp(a.error, "BackupNotFoundException") == 0) {
            b->done = true;
            if (a.status == 200)
                sw->res->backups_deleted++;
            fprintf(sw->o->out, "backup %s (%s): %s\n", b->name, b->arn, a.status == 200 ? "deleted" : "already gone");
        } else {
            fprintf(sw->o->out, "backup %s (%s): could not delete: %s\n", b->name, b->arn, s_answer_text(&a));
        }
        s_answer_free(&a);
        free(body);
    }
}

static void s_delete_tables(s_sweep *sw)
{
    for (size_t i = 0; i < sw->ntables && !s_stopped(sw); i++) {
        s_table *t = &sw->tables[i];
        if (t->done)
            continue;
        char *body = s_name_body("TableName", t->name);
        s_answer a;
        if (t->protected) {
            /* the suite's own table with deletion protection (a case about it, interrupted) */
            dc_buf ub;
            dc_buf_init(&ub);
            dc_buf_puts(&ub, "{\"DeletionProtectionEnabled\":false,\"TableName\":");
            dc_buf_put_json_string(&ub, t->name, strlen(t->name));
            dc_buf_putc(&ub, '}');
            s_delete(sw, "UpdateTable", (const char *)ub.data, "ResourceInUseException", &a);
            fprintf(sw->o->out, "table %s: deletion protection %s\n", t->name,
                    a.status == 200 ? "turned off" : s_answer_text(&a));
            s_answer_free(&a);
            dc_buf_free(&ub);
        }
        s_delete(sw, "DeleteTable", body, "ResourceInUseException", &a);
        if (a.status == 200 || strcmp(a.error, "ResourceNotFoundException") == 0) {
            t->done = true;
            if (a.status == 200)
                sw->res->tables_deleted++;
            fprintf(sw->o->out, "table %s: %s\n", t->name, a.status == 200 ? "deleted" : "already gone");
        } else {
            fprintf(sw->o->out, "table %s: could not delete: %s\n", t->name, s_answer_text(&a));
        }
        s_answer_free(&a);
        free(body);
    }
}

void dc_sweep_opts_default(dc_sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    o->region = "us-east-1";
    o->wait_s = 1800; /* a restore took up to 721 s in the recordings ([S:real-service-durations]) */
    o->backoff_max_s = 20;
    o->timeout_ms = 30000;
    o->out = stdout;
}

int dc_sweep_run(const dc_sweep_opts *o, dc_sweep_result *out, dc_err *err)
{
    s_sweep sw;
    memset(&sw, 0, sizeof sw);
    memset(out, 0, sizeof *out);
    sw.o = o;
    sw.res = out;
    int rc = -1;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    if (o->spec == NULL) {
        dc_fail(err, "sweep: the spec is required (wire constants)");
        goto cleanup;
    }
    if (dc_http_endpoint_parse(o->endpoint, &sw.ep, err) != 0)
        goto cleanup;
    dc_http_options ho;
    memset(&ho, 0, sizeof ho);
    ho.total_timeout_ms = o->timeout_ms;
    sw.http = dc_http_client_new(&ho, err);
    if (sw.http == NULL)
        goto cleanup;
    s_load_rates(&sw);
    if (s_list_tables(&sw, now, err) != 0 || s_list_backups(&sw, now, true, err) != 0)
        goto cleanup;
    out->tables_ours = sw.ntables;
    out->backups_ours = sw.nbackups;
    fprintf(o->out,
            "found %zu tables and %zu backups of the suite%s (of %zu tables, %zu backups); %zu tables, %zu "
            "backups of the suite are younger than --older-than and stay\n",
            sw.ntables, sw.nbackups, o->dry_run ? " to delete" : "", out->tables_seen, out->backups_seen,
            out->tables_young, out->backups_young);
    if (o->dry_run) {
        for (size_t i = 0; i < sw.ntables; i++)
            fprintf(o->out, "table %s: would delete\n", sw.tables[i].name);
        for (size_t i = 0; i < sw.nbackups; i++)
            fprintf(o->out, "backup %s (%s): %s\n", sw.backups[i].name, sw.backups[i].arn,
                    sw.backups[i].system ? "SYSTEM backup, kept by the service until it expires" : "would delete");
        rc = 0;
        goto cleanup;
    }
    /* restores in progress first: their targets are CREATING and hold their backups */
    for (size_t i = 0; i < sw.ntables && !s_stopped(&sw); i++)
        s_settle_table(&sw, &sw.tables[i]);
    s_delete_backups(&sw);
    s_delete_tables(&sw);
    /* deleting a PITR-enabled table makes a SYSTEM backup; a backup a restore
     * still held may be free now */
    if (!s_stopped(&sw) && s_list_backups(&sw, now, false, err) != 0)
        goto cleanup;
    s_delete_backups(&sw);
    for (size_t i = 0; i < sw.ntables; i++)
        out->failed += !sw.tables[i].done;
    for (size_t i = 0; i < sw.nbackups; i++)
        out->failed += !sw.backups[i].done;
    rc = 0;
cleanup:
    for (size_t i = 0; i < sw.ntables; i++)
        free(sw.tables[i].name);
    free(sw.tables);
    for (size_t i = 0; i < sw.nbackups; i++) {
        free(sw.backups[i].arn);
        free(sw.backups[i].name);
        free(sw.backups[i].table);
    }
    free(sw.backups);
    for (size_t i = 0; i < sw.nrates; i++)
        free(sw.rates[i].op);
    dc_http_client_free(sw.http);
    dc_http_endpoint_free(&sw.ep);
    return rc;
}
