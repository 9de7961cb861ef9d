#!/usr/bin/env bash
# pace-suite.sh - the full strict suite at the real service's pace, compressed:
# for each N of PACE_JOBS, `serve --pace aws:SCALE` on a free port and `run
# --pace aws:SCALE --jobs N` against it. Fails (exit 1) when a case failed or
# was skipped, or when serve answered any ThrottlingException (run must stay
# under the rates). Prints per run the wall time and the real-pace estimate
# (wall / SCALE), and one JSON line each (name, value, unit) on stdout.
#
# Env: DDBCONFORM (build/ddbconform), PACE_SCALE (0.05), PACE_JOBS ("1 8"),
# PACE_OUT (reports/pace: DIR/jobs-N/ holds each run's report and serve log).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${DDBCONFORM:-build/ddbconform}
SCALE=${PACE_SCALE:-0.05}
JOBS=${PACE_JOBS:-1 8}
OUT=${PACE_OUT:-reports/pace}
# shellcheck source=../tests/integration/serve_lib.bash
. tests/integration/serve_lib.bash
DDBCONFORM=$BIN
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
trap 'serve_stop >/dev/null 2>&1' EXIT
log() { echo "pace-suite: $*" >&2; }
bad=0
for n in $JOBS; do
    dir=$OUT/jobs-$n
    rm -rf "$dir"
    mkdir -p "$dir"
    serve_start --pace "aws:$SCALE" --threads 8 --log || { log "serve --pace aws:$SCALE did not start"; exit 2; }
    t0=$(date +%s.%N)
    "$BIN" run --endpoint "$SERVE_URL" --pace "aws:$SCALE" --jobs "$n" --report-dir "$dir" 2>"$dir/run.err"
    rc=$?
    t1=$(date +%s.%N)
    cp "$SERVE_LOG" "$dir/serve.log"
    serve_stop || bad=1
    throttles=$(grep -c "fault=throttle" "$dir/serve.log")
    summary=$(grep -E "^[0-9]+ passed, " "$dir/run.err" | tail -n 1)
    read -r wall real <<<"$(python3 -c "w=$t1-$t0; print('%.1f %.0f' % (w, w/$SCALE))")"
    log "--jobs $n at aws:$SCALE: $summary; ${wall} s wall, ~${real} s at the real pace; serve throttled $throttles"
    echo "{\"name\":\"pace suite --jobs $n (aws:$SCALE, real-pace estimate)\",\"value\":$real,\"unit\":\"s\",\"wall\":$wall,\"scale\":$SCALE,\"throttled\":$throttles}"
    if [ "$rc" -ne 0 ] || [ "$throttles" -ne 0 ] || ! grep -q " 0 failed, 0 skipped, " <<<"$summary"; then
        log "--jobs $n: FAILED (exit $rc; see $dir/run.err, $dir/report.json, $dir/serve.log)"
        bad=1
    fi
done
exit $bad
