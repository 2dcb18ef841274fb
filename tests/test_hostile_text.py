"""Hostile text stays text: script tags, event handlers, ``javascript:`` links and
quote-breaking strings in article text, titles, ids, URLs and place names are escaped in the
HTML map. The page is parsed and compared with the map of a harmless article: no element,
attribute or script is added, and the strings arrive intact in the JSON payload."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("geonews.maps", reason="the maps package is not available")

from gazetteer import BuildSpec, build_index
from geonews.cli import main

HOSTILE = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "<a href=\"javascript:alert('xss-link')\">click</a>",
    "\"><svg onload=alert(\"xss-svg\")>",
    "'; alert('xss-quote'); var x='",
    "</script><script>alert('xss-close')</script>",
    "<!-- xss-comment",
    "]]> {{7*7}} ${alert('xss-template')} \u2028xss-separator",
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
]
EVIL_NAME = "<img src=x onerror=alert('xss-name')>\"'"


def article(hostile: list[str]) -> dict:
    text = ("Fighting was reported in Qaraqosh and Mosul on Thursday. "
            + " ".join(f"Witnesses wrote {h} in Mosul." for h in hostile))
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer(r"Qaraqosh|Mosul", text)]
    return {"id": "doc-" + "".join(hostile[:2]), "title": " ".join(hostile[:4]) or "Title",
            "url": "javascript:alert('xss-url')" if hostile else "https://example.org/a",
            "text": text, "toponyms": spans}


@pytest.fixture(scope="module")
def hostile_gazetteer(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_gaz")
    places = folder / "places.csv"
    with places.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "lat", "lon", "feature", "country_code", "admin1_code",
                         "population", "aliases", "geonameid"])
        writer.writerow([EVIL_NAME, 36.27, 43.38, "city", "IQ", "IQ.15", 50000, "Qaraqosh",
                         ""])
        writer.writerow(["Mosul", 36.335, 43.11889, "city", "IQ", "IQ.15", 1683000, "",
                         99072])
    return build_index(folder / "hostile.sqlite", BuildSpec(base="none", custom=(str(places),)),
                       progress=False)


class Page(HTMLParser):
    """Elements (tag, attribute names), attribute values, and text by enclosing tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.values: list[str] = []
        self.texts: list[tuple[str, dict, str]] = []
        self._open: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.values.extend(value or "" for _, value in attrs)
        self._open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        tag, attrs = self._open[-1] if self._open else ("", {})
        self.texts.append((tag, attrs, data))

    def handle_comment(self, data):
        self.texts.append(("!--", {}, data))


def render(tmp_path: Path, gazetteer: Path, hostile: list[str]) -> tuple[str, Page]:
    source = tmp_path / ("hostile.jsonl" if hostile else "benign.jsonl")
    source.write_text(json.dumps(article(hostile)) + "\n", encoding="utf-8")
    out = tmp_path / (source.stem + ".html")
    result = CliRunner().invoke(main, ["map", str(source), "-o", str(out), "--tiles", "none",
                                       "--given-spans", "--gazetteer", str(gazetteer)])
    assert result.exit_code == 0, result.stderr
    page = Page()
    html = out.read_text(encoding="utf-8")
    page.feed(html)
    page.close()
    return html, page


def test_hostile_strings_stay_text_in_the_map(tmp_path, hostile_gazetteer):
    html, page = render(tmp_path, hostile_gazetteer, HOSTILE)
    _, benign = render(tmp_path, hostile_gazetteer, [])

    # The same elements and attributes as the harmless page: nothing was injected.
    assert sorted(page.elements) == sorted(benign.elements)
    assert not [v for v in page.values if "xss-" in v or v.strip().lower().startswith(
        "javascript:")]
    # Hostile text appears only in the JSON payload and as the escaped page title.
    payloads = [text for tag, attrs, text in page.texts
                if tag == "script" and attrs.get("type") == "application/json"]
    assert len(payloads) == 1
    for tag, attrs, text in page.texts:
        if "xss-" in text:
            assert (tag, attrs.get("type")) in {("script", "application/json"),
                                                ("title", None)}, (tag, text[:200])
    assert "</script" not in payloads[0].lower() and "<!--" not in payloads[0]
    # … where the strings arrive intact, as data.
    data = json.dumps(json.loads(payloads[0]), ensure_ascii=False)
    for hostile in HOSTILE + [EVIL_NAME]:
        assert json.dumps(hostile, ensure_ascii=False)[1:-1] in data, hostile
    for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe"):
        assert raw not in html.replace(payloads[0], "")


def test_the_script_never_inserts_payload_text_as_html():
    """The page script builds its DOM with textContent, never innerHTML-like sinks."""
    from geonews.maps import render as render_module

    script = (Path(render_module.__file__).parent / "static" / "geonews-map.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in script, sink
