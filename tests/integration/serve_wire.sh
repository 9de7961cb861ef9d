#!/usr/bin/env bash
# serve_wire.sh - wire details of `ddbconform serve` seen from curl: the 404 /
# SerializationException bodies and their crc32 ([S:processing-order], [S:response-headers]), the
# application/json echo, the test-control clock, each injected fault, the
# caller's account per access key, and a bad --faults or --account-for-key
# (exit 2 with one line).
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
command -v curl >/dev/null || { echo "curl not installed"; exit 77; }
. tests/integration/serve_lib.bash
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
fails=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$3] got [$2]"; fails=$((fails + 1)); fi; }
hdr() { tr -d '\r' | sed -n "s/^$1: //Ip"; }
ddb() { # ddb OP BODY [curl args...]
    local op=$1 body=$2; shift 2
    curl -s -m 10 -D "$H" -o "$B" --aws-sigv4 "aws:amz:us-east-1:dynamodb" --user AKIDX:secret \
        -H "X-Amz-Target: DynamoDB_20120810.$op" "$@" -d "$body" "$SERVE_URL/"
}
H=$(mktemp); B=$(mktemp)
trap 'serve_stop >/dev/null; rm -f "$H" "$B"' EXIT

serve_start --test-control || exit 1
curl -s -D "$H" -o "$B" -X PUT "$SERVE_URL/"
check "PUT is 404 <UnknownOperationException/>" "$(cat "$B")" "<UnknownOperationException/>"
check "404 crc32 ([S:processing-order])" "$(hdr x-amz-crc32 <"$H")" 3552371480
ddb ListBackups '' -H 'Content-Type: application/x-amz-json-1.0'
check "empty body is SerializationException" "$(cat "$B")" '{"__type":"com.amazon.coral.service#SerializationException"}'
check "its crc32" "$(hdr x-amz-crc32 <"$H")" 3948637019
check "request id is 26 base32hex + the service suffix ([S:request-id-form])" \
    "$(hdr x-amzn-RequestId <"$H" | grep -cE '^[0-9A-V]{26}VV4KQNSO5AEMVJF66Q9ASUAAJG$')" 1
ddb DescribeTable '{"TableName":1}' -H 'Content-Type: application/x-amz-json-1.0'
check "error members in code-point order: Message before __type ([S:member-order])" "$(cat "$B")" \
    '{"Message":"NUMBER_VALUE cannot be converted to String","__type":"com.amazon.coral.service#SerializationException"}'
ddb ListBackups '{}' -H 'Content-Type: application/json; charset=utf-8'
check "application/json is echoed" "$(hdr Content-Type <"$H")" application/json
ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.1'
check "x-amz-json-1.1 is 404" "$(head -1 "$H" | cut -d' ' -f2)" 404
curl -s -m 10 -o "$B" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListBackups' \
    -d '{}' "$SERVE_URL/"
check "no Authorization header" "$(cat "$B")" \
    '{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}'
before=$(curl -s "$SERVE_URL/_ddbconform/clock" | sed -n 's/.*"offsetMs":\([0-9-]*\).*/\1/p')
after=$(curl -s -X POST "$SERVE_URL/_ddbconform/clock?advance=3600" | sed -n 's/.*"offsetMs":\([0-9-]*\).*/\1/p')
check "test control advances the clock an hour" "$((after - before))" 3600000
serve_stop

serve_start || exit 1
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SERVE_URL/_ddbconform/clock?advance=1")
check "without --test-control the control path is a plain 404" "$code" 404
serve_stop

serve_start --faults error500=1 || exit 1
ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.0'
check "error500 fault" "$(head -1 "$H" | cut -d' ' -f2)" 500
serve_stop
serve_start --faults badcrc=1 || exit 1
ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.0'
real=$(python3 -c 'import sys,zlib; print(zlib.crc32(open(sys.argv[1],"rb").read()))' "$B")
[ "$(hdr x-amz-crc32 <"$H")" != "$real" ]; check "badcrc fault: header differs from the body's crc32" $? 0
serve_stop
serve_start --faults truncate=1 || exit 1
ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.0'; rc=$?
check "truncate fault: curl sees a short body (18)" "$rc" 18
serve_stop
serve_start --faults reset=1 || exit 1
ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.0'; rc=$?
[ "$rc" = 52 ] || [ "$rc" = 56 ]; check "reset fault: curl sees no reply / reset (52|56, got $rc)" $? 0
serve_stop
serve_start --faults latency=300ms || exit 1
start=$(date +%s%N); ddb ListBackups '{}' -H 'Content-Type: application/x-amz-json-1.0'; end=$(date +%s%N)
[ $(((end - start) / 1000000)) -ge 300 ]; check "latency fault delays at least 300 ms" $? 0
serve_stop

# Accounts ([S:validation-texts], [S:backup-lifecycle]): the access key picks the account, --account the rest.
serve_start --account 210987654321 --account-for-key AKIDBOB=111122223333 || exit 1
TBL='{"TableName":"acc","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}'
ddb CreateTable "$TBL" -H 'Content-Type: application/x-amz-json-1.0' --user AKIDBOB:secret
check "a mapped key's table ARN carries its account" "$(grep -o '"TableArn":"[^"]*"' "$B")" \
    '"TableArn":"arn:aws:dynamodb:us-east-1:111122223333:table/acc"'
ddb CreateBackup '{"TableName":"acc","BackupName":"bk1"}' -H 'Content-Type: application/x-amz-json-1.0' --user AKIDBOB:secret
arn=$(sed -n 's/.*"BackupArn":"\([^"]*\)".*/\1/p' "$B")
ddb CreateTable "$TBL" -H 'Content-Type: application/x-amz-json-1.0'
check "an unmapped key runs as --account" "$(grep -o '"TableArn":"[^"]*"' "$B")" \
    '"TableArn":"arn:aws:dynamodb:us-east-1:210987654321:table/acc"'
ddb DescribeBackup "{\"BackupArn\":\"$arn\"}" -H 'Content-Type: application/x-amz-json-1.0'
check "another account's backup: 400" "$(head -1 "$H" | cut -d' ' -f2)" 400
check "AccessDeniedException with 'Message' ([S:error-body])" \
    "$(grep -c '"__type":"com.amazon.coral.service#AccessDeniedException"' "$B")$(grep -c '"Message":"Access is denied"' "$B")" 11
serve_stop
msg=$("$DDBCONFORM" serve --port 0 --account-for-key AKIDBOB=1111 2>&1 >/dev/null); rc=$?
check "bad --account-for-key exits 2" "$rc" 2
check "with one line naming it" "$msg" \
    "ddbconform serve: --account-for-key AKIDBOB=1111: expected ACCESS_KEY_ID=ACCOUNT (12 digits)"

msg=$("$DDBCONFORM" serve --port 0 --faults 'throttle=oops' 2>&1 >/dev/null); rc=$?
check "bad --faults exits 2" "$rc" 2
check "with one line naming the item" "$msg" \
    "ddbconform serve: --faults: throttle=oops: expected a probability between 0 and 1"
trap - EXIT
rm -f "$H" "$B"
[ $fails -eq 0 ]
