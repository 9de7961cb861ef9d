/* sigv4.c - AWS Signature Version 4 signing (verification: sigv4_verify.c).
 *
 * SHA-256 and HMAC come from OpenSSL libcrypto; this file only arranges bytes
 * the way the SigV4 specification (and botocore / aws-c-auth, which the tests
 * compare against) arrange them. Verification follows the check order
 * recorded against the real DynamoDB service in dynalite's index.js (facts
 * [S:processing-order] step 4), one stage per check; its texts are spec/messages.json entries
 * ([S:error-status] "Auth-error texts" and the rest, each with its source, which
 * the verdict's fact field carries). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "wire/sigv4.h"
#include "wire/sigv4_internal.h"

#include "core/json.h"
#include "core/wipe.h"

static const char s_hex[] = "0123456789abcdef";
static const char s_hex_upper[] = "0123456789ABCDEF";

/* Headers never signed by default: authorization itself, plus botocore's
 * SIGNED_HEADERS_BLACKLIST (botocore 1.43 auth.py) - hop-by-hop headers that
 * proxies and HTTP stacks add or rewrite, so signing them breaks requests. */
static const char *const s_unsigned_headers[] = {
    "authorization", "connection",        "expect",  "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer",       "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

/* ---- small helpers ---------------------------------------------------- */

static int s_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* ASCII whitespace as Python's str.split() sees it, which is what botocore
 * collapses in header values. */
static int s_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int s_is_unreserved(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

static int s_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int dc_sigv4_name_eq(dc_bytes name, const char *lname, size_t lname_len)
{
    if (name.len != lname_len)
        return 0;
    for (size_t i = 0; i < lname_len; i++)
        if (s_lower(name.data[i]) != s_lower((unsigned char)lname[i]))
            return 0;
    return 1;
}

static void s_put_hex(dc_buf *out, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        dc_buf_putc(out, s_hex[data[i] >> 4]);
        dc_buf_putc(out, s_hex[data[i] & 15]);
    }
}

static void s_hex_into(const uint8_t *data, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = s_hex[data[i] >> 4];
        out[2 * i + 1] = s_hex[data[i] & 15];
    }
    out[2 * len] = '\0';
}

static void s_put_pct(dc_buf *out, unsigned char c)
{
    dc_buf_putc(out, '%');
    dc_buf_putc(out, s_hex_upper[c >> 4]);
    dc_buf_putc(out, s_hex_upper[c & 15]);
}

/* Appends the canonical form of one header value: leading/trailing whitespace
 * dropped, inner runs collapsed to a single space. */
static void s_put_trimmed(dc_buf *out, dc_bytes v)
{
    size_t i = 0;
    int pending_space = 0, wrote = 0;
    for (; i < v.len; i++) {
        if (s_is_space(v.data[i])) {
            pending_space = wrote;
            continue;
        }
        if (pending_space)
            dc_buf_putc(out, ' ');
        pending_space = 0;
        dc_buf_putc(out, (char)v.data[i]);
        wrote = 1;
    }
}

dc_bytes dc_sigv4_trim(dc_bytes v)
{
    while (v.len > 0 && s_is_space(v.data[0])) {
        v.data++;
        v.len--;
    }
    while (v.len > 0 && s_is_space(v.data[v.len - 1]))
        v.len--;
    return v;
}

/* First header named lname (lower-case), or NULL. */
const dc_sigv4_header *dc_sigv4_find(const dc_sigv4_request *req, const char *lname)
{
    size_t n = strlen(lname);
    for (size_t i = 0; i < req->header_count; i++)
        if (dc_sigv4_name_eq(req->headers[i].name, lname, n))
            return &req->headers[i];
    return NULL;
}

