/* test_http.c - the libcurl transport against small servers started inside
 * the test: one thread per server, plain sockets on 127.0.0.1 ephemeral ports
 * (test scaffolding only; the harness itself never hand-writes HTTP). Every
 * server wait is bounded by S_IO_TIMEOUT_MS and servers are stopped through a
 * pipe and joined. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire/http.h"

#define S_IO_TIMEOUT_MS 5000 /* no server wait lasts longer */
#define S_REQ_MAX 65536      /* request bytes a test server keeps */
#define S_STREAM_CHUNK 65536 /* bytes per chunk of the endless-body server */

typedef enum {
    S_CANNED,       /* answer every request on the connection with `reply`; keep the connection */
    S_CANNED_CLOSE, /* answer once with `reply`, then close */
    S_RESET,        /* read the request, then close with SO_LINGER 0 (RST) */
    S_SILENT,       /* read the request, never answer */
    S_STREAM        /* answer with a chunked body of stream_bytes, as fast as the client takes it */
} s_mode;

typedef struct {
    s_mode mode;
    const char *reply;
    size_t reply_len;
    size_t stream_bytes;
    int listen_fd;
    int stop_pipe[2];
    uint16_t port;
    pthread_t thread;
    atomic_int connections;
    atomic_int requests;
    atomic_size_t bytes_sent;
    char request[S_REQ_MAX]; /* the last request received, headers and body */
    size_t request_len;
} s_server;

/* Waits until fd is readable or the server is told to stop; false on stop or timeout. */
static bool s_wait_readable(s_server *s, int fd)
{
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = s->stop_pipe[0], .events = POLLIN}};
    int n = poll(p, 2, S_IO_TIMEOUT_MS);
    return n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !(p[1].revents & POLLIN);
}

/* Reads one request (headers + Content-Length body). 1: got one, 0: peer closed or stop. */
static int s_read_request(s_server *s, int fd)
{
    size_t len = 0;
    size_t need = 0;
    for (;;) {
        if (len >= S_REQ_MAX - 1 || !s_wait_readable(s, fd))
            return 0;
        ssize_t n = recv(fd, s->request + len, S_REQ_MAX - 1 - len, 0);
        if (n <= 0)
            return 0;
        len += (size_t)n;
        s->request[len] = '\0';
        char *eoh = strstr(s->request, "\r\n\r\n");
        if (eoh == NULL)
            continue;
        if (need == 0) {
            size_t body = 0;
            const char *cl = strcasestr(s->request, "\r\nContent-Length:");
            if (cl != NULL && cl < eoh)
                body = (size_t)strtoul(cl + 17, NULL, 10);
            need = (size_t)(eoh + 4 - s->request) + body;
        }
        if (len >= need) {
            s->request_len = len;
            atomic_fetch_add(&s->requests, 1);
            return 1;
        }
    }
}

static void s_send_all(s_server *s, int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        atomic_fetch_add(&s->bytes_sent, (size_t)n);
        data += n;
        len -= (size_t)n;
    }
}

static void s_stream(s_server *s, int fd)
{
    static char chunk[S_STREAM_CHUNK];
    memset(chunk, 'x', sizeof chunk);
    const char *head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n";
    s_send_all(s, fd, head, strlen(head));
    char size_line[32];
    snprintf(size_line, sizeof size_line, "%x\r\n", S_STREAM_CHUNK);
    for (size_t sent = 0; sent < s->stream_bytes; sent += S_STREAM_CHUNK) {
        size_t before = atomic_load(&s->bytes_sent);
        s_send_all(s, fd, size_line, strlen(size_line));
        s_send_all(s, fd, chunk, sizeof chunk);
        s_send_all(s, fd, "\r\n", 2);
        if (atomic_load(&s->bytes_sent) - before < sizeof chunk + 2)
            return; /* the client went away */
    }
    s_send_all(s, fd, "0\r\n\r\n", 5);
}

