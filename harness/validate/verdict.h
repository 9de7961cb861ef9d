/* verdict.h - what the validation core decides about one request, and the
 * context its stateful rules read. Kept apart from validate.h so that the rule
 * table (rules.c) and the generic core (validate.c) both build on it without
 * depending on each other. */
#ifndef DC_VERDICT_H
#define DC_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"

/* What the stateful rules need; every field optional (NULL / has_now false). */
typedef struct {
    const dc_json *source_table;       /* DescribeTable's "Table" of the source */
    const dc_json *backup;             /* DescribeBackup's "BackupDescription" */
    const dc_json *continuous_backups; /* DescribeContinuousBackups' "ContinuousBackupsDescription" */
    bool has_now;
    double now;          /* epoch seconds */
    const char *region;  /* the endpoint's region, e.g. "us-east-1" */
    const char *account; /* the caller's account, 12 digits: ARNs of another account are refused */
} dc_validate_context;

/* Parses the --context file format of the CLI contract ({"sourceTable":...,
 * "backup":..., "continuousBackups":..., "now":..., "region":..., "account":...}); the doc
 * must outlive ctx. Unknown keys or wrong types are an error. */
int dc_validate_context_from_json(const dc_json *obj, dc_validate_context *ctx, dc_err *err);

typedef struct {
    bool ok;                   /* valid: nothing else is set */
    const dc_error_def *error; /* the catalog entry of the error the service answers */
    char *message;             /* malloc'd exact text; NULL when the body has no message */
    size_t message_len;        /* its bytes: a rendered value may hold U+0000 ("\u0000" in the body) */
    size_t nclauses;           /* generic validation: clauses in message (<= 10) */
    const char *rule;          /* id of the rule/check that decided, for diagnostics */
} dc_verdict;

void dc_verdict_free(dc_verdict *out);

/* The exact error body the service sends for a verdict, e.g.
 * {"__type":"com.amazon.coral.validate#ValidationException","message":"..."}
 * (dc_error_body_write's member order; no message key when message NULL). */
void dc_verdict_body(const dc_verdict *verdict, dc_buf *out);

/* Every JSON error body of the service: __type and, unless message is NULL,
 * key (message_key: "message" or "Message") in code-point order, as the service
 * writes them ([S:member-order]): {"__type":…,"message":…} but {"Message":…,"__type":…}. */
void dc_error_body_write(dc_buf *out, const char *type, size_t type_len, const char *key, const char *message,
                         size_t message_len);

/* Sets a failed verdict with the catalog entry of error. */
int dc_verdict_set(dc_verdict *out, const dc_spec *spec, const char *error, const char *message, const char *rule);
/* Same with the message's length (it may contain NUL). */
int dc_verdict_setn(dc_verdict *out, const dc_spec *spec, const char *error, const char *message, size_t len,
                    const char *rule);

#endif
