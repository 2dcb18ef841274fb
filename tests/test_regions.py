"""Region browsing: the country → admin1 → admin2 tree, region queries by name, alias and
code, ambiguity, and the ``geonews regions`` / ``geonews mentions`` commands over parsed
results and over articles (with a stand-in parser, so no spaCy)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

import geonews.cli.export_cmd  # noqa: F401  (registers the commands)
from gazetteer.place import Place
from geonews.cli.app import main
from geonews.outputs.formats import write_records
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.resolution.focus import parsed_document
from geonews.outputs.regions import (AmbiguousRegion, RegionNotFound, find_region, mentions_in,
                             region_table, region_tree)
from geonews.records.schema import records

IRAQ = Place(99237, "Iraq", "country", 33.0, 44.0, 38433600, "IQ", "Iraq")
NINEVEH = Place(92877, "Nīnawá", "ADM1", 36.35, 43.13, 4013785, "IQ", "Iraq", "IQ.15", "Nīnawá")
MOSUL = Place(99072, "Mosul", "city", 36.335, 43.11889, 1683000, "IQ", "Iraq", "IQ.15",
              "Nīnawá", "IQ.15.9166649", "Mosul District")
TALL_KAYF = Place(99121, "Tall Kayf", "city", 36.49, 43.12, 16000, "IQ", "Iraq", "IQ.15",
                  "Nīnawá", "IQ.15.9166650", "Tel Kaif District")
GEORGIA = Place(614540, "Georgia", "country", 42.0, 43.5, 3731000, "GE", "Georgia")
ATLANTA = Place(4180439, "Atlanta", "city", 33.749, -84.388, 463878, "US", "United States",
                "US.GA", "Georgia", "US.GA.121", "Fulton County")
OCEAN = Place(None, "Atlantic Ocean", "other", 0.0, -30.0)

PLACES = {"Mosul": MOSUL, "Nineveh": NINEVEH, "Iraq": IRAQ, "Tall Kayf": TALL_KAYF,
          "Georgia": GEORGIA, "Atlanta": ATLANTA, "Atlantic": OCEAN, "Atlantis": None}


def parse(doc: Document, places: dict[str, Place | None] = PLACES) -> ParsedDocument:
    """A stand-in geoparser: every known word of ``places`` is a mention."""
    sentences = tuple(Sentence(m.start(), m.end()) for m in re.finditer(r"[^.]+\.?", doc.text))
    found = []
    for surface, place in places.items():
        for match in re.finditer(rf"\b{surface}\b", doc.text):
            s = next(s for s in sentences if s.start <= match.start() < s.end)
            mention = Mention(doc.id, match.start(), match.end(), surface, "place", s.start,
                              s.end)
            found.append(ResolvedMention(mention, place, 0.9 if place else 0.0))
    found.sort(key=lambda m: m.mention.start)
    return parsed_document(doc, sentences, tuple(found))


ARTICLES = {
    "a1": "Fighting in Mosul. Nineveh officials in Iraq agreed.",
    "a2": "Mosul and Tall Kayf were quiet. Atlantis was not.",
    "a3": "Georgia and Atlanta. The Atlantic was calm.",
}


@pytest.fixture
def recs() -> list[dict]:
    return [r for i, t in ARTICLES.items() for r in records(parse(Document(i, t)))]


def test_region_tree_counts_mentions_places_and_documents(recs):
    tree = region_tree(recs)
    assert (tree.mentions, tree.unresolved, tree.outside) == (9, 1, 1)
    by_code = {r.code: r for _, r in tree.walk()}
    iraq = by_code["IQ"]
    assert (iraq.mentions, iraq.places, iraq.documents) == (5, 4, 2)
    assert [c.code for c in iraq.children] == ["IQ.15"]
    nineveh = iraq.children[0]
    assert (nineveh.name, nineveh.mentions, nineveh.places) == ("Nīnawá", 4, 3)
    assert [(c.code, c.mentions) for c in nineveh.children] == [("IQ.15.9166649", 2),
                                                                ("IQ.15.9166650", 1)]
    assert [r.code for r in tree.regions] == ["IQ", "GE", "US"]
    assert [d for d, r in tree.walk()][:4] == [0, 1, 2, 2]


def test_the_map_region_browser_shows_the_same_tree(recs):
    from geonews.maps.regions import region_nodes
    from geonews.outputs.tables import resolved_mention_table

    mentions = [(i, m.place) for i, t in ARTICLES.items() for m in parse(Document(i, t)).mentions
                if m.place is not None]
    nodes = region_nodes(resolved_mention_table([p for _, p in mentions],
                                                [i for i, _ in mentions]))

    def flat(children, depth=0):
        for n in children:
            yield depth, n["code"], n["name"], n["level"], n["count"]
            yield from flat(n["children"], depth + 1)

    tree = region_tree(recs)
    assert list(flat(nodes)) == [(d, r.code, r.name, d, r.mentions) for d, r in tree.walk()]
    nineveh = nodes[0]["children"][0]
    mean_lat = (2 * MOSUL.lat + NINEVEH.lat + TALL_KAYF.lat) / 4
    mean_lon = (2 * MOSUL.lon + NINEVEH.lon + TALL_KAYF.lon) / 4
    assert (nineveh["lat"], nineveh["lon"]) == (round(mean_lat, 4), round(mean_lon, 4))
    assert tree.regions[0].children[0].lat == pytest.approx(mean_lat)


def test_a_region_without_a_name_field_takes_its_own_place_name():
    unnamed = Place(92877, "Nīnawá", "ADM1", 36.35, 43.13, 0, "IQ", "Iraq", "IQ.15", None)
    recs = records(parse(Document("d", "Nineveh."), {"Nineveh": unnamed}))
    by_code = {r.code: r for _, r in region_tree(recs).walk()}
    assert (by_code["IQ"].name, by_code["IQ.15"].name) == ("Iraq", "Nīnawá")


def test_regions_without_any_names_are_shown_by_code():
    nameless = Place(None, "Camp", "city", 36.2, 43.0, 0, "IQ", None, "IQ.15", None)
    recs = records(parse(Document("d", "Camp."), {"Camp": nameless}))
    iraq = region_tree(recs).regions[0]
    assert (iraq.name, iraq.children[0].name, iraq.children[0].context) == (None, None, "IQ")
    assert iraq.children[0].describe() == "IQ.15 (admin1 in IQ; 1 mentions)"


def test_region_table_is_flat_and_typed(recs):
    table = region_table(recs)
    assert list(table.columns) == ["level", "code", "name", "parent_code", "mentions",
                                   "places", "documents"]
    row = table.set_index("code").loc["US.GA.121"]
    assert (row["level"], row["parent_code"], row["mentions"]) == ("admin2", "US.GA", 1)


@pytest.mark.parametrize("query", ["Nineveh", "nīnawá", "Ninawa", "Nineveh Governorate",
                                   "IQ.15", "iq.15"])
def test_find_region_by_name_alias_and_codes(recs, tiny_gazetteer, query):
    region = find_region(query, recs, tiny_gazetteer)
    assert (region.level, region.code, region.mentions) == ("admin1", "IQ.15", 4)
    assert region.context == "Iraq"


@pytest.mark.parametrize("query", ["IQ-NI", "Nineveh Governorate", "Ninawa"])
def test_find_region_with_the_embedded_gazetteer(recs, gazetteer, query):
    region = find_region(query, recs, gazetteer)
    assert (region.code, region.mentions) == ("IQ.15", 4)


def test_find_region_without_gazetteer_uses_the_records(recs):
    assert find_region("Nīnawá", recs).code == "IQ.15"
    assert find_region("Mosul District", recs).code == "IQ.15.9166649"
    assert find_region("us", recs).code == "US"
    with pytest.raises(RegionNotFound, match="no region 'IQ-NI'"):
        find_region("IQ-NI", recs)


def test_ambiguous_name_lists_the_choices(recs):
    with pytest.raises(AmbiguousRegion) as caught:
        find_region("Georgia", recs)
    assert [c.code for c in caught.value.choices] == ["GE", "US.GA"]
    message = str(caught.value)
    assert "region 'Georgia' is ambiguous" in message
    assert "GE Georgia (country; 1 mentions)" in message
    assert "US.GA Georgia (admin1 in United States; 1 mentions)" in message


def test_unknown_region(recs, tiny_gazetteer):
    with pytest.raises(RegionNotFound, match="no region 'Narnia'"):
        find_region("Narnia", recs, tiny_gazetteer)


def test_gazetteer_region_without_mentions_has_zero_counts(tiny_gazetteer):
    region = find_region("Nineveh", [], tiny_gazetteer)
    assert (region.code, region.mentions) == ("IQ.15", 0)


def test_mentions_in(recs):
    found = mentions_in(recs, "Nīnawá")
    assert [(r["doc_id"], r["text"]) for r in found] == [
        ("a1", "Mosul"), ("a1", "Nineveh"), ("a2", "Mosul"), ("a2", "Tall Kayf")]
    assert [r["text"] for r in mentions_in(recs, "IQ")] == [
        "Mosul", "Nineveh", "Iraq", "Mosul", "Tall Kayf"]


# ----------------------------------------------------------------------------- CLI


@pytest.fixture
def mentions_file(tmp_path, recs):
    path = tmp_path / "mentions.jsonl"
    write_records(recs, path)
    return path


@pytest.fixture(autouse=True)
def tiny_gazetteer_env(monkeypatch, tiny_gazetteer):
    """The commands look names up in the tiny gazetteer, not the user's."""
    monkeypatch.setenv("GEONEWS_GAZETTEER", str(tiny_gazetteer.path))


