"""Datasette metadata for an archive: what each view is, what each column means, the Chinese label of each key.

    python -m nianbao.datasette_metadata > metadata.json
    datasette ~/.local/share/nianbao/archive.sqlite -m metadata.json

Datasette names a database after its file (`archive.sqlite` -> `archive`); pass `--database NAME` for
another file name. Cell keys are values, not columns, so their labels come as canned queries (`cell_keys`,
`labelled_cells`, `new_and_handled`) whose SQL carries the labels, joinable like any table.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nianbao.archive.labels import cell_labels

VIEWS: dict[str, tuple[str, dict[str, str]]] = {
    "documents": (
        "One row per document (a report page, or a file or picture linked from one), as of its latest version. "
        "Title, agency, region and year come from the latest version's newest extraction.",
        {
            "document_id": "The document's id (what `nianbao get`, `history` and `reextract --document` take)",
            "portal": "The portal it was crawled from (portals.toml name)",
            "url": "Canonical URL; other URLs serving the same bytes are aliases",
            "parent_document_id": "For an attachment or embedded picture: the report page linking it",
            "kind": "page | attachment | image",
            "title": "报告标题", "agency": "发布机关", "region": "地区 (the county, city or province named)",
            "year": "报告年度 (the year reported on, not the year published)",
            "published": "发布日期 as the page or file states it", "format": "html, pdf, docx, doc, xls, image, …",
            "versions": "How many distinct bodies the URL has served",
            "sha256": "SHA-256 of the latest version's bytes (its address in the raw store)",
            "first_seen": "First fetched (UTC)", "last_seen": "Last fetched with this body or a 304 (UTC)",
            "gone_since": "When the URL stopped serving it (404/410 or dropped from lists); empty while live",
            "extractor_version": "Extractor version of the shown extraction; empty if never extracted",
            "checks_failed": "How many consistency rules (勾稽关系) the latest extraction fails",
        },
    ),
    "document_versions": (
        "One row per stored version: a distinct body a document has had (A → B → A is three versions).",
        {
            "version_id": "The version's id", "document_id": "Its document", "sha256": "SHA-256 of its bytes",
            "size": "Bytes, uncompressed", "first_seen": "First fetched with this body (UTC)",
            "last_seen": "Last fetched with this body (UTC)", "seq": "1 = the document's first version",
            "content_type": "Content-Type the server sent",
        },
    ),
    "report_cells": (
        "One row per number in the newest extraction of each version. cell_key is TABLE.ROW.COLUMN of "
        "report-format.md (t2 主动公开, t3 依申请公开, t4 复议诉讼; prose.* for numbers stated only in prose). "
        "The canned query labelled_cells adds each key's Chinese label; cell_keys lists them all.",
        {
            "document_id": "Its document", "version_id": "Its version", "cell_key": "TABLE.ROW.COLUMN",
            "table_key": "t2 | t3 | t4 | prose", "row_key": "Row of the table (e.g. new = 本年新收申请)",
            "col_key": "Column (e.g. natural_person = 自然人); empty for prose keys",
            "value": "The number (counts; t2 amounts in 万元)", "raw": "The text as printed",
            "source": "table | prose | ocr", "extractor_version": "Extractor version that read it",
        },
    ),
    "report_checks": (
        "One row per consistency rule (勾稽关系) judged on the newest extraction of each version.",
        {
            "document_id": "Its document", "version_id": "Its version",
            "rule": "t3_balance, t3_handled_sum, t3_row_total, t3_org_subtotal, t4_total, non_negative, prose_agrees",
            "status": "pass | fail | not_assessable (cells missing) | not_applicable",
            "detail": "What failed or could not be judged", "cells": "The cell keys involved",
            "extractor_version": "Extractor version that judged it",
        },
    ),
    "crawl_runs": (
        "One row per crawl, counted from its fetch log (a run that died half-way still shows what it did).",
        {
            "run_id": "The run's id", "started": "UTC", "finished": "UTC; empty if it never finished",
            "portals": "Portals it was asked to crawl", "pages_fetched": "Answers with a body or a 304",
            "documents_new": "New documents", "versions_new": "New versions of known documents",
            "unchanged": "Same body as before, or 304 Not Modified", "errors": "Fetches that failed",
            "refused": "Not fetched on purpose (robots.txt, size, type)",
        },
    ),
}

#: The annual-report views (migration 0003): described as a whole, their columns by their own names.
ANNUAL_VIEWS: dict[str, str] = {
    "annual_reports": "One row per annual report as users mean it: one agency's report for one year, however "
    "many documents (page, PDF, copies on two portals, corrections) carry it; canonical_document_id is the "
    "one whose numbers count.",
    "annual_report_documents": "The documents carrying each annual report; canonical = 1 for the one that counts.",
    "annual_report_cells": "The cells of each annual report's canonical version (cell_key as in report_cells; "
    "labels in the cell_keys canned query).",
    "agencies": "One row per reporting agency (行政机关), with how many annual reports and which years.",
    "report_indicators": "Transparency indicators of each annual report: on time, tables complete, rules "
    "failed, text reused from the previous year.",
    "missing_reports": "Agencies that reported last year and not (yet) this year.",
    "county_indicators": "The indicators summed per region and year.",
}

#: Internal tables a reader of the archive has no use for in a browser.
HIDDEN = ("blob", "sql_reader", "alembic_version", "portal_lock")


def _labels_cte() -> str:
    values = ",\n".join(f"('{key}', '{label.replace(chr(39), chr(39) * 2)}')" for key, label in cell_labels().items())
    return f"WITH labels(cell_key, label) AS (VALUES\n{values})"


def queries() -> dict[str, dict[str, str]]:
    labels = _labels_cte()
    return {
        "cell_keys": {
            "title": "Cell keys and their Chinese labels",
            "description": "Every canonical cell key of report-format.md with the label the report prints.",
            "sql": f"{labels}\nSELECT cell_key, label FROM labels",
        },
        "labelled_cells": {
            "title": "The cells of one document, labelled",
            "description": "report_cells of a document's versions with each key's Chinese label.",
            "sql": f"{labels}\nSELECT c.version_id, c.cell_key, l.label, c.value, c.raw, c.source, "
                   "c.extractor_version\nFROM report_cells c LEFT JOIN labels l ON l.cell_key = c.cell_key\n"
                   "WHERE c.document_id = :document_id ORDER BY c.version_id, c.cell_key",
        },
        "new_and_handled": {
            "title": "本年新收申请 and 办理总计 by agency and year",
            "description": "t3.new.total and t3.handled_total.total of each document's latest version.",
            "sql": "SELECT d.agency, d.year, d.url, "
                   "max(CASE WHEN c.cell_key = 't3.new.total' THEN c.value END) AS 本年新收申请,\n"
                   "max(CASE WHEN c.cell_key = 't3.handled_total.total' THEN c.value END) AS 办理总计\n"
                   "FROM documents d JOIN report_cells c ON c.version_id = (\n"
                   "  SELECT v.version_id FROM document_versions v WHERE v.document_id = d.document_id\n"
                   "  ORDER BY v.seq DESC LIMIT 1)\n"
                   "GROUP BY d.document_id ORDER BY d.year DESC, d.agency",
        },
    }


def metadata(database: str = "archive") -> dict[str, Any]:
    tables: dict[str, Any] = {
        name: {"description": description, "columns": columns} for name, (description, columns) in VIEWS.items()
    }
    tables.update({name: {"description": description} for name, description in ANNUAL_VIEWS.items()})
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": "nianbao — 政府信息公开工作年度报告 archive",
        "description": "Every version of every annual report the crawler found, and the numbers extracted from "
        "it. Query the views (documents, document_versions, report_cells, report_checks, crawl_runs): they "
        "are the stable interface; the singular tables underneath may change shape.",
        "databases": {database: {"tables": tables, "queries": queries()}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nianbao.datasette_metadata", description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="archive", help="Datasette's name of the database (the file's stem)")
    args = parser.parse_args(argv)
    json.dump(metadata(args.database), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
