"""The static dashboard: charts and tables of the annual reports, with their archived originals, as a folder
that opens from disk with no server and no network (`nianbao dashboard --out DIR`).

`data` turns the archive's views into plain dicts; `site` writes the folder; `static/` holds the page and the
bundled chart library (Apache ECharts; see static/echarts/README.txt).
"""

from nianbao.dashboard.site import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site"]
