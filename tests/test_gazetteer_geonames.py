"""Full GeoNames builds from tiny dump files: local folder, local HTTP server, resume, errors."""

from __future__ import annotations

import io
import zipfile
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from local_server import local_http_server

from gazetteer import BuildSpec, Gazetteer, build_index
from gazetteer.download import download_dumps
from gazetteer.errors import DownloadError, GazetteerSourceError

COUNTRY_INFO = (
    "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\t"
    "tld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\t"
    "geonameid\tneighbours\tEquivalentFipsCode\n"
    "IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t38433600\tAS\t.iq\tIQD\tDinar\t964\t#####\t\t"
    "ar-IQ,ku\t99237\tSY,SA\t\n"
    "SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t16906283\tAS\t.sy\tSYP\tPound\t963\t\t\t"
    "ar-SY\t163843\tIQ,JO\t\n")
ADMIN1 = ("IQ.15\tNineveh\tNineveh\t92877\nIQ.07\tBaghdad\tBaghdad\t98180\n"
          "SY.04\tAr Raqqah\tAr Raqqah\t172957\n")
ADMIN2 = "IQ.15.9166649\tMosul\tMosul\t9166649\n"


def _row(gid, name, alt, lat, lon, fclass, fcode, cc, a1="", a2="", pop=0):
    return "\t".join(map(str, [gid, name, name, alt, lat, lon, fclass, fcode, cc, "", a1, a2,
                               "", "", pop, "", "", "Asia/Baghdad", "2024-01-01"])) + "\n"


IQ_ROWS = (
    _row(99237, "Iraq", "Irak,Republic of Iraq", 33.0, 44.0, "A", "PCLI", "IQ", "00", "", 38433600)
    + _row(92877, "Nineveh", "Ninawa,Nīnawá", 36.25, 42.5, "A", "ADM1", "IQ", "15")
    + _row(9166649, "Mosul District", "", 36.4, 43.0, "A", "ADM2", "IQ", "15", "9166649")
    + _row(99072, "Mosul", "Al Mawsil,OSM,Mossoul", 36.335, 43.11889, "P", "PPLA", "IQ", "15",
           "9166649", 1683000)
    + _row(98182, "Baghdad", "Bagdad", 33.34058, 44.40088, "P", "PPLC", "IQ", "07", "", 7216000)
    + _row(98180, "Baghdad", "", 33.33, 44.38, "A", "ADM1", "IQ", "07")
    + _row(90001, "Tigris Bridge", "", 36.34, 43.13, "S", "BDG", "IQ", "15"))
SY_ROWS = (
    _row(163843, "Syria", "", 35.0, 38.0, "A", "PCLI", "SY", "00", "", 16906283)
    + _row(172955, "Ar Raqqah", "Raqqa", 35.95, 39.01, "P", "PPLA", "SY", "04", "", 531952)
    + _row(172957, "Ar Raqqah", "", 35.9, 38.9, "A", "ADM1", "SY", "04"))
ALT_IQ = ("1\t99072\ten\tMosul City\t\t\t\t\t\t\n2\t99072\tiata\tOSM\t\t\t\t\t\t\n"
          "3\t99072\tlink\thttps://en.wikipedia.org/wiki/Mosul\t\t\t\t\t\t\n"
          "4\t99237\tabbr\tIRQ\t\t\t\t\t\t\n")


def _zip(member: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)
    return buffer.getvalue()


