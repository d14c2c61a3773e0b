"""The crawl's item converts itself: the fetch log's outcomes and the extractor's input come from one place."""

from __future__ import annotations

import pytest

from nianbao.fetched import FetchedDocument, Outcome

URL = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"


def _item(outcome: Outcome, status: int | None = 200, body: bytes | None = b"<html>r</html>",
          **fields: str) -> FetchedDocument:
    return FetchedDocument(URL, "wenshang", "page", status, {"Content-Type": "text/html"}, body, outcome, **fields)


@pytest.mark.parametrize(
    ("item", "outcome", "error", "body"),
    [
        (_item(Outcome.FETCHED), None, None, b"<html>r</html>"),
        (_item(Outcome.NOT_MODIFIED, 304, None), "not_modified", None, None),
        (_item(Outcome.GONE, 404, None), "error", "gone: HTTP 404", None),
        (_item(Outcome.GONE, 200, None), "error", "gone: HTTP 200", None),
        (_item(Outcome.GONE, None, None), "error", "gone: no longer a report", None),
        (_item(Outcome.FAILED, None, None, error="TimeoutError: took too long"), "error", "TimeoutError: took too long",
         None),
        (_item(Outcome.REFUSED, None, None, error="refused: robots.txt"), "refused", "refused: robots.txt", None),
    ],
)
def test_each_outcome_becomes_the_fetch_the_archive_logs(item: FetchedDocument, outcome: str | None,
                                                         error: str | None, body: bytes | None) -> None:
    fetch = item.to_fetch(run_id=7)
    assert (fetch.outcome, fetch.error, fetch.body, fetch.run_id) == (outcome, error, body, 7)
    assert fetch.url == URL and fetch.portal == "wenshang" and fetch.kind == "page"


def test_a_fetched_body_is_the_extractors_input_and_nothing_else_is() -> None:
    bundle = _item(Outcome.FETCHED).to_bundle()
    assert bundle.body == b"<html>r</html>" and bundle.content_type == "text/html" and bundle.url == URL
    with pytest.raises(ValueError, match="no body"):
        _item(Outcome.NOT_MODIFIED, 304, None).to_bundle()
