"""Toponym recognition: a spaCy component that finds place and demonym mentions.

The statistical NER (GPE, LOC, FAC) is the base. On top of it, the component

* links demonyms and adjectives (NORP and LANGUAGE: "Iraqi", "English") to the place they
  name;
* rescues well-known places the model tags as PERSON or ORG when the context says they are
  places ("the people of Nineveh", "in X", "X province", "north of X", a list of places
  goes on: "in Žilina, Nitra and Prešov") or when their whole
  multi-word name is one ("Tamil Nadu"), well-known places it misses altogether, and
  demonyms it misses, or tags as a person, before a noun ("Salvadoran migrant", "Azerbaijani
  soldiers");
* finds places and demonyms inside the names of organisations, events and sums ("The
  Washington Post", "Syrian Observatory", "US dollars", a town naming an event: "the
  Johnstown Flood"), takes organisations named after a site as places ("Colorado State
  University") and the EU as a place;
* takes streets and roads as places where capitals mark names: capitalised words before a
  street head ("Royal Street", "N. Poplar St.") and numbered roads ("Highway 29", "I-95");
* reads datelines and headlines in capitals ("BEIRUT (AP) —"), also a dateline after a
  sentence where a text runs its headline and body together ("… charged. BANTAM — A …");
* cleans spans ("the city of Mosul" → "Mosul", "Mosul's" → "Mosul", "Golan Heights -
  BEIRUT" → "Golan Heights"), keeps "Washington, D.C." whole and a place with the generic
  head that makes one name with it ("Santa Clara County", "Big Island");
* never takes a link, an e-mail address, a @handle, an emoji or "RT"/"via" for a place;
  takes a hashtag that names a well-known place as that place (``#Gaza``; ``#NepalEarthquake``
  → "Nepal", the token split so the span is the place part), and any known place after a
  place preposition ("around #Nkandla");
* uses what fits the document's :class:`~geonews.text.text_kind.TextKind` (``doc._.geonews_text_kind``,
  detected when unset): in headlines in Title Case or capitals, where casing says nothing, a
  well-known name the NER calls a person or organisation is a place; in headlines, posts and
  captions an NER span running on into the text's words is cut back to the name ("Officials
  in Athens Say Talks" → "Athens"); in social posts and in any text of a few lines (where
  the NER has little context to go on) names the gazetteer does not know are places only in
  place context;
* takes well-known names written in lower case in a post or a line of text, in place
  context or before an event noun ("flights to nigeria", "this nyc storm"), and well-known
  places and towns naming an event ("the Napa earthquake");
* keeps common words that name a place somewhere ("Reading", "Man") for place context (in a
  short text not after "to" nor before a capitalised word: "Used to Haul Fish"), and a
  state or province code ("MD", "IN") for place context or after a place ("Selmer, TN",
  "Kingsport TN");
* never takes feasts, titles and diseases named after a river ("Easter", "Dr", "Ebola") or
  months for places, nor, in a short text, a generic word alone ("the West");
* drops a one-word place of the NER that is part of the name of a person the document
  names ("Saakashvili's resignation" after "Mikheil Saakashvili"), unless it is a well-known
  place or in place context;
* takes the place of a politician's party affiliation ("Sen. Ann Lee, D-Calif.", "(R-Ocilla)");
* keeps the other gazetteer names it found no evidence for — capitalised names the NER calls a
  person, an organisation or nothing, no word of a person's name in the document nor a name
  that speaks there ("Johnson said") — as possible places in ``doc.spans[POSSIBLE_KEY]``; the
  parser weighs them after resolution against the article's focus
  (:mod:`geonews.resolution.local`).

"Well known" (:func:`~geonews.recognition.lookups.notable_lookup`) means the name's exact
reading is a continent, country, first-level division or a city of 100,000 or more, so that
surnames and common words that are small places somewhere ("Modi", "Central") stay out.

Results go to ``doc.spans["geonews"]`` with the label ``place`` or ``demonym``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from gazetteer.embedded import curated_short_forms
from gazetteer.place import MatchKind
from geonews.lexicon import LEXICON
from geonews.models import TextKind
from geonews.recognition.lookups import (CandidateLookup, CountryLookup, NameLookup,
                                         ReadingLookup, country_lookup, notable_lookup,
                                         reading_lookup)
from geonews.recognition.streets import streets
from geonews.recognition.words import Words, among, word_ids
from geonews.resources import open_gazetteer
from geonews.text.text_kind import SHORT_TEXT, detect_text_kind

__all__ = [
    "SPANS_KEY",
    "POSSIBLE_KEY",
    "TEXT_KIND_ATTR",
    "ToponymRecognizer",
    "make_toponym_recognizer",
    "toponym_recognizer",
]

SPANS_KEY = "geonews"
#: The span group of possible places: gazetteer names the component found no evidence for.
POSSIBLE_KEY = "geonews_possible"
#: The label of a possible place while the component runs.
_POSSIBLE = "possible"
#: The ``Doc`` extension holding the document's :class:`TextKind` (``None``: detect it).
TEXT_KIND_ATTR = "geonews_text_kind"
if not Doc.has_extension(TEXT_KIND_ATTR):
    Doc.set_extension(TEXT_KIND_ATTR, default=None)


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RESCUE_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "MONEY",
                           ""})

_DASHES = frozenset({"-", "—", "–"})
#: What follows a dateline's place at the start of a line ("BEIRUT (AP) —", "MOSUL, Iraq —").
_DATELINE_AFTER = frozenset({"(", ",", "--", *_DASHES})
#: The dashes after a dateline's place inside a text ("… charged. BANTAM — A mason …").
_DATELINE_DASHES = frozenset({"--", *_DASHES})
_SENTENCE_ENDS = frozenset({".", "!", "?"})
#: Entity labels whose names often hold a place ("the Iraqi Army", "Washington Post").
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "MONEY"})
#: The token before a time zone: "a.m.", "pm", "8pm", "11:30am".
_TIME = re.compile(r"(?:\d{1,2}(?::\d\d)?)?[ap]\.?m\.?")
#: Least population of a town a capitalised hashtag names on its own ("#Ferguson").
HASHTAG_TOWN_POPULATION = 10_000
#: The most words (and joiners) a name of several words may have.
MULTIWORD_REACH = 8
#: The words of a CamelCase hashtag ("NepalEarthquake" → "Nepal", "Earthquake").
_CAMEL_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
#: String ids (``LOWER``/``ORTH`` values) of the joiners inside a name and of "#".
_JOINER_IDS = word_ids(LEXICON.inner_joiners)
_HASH_ID = get_string_id("#")
#: ``LOWER`` ids of the verbs of speech ("Johnson said").
_SPEECH_IDS = word_ids(LEXICON.speech_verbs)
#: ``ORTH`` ids of the party letters before a politician's place ("D-Calif.", "R-Ocilla").
_PARTY_IDS = word_ids(LEXICON.party_letters)
#: The most words of the place in a party affiliation ("R-Elbow Lake", "D-W. Va.").
PARTY_PLACE_REACH = 3

#: ``LOWER`` ids of the words stripped from an entity's start and end (:meth:`Words.edge`).
_ARTICLE_IDS = frozenset(get_string_id(w) for w in ("the", "a", "an"))
_POSSESSIVE_IDS = frozenset(get_string_id(w) for w in ("'s", "’s", "'", "’"))
_OF_ID = get_string_id("of")
#: Entity label ids of :data:`PLACE_LABELS` (:meth:`Words.entity`).
_PLACE_LABEL_IDS = frozenset(get_string_id(label) for label in PLACE_LABELS)
_DESCRIPTIVE_PREFIX_IDS = frozenset(get_string_id(w) for w in LEXICON.descriptive_prefixes)


class ToponymRecognizer:
    """Adds place and demonym mentions to ``doc.spans[SPANS_KEY]``.

    ``is_name`` tells whether a text is a gazetteer name, ``demonym`` whether a word is a
    demonym or adjective of a known place. Both come from :class:`gazetteer.Gazetteer`.
    """

    def __init__(self, is_name: NameLookup, demonym: NameLookup, *, rescue: bool = True,
                 notable: NameLookup | None = None,
                 countries: CountryLookup | None = None,
                 reading: ReadingLookup | None = None,
                 short_forms: frozenset[str] = frozenset()) -> None:
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
        #: The best exact reading of a name (a gazetteer candidate) or ``None``: whether a
        #: code is a country's, a hashtag a town's name.
        self.reading = reading or (lambda text: None)
        #: Curated short forms and nicknames ("SF", "U.A.E."): looked for outside entities.
        self.short_forms = short_forms
        self._short_form_ids = word_ids(short_forms)

    def __call__(self, doc: Doc) -> Doc:
        kind = doc._.get(TEXT_KIND_ATTR) or detect_text_kind(doc.text)
        words = Words(doc)
        hashtags = self._hashtag_places(doc, words) if self.rescue else []
        if len(words) != len(doc):  # hashtags' tokens split
            words = Words(doc)
        long_prose = _long_prose(doc, kind)
        spans: list[Span] = []
        possible: list[Span] = []
        taken: set[int] = set()

        def add(span: Span | None) -> None:
            if span is None or len(span) == 0:
                return
            if any(i in taken or words.noise(i) for i in range(span.start, span.end)):
                return
            if self._bare_code(span, taken, words) or self._common_word(span, long_prose, taken,
                                                                        words):
                return
            span = _with_name_head(span, taken, words)  # "Santa Clara" + "County"
            taken.update(range(span.start, span.end))
            spans.append(span)

        for span in hashtags:
            add(span)
        if self.rescue and kind.casing_informative:
            for span in streets(doc, words):
                add(span)
        if self.rescue:
            for span in self._affiliations(doc, words):
                add(span)
            for span in self._multiword_names(doc, words):
                add(span)
        ents = doc.ents
        article_countries = self._article_countries(ents, words)
        person_names = _person_names(ents, words)
        for ent in ents:
            if ent.label_ in PLACE_LABELS:
                add(self._ner_place(ent, kind, long_prose, taken, person_names, words))
            elif ent.label_ in ("NORP", "LANGUAGE"):
                core = self._clean(ent, "demonym", words)
                if core is not None and self.demonym(words.text(core.start, core.end)):
                    add(core)
                elif self.rescue and core is not None and (
                        _place_context(core.start, core.end, words, taken)
                        or _dateline(core.start, core.end, words)):
                    add(self._known(core, "place", words))
            elif self.rescue and ent.label_ in RESCUE_LABELS:
                if len(ent) == 1 and self._adjectival_demonym(ent.start, words):
                    add(Span(doc, ent.start, ent.end, label="demonym"))  # "Azerbaijani soldiers"
                    continue
                core = self._clean(ent, "place", words)
                if core is None:
                    continue
                if kind is not TextKind.PROSE:
                    core = self._headline_name(core, words)  # "Libreville Braces" → "Libreville"
                text = words.text(core.start, core.end)
                site = (ent.label_ == "ORG" and len(core) > 1
                        and words.lower_word(core.end - 1) in LEXICON.facility_heads)
                if text in LEXICON.geopolitical_bodies or site:
                    add(core)
                elif ent.label_ in ("PERSON", "ORG") and (len(core) > 1 or (
                        not kind.casing_informative)) and self.notable(_as_name(text)):
                    add(Span(doc, core.start, core.end, label="place"))  # "Tamil Nadu"
                elif (_place_context(core.start, core.end, words, taken) and (
                        self.notable(text) or self._local(text, article_countries))) \
                        or self._event_place(core.start, core.end, words) \
                        or _dateline(core.start, core.end, words):
                    add(self._known(core, "place", words))
                elif ent.label_ in EMBEDDING_LABELS:
                    for inner in self._embedded(core, words):
                        add(inner)
                if ent.label_ in ("PERSON", "ORG") and not taken.intersection(
                        range(core.start, core.end)) and self.is_name(_as_name(text)):
                    possible.append(core)
        if self.rescue:
            for span in self._codes_after_places(doc, taken, words):
                add(span)
            for span in self._missed(doc, taken, words):
                if span.label_ == _POSSIBLE:
                    possible.append(span)
                else:
                    add(span)
            if not long_prose:
                for span in self._lower_case(doc, taken, words):
                    add(span)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)
        doc.spans[POSSIBLE_KEY] = self._possible_places(possible, taken, words, ents)
        return doc

    def _possible_places(self, spans: list[Span], taken: set[int], words: Words,
                         ents: tuple[Span, ...]) -> list[Span]:
        """The gazetteer names found without evidence (``spans``) that may still be places,
        to be weighed after resolution (:mod:`geonews.resolution.local`): outside the places
        taken, no word of a person's name that is no place name ("Brown" after "Michael
        Brown"; "Elbow Lake" may be a person to the NER) nor of a name that speaks in the
        document ("Johnson said"), no common word or generic name ("Reading", "Central").
        ``ents``: the document's entities."""
        if not spans:
            return []
        doc = spans[0].doc
        in_spans = {token.text for span in spans for token in span}
        people = _person_names(tuple(
            ent for ent in ents if ent.label_ == "PERSON" and len(ent) > 1
            and any(token.text in in_spans for token in ent)
            and not self.is_name(_as_name(ent.text))), words) | _speakers(words)
        return [Span(doc, span.start, span.end, label="place")
                for span in sorted(spans, key=lambda s: s.start)
                if not any(i in taken or doc[i].text in people
                           for i in range(span.start, span.end))
                and not (len(span) == 1 and span[0].lower_ in LEXICON.generic_names
                         | LEXICON.common_word_places)]

    def _ner_place(self, ent: Span, kind: TextKind, long_prose: bool, taken: set[int],
                   person_names: frozenset[str], words: Words) -> Span | None:
        """The place or demonym an NER place entity stands for, cleaned, or ``None``
        (``long_prose``: :func:`_long_prose` of the document)."""
        doc = ent.doc
        core = self._clean(ent, "place", words)
        if core is None:
            return None
        if kind is not TextKind.PROSE:
            core = self._headline_name(core, words)  # "Athens Say Talks" → "Athens"
        for i in range(core.start + 1, core.end - 1):
            if words.word(i) in _DASHES and words.space(i) and words.space(i - 1):
                core = Span(doc, core.start, i, label=core.label_)  # "Golan Heights - BEIRUT"
                break
        start, end = core.start, core.end
        text = words.text(start, end)
        if not long_prose and text.islower() and not self.notable(_as_name(text)):
            return None  # "near the coast of Antofagasta" in a post
        lower = words.lower_word(start) if end - start == 1 else None
        if lower is not None and (lower in LEXICON.never_places
                                  or lower.rstrip(".") in LEXICON.month_names):
            return None  # "died from Ebola", "on Easter", "in March"
        if (lower is not None and lower in LEXICON.generic_words and not long_prose
                and not self.notable(text)):
            return None  # "people in the West", "limited to the South" in a post
        if (lower is not None and text in person_names and not self.notable(text)
                and not _place_context(start, end, words)):
            return None  # "Saakashvili's resignation" after "Mikheil Saakashvili"
        if (not long_prose and not self.is_name(text)
                and not _place_context(start, end, words, taken)):
            return None  # the NER on a post or a line of text: "Rebels", "Tributes flood in"
        if _district_suffix(end, words):
            return Span(doc, start, end + 2, label="place")  # "…, D.C."
        if text not in LEXICON.geopolitical_bodies and self.demonym(text) \
                and not self.is_name(text):
            return Span(doc, start, end, label="demonym")
        return core

    # -- span clean-up ---------------------------------------------------------------------

    @staticmethod
    def _clean(span: Span, label: str, words: Words) -> Span | None:
        """Strip determiners, descriptive prefixes, possessives and punctuation."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and words.edge(start, _ARTICLE_IDS):
            start += 1
        # "the city of Mosul" → "Mosul"
        if (end - start > 2 and words.lower_id(start) in _DESCRIPTIVE_PREFIX_IDS
                and words.lower_id(start + 1) == _OF_ID):
            start += 2
        while end > start and words.edge(end - 1, _POSSESSIVE_IDS):
            end -= 1
        if (end < len(words) and words.word(end) == "." and not words.space(end - 1)
                and words.word(end - 1) + "." in LEXICON.division_abbreviations):
            end += 1  # "W.Va." is written with its full stop
        if end <= start or _time_zone(start, end, words):
            return None
        return Span(doc, start, end, label=label)

    def _embedded(self, span: Span, words: Words) -> Iterable[Span]:
        """Well-known places, named divisions and demonyms inside an organisation's or
        event's name ("The Washington Post", "Madison County Health Department", "Syrian
        Observatory for Human Rights"), longest first."""
        doc = span.doc
        name_word = {i: _name_word(i, words) for i in range(span.start, span.end)}
        inside = {i: name_word[i] or words.word(i) in LEXICON.inner_joiners
                  for i in range(span.start, span.end)}
        i = span.start
        while i < span.end:
            found = None
            for stop in range(min(span.end, i + 3), i, -1):
                if not (name_word[i] and name_word[stop - 1]
                        and all(inside[j] for j in range(i, stop))):
                    continue
                text = words.text(i, stop)
                if text in LEXICON.geopolitical_bodies or self.notable(text) or (
                        stop - i > 1 and words.lower_word(stop - 1) in LEXICON.division_heads
                        and self.is_name(text)):  # "the Clarke County Board of Education"
                    found = Span(doc, i, stop, label="place")
                elif stop - i == 1 and self.demonym(text):
                    found = Span(doc, i, stop, label="demonym")
                elif stop - i == 1 and self._event_place(i, stop, words):  # "the Johnstown Flood"
                    found = Span(doc, i, stop, label="place")
                if found is not None:
                    break
            if found is not None:
                yield found
                i = found.end
            else:
                i += 1

    def _article_countries(self, ents: tuple[Span, ...], words: Words) -> frozenset[str]:
        """The countries of the well-known places the NER found in the article."""
        if self.countries is None:
            return frozenset()
        found: set[str] = set()
        for ent in ents:
            if ent.label_ in PLACE_LABELS:
                text = words.text(ent.start, ent.end)
                if self.notable(text):
                    found.update(self.countries(text))
        return frozenset(found)

    def _local(self, text: str, article_countries: frozenset[str]) -> bool:
        """Whether ``text`` names a place in one of the article's countries."""
        return (self.countries is not None and bool(article_countries)
                and text[:1].isupper() and self.is_name(text)
                and bool(self.countries(text) & article_countries))

    def _known(self, span: Span, label: str, words: Words) -> Span | None:
        """``span`` with ``label`` when it is a gazetteer name ("in Martinique", which the
        NER calls a language, is a place)."""
        return Span(span.doc, span.start, span.end, label=label) \
            if self.is_name(words.text(span.start, span.end)) else None

    # -- short and informal text ----------------------------------------------------------

    def _hashtag_places(self, doc: Doc, words: Words) -> list[Span]:
        """Hashtags naming a place: the whole tag when it names a well-known place (``#Gaza``,
        ``#nigeria``, ``#SanDiego``) or, capitalised, a town (``#Ferguson``) or any known
        place after a place preposition ("around #Nkandla"); else the first
        or last word of a CamelCase tag when it names a well-known place (``#NepalEarthquake``,
        ``#PrayForGaza``), its token then split so that the span covers the place alone."""
        if not (words.orth == _HASH_ID).any():
            return []
        found: list[tuple[int, int, int]] = []  # (token index, char start, char end)
        for token in doc[:-1]:
            body = doc[token.i + 1]
            if token.text != "#" or token.whitespace_ or not body.is_alpha:
                continue
            whole = self._hashtag_name(body.text)
            if (not whole and token.i > 0 and body.text[0].isupper()
                    and doc[token.i - 1].lower_ in LEXICON.place_prepositions
                    and self.is_name(body.text)):
                whole = True  # "a protest around #Nkandla": any known place
            if whole is not None:
                if whole:
                    found.append((body.i, 0, len(body.text)))
                continue
            parts = list(_CAMEL_PART.finditer(body.text))
            for part in (parts[0], parts[-1]):
                if len(part.group()) > 3 and part.group()[0].isupper() \
                        and self.notable(_as_name(part.group())):
                    found.append((body.i, part.start(), part.end()))
                    break
        if not found:
            return []
        spans = []
        offsets = {doc[i].idx + start: doc[i].idx + end for i, start, end in found}
        with doc.retokenize() as retokenizer:
            for i, start, end in found:
                token = doc[i]
                pieces = [p for p in (token.text[:start], token.text[start:end],
                                      token.text[end:]) if p]
                if len(pieces) > 1:
                    place = pieces.index(token.text[start:end])
                    retokenizer.split(token, pieces, heads=[(token, place)] * len(pieces))
        for token in doc:  # the split tokens, at their new indexes
            if offsets.get(token.idx) == token.idx + len(token):
                spans.append(Span(doc, token.i, token.i + 1, label="place"))
        return spans

    def _hashtag_name(self, body: str) -> bool | None:
        """Whether a hashtag's whole body names a place: ``True``, ``False`` when it is the
        CamelCase of a name that is not a place to take ("#SolomonIslands" is, "#NorthVan"
        is not), ``None`` when it is no name (look at its words)."""
        if self.notable(_as_name(body)) or (body[0].isupper() and self._town(body)):
            return True
        parts = _CAMEL_PART.findall(body)
        if len(parts) < 2:
            return False
        joined = " ".join(parts)
        if self.is_name(joined):
            return self.notable(joined)
        return None

    def _affiliations(self, doc: Doc, words: Words) -> Iterable[Span]:
        """The places in politicians' party affiliations, after a person's name: "Sen. Ann
        Lee, D-Calif.", "Rep. Jo Cox (R-Elbow Lake)", "DFL-Cook"; the place's words end at
        punctuation and name a gazetteer place or a division's abbreviation."""
        letters = np.flatnonzero(among(words.orth, _PARTY_IDS)).tolist()
        if not letters:
            return
        person_ends = {ent.end for ent in doc.ents if ent.label_ == "PERSON"}
        for i in letters:
            start = i + 2
            if (start >= len(doc) or doc[i].whitespace_ or doc[i + 1].text != "-"
                    or doc[i + 1].whitespace_
                    or not person_ends.intersection(range(i - 2, i + 1))):
                continue
            end = start
            while (end < len(doc) and end - start < PARTY_PLACE_REACH
                   and doc[end].text[:1].isupper() and not doc[end].is_punct):
                end += 1
            if start < end < len(doc) and doc[end].is_punct:
                span = Span(doc, start, end, label="place")
                if _division_abbreviation(span.text) or self.is_name(span.text):
                    yield span

    def _multiword_names(self, doc: Doc, words: Words) -> Iterable[Span]:
        """Well-known names of several words, which the NER cuts apart or misses: joined
        ("Democratic Republic of the Congo", "Guinea-Bissau", "ANDORRA LA VELLA") or not
        ("Central African Republic", "Christmas Island"); the longest first in each run of
        capitalised words and joiners."""
        # a word that carries a run on: capitalised or a joiner, not opening a sentence
        goes_on = ((words.capital | among(words.lower, _JOINER_IDS))
                   & (words.sent_start != 1)).tolist()
        capital = words.capital.tolist()
        i, n = 0, len(doc)
        while i < n:
            if not capital[i]:
                i += 1
                continue
            end = i + 1
            while end < n and goes_on[end]:
                end += 1
            found = self._longest_notable(doc, i, end, capital, words) if end - i > 1 else None
            if found is not None:
                yield found
            i = found.end if found is not None else i + 1

    def _longest_notable(self, doc: Doc, start: int, end: int, capital: list[bool],
                         words: Words) -> Span | None:
        """The longest well-known name of two words or more in ``doc[start:end]`` that opens
        at ``start``, of capitalised words at both ends."""
        for stop in range(min(end, start + MULTIWORD_REACH), start + 1, -1):
            if capital[stop - 1] and self.notable(_as_name(words.text(start, stop))):
                return Span(doc, start, stop, label="place")
        return None

    def _headline_name(self, span: Span, words: Words) -> Span | None:
        """In a headline, post or caption, an NER span that is no name cut back to the longest
        well-known name it opens with ("Athens Say Talks" → "Athens")."""
        if len(span) < 2 or self.is_name(_as_name(words.text(span.start, span.end))):
            return span
        for stop in range(span.end - 1, span.start, -1):
            if not words.edge(stop - 1) and self.notable(
                    _as_name(words.text(span.start, stop))):  # not "israel &"
                return Span(span.doc, span.start, stop, label=span.label_)
        return span

    def _event_place(self, start: int, end: int, words: Words) -> bool:
        """A well-known place or a town (words ``start`` to ``end``) before a noun that makes
        it one: an event there, people from there ("the Napa earthquake", "Ferguson
        protesters", "an Alexandria man")."""
        if end >= len(words) or words.lower_word(end) not in LEXICON.local_nouns:
            return False
        text = words.text(start, end)
        return self.notable(text) or self._town(text)

    def _lower_case(self, doc: Doc, taken: set[int], words: Words) -> Iterable[Span]:
        """Well-known names written in lower case in a post or a line of text, in place
        context ("flights to nigeria", "living in the uk", "between israel & Hamas") or
        naming an event ("this nyc storm"); pronouns, other stop words and common words
        never."""
        for token in doc:
            if (token.i in taken or not token.is_lower or not token.is_alpha or token.is_stop
                    or len(token) < 2 or token.ent_type_ in PLACE_LABELS or _after_hash(token)
                    or token.lower_ in LEXICON.common_word_places):
                continue
            span = Span(doc, token.i, token.i + 1, label="place")
            name = _as_name(token.text)
            context = _place_context(token.i, token.i + 1, words, taken) or (
                token.i > 1 and doc[token.i - 1].lower_ == "the"
                and doc[token.i - 2].lower_ in LEXICON.place_prepositions)  # "to the uk"
            event = (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in LEXICON.local_nouns
                     and (len(token) > 3 or name in self.short_forms))  # not "oh man"
            if (context or event) and self.notable(name):
                yield span

    def _codes_after_places(self, doc: Doc, taken: set[int],
                            words: Words) -> Iterable[Span]:
        """State and province codes right after a place found, which the NER misses or calls
        a person ("Kingsport TN", "Portland OR", "Columbia #MS")."""
        for place in sorted(taken):
            i = place + 1
            if i < len(doc) and words.text(i, i + 1) in (",", "#"):
                i += 1
            if i >= len(doc) or i in taken:
                continue
            text = words.text(i, i + 1)
            if len(text) > 4:
                continue
            if words.noise(i) or not self._short_code(text):
                continue
            best = self.reading(text)
            if best is not None and best.place.feature == "ADM1":  # not "Region IV"
                yield Span(doc, i, i + 1, label="place")

    def _bare_code(self, span: Span, taken: set[int], words: Words) -> bool:
        """A two-letter code ("MD", "IN", "TN") with no place before it ("Selmer, TN"), no
        party letter ("D-N.D.") and no place context: not a place ("Rick Sacra, MD", "MT
        @user", "Rothstein, P.A.")."""
        start = span.start
        if span.end - start != 1 or not self._short_code(words.word(start)):
            return False
        if start > 1 and words.word(start - 1) == "-" \
                and words.word(start - 2) in LEXICON.party_letters:
            return False
        before = start - 1
        if before >= 0 and words.word(before) == ",":
            before -= 1
        after_place = before >= 0 and (before in taken or words.entity(before) in _PLACE_LABEL_IDS
                                       or self.is_name(words.word(before)))
        return not after_place and not _place_context(start, span.end, words, taken)

    def _common_word(self, span: Span, long_prose: bool, taken: set[int],
                     words: Words) -> bool:
        """A common word that names a place somewhere ("Reading", "Man", "Santa") outside
        place context: not a place, unless the NER calls it one in edited prose of more than
        a few lines. Where casing says little (a short text), "to" is no place context for it,
        nor any when a capitalised word follows: the word is a verb or a noun there, or opens
        another name ("Used to Haul Fish", "a Threat to Progress", "At Bus Stop").
        ``long_prose``: :func:`_long_prose` of the document."""
        start, end = span.start, span.end
        if end - start != 1 or words.lower_word(start) not in LEXICON.common_word_places:
            return False
        short = not long_prose
        after_to = short and start > 0 and words.lower_word(start - 1) == "to"
        going_on = short and end < len(words) and words.title(end)
        return (not (long_prose and words.entity(start) in _PLACE_LABEL_IDS)
                and (after_to or going_on or not _place_context(start, end, words, taken)))

    def _short_code(self, text: str) -> bool:
        """Whether ``text`` is a two-letter code ("MD", "TN", "P.A.") other than a country's,
        a curated short form's ("UK", "SF") or a body's ("EU")."""
        letters = text.replace(".", "")
        if (len(letters) != 2 or not letters.isalpha() or not letters.isupper()
                or text in self.short_forms or text in LEXICON.geopolitical_bodies):
            return False
        best = self.reading(text) or self.reading(letters)
        return best is None or best.place.feature != "country"

    def _town(self, text: str) -> bool:
        """Whether ``text`` is exactly the name of a town of at least
        :data:`HASHTAG_TOWN_POPULATION` (a hashtag names an event's place: ``#Ferguson``)."""
        best = self.reading(text)
        return best is not None and best.match is MatchKind.EXACT and best.place.feature == "city" \
            and best.place.population >= HASHTAG_TOWN_POPULATION

    # -- context ---------------------------------------------------------------------------

    def _missed(self, doc: Doc, taken: set[int], words: Words) -> Iterable[Span]:
        """Known places outside any entity: datelines in capitals, and names in place context;
        the other gazetteer names there as possible places (label :data:`_POSSIBLE`)."""
        # outside entities, capitalised or a short form: the words a place may open with
        outside = words.ent_type == 0
        may_open = (outside & (words.capital | among(words.orth, self._short_form_ids))).tolist()
        outside = outside.tolist()
        possible_end = 0
        for sent_start, sent_end in words.sentences():
            i = sent_start
            while i < sent_end:
                if not may_open[i]:
                    i += 1
                    continue
                if i in taken or not (_capitalised(i, words)
                                      or words.word(i) in self.short_forms):  # "SF", "U.A.E."
                    i += 1
                    continue
                end = i + 1
                while end < sent_end and end not in taken and outside[end] \
                        and _capitalised(end, words) and end - i < 4:
                    end += 1
                if self._adjectival_demonym(i, words):
                    yield Span(doc, i, i + 1, label="demonym")  # "Salvadoran migrant"
                    i += 1
                    continue
                stop = self._longest_known(i, end, words)
                known = stop is not None and not (stop - i == 1 and _stop_word(doc[i]))
                if known and (_place_context(i, stop, words) or _dateline(i, stop, words)
                              or self.notable(_as_name(words.text(i, stop)))
                              or self._event_place(i, stop, words)):
                    yield Span(doc, i, stop, label="place")
                    i = stop
                else:
                    if known and i >= possible_end:
                        yield Span(doc, i, stop, label=_POSSIBLE)
                        possible_end = stop
                    i += 1

    def _adjectival_demonym(self, i: int, words: Words) -> bool:
        """A demonym (word ``i``) the NER missed or mistook (a person: "Azerbaijani
        soldiers"), used as an adjective before a common noun."""
        if not (words.title(i) and i + 1 < len(words) and words.lower_case(i + 1)
                and words.alpha(i + 1)):
            return False
        text = words.word(i)
        return self.demonym(text) and not self.is_name(text)

    def _longest_known(self, start: int, end: int, words: Words) -> int | None:
        """The end of the longest gazetteer name in words ``start`` to ``end`` that opens at
        ``start`` (a name in capitals read in Title Case), if any."""
        for stop in range(end, start, -1):
            name = words.text(start, stop)
            if self.is_name(name.title() if name.isupper() else name):
                return stop
        return None


