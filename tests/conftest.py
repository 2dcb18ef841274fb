"""Shared fixtures: the embedded gazetteer (built once, reused across runs) and a tiny one.

``gazetteer``: the full embedded index at ``$GEONEWS_GAZETTEER`` if set, else at the default
path in the user cache directory, built on first use (≈20 s) and reused by later runs and
other test sessions. ``nlp``: a blank English pipeline for recognition unit tests.
``tiny_gazetteer``: a few custom places only (built in a second), for unit
tests that do not need the real data.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gazetteer import BuildSpec, Gazetteer, build_index

TINY_PLACES_CSV = textwrap.dedent("""\
    name,lat,lon,feature,feature_code,country_code,admin1_code,admin2_code,population,aliases,geonameid
    Iraq,33.0,44.0,country,PCLI,IQ,,,38433600,Republic of Iraq,99237
    Nīnawá,36.35,43.13,ADM1,ADM1,IQ,IQ.15,,4013785,Nineveh|Nineveh Governorate,92877
    Mosul,36.335,43.11889,city,PPL,IQ,IQ.15,,1683000,Al Mawsil|Mossul,99072
    Tall Kayf,36.48972,43.11917,city,PPL,IQ,IQ.15,,16000,Tel Keppe,99121
    Springfield,39.80172,-89.64371,city,PPL,US,US.IL,,114394,,4250542
    Springfield,37.21533,-93.29824,city,PPL,US,US.MO,,170188,,4409896
    Camp Alpha,36.2,43.0,other,,IQ,IQ.15,,,Alpha Camp,
    """)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The embedded gazetteer (built once into ``$GEONEWS_GAZETTEER`` or the user cache)."""
    g = Gazetteer.open(progress=False)
    yield g
    g.close()


@pytest.fixture(scope="session")
def nlp():
    """A blank English spaCy pipeline with sentence boundaries: recognition unit tests set the
    entities by hand."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def tiny_places_csv(tmp_path_factory) -> Path:
    """A seven-row custom places CSV (Iraq, Nineveh, Mosul, two Springfields, a camp)."""
    path = tmp_path_factory.mktemp("tiny") / "tiny_places.csv"
    path.write_text(TINY_PLACES_CSV, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_gazetteer(tmp_path_factory, tiny_places_csv) -> Gazetteer:
    """A gazetteer of only the places in :func:`tiny_places_csv` (no embedded data)."""
    path = tmp_path_factory.mktemp("tiny_index") / "tiny.sqlite"
    build_index(path, BuildSpec(base="none", custom=(str(tiny_places_csv),)), progress=False)
    g = Gazetteer.open(path, build=False)
    yield g
    g.close()
