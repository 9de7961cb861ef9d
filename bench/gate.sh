#!/usr/bin/env bash
# gate.sh - what judging the client costs serve per request (issue 12: at most
# 10 %). Two measurements, both in this run:
#
#  1. in process (bench/bench_judge.c): serve's own handler (SigV4, validation,
#     the model) against the judge's observation of the exchange it produced,
#     per request, on DescribeTable / DescribeBackup / ListBackups;
#  2. over HTTP (wrk, bench/gate_request.lua: an SDK-like request with a new
#     amz-sdk-invocation-id each time): `serve` and `serve --client-report DIR`
#     alternately, ROUNDS times each, WARM s warm-up + DURATION s measured,
#     2 threads and 16 connections; the medians are compared.
#
# Prints JSON result lines (tools/bench.sh). Env: BUILD_DIR (build),
# DC_BENCH_SECONDS (5), DC_BENCH_WARMUP (2), DC_GATE_BENCH_ROUNDS (3).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
B=${BUILD_DIR:-build}
BIN=$(cd "$B" 2>/dev/null && pwd)/ddbconform
DURATION=${DC_BENCH_SECONDS:-5}
WARM=${DC_BENCH_WARMUP:-2}
ROUNDS=${DC_GATE_BENCH_ROUNDS:-3}
GOAL=10
TABLE=bench_table
log() { echo "bench gate: $*" >&2; }
[ -x "$BIN" ] && [ -x "$B/bench/bench_judge" ] || { log "build first (make all bench/bench_judge)"; exit 1; }
command -v wrk >/dev/null || { log "wrk missing (tools/deps.sh installs it)"; exit 1; }

# ---------------------------------------------------------------- 1. in process
for op in DescribeTable DescribeBackup ListBackups; do
    line=$("$B/bench/bench_judge" "$op" 200000) || { log "bench_judge $op failed"; exit 1; }
    python3 - "$line" "$GOAL" <<'PY'
import json, sys
r, goal = json.loads(sys.argv[1]), float(sys.argv[2])
pct = 100.0 * r["judge_ns"] / r["serve_ns"]
print(json.dumps({"name": "gate: judging one %s exchange (in process)" % r["op"], "value": r["judge_ns"],
                  "unit": "ns/request", "peer": "serve's handler for the same request", "peer_value": r["serve_ns"],
                  "ratio": round(r["serve_ns"] / r["judge_ns"], 1),
                  "note": "judging adds %.1f %% of serve's own time (goal <= %g %%: %s); %d requests, boto3-like "
                          "headers, a new invocation id each" % (pct, goal, "met" if pct <= goal else "MISSED",
                                                                 r["iterations"])}))
PY
done

# ---------------------------------------------------------------- 2. over HTTP with wrk
DC_BENCH_DATE=$(date -u +%Y%m%dT%H%M%SZ)
DC_BENCH_AUTH="AWS4-HMAC-SHA256 Credential=AKIDBENCHEXAMPLE/${DC_BENCH_DATE:0:8}/us-east-1/dynamodb/aws4_request, \
SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=$(printf '%064d' 0)"
export DC_BENCH_DATE DC_BENCH_AUTH DC_BENCH_OP=DescribeTable DC_BENCH_BODY="{\"TableName\":\"$TABLE\"}"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN # serve: form-only SigV4 check, as bench/serve.sh
tmp=$(mktemp -d)
SERVE_PID=""
cleanup() {
    [ -n "$SERVE_PID" ] && { kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }
    rm -rf "$tmp"
}
trap cleanup EXIT

serve_start() { # serve_start [serve args]: sets SERVE_PID, URL
    "$BIN" serve --host 127.0.0.1 --port 0 "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
    SERVE_PID=$!
    local port=""
    for _ in $(seq 100); do
        port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/serve.out")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { log "serve did not start: $(cat "$tmp/serve.err")"; return 1; }
    URL="http://127.0.0.1:$port"
    timeout 60 python3 bench/serve_client.py setup "$URL" "$TABLE" 0 >/dev/null
}
serve_stop() { kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; SERVE_PID=""; }
wrk_run() {
    timeout $((WARM + 30)) wrk -t2 -c16 -d"${WARM}s" --timeout 5s -s "$top/bench/gate_request.lua" "$URL/" >/dev/null 2>&1
    timeout $((DURATION + 30)) wrk -t2 -c16 -d"${DURATION}s" --timeout 5s -s "$top/bench/gate_request.lua" "$URL/" \
        2>/dev/null | grep '^{"requests"'
}
for round in $(seq "$ROUNDS"); do
    serve_start || exit 1
    echo "plain $(wrk_run)" >>"$tmp/results"
    serve_stop
    serve_start --client-report "$tmp/report" || exit 1
    echo "judged $(wrk_run)" >>"$tmp/results"
    serve_stop
    log "round $round of $ROUNDS done"
done
python3 - "$tmp/results" "$tmp/report/client-report.json" "$GOAL" "$DURATION" "$ROUNDS" "$(nproc)" <<'PY'
import json, statistics, sys
res, report, goal, dur, rounds, cpus = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
runs = {"plain": [], "judged": []}
for line in open(res):
    kind, _, rest = line.partition(" ")
    r = json.loads(rest)
    if r["non2xx"] or r["socket_errors"] or not r["requests"]:
        sys.exit("bench gate: a wrk run was not clean: %s" % line.strip())
    runs[kind].append(r)
plain = statistics.median(r["rps"] for r in runs["plain"])
judged = statistics.median(r["rps"] for r in runs["judged"])
p50p = statistics.median(r["p50_us"] for r in runs["plain"])
p50j = statistics.median(r["p50_us"] for r in runs["judged"])
rep = json.load(open(report))
pct = 100.0 * (plain / judged - 1.0)   # time per request, judged vs plain
print(json.dumps({"name": "gate: serve DescribeTable with --client-report (wrk)", "value": judged,
                  "unit": "requests/s", "peer": "the same serve without the client report", "peer_value": plain,
                  "ratio": round(judged / plain, 2),
                  "note": "time per request +%.1f %% (goal <= %g %%: %s); p50 %d us vs %d us; medians of %s rounds of "
                          "%s s, wrk 2 threads 16 connections, %s CPUs shared by client and server; the last judged "
                          "run saw %d requests from %d client(s), %d failed rules" %
                          (pct, goal, "met" if pct <= goal else "MISSED", p50j, p50p, rounds, dur, cpus,
                           rep["summary"]["requests"], rep["summary"]["clients"], rep["summary"]["failed"])}))
PY
