#!/usr/bin/env bash
# loopback.sh - serve against the loopback limit (issue 11, Performance): wrk
# against `ddbconform serve` (DescribeTable, DescribeBackup) and against nginx
# answering a static 70-byte body, in the same run, on 127.0.0.1. Prints JSON
# result lines (tools/bench.sh) and a summary on stderr; exits 1 when serve
# reaches less than DC_LOOPBACK_MIN_RATIO (0.5) of nginx's requests/s on
# either operation.
#
# nginx measures what the loopback, wrk and one small answer cost on this
# machine: a config in a temp dir (daemon off, pid, logs and temp paths in the
# temp dir, access log off), listening on a free 127.0.0.1 port, run as the
# current user without root-owned paths, stopped by PID. Rounds of nginx,
# serve DescribeTable, serve DescribeBackup; each serve run is divided by the
# nginx run of its round and the median ratio counts. Both get the same wrk
# script (bench/serve_request.lua: the same POST with the same headers), the
# same threads and connections, and keep-alive without a request cap.
#
# Env: BUILD_DIR (default build), DC_BENCH_SECONDS (5, per run),
# DC_BENCH_WARMUP (2, first round only), DC_LOOPBACK_ROUNDS (5),
# DC_LOOPBACK_MIN_RATIO (0.5).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
B=${BUILD_DIR:-build}
BIN=$(cd "$B" 2>/dev/null && pwd)/ddbconform
DURATION=${DC_BENCH_SECONDS:-5}
WARM=${DC_BENCH_WARMUP:-2}
MIN_RATIO=${DC_LOOPBACK_MIN_RATIO:-0.5}
ROUNDS=${DC_LOOPBACK_ROUNDS:-5}
WRK_THREADS=2
WRK_CONNS=16
TABLE=bench_table
BACKUPS=100
STEP_TIMEOUT=$((DURATION + WARM + 30)) # per wrk call
# 70 bytes, the size of a small DynamoDB answer
STATIC_BODY='{"Table":{"ItemCount":0,"TableName":"bench_t","TableStatus":"ACTIVE"}}'

log() { echo "bench loopback: $*" >&2; }
. "$top/bench/wrk_lib.bash"
row() { # row NAME VALUE PEER PEER_VALUE NOTE
    python3 -c 'import json,sys
n,v,p,pv,note=sys.argv[1:6]
v=float(v); pv=float(pv) if pv else None
print(json.dumps({"name":n,"value":v,"unit":"requests/s","peer":p or None,"peer_value":pv,
                  "ratio":round(v/pv,2) if v and pv else None,"note":note}))' "$@"
}
fail_row() { row "$1" 0 "" "" "$2"; exit 1; }

[ ${#STATIC_BODY} -eq 70 ] || { log "static body is ${#STATIC_BODY} bytes, not 70"; exit 1; }
[ -x "$BIN" ] || fail_row "serve vs nginx (loopback)" "no $BIN (make all first)"
command -v wrk >/dev/null || fail_row "serve vs nginx (loopback)" "wrk missing (tools/deps.sh installs it)"
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
[ -n "$NGINX" ] || fail_row "serve vs nginx (loopback)" "nginx missing (tools/deps.sh installs nginx-light)"

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

# ---------------------------------------------------------------- nginx
nport=$(free_port)
mkdir -p "$tmp/nginx/logs" "$tmp/nginx/tmp"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/tmp/body;
    proxy_temp_path $tmp/nginx/tmp/proxy;
    fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
    uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
    scgi_temp_path $tmp/nginx/tmp/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$nport;
        default_type application/x-amz-json-1.0;
        location / { return 200 '$STATIC_BODY'; }
    }
}
EOF
"$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/logs/error.log" -c "$tmp/nginx/nginx.conf" >"$tmp/nginx.out" 2>&1 &
NGINX_PID=$!
pids+=("$NGINX_PID")
nurl="http://127.0.0.1:$nport"
for _ in $(seq 100); do curl -s -m 1 -o /dev/null "$nurl/" && break; sleep 0.05; done
got=$(curl -s -m 2 -X POST "$nurl/")
[ "$got" = "$STATIC_BODY" ] ||
    fail_row "serve vs nginx (loopback)" "nginx did not answer the static body: $(tr -d '"\\' <"$tmp/nginx.out" | tail -n 2)"

# ---------------------------------------------------------------- serve
serve_start || fail_row "serve vs nginx (loopback)" "serve did not start: $(tr -d '"\\' <"$tmp/serve.err")"
surl="http://127.0.0.1:$SERVE_PORT"
setup=$(timeout 60 python3 bench/serve_client.py setup "$surl" "$TABLE" "$BACKUPS") ||
    fail_row "serve vs nginx (loopback)" "serve set-up failed"
arn=$(python3 -c 'import json,sys;print(json.loads(sys.argv[1])["last_backup_arn"])' "$setup")