static void s_serve_connection(s_server *s, int fd)
{
    switch (s->mode) {
    case S_CANNED:
        while (s_read_request(s, fd) == 1)
            s_send_all(s, fd, s->reply, s->reply_len);
        break;
    case S_CANNED_CLOSE:
        if (s_read_request(s, fd) == 1)
            s_send_all(s, fd, s->reply, s->reply_len);
        break;
    case S_RESET:
        if (s_read_request(s, fd) == 1) {
            struct linger lg = {.l_onoff = 1, .l_linger = 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        break;
    case S_SILENT:
        if (s_read_request(s, fd) == 1) {
            char c;
            /* Hold the connection until the client gives up or the test stops us. */
            while (s_wait_readable(s, fd) && recv(fd, &c, 1, 0) > 0) {
            }
        }
        break;
    case S_STREAM:
        if (s_read_request(s, fd) == 1)
            s_stream(s, fd);
        break;
    }
    close(fd);
}

static void *s_server_main(void *arg)
{
    s_server *s = arg;
    while (s_wait_readable(s, s->listen_fd)) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            break;
        atomic_fetch_add(&s->connections, 1);
        s_serve_connection(s, fd);
    }
    return NULL;
}

static s_server *s_server_start(s_mode mode, const char *reply, size_t reply_len)
{
    s_server *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->mode = mode;
    s->reply = reply;
    s->reply_len = reply_len;
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(s->listen_fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s->listen_fd, 8), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&a, &alen), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pipe(s->stop_pipe), 0);
    assert_int_equal(pthread_create(&s->thread, NULL, s_server_main, s), 0);
    return s;
}

static void s_server_stop(s_server *s)
{
    assert_int_equal(write(s->stop_pipe[1], "x", 1), 1);
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
    close(s->stop_pipe[0]);
    close(s->stop_pipe[1]);
    free(s);
}

static void s_url(char *out, size_t n, uint16_t port)
{
    snprintf(out, n, "http://127.0.0.1:%u/", (unsigned)port);
}

static const char *const s_json_headers[] = {"Content-Type: application/x-amz-json-1.0",
                                             "X-Amz-Target: DynamoDB_20120810.DescribeBackup"};
static const char s_request_body[] = "{\"BackupArn\":\"arn:aws:dynamodb:us-west-2:123456789012:table/T/backup/1\"}";

/* One request against a fresh server; the caller checks and frees resp. */
static int s_one_request(s_server *s, const dc_http_options *opts, dc_http_response *resp, dc_err *err)
{
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_http_client *c = dc_http_client_new(opts, err);
    assert_non_null(c);
    int rc = dc_http_request(c, "POST", url, s_json_headers, DC_ARRAY_LEN(s_json_headers), s_request_body,
                             sizeof s_request_body - 1, resp, err);
    dc_http_client_free(c);
    return rc;
}

/* ---- table: canned replies ---------------------------------------------- */

typedef struct {
    const char *name;
    const char *reply;
    size_t reply_len;
    bool close_after;
    size_t max_response_bytes;
    int rc;
    dc_http_error_kind kind;
    long status;
    const char *body; /* expected exact body, NULL: not checked */
    size_t body_len;
} s_canned_case;

#define S_LIT(s) s, sizeof(s) - 1

static const char s_nul_reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\0b\"}";

