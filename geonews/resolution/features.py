"""Stage 2 of resolution: the feature table, one row per candidate reading of an article.

Columns are named (:data:`STATIC_COLUMNS`, :data:`CONTEXT_COLUMNS`). *Static* columns describe
a candidate and its name alone: how the name matched (:class:`~gazetteer.place.MatchKind`),
population, how well known it is (the number of names it has in the gazetteer, in all
languages), feature kind, capital or seat status, whether a place with the name as its own
rivals a reading by alias, whether it is a namesake of a larger place the name also reads
as, whether a head noun names its kind ("Nineveh province"). *Context*
columns come from the current readings of the article's other names, each weighted by its
probability: the share of them in the candidate's country, countries and first-level divisions
named, places in the same admin1 or admin2, closeness to them, and explicit containment
("Springfield, Illinois"); ``co_located`` comes from the other names' candidates, whatever
their readings: another place in the same county; ``country_cued`` from the article's words
that are not place names: the weight of its cues for the candidate's country
(:mod:`.cues`: "Sheriff's Office", "RCMP"); ``home_local`` from how the article uses the name
(as a home town: "Kay, 18, of Paris", "Paris police") times the evidence for the candidate's
country; ``home_english`` from the same uses where the candidate's country has an English
local press ("44, of 2517 Memphis St., Alexandria" is not in Egypt). A namesake of a larger
place gets no context but ``country_cued`` and the home columns unless a container names it
("China, Maine") or, when it is named after a city, a reading of another name lies in its
county.

All rows of an article sit in one :class:`ArticleTable` (numpy arrays); :func:`context` is
vectorised over it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from gazetteer.gazetteer import EARTH_RADIUS_KM
from gazetteer.place import Candidate, MatchKind, Place, PlaceKind
from geonews.lexicon import LEXICON
from geonews.models import Mention

__all__ = ["ArticleTable", "CONTEXT_COLUMNS", "NameGroup", "STATIC_COLUMNS",
           "article_table", "context", "is_feature", "link_containers", "names_an_area",
           "namesakes"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

STATIC_COLUMNS = (
    "name_score", "log_population", "continent", "country", "adm1", "adm2", "city",
    "national_capital", "division_seat", "natural_or_landmark",
    "match_alias", "match_folded", "match_variant", "match_abbreviation", "match_inner",
    "match_demonym", "namesake", "head_noun", "alias_beside_exact", "log_names")
CONTEXT_COLUMNS = (
    "country_share", "country_named", "admin1_share", "admin1_named", "admin2_share",
    "proximity", "nearest", "contained", "container_country", "namesake_contained",
    "population_alone", "names_alone", "co_located", "country_cued", "home_local",
    "home_english")

#: A reading weighs on the others by its probability to this power (> 1: unsure readings of
#: small namesakes do not pull each other in), times the square root of its mention count.
CERTAINTY = 3.0
#: Distance scales (km) of the proximity (weighted mean closeness) and nearest columns.
PROXIMITY_KM = 400.0
NEAREST_KM = 100.0
#: A city with at least this share of a same-named division's population is its seat.
SEAT_SHARE = 0.1
#: How many times larger a national capital, a city of a million or a first-level division is
#: than a town named after it.
NAMESAKE_RATIO = 100
#: A city at least this large has namesakes the way a capital does ("Toronto", Ohio).
LARGE_CITY_POPULATION = 1_000_000
#: How many times larger a city is than a town known by its name only as an alias.
ALIAS_NAMESAKE_RATIO = 10
#: A reading matched by an alias, folding or a variant has an exact rival when a city of at
#: least this population has the name as its own ("Delhi" is Delhi, not Dili; "Philadelphia"
#: is not Amman).
EXACT_RIVAL_POPULATION = 100_000
#: How many of a container's best readings can contain a place ("Santa Maria, Bulacan").
CONTAINER_READINGS = 5
_MATCH_COLUMNS = {MatchKind.ALIAS: "match_alias", MatchKind.FOLDED: "match_folded",
                  MatchKind.FOLDED_ALIAS: "match_folded",
                  MatchKind.VARIANT: "match_variant", MatchKind.FUZZY: "match_variant",
                  MatchKind.ABBREVIATION: "match_abbreviation", MatchKind.INNER: "match_inner",
                  MatchKind.DEMONYM: "match_demonym"}
#: The matches of :func:`_exact` readings (of the name itself or of what it is short for).
_EXACT_OR_SHORT = frozenset({MatchKind.EXACT, MatchKind.ABBREVIATION})
_FEATURE_COLUMNS = {"continent": "continent", "country": "country", "ADM1": "adm1",
                    "ADM2": "adm2", "city": "city"}
_STATIC_INDEX = {name: i for i, name in enumerate(STATIC_COLUMNS)}
_CO_LOCATED = CONTEXT_COLUMNS.index("co_located")
_CUED = CONTEXT_COLUMNS.index("country_cued")
_HOME_LOCAL = CONTEXT_COLUMNS.index("home_local")
_HOME_ENGLISH = CONTEXT_COLUMNS.index("home_english")
#: The static columns a name with no other readings gets as context (``population_alone``,
#: ``names_alone``).
_ALONE_COLUMNS = [_STATIC_INDEX["log_population"], _STATIC_INDEX["log_names"]]
_HEAD_RE = re.compile(r"\s*(?:'s\s+|’s\s+)?([A-Za-z]+)")
#: What joins a place to its container: a comma ("Paris, Texas"), or an apposition or a
#: definition naming a kind of settlement ("Gilbert, a town in", "Gilbert is a town in").
_SETTLEMENT = "(?:" + "|".join(sorted(LEXICON.settlement_words)) + ")"
_IN = (r"(?:\s+\([^)]{1,12}\))?\s+(?:located\s+)?in\s+(?:and\s+the\s+county\s+seat\s+of\s+)?"
       r"(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?of\s+)?")
_CONTAINER_LINK = re.compile(
    r"\s*,\s*(?:an?\s+(?:[\w-]+\s+){0,3}?" + _SETTLEMENT + _IN + r")?"
    r"|\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,3}?" + _SETTLEMENT + _IN)
#: The home of a person or business as local news writes it: after an age ("Jessica Kay, 18,
#: of Paris", "Barnes, 20, also of Paris") or a street address ("508 Cumberland St.,
#: Lebanon"; the lexicon's street heads). Matched against the text just before a mention.
_STREET_HEAD = "|".join(sorted({re.escape(h.rstrip(".")) for h in LEXICON.street_heads}
                               | {re.escape(h) for h in LEXICON.street_abbreviations}))
_HOME_TOWN = re.compile(r"(?:\b\d{1,3},\s+(?:\w+\s+)?of"
                        r"|\b\d{1,5}\s+(?:[A-Z][\w'-]*\.?\s+){1,3}(?i:" + _STREET_HEAD
                        + r")\.?,)\s+$")
#: What both forms of :data:`_HOME_TOWN` begin with: looked for first, which is faster.
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class NameGroup:
    """All mentions of one name in one article (one sense per discourse), its candidate
    readings, the head nouns after it and the groups the text puts it in."""

    key: tuple[str, str]
    mentions: list[Mention]
    candidates: list[Candidate] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    containers: list[NameGroup] = field(default_factory=list)
    #: how many mentions use the name as a home place: a person's home town ("Kay, 18, of
    #: Paris"), after a street address ("508 Cumberland St., Lebanon") or before a noun of
    #: the lexicon's ``home_nouns`` ("Paris police", "a Lebanon woman")
    home_uses: int = 0
    #: the scorer's final probabilities of ``candidates`` (set once scoring is done)
    probabilities: np.ndarray | None = None
    #: the index of the most probable of ``candidates`` (the first of equals; set with
    #: ``probabilities``, 0 before)
    best: int = 0
    #: the static columns of ``candidates``, kept with the list they were computed for
    static: tuple[list[Candidate], np.ndarray] | None = field(default=None, repr=False,
                                                              compare=False)

    @property
    def top(self) -> Candidate | None:
        """The most probable candidate (the first when not scored yet)."""
        return self.candidates[self.best] if self.candidates else None

    @property
    def top_probability(self) -> float:
        """The probability of :attr:`top` (0 when not scored yet)."""
        return 0.0 if self.probabilities is None else float(self.probabilities[self.best])

    def add(self, text: str, mention: Mention) -> None:
        """Add a mention of the name, noting the head noun after it ("Nineveh province") or
        ending it ("Jackson County")."""
        self.mentions.append(mention)
        head = _HEAD_RE.match(text, mention.end)
        if head:
            self.heads.add(head.group(1).lower())
        before = max(0, mention.start - 60)
        if (head and head.group(1).lower() in LEXICON.home_nouns) or (
                _DIGIT.search(text, before, mention.start)
                and _HOME_TOWN.search(text, before, mention.start)):
            self.home_uses += 1
        own_head = mention.text.rsplit(None, 1)[-1].lower()
        if own_head in LEXICON.head_features and " " in mention.text.strip():
            self.heads.add(own_head)


def link_containers(text: str, groups: Sequence[NameGroup]) -> None:
    """"X, Y", "X, a town in Y", "X is a village in Y": record Y as a container of X; but not
    where X and Y are items of a coordinated list ("Washington, New York and Boston"), unless
    Y is a division's abbreviation ("Louisville, Ky., New Haven, Conn. and Surprise, Ariz.")."""
    group_at = {m.start: g for g in groups for m in g.mentions}
    mention_at = {m.start: m for g in groups for m in g.mentions}
    listed = _coordinated(text, mention_at.values())
    for group in groups:
        for mention in group.mentions:
            link = _CONTAINER_LINK.match(text, mention.end, mention.end + 80)
            container = group_at.get(link.end()) if link else None
            if container is None or container is group or container in group.containers:
                continue
            if mention.start in listed and link.end() in listed \
                    and LEXICON.division_of(mention_at[link.end()].text) is None:
                continue
            group.containers.append(container)


