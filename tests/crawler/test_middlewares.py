from datetime import UTC, datetime

import pytest
from nianbao.crawler.middlewares import CONDITIONAL, BackoffRetryMiddleware, ConditionalRequestMiddleware, is_challenge
from nianbao.crawler.spiders.portals import PortalSpider
from scrapy.http import HtmlResponse, Request, Response
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from nianbao.archive import Archive, Fetch

URL = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
CHALLENGE = b"<html><head><script>var $_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1234;</script></head></html>"


@pytest.mark.parametrize("status", [412, 202, 200])
def test_challenge_is_seen_whatever_the_status(status):
    response = HtmlResponse(URL, status=status, body=CHALLENGE, headers={"Content-Type": "text/html"})
    assert is_challenge(response)


def test_ordinary_pages_and_files_are_not_challenges():
    assert not is_challenge(HtmlResponse(URL, body=b"<html><body>report</body></html>"))
    pdf = Response(URL, body=b"%PDF-1.7 $_ts", headers={"Content-Type": "application/pdf"})
    assert not is_challenge(pdf)
    assert not is_challenge(HtmlResponse(URL, status=404, body=CHALLENGE))


def test_retries_back_off_exponentially_with_retry_after():
    settings = Settings({"RETRY_ENABLED": True, "RETRY_TIMES": 3, "RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 60})
    mw = BackoffRetryMiddleware(settings)
    delays = [mw._delay(Request(URL, meta={"retry_times": n}), None) for n in (1, 2, 3)]
    assert 1.6 <= delays[0] <= 2.4 and 3.2 <= delays[1] <= 4.8 and 6.4 <= delays[2] <= 9.6
    busy = Response(URL, status=503, headers={"Retry-After": "30"})
    assert mw._delay(Request(URL, meta={"retry_times": 1}), busy) >= 24


@pytest.mark.db
def test_conditional_headers_come_from_the_archive(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with Archive.open(database_url) as archive:
        archive.ingest(Fetch(URL, 200, {"ETag": '"abc"', "Last-Modified": "Sat, 07 Mar 2020 04:53:00 GMT"},
                             b"<html>report</html>", datetime.now(UTC), portal="wenshang", kind="page"))
    crawler = get_crawler(PortalSpider, {"NIANBAO_DATABASE_URL": database_url})
    mw = ConditionalRequestMiddleware(crawler)
    known = Request(URL, meta={CONDITIONAL: True})
    mw.process_request(known)
    assert known.headers[b"If-None-Match"] == b'"abc"'
    assert known.headers[b"If-Modified-Since"] == b"Sat, 07 Mar 2020 04:53:00 GMT"
    assert known.headers[b"Cache-Control"] == b"max-age=0"
    listing = Request(URL)  # list pages are always read whole
    mw.process_request(listing)
    assert b"If-None-Match" not in listing.headers
    unknown = Request(URL + "?x=1", meta={CONDITIONAL: True})
    mw.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers
    crawler.nianbao_archive.close()
