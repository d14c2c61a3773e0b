"""The one item the crawl produces: a document fetch (or a failed fetch), on its way into the archive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from nianbao.extractor.bundle import Resource

if TYPE_CHECKING:
    from nianbao.archive import IngestResult


@dataclass
class FetchedDocument:
    """What the spider saw at one URL. `body=None` with status 304: the archive's body still stands.

    `error` set: the fetch failed (logged, nothing stored); with `refused` it was not made, or not finished, on
    purpose (the URL policy, robots.txt, a redirect loop, the size cap) — outcome "refused" in the fetch log.
    `gone`: the URL no longer serves the document
    (404/410, or a soft 404 where a report used to be) — the archive marks it, never deletes it.
    `resources` are the images embedded in a report page, handed to the extractor with the page.
    """

    url: str
    portal: str
    kind: str  # "page" | "attachment" | "image"
    status: int | None
    headers: Mapping[str, str]
    body: bytes | None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    parent_url: str | None = None
    aliases: tuple[str, ...] = ()
    title: str = ""
    resources: tuple[Resource, ...] = ()
    error: str | None = None
    refused: bool = False
    gone: bool = False
    not_modified: bool = False
    #: a page whose stored version is to be extracted again with `resources`, because some of them are new to the
    #: archive (images it lacked before, or pictures replaced under the same URL)
    reextract: bool = False
    # set by the pipelines
    result: IngestResult | None = None

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers.items():
            if name.lower() == "content-type":
                return value
        return None
