"""The region browser's tree: countries → admin1 → admin2 with mention counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geonews.models import Place

__all__ = ["admin1_regions", "region_tree"]

#: Admin levels, coarsest first, as (place code attribute, place name attribute).
_LEVELS = (("country_code", "country"), ("admin1_code", "admin1"), ("admin2_code", "admin2"))


def _path(place: Place) -> list[tuple[str, str]]:
    """``[(code, name), ...]`` from the country down to the deepest admin region of ``place``."""
    path: list[tuple[str, str]] = []
    for code_attr, name_attr in _LEVELS:
        code = getattr(place, code_attr)
        if not code:
            break
        name = getattr(place, name_attr) or (place.name if _is_region_itself(place, code) else code)
        path.append((code, name))
    return path


def _is_region_itself(place: Place, code: str) -> bool:
    return (place.feature == "country" and code == place.country_code
            or place.feature == "ADM1" and code == place.admin1_code
            or place.feature == "ADM2" and code == place.admin2_code)


def region_tree(places: Iterable[Place]) -> list[dict[str, Any]]:
    """Count mentions by region; ``places`` holds the resolved place of every mention.

    Returns country nodes ``{"code", "name", "level", "count", "lat", "lon", "children"}``
    (level 0 country, 1 admin1, 2 admin2; ``lat``/``lon`` the mean point of its mentions, where
    a graduated circle stands for a region without a shape), children likewise, each list
    sorted by count then name.
    """
    roots: dict[str, dict[str, Any]] = {}
    for place in places:
        siblings = roots
        for level, (code, name) in enumerate(_path(place)):
            node = siblings.get(code)
            if node is None:
                node = siblings[code] = {"code": code, "name": name, "level": level, "count": 0,
                                         "lat": 0.0, "lon": 0.0, "children": {}}
            node["count"] += 1
            node["lat"] += place.lat
            node["lon"] += place.lon
            siblings = node["children"]
    return _sorted(roots)


def _sorted(nodes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    ordered = sorted(nodes.values(), key=lambda n: (-n["count"], n["name"].casefold()))
    return [{**node, "lat": round(node["lat"] / node["count"], 4),
             "lon": round(node["lon"] / node["count"], 4), "children": _sorted(node["children"])}
            for node in ordered]


def admin1_regions(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The admin1 nodes of a :func:`region_tree`."""
    return [child for country in tree for child in country["children"]]