int dc_sigv4_check_caps(const dc_sigv4_request *req, dc_err *err)
{
    if (req->header_count > DC_SIGV4_MAX_HEADERS)
        return dc_fail(err, "sigv4: request has %zu headers, more than the cap of %d", req->header_count,
                       DC_SIGV4_MAX_HEADERS);
    size_t total = 0;
    for (size_t i = 0; i < req->header_count; i++) {
        total += req->headers[i].name.len + req->headers[i].value.len;
        if (total > DC_SIGV4_MAX_HEADER_BYTES)
            return dc_fail(err, "sigv4: request headers exceed the cap of %u bytes", DC_SIGV4_MAX_HEADER_BYTES);
    }
    return 0;
}

dc_sigv4_header dc_sigv4_hdr(const char *name, const char *value)
{
    dc_sigv4_header h;
    h.name.data = (const uint8_t *)name;
    h.name.len = strlen(name);
    h.value.data = (const uint8_t *)value;
    h.value.len = strlen(value);
    return h;
}

/* ---- dates ------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t s_days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void s_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int dc_sigv4_format_amz_date(int64_t epoch, char out[DC_SIGV4_AMZ_DATE_LEN + 1], dc_err *err)
{
    int64_t days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
    int64_t secs = epoch - days * 86400;
    int64_t y, m, d;
    s_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return dc_fail(err, "sigv4: time %lld is outside years 0000-9999", (long long)epoch);
    /* fields are range-checked above, so plain digit writes cannot overflow out */
    const int64_t f[] = {y / 100, y % 100, m, d, secs / 3600, secs / 60 % 60, secs % 60};
    char *p = out;
    for (size_t i = 0; i < DC_ARRAY_LEN(f); i++) {
        if (i == 4)
            *p++ = 'T';
        *p++ = (char)('0' + f[i] / 10);
        *p++ = (char)('0' + f[i] % 10);
    }
    *p++ = 'Z';
    *p = '\0';
    return 0;
}

static int s_digits(const char *s, size_t n, int64_t *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

int dc_sigv4_parse_amz_date(const char *text, size_t len, int64_t *epoch)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t y, mo, d, h, mi, s;
    if (len != DC_SIGV4_AMZ_DATE_LEN || text[8] != 'T' || text[15] != 'Z')
        return -1;
    if (s_digits(text, 4, &y) || s_digits(text + 4, 2, &mo) || s_digits(text + 6, 2, &d) || s_digits(text + 9, 2, &h) ||
        s_digits(text + 11, 2, &mi) || s_digits(text + 13, 2, &s))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59)
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap))
        return -1;
    *epoch = s_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}

/* ---- crypto (OpenSSL) ---------------------------------------------------
 *
 * OpenSSL 3's one-shot HMAC() and EVP_Digest() look the algorithm up in the
 * provider store on every call (EVP_MAC_fetch / EVP_MD_fetch, with their
 * locks) and build and free a context each time: that was most of the cost
 * of signing (fuzzer) and of verifying (serve). So SHA-256 and HMAC are
 * fetched once per process (pthread_once), and every thread keeps its own
 * contexts (an OpenSSL context must not be used by two threads at once):
 * s_tls, reached through a _Thread_local pointer, freed by a thread-exit
 * destructor (pthread key), and the exiting thread's one (usually main's)
 * with the fetched methods by an atexit handler, so valgrind sees no leak.
 *
 * Signing-key cache: the derived key depends only on (secret, date, region,
 * service), so a thread keeps the last S_KEY_CACHE of them, each as an HMAC
 * context already keyed with it; a hit skips the four-HMAC derivation and the
 * keying (AWS SDKs keep such a cache too, e.g. the Java SDK's AWS4Signer).
 * An entry is found by comparing all four inputs in full, the secret included
 * (a key id alone would not do: serve's accounts or a rotated secret could
 * reuse one), so a hit is exactly the key a fresh derivation would give. The
 * cached secrets and keys are wiped when replaced or freed, and never logged. */

#define S_KEY_CACHE 4

typedef struct {
    EVP_MAC_CTX *mac; /* HMAC-SHA256 keyed with the signing key; NULL = empty */
    dc_buf inputs;    /* secret, date, region, service, back to back */
    size_t len[4];    /* their lengths */
} s_key_entry;

