#!/usr/bin/env bash
# awscli_backups.sh - the AWS CLI drives the backup / PITR operations through
# whatever endpoint AWS_ENDPOINT_URL_DYNAMODB names (`ddbconform gate` sets it).
# One CLI process per call, as shell scripts use it. "Already done" answers of
# the non-idempotent calls are accepted: a retry after a bad crc32 answer
# repeats a call that already ran on the server.
set -u
table=gate-cli-music
ok_or() { # ok_or ERRORNAME aws ...: runs the command, accepts that one error
    local tolerate=$1; shift
    local out
    if ! out=$("$@" 2>&1); then
        case $out in *"($tolerate)"*) return 0 ;; esac
        echo "$out" >&2
        return 1
    fi
    printf '%s\n' "$out"
}
ok_or ResourceInUseException aws dynamodb create-table --table-name "$table" --billing-mode PAY_PER_REQUEST \
    --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH >/dev/null || exit 1
aws dynamodb update-continuous-backups --table-name "$table" \
    --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true >/dev/null || exit 1
arn=$(aws dynamodb create-backup --table-name "$table" --backup-name nightly --query BackupDetails.BackupArn \
    --output text) || exit 1
aws dynamodb describe-backup --backup-arn "$arn" >/dev/null || exit 1
aws dynamodb list-backups --table-name "$table" >/dev/null || exit 1
ok_or BackupNotFoundException aws dynamodb delete-backup --backup-arn "$arn" >/dev/null || exit 1
echo "aws cli: done"
