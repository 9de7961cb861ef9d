#!/usr/bin/env bash
# explore finds planted behavioural defects (issue 19): for each defect of
# tests/defects/defects.txt, tools/build-defect.sh plants it into a copy of
# serve's model and builds a variant; `ddbconform explore` (seed 1, at most
# 10,000 steps) against the variant's serve --test-control must report a
# divergence, the first within 10,000 steps, shrunk to at most 8 steps, and
# its case must replay: green against the unchanged serve, failed against the
# variant (unless it needs the test clock for a PITR instant). Prints one line
# per defect: where it was found and how far it shrank. DEFECTS="a b" narrows
# the list; KEEP=1 keeps the temp folder. Skips (77) where tools/build-defect.sh
# is missing.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$top/tools/build-defect.sh" ] || { echo "tools/build-defect.sh missing"; exit 77; }
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
cleanup() { serve_stop >/dev/null 2>&1; [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=AKIDEXPLOREDEFECTS AWS_SECRET_ACCESS_KEY=explore-defects-secret AWS_REGION=us-east-1
export BUILD_DIR=${BUILD_DIR:-$top/build}
case "$BUILD_DIR" in */asan | */asan/) export BUILD_DIR=$top/build ;; esac
MAX_STEPS=10000
MAX_SHRUNK=8

names=()
while IFS='|' read -r name _rest; do
    name=$(echo "$name" | xargs)
    case "$name" in '' | '#'*) continue ;; esac
    if [ -n "${DEFECTS:-}" ] && ! [[ " $DEFECTS " == *" $name "* ]]; then continue; fi
    names+=("$name")
done <"$top/tests/defects/defects.txt"
[ "${#names[@]}" -gt 0 ] || fail "no defect selected"

clean=$DDBCONFORM
for name in "${names[@]}"; do
    variant=$("$top/tools/build-defect.sh" "$name" "$tmp/variants") || fail "$name: the variant does not build"
    serve_ddbconform=$DDBCONFORM
    DDBCONFORM=$variant serve_start --test-control || fail "$name: the variant's serve did not start"
    DDBCONFORM=$serve_ddbconform
    "$clean" explore --endpoint "$SERVE_URL" --seed 1 --steps "$MAX_STEPS" --findings "$tmp/f-$name" \
        >"$tmp/out-$name" 2>&1
    rc=$?
    [ "$rc" -eq 1 ] || { tail -5 "$tmp/out-$name"; fail "$name: explore exit $rc, want 1 (a divergence)"; }
    line=$(python3 - "$tmp/f-$name/summary.json" "$MAX_STEPS" "$MAX_SHRUNK" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
max_steps, max_shrunk = int(sys.argv[2]), int(sys.argv[3])
fs = s["findings"]
# where in the run (episode * episode length + step) each was met
first = min(fs, key=lambda f: (f["episode"], f["step"]))
at = first["episode"] * 100 + first["step"]
best = min(fs, key=lambda f: f["shrunkSteps"])
problems = []
if at > max_steps: problems.append("first found at step %d" % at)
if best["shrunkSteps"] > max_shrunk: problems.append("shrunk to %d steps at best" % best["shrunkSteps"])
print("%s|%d|%s|%d|%d|%s|%s" % ("; ".join(problems), at, first["key"], first["shrunkSteps"], best["shrunkSteps"],
                                best["case"], len(fs)))
PY
) || fail "$name: summary.json unreadable"
    IFS='|' read -r problems at key shrunk best_shrunk best_case count <<<"$line"
    [ -z "$problems" ] || fail "$name: $problems"
    # the shrunk case: red against the variant, green against the unchanged serve - unless it
    # names a PITR instant in the middle of one of explore's time steps (only explore can place it);
    # pauses move serve's test-control clock
    replay="replayed"
    if grep -q '"needs-test-clock"' "$tmp/f-$name/$best_case"; then
        replay="not replayed (needs the test clock)"
        serve_stop >/dev/null 2>&1
    else
        "$clean" run --endpoint "$SERVE_URL" --test-control --cases "$tmp/f-$name/$best_case" --report-dir "$tmp/r-$name" >/dev/null 2>&1 &&
            fail "$name: $best_case passes against the variant"
        serve_stop >/dev/null 2>&1
        serve_start --test-control || fail "serve did not start"
        "$clean" run --endpoint "$SERVE_URL" --test-control --cases "$tmp/f-$name/$best_case" --report-dir "$tmp/g-$name" >"$tmp/run-$name" 2>&1 ||
            { cat "$tmp/run-$name"; fail "$name: $best_case does not pass against the unchanged serve"; }
        serve_stop >/dev/null 2>&1
    fi
    echo "$name: found at step $at ($key), shrunk to $shrunk steps; $count finding(s), the smallest $best_shrunk steps, $replay"
done
echo "explore_defects: ok (${#names[@]} defects)"
