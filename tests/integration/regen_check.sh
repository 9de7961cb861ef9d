#!/usr/bin/env bash
# The generators' contract (tools/gen/genlib.py), on a scratch copy of the data they own:
#   - every generator's --check passes on the tree and --help says what it writes;
#   - a generated case edited, deleted, or left behind by the generator (an ORPHAN:
#     marked "generatedBy" but no longer written) makes cases.py --check exit 1 naming it,
#     and running the generator repairs all three;
#   - a hand-written case at a generated id is refused, never overwritten;
#   - a stale dictionary and a stale table.json are named by their generators.
# Exit 0 pass, 1 fail.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/tests" "$tmp/build"
cp -R "$top/tools" "$top/spec" "$top/cases" "$top/fuzz" "$top/baselines" "$tmp/"
cp -R "$top/tests/data" "$tmp/tests/"
cd "$tmp"

for g in tools/gen/*.py; do
    [ "$(basename "$g")" = genlib.py ] && continue
    python3 "$g" --help >"$tmp/help" 2>&1 || fail "$g --help exited $?"
    grep -q -- "--check" "$tmp/help" || fail "$g --help does not say what --check checks"
    python3 "$g" --check >"$tmp/out" 2>&1 || fail "$g --check on the tree: $(cat "$tmp/out")"
done

gen=cases/backup/create-backup-backupname-too-long.json
gone=cases/restore/restore-table-from-backup-backuparn-missing.json
[ -f "$gen" ] && [ -f "$gone" ] || fail "the probe cases are not in the tree"
grep -q '"generatedBy": "tools/gen/cases.py"' "$gen" || fail "$gen does not carry the marker"
sed -i 's/"level": "both"/"level": "strict"/' "$gen"
rm "$gone"
sed 's|"id": "backup/create-backup-backupname-too-long"|"id": "backup/left-behind"|' "$gen" >cases/backup/left-behind.json
python3 tools/gen/cases.py --check >"$tmp/out" 2>&1; rc=$?
[ "$rc" -eq 1 ] || fail "cases.py --check with three stale files: exit $rc, want 1"
grep -qx "tools/gen/cases.py: DIFFERS $gen" "$tmp/out" || fail "the edited case is not named: $(cat "$tmp/out")"
grep -qx "tools/gen/cases.py: MISSING $gone" "$tmp/out" || fail "the deleted case is not named: $(cat "$tmp/out")"
grep -qx "tools/gen/cases.py: ORPHAN cases/backup/left-behind.json" "$tmp/out" ||
    fail "the orphan is not named: $(cat "$tmp/out")"
[ "$(grep -c ': \(DIFFERS\|MISSING\|ORPHAN\) ' "$tmp/out")" -eq 3 ] || fail "more than the 3 stale files named: $(cat "$tmp/out")"
python3 tools/gen/cases.py >/dev/null || fail "cases.py could not regenerate"
cmp -s "$gen" "$top/$gen" || fail "regenerating did not restore $gen"
cmp -s "$gone" "$top/$gone" || fail "regenerating did not write $gone again"
[ ! -e cases/backup/left-behind.json ] || fail "regenerating did not remove the orphan"
python3 tools/gen/cases.py --check >/dev/null || fail "cases.py --check after regenerating"

# a hand-written file (no marker) where a generated case goes is refused, the file kept
python3 - "$gen" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
del c["generatedBy"]
open(sys.argv[1], "w").write(json.dumps(c, indent=2) + "\n")
EOF
cp "$gen" "$tmp/hand.json"
python3 tools/gen/cases.py >"$tmp/out" 2>&1 && fail "cases.py overwrote a hand-written case"
grep -q "is hand-written" "$tmp/out" || fail "the refusal does not say why: $(cat "$tmp/out")"
cmp -s "$gen" "$tmp/hand.json" || fail "the hand-written case was changed"
cp "$top/$gen" "$gen"

# the other links of the chain name their stale files too
echo '"stale"' >>fuzz/json.dict
python3 tools/gen/fuzz-corpus.py --check >"$tmp/out" 2>&1 && fail "fuzz-corpus.py --check passed a stale dictionary"
grep -qx "tools/gen/fuzz-corpus.py: DIFFERS fuzz/json.dict" "$tmp/out" || fail "the dictionary is not named: $(cat "$tmp/out")"
sed -i 's/"generatedBy": "tools\/gen\/validate-table.py"/"generatedBy": "tools\/gen\/validate-table.py", "x": 1/' \
    tests/data/validate/table.json
python3 tools/gen/validate-table.py --check >"$tmp/out" 2>&1 && fail "validate-table.py --check passed a stale table"
grep -qx "tools/gen/validate-table.py: DIFFERS tests/data/validate/table.json" "$tmp/out" ||
    fail "the table is not named: $(cat "$tmp/out")"
echo "ok"