/* The largest body whose hash a thread remembers (see s_payload_sha256). */
#define S_BODY_MEMO_MAX (1u << 20)

typedef struct {
    EVP_MD_CTX *md;   /* SHA-256 */
    EVP_MAC_CTX *mac; /* HMAC-SHA256, keyed per use */
    s_key_entry keys[S_KEY_CACHE];
    size_t next;         /* the entry the next miss replaces (round robin) */
    dc_buf body;         /* the last request body hashed (a copy) ... */
    uint8_t body_md[32]; /* ... and its SHA-256 */
    bool body_known;     /* body and body_md go together */
} s_tls;

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static bool s_ready;            /* the fetches below succeeded (read after pthread_once) */
static EVP_MD *s_md;            /* SHA-256, fetched once */
static EVP_MAC *s_mac;          /* HMAC, fetched once */
static pthread_key_t s_tls_key; /* its destructor frees a thread's s_tls */
static _Thread_local s_tls *t_tls;

static void s_key_entry_clear(s_key_entry *e)
{
    EVP_MAC_CTX_free(e->mac); /* wipes the key */
    e->mac = NULL;
    if (e->inputs.data != NULL)
        dc_wipe(e->inputs.data, e->inputs.cap);
    dc_buf_free(&e->inputs);
    memset(e->len, 0, sizeof e->len);
}

static void s_tls_free(void *p)
{
    s_tls *t = p;
    if (t == NULL)
        return;
    for (size_t i = 0; i < S_KEY_CACHE; i++)
        s_key_entry_clear(&t->keys[i]);
    EVP_MD_CTX_free(t->md);
    EVP_MAC_CTX_free(t->mac);
    dc_buf_free(&t->body);
    free(t);
}

/* Runs before OpenSSL's own atexit clean-up (registered after it). */
static void s_at_exit(void)
{
    s_tls *t = t_tls;
    t_tls = NULL;
    if (t != NULL) {
        pthread_setspecific(s_tls_key, NULL);
        s_tls_free(t);
    }
    s_ready = false;
    EVP_MD_free(s_md);
    EVP_MAC_free(s_mac);
    s_md = NULL;
    s_mac = NULL;
}

static void s_init_once(void)
{
    /* initialized first, so that OpenSSL's atexit handler runs after ours */
    if (OPENSSL_init_crypto(0, NULL) != 1 || pthread_key_create(&s_tls_key, s_tls_free) != 0)
        return;
    s_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    s_mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (s_md == NULL || s_mac == NULL || atexit(s_at_exit) != 0) {
        EVP_MD_free(s_md);
        EVP_MAC_free(s_mac);
        s_md = NULL;
        s_mac = NULL;
        return;
    }
    s_ready = true;
}

/* The calling thread's contexts, made on first use; NULL (err set) if
 * OpenSSL fails. */
static s_tls *s_thread(dc_err *err)
{
    if (t_tls != NULL)
        return t_tls;
    if (pthread_once(&s_once, s_init_once) != 0 || !s_ready) {
        dc_fail(err, "sigv4: OpenSSL has no SHA-256 or HMAC");
        return NULL;
    }
    s_tls *t = dc_xcalloc(1, sizeof *t);
    static char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    t->md = EVP_MD_CTX_new();
    t->mac = EVP_MAC_CTX_new(s_mac);
    if (t->md == NULL || t->mac == NULL || EVP_MAC_CTX_set_params(t->mac, params) != 1 ||
        pthread_setspecific(s_tls_key, t) != 0) {
        s_tls_free(t);
        dc_fail(err, "sigv4: OpenSSL contexts for SHA-256 and HMAC failed");
        return NULL;
    }
    t_tls = t;
    return t;
}

static int s_sha256(const void *data, size_t len, uint8_t out[32], dc_err *err)
{
    s_tls *t = s_thread(err);
    if (t == NULL)
        return -1;
    unsigned int n = 0;
    if (EVP_DigestInit_ex2(t->md, s_md, NULL) != 1 || EVP_DigestUpdate(t->md, data, len) != 1 ||
        EVP_DigestFinal_ex(t->md, out, &n) != 1 || n != 32)
        return dc_fail(err, "sigv4: OpenSSL SHA-256 failed");
    return 0;
}

