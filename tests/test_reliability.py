"""Outputs are written atomically: a writer that fails midway (or is interrupted) leaves the
previous file as it was and no temporary files behind, for every export format and the map."""

from __future__ import annotations

import json

import pytest

from geonews.outputs.atomic import atomic_path, atomic_write
from geonews.outputs.formats import FORMATS, write_records

RECORD = {"doc_id": "d1", "start": 0, "end": 5, "text": "Mosul", "label": "place",
          "sentence": "Mosul is in Iraq.", "sentence_start": 0, "sentence_end": 17,
          "geonameid": 99072, "name": "Mosul", "feature": "city", "lat": 36.335,
          "lon": 43.11889, "country_code": "IQ", "country": "Iraq", "admin1_code": "IQ.15",
          "admin1": "Nīnawá", "admin2_code": None, "admin2": None, "population": 1683000,
          "confidence": 0.9}


class Boom(Exception):
    pass


def failing(records: int = 3, exc: BaseException | None = None):
    for i in range(records):
        yield dict(RECORD, start=i * 10, end=i * 10 + 5)
    raise exc or Boom("disk on fire")


def test_atomic_write_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(Boom), atomic_write(target) as handle:
        handle.write("half")
        raise Boom
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_path_survives_ctrl_c(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_bytes(b"partial")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_failed_export_keeps_the_previous_output(tmp_path, fmt):
    target = tmp_path / f"out{FORMATS[fmt].extensions[0]}"
    write_records([RECORD], target, format=fmt)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(Boom):
        write_records(failing(), target, format=fmt)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_failed_map_keeps_the_previous_map(tmp_path):
    maps = pytest.importorskip("geonews.maps")
    from geonews.models import Document
    from geonews.resolution.focus import parsed_document

    target = tmp_path / "map.html"
    target.write_text("<p>previous map</p>")

    def parsed():
        yield parsed_document(Document("d1", "Mosul is in Iraq."), ())
        raise Boom("parser died")

    with pytest.raises(Boom):
        maps.render_map(parsed(), target, tiles="none")
    assert target.read_text() == "<p>previous map</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_jsonl_output_is_complete_lines_only(tmp_path):
    target = tmp_path / "out.jsonl"
    write_records([RECORD] * 3, target, format="jsonl")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Mosul"] * 3
