#!/usr/bin/env bash
# Runs tests/integration/*.sh (each exits 0 pass, 1 fail, 77 skip) with
# DDBCONFORM pointing at the binary under test.
set -u
cd "$(dirname "$0")/.."
pass=0; fail=0; skip=0
for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    start=$(date +%s)
    log=$(mktemp)
    # a hang must fail the test, not stall CI: every script gets a hard limit
    timeout -k 10 "${INTEGRATION_TIMEOUT:-600}" bash "$t" >"$log" 2>&1; rc=$?
    [ $rc -eq 124 ] && echo "     (timed out after ${INTEGRATION_TIMEOUT:-600} s)" >>"$log"
    case $rc in
        0) pass=$((pass + 1)); echo "ok   $name ($(( $(date +%s) - start )) s)" ;;
        77) skip=$((skip + 1)); echo "skip $name: $(tail -n 1 "$log")" ;;
        *) fail=$((fail + 1)); echo "FAIL $name (exit $rc)"; tail -n 40 "$log" | sed 's/^/     /' ;;
    esac
    rm -f "$log"
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
