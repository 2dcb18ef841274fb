"""A map of parse output over time in a real (headless) browser: the time slider, the
confidence filter, approximate placements and a permalink that reopens the same view."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from maps_samples import dated_documents

from geonews.cli.app import main
from geonews.outputs.formats import write_records
from geonews.records.schema import records


@pytest.fixture(scope="module")
def week_map(tmp_path_factory) -> Path:
    """``geonews map mentions.jsonl``: four articles of 3, 5 and 7 November and one undated."""
    folder = tmp_path_factory.mktemp("corpus")
    mentions = folder / "mentions.jsonl"
    write_records([r for p in dated_documents() for r in records(p)], mentions)
    out = folder / "week.html"
    result = CliRunner().invoke(main, ["map", str(mentions), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def badge(page, code: str) -> str:
    return page.locator(f'.gn-region[data-code="{code}"] .gn-badge').inner_text()


def test_moving_the_time_slider_changes_markers_counts_and_articles(
        open_map, cdn_assets, week_map, screenshots):
    opened = open_map(week_map, cdn_assets)
    page = opened.page
    page.screenshot(path=screenshots / "week.png")
    start = opened.js("geonewsMap.filterStats()")
    assert (start["bins"], start["unit"], start["time"]) == (5, "day", "2016-11-03 \u2013 2016-11-07")
    assert start["visibleArticles"] == 4 and start["visibleMentions"] == 17
    assert badge(page, "US") == "3" and badge(page, "IQ") == "13"
    assert page.locator(".gn-bar").count() == 5

    page.locator("#gn-time-to").focus()
    page.keyboard.press("Home")  # the end of the range to the first day: 3 November
    page.locator("#gn-undated").uncheck()
    page.wait_for_timeout(200)
    page.screenshot(path=screenshots / "week-first-day.png")
    day = opened.js("geonewsMap.filterStats()")
    assert day["time"] == "2016-11-03" and day["undated"] is False
    assert (day["visibleArticles"], day["visibleMentions"], day["visiblePlaces"]) == (1, 9, 3)
    assert badge(page, "US") == "0" and badge(page, "IQ") == "9"
    assert page.locator(".gn-bar.gn-out").count() == 4
    assert page.locator("#gn-doc-select option:not([hidden])").count() == 1
    assert opened.js("geonewsMap.focusLayer.getLayers().length") == 1  # the article focus too
    assert opened.errors == []


def test_the_confidence_filter_hides_the_unsure_approximate_placement(
        open_map, cdn_assets, week_map, screenshots):
    opened = open_map(week_map, cdn_assets)
    page = opened.page
    assert page.locator(".gn-legend", has_text="Approximate placement").count() == 1
    nineveh = opened.js("geonewsMap.placeIndex('Nineveh')")
    popup = opened.open_popup(nineveh, 36.0, 42.45, 9)
    assert "1 of 2 mentions placed approximately" in popup.inner_text()
    page.screenshot(path=screenshots / "week-approximate.png")
    before = opened.js("geonewsMap.filterStats()")["regionCounts"]["1:IQ.15"]

    page.locator("#gn-min-confidence").fill("0.5")
    page.wait_for_timeout(200)
    after = opened.js("geonewsMap.filterStats()")
    assert after["minConfidence"] == 0.5 and after["regionCounts"]["1:IQ.15"] == before - 1
    assert page.locator("#gn-min-confidence-value").inner_text() == "0.50"

    opened.js("geonewsMap.setMinConfidence(0)")
    opened.js("geonewsMap.setTime('2016-11-05', '2016-11-05', false)")  # Tal Afar's day only
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert "gn-approximate-place" in page.locator(f"path.gn-p-{nineveh}").get_attribute("class")
    page.screenshot(path=screenshots / "week-approximate-only.png")
    assert opened.errors == []


def test_a_permalink_reopens_the_same_view(open_map, cdn_assets, week_map, screenshots):
    opened = open_map(week_map, cdn_assets)
    page = opened.page
    opened.js("geonewsMap.setTime('2016-11-05', '2016-11-07', false)")
    opened.js("geonewsMap.setMinConfidence(0.5)")
    opened.js("geonewsMap.selectRegion('US')")
    page.locator("[data-tab=articles]").click()
    illinois = opened.js("geonewsMap.data.docs.findIndex(d => d.id === 'il-1')")
    page.locator("#gn-doc-select").select_option(value=str(illinois))
    opened.js("geonewsMap.map.setView([40.5, -88.5], 7, {animate: false})")
    page.wait_for_timeout(200)
    link = page.evaluate("location.href")
    assert "t=2016-11-05..2016-11-07" in link and "r=0%3AUS" in link and "c=0.50" in link
    expected = opened.js("geonewsMap.filterStats()")

    again = open_map(week_map, cdn_assets, fragment="#" + link.split("#", 1)[1])
    again.page.screenshot(path=screenshots / "week-permalink.png")
    assert again.js("geonewsMap.filterStats()") == expected
    assert again.js("geonewsMap.stats().region") == "US"
    assert again.page.locator("#gn-tab-articles").is_visible()
    assert again.page.locator("#gn-doc h2").inner_text() == "Storms in Springfield"
    view = again.js("[geonewsMap.map.getZoom(), geonewsMap.map.getCenter().lat]")
    assert view[0] == 7 and abs(view[1] - 40.5) < 0.01
    assert again.page.locator("#gn-time-label").inner_text() == "2016-11-05 \u2013 2016-11-07"
    assert again.errors == []
