"""The bad-input matrix of ``geonews parse``: each case pins the exit code and the one-line
message; none shows a traceback unless ``--debug``."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from geonews.cli import main

SENTENCE = "Iraqi forces advanced on Mosul in Nineveh province on Thursday, officials said."


@pytest.fixture(scope="module")
def gaz_args(tiny_gazetteer) -> list[str]:
    return ["--gazetteer", str(tiny_gazetteer.path)]


def parse(args: list[str], gaz_args: list[str], *, debug: bool = False):
    result = CliRunner().invoke(main, (["--debug"] if debug else []) + ["parse", *args,
                                                                        *gaz_args])
    assert "Traceback" not in result.output + result.stderr or debug
    return result


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


def mentions(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_missing_file(tmp_path, gaz_args):
    result = parse([str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / 'missing.txt'}: no such file or folder"]
    assert result.stderr.count("\n") == 1


def test_folder_without_articles(tmp_path, gaz_args):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = parse([str(tmp_path), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith(f"Error: {tmp_path}: folder has no articles (looked for .csv")


def test_empty_file_alone_fails_and_keeps_the_previous_output(tmp_path, gaz_args):
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "o.jsonl"
    out.write_text("previous\n")
    result = parse([str(tmp_path / "empty.txt"), "-o", str(out)], gaz_args)
    assert result.exit_code == 1
    assert warnings_of(result) == [f"Warning: {tmp_path / 'empty.txt'}: empty, skipped"]
    assert errors(result) == ["Error: no articles in the input (every file was empty, binary "
                              "or malformed; see the warnings above)"]
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "o.jsonl"]


def test_empty_file_among_articles_is_skipped(tmp_path, gaz_args):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text(SENTENCE)
    result = parse([str(tmp_path), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 0, result.stderr
    assert warnings_of(result) == [f"Warning: {tmp_path / 'a.txt'}: empty, skipped"]
    assert {m["text"] for m in mentions(tmp_path / "o.jsonl")} >= {"Mosul"}


@pytest.mark.parametrize("junk", [bytes(range(256)) * 8,
                                  bytes(b for b in os.urandom(8000) if b)],
                         ids=["with-nul", "without-nul"])
def test_binary_junk(tmp_path, gaz_args, junk):
    (tmp_path / "junk.txt").write_bytes(junk)
    result = parse([str(tmp_path / "junk.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 1
    assert warnings_of(result) == [f"Warning: {tmp_path / 'junk.txt'}: looks like a binary "
                                   "file, skipped"]
    assert len(errors(result)) == 1


def test_wrong_encoding_is_replaced_with_a_warning_and_offsets_hold(tmp_path, gaz_args):
    data = ("Café owners near Mosul fled to Tall Kayf, officials said.\n"
            "Crème brûlée in Nineveh province.").encode("latin-1")
    (tmp_path / "latin1.txt").write_bytes(data)
    out = tmp_path / "o.jsonl"
    result = parse([str(tmp_path / "latin1.txt"), "-o", str(out)], gaz_args)
    assert result.exit_code == 0, result.stderr
    assert warnings_of(result) == [f"Warning: {tmp_path / 'latin1.txt'}: not valid UTF-8 (first "
                                   "bad byte at 3); bad bytes replaced with U+FFFD"]
    text = data.decode("utf-8", errors="replace")
    found = mentions(out)
    assert "Mosul" in {m["text"] for m in found}
    for m in found:
        assert text[m["start"]:m["end"]] == m["text"]
        assert text[m["sentence_start"]:m["sentence_end"]] == m["sentence"]


def test_utf16_with_bom_is_read(tmp_path, gaz_args):
    (tmp_path / "u16.txt").write_bytes(SENTENCE.encode("utf-16"))
    result = parse([str(tmp_path / "u16.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 0 and not warnings_of(result), result.stderr
    assert "Mosul" in {m["text"] for m in mentions(tmp_path / "o.jsonl")}


def test_malformed_jsonl_line_is_reported_and_skipped(tmp_path, gaz_args):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "a", "text": SENTENCE}) + "\n{broken\n"
                    + json.dumps({"id": "c", "text": "Clashes in Mosul again."}) + "\n"
                    + json.dumps({"id": "d", "body": "no text"}) + "\n")
    result = parse([str(path), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 0, result.stderr
    assert warnings_of(result) == [
        f"Warning: {path}:2: malformed JSON (Expecting property name enclosed in double "
        "quotes), line skipped",
        f"Warning: {path}:4: record has no 'text' string (fields: body, id), line skipped"]
    assert {m["doc_id"] for m in mentions(tmp_path / "o.jsonl")} == {"a", "c"}


def test_csv_without_text_column(tmp_path, gaz_args):
    (tmp_path / "news.csv").write_text("id,body\n1,Clashes in Mosul\n")
    result = parse([str(tmp_path / "news.csv"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / 'news.csv'}: no 'text' column (columns "
                              "found: id, body)"]
    assert not (tmp_path / "o.jsonl").exists()


def test_huge_article_is_processed_in_chunks_with_original_offsets(tmp_path, gaz_args):
    """10 MB, ten times spaCy's max_length: paragraphs padded with spaces keep it fast."""
    paragraphs = [f"Report {i}: the army said there were clashes near Mosul.{' ' * 9950}\n\n"
                  for i in range(1_000)]
    text = "".join(paragraphs)
    assert len(text) > 10_000_000
    (tmp_path / "huge.txt").write_text(text)
    out = tmp_path / "o.jsonl"
    result = parse([str(tmp_path / "huge.txt"), "-o", str(out)], gaz_args)
    assert result.exit_code == 0 and not warnings_of(result), result.stderr
    found = mentions(out)
    mosul = [m for m in found if m["text"] == "Mosul"]
    assert len(mosul) == 1_000
    assert max(m["start"] for m in mosul) > 9_900_000
    for m in found:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]


