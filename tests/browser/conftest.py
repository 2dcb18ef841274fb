"""Headless Chromium (Debian's ``chromium``) driven by Playwright, with no network.

Pages that link Leaflet and its plugins from the jsDelivr npm CDN get them from the copies
geonews vendors under ``geonews/maps/vendor/`` (the npm packages' files at the pinned versions;
``tests/test_maps.py`` checks the versions); tile and any other requests get an empty answer.
Every test skips cleanly when Playwright or Chromium is missing (fails instead when
``GEONEWS_REQUIRE_BROWSER=1`` or in CI, where ``CI=true``, so that a broken setup is noticed).
Screenshots go to ``$GEONEWS_SCREENSHOTS`` if set, else to a pytest temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geonews.maps.assets import VENDORED, Asset

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/([^?#]*)")


def _unavailable(reason: str) -> None:
    if os.environ.get("GEONEWS_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _chromium() -> str | None:
    return os.environ.get("GEONEWS_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium browser, or a skip."""
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("playwright is not installed (run tests/browser/setup.sh)")
    executable = _chromium()
    if executable is None:
        _unavailable("chromium is not installed (run tests/browser/setup.sh)")
    with sync_api.sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "cannot test here"
            _unavailable(f"chromium does not start: {exc}")
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def cdn_assets() -> dict[str, str]:
    """The npm packages (name → pinned version) whose CDN addresses the vendored copies
    answer for."""
    return {asset.package: asset.version for group in VENDORED.values() for asset in group}


def _vendored_copy(url: str, packages: dict[str, str]) -> Path | None:
    """The vendored file for a jsDelivr npm address of a pinned package version, if any."""
    match = _CDN.match(url)
    if match is None:
        return None
    package, version, path = match.groups()
    if packages.get(package) != version:
        return None
    local = Asset(package, version, path).local_path
    return local if local.is_file() else None


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the tests write their screenshots."""
    target = os.environ.get("GEONEWS_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        return Path(target)
    return tmp_path_factory.mktemp("screenshots")


@dataclass
class MapPage:
    """An open map page with the page errors, the network requests it made and the CDN
    requests no vendored copy answered."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def open_popup(self, place: int, lat: float, lon: float, zoom: int) -> Any:
        """Zoom to ``(lat, lon)``, click the marker of place ``place`` and return its popup."""
        self.js(f"geonewsMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        self.page.wait_for_timeout(300)
        self.page.locator(f"path.gn-p-{place}").click()
        popup = self.page.locator(".leaflet-popup-content .gn-popup")
        popup.wait_for()
        return popup


@pytest.fixture
def open_map(browser) -> Iterator[Any]:
    """``open_map(path, cdn_assets=None, fragment="")``: load a map file with no network.

    With ``cdn_assets``, CDN requests for those packages are answered from the vendored copies
    (404 for a file not vendored); every other non-file request (tiles included) gets an empty
    answer. Every non-file request is recorded.
    """
    contexts = []

    def _open(path: Path, cdn_assets: dict[str, str] | None = None,
              fragment: str = "") -> MapPage:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = MapPage(page)
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

        def answer(route) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
                return
            opened.requests.append(url)
            if cdn_assets is not None and _CDN.match(url):
                local = _vendored_copy(url, cdn_assets)
                if local is not None:
                    route.fulfill(path=str(local))
                else:
                    opened.unanswered.append(url)
                    route.fulfill(status=404, body="")
                return
            route.fulfill(status=200, body=b"")

        context.route("**/*", answer)
        page.goto(Path(path).resolve().as_uri() + fragment)
        page.wait_for_function("typeof window.geonewsMap === 'object'", timeout=15_000)
        page.wait_for_timeout(300)  # let cluster animations and tiles settle
        return opened

    yield _open
    for context in contexts:
        context.close()
