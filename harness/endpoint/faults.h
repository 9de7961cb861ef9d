/* faults.h - fault injection for `ddbconform serve --faults SPEC`.
 *
 * SPEC is a comma-separated list of key=value:
 *   throttle=P   400 com.amazon.coral.availability#ThrottlingException "Rate exceeded"
 *   error500=P   500 com.amazonaws.dynamodb.v20120810#InternalServerError
 *   truncate=P   the body is cut after half its bytes and the connection closed
 *   badcrc=P     x-amz-crc32 does not match the body
 *   reset=P      the connection is reset (RST) without a response
 *   latency=D    every request waits D first ("50ms", "2s", plain number = ms)
 *   seed=N       the PRNG seed (default 1): the same seed gives the same
 *                sequence of decisions, one decision per request
 *   sparelast=B  1: never fault an attempt whose amz-sdk-request says it is the
 *                client's last (attempt >= max), so faults exercise a compliant
 *                client's retries without failing its calls (0: off, the default)
 *   default      the gate's default profile, DC_FAULTS_DEFAULT (later items
 *                override it: "default,seed=7"); none: no faults
 * P is a probability in [0, 1]; the P's together must not exceed 1 (one draw
 * per request picks at most one fault). */
#ifndef DC_FAULTS_H
#define DC_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/common.h"

#define DC_FAULTS_MAX_LATENCY_MS 60000 /* a slower "latency" is a hang, not a fault */
#define DC_FAULTS_SPEC_MAX 1024
/* `ddbconform gate`'s profile without --faults: 57 % of attempts faulted, most
 * of them throttled (the first retries after one class of answer are what
 * retry.jitter compares), every kind present, the announced last attempt
 * spared; docs/retry-schemes.md says why these rates. */
#define DC_FAULTS_DEFAULT "throttle=0.35,error500=0.06,reset=0.05,truncate=0.05,badcrc=0.06,sparelast=1,seed=1"

typedef enum {
    DC_FAULT_NONE = 0,
    DC_FAULT_THROTTLE,
    DC_FAULT_ERROR500,
    DC_FAULT_TRUNCATE,
    DC_FAULT_BADCRC,
    DC_FAULT_RESET,
    DC_FAULT_KIND_COUNT
} dc_fault_kind;

typedef struct {
    double rate[DC_FAULT_KIND_COUNT]; /* indexed by dc_fault_kind; rate[NONE] unused */
    int64_t latency_ms;
    uint64_t seed;
    bool spare_last; /* sparelast=1 */
} dc_faults_spec;

/* Parses SPEC (NULL or "" = no faults) into out, a plain value that keeps no
 * pointer into SPEC. err: one line naming the bad item. */
int dc_faults_parse(const char *spec, dc_faults_spec *out, dc_err *err);
bool dc_faults_any(const dc_faults_spec *spec);
const char *dc_fault_name(dc_fault_kind k);

/* The decision sequence; it copies spec (a plain value, nothing borrowed),
 * and one instance is shared by all worker threads of a server. */
typedef struct dc_faults dc_faults;
dc_faults *dc_faults_new(const dc_faults_spec *spec);
void dc_faults_free(dc_faults *f);
/* The next decision of the seeded sequence (thread-safe). */
dc_fault_kind dc_faults_next(dc_faults *f);
/* The decision for a request with this amz-sdk-request header (NULL = none):
 * the next of the sequence, or none when sparelast is on and the header says
 * this attempt is the client's last. */
dc_fault_kind dc_faults_next_for(dc_faults *f, const char *amz_sdk_request);
int64_t dc_faults_latency_ms(const dc_faults *f);

#endif
