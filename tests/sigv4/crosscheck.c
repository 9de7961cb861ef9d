/* crosscheck.c - signs the requests of a tools/gen/sigv4-requests.py file with our
 * dc_sigv4_sign and with libcurl's CURLOPT_AWS_SIGV4, and compares both
 * Authorization headers with each other and with botocore's (in the file).
 * libcurl's header is captured by a throwaway libmicrohttpd listener on
 * 127.0.0.1 (free port), which also hands the request exactly as received to
 * dc_sigv4_verify, the way `serve` will.
 *
 *   crosscheck REQUESTS.jsonl
 *
 * Prints counts; exit 0 when every comparison that ran agreed, 1 otherwise,
 * 2 on setup errors. Secrets and signatures are never printed: a mismatch is
 * reported by request id and by which side differs (plus SignedHeaders,
 * which is not secret). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <microhttpd.h>

#include "core/common.h"
#include "core/json.h"
#include "wire/sigv4.h"

#define MAX_FILE_BYTES (64u << 20)
#define MAX_HEADERS 64
#define MAX_BODY (1u << 20)
#define CURL_TIMEOUT_MS 10000L
#define LIVE_PROBES 50 /* requests re-sent without a caller X-Amz-Date (libcurl uses the real clock) */

/* ---- the listener ---------------------------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    dc_buf names[MAX_HEADERS];
    dc_buf values[MAX_HEADERS];
    size_t count;
    dc_buf body;
    int done;
} captured;

static captured s_cap;

static enum MHD_Result s_header_cb(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                   const char *value, size_t value_size)
{
    (void)cls;
    (void)kind;
    if (s_cap.count < MAX_HEADERS) {
        dc_buf_reset(&s_cap.names[s_cap.count]);
        dc_buf_reset(&s_cap.values[s_cap.count]);
        dc_buf_append(&s_cap.names[s_cap.count], key, key_size);
        dc_buf_append(&s_cap.values[s_cap.count], value ? value : "", value ? value_size : 0);
        s_cap.count++;
    }
    return MHD_YES;
}

static enum MHD_Result s_handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    if (*con_cls == NULL) { /* first call: headers only */
        *con_cls = &s_cap;
        pthread_mutex_lock(&s_cap.lock);
        s_cap.count = 0;
        dc_buf_reset(&s_cap.body);
        MHD_get_connection_values_n(conn, MHD_HEADER_KIND, s_header_cb, NULL);
        pthread_mutex_unlock(&s_cap.lock);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        pthread_mutex_lock(&s_cap.lock);
        if (s_cap.body.len + *upload_data_size <= MAX_BODY)
            dc_buf_append(&s_cap.body, upload_data, *upload_data_size);
        pthread_mutex_unlock(&s_cap.lock);
        *upload_data_size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&s_cap.lock);
    s_cap.done = 1;
    pthread_mutex_unlock(&s_cap.lock);
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* ---- the request file ------------------------------------------------------ */

typedef struct {
    long id;
    const char *amz_date, *region, *akid, *secret, *token, *botocore;
    dc_sigv4_header headers[MAX_HEADERS];
    size_t count;
    dc_bytes body;
} xreq;

