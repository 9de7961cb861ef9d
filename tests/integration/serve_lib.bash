# serve_lib.bash - sourced by the integration tests that need `ddbconform
# serve` on a free 127.0.0.1 port (--port 0, the port read from its stdout) and
# stops it by PID. Named .bash so run-integration.sh (*.sh) does not run it.

SERVE_PID=""
SERVE_PORT=""
SERVE_LOG=""

# serve_start [extra serve args...]: sets SERVE_PID, SERVE_PORT, SERVE_URL.
serve_start() {
    SERVE_LOG=$(mktemp)
    local out
    out=$(mktemp)
    "$DDBCONFORM" serve --host 127.0.0.1 --port 0 "$@" >"$out" 2>"$SERVE_LOG" &
    SERVE_PID=$!
    for _ in $(seq 1 100); do
        SERVE_PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$out")
        [ -n "$SERVE_PORT" ] && break
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.05
    done
    rm -f "$out"
    if [ -z "$SERVE_PORT" ]; then
        echo "serve did not start:"; cat "$SERVE_LOG"
        return 1
    fi
    SERVE_URL="http://127.0.0.1:$SERVE_PORT"
}

# serve_stop: SIGTERM, then wait at most 5 s; returns serve's exit status.
serve_stop() {
    [ -n "$SERVE_PID" ] || return 0
    kill -TERM "$SERVE_PID" 2>/dev/null
    local rc=0
    for _ in $(seq 1 100); do
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SERVE_PID" 2>/dev/null; then
        echo "serve did not stop within 5 s of SIGTERM"
        kill -KILL "$SERVE_PID" 2>/dev/null
        rc=1
    fi
    wait "$SERVE_PID" 2>/dev/null || rc=$?
    SERVE_PID=""
    rm -f "$SERVE_LOG"
    return $rc
}

# moto_start LOG: moto's server (python3 -m moto.server, the machine's) on a free
# 127.0.0.1 port in its own process group, output to LOG; sets MOTO_PID and
# MOTO_URL. 1 when it does not answer within 10 s (the end of LOG says why).
MOTO_PID=""
MOTO_URL=""
moto_start() {
    local port
    port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    setsid python3 -m moto.server -H 127.0.0.1 -p "$port" >"$1" 2>&1 &
    MOTO_PID=$!
    MOTO_URL="http://127.0.0.1:$port"
    for _ in $(seq 100); do
        curl -s -o /dev/null "$MOTO_URL/" && return 0
        sleep 0.1
    done
    return 1
}

# moto_stop: its whole process group, by the PID moto_start recorded.
moto_stop() {
    [ -n "$MOTO_PID" ] || return 0
    kill -- "-$MOTO_PID" 2>/dev/null
    MOTO_PID=""
}
