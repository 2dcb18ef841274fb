"""Place categories: the kind of layer a resolved place is shown in, on maps and in QGIS.

A place is a country, an admin region (first- or second-level division), a city or town, or
another place (a landmark, a street, a region without a code …), by its GeoNames ``feature``.
The map's toggleable layers (:mod:`geonews.maps`) and the QGIS style of a GeoPackage's
``places`` layer (:mod:`geonews.outputs.gis_styles`) both use these, in this order.
"""

from __future__ import annotations

from enum import Enum

from gazetteer.place import Place

__all__ = ["CATEGORIES", "PlaceCategory"]


class PlaceCategory(Enum):
    """A category of places: its ``key`` (in map payloads), ``label``, ``colour`` and the
    ``features`` it holds (none for :attr:`OTHER`: every other feature)."""

    COUNTRY = ("country", "Countries", "#7b3294", ("country",))
    ADMIN = ("admin", "Admin regions", "#e66101", ("ADM1", "ADM2"))
    CITY = ("city", "Cities and towns", "#0571b0", ("city",))
    OTHER = ("other", "Other places", "#4d4d4d", ())

    def __init__(self, key: str, label: str, colour: str, features: tuple[str, ...]) -> None:
        self.key = key
        self.label = label
        self.colour = colour
        self.features = features

    @classmethod
    def of(cls, place: Place) -> "PlaceCategory":
        """The category of ``place``, by its feature."""
        return _BY_FEATURE.get(place.feature, cls.OTHER)


#: The categories, in layer order.
CATEGORIES: tuple[PlaceCategory, ...] = tuple(PlaceCategory)
_BY_FEATURE = {feature: category for category in PlaceCategory for feature in category.features}
