/* fuzzreq.h - one request of the network fuzzer as it is built (a body tree
 * or raw bytes, header overrides, a header mutation that acts on signing) and
 * the scenario (a golden case run as set-up) its seed came from. Shared by
 * the loop (fuzznet.c) and the findings writer (findings.c). */
#ifndef DC_FUZZREQ_H
#define DC_FUZZREQ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "netfuzz/mutate.h"
#include "suite/cases.h"
#include "wire/http.h"

/* The Authorization header of DC_FUZZ_HM_AUTH_NOT_AWS4. */
#define DC_FUZZ_BASIC_AUTH "Basic ZGRiY29uZm9ybTpmdXp6"

/* Header mutations. The AUTH ones act on signing; the rest on headers. */
typedef enum {
    DC_FUZZ_HM_NONE,
    DC_FUZZ_HM_CONTENT_TYPE,
    DC_FUZZ_HM_TARGET,
    DC_FUZZ_HM_AUTH_MISSING,
    DC_FUZZ_HM_AUTH_NOT_AWS4,
    DC_FUZZ_HM_AUTH_NO_PARAMS,
    DC_FUZZ_HM_AUTH_NO_SIGNATURE,
    DC_FUZZ_HM_AUTH_BAD_SIGNATURE,
    DC_FUZZ_HM_AUTH_FOREIGN_KEY,
    DC_FUZZ_HM_AUTH_WRONG_REGION,
    DC_FUZZ_HM_AUTH_STALE_BODY,
    DC_FUZZ_HM_AUTH_BAD_DATE,
    DC_FUZZ_HM_COUNT
} dc_fuzz_hm;

typedef struct {
    const char *op; /* the operation the request is meant for (borrowed from the spec) */
    dc_mnode tree;  /* the body as a tree; valid when has_tree */
    bool has_tree;
    dc_buf raw;            /* the body bytes when !has_tree (syntax damage) */
    dc_http_headers extra; /* header overrides; a value "\x01" removes the header */
    dc_fuzz_hm hm;
    bool sign;
    char mutator[48]; /* "length-boundary", "auth-missing", "sequence", "positive", ... */
    char detail[240];
} dc_fuzz_req;

void dc_fuzz_req_init(dc_fuzz_req *r, const char *op);
void dc_fuzz_req_free(dc_fuzz_req *r);
void dc_fuzz_req_copy(const dc_fuzz_req *src, dc_fuzz_req *dst);
/* The body bytes as sent (DC_FUZZ_HM_AUTH_STALE_BODY adds a byte the signature does not cover). */
void dc_fuzz_req_body(const dc_fuzz_req *r, dc_buf *out);

/* A golden case run as set-up: its variables after the run. */
typedef struct {
    dc_case c;
    dc_vars *vars;
    char unique[32];
    const char **var_names; /* for writing findings back as ${var} templates */
    size_t nvar_names;
} dc_fuzz_scenario;

#endif
