# wrk_lib.bash - sourced by the wrk benchmarks of serve (bench/serve.sh,
# bench/loopback.sh): the same request script, the same warm-up and measured
# run, serve started on a free 127.0.0.1 port. Named .bash so tools/bench.sh
# (bench/*.sh) does not run it. The caller sets top, tmp, BIN, WARM, DURATION,
# STEP_TIMEOUT, WRK_THREADS, WRK_CONNS, defines log() and a pids array that its
# EXIT trap stops.

# A fixed, well-formed SigV4 header for today (serve checks the date window,
# and with no credentials only the form of the signature).
DC_BENCH_DATE=$(date -u +%Y%m%dT%H%M%SZ)
DC_BENCH_AUTH="AWS4-HMAC-SHA256 Credential=AKIDBENCHEXAMPLE/${DC_BENCH_DATE:0:8}/us-east-1/dynamodb/aws4_request, \
SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=$(printf '%064d' 0)"
export DC_BENCH_DATE DC_BENCH_AUTH
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN # serve: form-only SigV4 check

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# wrk_run URL OP BODY: warm-up (none when WARM is 0), then the measured run;
# prints wrk's JSON line (bench/serve_request.lua).
wrk_run() {
    local url=$1
    export DC_BENCH_OP=$2 DC_BENCH_BODY=$3
    [ "$WARM" -gt 0 ] &&
        timeout "$STEP_TIMEOUT" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WARM}s" --timeout 5s \
            -s "$top/bench/serve_request.lua" "$url/" >/dev/null 2>&1
    timeout "$STEP_TIMEOUT" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${DURATION}s" --timeout 5s \
        -s "$top/bench/serve_request.lua" "$url/" 2>/dev/null | grep '^{"requests"'
}

# serve_start: serve on a free port in its own process group; sets SERVE_PID and
# SERVE_PORT, adds the PID to pids. 1 (logged, stderr in $tmp/serve.err) when it
# did not start.
serve_start() {
    setsid "$BIN" serve --host 127.0.0.1 --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
    SERVE_PID=$!
    pids+=("$SERVE_PID")
    SERVE_PORT=""
    for _ in $(seq 100); do
        SERVE_PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/serve.out")
        [ -n "$SERVE_PORT" ] && return 0
        sleep 0.05
    done
    log "serve did not start: $(cat "$tmp/serve.err")"
    return 1
}
