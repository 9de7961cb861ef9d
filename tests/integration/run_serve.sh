#!/usr/bin/env bash
# The golden suite against the reference endpoint must be 100 % green: once
# embedded (`run` without --endpoint) and once against `ddbconform serve` over HTTP.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
tmp=$(mktemp -d)
serve_pid=
cleanup() { [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
"$DDBCONFORM" run --cases cases --report-dir "$tmp/embedded" --jobs 2 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/err"; fail "embedded reference endpoint: exit $rc, want 0"; }
grep -q " 0 failed, 0 skipped, 0 unsupported, 0 xfail" "$tmp/err" || fail "summary: $(tail -n 1 "$tmp/err")"
if grep -rq "$AWS_SECRET_ACCESS_KEY" "$tmp/embedded"; then fail "the secret key reached a report file"; fi

port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# --test-control both sides: the cases that pause (PITR restore points, backups between
# writes) advance serve's clock instead of waiting minutes of real time (runner.h)
"$DDBCONFORM" serve --host 127.0.0.1 --port "$port" --test-control >"$tmp/serve.log" 2>&1 & serve_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --test-control --cases cases --report-dir "$tmp/http" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/err"; fail "ddbconform serve: exit $rc, want 0"; }
echo "ok"
