#!/usr/bin/env bash
# spec_check.sh - `ddbconform spec list|show|check` end to end.
#   - check against the vendored botocore model (tests/data/botocore-model, DynamoDB model of
#     2026-08-04, the newest): all differences explained (exit 0), vector indexes included;
#   - the machine's botocore model, when older, is checked too: only the 2026-08-04 additions may
#     differ (printed, not failed);
#   - a tampered copy (TableName max 256, BackupInUseException removed from
#     CreateBackup's errors) exits 1 and names both differences;
#   - show prints the restore overrides; show of an unknown operation exits 2.
# Exit 0 pass, 1 fail.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the ddbconform binary}"
cd "$(dirname "$0")/../.."
export DDBCONFORM_HOME="$PWD"

fail() { echo "FAIL: $*"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spec_check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The model the spec follows: the vendored one (its README names the botocore commit and date).
model=tests/data/botocore-model/service-2.json.gz
[ -f "$model" ] || fail "the vendored model $model is missing"

# 1. the committed spec against the newest model: nothing unexplained
"$DDBCONFORM" spec check --model "$model" >"$tmp/check.out" 2>&1; rc=$?
cat "$tmp/check.out"
[ "$rc" -eq 0 ] || fail "spec check --model $model exited $rc, expected 0"
grep -q '^model: ' "$tmp/check.out" || fail "spec check does not say which model it used"
grep -q 'unexplained$' "$tmp/check.out" && fail "unexplained differences against the vendored model"
grep -qE '^22 operations, [0-9]+ shapes compared: [0-9]+ differences explained, 0 unexplained' "$tmp/check.out" ||
    fail "spec check's summary line: expected 22 operations and 0 unexplained"
grep -qF '(shape BackupArn): min: model 37, spec none — explained: ' "$tmp/check.out" ||
    fail "the BackupArn min drift is not reported as explained"
grep -qF '(shape KMSMasterKeyId): min: model none, spec 1 — explained: ' "$tmp/check.out" ||
    fail "the KMSMasterKeyId min drift is not reported as explained"
# the 2026-08-04 additions are in the spec
"$DDBCONFORM" spec show RestoreTableToPointInTime >"$tmp/pitr.out" 2>&1 || fail "spec show RestoreTableToPointInTime failed"
grep -qxF '  VectorIndexOverride: VectorIndexList list  since 2026-08-04' "$tmp/pitr.out" ||
    fail "spec show RestoreTableToPointInTime lacks VectorIndexOverride"

# 1b. the machine's botocore model (informational): an older one lacks only what came later
machine=""
for p in /usr/lib/python3/dist-packages/botocore \
         $(python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))' 2>/dev/null); do
    for f in "$p/data/dynamodb/2012-08-10/service-2.json.gz" "$p/data/dynamodb/2012-08-10/service-2.json"; do
        [ -f "$f" ] && { machine=$f; break 2; }
    done
done
if [ -n "$machine" ]; then
    "$DDBCONFORM" spec check --model "$machine" >"$tmp/machine.out" 2>&1
    echo "machine's model $machine: $(tail -1 "$tmp/machine.out")"
    grep 'unexplained$' "$tmp/machine.out" | grep -v 'Vector' | grep -q . &&
        fail "the machine's model differs from the spec in something other than the 2026-08-04 vector indexes"
fi

# 2. a tampered model: two differences, both named, exit 1
python3 - "$model" "$tmp/tampered.json" <<'EOF' || fail "could not write the tampered model"
import gzip, json, sys
src, dst = sys.argv[1], sys.argv[2]
with (gzip.open if src.endswith(".gz") else open)(src, "rt", encoding="utf-8") as f:
    m = json.load(f)
m["shapes"]["TableName"]["max"] = 256
errs = m["operations"]["CreateBackup"]["errors"]
m["operations"]["CreateBackup"]["errors"] = [e for e in errs if e["shape"] != "BackupInUseException"]
with open(dst, "w") as f:
    json.dump(m, f)
EOF
"$DDBCONFORM" spec check --model "$tmp/tampered.json" >"$tmp/tampered.out" 2>&1; rc=$?
cat "$tmp/tampered.out"
[ "$rc" -eq 1 ] || fail "tampered model: exit $rc, expected 1"
grep -qE '^drift: .*\(shape TableName\): max: model 256, spec 255 — unexplained$' "$tmp/tampered.out" ||
    fail "tampered model: the TableName max difference is not named"
grep -qxF 'drift: CreateBackup: errors: spec lists BackupInUseException, model does not — unexplained' \
    "$tmp/tampered.out" || fail "tampered model: the CreateBackup error-list difference is not named"
[ "$(grep -c 'unexplained$' "$tmp/tampered.out")" -eq 2 ] || fail "tampered model: expected exactly 2 unexplained lines"

# 3. gzip input is read too (zlib), and a missing model file is an IO error (2)
gzip -c "$tmp/tampered.json" >"$tmp/tampered.json.gz"
"$DDBCONFORM" spec check --model "$tmp/tampered.json.gz" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 1 ] || fail "gzip tampered model: exit $rc, expected 1"
"$DDBCONFORM" spec check --model "$tmp/none.json" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "missing model file: exit $rc, expected 2"

# 4. show and list
"$DDBCONFORM" spec show RestoreTableFromBackup >"$tmp/show.out" 2>&1; rc=$?
[ "$rc" -eq 0 ] || fail "spec show RestoreTableFromBackup exited $rc"
for want in \
    '  TargetTableName: TableName string  required  length 3..255  pattern [a-zA-Z0-9_.-]+' \
    '  BackupArn: BackupArn string  required  length <= 1024  check backup-arn' \
    '  BillingModeOverride: BillingMode string  enum [PROVISIONED, PAY_PER_REQUEST]  since 2019-11-12' \
    '  GlobalSecondaryIndexOverride: GlobalSecondaryIndexList list  since 2019-11-12' \
    '  LocalSecondaryIndexOverride: LocalSecondaryIndexList list  since 2019-11-12' \
    '  ProvisionedThroughputOverride: ProvisionedThroughput structure  since 2019-11-12' \
    '  OnDemandThroughputOverride: OnDemandThroughput structure  since 2024-05-02' \
    '  SSESpecificationOverride: SSESpecification structure  since 2020-02-17' \
    '    KMSMasterKeyId: KMSMasterKeyId string  length >= 1'; do
    grep -qxF -- "$want" "$tmp/show.out" || fail "spec show RestoreTableFromBackup lacks the line: $want"
done
"$DDBCONFORM" spec show Nope >"$tmp/nope.out" 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "spec show Nope: exit $rc, expected 2"
[ "$(wc -l <"$tmp/nope.out")" -eq 1 ] || fail "spec show Nope: expected a one-line message"
"$DDBCONFORM" spec list >"$tmp/list.out" 2>&1 || fail "spec list failed"
[ "$(wc -l <"$tmp/list.out")" -eq 22 ] || fail "spec list: expected 22 operations"
grep -qxE 'UpdateTimeToLive +2017-02-27  plumbing' "$tmp/list.out" || fail "spec list: UpdateTimeToLive is not marked plumbing"
grep -qxE 'RestoreTableToPointInTime +2018-03-26' "$tmp/list.out" || fail "spec list: RestoreTableToPointInTime line"
grep -qxE 'PutItem +2012-08-10  plumbing' "$tmp/list.out" || fail "spec list: PutItem is not marked plumbing"
"$DDBCONFORM" spec frobnicate >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "unknown spec subcommand: exit $rc, expected 2"
echo "spec_check: ok"
