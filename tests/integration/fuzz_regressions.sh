#!/usr/bin/env bash
# Every fuzz target's replay binary ($BUILD_DIR/replay/<target>, built by
# `make all` with the same compiler and sanitizers as the library) runs its
# seed corpus corpus/<target>/ and its regression inputs fuzz/regressions/<target>/
# (each a crash once found by fuzzing, now fixed). A violated property aborts,
# so a regression fails this test. Plus: the replay driver's own contract.
set -u
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build}
targets=(json validate check sigv4 cases serve)
export DDBCONFORM_HOME=$PWD
missing=0
for t in "${targets[@]}"; do [ -x "$BUILD_DIR/replay/$t" ] || missing=1; done
if [ $missing -eq 1 ]; then
    echo "replay binaries not built under $BUILD_DIR/replay (make all builds them)"
    exit 77
fi
fail=0
check() { # name, then the command
    local name=$1; shift
    if "$@" >/tmp/fuzzreg.$$ 2>&1; then echo "ok   $name"; else
        echo "FAIL $name"; tail -5 /tmp/fuzzreg.$$ | sed 's/^/     /'; fail=1; fi
}
for t in "${targets[@]}"; do
    n=$(find corpus/"$t" -type f | wc -l)
    check "$t: corpus has seeds ($n)" test "$n" -gt 0
    args=(corpus/"$t")
    [ -d fuzz/regressions/"$t" ] && args+=(fuzz/regressions/"$t")
    check "$t: corpus and regressions replay clean" "$BUILD_DIR/replay/$t" "${args[@]}"
    check "$t: dictionary and options exist" test -s fuzz/"$t".dict -a -s fuzz/"$t".options
done
# the replay driver counts what it ran and refuses what it cannot read
out=$("$BUILD_DIR/replay/json" corpus/json 2>&1)
check "replay prints the number of inputs run" test "$out" = "replayed $(find corpus/json -type f | wc -l) inputs"
"$BUILD_DIR/replay/json" /nonexistent/input >/dev/null 2>&1; rc=$?
check "replay exits 2 on a missing input (got $rc)" test $rc -eq 2
"$BUILD_DIR/replay/json" >/dev/null 2>&1; rc=$?
check "replay exits 2 without inputs (got $rc)" test $rc -eq 2
# invalid UTF-8 is refused by the parser, so the json target returns cleanly
# (had the parser accepted it, the target's UTF-8 property would abort)
printf '"\xc3\x28"' >/tmp/fuzzreg-bad.$$
check "invalid UTF-8 string is refused, not a crash" "$BUILD_DIR/replay/json" /tmp/fuzzreg-bad.$$
rm -f /tmp/fuzzreg.$$ /tmp/fuzzreg-bad.$$
[ $fail -eq 0 ] && echo "fuzz regressions: all clean"
exit $fail
