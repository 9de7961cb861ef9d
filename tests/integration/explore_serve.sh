#!/usr/bin/env bash
# `ddbconform explore` against `ddbconform serve` (free 127.0.0.1 port, stopped
# by PID): sequences judged in lockstep with the reference model must find
# NOTHING against the endpoint built from that model - with serve's
# test-control clock (time advanced in step), in real time, and with two
# workers; the same seed must generate the same sequence; a divergence (serve
# with injected throttling) is found, shrunk and written as a case that
# `ddbconform run` replays green against a clean serve; the CLI's error paths
# keep the contract.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
trap 'serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export AWS_ACCESS_KEY_ID=AKIDEXPLORESERVE AWS_SECRET_ACCESS_KEY=explore-serve-secret AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB

# summary.json's steps and findings, and its clock mode
check_summary() { # FILE STEPS CLOCK(true|false)
    python3 - "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want_steps, want_clock = int(sys.argv[2]), sys.argv[3] == "true"
problems = []
if s["steps"] != want_steps: problems.append("steps %d, want %d" % (s["steps"], want_steps))
if s["testClock"] != want_clock: problems.append("testClock %s" % s["testClock"])
for f in s["findings"]: problems.append("finding %s: %s (%s)" % (f["id"], f["key"], f.get("case", "")))
print("; ".join(problems))
PY
}

# 1. test-control clock: two seeds, no finding
serve_start --test-control || fail "serve did not start"
for seed in 1 2; do
    "$DDBCONFORM" explore --endpoint "$SERVE_URL" --seed "$seed" --steps 3000 --findings "$tmp/f$seed" >"$tmp/out$seed" 2>&1
    rc=$?
    [ -f "$tmp/f$seed/summary.json" ] || { cat "$tmp/out$seed"; fail "seed $seed: no summary.json (exit $rc)"; }
    bad=$(check_summary "$tmp/f$seed/summary.json" 3000 true)
    [ -z "$bad" ] || { cat "$tmp/out$seed"; fail "seed $seed against serve: $bad"; }
    [ "$rc" -eq 0 ] || { cat "$tmp/out$seed"; fail "seed $seed: exit $rc"; }
    echo "seed $seed: $(tail -n 1 "$tmp/out$seed")"
done
# 2. two workers share the test clock (each model follows the other's advances)
"$DDBCONFORM" explore --endpoint "$SERVE_URL" --seed 3 --steps 2000 --jobs 2 --findings "$tmp/j2" >"$tmp/outj" 2>&1
rc=$?
bad=$(check_summary "$tmp/j2/summary.json" 2000 true)
[ -z "$bad" ] && [ "$rc" -eq 0 ] || { cat "$tmp/outj"; fail "--jobs 2 against serve (exit $rc): $bad"; }
echo "jobs 2: $(tail -n 1 "$tmp/outj")"
serve_stop || fail "serve did not stop cleanly"

# 3. real time (no test-control clock): short waits, no finding
serve_start || fail "serve did not start"
"$DDBCONFORM" explore --endpoint "$SERVE_URL" --seed 4 --steps 100 --findings "$tmp/rt" >"$tmp/outrt" 2>&1
rc=$?
bad=$(check_summary "$tmp/rt/summary.json" 100 false)
[ -z "$bad" ] && [ "$rc" -eq 0 ] || { cat "$tmp/outrt"; fail "real-time run against serve (exit $rc): $bad"; }
echo "real time: $(tail -n 1 "$tmp/outrt")"
serve_stop >/dev/null 2>&1

