# gate_lib.bash - sourced by tests/integration/gate_*.sh: runs `ddbconform gate`
# into a fresh report folder and reads client-report.json. Named .bash so
# run-integration.sh (*.sh) does not run it.

GATE_TMP=$(mktemp -d)
trap 'rm -rf "$GATE_TMP"' EXIT
GATE_FAILED=0

# gate NAME [gate options] -- COMMAND...: sets GATE_RC and GATE_DIR; the
# console goes to $GATE_DIR.log
gate() {
    local name=$1
    shift
    GATE_DIR="$GATE_TMP/$name"
    timeout 180 "$DDBCONFORM" gate --report-dir "$GATE_DIR" "$@" >"$GATE_DIR.log" 2>&1
    GATE_RC=$?
}

# rule FAMILY RULE: the status of RULE for the client whose User-Agent family
# is FAMILY (its first, when there are several keys), or "no-client"
rule() {
    python3 - "$GATE_DIR/client-report.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["clients"]:
    if c["userAgentFamily"] == sys.argv[2]:
        print(next(r["status"] for r in c["rules"] if r["id"] == sys.argv[3]))
        break
else:
    print("no-client")
PY
}

# scheme FAMILY: the retry scheme gate inferred for that client, or "none"
scheme() {
    python3 - "$GATE_DIR/client-report.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["clients"] if c["userAgentFamily"] == sys.argv[2]]
print((c[0]["retryScheme"]["inferred"] or "none") if c else "no-client")
PY
}

# count FAMILY RULE: how often RULE was judged for that client
count() {
    python3 - "$GATE_DIR/client-report.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["clients"] if c["userAgentFamily"] == sys.argv[2]]
print(next(r["count"] for r in c[0]["rules"] if r["id"] == sys.argv[3]) if c else -1)
PY
}

# failed_rules FAMILY: the failed rule ids of that client, space-separated, file order
failed_rules() {
    python3 - "$GATE_DIR/client-report.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(r["id"] for c in d["clients"] if c["userAgentFamily"] == sys.argv[2]
               for r in c["rules"] if r["status"] == "failed"))
PY
}

# expect WHAT ACTUAL WANTED
expect() {
    if [ "$2" = "$3" ]; then
        echo "ok   $1: $2"
    else
        echo "FAIL $1: got '$2', expected '$3'"
        sed 's/^/     | /' "$GATE_DIR.log" | tail -n 15
        GATE_FAILED=1
    fi
}

# reports_written: the three files exist and client-report.json parses
reports_written() {
    for f in client-report.json junit.xml report.html; do
        [ -s "$GATE_DIR/$f" ] || { echo "FAIL $GATE_DIR/$f missing"; GATE_FAILED=1; return; }
    done
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"] == "client-report"' \
        "$GATE_DIR/client-report.json" || GATE_FAILED=1
}
