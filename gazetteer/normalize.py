"""Name folding: the keys under which names are indexed and looked up.

:func:`fold` maps a name to its lookup key: transliterated to ASCII (diacritics dropped), lower
case, apostrophes removed, other punctuation turned into spaces, runs of single letters joined
(``"U.S."`` → ``"us"``) and common abbreviations spelled out (``"St."`` → ``"saint"``).
:func:`variants` gives the looser keys a name is also known by: without a leading article
(Arabic ``al-``/``el-``/``ad-``/``as-``/``an-``/``ash-``/``at-``/``az-`` …, English ``the``) and
without a trailing division word (``"Nineveh Governorate"`` → ``"nineveh"``), and each of these
without spaces (``"Deir ez-Zor"`` and ``"Deir Ezzor"`` meet at ``"deirezzor"``).
:func:`is_junk_alias` rejects alternate names that only make noise (airport codes, one-letter
names, digits, lower-case machine transliterations, non-Latin scripts).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold", "variants", "keys", "is_latin", "is_abbreviation", "is_junk_alias", "ARTICLES",
           "DIVISION_WORDS"]

#: Leading articles dropped by :func:`variants` (Arabic transliterations and English "the").
ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed",
                      "es", "et", "ez", "the"})
#: Trailing words of division names dropped by :func:`variants`.
DIVISION_WORDS = frozenset({"governorate", "province", "district", "region", "state", "county",
                            "prefecture", "municipality", "oblast", "department", "city",
                            "muhafazat", "wilayah", "qada", "nahiya", "subdistrict", "raion"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = re.compile(r"['`´‘’ʻʼʾʿ′]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Scripts other than Latin: any letter outside Latin blocks (basic, supplements, extended A/B,
# IPA/modifiers, combining marks, Latin extended additional).
_NON_LATIN_LETTER = re.compile(r"[^\x00-\u02ff\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The lookup key of ``name`` (see the module docstring); ``""`` if nothing is left."""
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    text = _APOSTROPHES.sub("", text).replace("'", "")
    tokens = _NON_ALNUM.sub(" ", text).split()
    out: list[str] = []
    run: list[str] = []  # consecutive single letters: "u s a" -> "usa"
    for token in tokens + [""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined = "".join(run)
            out.append(_ABBREVIATIONS.get(joined, joined))
            run = []
        if token:
            out.append(_ABBREVIATIONS.get(token, token))
    return " ".join(out)


def variants(key: str) -> set[str]:
    """Looser keys for a folded ``key``: without leading article and/or trailing division
    word, and any of these without spaces."""
    tokens = key.split()
    found: set[str] = set()
    if len(tokens) > 1 and tokens[0] in ARTICLES:
        found.add(" ".join(tokens[1:]))
    if len(tokens) > 1 and tokens[-1] in DIVISION_WORDS:
        found.add(" ".join(tokens[:-1]))
        if len(tokens) > 2 and tokens[0] in ARTICLES:
            found.add(" ".join(tokens[1:-1]))
    for form in [key, *found]:
        if " " in form:
            found.add(form.replace(" ", ""))
    found.discard(key)
    return {v for v in found if len(v) > 1}


def keys(name: str) -> tuple[str, set[str]]:
    """``(fold(name), variants(fold(name)))``."""
    key = fold(name)
    return key, variants(key)


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is from a Latin-script block."""
    return _NON_LATIN_LETTER.search(text) is None


def is_abbreviation(alias: str) -> bool:
    """True for short all-capital forms: "US", "U.S.", "UAE", "D.R.C.", "OSM"."""
    letters = [c for c in alias if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isupper() for c in letters)


def is_junk_alias(alias: str) -> bool:
    """True for alternate names that would only produce false matches.

    Rejected: non-Latin script, fewer than two letters, no letter at all, no upper-case letter
    (GeoNames' machine transliterations such as ``"almwsl"``). Short all-capital forms are
    judged by :func:`is_abbreviation` (kept for countries and divisions, dropped for cities,
    where they are airport codes such as ``"OSM"`` for Mosul).
    """
    if not is_latin(alias):
        return True
    letters = [c for c in alias if c.isalpha()]
    if len(letters) < 2:
        return True
    return not any(c.isupper() for c in letters)
