"""Reading articles: text, HTML (trafilatura), JSONL, CSV, stdin and folders mixing them;
bad files and records are skipped with a warning naming them, bad paths fail at once."""

from __future__ import annotations

import io
import json
import warnings

import pytest

from geonews.errors import InputFormatError, InputNotFound, InputWarning
from geonews.text.inputs import READERS, read_documents

ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<title>Iraqi forces push into Mosul | Example News</title>
<meta property="article:published_time" content="2016-11-03T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2016/11/03/mosul">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article>
<h1>Iraqi forces push into Mosul</h1>
<p>Iraqi special forces pushed into the eastern districts of Mosul on Thursday, officials
said, as the offensive to retake the city from Islamic State entered its third week.</p>
<p>The operation in Nineveh province began on 17 October and has displaced thousands of
residents from villages around the city.</p>
</article>
<footer>Copyright 2016 Example News. All rights reserved.</footer>
</body></html>
"""


def read(paths) -> list:
    return list(read_documents(paths))


def test_text_file_and_its_id(tmp_path):
    (tmp_path / "mosul.txt").write_text("Fighting in Mosul.")
    [doc] = read([tmp_path / "mosul.txt"])
    assert (doc.id, doc.text, doc.title) == ("mosul", "Fighting in Mosul.", None)


def test_html_article_main_text_title_date_url(tmp_path):
    (tmp_path / "mosul.html").write_text(ARTICLE_HTML)
    [doc] = read([tmp_path / "mosul.html"])
    assert doc.id == "mosul"
    assert "pushed into the eastern districts of Mosul" in doc.text
    assert "Nineveh province" in doc.text
    assert "Subscribe" not in doc.text and "Copyright" not in doc.text
    assert doc.title == "Iraqi forces push into Mosul"
    assert doc.date == "2016-11-03"
    assert doc.url == "https://news.example.org/2016/11/03/mosul"


def test_folder_mixing_formats(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting in Basra.")
    (tmp_path / "b.htm").write_text(ARTICLE_HTML)
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "c.jsonl").write_text(json.dumps({"id": "c1", "text": "Kirkuk."}) + "\n")
    (sub / "d.csv").write_text("id,text,title\nd1,Erbil.,Erbil news\n")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    docs = read([tmp_path])
    assert [d.id for d in docs] == ["a", "b", "c1", "d1"]
    assert docs[3].title == "Erbil news"


def test_unreadable_html_is_skipped_and_the_rest_read(tmp_path):
    (tmp_path / "a_empty.html").write_text("<html><body></body></html>")
    (tmp_path / "b_binary.html").write_bytes(b"\x89PNG\r\n\x00\x00\x00IHDR")
    (tmp_path / "c_good.html").write_text(ARTICLE_HTML)
    with pytest.warns(InputWarning) as caught:
        docs = read([tmp_path])
    assert [d.id for d in docs] == ["c_good"]
    messages = [str(w.message) for w in caught]
    assert any("a_empty.html: no article text found" in m for m in messages)
    assert any("b_binary.html: looks like a binary file, skipped" in m for m in messages)


def test_html_that_cannot_be_opened_is_skipped(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text(ARTICLE_HTML)
    (tmp_path / "b.txt").write_text("Fighting in Basra.")
    from pathlib import Path

    real = Path.read_bytes

    def deny(self):
        if self.suffix == ".html":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.warns(InputWarning, match=r"a\.html: cannot be read \(Permission denied\)"):
        docs = read([tmp_path])
    assert [d.id for d in docs] == ["b"]


def test_csv_without_text_column_names_the_columns(tmp_path):
    (tmp_path / "a.csv").write_text("id,body\n1,Mosul\n")
    with pytest.raises(InputFormatError, match=r"no 'text' column \(columns found: id, body\)"):
        read([tmp_path / "a.csv"])


def test_jsonl_bad_lines_warn_with_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "1", "text": "Mosul."}\n{oops\n{"id": "3"}\n'
                    '{"id": "4", "text": "Basra."}\n')
    with pytest.warns(InputWarning) as caught:
        docs = read([path])
    assert [d.id for d in docs] == ["1", "4"]
    messages = " | ".join(str(w.message) for w in caught)
    assert "a.jsonl:2: malformed JSON" in messages
    assert "a.jsonl:3: record has no 'text' string (fields: id)" in messages


def test_parsed_mentions_in_a_folder_are_not_read_as_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting in Basra.")
    (tmp_path / "mentions.jsonl").write_text(
        json.dumps({"doc_id": "a", "start": 12, "end": 17, "text": "Basra"}) + "\n")
    with pytest.warns(InputWarning, match="holds parsed mentions .geonews parse output., not articles"):
        docs = read([tmp_path])
    assert [d.id for d in docs] == ["a"]


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Fighting in Mosul.")))
    [doc] = read(["-"])
    assert (doc.id, doc.text) == ("stdin", "Fighting in Mosul.")


def test_bad_paths_fail_before_reading(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputNotFound, match="nope.txt: no such file or folder"):
        read_documents([tmp_path / "a.txt", tmp_path / "nope.txt"])
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputFormatError, match=r"unsupported input format '\.pdf'.*\.html"):
        read_documents([tmp_path / "a.pdf"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputFormatError, match="folder has no articles"):
        read_documents([empty])


def test_html_extensions_are_registered():
    assert {".html", ".htm", ".xhtml"} <= set(READERS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        import trafilatura  # noqa: F401  (a declared dependency)
