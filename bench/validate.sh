#!/usr/bin/env bash
# Validation core vs botocore (json.loads + ParamValidator) on one full
# RestoreTableFromBackup request, same machine, same run. Prints one result line.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD_DIR:-build}
ours=$("$B/bench/bench_validate" bench/data/restore_full.json bench/data/restore_full_context.json 300000)
if peer=$(python3 bench/botocore_validate.py bench/data/restore_full.json 30000 2>/dev/null); then :; else peer=""; fi
python3 - "$ours" "$peer" <<'PY'
import json, sys
ours = json.loads(sys.argv[1])
row = {"name": "validate RestoreTableFromBackup from raw bytes", "value": ours["value"], "unit": "ns/request",
       "peer": "botocore json.loads + ParamValidator.validate", "peer_value": None, "ratio": None,
       "note": "ours also checks patterns, ARN grammar and the override rules against a backup context"}
if sys.argv[2]:
    peer = json.loads(sys.argv[2])
    row["peer_value"] = peer["value"]
    row["ratio"] = round(peer["value"] / ours["value"], 1)   # how many times faster we are
print(json.dumps(row))
PY
