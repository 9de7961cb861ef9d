#!/usr/bin/env bash
# serve_robustness.sh - serve survives 50 concurrent clients, malformed HTTP,
# random bytes, a slow client and an oversize body, answers after each, and
# exits 0 on SIGTERM.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
. tests/integration/serve_lib.bash
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
trap 'serve_stop >/dev/null' EXIT
serve_start || exit 1
fails=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$3] got [$2]"; fails=$((fails + 1)); fi; }

list_backups() {
    curl -s -m 10 -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:dynamodb" --user AKIDX:secret \
        -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListBackups' \
        -d '{}' "$SERVE_URL/"
}
alive() { check "$1: still answers" "$(list_backups)" 200; }

# 1. 50 concurrent clients
tmp=$(mktemp -d)
pids=()
for i in $(seq 1 50); do list_backups >"$tmp/$i" & pids+=($!); done
wait "${pids[@]}" # not a bare wait: serve is a child too
ok=0
for f in "$tmp"/*; do [ "$(cat "$f")" = 200 ] && ok=$((ok + 1)); done
rm -rf "$tmp"
check "50 concurrent ListBackups all 200" "$ok" 50

# 2. malformed HTTP and random bytes over raw sockets
python3 - "$SERVE_PORT" <<'PY'
import os, random, socket, sys
port = int(sys.argv[1])
payloads = [
    b"GARBAGE\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
    b"POST / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 400000 + b"\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"\x00\xff" * 100,
]
rnd = random.Random(7)
payloads += [bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 8192))) for _ in range(20)]
for p in payloads:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(p)
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
    except OSError:
        pass
    finally:
        s.close()
print("sent %d malformed payloads" % len(payloads))
PY
alive "after malformed HTTP and random bytes"

# 3. a slow client dribbling headers does not block others
python3 - "$SERVE_PORT" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
for ch in b"POST / HTTP/1.1\r\nHost: x\r\n":
    s.send(bytes([ch]))
    time.sleep(0.05)
s.close()
PY
slow=$!
sleep 0.2
alive "while a slow client dribbles"
wait $slow

# 4. oversize body -> 413 ([S:wire-request])
big=$(mktemp)
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$big"
code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: DynamoDB_20120810.ListBackups' --data-binary @"$big" "$SERVE_URL/")
rm -f "$big"
check "17 MiB body is 413" "$code" 413
alive "after the oversize body"

# 5. SIGTERM -> clean exit 0
serve_stop; rc=$?
trap - EXIT
check "SIGTERM exits 0" "$rc" 0
[ $fails -eq 0 ]
