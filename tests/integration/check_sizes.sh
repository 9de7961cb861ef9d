#!/usr/bin/env bash
# The size check passes on the tree and fails, naming the file or function
# and its size, on a file over DC_MAX_FILE_LINES and a function over
# DC_MAX_FUNCTION_LINES (limits lowered here so the fixtures stay small).
set -u
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
out=$(tools/check-sizes.sh) || fail "the tree itself breaks a size rule: $out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/suite"
{
    echo "/* long.c */"
    echo "static int s_long(int x)"
    echo "{"
    for i in $(seq 12); do echo "    x += $i;"; done
    echo "    return x;"
    echo "}"
    echo ""
    echo "int dc_short(int x)"
    echo "{"
    echo "    return s_long(x);"
    echo "}"
} > "$tmp/suite/long.c"
printf '/* ok.c */\nint dc_ok(void)\n{\n    return 0;\n}\n' > "$tmp/core/ok.c"
out=$(DC_MAX_FILE_LINES=20 DC_MAX_FUNCTION_LINES=10 tools/check-sizes.sh "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "an over-long function and file passed (exit $rc): $out"
grep -qx "check-sizes: function s_long (suite/long.c) has 16 lines, over the limit of 10: split it into named pieces" <<<"$out" ||
    fail "no line for the long function: $out"
grep -qx "check-sizes: file suite/long.c has 22 lines, over the limit of 20: split it into named pieces" <<<"$out" ||
    fail "no line for the long file: $out"
grep -q "dc_short\|core/ok.c" <<<"$out" && fail "a short function or file was reported: $out"
echo "check_sizes: ok"
