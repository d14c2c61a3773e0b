"""Reading a built dashboard in real headless Chromium (Debian's), the way a person opens it: from file://.

The suite runs under pytest-twisted's asyncio reactor, whose running loop the sync Playwright API refuses to
share, so Chromium is driven from a worker thread of its own.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"

#: For each county the selector offers: every chart's categories and series, and the report table's links.
_READ_COUNTY = """async (name) => {
  await nianbaoDashboard.showCounty(name);
  const charts = {};
  for (const [id, chart] of Object.entries(nianbaoDashboard.charts)) {
    const option = chart.getOption();
    charts[id] = {years: option.xAxis[0].data.map(Number),
                  series: option.series.map((s) => ({name: s.name, data: s.data}))};
  }
  const rows = [...document.querySelectorAll("#reports tbody tr")].map((tr) => ({
    report: Number(tr.dataset.report),
    links: [...tr.querySelectorAll("a")].map((a) => ({href: a.href, role: a.dataset.role,
                                                      version: Number(a.dataset.version)})),
  }));
  return {county: document.getElementById("county").value, charts, rows};
}"""


def read_dashboard(index: Path) -> dict[str, Any]:
    """What Chromium sees: {"counties": {name: {"charts", "rows", "loaded"}}, "overview": [series names as
    first drawn], "provinces": [the picker's groups], "errors", "title", "empty_note", "cards"}. A county's
    `loaded` is every county data file (URL) the page had requested by the time the county was drawn."""

    def run() -> dict[str, Any]:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda err: errors.append(str(err)))
                page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
                requested: list[str] = []
                page.on("request", lambda req: requested.append(req.url))
                page.on(
                    "request",
                    lambda req: (
                        errors.append(f"network: {req.url}")
                        if not req.url.startswith(("file:", "data:", "blob:"))
                        else None
                    ),
                )
                page.goto(index.resolve().as_uri())
                page.wait_for_selector("body[data-ready=true]", timeout=20000)
                overview = page.evaluate(
                    """() => nianbaoDashboard.charts.overview.getOption().series.map((s) => s.name)"""
                )
                names = page.eval_on_selector_all("#county option", "options => options.map(o => o.value)")
                counties = {}
                for name in names:
                    seen = page.evaluate(_READ_COUNTY, name)
                    assert seen["county"] == name
                    seen["loaded"] = [url for url in requested if "/counties/" in url]
                    counties[name] = seen
                return {
                    "counties": counties,
                    "overview": overview,
                    "provinces": page.eval_on_selector_all("#county optgroup", "groups => groups.map(g => g.label)"),
                    "errors": errors,
                    "title": page.title(),
                    "empty_note": page.is_visible("#empty-note"),
                    "cards": page.eval_on_selector_all(".card .value", "els => els.map(e => e.textContent)"),
                }
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result(timeout=180)
