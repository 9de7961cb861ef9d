#!/usr/bin/env bash
# gate_command.sh - what `ddbconform gate` does with COMMAND itself: the
# environment it gets (the endpoint, fresh credentials, no way to a real
# account), and the bad cases - not found, killed by a signal, never talking to
# the endpoint, --timeout reached, bad usage: one clear line, the documented
# exit code, the report still written.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
. tests/integration/gate_lib.bash

# the environment: a real profile, token and credential files must not get through
AWS_PROFILE=prod AWS_SESSION_TOKEN=real-token AWS_ACCESS_KEY_ID=AKIAREALREALREAL AWS_CONFIG_FILE=/etc/passwd \
    AWS_ENDPOINT_URL_S3=http://example.com AWS_RETRY_MODE=standard \
    gate env -- sh -c 'env >"$0"' "$GATE_TMP/env.txt"
e=$GATE_TMP/env.txt
expect "env: gate exit (no requests seen)" "$GATE_RC" 1
expect "env: AWS_PROFILE" "$(grep -c '^AWS_PROFILE=' "$e")" 0
expect "env: AWS_SESSION_TOKEN" "$(grep -c '^AWS_SESSION_TOKEN=' "$e")" 0
expect "env: AWS_ENDPOINT_URL_S3" "$(grep -c '^AWS_ENDPOINT_URL_S3=' "$e")" 0
expect "env: AWS_RETRY_MODE passes" "$(grep '^AWS_RETRY_MODE=' "$e")" AWS_RETRY_MODE=standard
expect "env: AWS_ACCESS_KEY_ID fresh" "$(grep -c '^AWS_ACCESS_KEY_ID=AKIDGATE[A-Z2-7]\{12\}$' "$e")" 1
expect "env: AWS_SECRET_ACCESS_KEY" "$(grep -c '^AWS_SECRET_ACCESS_KEY=.\{40\}$' "$e")" 1
expect "env: AWS_EC2_METADATA_DISABLED" "$(grep '^AWS_EC2_METADATA_DISABLED=' "$e")" AWS_EC2_METADATA_DISABLED=true
expect "env: endpoint" "$(grep -c '^AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:[0-9]*$' "$e")" 1
expect "env: AWS_ENDPOINT_URL = the DynamoDB one" "$(sed -n 's/^AWS_ENDPOINT_URL=//p' "$e")" \
    "$(sed -n 's/^AWS_ENDPOINT_URL_DYNAMODB=//p' "$e")"
expect "env: region" "$(grep -c '^AWS_REGION=us-east-1$\|^AWS_DEFAULT_REGION=us-east-1$' "$e")" 2
cfg=$(sed -n 's/^AWS_CONFIG_FILE=//p' "$e")
creds=$(sed -n 's/^AWS_SHARED_CREDENTIALS_FILE=//p' "$e")
expect "env: config file is gate's own" "$(case $cfg in /tmp/ddbconform-gate-*/config) echo yes ;; esac)" yes
expect "env: credentials file is gate's own" "$(case $creds in /tmp/ddbconform-gate-*/credentials) echo yes ;; esac)" yes
expect "env: gate's temporary folder is removed" "$(test -e "$(dirname "$cfg")" && echo left || echo removed)" removed

gate no-requests -- true
expect "no requests: exit" "$GATE_RC" 1
expect "no requests: line" "$(tail -n 1 "$GATE_DIR.log" | grep -c 'FAILED: no requests seen: the client never talked to the endpoint')" 1
reports_written

gate not-found -- ./no/such/client --flag
expect "not found: exit" "$GATE_RC" 2
expect "not found: line" "$(tail -n 1 "$GATE_DIR.log" | grep -c 'error: ./no/such/client: command not found (or not executable)')" 1
expect "not found: notFound" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["command"]["notFound"])' "$GATE_DIR/client-report.json")" True
reports_written

gate killed -- sh -c 'kill -KILL $$'
expect "killed: exit" "$GATE_RC" 1
expect "killed: line" "$(tail -n 1 "$GATE_DIR.log" | grep -c 'FAILED: sh was killed by SIGKILL')" 1
expect "killed: signal" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["command"]["signal"])' "$GATE_DIR/client-report.json")" SIGKILL
reports_written

start=$(date +%s)
gate timeout --timeout 1 -- sleep 30
expect "timeout: exit" "$GATE_RC" 1
expect "timeout: stopped within 10 s" "$(( $(date +%s) - start < 10 ))" 1
expect "timeout: line" "$(tail -n 1 "$GATE_DIR.log" | grep -c 'FAILED: sleep did not finish within --timeout 1 s and was stopped')" 1
reports_written

gate exits-3 -- sh -c 'exit 3'
expect "COMMAND exit 3: gate exit" "$GATE_RC" 1

for bad in "--timeout 0 -- true" "--level lenient -- true" "--frobnicate -- true" "--faults throttle=2 -- true" "true"; do
    # shellcheck disable=SC2086
    "$DDBCONFORM" gate --report-dir "$GATE_TMP/usage" $bad >"$GATE_TMP/usage.log" 2>&1
    rc=$?
    expect "usage '$bad': exit" "$rc" 2
    expect "usage '$bad': one line" "$(wc -l <"$GATE_TMP/usage.log")" 1
done
exit $GATE_FAILED
