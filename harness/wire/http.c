/* http.c - HTTP client transport over libcurl (see http.h). */
#include "wire/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef DC_VERSION
#define DC_VERSION "dev"
#endif

/* Sockets curl asks to be watched during one transfer (a connect may try
 * two addresses at once). */
#define S_MAX_SOCKETS 8

struct dc_http_client {
    CURL *curl;
    /* The transfer is driven through curl's socket interface rather than
     * curl_easy_perform: curl says which sockets to wait for and when its next
     * timer is due, and is told which socket is ready, so it does not poll the
     * socket again itself (curl_easy_perform costs 5 poll calls per keep-alive
     * request, this 3). The multi handle keeps the connection cache. */
    CURLM *multi;
    struct pollfd socks[S_MAX_SOCKETS];
    nfds_t nsocks;
    int64_t timer_due_us; /* curl's next timer (s_now_us clock), -1: none */
    long connect_timeout_ms;
    long total_timeout_ms;
    size_t max_response_bytes;
    char *user_agent;
    char *proxy;
    FILE *debug;
    char errbuf[CURL_ERROR_SIZE];
};

/* State of one transfer, shared with the curl callbacks. */
typedef struct {
    dc_http_response *resp;
    size_t max_body;
    size_t header_bytes;
    size_t header_cap; /* allocated slots in resp->headers */
    bool body_too_large;
    bool headers_too_large;
} s_transfer;

static pthread_once_t s_curl_once = PTHREAD_ONCE_INIT;
static CURLcode s_curl_init_rc = CURLE_OK;

static void s_curl_global_init(void)
{
    /* curl_global_init is not guaranteed thread-safe on every build; doing it
     * once here keeps concurrent clients (--jobs N) safe. Never cleaned up:
     * the process exit does that. */
    s_curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *dc_http_error_kind_name(dc_http_error_kind k)
{
    switch (k) {
    case DC_HTTP_OK: return "ok";
    case DC_HTTP_REFUSED: return "refused";
    case DC_HTTP_TIMEOUT: return "timeout";
    case DC_HTTP_RESET: return "reset";
    case DC_HTTP_TOO_LARGE: return "too_large";
    case DC_HTTP_MALFORMED: return "malformed";
    case DC_HTTP_DNS: return "dns";
    case DC_HTTP_OTHER: return "other";
    }
    return "other";
}

void dc_http_headers_free(dc_http_headers *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->name[i]);
        free(h->value[i]);
    }
    h->n = 0;
}

void dc_http_headers_copy(const dc_http_headers *src, dc_http_headers *dst)
{
    dst->n = src->n;
    for (size_t i = 0; i < src->n; i++) {
        dst->name[i] = dc_xstrdup(src->name[i]);
        dst->value[i] = dc_xstrdup(src->value[i]);
    }
}

void dc_http_headers_set(dc_http_headers *h, const char *name, const char *value)
{
    for (size_t i = 0; i < h->n; i++) {
        if (strcasecmp(h->name[i], name) != 0)
            continue;
        free(h->value[i]);
        if (value != NULL) {
            h->value[i] = dc_xstrdup(value);
        } else {
            free(h->name[i]);
            memmove(&h->name[i], &h->name[i + 1], (h->n - i - 1) * sizeof(char *));
            memmove(&h->value[i], &h->value[i + 1], (h->n - i - 1) * sizeof(char *));
            h->n--;
        }
        return;
    }
    if (value != NULL && h->n < DC_HTTP_MAX_REQUEST_HEADERS) {
        h->name[h->n] = dc_xstrdup(name);
        h->value[h->n] = dc_xstrdup(value);
        h->n++;
    }
}

const char *dc_http_headers_get(const dc_http_headers *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcasecmp(h->name[i], name) == 0)
            return h->value[i];
    return NULL;
}

