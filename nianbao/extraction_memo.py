"""A memo of extractions on disk: the same input read by the same extractor gives the stored report at once.

Extraction is a pure function of its bundle and of the extractor's code, and reading a scanned page costs
seconds of OCR. Crawling the same bodies into another archive — a rebuilt or staging archive, `nianbao portals
check`, a WARC import of pages already crawled, a test suite crawling the same replicas many times — need not
pay that again. The key is the digest of everything the extractor is given (body, content type, URL, the
Content-* headers, embedded images) and of the extractor's own source files, so a changed extractor never
meets an old answer, bumped version or not. Off unless NIANBAO_EXTRACTION_CACHE names a directory; a damaged
entry is a miss.

Hand-written rather than a caching library's: the entries are plain JSON files named by digest, written
atomically, which is all that two crawls sharing a directory need.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from nianbao.extractor import report_json
from nianbao.extractor.bundle import Bundle
from nianbao.files import write_atomically
from nianbao.settings import from_environment

logger = logging.getLogger(__name__)

CACHE_ENV = "NIANBAO_EXTRACTION_CACHE"


@cache
def extractor_digest() -> str:
    """SHA-256 over the extractor package's source files (paths and bytes), read once per process."""
    root = Path(__file__).resolve().parent / "extractor"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def bundle_key(bundle: Bundle) -> str:
    """The digest of everything the extractor reads from `bundle`, and of the extractor itself."""
    described = {
        "extractor": extractor_digest(),
        "body": hashlib.sha256(bundle.body).hexdigest(),
        "content_type": bundle.content_type,
        "url": bundle.url,
        # Only the headers that describe the content: Date, cookies and validators change on every fetch of the
        # same bytes and would make every key new.
        "headers": sorted(
            (str(k).lower(), str(v)) for k, v in bundle.headers.items() if str(k).lower().startswith("content-")
        ),
        "resources": [(r.url, hashlib.sha256(r.body).hexdigest(), r.content_type) for r in bundle.resources],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ExtractionMemo:
    """Reports by bundle key, as JSON files in `directory` (two-letter fan-out)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            report = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:  # a torn or damaged entry is read again, and rewritten
            logger.warning("extraction memo %s unreadable (%s): extracting again", path, err)
            return None
        return report if isinstance(report, dict) else None

    def put(self, key: str, report: dict[str, Any]) -> dict[str, Any]:
        """Keep `report`; returns it as it will be read back (JSON's lists for tuples, and so on)."""
        path = self._path(key)
        try:
            encoded = json.dumps(report, ensure_ascii=False, sort_keys=True).encode()
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, encoded)
        except Exception as err:  # a memo that cannot be written costs time next run, never this report
            logger.warning("extraction memo %s not written: %s", path, err)
            return report
        return json.loads(encoded)


def memoised_report_json(bundle: Bundle, directory: str | None = None) -> dict[str, Any]:
    """`report_json(bundle)`, through the memo in `directory` (default: NIANBAO_EXTRACTION_CACHE; none: off).

    A plain module function so that extraction worker processes can be handed it. The report comes back as
    JSON would carry it either way, so a memoised report is the same value as a fresh one.
    """
    directory = directory or from_environment(CACHE_ENV)
    if not directory:
        return report_json(bundle)
    memo = ExtractionMemo(directory)
    key = bundle_key(bundle)
    if (known := memo.get(key)) is not None:
        return known
    return memo.put(key, report_json(bundle))
