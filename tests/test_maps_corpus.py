"""Parse once, look many ways: maps and listings from parse output, dates, selections."""

from __future__ import annotations

import json
import re
import sqlite3
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from maps_samples import dated_documents, payload_places

from geonews.cli.app import main
from geonews.outputs.formats import write_records
from geonews.outputs.tables import mention_frame
from geonews.records.corpus import Selection, parsed_documents
from geonews.records.reading import InputKind, input_kind, read_mentions
from geonews.text.dates import iso_date
from geonews.maps.payload import build_payload
from geonews.records.schema import records

DATA = re.compile(r'<script type="application/json" id="geonews-data">(.*?)</script>', re.DOTALL)


def all_records() -> list[dict]:
    return [r for p in dated_documents() for r in records(p)]


def articles_jsonl(path):
    with path.open("w", encoding="utf-8") as handle:
        for p in dated_documents():
            d = p.document
            handle.write(json.dumps({"id": d.id, "text": d.text, "title": d.title,
                                     "date": d.date, "url": d.url}) + "\n")
    return path


@pytest.fixture
def mentions_jsonl(tmp_path):
    path = tmp_path / "mentions.jsonl"
    write_records(all_records(), path)
    return path


def summary(payload: dict) -> dict:
    """What a reader of the map sees: places, counts, each mention's sentence and date."""
    docs, places = payload["docs"], payload_places(payload)
    mentions = sorted(((docs[m[0]]["id"], docs[m[0]]["date"], places[m[1]]["name"] if m[1] >= 0 else None,
         docs[m[0]]["text"][m[2]:m[3]], docs[m[0]]["text"][m[4]:m[5]], m[6], m[8])
        for m in payload["mentions"]), key=repr)
    return {"places": sorted(p["name"] for p in places), "mentions": mentions,
            "regions": payload["regions"]}


@pytest.mark.parametrize("value, expected", [
    ("2016-11-03", "2016-11-03"), ("2016-11-03T23:30:00-05:00", "2016-11-03"),
    ("Thu, 03 Nov 2016 09:30:00 GMT", "2016-11-03"), ("November 3, 2016", "2016-11-03"),
    ("3 November", None), ("soon", None), ("", None), (None, None), ("2016-13-40", None)])
def test_dates_are_normalised_in_one_place(value, expected):
    assert iso_date(value) == expected


def test_records_carry_the_document_fields_with_iso_dates():
    rows = all_records()
    by_doc = {r["doc_id"]: r for r in rows}
    assert by_doc["il-1"]["date"] == "2016-11-07"  # an RFC 2822 date, normalised
    assert by_doc["mosul-2016-11-03"]["title"].startswith("'No Mosul retreat")
    assert "date" not in by_doc["x'\"><script>window.__xss_id=1</script>"]  # undated: no field


def test_a_map_of_parse_output_shows_what_a_map_of_the_articles_shows(tmp_path):
    direct = build_payload(dated_documents(), title="t")
    again = build_payload(parsed_documents(all_records()), title="t")
    assert summary(again) == summary(direct)
    # without the articles, a document's text is its mentions' sentences
    assert again["docs"][0]["text"].startswith("'No Mosul retreat,'")


def test_parse_output_given_with_its_articles_shows_their_whole_text(tmp_path, mentions_jsonl):
    articles = articles_jsonl(tmp_path / "corpus.jsonl")
    out = tmp_path / "week.html"
    result = CliRunner().invoke(main, ["map", str(mentions_jsonl), str(articles), "-o", str(out),
                                       "--tiles", "none"])
    assert result.exit_code == 0, result.output  # nothing parsed: no model needed
    data = json.loads(DATA.search(out.read_text(encoding="utf-8")).group(1))
    texts = {d["id"]: d["text"] for d in data["docs"]}
    assert {p.document.id: p.document.text for p in dated_documents()} == texts
    assert summary(data) == summary(build_payload(dated_documents(), title="t"))


@pytest.mark.parametrize("suffix", [".jsonl", ".gpkg", ".parquet"])
def test_every_parse_output_format_is_told_apart_and_read_back(tmp_path, suffix):
    path = tmp_path / f"mentions{suffix}"
    write_records(all_records(), path)
    assert input_kind(path) is InputKind.MENTIONS
    assert input_kind(articles_jsonl(tmp_path / "corpus.jsonl")) is InputKind.ARTICLES
    back = list(read_mentions(path))
    assert len(back) == len(all_records())
    dates = {r["doc_id"]: r.get("date") for r in back}
    assert dates["il-1"] == "2016-11-07" and dates["talafar"] == "2016-11-05"
    assert summary(build_payload(parsed_documents(back), title="t")) == summary(
        build_payload(parsed_documents(all_records()), title="t"))


def test_selection_by_period_and_confidence():
    rows = all_records()
    week = Selection.of("2016-11-04", "2016-11-30").records(rows)
    assert {r["doc_id"] for r in week} == {"il-1", "talafar"}  # undated left out
    assert Selection.of("2016-11-04").undated(rows) == 4
    sure = Selection.of(min_confidence=0.5).records(rows)
    assert all(r["confidence"] >= 0.5 for r in sure)
    assert not any(r["text"] == "Tal Afar" for r in sure)
    assert Selection().records(rows) == rows


@pytest.mark.parametrize("args, message", [
    (["--since", "someday"], "Error: --since 'someday' is not a date (use YYYY-MM-DD)\n"),
    (["--since", "2016-11-08", "--until", "2016-11-01"],
     "Error: --since 2016-11-08 is after --until 2016-11-01\n"),
])
def test_bad_selections_are_one_line_errors(mentions_jsonl, args, message):
    result = CliRunner().invoke(main, ["regions", str(mentions_jsonl), *args])
    assert result.exit_code == 1 and result.output == message


