"""A small slice of the soak run (``benchmarks/soak.py``): the shared corpora parse with no
error, every mention's offsets hold, and every document comes out once. Skips without
``../shared``."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
CORPORA = [SHARED / "geowebnews.jsonl", SHARED / "wiktor.jsonl"]
PER_FILE = 60

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in CORPORA),
                                reason="needs the shared corpora in ../shared/eval")


def test_soak_script_runs_a_slice():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--limit",
                             "40", "--every", "20"], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    done = result.stdout.strip().splitlines()[-1]
    assert done.startswith("done: 80 documents, ")


def test_corpus_slice_parses_with_consistent_offsets(gazetteer):
    from geonews.text.inputs import read_documents
    from geonews.parsing.geoparser import Geoparser

    documents = list(itertools.chain.from_iterable(
        itertools.islice(read_documents([path]), PER_FILE) for path in CORPORA))
    parser = Geoparser(gazetteer=gazetteer)
    seen = []
    for parsed in parser.parse_documents(documents):
        text = parsed.document.text
        seen.append(parsed.document.id)
        for resolved in parsed.mentions:
            m = resolved.mention
            assert text[m.start:m.end] == m.text
            assert m.sentence_start <= m.start < m.end <= m.sentence_end
        json.dumps([resolved.mention.text for resolved in parsed.mentions])
    assert seen == [d.id for d in documents]
