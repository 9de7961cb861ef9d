/* http.h - HTTP client transport over libcurl.
 *
 * One dc_http_client owns one CURL easy handle and the multi handle that runs
 * its transfers (and keeps its connection cache), so consecutive requests
 * reuse the connection (keep-alive); whether a request reused it is reported
 * in the response. Every transfer is bounded: connect and total timeouts, a cap on
 * the body (the transfer is aborted when the cap is crossed, never buffered
 * past it) and caps on the header block. Failures are classified into a small
 * set of kinds so that reports can say "refused" or "reset" instead of a curl
 * error code.
 *
 * Secrets: header values of Authorization and X-Amz-Security-Token never
 * appear in error messages or in the debug log (they are written as
 * "<redacted>"); error messages name the URL without its query string, which
 * may carry a presigned X-Amz-Signature.
 *
 * A client is not thread-safe: use one per thread. */
#ifndef DC_HTTP_H
#define DC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"

#define DC_HTTP_DEFAULT_MAX_RESPONSE_BYTES (16u << 20) /* DynamoDB items are small; 16 MiB is the request cap too */
#define DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS 30000L
#define DC_HTTP_MAX_HEADERS 256              /* response header lines kept; more is refused as too_large */
#define DC_HTTP_MAX_HEADER_BYTES (64u << 10) /* all response header lines together */

typedef enum {
    DC_HTTP_OK = 0,
    DC_HTTP_REFUSED,   /* nothing listening (ECONNREFUSED) or host unreachable */
    DC_HTTP_TIMEOUT,   /* connect or total timeout */
    DC_HTTP_RESET,     /* connection closed or reset before the response was complete */
    DC_HTTP_TOO_LARGE, /* body beyond max_response_bytes, or header block beyond its caps */
    DC_HTTP_MALFORMED, /* the peer did not answer HTTP (garbage, HTTP/0.9, bad chunking) */
    DC_HTTP_DNS,       /* host name did not resolve */
    DC_HTTP_OTHER      /* anything else (bad URL, TLS, out of resources) */
} dc_http_error_kind;

typedef struct {
    long connect_timeout_ms;   /* 0: DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS */
    long total_timeout_ms;     /* 0: DC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS */
    size_t max_response_bytes; /* 0: DC_HTTP_DEFAULT_MAX_RESPONSE_BYTES */
    const char *user_agent;    /* NULL: "ddbconform/<version>"; copied */
    /* NULL: no proxy at all, environment proxies (http_proxy, ...) are ignored
     * so that a stray variable cannot reroute a run; copied. */
    const char *proxy;
    /* Non-NULL: one line per request/response header and curl info message,
     * with secret header values redacted. Borrowed; must outlive the client. */
    FILE *debug;
} dc_http_options;

/* One response header line as received: name case and order kept; value
 * without the line's CRLF and without surrounding spaces/tabs (RFC 9110 OWS). */
typedef struct {
    char *name;
    size_t name_len;
    char *value;
    size_t value_len;
} dc_http_header;

/* All owned by the response; release with dc_http_response_free. */
typedef struct {
    long status;             /* final HTTP status, 0 when none was received */
    char *status_line;       /* "HTTP/1.1 400 Bad Request" (no CRLF), NULL when none */
    dc_http_header *headers; /* headers of the final response (interim 1xx dropped), then trailers */
    size_t nheaders;
    dc_buf body; /* raw bytes, may contain NUL; data non-NULL after a request */
    /* Timings from curl, microseconds since the request started. */
    int64_t connect_us;       /* TCP connect done (0 when the connection was reused) */
    int64_t ttfb_us;          /* first response byte */
    int64_t total_us;         /* whole transfer on the wire */
    int64_t call_us;          /* wall time of dc_http_request itself: call_us - total_us is our overhead */
    bool reused_connection;   /* true when no new connection was opened for this request */
    dc_http_error_kind error; /* DC_HTTP_OK when the transfer completed */
} dc_http_response;

typedef struct dc_http_client dc_http_client;

/* opts may be NULL (all defaults). Returns NULL with err set when libcurl
 * cannot be initialised. */
