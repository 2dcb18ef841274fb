"""Property: over generated texts (Unicode: emoji, combining marks, RTL, CRLF …) every
mention's text is ``text[start:end]`` and lies inside its sentence, for whole articles and for
articles cut into chunks."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geonews.text.chunking import chunk_bounds
from geonews.parsing.geoparser import Geoparser

FRAGMENTS = [
    "Mosul", "Nineveh province", "Iraqi forces", "Springfield, Illinois", "Baghdad", "Syria",
    "São Paulo", "Zürich", "Kraków", "MOSUL, Iraq —", "the people of Nineveh", "in Paris",
    "الموصل", "בגדד", "\u200fשלום\u200f", "\u202eevil\u202c", "🇮🇶", "👍🏽", "👩‍👩‍👧", "e\u0301",
    "Mosul\u0301", "Ba\u0308ghdad", "\u00a0", "\t", "\r\n", "\n\n", "\r\n\r\n", ". ", "! ",
    "? ", ", ", " — ", "\u2028", "\ufeff", "\ufffd", "x" * 30,
]
SEPARATORS = st.sampled_from([" ", " ", " ", "\r\n", "\n", ". ", "\u3000", ""])
PIECES = st.one_of(st.sampled_from(FRAGMENTS),
                   st.text(st.characters(exclude_categories=("Cs",)), max_size=8))
TEXTS = st.lists(st.tuples(PIECES, SEPARATORS), min_size=1, max_size=30).map(
    lambda parts: "".join(p + s for p, s in parts))


@pytest.fixture(scope="module")
def parsers(gazetteer) -> tuple[Geoparser, Geoparser]:
    whole = Geoparser(gazetteer=gazetteer)
    chunked = Geoparser(gazetteer=gazetteer, max_chunk_chars=40)
    chunked._nlp = whole.nlp  # one spaCy pipeline for both
    return whole, chunked


def check(text: str, parsed) -> None:
    sentences = [(s.start, s.end) for s in parsed.sentences]
    assert all(0 <= a < b <= len(text) for a, b in sentences)
    assert sentences == sorted(sentences)
    for resolved in parsed.mentions:
        m = resolved.mention
        assert m.text and text[m.start:m.end] == m.text
        assert 0 <= m.sentence_start <= m.start < m.end <= m.sentence_end <= len(text)


# generated texts are often not English: the warning about it is expected here
@pytest.mark.filterwarnings("ignore::geonews.text.language.LanguageWarning")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_mentions_are_slices_of_the_text_inside_their_sentence(parsers, text):
    whole, chunked = parsers
    check(text, whole.parse_text(text))
    check(text, chunked.parse_text(text))


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, max_chars=st.integers(2, 50))
def test_chunks_concatenate_to_the_text(text, max_chars):
    bounds = chunk_bounds(text, max_chars)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(0 < b - a <= max_chars for a, b in bounds) or bounds == [(0, 0)]
    assert all(b1 == a2 for (_, b1), (a2, _) in itertools.pairwise(bounds))
