"""The search index of annual reports' text: the canonical document's prose, one row per sentence.

`archive.search` fills these tables whenever `archive.annual.refresh` regroups reports, and reads them for
`nianbao search`. Beside them, migration 0004 builds what the models cannot describe, because it exists on one
database only: on SQLite an FTS5 table with the trigram tokenizer over `report_sentence` (kept in step by
triggers), on PostgreSQL a pg_trgm GIN index on `report_sentence.sentence` when the extension can be created.
Schema comparisons skip those through `include_object`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nianbao.models.base import Base

#: The view of the sentences with their report's agency, year and region (migration 0004), for `nianbao sql`.
SEARCH_VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "report_sentences": ("annual_report_id", "region", "agency", "year", "section", "position", "sentence"),
}
#: The SQLite FTS5 table (its shadow tables are named after it: report_sentence_fts_data, ...).
FTS_TABLE = "report_sentence_fts"
#: The PostgreSQL trigram index, where pg_trgm exists.
TRIGRAM_INDEX = "ix_report_sentence_trigram"


class ReportText(Base):
    """Which extraction a report's sentences were taken from: a refresh re-indexes a report only when its
    canonical extraction changed (a new version, a re-extraction or another canonical copy)."""

    __tablename__ = "report_text"

    annual_report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annual_report.id", ondelete="CASCADE"), primary_key=True
    )
    #: A forced re-extraction replaces the extraction row; its sentences go with it and the next refresh
    #: (which every re-extraction runs) indexes the new one.
    extraction_id: Mapped[int] = mapped_column(sa.ForeignKey("extraction.id", ondelete="CASCADE"))
    sentences: Mapped[int]


class ReportSentence(Base):
    __tablename__ = "report_sentence"

    id: Mapped[int] = mapped_column(primary_key=True)
    annual_report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("report_text.annual_report_id", ondelete="CASCADE"), index=True
    )
    #: The report-format.md section key (overview, applications, problems, ...).
    section: Mapped[str] = mapped_column(sa.String(32))
    #: Order within the report, from 0.
    position: Mapped[int]
    sentence: Mapped[str] = mapped_column(sa.Text)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For Alembic comparisons: leave out the one-database search structures built beside the models."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
