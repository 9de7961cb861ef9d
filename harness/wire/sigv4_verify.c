/* sigv4_verify.c - AWS Signature Version 4 verification, in stages.
 *
 * Verification follows the check order recorded against the real DynamoDB
 * service in dynalite's index.js (facts [S:processing-order] step 4), one
 * stage per check; its texts are spec/messages.json entries ([S:error-status]
 * "Auth-error texts" and the rest, each with its source, which the verdict's
 * fact field carries). The bytes are arranged by sigv4.c (sigv4_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "wire/sigv4.h"
#include "wire/sigv4_internal.h"

#include "core/json.h"
#include "core/wipe.h"

/* ---- verification ------------------------------------------------------ */

void dc_sigv4_verdict_init(dc_sigv4_verdict *v)
{
    memset(v, 0, sizeof *v);
    dc_buf_init(&v->message);
}

void dc_sigv4_verdict_free(dc_sigv4_verdict *v)
{
    if (v != NULL)
        dc_buf_free(&v->message);
}

const char *dc_sigv4_status_name(dc_sigv4_status s)
{
    switch (s) {
    case DC_SIGV4_OK: return "OK";
    case DC_SIGV4_MISSING_AUTHENTICATION_TOKEN: return "MissingAuthenticationTokenException";
    case DC_SIGV4_INCOMPLETE_SIGNATURE: return "IncompleteSignatureException";
    case DC_SIGV4_INVALID_SIGNATURE: return "InvalidSignatureException";
    case DC_SIGV4_UNRECOGNIZED_CLIENT: return "UnrecognizedClientException";
    }
    return "?";
}

/* One key=value parameter of the Authorization header. */
typedef struct {
    const char *name;
    dc_bytes value; /* view into the parameter copy; len 0 = missing (as dynalite's `!authParams[x]`) */
} s_param;

/* Does the raw query have a parameter literally named X-Amz-Algorithm? */
static int s_query_has_algorithm(const char *q)
{
    static const char key[] = "X-Amz-Algorithm";
    const size_t kl = sizeof key - 1;
    for (const char *p = q; p != NULL && *p;) {
        const char *amp = strchr(p, '&');
        size_t l = amp ? (size_t)(amp - p) : strlen(p);
        if (l >= kl && memcmp(p, key, kl) == 0 && (l == kl || p[kl] == '='))
            return 1;
        p = amp ? amp + 1 : NULL;
    }
    return 0;
}

/* Splits the parameter part of the Authorization header the way the service
 * does (as reproduced by dynalite): drop the algorithm token, remove the
 * spaces, split on ',', then each piece on '='. Later duplicates win. The
 * values point into `flat`, which the caller owns. */
static void s_parse_params(dc_bytes rest, dc_buf *flat, s_param *cred, s_param *sig, s_param *sh)
{
    if (rest.len > 0)
        dc_buf_reserve(flat, rest.len);
    for (size_t i = 0; i < rest.len;) { /* the runs between the spaces */
        const uint8_t *sp = memchr(rest.data + i, ' ', rest.len - i);
        size_t end = sp != NULL ? (size_t)(sp - rest.data) : rest.len;
        if (end > i)
            dc_buf_append(flat, rest.data + i, end - i);
        i = end + 1;
    }
    if (flat->len == 0)
        return; /* nothing after the algorithm (and flat->data may be NULL) */
    const char *p = (const char *)flat->data;
    const char *end = p + flat->len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        dc_bytes piece = dc_sigv4_trim((dc_bytes){(const uint8_t *)p, (size_t)(stop - p)});
        const uint8_t *eq = memchr(piece.data, '=', piece.len);
        if (eq != NULL) {
            dc_bytes k = {piece.data, (size_t)(eq - piece.data)};
            /* the value runs to the next '=' (JS split('=')[1]) */
            const uint8_t *vstart = eq + 1;
            const uint8_t *vend = memchr(vstart, '=', (size_t)(piece.data + piece.len - vstart));
            dc_bytes v = {vstart, (size_t)((vend ? vend : piece.data + piece.len) - vstart)};
            s_param *slots[] = {cred, sig, sh};
            for (size_t s = 0; s < DC_ARRAY_LEN(slots); s++)
                if (k.len == strlen(slots[s]->name) && memcmp(k.data, slots[s]->name, k.len) == 0)
                    slots[s]->value = v;
        }
        p = stop + 1;
    }
}

