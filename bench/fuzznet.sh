#!/usr/bin/env bash
# Network fuzz throughput against `ddbconform serve` vs a boto3 loop sending the
# same kind of requests to the same serve (machine's python3 boto3). Prints one
# JSON line like bench/validate.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
tmp=$(mktemp -d)
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1
"$B/ddbconform" serve --host 127.0.0.1 --port 0 >"$tmp/serve.out" 2>/dev/null &
spid=$!
trap 'kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/serve.out")
    [ -n "$port" ] && break
    sleep 0.05
done
url="http://127.0.0.1:$port"
"$B/ddbconform" fuzz --endpoint "$url" --seed 1 --requests 20000 --findings "$tmp/f" >/dev/null 2>&1 || true
if peer=$(python3 bench/boto3_loop.py "$url" 2000 2>/dev/null); then :; else peer=""; fi
python3 - "$tmp/f/summary.json" "$peer" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
# every request on the wire counts (fuzz, set-up, context look-ups, shrinking, clean-up): all of them
# go through build, sign, predict (where fuzzed), send and judge
total = s["requests"] + s["extraRequests"]
ours = total / (s["durationMs"] / 1000.0)
row = {"name": "network fuzz requests against serve", "value": round(ours, 1), "unit": "requests/s",
       "peer": "boto3 loop, same kinds of requests, same serve", "peer_value": None, "ratio": None,
       "note": "ours: %d fuzz + %d other requests in %.2f s, %d findings, each fuzz request also predicted by the validation core and checked against the spec" % (s["requests"], s["extraRequests"], s["durationMs"] / 1000.0, s["findings"])}
if sys.argv[2]:
    peer = json.loads(sys.argv[2])
    row["peer_value"] = round(peer["value"], 1)
    row["ratio"] = round(ours / peer["value"], 1)   # how many times faster we are
print(json.dumps(row))
PY
