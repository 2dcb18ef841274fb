"""No network by default: every command runs on the embedded gazetteer with sockets blocked,
and nothing is sent without opt-in. Opt-in online geocoders (against a local HTTP server)
turn rate limits, service errors and unreachable services into clear messages, and their
cached answers survive an outage."""

from __future__ import annotations

import contextlib
import json
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_server import local_http_server

from gazetteer.errors import GeocoderError
from gazetteer.geocoders import online_geocoder
from geonews.cli import main

ARTICLE = ("MOSUL, Iraq — Iraqi forces advanced on Mosul in Nineveh province on Thursday, "
           "officials said. Residents fled toward Erbil and Baghdad.\n\nIn Springfield, "
           "Illinois, volunteers collected aid.")
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class Blocked(OSError):
    """Raised instead of touching the network."""


@contextlib.contextmanager
def network_blocked(*, allow_loopback: bool = False):
    """Block outgoing connections and DNS; yields the list of attempted destinations."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo, real_create = socket.getaddrinfo, socket.create_connection

    def allowed(address) -> bool:
        if isinstance(address, (str, bytes)):  # AF_UNIX
            return True
        return allow_loopback and address[0] in LOOPBACK

    def check(address) -> None:
        if not allowed(address):
            attempts.append(address)
            raise Blocked(f"network access blocked by the test: {address!r}")

    def connect(self, address, *args):
        check(address)
        return real_connect(self, address, *args)

    def connect_ex(self, address, *args):
        check(address)
        return real_connect_ex(self, address, *args)

    def getaddrinfo(host, port, *args, **kwargs):
        check((host, port))
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        check(address)
        return real_create(address, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        patch.setattr(socket, "create_connection", create_connection)
        patch.setattr("geopy.extra.rate_limiter.sleep", lambda seconds: None)
        yield attempts


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, gazetteer) -> Path:
    """An article, a tiny gold file and a custom places file (the embedded index is built)."""
    folder = tmp_path_factory.mktemp("offline")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("Mosul in")
    (folder / "gold.jsonl").write_text(json.dumps({
        "id": "g1", "text": ARTICLE, "toponyms": [
            {"start": start, "end": start + 5, "text": "Mosul", "lat": 36.335,
             "lon": 43.11889, "geonameid": 99072}]}) + "\n", encoding="utf-8")
    (folder / "places.csv").write_text("name,lat,lon,feature,country_code\n"
                                       "Camp Alpha,36.2,43.0,other,IQ\n", encoding="utf-8")
    return folder


OFFLINE_COMMANDS = [
    ["parse", "{w}/article.txt", "-o", "{w}/out.jsonl"],
    ["parse", "{w}/gold.jsonl", "--given-spans", "-o", "{w}/given.csv"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.gpkg"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.geojson"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.parquet"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.fgb"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.shp"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.kml"],
    ["export", "{w}/out.jsonl", "-o", "{w}/out.csv", "--per", "place"],
    ["regions", "{w}/out.jsonl"],
    ["regions", "{w}/article.txt", "--json"],
    ["mentions", "{w}/out.jsonl", "--region", "Nineveh"],
    ["map", "{w}/article.txt", "-o", "{w}/map.html"],
    ["map", "{w}/article.txt", "-o", "{w}/map-none.html", "--tiles", "none", "--heatmap"],
    ["eval", "{w}/gold.jsonl"],
    ["eval", "{w}/gold.jsonl", "--given-spans", "--json"],
    ["gazetteer", "info"],
    ["gazetteer", "search", "Mosul"],
    ["gazetteer", "build", "--source", "none", "--custom", "{w}/places.csv", "--path",
     "{w}/custom.sqlite", "--quiet"],
    ["geocode", "Springfield, Illinois"],
    ["geocode", "Mosul", "--geocoder", "nominatim", "--user-agent", "geonews-tests"],
]


@pytest.mark.parametrize("args", OFFLINE_COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_every_command_runs_offline(workspace, args):
    """In order: later commands read what ``parse`` wrote (the parse cases come first)."""
    args = [a.format(w=workspace) for a in args]
    if args[0] != "parse" and not (workspace / "out.jsonl").exists():
        pytest.skip("needs the output of the parse case")
    with network_blocked() as attempts:
        result = CliRunner().invoke(main, args, input=ARTICLE)
    assert result.exit_code == 0, result.stderr or result.output
    assert attempts == []
    assert "Traceback" not in result.stderr


def test_stdin_parse_offline():
    with network_blocked() as attempts:
        result = CliRunner().invoke(main, ["parse", "-"], input=ARTICLE)
    assert result.exit_code == 0, result.stderr
    assert "Mosul" in {json.loads(line)["text"] for line in result.stdout.splitlines()}
    assert attempts == []


def test_opt_in_geocoder_without_network_is_a_one_line_error(workspace):
    with network_blocked() as attempts:
        result = CliRunner().invoke(main, ["geocode", "Xqzvyplace", "--geocoder", "nominatim",
                                           "--user-agent", "geonews-tests", "--timeout", "1",
                                           "--path", str(workspace / "custom.sqlite")])
    assert attempts, "the opt-in geocoder should have tried to connect"
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: nominatim is unreachable for 'Xqzvyplace': ")


def test_geonames_download_without_network_is_a_one_line_error(tmp_path):
    with network_blocked():
        result = CliRunner().invoke(main, ["gazetteer", "build", "--source", "geonames",
                                           "--countries", "IQ", "--path",
                                           str(tmp_path / "g.sqlite"), "--download-dir",
                                           str(tmp_path / "dl"), "--quiet"])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "g.sqlite").exists()


# ---------------------------------------------------------------- online failure modes
class _Service(BaseHTTPRequestHandler):
    """A Nominatim stand-in whose answer is set by ``mode``."""

    mode = "ok"
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        status, headers, body = {
            "ok": (200, {}, [{"lat": "36.3", "lon": "43.1", "display_name": "Camp Zeta, Iraq",
                              "place_id": 7}]),
            "rate": (429, {"Retry-After": "0"}, {"error": "Too many requests"}),
            "down": (503, {}, {"error": "maintenance"}),
            "broken": (500, {}, {"error": "internal"}),
            "garbage": (200, {}, None),
        }[type(self).mode]
        data = b"<html>not json" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    _Service.mode, _Service.requests = "ok", []
    with local_http_server(_Service) as server:
        yield server


def geocoder(server, cache_dir, **options):
    settings = dict(user_agent="geonews-tests/1.0", timeout=2, cache_dir=cache_dir,
                    min_delay_seconds=0, max_retries=1, error_wait_seconds=0,
                    domain=f"127.0.0.1:{server.server_address[1]}", scheme="http")
    settings.update(options)
    return online_geocoder("nominatim", **settings)


@pytest.mark.parametrize("mode, message", [
    ("rate", r"nominatim rate-limited us \(.*\); wait and retry"),
    ("down", r"nominatim did not answer 'Camp Zeta' within 2 s"),  # geopy: 503 = timed out
    ("broken", r"nominatim (failed for|is unreachable for) 'Camp Zeta'"),
    ("garbage", r"nominatim failed for 'Camp Zeta'"),
])
def test_service_errors_are_clear_messages(service, tmp_path, mode, message):
    _Service.mode = mode
    online = geocoder(service, tmp_path)
    with network_blocked(allow_loopback=True) as attempts, \
            pytest.raises(GeocoderError, match=message):
        online.geocode("Camp Zeta")
    assert attempts == []
    online.close()


def test_unreachable_service_is_a_clear_message(tmp_path):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    online = online_geocoder("nominatim", user_agent="geonews-tests/1.0", timeout=1,
                             cache_dir=tmp_path, min_delay_seconds=0, max_retries=0,
                             domain=f"127.0.0.1:{port}", scheme="http")
    with network_blocked(allow_loopback=True), \
            pytest.raises(GeocoderError, match="nominatim is unreachable for 'Camp Zeta'"):
        online.geocode("Camp Zeta")
    online.close()


def test_cached_answers_survive_an_outage_and_errors_are_not_cached(service, tmp_path):
    online = geocoder(service, tmp_path)
    with network_blocked(allow_loopback=True):
        assert online.geocode("Camp Zeta").name == "Camp Zeta"
        _Service.mode = "down"
        asked = len(_Service.requests)
        assert online.geocode("Camp Zeta").name == "Camp Zeta"  # from the cache
        assert len(_Service.requests) == asked
        with pytest.raises(GeocoderError):
            online.geocode("Camp Omega")
    online.close()
    again = geocoder(service, tmp_path)  # a later run: same cache file
    with network_blocked(allow_loopback=True):
        assert again.geocode("Camp Zeta").name == "Camp Zeta"
        _Service.mode = "ok"
        assert again.geocode("Camp Omega") is not None  # the error was not cached
    assert any("Camp+Omega" in r or "Camp%20Omega" in r for r in _Service.requests[-1:])
    again.close()
