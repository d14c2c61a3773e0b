"""The run summary of `nianbao crawl`: the table keeps one parseable row per portal, what discovery understood
(platform, report columns with score and why, other hosts) is printed under it, and `--json` gives it all."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nianbao.cli import main
from nianbao.crawl_job import JobResult, format_summary, summary_json
from nianbao.crawler.run import CrawlOutcome

COLUMN = {"url": "http://zwgk.city.gov.cn/900005/xxgknb/list.shtml", "title": "政务公开 年报", "score": 99,
          "why": "link text '政务公开年报' names the report column; URL slug 'xxgknb'"}


def _result() -> JobResult:
    outcome = CrawlOutcome(
        run_id=7,
        portals=["county", "quiet"],
        totals={"reports": 3},
        by_portal={
            "county": {"fetched_list": 5, "fetched_candidate": 4, "reports": 3, "new_document": 3},
            "quiet": {"fetch_errors": 1},
        },
        finish_reason="finished",
        discovery={
            "county": {
                "platform": "generic",
                "columns": [COLUMN],
                "hosts": {"zwgk.city.gov.cn": "http://www.county.gov.cn/"},
            }
        },
    )
    return JobResult(crawled=["county", "quiet"], outcome=outcome)


def test_the_table_keeps_one_row_per_portal_and_the_discovery_record_goes_below_it() -> None:
    text = format_summary(_result())
    lines = text.splitlines()
    header = lines[0].split()
    rows = {line.split()[0]: line.split() for line in lines[1:] if line and not line.startswith(" ")}
    assert header[:3] == ["portal", "pages", "reports"]
    assert len(rows["county"]) == len(rows["quiet"]) == len(rows["total"]) == len(header)  # split() gives them back
    assert rows["county"][1:3] == ["9", "3"]
    assert "  county: platform generic, 1 report columns" in lines
    assert f"  county: column {COLUMN['url']} (政务公开 年报): score 99, {COLUMN['why']}" in lines
    assert "  county: host zwgk.city.gov.cn via http://www.county.gov.cn/" in lines
    assert "  quiet: platform -, 0 report columns" in lines  # nothing of it was read: said, not left out
    assert lines[-1].startswith("nianbao crawl: run 7, portals county,quiet: 9 pages, 3 reports")


def test_the_json_summary_carries_the_discovery_record_per_portal() -> None:
    data = json.loads(json.dumps(summary_json(_result()), ensure_ascii=False))  # it is JSON all through
    assert data["run"] == 7 and data["exit"] == 0 and data["finish_reason"] == "finished"
    county, quiet = data["portals"]
    assert county["portal"] == "county" and county["pages"] == 9 and county["new_versions"] == 0
    assert county["counters"]["fetched_candidate"] == 4
    assert county["discovery"] == {
        "platform": "generic", "columns": [COLUMN], "hosts": {"zwgk.city.gov.cn": "http://www.county.gov.cn/"}
    }
    assert quiet["discovery"] == {"platform": None, "columns": [], "hosts": {}}
    assert quiet["errors"] == 1
    assert data["total"]["pages"] == 9 and data["skipped"] == {} and data["annual"] is None


def test_crawl_json_prints_the_summary_as_json(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The command's own path (run_job stands in for the crawl: the crawl itself is test_crawl_json_world)."""
    import nianbao.cli.crawl as command
    import nianbao.crawl_job as job

    monkeypatch.setattr(job, "run_job", lambda **_: _result())
    monkeypatch.setattr(command, "_remember", lambda *_: None)
    assert main(["crawl", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["portal"] for p in data["portals"]] == ["county", "quiet"]
    assert data["portals"][0]["discovery"]["columns"][0]["why"] == COLUMN["why"]


def test_portals_check_records_the_other_hosts_too() -> None:
    """`nianbao portals check` reads the same record from a check crawl's stats: columns, and the hosts."""
    from nianbao.cli.portals import checked, format_checks
    from nianbao.crawler.portals import load_portals

    portal = load_portals()[0]
    stats = {
        f"nianbao/portal/{portal.name}/fetched_list": 3,
        f"nianbao/discovery/{portal.name}/platform": "generic",
        f"nianbao/discovery/{portal.name}/columns": [COLUMN],
        f"nianbao/discovery/{portal.name}/hosts": {"zwgk.city.gov.cn": portal.start_urls[0]},
    }
    result = checked(portal, stats)
    assert result.hosts == {"zwgk.city.gov.cn": portal.start_urls[0]} and result.columns == [COLUMN]
    assert f"  {portal.name}: host zwgk.city.gov.cn via {portal.start_urls[0]}" in format_checks([result]).splitlines()