@pytest.fixture
def dump_dir(tmp_path) -> Path:
    folder = tmp_path / "dump"
    (folder / "alternatenames").mkdir(parents=True)
    (folder / "countryInfo.txt").write_text(COUNTRY_INFO, encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text(ADMIN1, encoding="utf-8")
    (folder / "admin2Codes.txt").write_text(ADMIN2, encoding="utf-8")
    (folder / "IQ.zip").write_bytes(_zip("IQ.txt", IQ_ROWS))
    (folder / "SY.zip").write_bytes(_zip("SY.txt", SY_ROWS))
    (folder / "allCountries.zip").write_bytes(_zip("allCountries.txt", IQ_ROWS + SY_ROWS))
    (folder / "alternatenames" / "IQ.zip").write_bytes(_zip("IQ.txt", ALT_IQ))
    (folder / "alternatenames" / "SY.zip").write_bytes(_zip("SY.txt", ""))
    return folder


def _open(tmp_path, spec) -> Gazetteer:
    return Gazetteer.open(build_index(tmp_path / "gn.sqlite", spec, progress=False), build=False)


def test_build_from_folder(tmp_path, dump_dir):
    g = _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dump_dir),
                                  countries=("IQ",), alternate_names=True))
    mosul = g.candidates("Mosul")[0].place
    assert (mosul.geonameid, mosul.feature, mosul.feature_code) == (99072, "city", "PPLA")
    assert (mosul.admin1_code, mosul.admin1) == ("IQ.15", "Nineveh")
    assert (mosul.admin2_code, mosul.admin2) == ("IQ.15.9166649", "Mosul District")
    assert not mosul.derived and mosul.country == "Iraq"
    assert g.candidates("Mosul City")[0].place.geonameid == 99072  # from alternate names
    assert not any(c.place.geonameid == 99072 for c in g.candidates("OSM"))
    assert g.country("IQ").geonameid == 99237 and g.country("Irak").geonameid == 99237
    assert g.demonym("Iraqi").geonameid == 99237
    assert g.region("IQ.15")[0].geonameid == 92877
    assert g.candidates("Tigris Bridge")[0].place.feature == "other"
    assert g.candidates("Raqqa") == []  # Syria was not chosen
    info = g.info()
    assert info["sources"]["base"] == "geonames" and info["sources"]["countries"] == ["IQ"]
    g.close()


def test_build_all_countries(tmp_path, dump_dir):
    g = _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dump_dir)))
    assert g.candidates("Raqqa")[0].place.admin1 == "Ar Raqqah"
    assert g.info()["counts"]["country"] == 2
    g.close()


def test_unknown_country_and_missing_files(tmp_path, dump_dir):
    with pytest.raises(GazetteerSourceError, match="unknown country code.*ZZ"):
        _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dump_dir),
                                  countries=("ZZ",)))
    (dump_dir / "admin2Codes.txt").unlink()
    with pytest.raises(GazetteerSourceError, match="missing GeoNames file admin2Codes"):
        _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dump_dir),
                                  countries=("IQ",)))


def test_malformed_dump_names_the_line(tmp_path, dump_dir):
    (dump_dir / "IQ.txt").write_text(IQ_ROWS + "123\tBroken\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match=r"IQ.txt line 8: 2 columns, expected 19"):
        _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dump_dir),
                                  countries=("IQ",)))


