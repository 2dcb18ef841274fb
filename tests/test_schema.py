"""The JSONL mention schema: field order, offsets, unresolved mentions."""

from __future__ import annotations

from gazetteer.place import Place
from geonews.models import Alternative, Document, Mention, ResolvedMention, Sentence
from geonews.resolution.focus import parsed_document
from geonews.records.schema import MENTION_FIELDS, PLACE_FIELDS, records, to_record

TEXT = "Heavy rain hit Mosul. Nothing else happened in Atlantis."
MOSUL = Place(99072, "Mosul", "city", 36.335, 43.11889, 1683000, "IQ", "Iraq", "IQ.15",
              "Nīnawá", "IQ.15.9166649", "Mosul", "PPLA")


def _mention(word: str, sentence: Sentence) -> Mention:
    start = TEXT.index(word)
    return Mention("d1", start, start + len(word), word, "place", sentence.start, sentence.end)


def test_records_follow_the_schema_and_offsets() -> None:
    first, second = Sentence(0, 21), Sentence(22, len(TEXT))
    resolved = ResolvedMention(_mention("Mosul", first), MOSUL, 0.91234567,
                               (Alternative(MOSUL, 0.91),))
    unresolved = ResolvedMention(_mention("Atlantis", second), None, reason="not in gazetteer")
    parsed = parsed_document(Document("d1", TEXT), (first, second), (resolved, unresolved))

    rows = list(records(parsed))

    assert [tuple(row) for row in rows] == [MENTION_FIELDS, MENTION_FIELDS]
    mosul, atlantis = rows
    assert TEXT[mosul["start"]:mosul["end"]] == mosul["text"] == "Mosul"
    assert mosul["sentence"] == "Heavy rain hit Mosul."
    assert (mosul["geonameid"], mosul["admin1_code"], mosul["confidence"]) == (99072, "IQ.15",
                                                                               0.9123)
    assert atlantis["sentence"] == "Nothing else happened in Atlantis."
    assert all(atlantis[name] is None for name in PLACE_FIELDS + ("confidence",))


def test_to_record_reads_sentence_from_text() -> None:
    sentence = Sentence(0, 21)
    record = to_record(ResolvedMention(_mention("Mosul", sentence), MOSUL, 1.0), TEXT)
    assert record["sentence"] == TEXT[0:21]
    assert record["label"] == "place"
