"""Country outlines: ``gazetteer.outlines`` is their one reader, for the maps and the index."""

from __future__ import annotations

import json

from gazetteer import embedded
from gazetteer.outlines import country_outline, country_outline_json, country_outlines


def test_outline_json_is_the_one_country_collection():
    assert json.loads(country_outline_json("iq")) == country_outlines(["IQ"])
    assert country_outlines(["IQ"])["features"][0]["geometry"] == country_outline("IQ")
    assert country_outline_json("XX") is None


def test_the_index_stores_the_outlines_of_gazetteer_outlines():
    countries = {code: {"iso": code, "geonameid": gid, "name": name, "population": 1}
                 for code, gid, name in (("IQ", 99237, "Iraq"), ("PS", 6254930, "Palestine"),
                                         ("SG", 1880251, "Singapore"))}
    entries = list(embedded._countries(countries, embedded.countryinfo_records(), {}, []))
    assert [e.geojson for e in entries] == [country_outline_json(c) for c in countries]
    assert entries[0].geojson is not None
