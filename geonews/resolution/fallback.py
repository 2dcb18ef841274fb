"""Stage 4 of resolution: the explicit fallback, when no reading of the name itself fits.

* **container** — the text puts the name in a division or city ("Gilbert, Ark.", "Royal
  Street, New Orleans") in which the gazetteer has no reading of it: placed at the container;
* **country** — a name the gazetteer does not know at all, put in a country ("Baghuz,
  Syria"), unless the article's locale lies in that country (the locale is finer);
* **locale** — a name the gazetteer does not know ("Barclays Center"), knows only through a
  distant town inside it ("Agnes Jones House" → Jones, Oklahoma) or only as a small town in a
  country the article does not name: placed at the article's locale, the finest place the
  article is confidently about, mentioned nearest to it; when that is a country, only a
  name the gazetteer does not know at all ("Eastern Ghouta" in an article about Syria; a
  small capital stays itself beside a named country). When the text puts the name in a
  place ("Guildhall School of Music in London", "Washington University in St. Louis": its
  *host*, :func:`hosts`), the host is that locale, and the placement is by container.

Each placement carries an :class:`~geonews.models.Approximation` and an ``approximate:``
reason, and a confidence lowered by a factor. How probable a stand-in must be, how small a
town gives way and the factors are :class:`FallbackParameters`, fitted with the scorer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from gazetteer.place import FEATURES, MatchKind, Place, great_circle_km
from geonews.models import APPROXIMATE, Approximation, Mention
from geonews.resolution.features import NameGroup

__all__ = ["DEFAULT_PARAMETERS", "FallbackParameters", "Locale", "Placement", "hosts", "locales",
           "named_countries", "place"]

#: A city container contains places within this distance of its point.
CITY_CONTAINER_KM = 30.0
#: Towns smaller than the small-town population weigh this much in choosing the article's
#: main country.
SMALL_TOWN_WEIGHT = 0.5
#: An unknown name read through a town inside it is placed at the locale instead when that
#: town lies farther than this from the locale.
INNER_LOCALE_KM = 161.0
#: A city named inside an unknown name is a locale only from this population on ("New Orleans
#: Railways and Light Company" is about New Orleans; "Carnegie Library" is not about Carnegie).
INNER_LOCALE_POPULATION = 100_000
#: Features that can contain a place the gazetteer has no reading of inside them.
_CONTAINERS = ("ADM1", "ADM2")
#: Readings too well known to be overruled by a container (capitals, division seats).
_SEATS = ("PPLC", "PPLA", "PPLA2")
#: Features whose reading can give way to the article's locale (:func:`_gives_way`).
_GIVE_WAY = ("city", "ADM2")
#: Features that can be an article's locale.
_LOCALE_FEATURES = ("city", "ADM2", "ADM1", "country")
#: What puts a name in the place named next ("… School of Music in London").
_HOST_LINK = re.compile(r"\s+in\s+(?:the\s+)?")
#: What puts a name in the place named just before it ("London's Heathrow Animal Centre").
_POSSESSIVE = re.compile(r"['’]s\s+$")
#: How fine a feature is (its rank in FEATURES, coarsest first): a place is approximated only
#: by a coarser container.
_FINENESS = {feature: rank for rank, feature in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class FallbackParameters:
    """The fallback's decisions: fitted by ``geonews train`` (out of fold, on the readings'
    out-of-fold probabilities) and kept in the weights file; the defaults are the former
    hand-set values (a weights file without them behaves as before)."""

    #: how probable the reading of a container or host must be to stand in for a name
    container_probability: float = 0.5
    #: how probable a reading must be to make its place a locale or its country named
    locale_probability: float = 0.5
    #: a town smaller than this in another country, one the article does not name, gives
    #: way to the article's locale (and weighs less in choosing the article's country)
    small_town_population: float = 20_000
    #: confidence factor of a placement by a container, the text's country or the
    #: article's country
    container_factor: float = 0.5
    #: confidence factor of a placement at a finer locale
    locale_factor: float = 0.8


#: The former hand-set fallback (what weights files without fitted parameters get).
DEFAULT_PARAMETERS = FallbackParameters()


@dataclass(frozen=True, slots=True)
class Locale:
    """A place an article is confidently about, its probability and where it is mentioned
    (``starts``, in increasing order)."""

    place: Place
    probability: float
    starts: tuple[int, ...]

    def distance(self, offset: int) -> int:
        """How far the mention nearest to character ``offset`` starts from it."""
        starts = self.starts
        i = bisect_left(starts, offset)
        if i == 0:
            return starts[0] - offset
        if i == len(starts):
            return offset - starts[-1]
        return min(starts[i] - offset, offset - starts[i - 1])


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the fallback puts a mention, and why."""

    place: Place
    approximation: Approximation
    #: the standing-in reading's own probability
    probability: float
    #: the factor its calibrated confidence is lowered by
    factor: float
    reason: str


