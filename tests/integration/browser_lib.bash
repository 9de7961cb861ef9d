# browser_lib.bash - sourced by the report pages' browser tests (report_matrix.sh,
# report_html.sh): headless Chromium, checked once with a probe page. Needs tmp.
# Exits 77 when Chromium is missing or cannot start here. Named .bash so
# run-integration.sh (*.sh) does not run it.
# BROWSER_DOM_SIZE: the window --dump-dom lays the page out in (default Chromium's);
# BROWSER_SHOT_SIZE: the screenshot's window (default 1400,1000).

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium not installed (tools/deps.sh installs Debian's chromium)"; exit 77; }
browser_n=0
browser() { # browser dom FILE | browser screenshot FILE OUT: the DOM to stdout, or a screenshot
    browser_n=$((browser_n + 1))
    local mode=(--dump-dom)
    [ -n "${BROWSER_DOM_SIZE:-}" ] && mode=("--window-size=$BROWSER_DOM_SIZE" --dump-dom)
    [ "$1" = screenshot ] && mode=("--window-size=${BROWSER_SHOT_SIZE:-1400,1000}" "--screenshot=$3")
    timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile$browser_n" \
        "${mode[@]}" "file://$2" 2>>"$tmp/chromium.log"
}
printf '<!DOCTYPE html><p id="probe">ok</p>' >"$tmp/probe.html"
if ! browser dom "$tmp/probe.html" | grep -q '<p id="probe">ok</p>'; then
    echo "chromium cannot run here: $(grep -v dbus "$tmp/chromium.log" | tail -n 1)"
    exit 77
fi