/* HMAC-SHA256 of data with ctx, first keyed with key (key NULL: with the key
 * ctx already has). */
static int s_mac_with(EVP_MAC_CTX *ctx, const uint8_t *key, size_t key_len, const void *data, size_t len,
                      uint8_t out[32], dc_err *err)
{
    size_t n = 0;
    if (EVP_MAC_init(ctx, key, key_len, NULL) != 1 || EVP_MAC_update(ctx, data, len) != 1 ||
        EVP_MAC_final(ctx, out, &n, 32) != 1 || n != 32)
        return dc_fail(err, "sigv4: OpenSSL HMAC-SHA256 failed");
    return 0;
}

static int s_hmac(const uint8_t *key, size_t key_len, const void *data, size_t len, uint8_t out[32], dc_err *err)
{
    s_tls *t = s_thread(err);
    if (t == NULL)
        return -1;
    return s_mac_with(t->mac, key, key_len, data, len, out, err);
}

/* SHA-256 of a request body, the payload hash. The fuzzer signs a request
 * and its oracle then verifies the same bytes in the same thread, so each
 * thread keeps a copy of the last body it hashed (up to S_BODY_MEMO_MAX
 * bytes) with its hash, and a body equal to it byte for byte is not hashed
 * again: comparing (and copying) costs a small fraction of hashing. Equal
 * bytes, never an equal pointer, decide, so a caller may reuse its buffer. */
static int s_payload_sha256(dc_bytes body, uint8_t out[32], dc_err *err)
{
    s_tls *t = s_thread(err);
    if (t == NULL)
        return -1;
    if (t->body_known && body.len == t->body.len && (body.len == 0 || memcmp(body.data, t->body.data, body.len) == 0)) {
        memcpy(out, t->body_md, sizeof t->body_md);
        return 0;
    }
    t->body_known = false;
    if (s_sha256(body.data, body.len, out, err) != 0)
        return -1;
    if (body.len <= S_BODY_MEMO_MAX) {
        dc_buf_reset(&t->body);
        if (body.len > 0)
            dc_buf_append(&t->body, body.data, body.len);
        memcpy(t->body_md, out, sizeof t->body_md);
        t->body_known = true;
    }
    return 0;
}

int dc_sigv4_sha256_hex(dc_bytes data, char out[DC_SIGV4_HEX_LEN + 1], dc_err *err)
{
    uint8_t md[32];
    if (s_sha256(data.data, data.len, md, err) != 0)
        return -1;
    s_hex_into(md, sizeof md, out);
    return 0;
}

