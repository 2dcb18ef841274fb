"""Map rendering figures: write time and file size at scale, and, if a browser is available,
load time and pan/zoom responsiveness in headless Chromium.

    python benchmarks/bench_maps.py                 # 10k mentions/2k places and 100k/20k
    python benchmarks/bench_maps.py --no-browser    # writing only
    python benchmarks/bench_maps.py --days 0        # undated articles: no time control

Targets (issue 5): 10,000 mentions over 2,000 places written in < 5 s and < 10 MB; 100,000
mentions still usable in the browser. Issue 16: with the time control on (articles dated over
--days days), the 100,000-mention page stays within 20 MB and opens in 3 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from maps_samples import synthetic_documents

from geonews.maps import render_map

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def browser_figures(path: Path) -> str:
    """Load time and the time of a pan and two zooms, in headless Chromium, no network."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "browser: playwright not installed"
    chromium = os.environ.get("GEONEWS_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        return "browser: chromium not installed"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:")) else route.abort())
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("typeof window.geonewsMap === 'object'", timeout=120_000)
        loaded = time.perf_counter() - start
        interaction = page.evaluate("""async () => {
            const map = geonewsMap.map, t0 = performance.now();
            const settle = () => new Promise(r => { map.once('moveend', r); });
            let wait = settle(); map.panBy([300, 200], {animate: false}); await wait;
            wait = settle(); map.setZoom(map.getZoom() + 2, {animate: false}); await wait;
            wait = settle(); map.setZoom(map.getZoom() - 2, {animate: false}); await wait;
            await new Promise(r => requestAnimationFrame(r));
            return (performance.now() - t0) / 3;
        }""")
        region = page.evaluate("""() => { const t0 = performance.now();
            geonewsMap.selectRegion(geonewsMap.data.regions[0].code);
            return performance.now() - t0; }""")
        slider = page.evaluate("""() => { const t0 = performance.now();
            geonewsMap.selectRegion(null);
            if (!geonewsMap.setTime('2024-01-08', '2024-01-14')) { return null; }
            geonewsMap.setMinConfidence(0.5);
            return (performance.now() - t0) / 2; }""")
        browser.close()
    timing = f", time/confidence filter {slider:.0f} ms" if slider is not None else ""
    return (f"browser: ready in {loaded:.1f} s, pan/zoom {interaction:.0f} ms per step, "
            f"region filter {region:.0f} ms{timing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    parser.add_argument("--days", type=int, default=60, metavar="N",
                        help="date the articles over N days (0: undated, no time control)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mentions, places in ((10_000, 2_000), (100_000, 20_000)):
            parsed = synthetic_documents(mentions, places, days=args.days)
            for tiles in ("OpenStreetMap", "none"):
                path = Path(tmp) / f"bench-{mentions}-{tiles}.html"
                start = time.perf_counter()
                render_map(parsed, path, tiles=tiles)
                seconds = time.perf_counter() - start
                size = path.stat().st_size / 1e6
                print(f"{mentions:>7} mentions, {places:>6} places, {len(parsed):>6} articles, "
                      f"tiles={tiles:<13}: written in {seconds:5.2f} s, {size:6.2f} MB")
            if not args.no_browser:
                print(f"{'':>7}   {browser_figures(path)}")


if __name__ == "__main__":
    main()
