/* validate.h - the validation core: one code path used by `validate`, by
 * `serve`, by the network fuzzer's oracle and by the fuzz targets.
 *
 * Order, as the service applies it (facts §1.2): JSON parse
 * (SerializationException, no message) -> JSON types per member
 * (SerializationException with "Message") -> generic constraint validation
 * (com.amazon.coral.validate#ValidationException, "N validation error(s)
 * detected: ...", at most 10 clauses) -> member checks and the operation's
 * stateless rules (custom ValidationException texts) -> the stateful rules that
 * need context (restore overrides vs the backup's source table, PITR window vs
 * the clock, cross-region SSE); rules whose context is missing are skipped. */
#ifndef DC_VALIDATE_H
#define DC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "json.h"
#include "spec.h"

/* What the stateful rules need; every field optional (NULL / has_now false). */
typedef struct {
    const dc_json *source_table;       /* DescribeTable's "Table" of the source */
    const dc_json *backup;             /* DescribeBackup's "BackupDescription" */
    const dc_json *continuous_backups; /* DescribeContinuousBackups' "ContinuousBackupsDescription" */
    bool has_now;
    double now;         /* epoch seconds */
    const char *region; /* the endpoint's region, e.g. "us-east-1" */
} dc_validate_context;

/* Parses the --context file format of the CLI contract ({"sourceTable":...,
 * "backup":..., "continuousBackups":..., "now":..., "region":...}); the doc
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

typedef struct dc_validator dc_validator;

/* The validator borrows spec (which must outlive it); it is not thread-safe:
 * use one per thread. */
dc_validator *dc_validator_new(const dc_spec *spec);
void dc_validator_free(dc_validator *v);

/* Validates one request body for operation op (a name in spec/operations).
 * Returns -1 only when op is unknown to the spec (err says so); otherwise 0
 * with the verdict in out (free with dc_verdict_free). */
int dc_validate(dc_validator *v, const char *op, const uint8_t *body, size_t len, const dc_validate_context *ctx,
                dc_verdict *out, dc_err *err);
/* Same for an already-parsed request. */
int dc_validate_json(dc_validator *v, const char *op, const dc_json *request, const dc_validate_context *ctx,
                     dc_verdict *out, dc_err *err);
void dc_verdict_free(dc_verdict *out);

/* The exact error body the service sends for a verdict, e.g.
 * {"__type":"com.amazon.coral.validate#ValidationException","message":"..."}
 * (key order __type then message/Message; no message key when message NULL). */
void dc_verdict_body(const dc_verdict *verdict, dc_buf *out);

#endif
