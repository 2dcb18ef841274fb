"""The rendered map in a real (headless) browser: markers, popups, document view, regions, XSS."""

from __future__ import annotations

from pathlib import Path

import pytest
from maps_samples import multi_documents, seed_document

from geonews.maps import render_map

SHOWN_MENTIONS = """() => {
  let total = 0;
  document.querySelectorAll('.gn-cluster span').forEach(s => { total += Number(s.textContent); });
  geonewsMap.markers.forEach(m => { if (m._map) { total += m.options.gnCount; } });
  return total;
}"""


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> Path:
    return render_map([seed_document()], tmp_path_factory.mktemp("maps") / "seed.html")


@pytest.fixture(scope="module")
def multi_map(tmp_path_factory) -> Path:
    return render_map(multi_documents(), tmp_path_factory.mktemp("maps") / "multi.html",
                      heatmap=True, tiles="CartoDB positron")


def test_seed_map_shows_its_places_without_errors(open_map, cdn_assets, seed_map, screenshots):
    opened = open_map(seed_map, cdn_assets)
    opened.page.screenshot(path=screenshots / "seed.png")
    assert opened.errors == [] and opened.unanswered == []  # the vendored copies suffice
    assert any(url.endswith("/leaflet.js") for url in opened.requests)
    assert opened.js("geonewsMap.stats()") == {
        "places": 3, "mentions": 9, "visiblePlaces": 3, "visibleMentions": 9, "region": None}
    markers = opened.page.locator("path.gn-place").count()
    clusters = opened.page.locator(".gn-cluster").count()
    assert markers + clusters >= 1 and markers <= 3
    assert opened.js(SHOWN_MENTIONS) == 9
    assert any("tile.openstreetmap.org" in url for url in opened.requests)  # tiles were asked for


def test_click_on_mosul_opens_its_sentences_and_links_to_the_article(
        open_map, cdn_assets, seed_map, screenshots):
    opened = open_map(seed_map, cdn_assets)
    page = opened.page
    mosul = opened.js("geonewsMap.placeIndex('Mosul')")
    popup = opened.open_popup(mosul, 36.335, 43.11889, 11)
    page.screenshot(path=screenshots / "seed-popup.png")
    assert popup.locator("h3").inner_text() == "Mosul"
    assert "Mosul › Mosul District › Nineveh › Iraq" in popup.inner_text()
    assert popup.locator("li").count() == 4
    first = popup.locator("li").nth(1)  # the first is in the headline
    assert "enter the city of Mosul" in first.inner_text()
    assert first.locator("mark").inner_text() == "Mosul"

    first.locator("a.gn-goto").click()
    href = first.locator("a.gn-goto").get_attribute("href")
    target = page.locator(href)
    assert page.locator("#gn-tab-articles").is_visible()
    assert "gn-target" in target.get_attribute("class")
    assert target.inner_text() == "Mosul"
    assert target.is_visible() and f"m={href.removeprefix('#gn-m-')}" in page.evaluate(
        "location.hash")
    sentence = page.locator(".gn-sentence.gn-target")
    assert "enter the city of Mosul" in sentence.inner_text()
    page.screenshot(path=screenshots / "seed-article.png")

    page.locator("#gn-doc a.gn-mention", has_text="Nineveh").first.click()  # back to the map
    page.locator(".leaflet-popup-content .gn-popup h3", has_text="Nineveh").wait_for()
    assert opened.errors == []


def test_region_browser_filters_to_nineveh(open_map, cdn_assets, seed_map, screenshots):
    opened = open_map(seed_map, cdn_assets)
    page = opened.page
    page.locator("button.gn-region[data-code='IQ']").click()
    page.locator("button.gn-region[data-code='IQ.15']").click()
    page.wait_for_timeout(1000)  # zoom and cluster animations
    page.screenshot(path=screenshots / "seed-nineveh.png")
    stats = opened.js("geonewsMap.stats()")
    assert stats["region"] == "IQ.15"
    assert (stats["visiblePlaces"], stats["visibleMentions"]) == (2, 5)  # Mosul ×4, Nineveh
    assert opened.js(SHOWN_MENTIONS) == 5
    assert "Showing Nineveh: 5 mentions" in page.locator("#gn-region-status").inner_text()
    assert 7 <= opened.js("geonewsMap.map.getZoom()")
    page.locator("#gn-region-status button").click()
    assert opened.js("geonewsMap.stats()")["visibleMentions"] == 9
    assert opened.errors == []


def test_multi_document_map_has_article_layers_and_heat_map(
        open_map, cdn_assets, multi_map, screenshots):
    opened = open_map(multi_map, cdn_assets)
    page = opened.page
    page.locator(".leaflet-control-layers").hover()
    page.screenshot(path=screenshots / "multi-layers.png")
    assert opened.errors == [] and opened.unanswered == []  # heat map and mini map too
    assert opened.js("geonewsMap.stats()")["visibleMentions"] == 9 + 3 + 3
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert sum(label.strip().startswith("Article:") for label in labels) == 3
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    page.locator(".leaflet-control-layers-overlays label", has_text="Storms in Springfield") \
        .locator("input").click()
    assert opened.js("geonewsMap.stats()")["visibleMentions"] == 9 + 3  # seed + hostile
    page.locator(".leaflet-control-layers-overlays label", has_text="Cities and towns") \
        .locator("input").click()
    assert opened.js("geonewsMap.stats()")["visiblePlaces"] == 3  # Iraq, Nineveh, the camp


