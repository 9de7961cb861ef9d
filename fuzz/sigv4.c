/* fuzz/sigv4.c - SigV4 canonicalization and verification (sigv4.h) of
 * arbitrary requests: header sets, Authorization values, paths and queries.
 *
 * Input: a message (fuzz_util.h framing) whose first line is
 * "<METHOD> <path>[?<query>]", then the request headers, then the body.
 *
 * Properties (abort on violation):
 *  - verification returns 0 with a named status for every request under the
 *    caps, with credentials and in form-only mode, and twice gives the same
 *    verdict, whose message is UTF-8 (it is sent in a JSON body);
 *  - sign then verify accepts: the request with its Authorization,
 *    X-Amz-Date and X-Amz-Security-Token headers removed, a Host header added
 *    when missing, header names limited to HTTP token characters and no
 *    X-Amz-Algorithm in the query (a presigned form), signed at
 *    a fixed time and verified at that time with the same key pair, is OK. */
#include <string.h>
#include <strings.h>

#include "fuzz_util.h"
#include "core/json.h"
#include "wire/sigv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define S_NOW 1440938160 /* 20150830T123600Z, the AWS test suite's instant */

static const dc_sigv4_credentials s_creds = {
    .access_key_id = "AKIDEXAMPLE",
    .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    .session_token = NULL,
};
static const dc_sigv4_credentials s_creds_token = {
    .access_key_id = "AKIDEXAMPLE",
    .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    .session_token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW",
};

/* RFC 9110 token characters: a name outside them cannot travel in HTTP. */
static bool s_is_token(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              strchr("!#$%&'*+-.^_`|~", c) != NULL))
            return false;
    }
    return true;
}

static void s_verify(const dc_sigv4_request *req, const dc_sigv4_credentials *creds, size_t ncreds, bool skip_clock,
                     dc_sigv4_verdict *v, int *rc)
{
    dc_sigv4_verify_opts o = {
        .credentials = creds,
        .credential_count = ncreds,
        .region = "us-east-1",
        .now = S_NOW,
        .skip_clock = skip_clock,
        .spec = fz_spec(), /* texts, error types and the signing name */
    };
    dc_err err;
    dc_sigv4_verdict_init(v);
    *rc = dc_sigv4_verify(req, &o, v, &err);
}

static void s_verify_twice(const dc_sigv4_request *req, const dc_sigv4_credentials *creds, size_t ncreds, bool skip)
{
    dc_sigv4_verdict a, b;
    int ra, rb;
    s_verify(req, creds, ncreds, skip, &a, &ra);
    s_verify(req, creds, ncreds, skip, &b, &rb);
    FZ_CHECK(ra == rb && a.status == b.status && a.message.len == b.message.len &&
                 (a.message.len == 0 || memcmp(a.message.data, b.message.data, a.message.len) == 0),
             "two verifications disagree");
    if (ra == 0) {
        FZ_CHECK(strcmp(dc_sigv4_status_name(a.status), "?") != 0, "unnamed status %d", (int)a.status);
        FZ_CHECK((a.status == DC_SIGV4_OK) == (a.error_type == NULL), "error type and status disagree");
        FZ_CHECK(a.status == DC_SIGV4_OK || a.message.len > 0, "a denial without a message");
        /* the message goes into a JSON error body */
        FZ_CHECK(a.message.len == 0 || dc_utf8_check(a.message.data, a.message.len) == a.message.len,
                 "verdict message is not UTF-8");
    }
    dc_sigv4_verdict_free(&a);
    dc_sigv4_verdict_free(&b);
}

