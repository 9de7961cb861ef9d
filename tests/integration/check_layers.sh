#!/usr/bin/env bash
# The layer check passes on the tree and fails, naming file, line and rule,
# when a lower layer includes a higher one or a header hides its layer, and
# when the modules of one folder include each other in a circle.
set -u
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
out=$(tools/check-layers.sh) || fail "the tree itself breaks a layer rule: $out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/endpoint" "$tmp/spec" "$tmp/explore"
printf '#include "core/common.h"\n#include "endpoint/serve.h"\n' > "$tmp/core/common.c"
printf '#include "spec/spec.h"\n#include "core/common.h"\n' > "$tmp/endpoint/ok.c"
printf '#include "spec.h"\n' > "$tmp/spec/bare.c"
printf '#include "endpoint/model.h"\n#include "cli/cli.h"\n' > "$tmp/explore/run.c"
out=$(tools/check-layers.sh "$tmp"); rc=$?
[ $rc -eq 1 ] || fail "an upward include passed (exit $rc)"
grep -qx "check-layers: core/common.c:2 includes \"endpoint/serve.h\": layer 'core' may use only: nothing" <<<"$out" ||
    fail "no line for the upward include: $out"
grep -q 'check-layers: spec/bare.c:1:#include "spec.h": name the layer folder' <<<"$out" || fail "bare include not named: $out"
grep -q "endpoint/ok.c" <<<"$out" && fail "an allowed include was reported: $out"
# explore sits beside netfuzz: it may use the model, never the command layer
grep -q 'check-layers: explore/run.c:2 includes "cli/cli.h"' <<<"$out" || fail "explore including cli not named: $out"
grep -q 'explore/run.c:1 ' <<<"$out" && fail "explore including the model was reported: $out"

# a circle inside a folder: ring.c -> loop.h, loop.h -> ring.h; a private
# x_internal.h is module x's own and makes no circle with x.c
tmp2=$(mktemp -d); trap 'rm -rf "$tmp" "$tmp2"' EXIT
mkdir -p "$tmp2/suite" "$tmp2/endpoint"
printf '#include "suite/ring.h"\n#include "suite/loop.h"\n' > "$tmp2/suite/ring.c"
printf '#include "core/common.h"\n' > "$tmp2/suite/ring.h"
printf '#include "suite/loop.h"\n' > "$tmp2/suite/loop.c"
printf '#include "core/common.h"\n#include "suite/ring.h"\n' > "$tmp2/suite/loop.h"
printf '#include "endpoint/model_internal.h"\n' > "$tmp2/endpoint/model.c"
printf '#include "endpoint/model_internal.h"\n' > "$tmp2/endpoint/model_tables.c"
printf '#include "endpoint/model.h"\n' > "$tmp2/endpoint/model_internal.h"
printf '#include "core/common.h"\n' > "$tmp2/endpoint/model.h"
out=$(tools/check-layers.sh "$tmp2"); rc=$?
[ $rc -eq 1 ] || fail "an include cycle passed (exit $rc): $out"
grep -qxE "check-layers: include cycle in suite/: (ring -> loop \(suite/ring.c:2\) -> ring \(suite/loop.h:2\)|loop -> ring \(suite/loop.h:2\) -> loop \(suite/ring.c:2\))" <<<"$out" ||
    fail "no line naming the cycle and the includes that make it: $out"
grep -q "endpoint" <<<"$out" && fail "a private x_internal.h was taken for a cycle: $out"
[ "$(grep -c . <<<"$out")" -eq 1 ] || fail "expected one line: $out"
echo "check_layers: ok"
