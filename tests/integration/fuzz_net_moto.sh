#!/usr/bin/env bash
# `ddbconform fuzz` against moto (python3 -m moto.server on a free 127.0.0.1
# port, stopped by PID): it must report moto's real deviations - no request
# validation (ValidationException predicted, 200 got), no SigV4 check, HTML
# 500s - and a finding must replay with `ddbconform run`: still failing on
# moto, passing on `ddbconform serve`. Exit 77 when moto is missing.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
trap 'moto_stop; serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
python3 -c 'import moto.server' 2>/dev/null || { echo "moto not importable (pip install 'moto[server]')"; exit 77; }
export AWS_ACCESS_KEY_ID=AKIDFUZZMOTO AWS_SECRET_ACCESS_KEY=fuzz-moto-secret AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB

moto_start "$tmp/moto.log" || fail "moto did not start: $(tail -n 5 "$tmp/moto.log")"

"$DDBCONFORM" fuzz --endpoint "$MOTO_URL" --seed 1 --requests 250 --level compat \
    --cases "$top/cases" --findings "$tmp/f" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { tail -n 20 "$tmp/out"; fail "moto: exit $rc, want 1 (findings)"; }
grep '^FINDING' "$tmp/out" | head -n 12 | cut -c1-200
python3 - "$tmp/f/summary.json" <<'PY' || fail "moto: summary.json lacks the expected deviations"
import json, sys
s = json.load(open(sys.argv[1]))
keys = [(f["class"], f["key"]) for f in s["list"]]
def has(cls, text):
    return any(c == cls and text in k for c, k in keys)
missing = [w for w in [("accepted-invalid", "ValidationException"),      # moto validates nothing
                       ("accepted-invalid", "Exception via auth-"),       # nor SigV4
                       ("server-error", "500")]                           # HTML 500 pages
           if not has(*w)]
assert s["findings"] == len(s["list"]) and s["written"] > 0, s
if missing:
    print("missing:", missing); sys.exit(1)
PY

# replay: pick an accepted-invalid ValidationException finding
case=$(python3 - "$tmp/f/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for f in s["list"]:
    if f["class"] == "accepted-invalid" and "ValidationException via" in f["key"] and "case" in f:
        print(f["case"]); break
PY
)
[ -n "$case" ] || fail "no replayable accepted-invalid finding"
"$DDBCONFORM" run --endpoint "$MOTO_URL" --level compat --cases "$tmp/f/$case" \
    --report-dir "$tmp/r1" >/dev/null 2>&1
[ $? -eq 1 ] || fail "replay of $case on moto should still fail"
serve_start || fail "serve did not start"
"$DDBCONFORM" run --endpoint "$SERVE_URL" --cases "$tmp/f/$case" --report-dir "$tmp/r2" >"$tmp/r2.out" 2>&1 ||
    { cat "$tmp/r2.out"; fail "replay of $case on serve should pass"; }
echo "replayed $case: fails on moto, passes on serve"
echo ok