def test_non_english_text_gets_a_warning(tmp_path, gaz_args):
    (tmp_path / "de.txt").write_text(
        "Die Bundesregierung hat am Montag in Berlin beschlossen, dass die Steuern erhöht "
        "werden und die Bürger mehr zahlen müssen. Der Kanzler sagte, es gebe keine "
        "Alternative zu diesem Schritt.")
    result = parse([str(tmp_path / "de.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 0, result.stderr
    assert warnings_of(result) == ["Warning: de: does not look like English text; the English "
                                   "model may miss or misread its places"]


def test_english_text_gets_no_language_warning(tmp_path, gaz_args):
    (tmp_path / "en.txt").write_text(SENTENCE * 3)
    result = parse([str(tmp_path / "en.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 0 and not warnings_of(result), result.stderr


@pytest.mark.parametrize("args, message", [
    (["parse", "--bogus", "x.txt"], "No such option"),
    (["parse", "x.txt", "--per", "word"], "Invalid value for '--per'"),
    (["parsee", "x.txt"], "No such command"),
])
def test_unknown_options_and_commands(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    [line] = errors(result)
    assert message in line
    assert "Traceback" not in result.stderr


def test_resume_needs_an_output_file(tmp_path, gaz_args):
    (tmp_path / "a.txt").write_text(SENTENCE)
    result = parse([str(tmp_path / "a.txt"), "--resume"], gaz_args)
    assert result.exit_code == 2
    assert errors(result) == ["Error: --resume needs an output file (-o FILE)"]


def test_internal_error_is_one_line_unless_debug(tmp_path, gaz_args, monkeypatch):
    from geonews.parsing.geoparser import Geoparser

    def broken(self, documents, **kwargs):
        raise RuntimeError("boom\nsecond line")
        yield

    monkeypatch.setattr(Geoparser, "parse_documents", broken)
    (tmp_path / "a.txt").write_text(SENTENCE)
    args = [str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl")]
    result = parse(args, gaz_args)
    assert result.exit_code == 1
    assert errors(result) == ["Error: internal error: RuntimeError: boom second line (run with "
                              "--debug for the traceback)"]
    debug = parse(args, gaz_args, debug=True)
    assert isinstance(debug.exception, RuntimeError)


def test_ctrl_c_exits_130_and_leaves_nothing_behind(tmp_path, gaz_args, monkeypatch):
    from geonews.parsing.geoparser import Geoparser

    def interrupted(self, documents, **kwargs):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(Geoparser, "parse_documents", interrupted)
    (tmp_path / "a.txt").write_text(SENTENCE)
    result = parse([str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl")], gaz_args)
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_output_piped_into_a_reader_that_stops_ends_quietly(tmp_path):
    """`geonews mentions ... | head -1`: no traceback, no error line, exit 141 (SIGPIPE)."""
    import subprocess
    import sys

    record = {"doc_id": "d", "start": 0, "end": 4, "text": "Iraq", "label": "place",
              "sentence": "Iraq is large.", "sentence_start": 0, "sentence_end": 14,
              "geonameid": 99237, "name": "Iraq", "feature": "country", "lat": 33.0,
              "lon": 44.0, "country_code": "IQ", "country": "Iraq", "confidence": 0.9}
    path = tmp_path / "mentions.jsonl"
    path.write_text("".join(json.dumps({**record, "doc_id": f"d{i}"}) + "\n"
                            for i in range(5000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from geonews.cli import main; main()",
                             "mentions", str(path), "--region", "IQ"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""
