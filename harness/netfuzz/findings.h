/* findings.h - a fuzz finding written as a replayable case file
 * (cases/README.md format) under DIR/cases/<id>.json: the scenario's steps
 * before the seed step as they are in its case, the earlier requests of a
 * stateful sequence, then the request with the oracle's expectation. Values
 * of the scenario's variables are written back as ${var} templates; a body
 * that is no plain JSON goes as rawBody (bytes that are not UTF-8 become
 * U+FFFD, the case is tagged "not-byte-exact" and the exact bytes go to
 * DIR/cases/<id>.body). */
#ifndef DC_FINDINGS_H
#define DC_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "netfuzz/fuzzreq.h"
#include "netfuzz/oracle.h"

/* Where a finding happened. */
typedef struct {
    const char *dir;                  /* the findings folder */
    uint64_t seed;                    /* --seed */
    size_t request_no;                /* the fuzz request that showed it */
    const dc_fuzz_scenario *scenario; /* the seed's case; NULL for a generated seed */
    size_t step;                      /* the seed's step in it */
    const dc_fuzz_req *before;        /* earlier requests of a stateful sequence */
    size_t nbefore;
} dc_finding_place;

/* Writes DIR/cases/<id>.json for request r with prediction p and verdict v. */
int dc_findings_write_case(const dc_finding_place *at, const char *id, const dc_fuzz_req *r, const dc_oracle_pred *p,
                           const dc_oracle_verdict *v, dc_err *err);

#endif
