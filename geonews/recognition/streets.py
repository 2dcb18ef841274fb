"""Streets and roads in a document: capitalised words before a street head, a road word
before a number, "I-95" (the recogniser takes them as places where capitals mark names)."""

from __future__ import annotations

import string
from collections.abc import Iterable

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from geonews.lexicon import LEXICON
from geonews.recognition.words import Words, among, word_ids

__all__ = ["STREET_REACH", "streets"]

#: ``LOWER`` ids of the last words of streets' names and of the road words before a number.
_STREET_HEAD_IDS = word_ids(LEXICON.street_heads | LEXICON.street_abbreviations)
_ROUTE_HEAD_IDS = word_ids(LEXICON.route_heads)
#: Both: a document with none of them (nor "I-95") names no street.
_HEAD_IDS = np.union1d(_STREET_HEAD_IDS, _ROUTE_HEAD_IDS)
#: ``PREFIX`` (first character) ids of a capitalised word ("MacCorkle", "O’Roark", "E.").
_CAPITAL_IDS = word_ids(string.ascii_uppercase)
#: ``SHAPE`` ids of an ordinal ("5th", "35th"), a road's number ("29"), "I-95" and an
#: initial ("L.", "W.").
_ORDINAL_SHAPE_IDS = word_ids(["dxx", "ddxx", "dddxx"])
_ROUTE_NUMBER_SHAPE_IDS = word_ids(["d", "dd", "ddd", "dddd"])
_INTERSTATE_SHAPE_IDS = word_ids(["X-d", "X-dd", "X-ddd"])
_INITIAL_SHAPE_ID = get_string_id("X.")
_I_ID = get_string_id("I")
#: The most words of a street's name before its head ("North Martin Luther King Jr.").
STREET_REACH = 4


def streets(doc: Doc, words: Words) -> Iterable[Span]:
    """Streets and roads: capitalised words before a street head ("Royal Street", "N. Poplar
    St.", "35th St"), a road word before a number ("Highway 29", "County Road 225",
    "Interstate 55") and "I-95"; not a head that a name goes on after ("Wall Street
    Journal", "Highway Patrol"), a head alone ("Street"; "Main" alone is no street) nor a
    person's surname after an initial ("Virginia L. Lane")."""
    lower, first, shape = words.lower, words.prefix, words.shape
    if not (among(lower, _HEAD_IDS) | among(shape, _INTERSTATE_SHAPE_IDS)).any():
        return  # most documents: no word a street or road may end with
    capital = among(first, _CAPITAL_IDS)
    going_on = np.append((capital & (words.is_alpha == 1) & (words.is_title == 1))[1:], False)
    before_number = np.append(among(shape, _ROUTE_NUMBER_SHAPE_IDS)[1:], False)
    route = among(lower, _ROUTE_HEAD_IDS) & capital & before_number
    interstate = among(shape, _INTERSTATE_SHAPE_IDS) & (first == _I_ID)
    street = among(lower, _STREET_HEAD_IDS) & capital & ~going_on
    heads = np.flatnonzero(route | interstate | street).tolist()
    if not heads:
        return
    # a word of a street's name: capitalised but no stop word ("The", "On"), or an ordinal
    name_word = ((capital & (words.is_stop == 0)) | among(shape, _ORDINAL_SHAPE_IDS)).tolist()
    sent_start = (words.sent_start == 1).tolist()
    initial = (shape == _INITIAL_SHAPE_ID).tolist()
    for head in heads:
        if interstate[head]:
            yield Span(doc, head, head + 1, label="place")
            continue
        start = head
        while (start > 0 and head - start < STREET_REACH and name_word[start - 1]
               and not sent_start[start]):
            start -= 1
        if start < head - 1 and initial[head - 1]:
            continue  # "Virginia L. Lane" is a person
        end = head + 1
        if route[head]:
            end += 1  # its number
        elif start == head:
            continue
        elif (doc[head].lower_ in LEXICON.street_abbreviations and end < len(doc)
              and doc[end].text == "." and not doc[head].whitespace_):
            end += 1  # "Oak Rd."
        yield Span(doc, start, end, label="place")
