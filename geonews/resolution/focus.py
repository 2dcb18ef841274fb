"""Article focus: the country, first-level division and (when there is one) city an article
is about, from its resolved mentions alone.

A pure function of a document's resolved mentions — no spaCy, no network — so it gives the
same answer on a fresh parse (:attr:`geonews.models.ParsedDocument.focus`, set by
:func:`parsed_document`; the geoparser passes its gazetteer) and on mention records read back
from ``geonews parse`` output (:func:`geonews.outputs.documents.focus_by_document`; the
commands pass the same gazetteer when it is at hand, so points agree too). The values it makes
(:class:`~geonews.models.Focus`, :class:`~geonews.models.FocusPlace`) are in
:mod:`geonews.models`.

Each resolved mention counts once, times :data:`WEIGHTS` (:class:`FocusWeights`): more when
it starts in the article's lead (the first :data:`LEAD_CHARS` characters: headline and
dateline), less when it names a country itself rather than a place inside one, not at all
when the resolver placed it at a stand-in (``approximate``). A
country's *mass* is the weight of the mentions inside it (the country itself, its divisions,
its cities, its demonyms); the focus country is the heaviest, ties going to the one
mentioned first. Within it, the focus first-level division is the heaviest division among
the mentions that carry one. Within that, the focus city is the heaviest city — its own
mentions plus those of non-administrative places (streets, landmarks …) within
:data:`CITY_KM` of it — when it holds at least :data:`CITY_MIN_SHARE` of the division's
mass; otherwise the article is about the division, not one city. Each level's confidence is
the chosen place's share of the mass it competed for; ``countries`` ranks every country an
article mentions, ``admin1s`` the divisions of the focus country.

A country's or division's point (and name, when no mention carries it) is its own when the
article names it, else the gazetteer's (the optional ``gazetteer`` argument), else the mean
point of its supporting mentions (and no name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

from gazetteer.place import Place, great_circle_km
from geonews.models import (NO_FOCUS, Document, Focus, FocusLevel, FocusPlace, ParsedDocument,
                            ResolvedMention, Sentence)

__all__ = [
    "DivisionSource", "article_focus", "focus_division", "parsed_document",
    "FocusWeights", "WEIGHTS", "LEAD_CHARS", "CITY_KM", "CITY_MIN_SHARE",
]

#: The lead: mentions starting in the first this many characters (headline, dateline).
LEAD_CHARS = 200


@dataclass(frozen=True, slots=True)
class FocusWeights:
    """How much a resolved mention counts toward the focus (a plain count otherwise;
    checked by ``benchmarks/focus.py``, docs/accuracy.md "Article focus").

    ``lead``: a mention in the lead (headline, dateline); ``approximate``: a mention placed at
    a container or the article's locale standing in for it (``reason`` "approximate: …"),
    which would otherwise count the resolver's own guess of the focus as evidence;
    ``country``: a mention placed at a country itself ("Iraq", "U.S.", "Iraqi"), weaker
    evidence of where a story happens than a place inside the country (news names countries
    in passing: whose government said what); ``demonym``: "Iraqi" (on top of ``country``
    when it is read as a country). The resolver's confidence is not a factor: counting
    agreed better with the gold focus (see docs/accuracy.md).
    """

    lead: float = 1.5
    approximate: float = 0.0
    country: float = 0.5
    demonym: float = 1.0

    def of(self, resolved: ResolvedMention) -> float:
        """The weight of ``resolved`` (0 when unresolved)."""
        if resolved.place is None:
            return 0.0
        weight = 1.0
        if resolved.mention.start < LEAD_CHARS:
            weight *= self.lead
        if resolved.approximate:
            weight *= self.approximate
        if resolved.place.feature == "country":
            weight *= self.country
        if resolved.mention.label == "demonym":
            weight *= self.demonym
        return weight


WEIGHTS = FocusWeights()
#: A non-administrative place (a street, a landmark) this close to a city supports it.
CITY_KM = 30.0
#: A city is the focus only when it holds at least this share of its division's mass.
CITY_MIN_SHARE = 0.5
#: Features that a mention supporting a city by distance may have.
_NEAR_CITY = ("other",)


class DivisionSource(Protocol):
    """What focus needs of a gazetteer: countries and divisions by code."""

    def region(self, code_or_name: str) -> list[Place]: ...


@dataclass(frozen=True, slots=True)
class _Weighted:
    index: int
    place: Place
    weight: float
    start: int


def _weighted(mentions: Sequence[ResolvedMention], weights: FocusWeights) -> list[_Weighted]:
    """The resolved mentions with a positive weight."""
    out = []
    for i, r in enumerate(mentions):
        weight = weights.of(r)
        if weight > 0:
            out.append(_Weighted(i, r.place, weight, r.mention.start))
    return out


def _ranked(items: list[_Weighted], key: Callable[[_Weighted], Hashable | None]
            ) -> list[tuple[Hashable, list[_Weighted], float]]:
    """``(key, its items, their share of the total weight)``, heaviest first, ties to the key
    mentioned first."""
    groups: dict[Hashable, list[_Weighted]] = defaultdict(list)
    for item in items:
        k = key(item)
        if k is not None:
            groups[k].append(item)
    total = sum(i.weight for g in groups.values() for i in g)
    order = sorted(groups.items(), key=lambda kv: (-sum(i.weight for i in kv[1]),
                                                    min(i.start for i in kv[1])))
    return [(k, g, (sum(i.weight for i in g) / total) if total > 0 else 0.0) for k, g in order]


def _division(items: list[_Weighted], feature: str, code: str,
              gazetteer: DivisionSource | None) -> Place | None:
    """The country or division ``code`` itself: as the article names it (a mention of that
    ``feature``), else from the gazetteer when one is given, else ``None``."""
    itself = next((i.place for i in items if i.place.feature == feature), None)
    if itself is None and gazetteer is not None:
        itself = next((p for p in gazetteer.region(code) if p.feature == feature), None)
    return itself


def _point(items: list[_Weighted], itself: Place | None) -> tuple[float, float]:
    """The point of ``itself``, else the mean point of the supporting mentions."""
    if itself is not None:
        return itself.lat, itself.lon
    return (sum(i.place.lat for i in items) / len(items),
            sum(i.place.lon for i in items) / len(items))


def _country(code: str, items: list[_Weighted], share: float,
             gazetteer: DivisionSource | None) -> FocusPlace:
    itself = _division(items, "country", code, gazetteer)
    name = next((i.place.country for i in items if i.place.country), None) or (
        itself.name if itself else None)
    return FocusPlace(FocusLevel.COUNTRY, code, name, *_point(items, itself),
                      round(share, 4), tuple(sorted(i.index for i in items)),
                      country_code=code, country=name,
                      geonameid=itself.geonameid if itself else None)


def _admin1(code: str, items: list[_Weighted], share: float,
            gazetteer: DivisionSource | None) -> FocusPlace:
    itself = _division(items, "ADM1", code, gazetteer)
    name = next((i.place.admin1 for i in items if i.place.admin1), None) or (
        itself.name if itself else None)
    first = items[0].place
    return FocusPlace(FocusLevel.ADMIN1, code, name, *_point(items, itself),
                      round(share, 4), tuple(sorted(i.index for i in items)),
                      country_code=first.country_code, country=first.country,
                      admin1_code=code, admin1=name,
                      geonameid=itself.geonameid if itself else None)


def _city(items: list[_Weighted]) -> FocusPlace | None:
    """The heaviest city of a division's ``items`` with its nearby places, if it holds at
    least :data:`CITY_MIN_SHARE` of their weight."""
    total = sum(i.weight for i in items)
    cities = {i.place for i in items if i.place.feature == "city"}
    if not cities or total <= 0:
        return None

    def support(city: Place) -> list[_Weighted]:
        return [i for i in items if i.place == city or (
            i.place.feature in _NEAR_CITY
            and great_circle_km(i.place, city) <= CITY_KM)]

    supports = {city: support(city) for city in cities}
    first: dict[Place, int] = {}
    for i in items:
        if i.place in supports:
            first[i.place] = min(i.start, first.get(i.place, i.start))
    best = min(cities, key=lambda c: (-sum(i.weight for i in supports[c]), first[c]))
    items = supports[best]
    share = sum(i.weight for i in items) / total
    if share < CITY_MIN_SHARE:
        return None
    return FocusPlace(FocusLevel.CITY, str(best.geonameid) if best.geonameid is not None
                      else best.name, best.name, best.lat, best.lon, round(share, 4),
                      tuple(sorted(i.index for i in items)), best.country_code, best.country,
                      best.admin1_code, best.admin1, best.geonameid, best.admin2_code)


def article_focus(mentions: Sequence[ResolvedMention], *,
                  gazetteer: DivisionSource | None = None,
                  weights: FocusWeights = WEIGHTS) -> Focus:
    """The focus of an article whose resolved mentions (in text order) are ``mentions``.

    ``gazetteer`` only supplies the points (and missing names) of countries and divisions
    the article does not name itself (else the mean point of their mentions is used).
    """
    countries, divisions = _ranked_areas(_weighted(mentions, weights))
    if not countries:
        return NO_FOCUS
    ranked = tuple(_country(str(code), items, share, gazetteer)
                   for code, items, share in countries)
    admin1s = tuple(_admin1(str(code), items, share, gazetteer)
                    for code, items, share in divisions)
    city = _city(divisions[0][1]) if divisions else None
    return Focus(ranked, admin1s, city)


def focus_division(mentions: Sequence[ResolvedMention], *,
                   weights: FocusWeights = WEIGHTS) -> tuple[str, str | None] | None:
    """The code and country code of the focus first-level division of an article whose
    resolved mentions are ``mentions`` (those of ``article_focus(mentions).admin1``), without
    the rest of the focus; ``None`` when it has none."""
    divisions = _ranked_areas(_weighted(mentions, weights))[1]
    if not divisions:
        return None
    code, items, _ = divisions[0]
    return str(code), items[0].place.country_code


def _ranked_areas(weighted: list[_Weighted]
                  ) -> tuple[list[tuple[Hashable, list[_Weighted], float]],
                             list[tuple[Hashable, list[_Weighted], float]]]:
    """The countries of the ``weighted`` mentions (:func:`_ranked`), and the first-level
    divisions of the first of them."""
    countries = _ranked(weighted, lambda i: i.place.country_code)
    divisions = _ranked(countries[0][1], lambda i: i.place.admin1_code) if countries else []
    return countries, divisions


def parsed_document(document: Document, sentences: Sequence[Sentence],
                    mentions: Sequence[ResolvedMention] = (), *,
                    gazetteer: DivisionSource | None = None) -> ParsedDocument:
    """``document`` parsed: its sentences and resolved mentions (in text order) with their
    focus (:func:`article_focus`; ``gazetteer`` places the divisions it does not name)."""
    mentions = tuple(mentions)
    return ParsedDocument(document, tuple(sentences), mentions,
                          focus=article_focus(mentions, gazetteer=gazetteer))
