"""The archive's schema: SQLAlchemy tables (singular names) and the contract of the SQL views (plural names).

Migrations (the `migrations` package) create both; nothing here talks to a database.
"""

from nianbao.models.agencies import AGENCY_KINDS, Agency, AgencyAlias, PortalRegion
from nianbao.models.annual import AnnualReport, AnnualReportDocument
from nianbao.models.base import NAMING_CONVENTION, Base, JSONType, UTCDateTime
from nianbao.models.search import ReportSentence, ReportText
from nianbao.models.tables import (
    DOCUMENT_KINDS,
    FETCH_OUTCOMES,
    ArchivedPortal,
    Blob,
    CrawlRun,
    Document,
    DocumentAlias,
    Extraction,
    ExtractionCell,
    ExtractionCheck,
    FetchRecord,
    PortalLock,
    SqlReader,
    Version,
)
from nianbao.models.views import VIEW_COLUMNS

metadata = Base.metadata

__all__ = [
    "AGENCY_KINDS",
    "DOCUMENT_KINDS",
    "FETCH_OUTCOMES",
    "NAMING_CONVENTION",
    "VIEW_COLUMNS",
    "Agency",
    "AgencyAlias",
    "AnnualReport",
    "AnnualReportDocument",
    "ArchivedPortal",
    "Base",
    "Blob",
    "CrawlRun",
    "Document",
    "DocumentAlias",
    "Extraction",
    "ExtractionCell",
    "ExtractionCheck",
    "FetchRecord",
    "JSONType",
    "PortalLock",
    "PortalRegion",
    "ReportSentence",
    "ReportText",
    "SqlReader",
    "UTCDateTime",
    "Version",
    "metadata",
]
