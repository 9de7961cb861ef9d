#!/usr/bin/env bash
# `ddbconform report --merge` (issue 13 item 2): a strict run against one serve in 3
# shards (`run --shard K/3`) merged equals the unsharded run of the same serve: the
# same summary, the same case ids with the same statuses, the same operation states,
# and a report.html / junit.xml of the whole run. And the refusals, each one line and
# exit 2: the same shard twice, an unsharded report, shards of another endpoint, level,
# version or shard count, and a case id in two shards. Shards whose endpoints differ only
# by a loopback port merge with a note (issue 21 item 4), and two shards of the embedded
# endpoint (no --endpoint: each starts its own on a free port) merge to the unsharded totals.
set -u
: "${DDBCONFORM:?set DDBCONFORM to the binary under test}"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/integration/serve_lib.bash"
tmp=$(mktemp -d)
trap 'serve_stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=AKIDMERGETEST AWS_SECRET_ACCESS_KEY=merge-test-secret-key AWS_REGION=us-east-1

serve_start --test-control || fail "serve did not start" # cases that pause advance its clock (run --test-control)
url=$SERVE_URL

for k in 1 2 3; do
    "$DDBCONFORM" run --endpoint "$url" --cases "$top/cases" --level strict --jobs 4 --shard "$k/3" --test-control \
        --report-dir "$tmp/shard$k" 2>"$tmp/shard$k.err" || fail "shard $k/3: exit $? ($(tail -n 1 "$tmp/shard$k.err"))"
done
"$DDBCONFORM" run --endpoint "$url" --cases "$top/cases" --level strict --jobs 4 --test-control --report-dir "$tmp/whole" \
    2>"$tmp/whole.err" || fail "unsharded run: exit $?"
"$DDBCONFORM" report --merge "$tmp/shard1" "$tmp/shard2/report.json" "$tmp/shard3" --out "$tmp/merged" \
    >"$tmp/merge.out" 2>"$tmp/merge.err" || fail "report --merge: exit $? ($(cat "$tmp/merge.err"))"
grep -q "^merged 3 of 3 shards into $tmp/merged/report.json" "$tmp/merge.out" || fail "merge said: $(cat "$tmp/merge.out")"
for f in report.json junit.xml report.html; do [ -s "$tmp/merged/$f" ] || fail "merged/$f missing"; done

python3 - "$tmp" <<'PY' || exit 1
import json, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
load = lambda p: json.load(open(p, encoding="utf-8"))
whole, merged = load(tmp + "/whole/report.json"), load(tmp + "/merged/report.json")
shards = [load("%s/shard%d/report.json" % (tmp, k)) for k in (1, 2, 3)]
for k, s in enumerate(shards, 1):
    assert s["shard"] == {"index": k, "count": 3}, ("shard member", k, s.get("shard"))
    assert s["summary"]["total"] > 0, ("empty shard", k)
assert sum(s["summary"]["total"] for s in shards) == whole["summary"]["total"], "shards do not add up"
assert merged["summary"] == whole["summary"], (merged["summary"], whole["summary"])
assert [(c["id"], c["status"]) for c in merged["cases"]] == [(c["id"], c["status"]) for c in whole["cases"]], \
    "case list differs"
assert merged["operations"] == whole["operations"], (merged["operations"], whole["operations"])
assert merged["operation_info"] == whole["operation_info"], "operation_info differs"
assert merged["causes"] == whole["causes"] == [], "causes of a green run"
assert merged["shard"] == {"count": 3, "merged": [1, 2, 3]}, merged["shard"]
assert merged["endpoint"] == whole["endpoint"] and merged["level"] == "strict"
assert merged["timing"]["requests"] == sum(s["timing"]["requests"] for s in shards)
assert all(c.get("operation") for c in merged["cases"] if c["id"] != "protocol/unknown-target"), "a case lost its operation"
suite = ET.parse(tmp + "/merged/junit.xml").getroot()
assert int(suite.get("tests")) == whole["summary"]["total"], suite.get("tests")
assert len(suite.findall(".//testcase")) == whole["summary"]["total"]
print("merged: %d cases (%s), equal to the unsharded run" % (merged["summary"]["total"],
      ", ".join("%s=%d" % kv for kv in merged["summary"].items() if kv[0] != "total")))
PY

# refusals: one line on stderr, exit 2, nothing written
refuse() { # refuse NAME WANT-REGEX ARGS...
    local name=$1 want=$2
    shift 2
    "$DDBCONFORM" report --merge "$@" --out "$tmp/refused" >"$tmp/r.out" 2>"$tmp/r.err"
    local rc=$?
    [ "$rc" -eq 2 ] || fail "$name: exit $rc, want 2"
    [ "$(wc -l <"$tmp/r.err")" -eq 1 ] || fail "$name: not one line: $(cat "$tmp/r.err")"
    grep -Eq "$want" "$tmp/r.err" || fail "$name: $(cat "$tmp/r.err")"
    [ ! -e "$tmp/refused" ] || fail "$name: wrote $tmp/refused"
    echo "refused ($name): $(cat "$tmp/r.err")"
}
edit() { # edit IN OUT PYTHON-STATEMENT (r is the report)
    mkdir -p "$(dirname "$2")"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); exec(sys.argv[3]); json.dump(r, open(sys.argv[2], "w"))' \
        "$1" "$2" "$3"
}
refuse "same shard twice" "shard 2/3 again" "$tmp/shard1" "$tmp/shard2" "$tmp/shard2"
refuse "not a shard" "not a shard of a run" "$tmp/shard1" "$tmp/whole"
edit "$tmp/shard2/report.json" "$tmp/ep/report.json" 'r["endpoint"]="http://10.0.0.1:'"${url##*:}"'"'
refuse "endpoint" "endpoint http://10.0.0.1:[0-9]*, but .* has $url" "$tmp/shard1" "$tmp/ep"
edit "$tmp/shard2/report.json" "$tmp/eppath/report.json" 'r["endpoint"]=r["endpoint"]+"/other"'
refuse "endpoint path" "endpoint $url/other, but .* has $url" "$tmp/shard1" "$tmp/eppath"
edit "$tmp/shard2/report.json" "$tmp/emb/report.json" 'r["endpoint"]="embedded"'
refuse "embedded and a url" "endpoint embedded, but .* has $url" "$tmp/shard1" "$tmp/emb"

