#!/usr/bin/env bash
# gate_boto3.sh - boto3 (the machine's Python) drives the backup / PITR
# operations through `ddbconform gate` with faults on, in standard and in legacy
# retry mode (tests/gate/boto3_backups.py). Both must come out with no failed
# rule and with the retry rules exercised (the seed puts throttle, reset,
# truncate and badcrc faults on their calls). The fresh secret the command
# received must appear in none of the reports.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
python3 -c 'import boto3' 2>/dev/null || { echo "boto3 not importable by python3: skipped"; exit 77; }
. tests/integration/gate_lib.bash
FAULTS=throttle=0.05,error500=0.03,reset=0.03,truncate=0.02,badcrc=0.03,seed=6

gate standard --faults "$FAULTS" -- sh -c 'printf %s "$AWS_SECRET_ACCESS_KEY" >"$0"; exec python3 "$1" standard' \
    "$GATE_TMP/secret" tests/gate/boto3_backups.py
expect "boto3 standard: gate exit" "$GATE_RC" 0
expect "boto3 standard: failed rules" "$(failed_rules Boto3)" ""
expect "boto3 standard: retry.after-fault" "$(rule Boto3 retry.after-fault)" passed
expect "boto3 standard: retry.crc32-checked" "$(rule Boto3 retry.crc32-checked)" passed
# (retry.jitter is not asserted for standard mode: 4 uniform draws land within
# 80 % of each other with probability 0.8 %, a warning a test must not flake on)
expect "boto3 standard: validity.request" "$(rule Boto3 validity.request)" info
expect "boto3 standard: retry scheme" "$(scheme Boto3)" botocore-standard
reports_written
secret=$(cat "$GATE_TMP/secret")
[ ${#secret} -eq 40 ] || { echo "FAIL the command saw no 40-character AWS_SECRET_ACCESS_KEY"; GATE_FAILED=1; }
if grep -rqF -- "$secret" "$GATE_DIR" "$GATE_DIR.log"; then
    echo "FAIL the secret access key appears in the reports"
    GATE_FAILED=1
fi
grep -q 'Signature=<redacted>' "$GATE_DIR/client-report.json" || { echo "FAIL no redacted signature in the examples"; GATE_FAILED=1; }

# botocore's legacy retry mode waits a fixed 0.05 * 2^(attempt-1) s for DynamoDB,
# without jitter (botocore 1.43.11 data/_retry.json, "dynamodb": "delay": {"type":
# "exponential", "base": 0.05, "growth_factor": 2}): that is its documented scheme
# (spec/client-rules.json retrySchemes botocore-legacy, declared by the User-Agent's
# cfg/retry-mode#legacy), so retry.jitter does not judge it (issue 20: no warning a
# documented scheme allows; it used to warn here).
gate legacy --faults "$FAULTS" -- python3 tests/gate/boto3_backups.py legacy
expect "boto3 legacy: gate exit" "$GATE_RC" 0
expect "boto3 legacy: failed rules" "$(failed_rules Boto3)" ""
expect "boto3 legacy: retry.after-fault" "$(rule Boto3 retry.after-fault)" passed
expect "boto3 legacy: retry.crc32-checked" "$(rule Boto3 retry.crc32-checked)" passed
expect "boto3 legacy: retry.jitter (no jitter in its scheme)" "$(rule Boto3 retry.jitter)" passed
expect "boto3 legacy: retry scheme" "$(scheme Boto3)" botocore-legacy
exit $GATE_FAILED
