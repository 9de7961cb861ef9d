#!/usr/bin/env bash
# In-process fuzz target throughput: each target's replay binary
# ($BUILD_DIR/replay/<target>, the library's normal -O2 build, no coverage
# instrumentation, no sanitizers unless the build has them) loops over its
# seed corpus for a few seconds and reports executions per second. This is the
# cost of one LLVMFuzzerTestOneInput call with every property check; libFuzzer
# runs add coverage and ASan on top (see the fuzz-smoke log for those rates).
# Goal: >= 100k exec/s on the request validator. One JSON line per target.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
SECS=${FUZZ_BENCH_SECONDS:-3}
export DDBCONFORM_HOME=$PWD
for t in json validate check sigv4 cases serve; do
    [ -x "$B/replay/$t" ] || { echo "bench/fuzz.sh: $B/replay/$t missing (make all)" >&2; exit 1; }
    line=$("$B/replay/$t" --bench "$SECS" corpus/"$t")
    rate=${line##*exec_per_sec=}
    python3 - "$t" "$rate" "$(ls corpus/"$t" | wc -l)" <<'PY'
import json, sys
t, rate, n = sys.argv[1], float(sys.argv[2]), sys.argv[3]
goal = " (goal >= 100000)" if t == "validate" else ""
print(json.dumps({"name": "fuzz target %s, seed corpus replay" % t, "value": round(rate, 1), "unit": "exec/s",
                  "peer": None, "peer_value": None, "ratio": None,
                  "note": "in-process LLVMFuzzerTestOneInput with its property checks over %s seeds, "
                          "uninstrumented build%s" % (n, goal)}))
PY
done