#: The words that join the last items of a list (the lexicon's ``list_joiners`` but the
#: comma: "and", "or"), as a regular expression; "&" joins them too.
_CONJUNCTION = "|".join(sorted(re.escape(w) for w in LEXICON.list_joiners if w.isalpha()))
#: What separates the items of a list of names: a comma, a conjunction or both ("A, B, and C").
_LIST_SEPARATOR = re.compile(rf"\s*,\s*(?:(?:{_CONJUNCTION})\s+)?|\s+(?:{_CONJUNCTION}|&)\s+")
_COORDINATOR = re.compile(rf"\b(?:{_CONJUNCTION})\b|&")


def _coordinated(text: str, mentions: Iterable[Mention]) -> set[int]:
    """The starts of the mentions that are items of a coordinated list of three or more
    names ("stops in Washington, New York and Boston"; not a chain of containers, "Toronto,
    Ontario, Canada")."""
    runs: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if runs and _LIST_SEPARATOR.fullmatch(text, runs[-1][-1].end, m.start):
            runs[-1].append(m)
        else:
            runs.append([m])
    return {m.start for run in runs if len(run) >= 3
            and any(_COORDINATOR.search(text, a.end, b.start) for a, b in zip(run, run[1:]))
            for m in run}


@dataclass(frozen=True, slots=True)
class _Rows:
    """Facts of an article's candidate rows, one array each (:func:`_row_fields`). Codes are
    numbered once per process by kind (:data:`_IDS`; -1: none), so that equal values have
    equal numbers in every article; ``place`` is a place's GeoNames id, else a negative number
    of its own."""

    country: np.ndarray
    admin1: np.ndarray
    admin2: np.ndarray
    is_country: np.ndarray
    is_admin1: np.ndarray
    is_point: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    geonameid: np.ndarray
    place: np.ndarray
    #: 1 where the country has an English local press (the lexicon's ``english_press``)
    english_press: np.ndarray


