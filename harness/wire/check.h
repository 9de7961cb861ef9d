/* check.h - response checks: is what an endpoint answered a well-formed
 * DynamoDB response for the operation, per spec/?
 *
 * Success bodies (2xx) are walked against the operation's output shape: JSON
 * types, enums, lengths/patterns/ranges, 64-bit longs read exactly from the
 * number text, timestamps as epoch-second numbers, required members. Error
 * bodies are checked against the error catalog: the name after '#' must be
 * modeled for the operation or common, the HTTP status must be the catalog's,
 * and at strict level the __type namespace and the message key case too.
 * Headers: x-amzn-RequestId (present; a shape other than spec/service.json's
 * "requestId" is a note "not DynamoDB-shaped", never a failure), Content-Type,
 * x-amz-crc32 (zlib crc32 of the exact body bytes). No check depends on the
 * order of object members. What the check does not know (unknown members) is reported as
 * notes, never as failures.
 *
 * Failure kinds and paths (report.json "failures"):
 *   status      path ""                      HTTP status vs the catalog / body kind
 *   error_type  path "__type"                undocumented error, or namespace at strict
 *   message     path "message"/"Message"     key case or presence at strict
 *   shape       path of the member ("" root) wrong JSON type, missing required member,
 *                                            unparseable body (actual = escaped excerpt)
 *   enum        path of the member           value not in the enum
 *   limit       path of the member           length, range, pattern, long/integer overflow
 *   timestamp   path of the member           not epoch seconds as a JSON number
 *   header      path = header name           x-amzn-RequestId, Content-Type
 *   crc32       path "x-amz-crc32"           header differs from crc32(body)
 *   transport   path ""                      no HTTP response (see dc_check_add_transport)
 * Member paths are dotted wire names with 0-based list indexes and map keys:
 * "BackupDescription.SourceTableDetails.KeySchema.1.KeyType". */
#ifndef DC_CHECK_H
#define DC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/json.h"
#include "wire/http.h"
#include "spec/spec.h"

#define DC_CHECK_MAX_FAILURES 64 /* more are counted in `dropped`, not kept */
#define DC_CHECK_MAX_NOTES 64
#define DC_CHECK_EXCERPT_MAX 200 /* bytes of an escaped body excerpt, marker included */

typedef enum { DC_CHECK_STRICT, DC_CHECK_COMPAT } dc_check_level;

typedef enum {
    DC_FAIL_STATUS,
    DC_FAIL_ERROR_TYPE,
    DC_FAIL_MESSAGE,
    DC_FAIL_SHAPE,
    DC_FAIL_ENUM,
    DC_FAIL_LIMIT,
    DC_FAIL_HEADER,
    DC_FAIL_CRC32,
    DC_FAIL_TIMESTAMP,
    DC_FAIL_SEMANTIC,
    DC_FAIL_TRANSPORT
} dc_failure_kind;

typedef struct {
    dc_failure_kind kind;
    char *path;     /* owned */
    char *expected; /* owned, one line */
    char *actual;   /* owned, one line; body excerpts are printable-escaped */
} dc_failure;

/* Everything owned; release with dc_check_result_free. */
typedef struct {
    dc_failure *failures;
    size_t nfailures;
    size_t dropped; /* failures beyond DC_CHECK_MAX_FAILURES */
    char **notes;   /* informational, e.g. "BackupDetails.Foo: member not in the spec" */
    size_t nnotes;
    /* What the body said, for the runner's expectations (all NULL on success bodies). */
    bool is_error;    /* the body is an error body ({"__type": ...} or the XML 404) */
    char *error_type; /* raw __type text */
    char *error_name; /* sanitized name: before the first ':', after the '#' */
    char *message;    /* "message" or "Message" text; may contain NUL, see message_len */
    size_t message_len;
    const char *message_key; /* "message", "Message" or NULL (points to a literal) */
    bool unknown_operation;  /* UnknownOperationException in any namespace: the op is unsupported */
    /* private */
    size_t fcap, ncap;
} dc_check_result;

/* The response to check; everything borrowed. */
typedef struct {
    long status;
    const dc_http_header *headers;
    size_t nheaders;
    const uint8_t *body;
    size_t body_len;
    /* Content-Type media type the request was sent with; NULL means
     * application/x-amz-json-1.0. The service echoes application/json. */
    const char *request_content_type;
    /* The body as the caller already parsed it (dc_json_parse of body and
     * body_len, successfully), or NULL: a caller that reads the body itself
     * (the fuzz oracle) saves the second parse of every answer. */
    const dc_json_doc *parsed;
} dc_check_input;

void dc_check_result_init(dc_check_result *r);
void dc_check_result_free(dc_check_result *r);

/* A view of a received HTTP response as check input. */
dc_check_input dc_check_input_from_http(const dc_http_response *resp, const char *request_content_type);

/* Checks one response of op at level; failures and notes are appended to out
 * (initialised by the caller). Returns -1 only for misuse (err says so);
 * a non-conforming response is 0 with failures. */
int dc_check_response(const dc_spec *spec, const dc_operation *op, dc_check_level level, const dc_check_input *in,
                      dc_check_result *out, dc_err *err);

/* Checks a success body (no headers, no status) against a shape; used by
 * dc_check_response and usable for a member of a body. path prefixes the
 * member paths ("" for the root). */
void dc_check_shape(const dc_shape *shape, const uint8_t *body, size_t len, const char *path, dc_check_result *out);

/* Records that no HTTP response came back (kind transport). */
void dc_check_add_transport(dc_check_result *out, const char *message);

/* Appends a failure (strings copied; NULL is stored as ""). */
void dc_check_add_failure(dc_check_result *out, dc_failure_kind kind, const char *path, const char *expected,
                          const char *actual);

/* report.json spelling: "status", "error_type", ... "transport". */
const char *dc_failure_kind_name(dc_failure_kind k);

/* Printable excerpt of bytes: at most DC_CHECK_EXCERPT_MAX bytes written to
 * out, ASCII printables kept (quotes too: the text becomes a report.json value
 * and its writer escapes it), '\\' doubled, other bytes as \n \r \t \xHH,
 * "..." appended when cut. */
void dc_check_excerpt(const uint8_t *data, size_t len, dc_buf *out);

#endif
