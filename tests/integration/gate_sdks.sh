#!/usr/bin/env bash
# gate_sdks.sh - more real SDKs through `ddbconform gate` with its default fault
# profile (throttling, 500s, resets, truncated bodies, bad checksums), each with
# the verdict its SDK's source code explains, and no false alarm:
#
#   js2            AWS SDK for JavaScript v2 (npm aws-sdk 2.1693, tests/js/gate_v2.cjs)
#   go2            AWS SDK for Go v2 1.17 (Debian golang-github-aws-aws-sdk-go-v2-dev,
#                  built offline in GOPATH mode; tests/go/gate_backups.go)
#   boto3-adaptive boto3 1.43 retry_mode adaptive (tests/gate/boto3_backups.py)
#   boto3-2026     boto3 1.43 with AWS_NEW_RETRIES_2026=true (retries 2.1: 4 attempts)
#   js3-adaptive   AWS SDK for JavaScript v3, retryMode 'adaptive' (tests/js/gate_backups.mjs)
#   js3-configured AWS SDK for JavaScript v3 with a ConfiguredRetryStrategy (4 attempts,
#                  100 + 200 ms x attempt, no jitter)
#
# FINDINGS (pinned as expected failures; docs/sources/retry.md [S:retry-crc32]):
# - Go v2 accepts an answer whose x-amz-crc32 is wrong: the checksum is compared
#   in crc32ChecksumValidate.Close (service/dynamodb/internal/customizations/
#   checksum.go:107-118), and smithy-go only logs the error Close returns
#   ("failed to close HTTP response body", transport/http/
#   middleware_close_response_body.go:72-74), after the answer was decoded and
#   returned: retry.crc32-checked fails whenever a bad checksum lands on a 2xx.
# - Go v2 does not retry a truncated answer: the short body is a
#   smithy.DeserializationError wrapping "unexpected EOF", which none of
#   DefaultRetryables (aws/retry/standard.go:79-91; RetryableConnectionError,
#   aws/retry/retryable_error.go:87-125, looks for connection, "connection
#   reset", url, net.OpError and temporary errors) calls retryable: retry.after-fault
#   fails and the application sees the error (gate_backups.go exits 1).
# - JS v2 does not retry a truncated answer, and never settles its promise: the
#   SEND listener finishes a request only on the response's 'end' event
#   (lib/event_listeners.js:410), which a body cut short never emits, and the
#   request stream's error handler has already called back (lib/http/node.js:84-96,
#   stream.didCallback): the call neither resolves nor rejects, node runs out of
#   work and exits 0 without printing "js v2: done". retry.after-fault fails.
# - JS v2 does not sign Content-Type (signing.content-type-signed, a warning).
# - JS v3 does not read x-amz-crc32 (tests/integration/gate_js.sh): retry.crc32-checked
#   fails when a bad checksum lands on a 2xx before the call's third attempt.
# - JS v3 with a ConfiguredRetryStrategy that waits a fixed 300 ms before its first
#   retry: retry.jitter warns once enough first retries are alike (the strategy is
#   the application's, outside every documented scheme; the report says so).
#
# One seed per client here (GATE_SDK_SEEDS="1 2 ..." to choose); `make gate-sdk-sweep`
# runs 20 seeds per client and prints the verdicts (mk/gate-sdks.mk).
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
. tests/integration/gate_lib.bash
ROUNDS=${GATE_SDK_ROUNDS:-4}
SWEEP=${GATE_SDK_SEEDS:+1}

have_js2=; have_js3=; have_go=; have_boto3=
command -v node >/dev/null && [ -d tests/js/node_modules/aws-sdk ] && have_js2=1
command -v node >/dev/null && [ -d tests/js/node_modules/@aws-sdk/client-dynamodb ] && have_js3=1
python3 -c 'import boto3' 2>/dev/null && have_boto3=1
GO_BIN="${BUILD_DIR:-build}/gate_go"
if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/service/dynamodb ]; then
    mkdir -p "$(dirname "$GO_BIN")"
    if GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$GATE_TMP/gocache" GOFLAGS= \
        go build -o "$GO_BIN" tests/go/gate_backups.go 2>"$GATE_TMP/go-build.log"; then
        have_go=1
    else
        echo "FAIL go build tests/go/gate_backups.go:"; sed 's/^/     | /' "$GATE_TMP/go-build.log"; GATE_FAILED=1
    fi
fi

# verdict NAME ALLOWED_FAILED ALLOWED_WARNINGS: checks the last run's report: every
# failed rule and warning is one the SDK's code explains, and each failure's examples
# are the faults that explain it (truncate for retry.after-fault, badcrc on a 2xx for
# retry.crc32-checked); prints "failed=... warnings=... exit=..." for the tallies
verdict() {
    python3 - "$GATE_DIR/client-report.json" "$@" <<'PY'
import json, os, sys
if not os.path.exists(sys.argv[1]):
    print("failed=? warnings=? exit=? scheme=?")
    print("BAD no client-report.json: gate did not finish (see its log)")
    sys.exit(0)
d = json.load(open(sys.argv[1]))
name, ok_failed, ok_warn = sys.argv[2], set(sys.argv[3].split()), set(sys.argv[4].split())
why = {"retry.after-fault": {"truncate"}, "retry.crc32-checked": {"badcrc"}}
failed, warned, bad = [], [], []
for c in d["clients"]:
    for r in c["rules"]:
        if r["status"] == "failed":
            failed.append(r["id"])
            if r["id"] not in ok_failed:
                bad.append("unexplained failure %s: %s" % (r["id"], r["examples"][0]["detail"] if r["examples"] else r["note"]))
            for e in r["examples"]:
                if r["id"] in why and e["fault"] not in why[r["id"]]:
                    bad.append("%s failed by fault %s" % (r["id"], e["fault"]))
                if r["id"] == "retry.crc32-checked" and e["answer"]["status"] != 200:
                    bad.append("retry.crc32-checked failed on a %s answer" % e["answer"]["status"])
        elif r["status"] == "warning":
            warned.append(r["id"])
            if r["id"] not in ok_warn:
                bad.append("unexplained warning %s: %s" % (r["id"], r["note"]))
print("failed=%s warnings=%s exit=%s scheme=%s" % (",".join(failed) or "-", ",".join(warned) or "-",
      d["command"]["exit"], ",".join(c["retryScheme"]["inferred"] or ("none" if c["retries"] else "no-retries")
                                     for c in d["clients"]) or "-"))
for b in bad:
    print("BAD " + b)
PY
}

