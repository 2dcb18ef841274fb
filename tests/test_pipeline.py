"""The pipeline API: Geoparser, geonews.parse, given spans, streaming, settings."""

from __future__ import annotations

import itertools
import pickle

import pytest

import geonews
from geonews.models import Document, ParsedDocument, ResolvedMention, TextKind
from geonews.parsing.geoparser import Geoparser
from geonews.resources import open_gazetteer
from geonews.settings import ParserSettings, SettingsError

MOSUL = ("Iraqi forces were poised on Thursday to enter the city of Mosul, the last "
         "stronghold of the militants in Iraq.\nResidents of Mosul said shelling could be "
         "heard from the eastern districts.")
SPRINGFIELD = "The governor of Illinois spoke in Springfield, Illinois, on Monday."


@pytest.fixture(scope="module")
def parser(gazetteer) -> Geoparser:
    return Geoparser(gazetteer=gazetteer)


def _places(parsed: ParsedDocument) -> list[tuple[str, int | None]]:
    return [(m.mention.text, m.place.geonameid if m.place else None) for m in parsed.mentions]


def test_parse_text_finds_and_resolves_mosul(parser):
    parsed = parser.parse_text(MOSUL, "mosul")
    places = _places(parsed)
    assert ("Mosul", 99072) in places
    assert ("Iraq", 99237) in places
    assert ("Iraqi", 99237) in places  # a demonym resolves to its country
    for resolved in parsed.mentions:
        m = resolved.mention
        assert m.doc_id == "mosul"
        assert MOSUL[m.start:m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert "\n" not in MOSUL[m.sentence_start:m.sentence_end]  # lines split sentences


def test_sentences_are_ordered_and_inside_the_text(parser):
    parsed = parser.parse_text(MOSUL)
    assert [s.start for s in parsed.sentences] == sorted(s.start for s in parsed.sentences)
    assert all(0 <= s.start < s.end <= len(MOSUL) for s in parsed.sentences)
    assert len(parsed.sentences) >= 2


def test_parse_documents_streams_lazily_and_keeps_order(parser):
    pulled = []

    def documents():
        for n in itertools.count():
            pulled.append(n)
            yield Document(id=f"d{n}", text=MOSUL if n % 2 else SPRINGFIELD)

    stream = parser.parse_documents(documents())
    first = list(itertools.islice(stream, 3))
    assert [p.document.id for p in first] == ["d0", "d1", "d2"]
    assert len(pulled) < 200  # an endless input is not read to the end
    stream.close()


def test_parse_documents_of_nothing(parser):
    assert list(parser.parse_documents([])) == []


def test_given_spans_resolves_exactly_those_spans(parser):
    start = MOSUL.index("Mosul")
    doc = Document(id="g", text=MOSUL, toponyms=((start, start + 5), (0, 5)))
    parsed = parser.parse_document(doc, given_spans=True)
    assert [(m.mention.start, m.mention.end) for m in parsed.mentions] == [(0, 5),
                                                                          (start, start + 5)]
    assert parsed.mentions[1].place.geonameid == 99072
    assert all(m.mention.label == "place" for m in parsed.mentions)


def test_given_spans_without_spans_gives_no_mentions(parser):
    parsed = parser.parse_document(Document(id="none", text=MOSUL), given_spans=True)
    assert parsed.mentions == ()
    assert parsed.sentences


def test_settings_rebuild_an_equivalent_parser(parser):
    settings = parser.settings
    assert settings.gazetteer == str(parser.gazetteer.path)
    assert Geoparser(settings).settings == settings
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert Geoparser(settings, text_kind="headline").settings.text_kind is TextKind.HEADLINE


@pytest.mark.parametrize(("changes", "message"), [
    ({"text_kind": "poem"}, "unknown text kind 'poem' (allowed: prose, headline, caps, social, "
                            "caption, or None to detect it per document)"),
    ({"batch_size": 0}, "batch_size must be a whole number of at least 1, not 0"),
    ({"max_chunk_chars": "big"}, "max_chunk_chars must be a whole number of at least 2, "
                                 "not 'big'"),
    ({"model": ""}, "model must be a name or a path (or None for the default), not ''"),
])
def test_bad_settings_are_refused_up_front(changes, message):
    with pytest.raises(SettingsError) as caught:
        ParserSettings(**changes)
    assert str(caught.value) == message


def test_one_gazetteer_per_index_file_in_a_process(parser, monkeypatch, tmp_path):
    """The parser's gazetteer is the process's instance of its file: the one its spaCy
    component and any other parser of that file get (geonews.resources)."""
    assert open_gazetteer(parser.settings.gazetteer) is parser.gazetteer
    monkeypatch.chdir(parser.gazetteer.path.parent)
    assert Geoparser(gazetteer=parser.gazetteer.path.name).gazetteer is parser.gazetteer
    monkeypatch.setenv("GEONEWS_GAZETTEER", str(parser.gazetteer.path))
    assert open_gazetteer() is parser.gazetteer


def test_settings_record_for_a_resumable_run():
    assert ParserSettings().checkpoint() == {"model": None, "gazetteer": None}
    assert ParserSettings(text_kind=TextKind.SOCIAL, resolver_weights="w.json").checkpoint() \
        == {"model": None, "gazetteer": None, "resolver_weights": "w.json", "text_kind": "social"}


def test_geonews_parse_top_level(gazetteer, monkeypatch):
    monkeypatch.setenv("GEONEWS_GAZETTEER", str(gazetteer.path))
    found = geonews.parse("Fighting in Mosul.")
    assert all(isinstance(m, ResolvedMention) for m in found)
    assert [(m.mention.text, m.place.geonameid) for m in found] == [("Mosul", 99072)]
