/* exchange.h - one HTTP exchange of a case step: the request built from the
 * step's call (body and headers after ${var} substitution), SigV4-signed,
 * sent, and the answer read: the body as JSON, the check module's verdict
 * (shape, error catalog, headers, crc32) and the error's name, namespace and
 * message. The runner (runner.h) drives steps, waits and expectations on top. */
#ifndef DC_EXCHANGE_H
#define DC_EXCHANGE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"
#include "suite/case.h"
#include "suite/vars.h"
#include "wire/check.h"
#include "wire/http.h"
#include "wire/sigv4.h"

#define DC_EXCHANGE_MAX_HEADERS DC_HTTP_MAX_REQUEST_HEADERS /* request header lines per step */
#define DC_EXCHANGE_MAX_BODY (16u << 20) /* request body after substitution (the service's own cap) */

/* Where and how requests go; borrowed for the run. */
typedef struct {
    const dc_spec *spec;               /* wire constants (spec/service.json), response checks */
    const char *region;                /* signing region */
    const dc_sigv4_credentials *creds; /* never logged */
    dc_check_level level;              /* of the check module */
    bool no_check;                     /* no check-module checks */
    FILE *verbose;                     /* one line per request and answer, or NULL */
    const char *url;                   /* the endpoint as curl uses it */
    const char *host;                  /* Host header value: host[:port] */
    const char *path;                  /* request path for signing ("/") */
} dc_exchange_target;

typedef struct {
    dc_http_response resp;
    dc_check_result check;
    bool have_response;
    dc_json_doc body; /* parsed body when it is JSON */
    bool body_parsed;
    char *error_name; /* from check, or our own reading of __type */
    char *error_ns;
    char *message;
    bool message_present;
    const char *message_key;
    bool unknown_op;
    bool sent;           /* the request went to the transport (timings count) */
    dc_buf request_text; /* excerpt for reports (secrets redacted here already) */
} dc_exchange;

void dc_exchange_init(dc_exchange *x);
void dc_exchange_free(dc_exchange *x);

/* Builds, signs and sends call (path names the step in messages); fills x.
 * Returns -1 when the request could not be built (err says why); a transport
 * failure is 0 with x->have_response false and a failure in x->check. */
int dc_exchange_send(dc_http_client *http, const dc_exchange_target *t, const dc_call *call, dc_vars *vars,
                     const char *path, dc_exchange *x, dc_err *err);

/* The answer as text for reports: status line, headers (secrets redacted),
 * the first DC_REPORT_EXCERPT_BYTES of the body; "(no response)" without one. */
void dc_exchange_response_text(const dc_exchange *x, dc_buf *out);

#endif
