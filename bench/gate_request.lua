-- gate_request.lua - wrk script for bench/gate.sh: like serve_request.lua (one
-- fixed DynamoDB request over keep-alive connections, a fixed well-formed
-- SigV4 header for serve's form-only check), plus what an SDK adds: a new
-- amz-sdk-invocation-id per request, amz-sdk-request and a boto3 User-Agent,
-- so that the judge ties, judges and ends a call per request. The same script
-- drives serve with and without --client-report.
local counter = 0
local thread_id = 0
local ids = 0

function setup(thread)
    ids = ids + 1
    thread:set("thread_id", ids)
end

function init(args)
    thread_id = tonumber(wrk.thread:get("thread_id")) or 0
end

wrk.method = "POST"
wrk.body = os.getenv("DC_BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. os.getenv("DC_BENCH_OP")
wrk.headers["X-Amz-Date"] = os.getenv("DC_BENCH_DATE")
wrk.headers["Authorization"] = os.getenv("DC_BENCH_AUTH")
wrk.headers["User-Agent"] = "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 lang/python#3.11.7 cfg/retry-mode#standard"
wrk.headers["amz-sdk-request"] = "attempt=1; max=3"

function request()
    counter = counter + 1
    wrk.headers["amz-sdk-invocation-id"] = string.format("00000000-0000-4000-%04d-%012d", thread_id, counter)
    return wrk.format()
end

function done(summary, latency, requests)
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"rps":%.1f,"non2xx":%d,"socket_errors":%d,' ..
        '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
        summary.requests, secs, summary.requests / secs, e.status, e.connect + e.read + e.write + e.timeout,
        latency:percentile(50), latency:percentile(99), latency.max))
end