int dc_sigv4_signing_key(const char *secret_access_key, const char *amz_date, const char *region, const char *service,
                         uint8_t key[DC_SIGV4_KEY_LEN], dc_err *err)
{
    int rc = -1;
    dc_buf k0;
    dc_buf_init(&k0);
    dc_buf_puts(&k0, "AWS4");
    dc_buf_puts(&k0, secret_access_key);
    size_t dlen = strnlen(amz_date, 8);
    uint8_t a[32], b[32];
    if (s_hmac(k0.data, k0.len, amz_date, dlen, a, err) != 0 ||
        s_hmac(a, sizeof a, region, strlen(region), b, err) != 0 ||
        s_hmac(b, sizeof b, service, strlen(service), a, err) != 0 ||
        s_hmac(a, sizeof a, "aws4_request", 12, key, err) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    /* the derived keys are as good as the secret: wipe them */
    dc_wipe(k0.data, k0.len);
    dc_wipe(a, sizeof a);
    dc_wipe(b, sizeof b);
    dc_buf_free(&k0);
    return rc;
}

/* The calling thread's HMAC context keyed with the signing key of these
 * inputs: from the cache, else derived (dc_sigv4_signing_key) into the entry
 * the round robin picks. NULL (err set) if OpenSSL fails. */
static EVP_MAC_CTX *s_signing_mac(const char *secret, const char *amz_date, const char *region, const char *service,
                                  dc_err *err)
{
    s_tls *t = s_thread(err);
    if (t == NULL)
        return NULL;
    const char *in[4] = {secret, amz_date, region, service};
    size_t len[4] = {strlen(secret), strnlen(amz_date, 8), strlen(region), strlen(service)};
    for (size_t i = 0; i < S_KEY_CACHE; i++) {
        s_key_entry *e = &t->keys[i];
        if (e->mac == NULL || memcmp(e->len, len, sizeof len) != 0)
            continue;
        const uint8_t *p = e->inputs.data;
        bool same = CRYPTO_memcmp(p, in[0], len[0]) == 0;
        p += len[0];
        for (size_t f = 1; same && f < 4; p += len[f], f++)
            same = memcmp(p, in[f], len[f]) == 0;
        if (same)
            return e->mac;
    }
    s_key_entry *e = &t->keys[t->next];
    t->next = (t->next + 1) % S_KEY_CACHE;
    s_key_entry_clear(e);
    uint8_t key[DC_SIGV4_KEY_LEN];
    int rc = dc_sigv4_signing_key(secret, amz_date, region, service, key, err);
    if (rc == 0) {
        e->mac = EVP_MAC_CTX_dup(t->mac);
        if (e->mac == NULL || EVP_MAC_init(e->mac, key, sizeof key, NULL) != 1)
            rc = dc_fail(err, "sigv4: OpenSSL HMAC-SHA256 failed");
    }
    dc_wipe(key, sizeof key);
    if (rc != 0) {
        s_key_entry_clear(e);
        return NULL;
    }
    dc_buf_init(&e->inputs);
    dc_buf_reserve(&e->inputs, len[0] + len[1] + len[2] + len[3]);
    for (size_t f = 0; f < 4; f++) {
        e->len[f] = len[f];
        dc_buf_append(&e->inputs, in[f], len[f]);
    }
    return e->mac;
}

int dc_sigv4_signature(const uint8_t key[DC_SIGV4_KEY_LEN], dc_bytes string_to_sign, char out[DC_SIGV4_HEX_LEN + 1],
                       dc_err *err)
{
    uint8_t md[32];
    if (s_hmac(key, DC_SIGV4_KEY_LEN, string_to_sign.data, string_to_sign.len, md, err) != 0)
        return -1;
    s_hex_into(md, sizeof md, out);
    return 0;
}

/* ---- canonical request ------------------------------------------------- */

void dc_sigv4_canonical_uri(const char *path, dc_buf *out)
{
    /* "/" (every DynamoDB request) is its own canonical form */
    if (path == NULL || *path == '\0' || (path[0] == '/' && path[1] == '\0')) {
        dc_buf_putc(out, '/');
        return;
    }
    /* RFC 3986 5.2.4 dot-segment removal; AWS (and botocore) also drop empty
     * segments, i.e. collapse "//". Segments are views into path. */
    size_t plen = strlen(path);
    size_t cap = plen / 2 + 2, n = 0;
    const char **seg = dc_xcalloc(cap, sizeof *seg);
    size_t *seg_len = dc_xcalloc(cap, sizeof *seg_len);
    for (size_t i = 0; i <= plen;) {
        size_t j = i;
        while (j < plen && path[j] != '/')
            j++;
        size_t l = j - i;
        if (l == 0 || (l == 1 && path[i] == '.')) {
            /* skip */
        } else if (l == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (n > 0)
                n--;
        } else if (n < cap) {
            seg[n] = path + i;
            seg_len[n] = l;
            n++;
        }
        i = j + 1;
    }
    if (path[0] == '/')
        dc_buf_putc(out, '/');
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            dc_buf_putc(out, '/');
        for (size_t c = 0; c < seg_len[k]; c++) {
            unsigned char ch = (unsigned char)seg[k][c];
            if (s_is_unreserved(ch))
                dc_buf_putc(out, (char)ch);
            else
                s_put_pct(out, ch);
        }
    }
    if (n > 0 && path[plen - 1] == '/')
        dc_buf_putc(out, '/');
    free(seg);
    free(seg_len);
}