@dataclass(frozen=True, slots=True)
class ArticleTable(_Rows):
    """The candidates of an article's groups with candidates, stacked: group ``g``'s rows are
    ``starts[g]:starts[g + 1]``."""

    groups: tuple[NameGroup, ...]
    starts: np.ndarray
    group: np.ndarray
    static: np.ndarray
    namesake: np.ndarray
    #: per row, a namesake that gets no context but its own evidence (the country cues, its
    #: home uses) unless a container names it: when no other name has a reading in its
    #: county (a town named after a city), or when it is named after a country, region or
    #: feature the name reads as ("China", Maine)
    muted: np.ndarray
    weight: np.ndarray
    #: (group, container group) index pairs
    links: tuple[tuple[int, int], ...]
    #: per row, 1 when another name has a reading in the same second-level division
    co_located: np.ndarray
    #: per row, the weight of the article's country cues for the row's country
    cued: np.ndarray
    #: per row, 1 - exp(-n) for the ``home_uses`` n of the row's group
    home: np.ndarray
    #: per row, ``home`` where the row's country has an English local press (the lexicon's
    #: ``english_press``), else 0
    home_english: np.ndarray
    #: what the scoring passes share, by what it was computed from (:func:`context`: they
    #: mostly agree on the readings)
    shared: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.group)

    def kept(self, key: tuple, make: Callable[[], T]) -> T:
        """What ``make`` computes, kept in :attr:`shared` under ``key`` (made the first time)."""
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = make()
        return found

    def readings(self, probabilities: np.ndarray) -> np.ndarray:
        """Per group, the row of its most probable candidate (the first of equals)."""
        if self.size == 0:
            return np.zeros(0, dtype=int)
        heads = self.starts[:-1]
        best = np.maximum.reduceat(probabilities, heads)
        rows = np.flatnonzero(probabilities == best[self.group])
        return rows[np.searchsorted(rows, heads)]


