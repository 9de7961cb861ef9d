/* sides.h - the two parties explore holds in lockstep: the reference model
 * in-process (the validation core, then the model, as serve answers;
 * [S:processing-order]) and the endpoint under test over HTTP (signed requests, one
 * connection). Both answer one operation with a request body into the same
 * dc_ex_answer, so the judge compares like with like.
 *
 * Time: the model reads its own clock (vclock.h). Against an endpoint that
 * offers serve's test-control clock (serve --test-control), explore advances
 * that clock and the model's together; elsewhere the model's clock is the
 * wall clock and an advance is a real (short) wait. */
#ifndef DC_EXPLORE_SIDES_H
#define DC_EXPLORE_SIDES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/json.h"
#include "core/vclock.h"
#include "endpoint/model.h"
#include "spec/spec.h"
#include "validate/validate.h"
#include "wire/http.h"
#include "wire/sigv4.h"

#define DC_EX_MAX_ERROR_NAME 96

/* One answer: the HTTP status (0: no answer), the error's short name and
 * message (NULL on success), the parsed body (has_doc). Owned. */
typedef struct {
    int status;
    char error[DC_EX_MAX_ERROR_NAME]; /* "" on success */
    char *message;                    /* NULL when the body has none */
    dc_buf raw;                       /* the body's bytes */
    dc_json_doc doc;
    bool has_doc;
    char transport[64]; /* the transport failure's kind when status is 0 */
} dc_ex_answer;

void dc_ex_answer_init(dc_ex_answer *a);
void dc_ex_answer_free(dc_ex_answer *a);
/* The error name and message of a JSON error body ("ns#Name" -> "Name"). */
void dc_ex_answer_read_error(dc_ex_answer *a);

/* ---- the model side ------------------------------------------------------- */

typedef struct dc_ex_model_side dc_ex_model_side;

/* A fresh model with serve's defaults except the durations (every transition
 * instant: explore settles the endpoint's own by polling), its clock frozen
 * at start_ms (start_ms 0: the wall clock). spec and region are borrowed. */
dc_ex_model_side *dc_ex_model_side_new(const dc_spec *spec, const char *region, int64_t start_ms, uint64_t seed);
void dc_ex_model_side_free(dc_ex_model_side *m);
/* Answers op with body as serve would (validation with the model's context,
 * then the model). */
void dc_ex_model_side_call(dc_ex_model_side *m, const char *op, const char *body, size_t len, dc_ex_answer *out);
void dc_ex_model_side_advance_ms(dc_ex_model_side *m, int64_t ms);
int64_t dc_ex_model_side_now_ms(dc_ex_model_side *m);

/* ---- the endpoint side ---------------------------------------------------- */

typedef struct dc_ex_endpoint dc_ex_endpoint;

typedef struct {
    const char *url; /* "http://127.0.0.1:8000" */
    const char *region;
    dc_sigv4_credentials creds; /* borrowed; never logged */
    const dc_spec *spec;
    long timeout_ms;
} dc_ex_endpoint_opts;

/* One connection. -1 when libcurl cannot start (err). */
int dc_ex_endpoint_new(const dc_ex_endpoint_opts *o, dc_ex_endpoint **out, dc_err *err);
void dc_ex_endpoint_free(dc_ex_endpoint *e);
/* A signed call; a transport failure is an answer with status 0. */
void dc_ex_endpoint_call(dc_ex_endpoint *e, const char *op, const char *body, size_t len, dc_ex_answer *out);
/* serve's test-control clock: true and *now_ms when the endpoint offers it;
 * advance_ms 0 only reads it. */
bool dc_ex_endpoint_clock(dc_ex_endpoint *e, int64_t advance_ms, int64_t *now_ms);
size_t dc_ex_endpoint_requests(const dc_ex_endpoint *e);

#endif