static int s_load(const dc_json *o, xreq *x, dc_err *err)
{
    memset(x, 0, sizeof *x);
    int64_t id = -1;
    dc_json_int64(dc_json_get(o, "id"), &id);
    x->id = (long)id;
    x->amz_date = dc_json_string(dc_json_get(o, "amz_date"));
    x->region = dc_json_string(dc_json_get(o, "region"));
    x->akid = dc_json_string(dc_json_get(o, "access_key_id"));
    x->secret = dc_json_string(dc_json_get(o, "secret_access_key"));
    x->token = dc_json_string(dc_json_get(o, "token"));
    x->botocore = dc_json_string(dc_json_get(o, "botocore"));
    const dc_json *h = dc_json_get(o, "headers"), *b = dc_json_get(o, "body");
    if (!x->amz_date || !x->region || !x->akid || !x->secret || !dc_json_is_array(h) || !dc_json_is_string(b) ||
        h->count > MAX_HEADERS)
        return dc_fail(err, "request %ld: missing or malformed fields", x->id);
    for (size_t i = 0; i < h->count; i++) {
        const dc_json *n = dc_json_path(&h->items[i], "0"), *v = dc_json_path(&h->items[i], "1");
        if (!dc_json_is_string(n) || !dc_json_is_string(v))
            return dc_fail(err, "request %ld: header %zu is not [name, value]", x->id, i);
        x->headers[i].name = (dc_bytes){(const uint8_t *)n->str, n->str_len};
        x->headers[i].value = (dc_bytes){(const uint8_t *)v->str, v->str_len};
    }
    x->count = h->count;
    x->body = (dc_bytes){(const uint8_t *)b->str, b->str_len};
    return 0;
}

/* Signs x with libcurl against the listener; leaves the received request in s_cap. */
static int s_curl_sign(CURL *c, unsigned port, const xreq *x, int omit_date, dc_err *err)
{
    int rc = -1;
    struct curl_slist *list = NULL;
    dc_buf line, provider, url;
    dc_buf_init(&line);
    dc_buf_init(&provider);
    dc_buf_init(&url);
    for (size_t i = 0; i < x->count; i++) {
        if (omit_date && x->headers[i].name.len == 10 &&
            strncasecmp((const char *)x->headers[i].name.data, "x-amz-date", 10) == 0)
            continue; /* libcurl then signs with the current time */
        dc_buf_reset(&line);
        dc_buf_append(&line, x->headers[i].name.data, x->headers[i].name.len);
        dc_buf_puts(&line, ": ");
        dc_buf_append(&line, x->headers[i].value.data, x->headers[i].value.len);
        list = curl_slist_append(list, (const char *)line.data);
    }
    if (x->token != NULL) { /* libcurl 7.88 has no session-token option: the header is sent (and signed) as is */
        dc_buf_reset(&line);
        dc_buf_printf(&line, "X-Amz-Security-Token: %s", x->token);
        list = curl_slist_append(list, (const char *)line.data);
    }
    /* libcurl adds "Accept: (any)" and Content-Length and does not sign them; a
     * removal line ("Accept:") would be signed as an empty accept header by
     * libcurl 7.88.1, so curl's defaults are left alone. */
    dc_buf_printf(&provider, "aws:amz:%s:dynamodb", x->region);
    dc_buf_printf(&url, "http://127.0.0.1:%u/", port);
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, (const char *)url.data);
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, (const char *)provider.data);
    curl_easy_setopt(c, CURLOPT_USERNAME, x->akid);
    curl_easy_setopt(c, CURLOPT_PASSWORD, x->secret);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)x->body.data);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body.len);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, CURL_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    s_cap.done = 0;
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        dc_fail(err, "request %ld: libcurl: %s", x->id, curl_easy_strerror(cc));
        goto cleanup;
    }
    pthread_mutex_lock(&s_cap.lock);
    int done = s_cap.done;
    pthread_mutex_unlock(&s_cap.lock);
    if (!done) {
        dc_fail(err, "request %ld: the listener saw no complete request", x->id);
        goto cleanup;
    }
    rc = 0;
cleanup:
    curl_slist_free_all(list);
    dc_buf_free(&line);
    dc_buf_free(&provider);
    dc_buf_free(&url);
    return rc;
}

static const char *s_received(const char *lname)
{
    for (size_t i = 0; i < s_cap.count; i++)
        if (strcasecmp((const char *)s_cap.names[i].data, lname) == 0)
            return (const char *)s_cap.values[i].data;
    return NULL;
}

