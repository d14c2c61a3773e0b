"""When to fetch a known document again, decided from one read of the archive per crawl.

List pages are read every run (that is where new reports appear). A report page or file the archive already
holds is asked again only once its last confirmation is older than NIANBAO_REVISIT_AFTER (a week by
default): often enough to see corrections and deletions, rare enough to be polite. Known documents the
lists no longer link are revisited from the archive's own list, so a deleted report is seen as gone.

The spider asks about every link it meets, thousands a run: the crawl's portals' documents are read in one
query when the spider opens (off the reactor thread) and every question is answered from memory. What this
run stores itself is not added: each URL is asked for once per run, so the state before the run is the one
that decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from nianbao.archive.retries import with_retries

if TYPE_CHECKING:
    from nianbao.archive import Archive

#: Every document of the portals, with its latest version (if any) and one row per alias.
_KNOWN = sa.text(
    "SELECT d.url, d.kind, p.name AS portal, d.last_seen, d.gone_since, v.sha256, a.url AS alias "
    "FROM document d JOIN portal p ON p.id = d.portal_id "
    "LEFT JOIN version v ON v.document_id = d.id "
    "AND v.seq = (SELECT max(latest.seq) FROM version latest WHERE latest.document_id = d.id) "
    "LEFT JOIN document_alias a ON a.document_id = d.id "
    "WHERE p.name IN :portals ORDER BY d.url"
).bindparams(sa.bindparam("portals", expanding=True))


@dataclass(frozen=True)
class KnownDocument:
    url: str
    kind: str
    portal: str
    last_seen: datetime
    #: SHA-256 of the latest stored body; None when nothing was ever stored (a parent known only by its link)
    digest: str | None
    gone: bool = False


class RevisitPolicy:
    def __init__(self, documents: Iterable[KnownDocument], interval: timedelta, now: datetime | None = None,
                 aliases: Iterable[tuple[str, str]] = ()) -> None:
        self.interval = interval
        self.now = now or datetime.now(UTC)
        self.documents = {d.url: d for d in documents}
        self._names = {url: url for url in self.documents}
        self._names.update({alias: url for alias, url in aliases if url in self.documents})

    @classmethod
    def load(cls, archive: Archive, portals: Sequence[str], interval: timedelta,
             now: datetime | None = None) -> RevisitPolicy:
        """The policy for a crawl of `portals`, from one query (run it off the reactor thread)."""
        if not portals:
            return cls([], interval, now)
        rows = with_retries(archive.engine, lambda conn: conn.execute(_KNOWN, {"portals": list(portals)}).all(),
                            read=True)
        documents = {
            r.url: KnownDocument(r.url, r.kind, r.portal, _aware(_when(r.last_seen)), r.sha256,
                                 gone=r.gone_since is not None)
            for r in rows
        }
        return cls(documents.values(), interval, now, [(r.alias, r.url) for r in rows if r.alias])

    def _document(self, url: str) -> KnownDocument | None:
        canonical = self._names.get(url)
        return None if canonical is None else self.documents[canonical]

    def known(self, url: str) -> datetime | None:
        """When the archive last confirmed the document at `url` (or an alias of it); None if it holds no body."""
        document = self._document(url)
        return document.last_seen if document is not None and document.digest is not None else None

    def due(self, url: str) -> bool:
        """Whether `url` should be fetched this run: unknown, or confirmed longer ago than the interval."""
        last = self.known(url)
        return last is None or self.now - last >= self.interval

    def digest(self, url: str) -> str | None:
        """The SHA-256 of the body the archive holds for `url`: a fetched body is new to it when they differ."""
        document = self._document(url)
        return None if document is None else document.digest

    def due_documents(self, portal: str) -> list[KnownDocument]:
        """The portal's report pages and files not gone and due again."""
        return [
            d for d in self.documents.values()
            if d.portal == portal and not d.gone and d.kind in ("page", "attachment")
            and self.now - d.last_seen >= self.interval
        ]


def _when(value: Any) -> datetime:
    """SQLite answers a textual query's timestamps as text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace(" ", "T"))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
