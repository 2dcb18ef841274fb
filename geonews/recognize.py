"""Toponym recognition: a spaCy component that finds place and demonym mentions.

The statistical NER (GPE, LOC, FAC) is the base. On top of it, the component

* links demonyms and adjectives (NORP and LANGUAGE: "Iraqi", "English") to the place they
  name;
* rescues well-known places the model tags as PERSON or ORG when the context says they are
  places ("the people of Nineveh", "in X", "X province", "north of X", a list of places
  goes on: "in Žilina, Nitra and Prešov") or when their whole
  multi-word name is one ("Tamil Nadu"), well-known places it misses altogether, and
  demonyms it misses before a noun ("Salvadoran migrant");
* finds places and demonyms inside the names of organisations, events and sums ("The
  Washington Post", "Syrian Observatory", "US dollars"), takes organisations named after a
  site as places ("Colorado State University") and the EU as a place;
* reads datelines and headlines in capitals ("BEIRUT (AP) —");
* cleans spans ("the city of Mosul" → "Mosul", "Mosul's" → "Mosul") and keeps
  "Washington, D.C." whole.

"Well known" (:func:`notable_lookup`) means the name's exact reading is a continent, country,
first-level division or a city of 100,000 or more, so that surnames and common words that
are small places somewhere ("Modi", "Central") stay out.

Results go to ``doc.spans["geonews"]`` with the label ``place`` or ``demonym``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geonews.lexicon import LEXICON

__all__ = [
    "SPANS_KEY",
    "NameLookup",
    "ToponymRecognizer",
    "make_toponym_recognizer",
    "notable_lookup",
    "country_lookup",
]

SPANS_KEY = "geonews"

#: ``is_name(text)`` and ``demonym(text)`` from a gazetteer; kept abstract so tests can fake it.
NameLookup = Callable[[str], bool]
#: ``countries(text)``: the ISO codes of the countries of a name's best readings.
CountryLookup = Callable[[str], frozenset[str]]
#: A gazetteer: ``is_name(text)`` and ``candidates(text, limit=...)``.
CandidateLookup = Any

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RESCUE_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "MONEY",
                           ""})

_DASHES = frozenset({"-", "—", "–"})
#: Entity labels whose names often hold a place ("the Iraqi Army", "Washington Post").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "MONEY"})
#: The token before a time zone: "a.m.", "pm", "8pm", "11:30am".
_TIME = re.compile(r"(?:\d{1,2}(?::\d\d)?)?[ap]\.?m\.?")


class ToponymRecognizer:
    """Adds place and demonym mentions to ``doc.spans[SPANS_KEY]``.

    ``is_name`` tells whether a text is a gazetteer name, ``demonym`` whether a word is a
    demonym or adjective of a known place. Both come from :class:`gazetteer.Gazetteer`.
    """

    def __init__(self, is_name: NameLookup, demonym: NameLookup, *, rescue: bool = True,
                 notable: NameLookup | None = None,
                 countries: CountryLookup | None = None) -> None:
        self.is_name = is_name
        self.demonym = demonym
        self.rescue = rescue
        #: Whether a name's best reading is a well-known place (a country, a first-level
        #: division or a large city): the bar for names inside organisations and people.
        self.notable = notable or is_name
        #: The countries of a name's best readings: a smaller place in place context is
        #: rescued when it lies in a country the article's sure places lie in ("camps near
        #: Dohuk" in an article about Iraq).
        self.countries = countries

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        taken: set[int] = set()

        def add(span: Span | None) -> None:
            if span is None or len(span) == 0:
                return
            if any(i in taken for i in range(span.start, span.end)):
                return
            taken.update(range(span.start, span.end))
            spans.append(span)

        article_countries = self._article_countries(doc)
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                core = self._clean(ent, "place")
                if core is not None and _district_suffix(core):
                    core = Span(doc, core.start, core.end + 2, label="place")  # "…, D.C."
                if core is not None and core.text in LEXICON.geopolitical_bodies:
                    add(core)
                elif core is not None and self.demonym(core.text) and not self.is_name(core.text):
                    add(Span(doc, core.start, core.end, label="demonym"))
                else:
                    add(core)
            elif ent.label_ in ("NORP", "LANGUAGE"):
                core = self._clean(ent, "demonym")
                if core is not None and self.demonym(core.text):
                    add(core)
                elif self.rescue and core is not None and self._place_context(core, taken):
                    add(self._known(core, "place"))
            elif self.rescue and ent.label_ in RESCUE_LABELS:
                core = self._clean(ent, "place")
                if core is None:
                    continue
                site = (ent.label_ == "ORG" and len(core) > 1
                        and core[-1].lower_ in LEXICON.facility_heads)  # "… University"
                if core.text in LEXICON.geopolitical_bodies or site:
                    add(core)
                elif ent.label_ in ("PERSON", "ORG") and len(core) > 1 \
                        and self.notable(core.text):
                    add(Span(doc, core.start, core.end, label="place"))  # "Tamil Nadu"
                elif self._place_context(core, taken) and (
                        self.notable(core.text) or self._local(core.text, article_countries)):
                    add(self._known(core, "place"))
                elif ent.label_ in EMBEDDING_LABELS:
                    for inner in self._embedded(core):
                        add(inner)
        if self.rescue:
            for span in self._missed(doc, taken):
                add(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)
        return doc

    # -- span clean-up ---------------------------------------------------------------------

    @staticmethod
    def _clean(span: Span, label: str) -> Span | None:
        """Strip determiners, descriptive prefixes, possessives and punctuation."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (doc[start].lower_ in ("the", "a", "an")
                               or doc[start].is_punct or doc[start].is_space):
            start += 1
        # "the city of Mosul" → "Mosul"
        if (end - start > 2 and doc[start].lower_ in LEXICON.descriptive_prefixes
                and doc[start + 1].lower_ == "of"):
            start += 2
        while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’")
                               or doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end <= start or _time_zone(doc[start:end]):
            return None
        return Span(doc, start, end, label=label)

    def _embedded(self, span: Span) -> Iterable[Span]:
        """Well-known places and demonyms inside an organisation's or event's name ("The
        Washington Post", "Syrian Observatory for Human Rights"), longest first."""
        doc = span.doc
        i = span.start
        while i < span.end:
            found = None
            for stop in range(min(span.end, i + 3), i, -1):
                inner = doc[i:stop]
                if not all(_name_word(t) or t.text in LEXICON.inner_joiners for t in inner) \
                        or not _name_word(inner[0]) or not _name_word(inner[-1]):
                    continue
                text = inner.text
                if text in LEXICON.geopolitical_bodies or self.notable(text):
                    found = Span(doc, i, stop, label="place")
                elif stop - i == 1 and self.demonym(text):
                    found = Span(doc, i, stop, label="demonym")
                if found is not None:
                    break
            if found is not None:
                yield found
                i = found.end
            else:
                i += 1

    def _article_countries(self, doc: Doc) -> frozenset[str]:
        """The countries of the well-known places the NER found in the article."""
        if self.countries is None:
            return frozenset()
        found: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and self.notable(ent.text):
                found.update(self.countries(ent.text))
        return frozenset(found)

    def _local(self, text: str, article_countries: frozenset[str]) -> bool:
        """Whether ``text`` names a place in one of the article's countries."""
        return (self.countries is not None and bool(article_countries)
                and text[:1].isupper() and self.is_name(text)
                and bool(self.countries(text) & article_countries))

    def _known(self, span: Span, label: str) -> Span | None:
        return span if self.is_name(span.text) else None

    # -- context ---------------------------------------------------------------------------

    @staticmethod
    def _place_context(span: Span, places: set[int] = frozenset()) -> bool:
        """Whether the words around ``span`` say it is a place. ``places``: indexes of tokens
        already found to be places (a list goes on: "in Žilina, Nitra, Prešov and Košice")."""
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if before is not None and before.lower_ in LEXICON.place_prepositions:
            return True
        if (before is not None and before.lower_ == "of" and span.start > 1
                and doc[span.start - 2].lower_ in LEXICON.place_of_nouns):
            return True
        if (before is not None and before.lower_ in LEXICON.list_joiners and span.start > 1
                and (doc[span.start - 2].ent_type_ in PLACE_LABELS
                     or span.start - 2 in places)):
            return True  # "between Mosul and Tal Afar", "in Žilina, Nitra and Prešov"
        if after is not None:
            if after.lower_ in LEXICON.place_heads:
                return True
            if (after.text in _DASHES and span.end + 1 < len(doc)
                    and doc[span.end + 1].lower_ in LEXICON.place_heads):
                return True
        return False

    def _missed(self, doc: Doc, taken: set[int]) -> Iterable[Span]:
        """Known places outside any entity: datelines in capitals, and names in place context."""
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                token = doc[i]
                if i in taken or token.ent_type_ or not _capitalised(token):
                    i += 1
                    continue
                end = i + 1
                while end < sent.end and end not in taken and not doc[end].ent_type_ \
                        and _capitalised(doc[end]) and end - i < 4:
                    end += 1
                if self._adjectival_demonym(token):
                    yield Span(doc, i, i + 1, label="demonym")  # "Salvadoran migrant"
                    i += 1
                    continue
                span = self._longest_known(doc, i, end)
                if span is not None and (self._place_context(span) or _dateline(span)
                                         or (not (len(span) == 1 and span[0].is_stop)
                                             and self.notable(span.text))):
                    yield Span(doc, span.start, span.end, label="place")
                    i = span.end
                else:
                    i += 1

    def _adjectival_demonym(self, token: Token) -> bool:
        """A demonym the NER missed, used as an adjective before a common noun."""
        doc = token.doc
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return (token.is_title and after is not None and after.is_lower and after.is_alpha
                and self.demonym(token.text) and not self.is_name(token.text))

    def _longest_known(self, doc: Doc, start: int, end: int) -> Span | None:
        for stop in range(end, start, -1):
            span = doc[start:stop]
            text = span.text.title() if span.text.isupper() else span.text
            if self.is_name(text):
                return span
        return None




