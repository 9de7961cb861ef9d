#!/usr/bin/env bash
# gate_broken.sh - deliberately broken clients (tests/gate/broken_client.py: raw
# http.client with its own SigV4 signing) each break one client rule: gate must
# fail that rule by name for that client, exit 1, and say so in its last line.
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
. tests/integration/gate_lib.bash

# mode | faults ("-" = none) | the rule it breaks
while read -r mode faults broken; do
    [ -n "$mode" ] || continue
    args=(--faults "$faults")
    [ "$faults" = - ] && args=(--faults none) # without --faults gate injects its default profile
    gate "$mode" "${args[@]}" -- python3 tests/gate/broken_client.py "$mode"
    expect "$mode: gate exit" "$GATE_RC" 1
    expect "$mode: $broken" "$(rule "broken-$mode" "$broken")" failed
    tail -n 1 "$GATE_DIR.log" | grep -q "$broken (AKIDGATE[A-Z2-7]*/broken-$mode)" ||
        { echo "FAIL $mode: the verdict line does not name $broken"; GATE_FAILED=1; }
done <<'TABLE'
never-retries      throttle=0.3,error500=0.1,reset=0.1,seed=5  retry.after-fault
retries-validation -                                           retry.non-retryable
no-backoff         throttle=1                                  retry.backoff
retries-forever    throttle=1                                  retry.max-attempts
stale-date         -                                           signing.clock-skew
unsigned-target    -                                           signing.amz-headers-signed
TABLE

# the same unsigned X-Amz-Target only warns at --level compat (the service does not enforce it)
gate unsigned-compat --faults none --level compat -- python3 tests/gate/broken_client.py unsigned-target
expect "unsigned-target at compat: gate exit" "$GATE_RC" 0
expect "unsigned-target at compat: signing.amz-headers-signed" \
    "$(rule broken-unsigned-target signing.amz-headers-signed)" warning
exit $GATE_FAILED