static const s_canned_case s_canned_cases[] = {
    {"json_200_body_is_kept_byte_for_byte",
     S_LIT("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 40\r\n\r\n"
           "{\"ContinuousBackupsDescription\":{\"A\":1}}"),
     false, 0, 0, DC_HTTP_OK, 200, S_LIT("{\"ContinuousBackupsDescription\":{\"A\":1}}")},
    {"chunked_body_is_reassembled_exactly",
     S_LIT("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
           "chunked\r\n\r\n5\r\n{\"a\":\r\n1\r\n1\r\n3\r\n,\"b\r\n4\r\n\":2}\r\n0\r\n\r\n"),
     false, 0, 0, DC_HTTP_OK, 200, S_LIT("{\"a\":1,\"b\":2}")},
    {"body_with_nul_bytes_keeps_them", s_nul_reply, sizeof s_nul_reply - 1, false, 0, 0, DC_HTTP_OK, 200, "{\"a\0b\"}",
     7},
    {"error_status_is_a_response_not_a_transport_failure",
     S_LIT("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}"), false, 0, 0, DC_HTTP_OK, 400, S_LIT("{}")},
    {"interim_100_continue_is_dropped_and_final_status_kept",
     S_LIT("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"), false, 0, 0, DC_HTTP_OK, 200,
     S_LIT("{}")},
    {"non_http_garbage_is_malformed", S_LIT("hello\r\n\r\n"), true, 0, -1, DC_HTTP_MALFORMED, 0, NULL, 0},
    {"invalid_status_line_is_malformed", S_LIT("HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n"), true, 0, -1,
     DC_HTTP_MALFORMED, 0, NULL, 0},
    {"body_shorter_than_content_length_is_reset", S_LIT("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"a\""), true,
     0, -1, DC_HTTP_RESET, 200, S_LIT("{\"a\"")},
    {"declared_content_length_beyond_cap_is_too_large_without_reading",
     S_LIT("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n{}"), true, 1024, -1, DC_HTTP_TOO_LARGE, 200,
     S_LIT("")},
    {"bad_chunk_size_is_malformed", S_LIT("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
     true, 0, -1, DC_HTTP_MALFORMED, 200, NULL, 0},
};

static void s_run_canned_case(void **state)
{
    const s_canned_case *tc = *state;
    s_server *s = s_server_start(tc->close_after ? S_CANNED_CLOSE : S_CANNED, tc->reply, tc->reply_len);
    dc_http_options opts = {.max_response_bytes = tc->max_response_bytes, .total_timeout_ms = 5000};
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err = {{0}};
    int rc = s_one_request(s, &opts, &resp, &err);
    s_server_stop(s);
    if (rc != tc->rc)
        fail_msg("%s: rc %d (%s), expected %d", tc->name, rc, err.msg, tc->rc);
    assert_string_equal(dc_http_error_kind_name(resp.error), dc_http_error_kind_name(tc->kind));
    assert_int_equal(resp.status, tc->status);
    if (tc->rc != 0)
        assert_memory_equal(err.msg, dc_http_error_kind_name(tc->kind), strlen(dc_http_error_kind_name(tc->kind)));
    if (tc->body != NULL) {
        assert_int_equal(resp.body.len, tc->body_len);
        if (tc->body_len > 0)
            assert_memory_equal(resp.body.data, tc->body, tc->body_len);
    }
    assert_non_null(resp.body.data);
    dc_http_response_free(&resp);
}

/* ---- single-purpose tests ------------------------------------------------ */

static void response_headers_keep_order_case_duplicates_and_values(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\n"
                                "x-amzn-RequestId: RFMTVB72A6E2J39HBPIK8SHBN7VV4KQNSO5AEMVJF66Q9ASUAAJG\r\n"
                                "x-amz-crc32: 2745614147\r\n"
                                "Content-Type: application/x-amz-json-1.0\r\n"
                                "Content-Length: 2\r\n"
                                "X-Dup:  first \r\n"
                                "X-Dup:second\r\n"
                                "\r\n{}";
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err = {{0}};
    assert_int_equal(s_one_request(s, NULL, &resp, &err), 0);
    s_server_stop(s);
    assert_string_equal(resp.status_line, "HTTP/1.1 200 OK");
    static const char *const names[] = {"x-amzn-RequestId", "x-amz-crc32", "Content-Type",
                                        "Content-Length",   "X-Dup",       "X-Dup"};
    static const char *const values[] = {"RFMTVB72A6E2J39HBPIK8SHBN7VV4KQNSO5AEMVJF66Q9ASUAAJG",
                                         "2745614147",
                                         "application/x-amz-json-1.0",
                                         "2",
                                         "first",
                                         "second"};
    assert_int_equal(resp.nheaders, DC_ARRAY_LEN(names));
    for (size_t i = 0; i < DC_ARRAY_LEN(names); i++) {
        assert_string_equal(resp.headers[i].name, names[i]);
        assert_int_equal(resp.headers[i].name_len, strlen(names[i]));
        assert_string_equal(resp.headers[i].value, values[i]);
        assert_int_equal(resp.headers[i].value_len, strlen(values[i]));
    }
    const dc_http_header *h = dc_http_response_header(&resp, "X-AMZ-CRC32");
    assert_non_null(h);
    assert_string_equal(h->value, "2745614147");
    assert_null(dc_http_response_header(&resp, "Date"));
    assert_memory_equal(resp.body.data, "{}", 2);
    dc_http_response_free(&resp);
}

/* The server thread has the whole request before it answers, so it can be inspected after the call. */
static void request_line_headers_and_body_arrive_as_given(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_err err = {{0}};
    dc_http_options opts = {.user_agent = "ddbconform-test/1"};
    dc_http_client *c = dc_http_client_new(&opts, &err);
    assert_non_null(c);
    dc_http_response resp;
    dc_http_response_init(&resp);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, DC_ARRAY_LEN(s_json_headers), s_request_body,
                                     sizeof s_request_body - 1, &resp, &err),
                     0);
    assert_non_null(strstr(s->request, "POST / HTTP/1.1\r\n"));
    assert_non_null(strstr(s->request, "\r\nContent-Type: application/x-amz-json-1.0\r\n"));
    assert_non_null(strstr(s->request, "\r\nX-Amz-Target: DynamoDB_20120810.DescribeBackup\r\n"));
    assert_non_null(strstr(s->request, "\r\nUser-Agent: ddbconform-test/1\r\n"));
    assert_non_null(strstr(s->request, "\r\nContent-Length: 72\r\n"));
    assert_null(strcasestr(s->request, "\r\nAccept:"));
    assert_null(strcasestr(s->request, "\r\nExpect:"));
    assert_null(strcasestr(s->request, "urlencoded"));
    const char *body = strstr(s->request, "\r\n\r\n") + 4;
    assert_string_equal(body, s_request_body);

    /* Any method, with a body, for malformed-request cases. */
    static const char *const no_type[] = {"X-Amz-Target: DynamoDB_20120810.ListBackups"};
    assert_int_equal(dc_http_request(c, "PUT", url, no_type, 1, "{}", 2, &resp, &err), 0);
    assert_non_null(strstr(s->request, "PUT / HTTP/1.1\r\n"));
    assert_null(strcasestr(s->request, "\r\nContent-Type:"));
    assert_string_equal(strstr(s->request, "\r\n\r\n") + 4, "{}");
    dc_http_response_free(&resp);
    dc_http_client_free(c);
    s_server_stop(s);
}

