"""Parsing speed and memory: geonews against the bare spaCy pipeline it builds on.

    python benchmarks/bench_parse.py [--docs 500] [--block 25] [--rounds 1]
        [--stream-docs 10000] [--workers 2]

On ``--docs`` news-length documents (GeoWebNews, then WikToR, from ``../shared/eval`` when
present, else synthetic news-like text), in one run:

1. bare ``nlp.pipe``: the same pipeline (tok2vec, senter, ner; the same disabled components),
   the same texts, the same batch size;
2. full ``parse``: recognition rescue, candidate lookup, resolution and JSONL writing, with a
   cold gazetteer cache;
3. the ratio of the two (target >= 0.85), on wall-clock and on CPU time (the CPU figure is
   the one to trust on a machine shared with other work): of the totals, and the median
   (with the quartiles) of the ratios of the ``--block``-document blocks, each measured
   bare and full back to back; with ``--rounds N`` the interleaved passes run N times, each
   in a new process (the model loaded anew, every cache cold), and the median of the N
   ratios is the figure (a burst of other work on the machine moves one round, not it);
4. the CPU time split per stage (a separate, instrumented pass with a fresh gazetteer cache,
   through the same stages as ``parse``: language and text-kind checks, spaCy, the rescue,
   sentences, look-ups, scoring, the article focus, records);
5. ``--workers N`` against one process: speed-up and whether the output is identical;
6. the ``geonews parse`` command streaming ``--stream-docs`` documents from a JSONL file to a
   JSONL file, with 1 and with N processes: speed, peak resident memory and RSS samples along
   the way (flat = streaming), identical output.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from gazetteer import Gazetteer
from geonews.outputs.formats import write_records
from geonews.models import Document
from geonews.parsing.geoparser import COMPONENT, Geoparser, _recognised_mentions, _split_lines
from geonews.recognition.recognizer import POSSIBLE_KEY, TEXT_KIND_ATTR, toponym_recognizer
from geonews.resolution import Resolver
from geonews.records.schema import records
from geonews.resolution.focus import parsed_document
from geonews.text.language import looks_english
from geonews.text.text_kind import detect_text_kind

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"

_PLACES = ["Mosul", "Baghdad", "Erbil", "Kirkuk", "Raqqa", "Aleppo", "Damascus", "Beirut",
           "Amman", "Cairo", "Tripoli", "Tunis", "Paris", "Lyon", "Berlin", "Hamburg", "Madrid",
           "Lisbon", "London", "Manchester", "Dublin", "Warsaw", "Kyiv", "Kharkiv", "Odesa",
           "Istanbul", "Ankara", "Tehran", "Kabul", "Karachi", "Lahore", "Delhi", "Mumbai",
           "Dhaka", "Yangon", "Bangkok", "Manila", "Jakarta", "Sydney", "Auckland", "Lagos",
           "Nairobi", "Mogadishu", "Khartoum", "Addis Ababa", "Kinshasa", "Johannesburg",
           "Bogota", "Caracas", "Lima", "Santiago", "Buenos Aires", "Mexico City", "Houston",
           "Chicago", "Springfield", "Portland", "Toronto", "Vancouver", "Nineveh province"]
_COUNTRIES = ["Iraq", "Syria", "Lebanon", "Jordan", "Egypt", "Libya", "France", "Germany",
              "Spain", "Britain", "Poland", "Ukraine", "Turkey", "Iran", "Afghanistan",
              "Pakistan", "India", "Nigeria", "Kenya", "Somalia", "Sudan", "Colombia", "Peru",
              "Mexico", "Canada", "Australia", "the Philippines", "Indonesia"]
_SENTENCES = [
    "{Cap} ({agency}) — Officials in {p1} said on {day} that talks with {c1} would resume.",
    "Clashes broke out near {p1} as forces advanced from {p2}, residents told reporters.",
    "The governor of {p1} said aid convoys from {c1} had reached the outskirts of {p2}.",
    "Prices rose sharply in {p1} after flooding cut the main road to {p2}.",
    "{Person} told a news conference in {p1} that the agreement with {c2} was fragile.",
    "Thousands of people fled {p1} for camps in {c1}, the United Nations said.",
    "Analysts in {p2} expect the central bank of {c1} to raise rates again next month.",
    "A spokesman for the ministry said the attack on {p1} had been planned for weeks.",
    "The company, based in {p2}, plans to open a factory outside {p1} next year.",
    "Protesters gathered in the centre of {p1} for a third day, police said.",
    "Rescue teams were still searching the rubble on {day}, local media reported.",
    "The election commission said turnout in {p1} was higher than in {p2}.",
]
_PEOPLE = ["Ahmed Hassan", "Maria Lopez", "John Carter", "Olena Kovalenko", "Li Wei",
           "Fatima Noor", "James O'Brien", "Aisha Bello"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_documents(count: int, seed: int = 7) -> list[Document]:
    """News-like articles of 12-30 sentences naming places, countries and people."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        sentences = []
        for _ in range(rng.randint(12, 30)):
            p1, p2 = rng.sample(_PLACES, 2)
            c1, c2 = rng.sample(_COUNTRIES, 2)
            sentences.append(rng.choice(_SENTENCES).format(
                Cap=p1.upper(), agency=rng.choice(["AP", "Reuters", "AFP"]), p1=p1, p2=p2,
                c1=c1, c2=c2, Person=rng.choice(_PEOPLE), day=rng.choice(_DAYS)))
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        docs.append(Document(id=f"synthetic-{n}", text="\n\n".join(paragraphs)))
    return docs