def _with_name_head(span: Span, taken: set[int], words: Words) -> Span:
    """A place with the capitalised head that makes one name with it ("Santa Clara County",
    "Klang Valley", "Big Island"), else the place as it is."""
    head = span.end
    if (span.label_ != "place" or head >= len(words) or head in taken
            or not (words.title(head) or words.upper(head))
            or words.lower_word(head) not in LEXICON.name_heads):
        return span
    return Span(span.doc, span.start, head + 1, label="place")


def _long_prose(doc: Doc, kind: TextKind) -> bool:
    """Whether ``doc`` is edited prose of more than a few lines, where the NER's reading of
    casing and context can be trusted; not a post, headline or caption, nor a line of text
    such as a post that carries no social marks ("Tributes flood in for …")."""
    return kind is TextKind.PROSE and len(doc) > 0 and (
        doc[-1].idx + len(doc[-1].text_with_ws) > SHORT_TEXT)  # the text's length, in O(1)


def _district_suffix(end: int, words: Words) -> bool:
    """Whether a name ending before word ``end`` is followed by ", D.C." ("Washington,
    D.C." is one place)."""
    return (end + 1 < len(words) and words.word(end) == ","
            and words.word(end + 1) in ("D.C.", "DC"))


def _division_abbreviation(text: str) -> bool:
    """Whether ``text`` is a first-level division's abbreviation, written with or without
    spaces and its last full stop ("W. Va.", "W.Va.", "Calif")."""
    return LEXICON.division_of(text) is not None or LEXICON.division_of(text + ".") is not None


