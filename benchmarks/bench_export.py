"""Export, region and dataset figures on synthetic mention records.

    python benchmarks/bench_export.py [--mentions 200000] [--docs 20000]

Prints the time and output size of every export format (mention level), of the place and
region aggregations, of reading JSONL back, and of appending to GeoPackage/GeoParquet
datasets. No spaCy, no gazetteer: records are random points with realistic fields.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import warnings
from pathlib import Path

from gazetteer.place import Place
from geonews.outputs.dataset import append_records
from geonews.outputs.formats import FORMATS, write_records
from geonews.outputs.tables import mention_frame, place_frame
from geonews.records.reading import read_records
from geonews.models import Document
from geonews.outputs.regions import region_table, region_tree

SENTENCE = ("Iraqi forces pushed into the eastern districts of {name} on Thursday, officials "
            "said, as the offensive entered its third week.")


def synthetic(mentions: int, docs: int, places: int = 5000, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    gazetteer = [Place(i, f"Town{i}", "city", rng.uniform(-60, 70), rng.uniform(-180, 180),
                       rng.randrange(100, 10**6), f"C{i % 150}", f"Country{i % 150}",
                       f"C{i % 150}.{i % 20}", f"Province{i % 20}",
                       f"C{i % 150}.{i % 20}.{i % 7}", f"District{i % 7}")
                 for i in range(places)]
    out = []
    for n in range(mentions):
        place = rng.choice(gazetteer) if rng.random() > 0.1 else None
        name = place.name if place else "Nowhere"
        sentence = SENTENCE.format(name=name)
        start = sentence.index(name)
        record = {"doc_id": f"doc{n % docs}", "start": start, "end": start + len(name),
                  "text": name, "label": "place", "sentence": sentence,
                  "sentence_start": 0, "sentence_end": len(sentence)}
        for field in ("geonameid", "name", "feature", "lat", "lon", "country_code", "country",
                      "admin1_code", "admin1", "admin2_code", "admin2", "population"):
            record[field] = getattr(place, field) if place else None
        record["confidence"] = round(rng.random(), 4) if place else None
        out.append(record)
    return out


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<34} {time.perf_counter() - start:8.2f} s")
    return result


def size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.parent.glob(path.stem + ".*"))
    return f"{total / 1e6:7.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=200_000)
    parser.add_argument("--docs", type=int, default=20_000)
    args = parser.parse_args()
    records = synthetic(args.mentions, args.docs)
    print(f"{len(records):,} mentions in {args.docs:,} documents")
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame = timed("mention_frame", mention_frame, records)
        timed("place_frame", place_frame, frame)
        timed("region_table", region_table, frame)
        timed("region_tree", region_tree, frame)
        for fmt in FORMATS.values():
            path = folder / f"out_{fmt.name}{fmt.extensions[0]}"
            timed(f"write {fmt.name}", write_records, records, path)
            print(f"{'':<34} {size(path)}")
        jsonl = folder / "out_jsonl.jsonl"
        timed("read_records (JSONL)", lambda: sum(1 for _ in read_records(jsonl)))
        by_doc: dict[str, list[dict]] = {}
        for r in records:
            by_doc.setdefault(r["doc_id"], []).append(r)
        docs = [(Document(k, f"text of {k}"), v) for k, v in by_doc.items()]
        half = len(docs) // 2
        for suffix in (".gpkg", ".parquet"):
            path = folder / f"corpus{suffix}"
            timed(f"append {suffix} (new, half)", append_records, docs[:half], path)
            timed(f"append {suffix} (all, half dup)", append_records, docs, path)


if __name__ == "__main__":
    main()
