"""`nianbao demo`: the offline tour — the bundled portal replicas, crawled into the archive.

The replicas (replicas/) are synthetic: every page says so. They are served on loopback behind an HTTP
proxy, so the crawl uses the portals' real URLs exactly as a real crawl would; only politeness is off, since
the server is our own.
"""

from __future__ import annotations

import argparse
import os
import time

SHOWCASE = """
SELECT r.agency, r.year, r.published,
       MAX(CASE WHEN c.cell_key = 't3.new.total' THEN c.value END) AS applications,
       MAX(CASE WHEN c.cell_key = 't3.granted.total' THEN c.value END) AS granted,
       r.rules_failed
FROM annual_reports r LEFT JOIN annual_report_cells c ON c.annual_report_id = r.annual_report_id
GROUP BY r.annual_report_id, r.agency, r.year, r.published, r.rules_failed
ORDER BY r.year DESC, r.agency
LIMIT 12
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="serve the bundled portal replicas (synthetic data) on loopback and crawl them into the archive",
        description=(
            "The offline tour: replicas of five county portals (synthetic data, said so on every page) "
            "are served on loopback and crawled into the archive (NIANBAO_DATABASE_URL)."
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from nianbao.archive import Archive
    from nianbao.crawl_job import format_summary, run_job
    from nianbao.crawler.run import IMPOLITE
    from nianbao.replicas import ReplicaServer  # the replicas are only needed here

    print("nianbao demo: serving replicas of 5 county portals — SYNTHETIC data, marked so on every page")
    started = time.monotonic()
    with ReplicaServer(port=0) as server:
        os.environ["http_proxy"] = server.proxy_url
        os.environ.pop("https_proxy", None)
        print(f"  replicas ready on {server.proxy_url} ({len(server.manifest())} reports); crawling…")
        # The demo owns the machine for its few minutes: extraction (OCR above all) gets every core it may use.
        workers = len(os.sched_getaffinity(0))
        result = run_job(overrides={**IMPOLITE, "LOG_LEVEL": "WARNING", "NIANBAO_EXTRACT_WORKERS": workers})
    print(format_summary(result))
    with Archive.open() as archive, archive.engine.connect() as conn:
        rows = conn.execute(sa.text(SHOWCASE)).all()
        print(f"\narchive: {archive.engine.url.render_as_string(hide_password=True)}")
    print("\nsome annual reports found (applications received / granted):")
    for agency, year, published, applications, granted, rules_failed in rows:
        flag = f", {rules_failed} rule(s) failed" if rules_failed else ""
        print(f"  {year} {agency}: {_num(applications)} / {_num(granted)} (published {published}{flag})")
    print(
        f'\ndone in {time.monotonic() - started:.0f} s. Next: nianbao sql "SELECT * FROM annual_reports", '
        "nianbao scorecard, nianbao export --format csv -o cells.csv"
    )
    return result.exit_code


def _num(value: object) -> str:
    return "—" if value is None else str(int(value)) if float(value).is_integer() else str(value)
