#!/usr/bin/env bash
# The source check passes on the tree and fails, naming file and line, on a
# citation without a catalogue entry, an entry nothing cites, a second entry
# for one id and a citation of the private research notes; no catalogue is exit 2.
set -u
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
out=$(tools/check-sources.py) || fail "the tree itself has a citation problem: $out"
grep -q "^check-sources: [0-9]* citations of [0-9]* catalogue entries, all resolve, every entry cited$" <<<"$out" ||
    fail "no summary line: $out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs" "$tmp/cases/g" "$tmp/harness/core"
cat >"$tmp/docs/sources.md" <<'MD'
# Sources
### [S:kept] A cited fact
### [S:lonely] A fact nothing cites
MD
printf '{"source": "[S:kept] [R] AQ 1"}\n' >"$tmp/cases/g/ok.json"
out=$(tools/check-sources.py --root "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "an uncited entry passed (exit $rc): $out"
grep -qx "docs/sources.md:3: \[S:lonely\] is cited nowhere: cite it or remove the entry" <<<"$out" ||
    fail "the uncited entry is not named: $out"
printf '/* [S:lonely] */\n' >"$tmp/harness/core/a.c"
out=$(tools/check-sources.py --root "$tmp") || fail "a clean fixture failed: $out"
grep -qx "check-sources: 2 citations of 2 catalogue entries, all resolve, every entry cited" <<<"$out" ||
    fail "wrong count for the clean fixture: $out"
printf '{"source": "[S:kept]; [S:no-such-fact] [R]"}\n' >"$tmp/cases/g/bad.json"
printf '/* the service sorts members (facts §1.3, addendum N1) */\n' >>"$tmp/harness/core/a.c"
printf '### [S:kept] again\n' >>"$tmp/docs/sources.md"
out=$(tools/check-sources.py --root "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "unresolved and private citations passed (exit $rc): $out"
grep -qx "cases/g/bad.json:1: \[S:no-such-fact\] names no entry of the catalogue (docs/sources.md)" <<<"$out" ||
    fail "the unresolved id is not named: $out"
grep -q "^harness/core/a.c:2: .*cites a section of the private facts file" <<<"$out" ||
    fail "the private citation is not named: $out"
grep -qx "docs/sources.md:4: \[S:kept\] has a second entry (first at docs/sources.md:2)" <<<"$out" ||
    fail "the duplicate entry is not named: $out"
grep -qx "check-sources: 3 problem(s)" <<<"$out" || fail "wrong problem count: $out"
rm "$tmp/docs/sources.md"
tools/check-sources.py --root "$tmp" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "a missing catalogue is not exit 2 (exit $rc)"
echo "check_sources: ok"
