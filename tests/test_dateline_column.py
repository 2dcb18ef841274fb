"""Tests for the ``dateline_city`` context column (issues 14 and 18): a name given as a bare
wire dateline ("WASHINGTON (AP) —", "HOUSTON —") names the well-known city, so the column is
a city reading's log population where the name is a bare dateline, for the fit to weigh."""

from __future__ import annotations

import dataclasses

import pytest

from geonews.evaluation.fitting import prior_scorer
from geonews.resolution import Resolver
from geonews.resolution.features import CONTEXT_COLUMNS, STATIC_COLUMNS, context, is_dateline
from test_home_columns import _mentions

_DATELINE = CONTEXT_COLUMNS.index("dateline_city")


@pytest.mark.parametrize("text, name, dateline", [
    ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON", True),
    ("HOUSTON — Floods closed roads.", "HOUSTON", True),
    ("Storm hits coast\nNEW YORK -- Trains stopped.", "NEW YORK", True),
    ("BEIRUT, April 5 (Reuters) - Talks ended.", "BEIRUT", True),
    ("LOS ANGELES, April 05, 2018 (PRNewswire) - A firm said.", "LOS ANGELES", True),
    ("  ST. LOUIS – A fire.", "ST. LOUIS", True),
    ("WASHINGTON, Pa. (AP) — A fire.", "WASHINGTON", False),
    ("SEOUL, South Korea (AP) — Talks.", "SEOUL", False),
    ("Santa Maria (Portuguese: x) is a town.", "Santa Maria", False),
    ("Talks in WASHINGTON (the capital) ended.", "WASHINGTON", False),
    ("HOUSTON ROCKETS-LAKERS game", "HOUSTON", False),
    ("PARIS-based firm", "PARIS", False),
])
def test_a_bare_dateline(text, name, dateline):
    assert is_dateline(text, _mentions(text, name)[0]) is dateline


@pytest.fixture(scope="module")
def resolver(gazetteer) -> Resolver:
    return Resolver(gazetteer, scorer=prior_scorer())


def _columns(resolver: Resolver, text: str, *names: str):
    _, table = resolver.table(text, _mentions(text, *names))
    return table, context(table, resolver.scorer.first_probabilities(table))


def test_the_column_is_a_city_readings_log_population(resolver):
    text = "WASHINGTON (AP) — The Senate voted. Pittsburgh officials said Washington erred."
    table, columns = _columns(resolver, text, "WASHINGTON", "Washington", "Pittsburgh")
    g = next(i for i, group in enumerate(table.groups) if group.key[1] == "washington")
    assert table.groups[g].datelines == 1 and len(table.groups[g].mentions) == 2
    population = STATIC_COLUMNS.index("log_population")
    for j, cand in enumerate(table.groups[g].candidates):
        row = table.starts[g] + j
        expected = table.static[row, population] if cand.place.feature == "city" else 0.0
        assert columns[row, _DATELINE] == pytest.approx(expected)
    dc = next(j for j, c in enumerate(table.groups[g].candidates) if c.place.admin1_code == "US.DC")
    assert columns[table.starts[g] + dc, _DATELINE] == columns[
        table.starts[g]:table.starts[g + 1], _DATELINE].max()
    # the other names are no dateline
    assert not columns[table.group != g, _DATELINE].any()


def test_the_column_is_zero_without_a_bare_dateline(resolver):
    text = "WASHINGTON, Pa. (AP) — A fire. Pittsburgh officials came."
    _, columns = _columns(resolver, text, "WASHINGTON", "Pittsburgh")
    assert not columns[:, _DATELINE].any()


def test_a_weighed_dateline_reads_the_well_known_city(gazetteer):
    # the famous Washington beside Pittsburgh once the fit weighs the column
    text = "WASHINGTON (AP) — The Senate voted. Pittsburgh officials said Washington erred."
    prior = prior_scorer()
    second = prior.second.copy()
    second[len(STATIC_COLUMNS) + _DATELINE] = 10.0
    weighed = Resolver(gazetteer, scorer=dataclasses.replace(prior, second=second))
    result = weighed.resolve(text, _mentions(text, "WASHINGTON", "Pittsburgh"))[0]
    assert result.place.admin1_code == "US.DC"
