"""Parsing on several processes: identical output and order, errors reach the caller."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest

from geonews.errors import ModelNotFound
from geonews.models import Document
from geonews.parsing.geoparser import Geoparser, parse_batch
from geonews.parsing.parallel import WorkersError, batches, map_batches

TEXTS = [
    "Iraqi forces entered Mosul on Thursday after a two-week advance from Erbil.",
    "The governor of Illinois spoke in Springfield, Illinois, on Monday.",
    "BEIRUT (AP) — Clashes near the Syrian border killed three people, officials said.",
    "Aid convoys from Jordan reached Aleppo and Damascus, the United Nations said.",
    "Nothing happened here.",
    "Residents of Nineveh province fled to camps near Dohuk.",
    "Prices rose in Lagos and Abuja after the central bank of Nigeria raised rates.",
]


def documents(count: int) -> list[Document]:
    docs = []
    for n in range(count):
        text = TEXTS[n % len(TEXTS)]
        start = text.find("Mosul")
        spans = ((start, start + 5),) if start >= 0 else None
        docs.append(Document(id=f"doc-{n}", text=text, toponyms=spans))
    return docs


@pytest.fixture(scope="module")
def parser(gazetteer) -> Geoparser:
    return Geoparser(gazetteer=gazetteer)


def test_batches_cut_lazily():
    assert [len(c) for c in batches(iter(range(7)), 3)] == [3, 3, 1]
    assert list(batches([], 3)) == []


def test_two_workers_give_the_output_of_one(parser):
    docs = documents(30)
    one = list(parser.parse_documents(docs))
    many = list(map_batches(partial(parse_batch, parser.settings, False), iter(docs),
                            workers=2, batch_size=4))
    assert [p.document.id for p in many] == [d.id for d in docs]
    assert many == one
    given_one = list(parser.parse_documents(docs, given_spans=True))
    given_many = list(parser.parse_documents(docs, given_spans=True, workers=2))
    assert given_many == given_one


def test_workers_must_be_positive(parser):
    with pytest.raises(WorkersError, match="at least 1, not 0"):
        list(parser.parse_documents(documents(2), workers=0))


def test_a_worker_error_reaches_the_caller(parser):
    settings = replace(parser.settings, model="no_such_model_xyz")
    with pytest.raises(ModelNotFound, match="no_such_model_xyz"):
        list(Geoparser(settings).parse_documents(documents(3), workers=2))


def test_worker_warnings_are_repeated_in_the_caller(parser):
    text = ("Les forces irakiennes sont entrées jeudi dans Mosul, après une longue offensive "
            "dans la région. Les habitants de la ville ont fui vers les camps situés près de "
            "Dohuk, selon les Nations unies, qui craignent une crise humanitaire majeure.")
    docs = [Document(id="fr", text=text)]
    with pytest.warns(Warning, match="fr: does not look like English"):
        list(parser.parse_documents(docs, workers=2))