static void closed_port_is_refused(void **state)
{
    (void)state;
    uint16_t port = 0;
    dc_err err = {{0}};
    assert_int_equal(dc_http_free_port(&port, &err), 0);
    assert_true(port > 0);
    char url[64];
    s_url(url, sizeof url, port);
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response resp;
    dc_http_response_init(&resp);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &resp, &err), -1);
    assert_int_equal(resp.error, DC_HTTP_REFUSED);
    assert_int_equal(resp.status, 0);
    assert_memory_equal(err.msg, "refused: http://127.0.0.1:", 26);
    dc_http_response_free(&resp);
    dc_http_client_free(c);
}

static void connection_reset_after_request_is_reset(void **state)
{
    (void)state;
    s_server *s = s_server_start(S_RESET, NULL, 0);
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err = {{0}};
    assert_int_equal(s_one_request(s, NULL, &resp, &err), -1);
    s_server_stop(s);
    assert_string_equal(dc_http_error_kind_name(resp.error), "reset");
    assert_memory_equal(err.msg, "reset: ", 7);
    dc_http_response_free(&resp);
}

static void server_that_never_answers_times_out(void **state)
{
    (void)state;
    s_server *s = s_server_start(S_SILENT, NULL, 0);
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err = {{0}};
    dc_http_options opts = {.total_timeout_ms = 300};
    assert_int_equal(s_one_request(s, &opts, &resp, &err), -1);
    s_server_stop(s);
    assert_string_equal(dc_http_error_kind_name(resp.error), "timeout");
    assert_memory_equal(err.msg, "timeout: ", 9);
    assert_int_equal(resp.status, 0);
    dc_http_response_free(&resp);
}