class FakeGeoparser:
    """Stands in for :class:`geonews.parsing.geoparser.Geoparser` (records its arguments)."""

    calls: list[dict] = []

    def __init__(self, settings):
        self.calls.append({"model": settings.model, "gazetteer": settings.gazetteer})
        assert settings.text_kind is None  # 'regions' has no --text-kind: detected per document

    def parse_documents(self, docs, *, given_spans=False):
        self.calls.append({"given_spans": given_spans})
        for doc in docs:
            yield parse(doc)


@pytest.fixture
def fake_pipeline(monkeypatch):
    FakeGeoparser.calls = []
    monkeypatch.setattr("geonews.parsing.geoparser.Geoparser", FakeGeoparser)
    return FakeGeoparser


def test_cli_regions_table(mentions_file):
    result = CliRunner().invoke(main, ["regions", str(mentions_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["REGION", "CODE", "MENTIONS", "PLACES", "DOCS"]
    assert lines[1].split() == ["Iraq", "IQ", "5", "4", "2"]
    assert lines[2].split() == ["Nīnawá", "IQ.15", "4", "3", "2"]
    assert lines[3].startswith("    Mosul District")
    assert lines[-1] == "9 mentions: 1 unresolved, 1 outside any country."


def test_cli_regions_json_and_csv(mentions_file):
    runner = CliRunner()
    result = runner.invoke(main, ["regions", str(mentions_file), "--json"])
    assert result.exit_code == 0
    tree = json.loads(result.output)
    assert tree["mentions"] == 9 and tree["regions"][0]["code"] == "IQ"
    assert tree["regions"][0]["children"][0]["children"][0]["name"] == "Mosul District"
    result = runner.invoke(main, ["regions", str(mentions_file), "--csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[1] == {"level": "admin1", "code": "IQ.15", "name": "Nīnawá",
                       "parent_code": "IQ", "mentions": "4", "places": "3", "documents": "2"}
    result = runner.invoke(main, ["regions", str(mentions_file), "--csv", "--json"])
    assert result.exit_code == 2 and "not both" in result.output


def test_cli_regions_over_articles_parses_them(tmp_path, fake_pipeline):
    folder = tmp_path / "articles"
    folder.mkdir()
    for doc_id, text in ARTICLES.items():
        (folder / f"{doc_id}.txt").write_text(text)
    result = CliRunner().invoke(main, ["regions", str(folder), "--model", "en_core_web_sm",
                                       "--given-spans", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mentions"] == 9
    assert fake_pipeline.calls == [{"model": "en_core_web_sm", "gazetteer": None},
                                   {"given_spans": True}]


@pytest.mark.parametrize("command", ["regions", "mentions"])
def test_cli_gazetteer_option_reaches_the_parser(tmp_path, fake_pipeline, command):
    article = tmp_path / "a1.txt"
    article.write_text(ARTICLES["a1"])
    index = str(tmp_path / "mine.sqlite")
    result = CliRunner().invoke(main, [command, str(article), "--gazetteer", index])
    assert result.exit_code == 0, result.output
    assert fake_pipeline.calls[0] == {"model": None, "gazetteer": index}


def test_cli_mentions_looks_regions_up_in_the_given_gazetteer(mentions_file, tiny_gazetteer,
                                                              monkeypatch, tmp_path):
    monkeypatch.setenv("GEONEWS_GAZETTEER", str(tmp_path / "no-default.sqlite"))
    runner = CliRunner()
    result = runner.invoke(main, ["mentions", "--region", "Nineveh", str(mentions_file)])
    assert result.exit_code == 1 and "no region 'Nineveh'" in result.output
    result = runner.invoke(main, ["mentions", "--region", "Nineveh", str(mentions_file),
                                  "--gazetteer", str(tiny_gazetteer.path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Nīnawá (admin1 IQ.15 in Iraq): 4 mentions")
    result = runner.invoke(main, ["mentions", "--region", "Nineveh", str(mentions_file),
                                  "--gazetteer", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no gazetteer index at ")


def test_cli_regions_mixes_parsed_files_and_stdin_articles(mentions_file, fake_pipeline):
    result = CliRunner().invoke(main, ["regions", str(mentions_file), "-", "--json"],
                                input="More fighting in Mosul.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["regions"][0]["mentions"] == 6


def test_cli_regions_reads_parsed_mentions_from_stdin(mentions_file):
    result = CliRunner().invoke(main, ["regions", "-", "--json"],
                                input=mentions_file.read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mentions"] == 9


def test_cli_regions_missing_input(tmp_path):
    result = CliRunner().invoke(main, ["regions", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "Error: " in result.output and "nope.txt: no such file or folder" in result.output


def test_cli_mentions_in_a_region(mentions_file):
    result = CliRunner().invoke(main, ["mentions", "--region", "Nineveh Governorate",
                                       str(mentions_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Nīnawá (admin1 IQ.15 in Iraq): 4 mentions in 2 documents."
    assert lines[1] == "a1  12-17  Mosul -> Mosul"
    assert lines[2] == "    Fighting in [Mosul]."
    assert "    Mosul and [Tall Kayf] were quiet." in lines


def test_cli_mentions_json_and_output_file(mentions_file, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["mentions", "--region", "Mosul District", "--json",
                                  str(mentions_file)])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["start"]) for r in found] == [("a1", 12), ("a2", 0)]
    out = tmp_path / "nineveh.geojson"
    result = runner.invoke(main, ["mentions", "--region", "Nineveh", str(mentions_file),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["features"]) == 4


def test_cli_mentions_ambiguous_and_unknown_regions(mentions_file):
    runner = CliRunner()
    result = runner.invoke(main, ["mentions", "--region", "Georgia", str(mentions_file)])
    assert result.exit_code == 1
    assert "Error: region 'Georgia' is ambiguous" in result.output
    assert "GE Georgia" in result.output and "US.GA Georgia" in result.output
    result = runner.invoke(main, ["mentions", "--region", "Narnia", str(mentions_file)])
    assert result.exit_code == 1 and "Error: no region 'Narnia'" in result.output


def test_cli_mentions_over_articles_matches_gazetteer_aliases(tmp_path, fake_pipeline):
    article = tmp_path / "a1.txt"
    article.write_text(ARTICLES["a1"])
    result = CliRunner().invoke(main, ["mentions", "--region", "Nineveh", str(article)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == \
        "Nīnawá (admin1 IQ.15 in Iraq): 2 mentions in 1 document."
