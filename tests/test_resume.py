"""Nothing lost: an interrupted ``geonews parse`` keeps the previous output and its progress,
and ``--resume`` finishes the job without duplicating documents. The runs are real
subprocesses killed midway (SIGKILL, SIGINT, SIGTERM)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from geonews.cli import main
from geonews.parsing.resume import CHECKPOINT_SUFFIX, PARTIAL_SUFFIX

CLI = [sys.executable, "-c", "from geonews.cli import main; main()"]
PLACES = ["Mosul", "Nineveh province", "Tall Kayf", "Springfield, Illinois", "Iraq"]
DOCUMENTS = 180
BIG_DOCUMENTS = 1500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", DOCUMENTS)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """Long enough that a ``--workers 2`` run is still going when a worker is killed."""
    return _write_corpus(tmp_path_factory.mktemp("big_corpus") / "news.jsonl", BIG_DOCUMENTS)


def _write_corpus(path: Path, documents: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(documents):
            a, b = PLACES[i % 5], PLACES[(i * 3 + 1) % 5]
            text = (f"Report {i}. Iraqi forces advanced on {a} on Thursday, officials said. "
                    f"Residents of {b} fled as the fighting spread.")
            if i % 17 == 0:
                text = f"Report {i}. Nothing happened today, the officials said."
            out.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def gaz_args(tiny_gazetteer) -> list[str]:
    return ["--gazetteer", str(tiny_gazetteer.path)]


@pytest.fixture(scope="module")
def reference(corpus, gaz_args, tmp_path_factory) -> bytes:
    """The output of an uninterrupted run."""
    out = tmp_path_factory.mktemp("reference") / "out.jsonl"
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args])
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def sidecars(out: Path) -> tuple[Path, Path]:
    return (out.with_name(out.name + PARTIAL_SUFFIX),
            out.with_name(out.name + CHECKPOINT_SUFFIX))


def _default_sigint() -> None:
    """Let the child take Ctrl-C even when the tests run as a background job, which starts
    with SIGINT ignored (Python then installs no KeyboardInterrupt handler)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_and_stop(args: list[str], checkpoint: Path, sig: int, *, after: int = 40):
    """Run the CLI and send ``sig`` once ``after`` documents are checkpointed."""
    process = subprocess.Popen(CLI + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=_default_sigint)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if checkpoint.exists() and checkpoint.read_bytes().count(b"\n") > after:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run finished before it could be interrupted"
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, stderr


def doc_ids(data: bytes) -> Counter:
    return Counter(json.loads(line)["doc_id"] for line in data.splitlines())


@pytest.mark.parametrize("sig, code", [(signal.SIGKILL, -signal.SIGKILL),
                                       (signal.SIGINT, 130), (signal.SIGTERM, 130)],
                         ids=["SIGKILL", "SIGINT", "SIGTERM"])
def test_interrupted_run_keeps_old_output_and_resumes(tmp_path, corpus, gaz_args, reference,
                                                      sig, code):
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")
    partial, checkpoint = sidecars(out)
    args = ["parse", str(corpus), "-o", str(out), *gaz_args]

    returncode, stderr = start_and_stop(args, checkpoint, sig)
    assert returncode == code, stderr
    assert "Traceback" not in stderr
    if sig != signal.SIGKILL:
        saved = len(checkpoint.read_text().splitlines()) - 1
        assert stderr.strip().splitlines()[-1] == (
            f"Interrupted: {saved} documents saved; run the same command with --resume to "
            "continue")
    assert out.read_text() == "previous output\n"
    assert partial.exists() and checkpoint.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    resumed = subprocess.run(CLI + args + ["--resume"], capture_output=True, text=True,
                             timeout=120, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.startswith("Resuming: ")
    assert out.read_bytes() == reference
    assert not partial.exists() and not checkpoint.exists()


def descendants(pid: int) -> list[int]:
    """Process ids below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def workers_of(pid: int) -> list[int]:
    """The worker processes of a ``--workers`` run: leaves below it, not the resource tracker."""
    below = descendants(pid)
    leaves = [p for p in below if not descendants(p)]
    return [p for p in leaves
            if b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killed_worker_keeps_progress_and_resumes(tmp_path, big_corpus, gaz_args):
    out = tmp_path / "out.jsonl"
    partial, checkpoint = sidecars(out)
    args = ["parse", str(big_corpus), "-o", str(out), *gaz_args, "--workers", "2"]
    process = subprocess.Popen(CLI + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None and not (
                checkpoint.exists() and checkpoint.read_bytes().count(b"\n") > 20):
            time.sleep(0.05)
        assert process.poll() is None, "the run finished before a worker could be killed"
        victims = workers_of(process.pid)
        assert victims
        os.kill(victims[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 1, stderr
    [error] = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert "worker process died" in error and "Traceback" not in stderr
    assert not out.exists() and partial.exists() and checkpoint.exists()
    resumed = subprocess.run(CLI + args + ["--resume"], capture_output=True, text=True,
                             timeout=180, check=False)
    assert resumed.returncode == 0, resumed.stderr
    uninterrupted = tmp_path / "reference.jsonl"
    result = CliRunner().invoke(main, ["parse", str(big_corpus), "-o", str(uninterrupted),
                                       *gaz_args])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == uninterrupted.read_bytes()


def test_torn_records_and_log_are_cut_off(tmp_path, corpus, gaz_args, reference):
    """A crash in the middle of writing a document's records or its log line."""
    out = tmp_path / "out.jsonl"
    partial, checkpoint = sidecars(out)
    settings = {"model": None, "gazetteer": gaz_args[1], "given_spans": False}
    lines = reference.splitlines(keepends=True)
    first = [line for line in lines if json.loads(line)["doc_id"] in ("doc-0", "doc-1")]
    size = len(b"".join(first))
    partial.write_bytes(b"".join(first) + lines[len(first)][:25])  # half a record
    checkpoint.write_text(json.dumps({"geonews_checkpoint": 1, "settings": settings}) + "\n"
                          + json.dumps({"doc_id": "doc-0", "size": size - len(first[-1])})
                          + "\n" + json.dumps({"doc_id": "doc-1", "size": size}) + "\n"
                          + '{"doc_id": "doc-2", "si')
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args,
                                       "--resume"])
    assert result.exit_code == 0, result.stderr
    assert "Resuming: 2 documents already done, skipped." in result.stderr
    assert out.read_bytes() == reference


