#!/usr/bin/env bash
# The real service's pace (spec/pace-aws.json), short: serve --pace throttles
# ListBackups from the sixth call in a second with the service's exact answer;
# the throttle-prone cases (list-backups/*, and the restore/* and
# list-backups/* cases that send without waiting) against serve --pace
# aws:0.02 fail without run --pace and pass with it at --jobs 8, and serve
# answered no ThrottlingException at all (run's waiters and jobs stay under
# the rates); a throttled step is retried and noted, never failed. The full
# paced suite at --jobs 1 and 8 is `make test-pace` (mk/pace.mk).
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
export AWS_REGION=us-east-1
# the cases of list-backups/* and restore/* that send without waiting: bursts
bursts=(--cases cases --filter '[lr][ie]st*/*' --exclude-tags needs-real-time)

# 1. the sixth ListBackups in a second: 400 ThrottlingException "Rate exceeded".
# aws:100 (100 times slower: a token every 20 s) keeps the burst of 5 and makes
# the answer independent of how fast this machine sends the six calls
serve_start --pace aws:100 || fail "serve --pace aws:100 did not start"
python3 - "$SERVE_URL" >"$tmp/burst" <<'EOF' || fail "the burst client failed: $(cat "$tmp/burst")"
import sys, botocore.session
from botocore.config import Config
c = botocore.session.get_session().create_client(
    'dynamodb', region_name='us-east-1', endpoint_url=sys.argv[1], config=Config(retries={'total_max_attempts': 1}))
for _ in range(6):
    try:
        c.list_backups()
        print('200')
    except c.exceptions.ClientError as e:
        r = e.response
        print(r['ResponseMetadata']['HTTPStatusCode'], r['Error']['Code'], r['Error']['Message'])
EOF
want=$'200\n200\n200\n200\n200\n400 ThrottlingException Rate exceeded'
[ "$(cat "$tmp/burst")" = "$want" ] || fail "six ListBackups at once: $(tr '\n' '|' <"$tmp/burst"), want 5 x 200 then the throttle"
serve_stop || fail "serve did not stop"

# 2. without run --pace the paced endpoint throttles the suite into failures
# (at the real rates: however slow this machine, 200 cases in a few seconds
# are far above 10 restores a second)
serve_start --pace aws --threads 8 --log || fail "serve --pace aws did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" "${bursts[@]}" --jobs 8 --report-dir "$tmp/unpaced" 2>"$tmp/err1"
rc=$?
[ "$rc" -eq 1 ] || fail "unpaced run: exit $rc, want 1 (serve --pace throttles): $(tail -n 2 "$tmp/err1")"
grep -q '"actual":"400 ThrottlingException: Rate exceeded"\|ThrottlingException' "$tmp/unpaced/report.json" ||
    fail "unpaced run: no ThrottlingException in the report"
serve_stop || fail "serve did not stop"

# 3. with run --pace: 0 failures at --jobs 8 (the bursts, then every
# list-backups case with its waiters), and serve throttled nothing
serve_start --pace aws:0.02 --threads 8 --log || fail "serve --pace aws:0.02 did not start"
for sel in bursts all-list-backups; do
    if [ "$sel" = bursts ]; then args=("${bursts[@]}"); else args=(--cases cases --filter 'list-backups/*'); fi
    "$DDBCONFORM" run --endpoint "$SERVE_URL" --pace aws:0.02 "${args[@]}" --jobs 8 --report-dir "$tmp/$sel" \
        2>"$tmp/err-$sel"
    rc=$?
    [ "$rc" -eq 0 ] || { tail -n 20 "$tmp/err-$sel"; fail "paced run ($sel): exit $rc, want 0"; }
    grep -q " 0 failed, 0 skipped," "$tmp/err-$sel" || fail "paced run ($sel): $(tail -n 1 "$tmp/err-$sel")"
done
n=$(grep -c "fault=throttle" "$SERVE_LOG")
[ "$n" -eq 0 ] || fail "paced runs: serve answered $n ThrottlingExceptions, want 0 (run exceeded a rate)"
serve_stop || fail "serve did not stop"

# 4. a throttled step is retried with backoff and noted, never failed
serve_start --faults throttle=0.3,seed=5 --threads 4 || fail "serve --faults did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --pace aws:0.01 --cases cases --filter 'list-backups/*' --jobs 4 \
    --report-dir "$tmp/faulty" 2>"$tmp/err3"
rc=$?
[ "$rc" -eq 0 ] || { tail -n 20 "$tmp/err3"; fail "run --pace against 30 % throttling: exit $rc, want 0"; }
grep -q "throttled: steps\[[0-9]*\] ([A-Za-z]*) answered ThrottlingException 'Rate exceeded'; retried after" \
    "$tmp/faulty/report.json" || fail "no 'throttled: ... retried after' note in report.json"
grep -Eq "^ddbconform run: throttled: [1-9][0-9]* calls retried, 0 cases given up" "$tmp/err3" ||
    fail "no console line counting the retried calls: $(tail -n 2 "$tmp/err3")"
serve_stop || fail "serve did not stop"
echo "ok"