def test_injected_markup_in_articles_stays_inert_text(open_map, cdn_assets, multi_map,
                                                      screenshots):
    opened = open_map(multi_map, cdn_assets)
    page = opened.page
    page.locator("button[data-tab='articles']").click()
    page.locator("#gn-doc-select").select_option("2")
    page.screenshot(path=screenshots / "multi-hostile-article.png")
    text = page.locator("#gn-doc .gn-doc-text").inner_text()
    assert "<script>window.__xss_text=1</script>" in text
    assert '<img src=x onerror="window.__xss_img=1">' in text and "{{ 7*7 }}" in text
    assert page.locator("#gn-doc h2").inner_text().startswith("<img src=x onerror=")
    assert page.locator("a[href^='javascript:']").count() == 0
    for name in ("Baghdad", '"</script><script>window.__xss_place=1</script>'):
        index = opened.js("name => geonewsMap.placeIndex(name)", name)
        assert index >= 0
        opened.js("i => geonewsMap.focusPlace(i)", index)
        page.locator(".leaflet-popup-content .gn-popup h3").filter(has_text=name).wait_for()
    page.screenshot(path=screenshots / "multi-hostile-popup.png")
    page.locator(".leaflet-control-layers").hover()
    assert "<img src=x" in page.locator(".leaflet-control-layers-overlays").inner_text()
    assert page.title().startswith("geonews map of 3 articles")
    assert page.locator("img[src='x']").count() == 0
    flags = opened.js("Object.keys(window).filter(k => k.startsWith('__xss'))")
    assert flags == [] and opened.errors == []


def test_offline_map_works_with_no_network_at_all(open_map, tmp_path, screenshots):
    path = render_map(multi_documents(), tmp_path / "offline.html", tiles="none")
    opened = open_map(path)  # no CDN answers: everything must be inline
    opened.page.screenshot(path=screenshots / "offline.png")
    assert opened.requests == [] and opened.errors == []
    assert opened.js("geonewsMap.stats()")["visibleMentions"] == 15
    assert opened.js(SHOWN_MENTIONS) == 15
    assert opened.page.locator(".leaflet-gn-background-pane path").count() > 100


def test_admin1_boundaries_are_a_clickable_choropleth(open_map, cdn_assets, tmp_path,
                                                      screenshots):
    from test_maps import square, write_boundaries

    boundaries = write_boundaries(tmp_path / "admin1.geojson", [
        ({"iso_3166_2": "IQ-NI", "name": "Ninawa", "iso_a2": "IQ"}, square(41.0, 35.0, 2.5)),
        ({"shapeISO": "US-IL", "shapeName": "Illinois"}, square(-91, 37, 4)),
    ])
    path = render_map(multi_documents(), tmp_path / "admin1.html", boundaries=boundaries)
    opened = open_map(path, cdn_assets)
    page = opened.page
    assert page.locator(".leaflet-gn-regions-pane path").count() == 3 + 2 + 1  # 1: Baghdad
    assert page.locator(".leaflet-gn-regions-pane path.gn-region-circle").count() == 1
    opened.js("geonewsMap.map.setView([36.3, 42.3], 7, {animate: false})")
    box = page.locator(".folium-map").bounding_box()
    point = opened.js("geonewsMap.map.latLngToContainerPoint([35.2, 41.2])")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_timeout(800)
    page.screenshot(path=screenshots / "admin1-nineveh.png")
    assert opened.js("geonewsMap.stats()")["region"] == "IQ.15"
    assert opened.errors == []


def test_a_mention_address_opens_the_page_at_that_sentence(open_map, cdn_assets, seed_map):
    opened = open_map(seed_map, cdn_assets, fragment="#gn-m-3")  # the mention of Nineveh
    target = opened.page.locator("#gn-m-3")
    assert target.inner_text() == "Nineveh" and "gn-target" in target.get_attribute("class")
    assert opened.page.locator("#gn-tab-articles").is_visible() and opened.errors == []


def test_article_list_shows_focus_groups_by_it_and_focus_layer_opens_articles(
        open_map, cdn_assets, multi_map, screenshots):
    opened = open_map(multi_map, cdn_assets)
    page = opened.page
    page.locator("button[data-tab='articles']").click()
    options = page.locator("#gn-doc-select option").all_inner_texts()
    assert options[1] == "Storms in Springfield \u2014 Springfield, Illinois, United States"
    page.locator("#gn-doc-group").check()
    groups = page.locator("#gn-doc-select optgroup")
    assert groups.count() == 3 and page.locator("#gn-doc-select option").count() == 3
    assert "Illinois, United States (1)" in [groups.nth(i).get_attribute("label")
                                             for i in range(3)]
    assert opened.js("geonewsMap.focusLayer.getLayers().length") == 3
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Article focus") \
        .locator("input").click()
    opened.js("geonewsMap.map.setView([39.8, -89.64], 9, {animate: false})")
    page.locator(".gn-focus-d-1").click()
    page.screenshot(path=screenshots / "multi-focus.png")
    assert page.locator("#gn-doc h2").inner_text() == "Storms in Springfield"
    assert page.locator(".gn-doc-focus").inner_text().startswith(
        "About: Springfield, Illinois, United States (confidence ")
    assert opened.errors == []
