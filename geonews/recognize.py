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

#: A word right before a name that makes it a place ("in Nineveh", "near Raqqa").
PLACE_PREPOSITIONS = frozenset({
    "in", "near", "at", "outside", "across", "into", "toward", "towards", "around",
    "throughout", "inside", "from", "to", "via", "through", "within", "between", "beyond",
})
#: Words that join the items of a list of places.
LIST_JOINERS = frozenset({"and", "or", ","})
#: A noun before "of" that makes what follows a place ("people of Nineveh", "north of Mosul").
PLACE_OF_NOUNS = frozenset({
    "people", "residents", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "outskirts", "city", "town", "village", "province", "governorate",
    "region", "district", "state", "county", "capital", "suburbs", "centre", "center", "streets",
    "municipality", "mayor", "governor", "heart", "parts", "rest", "population", "citizens",
    "inhabitants", "area", "coast", "border", "borders", "edge", "outside", "republic",
    "kingdom", "island", "islands", "shores", "banks", "capitals", "neighbourhoods",
})
#: A word right after a name that makes it a place ("Nineveh province", "Anbar governorate").
PLACE_HEADS = frozenset({
    "province", "governorate", "region", "district", "county", "city", "town", "village",
    "state", "prefecture", "oblast", "department", "municipality", "valley", "river",
    "airport", "border", "countryside", "island", "islands", "coast", "peninsula",
    "-based", "based", "-born", "born", "-led", "led",
})
#: Words that open a descriptive phrase in front of a place ("the city of Mosul").
DESCRIPTIVE_PREFIXES = frozenset({
    "city", "town", "village", "province", "governorate", "region", "district", "state",
    "county", "capital", "port", "municipality", "island",
})
#: Last words that make an organisation's name a site ("Colorado State University").
FACILITY_HEADS = frozenset({
    "university", "college", "school", "academy", "hospital", "airport", "stadium", "arena",
    "church", "cathedral", "mosque", "temple", "basilica", "museum", "prison", "jail",
    "station", "hotel", "mall", "palace", "castle", "zoo", "library", "campus", "park",
})
_DASHES = frozenset({"-", "—", "–"})
#: Entity labels whose names often hold a place ("the Iraqi Army", "Washington Post").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "MONEY"})
#: Supranational bodies news treats as places (the NER tags them ORG).
GEOPOLITICAL_BODIES = frozenset({"EU", "E.U.", "European Union"})
#: Time-zone abbreviations that are also postal codes or country codes ("7 a.m. CT" is Central
#: Time, not Connecticut).
TIME_ZONES = frozenset({"ET", "CT", "MT", "PT", "AT", "HT", "AKT"})
#: The token before a time zone: "a.m.", "pm", "8pm", "11:30am".
_TIME = re.compile(r"(?:\d{1,2}(?::\d\d)?)?[ap]\.?m\.?")
#: Lower-case words allowed inside a multi-word place name ("Trinidad and Tobago").
_INNER_JOINERS = frozenset({"of", "and", "de", "del", "la", "el", "-"})


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
                if core is not None and core.text in GEOPOLITICAL_BODIES:
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
                        and core[-1].lower_ in FACILITY_HEADS)  # "… University"
                if core.text in GEOPOLITICAL_BODIES or site:
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
        if (end - start > 2 and doc[start].lower_ in DESCRIPTIVE_PREFIXES
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
                if not all(_name_word(t) or t.text in _INNER_JOINERS for t in inner) \
                        or not _name_word(inner[0]) or not _name_word(inner[-1]):
                    continue
                text = inner.text
                if text in GEOPOLITICAL_BODIES or self.notable(text):
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
        if before is not None and before.lower_ in PLACE_PREPOSITIONS:
            return True
        if (before is not None and before.lower_ == "of" and span.start > 1
                and doc[span.start - 2].lower_ in PLACE_OF_NOUNS):
            return True
        if (before is not None and before.lower_ in LIST_JOINERS and span.start > 1
                and (doc[span.start - 2].ent_type_ in PLACE_LABELS
                     or span.start - 2 in places)):
            return True  # "between Mosul and Tal Afar", "in Žilina, Nitra and Prešov"
        if after is not None:
            if after.lower_ in PLACE_HEADS:
                return True
            if (after.text in _DASHES and span.end + 1 < len(doc)
                    and doc[span.end + 1].lower_ in PLACE_HEADS):
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


#: Capitalised words that are place names somewhere but almost never mean one in news.
_NOT_PLACES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "god", "president", "minister", "police", "army",
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "we", "they", "it", "i",
    "mr", "mrs", "ms", "dr", "saint", "st", "centre", "center", "north", "south", "east",
    "west", "easter", "christmas", "state", "city", "national", "university",
})


def _district_suffix(span: Span) -> bool:
    """Whether ``span`` is followed by ", D.C." ("Washington, D.C." is one place)."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text == ","
            and doc[span.end + 1].text in ("D.C.", "DC"))


def _time_zone(span: Span) -> bool:
    """Whether ``span`` is a time zone after a time ("7 a.m. CT", "8pm ET")."""
    return (span.text in TIME_ZONES and span.start > 0
            and _TIME.fullmatch(span.doc[span.start - 1].lower_) is not None)


def _capitalised(token: Token) -> bool:
    return (token.is_alpha and (token.is_title or (token.is_upper and len(token) > 2))
            and token.lower_ not in _NOT_PLACES)


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


#: Words that name divisions somewhere ("Central", "Union") but are ordinary words first.
_GENERIC_NAMES = frozenset({
    "central", "union", "king", "no", "capital", "federal", "western", "eastern", "northern",
    "southern", "north", "south", "east", "west", "white house", "congress", "senate",
    "parliament", "national", "united", "free", "independent", "liberty",
})
#: Least population for a city name to count as well known on its own.
NOTABLE_POPULATION = 100_000


def notable_lookup(gazetteer: CandidateLookup) -> NameLookup:
    """``notable(text)``: whether the best exact reading of ``text`` is a continent, country,
    first-level division or a city of at least :data:`NOTABLE_POPULATION` (cached)."""

    @lru_cache(maxsize=65536)
    def notable(text: str) -> bool:
        if not text[:1].isupper() or not gazetteer.is_name(text):
            return False
        if text.lower() in _GENERIC_NAMES:
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