def _time_zone(start: int, end: int, words: Words) -> bool:
    """Whether words ``start`` to ``end`` are a time zone after a time ("7 a.m. CT", "8pm
    ET")."""
    return (start > 0 and _TIME.fullmatch(words.lower_word(start - 1)) is not None
            and words.text(start, end) in LEXICON.time_zones)


def _place_context(start: int, end: int, words: Words, places: set[int] = frozenset()) -> bool:
    """Whether the words around words ``start`` to ``end`` say they are a place. ``places``:
    indexes of words already found to be places (a list goes on: "in Žilina, Nitra, Prešov
    and Košice")."""
    if start > 0:
        before = words.lower_word(start - 1)
        if before in LEXICON.place_prepositions:
            return True
        if before == "of" and start > 1 and words.lower_word(start - 2) in LEXICON.place_of_nouns:
            return True
        if (before in LEXICON.list_joiners and start > 1
                and (words.entity(start - 2) in _PLACE_LABEL_IDS or start - 2 in places)):
            return True  # "between Mosul and Tal Afar", "in Žilina, Nitra and Prešov"
    if end < len(words):
        if words.lower_word(end) in LEXICON.place_heads:
            return True
        if (words.word(end) in _DASHES and end + 1 < len(words)
                and words.lower_word(end + 1) in LEXICON.place_heads):
            return True
    return False


