#!/usr/bin/env bash
# Forward compatibility ([S:rule-forward-compat]; issue 11 item 3): AWS adds response members
# every year. Every case of the corpus must still pass at --level strict when
# every object of every response carries members the spec does not know, one
# sorting first and one last (inject_members.py, a proxy in front of serve that
# recomputes Content-Length and x-amz-crc32), and the report must name them as notes.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
serve_pid= proxy_pid=
cleanup() {
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
    wait 2>/dev/null
    [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

port=$(free_port)
# --test-control (also on run, through the proxy): cases that pause advance serve's clock
"$DDBCONFORM" serve --host 127.0.0.1 --port "$port" --test-control >"$tmp/serve.log" 2>&1 & serve_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
python3 "$here/inject_members.py" 0 "http://127.0.0.1:$port" "$tmp/proxy.port" 2>"$tmp/proxy.log" & proxy_pid=$!
for _ in $(seq 100); do [ -s "$tmp/proxy.port" ] && break; sleep 0.05; done
[ -s "$tmp/proxy.port" ] || fail "the proxy did not start: $(cat "$tmp/proxy.log")"
proxy="http://127.0.0.1:$(cat "$tmp/proxy.port")"

# the proxy does what it says: both members at the top and one level down, a valid checksum
body=$(curl -s -D "$tmp/h" -X POST "$proxy/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListBackups' -d '{}')
case "$body" in
'{"AaaNew":{'*'"ZzUnknownMember":"forward-compatible"}') ;;
*) fail "proxy answer: $body" ;;
esac
crc=$(tr -d '\r' <"$tmp/h" | awk -F': ' 'tolower($1)=="x-amz-crc32"{print $2}')
[ "$crc" = "$(printf '%s' "$body" | python3 -c 'import sys,zlib;print(zlib.crc32(sys.stdin.buffer.read()))')" ] ||
    fail "x-amz-crc32 $crc does not match the rewritten body"

"$DDBCONFORM" run --endpoint "$proxy" --test-control --cases cases --level strict --jobs 4 --report-dir "$tmp/r" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || { grep -v '^      ' "$tmp/err" | tail -n 30; fail "strict run with unknown members: exit $rc, want 0"; }
# every case a default run selects (real-aws-only ones need the real service's timing)
n=$(find cases -name '*.json' -not -path '*/.*' -exec grep -L '"real-aws-only"' {} + | wc -l)
grep -q "^$n passed, 0 failed, 0 skipped, 0 unsupported, 0 xfail ($n cases" "$tmp/err" ||
    fail "want all $n cases passed: $(tail -n 1 "$tmp/err")"
python3 - "$tmp/r/report.json" <<'PY' || fail "report.json notes"
import json, sys
r = json.load(open(sys.argv[1]))
notes = [n for c in r["cases"] for n in c.get("notes", [])]
def has(text):
    return any(text in n for n in notes)
assert has("CreateBackup: BackupDetails.AaaNew: member not in the spec (step "), "no note of a nested unknown member"
assert has("BackupDescription.SourceTableDetails.ZzUnknownMember: member not in the spec"), "no note two levels down"
assert has("AaaNew: member not in the error format"), "no note of an unknown member of an error body"
# one level deeper than the table: an index of a table description, an element of a list
assert has(".GlobalSecondaryIndexes.0.AaaNew: member not in the spec"), "no note inside a list element"
print("forward_compat: %d notes of unknown members over %d cases" % (len(notes), len(r["cases"])))
PY
kill "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null; proxy_pid=
tail -n 1 "$tmp/proxy.log"
echo "ok"
