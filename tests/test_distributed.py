"""Dask: a LocalCluster of 2 worker processes writes the rows of a single-process run."""

from __future__ import annotations

import json
import logging
from functools import partial

import pytest

pytest.importorskip("distributed")

from click.testing import CliRunner

from geonews.cli import main
from geonews.parsing.distributed import (
    ClusterError,
    dataset_format,
    parse_distributed,
)
from geonews.errors import OutputFormatError
from geonews.outputs.tables import mention_frame
from geonews.models import Document
from geonews.records.parts import part_files
from geonews.parsing.geoparser import Geoparser, parse_batch
from geonews.records.schema import records
from geonews.settings import ParserSettings

TEXTS = [
    "Iraqi forces entered Mosul on Thursday after an advance from Erbil.",
    "The governor of Illinois spoke in Springfield, Illinois, on Monday.",
    "Nothing happened here.",
    "Aid convoys from Jordan reached Aleppo and Damascus, the United Nations said.",
    "Residents of Nineveh province fled to camps near Dohuk.",
]
DOCS = [Document(id=f"d{n}", text=TEXTS[n % len(TEXTS)]) for n in range(11)]


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as local:
        yield local.scheduler_address


def _parse(gazetteer):
    """The workers' parse function, with ``gazetteer`` (``None``: each worker's default)."""
    settings = ParserSettings(gazetteer=gazetteer and str(gazetteer.path))
    return partial(parse_batch, settings, False)


@pytest.fixture(scope="module")
def expected(gazetteer) -> list[dict]:
    """The records of a single-process run."""
    parser = Geoparser(gazetteer=gazetteer)
    return [r for doc in parser.parse_documents(DOCS) for r in records(doc)]


def test_jsonl_parts_hold_the_single_process_rows(cluster, gazetteer, expected, tmp_path):
    out = tmp_path / "mentions.jsonl"
    run = parse_distributed(iter(DOCS), out, scheduler=cluster, partition_size=3,
                            parse=_parse(gazetteer))
    assert (run.format, run.parts, run.documents, run.mentions) == ("jsonl", 4, 11,
                                                                    len(expected))
    assert [p.name for p in part_files(out)] == [f"part-0000{i}.jsonl" for i in range(4)]
    rows = [json.loads(line) for part in part_files(out)
            for line in part.read_text(encoding="utf-8").splitlines()]
    assert rows == expected


def test_geoparquet_dataset_equals_the_single_process_table(cluster, gazetteer, expected,
                                                            tmp_path):
    import geopandas as gpd
    import pandas as pd

    out = tmp_path / "mentions"
    run = parse_distributed(iter(DOCS), out, scheduler=cluster, partition_size=4,
                            parse=_parse(gazetteer))
    assert (run.format, run.parts) == ("geoparquet", 3)
    parts = pd.concat([gpd.read_parquet(p) for p in part_files(out)], ignore_index=True)
    pd.testing.assert_frame_equal(parts, mention_frame(expected))
    assert gpd.read_parquet(out).shape == parts.shape  # readable as one dataset


def test_cli_scheduler_writes_a_dataset(cluster, gazetteer, expected, tmp_path):
    out = tmp_path / "cli.jsonl"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in DOCS))
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), "--scheduler",
                                       cluster, "--partition-size", "5", "--gazetteer",
                                       str(gazetteer.path)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(expected)} mentions of 11 documents to {out}/ (3 jsonl parts)." \
        in result.stderr
    again = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), "--scheduler",
                                      cluster, "--gazetteer", str(gazetteer.path)])
    assert again.exit_code == 1
    assert "already holds 3 part files" in again.output


def test_dataset_format():
    assert dataset_format("out") == "geoparquet"
    assert dataset_format("out.parquet") == "geoparquet"
    assert dataset_format("out.jsonl") == "jsonl"
    assert dataset_format("out", "jsonl") == "jsonl"
    with pytest.raises(OutputFormatError, match="not 'gpkg'"):
        dataset_format("out", "gpkg")
    with pytest.raises(OutputFormatError, match="not '.csv'"):
        dataset_format("out.csv")


def test_output_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file.parquet"
    target.write_text("x")
    with pytest.raises(OutputFormatError, match="not a directory"):
        parse_distributed(iter(DOCS), target, scheduler="local", parse=_parse(None))


def test_unreachable_scheduler(tmp_path, monkeypatch):
    monkeypatch.setattr("geonews.parsing.distributed.CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        parse_distributed(iter(DOCS), tmp_path / "out", scheduler="tcp://127.0.0.1:9",
                          parse=_parse(None))
