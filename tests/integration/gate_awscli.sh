#!/usr/bin/env bash
# gate_awscli.sh - the AWS CLI (one process per call, as shell scripts use it)
# drives the backup operations through `ddbconform gate` with faults on
# (tests/gate/awscli_backups.sh): no rule may fail and the faults must have
# been retried.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
aws --version >/dev/null 2>&1 || { echo "aws (the AWS CLI) not installed: skipped"; exit 77; }
. tests/integration/gate_lib.bash

gate cli --faults throttle=0.1,error500=0.05,reset=0.05,badcrc=0.05,seed=3 -- bash tests/gate/awscli_backups.sh
expect "aws cli: gate exit" "$GATE_RC" 0
expect "aws cli: failed rules" "$(failed_rules aws-cli)" ""
expect "aws cli: retry.after-fault" "$(rule aws-cli retry.after-fault)" passed
expect "aws cli: retry.invocation-id" "$(rule aws-cli retry.invocation-id)" passed
expect "aws cli: signing.signature" "$(rule aws-cli signing.signature)" passed
reports_written
exit $GATE_FAILED
