#!/usr/bin/env bash
# serve_sdk_gate.sh - the AWS SDK for JavaScript v3 drives every operation in
# scope against `ddbconform serve` with verified SigV4 (tests/js/sdk_gate.mjs).
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v node >/dev/null || { echo "node not installed"; exit 77; }
[ -d tests/js/node_modules/@aws-sdk/client-dynamodb ] || { echo "run npm install in tests/js first"; exit 77; }
. tests/integration/serve_lib.bash

export AWS_ACCESS_KEY_ID=AKIDGATE00000000TEST
export AWS_SECRET_ACCESS_KEY=gate-secret-not-a-real-key
unset AWS_SESSION_TOKEN
trap 'serve_stop >/dev/null' EXIT
serve_start || exit 1
DDB_ENDPOINT="$SERVE_URL" NODE_NO_WARNINGS=1 timeout 120 node tests/js/sdk_gate.mjs
rc=$?
serve_stop || { echo "serve did not exit cleanly on SIGTERM"; exit 1; }
trap - EXIT
[ $rc -eq 0 ] || exit 1
