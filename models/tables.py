"""The archive's tables.

Tables have singular names; the stable interface for users is the plural views of models/views.py
(`documents`, `document_versions`, `report_cells`, `report_checks`, `crawl_runs`), which are free to change
shape underneath. `fetch_record` is not called `fetch` because FETCH is reserved in PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nianbao.models.base import Base

SHA256 = sa.String(64)

DOCUMENT_KINDS = ("page", "attachment", "image")

#: What became of one fetch. `new_document`/`new_version`: a body was stored as a version; `unchanged`: the
#: body equals the latest version; `not_modified`: the server answered 304 (or the crawler's cache did);
#: `error`: no usable response; `refused`: not fetched on purpose (robots.txt, size limit, disallowed type).
FETCH_OUTCOMES = ("new_document", "new_version", "unchanged", "not_modified", "error", "refused")


class ArchivedPortal(Base):
    """A portal the archive has stored documents of (a portal's crawl configuration is crawler.portals.PortalConfig)."""

    __tablename__ = "portal"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    first_seen: Mapped[datetime]


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started: Mapped[datetime]
    finished: Mapped[datetime | None]
    #: The portal names the run was asked to crawl, space-separated (readable in plain SQL on both databases).
    portals: Mapped[str] = mapped_column(sa.Text, default="")
    #: Whatever else the crawler counted (items dropped, bytes, ...), as given to `Archive.finish_run`.
    stats: Mapped[dict[str, Any] | None]


class Blob(Base):
    """One distinct body, stored once, addressed by the SHA-256 of its uncompressed bytes."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(SHA256, primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    stored_size: Mapped[int] = mapped_column(sa.BigInteger)
    compression: Mapped[str] = mapped_column(sa.String(16))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created: Mapped[datetime]


class Document(Base):
    """One URL's body over time; attachments and embedded images point at the page that links them."""

    __tablename__ = "document"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('page', 'attachment', 'image')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.Text, unique=True)
    portal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("portal.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    # Known once an extraction of the latest version names them.
    title: Mapped[str | None] = mapped_column(sa.Text)
    agency: Mapped[str | None] = mapped_column(sa.Text)
    region: Mapped[str | None] = mapped_column(sa.Text)
    year: Mapped[int | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    gone_since: Mapped[datetime | None]


class DocumentAlias(Base):
    """Another URL serving the same document (`downfile.jsp?…filename=X` beside `/attach/0/X`)."""

    __tablename__ = "document_alias"

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    first_seen: Mapped[datetime]


class FetchRecord(Base):
    """Every fetch, successful or not, with the response headers the crawler saw."""

    __tablename__ = "fetch_record"
    __table_args__ = (
        sa.Index("ix_fetch_record_document_id_fetched_at", "document_id", "fetched_at"),
        sa.Index("ix_fetch_record_run_id_outcome", "run_id", "outcome"),  # migration 0002; crawl_runs view
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crawl_run.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    url: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(sa.String(16))
    error: Mapped[str | None] = mapped_column(sa.Text)
    etag: Mapped[str | None] = mapped_column(sa.Text)
    last_modified: Mapped[str | None] = mapped_column(sa.Text)
    content_type: Mapped[str | None] = mapped_column(sa.Text)
    headers: Mapped[dict[str, Any] | None]
    #: The body this fetch confirmed: the stored body, or for a 304 the latest version's.
    sha256: Mapped[str | None] = mapped_column(SHA256)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    fetched_at: Mapped[datetime]
    # What a WARC record of this fetch needs (migration 0006; NULL in fetches made before it, whose exported
    # headers are then reconstructed from `headers` and marked so): the status line and the response headers
    # as received, in order and with repeats, as [name, value] pairs; the request as sent.
    status_line: Mapped[str | None] = mapped_column(sa.Text)
    response_headers: Mapped[list[Any] | None]
    request_method: Mapped[str | None] = mapped_column(sa.String(16))
    request_url: Mapped[str | None] = mapped_column(sa.Text)
    request_headers: Mapped[list[Any] | None]
    #: Where a fetch not made by a crawl came from: `nianbao import`'s file and record offset (`FILE#OFFSET`).
    source: Mapped[str | None] = mapped_column(sa.Text)


class Version(Base):
    """One distinct body a document has had; `seq` counts from 1 per document."""

    __tablename__ = "version"
    __table_args__ = (sa.UniqueConstraint("document_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"))
    seq: Mapped[int]
    sha256: Mapped[str] = mapped_column(SHA256, sa.ForeignKey("blob.sha256"), index=True)
    #: The fetch that stored it: its headers are what re-extraction needs (Content-Type, charset, filename).
    fetch_id: Mapped[int] = mapped_column(sa.ForeignKey("fetch_record.id"))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class Extraction(Base):
    """One extractor version's reading of one version: the `nianbao extract --json` object, normalised."""

    __tablename__ = "extraction"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "extractor_version"),
        # Ids are never reused on SQLite either: the views call the highest id the latest extraction.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    extractor_version: Mapped[str] = mapped_column(sa.String(64))
    created: Mapped[datetime]
    title: Mapped[str | None] = mapped_column(sa.Text)
    agency: Mapped[str | None] = mapped_column(sa.Text)
    region: Mapped[str | None] = mapped_column(sa.Text)
    province: Mapped[str | None] = mapped_column(sa.Text)
    city: Mapped[str | None] = mapped_column(sa.Text)
    county: Mapped[str | None] = mapped_column(sa.Text)
    year: Mapped[int | None]
    published: Mapped[date | None]
    signed: Mapped[date | None]
    template: Mapped[str | None] = mapped_column(sa.String(16))
    format: Mapped[str | None] = mapped_column(sa.String(16))
    #: The rest of the report object (contact, sections, report-level facts), as the extractor gave it.
    fields: Mapped[dict[str, Any] | None]
    warnings: Mapped[list[Any] | None]


class ExtractionCell(Base):
    __tablename__ = "extraction_cell"
    __table_args__ = (
        sa.UniqueConstraint("extraction_id", "cell_key"),
        # Migration 0008: the valueless cells, so a refresh reads the other keys from the unique index alone.
        sa.Index(
            "ix_extraction_cell_valueless",
            "extraction_id",
            "cell_key",
            sqlite_where=sa.text("value IS NULL"),
            postgresql_where=sa.text("value IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(sa.ForeignKey("extraction.id", ondelete="CASCADE"))
    cell_key: Mapped[str] = mapped_column(sa.String(100))
    table_key: Mapped[str] = mapped_column(sa.String(32))
    row_key: Mapped[str] = mapped_column(sa.String(64))
    col_key: Mapped[str | None] = mapped_column(sa.String(64))
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric())
    raw: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str | None] = mapped_column(sa.String(16))


class ExtractionCheck(Base):
    __tablename__ = "extraction_check"
    __table_args__ = (sa.UniqueConstraint("extraction_id", "rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    extraction_id: Mapped[int] = mapped_column(sa.ForeignKey("extraction.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[str | None] = mapped_column(sa.Text)
    cells: Mapped[list[Any] | None]


class SqlReader(Base):
    """PostgreSQL only: the SELECT-only role `nianbao sql` connects as, and its generated password.

    The reader itself is never granted this table.
    """

    __tablename__ = "sql_reader"

    role: Mapped[str] = mapped_column(sa.String(63), primary_key=True)
    password: Mapped[str] = mapped_column(sa.Text)


class PortalLock(Base):
    """Who is crawling a portal now: one row per held lock (added by migration 0002)."""

    __tablename__ = "portal_lock"

    portal: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crawl_run.id"))
    holder: Mapped[str] = mapped_column(sa.Text)
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
