"""The archive's schema: SQLAlchemy tables (singular names) and the contract of the SQL views (plural names).

Migrations (the `migrations` package) create both; nothing here talks to a database.
"""

from models.base import NAMING_CONVENTION, Base, JSONType, UTCDateTime
from models.tables import (
    DOCUMENT_KINDS,
    FETCH_OUTCOMES,
    Blob,
    CrawlRun,
    Document,
    DocumentAlias,
    Extraction,
    ExtractionCell,
    ExtractionCheck,
    FetchRecord,
    Portal,
    PortalLock,
    SqlReader,
    Version,
)
from models.views import VIEW_COLUMNS

metadata = Base.metadata

__all__ = [
    "DOCUMENT_KINDS",
    "FETCH_OUTCOMES",
    "NAMING_CONVENTION",
    "VIEW_COLUMNS",
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
    "Portal",
    "PortalLock",
    "SqlReader",
    "UTCDateTime",
    "Version",
    "metadata",
]