/* Percent-decodes then re-encodes s[0..n) with the unreserved set. A '%' not
 * followed by two hex digits is taken literally (and so becomes %25). */
static void s_query_component(const char *s, size_t n, dc_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && s_hexval(s[i + 1]) >= 0 && s_hexval(s[i + 2]) >= 0) {
            c = (unsigned char)(s_hexval(s[i + 1]) * 16 + s_hexval(s[i + 2]));
            i += 2;
        }
        if (s_is_unreserved(c))
            dc_buf_putc(out, (char)c);
        else
            s_put_pct(out, c);
    }
}

typedef struct {
    char *name;
    char *value;
} s_pair;

static int s_pair_cmp(const void *a, const void *b)
{
    const s_pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c != 0 ? c : strcmp(x->value, y->value);
}

int dc_sigv4_canonical_query(const char *query, dc_buf *out, dc_err *err)
{
    if (query == NULL || *query == '\0')
        return 0;
    size_t count = 1;
    for (const char *p = query; *p; p++)
        count += *p == '&';
    if (count > DC_SIGV4_MAX_HEADERS)
        return dc_fail(err, "sigv4: query has %zu parameters, more than the cap of %d", count, DC_SIGV4_MAX_HEADERS);
    s_pair *pairs = dc_xcalloc(count, sizeof *pairs);
    size_t n = 0;
    const char *p = query;
    while (1) {
        const char *amp = strchr(p, '&');
        size_t l = amp ? (size_t)(amp - p) : strlen(p);
        if (l > 0) { /* "a&&b" has no empty parameter */
            const char *eq = memchr(p, '=', l);
            size_t nl = eq ? (size_t)(eq - p) : l;
            dc_buf b;
            dc_buf_init(&b);
            s_query_component(p, nl, &b);
            pairs[n].name = dc_buf_take(&b);
            if (eq)
                s_query_component(eq + 1, l - nl - 1, &b);
            pairs[n].value = dc_buf_take(&b);
            n++;
        }
        if (amp == NULL)
            break;
        p = amp + 1;
    }
    qsort(pairs, n, sizeof *pairs, s_pair_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            dc_buf_putc(out, '&');
        dc_buf_puts(out, pairs[i].name);
        dc_buf_putc(out, '=');
        dc_buf_puts(out, pairs[i].value);
        free(pairs[i].name);
        free(pairs[i].value);
    }
    free(pairs);
    return 0;
}