def article_table(groups: Sequence[NameGroup], cues: Mapping[str, float] | None = None
                  ) -> ArticleTable:
    """The table of ``groups`` that have candidates (in order): the cached row blocks of
    their candidate lists (:func:`_block`), stacked; ``cues``: the article's country cue
    weights by country code (:func:`~geonews.resolution.cues.country_cues`)."""
    live = tuple(g for g in groups if g.candidates)
    index = {id(g): i for i, g in enumerate(live)}
    sizes = [len(g.candidates) for g in live]
    blocks = [_block(g.candidates) for g in live] or [_make_block([])]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    static = np.vstack([_static_columns(g, b) for g, b in zip(live, blocks)] or
                       [blocks[0].static])
    group = np.repeat(np.arange(len(live)), sizes)
    rows = _row_fields(np.concatenate([b.facts for b in blocks]))
    home = np.repeat(1.0 - np.exp(-np.array([g.home_uses for g in live], dtype=float)), sizes)
    namesake = static[:, _STATIC_INDEX["namesake"]] > 0
    co_located = _co_located(rows["admin2"], group, rows["place"], namesake)
    area = np.repeat([b.names_an_area for b in blocks[:len(live)]], sizes).astype(bool)
    return ArticleTable(
        **rows, groups=live, starts=starts, group=group, static=static, namesake=namesake,
        muted=namesake & ((co_located == 0) | area),
        weight=np.sqrt([len(g.mentions) for g in live]),
        links=tuple((index[id(g)], index[id(c)]) for g in live for c in g.containers
                    if id(c) in index),
        co_located=co_located,
        cued=_cued(rows["country"], cues or {}), home=home,
        home_english=home * rows["english_press"])


def _cued(country: np.ndarray, cues: Mapping[str, float]) -> np.ndarray:
    """Per row: the cue weight of the row's country (its code's number, :data:`_IDS`)."""
    out = np.zeros(len(country))
    numbers = _IDS["country"]
    for code, weight in cues.items():
        if code in numbers:
            out[country == numbers[code]] = weight
    return out


def _co_located(admin2: np.ndarray, group: np.ndarray, place: np.ndarray,
                namesake: np.ndarray) -> np.ndarray:
    """Per row: 1 when another name has a reading in the same second-level division (county)
    that is another place, whatever the readings chosen: "Paris and Henry County" read
    together as Paris, Tennessee and its county, though each alone reads elsewhere. Two
    towns named after larger places do not support each other (Madrid and Barcelona in the
    Philippines)."""
    out = np.zeros(len(admin2))
    located = np.flatnonzero(admin2 >= 0)
    if len(located) < 2:
        return out
    code, owner, where, named = (admin2[located], group[located], place[located],
                                 namesake[located])
    same = ((code[:, None] == code[None, :]) & (owner[:, None] != owner[None, :])
            & (where[:, None] != where[None, :]) & ~(named[:, None] & named[None, :]))
    out[located] = same.any(axis=1)
    return out


@dataclass(frozen=True, slots=True)
class _Block:
    """The rows one list of candidates contributes to any article's table: its places' facts
    (one row each, :data:`_FACT_COLUMNS`) and its static columns but ``head_noun``."""

    facts: np.ndarray
    static: np.ndarray
    names_an_area: bool


#: Per-process numbers of codes and of places without a GeoNames id, by kind (each kind
#: numbered from 0, so that arrays indexed by them stay small).
_IDS: defaultdict[str, dict[object, int]] = defaultdict(dict)


