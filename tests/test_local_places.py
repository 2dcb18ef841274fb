"""Document-local evidence (geonews.resolution.local and the recogniser's possible places):
a name with no evidence of its own is a place when the article placed the same name elsewhere
or it names a place in the article's focus division."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geonews.models import Approximation, Mention
from geonews.parsing.geoparser import Geoparser
from geonews.recognition.recognizer import POSSIBLE_KEY, SPANS_KEY, ToponymRecognizer
from geonews.resolution import Resolver
from geonews.resolution.local import local_mentions

TEXT = "Shelling hit Mosul in Nineveh. Tall Kayf and Springfield and UK and Mosul Dam."


TWICE = "Springfield voted. Mosul in Nineveh was shelled. Springfield sent aid."


def _twice() -> tuple[Mention, Mention, Mention]:
    """The first "Springfield", "Mosul" and the second "Springfield" of :data:`TWICE`."""
    return tuple(Mention("t", start, start + len(name), name, "place", 0, len(TWICE))
                 for name, start in (("Springfield", 0), ("Mosul", TWICE.index("Mosul")),
                                     ("Springfield", TWICE.rindex("Springfield"))))


def _mention(name: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(name, start + 1)
    return Mention("t", start, start + len(name), name, "place", 0, len(TEXT))


@pytest.fixture(scope="module")
def resolver(tiny_gazetteer) -> Resolver:
    return Resolver(tiny_gazetteer)


def test_a_possible_name_in_the_focus_division_is_a_place(resolver):
    resolved = resolver.resolve(TEXT, [_mention("Mosul"), _mention("Nineveh")])
    possible = [_mention("Tall Kayf"), _mention("Springfield"), _mention("Mosul Dam")]
    # Tall Kayf lies in Nineveh; Springfield lies elsewhere; "Mosul Dam" overlaps nothing but
    # is no exact name.
    assert local_mentions(resolved, possible, resolver.finder) == [_mention("Tall Kayf")]


def test_a_name_placed_elsewhere_in_the_article_is_a_place_again(resolver):
    text, (first, mosul, again) = TWICE, _twice()
    resolved = resolver.resolve(text, [first, mosul])
    assert resolved[0].place is not None and not resolved[0].approximate
    # Springfield lies outside the focus division, but the article placed it already.
    assert local_mentions(resolved, [again], resolver.finder) == [again]
    stand_in = [replace(resolved[0], approximation=Approximation.LOCALE), resolved[1]]
    assert local_mentions(stand_in, [again], resolver.finder) == []


def test_nothing_is_added_without_a_focus_or_over_a_mention(resolver):
    assert local_mentions([], [_mention("Tall Kayf")], resolver.finder) == []
    resolved = resolver.resolve(TEXT, [_mention("Mosul"), _mention("Nineveh")])
    assert local_mentions(resolved, [_mention("Mosul")], resolver.finder) == []


def _possible(nlp, text: str, ents: dict[str, str]) -> tuple[list[str], list[str]]:
    recognizer = ToponymRecognizer(lambda t: t in {"Tall Kayf", "Keller", "Mosul"},
                                   lambda t: False, notable=lambda t: t == "Mosul")
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label=label)
                for p, label in ents.items()]
    recognizer(doc)
    return [s.text for s in doc.spans[SPANS_KEY]], [s.text for s in doc.spans[POSSIBLE_KEY]]


def test_the_recogniser_keeps_names_without_evidence_as_possible_places(nlp):
    text = "Tall Kayf council met. Keller wrote the plan for Mosul."
    assert _possible(nlp, text, {"Keller": "PERSON"}) == (["Mosul"], ["Tall Kayf", "Keller"])


@pytest.mark.parametrize("text, ents", [
    ("Keller won. Ann Keller wrote it.", {"Keller": "PERSON", "Ann Keller": "PERSON"}),
    ("Keller said the plan was late. Keller won.", {}),
])
def test_a_persons_name_is_no_possible_place(nlp, text, ents):
    assert _possible(nlp, text, ents) == ([], [])


def test_the_parser_adds_a_small_place_of_the_focus_division(tiny_gazetteer):
    # Nothing but the article's focus (Nineveh) says that "Tall Kayf" is a place here.
    parser = Geoparser(gazetteer=tiny_gazetteer)
    text = ("Shelling hit Mosul in Nineveh on Monday. Tall Kayf was quiet, and "
            "Tall Kayf schools stayed open.")
    parsed = parser.parse_text(text)
    found = [(m.mention.text, m.place.name if m.place else None) for m in parsed.mentions]
    assert found.count(("Tall Kayf", "Tall Kayf")) == 2
    assert all(text[m.mention.start:m.mention.end] == m.mention.text for m in parsed.mentions)
    assert [m.mention.start for m in parsed.mentions] == sorted(
        m.mention.start for m in parsed.mentions)


def test_resolve_with_possible_reads_a_name_again_as_before(resolver):
    text, (first, mosul, again) = TWICE, _twice()
    out = resolver.resolve_with_possible(text, [first, mosul], [again])
    assert [r.mention for r in out] == [first, mosul, again]
    assert out[2].place == out[0].place and out[2].confidence == out[0].confidence
