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

# --test-control (run too): the cases that pause advance serve's clock instead of waiting minutes
serve_start --log --test-control || fail "serve did not start"
log=$SERVE_LOG

# 1. --plan sends nothing, even with an endpoint
"$DDBCONFORM" run --plan --endpoint "$SERVE_URL" --cases cases --report-dir "$tmp/plan" >"$tmp/plan.out" 2>&1 ||
    { cat "$tmp/plan.out"; fail "run --plan: exit $?"; }
[ -s "$tmp/plan/plan.json" ] || fail "run --plan wrote no plan.json"
[ ! -s "$log" ] || fail "run --plan sent requests: $(head -n 3 "$log")"
grep -q "^plan: [0-9]* cases" "$tmp/plan.out" || fail "no plan summary: $(cat "$tmp/plan.out")"
grep -q "cost: about \\$" "$tmp/plan.out" || fail "no cost line: $(cat "$tmp/plan.out")"

# 2. the run: what serve answered 200 to equals the plan
"$DDBCONFORM" run --endpoint "$SERVE_URL" --test-control --cases cases --jobs 4 --report-dir "$tmp/run" 2>"$tmp/run.err" ||
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

# 2b. what the run leaves: no table, no USER backup; SYSTEM backups as the plan says (boto3 lists them)
if python3 -c 'import boto3' 2>/dev/null; then
    python3 "$here/sweep_helper.py" "$SERVE_URL" inventory >"$tmp/left.json" || fail "inventory after the run"
    python3 - "$tmp/plan/plan.json" "$tmp/left.json" <<'PY' || fail "what the run left differs from the plan"
import json, sys
plan, left = (json.load(open(f)) for f in sys.argv[1:3])
system = [b for b in left["backups"] if b[2] == "SYSTEM"]
bad = []
if left["tables"]:
    bad.append("the run left tables: %s" % left["tables"][:3])
if [b for b in left["backups"] if b[2] != "SYSTEM"]:
    bad.append("the run left backups: %s" % [b for b in left["backups"] if b[2] != "SYSTEM"][:3])
if len(system) != plan["creates"]["system_backups"]:
    bad.append("SYSTEM backups: plan %d, serve holds %d" % (plan["creates"]["system_backups"], len(system)))
for b in bad:
    print(b)
print("left after the run: %d SYSTEM backups (plan: %d), PITR on %d tables" % (
    len(system), plan["creates"]["system_backups"], plan["creates"]["pitr_tables"]))
sys.exit(1 if bad else 0)
PY
fi

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
# 5. on a terminal, run asks; anything but "yes" sends nothing (script(1) gives it a terminal)
if command -v script >/dev/null; then
    printf 'no\n' | script -qec "'$DDBCONFORM' run --endpoint '$aws' --cases cases --filter 'items/*' \
        --report-dir '$tmp/tty'" /dev/null >"$tmp/tty.out" 2>&1
    rc=$?
    [ "$rc" -eq 2 ] || { cat "$tmp/tty.out"; fail "answering no on a terminal: exit $rc, want 2"; }
    grep -q "Type yes to go ahead" "$tmp/tty.out" || fail "no question on a terminal: $(cat "$tmp/tty.out")"
    grep -q "not confirmed; nothing was sent" "$tmp/tty.out" || fail "no refusal line: $(cat "$tmp/tty.out")"
fi
echo "ok"
