/* serve.h - the reference endpoint: an HTTP front (GNU libmicrohttpd) over
 * the model (model.h), with SigV4 verification (sigv4.h), the validation core
 * (validate.h), a virtual clock (vclock.h) and fault injection (faults.h).
 *
 * Per request, in the order of facts §1.2: method / content type (404
 * "<UnknownOperationException/>\n") -> body cap (413) -> faults -> JSON parse
 * (SerializationException) -> X-Amz-Target (UnknownOperationException) ->
 * SigV4 -> dc_validate_json with the model's context -> the model.
 *
 * The runner starts it in-process (`ddbconform run` without --endpoint);
 * `ddbconform serve` runs it until SIGINT/SIGTERM. */
#ifndef DC_SERVE_H
#define DC_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "model.h"
#include "vclock.h"

#define DC_SERVE_MAX_BODY (16u << 20)            /* facts §1.1: more -> 413 */
#define DC_SERVE_MAX_CONNECTIONS 512u            /* concurrent connections */
#define DC_SERVE_CONNECTION_MEMORY (256u << 10)  /* per-connection buffer for headers + I/O */
#define DC_SERVE_CONNECTION_TIMEOUT_S 15u        /* idle/slow clients are dropped after this */
#define DC_SERVE_DEFAULT_THREADS 4u
#define DC_SERVE_TEST_CONTROL_PATH "/_ddbconform/clock"

typedef struct {
    const char *host;              /* default "127.0.0.1" */
    uint16_t port;                 /* 0 = pick a free port (read it with dc_serve_port) */
    const char *region;            /* default "us-east-1" */
    const char *account;           /* default "123456789012" */
    const char *access_key_id;     /* NULL = no credentials: SigV4 form is checked, not the signature */
    const char *secret_access_key; /* never logged */
    const char *session_token;     /* optional; never logged */
    const char *faults;            /* --faults SPEC (faults.h), NULL = none */
    const char *data_dir;          /* folder holding spec/ (default dc_data_dir()) */
    dc_model_options model;        /* durations of the lifecycle (region/account come from above) */
    bool test_control;             /* serve POST /_ddbconform/clock?advance=SEC (never a DynamoDB op) */
    unsigned threads;              /* worker threads (default DC_SERVE_DEFAULT_THREADS) */
    FILE *log;                     /* one line per request when set (no secrets, no bodies) */
} dc_serve_options;

typedef struct dc_serve dc_serve;

void dc_serve_options_default(dc_serve_options *opt);
/* Loads the spec, builds the model and listens. err: one line on failure
 * (bad --faults spec, unloadable spec/, port in use). */
int dc_serve_start(const dc_serve_options *opt, dc_serve **out, dc_err *err);
uint16_t dc_serve_port(const dc_serve *s);
/* The server's clock: tests advance it in-process (dc_vclock_advance_ms). */
dc_vclock *dc_serve_clock(dc_serve *s);
/* Stops listening, waits for the worker threads, frees everything. NULL-safe. */
void dc_serve_stop(dc_serve *s);

/* 52 characters of [0-9A-Z] plus NUL, like the service's x-amzn-RequestId. */
#define DC_REQUEST_ID_LEN 52
void dc_serve_request_id(uint64_t seed, char out[DC_REQUEST_ID_LEN + 1]);

#endif
