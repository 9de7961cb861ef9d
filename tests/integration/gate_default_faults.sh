#!/usr/bin/env bash
# gate_default_faults.sh - `ddbconform gate` without --faults injects its default
# profile (faults.h DC_FAULTS_DEFAULT: throttling, 500s, resets, truncated bodies,
# bad checksums; the announced last attempt spared): boto3 in standard mode over
# a few dozen calls (tests/gate/boto3_backups.py, 6 rounds) passes with every
# retry rule exercised under --require-exercised; --log names the operation of
# every fault and logs the resets; with --faults none the same run fails
# --require-exercised and names the rules it did not exercise.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
python3 -c 'import boto3' 2>/dev/null || { echo "boto3 not importable by python3: skipped"; exit 77; }
. tests/integration/gate_lib.bash

gate default --require-exercised --log -- python3 tests/gate/boto3_backups.py standard 6
expect "default profile: gate exit" "$GATE_RC" 0
expect "default profile: failed rules" "$(failed_rules Boto3)" ""
not_exercised=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(r for c in d["clients"] for r in c["notExercised"] if r.startswith("retry.")))' "$GATE_DIR/client-report.json")
expect "default profile: retry rules not exercised" "$not_exercised" ""
grep -q '"faults":"default (default: throttle=' "$GATE_DIR/client-report.json" ||
    { echo "FAIL the report does not spell out the default profile"; GATE_FAILED=1; }
# every fault line names an operation; resets are logged
faults=$(grep -c ' fault=' "$GATE_DIR.log")
unnamed=$(grep ' fault=' "$GATE_DIR.log" | grep -c '^- ')
resets=$(grep -c ' fault=reset' "$GATE_DIR.log")
expect "log: fault lines without an operation" "$unnamed" 0
[ "$faults" -ge 10 ] || { echo "FAIL log: only $faults fault lines"; GATE_FAILED=1; }
[ "$resets" -ge 1 ] || { echo "FAIL log: no reset logged"; GATE_FAILED=1; }
echo "ok   log: $faults fault lines, $resets resets, each with its operation"

gate none --faults none --require-exercised -- python3 tests/gate/boto3_backups.py standard 1
expect "no faults: gate exit (--require-exercised)" "$GATE_RC" 1
grep -q 'retry rules not exercised (--require-exercised): retry.after-fault' "$GATE_DIR.log" ||
    { echo "FAIL no faults: the verdict line does not name the rules not exercised"; GATE_FAILED=1; }
exit $GATE_FAILED