def load_documents(count: int) -> tuple[list[Document], str]:
    """``count`` documents: GeoWebNews then WikToR articles when ../shared is there."""
    docs: list[Document] = []
    for name in ("geowebnews.jsonl", "wiktor.jsonl"):
        path = SHARED_EVAL / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if len(docs) >= count:
                    break
                record = json.loads(line)
                docs.append(Document(id=record["id"], text=record["text"]))
    if len(docs) >= count:
        return docs, f"GeoWebNews + WikToR from {SHARED_EVAL}"
    return synthetic_documents(count), "synthetic news-like text"


@contextmanager
def clock(into: dict[str, float], key: str) -> Iterator[None]:
    """Add the CPU time of this process in the block to ``into[key]`` (unlike wall time,
    it does not grow with other work on the machine)."""
    start = time.process_time()
    try:
        yield
    finally:
        into[key] = into.get(key, 0.0) + time.process_time() - start


class TimedGazetteer:
    """A gazetteer proxy that adds the time of candidate and demonym lookups to a counter."""

    def __init__(self, gazetteer: Gazetteer, times: dict[str, float]) -> None:
        self.gazetteer = gazetteer
        self.times = times

    def candidates(self, *args: Any, **kwargs: Any) -> Any:
        with clock(self.times, "lookup"):
            return self.gazetteer.candidates(*args, **kwargs)

    def demonym(self, *args: Any, **kwargs: Any) -> Any:
        with clock(self.times, "lookup"):
            return self.gazetteer.demonym(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gazetteer, name)


def timed(func: Any, *args: Any) -> tuple[Any, float, float]:
    """``(result, wall seconds, CPU seconds of this process)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bare_pass(parser: Geoparser, texts: list[str]) -> int:
    """Run the pipeline without the geonews component; the number of tokens."""
    with parser.nlp.select_pipes(disable=[COMPONENT]):
        return sum(len(doc) for doc in parser.nlp.pipe(texts, batch_size=parser.settings.batch_size))


def full_pass(parser: Geoparser, docs: list[Document], out: Path, workers: int = 1) -> int:
    """``geonews parse`` as a library: parse, records, JSONL file; the mention count."""
    parsed = parser.parse_documents(docs, workers=workers)
    return write_records((r for doc in parsed for r in records(doc)), out, format="jsonl")


def side_by_side(parser: Geoparser, docs: list[Document], workdir: Path,
                 block: int = 25) -> dict[str, Any]:
    """Bare and full passes interleaved block by block (alternating which goes first), so
    both see the same machine load; per block, the CPU ratio bare / full
    (``block_ratios``); the full pass's JSONL output is ``workdir/one.jsonl``."""
    totals: dict[str, Any] = {"tokens": 0, "mentions": 0, "bare_wall": 0.0, "bare_cpu": 0.0,
                              "full_wall": 0.0, "full_cpu": 0.0, "block_ratios": []}
    out = workdir / "one.jsonl"
    with out.open("wb") as joined:
        for number, start in enumerate(range(0, len(docs), block)):
            part = docs[start:start + block]
            part_file = workdir / f"block-{number}.jsonl"
            steps = ["bare", "full"] if number % 2 == 0 else ["full", "bare"]
            cpus = {}
            for step in steps:
                if step == "bare":
                    tokens, wall, cpu = timed(bare_pass, parser, [d.text for d in part])
                    totals["tokens"] += tokens
                else:
                    mentions, wall, cpu = timed(full_pass, parser, part, part_file)
                    totals["mentions"] += mentions
                totals[f"{step}_wall"] += wall
                totals[f"{step}_cpu"] += cpu
                cpus[step] = cpu
            totals["block_ratios"].append(cpus["bare"] / cpus["full"])
            joined.write(part_file.read_bytes())
            part_file.unlink()
    return totals