static void endless_body_is_aborted_at_the_cap_with_bounded_memory(void **state)
{
    (void)state;
    const size_t cap = 1u << 20;
    s_server *s = s_server_start(S_STREAM, NULL, 0);
    s->stream_bytes = (size_t)64 << 20;
    dc_http_response resp;
    dc_http_response_init(&resp);
    dc_err err = {{0}};
    dc_http_options opts = {.max_response_bytes = cap};
    assert_int_equal(s_one_request(s, &opts, &resp, &err), -1);
    size_t sent = atomic_load(&s->bytes_sent);
    s_server_stop(s);
    assert_string_equal(dc_http_error_kind_name(resp.error), "too_large");
    assert_non_null(strstr(err.msg, "exceeds the cap of 1048576 bytes"));
    assert_int_equal(resp.status, 200);
    assert_true(resp.body.len <= cap);
    assert_true(resp.body.cap <= 2 * cap + 1); /* never grew past the cap */
    assert_true(sent < (size_t)32 << 20);      /* the transfer was aborted, not drained */
    dc_http_response_free(&resp);
}

static void two_requests_reuse_one_connection(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_err err = {{0}};
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response r1, r2;
    dc_http_response_init(&r1);
    dc_http_response_init(&r2);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r1, &err), 0);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r2, &err), 0);
    assert_false(r1.reused_connection);
    assert_true(r2.reused_connection);
    assert_int_equal(r2.connect_us, 0);
    assert_true(r1.total_us > 0);
    assert_true(r1.call_us >= r1.total_us);
    assert_true(r1.ttfb_us <= r1.total_us);
    dc_http_client_free(c);
    s_server_stop(s);
    dc_http_response_free(&r1);
    dc_http_response_free(&r2);
}

static void server_counts_one_accepted_connection_for_two_requests(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_err err = {{0}};
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), 0);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), 0);
    assert_int_equal(atomic_load(&s->requests), 2);
    assert_int_equal(atomic_load(&s->connections), 1);
    dc_http_response_free(&r);
    dc_http_client_free(c);
    s_server_stop(s);
}

static void request_after_the_server_closed_the_connection_reconnects_and_succeeds(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    s_server *s = s_server_start(S_CANNED_CLOSE, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_err err = {{0}};
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), 0);
        assert_int_equal(r.status, 200);
        assert_false(r.reused_connection);
        assert_memory_equal(r.body.data, "{}", 2);
    }
    assert_int_equal(atomic_load(&s->requests), 3);
    assert_int_equal(atomic_load(&s->connections), 3);
    dc_http_response_free(&r);
    dc_http_client_free(c);
    s_server_stop(s);
}

/* One client, one connection, requests of every shape in turn: what one
 * request set (method, body, headers) never reaches the next. */
static void method_body_and_headers_of_a_request_never_reach_the_next(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"; /* HEAD-safe: no body */
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    dc_err err = {{0}};
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    static const char *const target[] = {"X-Amz-Target: DynamoDB_20120810.ListBackups"};

    assert_int_equal(
        dc_http_request(c, "POST", url, s_json_headers, 2, s_request_body, sizeof s_request_body - 1, &r, &err), 0);
    assert_memory_equal(s->request, "POST / HTTP/1.1\r\n", 17);
    assert_string_equal(strstr(s->request, "\r\n\r\n") + 4, s_request_body);

    assert_int_equal(dc_http_request(c, "GET", url, target, 1, NULL, 0, &r, &err), 0);
    assert_memory_equal(s->request, "GET / HTTP/1.1\r\n", 16);
    assert_null(strcasestr(s->request, "\r\nContent-Length:"));
    assert_null(strcasestr(s->request, "\r\nContent-Type:"));
    assert_null(strstr(s->request, "DescribeBackup"));
    assert_string_equal(strstr(s->request, "\r\n\r\n") + 4, "");

    assert_int_equal(dc_http_request(c, "HEAD", url, target, 1, NULL, 0, &r, &err), 0);
    assert_memory_equal(s->request, "HEAD / HTTP/1.1\r\n", 17);
    assert_null(strcasestr(s->request, "\r\nContent-Length:"));

    assert_int_equal(dc_http_request(c, "DELETE", url, target, 1, "{\"x\":1}", 7, &r, &err), 0);
    assert_memory_equal(s->request, "DELETE / HTTP/1.1\r\n", 19);
    assert_non_null(strcasestr(s->request, "\r\nContent-Length: 7\r\n"));
    assert_string_equal(strstr(s->request, "\r\n\r\n") + 4, "{\"x\":1}");

    assert_int_equal(dc_http_request(c, "POST", url, target, 1, NULL, 0, &r, &err), 0);
    assert_memory_equal(s->request, "POST / HTTP/1.1\r\n", 17);
    assert_non_null(strcasestr(s->request, "\r\nContent-Length: 0\r\n"));
    assert_null(strcasestr(s->request, "\r\nContent-Type:"));
    assert_string_equal(strstr(s->request, "\r\n\r\n") + 4, "");

    assert_int_equal(atomic_load(&s->requests), 5);
    assert_int_equal(atomic_load(&s->connections), 1);
    dc_http_response_free(&r);
    dc_http_client_free(c);
    s_server_stop(s);
}

