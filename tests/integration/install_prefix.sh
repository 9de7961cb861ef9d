#!/usr/bin/env bash
# `make install PREFIX=... DESTDIR=...` and `make uninstall`: the installed binary
# finds its data (spec/, cases/, baselines/) from any working folder without
# DDBCONFORM_HOME, the man page renders, DESTDIR only stages (the compiled-in data
# folder is PREFIX's), uninstall removes everything it installed.
set -u
: "${BUILD_DIR:?set BUILD_DIR to the build folder}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset DDBCONFORM_HOME AWS_ENDPOINT_URL AWS_ENDPOINT_URL_DYNAMODB
mk() { make -C "$top" -j2 --no-print-directory BUILD="$BUILD_DIR" "$@" >"$tmp/make.log" 2>&1 ||
    { tail -n 20 "$tmp/make.log"; fail "make $*"; }; }

prefix="$tmp/prefix"
mk install PREFIX="$prefix"
for f in bin/ddbconform share/ddbconform/spec/errors.json share/ddbconform/cases/README.md \
         share/ddbconform/baselines/moto.json share/ddbconform/docs/sources.md share/man/man1/ddbconform.1; do
    [ -e "$prefix/$f" ] || fail "make install: no $prefix/$f"
done
[ -x "$prefix/bin/ddbconform" ] || fail "the installed binary is not executable"
[ "$(find "$top/cases" -name '*.json' | wc -l)" -eq "$(find "$prefix/share/ddbconform/cases" -name '*.json' | wc -l)" ] ||
    fail "not every case was installed"

# from an unrelated folder, without DDBCONFORM_HOME: spec, cases and the embedded serve work
cd "$tmp" || exit 1
"$prefix/bin/ddbconform" spec list >"$tmp/ops" 2>&1 || fail "installed spec list: $(cat "$tmp/ops")"
grep -q '^CreateBackup ' "$tmp/ops" || fail "installed spec list lacks CreateBackup"
"$prefix/bin/ddbconform" run --filter 'table/*' --report-dir "$tmp/run" 2>"$tmp/run.err" ||
    fail "installed run: $(tail -n 3 "$tmp/run.err")"
grep -q "$prefix/share/ddbconform/cases/table/" "$tmp/run/report.json" || fail "the run did not use the installed cases"
# a case that includes a fixture finds it in the installed cases/.fixtures
"$prefix/bin/ddbconform" run --filter 'backup/same-name-twice-gives-two-backups' --report-dir "$tmp/run2" \
    2>"$tmp/run2.err" || fail "installed run of a case with an include: $(tail -n 3 "$tmp/run2.err")"
grep -q '"passed":1,' "$tmp/run2/report.json" || fail "the case with an include did not pass: $(tail -n 3 "$tmp/run2.err")"
echo '{"TableName":"Music","BackupName":""}' | "$prefix/bin/ddbconform" validate CreateBackup - >"$tmp/v"
[ $? -eq 1 ] && grep -q ValidationException "$tmp/v" || fail "installed validate: $(cat "$tmp/v")"
man -l "$prefix/share/man/man1/ddbconform.1" 2>"$tmp/man.err" | grep -q "ddbconform report" || fail "man page"
[ ! -s "$tmp/man.err" ] || fail "man -l warns: $(head -n 3 "$tmp/man.err")"
cd "$top" || exit 1

mk uninstall PREFIX="$prefix"
[ ! -e "$prefix/bin/ddbconform" ] && [ ! -e "$prefix/share/ddbconform" ] && [ ! -e "$prefix/share/man/man1/ddbconform.1" ] ||
    fail "make uninstall left files: $(find "$prefix" -type f | head -n 3)"

# DESTDIR stages under DESTDIR+PREFIX; the binary carries PREFIX's data folder, not DESTDIR's
mk install PREFIX=/usr/lib/ddbc-test DESTDIR="$tmp/stage"
[ -x "$tmp/stage/usr/lib/ddbc-test/bin/ddbconform" ] || fail "DESTDIR: no staged binary"
[ -f "$tmp/stage/usr/lib/ddbc-test/share/ddbconform/spec/errors.json" ] || fail "DESTDIR: no staged spec"
grep -qa "/usr/lib/ddbc-test/share/ddbconform" "$tmp/stage/usr/lib/ddbc-test/bin/ddbconform" ||
    fail "DESTDIR: the binary does not carry PREFIX/share/ddbconform"
grep -qa "$tmp/stage" "$tmp/stage/usr/lib/ddbc-test/bin/ddbconform" && fail "DESTDIR was compiled into the binary"
[ ! -e /usr/lib/ddbc-test ] || fail "DESTDIR install wrote outside DESTDIR"
echo "ok"
