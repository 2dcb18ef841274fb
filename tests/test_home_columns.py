"""Tests for the ``home_local`` and ``home_english`` context columns (namesakes in local news,
issues 14 and 18): a name used as the home of the people or services named, times the evidence
for each reading's country, or where the reading's country has an English local press."""

from __future__ import annotations

import dataclasses
import math

import pytest

from geonews.lexicon import LEXICON
from geonews.models import Mention
from geonews.resolution import Resolver, Scorer
from geonews.resolution.cues import country_cues
from geonews.resolution.features import CONTEXT_COLUMNS, STATIC_COLUMNS, NameGroup, context

_HOME = CONTEXT_COLUMNS.index("home_local")
_ENGLISH = CONTEXT_COLUMNS.index("home_english")


def _mentions(text: str, *names: str) -> list[Mention]:
    """Mentions of every occurrence of ``names`` in ``text`` (in text order)."""
    found = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            found.append(Mention("t", start, start + len(name), name, "place", 0, len(text)))
            start = text.find(name, start + len(name))
    return sorted(found, key=lambda m: m.start)


def _home_uses(text: str, name: str) -> int:
    group = NameGroup(("place", name.lower()), [])
    for mention in _mentions(text, name):
        group.add(text, mention)
    return group.home_uses


@pytest.mark.parametrize("text, uses", [
    ("Jessica Kay, 18, of Paris died. James Barnes, 20, also of Paris, was hurt.", 2),
    ("Paris police said a Paris woman was hurt.", 2),
    ("The Paris residents voted. Paris firefighters came.", 2),
    ("Services at the funeral home, 508 Cumberland St., Paris. Bo lives at 12 Oak Road, Paris.",
     2),
    ("Talks in Paris ended. The mayor of Paris spoke. Paris, Texas, flooded.", 0),
    ("The Paris attacks and the Paris accord.", 0),
    ("Of the 12, of course Paris won.", 0),
    ("Route 9, Paris, and 3125 Clarksville St. in Paris were closed.", 0),
])
def test_home_uses_of_a_name(text, uses):
    assert _home_uses(text, "Paris") == uses


@pytest.fixture(scope="module")
def resolver(gazetteer) -> Resolver:
    return Resolver(gazetteer)


def _columns(resolver: Resolver, text: str, *names: str):
    _, table = resolver.table(text, _mentions(text, *names))
    return table, context(table, resolver.scorer.first_probabilities(table))


def _rows(table, name: str):
    g = next(i for i, group in enumerate(table.groups) if group.mentions[0].text == name)
    s, e = table.starts[g], table.starts[g + 1]
    return range(s, e), [c.place for c in table.groups[g].candidates]


_LOCAL_US = ("Jessica Kay, 18, of Paris died on Friday. The Sheriff's Office and the county "
             "commissioners met.")


def test_home_local_is_the_local_use_times_the_countrys_evidence(resolver):
    table, columns = _columns(resolver, _LOCAL_US, "Paris")
    rows, places = _rows(table, "Paris")
    us = country_cues(_LOCAL_US)["US"]
    local = 1 - math.exp(-1)
    for row, place in zip(rows, places):
        expected = local * us if place.country_code == "US" else 0.0
        assert columns[row, _HOME] == pytest.approx(expected)
    # not muted for namesakes (the small towns are what it is for)
    namesake = table.static[list(rows), STATIC_COLUMNS.index("namesake")] > 0
    assert (columns[list(rows), _HOME][namesake] >= 0).all()


def test_home_local_is_zero_without_a_local_use(resolver):
    text = "Talks in Paris ended. The Sheriff's Office and the county commissioners met."
    _, columns = _columns(resolver, text, "Paris")
    assert not columns[:, _HOME].any()


def test_home_local_takes_the_other_readings_country_share(resolver):
    # no cue: the country share of the other names' readings is the evidence
    text = "A Lebanon woman was hurt near Myerstown, Pennsylvania."
    table, columns = _columns(resolver, text, "Lebanon", "Myerstown", "Pennsylvania")
    rows, places = _rows(table, "Lebanon")
    values = {(p.country_code, p.feature): columns[r, _HOME] for r, p in zip(rows, places)}
    assert values[("US", "city")] > 0.3
    assert values[("LB", "country")] == 0.0


def test_the_home_use_reads_the_small_namesake(resolver, gazetteer):
    # "of Paris" twice and "Paris police" beside a Dallas hospital: with the home columns
    # weighted as the packaged fit weighs them, Paris, Texas; without them, Paris, France
    text = ("Jessica Kay, 18, of Paris died in a Dallas hospital. James Barnes, 20, also of "
            "Paris, was cited, Paris police said.")
    mentions = _mentions(text, "Paris", "Dallas")
    packaged = Scorer.packaged()
    home = [len(STATIC_COLUMNS) + _HOME, len(STATIC_COLUMNS) + _ENGLISH]
    assert (packaged.second[home] > 1.0).all()
    without = packaged.second.copy()
    without[home] = 0.0
    muted = Resolver(gazetteer, scorer=dataclasses.replace(packaged, second=without))
    assert muted.resolve(text, mentions)[0].place.country_code == "FR"
    assert Resolver(gazetteer, scorer=packaged).resolve(text, mentions)[0].place.admin1_code \
        == "US.TX"


def test_home_english_is_the_local_use_where_local_news_is_written_in_english(resolver):
    # no cue and no other place: home_local has no evidence, home_english still tells the
    # American, British … towns from Alexandria, Egypt
    text = ("Darryl Warden, 44, of 2517 Memphis St., Alexandria, was arrested. Alexandria "
            "police said the child was hurt.")
    table, columns = _columns(resolver, text, "Alexandria")
    rows, places = _rows(table, "Alexandria")
    assert not columns[list(rows), _HOME].any()
    local = 1 - math.exp(-2)
    for row, place in zip(rows, places):
        expected = local if place.country_code in LEXICON.english_press else 0.0
        assert columns[row, _ENGLISH] == pytest.approx(expected)
    assert {p.country_code for p in places} >= {"EG", "US"}


def test_home_english_is_zero_without_a_local_use(resolver):
    _, columns = _columns(resolver, "Talks in Alexandria ended.", "Alexandria")
    assert not columns[:, _ENGLISH].any()


def test_english_press_codes_are_iso_codes_and_cover_the_cued_countries():
    assert all(len(code) == 2 and code.isupper() for code in LEXICON.english_press)
    # the countries whose local-news words the lexicon lists write that news in English
    assert set(LEXICON.country_cues) <= LEXICON.english_press
