"""Tests for the street and road names of geonews.recognition.recognizer, on blank spaCy
pipelines with hand-set entities."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from geonews.models import TextKind
from geonews.recognition.recognizer import SPANS_KEY, TEXT_KIND_ATTR, ToponymRecognizer

PLACES = {"Mosul", "Memphis", "Tennessee"}


@pytest.fixture(scope="module")
def recognizer() -> ToponymRecognizer:
    return ToponymRecognizer(lambda t: t in PLACES, lambda t: False,
                             notable=lambda t: t in PLACES)


def _run(nlp, recognizer, text: str, ents: dict[str, str] | None = None,
         kind: TextKind | None = None) -> list[tuple[str, int, int]]:
    """The places found in ``text`` (the NER's ``ents`` set by hand): text and offsets."""
    doc: Doc = nlp(text)
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label=label)
                for p, label in (ents or {}).items()]
    doc._.set(TEXT_KIND_ATTR, kind)
    places = recognizer(doc).spans[SPANS_KEY]
    return [(s.text, s.start_char, s.end_char) for s in places if s.label_ == "place"]


def test_streets_found_with_exact_offsets(nlp, recognizer):
    text = "He lives at 1935 Orchard St., near N. Poplar St. and Oak Rd. in Mosul."
    assert _run(nlp, recognizer, text, {"Mosul": "GPE"}) == [
        ("Orchard St.", 17, 28), ("N. Poplar St.", 35, 48), ("Oak Rd.", 53, 60),
        ("Mosul", 64, 69)]


def test_street_the_ner_calls_a_person_or_organisation(nlp, recognizer):
    text = "A crash on Pennsylvania Avenue closed Martin Luther King Jr. Boulevard."
    ents = {"Pennsylvania Avenue": "ORG", "Martin Luther King Jr.": "PERSON"}
    assert [t for t, _, _ in _run(nlp, recognizer, text, ents)] == [
        "Pennsylvania Avenue", "Martin Luther King Jr. Boulevard"]


def test_numbered_routes(nlp, recognizer):
    text = "Traffic on Interstate 55, County Road 225 and I-95 stopped near Highway 29."
    assert _run(nlp, recognizer, text) == [
        ("Interstate 55", 11, 24), ("County Road 225", 26, 41), ("I-95", 46, 50),
        ("Highway 29", 64, 74)]


def test_no_streets_where_capitals_say_nothing(nlp, recognizer):
    text = "Crash Closes Main Street And Interstate 55"
    assert _run(nlp, recognizer, text, kind=TextKind.HEADLINE) == []
    assert _run(nlp, recognizer, text.upper(), kind=TextKind.CAPS) == []
    assert [t for t, _, _ in _run(nlp, recognizer, "A crash closed Main Street.",
                                  kind=TextKind.PROSE)] == ["Main Street"]


def test_street_spans_do_not_overlap(nlp, recognizer):
    # The street takes the place the NER found inside it, once.
    text = "He lives on Memphis Street in Memphis, Tennessee."
    out = _run(nlp, recognizer, text, {"Memphis": "GPE", "Tennessee": "GPE"})
    assert out == [("Memphis Street", 12, 26), ("Memphis", 30, 37), ("Tennessee", 39, 48)]
    assert len({i for _, s, e in out for i in range(s, e)}) == sum(e - s for _, s, e in out)


@pytest.mark.parametrize("text, ents", [
    ("Main said the talks failed.", {"Main": "PERSON"}),
    ("The driver, Virginia L. Lane, 77, was hurt.", {"Virginia L. Lane": "PERSON"}),
    ("The Wall Street Journal and the Highway Patrol said so.", {}),
    ("Life on the Street goes on.", {}),
])
def test_not_streets(nlp, recognizer, text, ents):
    assert _run(nlp, recognizer, text, ents) == []
