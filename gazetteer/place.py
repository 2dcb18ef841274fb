"""The place record every gazetteer query returns."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

from geopy.distance import EARTH_RADIUS as GEOPY_EARTH_RADIUS_KM

__all__ = ["Place", "PlaceKind", "Candidate", "FEATURES", "MatchKind", "EXACT_MATCHES",
           "WHOLE_NAME_MATCHES", "NATURAL_FEATURE_CODES", "WELL_KNOWN_POPULATION", "well_known",
           "great_circle_km"]

#: Feature kinds, coarsest first. ``feature_code`` keeps the finer GeoNames code (PPLC, ADM1H ...).
FEATURES = ("continent", "country", "ADM1", "ADM2", "city", "other")
#: GeoNames feature codes of large natural features (oceans, seas, rivers, mountain ranges …):
#: a place of feature ``other`` with one of them is a :attr:`PlaceKind.NATURAL_FEATURE`.
NATURAL_FEATURE_CODES = frozenset({
    "OCN", "SEA", "LK", "GULF", "STRT", "CNL", "PEN", "PLAT", "STM", "MT", "MTS", "DSRT",
    "FRST", "ISL", "ISLS"})


class PlaceKind(StrEnum):
    """What a place of feature ``other`` is, where the gazetteer knows (``Place.kind``; the
    values are what JSON output and the index show)."""

    #: an ocean, sea, river, mountain range, desert, island … (curated, or by its GeoNames
    #: code: :data:`NATURAL_FEATURE_CODES`)
    NATURAL_FEATURE = "natural feature"
    #: a curated landmark: a seat of government, palace, famous street, airport …
    LANDMARK = "landmark"
    #: a world region: a UN M49 region or grouping, or a curated one ("Middle East")
    WORLD_REGION = "world region"


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
    without a point) rather than read from the source. ``kind`` says what a place of feature
    ``other`` is, where known (:class:`PlaceKind`; ``None`` otherwise).
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
    kind: PlaceKind | None = None
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


def great_circle_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places in km: geopy's
    ``great_circle(a.point, b.point).km``, the same formula and Earth radius, without making
    its ``Point`` and ``Distance`` objects (the resolver measures in Python loops)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    sin_lat1, cos_lat1 = math.sin(lat1), math.cos(lat1)
    sin_lat2, cos_lat2 = math.sin(lat2), math.cos(lat2)
    delta_lng = math.radians(b.lon) - math.radians(a.lon)
    cos_delta_lng, sin_delta_lng = math.cos(delta_lng), math.sin(delta_lng)
    return GEOPY_EARTH_RADIUS_KM * math.atan2(
        math.sqrt((cos_lat2 * sin_delta_lng) ** 2
                  + (cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta_lng) ** 2),
        sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta_lng)


class MatchKind(StrEnum):
    """How a name reached a candidate place (the values are what JSON output shows)."""

    #: the place's main name, as written
    EXACT = "name"
    #: the main name after case, diacritics and punctuation folding
    FOLDED = "folded"
    #: an alternate name or code after folding
    FOLDED_ALIAS = "folded alias"
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


#: Matches of the whole name, exactly: the main name as written or folded, an alias as written,
#: a demonym.
EXACT_MATCHES = frozenset({MatchKind.EXACT, MatchKind.FOLDED, MatchKind.ALIAS,
                           MatchKind.DEMONYM})
#: Matches of the whole name (not a variant, a similar spelling or a name inside it).
WHOLE_NAME_MATCHES = EXACT_MATCHES | {MatchKind.FOLDED_ALIAS}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, with how well the name matched.

    ``match`` says how the name matched (a :class:`MatchKind`, a string enum);
    ``name_score`` is in [0, 1], 1 for an exact match of the main name (0.95 an alias, 0.9 and
    0.85 the folded name and alias, 0.8 a variant, less for a similar spelling), the strength
    of the match as a number for ranking and scoring. ``expansion_match`` is set on an
    :attr:`MatchKind.ABBREVIATION` reading: how the name the short form expands to matched.
    """

    place: Place
    matched_name: str
    match: MatchKind
    name_score: float
    expansion_match: MatchKind | None = None

    @property
    def exact(self) -> bool:
        """Whether the whole name matched exactly (:data:`EXACT_MATCHES`; for an abbreviation,
        its expansion did)."""
        return (self.expansion_match or self.match) in EXACT_MATCHES

    @property
    def whole_name(self) -> bool:
        """Whether the whole name matched, exactly or after folding (:data:`WHOLE_NAME_MATCHES`;
        for an abbreviation, its expansion did)."""
        return (self.expansion_match or self.match) in WHOLE_NAME_MATCHES
