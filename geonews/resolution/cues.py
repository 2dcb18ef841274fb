"""Country cues: words of an article that say which country it is in without naming a place.

Local news is full of them: "Sheriff's Office", "county commissioners", "Rep. Ann Lee,
D-Calif.", "$" in an American paper; "councillor", "MP", "£", "constabulary" in a British one;
"RCMP", "MPP" in a Canadian one. The word lists are the lexicon's ``country_cues`` (per ISO
country code); the party-and-state notation of American politicians ("D-Calif.", "(R-Ocilla)")
is read from its ``party_letters``. :func:`country_cues` gives, per country, the weight the
resolver's ``country_cued`` column hands to the candidates in it (:mod:`.features`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from geonews.lexicon import LEXICON

__all__ = ["country_cues"]

#: "D-Calif.", "R-Ocilla", "DFL-Cook": a party letter, a hyphen and a capitalised word (not
#: after a word character or hyphen: checked apart, which is faster).
_PARTY_STATE = re.compile(r"(?:" + "|".join(
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


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    """One pattern matching any of ``words`` (the longest where several begin at one place),
    each bounded by non-word characters where it begins or ends with a word character. The
    words are merged into a trie of characters, so that a position costs one branch per
    character, not one per word."""
    if not words:
        return None
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = r"\b" if word[-1].isalnum() else ""

    def regex(node: dict) -> str:
        branches = [re.escape(char) + regex(child)
                    for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(node[""])  # the word ends here: after the longer ones
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    starts = {w[0].isalnum() for w in words}
    bounded = {True: r"\b", False: ""}
    parts = [bounded[alnum] + regex({c: n for c, n in trie.items() if c[0].isalnum() is alnum})
             for alnum in sorted(starts, reverse=True)]
    return re.compile("|".join(parts))


_COUNTRIES = _countries_of(LEXICON.country_cues)
#: words with a capital letter are matched as written, the others in the text in lower case
_AS_WRITTEN = _pattern([w for w in _COUNTRIES if w != w.lower()])
_ANY_CASE = _pattern([w for w in _COUNTRIES if w == w.lower()])


@lru_cache(maxsize=4)
def country_cues(text: str) -> Mapping[str, float]:
    """Per country (ISO code), the weight of the article's cues for it, 1 - exp(-n) for a
    count ``n``: each distinct cue found counts once, shared equally among the countries it
    is listed for (one cue 0.63, two 0.86, three 0.95; "$", listed for four, 0.22).
    Countries with no cue are left out. Kept for the last few texts (an article is resolved
    once or twice)."""
    found: set[str] = set()
    for pattern, where in ((_AS_WRITTEN, text), (_ANY_CASE, text.lower())):
        if pattern is not None:
            found.update(pattern.findall(where))  # no groups: the words found
    found.update(m.group() for m in _PARTY_STATE.finditer(text)
                 if m.start() == 0 or not (text[m.start() - 1].isalnum()
                                           or text[m.start() - 1] in "_-"))
    if not found:
        return MappingProxyType({})
    counts: dict[str, float] = defaultdict(float)
    for cue in found:
        countries = _COUNTRIES.get(cue, (_PARTY_COUNTRY,))
        for country in countries:
            counts[country] += 1.0 / len(countries)
    return MappingProxyType({country: 1.0 - math.exp(-n) for country, n in counts.items()})
