#!/usr/bin/env bash
# Interrupted runs leave nothing behind, and sweep deletes only the suite's:
#  1. foreign tables and backups (ordinary names, look-alikes of the name scheme) and a table of
#     the scheme whose case started now are planted on serve (boto3);
#  2. a run against serve with slow restores is killed with SIGKILL while restores are in flight;
#  3. sweep --older-than 1h deletes nothing (all of it is seconds old), sweep --older-than 0
#     deletes every table and backup the run made: only the planted ones are left, untouched;
#  4. a run stopped with SIGINT in the middle of restores cleans up after itself, no sweep;
#  5. a backup a running restore holds, with --wait 0, is exit 1 and named; the next sweep ends it;
#  6. against a serve that throttles 30 % of requests, sweep still deletes everything (backoff).
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=serve_lib.bash
. "$here/serve_lib.bash"
tmp=$(mktemp -d)
run_pid=
cleanup() {
    [ -n "$run_pid" ] && kill -KILL "$run_pid" 2>/dev/null
    serve_stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
python3 -c 'import boto3' 2>/dev/null || { echo "SKIP: boto3 is not installed"; exit 0; }
helper() { python3 "$here/sweep_helper.py" "$SERVE_URL" "$@"; }

# the AWS pace at 1/66 (a restore 3.2 s, a table 0.1 s, the rate limits): a run is always in the middle of restores
serve_start --log --pace aws:0.015 || fail "serve did not start"
helper plant >"$tmp/planted.json" || fail "planting the foreign resources failed"
helper inventory >"$tmp/before.json" || fail "inventory"

# started in the middle: waits until serve has accepted a restore, then kills
start_run_until_restoring() {
    local since
    since=$(wc -l <"$SERVE_LOG")
    "$DDBCONFORM" run --endpoint "$SERVE_URL" --cases cases --filter 'restore/*' --jobs 4 --pace aws:0.015 \
        --report-dir "$tmp/$1" >"$tmp/$1.out" 2>&1 &
    run_pid=$!
    for _ in $(seq 200); do
        tail -n +"$((since + 1))" "$SERVE_LOG" | grep -q '^RestoreTableFromBackup 200' && return 0
        sleep 0.05
    done
    fail "$1: no restore started within 10 s: $(tail -n 3 "$tmp/$1.out")"
}

# ---- SIGKILL, then sweep ----
start_run_until_restoring killed
sleep 0.5
kill -KILL "$run_pid"
wait "$run_pid" 2>/dev/null
run_pid=
helper inventory >"$tmp/killed.json" || fail "inventory after the kill"
python3 - "$tmp/before.json" "$tmp/killed.json" <<'PY' || fail "the kill left nothing to sweep: the test would prove nothing"
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:3])
left = [t for t in after["tables"] if t not in before["tables"]]
print("left by the killed run: %d tables, %d backups" % (len(left), len(after["backups"]) - len(before["backups"])))
sys.exit(0 if left else 1)
PY

"$DDBCONFORM" sweep --endpoint "$SERVE_URL" >"$tmp/sweep1.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/sweep1.out"; fail "sweep --older-than 1h: exit $rc, want 0"; }
# only the planted day-old table of the scheme goes (not its "manual-copy" backup: not the suite's name)
grep -q "^swept: 1 tables and 0 backups deleted" "$tmp/sweep1.out" ||
    fail "sweep --older-than 1h: want only the day-old table deleted: $(cat "$tmp/sweep1.out")"

helper inventory >"$tmp/killed.json" || fail "inventory after the first sweep"
"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 0 --dry-run >"$tmp/dry.out" 2>&1 || fail "sweep --dry-run"
helper inventory >"$tmp/dry.json"
cmp -s "$tmp/killed.json" "$tmp/dry.json" || fail "sweep --dry-run changed the endpoint"

"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 0 >"$tmp/sweep2.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/sweep2.out"; fail "sweep --older-than 0: exit $rc, want 0"; }
grep -E "^swept:|deletion protection" "$tmp/sweep2.out"
helper inventory >"$tmp/swept.json" || fail "inventory after the sweep"
python3 - "$tmp/before.json" "$tmp/swept.json" "$tmp/planted.json" <<'PY' || fail "after SIGKILL + sweep"
import json, sys
before, after, planted = (json.load(open(f)) for f in sys.argv[1:4])
import re, zlib
def ours(name):  # the scheme of harness/suite/names.h, checked independently of the C code
    m = re.match(r"(ddbc-[0-9a-f]{6}-[0-9a-f]{8}-[0-9a-f]{4})([0-9a-f]{4})([-._]|$)", name)
    return bool(m) and int(m.group(2), 16) == zlib.crc32(m.group(1).encode()) & 0xFFFF