# run NAME SEED ALLOWED_FAILED ALLOWED_WARNINGS -- COMMAND...: one gate run, judged by verdict
run() {
    local name=$1 seed=$2 okf=$3 okw=$4
    shift 5
    NODE_NO_WARNINGS=1 gate "$name-$seed" --faults "default,seed=$seed" -- "$@"
    local v
    v=$(verdict "$name" "$okf" "$okw")
    LAST_VERDICT=${v%%$'\n'*}
    if grep -q '^BAD ' <<<"$v"; then
        echo "FAIL $name seed $seed: $(grep '^BAD ' <<<"$v" | tr '\n' ' ')"
        sed 's/^/     | /' "$GATE_DIR.log" | tail -n 6
        GATE_FAILED=1
    fi
    [ -n "$SWEEP" ] && echo "$name $seed $LAST_VERDICT"
}

if [ -n "$SWEEP" ]; then
    for seed in $GATE_SDK_SEEDS; do
        [ -n "$have_js2" ] && run js2 "$seed" "retry.after-fault" "signing.content-type-signed" -- node tests/js/gate_v2.cjs "$ROUNDS"
        [ -n "$have_go" ] && run go2 "$seed" "retry.after-fault retry.crc32-checked" "" -- "$GO_BIN" "$ROUNDS"
        [ -n "$have_boto3" ] && run boto3-adaptive "$seed" "" "" -- python3 tests/gate/boto3_backups.py adaptive "$ROUNDS"
        [ -n "$have_boto3" ] && run boto3-2026 "$seed" "" "" -- env AWS_NEW_RETRIES_2026=true python3 tests/gate/boto3_backups.py standard "$ROUNDS"
        [ -n "$have_js3" ] && run js3-adaptive "$seed" "retry.crc32-checked" "" -- node tests/js/gate_backups.mjs "$ROUNDS" adaptive
        [ -n "$have_js3" ] && run js3-configured "$seed" "retry.crc32-checked" "retry.jitter" -- node tests/js/gate_backups.mjs "$ROUNDS" configured
    done
    exit $GATE_FAILED
fi

# make test: one seed each, its verdict pinned
if [ -n "$have_js2" ]; then
    run js2 1 "retry.after-fault" "signing.content-type-signed" -- node tests/js/gate_v2.cjs "$ROUNDS"
    expect "js v2: verdict" "$LAST_VERDICT" "failed=retry.after-fault warnings=signing.content-type-signed exit=0 scheme=js-v2-legacy"
    expect "js v2: the call cut short never settled (no 'done')" "$(grep -c 'js v2: done' "$GATE_DIR.log")" 0
else echo "skip js v2 (npm aws-sdk not installed in tests/js)"; fi
if [ -n "$have_go" ]; then
    run go2 1 "retry.after-fault retry.crc32-checked" "" -- "$GO_BIN" "$ROUNDS"
    expect "go v2: verdict" "$LAST_VERDICT" "failed=retry.after-fault,retry.crc32-checked warnings=- exit=1 scheme=go-v2-standard"
else echo "skip go v2 (golang-go or golang-github-aws-aws-sdk-go-v2-dev missing: tools/deps.sh)"; fi
if [ -n "$have_boto3" ]; then
    run boto3-adaptive 1 "" "" -- python3 tests/gate/boto3_backups.py adaptive "$ROUNDS"
    expect "boto3 adaptive: verdict" "$LAST_VERDICT" "failed=- warnings=- exit=0 scheme=botocore-adaptive"
    run boto3-2026 1 "" "" -- env AWS_NEW_RETRIES_2026=true python3 tests/gate/boto3_backups.py standard "$ROUNDS"
    expect "boto3 AWS_NEW_RETRIES_2026: verdict" "$LAST_VERDICT" "failed=- warnings=- exit=0 scheme=retries-2.1"
else echo "skip boto3"; fi
if [ -n "$have_js3" ]; then
    run js3-adaptive 3 "retry.crc32-checked" "" -- node tests/js/gate_backups.mjs "$ROUNDS" adaptive
    expect "js v3 adaptive: verdict" "$LAST_VERDICT" "failed=retry.crc32-checked warnings=- exit=0 scheme=retries-2.1"
    run js3-configured 2 "retry.crc32-checked" "retry.jitter" -- node tests/js/gate_backups.mjs "$ROUNDS" configured
    expect "js v3 configured: verdict" "$LAST_VERDICT" "failed=- warnings=retry.jitter exit=0 scheme=none"
else echo "skip js v3"; fi
exit $GATE_FAILED
