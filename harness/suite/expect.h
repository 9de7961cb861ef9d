/* expect.h - a step's "expect" and "capture" (cases/README.md "Steps") held
 * against the exchange it got: status, error name and namespace, message (exact,
 * clause set, regex), body matchers, headers; captures stored as variables.
 * Failures go to a sink (the case's result, or a scratch one for cleanup). */
#ifndef DC_EXPECT_H
#define DC_EXPECT_H

#include <stdbool.h>

#include "suite/case.h"
#include "suite/exchange.h"
#include "suite/result.h"
#include "suite/vars.h"

typedef struct {
    dc_case_result *res; /* NULL: failures are only counted */
    int step;
    bool failed;
} dc_expect_sink;

/* Records one failure (kind "status", "message", "body", ...) in the sink. */
void dc_expect_fail(dc_expect_sink *s, const char *kind, const char *path, const char *expected, const char *actual);
/* e against x; strict adds the namespace, message key and message. */
void dc_expect_check(const dc_expect *e, bool strict, dc_vars *vars, const char *path, const dc_exchange *x,
                     dc_expect_sink *s);
/* Stores the call's captures from x's body; a missing value is a failure. */
void dc_expect_captures(const dc_call *call, dc_vars *vars, const dc_exchange *x, dc_expect_sink *s);

#endif
