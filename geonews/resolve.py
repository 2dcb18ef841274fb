"""Toponym resolution: choose, for every mention, the place that fits the article best.

Each candidate from the gazetteer gets a *prior* (how well the name matches, how important the
place is: feature kind, population, capital status; natural features and landmarks, which
have no population, a prior of their own) and a *context* score from the current
best readings of the article's other places: the share of them in the candidate's country,
countries and first-level divisions named in the article, other places in the same admin1 or
admin2, distance to them, explicit containment ("Springfield, Illinois") and head nouns
("Nineveh province", "Jackson County"). All mentions with the same name in one article share
one reading (one sense per discourse). The context is recomputed a few times; after the first
pass, names with many readings get a second look inside the article's main countries (the
small "Richmond" in Vermont). Demonyms read as their country ("French"); AP state
abbreviations ("Wash.": the state only) and the EU are expanded; a two- or three-letter
acronym matches only acronyms ("SA" is not Siá); an unknown multi-word name falls back to a
well-known place inside it ("Lake Manassas" → Manassas). The confidence is the softmax probability of the
chosen candidate, mapped through a calibration table fitted on held-in data (the alternatives
keep the raw probabilities). A town named after a country, world region, natural feature,
landmark, capital, city of a million or first-level division of its own country ("China",
Maine; "Moscow", Idaho; "Atlantic", Iowa; "Florida", New York), or known by a larger city's
name only as an alias (Derby, Connecticut, once "Birmingham"), gets no article context
unless a container names it. A mention the
text puts inside a division or city ("Gilbert, Ark.", "X is a village in Y County") of which
the gazetteer has no reading there is placed at that container, with a lower confidence and
an ``approximate:`` reason (a name the gazetteer does not know at all, also at a country the
text puts it in: "Baghuz, Syria"). Otherwise a name the gazetteer does not know at all
("Royal Street", "Barclays Center"), or knows only through a distant town inside it ("Agnes
Jones House" → Jones, Oklahoma) or as a small town in a country the article does not name, is
placed at the article's locale, the finest place the article is confidently about that is
mentioned nearest to it. Other mentions with no reading stay unresolved with a reason.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from geopy.distance import great_circle

from gazetteer.normalize import fold
from gazetteer.place import Candidate, Place
from geonews.lexicon import LEXICON
from geonews.models import APPROXIMATE, Alternative, Mention, ResolvedMention

__all__ = ["CandidateSource", "Resolver", "Weights"]

EARTH_RADIUS_KM = 6371.0088
NOT_IN_GAZETTEER = "not in gazetteer"
#: A name with at least ``limit - EXPAND_SLACK`` readings (after merging duplicates) may have
#: more than the gazetteer returned: look again inside the article's main countries.
EXPAND_SLACK = 5
EXPAND_LIMIT = 100
#: A well-known place inside an unknown name ("Lake Manassas") stands in for it when it is a
#: division or a town of at least this population; its name score is multiplied by the factor.
INNER_MIN_POPULATION = 5000
INNER_NAME_FACTOR = 0.6
#: When a reading matches the name at least this well (exactly, or after folding) ...
EXACT_SCORE = 0.9
#: ... readings matched only as a variant (a word dropped or added) score below this.
VARIANT_SCORE = 0.85
#: A city with at least this share of a same-named division's population is its seat.
SEAT_SHARE = 0.1
#: How far a seat's prior ends above its division's.
SEAT_MARGIN = 0.05
#: Candidate lists kept per (label, name) across articles before the cache is cleared.
_CACHE_SIZE = 20000
#: How many of a container's best readings can contain a place ("Santa Maria, Bulacan").
_CONTAINER_READINGS = 5


class CandidateSource(Protocol):
    """What the resolver needs from a gazetteer."""

    def candidates(self, name: str, *, limit: int = 25, fuzzy: bool = False,
                   country_code: str | None = None) -> list[Candidate]: ...

    def demonym(self, word: str) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class Weights:
    """Scoring weights (tuned on held-in data; see docs/accuracy.md)."""

    name: float = 1.0
    population: float = 0.9
    feature: dict[str, float] = field(default_factory=lambda: {
        "country": 2.2, "continent": 2.2, "ADM1": 0.75, "ADM2": 0.25, "city": 0.35,
        "other": 0.0})
    capital: dict[str, float] = field(default_factory=lambda: {
        "PPLC": 0.8, "PPLA": 0.25, "PPLA2": 0.1})
    #: Prior of a large natural feature (an ocean, sea, strait, river, mountain range …) or a
    #: curated landmark ("White House", "Kremlin"), which have no population to rank them.
    feature_prior: float = 1.5
    country_context: float = 1.2
    country_named: float = 0.5
    admin1_context: float = 0.3
    admin1_named: float = 1.2
    admin2_context: float = 1.5
    proximity: float = 1.4
    proximity_km: float = 400.0
    containment: float = 2.0
    head_noun: float = 0.8
    temperature: float = 0.35
    #: A reading weighs on the others by its probability to this power (> 1: unsure
    #: readings of small namesakes do not pull each other in).
    certainty: float = 3.0
    iterations: int = 3
    #: (softmax probability, share right within 161 km) knots: the confidence is the
    #: probability mapped through them (isotonic fit on the even-numbered GeoWebNews
    #: documents by ``benchmarks/calibrate.py``; docs/accuracy.md).
    calibration: tuple[tuple[float, float], ...] = (
        (0.0, 0.718), (0.476, 0.718), (0.689, 0.779), (0.94, 0.897), (0.996, 0.967),
        (1.0, 0.967))


_HEAD_RE = re.compile(r"\s*(?:'s\s+|’s\s+)?([A-Za-z]+)")
#: What joins a place to its container: a comma ("Paris, Texas"), or an apposition or a
#: definition naming a kind of settlement ("Gilbert, a town in", "Gilbert is a town in").
_SETTLEMENT = "(?:" + "|".join(sorted(LEXICON.settlement_words)) + ")"
_IN = (r"(?:\s+\([^)]{1,12}\))?\s+(?:located\s+)?in\s+(?:and\s+the\s+county\s+seat\s+of\s+)?"
       r"(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?of\s+)?")
_CONTAINER_LINK = re.compile(
    r"\s*,\s*(?:an?\s+(?:[\w-]+\s+){0,3}?" + _SETTLEMENT + _IN + r")?"
    r"|\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,3}?" + _SETTLEMENT + _IN)
#: Features a place can be approximated by when the text puts it inside one the gazetteer
#: has no matching reading in ("Gilbert, Ark." with no Gilbert in Arkansas).
_APPROXIMATING = ("ADM1", "ADM2")
#: Readings too well known to be overruled by a container (capitals, division seats).
_SEATS = ("PPLC", "PPLA", "PPLA2")
#: How many times larger a national capital, a city of a million or a first-level division is
#: than a town named after it (see _namesakes).
NAMESAKE_RATIO = 100
#: A city at least this large has namesakes the way a capital does ("Toronto", Ohio).
LARGE_CITY_POPULATION = 1_000_000
#: How many times larger a city is than a town known by its name only as an alias (a former
#: name: Derby, Connecticut, was once Birmingham) for that town to be its namesake.
ALIAS_NAMESAKE_RATIO = 10
#: Towns smaller than this outside the article's main country give way to its locale, and
#: weigh only SMALL_TOWN_WEIGHT in choosing that country.
SMALL_TOWN_POPULATION = 20_000
SMALL_TOWN_WEIGHT = 0.5
#: Features whose short forms and aliases are trusted inside a longer name ("US Federal
#: Reserve").
_LARGE = ("country", "continent")
#: How fine a feature is: a place is approximated only by a coarser container.
_FINENESS = {"continent": 0, "country": 1, "ADM1": 2, "ADM2": 3, "city": 4, "other": 5}
#: A container reading must be at least this probable to stand in for the place.
APPROXIMATE_MIN_PROBABILITY = 0.5
#: Confidence factor for a place approximated by its container.
APPROXIMATE_FACTOR = 0.5
#: A city container contains places within this distance of its point.
CITY_CONTAINER_KM = 30.0
#: GeoNames feature codes of large natural features: oceans, seas, lakes, gulfs, straits,
#: canals, peninsulas, plateaus, rivers, mountain ranges, deserts, forests, islands.
NATURAL_FEATURE_CODES = frozenset({
    "OCN", "SEA", "LK", "GULF", "STRT", "CNL", "PEN", "PLAT", "STM", "MT", "MTS", "DSRT",
    "FRST", "ISL", "ISLS"})
#: Features that can be an article's locale.
_LOCALE_FEATURES = ("city", "ADM2", "ADM1")
#: Confidence factor for a place approximated by the article's locale.
LOCALE_FACTOR = 0.8
#: An unknown name read through a town inside it is placed at the article's locale instead
#: when that town lies farther than this from the locale ("Agnes Jones House" is not in Jones).
INNER_LOCALE_KM = 161.0
#: A city named inside an unknown name is one of the article's locales when it has at least
#: this population ("New Orleans Railways and Light Company" says the article is about New
#: Orleans; "Carnegie Library" does not say it is about Carnegie).
INNER_LOCALE_POPULATION = 100_000


@dataclass(slots=True)
class _Group:
    """All mentions of one name in one article, and its candidate readings."""

    key: tuple[str, str]
    mentions: list[Mention]
    candidates: list[Candidate]
    prior: np.ndarray
    score: np.ndarray
    #: Towns named after the country, region or capital the name reads as (see _namesakes).
    namesakes: np.ndarray
    heads: set[str] = field(default_factory=set)
    containers: list[_Group] = field(default_factory=list)
    #: Softmax probabilities of the final scores, and the container standing in for the
    #: place (see Resolver._approximating_container): set once scoring is done.
    probabilities: np.ndarray | None = None
    stand_in: tuple[Place, float] | None = None

    @property
    def top(self) -> Candidate | None:
        """The candidate with the highest score."""
        return self.candidates[int(np.argmax(self.score))] if self.candidates else None

    @property
    def best(self) -> Place | None:
        top = self.top
        return top.place if top is not None else None

    @property
    def weight(self) -> float:
        return math.sqrt(len(self.mentions))


@dataclass(frozen=True, slots=True)
class _Locale:
    """A place an article is confidently about: its reading's probability and where in the
    text it is mentioned."""

    place: Place
    probability: float
    starts: tuple[int, ...]


class Resolver:
    """Resolves the mentions of one article at a time against a gazetteer."""

    def __init__(self, gazetteer: CandidateSource, *, limit: int = 25,
                 weights: Weights | None = None) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self.weights = weights or Weights()
        self._cache: dict[tuple[str, str], list[Candidate]] = {}

    # -- public ----------------------------------------------------------------------------

    def resolve(self, text: str, mentions: Sequence[Mention], *,
                context: Sequence[Mention] = ()) -> list[ResolvedMention]:
        """Resolve ``mentions`` of an article whose text is ``text``, in the given order.

        ``context`` mentions (for example recognised places when the spans to resolve were
        given) inform the readings but get no result; those overlapping a mention are ignored.
        """
        taken = [(m.start, m.end) for m in mentions]
        extra = [c for c in context
                 if not any(c.start < end and start < c.end for start, end in taken)]
        groups = self._groups(text, [*mentions, *extra])
        self._link_containment(text, groups)
        live = [g for g in groups.values() if g.candidates]
        for iteration in range(self.weights.iterations):
            self._rescore(live)
            if iteration == 0:
                self._expand(live)
        for g in live:
            g.probabilities = _softmax(g.score, self.weights.temperature)
        for g in groups.values():
            g.stand_in = self._approximating_container(g)
        group_of = {(m.start, m.end): g for g in groups.values() for m in g.mentions}
        locales = self._locales(live)
        named = self._named_countries(live)
        return [self._result(m, group_of[(m.start, m.end)], locales, named) for m in mentions]

    # -- candidates and priors -------------------------------------------------------------

    def _groups(self, text: str, mentions: Sequence[Mention]) -> dict[tuple[str, str], _Group]:
        groups: dict[tuple[str, str], _Group] = {}
        for mention in mentions:
            key = (mention.label, fold(mention.text))
            group = groups.get(key)
            if group is None:
                candidates = self._candidates(mention)
                prior = np.array([self._prior(c) for c in candidates], dtype=float)
                prior += self._seat_bonus(candidates, prior)
                group = groups[key] = _Group(key, [], candidates, prior, prior.copy(),
                                             _namesakes(candidates))
            group.mentions.append(mention)
            head = _HEAD_RE.match(text, mention.end)
            if head:
                group.heads.add(head.group(1).lower())
            own_head = mention.text.rsplit(None, 1)[-1].lower()
            if own_head in LEXICON.head_features and " " in mention.text.strip():
                group.heads.add(own_head)  # "Jackson County", "Nineveh Governorate"
        return groups

    @staticmethod
    def _seat_bonus(candidates: list[Candidate], prior: np.ndarray) -> np.ndarray:
        """A city that shares its name with a division it lies in and is a large part of
        ("Erbil" in Erbil governorate, "Geneva" in the canton) gets a prior just above the
        division's, so that the bare name reads as the city ("New York"); a head noun
        ("Erbil province") still picks the division."""
        bonus = np.zeros(len(candidates))
        divisions = [(c.place, prior[k]) for k, c in enumerate(candidates)
                     if c.place.feature in ("ADM1", "ADM2")]
        for j, cand in enumerate(candidates):
            city = cand.place
            if city.feature != "city" or not divisions:
                continue
            for division, division_prior in divisions:
                code = "admin1_code" if division.feature == "ADM1" else "admin2_code"
                inside = getattr(division, code) and getattr(city, code) == getattr(division, code)
                if not inside or city.population < SEAT_SHARE * division.population:
                    continue
                bonus[j] = max(bonus[j], division_prior - prior[j] + SEAT_MARGIN)
        return bonus

    def _candidates(self, mention: Mention) -> list[Candidate]:
        key = (mention.label, mention.text)
        found = self._cache.get(key)
        if found is None:
            found = self._lookup(mention.label, mention.text)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _lookup(self, label: str, text: str) -> list[Candidate]:
        demonym = self.gazetteer.demonym(text) if text[:1].isupper() else None
        if label == "demonym":
            return [Candidate(demonym, text, "demonym", 1.0)] if demonym else []
        found = self.gazetteer.candidates(_expanded(text), limit=self.limit)
        if text in LEXICON.division_abbreviations:
            found = [c for c in found if c.place.feature == "ADM1"] or found
        if _is_acronym(text) and _expanded(text) == text:
            # An acronym names what it abbreviates ("UK"), not a place called "Uk" or "Sa".
            found = [c for c in found if _is_acronym(c.matched_name)]
        if not found and demonym is None:
            # No exact, folded or variant reading: a well-known place inside the name stands
            # in. Fuzzy readings (name score below 0.8) were wrong more often than right on
            # news (docs/accuracy.md, change 5), so they are left to `gazetteer search --fuzzy`.
            found = self._inner(text)
        if demonym is not None:
            # A demonym or adjective given as a place span ("French" in "French troops").
            found = [Candidate(demonym, text, "demonym", 1.0), *found]
        if any(c.name_score >= EXACT_SCORE for c in found):
            # "Kuwait City" is the city, not Kuwait read by dropping a word.
            found = [c for c in found if c.name_score >= VARIANT_SCORE]
        unique: dict[object, Candidate] = {}
        for cand in found:
            key = cand.place.geonameid or (cand.place.name, cand.place.lat, cand.place.lon)
            if key not in unique or cand.name_score > unique[key].name_score:
                unique[key] = cand
        return list(unique.values())

    def _inner(self, text: str) -> list[Candidate]:
        """Readings of the longest well-known place (or demonym) named inside an unknown
        multi-word name ("Lake Manassas" → Manassas, "Dulles International Airport" → Dulles,
        "European Commission" → Europe), their name score lowered: the place lies in or
        near it."""
        words = text.split()
        for size in range(len(words) - 1, 0, -1):
            for first in range(len(words) - size + 1):
                part = " ".join(words[first:first + size])
                if not part[:1].isupper() or part.lower() in LEXICON.generic_words:
                    continue
                demonym = self.gazetteer.demonym(part) if size == 1 else None
                if demonym is not None:  # "European Commission" → Europe
                    return [Candidate(demonym, part, "inner", INNER_NAME_FACTOR)]
                found = [c for c in self.gazetteer.candidates(part, limit=self.limit)
                         if c.name_score >= (0.85 if c.place.feature in _LARGE else 0.9)
                         and (c.match != "alias" or c.place.feature in _LARGE)]
                if any(c.place.feature in ("country", "ADM1", "ADM2", "continent")
                       or c.place.population >= INNER_MIN_POPULATION for c in found):
                    return [Candidate(c.place, c.matched_name, "inner",
                                      c.name_score * INNER_NAME_FACTOR) for c in found]
        return []

    def _expand(self, groups: list[_Group]) -> None:
        """Add, for names with more readings than the limit, the readings in the article's
        main countries (the small "Richmond" in Vermont when the article is about Vermont)."""
        country: dict[str, float] = defaultdict(float)
        for g in groups:
            best = g.best
            if best is not None and best.country_code:
                country[best.country_code] += g.weight
        for g in groups:
            if g.key[0] != "place" or len(g.candidates) < self.limit - EXPAND_SLACK:
                continue
            own = g.best.country_code if g.best else None
            mass = {cc: m - (g.weight if cc == own else 0) for cc, m in country.items()}
            rest = sum(mass.values())
            top = [cc for cc, m in sorted(mass.items(), key=lambda kv: -kv[1])[:2]
                   if rest > 0 and m / rest >= 0.25]
            known = {c.place.geonameid for c in g.candidates}
            added = [c for cc in top for c in self._in_country(g.mentions[0].text, cc)
                     if c.place.geonameid not in known]
            if added:
                g.candidates = g.candidates + added
                extra = np.array([self._prior(c) for c in added], dtype=float)
                g.prior = np.concatenate([g.prior, extra])
                g.score = np.concatenate([g.score, extra])
                g.namesakes = _namesakes(g.candidates)

    def _in_country(self, name: str, country_code: str) -> list[Candidate]:
        key = ("in:" + country_code, name)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.gazetteer.candidates(
                name, limit=EXPAND_LIMIT, country_code=country_code)
        return found

    def _prior(self, cand: Candidate) -> float:
        w = self.weights
        place = cand.place
        population = math.log10(max(place.population, 0) + 1) / 7.0
        return (w.name * cand.name_score + w.population * population
                + w.feature.get(place.feature, 0.0)
                + w.capital.get(place.feature_code or "", 0.0)
                + (w.feature_prior if _is_feature(place) else 0.0))

    # -- context ---------------------------------------------------------------------------

    @staticmethod
    def _link_containment(text: str, groups: dict[tuple[str, str], _Group]) -> None:
        """"X, Y", "X, a town in Y", "X is a village in Y": Y (a larger place) constrains
        X's reading."""
        starts = {}
        for group in groups.values():
            for mention in group.mentions:
                starts[mention.start] = group
        for group in groups.values():
            for mention in group.mentions:
                link = _CONTAINER_LINK.match(text, mention.end, mention.end + 80)
                if not link:
                    continue
                container = starts.get(link.end())
                if container is not None and container is not group \
                        and container not in group.containers:
                    group.containers.append(container)

    def _rescore(self, groups: list[_Group]) -> None:
        """Score every candidate from its prior and the current best readings of the others."""
        w = self.weights
        readings = []
        for g in groups:
            i = int(np.argmax(g.score))
            p = float(_softmax(g.score, w.temperature)[i]) ** w.certainty * g.weight
            readings.append((g, g.candidates[i].place, p))
        country: dict[str, float] = defaultdict(float)
        named_country: dict[str, float] = defaultdict(float)
        admin1: dict[str, float] = defaultdict(float)
        admin2: dict[str, float] = defaultdict(float)
        named_admin1: dict[str, float] = defaultdict(float)
        total = 0.0
        for _, best, p in readings:
            total += p
            if best.country_code:
                country[best.country_code] += p
                if best.feature == "country":
                    named_country[best.country_code] += p
            if best.admin1_code:
                admin1[best.admin1_code] += p
                if best.feature == "ADM1":
                    named_admin1[best.admin1_code] += p
            if best.admin2_code:
                admin2[best.admin2_code] += p
        points = [(id(g), best.lat, best.lon, p) for g, best, p in readings
                  if best.feature in ("city", "ADM2", "other")]
        for g, own, p_self in readings:
            rest = total - p_self
            context = np.zeros(len(g.candidates))
            if rest > 0:
                for j, cand in enumerate(g.candidates):
                    place = cand.place
                    cc, a1, a2 = place.country_code, place.admin1_code, place.admin2_code
                    share = (country.get(cc, 0.0) - (p_self if cc == own.country_code else 0)
                             if cc else 0.0)  # a continent or region lies in no country
                    named = named_country.get(cc or "", 0.0) - (
                        p_self if own.feature == "country" and cc == own.country_code else 0)
                    in_a1 = (admin1.get(a1, 0.0) - (p_self if a1 == own.admin1_code else 0)
                             if a1 else 0.0)
                    in_a2 = (admin2.get(a2, 0.0) - (p_self if a2 == own.admin2_code else 0)
                             if a2 else 0.0)
                    named_a1 = (named_admin1.get(a1, 0.0) - (
                        p_self if own.feature == "ADM1" and a1 == own.admin1_code else 0)
                        if a1 else 0.0)
                    context[j] = (w.country_context * share / rest
                                  + w.country_named * min(1.0, named)
                                  + w.admin1_context * min(1.0, in_a1)
                                  + w.admin1_named * min(1.0, named_a1)
                                  + w.admin2_context * min(1.0, in_a2))
            others = [(lat, lon, p) for gid, lat, lon, p in points if gid != id(g)]
            if others:
                context += w.proximity * _proximity(g.candidates, others, w.proximity_km)
            contained = self._containment(g)
            context[g.namesakes & (contained == 0)] = 0.0
            context += contained + self._head_noun(g)
            g.score = g.prior + context

    def _containment(self, group: _Group) -> np.ndarray:
        """Bonus for readings inside an explicit container ("X, Y"): inside one of Y's
        best division or country readings, else in the country of Y's best reading."""
        bonus = np.zeros(len(group.candidates))
        for container in group.containers:
            if not container.candidates:
                continue
            order = np.argsort(-container.score, kind="stable")[:_CONTAINER_READINGS]
            top = [container.candidates[i].place for i in order]
            countries = {p.country_code for p in top if p.feature == "country"}
            admins = {p.admin1_code for p in top if p.feature == "ADM1"}
            admins2 = {p.admin2_code for p in top if p.feature == "ADM2"}
            best = top[0]
            for j, cand in enumerate(group.candidates):
                place = cand.place
                if place.geonameid is not None and place.geonameid == best.geonameid:
                    continue
                if ((place.admin1_code and place.admin1_code in admins)
                        or (place.admin2_code and place.admin2_code in admins2)):
                    level = 1.0
                elif place.country_code in countries:
                    level = 0.75
                elif place.country_code == best.country_code:
                    level = 0.5
                else:
                    level = 0.0
                bonus[j] = max(bonus[j], self.weights.containment * level)
        return bonus

    def _head_noun(self, group: _Group) -> np.ndarray:
        wanted = {f for head in group.heads for f in LEXICON.head_features.get(head, ())}
        if not wanted:
            return np.zeros(len(group.candidates))
        return np.array([self.weights.head_noun if c.place.feature in wanted else 0.0
                         for c in group.candidates])

    # -- output ----------------------------------------------------------------------------

    def _locales(self, groups: list[_Group]) -> list[_Locale]:
        """The cities and divisions the article is confidently about in its main country (the
        one its places' readings weigh most in; none when the article has no country), and
        there in its main first-level division (the one these locales weigh most in) when
        they have one. Readings through a place inside an unknown name count only for large
        cities."""
        locales: list[_Locale] = []
        mass: dict[str, float] = defaultdict(float)
        for g in groups:
            if g.key[0] != "place":
                continue
            i = int(np.argmax(g.probabilities))
            best, probability = g.candidates[i], float(g.probabilities[i])
            if best.place.country_code:
                small = best.place.feature == "city" and (
                    best.place.population < SMALL_TOWN_POPULATION)
                mass[best.place.country_code] += len(g.mentions) * probability * (
                    SMALL_TOWN_WEIGHT if small else 1.0)
            named_inside = best.match == "inner"
            if (best.place.feature in _LOCALE_FEATURES
                    and (not named_inside or best.place.population >= INNER_LOCALE_POPULATION)
                    and probability >= APPROXIMATE_MIN_PROBABILITY):
                locales.append(_Locale(best.place, probability,
                                       tuple(m.start for m in g.mentions)))
        main = max(mass, key=mass.__getitem__, default=None)
        locales = [loc for loc in locales if loc.place.country_code == main]
        division_mass: dict[str, float] = defaultdict(float)
        for loc in locales:
            if loc.place.admin1_code:
                division_mass[loc.place.admin1_code] += len(loc.starts) * loc.probability
        division = max(division_mass, key=division_mass.__getitem__, default=None)
        return [loc for loc in locales if loc.place.admin1_code == division] or locales

    @staticmethod
    def _nearest_locale(mention: Mention, locales: list[_Locale]) -> _Locale | None:
        """Of the article's finest locales, the one mentioned nearest to ``mention``."""
        if not locales:
            return None
        finest = max(_FINENESS[loc.place.feature] for loc in locales)
        return min((loc for loc in locales if _FINENESS[loc.place.feature] == finest),
                   key=lambda loc: min(abs(start - mention.start) for start in loc.starts))

    @staticmethod
    def _named_countries(groups: list[_Group]) -> set[str]:
        """The countries the article names, itself or by a first-level division or a demonym
        of it, with a confident (p >= 0.5) reading."""
        named = set()
        for g in groups:
            i = int(np.argmax(g.probabilities))
            place = g.candidates[i].place
            if (place.feature in ("country", "ADM1") and place.country_code
                    and g.probabilities[i] >= APPROXIMATE_MIN_PROBABILITY):
                named.add(place.country_code)
        return named

    def _result(self, mention: Mention, group: _Group, locales: list[_Locale],
                named: set[str]) -> ResolvedMention:
        alternatives: tuple[Alternative, ...] = ()
        confidence = 0.0
        if group.candidates:
            probs = group.probabilities
            order = np.argsort(-group.score, kind="stable")[:5]
            alternatives = tuple(Alternative(group.candidates[i].place,
                                             round(float(probs[i]), 4)) for i in order)
            confidence = self.calibrated(float(probs[order[0]]))
        locale = self._nearest_locale(mention, locales) if mention.label == "place" else None
        stand_in = group.stand_in
        if (stand_in is not None and stand_in[0].feature == "country" and locale is not None
                and locale.place.country_code == stand_in[0].country_code):
            stand_in = None  # the locale lies in that country, and is finer
        if stand_in is not None:
            where, probability = stand_in
            return ResolvedMention(
                mention, where, round(self.calibrated(probability) * APPROXIMATE_FACTOR, 4),
                (Alternative(where, round(probability, 4)), *alternatives[:4]),
                f"{APPROXIMATE} no {mention.text!r} in {where.name} in the gazetteer; "
                f"placed at {where.name}")
        if locale is not None and (not alternatives
                                   or self._gives_way(group, locale.place, named)):
            where = locale.place
            best = group.top
            why = (f"{mention.text!r} reads only as a small town in another country "
                   f"({best.place.name}, {best.place.country_code})"
                   if best is not None and best.match != "inner"
                   else f"no {mention.text!r} in the gazetteer")
            return ResolvedMention(
                mention, where, round(self.calibrated(locale.probability) * LOCALE_FACTOR, 4),
                (Alternative(where, round(locale.probability, 4)), *alternatives[:4]),
                f"{APPROXIMATE} {why}; placed at {where.name}, the article's nearest locale")
        if not alternatives:
            return ResolvedMention(mention, None, 0.0, (), NOT_IN_GAZETTEER)
        return ResolvedMention(mention, alternatives[0].place, confidence, alternatives)

    @staticmethod
    def _gives_way(group: _Group, locale: Place, named: set[str]) -> bool:
        """Whether the group's reading gives way to the article's locale: a town or county
        read inside an unknown name that lies far from the locale ("Agnes Jones House" is not
        in Jones, Oklahoma), or a town smaller than SMALL_TOWN_POPULATION in another country
        than the locale's that the article does not name (an English article's "Pioneer" is
        not Pioneer, Queensland; an Iraqi article's "Tell Abyad" stays in Syria when it
        names Syria)."""
        best = group.top
        if best.place.feature not in ("city", "ADM2"):
            return False
        if best.match == "inner" and great_circle(
                best.place.point, locale.point).km > INNER_LOCALE_KM:
            return True
        return (best.place.population < SMALL_TOWN_POPULATION
                and best.place.country_code != locale.country_code
                and best.place.country_code not in named)

    def _approximating_container(self, group: _Group) -> tuple[Place, float] | None:
        """The container ("Gilbert, Ark.", "Royal Street, New Orleans"; a country only for a
        name the gazetteer does not know: "Baghuz, Syria") that stands in for a place the
        gazetteer has no reading of inside it, with its probability; ``None`` when
        a reading lies inside, none lies in the container's country ("Erbil, Kurdistan" read
        as Iran's Kordestān), or the best reading is a capital, a seat or as coarse as the
        container (a list: "Nineveh, Anbar")."""
        best = group.best
        for container in group.containers:
            if not container.candidates:
                continue
            probs = container.probabilities
            i = int(np.argmax(probs))
            where = container.candidates[i].place
            if probs[i] < APPROXIMATE_MIN_PROBABILITY or not (
                    where.feature in _APPROXIMATING
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
                return where, float(probs[i])
        return None

    def calibrated(self, probability: float) -> float:
        """The confidence for a reading whose softmax probability is ``probability``."""
        raw, calibrated = zip(*self.weights.calibration)
        return round(float(np.interp(probability, raw, calibrated)), 4)


def _namesakes(candidates: list[Candidate]) -> np.ndarray:
    """Which candidates are towns or counties named after a larger place, so that they are the
    reading only when the text says so ("China, Maine", "Moscow, Idaho"):

    * after a country, continent, world region, natural feature or landmark the mention names
      exactly (by its own name, not an alias, or a demonym: "China", "Middle East",
      "Canadian", Texas; "Atlantic", Iowa; "White House", Tennessee);
    * after a national capital or a city of a million the mention names exactly, when
      NAMESAKE_RATIO times smaller ("Moscow", Idaho; "Toronto", Ohio); a capital known by its
      country's name ("Mexico" for Mexico City) is a namesake of the country;
    * after a first-level division the mention names exactly, when in the same country and
      NAMESAKE_RATIO times smaller ("Florida", New York; "Wyoming", Delaware);
    * when matched only by an alias, after a city of that exact name ALIAS_NAMESAKE_RATIO
      times larger (Derby, Connecticut, once "Birmingham").
    """
    exact = [c for c in candidates if c.match == "name" and c.name_score >= EXACT_SCORE]
    area = any(_is_area(c.place) for c in exact) or any(
        (c.match == "demonym" and _is_area(c.place))
        or (_is_feature(c.place) and c.name_score >= EXACT_SCORE) for c in candidates)
    capital = max((c.place.population for c in exact if c.place.feature_code == "PPLC"),
                  default=0)
    city = max((c.place.population for c in exact if c.place.feature == "city"), default=0)
    large = max(capital, city if city >= LARGE_CITY_POPULATION else 0)
    divisions: dict[str, int] = defaultdict(int)
    for c in exact:
        if c.place.feature == "ADM1" and c.place.country_code:
            code = c.place.country_code
            divisions[code] = max(divisions[code], c.place.population)

    def namesake(cand: Candidate) -> bool:
        place = cand.place
        if place.feature not in ("ADM2", "city", "other") or place.feature_code == "RGN":
            return False
        if place.feature_code == "PPLC" and not (area and cand.match == "alias"):
            return False
        smaller = place.population * NAMESAKE_RATIO
        return (area or smaller < large
                or smaller < divisions.get(place.country_code or "", 0)
                or (cand.match == "alias" and place.population * ALIAS_NAMESAKE_RATIO < city))

    return np.array([namesake(c) for c in candidates], dtype=bool)


def _expanded(text: str) -> str:
    """The name a short form is read as ("Wash." → Washington, "EU" → Europe), else ``text``."""
    return LEXICON.division_abbreviations.get(text) or LEXICON.expansions.get(text, text)


def _is_acronym(name: str) -> bool:
    """Whether ``name`` is written as an acronym: two or three capitals, perhaps with dots or
    spaces ("SA", "U. S.", "UAE"; longer all-capital words are headline names: "MOSUL")."""
    letters = name.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _is_area(place: Place) -> bool:
    """Whether ``place`` is a country, continent, world region, large natural feature or
    curated landmark: what a same-named town is a namesake of."""
    return (place.feature in ("country", "continent") or place.feature_code == "RGN"
            or _is_feature(place))


def _is_feature(place: Place) -> bool:
    """Whether ``place`` is a large natural feature (ocean, sea, river, mountain range …) or
    a curated landmark ("White House")."""
    return place.feature == "other" and (
        place.feature_code in NATURAL_FEATURE_CODES
        or (place.raw or {}).get("kind") == "landmark")


def _inside(place: Place, where: Place) -> bool:
    """Whether ``place`` lies in the division or city ``where`` (by admin codes; for a city,
    by distance)."""
    if where.feature == "ADM1":
        return place.admin1_code == where.admin1_code
    if where.feature == "ADM2":
        return place.admin2_code == where.admin2_code or (
            place.admin2_code is None and place.admin1_code == where.admin1_code)
    return great_circle(place.point, where.point).km <= CITY_CONTAINER_KM


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = (scores - scores.max()) / temperature
    e = np.exp(z)
    return e / e.sum()


def _proximity(candidates: list[Candidate], others: list[tuple[float, float, float]],
               scale_km: float) -> np.ndarray:
    """Per candidate: weighted closeness (0..1) to the other places' current readings."""
    lat = np.radians([c.place.lat for c in candidates])[:, None]
    lon = np.radians([c.place.lon for c in candidates])[:, None]
    olat = np.radians([o[0] for o in others])[None, :]
    olon = np.radians([o[1] for o in others])[None, :]
    weight = np.array([o[2] for o in others])[None, :]
    a = (np.sin((olat - lat) / 2) ** 2
         + np.cos(lat) * np.cos(olat) * np.sin((olon - lon) / 2) ** 2)
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    closeness = np.exp(-km / scale_km) * weight
    return closeness.sum(axis=1) / weight.sum()
