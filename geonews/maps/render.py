"""Render parsed documents as one static, self-describing Folium/Leaflet HTML page.

folium provides the page skeleton, the map and the basemap tile layer; geonews' own script
(``static/geonews-map.js``) draws everything else from a JSON payload. Untrusted text reaches
the page only inside that payload, serialised with ``htmlsafe_json_dumps`` (``<``, ``>``,
``&`` and ``'`` become ``\\u`` escapes) in a ``<script type="application/json">`` element, and
the script inserts it as DOM text. Nothing untrusted is ever rendered through a Jinja template
(branca re-parses macro output as a template, so raw elements are used instead).
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import branca.element
import folium
from jinja2.utils import htmlsafe_json_dumps

from gazetteer.outlines import country_outlines
from geonews.outputs.atomic import atomic_write
from geonews.maps.assets import app_script, app_style, asset_text, page_assets
from geonews.maps.boundaries import boundary_layer
from geonews.maps.layers import tile_layer
from geonews.maps.payload import build_payload
from geonews.maps.regions import admin1_regions
from geonews.models import ParsedDocument

__all__ = ["render_html", "render_map"]


class _Raw(branca.element.Element):
    """A page fragment written out verbatim (never parsed as a Jinja template)."""

    def __init__(self, content: str) -> None:
        super().__init__()
        self.content = content

    def render(self, **kwargs: Any) -> str:
        return self.content


_PANEL = """<script>document.body.classList.add('gn-page');</script>
<aside id="gn-panel" class="gn-panel" aria-label="Regions, places and articles">
  <button id="gn-panel-toggle" type="button" title="Show or hide the panel">&#9776;</button>
  <header class="gn-head"><h1 id="gn-title"></h1><div id="gn-summary" class="gn-summary"></div></header>
  <section id="gn-filters" class="gn-filters" aria-label="Filters"></section>
  <nav class="gn-tabs">
    <button type="button" data-tab="regions">Regions</button>
    <button type="button" data-tab="places">Places</button>
    <button type="button" data-tab="articles">Articles</button>
  </nav>
  <section id="gn-tab-regions" class="gn-tab"><div id="gn-region-status"></div><ul id="gn-regions"></ul></section>
  <section id="gn-tab-places" class="gn-tab" hidden>
    <input id="gn-search" type="search" placeholder="Search places" aria-label="Search places">
    <ul id="gn-place-list"></ul>
  </section>
  <section id="gn-tab-articles" class="gn-tab" hidden>
    <div id="gn-doc-count" class="gn-summary"></div>
    <select id="gn-doc-select" aria-label="Article"></select><article id="gn-doc"></article>
  </section>
</aside>
"""


def _default_title(docs: list[dict[str, Any]]) -> str:
    if len(docs) == 1:
        return docs[0]["title"] or docs[0]["id"]
    return f"geonews map of {len(docs)} articles"


def _asset_tags(inline: bool, *, minimap: bool, heatmap: bool) -> str:
    tags = []
    for asset in page_assets(minimap=minimap, heatmap=heatmap):
        if inline:
            tag = "style" if asset.kind == "css" else "script"
            tags.append(f"<{tag}>{asset_text(asset)}</{tag}>")
        elif asset.kind == "css":
            tags.append(f'<link rel="stylesheet" href="{html.escape(asset.url)}">')
        else:
            tags.append(f'<script src="{html.escape(asset.url)}"></script>')
    tags.append(f"<style>{app_style()}</style>")
    tags.append(f"<script>{app_script()}</script>")
    return "\n".join(tags)


def render_html(parsed: Iterable[ParsedDocument], *, tiles: str = "OpenStreetMap",
                boundaries: str | os.PathLike[str] | None = None, heatmap: bool = False,
                title: str | None = None, inline_assets: bool | None = None) -> str:
    """The map page of ``parsed`` documents as an HTML string (see :func:`render_map`)."""
    base = tile_layer(tiles)
    inline = base is None if inline_assets is None else inline_assets
    data = build_payload(parsed, title="")
    data["title"] = title or _default_title(data["docs"])
    outlines = country_outlines(node["code"] for node in data["regions"])
    counts = {node["code"]: node["count"] for node in data["regions"]}
    for feature in outlines["features"]:
        feature["properties"]["count"] = counts.get(feature["id"], 0)
    data["view"] = {
        "heatmap": heatmap,
        "outlines": outlines,
        "boundaries": (boundary_layer(boundaries, admin1_regions(data["regions"]))
                       if boundaries is not None else None),
        "background": country_outlines() if base is None else None,
        "minimap": ({"url": base.tiles, "options": {
            "attribution": base.options.get("attribution", ""),
            "subdomains": base.options.get("subdomains", "abc"),
            "maxZoom": base.options.get("max_zoom", 18)}} if base is not None else None),
    }

    fmap = folium.Map(location=(20, 0), zoom_start=2, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = [], []  # geonews links or inlines its own assets
    if base is not None:
        base.add_to(fmap)
    figure = fmap.get_root()
    figure.title = html.escape(data["title"])
    figure.header.add_child(
        _Raw(_asset_tags(inline, minimap=base is not None, heatmap=heatmap)), name="geonews_assets")
    payload = htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False, separators=(",", ":"))
    figure.html.add_child(_Raw(_PANEL + '<script type="application/json" id="geonews-data">'
                               f"{payload}</script>"), name="geonews_panel")
    base_args = (f"{base.get_name()}, {json.dumps(tiles)}" if base is not None else "null, null")
    init = (f"var geonewsMap = geonewsMapInit({fmap.get_name()}, {base_args}, "
            "JSON.parse(document.getElementById('geonews-data').textContent));")
    # Added after the map's own children so it runs once the map and tile layer exist.
    fmap.add_child(_ScriptAfterMap(init), name="geonews_init")
    return figure.render()


class _ScriptAfterMap(branca.element.Element):
    """A map child whose rendering appends raw code to the page's closing script."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def render(self, **kwargs: Any) -> str:
        self.get_root().script.add_child(_Raw(self.code), name=self.get_name())
        return ""


def render_map(parsed: Iterable[ParsedDocument], path: str | os.PathLike[str], *,
               tiles: str = "OpenStreetMap", boundaries: str | os.PathLike[str] | None = None,
               heatmap: bool = False, title: str | None = None,
               inline_assets: bool | None = None) -> Path:
    """Write a map of ``parsed`` documents to ``path`` (one static HTML file) and return it.

    ``tiles`` names the basemap (any folium / xyzservices provider, or ``"none"``);
    ``boundaries`` an admin-1 boundary file drawn as a choropleth of mention counts;
    ``heatmap`` adds a heat map layer; ``title`` defaults to the article title or a count.
    ``inline_assets`` embeds Leaflet and its plugins in the page (default: only when
    ``tiles="none"``, so that such a page needs no network at all); otherwise they are
    linked from the jsDelivr CDN. The file is written atomically.
    """
    page = render_html(parsed, tiles=tiles, boundaries=boundaries, heatmap=heatmap, title=title,
                       inline_assets=inline_assets)
    target = Path(path)
    with atomic_write(target) as handle:
        handle.write(page)
    return target
