"""Country cues: words of an article that say which country it is in without naming a place.

Local news is full of them: "Sheriff's Office", "county commissioners", "Rep. Ann Lee,
D-Calif.", "$" in an American paper; "councillor", "MP", "£", "constabulary" in a British one;
"RCMP", "MPP" in a Canadian one. The word lists are the lexicon's ``country_cues`` (per ISO
country code); the party-and-state notation of American politicians ("D-Calif.", "(R-Ocilla)")
is read from its ``party_letters``. :func:`country_cues` gives, per country, the weight the
resolver's ``country_cued`` column hands to the candidates in it (:mod:`.features`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from geonews.lexicon import LEXICON

__all__ = ["CUE_PRIOR", "country_cues"]

#: Pseudo-count of cues added to the ones found, so that one cue weighs less than many: a
#: country with ``n`` of an article's ``total`` distinct cues weighs ``n / (total + CUE_PRIOR)``.
CUE_PRIOR = 1.0
#: "D-Calif.", "R-Ocilla", "DFL-Cook": a party letter, a hyphen and a capitalised word.
_PARTY_STATE = re.compile(r"(?<![\w-])(?:" + "|".join(
    sorted(map(re.escape, LEXICON.party_letters), key=len, reverse=True))
    + r")-[A-Z][a-z]+\.?")
_PARTY_COUNTRY = "US"


def _countries_of(cues: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Cue word -> the countries it is listed for."""
    out: dict[str, list[str]] = defaultdict(list)
    for country, words in cues.items():
        for word in words:
            out[word].append(country)
    return {word: tuple(countries) for word, countries in out.items()}


def _pattern(words: list[str], flags: int) -> re.Pattern[str] | None:
    """One alternation of ``words`` (longest first), each bounded by non-word characters
    where it begins or ends with a word character."""
    if not words:
        return None
    parts = [(r"(?<!\w)" if w[0].isalnum() else "") + re.escape(w)
             + (r"(?!\w)" if w[-1].isalnum() else "")
             for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts), flags)


_COUNTRIES = _countries_of(LEXICON.country_cues)
#: words with a capital letter are matched as written, the others in any case
_AS_WRITTEN = _pattern([w for w in _COUNTRIES if w != w.lower()], 0)
_ANY_CASE = _pattern([w for w in _COUNTRIES if w == w.lower()], re.IGNORECASE)
_BY_LOWER = {w.lower(): c for w, c in _COUNTRIES.items() if w == w.lower()}


def country_cues(text: str) -> dict[str, float]:
    """Per country (ISO code), the weight of the article's cues for it: each distinct cue
    found counts once, shared equally among the countries it is listed for, and a country's
    count is divided by the number of distinct cues plus :data:`CUE_PRIOR`. Countries with
    no cue are left out."""
    found: set[tuple[str, tuple[str, ...]]] = set()
    if _AS_WRITTEN is not None:
        found.update((m.group(), _COUNTRIES[m.group()]) for m in _AS_WRITTEN.finditer(text))
    if _ANY_CASE is not None:
        found.update((m.group().lower(), _BY_LOWER[m.group().lower()])
                     for m in _ANY_CASE.finditer(text))
    found.update((m.group(), (_PARTY_COUNTRY,)) for m in _PARTY_STATE.finditer(text))
    if not found:
        return {}
    counts: dict[str, float] = defaultdict(float)
    for _, countries in found:
        for country in countries:
            counts[country] += 1.0 / len(countries)
    total = len(found) + CUE_PRIOR
    return {country: n / total for country, n in counts.items()}