# 4. same seed, fresh endpoint -> the same sequence (operation and both answers per call); and the
# clean-up left nothing
for run in a b; do
    serve_start --test-control || fail "serve did not start"
    "$DDBCONFORM" explore --endpoint "$SERVE_URL" --seed 7 --steps 300 --findings "$tmp/d$run" --verbose 2>"$tmp/v$run"
    awk -F' [|] ' '/^xp/ {split($1, a, " "); print a[2], a[3], a[4], "|", $2}' "$tmp/v$run" >"$tmp/seq$run"
    # clean-up: nothing the run created is left (its tables by the names it used, every USER backup)
    left=$(awk '/^xp/ {print $1}' "$tmp/v$run" | sort -u | python3 -c '
import sys, boto3
c = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1")
# USER backups: a SYSTEM one (a PITR table the sequence deleted) cannot be deleted; it expires
left = [b["BackupArn"] for b in c.list_backups(BackupType="USER")["BackupSummaries"]]
for prefix in sys.stdin.read().split():
    for slot in range(6):
        try:
            c.describe_table(TableName="%st%d" % (prefix, slot)); left.append("%st%d" % (prefix, slot))
        except c.exceptions.ResourceNotFoundException:
            pass
print(" ".join(left) or "nothing")' "$SERVE_URL")
    [ "$left" = nothing ] || fail "run $run left behind: $left"
    serve_stop >/dev/null 2>&1
done
[ "$(wc -l <"$tmp/seqa")" -ge 300 ] || fail "determinism run made too few calls: $(wc -l <"$tmp/seqa")"
cmp -s "$tmp/seqa" "$tmp/seqb" || { diff "$tmp/seqa" "$tmp/seqb" | head; fail "seed 7 generated different sequences"; }

# 5. a divergence: serve throttles 2 % of requests; explore finds it, shrinks it, writes a case
serve_start --test-control --faults throttle=0.02,seed=5 || fail "serve did not start"
"$DDBCONFORM" explore --endpoint "$SERVE_URL" --seed 1 --steps 400 --findings "$tmp/thr" >"$tmp/outthr" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$tmp/outthr"; fail "throttling serve: exit $rc, want 1"; }
case_file=$(python3 - "$tmp/thr/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f = [f for f in s["findings"] if "ThrottlingException" in f["key"]]
assert f, s["findings"]
assert f[0]["shrunkSteps"] <= f[0]["originalSteps"], f[0]
print(f[0]["case"])
PY
) || fail "no ThrottlingException finding in summary.json"
serve_stop >/dev/null 2>&1
grep -q '"explore-finding"' "$tmp/thr/$case_file" || fail "$case_file: not tagged explore-finding"
# the case expects the model's answers: a clean serve passes it (its pauses move serve's clock)
serve_start --test-control || fail "serve did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --test-control --cases "$tmp/thr/$case_file" --report-dir "$tmp/rep" >"$tmp/outrun" 2>&1 ||
    { cat "$tmp/outrun"; cat "$tmp/thr/$case_file"; fail "the finding's case does not replay green against serve"; }
serve_stop >/dev/null 2>&1

# 6. CLI contract: unreachable endpoint, bad flags
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$DDBCONFORM" explore --endpoint "http://127.0.0.1:$port" --steps 5 --findings "$tmp/x" >"$tmp/o" 2>"$tmp/e"
rc=$?
[ "$rc" -eq 2 ] || fail "closed port: exit $rc, want 2"
[ "$(wc -l <"$tmp/e")" -eq 1 ] || { cat "$tmp/e"; fail "closed port: want one line on stderr"; }
grep -q "http://127.0.0.1:$port: no answer (refused)" "$tmp/e" || { cat "$tmp/e"; fail "closed port: message"; }
"$DDBCONFORM" explore --endpoint "http://127.0.0.1:$port" --steps 0 2>/dev/null; [ $? -eq 2 ] || fail "--steps 0 accepted"
"$DDBCONFORM" explore --endpoint "http://127.0.0.1:$port" --level lax 2>/dev/null; [ $? -eq 2 ] || fail "--level lax accepted"
"$DDBCONFORM" explore --endpoint "http://127.0.0.1:$port" --ops Bogus 2>"$tmp/e"; [ $? -eq 2 ] || fail "--ops Bogus accepted"
grep -q "Bogus is not an operation explore generates" "$tmp/e" || { cat "$tmp/e"; fail "--ops Bogus: message"; }
"$DDBCONFORM" explore 2>/dev/null; [ $? -eq 2 ] || fail "no endpoint accepted"
"$DDBCONFORM" explore --help | grep -q -- "--steps N" || fail "--help lacks --steps"
echo "explore_serve: ok"
