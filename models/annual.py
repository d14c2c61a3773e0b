"""Annual reports as users mean them: one agency's report for one year, carried by one or more documents.

Materialised by `archive.refresh` from the documents `refresh_queue` names (grouping needs name
normalisation and text comparison that plain SQL on both databases cannot do); the `annual_reports`,
`annual_report_cells` and indicator views read these tables. A report's id is stable across refreshes as
long as its agency and year are.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nianbao.models.base import Base


class AnnualReport(Base):
    __tablename__ = "annual_report"
    __table_args__ = (sa.UniqueConstraint("agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"))
    year: Mapped[int]
    #: The earliest date any of its documents says it was published (a later correction is not a later report).
    published: Mapped[date | None]
    #: 31 January, or 31 March for a county-or-higher government's own report, of the following year.
    deadline: Mapped[date]
    documents: Mapped[int]
    canonical_document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"))
    canonical_version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    template: Mapped[str | None] = mapped_column(sa.String(16))
    #: Table cells (t2, t3, t4) the canonical extraction found, and how many the template prints.
    cells_found: Mapped[int]
    cells_expected: Mapped[int]
    rules_failed: Mapped[int]
    disagreeing_copies: Mapped[int]
    #: The agency's previous report (the latest earlier year) and the share of this report's sentences
    #: repeated word for word from it; NULL when there is no previous report or no prose to compare.
    previous_report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("annual_report.id", ondelete="SET NULL"))
    text_reuse: Mapped[float | None] = mapped_column(sa.Float)
    sentences: Mapped[int | None]
    refreshed: Mapped[datetime]


class AnnualReportDocument(Base):
    """A document carrying an annual report, with how its numbers compare with the canonical copy."""

    __tablename__ = "annual_report_document"

    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), primary_key=True)
    annual_report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annual_report.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    cells_found: Mapped[int]
    rules_failed: Mapped[int]
    canonical: Mapped[bool]
    #: Cell keys both this copy and the canonical one hold with different values (0: agrees).
    cells_differing: Mapped[int]


class RefreshQueue(Base):
    """Documents changed since the annual reports were last regrouped (archive.refresh drains it).

    Filled by triggers (migration 0005) in the transaction that changes a document's latest version or
    extraction, so every writer queues what it changed; a document may be queued more than once.
    """

    __tablename__ = "refresh_queue"
    # Ids only grow (AUTOINCREMENT on SQLite too): a refresh deletes exactly the entries it read.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Indexed: a refresh takes the entries of every member of a group it recomputes (archive.annual.regroup).
    document_id: Mapped[int] = mapped_column(index=True)
