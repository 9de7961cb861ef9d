/* findclass.h - the classes of a network-fuzzer finding: what the oracle
 * (oracle.h) calls a response, what the findings store (jobs.h) deduplicates
 * by, what the case writer (findings.h) names a finding, and what the run's
 * statistics (fuzznet.h) count. A header of its own so that none of these
 * includes the loop's header (fuzznet.h) for it. */
#ifndef DC_FINDCLASS_H
#define DC_FINDCLASS_H

typedef enum {
    DC_FIND_TRANSPORT,        /* no HTTP response: timeout, reset, refused (crash) */
    DC_FIND_SERVER_ERROR,     /* 5xx */
    DC_FIND_NON_JSON,         /* a body that is not JSON where the protocol sends JSON */
    DC_FIND_ACCEPTED_INVALID, /* predicted an error, got 2xx */
    DC_FIND_REJECTED_VALID,   /* predicted valid, got an error that is no state error of the op */
    DC_FIND_WRONG_ERROR,      /* predicted error X, got error Y */
    DC_FIND_WRONG_MESSAGE,    /* strict: same error, other message / clause set */
    DC_FIND_UNDOCUMENTED,     /* an error neither modeled for the op nor common */
    DC_FIND_WRONG_STATUS,     /* HTTP status differs from the catalog's for the error */
    DC_FIND_BAD_RESPONSE,     /* check module: shape, enum, limit, timestamp, headers, crc32, key case */
    DC_FIND_USE_AFTER_DELETE, /* a deleted resource still answered 2xx */
    DC_FIND_COUNT
} dc_finding_class;

/* "transport", "server-error", ... (case file names and tags); "?" out of range. */
const char *dc_finding_class_name(dc_finding_class c);

#endif
