#!/usr/bin/env bash
# Disputed and inferred cases (cases/README.md "Confidence"): a failure of one is
# reported "disputed" / "inferred", counted apart in report.json, junit.xml and the
# closing line, and does not fail the run unless --fail-disputed / --fail-inferred.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDDBCONFORM AWS_SECRET_ACCESS_KEY=ddbconformTestSecretKeyNeverInReports0001
mkdir -p "$tmp/cases/c"
# ListBackups of an unknown table answers 200 with [] ([S:list-backups-rules]); expecting an error fails.
sides='"sources": [{"says": "side A", "source": "source A"}, {"says": "side B", "source": "source B"}]'
write() { # id confidence-members expect
    printf '{"id": "c/%s", "description": "d", "source": "s", %s "steps": [{"op": "ListBackups", "request": {"TableName": "nope-%s"}, "expect": %s}]}\n' \
        "$1" "$2" "$1" "$3" >"$tmp/cases/c/$1.json"
}
bad='{"status": 400, "error": "ResourceNotFoundException"}'
good='{"status": 200, "body": {"BackupSummaries": []}}'
write disputed-fails "\"confidence\": \"disputed\", $sides," "$bad"
write disputed-passes "\"confidence\": \"disputed\", $sides," "$good"
write inferred-fails '"confidence": "inferred", "tags": ["inferred"],' "$bad"
write confirmed-passes '' "$good"

"$DDBCONFORM" run --cases "$tmp/cases" --report-dir "$tmp/r" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/err"; fail "disputed and inferred failures: exit $rc, want 0"; }
grep -q "^2 passed, 0 failed, 0 skipped, 0 unsupported, 0 xfail, 1 disputed, 1 inferred (4 cases" "$tmp/err" ||
    fail "closing line: $(tail -n 1 "$tmp/err")"
grep -q "^DISPUTED c/disputed-fails: the sources disagree: side A (source A) vs side B (source B)$" "$tmp/err" ||
    fail "console: no DISPUTED line with both sides: $(cat "$tmp/err")"
python3 - "$tmp/r/report.json" <<'PY' || fail "report.json"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
want = {"total": 4, "passed": 2, "failed": 0, "disputed": 1, "inferred": 1, "expected_failures": 0}
assert all(s[k] == v for k, v in want.items()), s
cases = {c["id"]: c for c in r["cases"]}
d = cases["c/disputed-fails"]
assert d["status"] == "disputed" and d["confidence"] == "disputed", d
assert d["sources"] == [{"says": "side A", "source": "source A"}, {"says": "side B", "source": "source B"}], d
assert d["failures"] and d["failures"][0]["kind"] in ("status", "error_type"), d["failures"]
assert cases["c/disputed-passes"]["status"] == "passed"
assert cases["c/inferred-fails"]["status"] == "inferred"
assert "confidence" not in cases["c/confirmed-passes"]
PY
grep -q 'failures="0" errors="0" skipped="2"' "$tmp/r/junit.xml" || fail "junit.xml counts"
grep -q '<skipped message="disputed: the sources disagree: side A (source A) vs side B (source B)"/>' "$tmp/r/junit.xml" ||
    fail "junit.xml: the disputed case is not a skipped testcase with both sides"
grep -q '<tr class="case" data-status="disputed">' "$tmp/r/report.html" || fail "report.html: no disputed row"
grep -q '<tr class="case" data-status="inferred">' "$tmp/r/report.html" || fail "report.html: no inferred row"
"$DDBCONFORM" report "$tmp/r/report.json" --html "$tmp/matrix.html" >/dev/null 2>"$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q 'data-status="disputed"' "$tmp/matrix.html" || fail "matrix: no disputed cell"

"$DDBCONFORM" run --cases "$tmp/cases" --report-dir "$tmp/r2" --fail-disputed 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--fail-disputed: exit $rc, want 1"
grep -q "^2 passed, 1 failed, 0 skipped, 0 unsupported, 0 xfail, 0 disputed, 1 inferred" "$tmp/err" ||
    fail "--fail-disputed closing line: $(tail -n 1 "$tmp/err")"
"$DDBCONFORM" run --cases "$tmp/cases" --report-dir "$tmp/r3" --fail-inferred 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--fail-inferred: exit $rc, want 1"
"$DDBCONFORM" run --cases "$tmp/cases" --report-dir "$tmp/r4" --tags disputed 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "--tags disputed: exit $rc"
grep -q "^1 passed, 0 failed, 0 skipped, 0 unsupported, 0 xfail, 1 disputed, 0 inferred (2 cases" "$tmp/err" ||
    fail "--tags disputed selects the disputed cases: $(tail -n 1 "$tmp/err")"
echo "ok"
