#!/usr/bin/env bash
# gate_rates.sh - the simulated false-alarm rates of the gate's statistical retry
# rules (tests/unit/test_retrystats.c: 100,000 runs of a compliant client per
# retry scheme of spec/client-rules.json), one JSON line per rule: the highest
# rate over the schemes, in alarms per 10,000 runs (the bar is 1). The table of
# every scheme is printed on stderr.
set -u
cd "$(dirname "$0")/.."
bin="${BUILD_DIR:-build}/tests/test_retrystats"
[ -x "$bin" ] || { echo "gate_rates: $bin not built (make test-unit)" >&2; exit 1; }
out=$("$bin") || { echo "$out" >&2; exit 1; }
grep -E '^  [a-z0-9.-]+ +retry\.' <<<"$out" >&2
python3 - <<PY
import json, re
rates = {}
for line in """$out""".splitlines():
    m = re.match(r"^  (\S+)\s+(retry\.\S+)\s+(\d+)\s+(\d+)\s+([0-9.]+)$", line)
    if m:
        rates.setdefault(m.group(2), []).append((float(m.group(5)) * 10000, m.group(1)))
for rule, rs in rates.items():
    worst = max(rs)
    print(json.dumps({"name": "gate false alarms: " + rule, "value": worst[0], "unit": "per 10k runs",
                      "peer": "bar (1 in 10,000; worst scheme %s)" % worst[1], "peer_value": 1.0,
                      "ratio": None}))
PY