def stage_split(parser: Geoparser, docs: list[Document], out: Path) -> dict[str, float]:
    """CPU seconds per stage, with a fresh (cold) gazetteer cache, stage by stage."""
    times: dict[str, float] = {}
    gazetteer = Gazetteer(parser.gazetteer.path)  # new object: empty lookup caches
    recognizer = toponym_recognizer(gazetteer)
    resolver = Resolver(TimedGazetteer(gazetteer, times))
    nlp = parser.nlp
    with clock(times, "checks"):  # what parse does before spaCy: the language warning, the kind
        for document in docs:
            looks_english(document.text)
        kinds = [d.text_kind or detect_text_kind(d.text) for d in docs]
    with nlp.select_pipes(disable=[COMPONENT]), clock(times, "spacy"):
        spacy_docs = list(nlp.pipe([d.text for d in docs], batch_size=parser.settings.batch_size))
    for doc, kind in zip(spacy_docs, kinds):
        doc._.set(TEXT_KIND_ATTR, kind)
    with clock(times, "recognition"):
        spacy_docs = [recognizer(doc) for doc in spacy_docs]
    with out.open("w", encoding="utf-8") as handle:
        for document, doc in zip(docs, spacy_docs):
            with clock(times, "sentences"):
                sentences = tuple(_split_lines(document.text, doc))
                mentions = _recognised_mentions(document, doc, sentences)
                possible = _recognised_mentions(document, doc, sentences, key=POSSIBLE_KEY)
            with clock(times, "resolve"):
                resolved = resolver.resolve_with_possible(document.text, mentions, possible)
            with clock(times, "focus"):
                parsed = parsed_document(document, sentences, resolved, gazetteer=gazetteer)
            with clock(times, "writing"):
                for record in records(parsed):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    times["resolve"] -= times.get("lookup", 0.0)
    return times


class TreeCPU:
    """Samples the CPU seconds of a process and its descendants (Linux /proc) in a thread,
    so that worker processes that have exited are still counted (last sample)."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        self.root, self.interval = root, interval
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self, pid: int) -> None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            self.seen[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
            for task in Path(f"/proc/{pid}/task").iterdir():
                for child in (task / "children").read_text().split():
                    self.sample(int(child))
        except (OSError, IndexError, ValueError):
            pass

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample(self.root)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sample(self.root)
        self._stop.set()
        self._thread.join()

    def seconds(self, *, without_root: bool = False) -> float:
        return sum(v for pid, v in self.seen.items() if not (without_root and pid == self.root))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in kB."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _rss_kb(int(child))
    except OSError:
        pass
    return total


def write_corpus(docs: list[Document], count: int, path: Path) -> None:
    """A ``count``-document JSONL corpus cycling through ``docs`` (ids made unique)."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            doc = docs[n % len(docs)]
            handle.write(json.dumps({"id": f"{doc.id}#{n}", "text": doc.text}) + "\n")


def stream_run(corpus: Path, count: int, out: Path, workers: int
               ) -> tuple[float, float] | None:
    """Run ``geonews parse corpus -o out``; print its speed and RSS; ``(wall seconds, CPU
    seconds of all its processes)``."""
    command = [sys.executable, "-c", "from geonews.cli import main; main()", "parse",
               str(corpus), "-o", str(out), "--quiet", "--workers", str(workers)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int]] = []
    with TreeCPU(process.pid) as tree:
        while process.poll() is None:
            samples.append((time.perf_counter() - start, _rss_kb(process.pid)))
            time.sleep(0.5)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode:
        print(f"  geonews parse failed ({process.returncode}): {stderr.strip()[-300:]}")
        return None
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu = tree.seconds()
    print(f"  --workers {workers}: {elapsed:.0f} s, {count / elapsed:.1f} docs/s (start-up "
          f"included), {cpu:.0f} CPU s; peak RSS of the largest process so far: "
          f"{peak_mb:.0f} MB")
    live = [s for s in samples if s[1]]
    if live:
        marks = [live[min(len(live) - 1, int(len(live) * f))] for f in (0.25, 0.5, 0.75, 0.99)]
        print("  RSS of all its processes along the run: " + ", ".join(
            f"{t:.0f} s: {kb / 1024:.0f} MB" for t, kb in marks))
    return elapsed, cpu


