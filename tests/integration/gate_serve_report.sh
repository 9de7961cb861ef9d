#!/usr/bin/env bash
# gate_serve_report.sh - `ddbconform serve --client-report DIR` judges the
# clients of a serve the user runs himself and writes the same reports on
# SIGTERM; its exit status is then the verdict (1: a client rule failed).
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
. tests/integration/serve_lib.bash
. tests/integration/gate_lib.bash

export AWS_ACCESS_KEY_ID=AKIDSERVEREPORT00001 AWS_SECRET_ACCESS_KEY=serve-report-secret-key AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN
GATE_DIR=$GATE_TMP/serve
serve_start --client-report "$GATE_DIR" || exit 1
AWS_ENDPOINT_URL_DYNAMODB=$SERVE_URL python3 tests/gate/broken_client.py retries-validation
AWS_ENDPOINT_URL_DYNAMODB=$SERVE_URL python3 tests/gate/broken_client.py unsigned-target
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
rc=$?
SERVE_PID=""
expect "serve --client-report: exit" "$rc" 1
reports_written
expect "retries-validation: retry.non-retryable" "$(rule broken-retries-validation retry.non-retryable)" failed
expect "unsigned-target: signing.amz-headers-signed" "$(rule broken-unsigned-target signing.amz-headers-signed)" failed
expect "command is null" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["command"])' "$GATE_DIR/client-report.json")" None
if grep -rqF serve-report-secret-key "$GATE_DIR"; then echo "FAIL the secret key is in the report"; GATE_FAILED=1; fi
exit $GATE_FAILED