# another loopback port: the same implementation started again (CI jobs each start one)
edit "$tmp/shard2/report.json" "$tmp/port/shard2/report.json" 'r["endpoint"]="http://127.0.0.1:1"'
"$DDBCONFORM" report --merge "$tmp/shard1" "$tmp/port/shard2" "$tmp/shard3" --out "$tmp/port/merged" \
    >"$tmp/port.out" 2>"$tmp/port.err" || fail "shards on two loopback ports: exit $? ($(cat "$tmp/port.err"))"
grep -qx "note: the shards ran against endpoints that differ only by their loopback port ($url, http://127.0.0.1:1): merged as one endpoint" \
    "$tmp/port.out" || fail "no note for the loopback ports: $(cat "$tmp/port.out")"
python3 - "$tmp" "$url" <<'PY' || exit 1
import json, sys
tmp, url = sys.argv[1], sys.argv[2]
merged = json.load(open(tmp + "/port/merged/report.json"))
whole = json.load(open(tmp + "/whole/report.json"))
assert merged["summary"] == whole["summary"], (merged["summary"], whole["summary"])
assert merged["endpoint"] == url, merged["endpoint"]
assert merged["shard"]["note"].startswith("the shards ran against endpoints that differ only by their loopback port"), merged["shard"]
assert "differ only by their loopback port" in open(tmp + "/port/merged/report.html").read()
PY
edit "$tmp/shard2/report.json" "$tmp/lvl/report.json" 'r["level"]="compat"'
refuse "level" "level compat, but .* has strict" "$tmp/shard1" "$tmp/lvl"
edit "$tmp/shard2/report.json" "$tmp/ver/report.json" 'r["version"]="9.9.9"'
refuse "version" "ddbconform 9.9.9, but" "$tmp/shard1" "$tmp/ver"
edit "$tmp/shard2/report.json" "$tmp/cnt/report.json" 'r["shard"]={"index":2,"count":4}'
refuse "shard count" "shard 2/4, but .* is shard 1/3" "$tmp/shard1" "$tmp/cnt"
edit "$tmp/shard2/report.json" "$tmp/dup/report.json" 'r["cases"].append(json.load(open(sys.argv[1].replace("shard2","shard1")))["cases"][0])'
refuse "overlapping case ids" "case id '.*' is in .*shard1/report.json and in .*dup/report.json" "$tmp/shard1" "$tmp/dup"
printf 'ddbconform serve: listening on http://127.0.0.1:1\n' >"$tmp/not-a-report.txt"
refuse "not a report" "not JSON|not a ddbconform report" "$tmp/shard1" "$tmp/not-a-report.txt"

# the embedded endpoint: two shards without --endpoint, each on its own free port, merge to
# the unsharded run's totals (a subset of the cases keeps it short)
for k in 1 2; do
    "$DDBCONFORM" run --cases "$top/cases" --filter 'backup/*' --level strict --jobs 4 --shard "$k/2" \
        --report-dir "$tmp/emb$k" 2>"$tmp/emb$k.err" || fail "embedded shard $k/2: exit $? ($(tail -n 1 "$tmp/emb$k.err"))"
done
"$DDBCONFORM" run --cases "$top/cases" --filter 'backup/*' --level strict --jobs 4 --report-dir "$tmp/embwhole" \
    2>"$tmp/embwhole.err" || fail "embedded unsharded run: exit $?"
"$DDBCONFORM" report --merge "$tmp/emb1" "$tmp/emb2" --out "$tmp/embmerged" >"$tmp/emb.out" 2>"$tmp/emb.err" ||
    fail "embedded shards: exit $? ($(cat "$tmp/emb.err"))"
grep -q "^note:" "$tmp/emb.out" && fail "embedded shards got a note: $(cat "$tmp/emb.out")"
python3 - "$tmp" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
load = lambda p: json.load(open(p, encoding="utf-8"))
whole, merged = load(tmp + "/embwhole/report.json"), load(tmp + "/embmerged/report.json")
shards = [load("%s/emb%d/report.json" % (tmp, k)) for k in (1, 2)]
assert [s["endpoint"] for s in shards] == ["embedded", "embedded"] == [whole["endpoint"]] * 2, [s["endpoint"] for s in shards]
assert all(s["summary"]["total"] > 0 for s in shards), "an empty shard"
assert merged["summary"] == whole["summary"], (merged["summary"], whole["summary"])
assert [(c["id"], c["status"]) for c in merged["cases"]] == [(c["id"], c["status"]) for c in whole["cases"]]
assert merged["endpoint"] == "embedded" and "note" not in merged["shard"], merged["shard"]
print("embedded shards merged: %d cases, equal to the unsharded embedded run" % merged["summary"]["total"])
PY

# a missing shard merges with a warning
"$DDBCONFORM" report --merge "$tmp/shard1" "$tmp/shard3" --out "$tmp/partial" >/dev/null 2>"$tmp/p.err" ||
    fail "two of three shards: exit $?"
grep -q "warning: 1 of the 3 shards are missing" "$tmp/p.err" || fail "no warning for a missing shard: $(cat "$tmp/p.err")"
echo "ok"
