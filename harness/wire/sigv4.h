/* sigv4.h - AWS Signature Version 4: signing (runner, fuzzer) and verification
 * (serve), over OpenSSL libcrypto for SHA-256 and HMAC.
 *
 * Each stage of the algorithm is its own function so that a test can pin a
 * failure to one stage (the AWS test suite ships one golden file per stage):
 *
 *   request --dc_sigv4_canonical_request--> canonical request
 *           --dc_sigv4_string_to_sign-----> string to sign
 *   secret  --dc_sigv4_signing_key--------> 32-byte key
 *   key + string to sign --dc_sigv4_signature--> hex signature
 *   --dc_sigv4_authorization--> "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
 *
 * dc_sigv4_sign runs them all; dc_sigv4_verify checks a received request in
 * the order the real service does ([S:processing-order] step 4, dynalite index.js
 * comments recorded against the real service), one named stage per check, and
 * returns DynamoDB's exact error type (spec/errors.json) and message
 * (spec/messages.json).
 *
 * Threads: every function may be called from any number of threads at once.
 * Each thread keeps its own OpenSSL contexts, its last few signing keys and
 * the hash of the last body it hashed (sigv4.c, "crypto"), freed when the
 * thread ends (the exiting thread's at exit); results never depend on them.
 *
 * Secrets: the secret key, the session token and signatures never go into a
 * dc_err message. A verdict message can echo what the CLIENT sent, exactly as
 * the real service does (the IncompleteSignature text quotes the whole
 * Authorization header, the signature-mismatch text dumps the canonical
 * request): callers must not log verdict messages of failed requests verbatim.
 */
#ifndef DC_SIGV4_H
#define DC_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "spec/spec.h"

#define DC_SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define DC_SIGV4_AMZ_DATE_LEN 16 /* 20150830T123600Z */
#define DC_SIGV4_HEX_LEN 64      /* hex SHA-256 / HMAC-SHA256 */
#define DC_SIGV4_KEY_LEN 32
#define DC_SIGV4_MAX_HEADERS 128              /* header lines considered per request */
#define DC_SIGV4_MAX_HEADER_BYTES (64u << 10) /* all header names + values together */
#define DC_SIGV4_MAX_AUTH_HEADER 8192         /* Authorization value length verify accepts */
#define DC_SIGV4_SKEW_SECONDS (15 * 60)       /* the service's clock-skew window */
#define DC_SIGV4_MAX_DATE_TEXT 63             /* an X-Amz-Date value the signer accepts as given */
#define DC_SIGV4_MAX_KEY_ID 128               /* access key id kept in a verdict (IAM allows 16-128) */

/* One header line as sent or received; name case does not matter. Views are
 * borrowed from the caller. */
typedef struct {
    dc_bytes name;
    dc_bytes value;
} dc_sigv4_header;

/* A request as the signer sees it. Every view is borrowed. */
typedef struct {
    const char *method; /* "POST" */
    const char *path;   /* request-target path as sent (still percent-encoded), e.g. "/" */
    const char *query;  /* raw query without '?', NULL or "" when none */
    const dc_sigv4_header *headers;
    size_t header_count;
    dc_bytes body;
} dc_sigv4_request;

typedef struct {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL = long-term credentials */
} dc_sigv4_credentials;

/* Convenience: makes a header view of two C strings. */
dc_sigv4_header dc_sigv4_hdr(const char *name, const char *value);

/* ---- stages ------------------------------------------------------------ */

/* Formats epoch seconds as YYYYMMDDTHHMMSSZ (UTC) into out[17]. Fails for
 * times outside years 0000-9999. */
int dc_sigv4_format_amz_date(int64_t epoch, char out[DC_SIGV4_AMZ_DATE_LEN + 1], dc_err *err);
/* Parses exactly YYYYMMDDTHHMMSSZ ("ISO-8601 basic format") into epoch seconds;
 * -1 if the text is anything else (including impossible dates like 20150230). */
int dc_sigv4_parse_amz_date(const char *text, size_t len, int64_t *epoch);

