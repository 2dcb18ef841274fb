"""The place record every gazetteer query returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

__all__ = ["Place", "Candidate", "FEATURES", "MatchKind", "WELL_KNOWN_POPULATION", "well_known"]

#: Feature kinds, coarsest first. ``feature_code`` keeps the finer GeoNames code (PPLC, ADM1H ...).
FEATURES = ("continent", "country", "ADM1", "ADM2", "city", "other")
#: Least population of a city that is well known on its own (:func:`well_known`).
WELL_KNOWN_POPULATION = 100_000


def well_known(feature: str, feature_code: str | None, population: int) -> bool:
    """Whether a place of this kind is well known: a continent, country, first-level
    division, national capital or a city of at least :data:`WELL_KNOWN_POPULATION`."""
    return (feature in ("continent", "country", "ADM1") or feature_code == "PPLC"
            or (feature == "city" and population >= WELL_KNOWN_POPULATION))


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry, with its admin hierarchy denormalised.

    Admin codes are GeoNames codes qualified by their parents, so they are unique worldwide:
    ``admin1_code`` is ``"IQ.15"`` and ``admin2_code`` ``"IQ.15.<code>"``. ``derived`` is true
    when the coordinates were computed (for example for a division that the source ships
    without a point) rather than read from the source.
    """

    geonameid: int | None
    name: str
    feature: str
    lat: float
    lon: float
    population: int = 0
    country_code: str | None = None
    country: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    admin2_code: str | None = None
    admin2: str | None = None
    feature_code: str | None = None
    derived: bool = False
    source: str = "geonames"
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def point(self) -> tuple[float, float]:
        """``(lat, lon)``, the order geopy uses."""
        return (self.lat, self.lon)

    @property
    def well_known(self) -> bool:
        """Whether the place is a continent, country, first-level division, national
        capital or large city (:func:`well_known`)."""
        return well_known(self.feature, self.feature_code, self.population)


class MatchKind(StrEnum):
    """How a name reached a candidate place (the values are what JSON output shows)."""

    #: the place's main name, as written
    EXACT = "name"
    #: the main name or an alias after case, diacritics and article folding
    FOLDED = "folded"
    #: an alternate name or code, as written
    ALIAS = "alias"
    #: a short form the resolver expands ("Wash." → Washington, "EU" → Europe)
    ABBREVIATION = "abbreviation"
    #: a word dropped or added ("Kuwait" for "Kuwait City", "Nineveh" for "Nineveh Governorate")
    VARIANT = "variant"
    #: a well-known place named inside an unknown longer name ("Lake Manassas" → Manassas)
    INNER = "inner"
    #: a similar spelling (``fuzzy=True`` searches only)
    FUZZY = "fuzzy"
    #: a demonym or adjective read as its country ("French" → France)
    DEMONYM = "demonym"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, with how well the name matched.

    ``match`` says how the name matched (a :class:`MatchKind`, a string enum);
    ``name_score`` is in [0, 1], 1 for an exact match of the main name.
    """

    place: Place
    matched_name: str
    match: MatchKind
    name_score: float