# ---------------------------------------------------------------- downloads
class _DumpServer(BaseHTTPRequestHandler):
    """Serves files from ``root`` with Range support; ``truncate`` cuts one body in half."""

    root: Path
    truncate: set[str] = set()
    log: list[tuple[str, str | None]] = []

    def _file(self):
        path = self.root / self.path.lstrip("/")
        return path if path.is_file() else None

    def do_HEAD(self):  # noqa: N802
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(path.stat().st_size))
        self.end_headers()

    def do_GET(self):  # noqa: N802
        path = self._file()
        rng = self.headers.get("Range")
        type(self).log.append((self.path, rng))
        if path is None:
            self.send_error(404)
            return
        data = path.read_bytes()
        start = int(rng.split("=")[1].split("-")[0]) if rng else 0
        body = data[start:]
        self.send_response(206 if rng else 200)
        if rng:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        name = self.path.lstrip("/")
        if name in type(self).truncate:
            type(self).truncate.discard(name)
            body = body[: len(body) // 2]
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def dump_server(dump_dir):
    _DumpServer.root = dump_dir
    _DumpServer.truncate = set()
    _DumpServer.log = []
    with local_http_server(_DumpServer) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/"


def test_download_and_build(tmp_path, dump_server):
    dest = tmp_path / "downloads"
    digests = download_dumps(dest, countries=("iq", "SY"), alternate_names=True,
                             base_url=dump_server, progress=False)
    assert set(digests) == {"countryInfo.txt", "admin1CodesASCII.txt", "admin2Codes.txt",
                            "IQ.zip", "SY.zip", "alternatenames/IQ.zip", "alternatenames/SY.zip"}
    g = _open(tmp_path, BuildSpec(base="geonames", geonames_dir=str(dest),
                                  countries=("IQ", "SY"), alternate_names=True))
    assert g.candidates("Raqqa")[0].place.geonameid == 172955
    g.close()
    fetched = len(_DumpServer.log)
    download_dumps(dest, countries=("IQ", "SY"), alternate_names=True, base_url=dump_server,
                   progress=False)
    assert len(_DumpServer.log) == fetched  # complete files are not fetched again


def test_truncated_download_resumes(tmp_path, dump_server):
    dest = tmp_path / "downloads"
    _DumpServer.truncate = {"IQ.zip"}
    with pytest.raises(DownloadError, match="IQ.zip .*(truncated|interrupted)"):
        download_dumps(dest, countries=("IQ",), base_url=dump_server, progress=False)
    assert not (dest / "IQ.zip").exists() and (dest / "IQ.zip.part").exists()
    download_dumps(dest, countries=("IQ",), base_url=dump_server, progress=False)
    assert [rng for path, rng in _DumpServer.log if path == "/IQ.zip"][-1].startswith("bytes=")
    with zipfile.ZipFile(dest / "IQ.zip") as archive:
        assert archive.testzip() is None


def test_wrong_download_is_rejected(tmp_path, dump_server, dump_dir):
    (dump_dir / "IQ.zip").write_text("<html>Service unavailable</html>")
    with pytest.raises(DownloadError, match="IQ.zip is not a valid zip file"):
        download_dumps(tmp_path / "d", countries=("IQ",), base_url=dump_server, progress=False)


def test_download_errors(tmp_path, dump_server):
    with pytest.raises(GazetteerSourceError, match="unknown country code.*ZZ"):
        download_dumps(tmp_path / "d", countries=("ZZ",), base_url=dump_server, progress=False)
    with pytest.raises(GazetteerSourceError, match="bad country code"):
        download_dumps(tmp_path / "d", countries=("IRQ",), base_url=dump_server, progress=False)
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_dumps(tmp_path / "d", countries=("IQ",), base_url=dump_server + "missing/",
                       progress=False)


def test_cli_build_from_server_and_folder(tmp_path, dump_server, dump_dir):
    from click.testing import CliRunner

    import geonews.cli.gazetteer_cmd  # noqa: F401  (registers the commands)
    from geonews.cli.app import main

    runner = CliRunner()
    index = tmp_path / "gn.sqlite"
    result = runner.invoke(main, [
        "gazetteer", "build", "--source", "geonames", "--countries", "IQ,SY",
        "--url", dump_server, "--download-dir", str(tmp_path / "dl"), "--path", str(index),
        "-q"])
    assert result.exit_code == 0, result.output
    assert "Built" in result.output and "2 country" in result.output
    result = runner.invoke(main, ["geocode", "Raqqa", "--path", str(index)])
    assert result.exit_code == 0 and "Ar Raqqah (city, GeoNames 172955)" in result.output
    result = runner.invoke(main, [
        "gazetteer", "build", "--source", "geonames", "--from", str(dump_dir), "--countries",
        "XX", "--path", str(index), "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown country code(s) XX")
    assert runner.invoke(main, ["geocode", "Raqqa", "--path", str(index)]).exit_code == 0
