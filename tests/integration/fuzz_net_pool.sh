#!/usr/bin/env bash
# `ddbconform fuzz` keeps what its stream creates bounded (the pool,
# S_POOL_BOUND per worker and deleting operation in netfuzz/fuzznet.c) and
# leaves nothing behind. Against `ddbconform serve` (free 127.0.0.1 port,
# stopped by PID), 6,000 requests on two workers, while boto3 counts the
# endpoint's backups (ListBackups, every page) over and over:
#  - the pool filled and deleted (summary.json "pool"), with no finding;
#  - the endpoint never held more backups than the set-up's plus (bound + 1)
#    per worker (+1: the moment between a CreateBackup's answer and the
#    pool's delete); without the pool the same run holds ~400;
#  - after the run no backup is left, and all DC_MODEL_MAX_TABLES (256) tables
#    can be created again: none of the fuzzer's tables is left either (counted
#    by creating, not by ListTables: the 257th is refused, so the count means something).
# Skipped when boto3 is not importable.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
poller=""
trap '[ -n "$poller" ] && kill "$poller" 2>/dev/null; serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export AWS_ACCESS_KEY_ID=AKIDFUZZPOOL AWS_SECRET_ACCESS_KEY=fuzz-pool-secret AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
if ! python3 -c 'import boto3' 2>/dev/null; then
    echo "boto3 not importable: skipped"
    echo ok
    exit 0
fi

cat >"$tmp/backups.py" <<'PY'
import boto3, sys
def client(url):
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1")
def count_backups(c):
    n, kw = 0, {}
    while True:
        r = c.list_backups(**kw)
        n += len(r.get("BackupSummaries", []))
        if "LastEvaluatedBackupArn" not in r:
            return n
        kw = {"ExclusiveStartBackupArn": r["LastEvaluatedBackupArn"]}
PY

serve_start || fail "serve did not start"
# the poller: the most backups seen at once, until $tmp/stop exists
python3 - "$SERVE_URL" "$tmp/stop" >"$tmp/most" 2>"$tmp/poll.err" <<PY &
import os, sys, time
sys.path.insert(0, "$tmp"); from backups import client, count_backups
c, most, polls = client(sys.argv[1]), 0, 0
while not os.path.exists(sys.argv[2]):
    most, polls = max(most, count_backups(c)), polls + 1
    time.sleep(0.02)
print(most, polls)
PY
poller=$!
"$DDBCONFORM" fuzz --endpoint "$SERVE_URL" --seed 1 --requests 6000 --jobs 2 --cases "$top/cases" \
    --findings "$tmp/f" >"$tmp/out" 2>&1
rc=$?
touch "$tmp/stop"
wait "$poller"
poller=""
[ -s "$tmp/most" ] || { cat "$tmp/poll.err"; fail "the ListBackups poller failed"; }
[ "$rc" -eq 0 ] || { grep '^FINDING' "$tmp/out" | head; tail -n 3 "$tmp/out"; fail "fuzz: exit $rc"; }
python3 - "$tmp/f/summary.json" $(cat "$tmp/most") <<'PY' || fail "the pool's bound"
import json, sys
s = json.load(open(sys.argv[1]))
most, polls = int(sys.argv[2]), int(sys.argv[3])
p = s["pool"]
assert s["requests"] == 6000 and s["jobs"] == 2 and s["findings"] == 0, s
bound = p["bound"]
assert p["deletes"] > 0, p                                   # the pool filled and deleted
assert p["mostPerWorker"]["DeleteBackup"] == bound, p        # filled up to its bound, never past it
assert p["mostPerWorker"]["DeleteTable"] <= 2 * bound, p    # + restore targets still CREATING (150 ms)
assert polls >= 3, polls
limit = p["setUp"]["DeleteBackup"] + (bound + 1) * s["jobs"]
assert most <= limit, "the endpoint held %d backups, the pool allows %d" % (most, limit)
print("pool: bound %d, %d deletes; the endpoint held at most %d backups (limit %d, %d polls)" %
      (bound, p["deletes"], most, limit, polls))
PY

# after the run: nothing of the fuzzer's is left
python3 - "$SERVE_URL" <<PY || fail "the fuzzer left resources on the endpoint"
import sys
sys.path.insert(0, "$tmp"); from backups import client, count_backups
c = client(sys.argv[1])
left = count_backups(c)
assert left == 0, "%d backups left" % left
attr = dict(AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
for i in range(256):  # DC_MODEL_MAX_TABLES: every table the fuzzer left takes one
    c.create_table(TableName="pool-check-%03d" % i, **attr)
try:
    c.create_table(TableName="pool-check-256", **attr)
    raise AssertionError("the 257th table was created: the table count proves nothing")
except c.exceptions.LimitExceededException:
    pass
print("after the run: no backup left, all 256 tables free")
PY
serve_stop || fail "serve did not stop cleanly"
echo ok