class _ByIdentity(Generic[K, V]):
    """Values computed from objects, kept by the object's identity (each with its object, so
    that the identity stays its own) until ``size`` are kept, then all dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: dict[int, tuple[K, V]] = {}

    def get(self, key: K, make: Callable[[K], V]) -> V:
        """The value of ``key``, made with ``make`` the first time."""
        kept = self._kept.get(id(key))
        if kept is not None and kept[0] is key:
            return kept[1]
        value = make(key)
        if len(self._kept) >= self._size:
            self._kept.clear()
        self._kept[id(key)] = (key, value)
        return value


#: The blocks of the lists of candidates seen last (the candidate finder hands the same list
#: to every article naming the name, and to both passes of one).
_BLOCKS: _ByIdentity[list[Candidate], _Block] = _ByIdentity(20_000)
#: The facts of the places seen last (:func:`_place_facts`; the gazetteer builds a place
#: once).
_FACTS: _ByIdentity[Place, tuple[float, ...]] = _ByIdentity(100_000)
#: The static columns that are facts of the place alone: a run of both the static columns
#: and the facts (:data:`_FACT_COLUMNS`), copied as one.
_PLACE_STATIC_RUN = slice(_STATIC_INDEX["log_population"], _STATIC_INDEX["national_capital"] + 1)
_PLACE_STATIC = STATIC_COLUMNS[_PLACE_STATIC_RUN]
# _new_place_facts writes these in this order: keep STATIC_COLUMNS in step with it
assert _PLACE_STATIC == ("log_population", *_FEATURE_COLUMNS.values(), "national_capital")
#: The columns of :func:`_place_facts` (the kind of place one-hot, as in
#: :data:`_FEATURE_COLUMNS`); the codes, the coordinates and the ids each a run.
_FACT_COLUMNS = (*_PLACE_STATIC, "natural_or_landmark", "names", "country_code", "admin1_code",
                 "admin2_code", "is_point", "lat", "lon", "geonameid", "place", "english_press")
_FACT = {name: i for i, name in enumerate(_FACT_COLUMNS)}
#: The one-hot kind facts of each kind of place in :data:`_FEATURE_COLUMNS`, and of others.
_KIND_ONE_HOT = {kind: tuple(kind == other for other in _FEATURE_COLUMNS)
                 for kind in _FEATURE_COLUMNS}
_NO_KIND = (False,) * len(_FEATURE_COLUMNS)
#: The static column of each match kind that has one (:data:`_MATCH_COLUMNS`).
_MATCH_INDEX = {match: _STATIC_INDEX[column] for match, column in _MATCH_COLUMNS.items()}


def _block(cands: list[Candidate]) -> _Block:
    """The (cached, read-only) block of a list of candidates."""
    return _BLOCKS.get(cands, _make_block)


def _make_block(cands: list[Candidate]) -> _Block:
    facts = np.array([_place_facts(c.place) for c in cands], dtype=float).reshape(
        len(cands), len(_FACT_COLUMNS))
    area = names_an_area(cands)
    return _Block(facts, _list_columns(cands, facts, area), area)


def _row_fields(facts: np.ndarray) -> dict[str, np.ndarray]:
    """The fields of :class:`_Rows` from the places' ``facts`` (one row each)."""

    def fact(name: str) -> np.ndarray:
        return facts[:, _FACT[name]]

    return dict(country=fact("country_code").astype(int), admin1=fact("admin1_code").astype(int),
                admin2=fact("admin2_code").astype(int), is_country=fact("country") > 0,
                is_admin1=fact("adm1") > 0, is_point=fact("is_point") > 0,
                lat=np.radians(fact("lat")), lon=np.radians(fact("lon")),
                geonameid=fact("geonameid").astype(np.int64),
                place=fact("place").astype(np.int64), english_press=fact("english_press"))


def _place_facts(place: Place) -> tuple[float, ...]:
    """What a table needs of ``place`` alone (:data:`_FACT_COLUMNS`; codes numbered per
    process, -1 for none), computed once per place."""
    return _FACTS.get(place, _new_place_facts)


def _new_place_facts(place: Place) -> tuple[float, ...]:
    """:func:`_place_facts`, computed."""
    feature = place.feature
    facts = (math.log10(max(place.population, 0) + 1) / 7.0,
             *_KIND_ONE_HOT.get(feature, _NO_KIND), float(place.feature_code == "PPLC"),
             float(is_feature(place)), float((place.raw or {}).get("names", 0)),
             _number("country", place.country_code), _number("admin1", place.admin1_code),
             _number("admin2", place.admin2_code), feature in ("city", "ADM2", "other"),
             place.lat, place.lon, place.geonameid or -1,
             place.geonameid or -1 - _number("place", (place.name, place.lat, place.lon)),
             place.country_code in LEXICON.english_press)
    return facts


def _number(kind: str, value: object) -> int:
    """The per-process number of a code or place of ``kind`` (:data:`_IDS`), -1 for none."""
    ids = _IDS[kind]
    return ids.setdefault(value, len(ids)) if value else -1


def _static_columns(group: NameGroup, block: _Block) -> np.ndarray:
    """The static columns of the group's candidates: those of their ``block``, and the head
    noun after its mentions (computed again only when a new list of candidates replaced the
    old one)."""
    if group.static is None or group.static[0] is not group.candidates:
        group.static = (group.candidates, _with_head_nouns(group, block.static))
    return group.static[1]


