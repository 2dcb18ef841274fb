"""Hand-built ParsedDocuments for the map tests (no pipeline, no spaCy)."""

from __future__ import annotations

import random
import re

from gazetteer.place import Place
from geonews.models import (Approximation, Document, Mention, ParsedDocument, ResolvedMention,
                            Sentence)
from geonews.resolution.focus import parsed_document

MOSUL = Place(99072, "Mosul", "city", 36.335, 43.11889, 1739800, "IQ", "Iraq", "IQ.15",
              "Nineveh", "IQ.15.1", "Mosul District", "PPLA")
NINEVEH = Place(92877, "Nineveh", "ADM1", 36.0, 42.45, 2453000, "IQ", "Iraq", "IQ.15",
                "Nineveh", feature_code="ADM1", derived=True)
IRAQ = Place(99237, "Iraq", "country", 33.0, 44.0, 38000000, "IQ", "Iraq", feature_code="PCLI")
BAGHDAD = Place(98182, "Baghdad", "city", 33.34058, 44.40088, 7216000, "IQ", "Iraq", "IQ.07",
                "Baghdad", feature_code="PPLC")
SPRINGFIELD = Place(4250542, "Springfield", "city", 39.80172, -89.64371, 116565, "US",
                    "United States", "US.IL", "Illinois", "US.IL.167", "Sangamon County", "PPLA")
CHICAGO = Place(4887398, "Chicago", "city", 41.85003, -87.65005, 2720546, "US", "United States",
                "US.IL", "Illinois", "US.IL.031", "Cook County", "PPLA2")
HOSTILE = Place(None, '"</script><script>window.__xss_place=1</script>', "other", 35.0, 40.0,
                country_code="SY", country="Syria<img src=x onerror=window.__xss_place=2>",
                source="custom")

SEED_TEXT = (
    "'No Mosul retreat,' warns IS leader in audio message\n\n"
    "Abu Bakr al-Baghdadi has called on his fighters to resist as Iraqi forces were poised to "
    "enter the city of Mosul. "
    "\"To all the people of Nineveh, especially the fighters, beware of any weakness,\" "
    "Baghdadi said, referring to the northern Iraqi province of which Mosul is the capital. "
    "Earlier this week, an Iraqi general said that Iraq's Special Forces had entered the "
    "outskirts of Mosul."
)