def _district_suffix(span: Span) -> bool:
    """Whether ``span`` is followed by ", D.C." ("Washington, D.C." is one place)."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text == ","
            and doc[span.end + 1].text in ("D.C.", "DC"))


def _time_zone(span: Span) -> bool:
    """Whether ``span`` is a time zone after a time ("7 a.m. CT", "8pm ET")."""
    return (span.text in LEXICON.time_zones and span.start > 0
            and _TIME.fullmatch(span.doc[span.start - 1].lower_) is not None)


def _capitalised(token: Token) -> bool:
    return (token.is_alpha and (token.is_title or (token.is_upper and len(token) > 2))
            and token.lower_ not in LEXICON.not_places)


def _name_word(token: Token) -> bool:
    """A word that can be (part of) a name inside a longer name: capitalised, or an
    abbreviation such as "US", "U.S." or "UAE"."""
    return _capitalised(token) or (token.text[:1].isupper() and token.text.replace(
        ".", "").isupper() and len(token.text) >= 2)


def _dateline(span: Span) -> bool:
    """``BEIRUT (AP) —`` or ``MOSUL, Iraq —`` at the start of a line."""
    doc = span.doc
    if not span.text.isupper():
        return False
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ + doc[
        span.start - 1].text
    after = doc[span.end] if span.end < len(doc) else None
    return at_line_start and after is not None and after.text in {"(", ",", "—", "–", "-", ":"}


@Language.factory(
    "geonews_toponyms",
    default_config={"gazetteer": "", "rescue": True},
    requires=["doc.ents", "doc.sents"],
    assigns=["doc.spans"],
)
def make_toponym_recognizer(nlp: Language, name: str, gazetteer: str,
                            rescue: bool) -> ToponymRecognizer:
    """spaCy factory: ``gazetteer`` is an index path ("" for the default embedded one)."""
    from geonews.resources import open_gazetteer

    gaz = open_gazetteer(gazetteer or None)
    is_demonym = lru_cache(maxsize=50_000)(lambda word: gaz.demonym(word) is not None)
    return ToponymRecognizer(gaz.is_name, is_demonym,
                             rescue=rescue, notable=notable_lookup(gaz),
                             countries=country_lookup(gaz))


#: How many of a name's best readings say which countries it may lie in.
COUNTRY_READINGS = 3


def country_lookup(gazetteer: CandidateLookup) -> CountryLookup:
    """``countries(text)``: the countries of the best readings of ``text`` (cached)."""

    @lru_cache(maxsize=65536)
    def countries(text: str) -> frozenset[str]:
        return frozenset(c.place.country_code for c in
                         gazetteer.candidates(text, limit=COUNTRY_READINGS)
                         if c.place.country_code and c.name_score >= 0.9)

    return countries


#: Least population for a city name to count as well known on its own.
NOTABLE_POPULATION = 100_000


def notable_lookup(gazetteer: CandidateLookup) -> NameLookup:
    """``notable(text)``: whether the best exact reading of ``text`` is a continent, country,
    first-level division or a city of at least :data:`NOTABLE_POPULATION` (cached)."""

    @lru_cache(maxsize=65536)
    def notable(text: str) -> bool:
        if not text[:1].isupper() or not gazetteer.is_name(text):
            return False
        if text.lower() in LEXICON.generic_names:
            return False
        for cand in gazetteer.candidates(text, limit=3):
            place = cand.place
            large = place.feature in ("country", "continent")
            if cand.name_score < (0.85 if large else 0.9) or (
                    cand.match == "alias" and not large and place.feature != "ADM1"):
                continue
            if cand.matched_name.isupper() and not text.isupper():
                continue  # "Act" is not the ACT
            if place.feature in ("continent", "country", "ADM1") \
                    or (place.feature == "city" and place.population >= NOTABLE_POPULATION):
                return True
        return False

    return notable
