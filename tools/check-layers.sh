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
#   explore   core spec wire validate endpoint suite   sequences in lockstep with the model (explore)
#   gate      core spec wire validate endpoint   the client judge
#   cli       every layer                        main and the subcommands
#
# A file may always include headers of its own folder, but not in a circle:
# inside a folder, the modules (x.c + x.h; a private x_internal.h belongs to
# module x) and their includes must form no cycle (a.c includes b.h and b.c
# or b.h includes a.h is one), so each folder reads bottom-up too.
# Usage: tools/check-layers.sh [DIR]
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
    [explore]="core spec wire validate endpoint suite"
    [gate]="core spec wire validate endpoint"
    [cli]="core spec wire validate endpoint suite netfuzz gate explore"
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
# Include cycles inside a folder, module by module: tsort names each loop.
for dir in "$root"/*/; do
    layer=$(basename "$dir")
    declare -A where=()
    edges=""
    for f in "$dir"*.[ch]; do
        [ -e "$f" ] || continue
        from=$(basename "${f%.*}")
        from=${from%_internal}
        while IFS=: read -r line inc; do
            [ "${inc%%/*}" = "$layer" ] || continue
            to=$(basename "${inc%.*}")
            to=${to%_internal}
            [ "$to" = "$from" ] && continue
            [ -n "${where["$from $to"]+x}" ] || where["$from $to"]="${f#"$root"/}:$line"
            edges+="$from $to"$'\n'
        done < <(grep -n '^#include "' "$f" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
    done
    [ -n "$edges" ] || { unset where; continue; }
    # tsort prints each loop it breaks: a "-: input contains a loop:" line,
    # then the loop's members in include order
    loops=()
    while read -r word name; do
        [ "$word" = "tsort:" ] || continue
        if [ "${name#-: }" != "$name" ]; then
            loops+=("")
        elif [ ${#loops[@]} -gt 0 ]; then
            loops[-1]+="$name "
        fi
    done < <(printf '%s' "$edges" | tsort 2>&1 >/dev/null)
    for l in "${loops[@]}"; do
        read -r -a loop <<<"$l"
        [ ${#loop[@]} -gt 0 ] || continue
        msg="${loop[0]}"
        for ((i = 0; i < ${#loop[@]}; i++)); do
            a=${loop[$i]}
            b=${loop[$(((i + 1) % ${#loop[@]}))]}
            msg+=" -> $b (${where["$a $b"]:-?})"
        done
        echo "check-layers: include cycle in $layer/: $msg"
        bad=1
    done
    unset where
done
if [ "$bad" -ne 0 ]; then
    exit 1
fi
echo "check-layers: $checked files, no upward or sideways include, no include cycle"