dc_http_client *dc_http_client_new(const dc_http_options *opts, dc_err *err);
void dc_http_client_free(dc_http_client *c);

void dc_http_response_init(dc_http_response *r);
void dc_http_response_free(dc_http_response *r);

/* Sends method (e.g. "POST"; any token, for malformed-request cases) to url
 * with headers ("Name: value" lines, nheaders of them) and body (may be NULL
 * when body_len is 0; sent even for GET when body_len > 0).
 * Only the given headers are sent besides Host, Content-Length and
 * User-Agent: curl's defaults (Accept, Content-Type form-urlencoded, Expect:
 * 100-continue) are suppressed unless given. curl's conventions apply: "Name:"
 * removes a header, "Name;" sends it with an empty value.
 * resp is reset first. Returns 0 when an HTTP response was received completely
 * (any status); -1 on a transport failure, with resp->error set, whatever was
 * received kept in resp, and err holding one line "<kind>: <url>: <cause>". */
int dc_http_request(dc_http_client *c, const char *method, const char *url, const char *const *headers, size_t nheaders,
                    const void *body, size_t body_len, dc_http_response *resp, dc_err *err);

/* First header whose name equals name ignoring ASCII case, or NULL. */
const dc_http_header *dc_http_response_header(const dc_http_response *r, const char *name);

/* "ok", "refused", "timeout", "reset", "too_large", "malformed", "dns", "other". */
const char *dc_http_error_kind_name(dc_http_error_kind k);

/* true for header names whose values are secrets (Authorization,
 * X-Amz-Security-Token), compared ignoring case. */
bool dc_http_header_is_secret(const char *name, size_t name_len);

/* A request's header list as a client builds it before sending: names are
 * unique case-insensitively (set replaces), order is kept. Owns its strings. */
#define DC_HTTP_MAX_REQUEST_HEADERS 64
typedef struct {
    char *name[DC_HTTP_MAX_REQUEST_HEADERS];
    char *value[DC_HTTP_MAX_REQUEST_HEADERS];
    size_t n;
} dc_http_headers;

void dc_http_headers_free(dc_http_headers *h);
void dc_http_headers_copy(const dc_http_headers *src, dc_http_headers *dst);
/* Sets (replacing a same-named header) or, with value NULL, removes; past the
 * cap a new header is dropped. */
void dc_http_headers_set(dc_http_headers *h, const char *name, const char *value);
const char *dc_http_headers_get(const dc_http_headers *h, const char *name);
/* "Name: value" lines for dc_http_request, h->n of them (curl's "Name;" for an
 * empty value: "Name:" would remove the header); free with dc_http_lines_free. */
char **dc_http_headers_lines(const dc_http_headers *h);
void dc_http_lines_free(char **lines, size_t n);
/* true if the media type of a Content-Type value (before ';', blanks trimmed,
 * case-insensitive) is want; parameters after ';' are ignored. */
bool dc_http_media_type_is(const char *value, size_t len, const char *want);

/* An endpoint URL taken apart for a signed request: what curl is given, the
 * Host header and the path the signer needs. Owns its strings. */
typedef struct {
    char *url;  /* the endpoint as given, as curl will use it */
    char *host; /* Host header value: host[:port], the port only when the URL names one */
    char *path; /* request path for signing ("/" when the URL has none) */
} dc_http_endpoint;

/* Parses endpoint (an http or https URL, the value of a command's --endpoint)
 * into out. Returns 0, or -1 with err naming the value ("--endpoint 'x' is not
 * a URL like http://127.0.0.1:8000", "--endpoint 'x': only http and https")
 * and out left empty. Free with dc_http_endpoint_free. */
int dc_http_endpoint_parse(const char *endpoint, dc_http_endpoint *out, dc_err *err);
void dc_http_endpoint_free(dc_http_endpoint *e);

/* Finds a free TCP port on 127.0.0.1 (binds port 0 and reads it back). The
 * port is released before returning, so another process may take it first:
 * callers that bind it must handle EADDRINUSE by asking again. */
int dc_http_free_port(uint16_t *port, dc_err *err);

#endif
