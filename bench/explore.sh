#!/usr/bin/env bash
# `ddbconform explore` against `ddbconform serve --test-control` (one serve for
# the run): 100,000 steps over four seeds with one worker, then 20,000 with
# --jobs 2. Goals (issue 19): at least 2,000 steps/s with one worker on this
# 2-core machine, and not one finding (explore's lockstep model IS serve's
# model: a finding is a bug in explore or in serve). A step is one generated
# operation or time advance; the settling polls, ListBackups pages, clock
# calls and clean-up requests it causes come on top (requests_per_step).
# Prints JSON lines like bench/validate.sh; exits 1 when a goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
STEPS=${DC_BENCH_EXPLORE_STEPS:-25000} # per seed
SEEDS=${DC_BENCH_EXPLORE_SEEDS:-"1 2 3 4"}
TARGET=2000
tmp=$(mktemp -d)
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1
"$B/ddbconform" serve --host 127.0.0.1 --port 0 --test-control >"$tmp/serve.out" 2>/dev/null &
spid=$!
trap 'kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/serve.out")
    [ -n "$port" ] && break
    sleep 0.05
done
url="http://127.0.0.1:$port"
# CPU time (user + system, clock ticks) of serve from /proc and of explore from /usr/bin/time: with
# them a slow wall-clock rate on a machine busy with other work shows as such
serve_ticks() { awk '{print $14 + $15}' "/proc/$spid/stat" 2>/dev/null || echo 0; }
t0=$(serve_ticks)
for seed in $SEEDS; do
    /usr/bin/time -f "%U %S" -a -o "$tmp/cpu" \
        "$B/ddbconform" explore --endpoint "$url" --seed "$seed" --steps "$STEPS" --findings "$tmp/s$seed" >/dev/null 2>&1 || true
done
t1=$(serve_ticks)
serve_cpu=$(python3 -c "print(($t1 - $t0) / $(getconf CLK_TCK))")
explore_cpu=$(awk '{u += $1; s += $2} END {print u + s}' "$tmp/cpu" 2>/dev/null || echo 0)
"$B/ddbconform" explore --endpoint "$url" --seed 9 --steps 20000 --jobs 2 --findings "$tmp/j2" >/dev/null 2>&1 || true
python3 - "$TARGET" "$tmp" "$explore_cpu" "$serve_cpu" "$(cut -d' ' -f1 /proc/loadavg)" $SEEDS <<'PY'
import json, os, sys
target, tmp, seeds = float(sys.argv[1]), sys.argv[2], sys.argv[6:]
explore_cpu, serve_cpu, loadavg = float(sys.argv[3] or 0), float(sys.argv[4] or 0), sys.argv[5]
ok = True
def load(name):
    p = os.path.join(tmp, name, "summary.json")
    return json.load(open(p)) if os.path.exists(p) else None
runs = [load("s" + s) for s in seeds]
if any(r is None for r in runs):
    print(json.dumps({"name": "explore against serve", "value": 0, "unit": "steps/s", "peer": None,
                      "peer_value": None, "ratio": None, "note": "a run wrote no summary.json"}))
    sys.exit(1)
steps = sum(r["steps"] for r in runs)
secs = sum(r["seconds"] for r in runs)
reqs = sum(r["requests"] for r in runs)
findings = sum(len(r["findings"]) for r in runs)
rate = steps / secs if secs > 0 else 0.0
row = {"name": "explore against serve (1 worker)", "value": round(rate, 1), "unit": "steps/s", "peer": None,
       "peer_value": None, "ratio": None, "target": target, "meets_target": rate >= target and findings == 0,
       "steps": steps, "seeds": [int(s) for s in seeds], "findings": findings,
       "requests_per_step": round(reqs / max(steps, 1), 2),
       "cpu_us_per_step": {"explore": round(explore_cpu * 1e6 / max(steps, 1), 1), "serve": round(serve_cpu * 1e6 / max(steps, 1), 1)},
       "load_average": loadavg,
       "note": "%d steps over seeds %s in %.1f s, %d requests, %d findings (want 0)" % (steps, ",".join(seeds), secs, reqs, findings)}
ok = ok and row["meets_target"]
print(json.dumps(row))
j = load("j2")
if j is not None:
    rate2 = j["steps"] / j["seconds"] if j["seconds"] > 0 else 0.0
    row = {"name": "explore against serve (--jobs 2)", "value": round(rate2, 1), "unit": "steps/s", "peer": None,
           "peer_value": None, "ratio": None, "steps": j["steps"], "findings": len(j["findings"]),
           "note": "%d steps, seed 9, two workers sharing serve's test clock, %d findings (want 0)" % (j["steps"], len(j["findings"]))}
    ok = ok and not j["findings"]
    print(json.dumps(row))
sys.exit(0 if ok else 1)
PY
