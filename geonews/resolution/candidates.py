"""Stage 1 of resolution: the candidate places of a name, each with a typed match kind.

Gazetteer look-ups of the name as written or as its short form expands ("Wash." → Washington,
"EU" → Europe), the in-country look-ups that add small namesakes when an article is about one
country (the small "Richmond" in Vermont), demonyms read as their country ("French"), and, for
a name the gazetteer does not know, the well-known place named inside it ("Lake Manassas" →
Manassas). Fuzzy readings were wrong more often than right on news and are left to
``gazetteer search --fuzzy``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from gazetteer.place import Candidate, MatchKind, Place
from geonews.lexicon import LEXICON

__all__ = ["CandidateFinder", "CandidateSource", "expanded", "is_acronym", "is_street"]

#: A place inside an unknown name stands in for it when it is a division or a town of at
#: least this population; its name score is multiplied by the factor.
INNER_MIN_POPULATION = 5000
INNER_NAME_FACTOR = 0.6
#: Features whose aliases are trusted inside a longer name ("US Federal Reserve").
_LARGE = ("country", "continent")
#: Readings fetched per country when a name is looked up again inside an article's countries.
EXPAND_LIMIT = 100
#: A name with at least ``limit - EXPAND_SLACK`` readings may have more than the gazetteer
#: returned (:meth:`CandidateFinder.may_have_more`).
EXPAND_SLACK = 5
#: An interstate highway written the short way ("I-95").
_INTERSTATE = re.compile(r"I-\d{1,3}")
#: Where a CamelCase name joins two words ("HuntingtonBeach", "SheikhMaskin": hashtags).
_CAMEL_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: Candidate lists kept per (label, name) before the cache is cleared.
_CACHE_SIZE = 20000


class CandidateSource(Protocol):
    """What resolution needs from a gazetteer."""

    def candidates(self, name: str, *, limit: int = 25, fuzzy: bool = False,
                   country_code: str | None = None) -> list[Candidate]: ...

    def demonym(self, word: str) -> Place | None: ...


class CandidateFinder:
    """Candidate readings of mention texts, cached per (label, text)."""

    def __init__(self, gazetteer: CandidateSource, *, limit: int = 25) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        # (label, text, capitals) of find, ("in:" + country code, name) of in_country
        self._cache: dict[tuple, list[Candidate]] = {}
        # (list identity, name, countries) -> (that list, it with the readings added)
        self._widened: dict[tuple[int, str, tuple[str, ...]],
                            tuple[list[Candidate], list[Candidate]]] = {}

    def find(self, label: str, text: str, *, capitals: bool = False) -> list[Candidate]:
        """The readings of a mention (``label`` "place" or "demonym") written ``text``, one per
        place, the best-matched name kept. ``capitals``: the whole text is written in
        capitals (an ALL CAPS headline), so a short word in capitals ("FES", "RIO") need not
        be an acronym."""
        capitals = capitals and is_acronym(text)
        return self._cached((label, text, capitals),
                            lambda: self._lookup(label, text, capitals))

    def may_have_more(self, found: Sequence[Candidate]) -> bool:
        """Whether a name with the readings ``found`` may have more than the look-up returned:
        look again inside a country (:meth:`in_country`)."""
        return len(found) >= self.limit - EXPAND_SLACK

    def in_country(self, name: str, country_code: str) -> list[Candidate]:
        """Readings of ``name`` inside one country, up to :data:`EXPAND_LIMIT`."""
        return self._cached(("in:" + country_code, name), lambda: self.gazetteer.candidates(
            name, limit=EXPAND_LIMIT, country_code=country_code))

    def widened(self, name: str, found: list[Candidate],
                countries: Sequence[str]) -> list[Candidate]:
        """``found`` (readings of ``name``) and the readings of ``name`` in ``countries``
        (:meth:`in_country`) it lacks; ``found`` itself when there are none. The same lists
        give the same list, so that what is computed from a list is computed once."""
        key = (id(found), name, tuple(countries))
        kept = self._widened.get(key)
        if kept is not None and kept[0] is found:
            return kept[1]
        known = {c.place.geonameid for c in found}
        added = [c for cc in countries for c in self.in_country(name, cc)
                 if c.place.geonameid not in known]
        widened = found + added if added else found
        if len(self._widened) >= _CACHE_SIZE:
            self._widened.clear()
        self._widened[key] = (found, widened)
        return widened

    def _cached(self, key: tuple, make) -> list[Candidate]:
        found = self._cache.get(key)
        if found is None:
            found = make()
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _lookup(self, label: str, text: str, capitals: bool) -> list[Candidate]:
        demonym = self.gazetteer.demonym(text) if text[:1].isupper() else None
        if label == "demonym":
            return [Candidate(demonym, text, MatchKind.DEMONYM, 1.0)] if demonym else []
        name = expanded(text)
        found = self.gazetteer.candidates(name, limit=self.limit)
        if name != text:
            found = [Candidate(c.place, c.matched_name, MatchKind.ABBREVIATION, c.name_score,
                               c.match) for c in found]
        if LEXICON.division_of(text) is not None:
            found = [c for c in found if c.place.feature == "ADM1"] or found
        if is_acronym(text) and name == text and not capitals:
            # An acronym names what it abbreviates ("UK"), not a place called "Uk" or "Sa".
            found = [c for c in found if is_acronym(c.matched_name)]
        elif text.islower() and is_acronym(text.upper()):
            # A post's acronym in lower case ("nyc", "uk"), beside the word's own readings.
            found += [c for c in self.gazetteer.candidates(text.upper(), limit=self.limit)
                      if is_acronym(c.matched_name)]
        found += self._division_without_stop(text)
        spaced = _CAMEL_JOIN.sub(" ", text)
        if not found and spaced != text:
            # A hashtag's words run together ("#HuntingtonBeach HS"): read them apart.
            return self.find(label, spaced)
        if not found and demonym is None and not is_street(text):
            # A street is not where the town in its name is ("Memphis St." in Alexandria):
            # left to the fallback (its container, the article's locale).
            found = self._inner(text)
        if demonym is not None:
            # A demonym or adjective given as a place span ("French" in "French troops").
            found = [Candidate(demonym, text, MatchKind.DEMONYM, 1.0), *found]
        if any(c.exact for c in found):
            # "Kuwait City" is the city, not Kuwait read by dropping a word.
            found = [c for c in found if c.whole_name]
        unique: dict[object, Candidate] = {}
        for cand in found:
            key = cand.place.geonameid or (cand.place.name, cand.place.lat, cand.place.lon)
            if key not in unique or cand.name_score > unique[key].name_score:
                unique[key] = cand
        return list(unique.values())

    def _division_without_stop(self, text: str) -> list[Candidate]:
        """The division a short form names when written without its full stop ("Calif",
        "Fla": posts and sentence ends leave it out), as a reading beside those of the word
        itself (a town called "Ore")."""
        division = LEXICON.division_of(text + ".") if text[-1:].isalpha() else None
        if division is None:
            return []
        return [Candidate(c.place, c.matched_name, MatchKind.ABBREVIATION, c.name_score,
                          c.match) for c in self.gazetteer.candidates(division, limit=self.limit)
                if c.place.feature == "ADM1" and c.exact]

    def _inner(self, text: str) -> list[Candidate]:
        """Readings of the longest well-known place (or demonym) named inside an unknown
        multi-word name ("Lake Manassas" → Manassas, "European Commission" → Europe), their
        name score lowered: the place lies in or near it. A word that names a kind of place
        is never read alone ("Metro Manila" is Manila, not Metro, Indonesia)."""
        words = text.split()
        for size in range(len(words) - 1, 0, -1):
            for first in range(len(words) - size + 1):
                found = self._inner_part(" ".join(words[first:first + size]), size)
                if found:
                    return found
        return []

    def _inner_part(self, part: str, size: int) -> list[Candidate]:
        """The readings of ``part`` (``size`` words of an unknown name) as a place inside it:
        a demonym's country, or readings of which one is a division or a town of at least
        :data:`INNER_MIN_POPULATION`."""
        lower = part.lower()
        if not part[:1].isupper() or lower in LEXICON.generic_words or lower in LEXICON.place_kinds:
            return []
        demonym = self.gazetteer.demonym(part) if size == 1 else None
        if demonym is not None:
            return [Candidate(demonym, part, MatchKind.INNER, INNER_NAME_FACTOR)]
        found = [c for c in self.gazetteer.candidates(part, limit=self.limit)
                 if (c.whole_name if c.place.feature in _LARGE else c.exact)
                 and (c.match != MatchKind.ALIAS or c.place.feature in _LARGE)]
        if not any(c.place.feature in ("country", "ADM1", "ADM2", "continent")
                   or c.place.population >= INNER_MIN_POPULATION for c in found):
            return []
        return [Candidate(c.place, c.matched_name, MatchKind.INNER,
                          c.name_score * INNER_NAME_FACTOR) for c in found]


def expanded(text: str) -> str:
    """The name a short form is read as ("Wash." → Washington, "EU" → Europe), else ``text``."""
    return LEXICON.division_of(text) or LEXICON.expansions.get(text, text)


def is_street(name: str) -> bool:
    """Whether ``name`` is written as a street or road: it ends in a street head ("Memphis
    St.", "Oak Rd", "Royal Street") or is a road word and a number ("Highway 49", "I-10")."""
    words = name.lower().split()
    if len(words) < 2:
        return _INTERSTATE.fullmatch(name) is not None
    last = words[-1]
    return (last in LEXICON.street_heads or last.rstrip(".") in LEXICON.street_abbreviations
            or (last.isdigit() and words[-2] in LEXICON.route_heads))


def is_acronym(name: str) -> bool:
    """Whether ``name`` is written as an acronym: two or three capitals, perhaps with dots or
    spaces ("SA", "U. S.", "UAE"; longer all-capital words are headline names: "MOSUL")."""
    letters = name.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()