def stream_memory(docs: list[Document], count: int, workers: int, workdir: Path) -> None:
    """``geonews parse`` on a ``count``-document JSONL corpus with 1 (and ``workers``)
    processes: speed, peak RSS, RSS along the run, identical output."""
    corpus = workdir / "corpus.jsonl"
    write_corpus(docs, count, corpus)
    print(f"  corpus: {count} documents, {corpus.stat().st_size / 1e6:.1f} MB JSONL")
    started = time.time()
    one = stream_run(corpus, count, workdir / "stream1.jsonl", 1)
    if workers > 1 and one:
        many = stream_run(corpus, count, workdir / f"stream{workers}.jsonl", workers)
        if many:
            same: object = filecmp.cmp(workdir / "stream1.jsonl",
                                       workdir / f"stream{workers}.jsonl", shallow=False)
            if _sources_changed(started):
                same = "unknown (geonews sources were edited during the run)"
            print(f"  speed-up --workers {workers}: {one[0] / many[0]:.2f}x (CPU-bound estimate "
                  f"on {workers} free cores: {workers * one[1] / many[1]:.2f}x); identical "
                  f"output: {same}")


#: Modules whose code decides the parse output.
_OUTPUT_MODULES = ("geonews.parsing.geoparser", "geonews.recognition.recognizer", "geonews.resolution.candidates",
                   "geonews.resolution.features", "geonews.resolution.scorer",
                   "geonews.resolution.fallback", "geonews.resolution.resolver", "geonews.recognition.spacy_pipeline",
                   "geonews.text.chunking", "geonews.text.language", "geonews.records.schema", "geonews.parsing.parallel",
                   "gazetteer.gazetteer", "gazetteer.normalize")


def _sources_changed(since: float) -> bool:
    """Whether code that decides the output was edited after ``since`` (new worker processes
    would run the new code)."""
    files = [Path(module.__file__) for name in _OUTPUT_MODULES
             if (module := sys.modules.get(name)) is not None and module.__file__]
    return any(f.stat().st_mtime > since for f in files)


def one_round(args: argparse.Namespace) -> None:
    """A round of :func:`side_by_side` in this (new) process, as ``main`` runs it; its totals
    go to ``args.one_round / "totals.json"``, the full pass's output beside them."""
    docs, _ = load_documents(args.docs + 20)
    parser = Geoparser(model=args.model)
    list(parser.parse_documents(docs[:20]))  # load the model, warm spaCy's caches
    args.one_round.mkdir(parents=True, exist_ok=True)
    totals = side_by_side(parser, docs[20:], args.one_round, args.block)
    (args.one_round / "totals.json").write_text(json.dumps(totals), encoding="utf-8")


