#!/usr/bin/env bash
# The strict JSON layer, the validation core and `validate` run valgrind-clean:
# no invalid reads/writes, no definite leaks. (Skipped for the ASan build:
# valgrind and ASan do not mix; ASan covers that build.)
set -u
cd "$(dirname "$0")/../.."
: "${DDBCONFORM:?DDBCONFORM must point at the ddbconform binary}"
B=${BUILD_DIR:-build}
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
if nm "$DDBCONFORM" 2>/dev/null | grep -q __asan_init; then echo "ASan build: valgrind does not apply"; exit 77; fi
VG=(valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect)
fail=0
run() { "${VG[@]}" "$@" >/dev/null 2>"$tmp/vg.log"; rc=$?; if [ $rc -eq 9 ]; then echo "FAIL valgrind: $*"; cat "$tmp/vg.log"; fail=1; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import json, sys
rows = json.load(open("tests/data/validate/table.json"))["cases"]
for i, r in enumerate(rows[::10]):
    body = r["raw"] if "raw" in r else json.dumps(r["request"])
    open("%s/%03d.%s.json" % (sys.argv[1], i, r["op"]), "w").write(body)
    if "context" in r:
        open("%s/%03d.%s.ctx" % (sys.argv[1], i, r["op"]), "w").write(json.dumps(r["context"]))
PY
n=0
for f in "$tmp"/*.json; do
    op=$(basename "$f" .json); op=${op#*.}
    ctx=${f%.json}.ctx
    if [ -f "$ctx" ]; then run "$DDBCONFORM" validate "$op" "$f" --context "$ctx"; else run "$DDBCONFORM" validate "$op" "$f"; fi
    n=$((n + 1))
done
# run --plan reads cases and the plan data, sends nothing (docs/plan-and-sweep.md)
run "$DDBCONFORM" run --plan --cases cases --filter 'restore/*' --report-dir "$tmp/plan" && n=$((n + 1))
for t in test_json test_validate test_spec test_names; do [ -x "$B/tests/$t" ] && run "$B/tests/$t" && n=$((n + 1)); done
echo "valgrind: $n runs, failures: $fail"
exit $fail
