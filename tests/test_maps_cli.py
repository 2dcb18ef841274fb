"""``geonews map`` with stand-ins for the pipeline (the command's own behaviour only)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from maps_samples import multi_documents, seed_document

import geonews.cli.map_cmd
import geonews.parsing.geoparser
import geonews.records.corpus
from geonews.cli.app import main
from geonews.cli.map_cmd import default_output
from geonews.models import TextKind


@pytest.fixture
def fake_pipeline(monkeypatch, tmp_path):
    """In a folder with articles a.txt, b.txt and mosul.txt: read_documents yields the
    articles of the hand-parsed seed document (one input) or multi documents (several);
    Geoparser returns those hand-parsed documents."""
    calls = {}
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.txt", "mosul.txt"):
        (tmp_path / name).write_text("an article", encoding="utf-8")

    def samples(count):
        return multi_documents() if count > 1 else [seed_document()]

    class FakeGeoparser:
        def __init__(self, settings):
            calls["model"], calls["gazetteer"] = settings.model, settings.gazetteer
            calls["text_kind"] = settings.text_kind

        def parse_documents(self, documents, *, given_spans=False):
            calls["documents"], calls["given_spans"] = len(list(documents)), given_spans
            return iter(samples(calls["documents"]))

    def read_documents(paths):
        calls["inputs"] = list(paths)
        return iter([p.document for p in samples(len(calls["inputs"]))])

    monkeypatch.setattr(geonews.records.corpus, "read_documents", read_documents)
    monkeypatch.setattr(geonews.parsing.geoparser, "Geoparser", FakeGeoparser)
    return calls


def test_default_output_is_in_maps_named_after_the_first_input():
    assert str(default_output("news/mosul.txt")) == "maps/mosul.html"
    assert str(default_output("-")) == "maps/stdin.html"
    assert str(default_output("corpus/")) == "maps/corpus.html"


def test_map_writes_the_default_file_and_reports(fake_pipeline, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["map", "mosul.txt", "--model", "en_core_web_sm",
                                       "--given-spans", "--text-kind", "caption"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "maps" / "mosul.html").is_file()
    assert result.output == ("Wrote maps/mosul.html: 3 places, 9 of 9 mentions mapped, "
                             "from 1 article.\n")
    assert fake_pipeline == {"model": "en_core_web_sm", "gazetteer": None, "documents": 1,
                             "text_kind": TextKind.CAPTION, "inputs": ["mosul.txt"],
                             "given_spans": True}


def test_map_options_reach_the_page(fake_pipeline, tmp_path):
    out = tmp_path / "week.html"
    result = CliRunner().invoke(main, ["map", "a.txt", "b.txt", "-o", str(out), "--tiles", "none",
                                       "--heatmap", "--title", "Week 45"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Week 45</title>" in page and '"heatmap":true' in page
    assert "<script src=" not in page  # tiles none: self-contained
    assert "7 places, 15 of 16 mentions mapped, from 3 articles" in result.output


@pytest.mark.parametrize("args, message", [
    (["--tiles", "Nowhere"], "Error: unknown basemap 'Nowhere'; use a folium or xyzservices"),
    (["--boundaries", "missing.geojson"], "Error: boundary file not found: 'missing.geojson'"),
])
def test_bad_map_options_are_one_line_errors(fake_pipeline, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["map", "a.txt", *args])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert not (tmp_path / "maps" / "a.html").exists()


def test_map_help():
    result = CliRunner().invoke(main, ["map", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--tiles", "--boundaries", "--heatmap", "--title", "--model",
                   "--given-spans"):
        assert option in result.output