def _person_names(ents: tuple[Span, ...], words: Words) -> frozenset[str]:
    """The words of the names of the people the NER finds in the document: the same word
    elsewhere is that person, not a place the NER took it for."""
    return frozenset(words.word(i) for ent in ents if ent.label_ == "PERSON" and len(ent) > 1
                     for i in range(ent.start, ent.end) if words.title(i))


def _speakers(words: Words) -> frozenset[str]:
    """The capitalised words just before a verb of speech ("Johnson said"): in this document
    they name people or organisations."""
    return frozenset(words.word(i - 1) for i in
                     np.flatnonzero(among(words.lower, _SPEECH_IDS)).tolist()
                     if i > 0 and words.title(i - 1))


def _after_hash(token: Token) -> bool:
    """Whether ``token`` is (part of) a hashtag's body."""
    doc = token.doc
    i = token.i
    while i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text != "#":
        i -= 1
    return i > 0 and doc[i - 1].text == "#" and not doc[i - 1].whitespace_


def _stop_word(token: Token) -> bool:
    """A stop word in any casing ("Be", "GO")."""
    return token.is_stop or token.doc.vocab[token.lower_].is_stop


def _as_name(text: str) -> str:
    """``text`` as a name is written: Title Case for words in lower or upper case (a
    hashtag, a headline in capitals), short codes in capitals ("uk" → "UK")."""
    if text.islower() and len(text) <= 3:
        return text.upper()
    if text.islower() or (text.isupper() and len(text) > 3):
        return text.title()
    return text