def _with_head_nouns(group: NameGroup, columns: np.ndarray) -> np.ndarray:
    """``columns`` with ``head_noun`` set for the group's candidates of a kind a head noun
    after its mentions names."""
    wanted = {f for head in group.heads for f in LEXICON.head_features.get(head, ())}
    if not wanted:
        return columns
    out = columns.copy()
    out[:, _STATIC_INDEX["head_noun"]] = [float(c.place.feature in wanted)
                                          for c in group.candidates]
    return out


def _list_columns(cands: list[Candidate], facts: np.ndarray, area: bool) -> np.ndarray:
    """The static columns of ``cands`` (whose places' facts are ``facts``; ``area``: whether
    the name :func:`names_an_area`) but ``head_noun`` (left 0), read only."""
    places = [c.place for c in cands]
    out = np.zeros((len(cands), len(STATIC_COLUMNS)))
    col = _STATIC_INDEX
    out[:, col["name_score"]] = [c.name_score for c in cands]
    out[:, _PLACE_STATIC_RUN] = facts[:, :len(_PLACE_STATIC)]
    out[:, col["natural_or_landmark"]] = facts[:, _FACT["natural_or_landmark"]]
    for j, cand in enumerate(cands):  # one-hot: how the name matched
        match = _MATCH_INDEX.get(cand.match)
        if match is not None:
            out[j, match] = 1.0
    out[:, col["division_seat"]] = _seats(places)
    out[:, col["namesake"]] = namesakes(cands, area=area)
    out[:, col["log_names"]] = np.log1p(facts[:, _FACT["names"]]) / math.log(100)
    exact_large = any(c.match == MatchKind.EXACT and c.place.feature == "city"
                      and c.place.population >= EXACT_RIVAL_POPULATION for c in cands)
    out[:, col["alias_beside_exact"]] = [
        float(exact_large and c.match not in (MatchKind.EXACT, MatchKind.DEMONYM)) for c in cands]
    out.flags.writeable = False
    return out


def _seats(places: list[Place]) -> np.ndarray:
    """Cities that share their name with a division they lie in and are a large part of
    ("Erbil" in Erbil governorate, "Geneva" in the canton, "New York")."""
    # code of each division among the readings -> the least population of a seat in it
    admin1: dict[str, float] = {}
    admin2: dict[str, float] = {}
    for place in places:
        if place.feature == "ADM1" and place.admin1_code:
            code, found = place.admin1_code, admin1
        elif place.feature == "ADM2" and place.admin2_code:
            code, found = place.admin2_code, admin2
        else:
            continue
        found[code] = min(found.get(code, math.inf), SEAT_SHARE * place.population)
    if not admin1 and not admin2:
        return np.zeros(len(places))
    return np.array([float(city.feature == "city" and (
        city.population >= admin1.get(city.admin1_code, math.inf)
        or city.population >= admin2.get(city.admin2_code, math.inf))) for city in places])


def namesakes(candidates: list[Candidate], *, area: bool | None = None) -> np.ndarray:
    """Which candidates are towns or counties named after a larger place the name also reads
    as, so that they get context only when the text says so ("China, Maine"):

    * after a country, continent, world region, natural feature or landmark the mention names
      exactly (by its own name or a demonym: "China", "Middle East", "Canadian", Texas);
    * after a national capital or a city of a million named exactly, when NAMESAKE_RATIO
      times smaller ("Moscow", Idaho); a capital known by its country's name ("Mexico") is a
      namesake of the country;
    * after a first-level division named exactly, in the same country and NAMESAKE_RATIO
      times smaller ("Florida", New York);
    * when matched only by an alias, after a city of that exact name ALIAS_NAMESAKE_RATIO
      times larger (Derby, Connecticut, once "Birmingham").

    ``area``: whether the name :func:`names_an_area`, when the caller knows already.
    """
    exact = _exact(candidates)
    if area is None:
        area = names_an_area(candidates)
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
        if place.feature_code == "PPLC" and not (area and cand.match == MatchKind.ALIAS):
            return False
        smaller = place.population * NAMESAKE_RATIO
        return (area or smaller < large
                or smaller < divisions.get(place.country_code or "", 0)
                or (cand.match == MatchKind.ALIAS
                    and place.population * ALIAS_NAMESAKE_RATIO < city))

    return np.array([namesake(c) for c in candidates], dtype=float)


def names_an_area(candidates: list[Candidate]) -> bool:
    """Whether the name reads exactly as a country, continent, world region, natural feature
    or landmark (by its own name or a demonym: "China", "Middle East", "Canadian")."""
    return any(_is_area(c.place) for c in _exact(candidates)) or any(
        (c.match == MatchKind.DEMONYM and _is_area(c.place))
        or (is_feature(c.place) and c.exact) for c in candidates)


