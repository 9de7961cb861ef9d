#!/usr/bin/env bash
# The example CI workflows (examples/ci/) and .clusterfuzzlite/ use only commands,
# flags, make targets and files that exist (workflows_check.py says what is checked),
# and a broken copy of each kind is caught. Exit 77 without python3's yaml module.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "python3 yaml (PyYAML) not installed"; exit 77; }
python3 "$top/tests/integration/workflows_check.py" "$DDBCONFORM" "$top" || exit 1

# the checker can fail: a copy of the tree's checked files with one mistake each
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/t/examples/ci" "$tmp/t/mk" "$tmp/t/fuzz"
cp -r "$top/.clusterfuzzlite" "$top/Makefile" "$top/baselines" "$top/corpus" "$tmp/t/"
cp "$top"/mk/*.mk "$tmp/t/mk/"
cp "$top"/fuzz/*.c "$top"/fuzz/*.dict "$top"/fuzz/*.options "$tmp/t/fuzz/"
broken() { # broken NAME WANT SED-EXPR FILE
    cp "$top"/examples/ci/*.yml "$tmp/t/examples/ci/"
    cp "$top/.clusterfuzzlite/build.sh" "$tmp/t/.clusterfuzzlite/build.sh"
    sed -i "$3" "$tmp/t/$4"
    python3 "$top/tests/integration/workflows_check.py" "$DDBCONFORM" "$tmp/t" >"$tmp/out" 2>&1 &&
        { echo "FAIL: $1 was not caught"; exit 1; }
    grep -q "$2" "$tmp/out" || { echo "FAIL: $1: $(cat "$tmp/out")"; exit 1; }
    echo "caught ($1): $(grep -m1 "$2" "$tmp/out")"
}
broken "unknown flag" "ddbconform report --outdir: no such flag" 's/--out reports\/merged/--outdir reports\/merged/' examples/ci/github-actions-emulator.yml
broken "unknown subcommand" "ddbconform merge: no such subcommand" 's/ddbconform report --merge/ddbconform merge --merge/' examples/ci/github-actions-emulator.yml
broken "unknown make target" "make build/ddbconformx: no such target" 's/-j2 build\/ddbconform$/-j2 build\/ddbconformx/' examples/ci/github-actions-emulator.yml
broken "missing baseline" "baselines/localstack.json: no such file" 's/baselines\/moto.json/baselines\/localstack.json/' examples/ci/github-actions-emulator.yml
broken "shard matrix" "shard matrix" 's/shard: \[1, 2, 3, 4\]/shard: [1, 2, 3]/' examples/ci/github-actions-emulator.yml
broken "cflite mode" "run_fuzzers mode" "s/mode: 'batch'/mode: 'nightly'/" examples/ci/clusterfuzzlite-batch.yml
broken "fuzz target list" "builds \[" 's/^for t in json validate/for t in json/' .clusterfuzzlite/build.sh
echo "ok"