# ---------------------------------------------------------------- the runs
# ROUNDS rounds of nginx, serve DescribeTable, serve DescribeBackup back to
# back; each serve run is compared with the nginx run of its round, and the
# median ratio over the rounds is the result: on a machine shared with other
# work the loopback limit itself moves by tens of percent within a minute.
log "nginx on $nurl, serve on $surl ($BACKUPS backups); $ROUNDS rounds, wrk ${DURATION}s, $WRK_THREADS threads, $WRK_CONNS connections"
: >"$tmp/runs"
# serve's CPU time (user + system clock ticks) around each of its runs: CPU per
# request moves far less with the machine's load than requests/s do
ticks() { awk '{print $14 + $15}' "/proc/$SERVE_PID/stat"; }
for r in $(seq "$ROUNDS"); do
    [ "$r" -gt 1 ] && WARM=0
    echo "nginx 0 $(wrk_run "$nurl" DescribeTable "{\"TableName\":\"$TABLE\"}")" >>"$tmp/runs"
    t0=$(ticks)
    line=$(wrk_run "$surl" DescribeTable "{\"TableName\":\"$TABLE\"}")
    echo "DescribeTable $(($(ticks) - t0)) $line" >>"$tmp/runs"
    t0=$(ticks)
    line=$(wrk_run "$surl" DescribeBackup "{\"BackupArn\":\"$arn\"}")
    echo "DescribeBackup $(($(ticks) - t0)) $line" >>"$tmp/runs"
done

python3 - "$tmp/runs" "$MIN_RATIO" "$DURATION" "$WRK_THREADS" "$WRK_CONNS" "$(nproc)" \
    "$("$NGINX" -v 2>&1 | sed "s|.*nginx/|nginx |")" "$(getconf CLK_TCK)" <<'PY'
import json, statistics, sys
runs, min_ratio = sys.argv[1], float(sys.argv[2])
dur, thr, conns, cpus, nginx = sys.argv[3:8]
clk_tck = float(sys.argv[8])

def clean(r):
    return isinstance(r, dict) and r["non2xx"] == 0 and r["socket_errors"] == 0 and r["requests"] > 0

rounds, cur = [], None
for line in open(runs):
    who, ticks, rest = (line.rstrip("\n").split(" ", 2) + ["", ""])[:3]
    r = json.loads(rest) if rest.startswith("{") else None
    if who == "nginx":
        cur = {}
        rounds.append(cur)
    if r is not None:
        r["ticks"] = int(ticks)
    cur[who] = r
setup = "wrk %s s x %d rounds, %s threads, %s connections, %s CPUs shared by client and server" % (
    dur, len(rounds), thr, conns, cpus)

def out(name, value, peer=None, peer_value=None, ratio=None, note=""):
    print(json.dumps({"name": name, "value": value, "unit": "requests/s", "peer": peer, "peer_value": peer_value,
                      "ratio": ratio, "note": note}))

if not all(clean(rd.get("nginx")) for rd in rounds):
    out("nginx static 70-byte body (loopback limit)", 0.0, note="nginx run not clean: %s" % rounds)
    sys.exit(1)
limits = [rd["nginx"]["rps"] for rd in rounds]
limit = statistics.median(limits)
out("nginx static 70-byte body (loopback limit)", round(limit, 1),
    note="%s; %s; median of %s" % (nginx, setup, ", ".join("%.0f" % x for x in limits)))
ok = True
for op in ("DescribeTable", "DescribeBackup"):
    if not all(clean(rd.get(op)) for rd in rounds):
        out("serve %s vs loopback limit" % op, 0.0, nginx, round(limit, 1),
            note="serve run not clean: %s" % [rd.get(op) for rd in rounds])
        ok = False
        continue
    ratios = [rd[op]["rps"] / rd["nginx"]["rps"] for rd in rounds]
    ratio = statistics.median(ratios)
    rps = statistics.median(rd[op]["rps"] for rd in rounds)
    met = ratio >= min_ratio
    ok = ok and met
    last = rounds[-1][op]
    # CPU per request over the rounds without a warm-up (all when there is one round)
    timed = rounds[1:] if len(rounds) > 1 else rounds
    cpu_us = sum(rd[op]["ticks"] for rd in timed) / clk_tck * 1e6 / sum(rd[op]["requests"] for rd in timed)
    out("serve %s vs loopback limit" % op, round(rps, 1), nginx + " static 70-byte body", round(limit, 1),
        round(ratio, 2), "%s; ratio per round %s; serve p50 %d us, %.1f us CPU per request, %d bytes/answer; "
        "goal >= %gx: %s" % (setup, ", ".join("%.2f" % x for x in ratios), last["p50_us"], cpu_us,
                             last["bytes"] // max(last["requests"], 1), min_ratio, "met" if met else "NOT met"))
    print("bench loopback: serve %s %.0f req/s (%.1f us CPU/request), nginx %.0f req/s, ratio %.2f "
          "(median of %s; goal >= %g): %s" % (op, rps, cpu_us, limit, ratio, ", ".join("%.2f" % x for x in ratios),
                                              min_ratio, "met" if met else "NOT met"), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
