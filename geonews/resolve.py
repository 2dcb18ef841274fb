"""Toponym resolution: choose, for every mention, the place that fits the article best.

Each candidate from the gazetteer gets a *prior* (how well the name matches, how important the
place is: feature kind, population, capital status) and a *context* score (how well it fits
the other places of the article: shared country and admin1, distance to them, explicit
containment such as "Springfield, Illinois" and head nouns such as "Nineveh province").
All mentions with the same name in one article share one reading (one sense per discourse).
The context is recomputed a few times, each time from the current best readings.
The confidence is the softmax probability of the chosen candidate.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from gazetteer.normalize import fold
from gazetteer.place import Candidate, Place
from geonews.models import Alternative, Mention, ResolvedMention

__all__ = ["Resolver", "Weights", "CandidateSource"]

EARTH_RADIUS_KM = 6371.0088
NOT_IN_GAZETTEER = "not in gazetteer"


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
        "country": 1.4, "continent": 0.8, "ADM1": 0.75, "ADM2": 0.25, "city": 0.35,
        "other": 0.0})
    capital: dict[str, float] = field(default_factory=lambda: {
        "PPLC": 0.5, "PPLA": 0.25, "PPLA2": 0.1})
    country_context: float = 1.2
    admin1_context: float = 0.8
    proximity: float = 0.7
    proximity_km: float = 400.0
    containment: float = 2.0
    head_noun: float = 0.8
    temperature: float = 0.35
    iterations: int = 3


#: Head nouns after a name that say which kind of place it is.
_HEAD_FEATURES = {
    "province": ("ADM1", "ADM2"), "governorate": ("ADM1",), "state": ("ADM1", "country"),
    "region": ("ADM1", "ADM2"), "prefecture": ("ADM1", "ADM2"), "oblast": ("ADM1",),
    "department": ("ADM1", "ADM2"), "county": ("ADM2",), "district": ("ADM2", "ADM1"),
    "municipality": ("ADM2", "city"), "city": ("city",), "town": ("city",),
    "village": ("city",),
}
_HEAD_RE = re.compile(r"\s*(?:'s\s+|’s\s+)?([A-Za-z]+)")


@dataclass(slots=True)
class _Group:
    """All mentions of one name in one article, and its candidate readings."""

    key: tuple[str, str]
    mentions: list[Mention]
    candidates: list[Candidate]
    prior: np.ndarray
    score: np.ndarray
    heads: set[str] = field(default_factory=set)
    containers: list["_Group"] = field(default_factory=list)

    @property
    def best(self) -> Place | None:
        return self.candidates[int(np.argmax(self.score))].place if self.candidates else None

    @property
    def weight(self) -> float:
        return math.sqrt(len(self.mentions))


class Resolver:
    """Resolves the mentions of one article at a time against a gazetteer."""

    def __init__(self, gazetteer: CandidateSource, *, limit: int = 25,
                 weights: Weights | None = None) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self.weights = weights or Weights()

    # -- public ----------------------------------------------------------------------------

    def resolve(self, text: str, mentions: Sequence[Mention]) -> list[ResolvedMention]:
        """Resolve ``mentions`` of an article whose text is ``text``, in the given order."""
        groups = self._groups(text, mentions)
        self._link_containment(text, groups)
        live = [g for g in groups.values() if g.candidates]
        for _ in range(self.weights.iterations):
            self._rescore(live)
        by_mention: dict[tuple[int, int], ResolvedMention] = {}
        for group in groups.values():
            for mention in group.mentions:
                by_mention[(mention.start, mention.end)] = self._result(mention, group)
        return [by_mention[(m.start, m.end)] for m in mentions]

    # -- candidates and priors -------------------------------------------------------------

    def _groups(self, text: str, mentions: Sequence[Mention]) -> dict[tuple[str, str], _Group]:
        groups: dict[tuple[str, str], _Group] = {}
        for mention in mentions:
            key = (mention.label, fold(mention.text))
            group = groups.get(key)
            if group is None:
                candidates = self._candidates(mention)
                prior = np.array([self._prior(c) for c in candidates], dtype=float)
                group = groups[key] = _Group(key, [], candidates, prior, prior.copy())
            group.mentions.append(mention)
            head = _HEAD_RE.match(text, mention.end)
            if head:
                group.heads.add(head.group(1).lower())
        return groups

    def _candidates(self, mention: Mention) -> list[Candidate]:
        if mention.label == "demonym":
            place = self.gazetteer.demonym(mention.text)
            return [Candidate(place, mention.text, "demonym", 1.0)] if place else []
        found = self.gazetteer.candidates(mention.text, limit=self.limit)
        if not found:
            found = self.gazetteer.candidates(mention.text, limit=self.limit, fuzzy=True)
        unique: dict[object, Candidate] = {}
        for cand in found:
            key = cand.place.geonameid or (cand.place.name, cand.place.lat, cand.place.lon)
            if key not in unique or cand.name_score > unique[key].name_score:
                unique[key] = cand
        return list(unique.values())

    def _prior(self, cand: Candidate) -> float:
        w = self.weights
        place = cand.place
        population = math.log10(max(place.population, 0) + 1) / 7.0
        return (w.name * cand.name_score + w.population * population
                + w.feature.get(place.feature, 0.0)
                + w.capital.get(place.feature_code or "", 0.0))

    # -- context ---------------------------------------------------------------------------

    @staticmethod
    def _link_containment(text: str, groups: dict[tuple[str, str], _Group]) -> None:
        """"X, Y": Y (a larger place) constrains X's reading."""
        starts = {}
        for group in groups.values():
            for mention in group.mentions:
                starts[mention.start] = group
        for group in groups.values():
            for mention in group.mentions:
                after = text[mention.end:mention.end + 4]
                comma = re.match(r"\s*,\s*", after)
                if not comma:
                    continue
                container = starts.get(mention.end + comma.end())
                if container is not None and container is not group \
                        and container not in group.containers:
                    group.containers.append(container)

    def _rescore(self, groups: list[_Group]) -> None:
        w = self.weights
        probs = {id(g): _softmax(g.score, w.temperature) for g in groups}
        country: dict[str, float] = defaultdict(float)
        admin1: dict[str, float] = defaultdict(float)
        contrib: dict[int, tuple[str | None, str | None, float]] = {}
        points: list[tuple[int, float, float, float]] = []
        for g in groups:
            i = int(np.argmax(g.score))
            best = g.candidates[i].place
            p = float(probs[id(g)][i]) * g.weight
            contrib[id(g)] = (best.country_code, best.admin1_code, p)
            if best.country_code:
                country[best.country_code] += p
            if best.admin1_code:
                admin1[best.admin1_code] += p
            if best.feature in ("city", "ADM2", "other"):
                points.append((id(g), best.lat, best.lon, p))
        for g in groups:
            cc_self, a1_self, p_self = contrib[id(g)]
            total = sum(country.values()) - p_self
            context = np.zeros(len(g.candidates))
            if total > 0:
                for j, cand in enumerate(g.candidates):
                    place = cand.place
                    cc = country.get(place.country_code or "", 0.0)
                    a1 = admin1.get(place.admin1_code or "", 0.0) if place.admin1_code else 0.0
                    if place.country_code == cc_self:
                        cc -= p_self
                    if place.admin1_code and place.admin1_code == a1_self:
                        a1 -= p_self
                    context[j] += w.country_context * cc / total + w.admin1_context * a1 / total
            others = [(lat, lon, p) for gid, lat, lon, p in points if gid != id(g)]
            if others:
                context += w.proximity * _proximity(g.candidates, others, w.proximity_km)
            context += self._containment(g) + self._head_noun(g)
            g.score = g.prior + context

    def _containment(self, group: _Group) -> np.ndarray:
        bonus = np.zeros(len(group.candidates))
        for container in group.containers:
            if not container.candidates:
                continue
            top = [c.place for c in container.candidates[:5]]
            countries = {p.country_code for p in top if p.feature == "country"}
            admins = {p.admin1_code for p in top if p.feature == "ADM1"}
            best = container.best
            for j, cand in enumerate(group.candidates):
                place = cand.place
                if place.admin1_code and place.admin1_code in admins:
                    bonus[j] += self.weights.containment
                elif place.country_code in countries:
                    bonus[j] += self.weights.containment * 0.75
                elif best is not None and place.country_code == best.country_code:
                    bonus[j] += self.weights.containment * 0.5
        return bonus

    def _head_noun(self, group: _Group) -> np.ndarray:
        wanted = {f for head in group.heads for f in _HEAD_FEATURES.get(head, ())}
        if not wanted:
            return np.zeros(len(group.candidates))
        return np.array([self.weights.head_noun if c.place.feature in wanted else 0.0
                         for c in group.candidates])

    # -- output ----------------------------------------------------------------------------

    def _result(self, mention: Mention, group: _Group) -> ResolvedMention:
        if not group.candidates:
            return ResolvedMention(mention, None, 0.0, (), NOT_IN_GAZETTEER)
        probs = _softmax(group.score, self.weights.temperature)
        order = np.argsort(-group.score, kind="stable")[:5]
        alternatives = tuple(Alternative(group.candidates[i].place, round(float(probs[i]), 4))
                             for i in order)
        return ResolvedMention(mention, alternatives[0].place, float(probs[order[0]]),
                               alternatives)


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
