"""The map of the seed article, geoparsed by the real pipeline, in a headless browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from geonews.maps import render_map

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "mosul-2016-11-03.txt"


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory, gazetteer) -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    from geonews.errors import ModelNotFound
    from geonews.text.inputs import read_documents
    from geonews.parsing.geoparser import Geoparser

    try:
        parsed = list(Geoparser(gazetteer=gazetteer).parse_documents(read_documents([str(SEED)])))
    except ModelNotFound as exc:
        pytest.skip(str(exc))
    return render_map(parsed, tmp_path_factory.mktemp("maps") / "seed.html")


def test_seed_map_links_mosul_to_its_sentences_and_filters_to_nineveh(
        open_map, cdn_assets, seed_map, screenshots):
    opened = open_map(seed_map, cdn_assets)
    page = opened.page
    assert opened.errors == []
    mosul = opened.js("geonewsMap.places.findIndex(p => p.gid === 99072)")
    assert mosul >= 0
    popup = opened.open_popup(mosul, 36.335, 43.11889, 12)
    assert "Iraqi forces were poised to enter the city of Mosul" in popup.inner_text()
    page.screenshot(path=screenshots / "real-seed-popup.png")
    link = popup.locator("li", has_text="enter the city of Mosul").first.locator("a.gn-goto")
    href = link.get_attribute("href")
    link.click()
    assert page.locator(href).inner_text() == "Mosul"
    assert f"m={href.removeprefix('#gn-m-')}" in page.evaluate("location.hash")

    page.locator("button[data-tab='regions']").click()
    page.locator("button.gn-region[data-code='IQ']").click()
    page.locator("button.gn-region[data-code='IQ.15']").click()
    page.wait_for_timeout(800)
    page.screenshot(path=screenshots / "real-seed-nineveh.png")
    stats = opened.js("geonewsMap.stats()")
    assert stats["region"] == "IQ.15" and stats["visibleMentions"] >= 5
    visible = opened.js("geonewsMap.markers.map((m, i) => geonewsMap.cluster.hasLayer(m) ? "
                        "geonewsMap.places[i].a1c : null).filter(Boolean)")
    assert set(visible) == {"IQ.15"}
