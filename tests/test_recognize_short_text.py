"""Recognition in short and informal text: hashtags, social tokens, headlines, lower case."""

from __future__ import annotations

import pytest

from gazetteer.place import MatchKind
from geonews.recognition.recognizer import SPANS_KEY, TEXT_KIND_ATTR, ToponymRecognizer
from geonews.models import TextKind

NOTABLE = {"Gaza", "Nepal", "Nigeria", "Athens", "Guinea-Bissau", "San Diego", "UK", "Reading",
           "Mosul", "Iraq"}
PLACES = NOTABLE | {"Ferguson", "Grasmere", "Guinea", "Bissau", "Earthquake", "Maryland",
                    "Selmer", "Santa", "Marin", "Haul", "Coast", "West", "Ebola", "March"}
#: Long enough to be prose in which the NER's reading of casing counts.
LONG = " The council met again on Tuesday to discuss the budget for the coming year." * 9


class Reading:  # a stand-in for a gazetteer candidate: what ``reading`` looks at
    def __init__(self, feature: str, population: int = 0, matched_name: str = "",
                 match: MatchKind = MatchKind.EXACT) -> None:
        self.place = type("Place", (), {"feature": feature, "population": population})()
        self.matched_name, self.match = matched_name, match


READINGS = {"Ferguson": Reading("city", 21_000, "Ferguson"),
            "Grasmere": Reading("city", 1_000, "Grasmere"),
            "MD": Reading("ADM1", 6_000_000, "MD", MatchKind.ALIAS),
            "TN": Reading("ADM1", 6_000_000, "TN", MatchKind.ALIAS)}


@pytest.fixture(scope="module")
def recognizer() -> ToponymRecognizer:
    def is_name(text: str) -> bool:
        return text in PLACES or text in READINGS or text.title() in PLACES

    return ToponymRecognizer(is_name, lambda t: False,
                             notable=lambda t: t in NOTABLE or t.title() in NOTABLE,
                             reading=READINGS.get)


def _run(nlp, recognizer, text: str, ents: dict[str, str] | None = None,
         kind: TextKind | None = None) -> list[str]:
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label=label)
                for p, label in (ents or {}).items()]
    doc._.set(TEXT_KIND_ATTR, kind)
    recognizer(doc)
    for span in doc.spans[SPANS_KEY]:
        assert text[span.start_char:span.end_char] == span.text  # offsets stay exact
    return [s.text for s in doc.spans[SPANS_KEY]]


def test_hashtags_of_places(nlp, recognizer):
    text = "quake felt #Nepal #Ferguson #Grasmere #nigeria #SanDiego #Measles"
    assert _run(nlp, recognizer, text) == ["Nepal", "Ferguson", "nigeria", "SanDiego"]


def test_place_part_of_a_camel_case_hashtag_is_split_off(nlp, recognizer):
    text = "Donate now #NepalEarthquake and #PrayForGaza"
    doc = nlp(text)
    doc._.set(TEXT_KIND_ATTR, TextKind.SOCIAL)
    recognizer(doc)
    spans = [(s.text, s.start_char, s.end_char) for s in doc.spans[SPANS_KEY]]
    assert spans == [("Nepal", 12, 17), ("Gaza", 40, 44)]
    assert doc.text == text


@pytest.mark.parametrize("text, ents", [
    # handles, links and markers
    ("RT @Gaza_news: talks resume http://gaza.example/x", {"RT": "ORG"}),
    ("via @Nigeria: mail me at info@nigeria.example 🙏", {"@Nigeria": "GPE"}),
    # words the NER takes for places: a disease, a month, a generic word, a lower-case word
    ("Two more people died from Ebola last year", {"Ebola": "GPE"}),
    ("We meet again in March", {"March": "GPE"}),
    ("Storm warning for people in the West", {"West": "LOC"}),
    ("quake felt near the coast today", {"coast": "LOC"}),
])
def test_never_places_in_a_post(nlp, recognizer, text, ents):
    assert _run(nlp, recognizer, text, ents, TextKind.SOCIAL) == []


def test_headline_span_cut_back_to_the_place(nlp, recognizer):
    text = "Officials in Athens Say Talks Will Resume Monday"
    assert _run(nlp, recognizer, text, {"Athens Say Talks": "FAC"}, TextKind.HEADLINE) == [
        "Athens"]


