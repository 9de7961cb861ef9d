#!/usr/bin/env bash
# `ddbconform explore` against moto (python3 -m moto.server on a free 127.0.0.1
# port, stopped by PID), in real time (moto has no test-control clock): it must
# report moto's documented deviations from the service ([S:emu-moto-backup-api]):
# a new backup AVAILABLE at once instead of CREATING, a PITR restore of a table
# without PITR accepted - each shrunk to a short case - and the case of one must
# replay with `ddbconform run`: failing on moto, passing on `ddbconform serve`.
# Exit 77 when moto is missing.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
trap 'moto_stop; serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
python3 -c 'import moto.server' 2>/dev/null || { echo "moto not importable (pip install 'moto[server]')"; exit 77; }
export AWS_ACCESS_KEY_ID=AKIDEXPLOREMOTO AWS_SECRET_ACCESS_KEY=explore-moto-secret AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB

moto_start "$tmp/moto.log" || fail "moto did not start: $(tail -n 5 "$tmp/moto.log")"
"$DDBCONFORM" explore --endpoint "$MOTO_URL" --seed 1 --steps 200 --duration 240 --level compat --shrink-runs 40 \
    --findings "$tmp/f" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { tail -n 20 "$tmp/out"; fail "moto: exit $rc, want 1 (divergences)"; }
grep '^explore: finding' "$tmp/out" | head -n 12 | cut -c1-200
case_file=$(python3 - "$tmp/f/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["testClock"] is False, s["testClock"]
by_key = {f["key"]: f for f in s["findings"]}
want = ["CreateBackup body.BackupDetails.BackupStatus",                                   # AVAILABLE at once
        "RestoreTableToPointInTime error PointInTimeRecoveryUnavailableException->null"]  # PITR off, restored
missing = [k for k in want if k not in by_key]
if missing:
    print("missing: %s; found: %s" % (missing, sorted(by_key)), file=sys.stderr); sys.exit(1)
for k in want:
    assert by_key[k]["shrunkSteps"] <= 4, by_key[k]
print(by_key[want[0]]["case"])
PY
) || fail "moto: summary.json lacks the expected divergences"
# the case fails on moto and passes on serve
"$DDBCONFORM" run --endpoint "$MOTO_URL" --cases "$tmp/f/$case_file" --level compat --report-dir "$tmp/rm" >/dev/null 2>&1 &&
    fail "$case_file passes on moto"
serve_start --test-control || fail "serve did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --test-control --cases "$tmp/f/$case_file" --report-dir "$tmp/rs" >"$tmp/runs" 2>&1 ||
    { cat "$tmp/runs"; fail "$case_file does not pass on serve"; }
echo "explore_moto: ok"
