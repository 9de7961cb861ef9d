/* oracle.h - the fuzz oracle: what the service must answer to the exact
 * request the fuzzer sent (predict), and what a response is when it answers
 * something else (judge).
 *
 * predict runs the request through the service's processing order of
 * endpoint/front.h - the same code serve answers with - with the fuzzer's own
 * credentials, the operations of the spec, and a validation context the
 * fuzzer looked up (a hook). Valid means 2xx or a state error of the
 * operation; invalid means that exact error (at strict: its message, or the
 * clause set of a validation message). Auth texts may echo the request, so
 * they are compared by error name only.
 *
 * judge classifies one response (dc_finding_class): transport, 5xx, the 404
 * of a wrong content type, a body that is no JSON, accepted-invalid,
 * rejected-valid, wrong error, wrong message, then the check module's
 * findings about the response itself (status per catalog, undocumented
 * errors, shape, headers). */
#ifndef DC_ORACLE_H
#define DC_ORACLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/json.h"
#include "netfuzz/findclass.h"
#include "spec/spec.h"
#include "validate/validate.h"
#include "wire/check.h"
#include "wire/http.h"
#include "wire/sigv4.h"

/* The outcome predicted for one request. */
typedef struct {
    bool valid;
    bool xml404;       /* the 404 <UnknownOperationException/> of a bad content type */
    const char *error; /* expected error name (static or spec-owned); NULL when valid */
    int status;
    char *message; /* exact expected text (owned; may hold NUL), NULL = no message expected */
    size_t message_len;
    bool message_checked; /* compare the message at strict */
    bool from_context;    /* decided by a rule that used fetched state */
    const char *rule;     /* the rule/check that decided (diagnostics) */
    const char *stage;    /* "content-type", "body-cap", "parse", "target", "auth", "validate" */
} dc_oracle_pred;

void dc_oracle_pred_free(dc_oracle_pred *p);

/* What judge found; found false = the response is as predicted. */
typedef struct {
    bool found;
    dc_finding_class cls;
    char key[300]; /* dedup key (class and op are added by the caller) */
    char expected[400];
    char actual[400];
    char path[160];
} dc_oracle_verdict;

typedef struct {
    const dc_spec *spec;
    dc_validator *validator;
    dc_check_level level;
    const char *region;                /* the endpoint's region */
    const dc_sigv4_credentials *creds; /* the fuzzer's: the endpoint must know them */
    const char *path;                  /* the request path ("/") */
    void *ctx;                         /* for the hooks */
    /* The validation context of op, looked up (describe calls); true when it
     * holds state. NULL = an empty context. context_end frees it. */
    bool (*context)(void *ctx, const char *op, const dc_json *root, dc_validate_context *out);
    void (*context_end)(void *ctx);
    /* name is an error about the state of the world (not the request) that
     * op may answer a valid request with; required by judge. */
    bool (*state_error)(void *ctx, const dc_operation *op, const char *name);
} dc_oracle;

/* The exact request: its final headers and body. */
typedef struct {
    const dc_http_headers *headers;
    const uint8_t *body;
    size_t body_len;
} dc_oracle_wire;

/* Predicts the answer to w. */
void dc_oracle_predict(const dc_oracle *o, const dc_oracle_wire *w, dc_oracle_pred *p);

/* What judge needs to know about the request besides its wire form. */
typedef struct {
    const char *op;      /* the operation the request was meant for */
    const char *mutator; /* part of the dedup keys: "length-boundary", "auth-missing", ... */
    const char *gone;    /* the error a deleted resource the request names must get; NULL = none */
} dc_oracle_request;

/* Judges resp (transport_failed: no HTTP response, resp->error says why). */
void dc_oracle_judge(const dc_oracle *o, const dc_oracle_request *rq, const dc_oracle_wire *w, const dc_oracle_pred *p,
                     const dc_http_response *resp, bool transport_failed, dc_oracle_verdict *v);
/* dc_oracle_judge that leaves the answer's JSON in *answer when it parsed it
 * (answer->root NULL when it did not): the caller reads it without parsing it
 * again, and frees it with dc_json_doc_free. */
void dc_oracle_judge_answer(const dc_oracle *o, const dc_oracle_request *rq, const dc_oracle_wire *w,
                            const dc_oracle_pred *p, const dc_http_response *resp, bool transport_failed,
                            dc_oracle_verdict *v, dc_json_doc *answer);

/* "2xx or a state error of the operation", or "<status> <error>[: <message>]". */
void dc_oracle_describe(const dc_oracle_pred *p, char *out, size_t cap);

#endif
