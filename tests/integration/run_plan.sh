#!/usr/bin/env bash
# run --plan: sends nothing, and its totals equal what the run then creates on
# serve (counted from serve's --log lines: one "<Operation> <status>" per
# request). Against *.amazonaws.com, run shows the plan and refuses without --yes.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=serve_lib.bash
. "$here/serve_lib.bash"
tmp=$(mktemp -d)
cleanup() { serve_stop >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001

serve_start --log || fail "serve did not start"
log=$SERVE_LOG

# 1. --plan sends nothing, even with an endpoint
"$DDBCONFORM" run --plan --endpoint "$SERVE_URL" --cases cases --report-dir "$tmp/plan" >"$tmp/plan.out" 2>&1 ||
    { cat "$tmp/plan.out"; fail "run --plan: exit $?"; }
[ -s "$tmp/plan/plan.json" ] || fail "run --plan wrote no plan.json"
[ ! -s "$log" ] || fail "run --plan sent requests: $(head -n 3 "$log")"
grep -q "^plan: [0-9]* cases" "$tmp/plan.out" || fail "no plan summary: $(cat "$tmp/plan.out")"
grep -q "cost: about \\$" "$tmp/plan.out" || fail "no cost line: $(cat "$tmp/plan.out")"

# 2. the run: what serve answered 200 to equals the plan
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases cases --jobs 4 --report-dir "$tmp/run" 2>"$tmp/run.err" ||
    { tail -n 5 "$tmp/run.err"; fail "run against serve failed"; }
python3 - "$tmp/plan/plan.json" "$log" <<'PY' || fail "plan and serve disagree"
import collections, json, sys
plan = json.load(open(sys.argv[1]))
ok = collections.Counter(l.split()[0] for l in open(sys.argv[2]) if len(l.split()) > 1 and l.split()[1] == "200")
c = plan["creates"]
want = {
    "tables": ok["CreateTable"] + ok["RestoreTableFromBackup"] + ok["RestoreTableToPointInTime"],
    "backups": ok["CreateBackup"],
    "restores": ok["RestoreTableFromBackup"] + ok["RestoreTableToPointInTime"],
    "pitr_restores": ok["RestoreTableToPointInTime"],
    "item_writes": ok["PutItem"] + ok["UpdateItem"] + ok["DeleteItem"],
}
bad = [f"{k}: plan {c[k]}, serve created {v}" for k, v in want.items() if c[k] != v]
# every successful call of a creating operation, PITR updates included
for op in ("CreateTable", "CreateBackup", "RestoreTableFromBackup", "RestoreTableToPointInTime", "PutItem",
           "UpdateContinuousBackups"):
    if plan["successful_calls"].get(op, 0) != ok[op]:
        bad.append(f"{op}: plan {plan['successful_calls'].get(op, 0)} successful calls, serve answered 200 to {ok[op]}")
if c["pitr_enables"] > ok["UpdateContinuousBackups"]:
    bad.append(f"pitr_enables {c['pitr_enables']} > UpdateContinuousBackups 200s {ok['UpdateContinuousBackups']}")
if c["tables"] == 0 or c["backups"] == 0 or c["restores"] == 0:
    bad.append(f"the corpus should create tables, backups and restores: {c}")
if plan["unprovable_names"]:
    bad.append(f"names sweep could not prove: {plan['unprovable_names'][:3]}")
for b in bad:
    print(b)
print("plan vs serve:", {k: c[k] for k in want}, "pitr_enables", c["pitr_enables"])
sys.exit(1 if bad else 0)
PY

# 3. a selection plans only what it selects
"$DDBCONFORM" run --plan --cases cases --filter 'items/*' --report-dir "$tmp/sel" >/dev/null 2>&1 || fail "--plan --filter"
python3 -c "
import json,sys
a=json.load(open('$tmp/sel/plan.json')); b=json.load(open('$tmp/plan/plan.json'))
assert 0 < a['cases'] < b['cases'], (a['cases'], b['cases'])
assert all(c['id'].startswith('items/') for c in a['per_case'])
" || fail "--filter did not narrow the plan"

# 4. the real service: totals, then no without --yes (stdin is not a terminal)
aws=https://dynamodb.us-east-1.amazonaws.com
"$DDBCONFORM" run --endpoint "$aws" --cases cases --filter 'items/*' --report-dir "$tmp/aws" </dev/null >"$tmp/aws.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || { cat "$tmp/aws.out"; fail "run against $aws without --yes: exit $rc, want 2"; }
grep -q "pass --yes" "$tmp/aws.out" || fail "the refusal does not name --yes: $(cat "$tmp/aws.out")"
grep -q "^plan: " "$tmp/aws.out" || fail "the refusal does not show the plan: $(cat "$tmp/aws.out")"
[ ! -e "$tmp/aws/report.json" ] || fail "a report was written although nothing may run"
echo "ok"
