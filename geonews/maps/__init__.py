"""Layered Leaflet maps of parsed news: every mention linked to its sentence.

``render_map(parsed, "maps/news.html")`` writes one static HTML page with toggleable place
layers, clustered graduated circles, popups listing each mention's sentence, a document view,
a region browser (countries → admin1 → admin2), place search, legend, fullscreen and mini map.
Maps never import spaCy.
"""

from geonews.maps.errors import BoundaryFileError, MapError
from geonews.maps.layers import NO_TILES
from geonews.maps.render import render_html, render_map
from geonews.outputs.categories import CATEGORIES

__all__ = ["CATEGORIES", "NO_TILES", "BoundaryFileError", "MapError", "render_html", "render_map"]