def test_headline_name_tagged_person_is_a_place(nlp, recognizer):
    text = "Nigeria Braces for Storm as Schools Close"
    ents = {"Nigeria": "PERSON"}
    assert _run(nlp, recognizer, text, ents, TextKind.HEADLINE) == ["Nigeria"]
    assert _run(nlp, recognizer, "Nigeria said no.", ents, TextKind.PROSE) == []


def test_joined_names(nlp, recognizer):
    text = "Flooding across Guinea-Bissau over the weekend."
    assert _run(nlp, recognizer, text, {"Guinea": "GPE"}) == ["Guinea-Bissau"]


def test_lower_case_names_in_posts_need_place_context(nlp, recognizer):
    assert _run(nlp, recognizer, "moving to the uk next week", kind=TextKind.SOCIAL) == ["uk"]
    assert _run(nlp, recognizer, "uk weather is grim", kind=TextKind.SOCIAL) == []
    assert _run(nlp, recognizer, "moving to the uk next week." + LONG,
                kind=TextKind.PROSE) == []


def test_lower_case_names_in_a_line_of_text(nlp, recognizer):
    # a short text without social marks is no edited prose: casing says little
    assert _run(nlp, recognizer, "you know you are from nigeria when it rains",
                kind=TextKind.PROSE) == ["nigeria"]
    # inside an entity the NER does not call a place
    assert _run(nlp, recognizer, "a truce between nigeria & the rebels",
                {"nigeria & the rebels": "ORG"}, TextKind.SOCIAL) == ["nigeria"]
    # before a noun that makes it a place; not a short code nor an unknown word
    assert _run(nlp, recognizer, "the mosul siege goes on", kind=TextKind.SOCIAL) == ["mosul"]
    assert _run(nlp, recognizer, "a real riot, oh man", kind=TextKind.SOCIAL) == []


def test_common_words_are_places_only_in_place_context(nlp, recognizer):
    assert _run(nlp, recognizer, "Reading this now, lol", {"Reading": "GPE"},
                TextKind.SOCIAL) == []
    assert _run(nlp, recognizer, "Protests in Reading tonight", {"Reading": "GPE"},
                TextKind.SOCIAL) == ["Reading"]


def test_common_words_after_to_or_before_a_name_in_short_text(nlp, recognizer):
    ents = {"Haul": "GPE"}
    assert _run(nlp, recognizer, "Nets Are Used to Haul Fish", ents, TextKind.HEADLINE) == []
    assert _run(nlp, recognizer, "Crowds Gather in Reading Square", {"Reading": "GPE"},
                TextKind.HEADLINE) == []
    text = "The last trains to Reading were cancelled." + LONG
    assert _run(nlp, recognizer, text, kind=TextKind.PROSE) == ["Reading"]


def test_unknown_ner_place_in_short_text_needs_place_context(nlp, recognizer):
    text = "Tributes pour in for the drummer"
    assert _run(nlp, recognizer, text, {"Tributes": "GPE"}, TextKind.PROSE) == []
    assert _run(nlp, recognizer, text + "." + LONG, {"Tributes": "GPE"},
                TextKind.PROSE) == ["Tributes"]


def test_place_with_its_name_head(nlp, recognizer):
    text = "Flooding in Marin County closed roads, the Marin valley too"
    # a lower-case head is no part of the name
    assert _run(nlp, recognizer, text, {"Marin": "GPE"}) == ["Marin County", "Marin"]


def test_ner_place_stops_at_a_spaced_dash(nlp, recognizer):
    text = "Clashes near Mosul - OFFICIALS SAY more to come"
    assert _run(nlp, recognizer, text, {"Mosul - OFFICIALS": "GPE"}, TextKind.SOCIAL) == [
        "Mosul"]


def test_hashtag_after_a_place_preposition_names_any_known_place(nlp, recognizer):
    assert _run(nlp, recognizer, "a vigil around #Grasmere tonight") == ["Grasmere"]
    assert _run(nlp, recognizer, "quake felt #Grasmere tonight") == []


def test_town_inside_an_organisation_name_naming_an_event(nlp, recognizer):
    text = "The Ferguson Flood Volunteers met on Sunday"
    assert _run(nlp, recognizer, text, {"The Ferguson Flood Volunteers": "ORG"}) == [
        "Ferguson"]
    text = "A charity will open a Ferguson hospital next year"
    assert _run(nlp, recognizer, text, {"Ferguson": "PERSON"}) == ["Ferguson"]


