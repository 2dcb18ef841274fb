"""CPU seconds of geonews's own stages on documents already through spaCy, and a hash of the
output: the low-noise companion of ``bench_parse.py`` for changes to recognition and
resolution.

    python benchmarks/bench_stages.py [--docs 500] [--reps 3]

``bench_parse.py`` measures what matters (full ``parse`` against bare spaCy), but geonews's
part is a sixth of the full pass there, so its CPU ratio moves by ±0.03 from run to run on a
shared machine: more than most changes to geonews. This benchmark takes spaCy out of the
timing. It runs the NER once over the ``bench_parse`` documents (not timed), then, in
``--reps`` new processes (every cache cold, as in a ``bench_parse`` round), times:

* recognition: the rescue component (``geonews_toponyms``) on each NER'd document;
* resolution: sentences and mentions, ``resolve_with_possible`` and ``parsed_document`` (the
  article focus), with a fresh gazetteer.

It prints each repetition's CPU seconds, their minimum, and the MD5 of every output record
(the first 12 hex digits): a change that keeps the output keeps the hash.

``--warm-passes N`` then runs both stages N more times over the same documents in the same
process, with the same gazetteer, recogniser and resolver, and prints their CPU seconds: the
difference from the first (cold) pass is what first look-ups and first computations per name
and place cost, which every new process pays and no later document does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import DocBin

from bench_parse import load_documents
from gazetteer import Gazetteer
from geonews.models import TextKind
from geonews.parsing.geoparser import COMPONENT, Geoparser, _recognised_mentions, _split_lines
from geonews.recognition.recognizer import POSSIBLE_KEY, TEXT_KIND_ATTR, toponym_recognizer
from geonews.records.schema import records
from geonews.resolution import Resolver
from geonews.resolution.focus import parsed_document
from geonews.text.text_kind import detect_text_kind

#: Documents parsed in full before timing (the model loaded, spaCy's caches warm), as
#: ``bench_parse.py`` does.
WARMUP = 20


def ner_documents(docs: int, where: Path) -> None:
    """Run spaCy (without the geonews component) over the benchmark documents; save the
    docs and their text kinds in ``where``."""
    documents = load_documents(docs + WARMUP)[0][WARMUP:]
    parser = Geoparser()
    kinds = [d.text_kind or detect_text_kind(d.text) for d in documents]
    with parser.nlp.select_pipes(disable=[COMPONENT]):
        spacy_docs = parser.nlp.pipe([d.text for d in documents],
                                     batch_size=parser.settings.batch_size)
        DocBin(store_user_data=False, docs=spacy_docs).to_disk(where / "docs.spacy")
    (where / "kinds.json").write_text(json.dumps([k.value for k in kinds]), encoding="utf-8")


def one_rep(docs: int, where: Path, warm_passes: int = 0) -> dict[str, object]:
    """Recognition and resolution of the saved docs in this (new) process: CPU seconds of
    each, the hash of the output records, and the CPU seconds of ``warm_passes`` more passes
    with the same (now warm) objects."""
    documents, _ = load_documents(docs + WARMUP)
    warmup, documents = documents[:WARMUP], documents[WARMUP:]
    parser = Geoparser()
    list(parser.parse_documents(warmup))
    kinds = [TextKind(k) for k in json.loads((where / "kinds.json").read_text(encoding="utf-8"))]
    gazetteer = Gazetteer(parser.gazetteer.path)  # a new object: empty look-up caches
    recognizer = toponym_recognizer(gazetteer)
    resolver = Resolver(gazetteer, scorer=parser.resolver.scorer)

    def one_pass() -> tuple[float, float, str]:
        spacy_docs = list(DocBin().from_disk(where / "docs.spacy").get_docs(parser.nlp.vocab))
        for doc, kind in zip(spacy_docs, kinds):
            doc._.set(TEXT_KIND_ATTR, kind)
        started = time.process_time()
        spacy_docs = [recognizer(doc) for doc in spacy_docs]
        recognised = time.process_time()
        parsed = []
        for document, doc in zip(documents, spacy_docs):
            sentences = tuple(_split_lines(document.text, doc))
            mentions = _recognised_mentions(document, doc, sentences)
            possible = _recognised_mentions(document, doc, sentences, key=POSSIBLE_KEY)
            parsed.append(parsed_document(
                document, sentences, resolver.resolve_with_possible(document.text, mentions,
                                                                    possible),
                gazetteer=gazetteer))
        resolved = time.process_time()
        digest = hashlib.md5()
        for doc in parsed:
            for record in records(doc):
                digest.update(json.dumps(record, sort_keys=True, default=str).encode())
        return recognised - started, resolved - recognised, digest.hexdigest()[:12]

    recognition, resolution, digest = one_pass()
    warm = [one_pass() for _ in range(warm_passes)]
    if any(w[2] != digest for w in warm):
        raise SystemExit("a warm pass gave other output than the first: a cache changes results")
    return {"recognition": recognition, "resolution": resolution, "hash": digest,
            "warm": [[w[0], w[1]] for w in warm]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3,
                    help="repetitions, each in a new process; the minimum is the figure")
    ap.add_argument("--warm-passes", type=int, default=0,
                    help="in each repetition, time this many more passes over the same "
                         "documents with warm caches")
    ap.add_argument("--one-rep", type=Path, help=argparse.SUPPRESS)  # a repetition's process
    args = ap.parse_args()
    if args.one_rep:
        print(json.dumps(one_rep(args.docs, args.one_rep, args.warm_passes)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        ner_documents(args.docs, where)
        reps = [json.loads(subprocess.run(
            [sys.executable, __file__, "--docs", str(args.docs), "--one-rep", str(where),
             "--warm-passes", str(args.warm_passes)],
            check=True, capture_output=True, text=True).stdout.splitlines()[-1])
            for _ in range(args.reps)]
    for stage in ("recognition", "resolution"):
        times = [float(r[stage]) for r in reps]
        print(f"{stage:12s} CPU s: min {min(times):.2f} ({' '.join(f'{t:.2f}' for t in times)})")
    if args.warm_passes:
        for i, stage in enumerate(("recognition", "resolution")):
            times = [float(w[i]) for r in reps for w in r["warm"]]
            print(f"{stage:12s} CPU s with warm caches: min {min(times):.2f} "
                  f"({' '.join(f'{t:.2f}' for t in times)})")
    hashes = {r["hash"] for r in reps}
    print(f"output hash: {' '.join(sorted(hashes))} ({args.docs} documents"
          + (")" if len(hashes) == 1 else "; repetitions differ!)"))


if __name__ == "__main__":
    main()
