"""Article focus on synthetic resolved mentions (no spaCy), its round trip through mention
records, the documents table, focus counts by region, the focus evaluation, and the seed
article (skipped when ../shared is absent)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

import geonews.cli.export_cmd  # noqa: F401  (registers the commands)
from gazetteer.place import Candidate, MatchKind, Place
from geonews.cli.app import main
from geonews.errors import OutputFormatError
from geonews.evaluation.accuracy import (GoldDocument, GoldFocus, GoldToponym, evaluate_focus,
                                         gold_focus)
from geonews.models import (NO_FOCUS, Approximation, Document, FocusLevel, Mention,
                            ParsedDocument, ResolvedMention, Sentence)
from geonews.outputs.documents import (DOCUMENT_COLUMNS, document_record, document_records,
                                       focus_by_document, sidecar_path)
from geonews.outputs.dataset import append_parsed
from geonews.outputs.formats import write_documents, write_records
from geonews.outputs.regions import find_region, focus_in, focus_tree
from geonews.records.corpus import parsed_documents
from geonews.records.schema import records, resolved_from_record
from geonews.resolution.focus import (FocusWeights, article_focus, focus_division,
                                      parsed_document)
from test_regions import IRAQ, MOSUL, NINEVEH, TALL_KAYF

CAMP = Place(None, "Camp Alpha", "other", 36.34, 43.12, 0, "IQ", "Iraq", "IQ.15", "Nīnawá")
ERBIL = Place(95446, "Erbil", "city", 36.19, 44.01, 932800, "IQ", "Iraq", "IQ.11", "Arbīl")
WASHINGTON = Place(4140963, "Washington", "city", 38.895, -77.036, 689545, "US",
                   "United States", "US.DC", "District of Columbia")
USA = Place(6252001, "United States", "country", 39.76, -98.5, 327167434, "US", "United States")
MIDDLE_EAST = Place(None, "Middle East", "other", 29.0, 41.0, 0)
SINJAR = Place(99347, "Sinjar", "city", 36.32, 41.88, 38294, "IQ", "Iraq", "IQ.15", "Nīnawá")


def mention(start: int, place: Place | None, *, label: str = "place",
            reason: str | None = None, confidence: float = 0.9,
            approximation: Approximation | None = None) -> ResolvedMention:
    text = place.name if place else "Nowhere"
    m = Mention("doc", start, start + len(text), text, label, start, start + len(text) + 1)
    return ResolvedMention(m, place, confidence if place else 0.0, reason=reason,
                           approximation=approximation)


def article(*places: Place | None, gap: int = 300) -> list[ResolvedMention]:
    """Mentions of ``places`` in order, ``gap`` characters apart (the first in the lead)."""
    return [mention(i * gap, p) for i, p in enumerate(places)]


def test_mosul_story_mentioning_washington_once():
    focus = article_focus(article(MOSUL, IRAQ, MOSUL, NINEVEH, WASHINGTON, MOSUL))
    assert focus.describe() == "Mosul, Nīnawá, Iraq"
    assert [c.code for c in focus.countries] == ["IQ", "US"]
    assert focus.country.confidence > 0.8 > focus.countries[1].confidence
    assert focus.admin1.code == "IQ.15" and focus.admin1.level is FocusLevel.ADMIN1
    assert focus.city.geonameid == 99072 and focus.city.mentions == (0, 2, 5)
    assert focus.place is focus.city
    assert (focus.admin1.lat, focus.admin1.lon) == (NINEVEH.lat, NINEVEH.lon)  # its own point


def test_no_places_no_focus():
    assert article_focus([]) is NO_FOCUS
    assert article_focus(article(None, None)) == NO_FOCUS
    assert NO_FOCUS.place is None and NO_FOCUS.describe() == ""


def test_country_only_article():
    focus = article_focus(article(IRAQ, IRAQ, USA))
    assert focus.country.code == "IQ" and focus.admin1 is None and focus.city is None
    assert focus.place.level is FocusLevel.COUNTRY


def test_province_story_without_one_city():
    focus = article_focus(article(NINEVEH, MOSUL, TALL_KAYF, NINEVEH))
    assert focus.admin1.code == "IQ.15" and focus.city is None  # Mosul holds 1/4 < 1/2


def test_nearby_landmark_supports_its_city():
    focus = article_focus(article(None, NINEVEH, MOSUL, CAMP, TALL_KAYF))
    assert focus.city.name == "Mosul" and focus.city.mentions == (2, 3)
    assert focus.city.confidence == pytest.approx(0.5)


def test_ranked_divisions_and_tie_to_first_mentioned():
    focus = article_focus(article(None, ERBIL, MOSUL))  # equal weight: Erbil comes first
    assert [a.code for a in focus.admin1s] == ["IQ.11", "IQ.15"]
    assert focus.admin1s[0].confidence == pytest.approx(0.5)


@pytest.mark.parametrize("places", [(MOSUL, IRAQ, MOSUL, NINEVEH, WASHINGTON, MOSUL),
                                    (None, ERBIL, MOSUL), (IRAQ, IRAQ, USA), (None, None), (),
                                    (WASHINGTON, USA, NINEVEH)])
def test_focus_division_is_that_of_the_focus(places):
    mentions = article(*places)
    admin1 = article_focus(mentions).admin1
    expected = (admin1.admin1_code, admin1.country_code) if admin1 is not None else None
    assert focus_division(mentions) == expected


def test_lead_counts_more():
    lead_usa = article_focus([mention(0, USA), mention(500, IRAQ)])
    assert lead_usa.country.code == "US"
    assert article_focus([mention(0, USA), mention(500, IRAQ)],
                         weights=FocusWeights(lead=1.0)).country.code == "US"  # tie: first
    assert article_focus([mention(0, USA), mention(500, IRAQ), mention(900, IRAQ)]
                         ).country.code == "IQ"


def test_approximate_placements_do_not_count():
    guessed = [mention(300 * i, MOSUL, reason="approximate: not in gazetteer; placed at Mosul",
                       approximation=Approximation.LOCALE) for i in range(1, 4)]
    focus = article_focus([mention(0, USA), *guessed])
    assert focus.country.code == "US"
    counted = article_focus([mention(0, USA), *guessed], weights=FocusWeights(approximate=1.0))
    assert counted.country.code == "IQ"


class Divisions:
    """A gazetteer knowing one division, Nineveh."""

    def region(self, code: str) -> list[Place]:
        return [NINEVEH] if code == "IQ.15" else []


def test_division_point_from_gazetteer_or_mentions():
    mentions = article(MOSUL, TALL_KAYF)
    assert article_focus(mentions, gazetteer=Divisions()).admin1.lat == NINEVEH.lat
    assert article_focus(mentions).admin1.lat == pytest.approx((MOSUL.lat + TALL_KAYF.lat) / 2)
    unnamed = dataclasses.replace(TALL_KAYF, admin1=None)
    assert article_focus(article(unnamed), gazetteer=Divisions()).admin1.name == "Nīnawá"
    assert article_focus(article(unnamed)).admin1.name is None


def parsed(doc_id: str, *places: Place | None, title: str | None = None,
           gazetteer: Divisions | None = None) -> ParsedDocument:
    text = " " * (300 * len(places) + 20)
    mentions = [ResolvedMention(Mention(doc_id, r.mention.start, r.mention.end,
                                        text[r.mention.start:r.mention.end], "place",
                                        0, len(text)), r.place, r.confidence)
                for r in article(*places)]
    return parsed_document(Document(doc_id, text, title=title), (Sentence(0, len(text)),),
                           tuple(mentions), gazetteer=gazetteer)


def test_focus_from_records_is_the_same():
    doc = parsed("a", MOSUL, IRAQ, WASHINGTON, MOSUL, None)
    rows = list(records(doc))
    assert focus_by_document(rows)["a"] == doc.focus
    assert resolved_from_record(rows[-1]).place is None


def test_documents_rows_from_parsed_and_records():
    doc = parsed("a", MOSUL, IRAQ, MOSUL, title="Mosul news")
    row = document_record(doc)
    assert list(row) == list(DOCUMENT_COLUMNS)
    assert row["title"] == "Mosul news" and row["mentions"] == 3
    assert (row["focus_level"], row["focus"], row["country_code"], row["admin1_code"],
            row["city_geonameid"]) == ("city", "Mosul", "IQ", "IQ.15", 99072)
    assert row["focus_spans"] == "0-5; 600-605" and row["countries"] == "IQ 1.000"
    from_records = document_records(records(doc))
    assert from_records == [row]  # the records carry the document fields
    empty = document_record(parsed("b", None))
    assert empty["focus"] is None and empty["lat"] is None and empty["mentions"] == 1


def test_focus_is_placed_alike_on_every_path(tmp_path):
    """An article about Nineveh that does not name it: its focus point is the gazetteer's
    Nineveh in the parse (``parsed.focus``), the documents row, a map or export rebuilt
    from the records with the same gazetteer, and a dataset appended to."""
    doc = parsed("a", None, MOSUL, TALL_KAYF, SINJAR, gazetteer=Divisions())
    assert doc.focus.place.level is FocusLevel.ADMIN1  # no city holds more than half
    assert (doc.focus.admin1.lat, doc.focus.admin1.lon) == (NINEVEH.lat, NINEVEH.lon)
    row = document_record(doc)
    assert (row["lat"], row["lon"]) == (NINEVEH.lat, NINEVEH.lon)  # parsed.focus, as parsed
    rows = list(records(doc))
    assert parsed_documents(rows, gazetteer=Divisions())[0].focus == doc.focus  # the map
    assert focus_by_document(rows, gazetteer=Divisions())["a"] == doc.focus
    assert document_records(rows, gazetteer=Divisions()) == [row]
    path = tmp_path / "out.gpkg"
    write_records(rows, path, gazetteer=Divisions())  # parse -o, export
    layer = pyogrio.read_dataframe(path, layer="documents")
    assert (layer["lat"][0], layer["lon"][0]) == (NINEVEH.lat, NINEVEH.lon)
    append_parsed([doc], tmp_path / "set.gpkg", gazetteer=Divisions())  # parse --append
    layer = pyogrio.read_dataframe(tmp_path / "set.gpkg", layer="documents")
    assert (layer["lat"][0], layer["lon"][0]) == (NINEVEH.lat, NINEVEH.lon)
    # Without the gazetteer, the mean point of the division's mentions.
    assert document_records(rows)[0]["lat"] == pytest.approx(
        (MOSUL.lat + TALL_KAYF.lat + SINJAR.lat) / 3)


def read(path: Path):
    import geopandas as gpd

    return gpd.read_parquet(path) if path.suffix == ".parquet" else pyogrio.read_dataframe(path)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".geojson", ".gpkg", ".parquet"])
def test_write_documents(tmp_path, suffix):
    rows = [document_record(parsed("a", MOSUL, title="T")), document_record(parsed("b"))]
    path = tmp_path / f"docs{suffix}"
    assert write_documents(rows, path) == 2
    if suffix == ".jsonl":
        assert [json.loads(line)["doc_id"] for line in path.read_text().splitlines()] == \
            ["a", "b"]
    else:
        frame = read(path)
        assert list(frame["focus"].fillna("")) == ["Mosul", ""]


def test_write_documents_unknown_extension(tmp_path):
    with pytest.raises(OutputFormatError, match=r"unknown documents extension '\.kml'"):
        write_documents([], tmp_path / "docs.kml")


@pytest.mark.parametrize("suffix", [".parquet", ".geojson"])
def test_single_layer_exports_write_documents_beside(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    write_records(list(records(parsed("a", MOSUL, IRAQ))), path)
    documents = read(sidecar_path(path))
    assert sidecar_path(path).name == f"out.documents{suffix}"
    assert list(documents["focus"]) == ["Mosul"]


def test_focus_tree_counts_articles_once():
    foci = {d.document.id: d.focus for d in (
        parsed("a", MOSUL, MOSUL, WASHINGTON), parsed("b", ERBIL, IRAQ),
        parsed("c", WASHINGTON, USA), parsed("d", None))}
    tree = focus_tree(foci)
    assert [(depth, r.code, r.documents) for depth, r in tree.walk()] == [
        (0, "IQ", 2), (1, "IQ.11", 1), (2, "95446", 1), (1, "IQ.15", 1), (2, "99072", 1),
        (0, "US", 1), (1, "US.DC", 1), (2, "4140963", 1)]
    assert tree.articles == 4 and tree.without_focus == 1


def test_focus_in_region():
    rows = [r for d in (parsed("a", MOSUL, MOSUL), parsed("b", WASHINGTON, WASHINGTON, MOSUL))
            for r in records(d)]
    foci = focus_by_document(rows)
    nineveh = find_region("IQ.15", rows)
    assert [d for d, f in foci.items() if focus_in(f, nineveh)] == ["a"]
    district = find_region("IQ.15.9166649", rows)
    assert focus_in(foci["a"], district) and not focus_in(foci["b"], district)


@pytest.fixture()
def mentions_file(tmp_path) -> Path:
    path = tmp_path / "m.jsonl"
    rows = [r for d in (parsed("a", MOSUL, MOSUL), parsed("b", WASHINGTON, WASHINGTON, MOSUL))
            for r in records(d)]
    write_records(rows, path)
    return path


def test_regions_by_focus_cli(mentions_file):
    result = CliRunner().invoke(main, ["regions", str(mentions_file), "--by", "focus"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["FOCUS", "CODE", "ARTICLES"]
    assert "Mosul" in result.output and "2 articles: 0 without a focus." in result.output
    as_json = CliRunner().invoke(main, ["regions", str(mentions_file), "--by", "focus", "--json"])
    data = json.loads(as_json.output)
    assert (data["articles"], data["without_focus"]) == (2, 0)
    assert data["regions"][0]["children"][0]["children"][0] == {
        "level": "city", "code": "99072", "name": "Mosul", "documents": 1, "children": []}
    csv_out = CliRunner().invoke(main, ["regions", str(mentions_file), "--by", "focus", "--csv"])
    assert csv_out.output.splitlines()[:2] == ["level,code,name,parent_code,documents",
                                               "country,IQ,Iraq,,1"]


def test_mentions_focus_cli(mentions_file):
    all_ = CliRunner().invoke(main, ["mentions", str(mentions_file), "--region", "Mosul"])
    focused = CliRunner().invoke(main, ["mentions", str(mentions_file), "--region", "IQ.15",
                                        "--focus"])
    assert all_.exit_code == focused.exit_code == 0, focused.output
    assert "3 mentions in 2 documents" in all_.output
    assert "2 mentions from articles about it in 1 document." in focused.output
    bad = CliRunner().invoke(main, ["mentions", str(mentions_file), "--focus"])
    assert bad.exit_code == 2 and "--focus needs --region" in bad.output


def test_gold_focus_and_agreement():
    class Gold:
        def get(self, geonameid: int) -> Place | None:
            return {p.geonameid: p for p in (MOSUL, IRAQ, WASHINGTON)}.get(geonameid)

        def reverse(self, lat: float, lon: float, *, max_km: float | None = 50.0):
            return ERBIL if (lat, lon) == (36.19, 44.01) else None

        def region(self, code: str) -> list[Place]:
            return []

        def candidates(self, name: str, *, limit: int = 5) -> list[Candidate]:
            return [Candidate(MIDDLE_EAST, name, MatchKind.EXACT, 1.0)] if name == "Middle East" \
                else []

        def demonym(self, word: str) -> Place | None:
            return None

    toponyms = (GoldToponym(0, 5, "Mosul", 36.3, 43.1, 99072),
                GoldToponym(10, 15, "Erbil", 36.19, 44.01, None),
                GoldToponym(20, 25, "Erbil", 36.19, 44.01, None),
                GoldToponym(30, 40, "Washington", 38.9, -77.0, 4140963),
                GoldToponym(50, 55, "Nowhere"))
    gold = GoldDocument(Document("a", "x" * 60), toponyms)
    assert gold_focus(gold, Gold()).country == "IQ"
    assert gold_focus(gold, Gold()).admin1 == "IQ.11"
    evaluation = evaluate_focus([gold], [parsed("a", MOSUL, ERBIL, ERBIL)], Gold())
    summary = evaluation.summary()
    assert summary["country_agreement"] == 1.0 and summary["admin1_agreement"] == 1.0
    wrong = evaluate_focus([gold], [parsed("a", WASHINGTON)], Gold()).summary()
    assert wrong["country_agreement"] == 0.0 and wrong["gold_focus_admin1"] == 1
    # A region across borders whose id the gazetteer lacks is not placed at the city nearest
    # its centroid (which would count it for one country: here Erbil's, three times).
    region = GoldDocument(Document("b", "x" * 60), (
        GoldToponym(0, 5, "Washington", 38.9, -77.0, 4140963),
        *(GoldToponym(10 * i, 10 * i + 5, "Middle East", 36.19, 44.01, 6269133)
          for i in range(1, 4))))
    assert gold_focus(region, Gold()) == GoldFocus("US", "US.DC")


SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "mosul-2016-11-03.txt"


def test_seed_focus_is_mosul_nineveh_iraq(gazetteer):
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    from geonews.parsing.geoparser import Geoparser

    doc = Geoparser(gazetteer=gazetteer).parse_document(Document("seed", SEED.read_text()))
    focus = doc.focus
    assert (focus.city.geonameid, focus.admin1.code, focus.country.code) == (99072, "IQ.15",
                                                                           "IQ")
    assert focus.describe() == "Mosul, Nīnawá, Iraq"
    assert focus.country.confidence > 0.9
