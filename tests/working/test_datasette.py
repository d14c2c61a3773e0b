"""The archive in Datasette (its own test client): the views served with the metadata and Chinese labels."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from datasette.app import Datasette

from nianbao.archive import Archive
from nianbao.archive.labels import cell_labels
from tests.archive.helpers import only_sqlite
from tests.working.helpers import rows, store_extracted, truths


def _get(datasette: Datasette, path: str) -> Any:
    """One request through Datasette's client, on a thread of its own: the suite's Twisted reactor already
    runs an asyncio loop on the main thread."""

    async def fetch() -> Any:
        return await datasette.client.get(path)

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, fetch()).result()


def _metadata_from_the_documented_command(database: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "nianbao.datasette_metadata", "--database", database],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@only_sqlite
def test_datasette_serves_the_views_with_their_metadata(archive: Archive, database_url: str) -> None:
    store_extracted(archive, truths(2))
    path = Path(archive.engine.url.database or "")
    datasette = Datasette([str(path)], metadata=_metadata_from_the_documented_command(path.stem))

    answer = _get(datasette, f"/{path.stem}.json")
    assert answer.status_code == 200
    views = {view["name"] for view in answer.json()["views"]}
    assert {"documents", "document_versions", "report_cells", "report_checks", "crawl_runs"} <= views

    answer = _get(datasette, f"/{path.stem}/report_cells.json?_shape=array&_size=max")
    assert answer.status_code == 200
    served = {(r["version_id"], r["cell_key"], r["value"]) for r in answer.json()}
    stored = {(v, k, float(x)) for v, k, x in rows(archive, "SELECT version_id, cell_key, value FROM report_cells")}
    assert {(v, k, float(x)) for v, k, x in served} == stored

    page = _get(datasette, f"/{path.stem}/report_cells")
    assert page.status_code == 200
    assert "TABLE.ROW.COLUMN of report-format.md" in page.text  # the view's description
    page = _get(datasette, f"/{path.stem}/documents")
    assert "报告年度 (the year reported on, not the year published)" in page.text  # a column's description

    labels = _get(datasette, f"/{path.stem}/cell_keys.json?_shape=array&_size=max").json()
    assert {r["cell_key"]: r["label"] for r in labels} == cell_labels()
    assert cell_labels()["t3.new.total"] == "表三 一、本年新收政府信息公开申请数量·总计"

    document_id = rows(archive, "SELECT min(document_id) FROM report_cells")[0][0]
    labelled = _get(datasette, f"/{path.stem}/labelled_cells.json?_shape=array&_size=max&document_id={document_id}")
    assert labelled.status_code == 200
    by_key = {r["cell_key"]: r["label"] for r in labelled.json()}
    assert by_key and all(by_key[k] == cell_labels()[k] for k in by_key if k in cell_labels())

    totals = _get(datasette, f"/{path.stem}/new_and_handled.json?_shape=array").json()
    assert len(totals) == 2 and all(r["本年新收申请"] is not None for r in totals)

    hidden = _get(datasette, f"/{path.stem}.json").json()
    assert "blob" not in {t["name"] for t in hidden["tables"] if not t["hidden"]}
