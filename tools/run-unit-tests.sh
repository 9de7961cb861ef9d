#!/usr/bin/env bash
# Runs every cmocka test binary given; prints a closing "N passed, N failed" line.
set -u
pass=0; fail=0; failed=()
for t in "$@"; do
    [ -x "$t" ] || continue
    if out=$("$t" 2>&1); then
        pass=$((pass + 1))
        printf '%s\n' "$out" | grep -E '^\[  PASSED  \]' | sed "s|^|$(basename "$t"): |"
    else
        fail=$((fail + 1)); failed+=("$t")
        printf '%s\n' "$out" | tail -n 40
    fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