char **dc_http_headers_lines(const dc_http_headers *h)
{
    char **lines = dc_xcalloc(h->n + 1, sizeof *lines);
    for (size_t i = 0; i < h->n; i++) {
        /* "Name: value", or "Name;" for an empty value; one per request header, so no printf */
        size_t nl = strlen(h->name[i]), vl = strlen(h->value[i]);
        char *p = lines[i] = dc_xmalloc(nl + vl + 3);
        memcpy(p, h->name[i], nl);
        p += nl;
        if (vl == 0) {
            *p++ = ';';
        } else {
            memcpy(p, ": ", 2);
            memcpy(p + 2, h->value[i], vl);
            p += 2 + vl;
        }
        *p = '\0';
    }
    return lines;
}

void dc_http_lines_free(char **lines, size_t n)
{
    if (lines == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

bool dc_http_media_type_is(const char *value, size_t len, const char *want)
{
    while (len > 0 && (*value == ' ' || *value == '\t')) {
        value++;
        len--;
    }
    const char *semi = memchr(value, ';', len);
    size_t n = semi != NULL ? (size_t)(semi - value) : len;
    while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
        n--;
    return n == strlen(want) && strncasecmp(value, want, n) == 0;
}

bool dc_http_header_is_secret(const char *name, size_t name_len)
{
    static const char *const secret[] = {"authorization", "x-amz-security-token"};
    for (size_t i = 0; i < DC_ARRAY_LEN(secret); i++) {
        if (name_len == strlen(secret[i]) && strncasecmp(name, secret[i], name_len) == 0)
            return true;
    }
    return false;
}

/* curl's socket callback: the sockets to wait for, and in which direction. */
static int s_on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
    (void)easy;
    (void)socketp;
    dc_http_client *c = userp;
    nfds_t i = 0;
    while (i < c->nsocks && c->socks[i].fd != fd)
        i++;
    if (what == CURL_POLL_REMOVE) {
        if (i < c->nsocks)
            c->socks[i] = c->socks[--c->nsocks];
        return 0;
    }
    if (i == c->nsocks) {
        if (c->nsocks == S_MAX_SOCKETS)
            return -1;
        c->nsocks++;
    }
    c->socks[i].fd = fd;
    c->socks[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) | ((what & CURL_POLL_OUT) ? POLLOUT : 0));
    c->socks[i].revents = 0;
    return 0;
}

/* curl's timer callback: when curl wants to run next without socket activity
 * (timeouts, a connect's next address, ...). */
static int s_on_timer(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    dc_http_client *c = userp;
    c->timer_due_us = timeout_ms < 0 ? -1 : s_now_us() + (int64_t)timeout_ms * 1000;
    return 0;
}

static size_t s_on_header(char *data, size_t size, size_t nitems, void *userdata);
static size_t s_on_body(char *data, size_t size, size_t nmemb, void *userdata);
static int s_on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *userdata);