# planted and the suite's: the young table and the old one someone backed up as "manual-copy"
foreign_tables = [t for t in before["tables"] if not ours(t)]
if len(foreign_tables) != len(before["tables"]) - 2:
    bad_plant = "the planting should hold exactly 2 tables of the scheme: %s" % before["tables"]
    print(bad_plant)
    sys.exit(1)
bad = []
if sorted(after["tables"]) != sorted(foreign_tables):
    bad.append("tables: want exactly the foreign ones %s, have %s" % (foreign_tables, after["tables"]))
user = [b for b in after["backups"] if b[2] == "USER"]
if sorted(user) != sorted(before["backups"]):
    bad.append("USER backups: want exactly the foreign ones %s, have %s" % (before["backups"], user))
system = [b for b in after["backups"] if b[2] == "SYSTEM" and not b[1].startswith("ddbc-")]
if system:
    bad.append("SYSTEM backups of foreign tables appeared: %s" % system)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

# ---- SIGINT: the run's own cleanup, no sweep ----
helper inventory >"$tmp/before2.json"
start_run_until_restoring interrupted
sleep 0.5
kill -INT "$run_pid"
for _ in $(seq 600); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$run_pid" 2>/dev/null && fail "run did not end within 60 s of SIGINT"
wait "$run_pid"
rc=$?
run_pid=
[ "$rc" -eq 2 ] || { tail -n 3 "$tmp/interrupted.out"; fail "interrupted run: exit $rc, want 2"; }
grep -q "interrupted" "$tmp/interrupted.out" || fail "the run does not say it was interrupted"
helper inventory >"$tmp/after2.json"
python3 - "$tmp/before2.json" "$tmp/after2.json" <<'PY' || fail "after SIGINT"
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:3])
tables = [t for t in after["tables"] if t not in before["tables"]]
user = [b for b in after["backups"] if b[2] == "USER" and b not in before["backups"]]
for what, left in (("tables", tables), ("USER backups", user)):
    if left:
        print("the interrupted run left %d %s: %s" % (len(left), what, left[:3]))
sys.exit(1 if tables or user else 0)
PY

# ---- what cannot be deleted in time is exit 1, named; the next sweep finishes it ----
helper restoring || fail "planting a restore in progress failed"
"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 0 --wait 0 >"$tmp/busy.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$tmp/busy.out"; fail "sweep --wait 0 during a restore: exit $rc, want 1"; }
grep -q "could not delete: BackupInUseException" "$tmp/busy.out" ||
    fail "the backup a restore reads is not named: $(cat "$tmp/busy.out")"
"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 0 >"$tmp/busy2.out" 2>&1 ||
    { cat "$tmp/busy2.out"; fail "the sweep after the restore: exit $?, want 0"; }

# usage errors
"$DDBCONFORM" sweep --older-than 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "sweep without an endpoint: want exit 2"
"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 5x >/dev/null 2>&1
[ $? -eq 2 ] || fail "sweep --older-than 5x: want exit 2"
# ---- throttling: a serve that answers 30 % of requests with ThrottlingException ----
serve_stop >/dev/null 2>&1
serve_start --faults throttle=0.3,seed=7 || fail "serve with faults did not start"
helper leftovers 6 || fail "planting through the throttling serve failed"
"$DDBCONFORM" sweep --endpoint "$SERVE_URL" --older-than 0 >"$tmp/throttled.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/throttled.out"; fail "sweep against a throttling serve: exit $rc, want 0"; }
grep -E "^swept: 6 tables and 0 backups deleted, .* [1-9][0-9]* throttled retries" "$tmp/throttled.out" ||
    fail "throttled sweep: $(tail -n 1 "$tmp/throttled.out")"
helper inventory >"$tmp/throttled.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(1 if d['tables'] else 0)" "$tmp/throttled.json" ||
    fail "tables left after the throttled sweep: $(cat "$tmp/throttled.json")"
echo "ok"
