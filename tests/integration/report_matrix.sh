#!/usr/bin/env bash
# `ddbconform report` seen in a browser: the page is rendered by headless Chromium
# (--dump-dom: the DOM a person's browser builds) and report_dom.py checks what it
# shows. (1) tests/data/matrix: exact columns, cells, counts, click-throughs, escaping,
# redaction. (2) live: the suite against serve, against serve with injected faults (a
# second, misbehaving endpoint) and against moto when present (with its baseline); every
# cell, summary count, operation state and failure row must equal the report.json files,
# and neither the secret key nor any signature or Authorization value may be shown.
# Exit 77 when Chromium is missing or cannot start here.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

. "$top/tests/integration/browser_lib.bash"

# (1) the fixture reports: exact expectations
"$DDBCONFORM" report "$top/tests/data/matrix/alpha/report.json" "$top/tests/data/matrix/beta" \
    --title "fixture matrix" --html "$tmp/fixture.html" >/dev/null || fail "report (fixture): exit $?"
browser dom "$tmp/fixture.html" >"$tmp/fixture.dom" || fail "chromium --dump-dom (fixture): exit $?"
python3 "$top/tests/integration/report_dom.py" fixture "$tmp/fixture.dom" || exit 1

# (2) live runs of the table/ cases (quick everywhere: no backup or restore waiters,
# which a faulty endpoint can keep polling for minutes). A long secret key: run registers it and must scrub it everywhere.
filter='table/*'
secret="matrixTestSecretKey/$(date +%s%N)/NotARealOne"
export AWS_ACCESS_KEY_ID=AKIDMATRIXTEST AWS_SECRET_ACCESS_KEY="$secret" AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
"$DDBCONFORM" run --cases "$top/cases" --filter "$filter" --report-dir "$tmp/serve" 2>"$tmp/serve.err"
[ $? -le 1 ] || fail "run against the embedded serve: $(tail -n 3 "$tmp/serve.err")"
columns=(serve="$tmp/serve/report.json")

# the second endpoint: serve answering 30 % of requests with 500 InternalServerError
# (seeded: the same requests fail every time with --jobs 1)
"$DDBCONFORM" serve --host 127.0.0.1 --port 0 --faults error500=0.3,seed=7 >"$tmp/faulty.out" 2>"$tmp/faulty.log" &
pids+=($!)
for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/faulty.out")
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || fail "serve --faults did not start: $(cat "$tmp/faulty.log")"
"$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$top/cases" --filter "$filter" --jobs 1 --report-dir "$tmp/faulty" \
    2>"$tmp/faulty.err"
[ $? -le 1 ] || fail "run against serve --faults: $(tail -n 3 "$tmp/faulty.err")"
columns+=(faulty="$tmp/faulty/report.json")

if python3 -c 'import moto.server' 2>/dev/null; then
    mport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    python3 -m moto.server -H 127.0.0.1 -p "$mport" >"$tmp/moto.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$mport/" && break; sleep 0.1; done
    AWS_SECRET_ACCESS_KEY=test "$DDBCONFORM" run --endpoint "http://127.0.0.1:$mport" --cases "$top/cases" \
        --filter "$filter" --level compat --jobs 4 --baseline "$top/baselines/moto.json" --report-dir "$tmp/moto" 2>"$tmp/moto.err"
    [ $? -le 1 ] || fail "run against moto: $(tail -n 3 "$tmp/moto.err")"
    columns+=(moto="$tmp/moto/report.json")
else
    echo "moto: not importable, its column is left out"
fi

dirs=()
for c in "${columns[@]}"; do dirs+=("$(dirname "${c#*=}")"); done
"$DDBCONFORM" report "${dirs[@]}" --html "$tmp/live.html" >/dev/null || fail "report (live): exit $?"
grep -qF "$secret" "$tmp/live.html" && fail "the secret key is in the HTML file"
browser dom "$tmp/live.html" >"$tmp/live.dom" || fail "chromium --dump-dom (live): exit $?"
python3 "$top/tests/integration/report_dom.py" live "$tmp/live.dom" "${columns[@]}" --secret "$secret" || exit 1

# a picture for people (kept next to the build); it must be a PNG
shot="${BUILD_DIR:-$tmp}/report_matrix.png"
browser screenshot "$tmp/live.html" "$shot" >/dev/null || fail "chromium --screenshot: exit $?"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$shot is not a PNG"
echo "screenshot: $shot"
echo "ok"