def _exact(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.match in _EXACT_OR_SHORT and c.exact]


def _is_area(place: Place) -> bool:
    return (place.feature in ("country", "continent") or place.feature_code == "RGN"
            or is_feature(place))


def is_feature(place: Place) -> bool:
    """Whether ``place`` is a large natural feature (ocean, sea, river, mountain range …) or
    a curated landmark ("White House"), which have no population to rank them. A natural
    region (code ``RGN``: Patagonia) is an area (:func:`_is_area`), not a feature."""
    return place.kind is PlaceKind.LANDMARK or (
        place.kind is PlaceKind.NATURAL_FEATURE and place.feature_code != "RGN")


def context(table: ArticleTable, probabilities: np.ndarray) -> np.ndarray:
    """The context columns of every row, from the other groups' most probable readings."""
    if table.size == 0:
        return np.zeros((0, len(CONTEXT_COLUMNS)))
    reading = table.readings(probabilities)
    read = _read_as(table, reading)
    p = probabilities[reading] ** CERTAINTY * table.weight
    p_self = p[table.group]
    rest = p.sum() - p_self
    has_rest = rest > 1e-12
    out = _fixed_context(table).copy()
    mass = read.masses(table, p, p_self)
    np.divide(mass[0], rest, out=out[:, 0], where=has_rest)
    out[:, 1:5] = np.minimum(1.0, mass[1:]).T
    read.closeness(table, p, out[:, 5], out[:, 6])
    contained = _containment(table, probabilities)
    muted = table.muted
    if contained is not None:
        out[:, 7:9] = contained
        out[:, 9] = table.namesake * out[:, 7]
        muted = muted & (contained.sum(axis=1) == 0)
    if not has_rest.all():  # a name alone: the columns of names alone, no shares
        out[:, 10:12] = table.static[:, _ALONE_COLUMNS] * ~has_rest[:, None]
        out[:, :2] *= has_rest[:, None]
    out[:, _HOME_LOCAL] = table.home * np.maximum(table.cued, out[:, 0])
    out[muted, :7] = 0.0  # see ArticleTable.muted
    return out


def _fixed_context(table: ArticleTable) -> np.ndarray:
    """The context columns that do not depend on the readings (``co_located``,
    ``country_cued``, ``home_english``; the others 0), kept per table."""

    def make() -> np.ndarray:
        out = np.zeros((table.size, len(CONTEXT_COLUMNS)))
        out[:, _CO_LOCATED] = table.co_located
        out[:, _CUED] = table.cued
        out[:, _HOME_ENGLISH] = table.home_english
        return out

    return table.kept(("fixed context",), make)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the context takes from the groups' readings alone (the rows ``reading``), apart
    from their probabilities: the passes mostly agree on the readings, so it is kept per
    table and readings (:func:`_read_as`; it holds no reference to the table, which would
    keep the table alive until the cyclic garbage collector found it)."""

    #: the codes (:func:`_mass_codes`) of the readings that count, kind after kind, and
    #: their groups
    codes: np.ndarray
    code_groups: np.ndarray
    #: per kind and row: whether the reading of the row's own group counts in the row's code
    own: np.ndarray
    #: the groups read as points (cities, counties, features) and their readings
    points: np.ndarray
    point_rows: np.ndarray

    def masses(self, table: ArticleTable, p: np.ndarray, p_self: np.ndarray) -> np.ndarray:
        """Per kind of :func:`_mass_codes` and row: the weight of the other groups read in
        the row's code (country, country itself, admin1, admin1 itself, admin2), for the
        groups' weights ``p`` (``p_self``: of the row's own group)."""
        codes, _, size = _mass_codes(table)
        totals = np.bincount(self.codes, weights=p[self.code_groups], minlength=size + 1)
        return np.maximum(totals[codes] - p_self * self.own, 0.0)

    def closeness(self, table: ArticleTable, p: np.ndarray, mean: np.ndarray,
                  nearest: np.ndarray) -> None:
        """Per row, set in ``mean`` and ``nearest`` (left 0 without any): the weighted mean
        closeness (exp(-km / PROXIMITY_KM)) to the other groups' point readings, and the
        closeness to the nearest of them."""
        if len(self.points) == 0:
            return
        other, proximity, nearest[:] = _point_closeness(table, self.point_rows, self.points)
        weight = p[self.points][None, :] * other
        total = weight.sum(axis=1)
        np.divide((proximity * weight).sum(axis=1), total, out=mean, where=total > 0)


def _read_as(table: ArticleTable, reading: np.ndarray) -> _Reading:
    """The :class:`_Reading` of the groups' readings ``reading`` (kept per table)."""

    def make() -> _Reading:
        codes, among, size = _mass_codes(table)
        read = codes[:, reading]
        use = (read < size) & among[:, reading]
        points = np.flatnonzero(table.is_point[reading])
        return _Reading(read[use], np.nonzero(use)[1],
                        (codes == read[:, table.group]) & use[:, table.group],
                        points, reading[points])

    return table.kept(("reading", reading.tobytes()), make)


