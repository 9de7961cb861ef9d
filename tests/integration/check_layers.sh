#!/usr/bin/env bash
# The layer check passes on the tree and fails, naming file, line and rule,
# when a lower layer includes a higher one or a header hides its layer.
set -u
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
out=$(tools/check-layers.sh) || fail "the tree itself breaks a layer rule: $out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/endpoint" "$tmp/spec"
printf '#include "core/common.h"\n#include "endpoint/serve.h"\n' > "$tmp/core/common.c"
printf '#include "spec/spec.h"\n#include "core/common.h"\n' > "$tmp/endpoint/ok.c"
printf '#include "spec.h"\n' > "$tmp/spec/bare.c"
out=$(tools/check-layers.sh "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "an upward include passed (exit $rc)"
grep -qx "check-layers: core/common.c:2 includes \"endpoint/serve.h\": layer 'core' may use only: nothing" <<<"$out" ||
    fail "no line for the upward include: $out"
grep -q 'check-layers: spec/bare.c:1:#include "spec.h": name the layer folder' <<<"$out" || fail "bare include not named: $out"
grep -q "endpoint/ok.c" <<<"$out" && fail "an allowed include was reported: $out"
echo "check_layers: ok"
