/* fuzzreq.c - one request of the network fuzzer (see fuzzreq.h). */
#include "netfuzz/fuzzreq.h"

#include <string.h>

void dc_fuzz_req_init(dc_fuzz_req *r, const char *op)
{
    memset(r, 0, sizeof *r);
    r->op = op;
    r->sign = true;
    dc_buf_init(&r->raw);
}

void dc_fuzz_req_free(dc_fuzz_req *r)
{
    if (r->has_tree)
        dc_mnode_clear(&r->tree);
    dc_buf_free(&r->raw);
    dc_http_headers_free(&r->extra);
}

void dc_fuzz_req_copy(const dc_fuzz_req *src, dc_fuzz_req *dst)
{
    *dst = *src;
    if (src->has_tree)
        dc_mnode_clone(&src->tree, &dst->tree);
    dc_buf_init(&dst->raw);
    dc_buf_append(&dst->raw, src->raw.data, src->raw.len);
    memset(&dst->extra, 0, sizeof dst->extra);
    dc_http_headers_copy(&src->extra, &dst->extra);
}

void dc_fuzz_req_body(const dc_fuzz_req *r, dc_buf *out)
{
    dc_buf_reset(out);
    if (r->has_tree)
        dc_mnode_print(&r->tree, out);
    else
        dc_buf_append(out, r->raw.data, r->raw.len);
    if (r->hm == DC_FUZZ_HM_AUTH_STALE_BODY)
        dc_buf_putc(out, ' '); /* signed without it: the signature no longer covers the body */
}
