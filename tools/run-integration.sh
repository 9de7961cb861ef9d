#!/usr/bin/env bash
# Runs tests/integration/*.sh (each exits 0 pass, 1 fail, 77 skip) with
# DDBCONFORM pointing at the binary under test.
set -u
cd "$(dirname "$0")/.."
pass=0; fail=0; skip=0
for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    log=$(mktemp)
    bash "$t" >"$log" 2>&1; rc=$?
    case $rc in
        0) pass=$((pass + 1)); echo "ok   $name" ;;
        77) skip=$((skip + 1)); echo "skip $name: $(tail -n 1 "$log")" ;;
        *) fail=$((fail + 1)); echo "FAIL $name (exit $rc)"; tail -n 40 "$log" | sed 's/^/     /' ;;
    esac
    rm -f "$log"
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