def place(mention: Mention, group: NameGroup, found_locales: list[Locale],
          named: set[str], host: Locale | None = None,
          parameters: FallbackParameters = DEFAULT_PARAMETERS) -> Placement | None:
    """The fallback placement of ``mention`` (of ``group``), or ``None`` when the group's
    own best reading stands; ``host``: the place the text puts the mention in
    (:func:`hosts`), which stands in before the article's locales."""
    stand_in = _container(group, parameters.container_probability)
    if stand_in is None and group.candidates and group.top.place.feature not in _GIVE_WAY:
        return None  # its own reading stands: only a town or county gives way to a locale
    if mention.label != "place":
        host = locale = None
    else:
        locale = _nearest_locale(mention, found_locales)
        if host is not None and locale is not None and _finer_inside(locale.place, host.place):
            host = None  # the article's locale lies in the host, and is finer
        locale = host or locale
    if (stand_in is not None and stand_in[0].feature == "country" and locale is not None
            and locale.place.feature != "country"
            and locale.place.country_code == stand_in[0].country_code):
        stand_in = None  # the locale lies in that country, and is finer
    if stand_in is not None:
        where, probability = stand_in
        kind = (Approximation.COUNTRY if where.feature == "country"
                else Approximation.CONTAINER)
        return Placement(where, kind, probability, parameters.container_factor,
                         f"{APPROXIMATE} no {mention.text!r} in {where.name} in the "
                         f"gazetteer; placed at {where.name}")
    if locale is None or (group.candidates and (
            locale.place.feature == "country"
            or not _gives_way(group, locale.place, named, parameters.small_town_population))):
        return None  # a country stands in only for a name the gazetteer does not know
    best = group.top
    why = (f"{mention.text!r} reads only as a small town in another country "
           f"({best.place.name}, {best.place.country_code})"
           if best is not None and best.match != MatchKind.INNER
           else f"no {mention.text!r} in the gazetteer")
    if host is not None:
        return Placement(host.place, Approximation.CONTAINER, host.probability,
                         parameters.container_factor, f"{APPROXIMATE} {why}; placed at "
                         f"{host.place.name}, where the text puts it")
    factor = (parameters.container_factor if locale.place.feature == "country"
              else parameters.locale_factor)
    return Placement(locale.place, Approximation.LOCALE, locale.probability, factor,
                     f"{APPROXIMATE} {why}; placed at {locale.place.name}, the article's "
                     f"nearest locale")


def locales(groups: list[NameGroup],
            parameters: FallbackParameters = DEFAULT_PARAMETERS) -> list[Locale]:
    """The finest of the cities, divisions and countries the article is confidently about in
    its main country (the one its places' readings weigh most in), and there in its main
    first-level division when they have one. Readings through a place inside an unknown name
    count only for large cities."""
    found: list[Locale] = []
    mass: dict[str, float] = defaultdict(float)
    for g in groups:
        if g.key[0] != "place" or g.probabilities is None:
            continue
        best, probability = g.top, g.top_probability
        if best.place.country_code:
            small = best.place.feature == "city" and (
                best.place.population < parameters.small_town_population)
            mass[best.place.country_code] += len(g.mentions) * probability * (
                SMALL_TOWN_WEIGHT if small else 1.0)
        inner = best.match == MatchKind.INNER
        if (best.place.feature in _LOCALE_FEATURES
                and (not inner or best.place.population >= INNER_LOCALE_POPULATION)
                and probability >= parameters.locale_probability):
            found.append(Locale(best.place, probability,
                                 tuple(sorted(m.start for m in g.mentions))))
    main = max(mass, key=mass.__getitem__, default=None)
    found = [loc for loc in found if loc.place.country_code == main]
    division_mass: dict[str, float] = defaultdict(float)
    for loc in found:
        if loc.place.admin1_code:
            division_mass[loc.place.admin1_code] += len(loc.starts) * loc.probability
    division = max(division_mass, key=division_mass.__getitem__, default=None)
    found = [loc for loc in found if loc.place.admin1_code == division] or found
    finest = max((_FINENESS[loc.place.feature] for loc in found), default=None)
    return [loc for loc in found if _FINENESS[loc.place.feature] == finest]


