#!/usr/bin/env bash
# check-sizes.sh - fails when a C file under harness/ passes DC_MAX_FILE_LINES
# lines or a function passes DC_MAX_FUNCTION_LINES, so that the code stays in
# pieces a reader takes in at once (issue 21: files <= 1,200, functions <= 100).
#
# A function counts from the first line of its signature to its closing '}'
# at column 0 (the project's clang-format puts a function's '{' alone on a
# line). Two kinds of exceptions, each listed below with its size:
#   DATA   a function that is a table (an option table with its help texts):
#          data, not logic, and it may grow with the table;
#   DEBT   a file or function over the limit today, with its size when listed:
#          it may shrink, never grow; a new one is never allowed. When one gets
#          under the limit the check says so, and its line should go.
# Usage: tools/check-sizes.sh [DIR]
set -u
root=${1:-"$(dirname "$0")/../harness"}
max_file=${DC_MAX_FILE_LINES:-1200}
max_fn=${DC_MAX_FUNCTION_LINES:-100}

# kind  where (layer/file.c or layer/file.c:function)  lines when listed
exceptions="
DATA cli/cmd_run.c:s_options 0
DATA cli/cmd_fuzz.c:s_options 0
DATA cli/cmd_explore.c:s_options 0
"
declare -A kind=() listed=()
while read -r k where n; do
    [ -n "${k:-}" ] || continue
    kind[$where]=$k
    listed[$where]=$n
done <<<"$exceptions"

bad=0
files=0
functions=0
# one line per measure: "<lines> <layer/file.c>" or "<lines> <layer/file.c>:<function>"
measure() {
    for f in "$root"/*/*.c; do
        rel=${f#"$root"/}
        echo "$(wc -l <"$f") $rel"
        awk -v F="$rel" '
            { line[NR] = $0 }
            $0 == "{" {
                s = NR - 1
                while (s > 1 && line[s - 1] !~ /^$/ && line[s - 1] !~ /[;}]$/ && line[s - 1] !~ /\*\/$/ && line[s - 1] !~ /^#/)
                    s--
                start = s; inb = 1; next
            }
            inb && /^}/ {
                name = line[start]
                for (i = start; i < NR && name !~ /\(/; i++) name = name " " line[i + 1]
                sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n]
                print NR - start + 1, F ":" name; inb = 0
            }' "$f"
    done
}
while read -r n where; do
    case $where in
    *:*) functions=$((functions + 1)); limit=$max_fn; what="function ${where#*:} (${where%%:*})" ;;
    *) files=$((files + 1)); limit=$max_file; what="file $where" ;;
    esac
    k=${kind[$where]:-}
    if [ "$k" = DATA ]; then
        continue
    elif [ "$k" = DEBT ]; then
        if [ "$n" -gt "${listed[$where]}" ]; then
            echo "check-sizes: $what has $n lines, more than the ${listed[$where]} it was listed with (limit $limit): cut it, do not grow it"
            bad=1
        elif [ "$n" -le "$limit" ]; then
            echo "check-sizes: note: $what is down to $n lines (limit $limit): remove its DEBT line from tools/check-sizes.sh"
        fi
    elif [ "$n" -gt "$limit" ]; then
        echo "check-sizes: $what has $n lines, over the limit of $limit: split it into named pieces"
        bad=1
    fi
done < <(measure)
[ "$bad" -eq 0 ] || exit 1
echo "check-sizes: $files files, $functions functions, none over $max_file / $max_fn lines but the listed exceptions"
