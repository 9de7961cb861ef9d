#!/usr/bin/env bash
# `ddbconform run` error paths: a closed port exits 2 with one line; a malformed
# case file is reported (status failed, kind "case") and the other cases still run;
# a stub endpoint on 127.0.0.1 stands in for DynamoDB.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
tmp=$(mktemp -d)
stub_pid=
cleanup() { [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# 1. closed port: exit 2 and exactly one line on stderr
port=$(free_port)
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases cases --report-dir "$tmp/r0" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "closed port: exit $rc, want 2"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "closed port: want one line, got: $(cat "$tmp/err")"
grep -q "endpoint http://127.0.0.1:$port is unreachable" "$tmp/err" || fail "closed port message: $(cat "$tmp/err")"

# 2. bad flags: exit 2
"$DDBCONFORM" run --level loose --endpoint http://127.0.0.1:1 2>/dev/null; [ $? -eq 2 ] || fail "--level loose must exit 2"
"$DDBCONFORM" run --shard 3/2 --endpoint http://127.0.0.1:1 2>/dev/null; [ $? -eq 2 ] || fail "--shard 3/2 must exit 2"
"$DDBCONFORM" run --endpoint http://127.0.0.1:1 --cases "$tmp/nope" 2>/dev/null; [ $? -eq 2 ] || fail "missing --cases must exit 2"
# one credential rule (wire/awsenv.h): both keys or neither; the message names the missing variable, never a value
env -u AWS_SECRET_ACCESS_KEY AWS_ACCESS_KEY_ID=AKIDLONEKEY "$DDBCONFORM" run --endpoint http://127.0.0.1:1 2>"$tmp/err"
[ $? -eq 2 ] || fail "a lone AWS_ACCESS_KEY_ID must exit 2"
[ "$(cat "$tmp/err")" = "ddbconform run: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (set both or neither)" ] ||
    fail "lone key message: $(cat "$tmp/err")"

# 3. a stub endpoint answering every request as an unknown operation ([S:processing-order] step 3 body)
port=$(free_port)
cat >"$tmp/stub.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        body = b'{"__type":"com.amazon.coral.service#UnknownOperationException"}'
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_POST = do_GET = _answer
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$tmp/stub.py" "$port" & stub_pid=$!
for _ in $(seq 50); do python3 -c "import socket;socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break; sleep 0.1; done
mkdir -p "$tmp/cases/p"
cat >"$tmp/cases/p/good.json" <<'J'
{"id": "p/good", "description": "unknown target", "source": "[S:processing-order] step 3 [R] DYN",
 "steps": [{"op": "FooBar", "request": {}, "expect": {"status": 400, "error": "UnknownOperationException",
            "namespace": "com.amazon.coral.service", "messageKey": null}}]}
J
cat >"$tmp/cases/p/bad.json" <<'J'
{"id": "p/bad", "description": "typo", "source": "s", "steps": [{"op": "FooBar", "expect": {"status": "400"}}]}
J
cat >"$tmp/cases/p/unsupported.json" <<'J'
{"id": "p/unsupported", "description": "an op the stub does not know", "source": "[S:processing-order]",
 "steps": [{"op": "ListBackups", "request": {}, "expect": {"status": 200}}]}
J
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$tmp/cases" --no-check --report-dir "$tmp/r1" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "malformed case: exit $rc, want 1 ($(cat "$tmp/err"))"
grep -q "^FAIL  p/bad" "$tmp/err" || fail "console does not name p/bad: $(cat "$tmp/err")"
grep -q "1 passed, 1 failed, 0 skipped, 1 unsupported, 0 xfail" "$tmp/err" || fail "summary line: $(cat "$tmp/err")"
python3 - "$tmp/r1" <<'PY' || exit 1
import json, sys, xml.dom.minidom
d = sys.argv[1]
r = json.load(open(d + "/report.json"))
by = {c["id"]: c for c in r["cases"]}
assert [c["id"] for c in r["cases"]] == ["p/bad", "p/good", "p/unsupported"], r["cases"]
assert by["p/good"]["status"] == "passed", by["p/good"]
bad = by["p/bad"]
assert bad["status"] == "failed" and bad["failures"][0]["kind"] == "case", bad
want = "p/bad.json: steps[0].expect.status: must be an HTTP status code (an integer 100..599)"
assert bad["failures"][0]["actual"].endswith(want), bad["failures"][0]["actual"]
assert by["p/unsupported"]["status"] == "unsupported", by["p/unsupported"]
assert r["operations"]["ListBackups"] == "unsupported", r["operations"]
assert r["summary"] == {"total": 3, "passed": 1, "failed": 1, "skipped": 0, "unsupported": 1,
                        "expected_failures": 0, "fixed": 0, "disputed": 0, "inferred": 0}, r["summary"]
j = xml.dom.minidom.parse(d + "/junit.xml")
assert len(j.getElementsByTagName("testcase")) == 3
assert len(j.getElementsByTagName("failure")) == 1
assert open(d + "/report.html").read().startswith("<!DOCTYPE html>")
PY
# 4. a baseline listing the malformed case turns the run green (exit 0), shards split the ids
cat >"$tmp/base.json" <<'J'
{"impl": "stub", "cases": {"p/bad": {"reason": "kept malformed on purpose"}}}
J
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$tmp/cases" --no-check --report-dir "$tmp/r2" \
    --baseline "$tmp/base.json" 2>"$tmp/err"
rc=$?; [ "$rc" -eq 0 ] || fail "baselined run: exit $rc ($(cat "$tmp/err"))"
n=0
for k in 1 2 3; do
    "$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$tmp/cases" --no-check --report-dir "$tmp/s$k" \
        --shard "$k/3" --jobs 2 2>/dev/null
    n=$((n + $(python3 -c "import json;print(json.load(open('$tmp/s$k/report.json'))['summary']['total'])")))
done
[ "$n" -eq 3 ] || fail "shards 1/3..3/3 ran $n cases, want 3"
echo "ok"
