"""``geonews parse``: outputs, messages, exit codes, --workers, --quiet, --scheduler checks."""

from __future__ import annotations

import json

import pyogrio
import pytest
from click.testing import CliRunner

from geonews.cli import main
from geonews.models import Document
from geonews.parsing.geoparser import Geoparser
from geonews.parsing.progress import progress, shows_progress

ARTICLES = [
    {"id": "a1", "text": "Iraqi forces entered Mosul on Thursday, officials in Baghdad said."},
    {"id": "a2", "text": "The governor of Illinois spoke in Springfield, Illinois."},
    {"id": "a3", "text": "Nothing to see here."},
    {"id": "a4", "text": "Aid convoys from Jordan reached Aleppo, the United Nations said."},
]


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture()
def run(gazetteer):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["parse", *args, "--gazetteer", str(gazetteer.path)])

    return invoke


def test_parse_to_stdout_is_jsonl(run, tmp_path):
    article = tmp_path / "mosul.txt"
    article.write_text("Fighting continued in Mosul on Friday.", encoding="utf-8")
    result = run(str(article))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["text"], r["geonameid"]) for r in rows] == [("mosul", "Mosul",
                                                                           99072)]
    assert result.stderr == ""  # no progress bar, no message when not on a terminal


def test_parse_to_file_says_what_it_wrote(run, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} == {"a1", "a2", "a4"}
    assert f"Wrote {len(rows)} mentions to {out} (jsonl)." in result.stderr


def test_parse_writes_documents_with_their_focus(run, corpus, tmp_path):
    out, docs = tmp_path / "out.jsonl", tmp_path / "docs.jsonl"
    result = run(str(corpus), "-o", str(out), "--documents", str(docs))
    assert result.exit_code == 0, result.output
    rows = {r["doc_id"]: r for r in map(json.loads, docs.read_text("utf-8").splitlines())}
    assert list(rows) == ["a1", "a2", "a3", "a4"]  # every article, with places or not
    assert (rows["a1"]["country_code"], rows["a1"]["city"]) == ("IQ", "Mosul")
    assert rows["a2"]["admin1_code"] == "US.IL"
    assert rows["a3"]["focus"] is None and rows["a3"]["mentions"] == 0
    assert f"Wrote 4 documents to {docs}." in result.stderr


def test_documents_table_api_and_output_agree_on_the_focus_point(run, tmp_path, gazetteer):
    """An article about a state it does not name: the focus point is the state's own, in
    ``parsed.focus``, the ``--documents`` table and the GeoPackage's documents layer."""
    text = "Protesters marched in Austin, Dallas and Houston on Saturday."
    article = tmp_path / "texas.txt"
    article.write_text(text, encoding="utf-8")
    out, docs = tmp_path / "out.gpkg", tmp_path / "docs.jsonl"
    result = run(str(article), "-o", str(out), "--documents", str(docs))
    assert result.exit_code == 0, result.output
    row = json.loads(docs.read_text("utf-8"))
    texas = next(p for p in gazetteer.region("US.TX") if p.feature == "ADM1")
    assert (row["focus_level"], row["admin1_code"]) == ("admin1", "US.TX")
    assert (row["lat"], row["lon"]) == (texas.lat, texas.lon)
    layer = pyogrio.read_dataframe(out, layer="documents")
    assert (layer["lat"][0], layer["lon"][0]) == (texas.lat, texas.lon)
    focus = Geoparser(gazetteer=gazetteer).parse_document(Document("texas", text)).focus
    assert (focus.place.lat, focus.place.lon) == (texas.lat, texas.lon)


def test_workers_give_the_same_file(run, corpus, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(str(corpus), "-o", str(one), "--quiet").exit_code == 0
    result = run(str(corpus), "-o", str(two), "--workers", "2", "-q")
    assert result.exit_code == 0, result.output
    assert two.read_bytes() == one.read_bytes()


@pytest.mark.parametrize("args, code, message", [
    (["missing.jsonl"], 1, "Error: missing.jsonl: no such file or folder"),
    (["{corpus}", "-o", "out.xyz"], 1, "unknown output extension '.xyz'"),
    (["{corpus}", "--workers", "0"], 2, "Invalid value for '-w' / '--workers'"),
    (["{corpus}", "-o", "{tmp}"], 2, "is a directory"),
    (["{corpus}", "--scheduler", "local"], 2, "give it with -o"),
    (["{corpus}", "-o", "{tmp}/ds", "--scheduler", "local", "--append"], 2,
     "--append cannot be combined with --scheduler"),
    (["{corpus}", "-o", "{tmp}/ds", "--scheduler", "local", "--per", "place"], 2,
     "--per place cannot be combined with --scheduler"),
    (["{corpus}", "-o", "{tmp}/ds.gpkg", "--scheduler", "local"], 1,
     "partitioned dataset as geoparquet or jsonl, not '.gpkg'"),
    (["{corpus}", "-o", "{tmp}/ds", "--scheduler", "nonsense"], 1,
     "--scheduler 'nonsense': give 'local' or an address"),
    (["{corpus}", "--documents", "{tmp}/docs.kml"], 2,
     "--documents {tmp}/docs.kml: unknown extension '.kml'"),
    (["{corpus}", "-o", "{tmp}/o.jsonl", "--documents", "{tmp}/d.csv", "--resume"], 2,
     "--documents cannot be combined with --resume"),
])
def test_bad_usage_is_one_line(run, corpus, tmp_path, args, code, message):
    args = [a.format(corpus=corpus, tmp=tmp_path) for a in args]
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message.format(tmp=tmp_path) in result.output
    assert "Traceback" not in result.output


def test_progress_only_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert not shows_progress()
    assert list(progress(range(3), desc="Parsing")) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def test_progress_bar_shows_count_and_rate(monkeypatch, capsys):
    import sys

    class Terminal:
        def __init__(self, stream):
            self.stream = stream

        def isatty(self):
            return True

        def __getattr__(self, name):
            return getattr(self.stream, name)

    monkeypatch.setattr(sys, "stderr", Terminal(sys.stderr))
    assert shows_progress() and not shows_progress(quiet=True)
    assert list(progress((n for n in range(5)), desc="Parsing")) == list(range(5))
    err = capsys.readouterr().err  # a stream of unknown length: count and rate
    assert "Parsing" in err and "5doc" in err.replace(" ", "") and "doc/s" in err


def test_parse_with_a_text_kind(run, tmp_path):
    post = tmp_path / "post.txt"
    post.write_text("moving to the uk next week #NepalEarthquake", encoding="utf-8")
    result = run(str(post), "-o", "-", "--text-kind", "social")
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.output.splitlines()
             if line.startswith("{")]
    assert texts == ["uk", "Nepal"]
