#!/usr/bin/env bash
# The front page and the guides hold together (issue 21 item 2): every relative link
# of README.md and docs/ resolves (file and #heading) and README.md stays at most 10 KB;
# the check fails, naming file and line, on a missing file, a missing heading and a
# README over the limit.
set -u
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
out=$(tools/check-links.py) || fail "the tree itself: $out"
for g in ci-gate sdk-gate fuzzing compatibility-and-real-aws case-format adding-an-operation development sources; do
    grep -q "(docs/$g.md)" README.md || fail "README.md does not link docs/$g.md"
done
grep -q "(bench/README.md)" README.md || fail "README.md does not link bench/README.md"
[ "$(head -n 5 README.md | grep -c '^make test \|^make run ')" -eq 2 ] || fail "the two commands are not at the top of README.md"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
printf '# T\n\n[guide](docs/g.md) [part](docs/g.md#the-part) `[code](nowhere.md)`\n' >"$tmp/README.md"
printf '# Guide\n\n## The part\n\n[back](../README.md#t) [web](https://example.org/x)\n```\n[in code](gone.md)\n```\n' >"$tmp/docs/g.md"
out=$(tools/check-links.py --root "$tmp") || fail "a clean fixture failed: $out"
grep -qx "check-links: 3 relative links in 2 files resolve; README.md [0-9]* bytes" <<<"$out" || fail "clean fixture: $out"
printf '[gone](docs/gone.md) [bad anchor](docs/g.md#no-such-part)\n' >>"$tmp/README.md"
head -c 10300 /dev/zero | tr '\0' 'x' >>"$tmp/README.md"
out=$(tools/check-links.py --root "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "broken links passed (exit $rc): $out"
grep -qx "README.md:4: link docs/gone.md: no file docs/gone.md" <<<"$out" || fail "missing file not named: $out"
grep -qx "README.md:4: link docs/g.md#no-such-part: docs/g.md has no heading #no-such-part" <<<"$out" ||
    fail "missing heading not named: $out"
grep -q "^README.md: [0-9]* bytes, more than 10240" <<<"$out" || fail "oversize README not named: $out"
grep -qx "check-links: 3 problem(s)" <<<"$out" || fail "wrong problem count: $out"
echo "docs_links: ok"