/* Lower-case hex SHA-256 of data into out[65]. */
int dc_sigv4_sha256_hex(dc_bytes data, char out[DC_SIGV4_HEX_LEN + 1], dc_err *err);

/* Canonical URI of a path: dot segments and empty segments removed, then every
 * byte outside A-Za-z0-9-_.~/ percent-encoded (upper-case hex). As for every
 * service but S3, the encoding is applied to the path as sent, so an already
 * encoded "%20" becomes "%2520". Empty path -> "/". */
void dc_sigv4_canonical_uri(const char *path, dc_buf *out);
/* Canonical query: split on '&', name and value split on the first '=',
 * each percent-decoded then re-encoded with the unreserved set, pairs sorted
 * by encoded name then encoded value. Fails on more than DC_SIGV4_MAX_HEADERS
 * pairs. */
int dc_sigv4_canonical_query(const char *query, dc_buf *out, dc_err *err);

/* The SignedHeaders list dc_sigv4_sign uses by default: every header of req,
 * lower-cased, sorted, de-duplicated, ';'-joined, except authorization and the
 * hop-by-hop headers botocore never signs (connection, expect, keep-alive,
 * proxy-authenticate, proxy-authorization, te, trailer, transfer-encoding,
 * upgrade, user-agent, x-amzn-trace-id). */
int dc_sigv4_default_signed_headers(const dc_sigv4_request *req, dc_buf *out, dc_err *err);

/* Stage 1. signed_headers: ';'-separated lower-case names in sorted order, as
 * they appear in the Authorization header; each named header's values
 * (all lines of that name, in order, trimmed, inner runs of SP/HTAB collapsed
 * to one space, joined with ',') are canonicalized; a named header the request
 * does not carry yields "name:" (the verifier must not crash on it; the
 * signature will not match). The payload hash is SHA-256 of the body. */
int dc_sigv4_canonical_request(const dc_sigv4_request *req, const char *signed_headers, dc_buf *out, dc_err *err);

/* "YYYYMMDD/region/service/aws4_request" */
void dc_sigv4_scope(const char *amz_date, const char *region, const char *service, dc_buf *out);

/* Stage 2: "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256(canonical request)>". */
int dc_sigv4_string_to_sign(const char *amz_date, const char *scope, dc_bytes canonical_request, dc_buf *out,
                            dc_err *err);

/* Stage 3: HMAC chain "AWS4"+secret -> date (first 8 chars of amz_date) ->
 * region -> service -> "aws4_request". */
int dc_sigv4_signing_key(const char *secret_access_key, const char *amz_date, const char *region, const char *service,
                         uint8_t key[DC_SIGV4_KEY_LEN], dc_err *err);

/* Stage 4: lower-case hex HMAC-SHA256(key, string to sign). */
int dc_sigv4_signature(const uint8_t key[DC_SIGV4_KEY_LEN], dc_bytes string_to_sign, char out[DC_SIGV4_HEX_LEN + 1],
                       dc_err *err);

/* Stage 5: "AWS4-HMAC-SHA256 Credential=<akid>/<scope>, SignedHeaders=<list>, Signature=<hex>". */
void dc_sigv4_authorization(const char *access_key_id, const char *scope, const char *signed_headers,
                            const char *signature, dc_buf *out);

/* ---- signing ----------------------------------------------------------- */

typedef struct {
    const char *region;  /* "us-east-1" */
    const char *service; /* "dynamodb" */
    int64_t now;         /* epoch seconds; used when the request has no X-Amz-Date header */
    /* NULL = dc_sigv4_default_signed_headers (after adding the headers below).
     * The fuzzer passes its own list to sign a deliberate subset ("content-type;x-amz-date"). */
    const char *signed_headers;
} dc_sigv4_sign_opts;

/* Everything dc_sigv4_sign produced. All owned; free with dc_sigv4_signed_free.
 * The caller sends the request's headers plus x-amz-date (when added),
 * x-amz-security-token (when added) and authorization. */
