"""Plain-data views of a :class:`~gazetteer.place.Place`: a JSON-ready dict and an address."""

from __future__ import annotations

from typing import Any

from gazetteer.place import Place

__all__ = ["place_to_dict", "place_address"]

_FIELDS = ("geonameid", "name", "feature", "feature_code", "lat", "lon", "population",
           "country_code", "country", "admin1_code", "admin1", "admin2_code", "admin2",
           "derived", "source", "kind")


def place_to_dict(place: Place, *, raw: bool = False) -> dict[str, Any]:
    """The place's fields as a dict (``raw`` adds the source record under ``"raw"``)."""
    out = {name: getattr(place, name) for name in _FIELDS}
    if raw:
        out["raw"] = dict(place.raw) if place.raw else None
    return out


def place_address(place: Place) -> str:
    """``"Mosul, Nīnawá, Iraq"``: the name then its admin2, admin1 and country, deduplicated."""
    parts: list[str] = []
    for part in (place.name, place.admin2, place.admin1, place.country):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)