/* A refused and a timed-out transfer leave nothing behind (sockets, timers)
 * that would stall or break the client's next request. */
static void request_after_refused_and_timed_out_ones_succeeds(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    dc_err err = {{0}};
    dc_http_options opts = {.total_timeout_ms = 300};
    dc_http_client *c = dc_http_client_new(&opts, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    char url[64];

    uint16_t port = 0;
    assert_int_equal(dc_http_free_port(&port, &err), 0);
    s_url(url, sizeof url, port);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), -1);
    assert_int_equal(r.error, DC_HTTP_REFUSED);

    s_server *silent = s_server_start(S_SILENT, NULL, 0);
    s_url(url, sizeof url, silent->port);
    assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), -1);
    assert_int_equal(r.error, DC_HTTP_TIMEOUT);
    s_server_stop(silent);

    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    s_url(url, sizeof url, s->port);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(dc_http_request(c, "POST", url, s_json_headers, 2, "{}", 2, &r, &err), 0);
        assert_int_equal(r.status, 200);
    }
    assert_true(r.reused_connection);
    assert_int_equal(atomic_load(&s->connections), 1);
    dc_http_response_free(&r);
    dc_http_client_free(c);
    s_server_stop(s);
}

static void secret_header_values_never_reach_debug_log_or_errors(void **state)
{
    (void)state;
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    static const char *const headers[] = {
        "Content-Type: application/x-amz-json-1.0",
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=5ec7e7b0secretsignature",
        "x-amz-security-token: SECRETSESSIONTOKEN",
    };
    s_server *s = s_server_start(S_CANNED, reply, sizeof reply - 1);
    char url[64];
    s_url(url, sizeof url, s->port);
    char *log = NULL;
    size_t log_len = 0;
    FILE *f = open_memstream(&log, &log_len);
    assert_non_null(f);
    dc_err err = {{0}};
    dc_http_options opts = {.debug = f};
    dc_http_client *c = dc_http_client_new(&opts, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    assert_int_equal(dc_http_request(c, "POST", url, headers, 3, "{}", 2, &r, &err), 0);
    /* The secret went over the wire (so the redaction below is not vacuous). */
    assert_non_null(strstr(s->request, "Signature=5ec7e7b0secretsignature"));
    s_server_stop(s);

    /* A failing request carrying the same headers, for the error message. */
    uint16_t port = 0;
    assert_int_equal(dc_http_free_port(&port, &err), 0);
    char bad[128];
    snprintf(bad, sizeof bad, "http://127.0.0.1:%u/?X-Amz-Signature=5ec7e7b0secretsignature", (unsigned)port);
    assert_int_equal(dc_http_request(c, "POST", bad, headers, 3, "{}", 2, &r, &err), -1);
    dc_http_client_free(c);
    fclose(f);

    assert_non_null(strstr(log, "> Authorization: <redacted>"));
    assert_non_null(strstr(log, "> x-amz-security-token: <redacted>"));
    assert_non_null(strstr(log, "> Content-Type: application/x-amz-json-1.0"));
    assert_non_null(strstr(log, "< Content-Length: 2"));
    assert_null(strstr(log, "secretsignature"));
    assert_null(strstr(log, "SECRETSESSIONTOKEN"));
    assert_null(strstr(err.msg, "secretsignature"));
    assert_memory_equal(err.msg, "refused: ", 9);
    free(log);
    dc_http_response_free(&r);
}

static void unsupported_scheme_is_other_without_connecting(void **state)
{
    (void)state;
    dc_err err = {{0}};
    dc_http_client *c = dc_http_client_new(NULL, &err);
    dc_http_response r;
    dc_http_response_init(&r);
    assert_int_equal(dc_http_request(c, "POST", "ftp://127.0.0.1/", NULL, 0, NULL, 0, &r, &err), -1);
    assert_int_equal(r.error, DC_HTTP_OTHER);
    assert_string_equal(err.msg, "other: ftp://127.0.0.1/: only http:// and https:// URLs are supported");
    dc_http_response_free(&r);
    dc_http_client_free(c);
}

static void secret_header_names_are_recognised_ignoring_case(void **state)
{
    (void)state;
    assert_true(dc_http_header_is_secret("Authorization", 13));
    assert_true(dc_http_header_is_secret("X-AMZ-SECURITY-TOKEN", 20));
    assert_false(dc_http_header_is_secret("X-Amz-Date", 10));
    assert_false(dc_http_header_is_secret("Authorizatio", 12));
}

static void header_list_replaces_case_insensitively_removes_and_keeps_order(void **state)
{
    (void)state;
    dc_http_headers h = {.n = 0};
    dc_http_headers_set(&h, "X-Amz-Target", "DynamoDB_20120810.ListBackups");
    dc_http_headers_set(&h, "Content-Type", "application/x-amz-json-1.0");
    dc_http_headers_set(&h, "x-amz-target", "DynamoDB_20120810.CreateBackup");
    dc_http_headers_set(&h, "X-Empty", "");
    assert_int_equal(h.n, 3);
    assert_string_equal(h.name[0], "X-Amz-Target"); /* the first spelling stays, the value is replaced */
    assert_string_equal(dc_http_headers_get(&h, "X-AMZ-TARGET"), "DynamoDB_20120810.CreateBackup");
    char **lines = dc_http_headers_lines(&h);
    assert_string_equal(lines[0], "X-Amz-Target: DynamoDB_20120810.CreateBackup");
    assert_string_equal(lines[1], "Content-Type: application/x-amz-json-1.0");
    assert_string_equal(lines[2], "X-Empty;"); /* curl sends an empty value for "Name;" */
    assert_null(lines[3]);
    dc_http_lines_free(lines, h.n);
    dc_http_headers copy = {.n = 0};
    dc_http_headers_copy(&h, &copy);
    dc_http_headers_set(&h, "content-type", NULL);
    assert_int_equal(h.n, 2);
    assert_null(dc_http_headers_get(&h, "Content-Type"));
    assert_string_equal(h.name[1], "X-Empty");
    assert_string_equal(dc_http_headers_get(&copy, "content-type"), "application/x-amz-json-1.0");
    for (int i = 0; i < DC_HTTP_MAX_REQUEST_HEADERS + 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "X-%d", i);
        dc_http_headers_set(&copy, name, "v");
    }
    assert_int_equal(copy.n, DC_HTTP_MAX_REQUEST_HEADERS);
    dc_http_headers_free(&h);
    dc_http_headers_free(&copy);
    assert_int_equal(h.n, 0);
}