typedef struct {
    char amz_date[DC_SIGV4_MAX_DATE_TEXT + 1]; /* the X-Amz-Date value signed (as given when req had one) */
    bool added_amz_date;                       /* req had none: send X-Amz-Date: amz_date */
    bool added_security_token;                 /* req had none but creds have one: send it */
    char signature[DC_SIGV4_HEX_LEN + 1];      /* secret-grade: never log */
    dc_buf signed_headers;
    dc_buf canonical_request;
    dc_buf string_to_sign;
    dc_buf authorization; /* the Authorization header value */
} dc_sigv4_signed;

void dc_sigv4_signed_free(dc_sigv4_signed *s);

/* Signs req. If req has no X-Amz-Date header, opts->now is used and the header
 * is signed as if sent; if it has one, its (trimmed) value is signed as it is,
 * even when malformed, so the fuzzer can sign bad dates; if creds carry a session token and req has no
 * X-Amz-Security-Token header, it is signed as if sent (botocore does the
 * same). An existing Authorization header is ignored, so a mutated request
 * can be re-signed as it is. */
int dc_sigv4_sign(const dc_sigv4_request *req, const dc_sigv4_credentials *creds, const dc_sigv4_sign_opts *opts,
                  dc_sigv4_signed *out, dc_err *err);

/* ---- verification ------------------------------------------------------ */

typedef enum {
    DC_SIGV4_OK = 0,
    DC_SIGV4_MISSING_AUTHENTICATION_TOKEN, /* MissingAuthenticationTokenException */
    DC_SIGV4_INCOMPLETE_SIGNATURE,         /* IncompleteSignatureException */
    DC_SIGV4_INVALID_SIGNATURE,            /* InvalidSignatureException */
    DC_SIGV4_UNRECOGNIZED_CLIENT           /* UnrecognizedClientException */
} dc_sigv4_status;

typedef struct {
    const dc_sigv4_credentials *credentials; /* accepted key pairs; count 0 = form-only mode */
    size_t credential_count;
    const char *region;  /* the endpoint's region: the credential scope must name it */
    const char *service; /* the signing name the scope must carry; NULL = the spec's signingName */
    int64_t now;         /* the endpoint's clock, epoch seconds */
    bool skip_clock;     /* true: no 15-minute window check (e.g. a virtual clock far from real time) */
    /* Where the texts (spec/messages.json) and error types (spec/errors.json)
     * come from; borrowed. NULL: the verdict's status only (no error_type, an
     * empty message), for callers that judge by status, like the fuzz oracle. */
    const dc_spec *spec;
} dc_sigv4_verify_opts;

typedef struct {
    dc_sigv4_status status;
    /* "com.amazon.coral.service#InvalidSignatureException" etc.; NULL when OK
     * or without a spec. Owned by the spec. */
    const char *error_type;
    dc_buf message;          /* the exact error message; empty when OK or without a spec. Owned. */
    const char *fact;        /* where the text comes from: its messages.json "source"; owned by the spec */
    size_t credential_index; /* OK with credentials: which entry of opts->credentials matched */
    /* OK: the access key id of the credential scope (also in form-only mode,
     * where any key is accepted); "" otherwise or when longer than
     * DC_SIGV4_MAX_KEY_ID. serve maps it to the caller's account. */
    char access_key_id[DC_SIGV4_MAX_KEY_ID + 1];
} dc_sigv4_verdict;

void dc_sigv4_verdict_init(dc_sigv4_verdict *v);
void dc_sigv4_verdict_free(dc_sigv4_verdict *v);

/* Fills verdict for req. Returns -1 only when the request cannot be examined
 * at all (more than DC_SIGV4_MAX_HEADERS headers or DC_SIGV4_MAX_HEADER_BYTES);
 * every authentication outcome, good or bad, is 0 with the verdict set. */
int dc_sigv4_verify(const dc_sigv4_request *req, const dc_sigv4_verify_opts *opts, dc_sigv4_verdict *verdict,
                    dc_err *err);

/* Name of a status ("InvalidSignatureException"; "OK"). */
const char *dc_sigv4_status_name(dc_sigv4_status s);

#endif
