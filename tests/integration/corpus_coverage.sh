#!/usr/bin/env bash
# The golden corpus (issue 5): `spec coverage` at 100 % over cases/ with the committed
# exemptions, a drop makes it exit 1, the generated cases are up to date with
# tools/gen/cases.py, and every case names its source (inferred ones say so).
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$DDBCONFORM" spec coverage --cases cases >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/out"; fail "spec coverage over cases/: exit $rc, want 0"; }
grep -q "^total: .* (100.0%), .* exempt, threshold 100.0%: ok$" "$tmp/out" || fail "summary: $(tail -n 1 "$tmp/out")"
if grep -q "^  missing" "$tmp/out"; then fail "missing items: $(grep '^  missing' "$tmp/out" | head -n 5)"; fi

# a corpus without the only case of backupName:max must fall below the threshold
cp -r cases "$tmp/cases"
rm "$tmp/cases/backup/create-backup-backupname-too-long.json" "$tmp/cases/backup/create-backup-256-char-name-fails-max-length.json"
"$DDBCONFORM" spec coverage --cases "$tmp/cases" >"$tmp/out2" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "coverage without the backupName:max cases: exit $rc, want 1"
grep -q "^  missing  backupName:max$" "$tmp/out2" || fail "the dropped item is not named: $(grep missing "$tmp/out2")"
grep -q "BELOW THRESHOLD" "$tmp/out2" || fail "no BELOW THRESHOLD in: $(tail -n 1 "$tmp/out2")"

# a stale exemption (no such item) is refused
sed 's/"item": "error:TableInUseException"/"item": "error:NoSuchException"/' cases/.coverage.json >"$tmp/ex.json"
"$DDBCONFORM" spec coverage --cases cases --exemptions "$tmp/ex.json" >"$tmp/out3" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "exemption of a missing item: exit $rc, want 2"
grep -q "no item 'error:NoSuchException' for CreateBackup" "$tmp/out3" || fail "message: $(cat "$tmp/out3")"

python3 tools/gen/cases.py --check >"$tmp/gen" 2>&1 || fail "cases/ differ from tools/gen/cases.py: $(cat "$tmp/gen")"

python3 - <<'PY' || exit 1
import glob, json, sys
n = 0
for f in sorted(glob.glob("cases/**/*.json", recursive=True)):
    c = json.load(open(f))
    n += 1
    for k in ("id", "description", "source", "level", "tags"):
        assert c.get(k) not in (None, ""), "%s: no %s" % (f, k)
    if "inferred" in c["tags"]:
        assert "inferred" in c["description"] or "[I]" in c["source"] or "[E]" in c["source"], \
            "%s: tagged inferred but neither description nor source says why" % f
    if c.get("confidence") == "disputed":
        sides = c.get("sources", [])
        assert len(sides) >= 2 and len({s["says"] for s in sides}) == len(sides), \
            "%s: disputed, but it does not cite two different sides" % f
    assert c["id"] + ".json" == f[len("cases/"):], "%s: id %s" % (f, c["id"])
    # forward compatibility: a member AWS adds must never fail a case (name what must be absent with $absent)
    assert '"$exact"' not in open(f).read(), "%s: $exact in a case (use $absent on the members that matter)" % f
assert n >= 200, "only %d cases" % n
print("cases: %d" % n)
PY
echo "ok"
