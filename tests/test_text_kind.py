"""Text kinds: detection, parsing the option and the input column."""

from __future__ import annotations

import json

import pytest

from geonews.errors import InputFormatError
from geonews.text.inputs import read_documents
from geonews.models import TextKind
from geonews.text.text_kind import detect_text_kind, parse_text_kind


@pytest.mark.parametrize("text, kind", [
    ("Protests in Nairobi Turn Violent", TextKind.HEADLINE),
    ("Officials in Athens Say Talks Will Resume Monday", TextKind.HEADLINE),
    ("PROTESTS IN NAIROBI TURN VIOLENT", TextKind.CAPS),
    ("praying for everyone in nairobi tonight", TextKind.SOCIAL),
    ("RT @someone: Flooding in Nairobi tonight http://t.co/abc", TextKind.SOCIAL),
    ("Stay safe everyone #NairobiFloods", TextKind.SOCIAL),
    ("Residents wade through a flooded street. (AP Photo/Jane Doe)", TextKind.CAPTION),
    ("Officials in Nairobi said on Monday that the roads would reopen.", TextKind.PROSE),
    ("Stores in Zilina, Nitra, Presov and Kosice closed. Smith, Nitra Jones said.",
     TextKind.PROSE),
    ("Officials said the roads would reopen. " * 30, TextKind.PROSE),
])
def test_detect_text_kind(text, kind):
    assert detect_text_kind(text) is kind


def test_casing_is_informative_except_in_headlines():
    assert TextKind.PROSE.casing_informative and TextKind.SOCIAL.casing_informative
    assert not TextKind.HEADLINE.casing_informative and not TextKind.CAPS.casing_informative


def test_parse_text_kind():
    assert parse_text_kind(None) is None and parse_text_kind("auto") is None
    assert parse_text_kind("Social") is TextKind.SOCIAL
    with pytest.raises(InputFormatError, match="unknown text kind 'tweet'.*auto, prose"):
        parse_text_kind("tweet")


def test_text_kind_column(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "in Nairobi", "text_kind": "social"}) + "\n"
                    + json.dumps({"id": "b", "text": "in Nairobi"}) + "\n", encoding="utf-8")
    docs = list(read_documents([str(path)]))
    assert [d.text_kind for d in docs] == [TextKind.SOCIAL, None]


def test_bad_text_kind_column_names_the_record(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "text_kind": "tweet"}) + "\n"
                    + json.dumps({"id": "b", "text": "y"}) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"posts.jsonl:1: unknown text kind 'tweet'"):
        assert [d.id for d in read_documents([str(path)])] == ["b"]
