"""Tests for geonews.recognition.recognizer on blank spaCy pipelines with hand-set entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from geonews.recognition.lookups import notable_lookup
from geonews.recognition.recognizer import SPANS_KEY, ToponymRecognizer

PLACES = {"Mosul", "Nineveh", "Iraq", "Washington", "Baghdad", "Springfield", "Illinois",
          "Raqqa", "Syria", "The", "Modi", "Tamil Nadu"}
NOTABLE = PLACES - {"The", "Modi"}
DEMONYMS = {"Iraqi", "Syrian", "Kurdish", "English"}


@pytest.fixture(scope="module")
def recognizer() -> ToponymRecognizer:
    return ToponymRecognizer(lambda t: t in PLACES or t.title() in PLACES,
                             lambda t: t in DEMONYMS, notable=lambda t: t in NOTABLE)


def _run(nlp, recognizer, text: str, ents: dict[str, str] | None = None) -> list[tuple]:
    doc: Doc = nlp(text)
    spans = []
    for phrase, label in (ents or {}).items():
        start = text.index(phrase)
        spans.append(doc.char_span(start, start + len(phrase), label=label))
    doc.ents = spans
    recognizer(doc)
    return [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]


def test_ner_places_are_cleaned(nlp, recognizer):
    text = "Troops entered the city of Mosul and Baghdad's suburbs."
    out = _run(nlp, recognizer, text, {"the city of Mosul": "GPE", "Baghdad's": "GPE"})
    assert out == [("Mosul", "place"), ("Baghdad", "place")]


def test_norp_demonym_is_kept_and_unknown_norp_dropped(nlp, recognizer):
    text = "Iraqi and Martian forces."
    assert _run(nlp, recognizer, text, {"Iraqi": "NORP", "Martian": "NORP"}) == [
        ("Iraqi", "demonym")]


def test_language_entity_as_demonym(nlp, recognizer):
    assert _run(nlp, recognizer, "He spoke English.", {"English": "LANGUAGE"}) == [
        ("English", "demonym")]


@pytest.mark.parametrize("text", [
    "The people of Nineveh fled.",
    "Fighting spread to villages in Nineveh yesterday.",
    "Nineveh province is large.",
])
def test_person_tag_rescued_by_context(nlp, recognizer, text):
    assert _run(nlp, recognizer, text, {"Nineveh": "PERSON"}) == [("Nineveh", "place")]


def test_person_without_place_context_is_not_a_place(nlp, recognizer):
    text = "Nineveh said the talks failed."
    assert _run(nlp, recognizer, text, {"Nineveh": "PERSON"}) == []


def test_obscure_name_of_a_person_not_rescued(nlp, recognizer):
    # "Modi" is a place name somewhere, but not a well-known one.
    assert _run(nlp, recognizer, "A letter from Modi arrived.", {"Modi": "PERSON"}) == []


def test_places_embedded_in_organisations(nlp, recognizer):
    text = "The Washington Post quoted the Syrian Observatory for Human Rights."
    out = _run(nlp, recognizer, text, {"The Washington Post": "ORG",
                                       "the Syrian Observatory for Human Rights": "ORG"})
    assert out == [("Washington", "place"), ("Syrian", "demonym")]


def test_eu_is_a_place(nlp, recognizer):
    assert _run(nlp, recognizer, "The EU agreed.", {"EU": "ORG"}) == [("EU", "place")]


def test_missed_name_in_place_context(nlp, recognizer):
    # No entity at all: "near Raqqa" is enough for a known place.
    assert _run(nlp, recognizer, "Strikes near Raqqa continued.") == [("Raqqa", "place")]


def test_dateline_in_capitals(nlp, recognizer):
    out = _run(nlp, recognizer, "MOSUL, Iraq — Forces advanced.", {"Iraq": "GPE"})
    assert ("MOSUL", "place") in out and ("Iraq", "place") in out


@pytest.mark.parametrize("text, zone", [("It starts at 7 p.m. CT today.", "CT"),
                                        ("Kick-off is 8pm ET.", "ET")])
def test_a_time_zone_after_a_time_is_not_a_place(nlp, text, zone):
    recognizer = ToponymRecognizer(lambda t: t == zone, lambda t: False)
    assert _run(nlp, recognizer, text, {zone: "GPE"}) == []
    assert _run(nlp, recognizer, f"Flights to {zone} resumed.", {zone: "GPE"}) == [
        (zone, "place")]


def test_common_capitalised_words_are_not_places(nlp, recognizer):
    assert _run(nlp, recognizer, "The talks in May went well.") == []


def test_no_overlaps(nlp, recognizer):
    text = "Springfield, Illinois is quiet."
    out = _run(nlp, recognizer, text, {"Springfield": "GPE", "Illinois": "GPE"})
    assert out == [("Springfield", "place"), ("Illinois", "place")]


def test_notable_lookup(gazetteer):
    notable = notable_lookup(gazetteer)
    assert notable("Iraq") and notable("Mosul") and notable("Nineveh")
    assert not notable("Springfieldia Xq") and not notable("mosul")


def test_factory_registered():
    assert "geonews_toponyms" in spacy.registry.factories.get_all()


def test_small_place_rescued_in_the_articles_country(nlp):
    # "Dohuk" is no well-known place, but it lies in the country of the article's sure places.
    countries = {"Mosul": frozenset({"IQ"}), "Dohuk": frozenset({"IQ"}),
                 "Modi": frozenset({"IN"})}
    recognizer = ToponymRecognizer(lambda t: t in PLACES | {"Dohuk"}, lambda t: False,
                                   notable=lambda t: t in NOTABLE,
                                   countries=lambda t: countries.get(t, frozenset()))
    text = "Families left Mosul for camps near Dohuk. A letter from Modi arrived."
    out = _run(nlp, recognizer, text, {"Mosul": "GPE", "Dohuk": "ORG", "Modi": "PERSON"})
    assert out == [("Mosul", "place"), ("Dohuk", "place")]


def test_name_coordinated_with_a_place_is_a_place(nlp):
    recognizer = ToponymRecognizer(lambda t: t in PLACES | {"Tall Kayf"}, lambda t: False,
                                   notable=lambda t: t in NOTABLE)
    text = "Power lines between Mosul and Tall Kayf were cut. Smith and Tall Kayf spoke."
    out = _run(nlp, recognizer, text, {"Mosul": "GPE"})
    assert out == [("Mosul", "place"), ("Tall Kayf", "place")]


def test_a_list_of_places_goes_on(nlp):
    # only the first town is tagged a place; the list carries the others ("and", ",")
    recognizer = ToponymRecognizer(lambda t: t in PLACES | {"Nitra", "Presov", "Kosice"},
                                   lambda t: False, notable=lambda t: t in NOTABLE | {
                                       "Nitra", "Presov", "Kosice"})
    text = "Stores in Zilina, Nitra, Presov and Kosice closed. Smith, Nitra Jones said."
    out = _run(nlp, recognizer, text, {"Zilina": "GPE", "Nitra": "ORG", "Presov": "PRODUCT",
                                       "Kosice": "PERSON", "Smith": "PERSON",
                                       "Nitra Jones": "PERSON"})
    assert out == [("Zilina", "place"), ("Nitra", "place"), ("Presov", "place"),
                   ("Kosice", "place")]


def test_whole_multiword_name_tagged_person_is_a_place(nlp, recognizer):
    text = "Tamil Nadu on Saturday moved the Supreme Court."
    assert _run(nlp, recognizer, text, {"Tamil Nadu": "PERSON"}) == [("Tamil Nadu", "place")]


@pytest.mark.parametrize("text, found", [
    ("Syrian migrant Ali Hassan, 25, poses for a picture.", [("Syrian", "demonym")]),
    ("He met the Syrian.", []),  # not before a noun: left to the NER
])
def test_missed_adjectival_demonym(nlp, recognizer, text, found):
    assert _run(nlp, recognizer, text) == found


@pytest.mark.parametrize("text, found", [
    ("The mines were laid by Syrian soldiers.", [("Syrian", "demonym")]),
    ("The mines were laid by Syrian.", []),  # not before a noun: a person's name
])
def test_demonym_tagged_person_before_a_noun(nlp, recognizer, text, found):
    assert _run(nlp, recognizer, text, {"Syrian": "PERSON"}) == found


def test_washington_dc_is_one_place(nlp, recognizer):
    text = "Talks in Washington, D.C., ended."
    assert _run(nlp, recognizer, text, {"Washington": "GPE", "D.C.": "GPE"}) == [
        ("Washington, D.C.", "place")]


@pytest.mark.parametrize("text, ents", [
    ("Two men were charged. MODI — A local man said the talks failed.", {}),
    ("Two men were charged. MODI -- A local man said the talks failed.", {"MODI": "PERSON"}),
    ("A bridge was closed. MODI, Ill. (AP) - The county said so.", {"MODI": "ORG"}),
])
def test_dateline_in_capitals_inside_a_text(nlp, recognizer, text, ents):
    # A text that runs its headline and body together: the dateline follows a sentence.
    assert _run(nlp, recognizer, text, ents) == [("MODI", "place")]


@pytest.mark.parametrize("text", [
    "Two men were charged. MODI said the talks failed.",
    "Two men were charged, MODI — a local man — said.",
    "MODI: the talks failed.",
])
def test_capitals_without_a_dateline_are_not_a_small_place(nlp, recognizer, text):
    assert _run(nlp, recognizer, text, {}) == []


@pytest.mark.parametrize("text, ents, place", [
    ("Rep. Ann Lee, R-Modi, said the bill failed.", {"Ann Lee": "PERSON"}, "Modi"),
    ("Sen. Ann Lee (DFL-Tall Kayf) said the bill failed.", {"Ann Lee": "PERSON"}, "Tall Kayf"),
    ("Sen. Ann Lee, D-N.D., said the bill failed.", {"Ann Lee": "PERSON"}, "N.D."),
    ("Sen. Ann Lee, D-Calif, said the bill failed.", {"Ann Lee": "PERSON"}, "Calif"),
])
def test_the_place_of_a_party_affiliation(nlp, text, ents, place):
    recognizer = ToponymRecognizer(lambda t: t in PLACES | {"Tall Kayf"}, lambda t: False,
                                   notable=lambda t: t in NOTABLE)
    assert _run(nlp, recognizer, text, ents) == [(place, "place")]


@pytest.mark.parametrize("text, ents", [
    ("The R-Modi bill failed.", {}),                       # no person before it
    ("Sen. Ann Lee, R-Modi Corp, said so.", {"Ann Lee": "PERSON"}),  # no place
    ("Sen. Ann Lee, R-Modi and others said so.", {"Ann Lee": "PERSON"}),
])
def test_no_party_affiliation_no_place(nlp, recognizer, text, ents):
    assert _run(nlp, recognizer, text, ents) == []