def _mass_codes(table: ArticleTable) -> tuple[np.ndarray, np.ndarray, int]:
    """The codes the context weighs readings by, one row per kind (country, country itself,
    admin1, admin1 itself, admin2; each kind's numbers after the previous kinds'), the rows
    each kind counts (all, countries, all, first-level divisions, all), and the number
    ``size`` of codes (the code of rows without one): kept per table."""

    def make() -> tuple[np.ndarray, np.ndarray, int]:
        codes = np.array([table.country, table.country, table.admin1, table.admin1,
                          table.admin2]).reshape(5, table.size)
        counts = codes.max(axis=1, initial=-1) + 1
        ends = np.cumsum(counts)
        size = max(int(ends[-1]), 1)
        every = np.ones(table.size, dtype=bool)
        return (np.where(codes >= 0, codes + (ends - counts)[:, None], size),
                np.array([every, table.is_country, every, table.is_admin1, every]), size)

    return table.kept(("mass codes",), make)


def _point_closeness(table: ArticleTable, rows: np.ndarray, points: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the point readings ``rows`` of the groups ``points``: per row and reading, whether
    the reading is another group's and exp(-km / PROXIMITY_KM); per row, the closeness to the
    nearest other group's reading. Kept per table: the passes mostly share their readings."""

    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lat, lon = table.lat[:, None], table.lon[:, None]
        olat, olon = table.lat[rows][None, :], table.lon[rows][None, :]
        a = (np.sin((olat - lat) / 2) ** 2
             + np.cos(lat) * np.cos(olat) * np.sin((olon - lon) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
        other = table.group[:, None] != points[None, :]
        return (other, np.exp(-km / PROXIMITY_KM),
                np.where(other, np.exp(-km / NEAREST_KM), 0.0).max(axis=1))

    return table.kept(("closeness", rows.tobytes()), make)


def _containment(table: ArticleTable, probabilities: np.ndarray) -> np.ndarray | None:
    """Per row: whether the reading lies in one of its container's best division readings
    (first column), else 1 in one of its country readings, 0.5 in the country of its best
    reading (second column); ``None`` when the text puts no name in another."""
    if not table.links:
        return None
    out = np.zeros((table.size, 2))
    for g, c in table.links:
        s, e = table.starts[c], table.starts[c + 1]
        order = np.argsort(-probabilities[s:e], kind="stable")[:CONTAINER_READINGS]
        rows = out[table.starts[g]:table.starts[g + 1]]
        np.maximum(rows, _contained(table, g, c, order), out=rows)
    return out


def _contained(table: ArticleTable, g: int, c: int, order: np.ndarray) -> np.ndarray:
    """:func:`_containment` of group ``g``'s rows in container group ``c`` whose best
    readings are its candidates ``order`` (kept per table)."""
    return table.kept(("contained", g, c, order.tobytes()),
                      lambda: _new_contained(table, g, c, order))


def _new_contained(table: ArticleTable, g: int, c: int, order: np.ndarray) -> np.ndarray:
    """:func:`_contained`, computed."""
    candidates = table.groups[c].candidates
    top = [candidates[i].place for i in order]
    countries = {p.country_code for p in top if p.feature == "country"}
    admins = {p.admin1_code for p in top if p.feature == "ADM1"}
    admins2 = {p.admin2_code for p in top if p.feature == "ADM2"}
    best = top[0]
    out = np.zeros((len(table.groups[g].candidates), 2))
    for j, cand in enumerate(table.groups[g].candidates):
        place = cand.place
        if place.geonameid is not None and place.geonameid == best.geonameid:
            continue
        if ((place.admin1_code and place.admin1_code in admins)
                or (place.admin2_code and place.admin2_code in admins2)):
            out[j, 0] = 1.0
        elif place.country_code in countries:
            out[j, 1] = 1.0
        elif place.country_code == best.country_code:
            out[j, 1] = 0.5
    return out
