#!/usr/bin/env bash
# check-layers.sh - fails when a file under harness/ includes a header from a
# layer it may not depend on. The layers, lowest first, and what each may use:
#
#   core      -                                  common, json, datadir, vclock, text
#   spec      core                               the spec loader, drift against botocore
#   wire      core spec                          HTTP client, SigV4, awsJson, response checks, AWS env
#   validate  core spec                          the validation core and its rule table
#   endpoint  core spec wire validate            serve: processing order, model, faults
#   suite     core spec wire                     cases, runner, reports, baselines
#   netfuzz   core spec wire validate endpoint suite   the network fuzzer and its oracle
#   gate      core spec wire validate endpoint   the client judge
#   cli       every layer                        main and the subcommands
#
# A file may always include headers of its own folder. Usage: tools/check-layers.sh [DIR]
set -u
root=${1:-"$(dirname "$0")/../harness"}
declare -A allowed=(
    [core]=""
    [spec]="core"
    [wire]="core spec"
    [validate]="core spec"
    [endpoint]="core spec wire validate"
    [suite]="core spec wire"
    [netfuzz]="core spec wire validate endpoint suite"
    [gate]="core spec wire validate endpoint"
    [cli]="core spec wire validate endpoint suite netfuzz gate"
)
bad=0
checked=0
for f in "$root"/*/*.[ch]; do
    layer=$(basename "$(dirname "$f")")
    if [ -z "${allowed[$layer]+x}" ]; then
        echo "check-layers: $f: folder '$layer' is not a known layer (add it to tools/check-layers.sh)"
        bad=1
        continue
    fi
    checked=$((checked + 1))
    while IFS=: read -r line inc; do
        dep=${inc%%/*}
        [ "$dep" = "$layer" ] && continue
        case " ${allowed[$layer]} " in
        *" $dep "*) ;;
        *)
            echo "check-layers: ${f#"$root"/}:$line includes \"$inc\": layer '$layer' may use only: ${allowed[$layer]:-nothing}"
            bad=1
            ;;
        esac
    done < <(grep -n '^#include "' "$f" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
    # a bare "x.h" hides which layer it comes from
    if grep -nE '^#include "[^/"]+"' "$f" >/dev/null; then
        grep -nE '^#include "[^/"]+"' "$f" | sed "s|^|check-layers: ${f#"$root"/}:|; s|\$|: name the layer folder (\"core/x.h\")|"
        bad=1
    fi
done
if [ "$bad" -ne 0 ]; then
    exit 1
fi
echo "check-layers: $checked files, no upward or sideways include"
