#!/usr/bin/env bash
# What the tests need beyond pip: Debian's chromium and Playwright for the browser tests
# (idempotent; Leaflet is vendored in geonews/maps/vendor, so no npm).
# Without root or apt-get it says so, and the browser tests skip.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f browser/setup.sh ]; then
  bash browser/setup.sh
fi
