#!/usr/bin/env bash
# Install what the browser tests (tests/browser) need; safe to run again (skips what is there).
#   - Debian's chromium (apt-get; as root or with sudo)
#   - Playwright for Python (pip; never `playwright install`: the tests use /usr/bin/chromium)
# Leaflet and its plugins need no install: the tests answer the pages' CDN requests from the
# copies under geonews/maps/vendor/.
# Usage: PYTHON=/path/to/venv/bin/python bash tests/browser/setup.sh
set -euo pipefail

PYTHON="${PYTHON:-python3}"

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi

if ! "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$PYTHON" -m pip install -q "playwright>=1.40"
fi
echo "browser test setup ok: $(command -v chromium)"
