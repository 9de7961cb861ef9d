/* model.h - the stateful reference model behind `ddbconform serve`: tables,
 * items (with a write history for point-in-time restores), backups, restores
 * and continuous backups, timed by a virtual clock (vclock.h).
 *
 * The model answers existence and state ([S:semantic-error-texts], [S:backup-lifecycle]): "Backup not found",
 * "Table already exists", restores in progress, PITR windows. Request shape and
 * the ValidationException-class rules belong to the validation core
 * (validate.h); the model supplies that core's context (dc_model_context_build)
 * and runs only after the request passed it. Where the model cannot proceed
 * with a request the core let through (no context), it answers the same
 * ValidationException text the core would, as a safety net.
 *
 * Not thread-safe: the HTTP front serializes calls with one mutex. */
#ifndef DC_MODEL_H
#define DC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/json.h"
#include "core/vclock.h"
#include "spec/spec.h"
#include "validate/context.h"
#include "validate/validate.h"

#define DC_MODEL_DEFAULT_REGION "us-east-1"
#define DC_MODEL_DEFAULT_ACCOUNT "123456789012"
#define DC_MODEL_MAX_TABLES 256    /* CreateTable/restores beyond -> LimitExceededException */
#define DC_MODEL_MAX_BACKUPS 10000 /* CreateBackup beyond -> LimitExceededException */
#define DC_MODEL_MAX_WRITES 20000  /* item writes kept per table (PITR history) */
#define DC_MODEL_MAX_TAGS 50       /* tags per table: the service's documented limit per resource */
#define DC_MODEL_MAX_CONCURRENT_RESTORES                                                                               \
    50 /* [S:restore-from-backup]: the 51st -> LimitExceededException (restore-limit-exceeded) */
#define DC_MODEL_RECOVERY_DAYS_DEFAULT 35
#define DC_MODEL_SYSTEM_BACKUP_DAYS 35 /* expiry of "<table>$DeletedTableBackup" */

/* Durations in milliseconds of virtual time. */
typedef struct {
    const dc_spec *spec;          /* required: every error text is a spec/messages.json entry; must outlive the model */
    const char *region;           /* default DC_MODEL_DEFAULT_REGION */
    const char *account;          /* default DC_MODEL_DEFAULT_ACCOUNT */
    int64_t table_create_ms;      /* CreateTable: CREATING -> ACTIVE (default 0) */
    int64_t table_delete_ms;      /* DeleteTable: DELETING -> gone (default 0) */
    int64_t backup_create_ms;     /* CreateBackup: CREATING -> AVAILABLE (default 0) */
    int64_t restore_ms;           /* restores: CREATING -> ACTIVE (serve's default: S_DEFAULT_RESTORE_MS) */
    int64_t restore_ms_per_kitem; /* restores: plus this per 1000 items restored (default 0; serve --pace) */
    /* tables of an account CREATING or DELETING at once (table operations and
     * restores); one more -> LimitExceededException. 0 = no limit (serve --pace) */
    unsigned max_changing_tables;
    int64_t backups_enabling_ms; /* after ACTIVE: "Backups are being enabled" window (default 0) */
    int64_t pitr_lag_ms;         /* LatestRestorableDateTime = max(enable, now - lag) (serve's default: 5 min) */
    uint64_t seed;               /* TableId / backup ARN suffixes; 0 = from the clock */
} dc_model_options;

void dc_model_options_default(dc_model_options *opt);

typedef struct dc_model dc_model;

/* Borrows clock (must outlive the model); copies the strings of opt. */
dc_model *dc_model_new(const dc_model_options *opt, dc_vclock *clock);
void dc_model_free(dc_model *m);

/* The account the following calls run as (12 digits; NULL = the model's
 * account): tables are per account, the ARNs the model mints carry it, and
 * ListBackups and the restore limit count only its own. serve sets it per
 * request from the access key (serve.h). */
void dc_model_set_caller(dc_model *m, const char *account);

/* true for the operations the model executes (the routing table of serve). */
bool dc_model_knows(const char *op);

typedef struct {
    const char *error; /* NULL on success, else the error name ("BackupNotFoundException"), owned by the spec */
    char *message;     /* owned exact text, or NULL */
    dc_buf body;       /* success only: the compact JSON response body */
} dc_model_result;

/* Executes op with an already validated request object. out must be freed
 * with dc_model_result_free whatever the outcome. */
void dc_model_execute(dc_model *m, const char *op, const dc_json *req, dc_model_result *out);
void dc_model_result_free(dc_model_result *r);

/* The context the validation core needs for op: now and region, and the slots
 * spec/operations/<op>.json "context" declares, answered by the model's own
 * describe operations (validate/context.h). The docs behind ctx are owned
 * here; free with dc_model_context_free. */
typedef struct {
    dc_validate_context ctx;
    dc_json_doc docs[DC_CONTEXT_SLOT_COUNT];
    bool have[DC_CONTEXT_SLOT_COUNT];
} dc_model_context;
void dc_model_context_build(dc_model *m, const char *op, const dc_json *req, dc_model_context *out);
void dc_model_context_free(dc_model_context *c);

/* Counters for tests and diagnostics. */
size_t dc_model_table_count(dc_model *m);
size_t dc_model_backup_count(dc_model *m);

#endif