def test_resume_with_other_settings_is_refused(tmp_path, corpus, gaz_args):
    out = tmp_path / "out.jsonl"
    partial, checkpoint = sidecars(out)
    partial.write_bytes(b"")
    checkpoint.write_text(json.dumps({"geonews_checkpoint": 1, "settings": {
        "model": None, "gazetteer": gaz_args[1], "given_spans": True}}) + "\n")
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args,
                                       "--resume"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {out}: the unfinished run used other settings (given_spans=True; now "
        "given_spans=False); rerun with the same options, or without --resume to start over")
    assert partial.exists() and checkpoint.exists()


def test_rerun_without_resume_starts_over_with_a_warning(tmp_path, corpus, gaz_args,
                                                         reference):
    out = tmp_path / "out.jsonl"
    partial, checkpoint = sidecars(out)
    partial.write_bytes(b"junk\n")
    checkpoint.write_text("junk\n")
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"Warning: {out}: discarding the progress of an unfinished earlier run (add --resume "
        "to continue it instead)")
    assert out.read_bytes() == reference
    assert not partial.exists() and not checkpoint.exists()


def test_resume_continues_a_finished_jsonl_output(tmp_path, corpus, gaz_args, reference):
    """Without a checkpoint, --resume skips the documents the output holds (new articles)."""
    first_half = tmp_path / "first.jsonl"
    first_half.write_text("".join(corpus.read_text().splitlines(keepends=True)[:100]))
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["parse", str(first_half), "-o", str(out),
                                *gaz_args]).exit_code == 0
    result = runner.invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args,
                                  "--resume"])
    assert result.exit_code == 0, result.stderr
    # doc-0, doc-17 … doc-85 have no mentions: the output of the first run lacks them
    assert result.stderr.startswith("Resuming: 94 documents already done, skipped.")
    assert out.read_bytes() == reference


def test_resume_into_another_format(tmp_path, corpus, gaz_args):
    out = tmp_path / "out.csv"
    partial, checkpoint = sidecars(out)
    returncode, _ = start_and_stop(["parse", str(corpus), "-o", str(out), *gaz_args],
                                   checkpoint, signal.SIGKILL)
    assert returncode == -signal.SIGKILL and not out.exists()
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(out), *gaz_args,
                                       "--resume"])
    assert result.exit_code == 0, result.stderr
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    keys = Counter((r["doc_id"], r["start"]) for r in rows)
    assert keys and max(keys.values()) == 1
    assert len({r["doc_id"] for r in rows}) == DOCUMENTS - len(range(0, DOCUMENTS, 17))
    assert not partial.exists() and not checkpoint.exists()


def test_resume_and_append_are_exclusive(tmp_path, corpus, gaz_args):
    result = CliRunner().invoke(main, ["parse", str(corpus), "-o", str(tmp_path / "o.gpkg"),
                                       *gaz_args, "--resume", "--append"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: --resume and --append cannot be combined")
