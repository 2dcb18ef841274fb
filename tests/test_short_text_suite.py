"""A handful of items of the short-text suite (``benchmarks/short_text_suite.py``)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

SUITE_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "short_text_suite.py"


@pytest.fixture(scope="module")
def suite():
    spec = importlib.util.spec_from_file_location("short_text_suite", SUITE_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_render_keeps_the_article_outside_the_span(suite):
    text, start, end = suite.render("{p} Braces for Storm", "the Netherlands", "Peru")
    assert text == "The Netherlands Braces for Storm"
    assert text[start:end] == "Netherlands"
    text, start, end = suite.render("Flights between {p} and {o}", "Kyiv", "The Gambia",
                                    caps=True)
    assert text == "FLIGHTS BETWEEN KYIV AND GAMBIA" and text[start:end] == "KYIV"


def test_generated_documents_have_exact_spans(suite, gazetteer):
    items = suite.all_items(gazetteer)
    assert {len(items[c]) > 0 for c in suite.CATEGORIES} == {True}
    names = {i.form for i in items["city"]} | {i.form for i in items["capital"]}
    assert {"Kyiv", "Lagos", "Nairobi"} <= names
    assert "the Netherlands" in {i.form for i in items["country"]}
    sample = items["nickname"][:3] + items["country"][:3]
    for _category, _kind, gold in suite.documents(sample, suite.KINDS, items["country"],
                                                  random.Random(0)):
        (top,) = gold.toponyms
        assert gold.document.text[top.start:top.end] == top.text
        assert gold.document.toponyms == ((top.start, top.end),)


def test_suite_runs_through_the_geoparser(suite, gazetteer):
    from geonews.parsing.geoparser import Geoparser

    parser = Geoparser(gazetteer=gazetteer)
    result = suite.run(limit=2, categories=("city", "country"), kinds=("sentence",),
                       parser=parser)
    assert set(result) == {"city", "country"}
    for rows in result.values():
        assert rows["all"]["n"] == 2
        assert 0.0 <= rows["all"]["placed"] <= rows["all"]["found"] <= 1.0