#define S_SET_ONCE(opt, val)                                                                                           \
    do {                                                                                                               \
        CURLcode s_rc_ = curl_easy_setopt(c->curl, opt, val);                                                          \
        if (s_rc_ != CURLE_OK) {                                                                                       \
            dc_fail(err, "http: cannot set %s: %s", #opt, curl_easy_strerror(s_rc_));                                  \
            return -1;                                                                                                 \
        }                                                                                                              \
    } while (0)

/* The options every request of a client shares, set once: dc_http_request
 * sets all the others (URL, headers, method and body) on every request. */
static int s_set_client_options(dc_http_client *c, dc_err *err)
{
    S_SET_ONCE(CURLOPT_ERRORBUFFER, c->errbuf);
    S_SET_ONCE(CURLOPT_NOSIGNAL, 1L);
    S_SET_ONCE(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    S_SET_ONCE(CURLOPT_HTTP09_ALLOWED, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    S_SET_ONCE(CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    S_SET_ONCE(CURLOPT_PROXY, c->proxy != NULL ? c->proxy : "");
    S_SET_ONCE(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    S_SET_ONCE(CURLOPT_TIMEOUT_MS, c->total_timeout_ms);
    S_SET_ONCE(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_response_bytes);
    S_SET_ONCE(CURLOPT_USERAGENT, c->user_agent);
    S_SET_ONCE(CURLOPT_HEADERFUNCTION, s_on_header);
    S_SET_ONCE(CURLOPT_WRITEFUNCTION, s_on_body);
    if (c->debug != NULL) {
        S_SET_ONCE(CURLOPT_DEBUGFUNCTION, s_on_debug);
        S_SET_ONCE(CURLOPT_DEBUGDATA, c->debug);
        S_SET_ONCE(CURLOPT_VERBOSE, 1L);
    }
    CURLMcode mc = curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, s_on_socket);
    if (mc == CURLM_OK)
        mc = curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
    if (mc == CURLM_OK)
        mc = curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, s_on_timer);
    if (mc == CURLM_OK)
        mc = curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
    if (mc != CURLM_OK) {
        dc_fail(err, "http: cannot set the multi handle's callbacks: %s", curl_multi_strerror(mc));
        return -1;
    }
    return 0;
}

dc_http_client *dc_http_client_new(const dc_http_options *opts, dc_err *err)
{
    pthread_once(&s_curl_once, s_curl_global_init);
    if (s_curl_init_rc != CURLE_OK) {
        dc_fail(err, "http: curl_global_init failed: %s", curl_easy_strerror(s_curl_init_rc));
        return NULL;
    }
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        dc_fail(err, "http: curl_easy_init failed");
        return NULL;
    }
    CURLM *multi = curl_multi_init();
    if (multi == NULL) {
        curl_easy_cleanup(curl);
        dc_fail(err, "http: curl_multi_init failed");
        return NULL;
    }
    dc_http_client *c = dc_xcalloc(1, sizeof *c);
    c->curl = curl;
    c->multi = multi;
    c->timer_due_us = -1;
    c->connect_timeout_ms = DC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    c->total_timeout_ms = DC_HTTP_DEFAULT_TOTAL_TIMEOUT_MS;
    c->max_response_bytes = DC_HTTP_DEFAULT_MAX_RESPONSE_BYTES;
    if (opts != NULL) {
        if (opts->connect_timeout_ms > 0)
            c->connect_timeout_ms = opts->connect_timeout_ms;
        if (opts->total_timeout_ms > 0)
            c->total_timeout_ms = opts->total_timeout_ms;
        if (opts->max_response_bytes > 0)
            c->max_response_bytes = opts->max_response_bytes;
        if (opts->user_agent != NULL)
            c->user_agent = dc_xstrdup(opts->user_agent);
        if (opts->proxy != NULL)
            c->proxy = dc_xstrdup(opts->proxy);
        c->debug = opts->debug;
    }
    if (c->user_agent == NULL)
        c->user_agent = dc_xstrdup("ddbconform/" DC_VERSION);
    if (s_set_client_options(c, err) != 0) {
        dc_http_client_free(c);
        return NULL;
    }
    return c;
}

void dc_http_client_free(dc_http_client *c)
{
    if (c == NULL)
        return;
    curl_multi_cleanup(c->multi); /* closes the cached connection */
    curl_easy_cleanup(c->curl);
    free(c->user_agent);
    free(c->proxy);
    free(c);
}

void dc_http_response_init(dc_http_response *r)
{
    memset(r, 0, sizeof *r);
    dc_buf_init(&r->body);
}

static void s_free_headers(dc_http_response *r)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    r->nheaders = 0;
}

void dc_http_response_free(dc_http_response *r)
{
    if (r == NULL)
        return;
    s_free_headers(r);
    free(r->headers);
    free(r->status_line);
    dc_buf_free(&r->body);
    dc_http_response_init(r);
}

const dc_http_header *dc_http_response_header(const dc_http_response *r, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < r->nheaders; i++) {
        if (r->headers[i].name_len == n && strncasecmp(r->headers[i].name, name, n) == 0)
            return &r->headers[i];
    }
    return NULL;
}

static bool s_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Strips the line terminator curl leaves on header lines. */
static size_t s_strip_eol(const char *line, size_t len)
{
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    return len;
}

