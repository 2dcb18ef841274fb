"""The region browser's tree: countries → admin1 → admin2 with mention counts.

The tree is :func:`geonews.outputs.regions.region_tree`'s (the one that ``geonews regions`` prints),
built over the resolved place of every mention; this module shapes it as the page's JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from geonews.models import Place
from geonews.outputs.regions import LEVELS, Region
from geonews.outputs.regions import region_tree as mention_region_tree
from geonews.records.schema import PLACE_FIELDS

__all__ = ["admin1_regions", "region_tree"]

#: The ``level`` number of a node: 0 country, 1 admin1, 2 admin2.
_DEPTH = {level: depth for depth, (level, _, _) in enumerate(LEVELS)}
_PLACE_VALUES = attrgetter(*PLACE_FIELDS)


def region_tree(places: Iterable[Place]) -> list[dict[str, Any]]:
    """Count mentions by region; ``places`` holds the resolved place of every mention.

    Returns country nodes ``{"code", "name", "level", "count", "lat", "lon", "children"}``
    (level 0 country, 1 admin1, 2 admin2; ``lat``/``lon`` the mean point of its mentions, where
    a graduated circle stands for a region without a shape), children likewise, each list
    sorted by count then name.
    """
    records = [dict(zip(PLACE_FIELDS, _PLACE_VALUES(place))) for place in places]
    return [_node(region) for region in mention_region_tree(records).regions]


def _node(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name or region.code,
            "level": _DEPTH[region.level], "count": region.mentions,
            "lat": round(region.lat or 0.0, 4), "lon": round(region.lon or 0.0, 4),
            "children": [_node(child) for child in region.children]}


def admin1_regions(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The admin1 nodes of a :func:`region_tree`."""
    return [child for country in tree for child in country["children"]]
