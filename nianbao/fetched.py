"""The one item a crawl produces: a document fetch (or a failed one), on its way into the archive.

It sits here, below both the crawler that makes it and the pipelines that consume it (cli > crawler >
pipelines > archive, extractor), because neither of those two may import the other's modules. No Scrapy: the
item converts itself into what the layers beneath take, an `archive.Fetch` and an extractor `Bundle`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from nianbao.archive import Fetch
from nianbao.archive.warc_exchange import Exchange
from nianbao.extractor.bundle import Bundle, Resource

if TYPE_CHECKING:
    from nianbao.archive import IngestResult


class Outcome(StrEnum):
    """What the spider made of one URL; the archive turns it into the fetch log's outcome."""

    FETCHED = "fetched"  # a body came: the archive tells new_document, new_version or unchanged apart
    NOT_MODIFIED = "not_modified"  # a 304 answered from the archive: the stored body still stands
    GONE = "gone"  # 404/410, or something else where a known report was: marked gone, logged as an error
    FAILED = "error"  # the fetch failed: logged, nothing stored
    REFUSED = "refused"  # not made, or not finished, on purpose (URL policy, robots.txt, redirects, size cap)


#: Fetch.outcome for each item outcome: what the archive is told beyond status and body.
_IMPOSED: dict[Outcome, str | None] = {
    Outcome.FETCHED: None,
    Outcome.NOT_MODIFIED: "not_modified",
    Outcome.GONE: "error",
    Outcome.FAILED: "error",
    Outcome.REFUSED: "refused",
}


@dataclass
class FetchedDocument:
    """What the spider saw at one URL. `body` is None unless a body came (FETCHED).

    `error` says why a FAILED or REFUSED fetch brought nothing. `resources` are the images embedded in a report
    page, handed to the extractor with the page.
    """

    url: str
    portal: str
    kind: str  # "page" | "attachment" | "image"
    status: int | None
    headers: Mapping[str, str]
    body: bytes | None
    outcome: Outcome = Outcome.FETCHED
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    parent_url: str | None = None
    aliases: tuple[str, ...] = ()
    title: str = ""
    resources: tuple[Resource, ...] = ()
    error: str | None = None
    #: a page whose stored version is to be extracted again with `resources`, because some of them are new to the
    #: archive (images it lacked before, or pictures replaced under the same URL)
    reextract: bool = False
    #: the status line, headers as received and the request as sent, kept for WARC export
    exchange: Exchange | None = None
    # set by the pipelines
    result: IngestResult | None = None

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers.items():
            if name.lower() == "content-type":
                return value
        return None

    def to_fetch(self, run_id: int | None) -> Fetch:
        """The archive's view of this fetch, for `Archive.ingest` (one fetch log row)."""
        failed = self.outcome in (Outcome.GONE, Outcome.FAILED, Outcome.REFUSED)
        return Fetch(
            url=self.url,
            status=self.status,
            headers=dict(self.headers),
            body=None if failed else self.body,
            fetched_at=self.fetched_at,
            portal=self.portal,
            run_id=run_id,
            parent_url=self.parent_url,
            kind=self.kind,
            aliases=tuple(self.aliases),
            outcome=_IMPOSED[self.outcome],
            error=self._gone_reason() if self.outcome is Outcome.GONE else self.error,
            exchange=self.exchange,
        )

    def to_bundle(self) -> Bundle:
        """The extractor's input: the body as fetched, with the page's images; FETCHED items only."""
        if self.body is None:
            raise ValueError(f"{self.url}: no body to extract ({self.outcome})")
        return Bundle(
            body=self.body, content_type=self.content_type, url=self.url, headers=dict(self.headers),
            resources=self.resources,
        )

    def _gone_reason(self) -> str:
        return self.error or "gone: " + (f"HTTP {self.status}" if self.status else "no longer a report")
