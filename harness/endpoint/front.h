/* front.h - the service's processing order ([S:processing-order]), written once. serve
 * answers with it (endpoint/serve.c); the fuzz oracle predicts with it
 * (netfuzz/oracle.c). Per request, in this order:
 *
 *   1. method and content type: not POST, or a type spec/service.json does not
 *      accept -> 404 "<UnknownOperationException/>\n", no Content-Type
 *   2. body cap: more than DC_FRONT_MAX_BODY bytes -> 413, no body
 *   3. the fault hook (serve --faults): reset, throttling, 500
 *   4. JSON parse: an empty or unparsable body -> SerializationException
 *   5. X-Amz-Target: the target prefix or a legacy one of spec/service.json,
 *      then an operation the endpoint knows (hook) -> else
 *      UnknownOperationException
 *   6. SigV4 (dc_sigv4_verify with the credentials given; none = form only),
 *      then the admit hook (serve --pace: the operation's rate limit)
 *   7. validation (dc_validate_json) with the context of a hook: serve builds
 *      it from the model, the oracle from describe calls
 *   8. the accepted hook: serve runs the model; without it the answer is
 *      "valid" (200, no body), which is what the oracle predicts.
 *
 * Every text comes from spec/messages.json by id, every error's namespace and
 * status from spec/errors.json. Nothing here touches a socket. */
#ifndef DC_FRONT_H
#define DC_FRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/json.h"
#include "endpoint/faults.h"
#include "spec/spec.h"
#include "validate/validate.h"
#include "wire/sigv4.h"

#define DC_FRONT_MAX_BODY (16u << 20) /* [S:wire-request]: more -> 413 */
#define DC_FRONT_MAX_OP_NAME 64

/* One header line as received (NUL-terminated). */
typedef struct {
    const char *name;
    const char *value;
} dc_front_header;

/* A complete request; everything borrowed. */
typedef struct {
    const char *method;             /* "POST" */
    const char *url;                /* path as received, "/" */
    const char *query;              /* decoded arguments re-joined "k=v&k2=v2"; NULL or "" = none */
    const dc_front_header *headers; /* more than DC_SIGV4_MAX_HEADERS: IncompleteSignatureException */
    size_t nheaders;
    bool headers_overflow; /* the client sent more than DC_SIGV4_MAX_HEADERS */
    const uint8_t *body;
    size_t body_len;
    bool body_too_large; /* the body passed DC_FRONT_MAX_BODY and was not kept */
    int64_t signing_now; /* SigV4 clock, epoch seconds; 0 = time(NULL) */
} dc_front_request;

/* Which step of the processing order produced the answer. */
typedef enum {
    DC_FRONT_STAGE_NONE = 0,   /* not a DynamoDB request: health check, CORS preflight, test control */
    DC_FRONT_STAGE_ROUTE,      /* 404: not POST, or a content type the service does not take */
    DC_FRONT_STAGE_BODY_CAP,   /* 413 */
    DC_FRONT_STAGE_FAULT,      /* an injected fault answered (throttle, error500) or dropped the connection */
    DC_FRONT_STAGE_JSON,       /* SerializationException */
    DC_FRONT_STAGE_TARGET,     /* UnknownOperationException */
    DC_FRONT_STAGE_AUTH,       /* SigV4 refused */
    DC_FRONT_STAGE_VALIDATION, /* the validation core refused the request */
    DC_FRONT_STAGE_MODEL       /* accepted: the model answered (success or one of its errors), or "valid" */
} dc_front_stage;

/* What the front decided, for observers (the client judge) and tests. */
typedef struct {
    dc_front_stage stage;
    char operation[DC_FRONT_MAX_OP_NAME]; /* "" until X-Amz-Target was routed */
    bool auth_checked;                    /* SigV4 was verified (the request got that far) */
    dc_sigv4_status auth;                 /* its result when auth_checked */
} dc_front_decision;

/* The answer; free with dc_front_result_free. */
typedef struct {
    dc_front_decision decision;
    unsigned status;          /* HTTP status; 0 with fault RESET: no answer */
    const char *content_type; /* the accepted type, echoed (spec-owned); NULL = no Content-Type (404, 413) */
    dc_buf body;              /* the exact body */
    dc_fault_kind fault;      /* for the transport: RESET, TRUNCATE, BADCRC */
    /* the error as the oracle compares it; all NULL on success */
    const char *error;      /* short name ("ValidationException"), spec-owned or static */
    const char *message_id; /* messages.json id of the text, when it came from one */
    char *message;          /* the exact text (owned; may hold NUL); NULL = a body without one */
    size_t message_len;
    const char *rule;  /* the validation rule/check that decided (stage VALIDATION) */
    bool from_context; /* the validation read a context the hook supplied */
} dc_front_result;

void dc_front_result_free(dc_front_result *r);

/* What the endpoint plugs in; ctx goes to every hook (serve and the oracle
 * make one per request, so per-request state can live behind it). */
typedef struct {
    void *ctx;
    /* The endpoint knows op (serve: the model; the oracle: the spec). Required. */
    bool (*knows)(void *ctx, const char *op);
    /* The next fault decision (serve --faults); NULL = none. */
    dc_fault_kind (*fault)(void *ctx);
    /* SigV4 passed for the key access_key_id; NULL = nothing to do. */
    void (*authenticated)(void *ctx, const char *access_key_id);
    /* After authentication, before validation: the spec/messages.json id of
     * the answer when op may not run now (serve --pace: "rate-exceeded"),
     * NULL to go on. The answer's stage is DC_FRONT_STAGE_FAULT with fault
     * DC_FAULT_THROTTLE. NULL hook = always admitted. */
    const char *(*admit)(void *ctx, const char *op);
    /* Brackets steps 7 and 8 (serve takes its lock: the validator and the
     * model serve one request at a time); NULL = nothing to do. */
    void (*begin)(void *ctx);
    void (*end)(void *ctx);
    /* Fills the validation context of op (root: the parsed request) and
     * returns true when it holds looked-up state; NULL = an empty context.
     * Called once per request that reaches validation, after begin; what it
     * points to must live until end. */
    bool (*context)(void *ctx, const char *op, const dc_json *root, dc_validate_context *out);
    /* The request passed validation: answer it into res (status, body, error
     * fields). NULL: the answer is "valid" (200, empty body). */
    void (*accepted)(void *ctx, const char *op, const dc_json *root, dc_front_result *res);
} dc_front_hooks;

typedef struct {
    const dc_spec *spec;
    dc_validator *validator;
    const char *region;                      /* the endpoint's region (SigV4 scope) */
    const dc_sigv4_credentials *credentials; /* accepted key pairs; 0 = SigV4 form only */
    size_t credential_count;
    dc_front_hooks hooks;
} dc_front;

/* Runs req through the processing order; res is initialised here (free it
 * with dc_front_result_free). */
void dc_front_handle(const dc_front *f, const dc_front_request *req, dc_front_result *res);

/* The error body of name through the catalog (namespace, status, message
 * key); message NULL = a body without one. A name the catalog lacks answers
 * as InternalServerError. Fills res's body, status and error fields. */
void dc_front_error(const dc_spec *spec, const char *name, const char *message, size_t message_len,
                    dc_front_result *res);

/* First header named name (any case); NULL when absent, "" when valueless. */
const char *dc_front_header_value(const dc_front_request *req, const char *name);

#endif
