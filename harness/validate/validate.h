/* validate.h - the validation core: one code path used by `validate`, by
 * `serve`, by the network fuzzer's oracle and by the fuzz targets.
 *
 * Order, as the service applies it ([S:processing-order]): JSON parse
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

#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"
#include "validate/verdict.h"

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

#endif
