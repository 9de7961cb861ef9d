#!/usr/bin/env bash
# `ddbconform validate` per the CLI contract, driven by the same fact table as
# the unit test (tests/data/validate/table.json), plus bad input of every kind:
# exit 0 valid (no output), 1 invalid (exact body), 2 usage/IO (one line).
set -u
cd "$(dirname "$0")/../.."
BIN=${DDBCONFORM:-build/ddbconform}
python3 - "$BIN" <<'PY' || exit 1
import json, subprocess, sys
bin_ = sys.argv[1]
table = json.load(open("tests/data/validate/table.json"))["cases"]
fails = 0
for row in table:
    body = row["raw"].encode() if "raw" in row else json.dumps(row["request"], ensure_ascii=False).encode()
    args = [bin_, "validate", row["op"], "-"]
    ctxfile = None
    if "context" in row:
        ctxfile = "/tmp/ddbc-ctx-%d.json" % id(row)
        json.dump(row["context"], open(ctxfile, "w"))
        args += ["--context", ctxfile]
    p = subprocess.run(args, input=body, capture_output=True)
    exp = row["expect"]
    problem = None
    if exp is None:
        if p.returncode != 0 or p.stdout or p.stderr:
            problem = "expected exit 0 and no output, got %d %r %r" % (p.returncode, p.stdout[:200], p.stderr[:200])
    else:
        if p.returncode != 1 or p.stderr:
            problem = "expected exit 1, got %d %r" % (p.returncode, p.stderr[:200])
        else:
            got = json.loads(p.stdout)
            key = "Message" if "Message" in exp else "message"
            if got.get("__type") != exp["__type"] or (key in exp) != (key in got) or list(got) != sorted(list(got)):
                problem = "body %r" % p.stdout[:300]
            elif key in exp:
                if exp.get("unordered"):
                    e, g = exp[key].split(" detected: ", 1), got[key].split(" detected: ", 1)
                    if e[0] != g[0] or sorted(e[1].split("; ")) != sorted(g[1].split("; ")):
                        problem = "clauses %r" % got[key][:300]
                elif got[key] != exp[key]:
                    problem = "message %r" % got[key][:300]
    if ctxfile:
        import os; os.unlink(ctxfile)
    if problem:
        fails += 1
        print("FAIL %s: %s" % (row["name"], problem))
print("validate table via CLI: %d rows, %d failed" % (len(table), fails))
sys.exit(1 if fails else 0)
PY

fail=0
expect_rc() { # expect_rc RC DESCRIPTION CMD...
    local want=$1 what=$2; shift 2
    local out err rc
    err=$(mktemp); out=$("$@" 2>"$err"); rc=$?
    if [ "$rc" != "$want" ]; then echo "FAIL $what: exit $rc, want $want"; fail=1; fi
    if [ "$want" = 2 ] && [ "$(wc -l <"$err")" != 1 ]; then echo "FAIL $what: stderr is not one line: $(cat "$err")"; fail=1; fi
    if [ "$want" = 2 ] && [ -n "$out" ]; then echo "FAIL $what: printed on stdout"; fail=1; fi
    rm -f "$err"
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo '{"TableName":"Music","BackupName":"abc"}' >"$tmp/ok.json"
echo '{"now":"soon"}' >"$tmp/badctx.json"
echo '{"sourceTable":{}, "extra":1}' >"$tmp/unknownctx.json"
echo 'not json' >"$tmp/notjson.json"
expect_rc 0 "valid file" "$BIN" validate CreateBackup "$tmp/ok.json"
expect_rc 2 "no operation" "$BIN" validate
expect_rc 2 "unknown operation" "$BIN" validate ListExports "$tmp/ok.json"
expect_rc 2 "missing file" "$BIN" validate CreateBackup "$tmp/none.json"
expect_rc 2 "directory as file" "$BIN" validate CreateBackup "$tmp"
expect_rc 2 "bad level" "$BIN" validate CreateBackup "$tmp/ok.json" --level loose
expect_rc 2 "unknown option" "$BIN" validate CreateBackup "$tmp/ok.json" --frobnicate
expect_rc 2 "context with wrong type" "$BIN" validate CreateBackup "$tmp/ok.json" --context "$tmp/badctx.json"
expect_rc 2 "context with unknown key" "$BIN" validate CreateBackup "$tmp/ok.json" --context "$tmp/unknownctx.json"
expect_rc 2 "context not JSON" "$BIN" validate CreateBackup "$tmp/ok.json" --context "$tmp/notjson.json"
expect_rc 2 "context missing value" "$BIN" validate CreateBackup "$tmp/ok.json" --context
expect_rc 0 "compat level" "$BIN" validate CreateBackup "$tmp/ok.json" --level compat
expect_rc 0 "help" "$BIN" validate --help

# Any bytes give 0, 1 or 2, never a crash or hang (bounded: 300 inputs).
python3 - "$BIN" <<'PY' || fail=1
import random, subprocess, sys
rng = random.Random(1234)
ops = ["CreateBackup", "DeleteBackup", "DescribeBackup", "ListBackups", "RestoreTableFromBackup",
       "RestoreTableToPointInTime", "UpdateContinuousBackups", "DescribeContinuousBackups"]
seeds = [b'{"TableName":"Music","BackupName":"abc"}', b'{"GlobalSecondaryIndexOverride":[{"KeySchema":[{}]}]}',
         b'{"Limit":1e999,"TimeRangeLowerBound":-1e400}', b'{"a":"\\u0000","b":[[[[[[]]]]]]}']
bad = 0
for i in range(300):
    s = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(0, 8)):
        k = rng.randrange(3)
        if k == 0 and s: s[rng.randrange(len(s))] = rng.randrange(256)
        elif k == 1: s.insert(rng.randrange(len(s) + 1), rng.randrange(256))
        elif s: del s[rng.randrange(len(s))]
    if i % 50 == 0: s = bytearray(rng.randbytes(rng.randint(0, 4000)))
    p = subprocess.run([sys.argv[1], "validate", rng.choice(ops), "-"], input=bytes(s), capture_output=True, timeout=10)
    if p.returncode not in (0, 1, 2) or (p.returncode == 1 and not p.stdout.startswith(b'{"__type":')):
        bad += 1
        print("FAIL random input %d: exit %d %r" % (i, p.returncode, p.stderr[:200]))
print("random inputs: 300 run, %d bad" % bad)
sys.exit(1 if bad else 0)
PY
exit $fail
