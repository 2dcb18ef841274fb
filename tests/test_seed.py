"""Acceptance: the seed article (../shared/seed, skipped when absent) and short news texts,
through the whole pipeline (spaCy model + embedded gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geonews.models import Document
from geonews.parsing.geoparser import Geoparser

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "mosul-2016-11-03.txt"
NOT_PLACES = ("Abu Bakr al-Baghdadi", "Islamic State", "Al-Furqan", "Special Forces",
              "Baghdadi")


@pytest.fixture(scope="module")
def parser(gazetteer) -> Geoparser:
    return Geoparser(gazetteer=gazetteer)


@pytest.fixture(scope="module")
def seed(parser):
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    return text, parser.parse_document(Document("seed", text)).mentions


def _by_text(mentions) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in mentions:
        out.setdefault(m.mention.text, []).append(m)
    return out


def test_seed_mosul(seed):
    _, mentions = seed
    mosul = _by_text(mentions)["Mosul"]
    assert all(m.place.geonameid == 99072 for m in mosul)
    place = mosul[0].place
    assert place.feature == "city" and place.country_code == "IQ"
    assert place.admin1_code == "IQ.15" and place.admin1 in ("Nīnawá", "Nineveh", "Ninawa")


def test_seed_headline_mosul(seed):
    text, mentions = seed
    headline = text.index("Mosul")  # "'No Mosul retreat,' warns IS leader ..."
    assert any(m.mention.start == headline and m.place.geonameid == 99072 for m in mentions)


def test_seed_nineveh_although_tagged_person(seed):
    _, mentions = seed
    nineveh = _by_text(mentions)["Nineveh"]
    assert all(m.place.geonameid == 92877 and m.place.feature == "ADM1" for m in nineveh)


def test_seed_iraq_and_iraqi(seed):
    _, mentions = seed
    by_text = _by_text(mentions)
    assert all(m.place.geonameid == 99237 and m.place.feature == "country"
               for m in by_text["Iraq"])
    iraqi = by_text["Iraqi"]
    assert all(m.mention.label == "demonym" and m.place.geonameid == 99237 for m in iraqi)


def test_seed_not_places(seed):
    text, mentions = seed
    for name in NOT_PLACES:
        assert name in text
        for m in mentions:
            start = m.mention.start
            # No mention may lie inside (or be) an occurrence of a non-place name.
            at = text.find(name)
            while at >= 0:
                assert not (at <= start < at + len(name)), (name, m.mention.text)
                at = text.find(name, at + 1)


def test_seed_offsets_hold(seed):
    text, mentions = seed
    assert mentions
    assert all(text[m.mention.start:m.mention.end] == m.mention.text for m in mentions)


NEWS = [
    (("Protesters gathered outside parliament in Baghdad on Tuesday, while Iraqi officials "
      "in Erbil said talks with the government would resume."),
     {"Baghdad": "IQ", "Erbil": "IQ", "Iraqi": "IQ"}),
    (("The mayor of Springfield, Illinois, said the storm that hit central Illinois had "
      "knocked out power to 20,000 homes."),
     {"Springfield": "US.IL", "Illinois": "US.IL"}),
    (("BEIRUT (AP) — Syrian government forces pressed their offensive near Raqqa as Turkish "
      "troops shelled Afrin, the Syrian Observatory for Human Rights said."),
     {"BEIRUT": "LB", "Raqqa": "SY", "Afrin": "SY", "Syrian": "SY", "Turkish": "TR"}),
    ("US-led coalition aircraft struck targets in Deir ez-Zor province, Washington said.",
     {"US": "US", "Washington": "US"}),
]


@pytest.mark.parametrize("text, expected", NEWS)
def test_short_news(parser, text, expected):
    mentions = parser.parse_document(Document("n", text)).mentions
    found = _by_text(mentions)
    for name, where in expected.items():
        assert name in found, (name, sorted(found))
        place = found[name][0].place
        if where is None:
            continue
        assert place is not None, name
        code = place.admin1_code if "." in where else place.country_code
        assert code == where, (name, place)


def test_given_spans_resolved_exactly_with_recognised_context(parser):
    text = "Santa Maria, Bulacan, is a first class municipality in the Philippines."
    document = Document("g", text, toponyms=((0, 11),))
    parsed = next(parser.parse_documents([document], given_spans=True))
    assert [(m.mention.start, m.mention.end) for m in parsed.mentions] == [(0, 11)]
    assert parsed.mentions[0].place.country_code == "PH"