def _capitalised(i: int, words: Words) -> bool:
    word = words.word(i)
    return (words.alpha(i) and (words.title(i) or (words.upper(i) and len(word) > 2))
            and words.lower_word(i) not in LEXICON.not_places)


def _name_word(i: int, words: Words) -> bool:
    """A word that can be (part of) a name inside a longer name: capitalised, or an
    abbreviation such as "US", "U.S." or "UAE"."""
    word = words.word(i)
    return _capitalised(i, words) or (word[:1].isupper() and word.replace(
        ".", "").isupper() and len(word) >= 2)


def _dateline(start: int, end: int, words: Words) -> bool:
    """Whether words ``start`` to ``end`` are a dateline: ``BEIRUT (AP) —`` or ``MOSUL, Iraq
    —`` at the start of a line, a caption's ``Ashgabat, March 3:``, or a dateline in capitals
    after a sentence, where a text runs its headline and body together ("… charged. BANTAM —
    A mason …", "… home. CARTHAGE, N.C. (AP) -")."""
    if end >= len(words):
        return False
    after = words.word(end)
    text = words.text(start, end)
    if start == 0 or "\n" in words.word(start - 1):
        if not text.isupper():
            return (after == "," and end + 1 < len(words)
                    and words.lower_word(end + 1).rstrip(".") in LEXICON.month_names)
        return after in _DATELINE_AFTER
    return (text.isupper() and words.word(start - 1) in _SENTENCE_ENDS
            and (after in _DATELINE_DASHES or _state_after(end, words)))


