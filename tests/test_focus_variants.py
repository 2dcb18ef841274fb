"""The focus variants of ``benchmarks/focus_variants.py`` on made-up articles: the per-place
columns, the focus from reading probabilities, and the conditional logit it fits."""

from __future__ import annotations

import importlib
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from geonews.evaluation.accuracy import GoldFocus
from geonews.models import Alternative
from test_focus import IRAQ, MOSUL, NINEVEH, USA, WASHINGTON, mention
from test_regions import TALL_KAYF

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def variants():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("focus_variants")
    finally:
        sys.path.remove(str(BENCHMARKS))


def with_readings(start: int, *readings: tuple, confidence: float = 0.4):
    """A mention read as the first of ``readings`` ((place, probability) pairs)."""
    chosen = mention(start, readings[0][0], confidence=confidence)
    return replace(chosen, alternatives=tuple(Alternative(p, q) for p, q in readings))


def test_columns_per_country_and_division(variants):
    mentions = [mention(0, MOSUL), mention(300, IRAQ), mention(600, WASHINGTON),
                mention(900, NINEVEH), mention(1200, TALL_KAYF)]
    codes, table = variants._areas(mentions, "country")
    columns = dict(zip(variants.COLUMNS, table[codes.index("IQ")]))
    assert codes == ["IQ", "US"]
    assert (columns["lead"], columns["body"], columns["itself"], columns["first"]) == (1, 2, 1, 1)
    codes, table = variants._areas(mentions, "ADM1", "IQ")
    assert codes == ["IQ.15"]
    assert dict(zip(variants.COLUMNS, table[0]))["itself"] == 1  # Nineveh itself


def test_readings_move_the_focus_where_the_chosen_readings_do_not(variants):
    # Two mentions read in Iraq at 0.4 against 0.3 + 0.3 for two US readings each.
    mentions = [with_readings(i * 300, (MOSUL, 0.4), (WASHINGTON, 0.3), (USA, 0.3))
                for i in range(2)]
    assert variants._codes(mentions)[0] == "IQ"
    assert variants._spread(mentions) == ("US", "US.DC")


def test_fitted_logit_prefers_the_column_that_decides(variants):
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(200):
        table = rng.integers(0, 4, size=(3, len(variants.COLUMNS))).astype(float)
        groups.append((table, int(np.argmax(table[:, 0] + 0.1 * np.arange(3)[::-1])), 1.0))
    weights = variants._fit_logit(groups)
    assert weights[0] == max(weights) and weights[0] > 1


def test_picked_rule_falls_back_to_the_shipped_weights_on_a_tie(variants):
    article = variants.Scored("news", 0, GoldFocus("IQ", "IQ.15"),
                              [mention(0, MOSUL), mention(300, WASHINGTON)])
    assert variants._picked([article])(article) == ("IQ", "IQ.15")
