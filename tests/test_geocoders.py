"""geopy integration: the offline GazetteerGeocoder and the opt-in online geocoders.

Online geocoders are tested against a fake Nominatim on 127.0.0.1 — never the network.
"""

from __future__ import annotations

import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from local_server import local_http_server

from gazetteer.errors import GazetteerError, GeocoderError
from gazetteer.geocoders import GazetteerGeocoder, online_geocoder


# ---------------------------------------------------------------- offline
@pytest.fixture(scope="module")
def local(gazetteer):
    return GazetteerGeocoder(gazetteer)


def test_is_a_geopy_geocoder(local):
    assert isinstance(local, Geocoder)


def test_geocode_returns_locations(local):
    found = local.geocode("Mosul")
    assert isinstance(found, Location)
    assert found.raw["geonameid"] == 99072 and found.raw["admin1_code"] == "IQ.15"
    assert found.address == "Mosul, Nīnawá, Iraq"
    assert found.latitude == pytest.approx(36.335)
    several = local.geocode("Paris", exactly_one=False)
    assert isinstance(several, list) and len(several) > 3
    assert local.geocode("Xqzzyvv") is None


@pytest.mark.parametrize("query, admin1", [
    ("Springfield, Illinois", "US.IL"), ("Springfield, IL", "US.IL"),
    ("Springfield, Massachusetts", "US.MA"), ("Springfield, Ohio, US", "US.OH")])
def test_context_after_comma_narrows(local, query, admin1):
    assert local.geocode(query).raw["admin1_code"] == admin1


def test_fuzzy_fallback(local):
    assert local.geocode("Mosulll").raw["geonameid"] == 99072


def test_reverse(local):
    for query in ("36.34, 43.12", (36.34, 43.12)):
        assert local.reverse(query).raw["geonameid"] == 99072
    assert local.reverse("-40, -140") is None
    with pytest.raises(ValueError, match="bad point"):
        local.reverse("not a point")


# ---------------------------------------------------------------- online (fake server)
class _FakeNominatim(BaseHTTPRequestHandler):
    requests: list[str] = []
    delay = 0.0

    def do_GET(self):  # noqa: N802 - http.server API
        query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        type(self).requests.append(query)
        time.sleep(type(self).delay)
        if query == "Camp Zeta":
            body = [{"lat": "36.30", "lon": "43.10", "display_name": "Camp Zeta, Nineveh, Iraq",
                     "place_id": 1}]
        elif query == "forbidden":
            self.send_response(403)
            self.end_headers()
            return
        else:
            body = []
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up (timeout test)
            self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_nominatim():
    _FakeNominatim.requests = []
    _FakeNominatim.delay = 0.0
    with local_http_server(_FakeNominatim) as server:
        yield f"127.0.0.1:{server.server_address[1]}"


def _online(domain, tmp_path, gazetteer=None, **kw):
    options = dict(user_agent="geonews-tests/1.0", timeout=2, cache_dir=tmp_path,
                   gazetteer=gazetteer, min_delay_seconds=0, max_retries=0, domain=domain,
                   scheme="http")
    options.update(kw)
    return online_geocoder("nominatim", **options)


def test_online_result_gets_local_admin_regions(fake_nominatim, tmp_path, tiny_gazetteer):
    geocoder = _online(fake_nominatim, tmp_path, tiny_gazetteer)
    place = geocoder.geocode("Camp Zeta")
    assert (place.lat, place.lon) == (36.30, 43.10)
    assert place.name == "Camp Zeta" and place.source == "geocoder:nominatim"
    assert (place.country_code, place.admin1_code, place.admin1) == ("IQ", "IQ.15", "Nīnawá")
    assert place.raw["response"]["place_id"] == 1
    geocoder.close()


def test_online_answers_are_cached_on_disk(fake_nominatim, tmp_path):
    first = _online(fake_nominatim, tmp_path)
    assert first.geocode("Camp Zeta") is not None
    assert first.geocode("Nowhere") is None
    first.close()
    second = _online(fake_nominatim, tmp_path)  # a new process would find the same file
    assert second.geocode("Camp Zeta") is not None and second.geocode("Nowhere") is None
    assert _FakeNominatim.requests == ["Camp Zeta", "Nowhere"]
    assert (tmp_path / "geocoder-cache.sqlite").exists()
    second.close()


def test_online_rate_limit(fake_nominatim, tmp_path):
    geocoder = _online(fake_nominatim, tmp_path, min_delay_seconds=0.3, use_cache=False)
    start = time.monotonic()
    for query in ("a", "b", "c"):
        geocoder.geocode(query)
    assert time.monotonic() - start >= 0.6


def test_online_timeout_is_a_clear_error(fake_nominatim, tmp_path):
    _FakeNominatim.delay = 1.5
    geocoder = _online(fake_nominatim, tmp_path, timeout=0.3, use_cache=False)
    with pytest.raises(GeocoderError, match="did not answer 'Camp Zeta' within 0.3 s"):
        geocoder.geocode("Camp Zeta")


def test_online_refusal_is_a_clear_error(fake_nominatim, tmp_path):
    geocoder = _online(fake_nominatim, tmp_path, use_cache=False)
    with pytest.raises(GeocoderError, match="nominatim refused"):
        geocoder.geocode("forbidden")


def test_online_configuration_errors(tmp_path):
    with pytest.raises(GeocoderError, match="unknown geocoder 'nowhere'.*nominatim"):
        online_geocoder("nowhere", user_agent="x", cache_dir=tmp_path)
    with pytest.raises(GeocoderError, match="requires a user agent"):
        online_geocoder("nominatim", cache_dir=tmp_path)
    with pytest.raises(GazetteerError, match="timeout must be positive"):
        online_geocoder("nominatim", user_agent="x", timeout=0, cache_dir=tmp_path)