static void s_sign_then_verify(const fz_message *m, const char *method, const char *path, const char *query,
                               const dc_sigv4_credentials *creds)
{
    /* a presigned-URL query and an Authorization header together are refused by design */
    if (query != NULL && strstr(query, "X-Amz-Algorithm") != NULL)
        return;
    dc_sigv4_header hs[FZ_MAX_HEADERS + 4];
    size_t n = 0;
    bool host = false;
    for (size_t i = 0; i < m->nheaders; i++) {
        const char *name = m->names[i];
        if (!s_is_token(name))
            return; /* outside the property */
        if (strcasecmp(name, "authorization") == 0 || strcasecmp(name, "x-amz-date") == 0 ||
            strcasecmp(name, "x-amz-security-token") == 0)
            continue;
        host = host || strcasecmp(name, "host") == 0;
        hs[n++] = dc_sigv4_hdr(name, m->values[i]);
    }
    if (!host)
        hs[n++] = dc_sigv4_hdr("host", "dynamodb.us-east-1.amazonaws.com");
    if (n + 3 > DC_SIGV4_MAX_HEADERS)
        return;
    dc_sigv4_request req = {method, path, query, hs, n, {m->body, m->body_len}};
    dc_sigv4_sign_opts so = {.region = "us-east-1",
                             .service = dc_spec_service(fz_spec())->signing_name,
                             .now = S_NOW,
                             .signed_headers = NULL};
    dc_sigv4_signed sig;
    dc_err err;
    if (dc_sigv4_sign(&req, creds, &so, &sig, &err) != 0) {
        /* only the caps may refuse: too many headers or header bytes */
        return;
    }
    if (sig.added_amz_date)
        hs[req.header_count++] = dc_sigv4_hdr("X-Amz-Date", sig.amz_date);
    if (sig.added_security_token)
        hs[req.header_count++] = dc_sigv4_hdr("X-Amz-Security-Token", creds->session_token);
    hs[req.header_count++] = dc_sigv4_hdr("Authorization", (const char *)sig.authorization.data);
    dc_sigv4_verdict v;
    int rc;
    s_verify(&req, creds, 1, false, &v, &rc);
    if (rc == 0)
        FZ_CHECK(v.status == DC_SIGV4_OK, "signed request refused: %s: %.*s", dc_sigv4_status_name(v.status),
                 (int)(v.message.len > 400 ? 400 : v.message.len), v.message.data ? (char *)v.message.data : "");
    dc_sigv4_verdict_free(&v);
    dc_sigv4_signed_free(&sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_message m;
    fz_message_parse(data, size, &m);
    const char *method, *path, *query;
    fz_request_line(&m, &method, &path, &query);
    dc_sigv4_header hs[FZ_MAX_HEADERS];
    for (size_t i = 0; i < m.nheaders; i++)
        hs[i] = dc_sigv4_hdr(m.names[i], m.values[i]);
    dc_sigv4_request req = {method, path, query, hs, m.nheaders, {m.body, m.body_len}};

    s_verify_twice(&req, &s_creds, 1, false);
    s_verify_twice(&req, &s_creds_token, 1, true);
    s_verify_twice(&req, NULL, 0, false);

    /* the stages on their own */
    dc_buf out, sh;
    dc_buf_init(&out);
    dc_buf_init(&sh);
    dc_err err;
    dc_sigv4_canonical_uri(path, &out);
    /* an origin-form target starts with '/'; so must its canonical URI */
    if (path[0] == '/')
        FZ_CHECK(out.len > 0 && out.data[0] == '/', "canonical URI does not start with /");
    dc_buf_reset(&out);
    (void)dc_sigv4_canonical_query(query, &out, &err);
    dc_buf_reset(&out);
    if (dc_sigv4_default_signed_headers(&req, &sh, &err) == 0)
        (void)dc_sigv4_canonical_request(&req, (const char *)sh.data, &out, &err);
    int64_t when = 0;
    char back[DC_SIGV4_AMZ_DATE_LEN + 1];
    for (size_t i = 0; i < m.nheaders; i++)
        if (dc_sigv4_parse_amz_date(m.values[i], strlen(m.values[i]), &when) == 0) {
            FZ_CHECK(dc_sigv4_format_amz_date(when, back, &err) == 0 && strcmp(back, m.values[i]) == 0,
                     "amz date %s does not round-trip", m.values[i]);
        }
    dc_buf_free(&out);
    dc_buf_free(&sh);

    s_sign_then_verify(&m, method, path, query, &s_creds);
    s_sign_then_verify(&m, method, path, query, &s_creds_token);
    fz_message_free(&m);
    return 0;
}