/* Splits a credential into exactly five '/'-separated parts after dropping
 * trailing slashes ("trailing slashes are ignored" - dynalite comment).
 * Returns the number of parts found (may exceed 5; only 5 are stored). */
static size_t s_split_credential(dc_bytes c, dc_bytes parts[5])
{
    while (c.len > 0 && c.data[c.len - 1] == '/')
        c.len--;
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= c.len; i++) {
        if (i == c.len || c.data[i] == '/') {
            if (n < 5)
                parts[n] = (dc_bytes){c.data + start, i - start};
            n++;
            start = i + 1;
        }
    }
    return n;
}

static int s_bytes_eq(dc_bytes b, const char *s)
{
    return b.len == strlen(s) && (b.len == 0 || memcmp(b.data, s, b.len) == 0);
}

static void s_put_bytes(dc_buf *out, dc_bytes b)
{
    if (b.len > 0) /* an absent part is {NULL, 0}: keep NULL away from memcpy */
        dc_buf_append(out, b.data, b.len);
}

/* Client bytes quoted in a verdict message, which ends up in a JSON body and
 * so must be UTF-8: valid UTF-8 is kept as it is; otherwise every byte is read
 * as ISO-8859-1, as Java HTTP stacks decode header bytes, and re-encoded [I]
 * (no recording of the service echoing non-UTF-8 header bytes). */
static void s_put_text(dc_buf *out, dc_bytes b)
{
    if (b.len == 0 || dc_utf8_check(b.data, b.len) == b.len) {
        s_put_bytes(out, b);
        return;
    }
    for (size_t i = 0; i < b.len; i++) {
        uint8_t c = b.data[i];
        if (c < 0x80) {
            dc_buf_putc(out, (char)c);
        } else {
            dc_buf_putc(out, (char)(0xC0 | (c >> 6)));
            dc_buf_putc(out, (char)(0x80 | (c & 0x3F)));
        }
    }
}

/* ---- verification stages ----------------------------------------------
 *
 * dc_sigv4_verify runs these in the service's order ([S:processing-order] step 4), as
 * aws-c-auth's s_build_canonical_request_sigv4 runs its stages. Each stage
 * reads what it needs from the request (or what an earlier stage read) and
 * answers S_CONTINUE (the next stage runs), S_DECIDED (the verdict is final,
 * good or bad) or S_ERROR (the request cannot be examined, or the spec lacks
 * a text). Texts are spec/messages.json entries; without a spec a stage
 * decides the status alone. */

enum { S_ERROR = -1, S_CONTINUE = 0, S_DECIDED = 1 };

typedef struct {
    const dc_sigv4_request *req;
    const dc_sigv4_verify_opts *opts;
    dc_sigv4_verdict *v;
    dc_err *err;
    const char *service;             /* the service name the credential scope must carry */
    const dc_sigv4_header *auth_h;   /* the Authorization header; NULL when absent */
    dc_bytes auth;                   /* its value, trimmed */
    dc_bytes algorithm;              /* the token before the parameters */
    s_param cred, sig, sh;           /* Credential, Signature, SignedHeaders: views into flat */
    dc_buf flat;                     /* the parameters with the spaces removed */
    const dc_sigv4_header *date_h;   /* X-Amz-Date, else Date; NULL when neither */
    dc_bytes date;                   /* its value, trimmed */
    int64_t when;                    /* the date in epoch seconds */
    dc_bytes scope[5];               /* the credential: key id, date, region, service, terminator */
    const dc_sigv4_credentials *key; /* the entry of opts->credentials that the key id names */
    size_t key_index;
} s_verify;

typedef int (*s_verify_stage)(s_verify *st);

static dc_message_arg s_arg(const char *name, const char *value)
{
    return (dc_message_arg){name, value, strlen(value)};
}

/* A placeholder value of client bytes, made UTF-8 by s_put_text into buf. */
static dc_message_arg s_client_arg(const char *name, dc_bytes bytes, dc_buf *buf)
{
    dc_buf_reset(buf);
    s_put_text(buf, bytes);
    return (dc_message_arg){name, buf->data != NULL ? (const char *)buf->data : "", buf->len};
}

