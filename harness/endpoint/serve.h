/* serve.h - the reference endpoint: an HTTP front (GNU libmicrohttpd) over
 * the model (model.h), with SigV4 verification (sigv4.h), the validation core
 * (validate.h), a virtual clock (vclock.h) and fault injection (faults.h).
 *
 * Per request, the processing order of endpoint/front.h ([S:processing-order]), with
 * the model behind it; GET / (health), the CORS preflight and the test
 * control path are answered before it.
 * The caller's account (ARNs the model mints, ARNs of other accounts refused)
 * is the one mapped to the request's access key id, else opt->account.
 *
 * The runner starts it in-process (`ddbconform run` without --endpoint);
 * `ddbconform serve` runs it until SIGINT/SIGTERM. */
#ifndef DC_SERVE_H
#define DC_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "endpoint/faults.h"
#include "endpoint/front.h"
#include "endpoint/model.h"
#include "endpoint/pace.h"
#include "wire/sigv4.h"
#include "core/vclock.h"

#define DC_SERVE_MAX_BODY DC_FRONT_MAX_BODY /* [S:wire-request]: more -> 413 */
#define DC_SERVE_MAX_CONNECTIONS 512u       /* concurrent connections */
/* Per-connection buffer for headers + I/O. libmicrohttpd (0.9.75) zeroes the
 * whole of it before every request of a keep-alive connection, so its size is
 * paid per request: 256 KiB cost ~3 us of serve's ~14 us CPU per DescribeTable
 * (bench/loopback.sh, issue 11). 96 KiB still holds the 64 KiB of header
 * bytes SigV4 considers (DC_SIGV4_MAX_HEADER_BYTES), so a request past that
 * cap gets the IncompleteSignature answer; past ~95 KiB of headers,
 * libmicrohttpd answers 431 itself. */
#define DC_SERVE_CONNECTION_MEMORY (96u << 10)
#define DC_SERVE_CONNECTION_TIMEOUT_S 15u /* idle/slow clients are dropped after this */
#define DC_SERVE_DEFAULT_THREADS 4u
#define DC_SERVE_TEST_CONTROL_PATH "/_ddbconform/clock"

struct dc_serve_exchange;
/* Observation hook: called once per answered request, from the worker thread
 * that answered it (concurrently: the callee locks), when the answer is ready
 * and before it is sent, so the attempts of one client call are observed in
 * order. Everything in x is borrowed for the duration of the call. */
typedef void (*dc_serve_observer)(void *ctx, const struct dc_serve_exchange *x);

typedef struct {
    const char *host;    /* default "127.0.0.1" */
    uint16_t port;       /* 0 = pick a free port (read it with dc_serve_port) */
    const char *region;  /* default "us-east-1" */
    const char *account; /* default "123456789012": the caller's account when its key is not mapped */
    /* "AKID=ACCOUNT" entries (--account-for-key): a request signed with AKID
     * runs as ACCOUNT (12 digits); any other key runs as account. */
    const char *const *key_accounts;
    size_t nkey_accounts;
    const char *access_key_id;     /* NULL = no credentials: SigV4 form is checked, not the signature */
    const char *secret_access_key; /* never logged */
    const char *session_token;     /* optional; never logged */
    const char *faults;            /* --faults SPEC (faults.h), NULL = none */
    const char *data_dir;          /* folder holding spec/ (default dc_data_dir()) */
    dc_model_options model;        /* durations of the lifecycle (region/account come from above) */
    /* "aws[:SCALE]" or "FILE.json[:SCALE]" (spec/pace.h): the profile's durations
     * replace model's, its rate limits throttle (endpoint/pace.h); NULL = none */
    const char *pace;
    bool test_control;         /* serve POST /_ddbconform/clock?advance=SEC (never a DynamoDB op) */
    unsigned threads;          /* worker threads (default DC_SERVE_DEFAULT_THREADS) */
    FILE *log;                 /* one line per request when set (no secrets, no bodies) */
    int64_t fixed_clock_ms;    /* 0 = real wall clock; else a frozen clock starting there (fuzzing) */
    dc_serve_observer observe; /* NULL = no observation (the default: no cost) */
    void *observe_ctx;
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

/* ---- socket-free entry point ------------------------------------------
 * The libmicrohttpd callback turns each complete request into a
 * dc_serve_request and sends what dc_serve_handle answers; the fuzz target
 * (fuzz/serve.c) calls dc_serve_handle directly, without sockets. */

/* A request as the front reads it (endpoint/front.h). */
typedef dc_front_header dc_serve_header;
typedef dc_front_request dc_serve_request;

/* The answer; free with dc_serve_response_free. The transport adds
 * x-amzn-RequestId, x-amz-crc32 and Server unless cors is set, and applies
 * fault (DC_FAULT_RESET: no answer at all, status 0; TRUNCATE; BADCRC). */
typedef struct {
    unsigned status;
    const char *content_type; /* static; NULL = no Content-Type header */
    dc_buf body;
    dc_fault_kind fault;
    bool cors;                  /* CORS preflight: Access-Control-* headers only */
    dc_front_decision decision; /* which step of the processing order answered */
} dc_serve_response;

/* One exchange as the transport saw it (dc_serve_observer). Times are epoch
 * microseconds of the real clock (not the virtual one): a client's backoff is
 * real time. */
typedef struct dc_serve_exchange {
    const dc_serve_request *request;   /* raw: method, path, every header, body */
    const dc_serve_response *response; /* status 0 with fault RESET: no answer, the connection was reset */
    int64_t received_us;               /* the request's headers had arrived */
    int64_t answered_us;               /* the answer was ready to send (or the connection to reset) */
} dc_serve_exchange;

/* Everything dc_serve_start builds except the listener; free with dc_serve_stop. */
int dc_serve_new(const dc_serve_options *opt, dc_serve **out, dc_err *err);
/* Answers one request (thread-safe: the model is behind the server's lock). */
void dc_serve_handle(dc_serve *s, const dc_serve_request *req, dc_serve_response *out);
void dc_serve_response_free(dc_serve_response *r);
/* Replaces the model (and the clock, when frozen) with fresh ones: a fuzz
 * target resets per input so every input runs against the same state. */
void dc_serve_reset(dc_serve *s);

/* An x-amzn-RequestId of the service's shape (spec/service.json "requestId",
 * [S:request-id-form]: 26 characters [0-9A-V], then the constant suffix), NUL
 * terminated; the random part is a function of seed. */
void dc_serve_request_id(const dc_service *sv, uint64_t seed, char out[DC_SPEC_REQUEST_ID_MAX + 1]);

#endif
