#!/usr/bin/env bash
# Harness overhead per request against the embedded reference endpoint: the time
# of each exchange spent in our code (building, ${var} substitution, SigV4, the
# HTTP client, response checks, matching, captures) vs the time on the wire
# (curl's total transfer time, which includes the in-process server's work).
# Both come from report.json's "timing" of the same runs: the whole golden suite,
# repeated until at least 2,000 requests. Also the full suite's wall time
# (process start to exit: spec loading, the run, writing the three reports).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
MIN_REQUESTS=${BENCH_MIN_REQUESTS:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=benchSecretKey
i=0 total=0
while [ "$total" -lt "$MIN_REQUESTS" ] && [ "$i" -lt 50 ]; do
    i=$((i + 1))
    t0=$(date +%s%N)
    "$B/ddbconform" run --cases cases --jobs 1 --report-dir "$tmp/r$i" 2>/dev/null || true
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >"$tmp/r$i/wall_ms"
    total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timing"]["requests"])' "$tmp/r$i/report.json")
    total=$((total * i))
done
python3 - "$tmp" "$i" <<'PY'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
reps = [json.load(open(os.path.join(d, "r%d" % k, "report.json"))) for k in range(1, n + 1)]
walls = sorted(int(open(os.path.join(d, "r%d" % k, "wall_ms")).read()) for k in range(1, n + 1))
req = sum(r["timing"]["requests"] for r in reps)
ours = sum(r["timing"]["harness_us"] for r in reps) / req
wire = sum(r["timing"]["wire_us"] for r in reps) / req
cases = reps[0]["summary"]["total"]
print(json.dumps({"name": "harness overhead per request (golden suite, embedded serve)", "value": round(ours, 1),
                  "unit": "us/request", "peer": "time on the wire (curl total, same requests)",
                  "peer_value": round(wire, 1), "ratio": round(wire / ours, 1) if ours else None,
                  "note": "%d requests in %d runs of %d cases, --jobs 1; ours = exchange time minus curl's total "
                          "(signing, substitution, client, checks, matching, captures)" % (req, n, cases)}))
print(json.dumps({"name": "full golden suite wall time (embedded serve, --jobs 1)", "value": walls[len(walls) // 2],
                  "unit": "ms", "peer": None, "peer_value": None, "ratio": None,
                  "note": "median of %d runs, %d cases, %d requests each; process start to exit incl. spec load "
                          "and report.json/junit.xml/report.html" % (n, cases, reps[0]["timing"]["requests"])}))
PY