/* The verdict's status and, with a spec, its __type from spec/errors.json. */
static int s_deny(s_verify *st, dc_sigv4_status status)
{
    st->v->status = status;
    st->v->error_type = NULL;
    if (st->opts->spec == NULL)
        return 0;
    const dc_error_def *e = dc_spec_error(st->opts->spec, dc_sigv4_status_name(status));
    if (e == NULL)
        return dc_fail(st->err, "sigv4: spec/errors.json has no %s", dc_sigv4_status_name(status));
    st->v->error_type = e->wire_type;
    return 0;
}

/* Appends the text of message id to the verdict (nothing without a spec); the
 * first text's source becomes the verdict's fact. */
static int s_say(s_verify *st, const char *id, const dc_message_arg *args, size_t nargs)
{
    const dc_spec *spec = st->opts->spec;
    if (spec == NULL)
        return 0;
    const dc_message *m = dc_spec_message_def(spec, id);
    if (m == NULL || dc_spec_message_format_args(spec, id, &st->v->message, args, nargs) != 0)
        return dc_fail(st->err, "sigv4: spec/messages.json has no '%s'", id);
    if (st->v->fact == NULL)
        st->v->fact = m->source;
    return 0;
}

/* The verdict is status with the text of message id. */
static int s_decide(s_verify *st, dc_sigv4_status status, const char *id, const dc_message_arg *args, size_t nargs)
{
    if (s_deny(st, status) != 0 || s_say(st, id, args, nargs) != 0)
        return S_ERROR;
    return S_DECIDED;
}

/* The same with one placeholder of client bytes. */
static int s_decide_quoting(s_verify *st, dc_sigv4_status status, const char *id, const char *name, dc_bytes bytes)
{
    dc_buf b;
    dc_buf_init(&b);
    dc_message_arg a = s_client_arg(name, bytes, &b);
    int rc = s_decide(st, status, id, &a, 1);
    dc_buf_free(&b);
    return rc;
}

/* Both the query-string form and the header form of SigV4. */
static int s_stage_one_auth_form(s_verify *st)
{
    st->auth_h = dc_sigv4_find(st->req, "authorization");
    if (st->auth_h != NULL && s_query_has_algorithm(st->req->query))
        return s_decide(st, DC_SIGV4_INVALID_SIGNATURE, DC_MSG_ID("signature-both-auth-forms"), NULL, 0);
    return S_CONTINUE;
}

/* No Authorization header, or one that is not SigV4. */
static int s_stage_token_present(s_verify *st)
{
    st->auth = st->auth_h != NULL ? dc_sigv4_trim(st->auth_h->value) : (dc_bytes){NULL, 0};
    if (st->auth_h == NULL || st->auth.len < 5 || memcmp(st->auth.data, "AWS4-", 5) != 0)
        return s_decide(st, DC_SIGV4_MISSING_AUTHENTICATION_TOKEN, DC_MSG_ID("missing-authentication-token"), NULL, 0);
    return S_CONTINUE;
}

/* Refuses a header too long to parse [I], then splits it: the algorithm
 * token, then the parameters; and finds the date header. */
static int s_stage_parse(s_verify *st)
{
    if (st->auth.len > DC_SIGV4_MAX_AUTH_HEADER) {
        char max[24];
        snprintf(max, sizeof max, "%d", DC_SIGV4_MAX_AUTH_HEADER);
        dc_message_arg a = s_arg("max", max);
        return s_decide(st, DC_SIGV4_INCOMPLETE_SIGNATURE, DC_MSG_ID("incomplete-signature-too-long"), &a, 1);
    }
    size_t sp = 0;
    while (sp < st->auth.len && st->auth.data[sp] != ' ')
        sp++;
    st->algorithm = (dc_bytes){st->auth.data, sp};
    s_parse_params((dc_bytes){st->auth.data + sp, st->auth.len - sp}, &st->flat, &st->cred, &st->sig, &st->sh);
    st->date_h = dc_sigv4_find(st->req, "x-amz-date");
    if (st->date_h == NULL)
        st->date_h = dc_sigv4_find(st->req, "date");
    st->date = st->date_h != NULL ? dc_sigv4_trim(st->date_h->value) : (dc_bytes){NULL, 0};
    return S_CONTINUE;
}

