"""The JavaScript and CSS a map page loads: Leaflet, its plugins and geonews' own map script.

Third-party assets are the npm packages listed in :data:`VENDORED`, copied unchanged (with
their licences) under ``geonews/maps/vendor/<package>/`` (npm's ``dist/`` folder level
dropped). A page either links them from
the jsDelivr npm CDN (small files; the browser needs the network) or inlines the vendored
copies (a self-contained page that works with no network at all). The CDN address of an asset
is ``https://cdn.jsdelivr.net/npm/<package>@<version>/<path>``, so a copy of the npm package
answers for it (the browser tests answer CDN requests from the vendored copies that way).
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["CDN_ROOT", "VENDORED", "Asset", "app_script", "app_style", "asset_text", "page_assets"]

CDN_ROOT = "https://cdn.jsdelivr.net/npm"

_HERE = Path(str(resources.files("geonews.maps")))
_VENDOR = _HERE / "vendor"
_STATIC = _HERE / "static"
_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\((['"]?)(?!data:|#|https?:|/)([^'")]+)\1\)""")


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of an npm package that a map page loads."""

    package: str
    version: str
    path: str

    @property
    def kind(self) -> str:
        """``"js"`` or ``"css"``."""
        return "css" if self.path.endswith(".css") else "js"

    @property
    def url(self) -> str:
        """The file's address on the jsDelivr npm CDN."""
        return f"{CDN_ROOT}/{self.package}@{self.version}/{self.path}"

    @property
    def local_path(self) -> Path:
        """The vendored copy: ``vendor/<package>/<path without a leading dist/>``."""
        return _VENDOR / self.package / self.path.removeprefix("dist/")


#: Every vendored asset, by role.
VENDORED: dict[str, tuple[Asset, ...]] = {
    "leaflet": (Asset("leaflet", "1.9.4", "dist/leaflet.css"),
                Asset("leaflet", "1.9.4", "dist/leaflet.js")),
    "cluster": (Asset("leaflet.markercluster", "1.5.3", "dist/MarkerCluster.css"),
                Asset("leaflet.markercluster", "1.5.3", "dist/MarkerCluster.Default.css"),
                Asset("leaflet.markercluster", "1.5.3", "dist/leaflet.markercluster.js")),
    "fullscreen": (Asset("leaflet.fullscreen", "5.3.3", "dist/Control.FullScreen.css"),
                   Asset("leaflet.fullscreen", "5.3.3", "dist/Control.FullScreen.umd.js")),
    "minimap": (Asset("leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.css"),
                Asset("leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.js")),
    "heatmap": (Asset("leaflet.heat", "0.2.0", "dist/leaflet-heat.js"),),
}


def page_assets(*, minimap: bool, heatmap: bool) -> list[Asset]:
    """The assets a page needs, in load order (Leaflet first)."""
    roles = ["leaflet", "cluster", "fullscreen"]
    roles += ["minimap"] if minimap else []
    roles += ["heatmap"] if heatmap else []
    return [asset for role in roles for asset in VENDORED[role]]


def _no_closing_tag(text: str) -> str:
    return _CLOSING_TAG.sub(r"<\\/\1", text)


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def asset_text(asset: Asset) -> str:
    """The vendored file's text, ready to inline in a page.

    Relative ``url(...)`` references in CSS become data URIs; ``</`` is escaped so that the
    text cannot close the ``<script>`` or ``<style>`` element it is placed in.
    """
    text = asset.local_path.read_text(encoding="utf-8")
    if asset.kind == "css":
        base = asset.local_path.parent
        text = _CSS_URL.sub(lambda m: f'url("{_data_uri(base / m.group(2))}")', text)
    return _no_closing_tag(text)


def app_script() -> str:
    """geonews' own map script (layers, popups, document view, region browser, search)."""
    return _no_closing_tag((_STATIC / "geonews-map.js").read_text(encoding="utf-8"))


def app_style() -> str:
    """geonews' own map style sheet."""
    return _no_closing_tag((_STATIC / "geonews-map.css").read_text(encoding="utf-8"))
