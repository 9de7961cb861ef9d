#!/usr/bin/env bash
# run --record / --compare-to over HTTP: record the golden cases against
# `ddbconform serve`, compare serve to its own recording (must pass), then
# compare moto to the serve recording (must fail, with named semantic
# differences). The moto part is skipped (and says so) when moto is missing.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
moto_pid=
cleanup() { serve_stop >/dev/null 2>&1; [ -n "$moto_pid" ] && kill -- "-$moto_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
export AWS_REGION=us-east-1
cd "$top"

# 2 ms per request: two requests of one case never share a millisecond, so the
# timestamps' equalities in the recording are the service's, not coincidences of
# a fast server (record.h); --jobs 1: ListBackups lists the whole account.
# --test-control: the cases that pause advance serve's clock instead of waiting (runner.h)
serve_start --faults latency=2ms --test-control || fail "serve did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --test-control --cases cases --record "$tmp/rec" --report-dir "$tmp/r1" 2>"$tmp/err1"
rc=$?
# case-vs-serve disagreements are run_serve.sh's business; here only a setup error (2) stops us
[ "$rc" -le 1 ] || { cat "$tmp/err1"; fail "recording against serve: exit $rc"; }
n_cases=$(find cases -name '*.json' ! -name README.md | wc -l)
n_rec=$(find "$tmp/rec" -name '*.json' | wc -l)
[ "$n_rec" -ge 1 ] || fail "no recording written"
grep -rq '"<arn:backup#1>"' "$tmp/rec" || fail "no backup ARN placeholder in the recordings"
grep -rq '"<unique>-' "$tmp/rec" || fail "the run's unique names were not normalized"
if grep -rq "$AWS_SECRET_ACCESS_KEY" "$tmp/rec"; then fail "the secret key reached a recording"; fi
if grep -rqE 'arn:aws:dynamodb:[a-z0-9-]+:[0-9]{12}:table/dc-' "$tmp/rec"; then fail "a raw ARN survived normalization"; fi
echo "recorded $n_rec of $n_cases case files"

"$DDBCONFORM" run --endpoint "$SERVE_URL" --test-control --cases cases --compare-to "$tmp/rec" --report-dir "$tmp/r2" 2>"$tmp/err2"
rc=$?
[ "$rc" -le 1 ] || { cat "$tmp/err2"; fail "serve compared to its own recording: exit $rc"; }
python3 - "$tmp/r1/report.json" "$tmp/r2/report.json" <<'PY' || exit 1
import json, sys
r1, r2 = (json.load(open(f)) for f in sys.argv[1:3])
assert r2["compared_to"], r2.get("compared_to")
assert r2["timing"]["requests"] > 0 and r2["timing"]["wire_us"] > 0, r2["timing"]
before = {c["id"]: c["status"] for c in r1["cases"]}
sem = [(c["id"], f["step"], f["path"], f["expected"], f["actual"])
       for c in r2["cases"] for f in c["failures"] if f["kind"] == "semantic"]
assert not sem, "serve differs from its own recording: %d differences, first %s" % (len(sem), sem[:3])
new = [c["id"] for c in r2["cases"] if c["status"] not in ("passed", before[c["id"]])]
assert not new, "cases that passed when recorded fail when compared: %s" % new[:5]
assert r2["summary"]["skipped"] == 0, r2["summary"]
print("serve vs its recording: no difference in %d cases" % r2["summary"]["total"])
PY

# a case the recording lacks is skipped with a note, not failed
rm -f "$tmp/rec/table/describe-missing.json"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases cases --filter 'table/*' --compare-to "$tmp/rec" \
    --report-dir "$tmp/r3" 2>"$tmp/err3" || { cat "$tmp/err3"; fail "missing recording made the run fail"; }
python3 - "$tmp/r3/report.json" <<'PY' || exit 1
import json, sys
by = {c["id"]: c for c in json.load(open(sys.argv[1]))["cases"]}
c = by["table/describe-missing"]
assert c["status"] == "skipped" and "not in the recording" in c["reason"], c
PY

# bad uses: a folder that does not exist, the same folder twice
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases cases --compare-to "$tmp/nope" --report-dir "$tmp/r4" 2>"$tmp/err4"
[ $? -eq 2 ] || fail "--compare-to a missing folder: want exit 2"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases cases --record "$tmp/rec" --compare-to "$tmp/rec" \
    --report-dir "$tmp/r4" 2>"$tmp/err4"
[ $? -eq 2 ] || fail "--record and --compare-to on one folder: want exit 2"
# the fixture case for moto: bounded (moto leaves many corpus waiters to their timeouts)
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases tests/data/record/cases --tags fixture --record "$tmp/fix" \
    --report-dir "$tmp/r5" 2>"$tmp/err6" || { cat "$tmp/err6"; fail "recording the fixture against serve"; }
serve_stop || fail "serve did not stop cleanly"

if ! python3 -c 'import moto.server' 2>/dev/null; then
    echo "ok (serve part); moto part skipped: python3 -m moto.server not importable"
    exit 0
fi
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
setsid python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases tests/data/record/cases --tags fixture --level compat \
    --compare-to "$tmp/fix" --timeout 20 --report-dir "$tmp/moto" 2>"$tmp/err5"
rc=$?
[ "$rc" -eq 1 ] || { tail -n 20 "$tmp/err5"; fail "moto against the serve recording: exit $rc, want 1"; }
python3 - "$tmp/moto/report.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
sem = [(c["id"], f["step"], f["path"], f["expected"], f["actual"])
       for c in r["cases"] for f in c["failures"] if f["kind"] == "semantic"]
assert sem, "no semantic differences between moto and serve"
paths = {p for (_, _, p, _, _) in sem}
# differences moto is known for ([S:emu-error-shapes], [S:emu-moto-backup-api]): the request id form, tables ACTIVE at once
assert "headers.x-amzn-requestid" in paths, sorted(paths)[:20]
assert any(p.startswith("body.") for p in paths), sorted(paths)[:20]
print("moto vs serve recording: %d semantic differences in %d cases, e.g. %s" %
      (len(sem), len({c for (c, _, _, _, _) in sem}), sem[0]))
PY
echo "ok"
