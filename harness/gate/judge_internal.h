/* judge_internal.h - what the client judge's two parts share: a client's
 * calls, tallies and rule accumulators, and one observed exchange as the
 * rules read it; private to harness/gate/judge*.c.
 *   judge.c          observing: each exchange examined and judged as it happens
 *   judge_verdict.c  the end: retry schemes, statistics, statuses, the result */
#ifndef DC_JUDGE_INTERNAL_H
#define DC_JUDGE_INTERNAL_H

#include "gate/judge.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/json.h"
#include "wire/awsjson.h"
#include "wire/http.h"
#include "wire/sigv4.h"

#define S_MAX_FAMILY 64
#define S_MAX_ERROR_NAME 96
#define S_MAX_ERROR_BODY (64u << 10) /* answers larger than this are not errors worth parsing */
#define S_MAX_SAMPLES 2048           /* retries (and calls with 2+ retries) kept per client for the delay rules */
#define S_MAX_HIST 64                /* attempts per call tallied for retry.max-attempts */
#define S_MAX_OPS 64                 /* operations tallied per client for validity.request */
#define S_INITIAL_BUCKETS 64
/* Caps on what clients can make the judge keep (serve may face anything):
 * past S_MAX_CLIENTS further clients share one entry, and a client with more
 * unfinished calls than S_MAX_OPEN_CALLS has its oldest finished early (only
 * a client failing tens of thousands of calls within the tying window gets
 * there; the judge then holds ~20 MB for it). */
#define S_MAX_CLIENTS 256
#define S_MAX_OPEN_CALLS 65536
#define S_OVERFLOW_KEY "*"
#define S_OVERFLOW_FAMILY "(more clients)"
#define S_MAX_SIGNED 48 /* SignedHeaders entries looked at; more are not signed as far as the judge is concerned */

/* DC_JUDGE_EITHER: a retry is allowed and not required (a bad checksum on an error answer). */
typedef enum {
    DC_JUDGE_OK,
    DC_JUDGE_FAULTED,
    DC_JUDGE_RETRYABLE,
    DC_JUDGE_NON_RETRYABLE,
    DC_JUDGE_EITHER
} dc_judge_outcome;

typedef struct dc_judge_call dc_judge_call;
struct dc_judge_call {
    char *invocation_id; /* owned; NULL when the first attempt had none */
    int attempts;
    int announced_max;  /* amz-sdk-request max= of the last attempt that said it; 0 = never said */
    int attempt_header; /* attempt= of the last attempt; 0 = it sent none */
    bool max_flagged;   /* retry.max-attempts broken once already */
    dc_judge_outcome last;
    dc_fault_kind last_fault;
    char last_error[S_MAX_ERROR_NAME];
    unsigned last_status;
    int64_t last_received_us, last_answered_us;
    int64_t last_amz_date; /* epoch s; INT64_MIN when the attempt had none */
    dc_retry_class last_class;
    int nretries;
    dc_retry_sample first_retry, later_retry; /* for retry.backoff-growth */
    dc_gate_example *pending;                 /* example of the faulted last attempt, kept while examples have room */
    dc_judge_call *lru_prev, *lru_next;
    dc_hash_node id_node;   /* in dc_judge_client.by_id, keyed by FNV-1a of the invocation id (only with one) */
    dc_hash_node body_node; /* in dc_judge_client.by_body, keyed by FNV-1a of X-Amz-Target and body */
};

typedef struct {
    uint64_t checks, violations;
    dc_gate_example examples[DC_GATE_MAX_EXAMPLES];
    size_t nexamples;
} dc_judge_acc;

typedef struct {
    char name[DC_FRONT_MAX_OP_NAME];
    uint64_t requests, invalid;
} dc_judge_op_tally;

typedef struct {
    char *id, *akid, *family, *ua;
    uint64_t requests, calls, retries;
    dc_judge_acc acc[DC_CRULE_COUNT];
    dc_judge_op_tally ops[S_MAX_OPS];
    size_t nops;
    uint64_t immediate_retries;
    dc_retry_sample *samples; /* every retry (the first S_MAX_SAMPLES) */
    size_t nsamples;
    dc_growth_sample *growth; /* calls with 2+ retries */
    size_t ngrowth;
    uint64_t attempts_hist[S_MAX_HIST + 1]; /* calls that announced no max=, by attempts */
    int first_announced_max;                /* amz-sdk-request max= of the client's first call that said it */
    uint64_t crc_on_errors;                 /* bad checksums on error answers (a note of retry.crc32-checked) */
    dc_gate_example *cap_example;           /* the longest delay */
    int64_t cap_example_us;
    dc_gate_example *max_example; /* the highest attempt of a call without max= */
    dc_hash by_id, by_body;       /* the unfinished calls (core/hash.h); as many buckets each */
    size_t ncalls;
    dc_judge_call *lru_head, *lru_tail; /* head = most recent activity */
} dc_judge_client;

struct dc_gate_judge {
    dc_gate_judge_options opt;
    dc_sigv4_credentials creds;
    const dc_client_limits *lim;
    pthread_mutex_t lock;
    dc_judge_client **clients;
    size_t nclients, cap;
    uint64_t requests, ignored;
    int64_t t0_us; /* first exchange */
    bool started, finished;
};

/* What one exchange says, computed once. Views point into the exchange. */
typedef struct {
    const dc_serve_exchange *x;
    const dc_serve_request *rq;
    const dc_serve_response *rs;
    const char *auth, *amz_date, *date, *ua, *inv_id, *sdk_request, *target, *ctype, *token, *host;
    bool auth_parsed; /* AWS4-HMAC-SHA256 with Credential, SignedHeaders, Signature */
    const char *cred, *signed_headers;
    size_t cred_len, signed_len;
    char error[S_MAX_ERROR_NAME];
    dc_judge_outcome outcome;
    int attempt;      /* of its call */
    int64_t delay_us; /* -1 = first attempt */
    bool signature_ok, signature_known;
    int hdr_attempt, hdr_max;              /* amz-sdk-request; 0 = absent */
    const char *date_text;                 /* X-Amz-Date, else Date; NULL = neither */
    const char *signed_name[S_MAX_SIGNED]; /* SignedHeaders split at ';' */
    uint8_t signed_name_len[S_MAX_SIGNED];
    size_t nsigned;
    int64_t date_epoch; /* date_text parsed; INT64_MIN = absent or not ISO 8601 basic */
} dc_judge_seen;

/* judge.c */
void dc_judge_example_free(dc_gate_example *e);
void dc_judge_call_finish(dc_gate_judge *j, dc_judge_client *c, dc_judge_call *k);

#endif
