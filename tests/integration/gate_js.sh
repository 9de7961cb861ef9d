#!/usr/bin/env bash
# gate_js.sh - the AWS SDK for JavaScript v3 (tests/js/node_modules) drives the
# backup / PITR operations through `ddbconform gate` with faults on
# (tests/js/gate_backups.mjs).
#
# FINDING (pinned): the AWS SDK for JavaScript v3 does not check x-amz-crc32.
# No middleware of @aws-sdk/client-dynamodb 3.1164 reads the header
# (`grep -rl x-amz-crc32 tests/js/node_modules` finds nothing; @smithy's crc32
# code is for S3's x-amz-checksum-crc32), so an answer whose checksum does not
# match its body is accepted and the call is not attempted again, where
# botocore retries it (data/_retry.json, dynamodb policy "crc32"). With this
# seed badcrc faults land on JS calls: retry.crc32-checked fails and gate exits
# 1. Every other rule holds: the throttled, failed and reset calls are retried.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v node >/dev/null || { echo "node not installed: skipped"; exit 77; }
[ -d tests/js/node_modules/@aws-sdk/client-dynamodb ] || { echo "run npm install in tests/js first: skipped"; exit 77; }
. tests/integration/gate_lib.bash

NODE_NO_WARNINGS=1 gate js --faults throttle=0.05,error500=0.03,reset=0.03,truncate=0.02,badcrc=0.03,seed=6 -- \
    node tests/js/gate_backups.mjs
expect "js v3: gate exit (the crc32 finding)" "$GATE_RC" 1
expect "js v3: failed rules" "$(failed_rules aws-sdk-js)" "retry.crc32-checked"
expect "js v3: retry.after-fault" "$(rule aws-sdk-js retry.after-fault)" passed
expect "js v3: retry.attempt-header" "$(rule aws-sdk-js retry.attempt-header)" passed
expect "js v3: signing.amz-headers-signed" "$(rule aws-sdk-js signing.amz-headers-signed)" passed
grep -q 'retry.crc32-checked (AKIDGATE[A-Z2-7]*/aws-sdk-js)' "$GATE_DIR.log" ||
    { echo "FAIL the verdict line does not name retry.crc32-checked"; GATE_FAILED=1; }
reports_written

# without badcrc faults the same client passes every rule
NODE_NO_WARNINGS=1 gate js-nocrc --faults throttle=0.05,error500=0.03,reset=0.03,truncate=0.02,seed=6 -- \
    node tests/js/gate_backups.mjs
expect "js v3 without badcrc: gate exit" "$GATE_RC" 0
expect "js v3 without badcrc: retry.after-fault" "$(rule aws-sdk-js retry.after-fault)" passed
exit $GATE_FAILED
