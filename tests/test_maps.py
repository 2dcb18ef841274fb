"""Map rendering without a browser: payload, page structure, escaping, boundaries, outlines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from maps_samples import (NINEVEH, multi_documents, parse_by_hand, payload_places, seed_document,
                          synthetic_documents)

from gazetteer.outlines import country_outline, country_outlines, outline_codes
from geonews.maps import BoundaryFileError, MapError, assets, render_html, render_map
from geonews.maps.layers import MAX_GROUPS, document_groups
from geonews.maps.payload import build_payload
from geonews.outputs.tables import resolved_mention_table
from geonews.maps.regions import region_nodes
from geonews.models import Approximation, Document, Mention, ResolvedMention, Sentence
from geonews.resolution.focus import parsed_document

DATA = re.compile(r'<script type="application/json" id="geonews-data">(.*?)</script>', re.DOTALL)


def page_data(page: str) -> dict:
    return json.loads(DATA.search(page).group(1))


def test_payload_shares_places_between_mentions_and_keeps_unresolved_ones():
    data = build_payload(multi_documents(), title="t")
    places = payload_places(data)
    names = [p["name"] for p in places]
    assert names.count("Mosul") == 1 and names.count("Springfield") == 1
    assert len(data["places"]) == 7 and len(data["mentions"]) == 9 + 3 + 4
    unresolved = [m for m in data["mentions"] if m[1] == -1]
    assert len(unresolved) == 1  # "Witnesses"
    doc, _, start, end, *_ = unresolved[0]
    assert data["docs"][doc]["text"][start:end] == "Witnesses"
    demonyms = [m for m in data["mentions"] if m[7] == 1]
    assert {places[m[1]]["name"] for m in demonyms} == {"Iraq"}
    mosul = places[names.index("Mosul")]
    assert (mosul["cat"], mosul["a1c"], mosul["gid"]) == ("city", "IQ.15", 99072)
    assert data["docs"][1]["source"] == "news.example.com"


def test_region_tree_counts_mentions_by_country_admin1_admin2():
    tree = build_payload([seed_document()], title="t")["regions"]
    assert [(n["code"], n["name"], n["count"]) for n in tree] == [("IQ", "Iraq", 9)]
    nineveh = tree[0]["children"][0]
    assert (nineveh["code"], nineveh["name"], nineveh["count"], nineveh["level"]) == (
        "IQ.15", "Nineveh", 5, 1)
    assert [(n["code"], n["count"]) for n in nineveh["children"]] == [("IQ.15.1", 4)]
    assert region_nodes(resolved_mention_table([], [])) == []


def test_document_groups_per_document_then_per_source():
    docs = [{"id": f"d{i}", "title": None, "source": f"s{i % 3}.org"} for i in range(40)]
    assert document_groups(docs[:1]) is None
    few = document_groups(docs[:3])
    assert few["kind"] == "document" and [g["label"] for g in few["groups"]] == ["d0", "d1", "d2"]
    many = document_groups(docs)
    assert many["kind"] == "source" and [len(g["docs"]) for g in many["groups"]] == [14, 13, 13]
    unsourced = [{"id": str(i), "title": None, "source": str(i)} for i in range(MAX_GROUPS + 5)]
    assert document_groups(unsourced) is None


def test_render_map_writes_one_page_with_cdn_assets(tmp_path):
    target = tmp_path / "deep" / "seed.html"
    assert render_map([seed_document()], target) == target
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js" in page
    assert "leaflet.markercluster" in page and "Control.FullScreen" in page
    assert "Control.MiniMap" in page and "leaflet-heat" not in page
    assert "code.jquery.com" not in page and "bootstrap" not in page
    assert "geonewsMapInit(map_" in page and "tile.openstreetmap.org" in page
    data = page_data(page)
    assert data["title"] == "'No Mosul retreat,' warns IS leader"
    assert data["view"]["outlines"]["features"][0]["properties"] == {
        "code": "IQ", "name": "Iraq", "count": 9}
    assert data["view"]["background"] is None
    assert list(tmp_path.joinpath("deep").iterdir()) == [target]  # no temporary files left


def test_tiles_none_inlines_every_asset_and_draws_world_outlines(tmp_path):
    page = render_html([seed_document()], tiles="none", heatmap=True)
    assert "<script src=" not in page and "<link" not in page
    assert assets.CDN_ROOT not in page and "tile.openstreetmap" not in page
    assert "L.heatLayer=function" in page  # leaflet.heat, inlined
    data = page_data(page)
    assert data["view"]["minimap"] is None and data["view"]["heatmap"] is True
    assert len(data["view"]["background"]["features"]) > 150


def test_inline_css_has_no_relative_urls():
    for asset in assets.page_assets(minimap=True, heatmap=True):
        assert asset.local_path.is_file(), asset
        if asset.kind == "css":
            assert not re.search(r"url\((?!['\"]?(data:|#))", assets.asset_text(asset)), asset


def test_each_document_carries_its_focus():
    docs = build_payload(multi_documents(), title="t")["docs"]
    assert [d["focus"]["label"] for d in docs[:2]] == [
        "Mosul, Nineveh, Iraq", "Springfield, Illinois, United States"]
    assert (docs[1]["focus"]["level"], docs[1]["focus"]["a1c"]) == ("city", "US.IL")
    assert build_payload([parse_by_hand(Document("e", "Nothing."), {})], title="t")[
        "docs"][0]["focus"] is None


def test_untrusted_text_reaches_the_page_only_escaped(tmp_path):
    parsed = multi_documents()
    page = render_html(parsed, tiles="none")
    for needle in ("<script>window.__xss", "<img src=x", "javascript:window.__xss_link=1\">",
                   "</script><script>"):
        assert needle not in page
    assert "{{ 7*7 }}" in page  # never evaluated as a template
    data = page_data(page)
    assert [d["text"] for d in data["docs"]] == [p.document.text for p in parsed]
    assert data["docs"][2]["title"] == parsed[2].document.title
    titled = render_html(parsed, title="<b>Week</b> & 'more'")
    assert "<title>&lt;b&gt;Week&lt;/b&gt; &amp; &#x27;more&#x27;</title>" in titled


def test_unknown_basemap_is_a_map_error_naming_the_choices(tmp_path):
    with pytest.raises(MapError, match=r"unknown basemap 'Nowhere Tiles'.*'OpenStreetMap'.*'none'"):
        render_map([seed_document()], tmp_path / "m.html", tiles="Nowhere Tiles")
    assert not (tmp_path / "m.html").exists()


def square(lon: float, lat: float, size: float = 1.0) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_boundaries(path: Path, features: list[tuple[dict, dict]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}))
    return path


def test_boundaries_match_natural_earth_and_geoboundaries_styles(tmp_path):
    path = write_boundaries(tmp_path / "admin1.geojson", [
        ({"iso_3166_2": "IQ-NI", "name": "Ninawa", "iso_a2": "IQ"}, square(41.5, 35.5, 2)),
        ({"shapeISO": "US-IL", "shapeName": "Illinois"}, square(-91, 37, 4)),
        ({"iso_3166_2": "IQ-BG", "name": "Baghdad", "iso_a2": "IQ"}, square(44, 33)),
        ({"iso_3166_2": "FR-IDF", "name": "Île-de-France"}, square(2, 48)),
    ])
    data = page_data(render_html(multi_documents(), boundaries=path))
    props = sorted((f["properties"]["code"], f["properties"]["count"])
                   for f in data["view"]["boundaries"]["features"])
    assert props == [("IQ.07", 2), ("IQ.15", 5), ("US.IL", 3)]


def test_boundaries_match_by_name_within_the_country(tmp_path):
    path = write_boundaries(tmp_path / "names.geojson", [
        ({"NAME_1": "Nīnawá", "country_code": "IQ"}, square(41.5, 35.5, 2)),
        ({"NAME_1": "Illinois", "country_code": "IQ"}, square(-91, 37, 4)),  # wrong country
    ])
    data = page_data(render_html([seed_document()], boundaries=path))
    assert [f["properties"]["name"] for f in data["view"]["boundaries"]["features"]] == ["Nineveh"]


@pytest.mark.parametrize("content, message", [
    (None, "boundary file not found"),
    ("not a GIS file", "cannot read boundary file"),
])
def test_bad_boundary_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "admin1.geojson"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BoundaryFileError, match=message):
        render_html([seed_document()], boundaries=path)


def test_country_outlines_come_from_countryinfo():
    iraq = country_outline("iq")
    assert iraq["type"] in ("Polygon", "MultiPolygon")
    assert country_outline("XX") is None
    assert len(outline_codes()) > 150
    some = country_outlines(["IQ", "us", "XX"])
    assert [f["id"] for f in some["features"]] == ["IQ", "US"]
    assert some["features"][0]["properties"] == {"code": "IQ", "name": "Iraq"}


def test_scale_page_stays_small(tmp_path):
    parsed = synthetic_documents(2_000, 400)
    data = page_data(render_map(parsed, tmp_path / "big.html").read_text(encoding="utf-8"))
    assert len(data["places"]) <= 400 and len(data["mentions"]) == 2_000
    assert data["groups"] is None  # 200 articles, no sources: too many to list as layers


def test_maps_never_import_spacy(tmp_path):
    code = ("import sys; sys.path.insert(0, 'tests'); import maps_samples; "
            "from geonews.maps import render_html; render_html(maps_samples.multi_documents()); "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            cwd=Path(__file__).parents[1])
    assert result.returncode == 0, result.stderr


def test_vendored_assets_are_the_pinned_npm_versions():
    for group in assets.VENDORED.values():
        for asset in group:
            manifest = Path(assets.__file__).parent / "vendor" / asset.package / "package.json"
            meta = json.loads(manifest.read_text(encoding="utf-8"))
            assert (meta["name"], meta["version"]) == (asset.package, asset.version)
            assert asset.url == (f"https://cdn.jsdelivr.net/npm/{asset.package}@{asset.version}/"
                                 f"{asset.path}")


def test_a_map_of_nothing_is_still_a_page():
    data = page_data(render_html([], tiles="none"))
    assert (data["title"], data["places"], data["regions"]) == ("geonews map of 0 articles", [], [])


def test_payload_flags_approximate_placements():
    text = "Shelling hit Zzq village, Nineveh."
    mention = Mention("d", 13, 16, "Zzq", "place", 0, len(text))
    parsed = parsed_document(Document("d", text), (Sentence(0, len(text)),), (
        ResolvedMention(mention, NINEVEH, 0.4, (), "approximate: no 'Zzq' in Nineveh",
                        Approximation.CONTAINER),))
    (row,) = build_payload([parsed], title="t")["mentions"]
    assert row[-1] == 1
