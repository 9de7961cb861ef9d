#!/usr/bin/env bash
# Runs tests/integration/*.sh (each exits 0 pass, 1 fail, 77 skip) with
# DDBCONFORM pointing at the binary under test.
#
# The scripts are independent (servers on free ports, their own temp folders),
# so INTEGRATION_JOBS of them (default 3) run at a time, each into its own log;
# results are printed in name order as soon as every earlier one is done, a
# failure with the tail of its log. INTEGRATION_SET chooses which scripts run:
#   fast (default)  all but the ones listed in tests/integration/slow.list
#   slow            only those (make test-slow): long peer runs, valgrind
#   all             every script
# Extra arguments name scripts to run instead (e.g. report_merge serve_wire).
set -u
cd "$(dirname "$0")/.."
jobs=${INTEGRATION_JOBS:-3}
set_name=${INTEGRATION_SET:-fast}
limit=${INTEGRATION_TIMEOUT:-600}
case $jobs in '' | *[!0-9]* | 0) echo "run-integration: INTEGRATION_JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac

slow=" $(sed 's/#.*//' tests/integration/slow.list 2>/dev/null | tr '\n' ' ') "
names=()
if [ $# -gt 0 ]; then
    set_name=named
    for n in "$@"; do
        n=$(basename "$n" .sh)
        [ -f "tests/integration/$n.sh" ] || { echo "run-integration: no tests/integration/$n.sh" >&2; exit 2; }
        names+=("$n")
    done
else
    for t in tests/integration/*.sh; do
        [ -f "$t" ] || continue
        n=$(basename "$t" .sh)
        case $set_name in
            fast) [[ $slow == *" $n "* ]] && continue ;;
            slow) [[ $slow == *" $n "* ]] || continue ;;
            all) ;;
            *) echo "run-integration: INTEGRATION_SET must be fast, slow or all, not '$set_name'" >&2; exit 2 ;;
        esac
        names+=("$n")
    done
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# one script: its output into $logs/NAME.log, then "rc seconds" into $logs/NAME.done
run_one() {
    local n=$1 start rc
    start=$(date +%s)
    # a hang must fail the test, not stall CI: every script gets a hard limit
    timeout -k 10 "$limit" bash "tests/integration/$n.sh" >"$logs/$n.log" 2>&1 </dev/null
    rc=$?
    [ $rc -eq 124 ] && echo "     (timed out after $limit s)" >>"$logs/$n.log"
    echo "$rc $(($(date +%s) - start))" >"$logs/$n.tmp" && mv "$logs/$n.tmp" "$logs/$n.done"
}

pass=0 fail=0 skip=0 next=0 running=0 wall_start=$(date +%s)
report() { # the result of names[next], once it is done
    local n=${names[$next]} rc secs
    read -r rc secs <"$logs/$n.done"
    case $rc in
        0) pass=$((pass + 1)); echo "ok   $n ($secs s)" ;;
        77) skip=$((skip + 1)); echo "skip $n: $(tail -n 1 "$logs/$n.log")" ;;
        *) fail=$((fail + 1)); echo "FAIL $n (exit $rc, $secs s)"; tail -n 40 "$logs/$n.log" | sed 's/^/     /' ;;
    esac
    next=$((next + 1))
}
launched=0
while [ $next -lt ${#names[@]} ]; do
    # start scripts while there is room
    while [ $launched -lt ${#names[@]} ] && [ $running -lt "$jobs" ]; do
        run_one "${names[$launched]}" &
        launched=$((launched + 1)) running=$((running + 1))
    done
    # print every finished result whose predecessors are printed
    while [ $next -lt $launched ] && [ -f "$logs/${names[$next]}.done" ]; do
        report
    done
    running=0
    for ((i = next; i < launched; i++)); do
        [ -f "$logs/${names[$i]}.done" ] || running=$((running + 1))
    done
    [ $next -lt ${#names[@]} ] && sleep 0.2
done
wait
echo "integration: ${#names[@]} scripts ($set_name), $jobs at a time, $(($(date +%s) - wall_start)) s"
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
