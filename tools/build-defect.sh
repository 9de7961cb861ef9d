#!/usr/bin/env bash
# build-defect.sh NAME OUTDIR - builds a variant of ddbconform whose reference
# endpoint (serve, and run's embedded endpoint) carries one planted defect, and
# prints the variant binary's path (one line on stdout).
#
#   NAME    a patch tests/defects/NAME.patch (a unified diff against the repository,
#           paths a/harness/..., b/harness/...; its first lines say what it plants)
#   OUTDIR  where the variant's tree goes: OUTDIR/NAME/{harness,Makefile,mk,build/...};
#           spec/, cases/ and docs/ are links to this repository's, so the variant
#           finds its data like a build-tree binary does
#
# Only a copy is patched: this checkout stays as it is. The objects of this
# checkout's build ($BUILD_DIR, default build/; a plain build, not the ASan one)
# are reused, so only the patched files compile. Env: MAKEFLAGS as usual (-j2).
# Exit: 0 and the path; 1 when the patch no longer applies (the defect list must
# follow the code); 2 for usage or a failed build.
# Used by tests/integration/behaviour_defects.sh (docs/behaviour.md "Planted defects").
set -u
usage() { echo "usage: tools/build-defect.sh NAME OUTDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
name=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
patchfile="$top/tests/defects/$name.patch"
[ -f "$patchfile" ] || { echo "build-defect: no defect '$name' (tests/defects/$name.patch)" >&2; exit 2; }
objs=${BUILD_DIR:-$top/build}
case "$objs" in */asan | */asan/) objs=$top/build ;; esac # an ASan tree's objects need its flags
work="$out/$name"
rm -rf "$work"
mkdir -p "$work/build" || exit 2
# cp -a keeps the times: the copied objects stay newer than the copied sources
cp -a "$top/Makefile" "$top/harness" "$work/" || exit 2
[ -d "$top/mk" ] && cp -a "$top/mk" "$work/"
for d in spec cases docs; do ln -s "$top/$d" "$work/$d"; done
if [ -d "$objs/obj" ]; then
    cp -a "$objs/obj" "$work/build/" || exit 2
fi
if ! patch -s -p1 -d "$work" <"$patchfile" >"$work/patch.log" 2>&1; then
    echo "build-defect: tests/defects/$name.patch does not apply to this checkout: $(head -n 3 "$work/patch.log")" >&2
    exit 1
fi
if ! make -C "$work" BUILD=build build/ddbconform >"$work/build.log" 2>&1; then
    echo "build-defect: the variant '$name' does not build (see $work/build.log): $(grep -m1 'error' "$work/build.log")" >&2
    exit 2
fi
echo "$work/build/ddbconform"
