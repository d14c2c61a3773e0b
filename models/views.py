"""The SQL views users query: their names and the columns interfaces.md promises, in that order.

The views are created by migrations (each migration keeps the SQL of its time, so history replays as it
was); this module is the contract the tests hold the head revision to. Views may carry more columns after
these.
"""

from __future__ import annotations

from nianbao.models.annual_views import ANNUAL_VIEW_COLUMNS
from nianbao.models.search import SEARCH_VIEW_COLUMNS

VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "document_id", "portal", "url", "parent_document_id", "kind", "title", "agency", "region", "year",
        "published", "format", "versions", "sha256", "first_seen", "last_seen", "gone_since",
        "extractor_version", "checks_failed",
    ),
    "document_versions": ("version_id", "document_id", "sha256", "size", "first_seen", "last_seen"),
    "report_cells": (
        "document_id", "version_id", "cell_key", "table_key", "row_key", "col_key", "value", "raw", "source",
    ),
    "report_checks": ("document_id", "version_id", "rule", "status", "detail"),
    "crawl_runs": (
        "run_id", "started", "finished", "portals", "pages_fetched", "documents_new", "versions_new",
        "unchanged", "errors",
    ),
}
VIEW_COLUMNS.update(ANNUAL_VIEW_COLUMNS)
VIEW_COLUMNS.update(SEARCH_VIEW_COLUMNS)