def test_country_of_is_place_context(nlp, recognizer):
    assert _run(nlp, recognizer, "the country of Nepal was hit hard", {"Nepal": "PERSON"},
                TextKind.SOCIAL) == ["Nepal"]


def test_state_code_right_after_a_place(nlp, recognizer):
    assert _run(nlp, recognizer, "Cannot wait to visit Selmer TN again", {"Selmer": "GPE"}) == [
        "Selmer", "TN"]
    assert _run(nlp, recognizer, "Rick Sacra MD treated patients") == []


def test_division_codes_need_a_place_or_place_context(nlp, recognizer):
    assert _run(nlp, recognizer, "Rick Sacra, MD, treated patients.", {"MD": "GPE"}) == []
    assert _run(nlp, recognizer, "A tornado hit Selmer, TN on Friday.",
                {"Selmer": "GPE", "TN": "GPE"}) == ["Selmer", "TN"]


def test_town_naming_an_event(nlp, recognizer):
    assert _run(nlp, recognizer, "Ferguson protesters marched.", {"Ferguson": "PERSON"}) == [
        "Ferguson"]
    assert _run(nlp, recognizer, "Ferguson said no.", {"Ferguson": "PERSON"}) == []


# -- end to end, on the embedded gazetteer ---------------------------------------------------

@pytest.fixture(scope="module")
def parser(gazetteer):
    from geonews.parsing.geoparser import Geoparser

    return Geoparser(gazetteer=gazetteer)


def _found(parser, text: str, kind: TextKind | None = None) -> list[tuple[str, str | None]]:
    from geonews.models import Document

    parsed = parser.parse_document(Document("t", text, text_kind=kind))
    return [(m.mention.text, m.place and m.place.country_code) for m in parsed.mentions]


@pytest.mark.parametrize("text, place", [
    ("Protests in the Netherlands turn violent", ("Netherlands", "NL")),
    ("Officials in Democratic Republic of the Congo said on Monday the roads reopened.",
     ("Democratic Republic of the Congo", "CD")),
    ("Heavy rain caused flooding across Guinea-Bissau over the weekend.",
     ("Guinea-Bissau", "GW")),
    ("praying for everyone in Martinique tonight", ("Martinique", "MQ")),
    ("Rostov-on-Don Braces for Storm as Schools Close", ("Rostov-on-Don", "RU")),
    ("Officials in the Bronx said on Monday the roads reopened.", ("Bronx", "US")),
    ("Heavy rain caused flooding across NYC over the weekend.", ("NYC", "US")),
    ("just landed in Philly!! so excited", ("Philly", "US")),
    ("PROTESTS IN NAIROBI TURN VIOLENT", ("NAIROBI", "KE")),
])
def test_places_not_in_doubt_are_found(parser, text, place):
    assert place in _found(parser, text)


@pytest.mark.parametrize("text", [
    "Jordan Henderson scored twice.",
    "RT @nytimes: read this via @bbc http://t.co/abc",
])
def test_people_and_social_tokens_are_not_places(parser, text):
    assert _found(parser, text) == []


def test_hashtag_offsets_are_exact(parser):
    text = "Donate now #NepalEarthquake 🙏"
    from geonews.models import Document

    (resolved,) = parser.parse_document(Document("t", text)).mentions
    mention = resolved.mention
    assert (mention.start, mention.end, text[mention.start:mention.end]) == (12, 17, "Nepal")
    assert resolved.place.country_code == "NP"


def test_surname_of_a_person_named_in_the_document_is_not_a_place(nlp, recognizer):
    text = "Mikheil Saakashvili spoke. Saakashvili left for Mosul."
    ents = {"Mikheil Saakashvili": "PERSON", "Saakashvili": "GPE", "Mosul": "GPE"}
    doc = nlp(text)
    doc.ents = [doc.char_span(0, 19, label="PERSON"), doc.char_span(27, 38, label="GPE"),
                doc.char_span(48, 53, label="GPE")]
    recognizer(doc)
    assert [s.text for s in doc.spans[SPANS_KEY]] == ["Mosul"]
    assert [e.text for e in doc.ents] == list(ents)
