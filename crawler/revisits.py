"""When to fetch a known document again.

List pages are read every run (that is where new reports appear). A report page or file the archive already
holds is asked again only once its last confirmation is older than NIANBAO_REVISIT_AFTER (a week by
default): often enough to see corrections and deletions, rare enough to be polite. Known documents the
lists no longer link are revisited from the archive's own list, so a deleted report is seen as gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from nianbao.archive import NotFound

if TYPE_CHECKING:
    from nianbao.archive import Archive


@dataclass(frozen=True)
class KnownDocument:
    url: str
    kind: str
    last_seen: datetime


class RevisitPolicy:
    def __init__(self, archive: Archive, interval: timedelta, now: datetime | None = None) -> None:
        self.archive = archive
        self.interval = interval
        self.now = now or datetime.now(UTC)

    def known(self, url: str) -> datetime | None:
        """When the archive last confirmed the document at `url` (or an alias of it); None if unknown."""
        try:
            document_id = self.archive.resolve(url)
        except NotFound:
            return None
        versions = self.archive.versions(document_id)
        return max(v.last_seen for v in versions) if versions else None

    def due(self, url: str) -> bool:
        """Whether `url` should be fetched this run: unknown, or confirmed longer ago than the interval."""
        last = self.known(url)
        return last is None or self.now - _aware(last) >= self.interval

    def due_documents(self, portal: str) -> list[KnownDocument]:
        """The portal's report pages and files not gone and due again, from the `documents` view."""
        query = sa.text(
            "SELECT url, kind, last_seen FROM documents "
            "WHERE portal = :portal AND gone_since IS NULL AND kind IN ('page', 'attachment') ORDER BY url"
        )
        with self.archive.engine.connect() as conn:
            rows = conn.execute(query, {"portal": portal}).all()
        found = [KnownDocument(r.url, r.kind, _aware(_when(r.last_seen))) for r in rows]
        return [d for d in found if self.now - d.last_seen >= self.interval]


def _when(value: datetime | str) -> datetime:
    """Views return SQLite timestamps as text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace(" ", "T"))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