def sentences_of(text: str) -> tuple[Sentence, ...]:
    """Naive sentence spans: split after . ! ? or a blank line."""
    spans, start = [], 0
    for match in re.finditer(r"(?<=[.!?\"])\s+|\n\n", text):
        if match.start() > start:
            spans.append(Sentence(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(Sentence(start, len(text)))
    return tuple(spans)


def parse_by_hand(doc: Document, readings: dict[str, Place | None],
                  confidence: float = 0.9) -> ParsedDocument:
    """Mention every occurrence of each key of ``readings`` and resolve it to its value."""
    sentences = sentences_of(doc.text)
    found = []
    for surface, place in readings.items():
        for match in re.finditer(rf"\b{re.escape(surface)}\b", doc.text):
            sentence = next(s for s in sentences if s.start <= match.start() < s.end)
            label = "demonym" if surface.endswith("i") and place is not None and \
                place.feature == "country" else "place"
            mention = Mention(doc.id, match.start(), match.end(), surface, label,
                              sentence.start, sentence.end)
            found.append(ResolvedMention(mention, place, confidence if place else 0.0,
                                         reason=None if place else "not in gazetteer"))
    found.sort(key=lambda r: r.mention.start)
    return parsed_document(doc, sentences, tuple(found))


def seed_document() -> ParsedDocument:
    """A seed-like article: Mosul ×4, Nineveh, Iraq, Iraqi ×3 (demonym → Iraq)."""
    doc = Document("mosul-2016-11-03", SEED_TEXT, title="'No Mosul retreat,' warns IS leader",
                   url="https://example.org/news/mosul")
    return parse_by_hand(doc, {"Mosul": MOSUL, "Nineveh": NINEVEH, "Iraqi": IRAQ, "Iraq": IRAQ})


HOSTILE_TEXT = (
    "Protest in Baghdad <script>window.__xss_text=1</script> ended. "
    "Witnesses in Baghdad saw <img src=x onerror=\"window.__xss_img=1\"> and {{ 7*7 }} and "
    "<a href=\"javascript:window.__xss_link=1\">a link</a>. "
    "A camp near Qalaat was mentioned too."
)


def multi_documents() -> list[ParsedDocument]:
    """Three articles: the seed, one from Illinois, and one full of injection attempts."""
    illinois = Document(
        "il-1", "Storms hit Springfield, Illinois on Monday. Chicago stayed dry. "
        "Officials in Springfield said damage was light.",
        title="Storms in Springfield", url="https://news.example.com/il")
    hostile = Document(
        "x'\"><script>window.__xss_id=1</script>", HOSTILE_TEXT,
        title="<img src=x onerror=\"window.__xss_title=1\">Hostile & 'quoted' \"title\"",
        url="javascript:window.__xss_url=1")
    return [
        seed_document(),
        parse_by_hand(illinois, {"Springfield": SPRINGFIELD, "Chicago": CHICAGO}),
        parse_by_hand(hostile, {"Baghdad": BAGHDAD, "Qalaat": HOSTILE, "Witnesses": None}),
    ]


def synthetic_documents(n_mentions: int, n_places: int, *, per_doc: int = 10,
                        seed: int = 1, days: int = 0) -> list[ParsedDocument]:
    """``n_mentions`` mentions of ``n_places`` random places in articles of ``per_doc`` mentions;
    with ``days``, the articles are dated over that many days from 2024-01-01 (one in 20
    undated), and one mention in 10 is an approximate placement."""
    import datetime as dt
    rng = random.Random(seed)
    countries = ["IQ", "SY", "US", "FR", "NG", "UA", "IN", "BR"]
    places = []
    for i in range(n_places):
        cc = countries[i % len(countries)]
        a1 = f"{cc}.{i % 17:02d}"
        places.append(Place(1_000_000 + i, f"Place {i}", ("city", "ADM1", "ADM2", "other")[i % 4],
                            rng.uniform(-50, 60), rng.uniform(-120, 140), i, cc, f"Country {cc}",
                            a1, f"Region {a1}", f"{a1}.{i % 5}", f"District {a1}.{i % 5}"))
    docs, made = [], 0
    while made < n_mentions:
        count = min(per_doc, n_mentions - made)
        sentence = "In {} people met officials from the region to talk about water and roads. "
        chosen = [rng.choice(places) for _ in range(count)]
        text = "".join(sentence.format(p.name) for p in chosen)
        doc_id = f"doc-{len(docs)}"
        sentences, mentions, pos = [], [], 0
        for place in chosen:
            piece = sentence.format(place.name)
            start = pos + 3
            approximate = days and rng.random() < 0.1
            mentions.append(ResolvedMention(
                Mention(doc_id, start, start + len(place.name), place.name, "place", pos,
                        pos + len(piece) - 1), place, 0.4 if approximate else 0.8,
                reason="approximate: in its region" if approximate else None,
                approximation=Approximation.CONTAINER if approximate else None))
            sentences.append(Sentence(pos, pos + len(piece) - 1))
            pos += len(piece)
        date = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(days))).isoformat() \
            if days and len(docs) % 20 else None
        docs.append(parsed_document(Document(doc_id, text, title=f"Article {len(docs)}", date=date),
                                   tuple(sentences), tuple(mentions)))
        made += count
    return docs


def dated_documents() -> list[ParsedDocument]:
    """The multi documents dated 2016-11-03 (seed) and 2016-11-07 (Illinois), the hostile one
    undated, and one more article of 2016-11-05 whose 'Tal Afar' is placed approximately (at
    Nineveh) with a low confidence."""
    import dataclasses

    seed, illinois, hostile = multi_documents()
    dates = {seed.document.id: "2016-11-03", illinois.document.id: "Mon, 07 Nov 2016 08:00:00 GMT"}
    dated = [dataclasses.replace(p, document=dataclasses.replace(
        p.document, date=dates.get(p.document.id))) for p in (seed, illinois, hostile)]
    text = "Fighting reached Tal Afar. Mosul waited."
    doc = Document("talafar", text, title="Tal Afar", date="2016-11-05")
    sentences = sentences_of(text)
    tal_afar = ResolvedMention(Mention("talafar", 17, 25, "Tal Afar", "place", 0, 26), NINEVEH,
                               0.3, reason="approximate: in Nineveh",
                               approximation=Approximation.CONTAINER)
    mosul = ResolvedMention(Mention("talafar", 27, 32, "Mosul", "place", 27, 40), MOSUL, 0.9)
    dated.append(parsed_document(doc, sentences, (tal_afar, mosul)))
    return dated


def payload_places(data: dict) -> list[dict]:
    """The place records of a map payload (arrays in ``placeKeys`` order) as dicts."""
    return [dict(zip(data["placeKeys"], row)) for row in data["places"]]
