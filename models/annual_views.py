"""The contract of the annual-report views (created by migration 0003): names and leading columns.

Registered into `models.views.VIEW_COLUMNS`, so the schema tests hold the head revision to them too.
"""

from __future__ import annotations

ANNUAL_VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies": ("agency_id", "agency", "kind", "region", "province", "city", "county", "aliases", "reports"),
    "annual_reports": (
        "annual_report_id", "region", "agency", "year", "published", "documents", "canonical_document_id",
        "cells_found", "rules_failed", "disagreeing_copies",
    ),
    "annual_report_documents": (
        "annual_report_id", "document_id", "version_id", "portal", "url", "kind", "canonical", "cells_found",
        "rules_failed", "cells_differing",
    ),
    "annual_report_cells": (
        "annual_report_id", "cell_key", "table_key", "row_key", "col_key", "value", "raw", "source",
        "document_id", "version_id",
    ),
    "report_indicators": (
        "annual_report_id", "region", "agency", "agency_kind", "year", "published", "deadline", "on_time",
        "cells_found", "cells_expected", "tables_complete", "rules_failed", "text_reuse",
    ),
    "missing_reports": ("agency_id", "region", "agency", "year", "last_report_id"),
    "county_indicators": (
        "province", "city", "region", "year", "reports", "on_time", "late", "published_unknown",
        "tables_complete", "reports_failing_rules", "reports_reused", "missing",
    ),
}
