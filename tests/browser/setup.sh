#!/usr/bin/env bash
# Install what the browser tests (tests/browser) need; safe to run again (skips what is there).
#   - Debian's chromium (apt-get; as root or with sudo)
#   - Playwright for Python (pip; never `playwright install`: the tests use /usr/bin/chromium)
#   - the npm packages the map pages link from the CDN, into $GEONEWS_BROWSER_ASSETS
#     (default ~/.cache/geonews-browser), at the versions geonews/maps/assets.py pins
# Usage: PYTHON=/path/to/venv/bin/python bash tests/browser/setup.sh
set -euo pipefail

PYTHON="${PYTHON:-python3}"
CACHE="${GEONEWS_BROWSER_ASSETS:-$HOME/.cache/geonews-browser}"

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi

if ! "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$PYTHON" -m pip install -q "playwright>=1.40"
fi

mapfile -t PACKAGES < <("$PYTHON" -c "
from geonews.maps.assets import VENDORED
for spec in sorted({f'{a.package}@{a.version}' for group in VENDORED.values() for a in group}):
    print(spec)")

missing=()
for spec in "${PACKAGES[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    manifest="$CACHE/node_modules/$name/package.json"
    if [ ! -f "$manifest" ] || ! grep -q "\"version\": *\"$version\"" "$manifest"; then
        missing+=("$spec")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    mkdir -p "$CACHE"
    npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "${PACKAGES[@]}"
fi
echo "browser test setup ok: $(command -v chromium), npm assets in $CACHE/node_modules"
