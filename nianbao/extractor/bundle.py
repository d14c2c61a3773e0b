"""What the extractor is given: a document's bytes with the context needed to read it.

A bundle rather than bare bytes because a report page is more than its HTML: the content type and URL decide
the format and resolve relative links, and the images embedded in the body (tables pasted as pictures) are part
of the report, to be read by OCR.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resource:
    """A resource embedded in the document (an `<img>` of the report body), fetched with it."""

    url: str
    body: bytes
    content_type: str | None = None


@dataclass(frozen=True)
class Bundle:
    """One document version as the crawler saw it."""

    body: bytes
    content_type: str | None = None
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    resources: tuple[Resource, ...] = ()

    def resource(self, url: str) -> Resource | None:
        """The embedded resource fetched for `url` (absolute), if the crawler fetched it."""
        for res in self.resources:
            if res.url == url:
                return res
        return None
