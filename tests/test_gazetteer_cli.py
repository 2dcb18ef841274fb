"""``geonews gazetteer build|info|search`` and ``geonews geocode``: output and exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import geonews.cli.gazetteer_cmd  # noqa: F401  (registers the commands)
from geonews.cli.app import main


@pytest.fixture
def run(gazetteer):
    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(main, list(args),
                             env={"GEONEWS_GAZETTEER": str(gazetteer.path), **(env or {})})
    return invoke


def test_geocode_prints_place_and_admin_path(run):
    result = run("geocode", "Mosul")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Mosul (city, GeoNames 99072)"
    assert "in: Iraq (IQ) > Nīnawá (IQ.15) > Mosul (IQ.15.9166649)" in result.output


def test_geocode_json(run):
    result = run("geocode", "Springfield, Illinois", "--json")
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["admin1_code"] == "US.IL" and record["geonameid"] == 4250542


def test_geocode_not_found(run):
    result = run("geocode", "Xqzzyvv")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no place found for 'Xqzzyvv'")


def test_geocode_online_needs_user_agent(run):
    result = run("geocode", "Xqzzyvv", "--geocoder", "nominatim")
    assert result.exit_code == 1 and "requires a user agent" in result.output
    result = run("geocode", "Xqzzyvv", "--geocoder", "nowhere", "--user-agent", "t")
    assert result.exit_code == 1 and "unknown geocoder 'nowhere'" in result.output


def test_search(run):
    result = run("gazetteer", "search", "Nineveh", "-n", "2")
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2
    assert result.output.split()[0] == "92877"
    lines = run("gazetteer", "search", "Mosul", "--json", "--country", "IQ").output.splitlines()
    assert json.loads(lines[0])["match"] == "name"
    result = run("gazetteer", "search", "Mosul", "--country", "ZZ")
    assert result.exit_code == 2 and "unknown country code 'ZZ'" in result.output
    result = run("gazetteer", "search", "Mosulll")
    assert result.exit_code == 1 and "(try --fuzzy)" in result.output
    assert run("gazetteer", "search", "Mosulll", "--fuzzy").exit_code == 0


def test_info(run):
    result = run("gazetteer", "info")
    assert result.exit_code == 0
    assert "sources:  embedded" in result.output and "ADM2" in result.output
    assert json.loads(run("gazetteer", "info", "--json").output)["counts"]["continent"] == 7


def test_build_custom_and_errors(run, tmp_path, tiny_places_csv):
    index = tmp_path / "tiny.sqlite"
    result = run("gazetteer", "build", "--source", "none", "--custom", str(tiny_places_csv),
                 "--path", str(index), "-q")
    assert result.exit_code == 0, result.output
    assert f"Built {index}" in result.output and "city" in result.output
    assert "Camp Alpha" in run("gazetteer", "search", "Alpha Camp", "--path", str(index)).output
    result = run("gazetteer", "build", "--countries", "IQ", "--path", str(index))
    assert result.exit_code == 2 and "need --source geonames" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nA,1\n", encoding="utf-8")
    result = run("gazetteer", "build", "--source", "none", "--custom", str(bad),
                 "--path", str(index), "-q")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "bad.csv line 1: missing column(s) lon" \
        in result.output
    result = run("gazetteer", "build", "--source", "geonames", "--from", str(tmp_path / "no"),
                 "--path", str(index))
    assert result.exit_code == 2 and "folder not found" in result.output


@pytest.mark.parametrize("args", [["gazetteer"], ["gazetteer", "build"], ["gazetteer", "info"],
                                  ["gazetteer", "search"], ["geocode"]])
def test_help(run, args):
    result = run(*args, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