static int s_str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dc_sigv4_default_signed_headers(const dc_sigv4_request *req, dc_buf *out, dc_err *err)
{
    if (dc_sigv4_check_caps(req, err) != 0)
        return -1;
    char **names = dc_xcalloc(req->header_count + 1, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < req->header_count; i++) {
        dc_bytes nm = req->headers[i].name;
        int skip = nm.len == 0;
        for (size_t u = 0; !skip && u < DC_ARRAY_LEN(s_unsigned_headers); u++)
            skip = dc_sigv4_name_eq(nm, s_unsigned_headers[u], strlen(s_unsigned_headers[u]));
        if (skip)
            continue;
        char *l = dc_xmalloc(nm.len + 1);
        for (size_t c = 0; c < nm.len; c++)
            l[c] = (char)s_lower(nm.data[c]);
        l[nm.len] = '\0';
        names[n++] = l;
    }
    qsort(names, n, sizeof *names, s_str_cmp);
    size_t written = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(names[i], names[i - 1]) != 0) {
            if (written++ > 0)
                dc_buf_putc(out, ';');
            dc_buf_puts(out, names[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return 0;
}

int dc_sigv4_canonical_request(const dc_sigv4_request *req, const char *signed_headers, dc_buf *out, dc_err *err)
{
    if (dc_sigv4_check_caps(req, err) != 0)
        return -1;
    dc_buf_puts(out, req->method ? req->method : "");
    dc_buf_putc(out, '\n');
    dc_sigv4_canonical_uri(req->path, out);
    dc_buf_putc(out, '\n');
    if (dc_sigv4_canonical_query(req->query, out, err) != 0)
        return -1;
    dc_buf_putc(out, '\n');
    const char *p = signed_headers ? signed_headers : "";
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t l = semi ? (size_t)(semi - p) : strlen(p);
        for (size_t c = 0; c < l; c++)
            dc_buf_putc(out, (char)s_lower((unsigned char)p[c]));
        dc_buf_putc(out, ':');
        int first = 1;
        for (size_t i = 0; i < req->header_count; i++) {
            if (!dc_sigv4_name_eq(req->headers[i].name, p, l))
                continue;
            if (!first)
                dc_buf_putc(out, ',');
            s_put_trimmed(out, req->headers[i].value);
            first = 0;
        }
        dc_buf_putc(out, '\n');
        if (semi == NULL)
            break;
        p = semi + 1;
    }
    dc_buf_putc(out, '\n');
    dc_buf_puts(out, signed_headers ? signed_headers : "");
    dc_buf_putc(out, '\n');
    uint8_t md[32];
    if (s_payload_sha256(req->body, md, err) != 0)
        return -1;
    s_put_hex(out, md, sizeof md);
    return 0;
}

void dc_sigv4_scope(const char *amz_date, const char *region, const char *service, dc_buf *out)
{
    dc_buf_append(out, amz_date, strnlen(amz_date, 8));
    dc_buf_putc(out, '/');
    dc_buf_puts(out, region);
    dc_buf_putc(out, '/');
    dc_buf_puts(out, service);
    dc_buf_puts(out, "/aws4_request");
}

int dc_sigv4_string_to_sign(const char *amz_date, const char *scope, dc_bytes canonical_request, dc_buf *out,
                            dc_err *err)
{
    uint8_t md[32];
    if (s_sha256(canonical_request.data, canonical_request.len, md, err) != 0)
        return -1;
    dc_buf_puts(out, DC_SIGV4_ALGORITHM "\n");
    dc_buf_puts(out, amz_date);
    dc_buf_putc(out, '\n');
    dc_buf_puts(out, scope);
    dc_buf_putc(out, '\n');
    s_put_hex(out, md, sizeof md);
    return 0;
}

void dc_sigv4_authorization(const char *access_key_id, const char *scope, const char *signed_headers,
                            const char *signature, dc_buf *out)
{
    dc_buf_puts(out, DC_SIGV4_ALGORITHM " Credential=");
    dc_buf_puts(out, access_key_id);
    dc_buf_putc(out, '/');
    dc_buf_puts(out, scope);
    dc_buf_puts(out, ", SignedHeaders=");
    dc_buf_puts(out, signed_headers);
    dc_buf_puts(out, ", Signature=");
    dc_buf_puts(out, signature);
}

/* ---- signing ----------------------------------------------------------- */

void dc_sigv4_signed_free(dc_sigv4_signed *s)
{
    if (s == NULL)
        return;
    dc_buf_free(&s->signed_headers);
    dc_buf_free(&s->canonical_request);
    dc_buf_free(&s->string_to_sign);
    dc_buf_free(&s->authorization);
    dc_wipe(s->signature, sizeof s->signature);
}

/* Computes canonical request, string to sign (its scope into scope) and
 * signature of req for the given date/scope parts; shared by signing and
 * verification. The signature is dc_sigv4_signature with the key
 * dc_sigv4_signing_key derives, through the thread's signing-key cache. */
int dc_sigv4_compute(const dc_sigv4_request *req, const char *signed_headers, const char *amz_date, const char *secret,
                     const char *region, const char *service, dc_buf *scope, dc_buf *creq, dc_buf *sts,
                     char sig[DC_SIGV4_HEX_LEN + 1], dc_err *err)
{
    if (dc_sigv4_canonical_request(req, signed_headers, creq, err) != 0)
        return -1;
    dc_sigv4_scope(amz_date, region, service, scope);
    if (dc_sigv4_string_to_sign(amz_date, (const char *)scope->data, (dc_bytes){creq->data, creq->len}, sts, err) != 0)
        return -1;
    EVP_MAC_CTX *mac = s_signing_mac(secret, amz_date, region, service, err);
    uint8_t md[32];
    if (mac == NULL || s_mac_with(mac, NULL, 0, sts->data, sts->len, md, err) != 0)
        return -1;
    s_hex_into(md, sizeof md, sig);
    return 0;
}

int dc_sigv4_sign(const dc_sigv4_request *req, const dc_sigv4_credentials *creds, const dc_sigv4_sign_opts *opts,
                  dc_sigv4_signed *out, dc_err *err)
{
    int rc = -1;
    dc_sigv4_header *hdrs = NULL;
    dc_buf scope;
    memset(out, 0, sizeof *out);
    dc_buf_init(&out->signed_headers);
    dc_buf_init(&out->canonical_request);
    dc_buf_init(&out->string_to_sign);
    dc_buf_init(&out->authorization);
    dc_buf_init(&scope);
    if (creds == NULL || creds->access_key_id == NULL || creds->secret_access_key == NULL || opts == NULL ||
        opts->region == NULL || opts->service == NULL) {
        dc_fail(err, "sigv4: sign needs an access key id, a secret key, a region and a service");
        goto cleanup;
    }
    if (dc_sigv4_check_caps(req, err) != 0)
        goto cleanup;

    /* The request as it will be sent: plus X-Amz-Date / X-Amz-Security-Token when missing. */
    hdrs = dc_xcalloc(req->header_count + 2, sizeof *hdrs);
    if (req->header_count > 0)
        memcpy(hdrs, req->headers, req->header_count * sizeof *hdrs);
    size_t nh = req->header_count;
    const dc_sigv4_header *date = dc_sigv4_find(req, "x-amz-date");
    if (date != NULL) {
        dc_bytes v = dc_sigv4_trim(date->value);
        if (v.len > DC_SIGV4_MAX_DATE_TEXT) {
            dc_fail(err, "sigv4: X-Amz-Date value is %zu bytes, more than %d", v.len, DC_SIGV4_MAX_DATE_TEXT);
            goto cleanup;
        }
        if (v.len > 0)
            memcpy(out->amz_date, v.data, v.len);
        out->amz_date[v.len] = '\0';
    } else {
        if (dc_sigv4_format_amz_date(opts->now, out->amz_date, err) != 0)
            goto cleanup;
        hdrs[nh++] = dc_sigv4_hdr("X-Amz-Date", out->amz_date);
        out->added_amz_date = true;
    }
    if (creds->session_token != NULL && dc_sigv4_find(req, "x-amz-security-token") == NULL) {
        hdrs[nh++] = dc_sigv4_hdr("X-Amz-Security-Token", creds->session_token);
        out->added_security_token = true;
    }
    dc_sigv4_request full = *req;
    full.headers = hdrs;
    full.header_count = nh;

    if (opts->signed_headers != NULL)
        dc_buf_puts(&out->signed_headers, opts->signed_headers);
    else if (dc_sigv4_default_signed_headers(&full, &out->signed_headers, err) != 0)
        goto cleanup;
    dc_buf_putc(&out->signed_headers, '\0'); /* make data a C string even when empty */
    out->signed_headers.len--;

    if (dc_sigv4_compute(&full, (const char *)out->signed_headers.data, out->amz_date, creds->secret_access_key,
                         opts->region, opts->service, &scope, &out->canonical_request, &out->string_to_sign,
                         out->signature, err) != 0)
        goto cleanup;
    dc_sigv4_authorization(creds->access_key_id, (const char *)scope.data, (const char *)out->signed_headers.data,
                           out->signature, &out->authorization);
    rc = 0;
cleanup:
    free(hdrs);
    dc_buf_free(&scope);
    if (rc != 0)
        dc_sigv4_signed_free(out);
    return rc;
}