static size_t s_received_count(const char *lname)
{
    size_t n = 0;
    for (size_t i = 0; i < s_cap.count; i++)
        n += strcasecmp((const char *)s_cap.names[i].data, lname) == 0;
    return n;
}

/* The SignedHeaders part of an Authorization value, for mismatch reports (not secret). */
static void s_print_signed_headers(const char *who, const char *authz)
{
    const char *p = authz ? strstr(authz, "SignedHeaders=") : NULL;
    const char *e = p ? strchr(p, ',') : NULL;
    fprintf(stderr, "      %-8s %.*s\n", who, p && e ? (int)(e - p) : 4, p && e ? p : "none");
}

int main(int argc, char **argv)
{
    int exit_code = 2;
    dc_buf file;
    dc_err err;
    dc_buf_init(&file);
    memset(&s_cap, 0, sizeof s_cap);
    pthread_mutex_init(&s_cap.lock, NULL);
    for (size_t i = 0; i < MAX_HEADERS; i++) {
        dc_buf_init(&s_cap.names[i]);
        dc_buf_init(&s_cap.values[i]);
    }
    dc_buf_init(&s_cap.body);
    struct MHD_Daemon *d = NULL;
    CURL *c = NULL;
    if (argc != 2) {
        fprintf(stderr, "usage: crosscheck REQUESTS.jsonl\n");
        goto out;
    }
    if (dc_read_file(argv[1], MAX_FILE_BYTES, &file, &err) != 0) {
        fprintf(stderr, "crosscheck: %s\n", err.msg);
        goto out;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = 0; /* the kernel picks a free port */
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, s_handler, NULL,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "crosscheck: cannot start the listener on 127.0.0.1\n");
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    if (port == 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (c = curl_easy_init()) == NULL) {
        fprintf(stderr, "crosscheck: setup failed (port %u)\n", port);
        goto out;
    }

    size_t total = 0, bc_ran = 0, bc_same = 0, curl_same = 0, curl_err = 0, all3 = 0, verify_ok = 0;
    size_t verify_curl_ok = 0, dup_date = 0, curl_repeated = 0, curl_repeated_same = 0, odd_total = 0, odd_same = 0;
    size_t live_ran = 0, live_ok = 0;
    size_t failures = 0;
    const char *p = (const char *)file.data, *end = p + file.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len == 0) {
            p += 1;
            continue;
        }
        dc_json_doc doc;
        xreq x;
        if (dc_json_parse(p, len, &doc, &err) != 0 || s_load(doc.root, &x, &err) != 0) {
            fprintf(stderr, "crosscheck: line %zu: %s\n", total + 1, err.msg);
            goto out;
        }
        p += len + 1;
        total++;
        int64_t when = 0;
        dc_sigv4_parse_amz_date(x.amz_date, strlen(x.amz_date), &when);

        /* (a) ours */
        dc_sigv4_request r = {"POST", "/", NULL, x.headers, x.count, x.body};
        dc_sigv4_credentials cr = {x.akid, x.secret, x.token};
        dc_sigv4_sign_opts so = {x.region, "dynamodb", 0, NULL};
        dc_sigv4_signed s;
        if (dc_sigv4_sign(&r, &cr, &so, &s, &err) != 0) {
            fprintf(stderr, "crosscheck: request %ld: our signer failed: %s\n", x.id, err.msg);
            dc_json_doc_free(&doc);
            goto out;
        }
        const char *ours = (const char *)s.authorization.data;
        int bad = 0;

        /* (b) botocore */
        int bc_match = 0;
        if (x.botocore != NULL) {
            bc_ran++;
            bc_match = strcmp(ours, x.botocore) == 0;
            bc_same += bc_match;
            if (!bc_match) {
                bad = 1;
                fprintf(stderr, "  MISMATCH request %ld: ours != botocore\n", x.id);
                s_print_signed_headers("ours", ours);
                s_print_signed_headers("botocore", x.botocore);
            }
        }

        /* (c) libcurl, then (d) our verifier on what the listener received.
         * libcurl 7.88.1 does not join repeated header lines: it lists the name
         * twice in SignedHeaders and canonicalizes each line on its own, against
         * the SigV4 rule botocore follows. Such requests are counted apart and
         * not required to match libcurl. */
        int repeated = 0;
        for (size_t i = 0; i < x.count && !repeated; i++)
            for (size_t j = i + 1; j < x.count && !repeated; j++)
                repeated = x.headers[i].name.len == x.headers[j].name.len &&
                           strncasecmp((const char *)x.headers[i].name.data, (const char *)x.headers[j].name.data,
                                       x.headers[i].name.len) == 0;
        curl_repeated += repeated;
        int odd = 0; /* a value with leading/trailing whitespace or an inner run of spaces */
        for (size_t i = 0; i < x.count && !odd; i++) {
            dc_bytes v = x.headers[i].value;
            odd = v.len > 0 && (v.data[0] == ' ' || v.data[v.len - 1] == ' ' || memmem(v.data, v.len, "  ", 2) != NULL);
        }
        odd_total += odd;
        if (s_curl_sign(c, port, &x, 0, &err) != 0) {
            curl_err++;
            bad = 1;
            fprintf(stderr, "  %s\n", err.msg);
        } else {
            const char *theirs = s_received("authorization");
            int cm = theirs != NULL && strcmp(ours, theirs) == 0;
            curl_same += cm && !repeated;
            all3 += cm && bc_match && !repeated;
            curl_repeated_same += cm && repeated;
            odd_same += cm && odd && !repeated;
            if (!cm && !repeated) {
                bad = 1;
                fprintf(stderr, "  MISMATCH request %ld: ours != libcurl\n", x.id);
                s_print_signed_headers("ours", ours);
                s_print_signed_headers("libcurl", theirs);
            }
            /* libcurl 7.88 sends its own X-Amz-Date line in addition to the caller's */
            dup_date += s_received_count("x-amz-date") > 1;
            dc_sigv4_header rh[MAX_HEADERS];
            for (size_t i = 0; i < s_cap.count; i++) {
                rh[i].name = (dc_bytes){s_cap.names[i].data, s_cap.names[i].len};
                rh[i].value = (dc_bytes){s_cap.values[i].data, s_cap.values[i].len};
            }
            dc_sigv4_request rr = {"POST", "/", NULL, rh, s_cap.count, {s_cap.body.data, s_cap.body.len}};
            dc_sigv4_verify_opts vo = {&cr, 1, x.region, "dynamodb", when, false, NULL};
            dc_sigv4_verdict v;
            dc_sigv4_verdict_init(&v);
            if (dc_sigv4_verify(&rr, &vo, &v, &err) == 0 && v.status == DC_SIGV4_OK)
                verify_curl_ok++;
            dc_sigv4_verdict_free(&v);
        }

        /* (d') a probe as people send it: no X-Amz-Date from the caller, so
         * libcurl signs the current time and sends one X-Amz-Date line; our
         * verifier must accept that wire request with the real clock. */
        if (!repeated && live_ran < LIVE_PROBES) {
            live_ran++;
            if (s_curl_sign(c, port, &x, 1, &err) != 0) {
                bad = 1;
                fprintf(stderr, "  %s\n", err.msg);
            } else {
                dc_sigv4_header rh[MAX_HEADERS];
                for (size_t i = 0; i < s_cap.count; i++) {
                    rh[i].name = (dc_bytes){s_cap.names[i].data, s_cap.names[i].len};
                    rh[i].value = (dc_bytes){s_cap.values[i].data, s_cap.values[i].len};
                }
                dc_sigv4_request rr = {"POST", "/", NULL, rh, s_cap.count, {s_cap.body.data, s_cap.body.len}};
                dc_sigv4_verify_opts vo = {&cr, 1, x.region, "dynamodb", (int64_t)time(NULL), false, NULL};
                dc_sigv4_verdict v;
                dc_sigv4_verdict_init(&v);
                if (dc_sigv4_verify(&rr, &vo, &v, &err) == 0 && v.status == DC_SIGV4_OK) {
                    live_ok++;
                } else {
                    bad = 1;
                    fprintf(stderr, "  request %ld: our verifier rejected libcurl's live-clock request: %s\n", x.id,
                            dc_sigv4_status_name(v.status));
                }
                dc_sigv4_verdict_free(&v);
            }
        }

        /* (e) our verifier on our own signed request, as serve would receive it */
        {
            dc_sigv4_header rh[MAX_HEADERS + 3];
            size_t n = 0;
            for (size_t i = 0; i < x.count; i++)
                rh[n++] = x.headers[i];
            if (s.added_security_token)
                rh[n++] = dc_sigv4_hdr("X-Amz-Security-Token", x.token);
            rh[n++] = dc_sigv4_hdr("Authorization", ours);
            dc_sigv4_request rr = {"POST", "/", NULL, rh, n, x.body};
            dc_sigv4_verify_opts vo = {&cr, 1, x.region, "dynamodb", when, false, NULL};
            dc_sigv4_verdict v;
            dc_sigv4_verdict_init(&v);
            if (dc_sigv4_verify(&rr, &vo, &v, &err) == 0 && v.status == DC_SIGV4_OK) {
                verify_ok++;
            } else {
                bad = 1;
                fprintf(stderr, "  request %ld: our verifier rejected our own signature: %s\n", x.id,
                        dc_sigv4_status_name(v.status));
            }
            dc_sigv4_verdict_free(&v);
        }
        failures += bad;
        dc_sigv4_signed_free(&s);
        dc_json_doc_free(&doc);
    }

    printf("requests:                         %zu\n", total);
    if (bc_ran == 0)
        printf("botocore:                         skipped (botocore not importable by the generator)\n");
    else
        printf("ours == botocore:                 %zu / %zu\n", bc_same, bc_ran);
    printf("ours == libcurl %-17s %zu / %zu (%zu transfer errors; requests without repeated header names)\n",
           curl_version_info(CURLVERSION_NOW)->version, curl_same, total - curl_repeated, curl_err);
    printf("ours == botocore == libcurl:      %zu / %zu\n", all3, total - curl_repeated);
    printf("repeated header names:            %zu requests, libcurl agreed on %zu (info: libcurl 7.88.1 does not "
           "join them)\n",
           curl_repeated, curl_repeated_same);
    printf("oddly spaced header values:       %zu requests, libcurl agreed on %zu of them\n", odd_total, odd_same);
    printf("our verify accepts our signature: %zu / %zu\n", verify_ok, total);
    printf("our verify accepts libcurl's wire (own clock, one X-Amz-Date): %zu / %zu\n", live_ok, live_ran);
    printf("libcurl sent X-Amz-Date twice:    %zu / %zu (info)\n", dup_date, total - curl_err);
    printf("our verify accepts curl's wire when the caller set X-Amz-Date: %zu / %zu (info: libcurl 7.88.1 adds a "
           "second X-Amz-Date line; repeated lines are joined with ',')\n",
           verify_curl_ok, total - curl_err);
    exit_code = failures == 0 && total > 0 ? 0 : 1;
    if (failures)
        printf("FAILED: %zu request(s) disagreed\n", failures);
out:
    if (c)
        curl_easy_cleanup(c);
    curl_global_cleanup();
    if (d)
        MHD_stop_daemon(d);
    for (size_t i = 0; i < MAX_HEADERS; i++) {
        dc_buf_free(&s_cap.names[i]);
        dc_buf_free(&s_cap.values[i]);
    }
    dc_buf_free(&s_cap.body);
    dc_buf_free(&file);
    pthread_mutex_destroy(&s_cap.lock);
    return exit_code;
}
