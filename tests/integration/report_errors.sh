#!/usr/bin/env bash
# `ddbconform report` command line: bad input exits 2 with exactly one line on
# stderr and writes nothing; good input exits 0 and writes the page. No browser
# needed (report_matrix.sh looks at the page in Chromium).
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

good='{"tool":"ddbconform","version":"0.1.0","endpoint":"http://127.0.0.1:1","level":"strict","operations":{},
"cases":[{"id":"a/b","status":"passed"}]}'
mkdir -p "$tmp/good" "$tmp/empty" && printf '%s' "$good" >"$tmp/good/report.json"
printf '{"tool":"h2spec","cases":[]}' >"$tmp/other.json"
printf '{"tool":"ddbconform","summary":{}}' >"$tmp/nocases.json"
printf 'not json' >"$tmp/garbage.json"
printf '{"tool":"ddbconform","cases":[{"id":"x","status":"great"}]}' >"$tmp/status.json"

# expect_usage WANT_STDERR_PREFIX ARGS...: exit 2, one line starting with the prefix, no page
expect_usage() {
    local want=$1; shift
    rm -f "$tmp/out.html"
    "$DDBCONFORM" report "$@" >"$tmp/stdout" 2>"$tmp/stderr"; local rc=$?
    [ "$rc" -eq 2 ] || fail "report $*: exit $rc, want 2"
    [ "$(wc -l <"$tmp/stderr")" -eq 1 ] || fail "report $*: stderr is not one line: $(cat "$tmp/stderr")"
    grep -qF -- "$want" "$tmp/stderr" || fail "report $*: stderr '$(cat "$tmp/stderr")' lacks '$want'"
    [ ! -e "$tmp/out.html" ] || fail "report $*: wrote a page"
    [ ! -s "$tmp/stdout" ] || fail "report $*: printed on stdout: $(cat "$tmp/stdout")"
}

expect_usage "no report.json given" --html "$tmp/out.html"
expect_usage "--html OUT.html is required" "$tmp/good/report.json"
expect_usage "--html needs a value" "$tmp/good/report.json" --html
expect_usage "unknown option '--pdf'" "$tmp/good/report.json" --pdf x --html "$tmp/out.html"
expect_usage "$tmp/missing.json: " "$tmp/missing.json" --html "$tmp/out.html"
expect_usage "$tmp/empty/report.json: " "$tmp/empty" --html "$tmp/out.html"
expect_usage "$tmp/garbage.json: not JSON: " "$tmp/good" "$tmp/garbage.json" --html "$tmp/out.html"
expect_usage "$tmp/other.json: not a ddbconform report.json (\"tool\" is h2spec)" "$tmp/other.json" --html "$tmp/out.html"
expect_usage "$tmp/nocases.json: not a report.json (no \"cases\" array)" "$tmp/nocases.json" --html "$tmp/out.html"
expect_usage "$tmp/status.json: case x: \"status\" is not one of" "$tmp/status.json" --html "$tmp/out.html"
expect_usage "$tmp/nodir/out.html" "$tmp/good" --html "$tmp/nodir/out.html"

"$DDBCONFORM" report --help >"$tmp/help" 2>&1 || fail "report --help: exit $?"
grep -q "^usage: ddbconform report REPORT.json... --html OUT.html" "$tmp/help" || fail "report --help: $(head -n 1 "$tmp/help")"
grep -q "^       ddbconform report --merge SHARD.json... --out DIR" "$tmp/help" || fail "report --help lacks --merge"

# --merge and the matrix options do not mix (report_merge.sh runs real merges)
expect_usage "--merge needs --out DIR" --merge "$tmp/good"
expect_usage "no shard report.json given" --merge --out "$tmp/merged"
expect_usage "--out DIR goes with --merge" "$tmp/good" --out "$tmp/merged" --html "$tmp/out.html"
expect_usage "--merge writes DIR/report.html itself" --merge "$tmp/good" --out "$tmp/merged" --html "$tmp/out.html"
expect_usage "$tmp/good/report.json: not a shard of a run" --merge "$tmp/good" --out "$tmp/merged"
[ ! -e "$tmp/merged" ] || fail "a refused merge wrote $tmp/merged"

# good input: a folder and a file, labels from the folders, exit 0, one line on stdout
mkdir -p "$tmp/peer" && cp "$tmp/good/report.json" "$tmp/peer/report.json"
"$DDBCONFORM" report "$tmp/good" "$tmp/peer/report.json" --html "$tmp/out.html" --title "t" >"$tmp/stdout" 2>"$tmp/stderr" ||
    fail "good reports: exit $?: $(cat "$tmp/stderr")"
[ "$(cat "$tmp/stdout")" = "2 reports x 1 cases: $tmp/out.html" ] || fail "stdout: $(cat "$tmp/stdout")"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
grep -q '<span class="label">good</span>' "$tmp/out.html" || fail "no column 'good'"
grep -q '<span class="label">peer</span>' "$tmp/out.html" || fail "no column 'peer'"
[ "$(grep -Eo 'class="cell passed" data-col="[0-9]+" data-status="passed"' "$tmp/out.html" | wc -l)" -eq 2 ] ||
    fail "want 2 passed cells"
echo "ok"