/* ---- endpoint parsing (--endpoint of run and sweep) ---------------------------- */

static void endpoint_with_a_port_keeps_it_in_the_host_and_signs_path_slash(void **state)
{
    (void)state;
    dc_http_endpoint e;
    dc_err err;
    assert_int_equal(dc_http_endpoint_parse("http://127.0.0.1:8000", &e, &err), 0);
    assert_string_equal(e.url, "http://127.0.0.1:8000");
    assert_string_equal(e.host, "127.0.0.1:8000");
    assert_string_equal(e.path, "/");
    dc_http_endpoint_free(&e);
    assert_null(e.url);
    assert_null(e.host);
    assert_null(e.path);
}

static void endpoint_without_a_port_has_a_host_without_colon(void **state)
{
    (void)state;
    dc_http_endpoint e;
    dc_err err;
    assert_int_equal(dc_http_endpoint_parse("https://dynamodb.us-east-1.amazonaws.com", &e, &err), 0);
    assert_string_equal(e.url, "https://dynamodb.us-east-1.amazonaws.com");
    assert_string_equal(e.host, "dynamodb.us-east-1.amazonaws.com");
    assert_string_equal(e.path, "/");
    dc_http_endpoint_free(&e);
}

static void endpoint_with_a_path_signs_that_path(void **state)
{
    (void)state;
    dc_http_endpoint e;
    dc_err err;
    assert_int_equal(dc_http_endpoint_parse("http://localhost:4566/dynamodb/", &e, &err), 0);
    assert_string_equal(e.url, "http://localhost:4566/dynamodb/");
    assert_string_equal(e.host, "localhost:4566");
    assert_string_equal(e.path, "/dynamodb/");
    dc_http_endpoint_free(&e);
}