/* One missing part of the header: the first one decides the status. */
static int s_missing(s_verify *st, bool *any, const char *id, const dc_message_arg *args, size_t nargs)
{
    if (!*any && s_deny(st, DC_SIGV4_INCOMPLETE_SIGNATURE) != 0)
        return -1;
    *any = true;
    return s_say(st, id, args, nargs);
}

/* Every missing part is listed, then the header is quoted. */
static int s_stage_presence(s_verify *st)
{
    const s_param *need[] = {&st->cred, &st->sig, &st->sh};
    bool any = false;
    for (size_t i = 0; i < DC_ARRAY_LEN(need); i++) {
        dc_message_arg a = s_arg("parameter", need[i]->name);
        if (need[i]->value.len == 0 && s_missing(st, &any, DC_MSG_ID("incomplete-signature-parameter"), &a, 1) != 0)
            return S_ERROR;
    }
    if ((st->date_h == NULL || st->date.len == 0) &&
        s_missing(st, &any, DC_MSG_ID("incomplete-signature-date"), NULL, 0) != 0)
        return S_ERROR;
    if (!any)
        return S_CONTINUE;
    dc_buf b;
    dc_buf_init(&b);
    dc_message_arg a = s_client_arg("authorization", st->auth_h->value, &b);
    int rc = s_say(st, DC_MSG_ID("incomplete-signature-authorization"), &a, 1);
    dc_buf_free(&b);
    return rc != 0 ? S_ERROR : S_DECIDED;
}

static int s_stage_date_format(s_verify *st)
{
    if (dc_sigv4_parse_amz_date((const char *)st->date.data, st->date.len, &st->when) == 0)
        return S_CONTINUE;
    return s_decide_quoting(st, DC_SIGV4_INCOMPLETE_SIGNATURE, DC_MSG_ID("incomplete-signature-date-format"), "date",
                            st->date);
}

/* The 15-minute window around the endpoint's clock. */
static int s_stage_clock(s_verify *st)
{
    const dc_sigv4_verify_opts *o = st->opts;
    if (o->skip_clock || (st->when >= o->now - DC_SIGV4_SKEW_SECONDS && st->when <= o->now + DC_SIGV4_SKEW_SECONDS))
        return S_CONTINUE;
    bool late = st->when < o->now - DC_SIGV4_SKEW_SECONDS;
    char d_req[DC_SIGV4_AMZ_DATE_LEN + 1], d_lim[DC_SIGV4_AMZ_DATE_LEN + 1], d_now[DC_SIGV4_AMZ_DATE_LEN + 1];
    if (dc_sigv4_format_amz_date(st->when, d_req, st->err) != 0 ||
        dc_sigv4_format_amz_date(o->now, d_now, st->err) != 0 ||
        dc_sigv4_format_amz_date(late ? o->now - DC_SIGV4_SKEW_SECONDS : o->now + DC_SIGV4_SKEW_SECONDS, d_lim,
                                 st->err) != 0)
        return S_ERROR;
    dc_message_arg a[] = {s_arg("date", d_req), s_arg("limit", d_lim), s_arg("now", d_now)};
    return s_decide(st, DC_SIGV4_INVALID_SIGNATURE,
                    late ? DC_MSG_ID("signature-expired") : DC_MSG_ID("signature-not-yet-current"), a, DC_ARRAY_LEN(a));
}

/* host must be among the signed headers (any case). */
static int s_stage_host_signed(s_verify *st)
{
    dc_bytes list = st->sh.value;
    for (size_t i = 0; i < list.len;) {
        size_t j = i;
        while (j < list.len && list.data[j] != ';')
            j++;
        if (dc_sigv4_name_eq((dc_bytes){list.data + i, j - i}, "host", 4))
            return S_CONTINUE;
        i = j + 1;
    }
    return s_decide(st, DC_SIGV4_INVALID_SIGNATURE, DC_MSG_ID("signature-host-not-signed"), NULL, 0);
}

static int s_stage_algorithm(s_verify *st)
{
    if (s_bytes_eq(st->algorithm, DC_SIGV4_ALGORITHM))
        return S_CONTINUE;
    return s_decide_quoting(st, DC_SIGV4_INCOMPLETE_SIGNATURE, DC_MSG_ID("incomplete-signature-algorithm"), "algorithm",
                            st->algorithm);
}

