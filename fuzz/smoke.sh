#!/usr/bin/env bash
# fuzz/smoke.sh BUILD_DIR TARGET... - the fuzz smoke of `make fuzz-smoke`:
# per target, a bounded libFuzzer run (FUZZ_SMOKE_SECONDS, default 8 s, and
# at most 2,000,000 runs) that starts from a copy of corpus/<target> (the
# committed corpus is never written), then the replay of corpus/<target> and
# fuzz/regressions/<target> with both the libFuzzer binary and the replay
# binary. A crash, leak, sanitizer report or violated property fails the target;
# its input is kept under BUILD_DIR/fuzz-artifacts/<target>/.
# FUZZ_SMOKE_JOBS targets (default: the cores) run at a time, each on its own
# core for its FUZZ_SMOKE_SECONDS; their lines are printed in the order given.
set -u
cd "$(dirname "$0")/.."
build=$1; shift
secs=${FUZZ_SMOKE_SECONDS:-8}
jobs=${FUZZ_SMOKE_JOBS:-$(nproc 2>/dev/null || echo 1)}
export DDBCONFORM_HOME=${DDBCONFORM_HOME:-$PWD}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# smoke_one TARGET: its lines on stdout, exit 0 when it passed
smoke_one() {
    local t=$1 bin replay art work log ok opts execs rate files
    local -a regs
    bin=$build/fuzz/$t replay=$build/replay/$t
    art=$build/fuzz-artifacts/$t
    work=$(mktemp -d)
    mkdir -p "$art"
    cp corpus/"$t"/* "$work"/ 2>/dev/null
    log=$(mktemp)
    ok=1
    opts=$(sed -n 's/^max_len *= *//p' fuzz/"$t".options)
    if ! timeout -k 5 $((secs + 60)) "$bin" -max_total_time="$secs" -timeout=10 -runs=2000000 -max_len="${opts:-4096}" \
            -dict=fuzz/"$t".dict -print_final_stats=1 -artifact_prefix="$art"/ "$work" >"$log" 2>&1; then
        ok=0; echo "FAIL $t: fuzzing"; grep -E 'ERROR|property failed|SUMMARY' "$log" | head -5 | sed 's/^/     /'
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    regs=()
    [ -n "$(find fuzz/regressions/"$t" -type f 2>/dev/null | head -1)" ] && regs=(fuzz/regressions/"$t")
    files=$(find corpus/"$t" "${regs[@]}" -type f | wc -l)
    if ! "$replay" corpus/"$t" "${regs[@]}" >"$log" 2>&1; then
        ok=0; echo "FAIL $t: replay"; tail -5 "$log" | sed 's/^/     /'
    fi
    # files (not folders) make libFuzzer replay instead of fuzz
    if [ ${#regs[@]} -gt 0 ] && ! "$bin" $(find "${regs[@]}" -type f) >"$log" 2>&1; then
        ok=0; echo "FAIL $t: regression replay under libFuzzer"; tail -5 "$log" | sed 's/^/     /'
    fi
    rm -rf "$work" "$log"
    [ $ok -eq 1 ] && echo "ok   $t: ${execs:-?} execs (${rate:-?}/s), $files seeds+regressions replayed"
    [ $ok -eq 1 ]
}

running=0
for t in "$@"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    { smoke_one "$t" >"$out/$t.txt" 2>&1; echo $? >"$out/$t.rc"; } &
    running=$((running + 1))
done
wait
pass=0; fail=0
for t in "$@"; do
    cat "$out/$t.txt"
    if [ "$(cat "$out/$t.rc")" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "fuzz-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