static void endpoint_with_another_scheme_is_refused_naming_http_and_https(void **state)
{
    (void)state;
    dc_http_endpoint e;
    dc_err err;
    assert_int_equal(dc_http_endpoint_parse("ftp://127.0.0.1:8000", &e, &err), -1);
    assert_string_equal(err.msg, "--endpoint 'ftp://127.0.0.1:8000': only http and https");
    assert_null(e.url);
    assert_null(e.host);
    assert_null(e.path);
}

static void endpoint_that_is_not_a_url_is_refused_with_an_example(void **state)
{
    (void)state;
    dc_http_endpoint e;
    dc_err err;
    assert_int_equal(dc_http_endpoint_parse("not a url", &e, &err), -1);
    assert_string_equal(err.msg, "--endpoint 'not a url' is not a URL like http://127.0.0.1:8000");
    assert_null(e.url);
    assert_int_equal(dc_http_endpoint_parse("", &e, &err), -1);
    assert_string_equal(err.msg, "--endpoint '' is not a URL like http://127.0.0.1:8000");
}

int main(void)
{
    struct CMUnitTest tests[DC_ARRAY_LEN(s_canned_cases) + 24];
    size_t n = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_canned_cases); i++) {
        tests[n++] = (struct CMUnitTest){.name = s_canned_cases[i].name,
                                         .test_func = s_run_canned_case,
                                         .initial_state = (void *)&s_canned_cases[i]};
    }
    const struct CMUnitTest single[] = {
        cmocka_unit_test(response_headers_keep_order_case_duplicates_and_values),
        cmocka_unit_test(request_line_headers_and_body_arrive_as_given),
        cmocka_unit_test(closed_port_is_refused),
        cmocka_unit_test(connection_reset_after_request_is_reset),
        cmocka_unit_test(server_that_never_answers_times_out),
        cmocka_unit_test(endless_body_is_aborted_at_the_cap_with_bounded_memory),
        cmocka_unit_test(two_requests_reuse_one_connection),
        cmocka_unit_test(server_counts_one_accepted_connection_for_two_requests),
        cmocka_unit_test(request_after_the_server_closed_the_connection_reconnects_and_succeeds),
        cmocka_unit_test(method_body_and_headers_of_a_request_never_reach_the_next),
        cmocka_unit_test(request_after_refused_and_timed_out_ones_succeeds),
        cmocka_unit_test(secret_header_values_never_reach_debug_log_or_errors),
        cmocka_unit_test(unsupported_scheme_is_other_without_connecting),
        cmocka_unit_test(secret_header_names_are_recognised_ignoring_case),
        cmocka_unit_test(header_list_replaces_case_insensitively_removes_and_keeps_order),
        cmocka_unit_test(endpoint_with_a_port_keeps_it_in_the_host_and_signs_path_slash),
        cmocka_unit_test(endpoint_without_a_port_has_a_host_without_colon),
        cmocka_unit_test(endpoint_with_a_path_signs_that_path),
        cmocka_unit_test(endpoint_with_another_scheme_is_refused_naming_http_and_https),
        cmocka_unit_test(endpoint_that_is_not_a_url_is_refused_with_an_example),
    };
    for (size_t i = 0; i < DC_ARRAY_LEN(single); i++)
        tests[n++] = single[i];
    return _cmocka_run_group_tests("http", tests, n, NULL, NULL);
}