def _state_after(end: int, words: Words) -> bool:
    """Whether a name ending before word ``end`` is followed by ", " and a first-level
    division ("…, N.C.", "…, W.Va.", "…, Ohio")."""
    if end + 1 >= len(words) or words.word(end) != ",":
        return False
    state = words.word(end + 1)
    return _division_abbreviation(state) or state in LEXICON.division_abbreviations.values()


@Language.factory(
    "geonews_toponyms",
    default_config={"gazetteer": "", "rescue": True},
    requires=["doc.ents", "doc.sents"],
    assigns=["doc.spans"],
)
def make_toponym_recognizer(nlp: Language, name: str, gazetteer: str,
                            rescue: bool) -> ToponymRecognizer:
    """spaCy factory: ``gazetteer`` is an index path ("" for the default embedded one); the
    gazetteer itself is this process's opened one (:mod:`geonews.resources`)."""
    return toponym_recognizer(open_gazetteer(gazetteer or None), rescue=rescue)


def toponym_recognizer(gazetteer: CandidateLookup, *, rescue: bool = True) -> ToponymRecognizer:
    """The recogniser with every look-up on ``gazetteer`` (a :class:`gazetteer.Gazetteer`)."""
    is_demonym = lru_cache(maxsize=50_000)(lambda word: gazetteer.demonym(word) is not None)
    return ToponymRecognizer(gazetteer.is_name, is_demonym,
                             rescue=rescue, notable=notable_lookup(gazetteer),
                             countries=country_lookup(gazetteer),
                             reading=reading_lookup(gazetteer), short_forms=curated_short_forms())

