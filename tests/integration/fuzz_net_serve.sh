#!/usr/bin/env bash
# `ddbconform fuzz` against `ddbconform serve` (free 127.0.0.1 port, stopped by
# PID): 2,000 requests on two seeds must find NOTHING (a finding is a bug in
# serve, the validation core or the spec), the same seed must send the same
# request sequence to a fresh endpoint, and the CLI's error paths keep the
# contract (unreachable endpoint: one line, exit 2).
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
trap 'serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export AWS_ACCESS_KEY_ID=AKIDFUZZSERVE AWS_SECRET_ACCESS_KEY=fuzz-serve-secret AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB

# Against serve the fuzzer must find nothing at all (no tolerated keys).
known='(?!x)x'

serve_start || fail "serve did not start"
for seed in 1 2; do
    "$DDBCONFORM" fuzz --endpoint "$SERVE_URL" --seed "$seed" --requests 2000 --cases "$top/cases" \
        --findings "$tmp/f$seed" >"$tmp/out$seed" 2>&1
    rc=$?
    [ -f "$tmp/f$seed/summary.json" ] || { cat "$tmp/out$seed"; fail "seed $seed: no summary.json (exit $rc)"; }
    unexpected=$(python3 - "$tmp/f$seed/summary.json" "$known" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
assert s["requests"] == 2000, s["requests"]
for f in s["list"]:
    if not re.match(sys.argv[2], f["key"]):
        print(f["class"], f["key"], f.get("case", ""))
PY
)
    [ -z "$unexpected" ] || { grep '^FINDING' "$tmp/out$seed" | head -20; fail "seed $seed: findings against serve: $unexpected"; }
    [ "$rc" -eq 0 ] || { cat "$tmp/out$seed"; fail "seed $seed: exit $rc"; }
    echo "seed $seed: $(tail -n 1 "$tmp/out$seed")"
done
serve_stop || fail "serve did not stop cleanly"

# same seed, fresh endpoint -> the same request sequence (operation and mutator per request; bodies
# may differ where a seed carries a value captured from a response, e.g. a creation time)
for run in a b; do
    serve_start || fail "serve did not start"
    "$DDBCONFORM" fuzz --endpoint "$SERVE_URL" --seed 7 --requests 300 --cases "$top/cases" \
        --findings "$tmp/d$run" --verbose 2>&1 | grep '^# ' >"$tmp/seq$run"
    serve_stop >/dev/null 2>&1
done
[ "$(wc -l <"$tmp/seqa")" -eq 300 ] || fail "determinism run sent too few requests: $(wc -l <"$tmp/seqa")"
cmp -s "$tmp/seqa" "$tmp/seqb" || { diff "$tmp/seqa" "$tmp/seqb" | head; fail "seed 7 sent different sequences"; }

# CLI contract: unreachable endpoint, bad flags, help
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$DDBCONFORM" fuzz --endpoint "http://127.0.0.1:$port" --requests 5 --findings "$tmp/x" >"$tmp/o" 2>"$tmp/e"
rc=$?
[ "$rc" -eq 2 ] || fail "closed port: exit $rc, want 2"
[ "$(wc -l <"$tmp/e")" -eq 1 ] || { cat "$tmp/e"; fail "closed port: want one line on stderr"; }
grep -q "cannot reach http://127.0.0.1:$port: refused" "$tmp/e" || { cat "$tmp/e"; fail "closed port: message"; }
"$DDBCONFORM" fuzz --endpoint "http://127.0.0.1:$port" --requests 0 2>/dev/null; [ $? -eq 2 ] || fail "--requests 0 accepted"
"$DDBCONFORM" fuzz --endpoint "http://127.0.0.1:$port" --level lax 2>/dev/null; [ $? -eq 2 ] || fail "--level lax accepted"
"$DDBCONFORM" fuzz --endpoint "http://127.0.0.1:$port" --ops NoSuchOp 2>/dev/null; [ $? -eq 2 ] || fail "--ops NoSuchOp accepted"
"$DDBCONFORM" fuzz --help | grep -q -- '--findings DIR' || fail "--help"
echo ok