static int s_stage_credential_shape(s_verify *st)
{
    if (s_split_credential(st->cred.value, st->scope) == 5)
        return S_CONTINUE;
    return s_decide_quoting(st, DC_SIGV4_INCOMPLETE_SIGNATURE, DC_MSG_ID("incomplete-signature-credential"),
                            "credential", st->cred.value);
}

/* One wrong piece of the credential scope; the recorded text joins them with one space. */
static int s_scope_clause(s_verify *st, size_t *n, const char *id, const dc_message_arg *args, size_t nargs)
{
    if (*n == 0 && s_deny(st, DC_SIGV4_INVALID_SIGNATURE) != 0)
        return -1;
    if (*n > 0 && st->opts->spec != NULL)
        dc_buf_putc(&st->v->message, ' ');
    (*n)++;
    return s_say(st, id, args, nargs);
}

/* Every wrong piece is listed (exact case): region, service, terminator, date. */
static int s_stage_scope(s_verify *st)
{
    const dc_bytes *p = st->scope;
    size_t n = 0;
    int rc = 0;
    dc_buf b1, b2;
    dc_buf_init(&b1);
    dc_buf_init(&b2);
    if (rc == 0 && st->opts->region != NULL && !s_bytes_eq(p[2], st->opts->region)) {
        dc_message_arg a = s_client_arg("region", p[2], &b1);
        rc = s_scope_clause(st, &n, DC_MSG_ID("signature-scope-region"), &a, 1);
    }
    if (rc == 0 && !s_bytes_eq(p[3], st->service)) {
        dc_message_arg a = s_arg("service", st->service);
        rc = s_scope_clause(st, &n, DC_MSG_ID("signature-scope-service"), &a, 1);
    }
    if (rc == 0 && !s_bytes_eq(p[4], "aws4_request")) {
        dc_message_arg a = s_client_arg("terminator", p[4], &b1);
        rc = s_scope_clause(st, &n, DC_MSG_ID("signature-scope-terminator"), &a, 1);
    }
    if (rc == 0 && (p[1].len != 8 || memcmp(p[1].data, st->date.data, 8) != 0)) {
        dc_message_arg a[] = {s_client_arg("scope", p[1], &b1),
                              {"expected", (const char *)st->date.data, 8},
                              s_client_arg("date", st->date, &b2)};
        rc = s_scope_clause(st, &n, DC_MSG_ID("signature-scope-date"), a, DC_ARRAY_LEN(a));
    }
    dc_buf_free(&b1);
    dc_buf_free(&b2);
    if (rc != 0)
        return S_ERROR;
    return n > 0 ? S_DECIDED : S_CONTINUE;
}

/* Without credentials only the form is checked, and it is well-formed. */
static int s_stage_form_only(s_verify *st)
{
    return st->opts->credential_count == 0 ? S_DECIDED : S_CONTINUE;
}

static int s_stage_key_id(s_verify *st)
{
    const dc_sigv4_verify_opts *o = st->opts;
    for (size_t i = 0; i < o->credential_count; i++)
        if (s_bytes_eq(st->scope[0], o->credentials[i].access_key_id)) {
            st->key = &o->credentials[i];
            st->key_index = i;
            return S_CONTINUE;
        }
    return s_decide(st, DC_SIGV4_UNRECOGNIZED_CLIENT, DC_MSG_ID("unrecognized-client-period"), NULL, 0);
}

/* The signature over the headers the client says it signed; a mismatch dumps
 * the canonical request and string to sign the endpoint computed. */
