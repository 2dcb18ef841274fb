"""Tests for resolving social posts: places inside @handles as context, CamelCase names."""

from __future__ import annotations

import pytest

from geonews.models import Approximation, Mention
from geonews.resolution import Resolver
from geonews.resolution.handles import handle_parts, names_a_place


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention("t", start, start + len(name), name, "place", 0, len(text))


@pytest.fixture(scope="module")
def resolver(gazetteer) -> Resolver:
    return Resolver(gazetteer)


def test_handle_parts_are_the_capitalised_words_of_handles():
    text = "RT @BBC_Cumbria: quake felt @IcelandMag @GAFollowers, mail bob@Texas.com @ntvuganda"
    assert [text[s:e] for s, e in handle_parts(text)] == [
        "BBC", "Cumbria", "Iceland", "Mag", "GA", "Followers"]


@pytest.mark.parametrize("word, expected", [
    ("Cumbria", True), ("Iceland", True), ("GA", True), ("DC", True),
    ("Mag", False), ("Fox", False), ("Followers", False), ("Keith", False)])
def test_names_a_place(resolver, word, expected):
    assert names_a_place(word, resolver.finder.find("place", word)) is expected


def test_handle_place_ties_a_post_to_its_county(resolver):
    text = "A small earthquake hit Grasmere this morning."
    alone = resolver.resolve(text, [_mention(text, "Grasmere")])[0]
    post = "RT @BBC_Cumbria: " + text
    with_handle = resolver.resolve(post, [_mention(post, "Grasmere")])
    assert alone.place.country_code != "GB"
    assert len(with_handle) == 1  # the handle is context, not a result
    assert with_handle[0].place.country_code == "GB"
    assert with_handle[0].place.admin2_code == resolver.finder.find(
        "place", "Cumbria")[0].place.admin2_code


def test_handle_place_is_the_locale_of_an_unknown_name(resolver):
    text = "RT @IcelandMag: The strongest earthquake in the Bárðarbunga area struck."
    result = resolver.resolve(text, [_mention(text, "Bárðarbunga")])[0]
    assert result.approximation is Approximation.LOCALE
    assert result.place.country_code == "IS"


def test_no_handle_no_context(resolver):
    text = "Write to news@Iceland.is about Bárðarbunga."
    assert resolver.resolve(text, [_mention(text, "Bárðarbunga")])[0].place is None


def test_camel_case_name_is_read_apart(resolver):
    found = resolver.finder.find("place", "HuntingtonBeach HS")
    assert found and found[0].place.name == "Huntington Beach"
    assert resolver.finder.find("place", "McAllen")[0].place.name == "McAllen"
