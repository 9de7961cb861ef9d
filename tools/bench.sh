#!/usr/bin/env bash
# Runs every bench/*.sh (each prints JSON result lines with name, value, unit,
# peer, peer_value, ratio), prints a table and writes reports/bench.json; exits
# 1 when a bench script failed (its goal not met, or it could not run).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
results=$(mktemp)
failed=()
for b in bench/*.sh; do
    echo "bench: $(basename "$b" .sh) ..." >&2
    if ! bash "$b" >>"$results"; then echo "bench: $b failed" >&2; failed+=("$b"); fi
done
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
json.dump(rows, open("reports/bench.json.tmp", "w"), indent=1)
import os; os.replace("reports/bench.json.tmp", "reports/bench.json")
w = max([len(r["name"]) for r in rows] + [10])
print("%-*s %14s %-12s %14s  %s" % (w, "benchmark", "ours", "unit", "peer", "ratio (x better)"))
for r in rows:
    pv = "-" if r.get("peer_value") is None else "%.1f" % r["peer_value"]
    ra = "-" if r.get("ratio") is None else "%.1fx" % r["ratio"]
    print("%-*s %14.1f %-12s %14s  %s  (%s)" % (w, r["name"], r["value"], r["unit"], pv, ra, r.get("peer") or "no peer"))
print("written: reports/bench.json")
PY
rm -f "$results"
# a bench that fails (bench/loopback.sh: serve below half the loopback limit)
# fails `make bench`, after the table and reports/bench.json are written
if ((${#failed[@]})); then
    echo "bench: failed: ${failed[*]}" >&2
    exit 1
fi
