#!/usr/bin/env bash
# SigV4 cross-check: N random DynamoDB-shaped requests signed by our signer,
# by botocore's SigV4Auth (when the machine's python3 has botocore) and by
# libcurl's CURLOPT_AWS_SIGV4 (captured by a local 127.0.0.1 listener); every
# Authorization header must be identical. Exit 0 pass, 1 fail, 77 skip.
#   env: BUILD_DIR (default build), SIGV4_SEED (default fixed), SIGV4_COUNT (default 300)
set -u
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-$(pwd)/build}
SEED=${SIGV4_SEED:-20240115}
COUNT=${SIGV4_COUNT:-300}
LIB="$BUILD_DIR/libddbconform.a"
[ -f "$LIB" ] || { echo "no $LIB: build first (make)"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not found: cannot generate requests"; exit 77; }
PKGS="libcjson libcurl libmicrohttpd libpcre2-8 libcrypto zlib"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Build the helper with the flags of the library it links (ASan build -> ASan helper).
SAN=""
if nm "$LIB" 2>/dev/null | grep -q '__asan_report'; then
    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
fi
# shellcheck disable=SC2086
if ! cc -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iharness $SAN $(pkg-config --cflags $PKGS) \
        -o "$work/crosscheck" tests/sigv4/crosscheck.c "$LIB" $SAN $(pkg-config --libs $PKGS) -lpthread -lm; then
    echo "FAIL: cannot build tests/sigv4/crosscheck.c"
    exit 1
fi

echo "seed $SEED, $COUNT requests"
python3 tools/gen/sigv4-requests.py "$SEED" "$COUNT" "$work/requests.jsonl" || { echo "FAIL: generator"; exit 1; }
"$work/crosscheck" "$work/requests.jsonl"
rc=$?
[ $rc -eq 0 ] && exit 0
exit 1
