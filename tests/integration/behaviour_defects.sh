#!/usr/bin/env bash
# The suite catches behavioural defects (issue 18 item 3; docs/behaviour.md "Planted
# defects"): for each defect of tests/defects/defects.txt, tools/build-defect.sh plants
# it into a copy of serve's model and builds a variant; the strict suite of the
# defect's own area (cases/AREA) then runs against the variant's embedded endpoint and
# must report at least one case of that area "failed" (not disputed, not inferred).
# The unchanged endpoint must pass every case of those areas. Variants build one after
# the other (only the patched files compile), the runs go in parallel.
# DEFECTS="a b" narrows the list (names); KEEP=1 keeps the temp folder.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
cleanup() { [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
export BUILD_DIR=${BUILD_DIR:-$top/build}

names=() areas=() globs=()
while IFS='|' read -r name area _report glob; do
    name=$(echo "$name" | xargs) area=$(echo "$area" | xargs) glob=$(echo "${glob:-}" | xargs)
    case "$name" in '' | '#'*) continue ;; esac
    if [ -n "${DEFECTS:-}" ] && ! [[ " $DEFECTS " == *" $name "* ]]; then continue; fi
    [ -d "$top/cases/$area" ] || fail "defects.txt: $name: no case folder cases/$area"
    case "${glob:-$area/*}" in "$area"/*) ;; *) fail "defects.txt: $name: the glob '$glob' is not inside cases/$area" ;; esac
    names+=("$name") areas+=("$area") globs+=("${glob:-$area/*}")
done <"$top/tests/defects/defects.txt"
[ "${#names[@]}" -gt 0 ] || fail "no defect selected"
# every patch is listed and every listed defect has a patch
for p in "$top"/tests/defects/*.patch; do
    n=$(basename "$p" .patch)
    grep -q "^$n |" "$top/tests/defects/defects.txt" || fail "tests/defects/$n.patch is not in defects.txt"
done

# the unchanged endpoint passes every case of the areas
mapfile -t uniq_areas < <(printf '%s\n' "${areas[@]}" | sort -u)
for a in "${uniq_areas[@]}"; do
    "$DDBCONFORM" run --cases "$top/cases" --filter "$a/*" --level strict --report-dir "$tmp/base-$a" \
        2>"$tmp/base-$a.err" || { tail -n 20 "$tmp/base-$a.err"; fail "the unchanged endpoint fails cases of cases/$a"; }
done

for i in "${!names[@]}"; do
    bin=$("$top/tools/build-defect.sh" "${names[$i]}" "$tmp/v" 2>"$tmp/${names[$i]}.build") ||
        fail "${names[$i]}: $(cat "$tmp/${names[$i]}.build")"
    echo "$bin" >"$tmp/${names[$i]}.bin"
done
pids=()
for i in "${!names[@]}"; do
    n=${names[$i]}
    "$(cat "$tmp/$n.bin")" run --cases "$top/cases" --filter "${globs[$i]}" --level strict --report-dir "$tmp/r-$n" \
        2>"$tmp/$n.err" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

bad=0
for i in "${!names[@]}"; do
    n=${names[$i]} a=${areas[$i]}
    caught=$(python3 - "$tmp/r-$n/report.json" "$a" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except OSError:
    sys.exit(0)
print(" ".join(c["id"] for c in r["cases"] if c["status"] == "failed" and c["id"].startswith(sys.argv[2] + "/")))
PY
)
    if [ -n "$caught" ]; then
        echo "$n: caught in cases/$a by $(echo "$caught" | wc -w) case(s): $caught"
    else
        echo "FAIL: $n: no case of cases/$a failed against the variant ($(tail -n 1 "$tmp/$n.err"))"
        bad=1
    fi
done
[ "$bad" -eq 0 ] || exit 1
echo "ok"