def test_min_confidence_out_of_range_is_a_usage_error(mentions_jsonl):
    result = CliRunner().invoke(main, ["mentions", str(mentions_jsonl), "--min-confidence", "2"])
    assert result.exit_code == 2 and "--min-confidence" in result.output


def test_mentions_of_a_region_on_one_day(mentions_jsonl):
    result = CliRunner().invoke(main, ["mentions", str(mentions_jsonl), "--region", "IQ.15",
                                       "--since", "2016-11-05", "--until", "2016-11-05"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Nineveh (admin1 IQ.15 in Iraq): 2 mentions in 1 document."
    assert lines[1] == "talafar  2016-11-05  17-25  Tal Afar -> Nineveh (approximate)"
    assert result.stderr == "Note: 4 mentions of undated articles left out by --since/--until.\n"


def test_regions_counts_follow_the_selection(mentions_jsonl):
    everything = CliRunner().invoke(main, ["regions", str(mentions_jsonl), "--json"])
    early = CliRunner().invoke(main, ["regions", str(mentions_jsonl), "--json", "--until",
                                      "2016-11-04"])
    assert everything.exit_code == early.exit_code == 0
    count = {r["code"]: r["mentions"] for r in json.loads(early.stdout)["regions"]}
    assert count == {"IQ": 9}
    assert {r["code"] for r in json.loads(everything.stdout)["regions"]} >= {"IQ", "US"}


def test_export_a_filtered_geopackage_with_layer_styles(tmp_path, mentions_jsonl):
    out = tmp_path / "week.gpkg"
    result = CliRunner().invoke(main, ["export", str(mentions_jsonl), "-o", str(out),
                                       "--since", "2016-11-05", "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Note: 4 mentions of undated articles left out")
    back = list(read_mentions(out))
    assert {r["doc_id"] for r in back} == {"talafar", "il-1"}
    assert ("talafar", "Tal Afar") not in {(r["doc_id"], r["text"]) for r in back}
    assert all(r["confidence"] >= 0.5 for r in back)
    with sqlite3.connect(out) as db:
        styles = {row[0]: row[1:] for row in db.execute(
            "SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles")}
        registered = {row[0] for row in db.execute("SELECT table_name FROM gpkg_contents")}
    assert set(styles) == {"mentions", "places", "regions"} and "layer_styles" in registered
    assert styles["places"][:2] == ("geom", 1) and styles["regions"][:2] == ("", 1)
    for _, _, qml in styles.values():
        ElementTree.fromstring(qml.split("\n", 1)[1])  # well-formed QML
    assert "fieldName=\"name\"" in styles["places"][2]  # labelled
    assert "approximate:%" in styles["mentions"][2] and "dash" in styles["mentions"][2]


def test_commands_that_need_parse_output_say_what_to_run(tmp_path):
    articles = articles_jsonl(tmp_path / "corpus.jsonl")
    result = CliRunner().invoke(main, ["export", str(articles), "-o", str(tmp_path / "x.gpkg")])
    assert result.exit_code == 1
    assert result.output == (f"Error: {articles}: holds articles, not parsed mentions; run "
                             f"'geonews parse {articles} -o mentions.jsonl' first, then "
                             "'geonews export mentions.jsonl ...'\n")


def test_a_selection_that_leaves_nothing_to_map_says_so(tmp_path, mentions_jsonl):
    result = CliRunner().invoke(main, ["map", str(mentions_jsonl), "--since", "2020-01-01",
                                       "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert result.output.endswith(
        "Error: nothing to map: no mentions match --since/--until/--min-confidence\n")


def test_parse_given_its_own_output_says_what_to_run(tmp_path):
    path = tmp_path / "mentions.gpkg"
    write_records(all_records(), path)
    result = CliRunner().invoke(main, ["parse", str(path), "-o", str(tmp_path / "again.jsonl")])
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: a GeoPackage of parsed mentions, not articles; "
                             f"map, list or export it as it is: 'geonews map {path}', 'geonews "
                             f"mentions {path}', 'geonews export {path} -o ...'\n")


@pytest.mark.parametrize("command", ["map", "regions", "mentions", "export"])
def test_every_corpus_command_takes_the_selection_options(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    for option in ("--since DATE", "--until DATE", "--min-confidence X"):
        assert option in result.output


def test_a_partitioned_dataset_and_an_appended_geopackage_are_parse_output(tmp_path):
    from geonews.outputs.dataset import append_parsed

    parts = tmp_path / "mentions.parquet"
    parts.mkdir()
    rows = all_records()
    mention_frame(rows[:10]).to_parquet(parts / "part-00000.parquet")  # as a cluster writes
    mention_frame(rows[10:]).to_parquet(parts / "part-00001.parquet")
    dataset = tmp_path / "corpus.gpkg"
    append_parsed(dated_documents(), dataset)
    for path in (parts, dataset):
        assert input_kind(path) is InputKind.MENTIONS
        back = list(read_mentions(path))
        assert len(back) == len(rows)
        assert {r["doc_id"]: r.get("date") for r in back}["il-1"] == "2016-11-07"


def test_only_iso_dates_reach_the_page():
    import dataclasses

    seed = dated_documents()[0]
    hostile = dataclasses.replace(seed, document=dataclasses.replace(
        seed.document, date="<script>window.__xss_date=1</script>"))
    assert build_payload([hostile], title="t")["docs"][0]["date"] is None
    assert "date" not in next(records(hostile))
