"""The region browser's tree: countries → admin1 → admin2 with mention counts.

The tree is :func:`geonews.outputs.regions.region_tree`'s (the one that ``geonews regions``
prints), built over the resolved mentions of the map
(:func:`geonews.outputs.tables.resolved_mention_table`); this module shapes it as the page's
JSON.
"""

from __future__ import annotations

from typing import Any

from geonews.outputs.regions import LEVELS, Region, region_tree

__all__ = ["admin1_regions", "region_nodes"]

#: The ``level`` number of a node: 0 country, 1 admin1, 2 admin2.
_DEPTH = {level: depth for depth, (level, _, _) in enumerate(LEVELS)}


def region_nodes(mentions: Any) -> list[dict[str, Any]]:
    """The region tree of a table of resolved mentions, as the page's country nodes
    ``{"code", "name", "level", "count", "lat", "lon", "children"}`` (level 0 country, 1
    admin1, 2 admin2; ``count`` its mentions; ``lat``/``lon`` the mean point of its mentions,
    where a graduated circle stands for a region without a shape), children likewise, each
    list sorted by count then name."""
    return [_node(region) for region in region_tree(mentions).regions]


def _node(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name or region.code,
            "level": _DEPTH[region.level], "count": region.mentions,
            "lat": round(region.lat or 0.0, 4), "lon": round(region.lon or 0.0, 4),
            "children": [_node(child) for child in region.children]}


def admin1_regions(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The admin1 nodes of a :func:`region_nodes` tree."""
    return [child for country in tree for child in country["children"]]