static int s_stage_signature(s_verify *st)
{
    int rc = S_ERROR;
    dc_buf shlist, datestr, region, creq, sts, q1, q2, scope;
    dc_buf *bufs[] = {&shlist, &datestr, &region, &creq, &sts, &q1, &q2, &scope};
    for (size_t i = 0; i < DC_ARRAY_LEN(bufs); i++)
        dc_buf_init(bufs[i]);
    /* C strings of the client's views: append the bytes, then a NUL */
    const dc_bytes views[] = {st->sh.value, st->date, st->scope[2]};
    for (size_t i = 0; i < DC_ARRAY_LEN(views); i++) {
        s_put_bytes(bufs[i], views[i]);
        dc_buf_putc(bufs[i], '\0');
    }
    char expect[DC_SIGV4_HEX_LEN + 1];
    if (dc_sigv4_compute(st->req, (const char *)shlist.data, (const char *)datestr.data, st->key->secret_access_key,
                         (const char *)region.data, st->service, &scope, &creq, &sts, expect, st->err) != 0)
        goto cleanup;
    const dc_bytes sig = st->sig.value;
    bool sig_ok = sig.len == DC_SIGV4_HEX_LEN && CRYPTO_memcmp(sig.data, expect, DC_SIGV4_HEX_LEN) == 0;
    dc_wipe(expect, sizeof expect);
    if (sig_ok) {
        rc = S_CONTINUE;
        goto cleanup;
    }
    dc_message_arg dump[] = {s_client_arg("canonical_request", (dc_bytes){creq.data, creq.len}, &q1),
                             s_client_arg("string_to_sign", (dc_bytes){sts.data, sts.len}, &q2)};
    if (s_decide(st, DC_SIGV4_INVALID_SIGNATURE, DC_MSG_ID("signature-mismatch"), NULL, 0) == S_DECIDED &&
        s_say(st, DC_MSG_ID("signature-mismatch-dump"), dump, DC_ARRAY_LEN(dump)) == 0)
        rc = S_DECIDED;
cleanup:
    for (size_t i = 0; i < DC_ARRAY_LEN(bufs); i++)
        dc_buf_free(bufs[i]);
    return rc;
}

/* The session token must be present and equal exactly when the key pair has
 * one; then the request is authenticated. */
static int s_stage_session_token(s_verify *st)
{
    const char *want = st->key->session_token;
    const dc_sigv4_header *tok_h = dc_sigv4_find(st->req, "x-amz-security-token");
    dc_bytes tok = tok_h != NULL ? dc_sigv4_trim(tok_h->value) : (dc_bytes){NULL, 0};
    bool tok_ok = want == NULL
                      ? tok_h == NULL
                      : tok_h != NULL && tok.len == strlen(want) && CRYPTO_memcmp(tok.data, want, tok.len) == 0;
    if (!tok_ok)
        return s_decide(st, DC_SIGV4_UNRECOGNIZED_CLIENT, DC_MSG_ID("unrecognized-client"), NULL, 0);
    st->v->credential_index = st->key_index;
    return S_DECIDED;
}

int dc_sigv4_verify(const dc_sigv4_request *req, const dc_sigv4_verify_opts *opts, dc_sigv4_verdict *v, dc_err *err)
{
    static const s_verify_stage stages[] = {
        s_stage_one_auth_form, s_stage_token_present, s_stage_parse,     s_stage_presence,         s_stage_date_format,
        s_stage_clock,         s_stage_host_signed,   s_stage_algorithm, s_stage_credential_shape, s_stage_scope,
        s_stage_form_only,     s_stage_key_id,        s_stage_signature, s_stage_session_token,
    };
    s_verify st = {.req = req, .opts = opts, .v = v, .err = err};
    st.cred.name = "Credential";
    st.sig.name = "Signature";
    st.sh.name = "SignedHeaders";
    dc_buf_init(&st.flat);
    dc_buf_reset(&v->message);
    v->status = DC_SIGV4_OK;
    v->error_type = NULL;
    v->fact = NULL;
    v->credential_index = 0;
    v->access_key_id[0] = '\0';
    int rc = -1;
    if (dc_sigv4_check_caps(req, err) != 0)
        goto cleanup;
    st.service = opts->service != NULL ? opts->service
                 : opts->spec != NULL  ? dc_spec_service(opts->spec)->signing_name
                                       : NULL;
    if (st.service == NULL) {
        dc_fail(err, "sigv4: no service name (opts.service or a spec)");
        goto cleanup;
    }
    for (size_t i = 0; i < DC_ARRAY_LEN(stages); i++) {
        int decided = stages[i](&st);
        if (decided == S_ERROR)
            goto cleanup;
        if (decided == S_DECIDED)
            break;
    }
    if (v->status == DC_SIGV4_OK && st.scope[0].len > 0 && st.scope[0].len <= DC_SIGV4_MAX_KEY_ID) {
        memcpy(v->access_key_id, st.scope[0].data, st.scope[0].len);
        v->access_key_id[st.scope[0].len] = '\0';
    }
    rc = 0;
cleanup:
    dc_buf_free(&st.flat);
    return rc;
}