static size_t s_on_header(char *data, size_t size, size_t nitems, void *userdata)
{
    s_transfer *t = userdata;
    dc_http_response *r = t->resp;
    size_t n = size * nitems;
    t->header_bytes += n;
    if (t->header_bytes > DC_HTTP_MAX_HEADER_BYTES) {
        t->headers_too_large = true;
        return 0; /* anything but n aborts the transfer */
    }
    size_t len = s_strip_eol(data, n);
    if (len == 0)
        return n; /* end of a header block */
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* A new status line: an interim 1xx block (or a redirect) came before,
         * and only the final response's headers are kept. */
        s_free_headers(r);
        free(r->status_line);
        r->status_line = dc_xstrndup(data, len);
        return n;
    }
    if (r->nheaders >= DC_HTTP_MAX_HEADERS) {
        t->headers_too_large = true;
        return 0;
    }
    if (r->nheaders == t->header_cap) {
        t->header_cap = t->header_cap == 0 ? 16 : t->header_cap * 2;
        r->headers = dc_xrealloc(r->headers, t->header_cap * sizeof *r->headers);
    }
    const char *colon = memchr(data, ':', len);
    size_t name_len = colon != NULL ? (size_t)(colon - data) : len;
    const char *v = colon != NULL ? colon + 1 : data + len;
    const char *end = data + len;
    while (v < end && s_is_ows(*v))
        v++;
    while (end > v && s_is_ows(end[-1]))
        end--;
    dc_http_header *h = &r->headers[r->nheaders++];
    h->name = dc_xstrndup(data, name_len);
    h->name_len = name_len;
    h->value_len = (size_t)(end - v);
    h->value = dc_xstrndup(v, h->value_len);
    return n;
}

static size_t s_on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    s_transfer *t = userdata;
    size_t n = size * nmemb;
    if (n > t->max_body - t->resp->body.len) {
        /* Abort rather than buffer: a hostile or broken endpoint must not be
         * able to make the harness allocate without bound. */
        t->body_too_large = true;
        return 0;
    }
    dc_buf_append(&t->resp->body, data, n);
    return n;
}

/* Writes one header line to the debug log, value redacted when secret. */
static void s_debug_header_line(FILE *f, char dir, const char *line, size_t len)
{
    len = s_strip_eol(line, len);
    if (len == 0)
        return;
    const char *colon = memchr(line, ':', len);
    if (colon != NULL && dc_http_header_is_secret(line, (size_t)(colon - line)))
        fprintf(f, "%c %.*s: <redacted>\n", dir, (int)(colon - line), line);
    else
        fprintf(f, "%c %.*s\n", dir, (int)len, line);
}

static int s_on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *userdata)
{
    (void)curl;
    FILE *f = userdata;
    switch (type) {
    case CURLINFO_TEXT: s_debug_header_line(f, '*', data, size); break;
    case CURLINFO_HEADER_IN: s_debug_header_line(f, '<', data, size); break;
    case CURLINFO_HEADER_OUT: {
        /* The request header block arrives whole: split it into lines. */
        const char *p = data, *end = data + size;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t l = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
            s_debug_header_line(f, '>', p, l);
            p += l;
        }
        break;
    }
    default: break; /* bodies are not logged */
    }
    return 0;
}

/* Name part of a "Name: value" / "Name;" / "Name:" header argument. */
static bool s_header_named(const char *line, const char *name)
{
    size_t n = strlen(name);
    return strncasecmp(line, name, n) == 0 && (line[n] == ':' || line[n] == ';');
}

static bool s_has_header(const char *const *headers, size_t nheaders, const char *name)
{
    for (size_t i = 0; i < nheaders; i++) {
        if (s_header_named(headers[i], name))
            return true;
    }
    return false;
}

/* URL without query and fragment, for messages: a presigned URL carries its
 * signature in the query. */
static int s_url_for_message(const char *url)
{
    size_t n = strcspn(url, "?#");
    return n > 200 ? 200 : (int)n;
}