def round_in_process(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """The totals of :func:`one_round` run in a new process (cold caches)."""
    command = [sys.executable, __file__, "--docs", str(args.docs), "--block", str(args.block),
               "--one-round", str(workdir)] + (["--model", args.model] if args.model else [])
    subprocess.run(command, check=True)
    return json.loads((workdir / "totals.json").read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--block", type=int, default=25,
                    help="documents per block of the interleaved bare and full passes")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stream-docs", type=int, default=10_000,
                    help="documents for the memory run (0: skip it)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="interleaved bare/full runs, each in a new process; the median CPU "
                         "ratio is reported")
    ap.add_argument("--model", default=None)
    ap.add_argument("--one-round", type=Path, help=argparse.SUPPRESS)  # a round's process
    args = ap.parse_args()
    if args.one_round:
        one_round(args)
        return

    docs, source = load_documents(args.docs + 20)
    warmup, docs = docs[:20], docs[20:]
    texts = [d.text for d in docs]
    load = os.getloadavg()[0]
    started = time.time()
    parser = Geoparser(model=args.model)
    list(parser.parse_documents(warmup))  # load the model, warm spaCy's caches
    nlp = parser.nlp
    enabled = [name for name in nlp.pipe_names if name != COMPONENT]
    print(f"documents: {len(docs)} ({source}), {sum(map(len, texts)) / len(texts):.0f} "
          f"characters on average; model {nlp.meta['lang']}_{nlp.meta['name']} "
          f"{nlp.meta['version']}; components {', '.join(enabled)} (+ {COMPONENT}); "
          f"disabled: {', '.join(nlp.disabled) or 'none'}; CPUs: {os.cpu_count()}, load "
          f"average {load:.1f} (other work on the machine slows wall-clock figures)")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.rounds > 1:
            rounds = [round_in_process(args, workdir / f"round-{r}") for r in range(args.rounds)]
            (workdir / "round-0" / "one.jsonl").rename(workdir / "one.jsonl")
            totals = {key: (sum(t[key] for t in rounds) if key != "block_ratios" else
                            [x for t in rounds for x in t[key]]) for key in rounds[0]}
            print(f"\n{args.rounds} rounds, each in a new process; CPU ratio full / bare per "
                  "round: " + ", ".join(f"{t['bare_cpu'] / t['full_cpu']:.3f}" for t in rounds)
                  + f"; median {statistics.median(t['bare_cpu'] / t['full_cpu'] for t in rounds):.3f}"
                  " (target >= 0.85)")
        else:
            totals = side_by_side(parser, docs, workdir, args.block)
        tokens, mentions = totals["tokens"], totals["mentions"]
        bare_wall, bare_cpu = totals["bare_wall"], totals["bare_cpu"]
        full_wall, full_cpu = totals["full_wall"], totals["full_cpu"]
        n = len(docs) * args.rounds
        print(f"\nthroughput (bare and full interleaved in blocks of {args.block} documents"
              + (f"; the sums of {args.rounds} rounds)" if args.rounds > 1 else ")"))
        print("                           docs/s   tokens/s   wall s    CPU s")
        for label, wall, cpu in (("bare nlp.pipe", bare_wall, bare_cpu),
                                 ("full parse (1 process)", full_wall, full_cpu)):
            print(f"{label:<24} {n / wall:8.1f} {tokens / wall:10.0f} {wall:8.2f} {cpu:8.2f}")
        print(f"mentions written: {mentions // args.rounds}; tokens: {tokens // args.rounds}"
              + (" (per round)" if args.rounds > 1 else ""))
        print(f"ratio full / bare throughput: wall {bare_wall / full_wall:.3f}, "
              f"CPU {bare_cpu / full_cpu:.3f} (target >= 0.85)")
        ratios = totals["block_ratios"]
        if len(ratios) >= 2:
            low, median, high = statistics.quantiles(ratios, n=4)
            print(f"CPU ratio per block of {args.block}: median {median:.3f} (quartiles "
                  f"{low:.3f}-{high:.3f}; {len(ratios)} blocks; min {min(ratios):.3f}, "
                  f"max {max(ratios):.3f})")

        times = stage_split(parser, docs, workdir / "stages.jsonl")
        total = sum(times.values())
        print("\nstage split (separate instrumented pass, cold gazetteer cache; CPU s)")
        labels = {"checks": "language + text kind", "spacy": "spaCy " + "+".join(enabled),
                  "recognition": "recognition rescue", "sentences": "sentences + mentions",
                  "lookup": "candidate lookup", "resolve": "resolution scoring",
                  "focus": "article focus", "writing": "records + JSONL"}
        for key, label in labels.items():
            seconds = times.get(key, 0.0)
            print(f"  {label:<26} {seconds:7.2f} s {100 * seconds / total:5.1f} %")

        if args.workers > 1:
            full_wall, full_cpu = full_wall / args.rounds, full_cpu / args.rounds  # one pass
            with TreeCPU(os.getpid()) as tree:
                _, par_wall, par_cpu = timed(full_pass, parser, docs, workdir / "many.jsonl",
                                             args.workers)
            par_cpu += tree.seconds(without_root=True)
            same = (workdir / "one.jsonl").read_bytes() == (workdir / "many.jsonl").read_bytes()
            if _sources_changed(started):
                same = "unknown (geonews sources were edited during the run; run again)"
            print(f"\n--workers {args.workers}: {n / par_wall:.1f} docs/s, {par_wall:.2f} s "
                  f"(worker start-up included); speed-up {full_wall / par_wall:.2f}x over one "
                  f"process (target >= 1.7x on 2 cores); identical output: {same}")
            print(f"  CPU: {par_cpu:.1f} s in all processes vs {full_cpu:.1f} s for one; on "
                  f"{args.workers} free cores that is a speed-up of about "
                  f"{args.workers * full_cpu / par_cpu:.2f}x")

        print(f"load average now {os.getloadavg()[0]:.1f}")
        if args.stream_docs:
            print(f"\nstreaming: geonews parse CLI, {args.stream_docs} documents, JSONL out")
            stream_memory(docs, args.stream_docs, args.workers, workdir)


if __name__ == "__main__":
    main()
