"""Trap portals — redirect loops, a portal that answers every URL with the same page, an endless calendar —
are bounded by the redirect rules, the discovery depth and the per-portal page budget, leave a record, and a
real portal crawled beside them completes; `nianbao crawl` over them exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, manifest, run_crawl
from tests.reliability.traps import (
    Trap,
    allow_robots,
    page,
    portals_file,
    reasons,
    report_with,
    run_stats,
    serve,
)

pytestmark = pytest.mark.slow
COLUMN = "政府信息公开年报"


def arm_traps(trap_server: ReplicaServer, max_pages: int) -> tuple[Trap, Trap, Trap]:
    loops = Trap("loops")
    same = Trap("samepage")  # default depth and budget
    calendar = Trap("calendar", options={"max_pages": max_pages, "max_depth": 1000})  # only the budget stops it
    allow_robots(trap_server, loops, same, calendar)
    # loops: a -> b -> a, and a chain of ever new URLs; a report beside them
    trap_server.inject(loops.pattern("a.html") + "$", "redirect", location="/b.html")
    trap_server.inject(loops.pattern("b.html") + "$", "redirect", location="/a.html")
    trap_server.inject(loops.pattern("self.html") + "$", "redirect", status=301, location="/self.html")
    trap_server.inject(loops.pattern("chain/"), "redirect", location="/chain/{n}.html")
    serve(trap_server, loops, "report.html", report_with(loops))
    title = f"某局{REPORT}"
    serve(
        trap_server,
        loops,
        "",
        page(COLUMN, [(p, title) for p in ("a.html", "self.html", "chain/0.html", "report.html")]),
    )
    # the same page for every URL, linking ever deeper relative paths
    serve(trap_server, same, "", page(COLUMN, [("more/index.html", COLUMN), ("next/", "下一页")]), exact=False)
    # an endless calendar: every page links two new months
    serve(
        trap_server,
        calendar,
        "",
        page(COLUMN, [("/cal/{n}-a.html", f"{COLUMN} {{n}}月"), ("/cal/{n}-b.html", f"{COLUMN} {{n}}月续")]),
        exact=False,
    )
    return loops, same, calendar


REPORT = "2025年政府信息公开工作年度报告"


@deferred_f_from_coro_f
async def test_loops_same_page_and_endless_calendar_are_bounded_and_a_real_portal_completes(
    trap_server: ReplicaServer, tmp_path: Path
) -> None:
    loops, same, calendar = arm_traps(trap_server, max_pages=40)
    registry = portals_file(tmp_path, [loops, same, calendar], real=["yanzhou"])
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    stats = await run_crawl(
        database_url,
        trap_server.proxy_url,
        extract=False,
        portals=[loops.name, same.name, calendar.name, "yanzhou"],
        portals_file=str(registry),
    )

    asked = [r.url for r in trap_server.requests()]
    with Archive.open(database_url) as archive:
        refused = reasons(archive)
        # a -> b -> a: refused at the second a, with the whole loop named
        assert any("redirect loop" in refused.get(loops.url(p), "") for p in ("a.html", "b.html")), refused
        assert "redirect loop" in refused[loops.url("self.html")]
        # ever new URLs: Scrapy's REDIRECT_MAX_TIMES (20) ends the chain
        chain = [u for u in asked if "/chain/" in u]
        assert 20 <= len(chain) <= 21, len(chain)
        [too_long] = [reason for url, reason in refused.items() if "/chain/" in url]
        assert "max redirections reached: 21 redirects from http://www.loops.gov.cn/chain/0.html" in too_long
        assert document_id(archive, loops.url("report.html")) is not None
        # the same page everywhere: the discovery depth (6) ends it
        assert 1 < len([u for u in asked if same.host in u and not u.endswith("robots.txt")]) <= 2 * 7
        # the calendar: the page budget ends it (each page may be asked once more than budgeted: the start)
        assert len([u for u in asked if calendar.host in u and not u.endswith("robots.txt")]) <= 40 + 1
        [finished] = run_stats(archive)
        # the budget is on record in the run: the exploring budget (pages outside report columns) or the list budget
        over = [k for k in ("discovery_over_budget", "list_over_budget") if finished.get(f"portal/calendar/{k}", 0)]
        assert over, finished
        # the real portal beside the traps: every report page and document archived
        yanzhou = [m for m in manifest(trap_server) if m["portal"] == "yanzhou"]
        assert len(yanzhou) >= 10
        for m in yanzhou:
            for url in (m["page_url"], m["document_url"], *m["attachment_urls"]):
                assert document_id(archive, url) is not None, f"{url} of yanzhou not archived"
    assert stats["finish_reason"] == "finished"


def test_nianbao_crawl_over_trap_portals_ends_with_exit_0(trap_server: ReplicaServer, tmp_path: Path) -> None:
    """The command, politeness on (delays, robots.txt), in its own process: it ends, and ends well."""
    loops, same, calendar = arm_traps(trap_server, max_pages=8)
    registry = portals_file(tmp_path, [loops, same, calendar])
    env = {**os.environ, "http_proxy": trap_server.proxy_url, "NIANBAO_DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite"}
    result = subprocess.run(
        [sys.executable, "-m", "nianbao", "crawl", "--portals", str(registry)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1].endswith("(exit 0)"), result.stdout
    assert len([r for r in trap_server.requests() if calendar.host in r.url and "robots" not in r.url]) <= 8 + 1


@deferred_f_from_coro_f
async def test_pages_of_ever_new_report_titles_that_are_no_reports_spend_the_page_budget(
    trap_server: ReplicaServer, tmp_path: Path
) -> None:
    """Each page links five new "reports" that are lists again: 5^depth pages without the budget."""
    trap = Trap("candidates", options={"max_pages": 20})
    allow_robots(trap_server, trap)
    links = [(f"/r/{{n}}-{i}.html", f"某局{2020 + i}年政府信息公开工作年度报告") for i in range(5)]
    serve(trap_server, trap, "", page(COLUMN, links), exact=False)
    stats = await run_crawl(
        f"sqlite:///{tmp_path / 'archive.sqlite'}",
        trap_server.proxy_url,
        extract=False,
        portals=[trap.name],
        portals_file=str(portals_file(tmp_path, [trap])),
    )
    asked = [r for r in trap_server.requests() if trap.host in r.url and not r.url.endswith("robots.txt")]
    assert len(asked) <= 1 + 5 * (1 + 20)  # the start page, and the five links of it and of each page budgeted
    assert stats["nianbao/portal/candidates/list_over_budget"] > 0