static dc_http_error_kind s_classify(CURLcode rc, long os_errno, const s_transfer *t)
{
    if (t->body_too_large || t->headers_too_large)
        return DC_HTTP_TOO_LARGE;
    switch (rc) {
    case CURLE_OK: return DC_HTTP_OK;
    case CURLE_COULDNT_CONNECT: return DC_HTTP_REFUSED;
    case CURLE_OPERATION_TIMEDOUT: return DC_HTTP_TIMEOUT;
    /* curl reports bad chunk framing as a receive error too; only a real
     * socket error (ECONNRESET, EPIPE, ...) is a reset. */
    case CURLE_RECV_ERROR: return os_errno != 0 ? DC_HTTP_RESET : DC_HTTP_MALFORMED;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return DC_HTTP_RESET;
    case CURLE_FILESIZE_EXCEEDED: return DC_HTTP_TOO_LARGE;
    /* The scheme is checked before the transfer, so UNSUPPORTED_PROTOCOL here
     * means the peer answered HTTP/0.9-style (no status line). */
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3: return DC_HTTP_MALFORMED;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return DC_HTTP_DNS;
    default: return DC_HTTP_OTHER;
    }
}

static int64_t s_info_us(CURL *curl, CURLINFO what)
{
    curl_off_t v = 0;
    if (curl_easy_getinfo(curl, what, &v) != CURLE_OK)
        return 0;
    return (int64_t)v;
}

/* The request's header list: the caller's lines, then an empty value for
 * each header curl would add on its own (a conformance tool sends only what
 * the case asks for). -1 when out of memory (*list holds what was built). */
static int s_header_list(const char *const *headers, size_t nheaders, struct curl_slist **list)
{
    for (size_t i = 0; i < nheaders; i++) {
        struct curl_slist *next = curl_slist_append(*list, headers[i]);
        if (next == NULL)
            return -1;
        *list = next;
    }
    static const char *const suppressed[] = {"Accept", "Content-Type", "Expect"};
    for (size_t i = 0; i < DC_ARRAY_LEN(suppressed); i++) {
        if (s_has_header(headers, nheaders, suppressed[i]))
            continue;
        char line[32];
        snprintf(line, sizeof line, "%s:", suppressed[i]);
        struct curl_slist *next = curl_slist_append(*list, line);
        if (next == NULL)
            return -1;
        *list = next;
    }
    return 0;
}

/* After the transfer: status, timings and the error class into resp; -1
 * with err naming the URL and the cause when the transfer failed. */
static int s_outcome(dc_http_client *c, const char *url, const s_transfer *t, CURLcode prc, dc_http_response *resp,
                     dc_err *err)
{
    CURL *curl = c->curl;
    int rc = 0;
    long status = 0, connects = 0, os_errno = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    resp->status = status;
    resp->reused_connection = connects == 0 && prc == CURLE_OK;
    resp->connect_us = s_info_us(curl, CURLINFO_CONNECT_TIME_T);
    resp->ttfb_us = s_info_us(curl, CURLINFO_STARTTRANSFER_TIME_T);
    resp->total_us = s_info_us(curl, CURLINFO_TOTAL_TIME_T);
    resp->error = s_classify(prc, os_errno, t);
    if (resp->error != DC_HTTP_OK) {
        const char *cause = c->errbuf[0] != '\0' ? c->errbuf : curl_easy_strerror(prc);
        if (t->body_too_large)
            rc = dc_fail(err, "too_large: %.*s: response body exceeds the cap of %zu bytes", s_url_for_message(url),
                         url, c->max_response_bytes);
        else if (t->headers_too_large)
            rc = dc_fail(err, "too_large: %.*s: response headers exceed %d lines or %u bytes", s_url_for_message(url),
                         url, DC_HTTP_MAX_HEADERS, DC_HTTP_MAX_HEADER_BYTES);
        else
            rc = dc_fail(err, "%s: %.*s: %s", dc_http_error_kind_name(resp->error), s_url_for_message(url), url, cause);
    }
    return rc;
}

