-- serve_request.lua - wrk script for bench/serve.sh: one fixed DynamoDB JSON
-- request, repeated over keep-alive connections. Everything comes from the
-- environment so the same script drives every endpoint:
--   DC_BENCH_OP    operation name (X-Amz-Target DynamoDB_20120810.<OP>)
--   DC_BENCH_BODY  request body (JSON text)
--   DC_BENCH_DATE  X-Amz-Date (basic ISO-8601, UTC)
--   DC_BENCH_AUTH  a fixed, well-formed SigV4 Authorization header: serve
--                  without credentials checks its form only, and neither
--                  DynamoDB Local nor moto verifies signatures.
-- done() prints one JSON line on stdout; non-2xx answers are counted, so a
-- peer that rejects the request cannot pass for a fast one.

wrk.method = "POST"
wrk.body = os.getenv("DC_BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. os.getenv("DC_BENCH_OP")
wrk.headers["X-Amz-Date"] = os.getenv("DC_BENCH_DATE")
wrk.headers["Authorization"] = os.getenv("DC_BENCH_AUTH")

function done(summary, latency, requests)
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"rps":%.1f,"non2xx":%d,"socket_errors":%d,' ..
        '"p50_us":%d,"p99_us":%d,"max_us":%d,"bytes":%d}\n',
        summary.requests, secs, summary.requests / secs, e.status, e.connect + e.read + e.write + e.timeout,
        latency:percentile(50), latency:percentile(99), latency.max, summary.bytes))
end