def hosts(text: str, groups: list[NameGroup],
          parameters: FallbackParameters = DEFAULT_PARAMETERS
          ) -> dict[tuple[int, int], Locale]:
    """By mention span: the place the text puts the mention in, right after it ("X in Y":
    "Guildhall School of Music in London") or before it ("Y's X": "London's Heathrow Animal
    Reception Center"), when Y is another name confidently read as a city, division or
    country."""
    at = {m.start: g for g in groups for m in g.mentions}
    ending = {m.end: g for g in groups for m in g.mentions}
    found: dict[tuple[int, int], Locale] = {}
    for group in groups:
        for mention in group.mentions:
            link = _HOST_LINK.match(text, mention.end)
            owner = _POSSESSIVE.search(text, max(0, mention.start - 6), mention.start)
            host = (at.get(link.end()) if link else None) or (
                ending.get(owner.start()) if owner else None)
            if host is None or host is group or host.probabilities is None:
                continue
            where, probability = host.top.place, host.top_probability
            if (where.feature in _LOCALE_FEATURES
                    and probability >= parameters.container_probability):
                found[(mention.start, mention.end)] = Locale(
                    where, probability, tuple(sorted(m.start for m in host.mentions)))
    return found


def named_countries(groups: list[NameGroup],
                    parameters: FallbackParameters = DEFAULT_PARAMETERS) -> set[str]:
    """The countries the article names, itself or by a first-level division or a demonym,
    with a confident reading."""
    named = set()
    for g in groups:
        if g.probabilities is None:
            continue
        where = g.top.place
        if (where.feature in ("country", "ADM1") and where.country_code
                and g.top_probability >= parameters.locale_probability):
            named.add(where.country_code)
    return named


def _nearest_locale(mention: Mention, found: list[Locale]) -> Locale | None:
    """Of the article's finest locales, the one mentioned nearest to ``mention``."""
    if len(found) < 2:
        return found[0] if found else None
    return min(found, key=lambda loc: loc.distance(mention.start))


def _finer_inside(place_: Place, where: Place) -> bool:
    """Whether ``place_`` is finer than ``where`` and lies in it."""
    if _FINENESS[place_.feature] <= _FINENESS[where.feature]:
        return False
    if where.feature == "country":
        return place_.country_code == where.country_code
    return _inside(place_, where)


def _gives_way(group: NameGroup, locale: Place, named: set[str],
               small_town_population: float) -> bool:
    """Whether the group's reading gives way to the article's locale: a town or county read
    inside an unknown name that lies far from the locale, or a town smaller than
    ``small_town_population`` in another country than the locale's that the article does not
    name."""
    best = group.top
    if best.place.feature not in _GIVE_WAY:
        return False
    if best.match == MatchKind.INNER and great_circle_km(
            best.place, locale) > INNER_LOCALE_KM:
        return True
    return (best.place.population < small_town_population
            and best.place.country_code != locale.country_code
            and best.place.country_code not in named)


def _container(group: NameGroup, min_probability: float) -> tuple[Place, float] | None:
    """The container that stands in for a place the gazetteer has no reading of inside it,
    with its probability (at least ``min_probability``); ``None`` when a reading lies inside,
    none lies in the container's country ("Erbil, Kurdistan" read as Iran's Kordestān), or
    the best reading is a capital, a seat or as coarse as the container (a list: "Nineveh,
    Anbar")."""
    best = group.top.place if group.candidates else None
    for container in group.containers:
        if container.probabilities is None:
            continue
        where, probability = container.top.place, container.top_probability
        if probability < min_probability or not (
                where.feature in _CONTAINERS
                or (where.feature in ("city", "country") and best is None)):
            continue
        if best is not None and (best.feature_code in _SEATS or _FINENESS.get(
                best.feature, 0) <= _FINENESS[where.feature]):
            continue
        if any(_inside(c.place, where) for c in group.candidates):
            continue
        if best is None or any(c.place.country_code == where.country_code
                               for c in group.candidates):
            # Namesakes in the container's country, none inside it: the name is missing
            # there. No namesake in that country: the container's reading is the doubt.
            return where, probability
    return None


def _inside(where_: Place, where: Place) -> bool:
    """Whether ``where_`` lies in the division or city ``where`` (by admin codes; for a
    city, by distance)."""
    if where.feature == "ADM1":
        return where_.admin1_code == where.admin1_code
    if where.feature == "ADM2":
        return where_.admin2_code == where.admin2_code or (
            where_.admin2_code is None and where_.admin1_code == where.admin1_code)
    return great_circle_km(where_, where) <= CITY_CONTAINER_KM