#define S_SET(opt, val)                                                                                                \
    do {                                                                                                               \
        CURLcode s_rc_ = curl_easy_setopt(curl, opt, val);                                                             \
        if (s_rc_ != CURLE_OK) {                                                                                       \
            rc = dc_fail(err, "other: %.*s: cannot set %s: %s", s_url_for_message(url), url, #opt,                     \
                         curl_easy_strerror(s_rc_));                                                                   \
            resp->error = DC_HTTP_OTHER;                                                                               \
            goto cleanup;                                                                                              \
        }                                                                                                              \
    } while (0)

/* Runs the easy handle's transfer through the multi handle: waits (poll) for
 * the sockets and the timer curl asks for and tells curl which socket became
 * ready. *result is the transfer's outcome when CURLM_OK is returned. */
static CURLMcode s_transfer_run(dc_http_client *c, CURLcode *result)
{
    *result = CURLE_GOT_NOTHING; /* replaced by the transfer's own result below */
    int running = 0;
    CURLMcode mc = curl_multi_add_handle(c->multi, c->curl);
    if (mc != CURLM_OK)
        return mc;
    mc = curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    while (mc == CURLM_OK && running > 0) {
        int wait_ms = 1000; /* curl always has a timer while a transfer runs; this is a backstop */
        if (c->timer_due_us >= 0) {
            int64_t left_us = c->timer_due_us - s_now_us();
            wait_ms = left_us <= 0 ? 0 : left_us >= 1000000 ? 1000 : (int)((left_us + 999) / 1000);
        }
        int n = wait_ms > 0 || c->nsocks > 0 ? poll(c->socks, c->nsocks, wait_ms) : 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            mc = CURLM_INTERNAL_ERROR;
            break;
        }
        if (n > 0) {
            /* a copy: the actions below change c->socks through s_on_socket */
            struct pollfd ready[S_MAX_SOCKETS];
            nfds_t nready = 0;
            for (nfds_t i = 0; i < c->nsocks; i++)
                if (c->socks[i].revents != 0)
                    ready[nready++] = c->socks[i];
            for (nfds_t i = 0; i < nready && mc == CURLM_OK; i++) {
                short re = ready[i].revents;
                if (re & POLLNVAL) { /* not a socket any more: curl no longer needs it */
                    (void)s_on_socket(c->curl, ready[i].fd, CURL_POLL_REMOVE, c, NULL);
                    continue;
                }
                int ev = ((re & (POLLIN | POLLHUP)) ? CURL_CSELECT_IN : 0) | ((re & POLLOUT) ? CURL_CSELECT_OUT : 0) |
                         ((re & POLLERR) ? CURL_CSELECT_ERR : 0);
                mc = curl_multi_socket_action(c->multi, ready[i].fd, ev, &running);
            }
        }
        if (mc == CURLM_OK && running > 0 && (n == 0 || (c->timer_due_us >= 0 && s_now_us() >= c->timer_due_us)))
            mc = curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(c->multi, &left)) != NULL)
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == c->curl)
            *result = msg->data.result;
    CURLMcode rmc = curl_multi_remove_handle(c->multi, c->curl);
    return mc != CURLM_OK ? mc : rmc;
}

int dc_http_request(dc_http_client *c, const char *method, const char *url, const char *const *headers, size_t nheaders,
                    const void *body, size_t body_len, dc_http_response *resp, dc_err *err)
{
    int rc = 0;
    struct curl_slist *list = NULL;
    CURL *curl = c->curl;
    int64_t started = s_now_us();
    s_transfer t = {.resp = resp, .max_body = c->max_response_bytes};

    dc_http_response_free(resp);
    dc_buf_reserve(&resp->body, 0); /* body.data is never NULL after a request */

    if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
        resp->error = DC_HTTP_OTHER;
        rc = dc_fail(err, "other: %.*s: only http:// and https:// URLs are supported", s_url_for_message(url), url);
        goto cleanup;
    }
    if (s_header_list(headers, nheaders, &list) != 0)
        goto oom;

    /* The client's own options stay set (s_set_client_options); every option
     * a request may change is set here on every request, so none leaks from
     * the previous one. The method first goes back to curl's default (GET, no
     * body), as after curl_easy_reset. */
    c->errbuf[0] = '\0';
    S_SET(CURLOPT_URL, url);
    S_SET(CURLOPT_HTTPHEADER, list);
    S_SET(CURLOPT_HEADERDATA, &t);
    S_SET(CURLOPT_WRITEDATA, &t);
    S_SET(CURLOPT_CUSTOMREQUEST, (const char *)NULL);
    S_SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
    S_SET(CURLOPT_POSTFIELDS, (const char *)NULL);
    S_SET(CURLOPT_HTTPGET, 1L); /* after POSTFIELDS, which selects POST */
    if (strcmp(method, "HEAD") == 0) {
        S_SET(CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "GET") == 0 && body_len == 0) {
        /* HTTPGET above */
    } else {
        if (strcmp(method, "POST") != 0)
            S_SET(CURLOPT_CUSTOMREQUEST, method);
        if (strcmp(method, "POST") == 0 || body_len > 0) {
            S_SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
            S_SET(CURLOPT_POSTFIELDS, body_len > 0 ? (const char *)body : "");
        }
    }

    CURLcode prc = CURLE_OK;
    CURLMcode mrc = s_transfer_run(c, &prc);
    if (mrc != CURLM_OK) {
        resp->error = DC_HTTP_OTHER;
        rc = dc_fail(err, "other: %.*s: %s", s_url_for_message(url), url, curl_multi_strerror(mrc));
        goto cleanup;
    }

    rc = s_outcome(c, url, &t, prc, resp, err);
    goto cleanup;

oom:
    resp->error = DC_HTTP_OTHER;
    rc = dc_fail(err, "other: %.*s: out of memory building the header list", s_url_for_message(url), url);
cleanup:
    /* The slist and the transfer state are referenced by the handle until the next request. */
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, (void *)NULL);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, (void *)NULL);
    curl_slist_free_all(list);
    resp->call_us = s_now_us() - started;
    return rc;
}

/* Splits the endpoint into what curl, the Host header and the signer need. */
int dc_http_endpoint_parse(const char *endpoint, dc_http_endpoint *out, dc_err *err)
{
    memset(out, 0, sizeof *out);
    CURLU *u = curl_url();
    char *host = NULL, *port = NULL, *path = NULL, *scheme = NULL;
    int rc = -1;
    if (u == NULL)
        return dc_fail(err, "out of memory");
    if (curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        dc_fail(err, "--endpoint '%s' is not a URL like http://127.0.0.1:8000", endpoint);
        goto cleanup;
    }
    if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
        dc_fail(err, "--endpoint '%s': only http and https", endpoint);
        goto cleanup;
    }
    (void)curl_url_get(u, CURLUPART_PORT, &port, 0); /* absent when the scheme's default */
    (void)curl_url_get(u, CURLUPART_PATH, &path, 0);
    out->host = dc_strf("%s%s%s", host, port ? ":" : "", port ? port : "");
    out->path = dc_xstrdup(path && *path ? path : "/");
    out->url = dc_xstrdup(endpoint);
    rc = 0;
cleanup:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_url_cleanup(u);
    return rc;
}

void dc_http_endpoint_free(dc_http_endpoint *e)
{
    free(e->url);
    free(e->host);
    free(e->path);
    memset(e, 0, sizeof *e);
}

int dc_http_free_port(uint16_t *port, dc_err *err)
{
    int rc = -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return dc_fail(err, "free port: socket: %s", strerror(errno));
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        dc_fail(err, "free port: bind 127.0.0.1:0: %s", strerror(errno));
        goto cleanup;
    }
    if (getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        dc_fail(err, "free port: getsockname: %s", strerror(errno));
        goto cleanup;
    }
    *port = ntohs(a.sin_port);
    rc = 0;
cleanup:
    close(fd);
    return rc;
}
